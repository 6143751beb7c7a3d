# Plots of fig_compact.c (issue 23: compact models and selector parts).
# gnuplot -e "datadir='...'; outdir='...'" fig_compact.gp
set terminal pngcairo size 720,520 font ",11" noenhanced
set grid

set output outdir.'/vteam_loop.png'
set title "VTEAM (vteam.json): 1 V sinusoid, pinched loop shrinking with frequency"
set xlabel "V [V]"
set ylabel "I [mA]"
set key left top
plot datadir.'/vteam_loop.dat' index 0 using 1:($2*1e3) with lines lw 2 title "50 MHz", \
     '' index 1 using 1:($2*1e3) with lines lw 2 title "500 MHz", \
     '' index 2 using 1:($2*1e3) with lines lw 2 title "5 GHz"

set output outdir.'/vteam_switching.png'
set title "VTEAM: half-switching time vs pulse voltage (points: array, lines: eq. (1))"
set xlabel "|V| [V]"
set ylabel "t [s]"
set logscale xy
set format y "%.0e"
set key right top
plot datadir.'/vteam_switching.dat' index 0 using 1:2 with points pt 7 title "OFF (V > 0), measured", \
     '' index 0 using 1:3 with lines lw 1 title "OFF closed form", \
     '' index 1 using 1:2 with points pt 5 title "ON (V < 0), measured", \
     '' index 1 using 1:3 with lines lw 1 title "ON closed form"
unset logscale xy
set format y "%g"

set output outdir.'/yakopcic_loop.png'
set title "Yakopcic (Oblea set): 0.5 V sinusoid"
set xlabel "V [V]"
set ylabel "I [mA]"
set key left top
plot datadir.'/yakopcic_loop.dat' index 0 using 1:($2*1e3) with lines lw 2 title "100 Hz", \
     '' index 1 using 1:($2*1e3) with lines lw 2 title "1 kHz", \
     '' index 2 using 1:($2*1e3) with lines lw 2 title "10 kHz"

set output outdir.'/stanford_iv.png'
set title "Stanford-PKU (v1.0.0 defaults): 0 -> 2 -> -2 -> 0 V from HRS, 2 kV/s"
set xlabel "V [V]"
set ylabel "|I| [A]"
set logscale y
set format y "%.0e"
set key right bottom
plot datadir.'/stanford_iv.dat' index 0 using 1:(abs($2)) with lines lw 2 title "gap from 1.7 nm (HRS)"

set output outdir.'/diode_iv.png'
set title "Shockley diode (1N4148 card) and the 1D1R cell"
set key left top
plot datadir.'/diode_iv.dat' index 0 using 1:(abs($2)) with lines lw 2 title "diode", \
     '' index 1 using 1:(abs($2)) with lines lw 1 dt 2 title "diode, g_p = 1 nS", \
     '' index 2 using 1:(abs($2)) with lines lw 2 title "1D1R (diode_1s1r.json)"

set output outdir.'/ots_iv.png'
set title "OTS selector (ots_selector.json, assumed values): switch at v_th, hold to v_hold (ideal voltage drive)"
set key left top
plot datadir.'/ots_iv.dat' using 1:(abs($2)) with lines lw 2 title "0 -> 2 -> 0 -> -2 -> 0 V, 10 mV/us"
