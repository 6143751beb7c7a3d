// tb_mxb_pv_ni.sv -- program-and-verify under non-idealities (issue 17): a 16x16 ECM 1S1R
// array (models_c/cards/ecm_1s1r_4x4.json with rows=16, cols=16, ideal wires) with 1 %
// stuck cells (0.5 % stuck ON, 0.5 % stuck OFF, the card's seeded fault map), random
// telegraph noise on 10 % of the cells (one trap each, the layer's default times and
// amplitude) and read noise on every sensed current (the layer's default law: thermal, shot,
// 1/f and 1 % relative over a 2 MHz sense bandwidth), programmed cell by cell to a pattern of
// 8 levels at 0.7 V (0 = the formed HRS, then 1.2 .. 4.2 uA, 0.5 uA apart: the first SET of
// an ECM cell nucleates a filament of ~1.3-1.7 uA, and 2 us RESET pulses bring a cell below
// that only slowly) by mxb_ctrl_1s1r through tb/mxb_line_boundary.sv.
//
// What the controller needed (rtl/mxb_ctrl_1s1r.sv, rtl/README.md):
//  - AvgReads = 8: a single verify read at 4 uA has a noise sigma of ~3.5 % (0.15 uA, about
//    the tolerance): single reads accept cells outside the tolerance and see overshoots that
//    are noise; the mean of 8 answers has sigma ~1.2 %;
//  - StuckPulses / StuckCodes (ERR_STUCK): a stuck or open cell does not move; without the
//    check the controller only stopped at the pulse limit with ERR_RETRY, which a slow
//    healthy cell also gives, so the error output did not say "stuck". A stuck-ON cell
//    reads far above any target: its SET command stops with ERR_OVERSHOOT, the RESET the
//    testbench then asks for with ERR_STUCK.
// The testbench asks for a cell at most MaxAttempts times (flipping polarity after an
// overshoot, again after ERR_RETRY), so it terminates on every cell by construction. A cell
// is declared stuck after two consecutive ERR_STUCK: a healthy ECM cell whose nucleation
// threshold of this cycle (a c2c draw) is out of reach of the SET staircase does not move
// either, and draws a new threshold for the next command.
//
// Checks: every command terminates (a watchdog); every cell that the fault map makes stuck
// and whose target differs from its stuck value is reported ERR_STUCK, and no healthy cell
// is; every healthy cell ends with ERR_NONE (within TolCodes by its averaged verify read).
// Reported, not asserted (RTN moves a cell after its verify): the read-back of every cell
// after all programming against its target.
// Result line (tests/tools/mxb_mc.sh collects it over seeds):
//   RESULT pv_ni seed=<n> stuck=<n> reported=<n> false_stuck=<n> ok=<n> missed=<n> ...
`timescale 1ns/1ps

module tb_mxb_pv_ni;
`include "mxb.svh"
  import mxb_pkg::*;

  localparam int  Rows       = 16;
  localparam int  Cols       = 16;
  localparam int  Lines      = 16;
  localparam int  DacW       = 10;
  localparam real DacLsbV    = 0.01;
  localparam int  AdcW       = 14;
  localparam real IFullA     = 65.532e-6; // 4 nA per code
  localparam int  Levels     = 8;
  localparam int  Level1Codes = 300;     // level 1: 1.2 uA at 0.7 V
  localparam int  LevelCodes = 125;      // 0.5 uA per level above: level 7 = 4.2 uA
  localparam int  TolCodes   = 40;       // +-0.16 uA (+-0.27 level)
  localparam int  AvgReads   = 8;
  localparam real ClkS       = 1e-6;
  localparam int  HoldCode   = 25;       // 0.25 V hold level (tb_mxb_digits.sv)
  localparam int  MaxAttempts = 8;
  localparam int  MaxPulses  = 64;
  localparam int  StuckPulses = 40;      // the staircases reach their stop amplitude after 16
  localparam int  StuckCodes = 12;       // a stuck cell moves at most 12 codes (48 nA) + 1/64
  localparam int  StuckShift = 6;        // of its code: ~1.2 sigma of the difference of two
                                         // averaged reads (a slow cell at -2.6 V moves more)

  logic clk = 1'b0, rst_n = 1'b0;
  always #(ClkS * 0.5e9) clk = ~clk;
  int h = 0;

  logic cmd_valid = 1'b0, cmd_ready, cmd_pol = POL_SET;
  logic [1:0] cmd_op = OP_READ;
  logic [3:0] cmd_row = '0, cmd_col = '0;
  logic [AdcW-1:0] cmd_target = '0;
  logic rsp_valid, busy;
  logic [2:0] rsp_err;
  logic [7:0] rsp_pulses;
  logic [AdcW-1:0] rsp_code;
  logic [Rows-1:0][1:0] wl_mode;
  logic [Rows-1:0][DacW-1:0] wl_dac;
  logic [Cols-1:0][1:0] bl_mode;
  logic [Cols-1:0][DacW-1:0] bl_dac;
  logic adc_req, adc_valid;
  logic [Cols-1:0][AdcW-1:0] bl_code;

  mxb_ctrl_1s1r #(
    .Rows(Rows), .Cols(Cols), .DacWidth(DacW), .DacLsbV(DacLsbV), .AdcWidth(AdcW),
    .ClkPeriodS(ClkS), .ReadV(0.7), .SetStartV(2.1), .SetStopV(2.5), .ResetStartV(-2.2),
    .ResetStopV(-2.6), .StepV(0.025), .PulseS(2e-6), .SettleS(1e-6), .MaxPulses(MaxPulses),
    .TolCodes(TolCodes), .AdcTimeoutCycles(16), .Inhibit(INHIBIT_V3),
    .ReadUnselV(HoldCode * DacLsbV), .IdleBias(1'b1), .IdleV(HoldCode * DacLsbV), .ReadRef(1'b1),
    .AvgReads(AvgReads), .StuckPulses(StuckPulses), .StuckCodes(StuckCodes),
    .StuckShift(StuckShift)
  ) u_ctrl (
    .clk_i(clk), .rst_ni(rst_n), .cmd_valid_i(cmd_valid), .cmd_ready_o(cmd_ready),
    .cmd_op_i(cmd_op), .cmd_row_i(cmd_row), .cmd_col_i(cmd_col), .cmd_target_i(cmd_target),
    .cmd_pol_i(cmd_pol), .rsp_valid_o(rsp_valid), .rsp_err_o(rsp_err),
    .rsp_pulses_o(rsp_pulses), .rsp_code_o(rsp_code), .busy_o(busy),
    .wl_mode_o(wl_mode), .wl_dac_o(wl_dac), .bl_mode_o(bl_mode), .bl_dac_o(bl_dac),
    .adc_req_o(adc_req), .adc_valid_i(adc_valid), .adc_code_i(bl_code)
  );

  logic [2*Lines-1:0][1:0] mode;
  logic [2*Lines-1:0][DacW-1:0] dac;
  logic [2*Lines-1:0][AdcW-1:0] slot_code;
  always_comb begin
    for (int r = 0; r < Rows; r++) begin
      mode[r] = wl_mode[r];
      dac[r] = wl_dac[r];
    end
    for (int c = 0; c < Cols; c++) begin
      mode[Lines + c] = bl_mode[c];
      dac[Lines + c] = bl_dac[c];
      bl_code[c] = slot_code[Lines + c];
    end
  end

  // the handle only out of reset: the boundary stops at X/Z on any mode, code or request it
  // uses, and the controller's outputs are X until its first clock edge in reset
  mxb_line_boundary #(
    .Planes(2), .Lines(Lines), .DacWidth(DacW), .DacLsbV(DacLsbV), .AdcWidth(AdcW),
    .IFullA(IFullA), .RSenseOhm(0.0)
  ) u_bnd (
    .clk_i(clk), .handle_i(rst_n ? h : 0), .mode_i(mode), .dac_i(dac), .adc_req_i(adc_req),
    .adc_valid_o(adc_valid), .adc_code_o(slot_code)
  );

  int n_cmd, n_pulses;
  task automatic run_cmd(input logic [1:0] op, input int r, input int c, input int target,
                         input logic pol);
    int guard;
    @(negedge clk);
    if (!cmd_ready) $fatal(1, "pv_ni: controller not ready");
    cmd_op = op; cmd_row = 4'(r); cmd_col = 4'(c); cmd_target = AdcW'(target); cmd_pol = pol;
    cmd_valid = 1'b1;
    @(negedge clk);
    cmd_valid = 1'b0;
    guard = 0;
    while (!rsp_valid) begin
      @(negedge clk);
      guard++;
      if (guard > 100000) $fatal(1, "pv_ni: (%0d,%0d) no response: the controller did not terminate", r, c);
    end
    n_cmd++;
    n_pulses += int'(rsp_pulses);
  endtask

  function automatic int level_of(input int r, input int c);
    return (r * 5 + c * 3 + (r * c) % 7) % Levels;
  endfunction
  function automatic int level_code(input int level);
    return level == 0 ? 0 : Level1Codes + (level - 1) * LevelCodes;
  endfunction

  // result of each cell: 0 ok, 1 reported stuck, 2 missed (attempts exhausted)
  int result[Rows*Cols];
  int attempts_max;
  task automatic program_cell(input int r, input int c, input int level);
    logic pol;
    int att, n_stuck_rsp;
    bit done;
    pol = POL_SET;
    n_stuck_rsp = 0;
    done = 0;
    att = 1;
    result[r * Cols + c] = 2;
    while (!done && att <= MaxAttempts) begin
      run_cmd(OP_PROGRAM, r, c, level_code(level), pol);
      if (verbose) $display("pv_ni: (%0d,%0d) level %0d pol %0d: err %0d, %0d pulses, code %0d",
                            r, c, level, pol, rsp_err, rsp_pulses, rsp_code);
      if (rsp_err == ERR_NONE) begin
        result[r * Cols + c] = 0;
        done = 1;
      end else if (rsp_err == ERR_STUCK) begin
        n_stuck_rsp++;
        att++;
        if (n_stuck_rsp >= 2) begin
          result[r * Cols + c] = 1;
          done = 1;
        end
      end else if (rsp_err == ERR_OVERSHOOT) begin
        n_stuck_rsp = 0;
        pol = ~pol;
        att++;
      end else if (rsp_err == ERR_RETRY) begin
        n_stuck_rsp = 0;
        att++;
      end else begin
        $fatal(1, "pv_ni: (%0d,%0d) error %0d", r, c, rsp_err);
      end
    end
    if (att > attempts_max) attempts_max = att > MaxAttempts ? MaxAttempts : att;
  endtask

  int seed, n_stuck, n_reported, n_false, n_ok, n_missed, n_unreported, n_hidden, n_in, n_out;
  int kind, e, err_max, n_map;
  bit verbose;
  real t0, rms;

  initial begin
    if (!$value$plusargs("mxb_seed=%d", seed)) seed = 1;
    verbose = $test$plusargs("pv_verbose");
    n_cmd = 0; n_pulses = 0; n_stuck = 0; n_reported = 0; n_false = 0; n_ok = 0; n_missed = 0;
    n_unreported = 0; n_hidden = 0; attempts_max = 0; n_in = 0; n_out = 0; err_max = 0; rms = 0.0;
    h = $mxb_open("ecm_1s1r_4x4.json",
                  {"rows=16,cols=16,r_wire_row=0,r_wire_col=0,",
                   "nonideal.faults=1,nonideal.fault_p_stuck_on=0.005,nonideal.fault_p_stuck_off=0.005,",
                   "nonideal.rtn=1,nonideal.rtn_frac=0.1,nonideal.read_noise=1"});
    repeat (3) @(posedge clk);
    rst_n = 1'b1;
    n_map = $mxb_fault_map(h, "pv_ni_faults.txt");
    $display("pv_ni: fault map: %0d faulty cells of %0d (pv_ni_faults.txt)", n_map, Rows * Cols);
    t0 = $mxb_now();
    for (int r = 0; r < Rows; r++) begin
      for (int c = 0; c < Cols; c++) program_cell(r, c, level_of(r, c));
      $display("pv_ni: row %0d programmed (%0d commands, %0d pulses)", r, n_cmd, n_pulses);
    end
    // verdicts against the fault map (ground truth from the model)
    for (int r = 0; r < Rows; r++)
      for (int c = 0; c < Cols; c++) begin
        int res;
        kind = $mxb_cell_fault(h, 0, r, c);
        res = result[r * Cols + c];
        if (kind == 1 || kind == 2) begin
          // stuck OFF with target level 0 (or stuck ON at ~level 27 with none that high) is
          // right where it is only when its target is the HRS
          if (kind == 2 && level_of(r, c) == 0) begin
            n_hidden++;
          end else begin
            n_stuck++;
            if (res == 1) n_reported++;
            else begin
              n_unreported++;
              $display("pv_ni: stuck cell (%0d,%0d) kind %0d level %0d not reported (result %0d)",
                       r, c, kind, level_of(r, c), res);
            end
          end
        end else begin
          if (res == 0) n_ok++;
          else if (res == 1) begin
            n_false++;
            $display("pv_ni: healthy cell (%0d,%0d) level %0d reported stuck", r, c, level_of(r, c));
          end else begin
            n_missed++;
            $display("pv_ni: healthy cell (%0d,%0d) level %0d missed", r, c, level_of(r, c));
          end
        end
      end
    // read-back of every healthy cell after all programming (RTN and noise included)
    for (int r = 0; r < Rows; r++)
      for (int c = 0; c < Cols; c++)
        if (result[r * Cols + c] == 0) begin
          run_cmd(OP_READ, r, c, 0, POL_SET);
          e = int'(rsp_code) - level_code(level_of(r, c));
          rms += real'(e) * real'(e);
          if (verbose) $display("pv_ni: read-back (%0d,%0d) level %0d: code %0d, error %0d",
                                r, c, level_of(r, c), rsp_code, e);
          if (e < 0) e = -e;
          if (e > err_max) err_max = e;
          if (e <= TolCodes) n_in++;
          else n_out++;
        end
    rms = (n_in + n_out) > 0 ? $sqrt(rms / (n_in + n_out)) : 0.0;
    $display("RESULT pv_ni seed=%0d stuck=%0d reported=%0d false_stuck=%0d hidden=%0d ok=%0d missed=%0d readback_in_tol=%0d readback_out=%0d rms_codes=%.1f max_codes=%0d commands=%0d pulses=%0d max_attempts=%0d ms=%.3f",
             seed, n_stuck, n_reported, n_false, n_hidden, n_ok, n_missed, n_in, n_out, rms,
             err_max, n_cmd, n_pulses, attempts_max, ($mxb_now() - t0) * 1e3);
    // the same line for the runner's Icarus = Verilator comparison (sim.list `compare`)
    $display("XCHK pv_ni stuck=%0d reported=%0d ok=%0d readback_out=%0d rms=%h commands=%0d pulses=%0d",
             n_stuck, n_reported, n_ok, n_out, $realtobits(rms), n_cmd, n_pulses);
    if (n_unreported != 0) $fatal(1, "pv_ni: %0d stuck cells not reported", n_unreported);
    if (n_false != 0) $fatal(1, "pv_ni: %0d healthy cells reported stuck", n_false);
    if (n_missed != 0) $fatal(1, "pv_ni: %0d healthy cells missed their tolerance", n_missed);
    $mxb_close(h);
    $display("*-* All Finished *-*");
    $finish;
  end

  initial begin
    repeat (100000) #1ms;
    $fatal(1, "pv_ni: timeout");
  end
endmodule
