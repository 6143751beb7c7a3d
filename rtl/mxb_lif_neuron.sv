// mxb_lif_neuron.sv -- leaky integrate-and-fire neuron, fixed-point membrane.
//
// The membrane potential v is a signed VmemWidth-bit integer in "membrane LSB" (the unit is
// the designer's choice: typically 1 LSB of the crossbar column ADC, so that a column current
// code can be fed straight into cur_i).  Nothing happens between ticks; on every cycle with
// tick_i high the neuron performs one integration step:
//
//   not refractory:
//     leak   = (LeakMode == LEAK_SHIFT) ? v >>> LeakShift                 (exponential)
//                                       : sign(v) * min(|v|, LeakDecLsb)  (linear, to 0)
//     v'     = sat(v - leak + sum_{i: syn_spike_i[i]} syn_weight_i[i] + cur_i,
//                  VminLsb, 2^(VmemWidth-1)-1)
//     if v' >= ThresholdLsb: spike_o = 1 for this cycle, v = ResetLsb,
//                            RefractoryTicks following ticks are refractory
//     else                   v = v'
//   refractory: inputs are ignored, v stays at ResetLsb, the refractory count decrements.
//
// Ports
//   clk_i, rst_ni       clock, asynchronous active-low reset (v = ResetLsb, not refractory)
//   tick_i              integration-step strobe (one time step of the network)
//   syn_spike_i[i]      presynaptic spike of synapse i in this tick (sampled with tick_i)
//   syn_weight_i[i]     signed synaptic weight of synapse i, membrane LSB
//   cur_i               signed input current per tick, membrane LSB (0 if unused)
//   spike_o             registered: high for exactly one cycle, the cycle after the tick
//                       whose integration crossed the threshold
//   vmem_o              registered membrane potential, signed membrane LSB
//   refractory_o        high while the neuron ignores its inputs
//
// Timing: all outputs change on the clock edge that samples tick_i, so spike_o is seen one
// cycle after the tick; back-to-back ticks are allowed.

`include "mxb_assert.svh"

module mxb_lif_neuron #(
  parameter int VmemWidth       = 16,     // membrane register width, bits (signed)
  parameter int NumSyn          = 4,      // number of synaptic inputs
  parameter int WeightWidth     = 8,      // synaptic weight width, bits (signed)
  parameter int CurrentWidth    = 12,     // direct current input width, bits (signed)
  parameter int ThresholdLsb    = 1000,   // firing threshold, membrane LSB
  parameter int ResetLsb        = 0,      // potential after a spike, membrane LSB
  parameter int VminLsb         = -1000,  // lower clamp (inhibition floor), membrane LSB
  parameter bit LeakMode        = mxb_pkg::LEAK_SHIFT,  // a mxb_pkg::leak_mode_e value
  parameter int LeakShift       = 4,      // LEAK_SHIFT: decay 1/2^LeakShift per tick
  parameter int LeakDecLsb      = 8,      // LEAK_SUB: decrement per tick, membrane LSB
  parameter int RefractoryTicks = 2       // ticks ignored after a spike
) (
  input  logic                                      clk_i,
  input  logic                                      rst_ni,
  input  logic                                      tick_i,
  input  logic [NumSyn-1:0]                         syn_spike_i,
  input  logic [NumSyn-1:0][WeightWidth-1:0]        syn_weight_i,
  input  logic signed [CurrentWidth-1:0]            cur_i,
  output logic                                      spike_o,
  output logic signed [VmemWidth-1:0]               vmem_o,
  output logic                                      refractory_o
);
  timeunit 1ns;
  timeprecision 1ps;
  import mxb_pkg::*;

  // Accumulator wide enough for v + NumSyn weights + current without overflow.
  localparam int SumWidth = WeightWidth + cnt_width(NumSyn);
  localparam int AccWidth = ((VmemWidth > SumWidth) ? ((VmemWidth > CurrentWidth) ? VmemWidth
                                                                                   : CurrentWidth)
                                                    : ((SumWidth > CurrentWidth) ? SumWidth
                                                                                 : CurrentWidth))
                            + 2;
  localparam int RefWidth = cnt_width(RefractoryTicks);
  localparam int VmaxLsb  = (1 << (VmemWidth - 1)) - 1;

  localparam logic signed [AccWidth-1:0] VmaxAcc   = AccWidth'(VmaxLsb);
  localparam logic signed [AccWidth-1:0] VminAcc   = AccWidth'(VminLsb);
  localparam logic signed [AccWidth-1:0] ThreshAcc = AccWidth'(ThresholdLsb);
  localparam logic signed [AccWidth-1:0] LeakDec   = AccWidth'(LeakDecLsb);
  localparam logic signed [VmemWidth-1:0] VReset   = VmemWidth'(ResetLsb);
  localparam logic [RefWidth-1:0] RefTicks         = RefWidth'(RefractoryTicks);

  logic signed [VmemWidth-1:0] v_d, v_q;
  logic [RefWidth-1:0]         ref_d, ref_q;
  logic                        spike_d, spike_q;

  logic signed [AccWidth-1:0]  v_acc, leak, syn_sum, v_sum, v_next;

  // Note on style: the datapath is automatic functions + continuous assigns, and only the
  // final next-state logic is an always_comb.  Chains of always_comb blocks that write a
  // variable twice per evaluation (accumulate, or default-then-clamp) made Icarus 11 spin
  // forever inside one time step; single-assignment functions avoid that.

  // Weighted sum of the synapses that spiked in this tick.
  function automatic logic signed [AccWidth-1:0] weighted_sum(
    input logic [NumSyn-1:0]                  spikes,
    input logic [NumSyn-1:0][WeightWidth-1:0] weights
  );
    logic signed [AccWidth-1:0] acc;
    acc = '0;
    for (int i = 0; i < NumSyn; i++) begin
      if (spikes[i]) begin
        acc = acc + AccWidth'($signed(weights[i]));
      end
    end
    return acc;
  endfunction

  assign syn_sum = weighted_sum(syn_spike_i, syn_weight_i);
  assign v_acc   = AccWidth'(v_q);

  // Leak term: shift (exponential) or fixed decrement towards zero (linear).
  function automatic logic signed [AccWidth-1:0] leak_of(input logic signed [AccWidth-1:0] v);
    logic signed [AccWidth-1:0] l;
    if (LeakMode == LEAK_SHIFT) begin
      l = v >>> LeakShift;
    end else if (v > LeakDec) begin
      l = LeakDec;
    end else if (v < -LeakDec) begin
      l = -LeakDec;
    end else begin
      l = v;
    end
    return l;
  endfunction

  // Saturate to [VminLsb, 2^(VmemWidth-1)-1].
  function automatic logic signed [AccWidth-1:0] sat(input logic signed [AccWidth-1:0] v);
    logic signed [AccWidth-1:0] r;
    if (v > VmaxAcc) begin
      r = VmaxAcc;
    end else if (v < VminAcc) begin
      r = VminAcc;
    end else begin
      r = v;
    end
    return r;
  endfunction

  assign leak   = leak_of(v_acc);
  assign v_sum  = v_acc - leak + syn_sum + AccWidth'(cur_i);
  assign v_next = sat(v_sum);

  // Next state.
  always_comb begin
    v_d     = v_q;
    ref_d   = ref_q;
    spike_d = 1'b0;
    if (tick_i) begin
      if (ref_q != '0) begin
        ref_d = ref_q - 1'b1;
        v_d   = VReset;
      end else if (v_next >= ThreshAcc) begin
        spike_d = 1'b1;
        v_d     = VReset;
        ref_d   = RefTicks;
      end else begin
        v_d = VmemWidth'(v_next);
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      v_q     <= VReset;
      ref_q   <= '0;
      spike_q <= 1'b0;
    end else begin
      v_q     <= v_d;
      ref_q   <= ref_d;
      spike_q <= spike_d;
    end
  end

  assign spike_o      = spike_q;
  assign vmem_o       = v_q;
  assign refractory_o = (ref_q != '0);

  `ASSERT_INIT(ParamWidths, VmemWidth >= 4 && VmemWidth <= 31 && NumSyn >= 1 &&
                            WeightWidth >= 2 && CurrentWidth >= 2)
  `ASSERT_INIT(ParamLevels, VminLsb <= ResetLsb && ResetLsb < ThresholdLsb &&
                            ThresholdLsb <= (1 << (VmemWidth - 1)) - 1 &&
                            VminLsb >= -(1 << (VmemWidth - 1)))
  `ASSERT_INIT(ParamLeak, LeakShift >= 1 && LeakShift < VmemWidth && LeakDecLsb >= 0 &&
                          RefractoryTicks >= 0)
  `ASSERT_KNOWN(SpikeKnown, spike_o)
  `ASSERT_KNOWN(VmemKnown, vmem_o)
  `ASSERT(SpikeOnlyAfterTick, spike_o |-> $past(tick_i))
  `ASSERT(SpikeResets, spike_o |-> vmem_o == VReset)

endmodule
