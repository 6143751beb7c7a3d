# Plots of fig_ecm.c (seed 002, ECM selector and 1S1R cell).
# gnuplot -e "datadir='...'; outdir='...'" fig_ecm.gp
set terminal pngcairo size 720,520 font ",11"
set grid

set output outdir.'/ecm_selector_iv.png'
set title "ECM selector alone: DC sweeps to +1 V and -1 V (10 mV / 10 us steps)"
set xlabel "V [V]"
set ylabel "|I| [A]"
set logscale y
set format y "10^{%T}"
set key top center
plot for [s=0:1] datadir.'/ecm_selector_iv.dat' index s using 1:(abs($2)) with linespoints pt 7 ps 0.4 \
     title (s==0 ? "positive sweep" : "negative sweep")

set output outdir.'/ecm_1s1r_iv.png'
set key bottom right
set title "ECM 1S1R cell: five DC set/reset cycles 0 -> 3 -> 0 -> -3 -> 0 V (20 mV / 1 ms steps)"
plot for [c=0:4] datadir.'/ecm_1s1r_iv.dat' index c using 2:(abs($3)) with lines title sprintf("cycle %d", c+1)

set output outdir.'/ecm_staircase.png'
set key top right
set title "Multilevel: 20 us pulses 2.1 -> 2.5 V, then -2.2 -> -2.6 V; read 0.7 V"
set xlabel "pulse number"
set ylabel "I_{read} [A]"
set y2label "pulse amplitude [V]"
set y2tics
plot datadir.'/ecm_staircase.dat' using 1:3 axes x1y1 with linespoints pt 7 title "read current", \
     '' using 1:2 axes x1y2 with steps dt 2 title "pulse amplitude"
