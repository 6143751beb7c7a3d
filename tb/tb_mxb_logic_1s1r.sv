// 1S1R 4x4 Boolean logic of seed 002 (Fig. 5a-d) on the ecm_1s1r_4x4 card,
// real RTL through the analog boundary:
//   - mxb_ctrl_1s1r programs the weights with program-and-verify (SET
//     2.1 -> 2.5 V as in Fig. S14, RESET from ResetStartV = -1.8 V (finer
//     than Fig. S14's -2.2 V start) to -2.6 V, 10 mV steps, 20 us pulses, at
//     most 80 per operation, V/3 inhibition of the unselected lines), every
//     verify read at 0.7 V on the selected word line;
//   - then a, b, ~a, ~b drive word lines 0..3 ("1" = 0.7 V, "0" = 0.07 V,
//     100 ns) and the four bit lines give AND, OR, NAND, NOR (bit lines 0..3,
//     one each as in the paper), compared at the paper's 20 uA for all four
//     input pairs by the mxb_adc_if comparator front end.
// Sensing (a designer's reading of Fig. 5 and Fig. S17): each bit line ends
// in a transimpedance sense amplifier that holds it at virtual ground (the
// paper measured bit-line currents, an SMU is a virtual ground) and passes
// the current through a 26 kohm feedback resistor; its output I x 26 kohm
// goes to a comparator at 20 uA x 26 kohm = 0.52 V. So the model sees a
// virtual-ground sense (tb/mxb_line_boundary, RSenseOhm = 0), the 26 kohm
// appear only in the amplifier's output (the comparator threshold) and in the
// energy (I^2 x 26 kohm dissipated in the feedback resistor). A plain 26 kohm
// resistor from bit line to ground instead would leave 0.7 - 0.52 = 0.18 V
// across a cell at 20 uA, below the selector's hold voltage: no cell can
// carry it and the sums compress (one LRS cell 3.5 uA, two 4.3 uA).
// Weights (word line: a, b, ~a, ~b; H = strong, M = middle, L = never set,
// verified at the HRS), read targets at 0.7 V:
//   AND  H H L L     OR   H H M M     NAND M M H H     NOR  L L H H
// Only two word lines are ever at 0.7 V (a or ~a, b or ~b; a cell at 0.07 V
// stays below its selector's threshold and carries ~0), so a gate's bit-line
// current is the sum of the two cells of the high inputs: AND and NOR need
// 2 H > 20 uA > H, OR and NAND need H + M > 20 uA > 2 M. With H = 13 uA and
// M = 9 uA every current is at least 10 % from 20 uA (26, 22, 18 or 13 uA);
// the verify tolerance (0.4 uA) keeps at least MarginRel.
// Checks (the paper's claims):
//   - every program-and-verify ends without error; before and after every
//     program operation every cell's conductance ($mxb_cell_g at 0.7 V, under
//     the controller's read bias) is recorded, and every other cell must stay
//     within 1 % (half-selected and unselected cells under V/3: +-A/3);
//   - every "1" bit-line current is at least MarginRel above 20 uA and every
//     "0" current at least MarginRel below it, and the comparator at 20 uA
//     (0.52 V behind 26 kohm) gives the four truth tables, on two passes that
//     agree;
//   - energy per logic operation (one gate, one input pair, 100 ns: the word-
//     line drivers' energy, i.e. cells and wires, plus the feedback resistor's
//     I^2 R, averaged over the four gates, four pairs, two passes) within a
//     factor 2 of the paper's 1.28 pJ per logic.
`timescale 1ns/1ps
module tb_mxb_logic_1s1r #(
  parameter real RFbOhm   = 26e3,    // seed 002: 26 kohm (Fig. S17), TIA feedback resistor
  // verify targets (single-cell read at 0.7 V, virtual ground)
  parameter real TargetHA = 13.0e-6,
  parameter real TargetMA = 9.0e-6,
  parameter real TolA     = 0.4e-6,
  // first RESET amplitude: below the paper's -2.2 V (Fig. S14) so that the
  // reset from H to M takes steps finer than the tolerance
  parameter real ResetStartV = -1.8
);
`include "mxb.svh"
  import mxb_pkg::*;

  localparam real ClkNs     = 20.0;
  localparam real ClkS      = ClkNs * 1e-9;
  localparam int  AdcW      = 12;
  localparam real IFull     = 40e-6;         // ADC full scale (TIA output 1.04 V): two strong cells fit
  localparam real ILsb      = IFull / ((1 << AdcW) - 1);
  localparam real V1        = 0.7, V0 = 0.07; // logic "1" / "0" on the word lines
  localparam int  PulseCyc  = 5;             // 100 ns input pulse
  localparam real PaperThrA = 20e-6;         // the paper's bit-line current threshold
  localparam real VCmpV     = PaperThrA * RFbOhm; // comparator at the TIA output: 0.52 V
  localparam real PaperEJ   = 1.28e-12;
  localparam real MarginRel = 0.05;          // every current >= 5 % away from 20 uA
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
    .ReadV(0.7), .SetStartV(2.1), .SetStopV(2.5), .ResetStartV(ResetStartV), .ResetStopV(-2.6),
    .StepV(0.01), .PulseS(20e-6), .SettleS(1e-6), .MaxPulses(80), .TolCodes(TolCodes),
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

  // the handle only out of reset: the boundary stops at X/Z on any mode, code or request it
  // uses, and the controller's outputs are X until its first clock edge in reset
  mxb_line_boundary #(
    .Planes(2), .Lines(4), .DacWidth(10), .DacLsbV(0.01), .AdcWidth(AdcW), .IFullA(IFull),
    .RSenseOhm(0.0)                    // virtual ground: the TIA input
  ) u_bnd (
    .clk_i(clk), .handle_i(rst_n ? h : 0), .mode_i(mode), .dac_i(dac),
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

  `include "mxb_ctrl_cmd.svh"

  task automatic ctrl_cmd(input logic [1:0] op, input int r, input int c, input real target_a,
                          input logic pol, output logic [2:0] err, output int pulses,
                          output int code);
    ctrl_cmd_open("logic_1s1r");
    cmd_op = op;
    cmd_row = 2'(r);
    cmd_col = 2'(c);
    cmd_target = AdcW'(int'(target_a / ILsb));
    cmd_pol = pol;
    ctrl_cmd_wait("logic_1s1r", 4_000_000);
    err = rsp_err;
    pulses = int'(rsp_pulses);
    code = int'(rsp_code);
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

  // H by SET (the set stalls at a level that grows with the pulse amplitude:
  // the staircase of Fig. S14 converges on the target); M by SET to H, then
  // RESET down to M (the reset steps from a strong level are finer than the
  // first set steps out of the HRS); an overshoot is corrected in the other
  // polarity, at most five operations per cell. L: verify that the cell is at
  // the HRS (RESET towards 0 uA; no pulse if it is).
  task automatic program_weights;
    logic [2:0] err;
    logic pol;
    int code, lv, tries;
    for (int k = 0; k < n16; k++) begin
      lv = level(k / 4, k % 4);
      tries = 0;
      if (lv == 0) begin
        program_cell(k / 4, k % 4, 0.0, POL_RESET, err, code);
      end else begin
        tries++;
        program_cell(k / 4, k % 4, TargetHA, POL_SET, err, code);
        if (lv == 1 && (err == ERR_NONE || err == ERR_OVERSHOOT)) begin
          err = ERR_OVERSHOOT;
          pol = POL_RESET;
          while (err == ERR_OVERSHOOT && tries < 5) begin
            tries++;
            program_cell(k / 4, k % 4, TargetMA, pol, err, code);
            pol = pol == POL_SET ? POL_RESET : POL_SET;
          end
        end
      end
      if (err != ERR_NONE) begin
        $display("ERROR: cell (%0d,%0d): program-and-verify to level %0d ended with error %0d after %0d operations",
                 k / 4, k % 4, lv, err, tries);
        n_bad++;
      end
    end
  endtask

  // ---------------------------------------------------------------- logic
  // flat arrays (Icarus 11 aborts on multi-dimensional real arrays)
  int  i_code[32];        // ADC code, index pass*16 + gate*4 + pair
  bit  out[16];           // comparator output of pass 2, index gate*4 + pair
  real e_src[8];          // word-line drivers' energy over the pulse, index pass*4 + pair
  real e_fb[8];           // feedback resistors' I^2 R over the pulse, index pass*4 + pair
  real e_cell[8];         // of e_src, dissipated in the cells

  // one operation: inputs of pair p on the word lines for 100 ns, comparator
  // sampled inside the pulse, energy across the pulse
  task automatic logic_op(input int pass, input int p);
    real e0, e1, c0, c1, t_in, t_smp, efb, ib;
    bit a, b, got;
    a = p[0];
    b = p[1];
    @(negedge clk);
    e0 = $mxb_energy(h);
    c0 = $mxb_energy_cells(h);
    efb = 0.0;
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
    // the feedback resistors' dissipation, midpoint rule: the negedges sit in
    // the middle of the pulse's five clock periods
    for (int c = 0; c < n4; c++) begin
      ib = $mxb_read(h, 1, c);
      efb += ib * ib * RFbOhm * ClkS;
    end
    for (int k = 1; k < PulseCyc; k++) begin
      @(negedge clk);
      for (int c = 0; c < n4; c++) begin
        ib = $mxb_read(h, 1, c);
        efb += ib * ib * RFbOhm * ClkS;
      end
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
    c1 = $mxb_energy_cells(h);
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
      i_code[pass * 16 + g * 4 + p] = int'(a_code[g]);
      if (pass == 1) out[g * 4 + p] = a_above[g];
    end
    e_src[pass * 4 + p] = e1 - e0;
    e_cell[pass * 4 + p] = c1 - c0;
    e_fb[pass * 4 + p] = efb;
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
    int one_min, zero_max, thr;
    real e_avg, e_s, e_f, e_c;
    $dumpfile("tb_mxb_logic_1s1r.vcd");
    $dumpvars(0, tb_mxb_logic_1s1r);
    h = $mxb_open("ecm_1s1r_4x4.json", "");
    if (h == 0) $finish;
    repeat (3) @(negedge clk);
    rst_n = 1'b1;
    repeat (3) @(negedge clk);

    $display("programming the weights (V/3 inhibition, 10 mV steps, targets H %.2f / M %.2f uA, tolerance %0d codes = %.2f uA)",
             TargetHA * 1e6, TargetMA * 1e6, TolCodes, TolCodes * ILsb * 1e6);
    program_weights();
    $display("half-selected cells: worst change %.4f %% (cell %0d,%0d) over %0d program operations, %0d pulses",
             100 * worst_disturb, worst_cell / 4, worst_cell % 4, n_prog_ops, n_pulses);
    for (int r = 0; r < n4; r++)
      $display("  G row %0d: %.4g %.4g %.4g %.4g S", r, g_after[r * 4], g_after[r * 4 + 1],
               g_after[r * 4 + 2], g_after[r * 4 + 3]);

    // the comparator: 20 uA through the 26 kohm feedback resistor = 0.52 V at
    // the TIA output, as an ADC code of the bit-line current
    thr = int'(VCmpV / (RFbOhm * ILsb) + 0.5);
    a_thr = AdcW'(thr);
    @(negedge clk);
    lg_on = 1'b1;
    repeat (5) @(negedge clk);
    for (int pass = 0; pass < 2; pass++) begin
      for (int p = 0; p < n4; p++) logic_op(pass, p);
      repeat (5) @(negedge clk);
    end
    one_min = 1 << AdcW;
    zero_max = -1;
    for (int pass = 0; pass < 2; pass++)
      for (int g = 0; g < n4; g++)
        for (int p = 0; p < n4; p++)
          if (expect_out(g, p)) begin
            if (i_code[pass * 16 + g * 4 + p] < one_min) one_min = i_code[pass * 16 + g * 4 + p];
          end else if (i_code[pass * 16 + g * 4 + p] > zero_max) begin
            zero_max = i_code[pass * 16 + g * 4 + p];
          end
    $display("bit-line currents (uA; TIA output V = I x %.0f ohm) at a,b = 00 10 01 11:", RFbOhm);
    for (int g = 0; g < n4; g++)
      $display("  %s %7.3f %7.3f %7.3f %7.3f", gname(g), i_code[0 * 16 + g * 4 + 0] * ILsb * 1e6,
               i_code[0 * 16 + g * 4 + 1] * ILsb * 1e6, i_code[0 * 16 + g * 4 + 2] * ILsb * 1e6,
               i_code[0 * 16 + g * 4 + 3] * ILsb * 1e6);
    $display("comparator at %.1f uA (%.3f V at the TIA output, code %0d): lowest \"1\" %.3f uA (+%.1f %%), highest \"0\" %.3f uA (-%.1f %%), need %.0f %% each side",
             PaperThrA * 1e6, VCmpV, thr, one_min * ILsb * 1e6,
             100.0 * (one_min * ILsb / PaperThrA - 1.0), zero_max * ILsb * 1e6,
             100.0 * (1.0 - zero_max * ILsb / PaperThrA), 100.0 * MarginRel);
    if (one_min * ILsb < (1.0 + MarginRel) * PaperThrA || zero_max * ILsb > (1.0 - MarginRel) * PaperThrA) begin
      $display("ERROR: bit-line currents within %.0f %% of the 20 uA threshold", 100.0 * MarginRel);
      n_bad++;
    end
    $display("comparator outputs at a,b = 00 10 01 11 (second pass)");
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
        if (i_code[1 * 16 + g * 4 + p] - i_code[0 * 16 + g * 4 + p] > TolCodes / 10 + 2 ||
            i_code[0 * 16 + g * 4 + p] - i_code[1 * 16 + g * 4 + p] > TolCodes / 10 + 2) begin
          $display("ERROR: %s pair %0d: second pass read %0d codes, first %0d", gname(g), p,
                   i_code[1 * 16 + g * 4 + p], i_code[0 * 16 + g * 4 + p]);
          n_bad++;
        end
      end
    end

    // energy per logic operation: one gate, one input pair (the paper's
    // "average computation energy for each logic")
    e_avg = 0.0;
    e_s = 0.0;
    e_f = 0.0;
    e_c = 0.0;
    for (int k = 0; k < 8; k++) begin
      e_s += e_src[k] / 32.0;
      e_f += e_fb[k] / 32.0;
      e_c += e_cell[k] / 32.0;
    end
    e_avg = e_s + e_f;
    $display("energy per input pair (4 gates, 100 ns, drivers + feedback resistors): %.3f %.3f %.3f %.3f pJ",
             (e_src[0] + e_fb[0]) * 1e12, (e_src[1] + e_fb[1]) * 1e12, (e_src[2] + e_fb[2]) * 1e12,
             (e_src[3] + e_fb[3]) * 1e12);
    $display("energy per logic operation: %.3f pJ = drivers %.3f pJ (cells %.3f pJ) + 26 kohm feedback %.3f pJ (paper %.2f pJ, ratio %.2f)",
             e_avg * 1e12, e_s * 1e12, e_c * 1e12, e_f * 1e12, PaperEJ * 1e12, e_avg / PaperEJ);
    if (e_avg < PaperEJ / 2 || e_avg > PaperEJ * 2) begin
      $display("ERROR: energy per logic operation %.3f pJ not within a factor 2 of %.2f pJ", e_avg * 1e12,
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
