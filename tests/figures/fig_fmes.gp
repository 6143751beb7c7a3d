# Plots of fig_fmes.c (seed 003, MXene energy-storage synapse).
# gnuplot -e "datadir='...'; outdir='...'" fig_fmes.gp
set terminal pngcairo size 720,520 font ",11"
set grid
rname(k) = k == 0 ? "R = 500 ohm" : (k == 1 ? "R = 1000 ohm" : (k == 2 ? "R = 8000 ohm" : "open"))

set output outdir.'/fmes_iv.png'
set title "FMES I-V, 0 -> 0.8 V at 50 mV/s"
set xlabel "V [V]"
set ylabel "I [mA]"
set key left top
plot for [k=0:3] datadir.'/fmes_iv.dat' index k using 1:($2*1e3) with lines lw 2 title rname(k)

set output outdir.'/fmes_ppf.png'
set title "Paired-pulse facilitation, two 1 mA, 1 ms spikes"
set xlabel "spike spacing dt [ms]"
set ylabel "A2 / A1"
set logscale x
set key right top
plot for [k=0:3] datadir.'/fmes_ppf.dat' index k using ($1*1e3):4 with linespoints pt 7 ps 0.5 title rname(k)
unset logscale x

set output outdir.'/fmes_ltp_ltd.png'
set title "LTP / LTD: 150 x +1 mA then 150 x -1 mA (1 ms, 500 Hz); W = PSV at rest"
set xlabel "pulse number"
set ylabel "W [V]"
set key right top
set arrow 1 from 150.5, graph 0 to 150.5, graph 1 nohead dt 2
plot for [k=0:3] datadir.'/fmes_ltp_ltd.dat' index k using 1:2 with lines lw 2 title rname(k)
unset arrow 1
