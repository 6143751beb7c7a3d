// mxb_ctrl_1s1r.sv -- read and program-and-verify controller for a Rows x Cols 1S1R array.
//
// Line interface (see rtl/README.md): word lines 0..Rows-1, bit lines 0..Cols-1; each line has
// a mode (mxb_pkg::line_mode_e: FLOAT / DRIVE / SENSE) and a signed DAC code, volts = code *
// DacLsbV.  A cell (r, c) sees V(wl r) - V(bl c); sensed bit lines are at virtual ground (0 V).
// The analog side (a testbench wrapper around the crossbar model) applies the lines and
// returns one unsigned ADC code per bit line, proportional to the bit-line current.
//
// Command interface (valid/ready; a command is taken in a cycle with cmd_valid_i && cmd_ready_o)
//   cmd_op_i      mxb_pkg::xbar_op_e: OP_READ or OP_PROGRAM (OP_TRAIN -> ERR_OP)
//   cmd_row_i     word line of the cell
//   cmd_col_i     bit line of the cell
//   cmd_target_i  OP_PROGRAM: target ADC code of the cell at the read voltage
//   cmd_pol_i     OP_PROGRAM: mxb_pkg::prog_pol_e, POL_SET raises the conductance (positive
//                 pulses SetStartV..SetStopV), POL_RESET lowers it (ResetStartV..ResetStopV)
// Response: rsp_valid_o is high for one cycle; rsp_err_o (mxb_pkg::ctrl_err_e), rsp_pulses_o
// (pulses applied) and rsp_code_o (last ADC code of the cell) are valid with it and stay so
// until the next command is accepted.  cmd_ready_o is high only in the idle state (one command in flight).
//
// ADC handshake: after the read bias has settled (SettleS) adc_req_o is high for one cycle;
// the analog side samples every sensed bit line and returns adc_code_i with adc_valid_i high
// for (at least) one cycle, any number of cycles later (up to AdcTimeoutCycles, else
// ERR_ADC_TIMEOUT).  An answer is taken at a rising edge of adc_valid_i only: a valid still
// high from the previous answer is not mistaken for the next one.  Only adc_code_i[col] is used.
//
// Operations
//   READ     selected WL driven at ReadV, other WLs driven at ReadUnselV (default 0 V), every
//            BL sensed.  With ReadRef = 1 a second sample follows with the selected WL at
//            ReadUnselV too, and the read's code is the first minus the second (0 if
//            negative): what the unselected cells of the column add at ReadUnselV cancels.
//   PROGRAM  program-and-verify (incremental step pulse programming, seed 002):
//            1. verify read; stop with ERR_NONE if |code - target| <= TolCodes;
//               stop with ERR_OVERSHOOT if the code is already past the target in the pulse
//               direction (above target + tol for SET, below target - tol for RESET);
//               stop with ERR_STUCK (StuckPulses > 0) if StuckPulses or more pulses have been
//               applied and the code has moved by at most StuckCodes + (code0 >> StuckShift)
//               in the pulse direction since the command's first verify read code0 (a stuck
//               or open cell; the relative term covers the read noise of a high code);
//               stop with ERR_RETRY if MaxPulses pulses have been applied;
//            2. bias: every WL at the WL inhibit level, every BL at the BL inhibit level
//               (SettleS);
//            3. pulse: selected WL at the amplitude A, selected BL at 0 V, unselected lines
//               at their inhibit levels, for PulseS;
//            4. relax: back to the bias of step 2 (SettleS); A steps by StepV towards the
//               stop amplitude (then stays there); go to 1.
//            Inhibit levels for amplitude A (Inhibit parameter, mxb_pkg::inhibit_e):
//              INHIBIT_V2:    unselected WL = A/2, unselected BL = A/2
//              INHIBIT_V3:    unselected WL = A/3, unselected BL = A - A/3 (= 2A/3)
//              INHIBIT_FLOAT: unselected lines float (and float during bias/relax)
//            (A/2, A/3 are integer code divisions rounded towards zero.)
//   Averaged reads (AvgReads = 2^k > 1, for read noise): every sample of a READ or a verify
//            read is the mean of AvgReads ADC answers taken one after the other under the
//            same bias (sum >> k, rounded down), each a new adc_req_o; with ReadRef both the
//            sample and its reference are averaged. AvgReads = 1 is the single sample.
//   Idle: every line floats with code 0 (IdleBias = 0, the default), or, with IdleBias = 1,
//            every WL is driven at IdleV and every BL sensed.
//   IdleBias / IdleV / ReadUnselV / ReadRef are for arrays with volatile threshold-switch
//   selectors: a level between the selector's hold and threshold voltages on every word line
//   (IdleV between commands, ReadUnselV on the unselected ones during reads) leaves each
//   selector in the state the last pulse left it in, instead of relaxing at 0 V and switching
//   again at every inhibit bias (in the simulator: far more model steps).  A read then also
//   collects every unselected cell of the sensed column whose selector is ON at that bias
//   (tb_mxb_digits: ~12 nA per mid-level cell, 0.76 uA on a 64-row column), which ReadRef
//   removes.  Without a selector, or with ReadUnselV = 0 V (the bit lines' potential), the
//   unselected cells carry nothing and ReadRef only costs time.
//
// All line outputs are decoded from registered state only (no combinational path from any
// input), so they change on clock edges.

`include "mxb_assert.svh"

module mxb_ctrl_1s1r #(
  parameter int         Rows             = 4,        // word lines
  parameter int         Cols             = 4,        // bit lines
  parameter int         DacWidth         = 10,       // line DAC code width, bits (signed)
  parameter real        DacLsbV          = 0.01,     // volts per DAC LSB
  parameter int         AdcWidth         = 10,       // bit-line ADC code width, bits (unsigned)
  parameter real        ClkPeriodS       = 10e-9,    // clock period, seconds
  parameter real        ReadV            = 0.7,      // read voltage, volts (seed 002)
  parameter real        SetStartV        = 2.1,      // first SET pulse amplitude, volts
  parameter real        SetStopV         = 2.5,      // largest SET pulse amplitude, volts
  parameter real        ResetStartV      = -2.2,     // first RESET pulse amplitude, volts
  parameter real        ResetStopV       = -2.6,     // largest RESET pulse amplitude, volts
  parameter real        StepV            = 0.1,      // amplitude step per pulse, volts (> 0)
  parameter real        PulseS           = 20e-6,    // program pulse width, seconds
  parameter real        SettleS          = 1e-6,     // bias / read settling time, seconds
  parameter int         MaxPulses        = 32,       // pulse limit per PROGRAM (<= 255)
  parameter int         TolCodes         = 4,        // verify tolerance, ADC codes
  parameter int         AdcTimeoutCycles = 1000,     // ADC answer timeout, clock cycles
  parameter logic [1:0] Inhibit          = mxb_pkg::INHIBIT_V2, // a mxb_pkg::inhibit_e value
  parameter real        ReadUnselV       = 0.0,      // unselected WLs during reads, volts (>= 0)
  parameter bit         IdleBias         = 1'b0,     // idle lines: 0 float, 1 WLs at IdleV, BLs sensed
  parameter real        IdleV            = 0.0,      // idle WL bias with IdleBias = 1, volts (>= 0)
  parameter bit         ReadRef          = 1'b0,     // reads subtract a reference sample (below)
  parameter int         AvgReads         = 1,        // ADC answers averaged per sample (1, 2, 4, 8, 16)
  parameter int         StuckPulses      = 0,        // pulses before the stuck check (0: no check)
  parameter int         StuckCodes       = 0,        // largest move (ADC codes) of a stuck cell
  parameter int         StuckShift       = 0,        // plus code0 >> StuckShift (0: no such term)
  // derived address widths: do not override (checked by ASSERT_INIT)
  parameter int         RowW             = (Rows > 1) ? $clog2(Rows) : 1,
  parameter int         ColW             = (Cols > 1) ? $clog2(Cols) : 1
) (
  input  logic                               clk_i,
  input  logic                               rst_ni,
  // command
  input  logic                               cmd_valid_i,
  output logic                               cmd_ready_o,
  input  logic [1:0]                         cmd_op_i,
  input  logic [RowW-1:0]                    cmd_row_i,
  input  logic [ColW-1:0]                    cmd_col_i,
  input  logic [AdcWidth-1:0]                cmd_target_i,
  input  logic                               cmd_pol_i,
  // response
  output logic                               rsp_valid_o,
  output logic [2:0]                         rsp_err_o,
  output logic [7:0]                         rsp_pulses_o,
  output logic [AdcWidth-1:0]                rsp_code_o,
  output logic                               busy_o,
  // lines
  output logic [Rows-1:0][1:0]               wl_mode_o,
  output logic [Rows-1:0][DacWidth-1:0]      wl_dac_o,
  output logic [Cols-1:0][1:0]               bl_mode_o,
  output logic [Cols-1:0][DacWidth-1:0]      bl_dac_o,
  // ADC
  output logic                               adc_req_o,
  input  logic                               adc_valid_i,
  input  logic [Cols-1:0][AdcWidth-1:0]      adc_code_i
);
  timeunit 1ns;
  timeprecision 1ps;
  import mxb_pkg::*;

  // ------------------------------------------------------------------------------------------
  // Codes and cycle counts derived from the volt / second parameters
  // ------------------------------------------------------------------------------------------
  localparam int ReadCode       = volts_to_code(ReadV, DacLsbV);
  localparam int ReadUnselCode  = volts_to_code(ReadUnselV, DacLsbV);
  localparam int IdleCode       = volts_to_code(IdleV, DacLsbV);
  localparam int SetStartCode   = volts_to_code(SetStartV, DacLsbV);
  localparam int SetStopCode    = volts_to_code(SetStopV, DacLsbV);
  localparam int ResetStartCode = volts_to_code(ResetStartV, DacLsbV);
  localparam int ResetStopCode  = volts_to_code(ResetStopV, DacLsbV);
  localparam int StepCode       = volts_to_code(StepV, DacLsbV);
  localparam int PulseCycles    = secs_to_cycles(PulseS, ClkPeriodS);
  localparam int SettleCycles   = secs_to_cycles(SettleS, ClkPeriodS);
  localparam int DacMax         = (1 << (DacWidth - 1)) - 1;
  localparam int AvgShift       = (AvgReads > 1) ? $clog2(AvgReads) : 0;
  localparam int AccW           = AdcWidth + 5;   // sum of up to 16 answers

  typedef logic signed [DacWidth-1:0] dac_t;
  localparam dac_t DacRead    = DacWidth'(ReadCode);
  localparam dac_t DacRdUnsel = DacWidth'(ReadUnselCode);
  localparam dac_t DacIdle    = DacWidth'(IdleCode);
  localparam dac_t DacSet0    = DacWidth'(SetStartCode);
  localparam dac_t DacSetMax  = DacWidth'(SetStopCode);
  localparam dac_t DacRst0    = DacWidth'(ResetStartCode);
  localparam dac_t DacRstMax  = DacWidth'(ResetStopCode);
  localparam dac_t DacStep    = DacWidth'(StepCode);
  localparam logic [7:0]      PulseLimit  = 8'(MaxPulses);
  localparam logic signed [AdcWidth+1:0] Tol = (AdcWidth + 2)'(TolCodes);
  localparam logic signed [AdcWidth+1:0] StuckTol = (AdcWidth + 2)'(StuckCodes);
  localparam int StuckSh = (StuckShift > 0) ? StuckShift : AdcWidth;  // AdcWidth: term is 0
  localparam logic [7:0]      StuckLimit  = 8'(StuckPulses);
  localparam logic [4:0]      AvgLast     = 5'(AvgReads - 1);

  // ------------------------------------------------------------------------------------------
  // State
  // ------------------------------------------------------------------------------------------
  ctrl_1s1r_state_e    state_d, state_q;
  logic [1:0]          op_d, op_q;
  logic [RowW-1:0]     row_d, row_q;
  logic [ColW-1:0]     col_d, col_q;
  logic [AdcWidth-1:0] target_d, target_q;
  logic                pol_d, pol_q;
  dac_t                amp_d, amp_q;        // amplitude of the next / current pulse
  logic [7:0]          pulses_d, pulses_q;
  logic [AdcWidth-1:0] code_d, code_q;       // the read's code (ReadRef: first sample until ref_q)
  logic                ref_d, ref_q;         // ReadRef: the reference sample is under way
  logic                valid_in_q;           // adc_valid_i one cycle ago (answers are rising edges)
  logic [AccW-1:0]     acc_d, acc_q;         // AvgReads: sum of the answers of this sample so far
  logic [4:0]          nsamp_d, nsamp_q;     // AvgReads: answers summed so far
  logic [AdcWidth-1:0] code0_d, code0_q;     // code of the command's first verify read
  logic                adc_new;
  logic [2:0]          err_d, err_q;
  // wait timer: settle / program pulse / ADC timeout (started by the FSM, done_o ends the wait)
  logic                tmr_settle, tmr_pulse, tmr_timeout, tmr_done;

  mxb_wait_timer #(
    .SettleCycles(SettleCycles), .PulseCycles(PulseCycles), .TimeoutCycles(AdcTimeoutCycles)
  ) u_timer (
    .clk_i(clk_i), .rst_ni(rst_ni), .start_settle_i(tmr_settle), .start_pulse_i(tmr_pulse),
    .start_timeout_i(tmr_timeout), .done_o(tmr_done)
  );

  // ------------------------------------------------------------------------------------------
  // Verify decision for the code just read (combinational helpers)
  // ------------------------------------------------------------------------------------------
  logic [AdcWidth-1:0]          code_sel, code_smp, code_rd;
  logic [AccW-1:0]              acc_sum;
  logic                         smp_last;    // this answer completes the (averaged) sample
  logic signed [AdcWidth+1:0]   diff;        // code - target
  logic signed [AdcWidth+1:0]   progress;    // move since the first verify read, pulse direction
  logic signed [AdcWidth+1:0]   stuck_tol;   // largest move of a stuck cell
  logic                         in_tol, past_target, stuck;
  dac_t                         amp_next;

  assign code_sel    = adc_code_i[col_q];
  assign adc_new     = adc_valid_i && !valid_in_q;
  // the (averaged) sample once its last answer is in
  assign acc_sum     = acc_q + AccW'(code_sel);
  assign code_smp    = AdcWidth'(acc_sum >> AvgShift);
  assign smp_last    = (nsamp_q == AvgLast);
  // the read's code once its last sample is in: the sample, or first minus reference
  assign code_rd     = !ReadRef ? code_smp : (code_q > code_smp) ? code_q - code_smp : '0;
  assign diff        = $signed({2'b00, code_rd}) - $signed({2'b00, target_q});
  assign in_tol      = (diff <= Tol) && (diff >= -Tol);
  assign past_target = (pol_q == POL_SET) ? (diff > Tol) : (diff < -Tol);
  assign progress    = (pol_q == POL_SET) ? $signed({2'b00, code_rd}) - $signed({2'b00, code0_q})
                                          : $signed({2'b00, code0_q}) - $signed({2'b00, code_rd});
  assign stuck_tol   = StuckTol + $signed({2'b00, code0_q >> StuckSh});
  assign stuck       = (StuckPulses > 0) && (pulses_q >= StuckLimit) && (progress <= stuck_tol);

  // Next amplitude of the staircase, clamped at the stop amplitude.
  function automatic dac_t step_amp(input dac_t a, input logic pol);
    logic signed [DacWidth:0] n;
    dac_t r;
    if (pol == POL_SET) begin
      n = (DacWidth + 1)'(a) + (DacWidth + 1)'(DacStep);
      r = (n > (DacWidth + 1)'(DacSetMax)) ? DacSetMax : DacWidth'(n);
    end else begin
      n = (DacWidth + 1)'(a) - (DacWidth + 1)'(DacStep);
      r = (n < (DacWidth + 1)'(DacRstMax)) ? DacRstMax : DacWidth'(n);
    end
    return r;
  endfunction

  assign amp_next = step_amp(amp_q, pol_q);

  // ------------------------------------------------------------------------------------------
  // FSM
  // ------------------------------------------------------------------------------------------
  always_comb begin
    state_d     = state_q;
    op_d        = op_q;
    row_d       = row_q;
    col_d       = col_q;
    target_d    = target_q;
    pol_d       = pol_q;
    amp_d       = amp_q;
    pulses_d    = pulses_q;
    code_d      = code_q;
    ref_d       = ref_q;
    err_d       = err_q;
    acc_d       = acc_q;
    nsamp_d     = nsamp_q;
    code0_d     = code0_q;
    tmr_settle  = 1'b0;
    tmr_pulse   = 1'b0;
    tmr_timeout = 1'b0;

    unique case (state_q)
      C1_IDLE: begin
        if (cmd_valid_i) begin
          op_d       = cmd_op_i;
          row_d      = cmd_row_i;
          col_d      = cmd_col_i;
          target_d   = cmd_target_i;
          pol_d      = cmd_pol_i;
          amp_d      = (cmd_pol_i == POL_SET) ? DacSet0 : DacRst0;
          pulses_d   = '0;
          code_d     = '0;
          ref_d      = 1'b0;
          err_d      = ERR_NONE;
          tmr_settle = 1'b1;
          if (int'(cmd_row_i) >= Rows || int'(cmd_col_i) >= Cols) begin
            err_d   = ERR_ADDR;
            state_d = C1_RSP;
          end else if (cmd_op_i != OP_READ && cmd_op_i != OP_PROGRAM) begin
            err_d   = ERR_OP;
            state_d = C1_RSP;
          end else begin
            state_d = C1_RD_BIAS;
          end
        end
      end

      C1_RD_BIAS: begin
        acc_d   = '0;                  // a new (averaged) sample starts
        nsamp_d = '0;
        if (tmr_done) begin
          state_d = C1_RD_REQ;
        end
      end

      C1_RD_REQ: begin
        tmr_timeout = 1'b1;
        state_d     = C1_RD_WAIT;
      end

      C1_RD_WAIT: begin
        if (adc_new && !smp_last) begin
          acc_d   = acc_sum;           // AvgReads: next answer of this sample, same bias
          nsamp_d = nsamp_q + 5'd1;
          state_d = C1_RD_REQ;
        end else if (adc_new && ReadRef && !ref_q) begin
          code_d     = code_smp;       // first sample; the reference sample follows
          ref_d      = 1'b1;
          tmr_settle = 1'b1;
          state_d    = C1_RD_BIAS;
        end else if (adc_new) begin
          code_d = code_rd;
          ref_d  = 1'b0;
          if (pulses_q == '0) code0_d = code_rd;
          if (op_q == OP_READ || in_tol) begin
            state_d = C1_RSP;
          end else if (past_target) begin
            err_d   = ERR_OVERSHOOT;
            state_d = C1_RSP;
          end else if (stuck) begin
            err_d   = ERR_STUCK;
            state_d = C1_RSP;
          end else if (pulses_q == PulseLimit) begin
            err_d   = ERR_RETRY;
            state_d = C1_RSP;
          end else begin
            tmr_settle = 1'b1;
            state_d    = C1_PV_BIAS;
          end
        end else if (tmr_done) begin
          err_d   = ERR_ADC_TIMEOUT;
          state_d = C1_RSP;
        end
      end

      C1_PV_BIAS: begin
        if (tmr_done) begin
          tmr_pulse = 1'b1;
          state_d   = C1_PV_PULSE;
        end
      end

      C1_PV_PULSE: begin
        if (tmr_done) begin
          pulses_d   = pulses_q + 8'd1;
          tmr_settle = 1'b1;
          state_d    = C1_PV_RELAX;
        end
      end

      C1_PV_RELAX: begin
        if (tmr_done) begin
          amp_d      = amp_next;
          tmr_settle = 1'b1;
          state_d    = C1_RD_BIAS;
        end
      end

      C1_RSP: begin
        state_d = C1_IDLE;
      end

      default: begin
        state_d = C1_IDLE;
      end
    endcase
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q  <= C1_IDLE;
      op_q     <= OP_READ;
      row_q    <= '0;
      col_q    <= '0;
      target_q <= '0;
      pol_q    <= POL_SET;
      amp_q    <= '0;
      pulses_q <= '0;
      code_q   <= '0;
      ref_q    <= 1'b0;
      valid_in_q <= 1'b0;
      err_q    <= ERR_NONE;
      acc_q    <= '0;
      nsamp_q  <= '0;
      code0_q  <= '0;
    end else begin
      state_q  <= state_d;
      op_q     <= op_d;
      row_q    <= row_d;
      col_q    <= col_d;
      target_q <= target_d;
      pol_q    <= pol_d;
      amp_q    <= amp_d;
      pulses_q <= pulses_d;
      code_q   <= code_d;
      ref_q    <= ref_d;
      valid_in_q <= adc_valid_i;
      err_q    <= err_d;
      acc_q    <= acc_d;
      nsamp_q  <= nsamp_d;
      code0_q  <= code0_d;
    end
  end

  // ------------------------------------------------------------------------------------------
  // Line decode (from registered state only)
  // ------------------------------------------------------------------------------------------
  dac_t amp_half, amp_third, inh_wl, inh_bl;
  logic [1:0] inh_mode;
  logic [1:0] wl_sel_mode, wl_oth_mode, bl_sel_mode, bl_oth_mode;
  dac_t       wl_sel_dac,  wl_oth_dac,  bl_sel_dac,  bl_oth_dac;

  assign amp_half  = amp_q / 2;
  assign amp_third = amp_q / 3;
  assign inh_wl    = (Inhibit == INHIBIT_V3) ? amp_third : amp_half;
  assign inh_bl    = (Inhibit == INHIBIT_V3) ? (amp_q - amp_third) : amp_half;
  assign inh_mode  = (Inhibit == INHIBIT_FLOAT) ? LINE_FLOAT : LINE_DRIVE;

  // Per-state levels of the four line classes: selected WL, other WLs, selected BL, other BLs.
  always_comb begin
    wl_sel_mode = LINE_FLOAT;
    wl_oth_mode = LINE_FLOAT;
    bl_sel_mode = LINE_FLOAT;
    bl_oth_mode = LINE_FLOAT;
    wl_sel_dac  = '0;
    wl_oth_dac  = '0;
    bl_sel_dac  = '0;
    bl_oth_dac  = '0;
    unique case (state_q)
      C1_RD_BIAS, C1_RD_REQ, C1_RD_WAIT: begin
        wl_sel_mode = LINE_DRIVE;
        wl_sel_dac  = ref_q ? DacRdUnsel : DacRead;
        wl_oth_mode = LINE_DRIVE;   // ReadUnselV (0 V by default) against the sensed BLs
        wl_oth_dac  = DacRdUnsel;
        bl_sel_mode = LINE_SENSE;
        bl_oth_mode = LINE_SENSE;
      end
      C1_PV_BIAS, C1_PV_RELAX: begin
        wl_sel_mode = inh_mode;
        wl_sel_dac  = (inh_mode == LINE_DRIVE) ? inh_wl : '0;
        wl_oth_mode = inh_mode;
        wl_oth_dac  = (inh_mode == LINE_DRIVE) ? inh_wl : '0;
        bl_sel_mode = inh_mode;
        bl_sel_dac  = (inh_mode == LINE_DRIVE) ? inh_bl : '0;
        bl_oth_mode = inh_mode;
        bl_oth_dac  = (inh_mode == LINE_DRIVE) ? inh_bl : '0;
      end
      C1_PV_PULSE: begin
        wl_sel_mode = LINE_DRIVE;
        wl_sel_dac  = amp_q;
        bl_sel_mode = LINE_DRIVE;   // 0 V
        wl_oth_mode = inh_mode;
        wl_oth_dac  = (inh_mode == LINE_DRIVE) ? inh_wl : '0;
        bl_oth_mode = inh_mode;
        bl_oth_dac  = (inh_mode == LINE_DRIVE) ? inh_bl : '0;
      end
      default: begin                // idle / response: float at 0, or the bias of IdleBias
        if (IdleBias) begin
          wl_sel_mode = LINE_DRIVE;
          wl_sel_dac  = DacIdle;
          wl_oth_mode = LINE_DRIVE;
          wl_oth_dac  = DacIdle;
          bl_sel_mode = LINE_SENSE;
          bl_oth_mode = LINE_SENSE;
        end
      end
    endcase
  end

  for (genvar r = 0; r < Rows; r++) begin : gen_wl
    assign wl_mode_o[r] = (r == int'(row_q)) ? wl_sel_mode : wl_oth_mode;
    assign wl_dac_o[r]  = (r == int'(row_q)) ? wl_sel_dac  : wl_oth_dac;
  end

  for (genvar c = 0; c < Cols; c++) begin : gen_bl
    assign bl_mode_o[c] = (c == int'(col_q)) ? bl_sel_mode : bl_oth_mode;
    assign bl_dac_o[c]  = (c == int'(col_q)) ? bl_sel_dac  : bl_oth_dac;
  end

  assign adc_req_o   = (state_q == C1_RD_REQ);
  assign cmd_ready_o = (state_q == C1_IDLE);
  assign busy_o      = (state_q != C1_IDLE);
  assign rsp_valid_o = (state_q == C1_RSP);
  assign rsp_err_o    = err_q;
  assign rsp_pulses_o = pulses_q;
  assign rsp_code_o   = code_q;

  // ------------------------------------------------------------------------------------------
  // Assertions
  // ------------------------------------------------------------------------------------------
  `ASSERT_INIT(ParamArray, Rows >= 1 && Cols >= 1 && RowW == ((Rows > 1) ? $clog2(Rows) : 1) &&
                           ColW == ((Cols > 1) ? $clog2(Cols) : 1))
  `ASSERT_INIT(ParamWidths, DacWidth >= 4 && DacWidth <= 16 && AdcWidth >= 1 && AdcWidth <= 16)
  `ASSERT_INIT(ParamCodes, ReadCode > 0 && ReadCode <= DacMax && SetStartCode > 0 &&
                           ReadUnselCode >= 0 && ReadUnselCode < ReadCode &&
                           IdleCode >= 0 && IdleCode <= DacMax &&
                           SetStopCode >= SetStartCode && SetStopCode <= DacMax &&
                           ResetStartCode < 0 && ResetStopCode <= ResetStartCode &&
                           -ResetStopCode <= DacMax + 1 && StepCode >= 1)
  `ASSERT_INIT(ParamLimits, MaxPulses >= 1 && MaxPulses <= 255 && TolCodes >= 0 &&
                            AdcTimeoutCycles >= 1)
  `ASSERT_INIT(ParamAvg, (AvgReads == 1 || AvgReads == 2 || AvgReads == 4 || AvgReads == 8 ||
                          AvgReads == 16) && StuckPulses >= 0 && StuckPulses <= MaxPulses &&
                         StuckCodes >= 0 && StuckShift >= 0 && StuckShift < AdcWidth)
  `ASSERT_INIT(ParamInhibit, Inhibit == INHIBIT_V2 || Inhibit == INHIBIT_V3 ||
                             Inhibit == INHIBIT_FLOAT)
  `ASSERT(ReqOnlyOneCycle, adc_req_o |=> !adc_req_o)
  `ASSERT(RspOnlyOneCycle, rsp_valid_o |=> !rsp_valid_o)
  `ASSERT(PulseAmpInRange, state_q == C1_PV_PULSE |->
          ((pol_q == POL_SET) ? (amp_q >= DacSet0 && amp_q <= DacSetMax)
                              : (amp_q <= DacRst0 && amp_q >= DacRstMax)))
  `ASSERT(PulsesBounded, pulses_q <= PulseLimit)
  `ASSERT_KNOWN(WlModeKnown, wl_mode_o)
  `ASSERT_KNOWN(BlModeKnown, bl_mode_o)
  `ASSERT_KNOWN(WlDacKnown, wl_dac_o)
  `ASSERT_KNOWN(BlDacKnown, bl_dac_o)
  `ASSERT_KNOWN(RspValidKnown, rsp_valid_o)

  // ------------------------------------------------------------------------------------------
  // Coverage points: every state, every response code, the handshakes, both polarities
  // ------------------------------------------------------------------------------------------
  `COVER(CovStIdle, state_q == C1_IDLE)
  `COVER(CovStRdBias, state_q == C1_RD_BIAS)
  `COVER(CovStRdReq, state_q == C1_RD_REQ)
  `COVER(CovStRdWait, state_q == C1_RD_WAIT)
  `COVER(CovStPvBias, state_q == C1_PV_BIAS)
  `COVER(CovStPvPulse, state_q == C1_PV_PULSE)
  `COVER(CovStPvRelax, state_q == C1_PV_RELAX)
  `COVER(CovStRsp, state_q == C1_RSP)
  `COVER(CovRspOk, rsp_valid_o && rsp_err_o == ERR_NONE)
  `COVER(CovRspAddr, rsp_valid_o && rsp_err_o == ERR_ADDR)
  `COVER(CovRspOp, rsp_valid_o && rsp_err_o == ERR_OP)
  `COVER(CovRspRetry, rsp_valid_o && rsp_err_o == ERR_RETRY)
  `COVER(CovRspOvershoot, rsp_valid_o && rsp_err_o == ERR_OVERSHOOT)
  `COVER(CovRspAdcTimeout, rsp_valid_o && rsp_err_o == ERR_ADC_TIMEOUT)
  `COVER(CovRspStuck, rsp_valid_o && rsp_err_o == ERR_STUCK)
  `COVER(CovCmdRead, cmd_valid_i && cmd_ready_o && cmd_op_i == OP_READ)
  `COVER(CovCmdProgramSet, cmd_valid_i && cmd_ready_o && cmd_op_i == OP_PROGRAM &&
                           cmd_pol_i == POL_SET)
  `COVER(CovCmdProgramReset, cmd_valid_i && cmd_ready_o && cmd_op_i == OP_PROGRAM &&
                             cmd_pol_i == POL_RESET)
  `COVER(CovCmdHeldOff, cmd_valid_i && !cmd_ready_o)          // command waits while busy
  `COVER(CovAdcAnswer, state_q == C1_RD_WAIT && adc_valid_i)
  `COVER(CovPulseLimit, state_q == C1_PV_PULSE && pulses_q == PulseLimit - 8'd1)  // the last one

endmodule
