// Bindings: open / drive / read on a 1S1R array (10 kohm linear selector in
// series with a threshold memristor at g_off = 1 uS). Below threshold the
// cell is two conductances in series: G = 1 / (1e4 + 1e6) S, and the
// internal node sits at V * Gs / (Gs + Gm) below the top line. Then the
// shipped ECM 1S1R 4x4 card, opened by its bare name (found in the card
// folder), with its 1 ohm wires: a read below the selector threshold gives a
// small positive finite current on every bit line.
`timescale 1ns/1ps
module tb_mxb_bind_1s1r;
`include "mxb.svh"
  localparam real Gs = 1e-4, Gm = 1e-6, V = 0.5;
  localparam real G = 1.0 / (1.0 / Gs + 1.0 / Gm);
  int h, n_bad;
  real i;

  function automatic real absr(input real x);
    return x < 0.0 ? -x : x;
  endfunction

  task automatic check(input string what, input real got, input real want, input real rtol);
    if (mxb_is_nan(got) || absr(got - want) > rtol * absr(want) + 1e-30) begin
      $display("FAIL: %s: got %g, want %g", what, got, want);
      n_bad++;
    end else $display("ok: %s = %g", what, got);
  endtask

  initial begin
    h = $mxb_open("tests/cards/bind_1s1r.json", "");
    for (int r = 0; r < 4; r++) $mxb_drive(h, 0, r, r == 2 ? V : 0.0);
    for (int c = 0; c < 4; c++) $mxb_sense(h, 1, c, 0.0);
    #50;
    for (int c = 0; c < 4; c++) check($sformatf("read col %0d", c), $mxb_read(h, 1, c), V * G, 1e-9);
    check("cell_i(2,1)", $mxb_cell_i(h, 0, 2, 1), V * G, 1e-9);
    check("cell_i(0,1)", $mxb_cell_i(h, 0, 0, 1), 0.0, 0.0);
    check("cell_g(2,1)", $mxb_cell_g(h, 0, 2, 1, 0.3), G, 1e-9);
    check("energy", $mxb_energy(h), 4 * V * V * G * 50e-9, 1e-6);
    $mxb_close(h);

    h = $mxb_open("ecm_1s1r_4x4.json", "");
    for (int r = 0; r < 4; r++) $mxb_drive(h, 0, r, r == 0 ? 0.1 : 0.0);
    for (int c = 0; c < 4; c++) $mxb_sense(h, 1, c, 0.0);
    #100;
    for (int c = 0; c < 4; c++) begin
      i = $mxb_read(h, 1, c);
      if (mxb_is_nan(i) || !(i > 0.0) || !(i < 1e-3)) begin
        $display("FAIL: ECM read col %0d: %g A", c, i);
        n_bad++;
      end else $display("ok: ECM read col %0d = %g A", c, i);
    end
    $mxb_close(h);
    if (n_bad == 0) $display("*-* All Finished *-*");
    else $display("%0d checks failed", n_bad);
    $finish;
  end
endmodule
