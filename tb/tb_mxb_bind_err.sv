// Bindings: every error path. One case per run, chosen with +mxb_case=<name>
// (tests/sim.list runs each as a negative test): the call must print
// "ERROR: <this file>:<line>: $mxb_<task>: ..." and stop the simulation with a
// failure status, without a crash, before the sentinel below.
//
// after_error: the first error stops the run. Icarus ends the calling process
// at the failed call; Verilator runs the rest of the time step (the
// statements after the call and the process woken by `late`), so there every
// later call must return 0 / NaN without acting and without an ERROR line of
// its own. A call that acted prints an ERROR line here, so the runner's
// "exactly one ERROR line" check fails on it.
`timescale 1ns/1ps
module tb_mxb_bind_err;
`include "mxb.svh"
  string which;
  int h, h2;
  real x;
  // NaN and +Inf bit patterns, read through plusargs so Verilator 5.006 cannot
  // fold them into constants (it prints them as C++ `nan`/`inf`, fixed in 5.008).
  logic [63:0] nan_bits, inf_bits;
  event late;
  int h3;
  real y;

  initial begin
    if (!$value$plusargs("mxb_case=%s", which)) which = "none";
    $display("case %s", which);
    if (!$value$plusargs("nan_bits=%h", nan_bits)) nan_bits = 64'h7ff8_0000_0000_0000;
    if (!$value$plusargs("inf_bits=%h", inf_bits)) inf_bits = 64'h7ff0_0000_0000_0000;
    if (which == "bad_card") h = $mxb_open("tests/cards/no_such_card.json", "");
    else if (which == "bad_json") h = $mxb_open("tests/sim.list", "");
    else begin
      h = $mxb_open("tests/cards/bind_2d_lin.json", which == "bad_key" ? "cell.no_such_key=1" : "");
      for (int r = 0; r < 4; r++) $mxb_drive(h, 0, r, 0.1);
      for (int c = 0; c < 4; c++) $mxb_sense(h, 1, c, 0.0);
      #5;
      // (if/else, not case: Icarus 11 cannot `case` on a string)
      if (which == "bad_handle") x = $mxb_read(h + 7, 1, 0);
      else if (which == "zero_handle") x = $mxb_read(0, 1, 0);
      else if (which == "line_range") $mxb_drive(h, 0, 4, 0.1);
      else if (which == "plane_range") x = $mxb_read(h, 2, 0);
      else if (which == "cell_range") x = $mxb_cell_g(h, 0, 0, 9, 0.1);
      else if (which == "nan_volts") $mxb_drive(h, 0, 1, $bitstoreal(nan_bits));
      else if (which == "inf_volts") $mxb_drive(h, 0, 1, $bitstoreal(inf_bits));
      else if (which == "after_close") begin
        $mxb_close(h);
        #1 x = $mxb_read(h, 1, 0);
      end else if (which == "stale_handle") begin
        $mxb_close(h);
        h2 = $mxb_open("tests/cards/bind_2d_lin.json", "");  // reuses the slot
        x = $mxb_read(h, 1, 0);
      end else if (which == "double_close") begin
        $mxb_close(h);
        $mxb_close(h);
      end else if (which == "bad_end") $mxb_set_end(h, 0, 1, 2, 1, 0.1, 0.0);
      else if (which == "bad_file") $mxb_dump_g(h, 0, 0.1, "/nonexistent_dir/g.txt");
      else if (which == "after_error") begin
        $mxb_drive(h, 0, 4, 0.1);                  // the error: line 4 of 4
        -> late;
        $mxb_drive(h, 0, 9, 0.1);                  // would be a second ERROR line
        x = $mxb_read(h, 1, 0);                    // a good call: must not act now
        if (!mxb_is_nan(x))
          $display("ERROR: %s:%0d: $mxb_read: returned %g after the run stopped", `__FILE__,
                   `__LINE__, x);
        h2 = $mxb_open("tests/cards/bind_2d_lin.json", "");
        if (h2 != 0)
          $display("ERROR: %s:%0d: $mxb_open: opened handle %0d after the run stopped",
                   `__FILE__, `__LINE__, h2);
      end
    end
    #10;
    $display("*-* All Finished *-*");
    $finish;
  end
  // another process of the same time step (Verilator runs it after the error)
  initial begin
    @(late);
    $mxb_close(h + 7);                             // would be a second ERROR line
    y = $mxb_cell_g(h, 0, 0, 0, 0.1);
    if (!mxb_is_nan(y))
      $display("ERROR: %s:%0d: $mxb_cell_g: returned %g after the run stopped", `__FILE__,
               `__LINE__, y);
    h3 = $mxb_lines(h, 0);
    if (h3 != 0)
      $display("ERROR: %s:%0d: $mxb_lines: returned %0d after the run stopped", `__FILE__,
               `__LINE__, h3);
  end
endmodule
