// mxb_adc_if.sv -- ADC / comparator front end for NumCh sensed lines.
//
// start_i (in idle) starts a conversion: after SettleCycles cycles adc_req_o is high for one
// cycle (the analog side samples every channel at that edge); the analog side answers with
// adc_valid_i and the codes adc_code_i (unsigned, one per channel) any number of cycles later.
// The codes are registered, compared with thresh_i (above_o[i] = code[i] >= thresh_i: a
// digital comparator, e.g. the 20 uA logic threshold of seed 002 expressed as a code) and
// presented with valid_o for one cycle; code_o / above_o hold until the next conversion.
// Without an answer within TimeoutCycles, timeout_o pulses instead of valid_o and the old
// codes are kept.
//
// Ports
//   clk_i, rst_ni   clock, asynchronous active-low reset
//   start_i         request a conversion (ignored while busy_o)
//   thresh_i        comparator threshold, ADC code (sampled when the codes arrive)
//   adc_req_o       sample strobe to the analog side (one cycle)
//   adc_valid_i     codes valid (one cycle is enough; taken at its rising edge, so a valid
//                   still high from the previous answer is not taken for the next)
//   adc_code_i      per-channel codes
//   valid_o         one cycle: code_o / above_o updated
//   code_o          registered codes
//   above_o         registered comparator outputs
//   timeout_o       one cycle: no answer within TimeoutCycles
//   busy_o          conversion in progress

`include "mxb_assert.svh"

module mxb_adc_if #(
  parameter int NumCh         = 4,     // channels
  parameter int AdcWidth      = 10,    // ADC code width, bits (unsigned)
  parameter int SettleCycles  = 4,     // cycles from start_i to adc_req_o (>= 1)
  parameter int TimeoutCycles = 256    // cycles to wait for adc_valid_i (>= 1)
) (
  input  logic                          clk_i,
  input  logic                          rst_ni,
  input  logic                          start_i,
  input  logic [AdcWidth-1:0]           thresh_i,
  output logic                          adc_req_o,
  input  logic                          adc_valid_i,
  input  logic [NumCh-1:0][AdcWidth-1:0] adc_code_i,
  output logic                          valid_o,
  output logic [NumCh-1:0][AdcWidth-1:0] code_o,
  output logic [NumCh-1:0]              above_o,
  output logic                          timeout_o,
  output logic                          busy_o
);
  timeunit 1ns;
  timeprecision 1ps;
  import mxb_pkg::*;

  localparam int CntMax = (SettleCycles > TimeoutCycles) ? SettleCycles : TimeoutCycles;
  localparam int CntW   = cnt_width(CntMax);
  localparam logic [CntW-1:0] SettleLast  = CntW'(SettleCycles - 1);
  localparam logic [CntW-1:0] TimeoutLast = CntW'(TimeoutCycles - 1);

  function automatic logic [NumCh-1:0] compare(input logic [NumCh-1:0][AdcWidth-1:0] codes,
                                               input logic [AdcWidth-1:0] thr);
    logic [NumCh-1:0] a;
    for (int i = 0; i < NumCh; i++) begin
      a[i] = (codes[i] >= thr);
    end
    return a;
  endfunction

  adc_if_state_e                  state_d, state_q;
  logic [CntW-1:0]                cnt_d, cnt_q;
  logic [NumCh-1:0][AdcWidth-1:0] code_d, code_q;
  logic [NumCh-1:0]               above_d, above_q;
  logic                           valid_d, valid_q;
  logic                           tout_d, tout_q;
  logic                           valid_in_q;  // adc_valid_i one cycle ago

  always_comb begin
    state_d = state_q;
    cnt_d   = cnt_q;
    code_d  = code_q;
    above_d = above_q;
    valid_d = 1'b0;
    tout_d  = 1'b0;
    unique case (state_q)
      ADC_IDLE: begin
        if (start_i) begin
          cnt_d   = SettleLast;
          state_d = ADC_SETTLE;
        end
      end
      ADC_SETTLE: begin
        if (cnt_q != '0) begin
          cnt_d = cnt_q - 1'b1;
        end else begin
          state_d = ADC_REQ;
        end
      end
      ADC_REQ: begin
        cnt_d   = TimeoutLast;
        state_d = ADC_WAIT;
      end
      ADC_WAIT: begin
        if (adc_valid_i && !valid_in_q) begin  // a rising edge: a new answer
          code_d  = adc_code_i;
          above_d = compare(adc_code_i, thresh_i);
          valid_d = 1'b1;
          state_d = ADC_IDLE;
        end else if (cnt_q != '0) begin
          cnt_d = cnt_q - 1'b1;
        end else begin
          tout_d  = 1'b1;
          state_d = ADC_IDLE;
        end
      end
      default: begin
        state_d = ADC_IDLE;
      end
    endcase
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q <= ADC_IDLE;
      cnt_q   <= '0;
      code_q  <= '0;
      above_q <= '0;
      valid_q <= 1'b0;
      tout_q  <= 1'b0;
      valid_in_q <= 1'b0;
    end else begin
      state_q <= state_d;
      cnt_q   <= cnt_d;
      code_q  <= code_d;
      above_q <= above_d;
      valid_q <= valid_d;
      tout_q  <= tout_d;
      valid_in_q <= adc_valid_i;
    end
  end

  assign adc_req_o = (state_q == ADC_REQ);
  assign busy_o    = (state_q != ADC_IDLE);
  assign valid_o   = valid_q;
  assign timeout_o = tout_q;
  assign code_o    = code_q;
  assign above_o   = above_q;

  `ASSERT_INIT(ParamRange, NumCh >= 1 && AdcWidth >= 1 && SettleCycles >= 1 &&
                           TimeoutCycles >= 1)
  `ASSERT(ReqOneCycle, adc_req_o |=> !adc_req_o)
  `ASSERT(ValidXorTimeout, !(valid_o && timeout_o))
  `ASSERT_KNOWN(ValidKnown, valid_o)

endmodule
