// Quick start (README "Simulator bindings"; also the testbench of the out-of-tree install
// test, tests/tools/mxb_install_test.sh): an 8x8 ECM 1S1R array from the shipped card, one
// cell read at 0.7 V, set with a V/3 pulse (2.4 V, 20 us), read again.
`timescale 1ns/1ps
module tb_mxb_quickstart;
`include "mxb.svh"
  localparam int N = 8, Row = 2, Col = 5;
  int h;
  real i_off, i_on;

  task automatic bias(input real v_row, input real v_rows, input real v_col, input real v_cols);
    for (int r = 0; r < N; r++) $mxb_drive(h, 0, r, r == Row ? v_row : v_rows);  // word lines
    for (int c = 0; c < N; c++) $mxb_drive(h, 1, c, c == Col ? v_col : v_cols);  // bit lines
  endtask

  initial begin
    $display("mxbar %s", $mxb_version());
    h = $mxb_open("ecm_1s1r_4x4.json", "rows=8,cols=8");  // a shipped card, resized
    bias(0.0, 0.0, 0.0, 0.0);
    #1000;
    // read: 0.7 V on the word line, every bit line to a virtual ground (a TIA)
    for (int c = 0; c < N; c++) $mxb_sense(h, 1, c, 0.0);
    for (int r = 0; r < N; r++) $mxb_drive(h, 0, r, r == Row ? 0.7 : 0.0);
    #1000 i_off = $mxb_read(h, 1, Col);
    // set: V/3 scheme, the other cells see at most 0.8 V
    bias(2.4, 0.8, 0.0, 1.6);
    #20000 bias(0.0, 0.0, 0.0, 0.0);
    #40000;
    for (int c = 0; c < N; c++) $mxb_sense(h, 1, c, 0.0);
    for (int r = 0; r < N; r++) $mxb_drive(h, 0, r, r == Row ? 0.7 : 0.0);
    #1000 i_on = $mxb_read(h, 1, Col);
    $display("cell (%0d, %0d) at 0.7 V: %g A before the pulse, %g A after", Row, Col, i_off, i_on);
    $mxb_close(h);
    if (!(i_on > 100.0 * i_off)) $fatal(1, "quickstart: the pulse did not set the cell");
    $display("*-* All Finished *-*");
    $finish;
  end
endmodule
