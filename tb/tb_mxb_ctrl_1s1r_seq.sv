// tb_mxb_ctrl_1s1r_seq.sv -- self-checking sequence test of mxb_ctrl_1s1r against a
// behavioural fake 1S1R array (pure RTL: no crossbar model, no DPI/VPI).
//
// tb_mxb_fake_1s1r (below) holds one conductance code per cell (= its ADC code at the read
// voltage).  Every clock it evaluates the cell voltages V(wl) - V(bl) of all driven lines and:
//   * applies a program step to a cell when a pulse ends (|V| >= 2.0 V during the pulse):
//       SET   dG = +(A - 1.95 V)/30 mV codes,  RESET dG = -(|A| - 2.05 V)/30 mV codes;
//   * fails if any other cell sees |V| >= 1.5 V (inhibition broken / disturb);
//   * checks pulse width (exactly PulseS), the amplitude staircase and the inhibit levels of
//     every unselected line during the pulse (V/2 or V/3 scheme);
//   * on adc_req_o checks the read bias (selected WL at 0.7 V, other WLs at RdUnselCode, all
//     BLs sensed) and answers 3 cycles later with one code per bit line (or never, when muted);
//     with RefOk it also accepts a reference sample (no WL at 0.7 V, every WL at RdUnselCode),
//     and only as the next request after a first sample, which must be followed by one;
//   * sneak / hold-bias current: every cell whose WL is at a nonzero level adds Sneak codes to
//     its bit line, and the cell at the read voltage gives g on top of that (g = its code above
//     the hold level).  A read: g[sel][c] + Rows * Sneak; a reference: Rows * Sneak (+ the
//     ref_extra hook), so first - reference = g[sel][c] exactly;
//   * with IdleChk, in every cycle with idle (cmd_ready_o) high: every WL driven at IdleCode,
//     every BL sensed.
//   Defaults (RdUnselCode 0, RefOk 0, Sneak 0, IdleChk 0) are the checks DUTs a and b use.
// The test drives commands and checks rsp_err / pulses / code against the arithmetic of the
// fake array: read, SET to target, pulse limit (ERR_RETRY), RESET to target, overshoot,
// already-in-tolerance, address and op errors, ADC timeout, and a V/3 instance on a 3x5 array.
// DUT c (4x4, V/3, ReadUnselV 0.25 V, IdleBias with IdleV 0.3 V, ReadRef; fake Sneak 7 codes):
// reads return g exactly with two ADC requests (without the reference they would be off by
// 4 x 7 = 28), SET and an overshoot decided on the reference-subtracted code (pulse count and
// amplitudes as the fake's arithmetic predicts, not as the raw first sample would give),
// a reference above the first sample gives code 0, a larger reference is subtracted (not a
// fixed offset), ADC timeout in the reference sample gives ERR_ADC_TIMEOUT, then reads recover;
// adc_valid held high for N cycles (the fake's `hold` hook): into the reference's wait the
// read stays right, across the reference request it times out instead of taking the first
// sample again as the reference; its idle lines are checked in every idle cycle of the run.
// Prints "*-* All Finished *-*" on success, $fatal(1) on failure.

module tb_mxb_fake_1s1r #(
  parameter int Rows     = 4,
  parameter int Cols     = 4,
  parameter int DacWidth = 10,
  parameter int AdcWidth = 10,
  parameter logic [1:0] Inhibit = 2'd0,  // mxb_pkg::inhibit_e value expected from the controller
  parameter int PulseCyc = 200,     // expected pulse width, cycles
  parameter int RdUnselCode = 0,    // expected code of unselected WLs during reads
  parameter bit RefOk    = 1'b0,    // reference samples (every WL at RdUnselCode) expected
  parameter int Sneak    = 0,       // codes added per cell whose WL is at a nonzero level
  parameter bit IdleChk  = 1'b0,    // check the idle bias (WLs at IdleCode, BLs sensed)
  parameter int IdleCode = 0        // expected idle WL code with IdleChk
) (
  input  logic                          clk,
  input  logic                          idle,     // the controller's cmd_ready_o
  input  logic [Rows-1:0][1:0]          wl_mode,
  input  logic [Rows-1:0][DacWidth-1:0] wl_dac,
  input  logic [Cols-1:0][1:0]          bl_mode,
  input  logic [Cols-1:0][DacWidth-1:0] bl_dac,
  input  logic                          adc_req,
  output logic                          adc_valid,
  output logic [Cols-1:0][AdcWidth-1:0] adc_code
);
  timeunit 1ns;
  timeprecision 1ps;
  import mxb_pkg::*;

  localparam int ReadCode = 70;    // 0.7 V at 10 mV/LSB
  localparam int PulseThr = 200;   // 2.0 V: a program pulse
  localparam int DisturbThr = 150; // 1.5 V: nothing else may see this
  localparam int GMax = 1000;

  int g[Rows][Cols];
  bit mute;                        // do not answer ADC requests
  bit mute_ref;                    // do not answer reference samples
  int ref_extra;                   // codes added to every bit line of a reference sample
  int hold;                        // cycles adc_valid stays high per answer (default 1)
  int hold_left;
  logic [Cols-1:0][AdcWidth-1:0] pend; // codes of the request being answered
  int n_refs;                      // reference samples (counted in n_reads too)
  int n_idle;                      // idle cycles checked (IdleChk)
  bit ref_due;                     // RefOk: a first sample was taken, its reference is next
  // pulse bookkeeping
  int n_pulses;
  int amps[64];
  int n_reads;
  int cur_r, cur_c, cur_amp, cur_len;
  int rd_delay;

  function automatic int sdac(input logic [DacWidth-1:0] d);
    return int'($signed(d));
  endfunction

  function automatic int cell_v(input int r, input int c);
    int vw, vb;
    vw = (wl_mode[r] == LINE_DRIVE) ? sdac(wl_dac[r]) : 0;
    vb = (bl_mode[c] == LINE_DRIVE) ? sdac(bl_dac[c]) : 0;
    return vw - vb;
  endfunction

  function automatic bit cell_driven(input int r, input int c);
    return (wl_mode[r] == LINE_DRIVE) &&
           (bl_mode[c] == LINE_DRIVE || bl_mode[c] == LINE_SENSE);
  endfunction

  task automatic end_pulse;
    int dg;
    if (cur_amp > 0) dg = (cur_amp - 195) / 3;
    else dg = -((-cur_amp - 205) / 3);
    g[cur_r][cur_c] = g[cur_r][cur_c] + dg;
    if (g[cur_r][cur_c] < 0) g[cur_r][cur_c] = 0;
    if (g[cur_r][cur_c] > GMax) g[cur_r][cur_c] = GMax;
    if (cur_len != PulseCyc) $fatal(1, "fake: pulse width %0d cycles, expected %0d", cur_len, PulseCyc);
    if (n_pulses < 64) amps[n_pulses] = cur_amp;
    n_pulses++;
    cur_r = -1;
  endtask

  task automatic check_inhibit(input int sr, input int sc, input int a);
    int exp_wl, exp_bl;
    if (Inhibit == INHIBIT_V3) begin
      exp_wl = a / 3;
      exp_bl = a - a / 3;
    end else begin
      exp_wl = a / 2;
      exp_bl = a / 2;
    end
    if (bl_mode[sc] != LINE_DRIVE || sdac(bl_dac[sc]) != 0) $fatal(1, "fake: selected BL not at 0 V");
    for (int r = 0; r < Rows; r++) begin
      if (r != sr) begin
        if (Inhibit == INHIBIT_FLOAT) begin
          if (wl_mode[r] != LINE_FLOAT) $fatal(1, "fake: WL %0d not floating", r);
        end else if (wl_mode[r] != LINE_DRIVE || sdac(wl_dac[r]) != exp_wl) begin
          $fatal(1, "fake: WL %0d at %0d (mode %0d), expected inhibit %0d", r, sdac(wl_dac[r]),
                 wl_mode[r], exp_wl);
        end
      end
    end
    for (int c = 0; c < Cols; c++) begin
      if (c != sc) begin
        if (Inhibit == INHIBIT_FLOAT) begin
          if (bl_mode[c] != LINE_FLOAT) $fatal(1, "fake: BL %0d not floating", c);
        end else if (bl_mode[c] != LINE_DRIVE || sdac(bl_dac[c]) != exp_bl) begin
          $fatal(1, "fake: BL %0d at %0d (mode %0d), expected inhibit %0d", c, sdac(bl_dac[c]),
                 bl_mode[c], exp_bl);
        end
      end
    end
  endtask

  initial begin
    for (int r = 0; r < Rows; r++) for (int c = 0; c < Cols; c++) g[r][c] = 0;
    mute = 0; n_pulses = 0; n_reads = 0; cur_r = -1; cur_c = -1; cur_amp = 0; cur_len = 0;
    mute_ref = 0; ref_extra = 0; n_refs = 0; n_idle = 0; ref_due = 0; hold = 1; hold_left = 0;
    pend = '0;
    rd_delay = -1;
    adc_valid = 1'b0;
    adc_code = '0;
  end

  always @(posedge clk) begin : eval
    int pr, pc, v, n_hot;
    pr = -1; pc = -1; n_hot = 0;
    // find the pulsed cell, check everyone else
    for (int r = 0; r < Rows; r++) begin
      for (int c = 0; c < Cols; c++) begin
        if (cell_driven(r, c)) begin
          v = cell_v(r, c);
          if (v >= PulseThr || v <= -PulseThr) begin
            pr = r; pc = c; n_hot++;
          end else if (v >= DisturbThr || v <= -DisturbThr) begin
            $fatal(1, "fake: disturb: cell (%0d,%0d) sees %0d LSB", r, c, v);
          end
        end
      end
    end
    if (n_hot > 1) $fatal(1, "fake: %0d cells above the program threshold", n_hot);
    if (pr >= 0) begin
      v = cell_v(pr, pc);
      if (cur_r < 0) begin
        cur_r = pr; cur_c = pc; cur_amp = v; cur_len = 0;
        if (n_reads == 0) $fatal(1, "fake: pulse before any verify read");
      end else if (pr != cur_r || pc != cur_c || v != cur_amp) begin
        $fatal(1, "fake: pulse changed cell or amplitude mid-pulse");
      end
      cur_len++;
      check_inhibit(pr, pc, sdac(wl_dac[pr]));
    end else if (cur_r >= 0) begin
      end_pulse();
    end

    // idle bias
    if (IdleChk && idle === 1'b1) begin
      n_idle++;
      for (int r = 0; r < Rows; r++) begin
        if (wl_mode[r] != LINE_DRIVE || sdac(wl_dac[r]) != IdleCode) begin
          $fatal(1, "fake: idle WL %0d at %0d (mode %0d), expected driven at %0d", r,
                 sdac(wl_dac[r]), wl_mode[r], IdleCode);
        end
      end
      for (int c = 0; c < Cols; c++) begin
        if (bl_mode[c] != LINE_SENSE) $fatal(1, "fake: idle BL %0d not sensed", c);
      end
    end

    // ADC: the codes of a request are published with its answer; valid stays high for
    // `hold` cycles (hook: a slow ADC handshake)
    adc_valid <= 1'b0;
    if (hold_left > 0) begin
      adc_valid <= 1'b1;
      hold_left = hold_left - 1;
    end
    if (rd_delay > 0) begin
      rd_delay = rd_delay - 1;
    end else if (rd_delay == 0) begin
      adc_valid <= 1'b1;
      adc_code <= pend;
      hold_left = hold - 1;
      rd_delay = -1;
    end
    if (adc_req) begin
      int sel, n_on, code;
      sel = -1;
      n_on = 0;
      n_reads++;
      for (int r = 0; r < Rows; r++) begin
        if (wl_mode[r] != LINE_DRIVE) $fatal(1, "fake: read with WL %0d not driven", r);
        if (sdac(wl_dac[r]) == ReadCode) begin
          if (sel >= 0) $fatal(1, "fake: two WLs at the read voltage");
          sel = r;
        end else if (sdac(wl_dac[r]) != RdUnselCode) begin
          $fatal(1, "fake: unselected WL %0d at %0d during read, expected %0d", r,
                 sdac(wl_dac[r]), RdUnselCode);
        end
        if (sdac(wl_dac[r]) != 0) n_on++;
      end
      if (sel < 0 && !RefOk) $fatal(1, "fake: no WL at the read voltage");
      if (sel < 0 && !ref_due) $fatal(1, "fake: reference sample without a first sample");
      if (sel >= 0 && ref_due) $fatal(1, "fake: first sample without the previous reference");
      if (sel < 0) n_refs++;
      for (int c = 0; c < Cols; c++) begin
        if (bl_mode[c] != LINE_SENSE) $fatal(1, "fake: BL %0d not sensed during read", c);
        code = n_on * Sneak + ((sel >= 0) ? g[sel][c] : ref_extra);
        if (code > (1 << AdcWidth) - 1) code = (1 << AdcWidth) - 1;
        pend[c] = AdcWidth'(code);
      end
      // a muted first sample ends the command (timeout): no reference follows it
      ref_due = RefOk && sel >= 0 && !mute;
      if (!mute && !(sel < 0 && mute_ref)) rd_delay = 2;
    end
  end
endmodule


module tb_mxb_ctrl_1s1r_seq;
  timeunit 1ns;
  timeprecision 1ps;
  import mxb_pkg::*;

  localparam real ClkS = 100e-9;      // 10 MHz: 20 us pulse = 200 cycles, 1 us settle = 10
  localparam int  DacW = 10;
  localparam int  AdcW = 10;
  localparam int  MaxP = 8;
  localparam int  Tol  = 4;

  logic clk, rst_n;

  // shared command fields, separate valid per DUT (driven from cmd_valid below)
  logic [1:0]      cmd_op;
  logic [2:0]      cmd_row;
  logic [2:0]      cmd_col;
  logic [AdcW-1:0] cmd_target;
  logic            cmd_pol;

  // ---- DUT A: 4x4, V/2
  logic a_valid, a_ready, a_rsp_valid, a_busy, a_adc_req, a_adc_valid;
  logic [2:0] a_err; logic [7:0] a_pulses; logic [AdcW-1:0] a_code;
  logic [3:0][1:0] a_wl_mode, a_bl_mode;
  logic [3:0][DacW-1:0] a_wl_dac, a_bl_dac;
  logic [3:0][AdcW-1:0] a_adc_code;

  mxb_ctrl_1s1r #(
    .Rows(4), .Cols(4), .DacWidth(DacW), .AdcWidth(AdcW), .ClkPeriodS(ClkS), .MaxPulses(MaxP),
    .TolCodes(Tol), .AdcTimeoutCycles(50), .Inhibit(INHIBIT_V2)
  ) u_a (
    .clk_i(clk), .rst_ni(rst_n), .cmd_valid_i(a_valid), .cmd_ready_o(a_ready),
    .cmd_op_i(cmd_op), .cmd_row_i(cmd_row[1:0]), .cmd_col_i(cmd_col[1:0]),
    .cmd_target_i(cmd_target), .cmd_pol_i(cmd_pol), .rsp_valid_o(a_rsp_valid),
    .rsp_err_o(a_err), .rsp_pulses_o(a_pulses), .rsp_code_o(a_code), .busy_o(a_busy),
    .wl_mode_o(a_wl_mode), .wl_dac_o(a_wl_dac), .bl_mode_o(a_bl_mode), .bl_dac_o(a_bl_dac),
    .adc_req_o(a_adc_req), .adc_valid_i(a_adc_valid), .adc_code_i(a_adc_code)
  );

  tb_mxb_fake_1s1r #(.Rows(4), .Cols(4), .DacWidth(DacW), .AdcWidth(AdcW),
                     .Inhibit(INHIBIT_V2), .PulseCyc(200)) u_arr_a (
    .clk(clk), .idle(a_ready), .wl_mode(a_wl_mode), .wl_dac(a_wl_dac), .bl_mode(a_bl_mode), .bl_dac(a_bl_dac),
    .adc_req(a_adc_req), .adc_valid(a_adc_valid), .adc_code(a_adc_code)
  );

  // ---- DUT B: 3x5, V/3 (non-power-of-two array: address errors are reachable)
  logic b_valid, b_ready, b_rsp_valid, b_busy, b_adc_req, b_adc_valid;
  logic [2:0] b_err; logic [7:0] b_pulses; logic [AdcW-1:0] b_code;
  logic [2:0][1:0] b_wl_mode;
  logic [4:0][1:0] b_bl_mode;
  logic [2:0][DacW-1:0] b_wl_dac;
  logic [4:0][DacW-1:0] b_bl_dac;
  logic [4:0][AdcW-1:0] b_adc_code;

  mxb_ctrl_1s1r #(
    .Rows(3), .Cols(5), .DacWidth(DacW), .AdcWidth(AdcW), .ClkPeriodS(ClkS), .MaxPulses(MaxP),
    .TolCodes(Tol), .AdcTimeoutCycles(50), .Inhibit(INHIBIT_V3)
  ) u_b (
    .clk_i(clk), .rst_ni(rst_n), .cmd_valid_i(b_valid), .cmd_ready_o(b_ready),
    .cmd_op_i(cmd_op), .cmd_row_i(cmd_row[1:0]), .cmd_col_i(cmd_col),
    .cmd_target_i(cmd_target), .cmd_pol_i(cmd_pol), .rsp_valid_o(b_rsp_valid),
    .rsp_err_o(b_err), .rsp_pulses_o(b_pulses), .rsp_code_o(b_code), .busy_o(b_busy),
    .wl_mode_o(b_wl_mode), .wl_dac_o(b_wl_dac), .bl_mode_o(b_bl_mode), .bl_dac_o(b_bl_dac),
    .adc_req_o(b_adc_req), .adc_valid_i(b_adc_valid), .adc_code_i(b_adc_code)
  );

  tb_mxb_fake_1s1r #(.Rows(3), .Cols(5), .DacWidth(DacW), .AdcWidth(AdcW),
                     .Inhibit(INHIBIT_V3), .PulseCyc(200)) u_arr_b (
    .clk(clk), .idle(b_ready), .wl_mode(b_wl_mode), .wl_dac(b_wl_dac), .bl_mode(b_bl_mode), .bl_dac(b_bl_dac),
    .adc_req(b_adc_req), .adc_valid(b_adc_valid), .adc_code(b_adc_code)
  );

  // ---- DUT C: 4x4, V/3, hold bias: ReadUnselV 0.25 V, IdleBias at IdleV 0.3 V, ReadRef
  localparam int CUnsel = 25;       // ReadUnselV 0.25 V in DAC codes
  localparam int CIdle  = 30;       // IdleV 0.3 V (differs from ReadUnselV: a mix-up is caught)
  localparam int CSneak = 7;        // codes per cell with its WL at a nonzero level
  logic c_valid, c_ready, c_rsp_valid, c_busy, c_adc_req, c_adc_valid;
  logic [2:0] c_err; logic [7:0] c_pulses; logic [AdcW-1:0] c_code;
  logic [3:0][1:0] c_wl_mode, c_bl_mode;
  logic [3:0][DacW-1:0] c_wl_dac, c_bl_dac;
  logic [3:0][AdcW-1:0] c_adc_code;

  mxb_ctrl_1s1r #(
    .Rows(4), .Cols(4), .DacWidth(DacW), .AdcWidth(AdcW), .ClkPeriodS(ClkS), .MaxPulses(MaxP),
    .TolCodes(Tol), .AdcTimeoutCycles(50), .Inhibit(INHIBIT_V3), .ReadUnselV(0.25),
    .IdleBias(1'b1), .IdleV(0.3), .ReadRef(1'b1)
  ) u_c (
    .clk_i(clk), .rst_ni(rst_n), .cmd_valid_i(c_valid), .cmd_ready_o(c_ready),
    .cmd_op_i(cmd_op), .cmd_row_i(cmd_row[1:0]), .cmd_col_i(cmd_col[1:0]),
    .cmd_target_i(cmd_target), .cmd_pol_i(cmd_pol), .rsp_valid_o(c_rsp_valid),
    .rsp_err_o(c_err), .rsp_pulses_o(c_pulses), .rsp_code_o(c_code), .busy_o(c_busy),
    .wl_mode_o(c_wl_mode), .wl_dac_o(c_wl_dac), .bl_mode_o(c_bl_mode), .bl_dac_o(c_bl_dac),
    .adc_req_o(c_adc_req), .adc_valid_i(c_adc_valid), .adc_code_i(c_adc_code)
  );

  tb_mxb_fake_1s1r #(.Rows(4), .Cols(4), .DacWidth(DacW), .AdcWidth(AdcW),
                     .Inhibit(INHIBIT_V3), .PulseCyc(200), .RdUnselCode(CUnsel), .RefOk(1'b1),
                     .Sneak(CSneak), .IdleChk(1'b1), .IdleCode(CIdle)) u_arr_c (
    .clk(clk), .idle(c_ready), .wl_mode(c_wl_mode), .wl_dac(c_wl_dac), .bl_mode(c_bl_mode),
    .bl_dac(c_bl_dac), .adc_req(c_adc_req), .adc_valid(c_adc_valid), .adc_code(c_adc_code)
  );

  initial clk = 1'b0;
  always #50 clk = ~clk;

  int r_err, r_pulses, r_code, p0, n0, f0;
  bit held;  // run_cmd issues its command twice back to back (ctrl_cmd_held)

  // The command handshake (tb/mxb_ctrl_cmd.svh) on the DUT chosen by `dut`: a (0), b (1), c (2).
  int   dut;
  logic cmd_valid, cmd_ready, rsp_valid;
  assign a_valid   = cmd_valid && (dut == 0);
  assign b_valid   = cmd_valid && (dut == 1);
  assign c_valid   = cmd_valid && (dut == 2);
  assign cmd_ready = (dut == 0) ? a_ready : ((dut == 1) ? b_ready : c_ready);
  assign rsp_valid = (dut == 0) ? a_rsp_valid : ((dut == 1) ? b_rsp_valid : c_rsp_valid);

  `include "mxb_ctrl_cmd.svh"

  // Issue one command to DUT a (which = 0), b (which = 1) or c (which = 2) and wait for its
  // response.
  task automatic run_cmd(input int which, input logic [1:0] op, input int row, input int col,
                         input int target, input logic pol);
    string who;
    if (which == 0) who = "DUT a";
    else if (which == 1) who = "DUT b";
    else who = "DUT c";
    dut = which;
    ctrl_cmd_open(who);
    cmd_op = op; cmd_row = 3'(row); cmd_col = 3'(col); cmd_target = AdcW'(target);
    cmd_pol = pol;
    if (held) ctrl_cmd_held(who, 100000);
    else ctrl_cmd_wait(who, 100000);
    if (which == 0) begin
      r_err = int'(a_err); r_pulses = int'(a_pulses); r_code = int'(a_code);
    end else if (which == 1) begin
      r_err = int'(b_err); r_pulses = int'(b_pulses); r_code = int'(b_code);
    end else begin
      r_err = int'(c_err); r_pulses = int'(c_pulses); r_code = int'(c_code);
    end
    $display("cmd dut%0d op=%0d (%0d,%0d) target=%0d pol=%0d -> err=%0d pulses=%0d code=%0d",
             which, op, row, col, target, pol, r_err, r_pulses, r_code);
  endtask

  task automatic expect_rsp(input logic [2:0] err, input int pulses, input int code);
    if (r_err != int'(err) || r_pulses != pulses || r_code != code) begin
      $fatal(1, "response err=%0d pulses=%0d code=%0d, expected err=%0d pulses=%0d code=%0d",
             r_err, r_pulses, r_code, err, pulses, code);
    end
  endtask

  // Pulses first .. first + n - 1 of DUT a (which = 0) or c (which = 2): a staircase from a0
  // in steps of step, clamped at stop.
  task automatic expect_amps(input int which, input int first, input int n, input int a0,
                             input int step, input int stop);
    int a, got;
    a = a0;
    for (int i = 0; i < n; i++) begin
      got = (which == 0) ? u_arr_a.amps[first + i] : u_arr_c.amps[first + i];
      if (got != a) begin
        $fatal(1, "DUT %0d pulse %0d amplitude %0d, expected %0d", which, i, got, a);
      end
      a = a + step;
      if (step > 0 && a > stop) a = stop;
      if (step < 0 && a < stop) a = stop;
    end
  endtask

  // ADC requests of DUT c since n0 / f0 (all / reference samples): n first samples, n refs.
  task automatic expect_samples_c(input int n);
    if (u_arr_c.n_reads - n0 != 2 * n || u_arr_c.n_refs - f0 != n) begin
      $fatal(1, "DUT c: %0d ADC requests (%0d references), expected %0d (%0d)",
             u_arr_c.n_reads - n0, u_arr_c.n_refs - f0, 2 * n, n);
    end
  endtask

  initial begin
    rst_n = 1'b0;
    cmd_valid = 1'b0; dut = 0;
    cmd_op = OP_READ; cmd_row = '0; cmd_col = '0; cmd_target = '0; cmd_pol = POL_SET;
    repeat (3) @(posedge clk);
    #1 rst_n = 1'b1;
    u_arr_a.g[1][2] = 123;
    u_arr_a.g[0][2] = 77;    // neighbours must stay untouched
    u_arr_a.g[1][3] = 55;

    // 1. read, then the same read held while the controller is busy with it
    run_cmd(0, OP_READ, 1, 2, 0, POL_SET);
    expect_rsp(ERR_NONE, 0, 123);
    held = 1; run_cmd(0, OP_READ, 1, 2, 0, POL_SET); held = 0;
    expect_rsp(ERR_NONE, 0, 123);
    if (u_arr_a.n_reads != 3) $fatal(1, "held read: %0d reads in all, expected 3", u_arr_a.n_reads);
    run_cmd(0, OP_READ, 0, 2, 0, POL_SET);
    expect_rsp(ERR_NONE, 0, 77);
    if (u_arr_a.n_pulses != 0) $fatal(1, "read applied a pulse");

    // 2. SET to 180: 123 +5 +8 +11 +15 +18 = 180 with 2.1, 2.2, 2.3, 2.4, 2.5 V
    p0 = u_arr_a.n_pulses;
    run_cmd(0, OP_PROGRAM, 1, 2, 180, POL_SET);
    expect_rsp(ERR_NONE, 5, 180);
    expect_amps(0, p0, 5, 210, 10, 250);
    if (u_arr_a.n_reads != 4 + 6) $fatal(1, "expected one verify read per pulse plus one");  // after 4 reads

    // 3. SET to 400: 8 pulses (pulse limit) 2.1..2.5 then 2.5 V: 180 + 111 = 291 -> ERR_RETRY
    p0 = u_arr_a.n_pulses;
    run_cmd(0, OP_PROGRAM, 1, 2, 400, POL_SET);
    expect_rsp(ERR_RETRY, MaxP, 291);
    expect_amps(0, p0, MaxP, 210, 10, 250);

    // 4. RESET to 250: 291 -5 -8 -11 -15 = 252 (within 4) with -2.2 .. -2.5 V
    p0 = u_arr_a.n_pulses;
    run_cmd(0, OP_PROGRAM, 1, 2, 250, POL_RESET);
    expect_rsp(ERR_NONE, 4, 252);
    expect_amps(0, p0, 4, -220, -10, -260);

    // 5. overshoot: SET towards a lower target
    p0 = u_arr_a.n_pulses;
    run_cmd(0, OP_PROGRAM, 1, 2, 100, POL_SET);
    expect_rsp(ERR_OVERSHOOT, 0, 252);
    // 6. already within tolerance
    run_cmd(0, OP_PROGRAM, 1, 2, 255, POL_RESET);
    expect_rsp(ERR_NONE, 0, 252);
    if (u_arr_a.n_pulses != p0) $fatal(1, "pulses applied without need");

    // 7. RESET until the pulse limit, amplitude clamps at -2.6 V
    p0 = u_arr_a.n_pulses;
    run_cmd(0, OP_PROGRAM, 1, 2, 10, POL_RESET);
    // 252 -5 -8 -11 -15 -18 -18 -18 -18 = 141
    expect_rsp(ERR_RETRY, MaxP, 141);
    expect_amps(0, p0, MaxP, -220, -10, -260);

    // 8. op error, ADC timeout
    run_cmd(0, OP_TRAIN, 1, 2, 0, POL_SET);
    expect_rsp(ERR_OP, 0, 0);
    u_arr_a.mute = 1;
    run_cmd(0, OP_READ, 1, 2, 0, POL_SET);
    expect_rsp(ERR_ADC_TIMEOUT, 0, 0);
    u_arr_a.mute = 0;

    // neighbours untouched
    if (u_arr_a.g[0][2] != 77 || u_arr_a.g[1][3] != 55) $fatal(1, "neighbour cells disturbed");

    // ---- DUT B, V/3 on 3x5
    u_arr_b.g[2][4] = 50;
    run_cmd(1, OP_PROGRAM, 2, 4, 70, POL_SET);     // 50 +5 +8 +11 = 74, |74-70| <= 4
    expect_rsp(ERR_NONE, 3, 74);
    run_cmd(1, OP_READ, 3, 1, 0, POL_SET);         // row 3 of 3
    expect_rsp(ERR_ADDR, 0, 0);
    run_cmd(1, OP_READ, 0, 5, 0, POL_SET);         // col 5 of 5
    expect_rsp(ERR_ADDR, 0, 0);
    u_arr_b.g[0][0] = 300;
    run_cmd(1, OP_PROGRAM, 0, 0, 280, POL_RESET);  // 300 -5 -8 -11 = 276, within 4 of 280
    expect_rsp(ERR_NONE, 3, 276);
    if (u_arr_b.n_pulses != 6) $fatal(1, "DUT b pulse count %0d", u_arr_b.n_pulses);

    // ---- DUT C, V/3 on 4x4 with hold bias, reference-subtracted reads
    // column 1: 40, 200, 100, 60; a read of column 1 adds 4 x 7 = 28 (every WL nonzero)
    u_arr_c.g[0][1] = 40;
    u_arr_c.g[1][1] = 200;
    u_arr_c.g[2][1] = 100;
    u_arr_c.g[3][1] = 60;
    u_arr_c.g[2][0] = 90;
    u_arr_c.g[2][2] = 11;
    // 1. reads: first sample g + 28, reference 28 -> g exactly, two ADC requests each
    n0 = u_arr_c.n_reads; f0 = u_arr_c.n_refs;
    run_cmd(2, OP_READ, 2, 1, 0, POL_SET);
    expect_rsp(ERR_NONE, 0, 100);
    expect_samples_c(1);
    run_cmd(2, OP_READ, 1, 1, 0, POL_SET);
    expect_rsp(ERR_NONE, 0, 200);
    run_cmd(2, OP_READ, 3, 3, 0, POL_SET);         // an empty cell: 28 - 28 = 0
    expect_rsp(ERR_NONE, 0, 0);
    expect_samples_c(3);
    if (u_arr_c.n_pulses != 0) $fatal(1, "DUT c read applied a pulse");

    // 2. SET (2,1) to 140: verify codes 100, 105, 113, 124, 139 -> 4 pulses 2.1..2.4 V, code
    //    139, 5 verify reads of two samples.  On the raw first sample (128, 133, 141) it would
    //    stop after 2 pulses at 141.
    n0 = u_arr_c.n_reads; f0 = u_arr_c.n_refs; p0 = u_arr_c.n_pulses;
    run_cmd(2, OP_PROGRAM, 2, 1, 140, POL_SET);
    expect_rsp(ERR_NONE, 4, 139);
    expect_samples_c(5);
    expect_amps(2, p0, 4, 210, 10, 250);
    if (u_arr_c.g[2][1] != 139) $fatal(1, "DUT c cell (2,1) = %0d, expected 139", u_arr_c.g[2][1]);

    // 3. RESET (1,1) towards 215: 200 is below 215 - 4 -> ERR_OVERSHOOT, no pulse (the raw
    //    first sample 228 would have pulsed it)
    n0 = u_arr_c.n_reads; f0 = u_arr_c.n_refs; p0 = u_arr_c.n_pulses;
    run_cmd(2, OP_PROGRAM, 1, 1, 215, POL_RESET);
    expect_rsp(ERR_OVERSHOOT, 0, 200);
    expect_samples_c(1);
    if (u_arr_c.n_pulses != p0) $fatal(1, "DUT c pulsed an overshot cell");

    // 4. the reference is subtracted, not a fixed offset: reference + 9 -> 139 - 9 = 130;
    //    reference above the first sample (28 + 200 > 139 + 28) -> 0
    u_arr_c.ref_extra = 9;
    run_cmd(2, OP_READ, 2, 1, 0, POL_SET);
    expect_rsp(ERR_NONE, 0, 130);
    u_arr_c.ref_extra = 200;
    n0 = u_arr_c.n_reads; f0 = u_arr_c.n_refs;
    run_cmd(2, OP_READ, 2, 1, 0, POL_SET);
    expect_rsp(ERR_NONE, 0, 0);
    expect_samples_c(1);
    u_arr_c.ref_extra = 0;

    // 5. ADC timeout in the reference sample: first sample answered (139 + 28 = 167, the last
    //    code the controller took), reference never
    u_arr_c.mute_ref = 1;
    n0 = u_arr_c.n_reads; f0 = u_arr_c.n_refs;
    run_cmd(2, OP_READ, 2, 1, 0, POL_SET);
    expect_rsp(ERR_ADC_TIMEOUT, 0, 139 + 4 * CSneak);
    expect_samples_c(1);
    u_arr_c.mute_ref = 0;
    run_cmd(2, OP_READ, 2, 1, 0, POL_SET);         // recovered
    expect_rsp(ERR_NONE, 0, 139);

    // 6. a slow handshake: adc_valid held high past the next request.  Answers are rising
    //    edges: held 14 cycles (into the reference's wait) the read is still right; held 16
    //    (across the reference request) the reference never rises -> ERR_ADC_TIMEOUT, never
    //    the first sample taken again as the reference (which read 0)
    u_arr_c.hold = 14;
    run_cmd(2, OP_READ, 2, 1, 0, POL_SET);
    expect_rsp(ERR_NONE, 0, 139);
    u_arr_c.hold = 16;
    run_cmd(2, OP_READ, 2, 1, 0, POL_SET);
    if (r_err != int'(ERR_ADC_TIMEOUT)) $fatal(1, "DUT c valid held across the reference: err %0d code %0d", r_err, r_code);
    u_arr_c.hold = 1;
    repeat (20) @(negedge clk);
    run_cmd(2, OP_READ, 2, 1, 0, POL_SET);
    expect_rsp(ERR_NONE, 0, 139);

    // neighbours untouched, idle bias seen
    if (u_arr_c.g[0][1] != 40 || u_arr_c.g[1][1] != 200 || u_arr_c.g[3][1] != 60 ||
        u_arr_c.g[2][0] != 90 || u_arr_c.g[2][2] != 11) $fatal(1, "DUT c neighbour cells disturbed");
    if (u_arr_c.n_idle < 1000) $fatal(1, "DUT c idle bias checked in %0d cycles only", u_arr_c.n_idle);

    $display("1s1r: %0d + %0d + %0d pulses checked, DUT c: %0d ADC requests (%0d references), %0d idle cycles",
             u_arr_a.n_pulses, u_arr_b.n_pulses, u_arr_c.n_pulses, u_arr_c.n_reads,
             u_arr_c.n_refs, u_arr_c.n_idle);
    repeat (2) @(posedge clk);  // the last response is counted (cover points) before $finish
    $display("*-* All Finished *-*");
    $finish;
  end

  initial begin
    repeat (1000) #1ms;  // (a single #1s overflows 32-bit delays in Verilator 5.006)
    $fatal(1, "timeout");
  end

endmodule
