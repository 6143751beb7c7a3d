// mxb_wta.sv -- winner-take-all (argmax) over NumCh unsigned codes.
//
// In a cycle with in_valid_i the codes are compared; one cycle later valid_o is high for one
// cycle with winner_o = index of the largest code (ties: the lowest index wins) and
// win_code_o = that code.  found_o says the winning code is >= MinCode (otherwise no channel
// wins: winner_o / win_code_o still show the argmax for debugging).  Typical use: class
// decision on the column currents of a crossbar (ADC codes from mxb_adc_if), or on spike
// counts of output neurons.
//
// Ports
//   clk_i, rst_ni   clock, asynchronous active-low reset
//   in_valid_i      codes valid
//   code_i          per-channel unsigned codes
//   valid_o         one cycle after in_valid_i
//   winner_o        argmax index
//   win_code_o      largest code
//   found_o         win_code_o >= MinCode
// Outputs hold until the next in_valid_i.

`include "mxb_assert.svh"

module mxb_wta #(
  parameter int NumCh     = 4,    // channels (>= 1)
  parameter int CodeWidth = 10,   // code width, bits (unsigned)
  parameter int MinCode   = 0,    // smallest code that can win
  // derived: do not override
  parameter int IdxW      = (NumCh > 1) ? $clog2(NumCh) : 1
) (
  input  logic                            clk_i,
  input  logic                            rst_ni,
  input  logic                            in_valid_i,
  input  logic [NumCh-1:0][CodeWidth-1:0] code_i,
  output logic                            valid_o,
  output logic [IdxW-1:0]                 winner_o,
  output logic [CodeWidth-1:0]            win_code_o,
  output logic                            found_o
);
  timeunit 1ns;
  timeprecision 1ps;

  localparam logic [CodeWidth-1:0] MinC = CodeWidth'(MinCode);

  // Linear scan; strict '>' keeps the lowest index on ties.  {index, code}
  function automatic logic [IdxW+CodeWidth-1:0] argmax(
    input logic [NumCh-1:0][CodeWidth-1:0] codes
  );
    logic [IdxW-1:0]      bi;
    logic [CodeWidth-1:0] bc;
    bi = '0;
    bc = codes[0];
    for (int i = 1; i < NumCh; i++) begin
      if (codes[i] > bc) begin
        bi = IdxW'(i);
        bc = codes[i];
      end
    end
    return {bi, bc};
  endfunction

  logic [IdxW-1:0]      idx_d, idx_q;
  logic [CodeWidth-1:0] max_d, max_q;
  logic                 valid_q;

  assign {idx_d, max_d} = argmax(code_i);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      idx_q   <= '0;
      max_q   <= '0;
      valid_q <= 1'b0;
    end else begin
      valid_q <= in_valid_i;
      if (in_valid_i) begin
        idx_q <= idx_d;
        max_q <= max_d;
      end
    end
  end

  assign valid_o    = valid_q;
  assign winner_o   = idx_q;
  assign win_code_o = max_q;
  assign found_o    = (max_q >= MinC);

  `ASSERT_INIT(ParamRange, NumCh >= 1 && CodeWidth >= 1 && MinCode >= 0 &&
                           MinCode < (1 << CodeWidth) &&
                           IdxW == ((NumCh > 1) ? $clog2(NumCh) : 1))
  `ASSERT(WinnerInRange, int'(winner_o) < NumCh)
  `ASSERT_KNOWN(ValidKnown, valid_o)

endmodule
