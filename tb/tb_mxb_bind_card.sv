// Bindings: finding cards and device cards opened as arrays (issue 19). A
// bare device-card name is found among the installed cards (after the
// working directory and +mxb_root) and opens as a 1 x 1 array on ideal
// wires: a linear resistor reads exactly g * V, a threshold memristor
// switches under a set pulse. Negative cases (+mxb_case): a card found
// nowhere (the error lists every folder tried), an array key on a device
// card.
`timescale 1ns/1ps
module tb_mxb_bind_card;
`include "mxb.svh"
  int hr, hm, n_bad;
  string mxb_case;
  real i, w0, w1;

  initial begin
    n_bad = 0;
    if (!$value$plusargs("mxb_case=%s", mxb_case)) mxb_case = "none";
    if (mxb_case == "missing") hr = $mxb_open("no_such_card.json", "");
    else if (mxb_case == "array_key") hr = $mxb_open("linear_resistor.json", "rows=2");
    if (mxb_case != "none") begin
      #1;  // the error stops the run at the end of this time step
      $display("case %s opened %0d: not reached", mxb_case, hr);
      $finish;
    end
    hr = $mxb_open("linear_resistor.json", "g=2e-5");
    hm = $mxb_open("threshold_memristor.json", "");
    if ($mxb_lines(hr, 0) != 1 || $mxb_lines(hr, 1) != 1) begin
      $display("FAIL: linear_resistor.json opens as %0d x %0d, want 1 x 1",
               $mxb_lines(hr, 0), $mxb_lines(hr, 1));
      n_bad++;
    end
    $mxb_drive(hr, 0, 0, 0.5);
    $mxb_sense(hr, 1, 0, 0.0);
    #10;
    i = $mxb_read(hr, 1, 0);
    if (mxb_is_nan(i) || i < 0.99999999e-5 || i > 1.00000001e-5) begin
      $display("FAIL: 1x1 linear resistor g = 2e-5 S at 0.5 V reads %g A, want 1e-5", i);
      n_bad++;
    end else $display("ok: 1x1 linear resistor reads %g A", i);
    // a 3 V, 100 us set pulse on the threshold memristor (thresholds 1 V)
    w0 = $mxb_cell_state(hm, 0, 0, 0, "w");
    $mxb_drive(hm, 0, 0, 3.0);
    $mxb_drive(hm, 1, 0, 0.0);
    #100000;
    $mxb_drive(hm, 0, 0, 0.0);
    w1 = $mxb_cell_state(hm, 0, 0, 0, "w");
    if (!(w0 < 0.01 && w1 > 0.99)) begin
      $display("FAIL: 1x1 threshold memristor w = %g -> %g under a set pulse", w0, w1);
      n_bad++;
    end else $display("ok: 1x1 threshold memristor w = %g -> %g", w0, w1);
    $mxb_close(hr);
    $mxb_close(hm);
    if (n_bad == 0) $display("*-* All Finished *-*");
    $finish;
  end
endmodule
