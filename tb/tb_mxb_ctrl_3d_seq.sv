// tb_mxb_ctrl_3d_seq.sv -- self-checking sequence test of mxb_ctrl_3d against a behavioural
// fake 3D array (pure RTL: no crossbar model, no DPI/VPI).
//
// tb_mxb_fake_3d holds one code per cell of a Layers x Rows x Cols stack with Layers + 1
// planes numbered from the top as in the crossbar model: layer k lies between plane k (its top
// electrodes) and plane k + 1 (its bottom electrodes); even planes: row lines, odd planes:
// column lines.  Every clock it checks the
// electrode vector: at most two electrodes connected, in adjacent planes, one line each, every
// other electrode (including the non-existent slots beyond a plane's line count) FLOATING;
// it derives the addressed cell from the geometry alone.  It measures training pulses (must
// last TrainS exactly at +-TrainV on the top electrode with the bottom one at 0 V) and applies
// +-20 codes to the cell when a pulse ends; on adc_req_o it checks the read bias (top at ReadV,
// bottom sensed) and answers with the cell's code two cycles later (or never when muted).
// The test reads a cell in every layer, trains SET and RESET, and checks address / op /
// timeout errors.  Prints "*-* All Finished *-*" on success, $fatal(1) on failure.

module tb_mxb_fake_3d #(
  parameter int Layers   = 3,
  parameter int Rows     = 3,
  parameter int Cols     = 5,
  parameter int DacWidth = 10,
  parameter int AdcWidth = 10,
  parameter int ReadCode = 50,
  parameter int TrainCode = 300,
  parameter int TrainCyc = 100
) (
  input  logic                                         clk,
  input  logic                                         busy,
  input  logic [(Layers+1)*((Rows>Cols)?Rows:Cols)-1:0][1:0]          pl_mode,
  input  logic [(Layers+1)*((Rows>Cols)?Rows:Cols)-1:0][DacWidth-1:0] pl_dac,
  input  logic                                         adc_req,
  output logic                                         adc_valid,
  output logic [AdcWidth-1:0]                          adc_code
);
  timeunit 1ns;
  timeprecision 1ps;
  import mxb_pkg::*;

  localparam int Planes = Layers + 1;
  localparam int Lines = (Rows > Cols) ? Rows : Cols;

  int g[Layers][Rows][Cols];
  bit mute;
  int n_pulses, n_reads;
  int last_pulse_len, last_pulse_amp;
  int pul_k, pul_r, pul_c, pul_amp, pul_len;
  int last_tp, last_ti, last_bp, last_bi;  // electrodes of the last training pulse
  int rd_delay;

  function automatic int sdac(input int idx);
    return int'($signed(pl_dac[idx]));
  endfunction

  initial begin
    for (int k = 0; k < Layers; k++)
      for (int r = 0; r < Rows; r++)
        for (int c = 0; c < Cols; c++) g[k][r][c] = 0;
    mute = 0; n_pulses = 0; n_reads = 0; pul_k = -1; pul_len = 0; rd_delay = -1;
    adc_valid = 1'b0; adc_code = '0;
  end

  always @(posedge clk) begin : eval
    int n_on, p0, i0, p1, i1, bp, bi, tp, ti, k, r, c, v_top;
    bit pulse_now;
    n_on = 0; p0 = -1; i0 = -1; p1 = -1; i1 = -1;
    for (int p = 0; p < Planes; p++) begin
      for (int i = 0; i < Lines; i++) begin
        if (pl_mode[p * Lines + i] != LINE_FLOAT) begin
          if (i >= ((p % 2 == 0) ? Rows : Cols)) begin
            $fatal(1, "fake3d: non-existent electrode p%0d l%0d connected", p, i);
          end
          n_on++;
          if (n_on == 1) begin p0 = p; i0 = i; end
          else begin p1 = p; i1 = i; end
        end else if (sdac(p * Lines + i) != 0) begin
          $fatal(1, "fake3d: floating electrode p%0d l%0d with a non-zero code", p, i);
        end
      end
    end
    if (n_on > 2) $fatal(1, "fake3d: %0d electrodes connected (only the selected cell's two)", n_on);
    if (!busy && n_on != 0) $fatal(1, "fake3d: electrodes connected while idle");
    if (busy && n_on == 1) $fatal(1, "fake3d: a single electrode connected");
    pulse_now = 0;
    k = -1; r = -1; c = -1; bp = -1; bi = -1; tp = -1; ti = -1;
    if (n_on == 2) begin
      if (p1 != p0 + 1) $fatal(1, "fake3d: electrodes in planes %0d and %0d", p0, p1);
      tp = p0; ti = i0; bp = p1; bi = i1;  // p0 < p1: top (plane k), bottom (plane k + 1)
      k = tp;
      r = (tp % 2 == 0) ? ti : bi;
      c = (tp % 2 == 0) ? bi : ti;
      v_top = sdac(tp * Lines + ti);
      if (sdac(bp * Lines + bi) != 0) $fatal(1, "fake3d: bottom electrode not at 0 V");
      if (v_top == TrainCode || v_top == -TrainCode) begin
        if (pl_mode[tp * Lines + ti] != LINE_DRIVE || pl_mode[bp * Lines + bi] != LINE_DRIVE) begin
          $fatal(1, "fake3d: training pulse without both electrodes driven");
        end
        pulse_now = 1;
        if (pul_k < 0) begin
          pul_k = k; pul_r = r; pul_c = c; pul_amp = v_top; pul_len = 0;
          last_tp = tp; last_ti = ti; last_bp = bp; last_bi = bi;
        end else if (pul_k != k || pul_r != r || pul_c != c || pul_amp != v_top) begin
          $fatal(1, "fake3d: pulse changed mid-way");
        end
        pul_len++;
      end else if (v_top != 0 && v_top != ReadCode) begin
        $fatal(1, "fake3d: top electrode at unexpected code %0d", v_top);
      end
    end
    if (!pulse_now && pul_k >= 0) begin
      g[pul_k][pul_r][pul_c] = g[pul_k][pul_r][pul_c] + ((pul_amp > 0) ? 20 : -20);
      last_pulse_len = pul_len;
      last_pulse_amp = pul_amp;
      if (pul_len != TrainCyc) $fatal(1, "fake3d: pulse of %0d cycles, expected %0d", pul_len, TrainCyc);
      n_pulses++;
      pul_k = -1;
    end

    adc_valid <= 1'b0;
    if (rd_delay > 0) begin
      rd_delay = rd_delay - 1;
    end else if (rd_delay == 0) begin
      adc_valid <= 1'b1;
      rd_delay = -1;
    end
    if (adc_req) begin
      n_reads++;
      if (n_on != 2) $fatal(1, "fake3d: read without a selected cell");
      if (pl_mode[tp * Lines + ti] != LINE_DRIVE || sdac(tp * Lines + ti) != ReadCode) begin
        $fatal(1, "fake3d: top electrode not at the read voltage");
      end
      if (pl_mode[bp * Lines + bi] != LINE_SENSE) $fatal(1, "fake3d: bottom electrode not sensed");
      adc_code <= AdcWidth'(g[k][r][c]);
      if (!mute) rd_delay = 1;
    end
  end
endmodule


module tb_mxb_ctrl_3d_seq;
  timeunit 1ns;
  timeprecision 1ps;
  import mxb_pkg::*;

  localparam int  Layers = 3;    // 4 planes: rows, cols, rows, cols
  localparam int  Rows   = 3;
  localparam int  Cols   = 5;
  localparam int  Lines  = 5;
  localparam int  Planes = Layers + 1;
  localparam int  DacW   = 10;
  localparam int  AdcW   = 10;
  localparam real ClkS   = 1e-6;  // 1 MHz: 10 ms training pulse = 10000 cycles

  logic clk, rst_n;
  logic cmd_valid, cmd_ready, cmd_pol;
  logic [1:0] cmd_op, cmd_layer, cmd_row;
  logic [2:0] cmd_col;
  logic rsp_valid, busy, adc_req, adc_valid;
  logic [2:0] rsp_err;
  logic [7:0] rsp_pulses;
  logic [AdcW-1:0] rsp_code, adc_code;
  logic [Planes*Lines-1:0][1:0] pl_mode;
  logic [Planes*Lines-1:0][DacW-1:0] pl_dac;

  mxb_ctrl_3d #(
    .Layers(Layers), .Rows(Rows), .Cols(Cols), .DacWidth(DacW), .DacLsbV(0.01),
    .AdcWidth(AdcW), .ClkPeriodS(ClkS), .ReadV(0.5), .AdcTimeoutCycles(20)
  ) u_dut (
    .clk_i(clk), .rst_ni(rst_n), .cmd_valid_i(cmd_valid), .cmd_ready_o(cmd_ready),
    .cmd_op_i(cmd_op), .cmd_layer_i(cmd_layer), .cmd_row_i(cmd_row), .cmd_col_i(cmd_col),
    .cmd_pol_i(cmd_pol), .rsp_valid_o(rsp_valid), .rsp_err_o(rsp_err),
    .rsp_pulses_o(rsp_pulses), .rsp_code_o(rsp_code), .busy_o(busy), .pl_mode_o(pl_mode),
    .pl_dac_o(pl_dac), .adc_req_o(adc_req), .adc_valid_i(adc_valid), .adc_code_i(adc_code)
  );

  tb_mxb_fake_3d #(
    .Layers(Layers), .Rows(Rows), .Cols(Cols), .DacWidth(DacW), .AdcWidth(AdcW),
    .ReadCode(50), .TrainCode(300), .TrainCyc(10000)
  ) u_arr (
    .clk(clk), .busy(busy), .pl_mode(pl_mode), .pl_dac(pl_dac), .adc_req(adc_req),
    .adc_valid(adc_valid), .adc_code(adc_code)
  );

  initial clk = 1'b0;
  always #500 clk = ~clk;

  int r_err, r_pulses, r_code;
  bit held;  // run_cmd issues its command twice back to back (ctrl_cmd_held)

  `include "mxb_ctrl_cmd.svh"

  task automatic run_cmd(input logic [1:0] op, input int k, input int r, input int c,
                         input logic pol);
    ctrl_cmd_open("3d");
    cmd_op = op; cmd_layer = 2'(k); cmd_row = 2'(r); cmd_col = 3'(c); cmd_pol = pol;
    if (held) ctrl_cmd_held("3d", 100000);
    else ctrl_cmd_wait("3d", 100000);
    r_err = int'(rsp_err); r_pulses = int'(rsp_pulses); r_code = int'(rsp_code);
    $display("cmd op=%0d (%0d,%0d,%0d) pol=%0d -> err=%0d pulses=%0d code=%0d", op, k, r, c,
             pol, r_err, r_pulses, r_code);
  endtask

  task automatic expect_rsp(input logic [2:0] err, input int pulses, input int code);
    if (r_err != int'(err) || r_pulses != pulses || r_code != code) begin
      $fatal(1, "response err=%0d pulses=%0d code=%0d, expected err=%0d pulses=%0d code=%0d",
             r_err, r_pulses, r_code, err, pulses, code);
    end
  endtask

  initial begin
    rst_n = 1'b0;
    cmd_valid = 1'b0; cmd_op = OP_READ; cmd_layer = '0; cmd_row = '0; cmd_col = '0;
    cmd_pol = POL_SET;
    repeat (3) @(posedge clk);
    #1 rst_n = 1'b1;
    for (int k = 0; k < Layers; k++)
      for (int r = 0; r < Rows; r++)
        for (int c = 0; c < Cols; c++) u_arr.g[k][r][c] = 100 * k + 10 * r + c + 1;

    // reads in every layer, corners included (the fake array decodes the cell itself)
    for (int k = 0; k < Layers; k++) begin
      run_cmd(OP_READ, k, 0, 0, POL_SET);
      expect_rsp(ERR_NONE, 0, 100 * k + 1);
      run_cmd(OP_READ, k, Rows - 1, Cols - 1, POL_SET);
      expect_rsp(ERR_NONE, 0, 100 * k + 10 * (Rows - 1) + Cols);
      run_cmd(OP_READ, k, 1, 3, POL_SET);
      expect_rsp(ERR_NONE, 0, 100 * k + 14);
    end
    if (u_arr.n_pulses != 0) $fatal(1, "a read applied a training pulse");

    // training: 3 V 10 ms on (1, 2, 3), then read back
    run_cmd(OP_TRAIN, 1, 2, 3, POL_SET);
    expect_rsp(ERR_NONE, 1, 124 + 20);
    if (u_arr.n_pulses != 1 || u_arr.last_pulse_amp != 300) $fatal(1, "SET training pulse wrong");
    // model convention: odd layer 1 has its top electrodes (columns) in plane 1 and its bottom
    // electrodes (rows) in plane 2
    if (u_arr.last_tp != 1 || u_arr.last_ti != 3 || u_arr.last_bp != 2 || u_arr.last_bi != 2)
      $fatal(1, "pulse on plane %0d line %0d over plane %0d line %0d, expected 1/3 over 2/2",
             u_arr.last_tp, u_arr.last_ti, u_arr.last_bp, u_arr.last_bi);
    // reverse polarity on layer 2 (planes 2/3): -3 V
    run_cmd(OP_TRAIN, 2, 0, 4, POL_RESET);
    expect_rsp(ERR_NONE, 1, 205 - 20);
    if (u_arr.n_pulses != 2 || u_arr.last_pulse_amp != -300) $fatal(1, "RESET training pulse wrong");
    if (u_arr.last_tp != 2 || u_arr.last_ti != 0 || u_arr.last_bp != 3 || u_arr.last_bi != 4)
      $fatal(1, "pulse on plane %0d line %0d over plane %0d line %0d, expected 2/0 over 3/4",
             u_arr.last_tp, u_arr.last_ti, u_arr.last_bp, u_arr.last_bi);
    // neighbours untouched
    run_cmd(OP_READ, 1, 2, 2, POL_SET);
    expect_rsp(ERR_NONE, 0, 123);
    run_cmd(OP_READ, 0, 2, 3, POL_SET);
    expect_rsp(ERR_NONE, 0, 24);

    // errors
    run_cmd(OP_READ, 3, 0, 0, POL_SET);
    expect_rsp(ERR_ADDR, 0, 0);
    run_cmd(OP_TRAIN, 0, 3, 0, POL_SET);
    expect_rsp(ERR_ADDR, 0, 0);
    run_cmd(OP_READ, 0, 0, 5, POL_SET);
    expect_rsp(ERR_ADDR, 0, 0);
    run_cmd(OP_PROGRAM, 0, 0, 0, POL_SET);
    expect_rsp(ERR_OP, 0, 0);
    // a read held while the controller is busy with the same read: two reads, the same answer
    begin
      int n; n = u_arr.n_reads;
      held = 1; run_cmd(OP_READ, 2, 1, 2, POL_SET); held = 0;
      expect_rsp(ERR_NONE, 0, 213);
      if (u_arr.n_reads != n + 2) $fatal(1, "held read: %0d reads, expected 2", u_arr.n_reads - n);
    end
    u_arr.mute = 1;
    run_cmd(OP_READ, 0, 1, 1, POL_SET);
    expect_rsp(ERR_ADC_TIMEOUT, 0, 0);
    u_arr.mute = 0;
    if (u_arr.n_pulses != 2) $fatal(1, "unexpected training pulses");

    repeat (2) @(posedge clk);  // the last response is counted (cover points) before $finish
    $display("3d: %0d reads, %0d training pulses checked", u_arr.n_reads, u_arr.n_pulses);
    $display("*-* All Finished *-*");
    $finish;
  end

  initial begin
    repeat (1000) #1ms;  // (a single #1s overflows 32-bit delays in Verilator 5.006)
    $fatal(1, "timeout");
  end

endmodule
