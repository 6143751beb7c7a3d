// tb_mxb_mem3d.sv -- the trainable 3D memory of seed 000 (Wu et al. 2017, Fig. 5) as a system
// test: the RTL controller mxb_ctrl_3d drives the modelled 3-layer 6x6 Cu-pMSSQ stack
// (models_c/cards/cu_pmssq_3d_6x6x3.json) through the analog boundary tb/mxb_line_boundary.sv.
//
// Layers. The paper numbers its layers from the substrate up (layer 1 = the first one
// fabricated, at the bottom); the model numbers planes and layers from the top. Paper layer 1
// is therefore model layer 2 (between planes 2 and 3), paper layer 2 model layer 1, paper
// layer 3 model layer 0. "H" goes into paper layer 1, "Y" into paper layer 2, "U" into paper
// layer 3, in that order.
//
// Protocol (paper text and VALIDATION.md): every cell starts in the high-conductance state.
// A training session gives every cell of the letter one pulse of +TrainV for TrainS on its top
// electrode (bottom at 0 V, every other electrode of every plane floating: the controller
// connects only the two electrodes of the addressed cell); positive bias depletes Cu at the
// top interface, so a "written" cell has a LOWER conductance (LTD). Between commands the
// controller holds every electrode at 0 V (IdleGround = 1): a floating electrode keeps its
// charge for seconds (each cell is a 0.7 nF capacitor leaking at most nA), and with the
// electrodes left floating between commands the charge of one command shifted the floating
// electrodes of the next by capacitive division (a read after the reads of the previous row
// put 3.5 V across a cell and erased it). From discharged electrodes a drive step lifts the
// floating electrodes to about half its height, so a half-selected cell of a 3 V pulse sees
// about 1.5 V (the onset of ion drift) in the middle layer and up to 1.9 V in the outer ones,
// whose outer electrode plane couples to one layer only. Sessions = 15. In some
// sessions (chosen by a seeded xorshift generator, +mxb_seed, identical on both simulators)
// one or two wrong cells outside the letter are pulsed as well. Reads: ReadV = +2 V on the top
// electrode, bottom electrode sensed by a virtual-ground ADC, every other electrode floating
// (read current / ReadV = conductance; rectification blocks the sneak paths).
//
// Checks (self-checking, $fatal on failure):
//   1. after each letter, in its layer every letter cell reads below every non-letter cell
//      that was never pulsed;
//   2. every wrong (pulsed non-letter) cell reads above every letter cell: the paper's
//      "H remembered despite the interference synapses" (the card's depletion is
//      logarithmic in the cumulative pulse time, so one or two 10 ms pulses stay well above
//      fifteen);
//   3. writing a later letter changes no cell of an earlier layer by more than 5 %;
//   4. the read current of every cell agrees with the model's own conductance of the cell
//      ($mxb_cell_g at ReadV) within 10 % (VALIDATION.md: a "0" cell among "1" cells reads
//      within 10 % of its isolated value): floating electrodes do not corrupt the readout.
//      A read returns the array's operating point (capacitors charged): a settled read; the
//      floating electrodes would need seconds to get there in the device (README).
// Also reported: the largest conductance loss of a never-pulsed cell of each letter's layer
// (half-selection through the floating electrodes).
// The final maps are also printed as ADC codes on "XCHK" lines, which tests/sim.list compares
// between Icarus and Verilator.
// Outputs: mem3d_<tag>_layer<paper layer>.pgm (8-bit grey, 20x20-pixel cells, white = highest
// conductance, same scale for the three maps) and mem3d_<tag>_g.txt (the three conductance maps
// in nS) in the working directory (the build folder under tests/run_tests.sh).
`timescale 1ns/1ps

module tb_mxb_mem3d #(
  parameter real TrainS     = 10e-3,  // training pulse width, s (seed 000: 10 ms)
  parameter int  Tag        = 10      // file name tag: pulse width in units of 0.1 ms
) ();
`include "mxb.svh"
  import mxb_pkg::*;

  localparam int  Layers   = 3;
  localparam int  Rows     = 6;
  localparam int  Cols     = 6;
  localparam int  Lines    = 6;
  localparam int  Planes   = Layers + 1;
  localparam int  DacW     = 10;
  localparam real DacLsbV  = 0.01;
  localparam int  AdcW     = 14;
  localparam real IFullA   = 200e-9;   // ADC full scale: 200 nA (a fresh cell reads ~60 nA)
  localparam real ReadV    = 2.0;      // seed 000 read voltage (card v_ref)
  localparam real TrainV   = 3.0;      // seed 000 training pulse
  localparam real ClkS     = TrainS / 100.0;  // a training pulse is 100 clock cycles
  localparam real SettleS  = 10.0 * ClkS;     // 1 ms (10 ms pulses): around pulses, before a read
  localparam int  Sessions = 15;

  logic clk = 1'b0, rst_n = 1'b1;  // falls at 1 ns: an edge for the asynchronous reset
  int h = 0;
  logic cmd_valid = 1'b0, cmd_ready, cmd_pol = POL_SET;
  logic [1:0] cmd_op = OP_READ, cmd_layer = '0;
  logic [2:0] cmd_row = '0, cmd_col = '0;
  logic rsp_valid, busy, adc_req, adc_valid;
  logic [2:0] rsp_err;
  logic [7:0] rsp_pulses;
  logic [AdcW-1:0] rsp_code, adc_code;
  logic [Planes*Lines-1:0][1:0] pl_mode;
  logic [Planes*Lines-1:0][DacW-1:0] pl_dac;
  logic [Planes*Lines-1:0][AdcW-1:0] slot_code;

  mxb_ctrl_3d #(
    .Layers(Layers), .Rows(Rows), .Cols(Cols), .DacWidth(DacW), .DacLsbV(DacLsbV),
    .AdcWidth(AdcW), .ClkPeriodS(ClkS), .ReadV(ReadV), .TrainV(TrainV), .TrainS(TrainS),
    .SettleS(SettleS), .AdcTimeoutCycles(8), .IdleGround(1)
  ) u_ctrl (
    .clk_i(clk), .rst_ni(rst_n), .cmd_valid_i(cmd_valid), .cmd_ready_o(cmd_ready),
    .cmd_op_i(cmd_op), .cmd_layer_i(cmd_layer), .cmd_row_i(cmd_row), .cmd_col_i(cmd_col),
    .cmd_pol_i(cmd_pol), .rsp_valid_o(rsp_valid), .rsp_err_o(rsp_err),
    .rsp_pulses_o(rsp_pulses), .rsp_code_o(rsp_code), .busy_o(busy), .pl_mode_o(pl_mode),
    .pl_dac_o(pl_dac), .adc_req_o(adc_req), .adc_valid_i(adc_valid), .adc_code_i(adc_code)
  );

  mxb_line_boundary #(
    .Planes(Planes), .Lines(Lines), .DacWidth(DacW), .DacLsbV(DacLsbV), .AdcWidth(AdcW),
    .IFullA(IFullA), .RSenseOhm(0.0)
  ) u_bnd (
    .clk_i(clk), .handle_i(h), .mode_i(pl_mode), .dac_i(pl_dac), .adc_req_i(adc_req),
    .adc_valid_o(adc_valid), .adc_code_o(slot_code)
  );

  // one electrode is sensed at a time and the boundary reads 0 on every other slot
  always_comb begin
    adc_code = '0;
    for (int s = 0; s < Planes * Lines; s++) adc_code = adc_code | slot_code[s];
  end

  always #(ClkS * 0.5e9) clk = ~clk;

  // ---------------------------------------------------------------------------------------
  // letters (row-major, bit r*6+c), paper layer numbers, seeded generator
  // ---------------------------------------------------------------------------------------
  function automatic logic [35:0] glyph(input int which);
    string s;
    logic [35:0] m;
    case (which)
      0: s = {"X....X", "X....X", "XXXXXX", "X....X", "X....X", "X....X"};  // H
      1: s = {"X....X", ".X..X.", "..XX..", "..XX..", "..XX..", "..XX.."};  // Y
      default: s = {"X....X", "X....X", "X....X", "X....X", "X....X", ".XXXX."};  // U
    endcase
    m = '0;
    for (int i = 0; i < 36; i++) m[i] = (s[i] == "X");
    return m;
  endfunction

  function automatic byte letter_name(input int which);
    return (which == 0) ? "H" : ((which == 1) ? "Y" : "U");
  endfunction

  int unsigned rng;
  function automatic int unsigned next_rand();
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
  endfunction

  // ---------------------------------------------------------------------------------------
  // controller commands
  // ---------------------------------------------------------------------------------------
  int r_err, r_code, n_train, n_read;

  `include "mxb_ctrl_cmd.svh"

  task automatic run_cmd(input logic [1:0] op, input int k, input int r, input int c);
    ctrl_cmd_open("mem3d");
    cmd_op = op; cmd_layer = 2'(k); cmd_row = 3'(r); cmd_col = 3'(c); cmd_pol = POL_SET;
    ctrl_cmd_wait("mem3d", 10000);
    r_err = int'(rsp_err);
    r_code = int'(rsp_code);
    if (r_err != int'(ERR_NONE)) $fatal(1, "mem3d: command op %0d on (%0d,%0d,%0d) failed: error %0d",
                                  op, k, r, c, r_err);
    if (op == OP_TRAIN) begin
      if (rsp_pulses != 8'd1) $fatal(1, "mem3d: training pulse not applied");
      n_train++;
    end
    n_read++;
  endtask

  // conductance (S) of model cell (k, r, c) from a controller read
  // per-cell values, flat (Icarus 11 cannot store reals into multi-dimensional arrays):
  // cell (k, r, c) at index (k * Rows + r) * Cols + c
  real g[Layers*Rows*Cols];
  real g_after[Layers*Rows*Cols];     // each layer right after its letter
  real g_fresh[Layers*Rows*Cols];     // the fresh array
  bit  wrong[Layers*Rows*Cols];       // pulsed although outside the letter
  function automatic int ix(input int k, input int r, input int c);
    return (k * Rows + r) * Cols + c;
  endfunction

  // ADC code of the last read of cell (k, r, c)
  function automatic int code_of(input int k, input int r, input int c);
    return $rtoi(g[ix(k, r, c)] * ReadV / IFullA * ((1 << AdcW) - 1) + 0.5);
  endfunction

  real read_err_max = 0.0, read_err_g = 0.0;  // largest |read / cell alone - 1| and that cell's G
  task automatic read_cell(input int k, input int r, input int c);
    real gm, rel;
    run_cmd(OP_READ, k, r, c);
    if (r_code >= (1 << AdcW) - 1) $fatal(1, "mem3d: ADC saturated on (%0d,%0d,%0d)", k, r, c);
    g[ix(k, r, c)] = r_code * IFullA / ((1 << AdcW) - 1) / ReadV;
    // the model's own conductance of the cell alone (check 4)
    gm = $mxb_cell_g(h, k, r, c, ReadV);
    if (g[ix(k, r, c)] < 0.9 * gm - 2.0 * IFullA / (1 << AdcW) / ReadV ||
        g[ix(k, r, c)] > 1.1 * gm + 2.0 * IFullA / (1 << AdcW) / ReadV)
      $fatal(1, "mem3d: read of (%0d,%0d,%0d) gives %.3f nS, the cell alone %.3f nS",
             k, r, c, g[ix(k, r, c)] * 1e9, gm * 1e9);
    rel = g[ix(k, r, c)] / gm - 1.0;
    if (rel < 0) rel = -rel;
    if (rel > read_err_max) begin
      read_err_max = rel;
      read_err_g = gm;
    end
  endtask

  task automatic read_layer(input int k);
    for (int r = 0; r < Rows; r++)
      for (int c = 0; c < Cols; c++) read_cell(k, r, c);
  endtask

  // largest relative loss of a never-pulsed cell of layer k (letter m) since the fresh array
  function automatic real loss_max(input int k, input logic [35:0] m);
    real l, lm;
    lm = 0.0;
    for (int r = 0; r < Rows; r++)
      for (int c = 0; c < Cols; c++)
        if (!m[r * 6 + c] && !wrong[ix(k, r, c)]) begin
          l = 1.0 - g[ix(k, r, c)] / g_fresh[ix(k, r, c)];
          if (l > lm) lm = l;
        end
    return lm;
  endfunction

  // letter cells' largest G and never-pulsed / wrong non-letter cells' smallest G of layer k
  real hi_in, lo_out, lo_wrong, mean_in;
  int n_wrong_low;
  task automatic separation(input int k, input logic [35:0] m);
    int n_in;
    hi_in = 0.0; lo_out = 1.0; lo_wrong = 1.0; mean_in = 0.0; n_in = 0; n_wrong_low = 0;
    for (int r = 0; r < Rows; r++)
      for (int c = 0; c < Cols; c++) begin
        if (m[r * 6 + c]) begin
          if (g[ix(k, r, c)] > hi_in) hi_in = g[ix(k, r, c)];
          mean_in += g[ix(k, r, c)];
          n_in++;
        end else if (wrong[ix(k, r, c)]) begin
          if (g[ix(k, r, c)] < lo_wrong) lo_wrong = g[ix(k, r, c)];
        end else if (g[ix(k, r, c)] < lo_out) begin
          lo_out = g[ix(k, r, c)];
        end
      end
    mean_in /= n_in;
    for (int r = 0; r < Rows; r++)
      for (int c = 0; c < Cols; c++)
        if (wrong[ix(k, r, c)] && g[ix(k, r, c)] <= hi_in) n_wrong_low++;
  endtask

  // one letter into model layer k: Sessions sessions, wrong cells in some of them
  int n_wrong_total;
  task automatic train_letter(input int which, input int k);
    logic [35:0] m;
    int n_sw, r, c;
    int unsigned u;
    m = glyph(which);
    for (int s = 1; s <= Sessions; s++) begin
      for (int i = 0; i < 36; i++)
        if (m[i]) run_cmd(OP_TRAIN, k, i / 6, i % 6);
      // a wrong input in about one session in three (never in the first), one or two cells
      // (high bits of the xorshift state: its low bits taken mod 3 are badly distributed)
      // (one draw per statement: the simulators order side effects inside expressions differently)
      n_sw = 0;
      if (s > 1) begin
        u = next_rand();
        if ((u >> 16) % 3 == 0) begin
          u = next_rand();
          n_sw = 1 + int'((u >> 16) % 2);
        end
      end
      for (int w = 0; w < n_sw; w++) begin
        r = 0;
        c = 0;
        for (int tries = 0; tries == 0 || m[r * 6 + c]; tries++) begin
          u = next_rand();
          r = int'((u >> 16) % 6);
          u = next_rand();
          c = int'((u >> 16) % 6);
        end
        if (!wrong[ix(k, r, c)]) n_wrong_total++;
        wrong[ix(k, r, c)] = 1'b1;
        run_cmd(OP_TRAIN, k, r, c);
        $display("mem3d: %s session %0d: wrong input on cell (%0d,%0d)", letter_name(which), s,
                 r, c);
      end
      if (s == 1 || s == Sessions) begin  // maps after the first and the last session only
        read_layer(k);
        separation(k, m);
        $display("mem3d: %s (paper layer %0d = model layer %0d) session %2d: letter mean %.2f nS, max %.2f nS; other cells min %.2f nS; wrong cells min %.2f nS",
                 letter_name(which), 3 - k, k, s, mean_in * 1e9, hi_in * 1e9, lo_out * 1e9,
                 (lo_wrong < 1.0) ? lo_wrong * 1e9 : 0.0);
      end
    end
  endtask

  // ---------------------------------------------------------------------------------------
  // images
  // ---------------------------------------------------------------------------------------
  real g_scale;
  task automatic write_pgm(input int k);
    int fd, px;
    string fn;
    fn = $sformatf("mem3d_%0d_layer%0d.pgm", Tag, 3 - k);
    fd = $fopen(fn, "w");
    if (fd == 0) $fatal(1, "mem3d: cannot write %s", fn);
    $fwrite(fd, "P2\n# seed 000 3D memory, paper layer %0d (model layer %0d), letter %s, conductance at %.1f V, white = %.2f nS\n%0d %0d\n255\n",
            3 - k, k, letter_name(2 - k), ReadV, g_scale * 1e9, Cols * 20, Rows * 20);
    for (int y = 0; y < Rows * 20; y++) begin
      for (int x = 0; x < Cols * 20; x++) begin
        px = $rtoi(255.0 * g[ix(k, y / 20, x / 20)] / g_scale + 0.5);
        if (px > 255) px = 255;
        if (x % 20 == 0 || y % 20 == 0) px = 128;  // cell grid
        $fwrite(fd, "%0d%s", px, (x == Cols * 20 - 1) ? "\n" : " ");
      end
    end
    $fclose(fd);
    $display("mem3d: wrote %s", fn);
  endtask

  // ---------------------------------------------------------------------------------------
  // the test
  // ---------------------------------------------------------------------------------------
  int seed, n_letters;
  real d, dmax[Layers];
  real e0;

  initial begin
    #1 rst_n = 1'b0;  // controller in reset before the first clock edge samples its outputs
    if (!$value$plusargs("mxb_seed=%d", seed)) seed = 1;
    // +mem3d_letters=1 or 2: stop after H (and Y), for partial runs by hand
    if (!$value$plusargs("mem3d_letters=%d", n_letters)) n_letters = 3;
    if (n_letters < 1 || n_letters > 3) $fatal(1, "mem3d: +mem3d_letters=%0d out of 1..3", n_letters);
    rng = 32'h9e3779b9 ^ seed;
    n_train = 0; n_read = 0; n_wrong_total = 0;
    for (int k = 0; k < Layers; k++) begin
      dmax[k] = 0.0;
      for (int r = 0; r < Rows; r++)
        for (int c = 0; c < Cols; c++) wrong[ix(k, r, c)] = 1'b0;
    end
    h = $mxb_open("cu_pmssq_3d_6x6x3.json", "");
    repeat (3) @(posedge clk);
    rst_n = 1'b1;
    $display("mem3d: 3 V %.2f ms pulses, clock %.2f us, read at %.1f V after %.1f us",
             TrainS * 1e3, ClkS * 1e6, ReadV, SettleS * 1e6);

    for (int k = 0; k < Layers; k++) read_layer(k);
    for (int i = 0; i < Layers * Rows * Cols; i++) g_fresh[i] = g[i];
    g_scale = 0.0;
    for (int k = 0; k < Layers; k++)
      for (int r = 0; r < Rows; r++)
        for (int c = 0; c < Cols; c++) if (g[ix(k, r, c)] > g_scale) g_scale = g[ix(k, r, c)];
    $display("mem3d: fresh array: largest G %.2f nS", g_scale * 1e9);

    // H in paper layer 1 (model 2), Y in paper layer 2 (model 1), U in paper layer 3 (model 0)
    for (int which = 0; which < n_letters; which++) begin
      int k;
      k = 2 - which;
      e0 = $mxb_energy(h);
      train_letter(which, k);
      $display("mem3d: %s: %0d sessions, energy drawn %.3g J", letter_name(which), Sessions,
               $mxb_energy(h) - e0);
      for (int r = 0; r < Rows; r++)
        for (int c = 0; c < Cols; c++) g_after[ix(k, r, c)] = g[ix(k, r, c)];
      // earlier layers undisturbed (check 3)
      for (int kk = k + 1; kk < Layers; kk++) begin
        read_layer(kk);
        for (int r = 0; r < Rows; r++)
          for (int c = 0; c < Cols; c++) begin
            d = (g[ix(kk, r, c)] - g_after[ix(kk, r, c)]) / g_after[ix(kk, r, c)];
            if (d < 0) d = -d;
            if (d > dmax[kk]) dmax[kk] = d;
          end
        $display("mem3d: after %s: largest change in model layer %0d (%s) %.3f %%",
                 letter_name(which), kk, letter_name(2 - kk), dmax[kk] * 100.0);
        if (dmax[kk] > 0.05)
          $fatal(1, "mem3d: writing %s changed model layer %0d by %.2f %% (> 5 %%)",
                 letter_name(which), kk, dmax[kk] * 100.0);
      end
    end

    // final readout and checks 1 and 2 on every written layer
    for (int k = 3 - n_letters; k < Layers; k++) begin
      read_layer(k);
      separation(k, glyph(2 - k));
      $display("mem3d: final %s (paper layer %0d): letter cells <= %.2f nS, never-pulsed others >= %.2f nS (contrast %.2f), wrong cells >= %.2f nS, %0d of the wrong cells at or below the letter's largest",
               letter_name(2 - k), 3 - k, hi_in * 1e9, lo_out * 1e9, lo_out / hi_in,
               (lo_wrong < 1.0) ? lo_wrong * 1e9 : 0.0, n_wrong_low);
      if (!(hi_in < lo_out))
        $fatal(1, "mem3d: %s: a letter cell (%.2f nS) does not read below every other cell (%.2f nS)",
               letter_name(2 - k), hi_in * 1e9, lo_out * 1e9);
      if (n_wrong_low > 0)
        $fatal(1, "mem3d: %s: %0d wrong cells read as low as the letter", letter_name(2 - k),
               n_wrong_low);
      $display("mem3d: final %s: largest loss of a never-pulsed cell since the fresh array %.2f %%",
               letter_name(2 - k), loss_max(k, glyph(2 - k)) * 100.0);
    end

    begin
      int fd;
      fd = $fopen($sformatf("mem3d_%0d_g.txt", Tag), "w");
      $fwrite(fd, "# seed 000 3D memory: conductance (nS) at %.1f V, rows of 6 cells; blocks: paper layers 1 (H), 2 (Y), 3 (U)\n",
              ReadV);
      for (int k = Layers - 1; k >= 0; k--) begin
        for (int r = 0; r < Rows; r++)
          for (int c = 0; c < Cols; c++)
            $fwrite(fd, "%.4f%s", g[ix(k, r, c)] * 1e9, (c == Cols - 1) ? "\n" : " ");
        $fwrite(fd, "\n\n");
      end
      $fclose(fd);
    end
    for (int k = 0; k < Layers; k++) write_pgm(k);
    // the final maps as ADC codes: identical on both simulators (sim.list "compare")
    for (int k = Layers - 1; k >= 0; k--)
      for (int r = 0; r < Rows; r++)
        $display("XCHK mem3d paper layer %0d row %0d: %0d %0d %0d %0d %0d %0d", 3 - k, r,
                 code_of(k, r, 0), code_of(k, r, 1), code_of(k, r, 2), code_of(k, r, 3),
                 code_of(k, r, 4), code_of(k, r, 5));
    $display("mem3d: largest read error against the cell alone %.2f %% (a cell of %.2f nS)",
             read_err_max * 100.0, read_err_g * 1e9);
    $display("mem3d: %0d training pulses, %0d controller responses, %0d wrong cells, %.3g s simulated",
             n_train, n_read, n_wrong_total, $mxb_now());
    $mxb_close(h);
    $display("*-* All Finished *-*");
    $finish;
  end

  initial begin
    repeat (100000) #1ms;  // watchdog (a single long delay overflows 32 bits in Verilator 5.006)
    $fatal(1, "mem3d: timeout");
  end
endmodule
