// Bindings: error paths of the non-ideality calls. One case per run, chosen
// with +mxb_case=<name> (tests/sim.list runs each as a negative test): the
// call must print "ERROR: <this file>:<line>: $mxb_<task>: ..." naming what
// was wrong and stop the simulation with a failure status, before the
// sentinel below.
`timescale 1ns/1ps
module tb_mxb_bind_err_ni;
`include "mxb.svh"
  string which;
  int h, n;
  logic [63:0] nan_bits;

  initial begin
    if (!$value$plusargs("mxb_case=%s", which)) which = "none";
    $display("case %s", which);
    if (!$value$plusargs("nan_bits=%h", nan_bits)) nan_bits = 64'h7ff8_0000_0000_0000;
    h = $mxb_open("tests/cards/bind_2d_lin.json",
                  which == "ni_key" ? "nonideal.no_such=1" :
                  which == "ni_value" ? "nonideal.read_noise=2" : "nonideal.read_noise=1");
    #5;
    // (if/else, not case: Icarus 11 cannot `case` on a string)
    if (which == "fault_kind") $mxb_fault(h, 0, 1, 1, "stuck");
    else if (which == "fault_cell") $mxb_fault(h, 0, 9, 1, "open");
    else if (which == "fault_layer") n = $mxb_cell_fault(h, 1, 0, 0);
    else if (which == "temp_negative") $mxb_set_temp(h, -40.0);
    else if (which == "temp_high") $mxb_set_temp(h, 5000.0);
    else if (which == "temp_nan") $mxb_set_temp(h, $bitstoreal(nan_bits));
    else if (which == "read_bw") $mxb_set_read_bw(h, 0.0);
    else if (which == "fault_map_file") n = $mxb_fault_map(h, "/nonexistent_dir/f.txt");
    #10;
    $display("*-* All Finished *-*");
    $finish;
  end
endmodule
