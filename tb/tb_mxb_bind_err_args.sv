// Bindings (Icarus): wrong argument counts and kinds are reported for every
// call site by compiletf, before time 0, and the run stops with status 1.
// Verilator rejects the same lines when it compiles the DPI imports.
`timescale 1ns/1ps
module tb_mxb_bind_err_args;
`include "mxb.svh"
  int h;
  real r;
  initial begin
    h = $mxb_open("tests/cards/bind_2d_lin.json");
    r = $mxb_read(h, "1", 0);
    $mxb_drive(h, 0, 1.5, 0.1);
    r = $mxb_now(h);
    $display("*-* All Finished *-*");
    $finish;
  end
endmodule
