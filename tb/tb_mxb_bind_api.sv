// Bindings: the designer's calls of issue 19 on both simulators, with XCHK
// lines (bit patterns) that the runner diffs between Icarus and Verilator.
// An 8x8 ECM 1S1R array (shipped card, resized); cell (2, 5) set with a V/3
// pulse. Probes: $mxb_cell_state reads the stored states by name (the
// memory's "w" by default, the selector's volatile "selector.w"), and
// $mxb_mem_g the memory behind an ON selector: after the selector has
// relaxed, $mxb_cell_g of a set and an unset cell differ by a small factor
// (the OFF selector dominates), $mxb_mem_g by the memory's ON/OFF ratio.
// +mxb_case=<name> runs one error case instead (tests/sim.list).
`timescale 1ns/1ps
module tb_mxb_bind_api;
`include "mxb.svh"
  localparam int N = 8, Row = 2, Col = 5;
  int h, n_bad;
  string mxb_case;
  real w_set, w_unset, ws_pulse, ws_late, gm_set, gm_unset, gc_set, gc_unset, x;

  task automatic bias(input real v_row, input real v_rows, input real v_col, input real v_cols);
    for (int r = 0; r < N; r++) $mxb_drive(h, 0, r, r == Row ? v_row : v_rows);
    for (int c = 0; c < N; c++) $mxb_drive(h, 1, c, c == Col ? v_col : v_cols);
  endtask

  task automatic check(input string what, input bit ok);
    if (!ok) begin
      $display("FAIL: %s", what);
      n_bad++;
    end else $display("ok: %s", what);
  endtask

  initial begin
    if (!$value$plusargs("mxb_case=%s", mxb_case)) mxb_case = "";
    h = $mxb_open("ecm_1s1r_4x4.json", "rows=8,cols=8");
    if (mxb_case == "bad_state_name") x = $mxb_cell_state(h, 0, 0, 0, "nope");
    if (mxb_case == "bad_state_cell") x = $mxb_cell_state(h, 0, 8, 0, "w");
    if (mxb_case == "bad_mem_g_vread") x = $mxb_mem_g(h, 0, 0, 0, 0.0);
    bias(0.0, 0.0, 0.0, 0.0);
    #1000;
    // set (2, 5): V/3 scheme, 2.4 V on the cell, at most 0.8 V elsewhere
    bias(2.4, 0.8, 0.0, 1.6);
    #20000;
    ws_pulse = $mxb_cell_state(h, 0, Row, Col, "selector.w");
    bias(0.0, 0.0, 0.0, 0.0);
    #40000;
    ws_late = $mxb_cell_state(h, 0, Row, Col, "selector.w");
    w_set = $mxb_cell_state(h, 0, Row, Col, "w");
    w_unset = $mxb_cell_state(h, 0, Row + 1, Col, "memory.w");
    gm_set = $mxb_mem_g(h, 0, Row, Col, 0.7);
    gm_unset = $mxb_mem_g(h, 0, Row + 1, Col, 0.7);
    gc_set = $mxb_cell_g(h, 0, Row, Col, 0.7);
    gc_unset = $mxb_cell_g(h, 0, Row + 1, Col, 0.7);
    $display("XCHK state w %h %h selector.w %h %h", $realtobits(w_set), $realtobits(w_unset),
             $realtobits(ws_pulse), $realtobits(ws_late));
    $display("XCHK mem_g %h %h cell_g %h %h", $realtobits(gm_set), $realtobits(gm_unset),
             $realtobits(gc_set), $realtobits(gc_unset));
    $display("memory w %g / %g, selector w %g at the pulse, %g 40 us later", w_set, w_unset,
             ws_pulse, ws_late);
    $display("at 0.7 V: memory %g / %g S, cell %g / %g S", gm_set, gm_unset, gc_set, gc_unset);
    check("the pulse set the memory", w_set > 0.5 && w_unset < 0.1);
    check("the selector was on at the pulse and relaxed", ws_pulse > 0.5 && ws_late < 0.1);
    check("memory ON/OFF > 1e3 behind an ON selector", gm_set > 1e3 * gm_unset);
    check("cell reads differ by < 10x (OFF selector)", gc_set < 10.0 * gc_unset);
    check("memory alone conducts more than the cell", gm_set > gc_set && gm_unset > gc_unset);

    $mxb_close(h);
    if (n_bad == 0) $display("*-* All Finished *-*");
    else $display("%0d checks failed", n_bad);
    $finish;
  end
endmodule
