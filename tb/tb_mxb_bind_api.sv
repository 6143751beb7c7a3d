// Bindings: the designer's calls of issue 19 on both simulators, with XCHK
// lines (bit patterns) that the runner diffs between Icarus and Verilator.
// An 8x8 ECM 1S1R array (shipped card, resized); cell (2, 5) set with a V/3
// pulse. Probes: $mxb_cell_state reads the stored states by name (the
// memory's "w" by default, the selector's volatile "selector.w"), and
// $mxb_mem_g the memory behind an ON selector: after the selector has
// relaxed, $mxb_cell_g of a set and an unset cell differ by a small factor
// (the OFF selector dominates), $mxb_mem_g by the memory's ON/OFF ratio.
// Checkpoints: the programmed array is saved and restored into a second
// handle at the same instant; the same stimulus (a read, a second set pulse
// on another cell, a read) then gives the same bits on both handles; a third
// handle restored later runs on from the saved time. $mxb_load_g sets a
// fresh array from $mxb_dump_g's map of the programmed one: the same map.
// $mxb_stat / $mxb_stats report what the solver did.
// +mxb_case=<name> runs one error case instead (tests/sim.list).
`timescale 1ns/1ps
module tb_mxb_bind_api;
`include "mxb.svh"
  localparam int N = 8, Row = 2, Col = 5;
  int h, n_bad;
  string mxb_case;
  real w_set, w_unset, ws_pulse, ws_late, gm_set, gm_unset, gc_set, gc_unset, x;
  int h2, h3, h4, n_diff;
  real ia, ib, ga, gb;

  task automatic bias(input real v_row, input real v_rows, input real v_col, input real v_cols);
    for (int r = 0; r < N; r++) $mxb_drive(h, 0, r, r == Row ? v_row : v_rows);
    for (int c = 0; c < N; c++) $mxb_drive(h, 1, c, c == Col ? v_col : v_cols);
  endtask

  // the same drives on handle hh
  task automatic bias_on(input int hh, input int row, input int col, input real v_row,
                         input real v_rows, input real v_col, input real v_cols);
    for (int r = 0; r < N; r++) $mxb_drive(hh, 0, r, r == row ? v_row : v_rows);
    for (int c = 0; c < N; c++) $mxb_drive(hh, 1, c, c == col ? v_col : v_cols);
  endtask

  task automatic read_bias_on(input int hh);
    for (int c = 0; c < N; c++) $mxb_sense(hh, 1, c, 0.0);
    for (int r = 0; r < N; r++) $mxb_drive(hh, 0, r, 0.7);
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
    if (mxb_case == "bad_stat") x = $mxb_stat(h, "bogus");
    if (mxb_case == "restore_missing") $mxb_restore(h, "no_such_dir/ckpt.txt");
    if (mxb_case == "restore_shape") begin
      $mxb_save(h, "api_ckpt_8x8.txt");
      h2 = $mxb_open("ecm_1s1r_4x4.json", "");
      $mxb_restore(h2, "api_ckpt_8x8.txt");
    end
    if (mxb_case == "restore_card") begin
      $mxb_save(h, "api_ckpt_8x8b.txt");
      h2 = $mxb_open("ecm_1s1r_4x4.json", "rows=8,cols=8,cell.memory.g_lrs=1e-4");
      $mxb_restore(h2, "api_ckpt_8x8b.txt");
    end
    if (mxb_case == "load_g_range") begin
      $mxb_dump_g(h, 0, 0.7, "api_g_range.txt");
      x = $mxb_cell_g(h, 0, 0, 0, 0.7);
      // the same map with cell (3, 4) a thousand times too high
      begin
        int fd;
        fd = $fopen("api_g_range.txt", "w");
        for (int r = 0; r < N; r++) begin
          for (int c = 0; c < N; c++) $fwrite(fd, "%0.17g ", (r == 3 && c == 4) ? 1e3 * x : x);
          $fwrite(fd, "\n");
        end
        $fclose(fd);
      end
      $mxb_load_g(h, 0, 0.7, "api_g_range.txt");
    end
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

    // ---- checkpoint: restore into h2 at the same instant, same stimulus on both
    $mxb_save(h, "api_ckpt.txt");
    h2 = $mxb_open("ecm_1s1r_4x4.json", "rows=8,cols=8");
    $mxb_restore(h2, "api_ckpt.txt");
    n_diff = 0;
    for (int k = 0; k < 2; k++) begin
      read_bias_on(h);
      read_bias_on(h2);
      #1000;
      for (int c = 0; c < N; c++) begin
        ia = $mxb_read(h, 1, c);
        ib = $mxb_read(h2, 1, c);
        if ($realtobits(ia) != $realtobits(ib)) n_diff++;
        $display("XCHK ckpt k=%0d col %0d %h %h", k, c, $realtobits(ia), $realtobits(ib));
      end
      // set cell (4, 1) on both
      bias_on(h, 4, 1, 2.4, 0.8, 0.0, 1.6);
      bias_on(h2, 4, 1, 2.4, 0.8, 0.0, 1.6);
      #20000;
      bias_on(h, 4, 1, 0.0, 0.0, 0.0, 0.0);
      bias_on(h2, 4, 1, 0.0, 0.0, 0.0, 0.0);
      #40000;
    end
    ia = $mxb_cell_state(h, 0, 4, 1, "w");
    ib = $mxb_cell_state(h2, 0, 4, 1, "w");
    $display("XCHK ckpt w(4,1) %h %h energy %h %h", $realtobits(ia), $realtobits(ib),
             $realtobits($mxb_energy(h)), $realtobits($mxb_energy(h2)));
    check("restored handle gives the same bits", n_diff == 0 && ia == ib && ia > 0.5 &&
          $mxb_energy(h) == $mxb_energy(h2));
    // restored later: the array runs on from its saved time, states as saved
    h3 = $mxb_open("ecm_1s1r_4x4.json", "rows=8,cols=8");
    $mxb_restore(h3, "api_ckpt.txt");
    x = $mxb_cell_state(h3, 0, Row, Col, "w");
    check("a later restore has the saved states", x == w_set &&
          $mxb_cell_state(h3, 0, 4, 1, "w") < 0.1);
    #1000 check("and runs on", $mxb_cell_state(h3, 0, Row, Col, "w") == w_set);

    // ---- a fresh array set from the programmed one's conductance map, taken
    // once every selector has relaxed (the read includes the selector as it
    // is: a fresh array's are all off)
    bias_on(h2, 0, 0, 0.0, 0.0, 0.0, 0.0);
    #1ms $mxb_dump_g(h2, 0, 0.7, "api_g.txt");
    h4 = $mxb_open("ecm_1s1r_4x4.json", "rows=8,cols=8");
    $mxb_load_g(h4, 0, 0.7, "api_g.txt");
    n_diff = 0;
    for (int r = 0; r < N; r++)
      for (int c = 0; c < N; c++) begin
        ga = $mxb_cell_g(h2, 0, r, c, 0.7);
        gb = $mxb_cell_g(h4, 0, r, c, 0.7);
        if (!(gb > ga * (1.0 - 1e-9) && gb < ga * (1.0 + 1e-9))) begin
          $display("load_g: cell (%0d, %0d): %g S, want %g S", r, c, gb, ga);
          n_diff++;
        end
      end
    $display("XCHK load_g (2,5) %h (4,1) %h", $realtobits($mxb_cell_g(h4, 0, Row, Col, 0.7)),
             $realtobits($mxb_cell_g(h4, 0, 4, 1, 0.7)));
    check("load_g reproduces the map", n_diff == 0);

    // ---- what the solver did (1 ohm wires: every operating point is a network solve)
    $mxb_stats(h);
    $display("XCHK stats ops %0d net %0d newton %0d cg %0d path %0d advances %0d",
             longint'($mxb_stat(h, "op_solves")), longint'($mxb_stat(h, "net_solves")),
             longint'($mxb_stat(h, "newton")), longint'($mxb_stat(h, "cg")),
             longint'($mxb_stat(h, "last_path")), longint'($mxb_stat(h, "advances")));
    check("solver statistics", $mxb_stat(h, "net_solves") == $mxb_stat(h, "op_solves") &&
          $mxb_stat(h, "op_fast") == 0.0 && $mxb_stat(h, "net_iterative") > 0.0 &&
          $mxb_stat(h, "newton") >= $mxb_stat(h, "net_solves") &&
          $mxb_stat(h, "last_path") >= 3.0 && $mxb_stat(h, "solve_s") >= 0.0 &&
          $mxb_stat(h, "advance_s") > 0.0);

    $mxb_close(h4);
    $mxb_close(h3);
    $mxb_close(h2);
    $mxb_close(h);
    if (n_bad == 0) $display("*-* All Finished *-*");
    else $display("%0d checks failed", n_bad);
    $finish;
  end
endmodule
