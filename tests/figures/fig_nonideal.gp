# Plots of fig_nonideal.c (issue 17: RTN, drift, read noise through mxb_array_*).
# gnuplot -e "datadir='...'; outdir='...'" fig_nonideal.gp
set terminal pngcairo size 820,520 font ",11"
set grid

set output outdir.'/ni_rtn_trace.png'
set title "RTN of one cell (2 traps, 10 % each, 0.1-10 ms dwells): read every 1 us and every 1 ms"
set xlabel "t [ms]"
set ylabel "I [uA] at 0.5 V"
set key top left opaque
set yrange [3.9:5.4]
plot datadir.'/ni_rtn_fine.dat' using ($1*1e3):($2*1e6) with steps lc rgb "#4477aa" title "read every 1 us", \
     datadir.'/ni_rtn_coarse.dat' using ($1*1e3):($2*1e6) with points pt 7 ps 0.9 lc rgb "#cc3311" title "read every 1 ms (twin array, same seed)"

set autoscale y
set output outdir.'/ni_drift_staircase.png'
set title "Drift of a 16-level staircase (ECM memory, nu = 0.049 +- 0.008, t_0 = 20 s, 300 K)"
set xlabel "time since programming [s]"
set ylabel "G at 0.1 V [uS]"
set logscale x
set format x "10^{%T}"
set key off
plot for [k=2:17] datadir.'/ni_drift.dat' using 1:(column(k)*1e6) with linespoints pt 7 ps 0.4 lc k-1
unset logscale x
set format x "%g"

set output outdir.'/ni_read_noise_hist.png'
set title "32x32 array programmed to 16 levels (64 cells each), 8 reads per cell at 0.1 V"
set xlabel "G read [uS]"
set ylabel "reads per 0.5 uS bin"
set key top right
set style fill solid 0.5 noborder
set logscale y
set yrange [0.8:*]
plot datadir.'/ni_hist.dat' using ($1*1e6):($2 > 0 ? $2 : 1/0) with impulses lw 2 lc rgb "#4477aa" title "without read noise", \
     '' using ($1*1e6):($3 > 0 ? $3 : 1/0) with boxes lc rgb "#cc3311" title "with read noise (2 MHz, 1/f, thermal, shot, 1 %)"
