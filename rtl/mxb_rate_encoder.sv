// mxb_rate_encoder.sv -- Poisson-like rate encoder with a leap-forward Galois LFSR.
//
// Each tick draws a fresh IntensityWidth-bit uniform number u from the LFSR (the LFSR is
// advanced IntensityWidth steps per tick, so successive draws share no bits) and fires when
// u < intensity_i.  The spike probability per tick is therefore intensity_i / 2^IntensityWidth
// (0 never fires; the maximum code fires with probability 1 - 2^-IntensityWidth), i.e. a
// Bernoulli process per tick, which approximates a Poisson train of rate
// intensity_i / 2^IntensityWidth / tick period.
//
// Ports
//   clk_i, rst_ni   clock, asynchronous active-low reset (LFSR := LfsrSeed)
//   en_i            encoder enabled; when low no spikes are emitted and the LFSR holds
//   tick_i          time-step strobe: one draw per cycle with en_i && tick_i
//   intensity_i     input intensity code, sampled with the tick
//   spike_o         registered, high for one cycle after a tick that fired
//
// Give every channel of a multi-channel encoder its own LfsrSeed (non-zero) to decorrelate.
// The sequence is deterministic, so Icarus and Verilator runs are identical.

`include "mxb_assert.svh"

module mxb_rate_encoder #(
  parameter int          IntensityWidth = 8,        // intensity code width, bits
  parameter int          LfsrWidth      = 16,       // LFSR length, bits (>= IntensityWidth)
  parameter logic [31:0] LfsrTaps       = 32'hB400, // Galois feedback mask (x^16+x^14+x^13+x^11+1)
  parameter logic [31:0] LfsrSeed       = 32'hACE1  // initial state, must be non-zero
) (
  input  logic                      clk_i,
  input  logic                      rst_ni,
  input  logic                      en_i,
  input  logic                      tick_i,
  input  logic [IntensityWidth-1:0] intensity_i,
  output logic                      spike_o
);
  timeunit 1ns;
  timeprecision 1ps;

  localparam logic [LfsrWidth-1:0] Taps = LfsrTaps[LfsrWidth-1:0];
  localparam logic [LfsrWidth-1:0] Seed = LfsrSeed[LfsrWidth-1:0];

  // Advance a right-shifting Galois LFSR by IntensityWidth steps; the bits shifted out form
  // the draw (first bit out is the LSB of the draw).
  function automatic logic [LfsrWidth+IntensityWidth-1:0] leap(input logic [LfsrWidth-1:0] s);
    logic [LfsrWidth-1:0]      st;
    logic [IntensityWidth-1:0] draw;
    st   = s;
    draw = '0;
    for (int i = 0; i < IntensityWidth; i++) begin
      draw[i] = st[0];
      st      = st[0] ? ((st >> 1) ^ Taps) : (st >> 1);
    end
    return {st, draw};
  endfunction

  logic [LfsrWidth-1:0]      lfsr_d, lfsr_q;
  logic [IntensityWidth-1:0] draw;
  logic                      fire;
  logic                      spike_d, spike_q;

  assign {lfsr_d, draw} = leap(lfsr_q);
  assign fire           = (draw < intensity_i);

  always_comb begin
    spike_d = 1'b0;
    if (en_i && tick_i) begin
      spike_d = fire;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      lfsr_q  <= Seed;
      spike_q <= 1'b0;
    end else begin
      if (en_i && tick_i) begin
        lfsr_q <= lfsr_d;
      end
      spike_q <= spike_d;
    end
  end

  assign spike_o = spike_q;

  `ASSERT_INIT(ParamWidths, IntensityWidth >= 1 && LfsrWidth >= IntensityWidth &&
                            LfsrWidth <= 32)
  `ASSERT_INIT(ParamSeed, LfsrSeed[LfsrWidth-1:0] != '0)
  `ASSERT(LfsrNeverZero, lfsr_q != '0)
  `ASSERT(SpikeOnlyAfterTick, spike_o |-> $past(en_i && tick_i))
  `ASSERT_KNOWN(SpikeKnown, spike_o)

endmodule
