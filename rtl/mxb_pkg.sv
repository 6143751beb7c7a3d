// mxb_pkg.sv -- shared types and helpers for the mxbar RTL blocks.
//
// Conventions (see rtl/README.md):
//   * Every crossbar line (a 1S1R word/bit line, a 3D electrode) is described by a 2-bit
//     mode (line_mode_e) and a signed DAC code.  Volts = code * DacLsbV of the controller.
//     The analog wrapper in tb/ turns (mode, code) into a drive/sense/float call on the model.
//   * Icarus Verilog 11 accepts neither enum-typed parameters nor packed arrays of enums,
//     nor `int unsigned` parameters.  Modules therefore use `int`, `real`, `bit` and
//     `logic [..]` parameters, and per-line mode vectors are `logic [N-1:0][LineModeW-1:0]`
//     holding line_mode_e values.
//   * Icarus 11 also aborts on package struct types in module ports, so ports are plain
//     vectors; always `import mxb_pkg::*;` inside the module body, never refer to a package
//     type by scope (mxb_pkg::t) in a declaration inside a module body (that aborts too).
//   * Parameters given in volts / seconds are converted to DAC codes / clock cycles by the
//     constant functions below, so every module computes its codes the same way.

package mxb_pkg;
  timeunit 1ns;
  timeprecision 1ps;

  // ------------------------------------------------------------------------------------------
  // Line interface
  // ------------------------------------------------------------------------------------------
  localparam int LineModeW = 2;

  // What the analog side does with one line.
  typedef enum logic [LineModeW-1:0] {
    LINE_FLOAT = 2'd0,  // high impedance: no driver, no sense load
    LINE_DRIVE = 2'd1,  // ideal (or source-resistance) voltage driver at the line's DAC code
    LINE_SENSE = 2'd2   // virtual-ground sense amplifier / TIA; the DAC code is ignored (0 V)
  } line_mode_e;

  // How unselected lines are biased during a program pulse of amplitude V on a 1S1R array.
  //   V/2: unselected word and bit lines at V/2  -> half-selected cells see V/2, others 0.
  //   V/3: unselected word lines at V/3, unselected bit lines at 2V/3 -> every unselected
  //        cell sees +-V/3.
  //   FLOAT: unselected lines left floating (no inhibition; worst-case sneak paths).
  typedef enum logic [1:0] {
    INHIBIT_V2    = 2'd0,
    INHIBIT_V3    = 2'd1,
    INHIBIT_FLOAT = 2'd2
  } inhibit_e;

  // ------------------------------------------------------------------------------------------
  // Controller command / response
  // ------------------------------------------------------------------------------------------
  typedef enum logic [1:0] {
    OP_READ    = 2'd0,  // read one cell (both controllers)
    OP_PROGRAM = 2'd1,  // program-and-verify (1S1R)
    OP_TRAIN   = 2'd2   // single training pulse followed by a read (3D)
  } xbar_op_e;

  typedef enum logic {
    POL_SET   = 1'b0,   // positive amplitude on the driven electrode: conductance up
    POL_RESET = 1'b1    // negative amplitude: conductance down
  } prog_pol_e;

  typedef enum logic [2:0] {
    ERR_NONE        = 3'd0,
    ERR_ADDR        = 3'd1,  // row / col / layer outside the array
    ERR_OP          = 3'd2,  // operation not supported by this controller
    ERR_RETRY       = 3'd3,  // program-and-verify hit the pulse limit before reaching target
    ERR_OVERSHOOT   = 3'd4,  // read code beyond the target in the pulse direction
    ERR_ADC_TIMEOUT = 3'd5,  // no adc_valid_i within the timeout after a sample request
    ERR_STUCK       = 3'd6   // program-and-verify: the cell did not move after the stuck limit
  } ctrl_err_e;

  // The controllers' response (err / pulses / code) goes out on separate ports: Icarus 11
  // aborts elaborating a module whose port has a package struct type with members assigned
  // (elab_type.cc assertion), so no struct is used on a port.

  // States of mxb_ctrl_1s1r.
  typedef enum logic [2:0] {
    C1_IDLE     = 3'd0,  // all lines floating, cmd_ready_o high
    C1_RD_BIAS  = 3'd1,  // read bias applied, waiting SettleCycles
    C1_RD_REQ   = 3'd2,  // adc_req_o high for one cycle
    C1_RD_WAIT  = 3'd3,  // waiting for adc_valid_i (timeout AdcTimeoutCycles)
    C1_PV_BIAS  = 3'd4,  // all lines at their inhibit level before a pulse
    C1_PV_PULSE = 3'd5,  // program pulse on the selected cell
    C1_PV_RELAX = 3'd6,  // back to the inhibit level after the pulse
    C1_RSP      = 3'd7   // rsp_valid_o high for one cycle
  } ctrl_1s1r_state_e;

  // States of mxb_ctrl_3d.
  typedef enum logic [2:0] {
    C3_IDLE    = 3'd0,
    C3_RD_BIAS = 3'd1,
    C3_RD_REQ  = 3'd2,
    C3_RD_WAIT = 3'd3,
    C3_TR_BIAS = 3'd4,  // selected electrodes grounded, settle before the training pulse
    C3_TR_PULSE = 3'd5, // training pulse on the selected cell
    C3_TR_RELAX = 3'd6, // selected electrodes grounded after the pulse
    C3_RSP     = 3'd7
  } ctrl_3d_state_e;

  // States of mxb_adc_if.
  typedef enum logic [1:0] {
    ADC_IDLE   = 2'd0,
    ADC_SETTLE = 2'd1,  // waiting SettleCycles after start_i
    ADC_REQ    = 2'd2,  // adc_req_o high for one cycle
    ADC_WAIT   = 2'd3   // waiting for adc_valid_i
  } adc_if_state_e;

  // ------------------------------------------------------------------------------------------
  // Neuron
  // ------------------------------------------------------------------------------------------
  typedef enum logic {
    LEAK_SHIFT = 1'b0,  // v -= v >>> LeakShift           (exponential decay)
    LEAK_SUB   = 1'b1   // v -= LeakDecLsb towards zero   (linear decay)
  } leak_mode_e;

  // ------------------------------------------------------------------------------------------
  // Unit conversion (constant functions; use them in localparams only)
  // ------------------------------------------------------------------------------------------

  // Volts -> signed DAC code, rounded to nearest (int' rounds half away from zero).
  function automatic int volts_to_code(real volts_v, real lsb_v);
    return int'(volts_v / lsb_v);
  endfunction

  // Seconds -> whole clock cycles, rounded to nearest, at least 1.
  function automatic int secs_to_cycles(real time_s, real clk_period_s);
    int cyc;
    cyc = int'(time_s / clk_period_s);
    return (cyc < 1) ? 1 : cyc;
  endfunction

  // Bits needed to count 0..value (at least 1).
  function automatic int cnt_width(int value);
    int w;
    w = 1;
    while ((value >> w) != 0) w++;
    return w;
  endfunction

endpackage
