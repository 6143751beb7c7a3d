// tb/mxb_analog_boundary with a controller that leaves one code unknown: the
// register of word line 2 is missing from the reset, so after reset its code
// is still X. The boundary must stop the run at the first rising edge with a
// handle, with one ERROR line naming word line 2, instead of driving the
// number the X happens to read as. Icarus only (tests/sim.list): Verilator
// 5.006 is 2-state, the register reads 0 there and nothing can be caught.
`timescale 1ns/1ps
module tb_mxb_analog_boundary_x;
`include "mxb.svh"
  localparam int Rows = 4, Cols = 4, DacBits = 8, AdcBits = 10;
  logic clk = 1'b0, rst_n = 1'b0;
  always #5 clk = ~clk;
  int h = 0;
  logic [Rows*DacBits-1:0] code_q;
  logic [Cols*AdcBits-1:0] adc;

  // the faulty controller: word lines 0, 1 and 3 reset to code 0, word line 2 forgotten
  always_ff @(posedge clk) begin
    if (!rst_n) begin
      code_q[0*DacBits +: DacBits] <= '0;
      code_q[1*DacBits +: DacBits] <= '0;
      code_q[3*DacBits +: DacBits] <= '0;
    end
  end

  mxb_analog_boundary #(
    .Rows(Rows), .Cols(Cols), .DacBits(DacBits), .AdcBits(AdcBits), .VFullV(1.0), .IFullA(1e-4)
  ) u_ab (
    .clk_i(clk), .handle_i(h), .wl_code_i(code_q), .bl_code_o(adc)
  );

  initial begin
    repeat (2) @(negedge clk);
    rst_n = 1'b1;
    h = $mxb_open("tests/cards/bind_2d_lin.json", "");
    repeat (3) @(negedge clk);
    $display("ERROR: the X code of word line 2 did not stop the run (code %b)",
             code_q[2*DacBits +: DacBits]);
    $finish;
  end
endmodule
