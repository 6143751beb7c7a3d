// mxb_line_boundary: behavioural analog boundary for the controllers' line
// interface (rtl/README.md, "Line-interface convention"): every line of every
// plane of an mxbar array is described by a 2-bit mxb_pkg::line_mode_e and a
// signed DAC code (volts = code * DacLsbV).
//
// Slots: plane p line i is slot p*Lines + i of mode_i / dac_i / adc_code_o
// (the mxb_ctrl_3d layout; a 1S1R tb passes {bit lines, word lines} with
// Planes = 2 and Lines = max(Rows, Cols)). Slots past a plane's line count
// must stay LINE_FLOAT; they are never passed to the model. Plane numbering is
// the model's (models_c/include/mxb/array.h): layer k lies between plane k
// (its top electrodes) and plane k + 1 (its bottom electrodes).
//
// Drives: at a rising clock edge, a slot whose (mode, code) differs from what
// was last applied calls the model: LINE_FLOAT -> $mxb_float, LINE_DRIVE ->
// $mxb_drive(code * DacLsbV), LINE_SENSE -> $mxb_sense(RSenseOhm) (0 ohm is a
// virtual ground). Unchanged lines cost nothing, so a slow clock is not
// needed for long holds; the model integrates between the edges itself.
//
// ADC: adc_req_i seen at a rising edge makes the next falling edge read the
// current into the sense load of every LINE_SENSE slot and turn it into an
// unsigned code round(i / IFullA * (2^AdcBits - 1)), clamped to the code
// range (negative currents read 0; a NaN current gives an all-X code); other
// slots read 0. adc_valid_o is high for the one following rising edge.
//
// Unknown inputs: while handle_i != 0 (give the handle once the RTL is out of
// reset) every mode, every code of a LINE_DRIVE slot and adc_req_i is checked
// at the rising edge before it is used; X or Z bits, or the undefined mode
// 2'b11, stop the run with
//   ERROR: <this file>:<line>: $mxb_error: MXB_EINVAL: <instance>: plane P line L: ...
// instead of driving a number the X happened to read as. What each simulator
// can catch: Icarus is 4-state and catches every X/Z (an unreset register, an
// undriven net, an explicit 'x). Verilator 5.006 is 2-state: $isunknown is
// always 0 there, an X reads as 0 (or, with --x-assign/--x-initial unique and
// +verilator+rand+reset+2, as a random value), and none of it can be seen; only
// the undefined mode 2'b11 is caught on both.
//
// Waveforms: every slot has scalar real probes gen_slot[s].v_v (volts driven,
// 0 when not driven) and gen_slot[s].i_a (last sensed current) that appear in
// VCD/FST dumps of both simulators. handle_i = 0 keeps the boundary idle; a
// new handle (a freshly opened array, every line floating) gets every slot
// applied again at the next rising edge.
`timescale 1ns/1ps
module mxb_line_boundary #(
  parameter int  Planes    = 2,
  parameter int  Lines     = 4,      // slots per plane
  parameter int  DacWidth  = 10,
  parameter real DacLsbV   = 0.01,   // volts per DAC LSB
  parameter int  AdcWidth  = 10,
  parameter real IFullA    = 1e-4,   // amps at the largest ADC code
  parameter real RSenseOhm = 0.0     // sense resistor of LINE_SENSE lines, ohm (0: TIA)
) (
  input  logic                                   clk_i,
  input  int                                     handle_i,
  input  logic [Planes*Lines-1:0][1:0]           mode_i,
  input  logic [Planes*Lines-1:0][DacWidth-1:0]  dac_i,
  input  logic                                   adc_req_i,
  output logic                                   adc_valid_o,
  output logic [Planes*Lines-1:0][AdcWidth-1:0]  adc_code_o
);
`include "mxb.svh"
  localparam int AdcMax = (1 << AdcWidth) - 1;
  localparam logic [1:0] ModeFloat = 2'd0, ModeDrive = 2'd1, ModeSense = 2'd2;

  function automatic logic [AdcWidth-1:0] adc(input real amps);
    real x;
    if (mxb_is_nan(amps)) return 'x;
    x = amps / IFullA * AdcMax;
    if (x > AdcMax) x = AdcMax;
    if (x < 0.0) x = 0.0;
    return AdcWidth'($rtoi(x + 0.5));
  endfunction

  logic req_q;
  initial begin
    req_q = 1'b0;
    adc_valid_o = 1'b0;
  end
  always @(posedge clk_i) begin
    if (handle_i != 0 && $isunknown(adc_req_i))
      $mxb_error($sformatf("MXB_EINVAL: %m: adc_req_i is %b (X or Z)", adc_req_i));
    req_q <= adc_req_i === 1'b1 && handle_i != 0;
  end
  always @(negedge clk_i) adc_valid_o <= req_q;

  for (genvar s = 0; s < Planes * Lines; s++) begin : gen_slot
    localparam int P = s / Lines, L = s % Lines;
    real v_v, i_a;
    logic [1:0] mode_q;          // last applied mode (2'b11: nothing applied yet)
    logic signed [DacWidth-1:0] dac_q;
    logic [AdcWidth-1:0] code_q;
    int h_q;                     // handle the last (mode, code) was applied to
    initial begin
      v_v = 0.0;
      i_a = 0.0;
      mode_q = 2'b11;
      dac_q = '0;
      code_q = '0;
      h_q = 0;
    end
    always @(posedge clk_i) begin
      if (handle_i != 0 && $isunknown(mode_i[s])) begin
        $mxb_error($sformatf("MXB_EINVAL: %m: plane %0d line %0d (slot %0d): line mode %b is X or Z",
                             P, L, s, mode_i[s]));
      end else if (handle_i != 0 && mode_i[s] == 2'b11) begin
        $mxb_error($sformatf("MXB_EINVAL: %m: plane %0d line %0d (slot %0d): line mode %b is undefined",
                             P, L, s, mode_i[s]));
      end else if (handle_i != 0 && mode_i[s] == ModeDrive && $isunknown(dac_i[s])) begin
        $mxb_error($sformatf("MXB_EINVAL: %m: plane %0d line %0d (slot %0d): DAC code %b has X or Z bits",
                             P, L, s, dac_i[s]));
      end else if (handle_i != 0 && (handle_i != h_q || mode_i[s] != mode_q ||
                                     (mode_i[s] == ModeDrive && dac_i[s] != dac_q))) begin
        if (mode_i[s] == ModeDrive) begin
          v_v = DacLsbV * $signed(dac_i[s]);
          $mxb_drive(handle_i, P, L, v_v);
        end else if (mode_i[s] == ModeSense) begin
          v_v = 0.0;
          $mxb_sense(handle_i, P, L, RSenseOhm);
        end else begin
          v_v = 0.0;
          // the first edge floats every slot; slots past the plane's line count stay untouched
          if (L < $mxb_lines(handle_i, P)) $mxb_float(handle_i, P, L);
        end
        mode_q <= mode_i[s];
        dac_q <= dac_i[s];
        h_q <= handle_i;
      end
    end
    always @(negedge clk_i) begin
      if (req_q) begin
        if (mode_q == ModeSense) begin
          i_a = $mxb_read(handle_i, P, L);
          code_q <= adc(i_a);
        end else begin
          code_q <= '0;
        end
      end
    end
    assign adc_code_o[s] = code_q;
  end
endmodule
