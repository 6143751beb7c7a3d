// tb_mxb_digits.sv -- crossbar inference of seed 002 as a system test: a single-layer,
// non-negative 64x10 classifier of the UCI 8x8 handwritten digits (tests/data/digits_8x8.txt),
// trained offline by tests/tools/mxb_train_digits.c and quantised to 16 levels, is programmed
// into a 64x10 ECM 1S1R array (models_c/cards/ecm_1s1r_4x4.json with rows=64, cols=10: 1 ohm
// wire segments on every line, or ideal wires with +digits_ideal) by the RTL controller mxb_ctrl_1s1r (program-and-verify, PulseS pulses, SET
// 2.1 -> 2.5 V, RESET -2.2 -> -2.6 V, V/3 inhibition), then classifies the test split:
// mxb_rate_encoder per word line (P(spike per tick) = pixel / 16), a spiking word line held at
// the 0.7 V read voltage for its tick, every bit line at a virtual-ground ADC sampled twice per
// tick by mxb_adc_if (a reference with every word line at the hold level, then the spikes),
// the differences summed per bit line over Ticks ticks, and mxb_wta picking the class. All
// lines go through tb/mxb_line_boundary.sv (Planes = 2: word lines in plane 0, bit lines in
// plane 1).
//
// Weights: level l of weight (i, k) is programmed to a read current of l * 0.3 uA at 0.7 V
// (ADC code l * LevelCodes, tolerance TolCodes = +-0.47 level): the bit-line current is then
// proportional to W^T x and level 0 is the formed HRS (~1 nA), which the verify read accepts
// without a pulse. A cell gets SET pulses up to the target; after an overshoot the
// controller is asked again the other way (RESET staircase -2.2 -> -2.6 V), up to
// MaxAttempts commands. Pulses are 2 us, not the 20 us of seed 002 Fig. S14: one 20 us pulse
// moves a mid-level cell by ~20 % of its current (the paper's ~17 levels between 13 and
// 0.3 uA), i.e. 1-3 levels of 0.3 uA, so the verify loop cycles between SET and RESET without
// landing within +-0.47 level (1x1 emulation: 28 % of cells missed; 2 us: 1 %).
//
// Check: the accuracy of the crossbar is within 2 % (absolute) of the software accuracy of
// the same quantised weights on the same samples (the trainer writes the software decision of
// every test sample; "software" = argmax of W^T x with integer levels). The testbench also
// counts the spikes of every word line and reports the accuracy of exact levels under the
// same spikes ("rate-coded ideal"), which separates the rate-code loss from the device loss
// (the trainer prints the same number vs the tick count). Test samples: the first
// DefaultSamples of the test split by default (the regression's configuration; every cell is
// programmed all the same), +digits_n=N for the first N, +digits_full for all 597. Data files
// from the build (Makefile: $(BUILD)/digits): +digits_dir=DIR, default ../../../digits (the
// runner's working directory is $(BUILD)/sim/<test>/<simulator>).
// Drift mode (+digits_drift, issue 17): drift and retention on, inference right after
// programming, after 1 h and after 1 day at +digits_temp=K, optionally with read noise
// (+digits_read_noise); see "the test" below and `make digits-drift`.
// Numbers in README.md (System testbenches).
`timescale 1ns/1ps

module tb_mxb_digits;
`include "mxb.svh"
  import mxb_pkg::*;

  localparam int  Rows       = 64;
  localparam int  Cols       = 10;
  localparam int  Lines      = 64;
  localparam int  DacW       = 10;
  localparam real DacLsbV    = 0.01;
  localparam int  AdcW       = 14;
  localparam real IFullA     = 65.532e-6; // ADC full scale: 4 nA per code; a bit line in
                                          // inference carries up to 161 levels = 48 uA
  localparam int  LevelCodes = 75;       // 0.3 uA per level at 0.7 V: level 15 = 4.5 uA
  localparam int  TolCodes   = 35;       // +-0.47 level
  localparam real ClkS       = 1e-6;     // 1 MHz controller clock (settling = 1 cycle)
  localparam int  Ticks      = 16;       // rate-code ticks per sample (trainer: 16 ticks lose
                                         // 0.7 % on the test split, more ticks gain nothing)
  localparam int  MaxAttempts = 8;
  // "0" level of a word line (unselected rows in verify reads, idle lines, non-spiking inputs):
  // 0.25 V lies between the selector's hold (0.2 V) and threshold (0.45 V) voltages
  // (ecm_selector.json), so every selector stays in the state the last pulse or spike left it
  // in. At 0 V each selector would relax (tau_relax 10 us) and switch on again at the next
  // V/3 bias: programming took 13.7 min CPU instead of ~30 s (Verilator). An ON selector
  // passes ~12 nA at the hold level in series with a mid-level memory, 0.76 uA (2.5 levels)
  // on a 64-row column, so every read subtracts a reference sample taken with all word lines
  // at the hold level (mxb_ctrl_1s1r ReadRef; the inference sums likewise).
  localparam int  HoldCode = 25;
  localparam real PulseS = 2e-6;
  localparam int  DefaultSamples = 200;
  localparam int  SumW       = AdcW + 5; // Ticks * max code fits

  logic clk = 1'b0, rst_n = 1'b0;
  // clk_hold (the drift mode's holds of simulated hours): the clock stops low at its next
  // falling edge and restarts half a period after clk_hold falls; no process runs meanwhile,
  // and the array advances over the whole hold at its next call
  logic clk_hold = 1'b0;
  always begin
    #(ClkS * 0.5e9) clk = ~clk;
    if (clk_hold && !clk) wait (!clk_hold);
  end
  int h = 0;

  // ---------------------------------------------------------------------------------------
  // controller
  // ---------------------------------------------------------------------------------------
  logic cmd_valid = 1'b0, cmd_ready, cmd_pol = POL_SET;
  logic [1:0] cmd_op = OP_READ;
  logic [5:0] cmd_row = '0;
  logic [3:0] cmd_col = '0;
  logic [AdcW-1:0] cmd_target = '0;
  logic rsp_valid, busy;
  logic [2:0] rsp_err;
  logic [7:0] rsp_pulses;
  logic [AdcW-1:0] rsp_code;
  logic [Rows-1:0][1:0] c_wl_mode;
  logic [Rows-1:0][DacW-1:0] c_wl_dac;
  logic [Cols-1:0][1:0] c_bl_mode;
  logic [Cols-1:0][DacW-1:0] c_bl_dac;
  logic c_adc_req;
  logic adc_valid;
  logic [Cols-1:0][AdcW-1:0] bl_code;

  mxb_ctrl_1s1r #(
    .Rows(Rows), .Cols(Cols), .DacWidth(DacW), .DacLsbV(DacLsbV), .AdcWidth(AdcW),
    .ClkPeriodS(ClkS), .ReadV(0.7), .SetStartV(2.1), .SetStopV(2.5), .ResetStartV(-2.2),
    .ResetStopV(-2.6), .StepV(0.025), .PulseS(PulseS), .SettleS(1e-6), .MaxPulses(32),
    .TolCodes(TolCodes), .AdcTimeoutCycles(16), .Inhibit(INHIBIT_V3),
    .ReadUnselV(HoldCode * DacLsbV), .IdleBias(1'b1), .IdleV(HoldCode * DacLsbV), .ReadRef(1'b1)
  ) u_ctrl (
    .clk_i(clk), .rst_ni(rst_n), .cmd_valid_i(cmd_valid), .cmd_ready_o(cmd_ready),
    .cmd_op_i(cmd_op), .cmd_row_i(cmd_row), .cmd_col_i(cmd_col), .cmd_target_i(cmd_target),
    .cmd_pol_i(cmd_pol), .rsp_valid_o(rsp_valid), .rsp_err_o(rsp_err),
    .rsp_pulses_o(rsp_pulses), .rsp_code_o(rsp_code), .busy_o(busy),
    .wl_mode_o(c_wl_mode), .wl_dac_o(c_wl_dac), .bl_mode_o(c_bl_mode), .bl_dac_o(c_bl_dac),
    .adc_req_o(c_adc_req), .adc_valid_i(adc_valid), .adc_code_i(bl_code)
  );

  // ---------------------------------------------------------------------------------------
  // inference datapath: rate encoders, ADC front end, per-bit-line sums, winner-take-all
  // ---------------------------------------------------------------------------------------
  logic infer = 1'b0;                 // lines from the inference path instead of the controller
  logic tick = 1'b0, enc_en = 1'b0;
  logic [Rows-1:0][7:0] intensity;
  logic [Rows-1:0] spike, wl_on;
  logic enc_clr = 1'b0;               // drift mode: every encoder back to its seed (the same
  wire  enc_rst_n = rst_n & ~enc_clr; // spike trains at every instant)
  localparam int ReadCode = 70;       // 0.7 V

  for (genvar i = 0; i < Rows; i++) begin : gen_enc
    mxb_rate_encoder #(
      .IntensityWidth(8), .LfsrWidth(16), .LfsrSeed(32'h1 + 32'(i) * 32'h9E37)
    ) u_enc (
      .clk_i(clk), .rst_ni(enc_rst_n), .en_i(enc_en), .tick_i(tick), .intensity_i(intensity[i]),
      .spike_o(spike[i])
    );
  end

  logic adc_start = 1'b0, a_adc_req, a_valid, a_timeout, a_busy;
  logic [Cols-1:0][AdcW-1:0] a_code;
  logic [Cols-1:0] a_above;
  mxb_adc_if #(.NumCh(Cols), .AdcWidth(AdcW), .SettleCycles(2), .TimeoutCycles(16)) u_adc (
    .clk_i(clk), .rst_ni(rst_n), .start_i(adc_start), .thresh_i(AdcW'(0)), .adc_req_o(a_adc_req),
    .adc_valid_i(adc_valid), .adc_code_i(bl_code), .valid_o(a_valid), .code_o(a_code),
    .above_o(a_above), .timeout_o(a_timeout), .busy_o(a_busy)
  );

  logic [Cols-1:0][SumW-1:0] sum_q;
  logic [Cols-1:0][AdcW-1:0] ref_q;   // reference sample of the tick (every word line at hold)
  logic ref_phase = 1'b0;             // the ADC sample under way is the reference
  logic sum_clear = 1'b0, wta_go = 1'b0, wta_valid, wta_found;
  logic [3:0] winner;
  logic [SumW-1:0] win_code;
  always_ff @(posedge clk) begin
    for (int c = 0; c < Cols; c++) begin
      if (sum_clear) sum_q[c] <= '0;
      else if (a_valid && ref_phase) ref_q[c] <= a_code[c];
      else if (a_valid && a_code[c] > ref_q[c]) sum_q[c] <= sum_q[c] + SumW'(a_code[c] - ref_q[c]);
    end
  end
  mxb_wta #(.NumCh(Cols), .CodeWidth(SumW), .MinCode(1)) u_wta (
    .clk_i(clk), .rst_ni(rst_n), .in_valid_i(wta_go), .code_i(sum_q), .valid_o(wta_valid),
    .winner_o(winner), .win_code_o(win_code), .found_o(wta_found)
  );

  // ---------------------------------------------------------------------------------------
  // line multiplexer and analog boundary (plane 0: word lines, plane 1: bit lines)
  // ---------------------------------------------------------------------------------------
  logic [2*Lines-1:0][1:0] mode;
  logic [2*Lines-1:0][DacW-1:0] dac;
  logic [2*Lines-1:0][AdcW-1:0] slot_code;
  logic adc_req;
  always_comb begin
    mode = '0;
    dac = '0;
    for (int r = 0; r < Rows; r++) begin
      mode[r] = infer ? LINE_DRIVE : c_wl_mode[r];
      dac[r]  = infer ? (wl_on[r] ? DacW'(ReadCode) : DacW'(HoldCode)) : c_wl_dac[r];
    end
    for (int c = 0; c < Cols; c++) begin
      mode[Lines + c] = infer ? LINE_SENSE : c_bl_mode[c];
      dac[Lines + c]  = infer ? '0 : c_bl_dac[c];
    end
    for (int c = 0; c < Cols; c++) bl_code[c] = slot_code[Lines + c];
  end
  assign adc_req = infer ? a_adc_req : c_adc_req;

  // the handle only out of reset: the boundary stops at X/Z on any mode, code or request it
  // uses, and the controller's outputs are X until its first clock edge in reset
  mxb_line_boundary #(
    .Planes(2), .Lines(Lines), .DacWidth(DacW), .DacLsbV(DacLsbV), .AdcWidth(AdcW),
    .IFullA(IFullA), .RSenseOhm(0.0)
  ) u_bnd (
    .clk_i(clk), .handle_i(rst_n ? h : 0), .mode_i(mode), .dac_i(dac), .adc_req_i(adc_req),
    .adc_valid_o(adc_valid), .adc_code_o(slot_code)
  );

  // ---------------------------------------------------------------------------------------
  // data
  // ---------------------------------------------------------------------------------------
  localparam int NTest = 597;
  logic [7:0] wmem[0:Rows*Cols-1];
  logic [7:0] tmem[0:NTest*66-1];

  // ---------------------------------------------------------------------------------------
  // programming
  // ---------------------------------------------------------------------------------------
  int n_cmd, n_pulses_total;

  `include "mxb_ctrl_cmd.svh"

  task automatic run_cmd(input logic [1:0] op, input int r, input int c, input int target,
                         input logic pol);
    ctrl_cmd_open("digits");
    cmd_op = op; cmd_row = 6'(r); cmd_col = 4'(c); cmd_target = AdcW'(target); cmd_pol = pol;
    ctrl_cmd_wait("digits", 1000000);
    n_cmd++;
    n_pulses_total += int'(rsp_pulses);
  endtask

  // program-and-verify one cell to `level`; returns 1 when within tolerance
  function automatic int level_code(input int level);
    return level * LevelCodes;
  endfunction

  int n_missed, n_attempts_max, n_stuck;
  int prog_code[Rows*Cols];           // verified code of each cell at the end of its programming
  bit verbose;
  task automatic program_cell(input int r, input int c, input int level);
    logic pol;
    int att;
    bit done;
    pol = POL_SET;
    done = 0;
    att = 1;
    while (!done && att <= MaxAttempts) begin  // (Icarus 11 has no break)
      run_cmd(OP_PROGRAM, r, c, level_code(level), pol);
      if (verbose) $display("digits: (%0d,%0d) level %0d target %0d pol %0d: err %0d, %0d pulses, code %0d",
                            r, c, level, level_code(level), pol, rsp_err, rsp_pulses, rsp_code);
      if (rsp_err == ERR_NONE) begin
        done = 1;
      end else begin
        if (rsp_err != ERR_OVERSHOOT && rsp_err != ERR_RETRY)
          $fatal(1, "digits: programming (%0d,%0d) failed with error %0d", r, c, rsp_err);
        if (rsp_err == ERR_OVERSHOOT) begin
          pol = ~pol;
          att++;
        end else if (pol == POL_SET) begin
          // the whole SET staircase (up to 2.5 V) did not reach the target: this cycle's set
          // threshold (c2c draw of the card) is out of reach, the cell is stuck
          n_stuck++;
          $display("digits: cell (%0d,%0d) does not set up to 2.5 V (code %0d, target %0d)",
                   r, c, rsp_code, level_code(level));
          att = MaxAttempts + 1;
        end else begin
          att++;
        end
      end
    end
    prog_code[r * Cols + c] = int'(rsp_code);
    if (att > n_attempts_max) n_attempts_max = (att > MaxAttempts) ? MaxAttempts : att;
    if (att > MaxAttempts) begin
      n_missed++;
      $display("digits: cell (%0d,%0d) level %0d not reached in %0d commands: code %0d, target %0d",
               r, c, level, MaxAttempts, rsp_code, level_code(level));
    end
  endtask

  // ---------------------------------------------------------------------------------------
  // inference of one sample: returns the WTA winner
  // ---------------------------------------------------------------------------------------
  int ok_hw, ok_sw, ok_ideal, ok_rb, n_ticks_total;
  int spikes[Rows];                   // spikes of each word line in the present sample
  int rb_code[Rows*Cols];             // read-back code of each cell after all programming
  // argmax_k sum_i spikes_i * weight_ik (ties: lowest k) with the exact levels (rb = 0) or
  // the read-back codes (rb = 1) as weights
  function automatic int ideal_class(input bit rb);
    int best, bs;
    best = 0;
    bs = -1;
    for (int k = 0; k < Cols; k++) begin
      int sc;
      sc = 0;
      for (int i = 0; i < Rows; i++)
        sc += spikes[i] * (rb ? rb_code[i * Cols + k] : int'(wmem[i * Cols + k]));
      if (sc > bs) begin
        bs = sc;
        best = k;
      end
    end
    return best;
  endfunction

  task automatic check_file(input string path);
    int fd;
    fd = $fopen(path, "r");
    if (fd == 0) $fatal(1, "digits: cannot open %s (run make test, or give +digits_dir=DIR)", path);
    $fclose(fd);
  endtask

  // one sample of every bit line through mxb_adc_if (settle 2 cycles, sample, answer);
  // returns after the clock edge at which sum_q / ref_q took it
  task automatic adc_sample;
    @(negedge clk);
    adc_start = 1'b1;
    @(negedge clk);
    adc_start = 1'b0;
    while (!a_valid) begin
      @(negedge clk);
      if (a_timeout) $fatal(1, "digits: ADC timeout");
    end
    @(negedge clk);
  endtask

  task automatic classify(input int n, output int cls);
    for (int i = 0; i < Rows; i++) begin
      int p;
      p = int'(tmem[n * 66 + 2 + i]);
      intensity[i] = (p >= 16) ? 8'd255 : 8'(p * 16);
      spikes[i] = 0;
    end
    @(negedge clk);
    sum_clear = 1'b1;
    @(negedge clk);
    sum_clear = 1'b0;
    for (int t = 0; t < Ticks; t++) begin
      ref_phase = 1'b1;              // reference: every word line at hold
      adc_sample;
      ref_phase = 1'b0;
      tick = 1'b1;                   // draw
      @(negedge clk);
      tick = 1'b0;                   // spike_o valid for this cycle
      wl_on = spike;                 // word lines follow at the next edge
      for (int i = 0; i < Rows; i++) spikes[i] += int'(spike[i]);
      adc_sample;                    // the sums add this sample minus the reference
      wl_on = '0;
      n_ticks_total++;
    end
    @(negedge clk);
    wta_go = 1'b1;
    @(negedge clk);
    wta_go = 1'b0;
    if (!wta_valid) $fatal(1, "digits: no WTA result");
    cls = int'(winner);
  endtask

  // ---------------------------------------------------------------------------------------
  // read-back of every cell through the controller (rb_code); counts against the target
  // levels and against each cell's verified code at the end of its programming
  // ---------------------------------------------------------------------------------------
  int n_off, code_err_max, drift_max;
  task automatic read_back;
    code_err_max = 0;
    drift_max = 0;
    n_off = 0;
    for (int i = 0; i < Rows; i++)
      for (int k = 0; k < Cols; k++) begin
        int e;
        run_cmd(OP_READ, i, k, 0, POL_SET);
        rb_code[i * Cols + k] = int'(rsp_code);
        e = int'(rsp_code) - level_code(int'(wmem[i * Cols + k]));
        if (e < 0) e = -e;
        if (e > code_err_max) code_err_max = e;
        if (e > TolCodes) n_off++;
        e = int'(rsp_code) - prog_code[i * Cols + k];
        if (verbose && (e > TolCodes || e < -TolCodes))
          $display("digits: (%0d,%0d) level %0d moved since programmed: code %0d -> %0d", i, k,
                   wmem[i * Cols + k], prog_code[i * Cols + k], rsp_code);
        if (e < 0) e = -e;
        if (e > drift_max) drift_max = e;
      end
  endtask

  // ---------------------------------------------------------------------------------------
  // inference of the first n samples (the inference path drives the lines meanwhile)
  // ---------------------------------------------------------------------------------------
  real acc_hw, acc_sw, acc_ideal, acc_rb, us_per_sample, e_per_sample, e_before;
  task automatic infer_samples(input int n);
    real ti, ei;
    int cl;
    ok_hw = 0; ok_sw = 0; ok_ideal = 0; ok_rb = 0;
    infer = 1'b1;
    if (drift_mode) begin             // the spike trains of the first instant again
      @(negedge clk);
      enc_clr = 1'b1;
      @(negedge clk);
      enc_clr = 1'b0;
    end
    enc_en = 1'b1;
    ti = $mxb_now();
    ei = $mxb_energy(h);
    e_before = ei;
    for (int s = 0; s < n; s++) begin
      classify(s, cl);
      if (cl == int'(tmem[s * 66])) ok_hw++;
      if (tmem[s * 66 + 1] == tmem[s * 66]) ok_sw++;
      if (ideal_class(0) == int'(tmem[s * 66])) ok_ideal++;
      if (ideal_class(1) == int'(tmem[s * 66])) ok_rb++;
    end
    acc_hw = real'(ok_hw) / n;
    acc_sw = real'(ok_sw) / n;
    acc_ideal = real'(ok_ideal) / n;
    acc_rb = real'(ok_rb) / n;
    us_per_sample = ($mxb_now() - ti) * 1e6 / n;
    e_per_sample = ($mxb_energy(h) - ei) / n;
    enc_en = 1'b0;
    infer = 1'b0;
  endtask

  // hold the array at rest (every word line at the hold level, every bit line sensed) with
  // the clock stopped until the simulated time t_s
  task automatic hold_until(input real t_s);
    longint unsigned d_ns;
    @(negedge clk);
    clk_hold = 1'b1;
    @(negedge clk);                   // the clock process is parked low from here on
    // an integer delay: Verilator 5.006 truncates real and constant delays to 32 bits of the
    // time precision (4.29 ms at 1 ps)
    d_ns = t_s > $mxb_now() ? longint'((t_s - $mxb_now()) * 1e9) : 0;
    #(d_ns);
    clk_hold = 1'b0;
    repeat (2) @(posedge clk);
  endtask

  // ---------------------------------------------------------------------------------------
  // the test
  // ---------------------------------------------------------------------------------------
  // Drift mode (+digits_drift): nonideal.drift=1 and nonideal.retention=1 with the card
  // defaults of models_c/src/mxb_nonideal.h (drift nu 0.049 +- 0.008 from t0 = 20 s after each
  // cell's last programming event; retention tau(T) = 2.68e-6 s exp(1 eV / kT), 10 years at
  // 358 K, floor 0.1). After programming and read-back at 300 K the array is set to
  // +digits_temp=K (default 300) and inferred at three instants: right after programming (all
  // cells younger than t0), 1 h and 1 day after the end of the read-back, each after
  // a read-back; +digits_read_noise adds read noise (nonideal.read_noise=1, card defaults but
  // the sense bandwidth +digits_read_bw=HZ, default 500 kHz: the 1 us ADC sample); extra
  // overrides with +digits_ovr=key=value,... . Each instant prints one "RESULT digits_drift"
  // line. Checks: at the first instant the default check (crossbar within 2 % of software);
  // without +digits_ovr, the geometric mean over the cells of level >= 4 of their read-back
  // code divided by their code right after programming between the memory's drift law
  // (dt / t0)^-0.049 (minus 2 %) and its square root: the read current of a 1S1R cell passes a
  // series selector, so it moves by less than the memory's conductance in log terms (at 358 K
  // or below; retention adds < 3e-4 there).
  localparam real DriftNu = 0.049;    // card default drift_nu (mxb_nonideal.h)
  localparam real DriftT0 = 20.0;     // card default drift_t0, s
  function automatic real drift_t(input int q);
    return q == 0 ? 0.0 : q == 1 ? 3600.0 : 86400.0;
  endfunction
  string dir, ovr, extra;
  bit ideal, drift_mode, rn_mode;
  int n_samples, rb0[Rows*Cols];
  real t0, e0, temp_k, read_bw, t_ref, timeout_s;

  initial begin
    if (!$value$plusargs("digits_dir=%s", dir)) dir = "../../../digits";
    if (!$value$plusargs("digits_n=%d", n_samples)) n_samples = DefaultSamples;
    if ($test$plusargs("digits_full")) n_samples = NTest;
    verbose = $test$plusargs("digits_verbose");
    drift_mode = $test$plusargs("digits_drift");
    rn_mode = $test$plusargs("digits_read_noise");
    if (!$value$plusargs("digits_temp=%f", temp_k)) temp_k = 300.0;
    if (!$value$plusargs("digits_read_bw=%f", read_bw)) read_bw = 5e5;
    if (!$value$plusargs("digits_ovr=%s", extra)) extra = "";
    if (n_samples < 1 || n_samples > NTest) $fatal(1, "digits: +digits_n=%0d out of 1..%0d",
                                                     n_samples, NTest);
    for (int i = 0; i < Rows * Cols; i++) wmem[i] = 8'hxx;
    for (int i = 0; i < NTest * 66; i++) tmem[i] = 8'hxx;
    // a 2-state simulator (Verilator) reads 'x as 0: catch a missing file before $readmemh
    check_file({dir, "/weights.hex"});
    check_file({dir, "/test.hex"});
    $readmemh({dir, "/weights.hex"}, wmem);
    $readmemh({dir, "/test.hex"}, tmem);
    for (int i = 0; i < Rows * Cols; i++)
      if ($isunknown(wmem[i]) || wmem[i] > 15)
        $fatal(1, "digits: %s/weights.hex: entry %0d missing or not a level 0..15 (run make test or the trainer)",
               dir, i);
    for (int i = 0; i < NTest * 66; i++)
      if ($isunknown(tmem[i])) $fatal(1, "digits: %s/test.hex: entry %0d missing", dir, i);
    intensity = '0; wl_on = '0;
    n_cmd = 0; n_pulses_total = 0; n_missed = 0; n_stuck = 0; n_attempts_max = 0;
    n_ticks_total = 0;
    // the card's 1 ohm wire segments (IR drop on every line), or ideal wires (+digits_ideal)
    ideal = $test$plusargs("digits_ideal");
    ovr = ideal ? "rows=64,cols=10,r_wire_row=0,r_wire_col=0" : "rows=64,cols=10";
    if (drift_mode) ovr = {ovr, ",nonideal.drift=1,nonideal.retention=1"};
    if (rn_mode) ovr = {ovr, ",nonideal.read_noise=1"};
    if (extra != "") ovr = {ovr, ",", extra};
    h = $mxb_open("ecm_1s1r_4x4.json", ovr);
    if (rn_mode) $mxb_set_read_bw(h, read_bw);
    $display("digits: 64x10 ECM 1S1R array, %s", ideal ? "ideal wires" : "1 ohm wire segments");
    if (drift_mode || rn_mode)
      $display("digits: overrides %s; read-noise bandwidth %.3g Hz", ovr, rn_mode ? read_bw : 0.0);
    repeat (3) @(posedge clk);
    rst_n = 1'b1;

    // program-and-verify every weight
    t0 = $mxb_now();
    for (int i = 0; i < Rows; i++)
      for (int k = 0; k < Cols; k++) begin
        program_cell(i, k, int'(wmem[i * Cols + k]));
        if (k == Cols - 1 && i % 8 == 7)
          $display("digits: word lines 0..%0d programmed (%0d commands, %0d pulses)", i, n_cmd,
                   n_pulses_total);
      end
    $display("digits: programmed 640 cells: %0d controller commands, %0d pulses, %0d cells outside +-%0d codes (%0d of them stuck in HRS), at most %0d commands per cell, %.3f ms",
             n_cmd, n_pulses_total, n_missed, TolCodes, n_stuck, n_attempts_max,
             ($mxb_now() - t0) * 1e3);

    // read back every cell: disturbance of the programmed cells by the later cells' pulses
    // (V/3 inhibition: half-selected cells see a third of the pulse)
    read_back;
    $display("digits: read-back: %0d of 640 weights outside +-%0d codes (largest error %.2f levels); largest change since each cell was programmed %0d codes (%.3f levels)",
             n_off, TolCodes, real'(code_err_max) / LevelCodes, drift_max,
             real'(drift_max) / LevelCodes);
    // (under read noise both codes are single noisy samples: no check)
    if (drift_max > TolCodes && !rn_mode)
      $fatal(1, "digits: programming later cells moved a programmed cell by %0d codes (> %0d)",
             drift_max, TolCodes);
    for (int i = 0; i < Rows * Cols; i++) rb0[i] = rb_code[i];
    t_ref = $mxb_now();
    if (drift_mode) $mxb_set_temp(h, temp_k);

    // inference (in drift mode at each instant drift_t(q) after t_ref, with a read-back first)
    for (int q = 0; q < (drift_mode ? 3 : 1); q++) begin
      real lr, lr_law, n_lr;
      if (q > 0) begin
        hold_until(t_ref + drift_t(q));
        read_back;
        lr = 0.0;
        n_lr = 0.0;
        for (int i = 0; i < Rows * Cols; i++)
          if (wmem[i] >= 4 && rb0[i] > 0 && rb_code[i] > 0) begin
            lr += $ln(real'(rb_code[i]) / rb0[i]);
            n_lr += 1.0;
          end
        lr = lr / n_lr;
        lr_law = -DriftNu * $ln((drift_t(q) + t_ref - t0) / DriftT0); // cells programmed in [t0, t_ref]
        $display("digits: %.0f s after programming at %.0f K: read-back %0d of 640 outside +-%0d codes (largest error %.2f levels), largest change %0d codes; geometric mean code ratio of the %0.0f cells of level >= 4 %.4f (drift law %.4f .. %.4f)",
                 drift_t(q), temp_k, n_off, TolCodes, real'(code_err_max) / LevelCodes,
                 drift_max, n_lr, $exp(lr), $exp(lr_law),
                 $exp(-DriftNu * $ln(drift_t(q) / DriftT0)));
        // the memory drifts by the law; the cell's read current, through the series selector,
        // by less of it in log terms, and by more than half of it
        if (extra == "" && temp_k <= 358.15 &&
            (lr < lr_law - 0.02 || lr > 0.5 * -DriftNu * $ln(drift_t(q) / DriftT0)))
          $fatal(1, "digits: read-back ratio %.4f is outside the drift law %.4f .. its square root",
                 $exp(lr), $exp(lr_law));
      end
      infer_samples(n_samples);
      $display("digits: %0d test samples (%0d ticks each, %.2f us per sample): crossbar accuracy %.4f, software (same quantised weights) %.4f, crossbar minus software %.4f; same spikes in software: exact levels %.4f, read-back codes %.4f; array energy %.3g J for programming and read-back, %.3g J per sample",
               n_samples, Ticks, us_per_sample, acc_hw, acc_sw, acc_hw - acc_sw, acc_ideal,
               acc_rb, e_before,
               e_per_sample);
      if (drift_mode)
        $display("RESULT digits_drift temp=%.1f t_s=%.0f read_noise=%0d samples=%0d acc=%.4f software=%.4f readback_acc=%.4f off=%0d code_ratio=%.4f",
                 temp_k, drift_t(q), rn_mode, n_samples, acc_hw, acc_sw, acc_rb, n_off,
                 q == 0 ? 1.0 : $exp(lr));
      if (q == 0 && (acc_hw < acc_sw - 0.02 || acc_hw > acc_sw + 0.02))
        $fatal(1, "digits: crossbar accuracy %.4f is not within 2 %% of software %.4f",
               acc_hw, acc_sw);
    end
    $mxb_close(h);
    $display("*-* All Finished *-*");
    $finish;
  end

  initial begin
    longint unsigned d_ns;            // integer delay (see hold_until)
    timeout_s = $test$plusargs("digits_drift") ? 86400.0 + 100.0 : 100.0;
    d_ns = longint'(timeout_s * 1e9);
    #(d_ns);
    $fatal(1, "digits: timeout");
  end
endmodule
