// mxb_latency_encoder.sv -- time-to-first-spike (latency) encoder.
//
// A window of WindowTicks ticks starts with start_i; the intensity is latched then.  Exactly
// one spike is emitted in the window, at tick index
//     k = ((2^IntensityWidth - 1 - intensity) * WindowTicks) >> IntensityWidth
// (k = 0 is the first tick after start_i, so the maximum intensity fires first and k is
// always <= WindowTicks - 1).  Intensities below MinIntensity emit no spike at all.
//
// Ports
//   clk_i, rst_ni   clock, asynchronous active-low reset
//   start_i         open a window (restarts one already open); samples intensity_i
//   intensity_i     input intensity code
//   tick_i          time-step strobe; only ticks inside an open window count
//   spike_o         registered, one cycle after the tick that fires
//   busy_o          a window is open
//   done_o          registered, one cycle after the last tick of the window
//
// A start_i in the same cycle as a tick starts the window; that tick is not counted.

`include "mxb_assert.svh"

module mxb_latency_encoder #(
  parameter int IntensityWidth = 8,   // intensity code width, bits
  parameter int WindowTicks    = 16,  // window length, ticks
  parameter int MinIntensity   = 1    // smallest intensity that still fires, code
) (
  input  logic                      clk_i,
  input  logic                      rst_ni,
  input  logic                      start_i,
  input  logic [IntensityWidth-1:0] intensity_i,
  input  logic                      tick_i,
  output logic                      spike_o,
  output logic                      busy_o,
  output logic                      done_o
);
  timeunit 1ns;
  timeprecision 1ps;
  import mxb_pkg::*;

  localparam int CntWidth = cnt_width(WindowTicks);
  localparam int ProdWidth = IntensityWidth + CntWidth;
  localparam logic [IntensityWidth-1:0] IMax = '1;
  localparam logic [IntensityWidth-1:0] IMin = IntensityWidth'(MinIntensity);
  localparam logic [CntWidth-1:0] LastTick = CntWidth'(WindowTicks - 1);

  function automatic logic [CntWidth-1:0] latency_of(input logic [IntensityWidth-1:0] inten);
    logic [IntensityWidth-1:0] dim;
    logic [ProdWidth-1:0]      prod;
    dim  = IMax - inten;
    prod = ProdWidth'(dim) * ProdWidth'(WindowTicks);
    return CntWidth'(prod >> IntensityWidth);
  endfunction

  logic                busy_d, busy_q;
  logic                armed_d, armed_q;   // spike still to come in this window
  logic [CntWidth-1:0] cnt_d, cnt_q;       // ticks seen in this window
  logic [CntWidth-1:0] lat_d, lat_q;       // tick index of the spike
  logic                spike_d, spike_q;
  logic                done_d, done_q;

  always_comb begin
    busy_d  = busy_q;
    armed_d = armed_q;
    cnt_d   = cnt_q;
    lat_d   = lat_q;
    spike_d = 1'b0;
    done_d  = 1'b0;
    if (start_i) begin
      busy_d  = 1'b1;
      armed_d = (intensity_i >= IMin);
      cnt_d   = '0;
      lat_d   = latency_of(intensity_i);
    end else if (busy_q && tick_i) begin
      if (armed_q && cnt_q == lat_q) begin
        spike_d = 1'b1;
        armed_d = 1'b0;
      end
      if (cnt_q == LastTick) begin
        busy_d = 1'b0;
        done_d = 1'b1;
      end else begin
        cnt_d = cnt_q + 1'b1;
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      busy_q  <= 1'b0;
      armed_q <= 1'b0;
      cnt_q   <= '0;
      lat_q   <= '0;
      spike_q <= 1'b0;
      done_q  <= 1'b0;
    end else begin
      busy_q  <= busy_d;
      armed_q <= armed_d;
      cnt_q   <= cnt_d;
      lat_q   <= lat_d;
      spike_q <= spike_d;
      done_q  <= done_d;
    end
  end

  assign spike_o = spike_q;
  assign busy_o  = busy_q;
  assign done_o  = done_q;

  `ASSERT_INIT(ParamRange, IntensityWidth >= 1 && IntensityWidth <= 24 && WindowTicks >= 1 &&
                           MinIntensity >= 0 && MinIntensity < (1 << IntensityWidth))
  `ASSERT(LatencyInWindow, busy_q |-> lat_q <= LastTick)
  `ASSERT_KNOWN(SpikeKnown, spike_o)
  `ASSERT_KNOWN(DoneKnown, done_o)

endmodule
