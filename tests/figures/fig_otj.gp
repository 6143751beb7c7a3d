# Plots of fig_otj.c (seed 001, Pt/SrTiO3/Nb:SrTiO3 oxide tunnel junction).
# gnuplot -e "datadir='...'; outdir='...'" fig_otj.gp
set terminal pngcairo size 720,520 font ",11"
set grid

set output outdir.'/otj_iv.png'
set title "OTJ I-V at HRS (after -4.3 V, 100 ms) and LRS (after +2.2 V, 100 ms)"
set xlabel "V (Pt - Nb:STO) [V]"
set ylabel "|I| [A]"
set logscale y
set format y "10^{%T}"
plot datadir.'/otj_iv.dat' index 0 using 2:(abs($3)) with linespoints pt 7 ps 0.5 title "HRS (thermionic)", \
     datadir.'/otj_iv.dat' index 1 using 2:(abs($3)) with linespoints pt 7 ps 0.5 title "LRS (tunnelling)"

set output outdir.'/otj_stm.png'
set title "STM: one 50 ns pulse, conductance at 0.1 V relaxing as exp(-t/tau1)"
set xlabel "time after the pulse [us]"
set ylabel "(G - G_0) / G_0"
plot for [k=0:2] datadir.'/otj_stm.dat' index k using ($1*1e6):2 with linespoints pt 7 ps 0.5 \
     title sprintf("%.1f V", k == 0 ? 0.2 : (k == 1 ? 0.6 : 1.0))
unset logscale y
set format y "%g"

set output outdir.'/otj_ppf_ptp.png'
set title "PPF (A2-A1)/A1 and PTP (A10-A1)/A1, 10 x 0.6 V, 50 ns"
set xlabel "pulse interval [us]"
set ylabel "index [%]"
set logscale x
plot datadir.'/otj_ppf_ptp.dat' using ($1*1e6):2 with linespoints pt 7 title "PPF", \
     datadir.'/otj_ppf_ptp.dat' using ($1*1e6):3 with linespoints pt 5 title "PTP"
unset logscale x

set output outdir.'/otj_ltp_ltd.png'
set title "LTP / LTD: 3 cycles of 20 x +2.2 V then 20 x -2.5 V (50 ns), read at 0.1 V"
set xlabel "pulse number"
set ylabel "G [uS]"
plot datadir.'/otj_ltp_ltd.dat' using 1:($2*1e6) with linespoints pt 7 ps 0.5 title "G"

load datadir.'/otj_stdp_fit.gp'
set output outdir.'/otj_stdp.png'
set terminal pngcairo size 1100,480 font ",11"
set multiplot layout 1,2 title "STDP from pre/post waveforms, each within +-1.5 V alone"
set title sprintf("antisymmetric: A %.1f %%, tau %.2f us (LTP); A %.1f %%, tau %.2f us (LTD)", ap, tp, ad, td)
set xlabel "dt = t_{post} - t_{pre} [us]"
set ylabel "dW [%]"
plot datadir.'/otj_stdp_anti.dat' using ($1*1e6):2 with points pt 7 title "model", \
     [0.5:20] ap*exp(-x/tp)+wp with lines lw 2 title "fit eq. 1", \
     [-20:-0.5] ad*exp(x/td)+wd with lines lw 2 notitle
set title sprintf("symmetric: A %.1f %%, tau3 %.2f us, W0 %.1f %%", as, ts, ws)
plot datadir.'/otj_stdp_sym.dat' using ($1*1e6):2 with points pt 7 title "model", \
     [-12:12] as*exp(-(x/ts)**2)+ws with lines lw 2 title "fit eq. 2"
unset multiplot

set output outdir.'/otj_stdp_waves.png'
set terminal pngcairo size 1100,480 font ",11"
set multiplot layout 1,2 title "STDP spike waveforms (pre on Pt, post on Nb:STO; the cell sees pre - post)"
set title "antisymmetric"
set xrange [-35:5]
set xlabel "time relative to the spike [us]"
set ylabel "V [V]"
plot datadir.'/otj_stdp_waves.dat' index 0 using ($1*1e6):2 with steps lw 2 title "pre", \
     datadir.'/otj_stdp_waves.dat' index 1 using ($1*1e6):2 with steps lw 2 title "post"
set title "symmetric"
set xrange [-14:14]
plot datadir.'/otj_stdp_waves.dat' index 2 using ($1*1e6):2 with steps lw 2 title "pre", \
     datadir.'/otj_stdp_waves.dat' index 3 using ($1*1e6):2 with steps lw 2 title "post"
unset xrange
unset multiplot

set output outdir.'/otj_letters.png'
set terminal pngcairo size 720,520 font ",11"
set title "5x5 letters: contrast (smallest letter pixel / largest other) after training"
set xlabel "time after a row's last pulse [s]"
set ylabel "contrast"
set logscale xy
set format x "10^{%T}"
set yrange [0.5:200]
set arrow 1 from 25e-6, graph 0 to 25e-6, graph 1 nohead dt 2
set label 1 "25 us" at 25e-6, graph 0.95 offset 0.5,0
plot datadir.'/otj_letters.dat' index 0 using 1:2 with linespoints pt 7 ps 0.5 title "C (10 x 0.9 V, 5 MHz)", \
     datadir.'/otj_letters.dat' index 1 using 1:2 with linespoints pt 7 ps 0.5 title "H (10 x 1.5 V, 5 MHz)", \
     datadir.'/otj_letters.dat' index 2 using 1:2 with linespoints pt 7 ps 0.5 title "N (10 x 1.5 V, 0.5 MHz)", \
     1 with lines dt 3 lc rgb "black" notitle
