// Binding benchmark, simulator side (run by make bench-bind, not a test):
// +n=N reads of a bit-line current of a 64x64 array through $mxb_read, at one
// time stamp, in a loop; with +noop the same loop without the call.
// vpi/bench_bind.sh times both; their difference over N is the cost of one
// call from the testbench (the loop itself excluded).
`timescale 1ns/1ps
module tb_mxb_bind_bench;
`include "mxb.svh"
  int h, n;
  real acc;
  initial begin
    if (!$value$plusargs("n=%d", n)) n = 1000;
    h = $mxb_open("tests/cards/bind_2d_lin.json", "rows=64,cols=64");
    for (int r = 0; r < 64; r++) $mxb_drive(h, 0, r, r == 0 ? 0.2 : 0.0);
    for (int c = 0; c < 64; c++) $mxb_sense(h, 1, c, 0.0);
    #1;
    acc = 0.0;
    if ($test$plusargs("noop")) for (int k = 0; k < n; k++) acc += 1e-6 * (k % 64);
    else for (int k = 0; k < n; k++) acc += $mxb_read(h, 1, k % 64);
    $display("checksum %g", acc);
    $mxb_close(h);
    $display("*-* All Finished *-*");
    $finish;
  end
endmodule
