# Plots of fig_review004.c (seed 004, the Ielmini review's devices).
# gnuplot -e "datadir='...'; outdir='...'" fig_review004.gp
set terminal pngcairo size 720,520 font ",11"
set grid

set output outdir.'/review_ag_retention.png'
set title "Volatile Ag RRAM: read (0.1 V) after a 1 V, 10 us set, three cycles per compliance"
set xlabel "time after the set [ms]"
set ylabel "G [S]"
set logscale y
set key right top
cname(k) = k < 3 ? "10 kohm" : (k < 6 ? "5 kohm" : "2.5 kohm")
plot for [k=0:8] datadir.'/review_ag_retention.dat' index k using ($1*1e3):2 with lines lw 2 lc (k/3+1) title (k%3 == 0 ? cname(k) : "")
unset logscale y

set output outdir.'/review_if_neuron.png'
set title "Threshold-switch integrate-and-fire neuron: 1.5 V, 1 us pulses every 2 us (40), then rest"
set xlabel "time [us]"
set ylabel "membrane u [V]"
set y2label "filament diameter [nm]"
set y2tics
set ytics nomirror
set key right top
plot datadir.'/review_if_neuron.dat' using ($1*1e6):3 with lines lw 2 title "u", \
     '' using ($1*1e6):($4*1e9) axes x1y2 with lines lw 1 title "phi"
unset y2tics
unset y2label
set ytics mirror

set output outdir.'/review_nbo2.png'
set title "NbO2 oscillator under 20 uA: capacitor voltage at C = 0.5, 1, 2 nF"
set xlabel "time [us]"
set ylabel "u [V]"
set key right bottom
plot for [k=0:2] datadir.'/review_nbo2.dat' index k using ($1*1e6):2 with lines lw 2 title sprintf("C = %g nF", 0.5*2**k)

set output outdir.'/review_so_stdp.png'
set title "Second-order memristor: STDP from non-overlapping spikes"
set xlabel "dt = t_post - t_pre [us]"
set ylabel "dG/G [%]"
set key off
plot datadir.'/review_so_stdp.dat' using ($1*1e6):($2*100) with linespoints pt 7 ps 0.6 lw 2

set output outdir.'/review_pcmo.png'
set title "PCMO neuron: 2.5 V, 10 us pulses (fire on the 5th)"
set xlabel "time [us]"
set ylabel "I [A]"
set logscale y
set key left top
plot datadir.'/review_pcmo.dat' index 0 using ($1*1e6):($2 > 0 ? $2 : 1/0) with lines lw 2 title "pulse train", \
     for [k=1:4] '' index k using ($1*1e6):2 with lines lw 1 dt 2 title sprintf("constant %.1f V", 1.5 + 0.5*k)
unset logscale y

set output outdir.'/review_dendrite.png'
set title "Dendrite: 10 pulses of 1 ms, then relaxation (read at 1 V)"
set xlabel "time [ms]"
set ylabel "I during the pulses [A]; after them G at 1 V [S] (lines)"
set logscale y
set key right top
aname(k) = k == 0 ? "2.5 V" : (k == 1 ? "2.9 V" : (k == 2 ? "3.5 V" : (k == 3 ? "4.0 V" : "4.5 V")))
plot for [k=0:4] datadir.'/review_dendrite.dat' index k using ($1*1e3):2 with points pt 7 ps 0.4 lc (k+1) title aname(k), \
     for [k=0:4] '' index k using ($1*1e3):($3*1.0) with lines lw 1 lc (k+1) notitle
unset logscale y
