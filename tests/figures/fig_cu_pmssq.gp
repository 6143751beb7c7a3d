# Plots of fig_cu_pmssq.c (seed 000, Cu-pMSSQ e-synapse).
# gnuplot -e "datadir='...'; outdir='...'" fig_cu_pmssq.gp
set terminal pngcairo size 720,520 font ",11"
set grid

set output outdir.'/cu_pmssq_iv.png'
set title "Cu-pMSSQ I-V loops 0 -> 3 -> 0 -> -3 -> 0 V (50 mV / 0.1 ms steps), three in a row"
set xlabel "V (top - bottom) [V]"
set ylabel "|I| [A]"
set logscale y
set format y "10^{%T}"
set yrange [1e-13:1e-6]
plot for [l=0:2] datadir.'/cu_pmssq_iv.dat' index l using 2:(abs($3)) with linespoints pt 7 ps 0.4 title sprintf("loop %d", l+1)
unset logscale y
unset yrange
set format y "%g"

set output outdir.'/cu_pmssq_ltd_ltp.png'
set title "LTD / LTP: 25 x (+3 V, 0.1 ms) then 25 x (-3 V, 0.1 ms), G read at 2 V"
set xlabel "pulse number"
set ylabel "G [nS]"
set arrow 1 from 25.5, graph 0 to 25.5, graph 1 nohead dt 2
plot datadir.'/cu_pmssq_ltd_ltp.dat' using 1:($2*1e9) with linespoints pt 7 title "G"
unset arrow 1

set output outdir.'/cu_pmssq_stdp.png'
set title "Overlap STDP from the two spike waveforms (+2 V 0.1 ms, -1 V 0.3 ms each)"
set xlabel "dt = t_{post} - t_{pre} [us]"
set ylabel "dG/G [%]"
set xrange [-500:500]
plot datadir.'/cu_pmssq_stdp.dat' using ($1*1e6):($2*100) with linespoints pt 7 ps 0.6 title "one pre/post pair, mid-state cell"
unset xrange

set output outdir.'/cu_pmssq_ppf.png'
set terminal pngcairo size 960,520 font ",11"
set multiplot layout 1,2 title "PPF through R_s C = 18 us: pairs of 3 V, 30 us pulses"
set title "after 150 pairs"
set xlabel "gap between the two pulses [us]"
set ylabel "dG/G [%]"
set logscale x
set xrange [3:200]
plot datadir.'/cu_pmssq_ppf.dat' using ($1*1e6):($2*100) with linespoints pt 7 notitle
unset logscale x
unset xrange
set key bottom left
set title "against pair number"
set xlabel "pairs"
plot for [c=2:4] datadir.'/cu_pmssq_ppf_pairs.dat' using 1:(column(c)*100) with linespoints pt 7 \
     title (c==2 ? "gap 10 us" : c==3 ? "gap 20 us" : "gap 100 us")
unset multiplot
