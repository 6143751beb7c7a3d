// 1S1R 4x4 Boolean logic of seed 002 (Fig. 5a-d) on the ecm_1s1r_4x4 card,
// real RTL through the analog boundary:
//   - mxb_ctrl_1s1r programs the weights with program-and-verify (SET
//     2.1 -> 2.5 V, RESET -2.2 -> -2.6 V in 25 mV steps as in Fig. S14, 20 us
//     pulses, at most 60 per operation, V/3 inhibition of the
//     unselected lines), every verify read at 0.7 V through the 26 kohm sense
//     resistors of the bit lines (tb/mxb_line_boundary, RSenseOhm);
//   - then a, b, ~a, ~b drive word lines 0..3 ("1" = 0.7 V, "0" = 0.07 V,
//     100 ns) and the four bit lines, sensed through 26 kohm, give AND, OR,
//     NAND, NOR (bit lines 0..3, one each as in the paper), read by the
//     mxb_adc_if comparator front end for all four input pairs.
// Weights (word line: a, b, ~a, ~b; H = set, M = set then reset to the
// middle level, L = never set, verified at the HRS):
//   AND  H H L L     OR   H H M M     NAND M M H H     NOR  L L H H
// Only two word lines are ever at 0.7 V (a or ~a, b or ~b), so a gate's
// bit-line current is the sum of the two cells of the high inputs: AND needs
// two H cells above the threshold and one H below, OR needs H + M above and
// M + M below.
// Checks (the paper's claims):
//   - every program-and-verify ends without error, and after every program
//     operation every other cell's conductance ($mxb_cell_g at 0.7 V, read
//     before and after) is within 1 % of its value (half-selected cells);
//   - one comparator threshold separates every "1" bit-line current from
//     every "0" current of all four gates with a margin (MarginRel); the
//     comparator (mxb_adc_if, threshold code in the middle of that window)
//     then gives the four truth tables on a second pass of the four input
//     pairs, and the two passes agree;
//   - energy per operation (all four gates, one input pair: $mxb_energy
//     difference across the 100 ns input pulse) within a factor 2 of 1.28 pJ.
// Reported, not asserted: the paper's own threshold of 20 uA against the
// measured currents. With 26 kohm sense resistors a bit line at 20 uA would
// sit at 0.52 V, leaving 0.18 V across the 1S1R cells, below the selector's
// hold voltage, so no cell can carry it; the tb prints how far the measured
// currents are from 20 uA.
// Parameters: RSense = 0 gives virtual-ground sensing (then e.g. TargetHA 8 uA,
// TargetMA 3.2 uA, TolA 0.8 uA; Verilator -G, Icarus -P).
//
// STATUS: this testbench FAILS with the shipped ECM cards, so it is not in
// tests/sim.list (runs in ~30 s under Icarus, 13 s under Verilator; identical
// numbers on both). Measured with +mxb_seed=1..3 (26 kohm):
//   - set levels: cells whose drawn set threshold (ecm_memory v_set_c, mean
//     1.05 V, c2c sigma 0.34 drawn at creation) is above ~1.6 V do not reach
//     the H level with 2.1 -> 2.5 V, 20 us pulses (2-4 of 16 cells per array,
//     ERR_RETRY after 60 pulses); cell (1,1) of seed 1 has v_set_c = v_reset_c
//     = 0.05 V (z = -2.88, clamped) and is set by the V/3 half-select and by
//     0.7 V reads (worst half-select change 0.32 % with seed 3, where no such
//     cell exists);
//   - 26 kohm sensing compresses the bit-line sum of the selector-limited cell
//     currents: one LRS cell 3.5 uA, two 4.3 uA (virtual ground: 9.3 / 18.6
//     uA), so "1" and "0" currents overlap (ratio 0.79-0.86, need > 1.05);
//   - the paper's 20 uA is above every current (largest 4.5 uA at 26 kohm,
//     two LRS cells at virtual ground 18.6 uA);
//   - energy per operation (four gates, one input pair) 0.85 pJ at 26 kohm
//     (ratio 0.67 to 1.28 pJ: within the factor 2), 1.9-2.7 pJ at virtual
//     ground.
`timescale 1ns/1ps
module tb_mxb_logic_1s1r #(
  parameter real RSense   = 26e3,    // seed 002: 26 kohm sensing resistors (0: virtual ground)
  // verify targets (single-cell read at 0.7 V through the sense load): a set cell
  // reads near its selector-limited LRS current, the middle level about half of it
  // (M about 0.4 H: two M cells stay below one H cell, H + M above it)
  parameter real TargetHA = 3.3e-6,
  parameter real TargetMA = 1.3e-6,
  parameter real TolA     = 0.3e-6
);
`include "mxb.svh"
  import mxb_pkg::*;

  localparam real ClkNs     = 20.0;
  localparam real ClkS      = ClkNs * 1e-9;
  localparam int  AdcW      = 12;
  localparam real IFull     = 25e-6;         // ADC full scale: the paper's 20 uA fits
  localparam real ILsb      = IFull / ((1 << AdcW) - 1);
  localparam real V1        = 0.7, V0 = 0.07; // logic "1" / "0" on the word lines
  localparam int  PulseCyc  = 5;             // 100 ns input pulse
  localparam real PaperThrA = 20e-6;
  localparam real PaperEJ   = 1.28e-12;
  localparam real MarginRel = 0.05;          // "1" currents >= 5 % above every "0" current
  localparam real DisturbRel = 0.01;         // half-selected cells within 1 %
  localparam int  TolCodes  = int'(TolA / ILsb);

  logic clk = 1'b0, rst_n = 1'b0;
  always #(ClkNs / 2) clk = ~clk;
  int h = 0, n_bad = 0;
  int n4 = 4, n16 = 16;   // loop bounds as variables (Verilator unrolls constant loops)

  // ---------------------------------------------------------------- controller
  logic            cmd_valid = 1'b0, cmd_ready, cmd_pol = 1'b0;
  logic [1:0]      cmd_op = 2'd0;
  logic [1:0]      cmd_row = '0, cmd_col = '0;
  logic [AdcW-1:0] cmd_target = '0;
  logic            rsp_valid, busy;
  logic [2:0]      rsp_err;
  logic [7:0]      rsp_pulses;
  logic [AdcW-1:0] rsp_code;
  logic [3:0][1:0] c_wl_mode, c_bl_mode;
  logic [3:0][9:0] c_wl_dac, c_bl_dac;
  logic            c_adc_req;

  // ---------------------------------------------------------------- boundary
  logic [7:0][1:0]      mode;
  logic [7:0][9:0]      dac;
  logic                 adc_req, adc_valid;
  logic [7:0][AdcW-1:0] adc_code;
  logic [3:0][AdcW-1:0] bl_code;

  // logic mode: the tb drives the word lines, every bit line is sensed
  logic            lg_on = 1'b0;
  logic [3:0][9:0] lg_wl_dac = '0;
  logic [3:0][1:0] lg_wl_mode;
  logic [3:0][1:0] lg_bl_mode;
  assign lg_wl_mode = {4{LINE_DRIVE}};
  assign lg_bl_mode = {4{LINE_SENSE}};

  assign mode = lg_on ? {lg_bl_mode, lg_wl_mode} : {c_bl_mode, c_wl_mode};
  assign dac  = lg_on ? {40'd0, lg_wl_dac} : {c_bl_dac, c_wl_dac};
  for (genvar c = 0; c < 4; c++) begin : gen_bl
    assign bl_code[c] = adc_code[4 + c];
  end

  // ---------------------------------------------------------------- comparator
  logic            a_start = 1'b0, a_valid, a_tout, a_busy, a_req;
  logic [AdcW-1:0] a_thr = '0;
  logic [3:0][AdcW-1:0] a_code;
  logic [3:0]      a_above;
  assign adc_req = c_adc_req | a_req;

  mxb_ctrl_1s1r #(
    .Rows(4), .Cols(4), .DacWidth(10), .DacLsbV(0.01), .AdcWidth(AdcW), .ClkPeriodS(ClkS),
    .ReadV(0.7), .SetStartV(2.1), .SetStopV(2.5), .ResetStartV(-2.2), .ResetStopV(-2.6),
    .StepV(0.025), .PulseS(20e-6), .SettleS(1e-6), .MaxPulses(60), .TolCodes(TolCodes),
    .AdcTimeoutCycles(100), .Inhibit(INHIBIT_V3)
  ) u_ctrl (
    .clk_i(clk), .rst_ni(rst_n),
    .cmd_valid_i(cmd_valid), .cmd_ready_o(cmd_ready), .cmd_op_i(cmd_op),
    .cmd_row_i(cmd_row), .cmd_col_i(cmd_col), .cmd_target_i(cmd_target), .cmd_pol_i(cmd_pol),
    .rsp_valid_o(rsp_valid), .rsp_err_o(rsp_err), .rsp_pulses_o(rsp_pulses),
    .rsp_code_o(rsp_code), .busy_o(busy),
    .wl_mode_o(c_wl_mode), .wl_dac_o(c_wl_dac), .bl_mode_o(c_bl_mode), .bl_dac_o(c_bl_dac),
    .adc_req_o(c_adc_req), .adc_valid_i(adc_valid), .adc_code_i(bl_code)
  );

  mxb_adc_if #(.NumCh(4), .AdcWidth(AdcW), .SettleCycles(1), .TimeoutCycles(4)) u_cmp (
    .clk_i(clk), .rst_ni(rst_n), .start_i(a_start), .thresh_i(a_thr),
    .adc_req_o(a_req), .adc_valid_i(adc_valid), .adc_code_i(bl_code),
    .valid_o(a_valid), .code_o(a_code), .above_o(a_above), .timeout_o(a_tout), .busy_o(a_busy)
  );

  mxb_line_boundary #(
    .Planes(2), .Lines(4), .DacWidth(10), .DacLsbV(0.01), .AdcWidth(AdcW), .IFullA(IFull),
    .RSenseOhm(RSense)
  ) u_bnd (
    .clk_i(clk), .handle_i(h), .mode_i(mode), .dac_i(dac),
    .adc_req_i(adc_req), .adc_valid_o(adc_valid), .adc_code_o(adc_code)
  );

  // ---------------------------------------------------------------- weights
  // level of cell (row = word line, col = bit line): 2 = H, 1 = M, 0 = L
  function automatic int level(input int r, input int c);
    case (c)
      0: return r < 2 ? 2 : 0;   // AND:  a, b
      1: return r < 2 ? 2 : 1;   // OR:   a, b strong; ~a, ~b middle
      2: return r < 2 ? 1 : 2;   // NAND: ~a, ~b strong; a, b middle
      default: return r < 2 ? 0 : 2;  // NOR: ~a, ~b
    endcase
  endfunction

  function automatic bit expect_out(input int gate, input int pair);
    bit a, b;
    a = pair[0];
    b = pair[1];
    case (gate)
      0: return a & b;
      1: return a | b;
      2: return !(a & b);
      default: return !(a | b);
    endcase
  endfunction

  // ---------------------------------------------------------------- program
  real g_before[16], g_after[16];
  real worst_disturb = 0.0;
  int  worst_cell = -1, n_prog_ops = 0, n_pulses = 0;

  // The conductance of a 1S1R cell includes its volatile selector, which
  // relaxes within tens of us after any bias: $mxb_cell_g is therefore taken
  // after 100 us with every line floating (selectors relaxed), under the
  // controller's READ bias of that cell (0.7 V, settled for SettleS), at the
  // cycle the ADC samples, so every snapshot sees the selector in the same
  // read condition and a change means the memory moved.
  localparam int RelaxCyc = int'(100e-6 / ClkS);
  int  snap_r = 0, snap_c = 0;
  real g_snap = 0.0;
  always @(negedge clk)
    if (c_adc_req && h != 0) g_snap = $mxb_cell_g(h, 0, snap_r, snap_c, 0.7);

  task automatic read_all_g(input bit after);
    logic [2:0] err;
    int pulses, code;
    // every line floats (controller idle) for RelaxCyc: the selectors relax
    // (tau_relax 10 us) whatever the last operation left them in
    repeat (RelaxCyc) @(negedge clk);
    for (int k = 0; k < n16; k++) begin
      snap_r = k / 4;
      snap_c = k % 4;
      ctrl_cmd(OP_READ, k / 4, k % 4, 0.0, POL_SET, err, pulses, code);
      if (after) g_after[k] = g_snap;
      else g_before[k] = g_snap;
    end
  endtask

  task automatic ctrl_cmd(input logic [1:0] op, input int r, input int c, input real target_a,
                          input logic pol, output logic [2:0] err, output int pulses,
                          output int code);
    int cyc;
    @(negedge clk);
    cmd_op = op;
    cmd_row = 2'(r);
    cmd_col = 2'(c);
    cmd_target = AdcW'(int'(target_a / ILsb));
    cmd_pol = pol;
    cmd_valid = 1'b1;
    @(negedge clk);
    cmd_valid = 1'b0;
    cyc = 0;
    while (!rsp_valid) begin
      @(negedge clk);
      cyc++;
      if (cyc > 4_000_000) begin
        $display("ERROR: %m: controller gave no response for cell (%0d,%0d)", r, c);
        $finish;
      end
    end
    err = rsp_err;
    pulses = rsp_pulses;
    code = rsp_code;
  endtask

  // one program-and-verify with the half-select check around it
  task automatic program_cell(input int r, input int c, input real target_a, input logic pol,
                              output logic [2:0] err, output int code);
    int pulses;
    real d;
    read_all_g(1'b0);
    ctrl_cmd(OP_PROGRAM, r, c, target_a, pol, err, pulses, code);
    read_all_g(1'b1);
    n_prog_ops++;
    n_pulses += pulses;
    for (int k = 0; k < n16; k++) begin
      d = (g_after[k] - g_before[k]) / g_before[k];
      if (d < 0) d = -d;
      if (k == r * 4 + c) d = 0.0;   // the addressed cell itself
      if (d > worst_disturb) begin
        worst_disturb = d;
        worst_cell = k;
      end
      if (d > DisturbRel) begin
        $display("ERROR: half-selected cell (%0d,%0d) moved by %.3f %% (%.4g -> %.4g S) while programming (%0d,%0d)",
                 k / 4, k % 4, 100 * d, g_before[k], g_after[k], r, c);
        n_bad++;
      end
    end
    $display("  program (%0d,%0d) %s target %.2f uA: err %0d, %0d pulses, read %.3f uA, G %.4g S",
             r, c, pol == POL_SET ? "SET  " : "RESET", target_a * 1e6, err, pulses,
             code * ILsb * 1e6, g_after[r * 4 + c]);
  endtask

  task automatic program_weights;
    logic [2:0] err;
    int code, lv, tries;
    for (int k = 0; k < n16; k++) begin
      lv = level(k / 4, k % 4);
      tries = 0;
      if (lv == 0) begin
        // L: verify that the cell is at the HRS (RESET towards 0 uA; no pulse if it is)
        program_cell(k / 4, k % 4, 0.0, POL_RESET, err, code);
      end else begin
        err = ERR_OVERSHOOT;
        // a RESET that overshoots the middle level: set again and retry
        while (err == ERR_OVERSHOOT && tries < 3) begin
          tries++;
          program_cell(k / 4, k % 4, TargetHA, POL_SET, err, code);
          if (err == ERR_NONE && lv == 1) program_cell(k / 4, k % 4, TargetMA, POL_RESET, err, code);
        end
      end
      if (err != ERR_NONE) begin
        $display("ERROR: cell (%0d,%0d): program-and-verify to level %0d ended with error %0d after %0d tries",
                 k / 4, k % 4, lv, err, tries);
        n_bad++;
      end
    end
  endtask

  // ---------------------------------------------------------------- logic
  // flat arrays (Icarus 11 aborts on multi-dimensional real arrays)
  int  i_code[32];        // ADC code, index pass*16 + gate*4 + pair
  bit  out[16];           // comparator output of pass 2, index gate*4 + pair
  real e_op[8];           // energy per operation, index pass*4 + pair

  // one operation: inputs of pair p on the word lines for 100 ns, comparator
  // sampled inside the pulse, energy across the pulse
  task automatic logic_op(input int pass, input int p);
    real e0, e1, t_in, t_smp;
    bit a, b, got;
    a = p[0];
    b = p[1];
    @(negedge clk);
    e0 = $mxb_energy(h);
    lg_wl_dac[0] = a ? 10'd70 : 10'd7;
    lg_wl_dac[1] = b ? 10'd70 : 10'd7;
    lg_wl_dac[2] = a ? 10'd7 : 10'd70;
    lg_wl_dac[3] = b ? 10'd7 : 10'd70;
    a_start = 1'b1;
    @(posedge clk);                  // the boundary applies the inputs at this edge
    t_in = $realtime;
    @(negedge clk);
    a_start = 1'b0;
    t_smp = -1.0;
    got = 1'b0;
    for (int k = 1; k < PulseCyc; k++) begin
      @(negedge clk);
      if (adc_valid && t_smp < 0) t_smp = $realtime;
      if (a_valid || a_tout) got = 1'b1;
    end
    lg_wl_dac = '0;                  // applied at the edge PulseCyc cycles after t_in
    @(posedge clk);
    if ($realtime - t_in != PulseCyc * ClkNs) begin
      $display("ERROR: input pulse lasted %.1f ns, not %.1f ns", $realtime - t_in, PulseCyc * ClkNs);
      n_bad++;
    end
    @(negedge clk);
    e1 = $mxb_energy(h);
    while (!got) begin
      if (a_valid || a_tout) got = 1'b1;
      else @(negedge clk);
    end
    if (a_tout || t_smp < 0 || t_smp - t_in >= PulseCyc * ClkNs) begin
      $display("ERROR: pair %0d: comparator sample not inside the input pulse (timeout %0b, %.1f ns)",
               p, a_tout, t_smp - t_in);
      n_bad++;
    end
    for (int g = 0; g < n4; g++) begin
      i_code[pass * 16 + g * 4 + p] = a_code[g];
      if (pass == 1) out[g * 4 + p] = a_above[g];
    end
    e_op[pass * 4 + p] = e1 - e0;
    repeat (5) @(negedge clk);
  endtask

  // ---------------------------------------------------------------- main
  function automatic string gname(input int g);
    case (g)
      0: return "AND ";
      1: return "OR  ";
      2: return "NAND";
      default: return "NOR ";
    endcase
  endfunction
  initial begin
    logic [2:0] err;
    int pulses, code, one_min, zero_max, thr, i_max;
    real e_avg;
    $dumpfile("tb_mxb_logic_1s1r.vcd");
    $dumpvars(0, tb_mxb_logic_1s1r);
    h = $mxb_open("ecm_1s1r_4x4.json", "");
    if (h == 0) $finish;
    repeat (3) @(negedge clk);
    rst_n = 1'b1;
    repeat (3) @(negedge clk);

    $display("programming the weights (V/3 inhibition, verify through %.0f ohm, tolerance %0d codes = %.2f uA)",
             RSense, TolCodes, TolCodes * ILsb * 1e6);
    program_weights();
    $display("half-selected cells: worst change %.4f %% (cell %0d,%0d) over %0d program operations, %0d pulses",
             100 * worst_disturb, worst_cell / 4, worst_cell % 4, n_prog_ops, n_pulses);
    for (int r = 0; r < n4; r++)
      $display("  G row %0d: %.4g %.4g %.4g %.4g S", r, g_after[r * 4], g_after[r * 4 + 1],
               g_after[r * 4 + 2], g_after[r * 4 + 3]);

    // pass 1: currents of every gate for every input pair
    @(negedge clk);
    lg_on = 1'b1;
    repeat (5) @(negedge clk);
    a_thr = '1;
    for (int p = 0; p < n4; p++) logic_op(0, p);
    one_min = 1 << AdcW;
    zero_max = -1;
    for (int g = 0; g < n4; g++)
      for (int p = 0; p < n4; p++)
        if (expect_out(g, p)) begin if (i_code[0 * 16 + g * 4 + p] < one_min) one_min = i_code[0 * 16 + g * 4 + p]; end
        else if (i_code[0 * 16 + g * 4 + p] > zero_max) zero_max = i_code[0 * 16 + g * 4 + p];
    $display("bit-line currents (uA) at a,b = 00 10 01 11 through %.0f ohm:", RSense);
    for (int g = 0; g < n4; g++)
      $display("  %s %7.3f %7.3f %7.3f %7.3f", gname(g), i_code[0 * 16 + g * 4 + 0] * ILsb * 1e6,
               i_code[0 * 16 + g * 4 + 1] * ILsb * 1e6, i_code[0 * 16 + g * 4 + 2] * ILsb * 1e6, i_code[0 * 16 + g * 4 + 3] * ILsb * 1e6);
    $display("lowest \"1\" current %.3f uA, highest \"0\" current %.3f uA (ratio %.3f, need > %.2f)",
             one_min * ILsb * 1e6, zero_max * ILsb * 1e6, real'(one_min) / zero_max, 1.0 + MarginRel);
    if (real'(one_min) <= (1.0 + MarginRel) * zero_max) begin
      $display("ERROR: no comparator threshold separates the \"1\" and \"0\" bit-line currents");
      n_bad++;
    end
    i_max = 0;
    for (int g = 0; g < n4; g++)
      for (int p = 0; p < n4; p++) if (i_code[0 * 16 + g * 4 + p] > i_max) i_max = i_code[0 * 16 + g * 4 + p];
    $display("paper's comparator at %.0f uA: largest bit-line current %.3f uA (%.1f %% of it): %s",
             PaperThrA * 1e6, i_max * ILsb * 1e6, 100.0 * i_max * ILsb / PaperThrA,
             i_max * ILsb > PaperThrA ? "reached" : "NOT reached with these sense resistors (reported, not asserted)");

    // pass 2: the comparator with its threshold in the middle of the window
    thr = (one_min + zero_max) / 2;
    a_thr = AdcW'(thr);
    for (int p = 0; p < n4; p++) logic_op(1, p);
    $display("comparator at %.3f uA (code %0d): outputs at a,b = 00 10 01 11", thr * ILsb * 1e6, thr);
    for (int g = 0; g < n4; g++) begin
      $display("  %s  %0b %0b %0b %0b   (expected %0b %0b %0b %0b)", gname(g), out[g * 4 + 0], out[g * 4 + 1],
               out[g * 4 + 2], out[g * 4 + 3], expect_out(g, 0), expect_out(g, 1), expect_out(g, 2),
               expect_out(g, 3));
      for (int p = 0; p < n4; p++) begin
        if (out[g * 4 + p] != expect_out(g, p)) begin
          $display("ERROR: %s(a=%0d, b=%0d) = %0b, expected %0b", gname(g), p & 1, p >> 1,
                   out[g * 4 + p], expect_out(g, p));
          n_bad++;
        end
        if (i_code[1 * 16 + g * 4 + p] - i_code[0 * 16 + g * 4 + p] > 2 * TolCodes / 10 + 2 ||
            i_code[0 * 16 + g * 4 + p] - i_code[1 * 16 + g * 4 + p] > 2 * TolCodes / 10 + 2) begin
          $display("ERROR: %s pair %0d: second pass read %0d codes, first %0d", gname(g), p,
                   i_code[1 * 16 + g * 4 + p], i_code[0 * 16 + g * 4 + p]);
          n_bad++;
        end
      end
    end

    // energy per operation
    e_avg = 0.0;
    for (int p = 0; p < n4; p++) e_avg += (e_op[0 * 4 + p] + e_op[1 * 4 + p]) / 8.0;
    $display("energy per operation (4 gates, one input pair, 100 ns): %.3f %.3f %.3f %.3f pJ, mean %.3f pJ (paper %.2f pJ, ratio %.2f); per gate %.3f pJ",
             e_op[0 * 4 + 0] * 1e12, e_op[0 * 4 + 1] * 1e12, e_op[0 * 4 + 2] * 1e12, e_op[0 * 4 + 3] * 1e12,
             e_avg * 1e12, PaperEJ * 1e12, e_avg / PaperEJ, e_avg / 4 * 1e12);
    if (e_avg < PaperEJ / 2 || e_avg > PaperEJ * 2) begin
      $display("ERROR: energy per operation %.3f pJ not within a factor 2 of %.2f pJ", e_avg * 1e12,
               PaperEJ * 1e12);
      n_bad++;
    end

    $mxb_close(h);
    h = 0;
    if (n_bad == 0) $display("*-* All Finished *-*");
    else $display("ERROR: %0d check(s) failed", n_bad);
    $finish;
  end

  // watchdog (Verilator truncates one long delay: repeat short ones)
  initial begin
    repeat (200) #1ms;
    $display("ERROR: watchdog");
    $finish;
  end
endmodule
