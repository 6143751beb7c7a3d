// Bindings: a train of programming pulses changes one cell's conductance.
// 4x4 threshold memristors (g_off 1 uS, g_on 100 uS, v_set 1 V, tau_set 1 us,
// every device starts reset). V/3 scheme: selected row 1.5 V, selected column
// 0 V, other rows 0.5 V, other columns 1.0 V, so only cell (1,2) sees more
// than the 1 V threshold. Under a constant 1.5 V the state follows
// w(T) = 1 - exp(-T (1.5 - 1) / (1 * 1 us)), T the total pulse time, and
// g = g_off + w (g_on - g_off). Reads at 0.2 V (below threshold) between
// pulses, through the sense amplifiers, must not move any state.
`timescale 1ns/1ps
module tb_mxb_bind_pulse;
`include "mxb.svh"
  localparam real GOff = 1e-6, GOn = 1e-4, VProg = 1.5, VRead = 0.2;
  localparam int SelRow = 1, SelCol = 2, NPulse = 5;
  localparam real TPulseNs = 200.0;
  int h, n_bad;
  real g, g_prev, w, i_col, e_prev;

  function automatic real absr(input real x);
    return x < 0.0 ? -x : x;
  endfunction

  task automatic check(input string what, input real got, input real want, input real rtol);
    if (mxb_is_nan(got) || absr(got - want) > rtol * absr(want) + 1e-30) begin
      $display("FAIL: %s: got %g, want %g", what, got, want);
      n_bad++;
    end else $display("ok: %s = %g", what, got);
  endtask

  task automatic program_pulse();
    for (int r = 0; r < 4; r++) $mxb_drive(h, 0, r, r == SelRow ? VProg : VProg / 3);
    for (int c = 0; c < 4; c++) $mxb_drive(h, 1, c, c == SelCol ? 0.0 : 2 * VProg / 3);
    #(TPulseNs);
    for (int r = 0; r < 4; r++) $mxb_drive(h, 0, r, 0.0);
    for (int c = 0; c < 4; c++) $mxb_drive(h, 1, c, 0.0);
  endtask

  task automatic read_row(input int row);
    for (int r = 0; r < 4; r++) $mxb_drive(h, 0, r, r == row ? VRead : 0.0);
    for (int c = 0; c < 4; c++) $mxb_sense(h, 1, c, 0.0);
    #10;
    i_col = $mxb_read(h, 1, SelCol);
    for (int r = 0; r < 4; r++) $mxb_drive(h, 0, r, 0.0);
    for (int c = 0; c < 4; c++) $mxb_drive(h, 1, c, 0.0);
    #10;
  endtask

  initial begin
    h = $mxb_open("tests/cards/bind_2d_thr.json", "");
    for (int r = 0; r < 4; r++) $mxb_drive(h, 0, r, 0.0);
    for (int c = 0; c < 4; c++) $mxb_drive(h, 1, c, 0.0);
    #100;
    g_prev = $mxb_cell_g(h, 0, SelRow, SelCol, VRead);
    check("g before", g_prev, GOff, 1e-9);
    e_prev = $mxb_energy(h);
    for (int k = 1; k <= NPulse; k++) begin
      program_pulse();
      g = $mxb_cell_g(h, 0, SelRow, SelCol, VRead);
      w = 1.0 - $exp(-k * TPulseNs * 1e-9 * (VProg - 1.0) / 1e-6);
      check($sformatf("g after pulse %0d", k), g, GOff + w * (GOn - GOff), 1e-6);
      if (!(g > g_prev)) begin $display("FAIL: g did not grow"); n_bad++; end
      if (!($mxb_energy(h) > e_prev)) begin $display("FAIL: energy did not grow"); n_bad++; end
      e_prev = $mxb_energy(h);
      read_row(SelRow);
      check($sformatf("read current after pulse %0d", k), i_col, VRead * g, 1e-9);
      check("read does not disturb", $mxb_cell_g(h, 0, SelRow, SelCol, VRead), g, 1e-12);
      g_prev = g;
    end
    // Half-selected and unselected cells kept their state.
    check("half-selected (1,0)", $mxb_cell_g(h, 0, 1, 0, VRead), GOff, 1e-9);
    check("half-selected (0,2)", $mxb_cell_g(h, 0, 0, 2, VRead), GOff, 1e-9);
    check("unselected (3,3)", $mxb_cell_g(h, 0, 3, 3, VRead), GOff, 1e-9);
    $mxb_dump_g(h, 0, VRead, "g_after.txt");
    $mxb_close(h);
    if (n_bad == 0) $display("*-* All Finished *-*");
    else $display("%0d checks failed", n_bad);
    $finish;
  end
endmodule
