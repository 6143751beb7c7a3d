# Accuracy vs time of tb/tb_mxb_digits.sv +digits_drift (tests/tools/mxb_digits_drift.sh): the
# "RESULT digits_drift temp=.. t_s=.. read_noise=.. samples=.. acc=.. software=.." lines.
#   gnuplot -e "in='results.txt'; out='docs/figures/tb_digits_drift.png'" tb/tb_mxb_digits_drift.gp
if (!exists("in")) in = 'results.txt'
if (!exists("out")) out = 'tb_digits_drift.png'
set terminal pngcairo size 820,520 font ",11"
set output out
set grid
set title "Digits on the 64x10 ECM 1S1R crossbar under drift and retention (200 test samples)"
set xlabel "time after programming"
set ylabel "accuracy [%]"
set xtics ("0" 0, "1 h" 1, "1 day" 2)
set xrange [-0.3:2.3]
set key bottom left
set offsets 0, 0, 0.5, 0.5
val(s) = real(substr(s, strstrt(s, "=") + 1, strlen(s)))
# columns: 3 temp=, 4 t_s=, 5 read_noise=, 7 acc=, 8 software=
tx(s) = val(s) == 0 ? 0 : (val(s) < 4000 ? 1 : 2)
sel(c4, c6, T, rn) = (abs(val(c4) - T) < 1 && val(c6) == rn)
# 358 K drawn 0.04 to the right: with the card defaults it coincides with 300 K
plot for [T in "300 358"] for [rn=0:1] in using (tx(strcol(4)) + (T eq "358" ? 0.04 : 0)):(sel(strcol(3), strcol(5), real(T), rn) ? 100 * val(strcol(7)) : 1/0) \
       with linespoints lw 2 pt (rn ? 6 : 7) ps 1.3 title sprintf("%s K%s", T, rn ? ", read noise 500 kHz" : "") . (T eq "358" ? " (drawn +0.04)" : ""), \
     in using (tx(strcol(4))):(sel(strcol(3), strcol(5), 300, 0) ? 100 * val(strcol(8)) : 1/0) \
       with lines lc rgb "black" dt 3 title "software, same quantised weights"
