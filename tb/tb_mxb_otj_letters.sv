// 5x5 oxide tunnel junction array (card otj_sto_5x5: Pt/SrTiO3/Nb:SrTiO3,
// seed 001 Fig. 4): the letters "C", "H" and "N" written with the paper's
// pulse trains, 10 pulses of 50 ns per pixel row:
//   C  0.9 V at 5 MHz   (short-term mode)
//   H  1.5 V at 5 MHz   (long-term mode: pulses closer than the relaxation
//                        time pile up the volatile state until it transfers)
//   N  1.5 V at 0.5 MHz (short-term mode)
// Rows are trained one at a time with a V/2 scheme (selected row at V, the
// letter's columns of that row at 0 V, every other line at V/2), each pixel
// is read at 0.1 V right after its row's last pulse and 25 us later, all
// lines at 0 V in between. Every letter starts from a fresh array in the HRS
// (the paper initialised all pixels). Checks are the paper's claims:
//   - right after training each letter shows: every letter pixel reads
//     above every other pixel, by a clear margin (contrast > 2);
//   - 25 us later C and N are gone (the largest letter pixel within 50 % of
//     the smallest background pixel) while H still shows (contrast > 2);
//   - H is unchanged 500 s later (contrast within 10 % of its 25 us value).
`timescale 1ns/1ps
module tb_mxb_otj_letters;
`include "mxb.svh"
  localparam real VRead = 0.1, TPulseNs = 50.0, TLateNs = 25000.0;
  localparam real VisibleContrast = 2.0, GoneResidual = 1.5;
  // letter pixel maps: five rows of five pixels, top row first, left to right
  localparam logic [24:0] LetterC = 25'b01111_10000_10000_10000_01111;
  localparam logic [24:0] LetterH = 25'b10001_10001_11111_10001_10001;
  localparam logic [24:0] LetterN = 25'b10001_11001_10101_10011_10001;
  int h, n_bad;
  // loop bounds as variables: Verilator would otherwise unroll every loop of
  // every inlined task (tens of thousands of lines of C++)
  int n5 = 5, n10 = 10, n25 = 25;
  real g_after[25], g_late[25], g_500[25];

  function automatic bit pix(input logic [24:0] m, input int r, input int c);
    return m[24 - (r * 5 + c)];
  endfunction

  // pixel k of map 0 (right after), 1 (25 us later) or 2 (500 s later)
  function automatic real gmap(input int which, input int k);
    return which == 0 ? g_after[k] : (which == 1 ? g_late[k] : g_500[k]);
  endfunction

  // smallest letter pixel over the largest other pixel (> 1: the letter shows)
  function automatic real contrast(input logic [24:0] m, input int which);
    real lo, hi;
    lo = 1e30; hi = 0.0;
    for (int k = 0; k < n25; k++)
      if (pix(m, k / 5, k % 5)) begin if (gmap(which, k) < lo) lo = gmap(which, k); end
      else if (gmap(which, k) > hi) hi = gmap(which, k);
    return lo / hi;
  endfunction

  // largest letter pixel over the smallest other pixel (near 1: gone)
  function automatic real residual(input logic [24:0] m, input int which);
    real lo, hi;
    lo = 1e30; hi = 0.0;
    for (int k = 0; k < n25; k++)
      if (pix(m, k / 5, k % 5)) begin if (gmap(which, k) > hi) hi = gmap(which, k); end
      else if (gmap(which, k) < lo) lo = gmap(which, k);
    return hi / lo;
  endfunction

  task automatic all_zero();
    for (int q = 0; q < n5; q++) begin
      $mxb_drive(h, 0, q, 0.0);
      $mxb_drive(h, 1, q, 0.0);
    end
  endtask

  // Train letter m at v with period_ns between pulse starts; fill g_after/g_late.
  task automatic write_letter(input logic [24:0] m, input real v, input real period_ns);
    for (int r = 0; r < n5; r++) begin
      for (int k = 0; k < n10; k++) begin
        for (int q = 0; q < n5; q++) begin
          $mxb_drive(h, 0, q, q == r ? v : 0.5 * v);
          $mxb_drive(h, 1, q, pix(m, r, q) ? 0.0 : 0.5 * v);
        end
        #(TPulseNs);
        all_zero();
        if (k < 9) #(period_ns - TPulseNs);
      end
      for (int c = 0; c < n5; c++) g_after[r * 5 + c] = $mxb_cell_g(h, 0, r, c, VRead);
      #(TLateNs);
      for (int c = 0; c < n5; c++) g_late[r * 5 + c] = $mxb_cell_g(h, 0, r, c, VRead);
      #5000;
    end
  endtask

  task automatic expect_true(input string what, input bit cond, input real value);
    if (!cond) begin
      $display("FAIL: %s (%g)", what, value);
      n_bad++;
    end else $display("ok: %s (%g)", what, value);
  endtask

  task automatic run_letter(input string name, input logic [24:0] m, input real v,
                            input real period_ns, input bit long_term);
    real ca, cl, rl;
    h = $mxb_open("otj_sto_5x5.json", "");
    all_zero();
    #1000;
    write_letter(m, v, period_ns);
    ca = contrast(m, 0);
    cl = contrast(m, 1);
    rl = residual(m, 1);
    $display("letter %s: contrast right after %.2f, 25 us later %.2f (letter/background %.2f)",
             name, ca, cl, rl);
    expect_true($sformatf("%s shows right after training", name), ca > VisibleContrast, ca);
    if (long_term) expect_true($sformatf("%s still shows 25 us later", name), cl > VisibleContrast, cl);
    else expect_true($sformatf("%s is gone 25 us later", name), rl < GoneResidual, rl);
  endtask

  initial begin
    run_letter("C", LetterC, 0.9, 200.0, 0);
    $mxb_close(h);
    run_letter("N", LetterN, 1.5, 2000.0, 0);
    $mxb_close(h);
    run_letter("H", LetterH, 1.5, 200.0, 1);
    // H retention: 500 s with every line at 0 V, in 1 s delays (no 32-bit
    // delay overflow)
    repeat (500) #1e9;
    for (int k = 0; k < n25; k++) g_500[k] = $mxb_cell_g(h, 0, k / 5, k % 5, VRead);
    $display("letter H 500 s later: contrast %.2f (25 us: %.2f)", contrast(LetterH, 2),
             contrast(LetterH, 1));
    expect_true("H still shows after 500 s", contrast(LetterH, 2) > VisibleContrast,
                contrast(LetterH, 2));
    expect_true("H unchanged over 500 s (within 10 %)",
                contrast(LetterH, 2) > 0.9 * contrast(LetterH, 1) &&
                contrast(LetterH, 2) < 1.1 * contrast(LetterH, 1),
                contrast(LetterH, 2) / contrast(LetterH, 1));
    $mxb_close(h);
    if (n_bad == 0) $display("*-* All Finished *-*");
    else $display("%0d checks failed", n_bad);
    $finish;
  end
endmodule
