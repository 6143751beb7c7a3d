// Bindings: the non-ideality calls on both simulators, and bit-identical
// noisy results for the same seed. A 4x4 threshold-memristor array with read
// noise, RTN and a card fault map (nonideal.* overrides) is pulsed by an LFSR
// (not $urandom) through word-line drives; every cycle the four sensed
// bit-line currents and one cell current (noisy readings) are printed as
// "XCHK" lines with their bit patterns, which the runner (sim.list
// `compare`) diffs between Icarus and Verilator. Along the way: a stuck-OFF
// fault injected at run time freezes its cell ($mxb_cell_fault says so, its
// conductance is g_off), the temperature and read bandwidth change at run
// time, and $mxb_fault_map writes the map and counts the faulty cells.
`timescale 1ns/1ps
module tb_mxb_bind_ni;
`include "mxb.svh"
  localparam int NCycles = 40;
  int h, n0, n1, cyc;
  logic [31:0] lfsr;
  real g_before, g_after, i;

  function automatic logic [31:0] lfsr_next(input logic [31:0] s);
    return s[0] ? (s >> 1) ^ 32'h8020_0003 : s >> 1;
  endfunction

  initial begin
    lfsr = 32'h1357_9BDF;
    h = $mxb_open("tests/cards/bind_2d_thr.json",
                  {"cell.sigma_d2d=0.2,cell.tau_set=2e-7,cell.tau_reset=2e-7,",
                   "nonideal.read_noise=1,nonideal.rtn=1,nonideal.rtn_traps=2,",
                   "nonideal.rtn_tau_c_min=1e-7,nonideal.rtn_tau_c_max=1e-5,",
                   "nonideal.rtn_tau_e_min=1e-7,nonideal.rtn_tau_e_max=1e-5,",
                   "nonideal.faults=1,nonideal.fault_p_stuck_on=0.25,nonideal.fault_p_stuck_off=0"});
    for (int c = 0; c < 4; c++) $mxb_sense(h, 1, c, 0.0);
    n0 = $mxb_fault_map(h, "faults0.txt");
    $display("XCHK faulty at open: %0d", n0);
    if (n0 == 0) $fatal(1, "no cell of the card's fault map is faulty (p = 0.25 each)");
    for (cyc = 0; cyc < NCycles; cyc++) begin
      for (int r = 0; r < 4; r++) begin
        // codes 0..255 -> -1.5 .. +1.5 V: many cycles above the 1 V thresholds
        $mxb_drive(h, 0, r, (real'(lfsr[8*r +: 8]) - 127.5) / 85.0);
      end
      #50;
      for (int r = 0; r < 4; r++) $mxb_drive(h, 0, r, 0.2);
      #10;
      $display("XCHK cyc=%0d i=%h %h %h %h cell=%h", cyc, $realtobits($mxb_read(h, 1, 0)),
               $realtobits($mxb_read(h, 1, 1)), $realtobits($mxb_read(h, 1, 2)),
               $realtobits($mxb_read(h, 1, 3)), $realtobits($mxb_cell_i(h, 0, 2, 1)));
      lfsr = lfsr_next(lfsr_next(lfsr_next(lfsr)));
      if (cyc == 10) begin
        $mxb_fault(h, 0, 1, 2, "stuck_off");
        g_before = $mxb_cell_g(h, 0, 1, 2, 0.1);
        if ($mxb_cell_fault(h, 0, 1, 2) != 2) $fatal(1, "cell (1,2) is not stuck_off");
      end
      if (cyc == 20) begin
        $mxb_set_temp(h, 358.0);
        $mxb_set_read_bw(h, 1e5);
      end
    end
    g_after = $mxb_cell_g(h, 0, 1, 2, 0.1);
    if (g_before != g_after || g_after != 1e-9)
      $fatal(1, "stuck cell moved: %g -> %g S", g_before, g_after);
    n1 = $mxb_fault_map(h, "faults1.txt");
    $display("XCHK faulty at end: %0d (opened with %0d)", n1, n0);
    if (n1 != n0 + 1) $fatal(1, "fault map counts %0d, expected %0d + the injected one", n1, n0);
    $mxb_close(h);
    $display("*-* All Finished *-*");
    $finish;
  end
endmodule
