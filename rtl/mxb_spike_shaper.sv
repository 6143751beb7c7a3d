// mxb_spike_shaper.sv -- spike-shape generator: a trigger plays a sequence of DAC levels.
//
// On trig_i the shaper drives up to four phases; phase p holds the level PhasepV volts for
// PhasepS seconds, then the next phase follows without a gap.  Levels become signed DAC codes
// (round(V / DacLsbV)) and durations whole clock cycles (round(S / ClkPeriodS), at least 1).
// Default: the overlap-STDP spike of the Cu-pMSSQ synapse (seed 000, Fig. 3):
//     +2 V for 0.1 ms, then -1 V for 0.3 ms.
// Applied as the pre-synaptic spike on a top electrode and (a copy of the shaper) as the
// post-synaptic spike on a bottom electrode, the cell sees V_pre - V_post, which exceeds the
// switching threshold only where the two spikes overlap; the overlap, hence the conductance
// change, depends on the relative timing.
//
// Ports
//   clk_i, rst_ni  clock (period ClkPeriodS), asynchronous active-low reset
//   trig_i         start a spike (ignored while active unless Retrigger = 1, then restarts)
//   mode_o         line mode (mxb_pkg::line_mode_e): LINE_DRIVE while active; when idle
//                  LINE_DRIVE at IdleV, or LINE_FLOAT if IdleFloat = 1
//   dac_o          signed DAC code of the line, volts = dac_o * DacLsbV (IdleV code when idle)
//   active_o       a spike is being played
//   phase_o        index of the phase being played (0 when idle)
//   done_o         one-cycle pulse in the first cycle after the last phase
//
// Timing: trig_i sampled at edge t gives phase 0 on the outputs from edge t (registered
// outputs, one cycle after the trigger is seen), for exactly cycles(Phase0S) clock cycles.

`include "mxb_assert.svh"

module mxb_spike_shaper #(
  parameter int  DacWidth   = 10,       // DAC code width, bits (signed)
  parameter real DacLsbV    = 0.01,     // volts per DAC LSB
  parameter real ClkPeriodS = 10e-9,    // clock period, seconds
  parameter int  NumPhases  = 2,        // phases used, 1..4
  parameter real Phase0V    = 2.0,      // phase 0 level, volts
  parameter real Phase0S    = 100e-6,   // phase 0 duration, seconds
  parameter real Phase1V    = -1.0,     // phase 1 level, volts
  parameter real Phase1S    = 300e-6,   // phase 1 duration, seconds
  parameter real Phase2V    = 0.0,      // phase 2 level, volts
  parameter real Phase2S    = 1e-6,     // phase 2 duration, seconds
  parameter real Phase3V    = 0.0,      // phase 3 level, volts
  parameter real Phase3S    = 1e-6,     // phase 3 duration, seconds
  parameter real IdleV      = 0.0,      // level between spikes, volts
  parameter bit  IdleFloat  = 1'b0,     // 1: float the line between spikes
  parameter bit  Retrigger  = 1'b0      // 1: a trigger during a spike restarts it
) (
  input  logic                        clk_i,
  input  logic                        rst_ni,
  input  logic                        trig_i,
  output logic [1:0]                  mode_o,
  output logic signed [DacWidth-1:0]  dac_o,
  output logic                        active_o,
  output logic [1:0]                  phase_o,
  output logic                        done_o
);
  timeunit 1ns;
  timeprecision 1ps;
  import mxb_pkg::*;

  localparam int Cyc0 = secs_to_cycles(Phase0S, ClkPeriodS);
  localparam int Cyc1 = secs_to_cycles(Phase1S, ClkPeriodS);
  localparam int Cyc2 = secs_to_cycles(Phase2S, ClkPeriodS);
  localparam int Cyc3 = secs_to_cycles(Phase3S, ClkPeriodS);
  localparam int CycMax = (Cyc0 > Cyc1 ? Cyc0 : Cyc1) > (Cyc2 > Cyc3 ? Cyc2 : Cyc3)
                        ? (Cyc0 > Cyc1 ? Cyc0 : Cyc1) : (Cyc2 > Cyc3 ? Cyc2 : Cyc3);
  localparam int CycW = cnt_width(CycMax);

  localparam int Code0    = volts_to_code(Phase0V, DacLsbV);
  localparam int Code1    = volts_to_code(Phase1V, DacLsbV);
  localparam int Code2    = volts_to_code(Phase2V, DacLsbV);
  localparam int Code3    = volts_to_code(Phase3V, DacLsbV);
  localparam int CodeIdle = volts_to_code(IdleV, DacLsbV);
  localparam int CodeMax  = (1 << (DacWidth - 1)) - 1;

  // (Icarus 11 cannot declare multi-dimensional packed localparams; per-phase tables are
  // case functions instead.)
  function automatic logic [DacWidth-1:0] phase_code(input logic [1:0] p);
    logic [DacWidth-1:0] c;
    unique case (p)
      2'd0:    c = DacWidth'(Code0);
      2'd1:    c = DacWidth'(Code1);
      2'd2:    c = DacWidth'(Code2);
      default: c = DacWidth'(Code3);
    endcase
    return c;
  endfunction

  // Last cycle index (duration - 1) of each phase.
  function automatic logic [CycW-1:0] phase_last(input logic [1:0] p);
    logic [CycW-1:0] n;
    unique case (p)
      2'd0:    n = CycW'(Cyc0 - 1);
      2'd1:    n = CycW'(Cyc1 - 1);
      2'd2:    n = CycW'(Cyc2 - 1);
      default: n = CycW'(Cyc3 - 1);
    endcase
    return n;
  endfunction

  localparam logic [1:0]               LastPhase = 2'(NumPhases - 1);
  localparam logic [DacWidth-1:0]      IdleCode  = DacWidth'(CodeIdle);
  localparam logic [1:0]               IdleMode  = IdleFloat ? LINE_FLOAT : LINE_DRIVE;

  logic            active_d, active_q;
  logic [1:0]      phase_d, phase_q;
  logic [CycW-1:0] cnt_d, cnt_q;
  logic            done_d, done_q;
  logic            start;
  logic [1:0]      phase_nxt;

  assign phase_nxt = phase_q + 2'd1;

  assign start = trig_i && (!active_q || Retrigger);

  always_comb begin
    active_d = active_q;
    phase_d  = phase_q;
    cnt_d    = cnt_q;
    done_d   = 1'b0;
    if (start) begin
      active_d = 1'b1;
      phase_d  = '0;
      cnt_d    = phase_last(2'd0);
    end else if (active_q) begin
      if (cnt_q != '0) begin
        cnt_d = cnt_q - 1'b1;
      end else if (phase_q == LastPhase) begin
        active_d = 1'b0;
        phase_d  = '0;
        done_d   = 1'b1;
      end else begin
        phase_d = phase_nxt;
        cnt_d   = phase_last(phase_nxt);
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      active_q <= 1'b0;
      phase_q  <= '0;
      cnt_q    <= '0;
      done_q   <= 1'b0;
    end else begin
      active_q <= active_d;
      phase_q  <= phase_d;
      cnt_q    <= cnt_d;
      done_q   <= done_d;
    end
  end

  assign active_o = active_q;
  assign phase_o  = phase_q;
  assign done_o   = done_q;
  assign mode_o   = active_q ? LINE_DRIVE : IdleMode;
  assign dac_o    = active_q ? phase_code(phase_q) : IdleCode;

  `ASSERT_INIT(ParamPhases, NumPhases >= 1 && NumPhases <= 4)
  `ASSERT_INIT(ParamCodes, Code0 <= CodeMax && -Code0 <= CodeMax + 1 &&
                           Code1 <= CodeMax && -Code1 <= CodeMax + 1 &&
                           Code2 <= CodeMax && -Code2 <= CodeMax + 1 &&
                           Code3 <= CodeMax && -Code3 <= CodeMax + 1 &&
                           CodeIdle <= CodeMax && -CodeIdle <= CodeMax + 1)
  `ASSERT_INIT(ParamClock, ClkPeriodS > 0.0 && DacLsbV > 0.0)
  `ASSERT(PhaseInRange, active_q |-> phase_q <= LastPhase)
  `ASSERT_KNOWN(DacKnown, dac_o)
  `ASSERT_KNOWN(ModeKnown, mode_o)

endmodule
