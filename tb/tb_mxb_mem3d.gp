# PNG of the three conductance maps written by tb/tb_mxb_mem3d.sv (mem3d_<tag>_g.txt: three
# blocks of 6 rows x 6 values in nS, paper layers 1 (H), 2 (Y), 3 (U)).
#   gnuplot -e "in='mem3d_10_g.txt'; out='docs/figures/tb_mem3d_10ms.png'; title='...'" tb/tb_mxb_mem3d.gp
if (!exists("in")) in = 'mem3d_10_g.txt'
if (!exists("out")) out = 'mem3d.png'
if (!exists("title")) title = 'seed 000 3D memory through mxb\_ctrl\_3d'
set terminal pngcairo size 1200,430 font ",11"
set output out
set multiplot layout 1,3 title title
set size ratio -1
set xrange [-0.5:5.5]
set yrange [5.5:-0.5]
set xtics 0,1,5
set ytics 0,1,5
set xlabel 'column'
set ylabel 'row'
if (!exists("gmax")) gmax = 40
set cbrange [0:gmax]
set cblabel 'G at 2 V (nS)'
set palette grey
names = "H Y U"
do for [b=0:2] {
  set title sprintf('paper layer %d (model layer %d): "%s"', b + 1, 2 - b, word(names, b + 1))
  plot in index b matrix with image notitle
}
unset multiplot
