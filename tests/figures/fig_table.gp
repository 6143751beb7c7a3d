# Plots of fig_table.c (issue 23: measured-table device and mxb_fit).
# gnuplot -e "datadir='...'; outdir='...'" fig_table.gp
set terminal pngcairo size 720,520 font ",11" noenhanced
set grid

set output outdir.'/table_loop.png'
set title "iv_table sampled from Yakopcic (Oblea): 0.5 V, 1 kHz sinusoid"
set xlabel "V [V]"
set ylabel "I [mA]"
set key left top
plot datadir.'/table_loop.dat' index 1 using 1:($2*1e3) with lines lw 4 lc rgb "#bbbbbb" title "yakopcic_oblea.json", \
     '' index 0 using 1:($2*1e3) with lines lw 1.5 lc rgb "#c00000" title "iv_table_yakopcic.json"

set output outdir.'/table_train.png'
set title "Pulse trains (20 up, 20 down), read at 0.1 V: table (points) vs Yakopcic (lines)"
set xlabel "pulse"
set ylabel "G [mS]"
set key right top
plot datadir.'/table_train.dat' index 1 using 1:($2*1e3) with lines lw 2 lc 1 title "Yakopcic 0.5 V, 20 us", \
     '' index 0 using 1:($2*1e3) with points pt 7 lc 1 title "table 0.5 V (measured amplitude)", \
     '' index 3 using 1:($2*1e3) with lines lw 2 lc 2 title "Yakopcic 0.45 V, 30 us", \
     '' index 2 using 1:($2*1e3) with points pt 5 lc 2 title "table 0.45 V (between 0.4 and 0.5 V)"

set output outdir.'/fit_vteam.png'
set title "mxb_fit example: VTEAM sweep, 1 % noisy data, start card and fitted card"
set xlabel "V [V]"
set ylabel "I [mA]"
set key left top
plot datadir.'/fit_vteam.dat' index 0 using 2:($3*1e3) with points pt 7 ps 0.8 lc rgb "black" title "data", \
     '' index 0 using 2:($4*1e3) with lines lw 1.5 dt 2 lc rgb "#0060c0" title "start (25-40 % off)", \
     '' index 1 using 2:($4*1e3) with lines lw 2 lc rgb "#c00000" title "fitted"
