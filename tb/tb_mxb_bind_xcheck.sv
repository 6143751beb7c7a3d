// Bindings: the same stimulus and seed give identical results on both
// simulators (Icarus and Verilator). A 4x4 threshold-memristor array with device-to-device variation
// (sigma_d2d from the override, drawn from +mxb_seed) sits behind
// mxb_analog_boundary; an LFSR (not $urandom, which differs between
// simulators) writes DAC codes every cycle, many above the set or reset
// threshold. Every cycle's ADC codes and probe currents, and at the end every
// cell's conductance and the energy, are printed as "XCHK ..." lines with
// the bit patterns of the reals; the runner (sim.list `compare`) diffs them
// between the two simulators. Waves: xcheck.vcd with the per-line probes.
`timescale 1ns/1ps
module tb_mxb_bind_xcheck;
`include "mxb.svh"
  localparam int Rows = 4, Cols = 4, DacBits = 8, AdcBits = 10, NCycles = 60;
  logic clk;
  int h, cyc;
  logic [31:0] lfsr;
  logic [Rows*DacBits-1:0] codes;
  logic [Cols*AdcBits-1:0] adc;

  mxb_analog_boundary #(
    .Rows(Rows), .Cols(Cols), .DacBits(DacBits), .AdcBits(AdcBits),
    .VFullV(2.0), .IFullA(2e-4)
  ) u_ab (
    .clk_i(clk), .handle_i(h), .wl_code_i(codes), .bl_code_o(adc)
  );

  initial begin
    clk = 0;
    forever #50 clk = ~clk;
  end

  // Galois LFSR, taps 32,22,2,1.
  function automatic logic [31:0] lfsr_next(input logic [31:0] s);
    return s[0] ? (s >> 1) ^ 32'h8020_0003 : s >> 1;
  endfunction

  initial begin
    $dumpfile("xcheck.vcd");
    $dumpvars(0, tb_mxb_bind_xcheck);
    h = 0;
    cyc = 0;
    lfsr = 32'hACE1_2468;
    codes = '0;
    h = $mxb_open("tests/cards/bind_2d_thr.json", "cell.sigma_d2d=0.2,cell.tau_set=2e-7,cell.tau_reset=2e-7");
  end

  always @(posedge clk) begin
    if (cyc > 0)
      $display("XCHK cyc=%0d adc=%h i0=%h i1=%h i2=%h i3=%h", cyc, adc,
               $realtobits(u_ab.gen_bl[0].i_bl_a), $realtobits(u_ab.gen_bl[1].i_bl_a),
               $realtobits(u_ab.gen_bl[2].i_bl_a), $realtobits(u_ab.gen_bl[3].i_bl_a));
    // new codes take effect at the next rising edge (the boundary samples now)
    lfsr <= lfsr_next(lfsr_next(lfsr_next(lfsr)));
    codes <= {lfsr[31:24], lfsr[23:16], lfsr[15:8], lfsr[7:0]};
    cyc <= cyc + 1;
    if (cyc == NCycles) begin
      for (int r = 0; r < Rows; r++)
        for (int c = 0; c < Cols; c++)
          $display("XCHK g(%0d,%0d)=%h", r, c, $realtobits($mxb_cell_g(h, 0, r, c, 0.1)));
      $display("XCHK energy=%h cells=%h", $realtobits($mxb_energy(h)),
               $realtobits($mxb_energy_cells(h)));
      $display("t = %g s, g(0,0) = %g S", $mxb_now(), $mxb_cell_g(h, 0, 0, 0, 0.1));
      $mxb_close(h);
      $display("*-* All Finished *-*");
      $finish;
    end
  end
endmodule
