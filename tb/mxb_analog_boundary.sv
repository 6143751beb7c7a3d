// mxb_analog_boundary: behavioural analog boundary between digital RTL and an
// mxbar crossbar (2D or 1S1R: plane 0 = word lines, plane 1 = bit lines).
//
// Each word line r has a signed DAC: at every rising clock edge it drives
//   v = VFullV * code / (2^(DacBits-1) - 1)   volts
// onto its line (ideal source). Each bit line c ends in a virtual-ground sense
// amplifier: at every falling edge its current is read and an ADC turns it into
// a signed code, round(i / IFullA * (2^(AdcBits-1) - 1)), clamped; an unknown
// (NaN) current gives an all-X code. So a drive holds for the first half of
// the clock period and the sample sees the array half a period later.
//
// Every line has a scalar real probe that shows up in VCD/FST dumps of both
// simulators (real arrays do not: Icarus 11 aborts on them):
//   gen_wl[r].v_wl_v   volts driven on word line r
//   gen_bl[c].i_bl_a   amps into the sense amplifier of bit line c
//
// Calls happen only in clocked processes (never always_comb), one line per
// process; drives at the same instant commute and reads do not move state, so
// the order in which a simulator runs these processes does not change results.
// handle_i = 0 keeps the boundary idle.
//
// Unknown inputs: while handle_i != 0 (give the handle once the RTL is out of
// reset) each word line's code is checked at the rising edge before it is
// driven; X or Z bits stop the run with
//   ERROR: <this file>:<line>: $mxb_error: MXB_EINVAL: <instance>: word line r: ...
// Icarus (4-state) catches every X/Z. Verilator 5.006 is 2-state: $isunknown
// is always 0 there and an X reads as 0 (or a random value with
// --x-assign/--x-initial unique), so nothing can be caught.
`timescale 1ns/1ps
module mxb_analog_boundary #(
  parameter int  Rows    = 4,
  parameter int  Cols    = 4,
  parameter int  DacBits = 8,
  parameter int  AdcBits = 10,
  parameter real VFullV  = 1.0,  // volts at the largest positive DAC code
  parameter real IFullA  = 1e-4  // amps at the largest positive ADC code
) (
  input  logic                    clk_i,
  input  int                      handle_i,
  input  logic [Rows*DacBits-1:0] wl_code_i,  // row r in bits [r*DacBits +: DacBits]
  output logic [Cols*AdcBits-1:0] bl_code_o   // col c in bits [c*AdcBits +: AdcBits]
);
`include "mxb.svh"
  localparam int DacMax = (1 << (DacBits - 1)) - 1;
  localparam int AdcMax = (1 << (AdcBits - 1)) - 1;

  function automatic logic [AdcBits-1:0] adc(input real amps);
    real x;
    int code;
    if (mxb_is_nan(amps)) return 'x;
    x = amps / IFullA * AdcMax;
    if (x > AdcMax) x = AdcMax;
    if (x < -AdcMax) x = -AdcMax;
    code = $rtoi(x >= 0.0 ? x + 0.5 : x - 0.5);
    return code[AdcBits-1:0];
  endfunction

  for (genvar r = 0; r < Rows; r++) begin : gen_wl
    real v_wl_v;
    logic signed [DacBits-1:0] code;
    assign code = wl_code_i[r*DacBits +: DacBits];
    initial v_wl_v = 0.0;
    always @(posedge clk_i) begin
      if (handle_i != 0 && $isunknown(code)) begin
        $mxb_error($sformatf("MXB_EINVAL: %m: word line %0d: DAC code %b has X or Z bits",
                             r, code));
      end else if (handle_i != 0) begin
        v_wl_v = VFullV * code / DacMax;
        $mxb_drive(handle_i, 0, r, v_wl_v);
      end
    end
  end

  for (genvar c = 0; c < Cols; c++) begin : gen_bl
    real i_bl_a;
    logic [AdcBits-1:0] code_q;
    initial begin
      i_bl_a = 0.0;
      code_q = '0;
    end
    always @(posedge clk_i) begin
      if (handle_i != 0) $mxb_sense(handle_i, 1, c, 0.0);
    end
    always @(negedge clk_i) begin
      if (handle_i != 0) begin
        i_bl_a = $mxb_read(handle_i, 1, c);
        code_q <= adc(i_bl_a);
      end
    end
    assign bl_code_o[c*AdcBits +: AdcBits] = code_q;
  end
endmodule
