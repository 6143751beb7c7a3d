// mxb_ctrl_3d.sv -- read and training controller for a 3D stacked array.
//
// Geometry: Layers layers of Rows x Cols cells share Planes = Layers + 1 electrode planes of
// alternating direction, numbered from the top as in the crossbar model (models_c/include/mxb/
// array.h), so plane and line numbers pass to the model unchanged: layer k lies between plane k
// (its top electrodes) and plane k + 1 (its bottom electrodes).  Lines of an even plane run
// along the rows (plane line i = row i, Rows lines); lines of an odd plane run along the
// columns (plane line i = column i, Cols lines).  Cell (k, r, c) therefore joins line r of
// whichever of planes k, k+1 is even and line c of the odd one: for an even layer the top
// electrode is row line r of plane k, for an odd layer it is column line c of plane k.
//
// Line interface (see rtl/README.md): Lines = max(Rows, Cols) slots per plane; plane p line i
// is slot p * Lines + i of pl_mode_o / pl_dac_o (mxb_pkg::line_mode_e, signed DAC code, volts
// = code * DacLsbV).  Slots i >= line count of the plane do not exist and always FLOAT.
// The cell voltage is V(top line) - V(bottom line) = V(plane k) - V(plane k + 1).
//
// Command interface (valid/ready, one command in flight; cmd_ready_o high only when idle)
//   cmd_op_i     mxb_pkg::xbar_op_e: OP_READ or OP_TRAIN (OP_PROGRAM -> ERR_OP)
//   cmd_layer_i, cmd_row_i, cmd_col_i   cell address (out of range -> ERR_ADDR)
//   cmd_pol_i    OP_TRAIN: POL_SET = +TrainV on the top electrode, POL_RESET = -TrainV
// Response: rsp_valid_o high for one cycle with rsp_err_o (mxb_pkg::ctrl_err_e), rsp_pulses_o
// (training pulses applied: 0 or 1) and rsp_code_o (ADC code of the read that ends every
// successful command); held until the next command is accepted.
//
// Operations (only the two electrodes of the selected cell are ever connected; every other
// electrode of every plane FLOATS, as in the Cu-pMSSQ 3D array of seed 000):
//   READ   top electrode driven at ReadV, bottom electrode sensed (virtual ground); after
//          SettleS, adc_req_o for one cycle; the analog side returns the code of the sensed
//          line with a rising edge of adc_valid_i (timeout AdcTimeoutCycles -> ERR_ADC_TIMEOUT).
//   TRAIN  both electrodes driven at 0 V for SettleS, top electrode at +-TrainV (bottom 0 V)
//          for TrainS (default 3 V, 10 ms, seed 000), both at 0 V for SettleS, then a READ.
// Idle (and the response cycle): with IdleGround = 0 every electrode floats with code 0; with
// IdleGround = 1 every existing electrode is driven at 0 V (code 0), so the stack is discharged
// between commands and only the selected cell's two electrodes are connected during one.  A
// floating electrode keeps its charge (in the seed-000 stack every cell is a 0.7 nF capacitor
// leaking at most nA: seconds to relax), and the charge one command leaves shifts the floating
// electrodes of the next by capacitive division; in tb_mxb_mem3d a read after the reads of the
// previous row put 3.5 V across a cell with IdleGround = 0.  Line outputs are decoded from
// registered state.

`include "mxb_assert.svh"

module mxb_ctrl_3d #(
  parameter int  Layers           = 2,       // stacked layers (planes = Layers + 1)
  parameter int  Rows             = 4,       // rows per layer (lines of even planes)
  parameter int  Cols             = 4,       // columns per layer (lines of odd planes)
  parameter int  DacWidth         = 10,      // electrode DAC code width, bits (signed)
  parameter real DacLsbV          = 0.01,    // volts per DAC LSB
  parameter int  AdcWidth         = 10,      // ADC code width, bits (unsigned)
  parameter real ClkPeriodS       = 10e-9,   // clock period, seconds
  parameter real ReadV            = 0.5,     // read voltage on the top electrode, volts
  parameter real TrainV           = 3.0,     // training pulse amplitude, volts (seed 000)
  parameter real TrainS           = 10e-3,   // training pulse width, seconds (seed 000)
  parameter real SettleS          = 1e-6,    // settling time before reads / around pulses, s
  parameter int  AdcTimeoutCycles = 1000,    // ADC answer timeout, clock cycles
  parameter int  IdleGround       = 0,       // 1: every electrode at 0 V between commands
  // derived widths: do not override (checked by ASSERT_INIT)
  parameter int  Planes           = Layers + 1,
  parameter int  Lines            = (Rows > Cols) ? Rows : Cols,
  parameter int  LayW             = (Layers > 1) ? $clog2(Layers) : 1,
  parameter int  RowW             = (Rows > 1) ? $clog2(Rows) : 1,
  parameter int  ColW             = (Cols > 1) ? $clog2(Cols) : 1
) (
  input  logic                                 clk_i,
  input  logic                                 rst_ni,
  // command
  input  logic                                 cmd_valid_i,
  output logic                                 cmd_ready_o,
  input  logic [1:0]                           cmd_op_i,
  input  logic [LayW-1:0]                      cmd_layer_i,
  input  logic [RowW-1:0]                      cmd_row_i,
  input  logic [ColW-1:0]                      cmd_col_i,
  input  logic                                 cmd_pol_i,
  // response
  output logic                                 rsp_valid_o,
  output logic [2:0]                           rsp_err_o,
  output logic [7:0]                           rsp_pulses_o,
  output logic [AdcWidth-1:0]                  rsp_code_o,
  output logic                                 busy_o,
  // electrodes: plane p line i at index p * Lines + i
  output logic [Planes*Lines-1:0][1:0]         pl_mode_o,
  output logic [Planes*Lines-1:0][DacWidth-1:0] pl_dac_o,
  // ADC of the sensed electrode
  output logic                                 adc_req_o,
  input  logic                                 adc_valid_i,
  input  logic [AdcWidth-1:0]                  adc_code_i
);
  timeunit 1ns;
  timeprecision 1ps;
  import mxb_pkg::*;

  localparam int ReadCode     = volts_to_code(ReadV, DacLsbV);
  localparam int TrainCode    = volts_to_code(TrainV, DacLsbV);
  localparam int TrainCycles  = secs_to_cycles(TrainS, ClkPeriodS);
  localparam int SettleCycles = secs_to_cycles(SettleS, ClkPeriodS);
  localparam int DacMax       = (1 << (DacWidth - 1)) - 1;
  localparam int PlaneW       = cnt_width(Planes);
  localparam int LineW        = cnt_width(Lines);

  typedef logic signed [DacWidth-1:0] dac_t;
  localparam dac_t DacRead   = DacWidth'(ReadCode);
  localparam dac_t DacTrain  = DacWidth'(TrainCode);

  // ------------------------------------------------------------------------------------------
  // State
  // ------------------------------------------------------------------------------------------
  ctrl_3d_state_e      state_d, state_q;
  logic [LayW-1:0]     layer_d, layer_q;
  logic [RowW-1:0]     row_d, row_q;
  logic [ColW-1:0]     col_d, col_q;
  logic                pol_d, pol_q;
  logic [7:0]          pulses_d, pulses_q;
  logic [AdcWidth-1:0] code_d, code_q;
  logic [2:0]          err_d, err_q;
  logic                valid_in_q;           // adc_valid_i one cycle ago
  // wait timer: settle / training pulse / ADC timeout (started by the FSM, done_o ends the wait)
  logic                tmr_settle, tmr_pulse, tmr_timeout, tmr_done;

  mxb_wait_timer #(
    .SettleCycles(SettleCycles), .PulseCycles(TrainCycles), .TimeoutCycles(AdcTimeoutCycles)
  ) u_timer (
    .clk_i(clk_i), .rst_ni(rst_ni), .start_settle_i(tmr_settle), .start_pulse_i(tmr_pulse),
    .start_timeout_i(tmr_timeout), .done_o(tmr_done)
  );

  always_comb begin
    state_d     = state_q;
    layer_d     = layer_q;
    row_d       = row_q;
    col_d       = col_q;
    pol_d       = pol_q;
    pulses_d    = pulses_q;
    code_d      = code_q;
    err_d       = err_q;
    tmr_settle  = 1'b0;
    tmr_pulse   = 1'b0;
    tmr_timeout = 1'b0;

    unique case (state_q)
      C3_IDLE: begin
        if (cmd_valid_i) begin
          layer_d    = cmd_layer_i;
          row_d      = cmd_row_i;
          col_d      = cmd_col_i;
          pol_d      = cmd_pol_i;
          pulses_d   = '0;
          code_d     = '0;
          err_d      = ERR_NONE;
          tmr_settle = 1'b1;
          if (int'(cmd_layer_i) >= Layers || int'(cmd_row_i) >= Rows ||
              int'(cmd_col_i) >= Cols) begin
            err_d   = ERR_ADDR;
            state_d = C3_RSP;
          end else if (cmd_op_i == OP_READ) begin
            state_d = C3_RD_BIAS;
          end else if (cmd_op_i == OP_TRAIN) begin
            state_d = C3_TR_BIAS;
          end else begin
            err_d   = ERR_OP;
            state_d = C3_RSP;
          end
        end
      end

      C3_RD_BIAS: begin
        if (tmr_done) begin
          state_d = C3_RD_REQ;
        end
      end

      C3_RD_REQ: begin
        tmr_timeout = 1'b1;
        state_d     = C3_RD_WAIT;
      end

      C3_RD_WAIT: begin
        if (adc_valid_i && !valid_in_q) begin  // a rising edge: a new answer
          code_d  = adc_code_i;
          state_d = C3_RSP;
        end else if (tmr_done) begin
          err_d   = ERR_ADC_TIMEOUT;
          state_d = C3_RSP;
        end
      end

      C3_TR_BIAS: begin
        if (tmr_done) begin
          tmr_pulse = 1'b1;
          state_d   = C3_TR_PULSE;
        end
      end

      C3_TR_PULSE: begin
        if (tmr_done) begin
          pulses_d   = pulses_q + 8'd1;
          tmr_settle = 1'b1;
          state_d    = C3_TR_RELAX;
        end
      end

      C3_TR_RELAX: begin
        if (tmr_done) begin
          tmr_settle = 1'b1;
          state_d    = C3_RD_BIAS;
        end
      end

      C3_RSP: begin
        state_d = C3_IDLE;
      end

      default: begin
        state_d = C3_IDLE;
      end
    endcase
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q  <= C3_IDLE;
      layer_q  <= '0;
      row_q    <= '0;
      col_q    <= '0;
      pol_q    <= POL_SET;
      pulses_q <= '0;
      code_q   <= '0;
      err_q    <= ERR_NONE;
      valid_in_q <= 1'b0;
    end else begin
      state_q  <= state_d;
      layer_q  <= layer_d;
      row_q    <= row_d;
      col_q    <= col_d;
      pol_q    <= pol_d;
      pulses_q <= pulses_d;
      code_q   <= code_d;
      err_q    <= err_d;
      valid_in_q <= adc_valid_i;
    end
  end

  // ------------------------------------------------------------------------------------------
  // Electrode decode (from registered state only)
  // ------------------------------------------------------------------------------------------
  logic [PlaneW-1:0] bot_plane, top_plane;
  logic [LineW-1:0]  bot_line, top_line;
  logic [1:0]        bot_mode, top_mode;
  dac_t              top_dac;

  // model convention: top electrodes in plane k, bottom electrodes in plane k + 1
  assign top_plane = PlaneW'(layer_q);
  assign bot_plane = PlaneW'(layer_q) + 1'b1;
  // even plane: row line, odd plane: column line
  assign top_line  = layer_q[0] ? LineW'(col_q) : LineW'(row_q);
  assign bot_line  = layer_q[0] ? LineW'(row_q) : LineW'(col_q);

  always_comb begin
    bot_mode = LINE_FLOAT;
    top_mode = LINE_FLOAT;
    top_dac  = '0;
    unique case (state_q)
      C3_RD_BIAS, C3_RD_REQ, C3_RD_WAIT: begin
        top_mode = LINE_DRIVE;
        top_dac  = DacRead;
        bot_mode = LINE_SENSE;
      end
      C3_TR_BIAS, C3_TR_RELAX: begin
        top_mode = LINE_DRIVE;      // 0 V
        bot_mode = LINE_DRIVE;      // 0 V
      end
      C3_TR_PULSE: begin
        top_mode = LINE_DRIVE;
        top_dac  = (pol_q == POL_SET) ? DacTrain : -DacTrain;
        bot_mode = LINE_DRIVE;      // 0 V
      end
      default: ;                    // idle / response: all float
    endcase
  end

  // between commands: every electrode held at 0 V (IdleGround = 1) or floating
  logic idle_gnd;
  assign idle_gnd = (IdleGround != 0) && (state_q == C3_IDLE || state_q == C3_RSP);

  for (genvar p = 0; p < Planes; p++) begin : gen_plane
    localparam int PlaneLines = (p % 2 == 0) ? Rows : Cols;
    for (genvar i = 0; i < Lines; i++) begin : gen_line
      logic is_top, is_bot;
      assign is_top = (p == int'(top_plane)) && (i == int'(top_line));
      assign is_bot = (p == int'(bot_plane)) && (i == int'(bot_line));
      assign pl_mode_o[p * Lines + i] = (idle_gnd && i < PlaneLines) ? LINE_DRIVE
                                      : (is_top ? top_mode : (is_bot ? bot_mode : LINE_FLOAT));
      assign pl_dac_o[p * Lines + i]  = is_top ? top_dac : '0;
    end
  end

  assign adc_req_o    = (state_q == C3_RD_REQ);
  assign cmd_ready_o  = (state_q == C3_IDLE);
  assign busy_o       = (state_q != C3_IDLE);
  assign rsp_valid_o  = (state_q == C3_RSP);
  assign rsp_err_o    = err_q;
  assign rsp_pulses_o = pulses_q;
  assign rsp_code_o   = code_q;

  // ------------------------------------------------------------------------------------------
  // Assertions
  // ------------------------------------------------------------------------------------------
  `ASSERT_INIT(ParamArray, Layers >= 1 && Rows >= 1 && Cols >= 1 && Planes == Layers + 1 &&
                           Lines == ((Rows > Cols) ? Rows : Cols) &&
                           LayW == ((Layers > 1) ? $clog2(Layers) : 1) &&
                           RowW == ((Rows > 1) ? $clog2(Rows) : 1) &&
                           ColW == ((Cols > 1) ? $clog2(Cols) : 1))
  `ASSERT_INIT(ParamCodes, ReadCode > 0 && ReadCode <= DacMax && TrainCode > 0 &&
                           TrainCode <= DacMax)
  `ASSERT_INIT(ParamWidths, DacWidth >= 4 && DacWidth <= 16 && AdcWidth >= 1 && AdcWidth <= 16 &&
                            AdcTimeoutCycles >= 1 && (IdleGround == 0 || IdleGround == 1))
  `ASSERT(ReqOnlyOneCycle, adc_req_o |=> !adc_req_o)
  `ASSERT(RspOnlyOneCycle, rsp_valid_o |=> !rsp_valid_o)
  `ASSERT(IdleAllFloat, IdleGround == 0 && state_q == C3_IDLE |-> pl_mode_o == '0)  // LINE_FLOAT == 0
  `ASSERT(IdleAllZero, state_q == C3_IDLE |-> pl_dac_o == '0)
  `ASSERT_KNOWN(ModeKnown, pl_mode_o)
  `ASSERT_KNOWN(DacKnown, pl_dac_o)

  // ------------------------------------------------------------------------------------------
  // Coverage points: every state, every response code it gives, the handshakes, both
  // training polarities
  // ------------------------------------------------------------------------------------------
  `COVER(CovStIdle, state_q == C3_IDLE)
  `COVER(CovStRdBias, state_q == C3_RD_BIAS)
  `COVER(CovStRdReq, state_q == C3_RD_REQ)
  `COVER(CovStRdWait, state_q == C3_RD_WAIT)
  `COVER(CovStTrBias, state_q == C3_TR_BIAS)
  `COVER(CovStTrPulse, state_q == C3_TR_PULSE)
  `COVER(CovStTrRelax, state_q == C3_TR_RELAX)
  `COVER(CovStRsp, state_q == C3_RSP)
  `COVER(CovRspOk, rsp_valid_o && rsp_err_o == ERR_NONE)
  `COVER(CovRspAddr, rsp_valid_o && rsp_err_o == ERR_ADDR)
  `COVER(CovRspOp, rsp_valid_o && rsp_err_o == ERR_OP)
  `COVER(CovRspAdcTimeout, rsp_valid_o && rsp_err_o == ERR_ADC_TIMEOUT)
  `COVER(CovCmdRead, cmd_valid_i && cmd_ready_o && cmd_op_i == OP_READ)
  `COVER(CovCmdTrainSet, cmd_valid_i && cmd_ready_o && cmd_op_i == OP_TRAIN &&
                         cmd_pol_i == POL_SET)
  `COVER(CovCmdTrainReset, cmd_valid_i && cmd_ready_o && cmd_op_i == OP_TRAIN &&
                           cmd_pol_i == POL_RESET)
  `COVER(CovCmdHeldOff, cmd_valid_i && !cmd_ready_o)          // command waits while busy
  `COVER(CovAdcAnswer, state_q == C3_RD_WAIT && adc_valid_i)

endmodule
