// cocotb toplevel (tests/cocotb/test_mxb_cocotb.py): a clocked command port over an 8x8 ECM
// 1S1R array (the shipped card, resized). Python drives the clock and the commands and reads
// the results; everything here happens at clock edges (no delays: cocotb's Verilator flow
// builds without --timing). At each rising edge the read bias of the cycle that ends is
// sampled first (cmd 1 in the cycle before), then the new command's bias is applied.
`timescale 1ns/1ps
module tb_mxb_cocotb (
    input  logic       clk,
    input  logic [1:0] cmd,        // 0 rest (every line at 0 V), 1 read row (0.7 V, bit lines
                                   // to virtual ground), 2 set (row, col) with a V/3 pulse
    input  logic [2:0] row,
    input  logic [2:0] col,
    output real        i_read,     // A into bit line col, sampled at the end of a read cycle
    output longint     i_read_fa,  // the same in fA, for a VPI without reals
    output int         n_reads,
    output longint     v_bias_uv   // v_bias_py in microvolts, copied at each rising edge
);
`include "mxb.svh"
  localparam int N = 8;
  localparam real VRead = 0.7, VSet = 2.4;
  int h;
  logic [1:0] last_cmd;
  real i_last;        // (Icarus makes an output real a net: drive it from a variable)
  longint i_last_fa;
  int n_done;
  real v_bias_py;     // written from Python (test real_from_python): a VPI put of a real
  longint v_bias_uv_q;
  assign v_bias_uv = v_bias_uv_q;
  assign i_read = i_last;
  assign i_read_fa = i_last_fa;
  assign n_reads = n_done;

  initial begin
    h = $mxb_open("ecm_1s1r_4x4.json", "rows=8,cols=8");
    i_last = 0.0;
    i_last_fa = 0;
    n_done = 0;
    v_bias_py = 0.0;
    v_bias_uv_q = 0;
    last_cmd = 2'd0;
  end

  always @(posedge clk) v_bias_uv_q <= longint'(v_bias_py * 1e6);

  always @(posedge clk) begin
    if (last_cmd == 2'd1) begin
      i_last = $mxb_read(h, 1, int'(col));
      i_last_fa = longint'(i_last * 1e15);
      n_done <= n_done + 1;
    end
    case (cmd)
      2'd1: begin
        for (int c = 0; c < N; c++) $mxb_sense(h, 1, c, 0.0);
        for (int r = 0; r < N; r++) $mxb_drive(h, 0, r, r == int'(row) ? VRead : 0.0);
      end
      2'd2: begin  // V/3: selected row VSet, other rows VSet/3, selected column 0, others 2VSet/3
        for (int r = 0; r < N; r++) $mxb_drive(h, 0, r, r == int'(row) ? VSet : VSet / 3.0);
        for (int c = 0; c < N; c++) $mxb_drive(h, 1, c, c == int'(col) ? 0.0 : 2.0 * VSet / 3.0);
      end
      default: begin
        for (int r = 0; r < N; r++) $mxb_drive(h, 0, r, 0.0);
        for (int c = 0; c < N; c++) $mxb_drive(h, 1, c, 0.0);
      end
    endcase
    last_cmd <= cmd;
  end
endmodule
