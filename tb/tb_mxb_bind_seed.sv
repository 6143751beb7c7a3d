// Bindings: per-array seeds (issue 19). Four 4x4 threshold-memristor arrays
// from one card, each with device-to-device spread of the set threshold and
// a seeded fault map: opened with the override "seed=11", "seed=12",
// "seed=11" again, and without one (the run's +mxb_seed, default 1). The
// same seed must reproduce every cell's drawn threshold (state v_set_dev)
// and fault kind bit for bit, different seeds must draw different
// thresholds in every cell; an array without "seed=" takes +mxb_seed. Every
// draw is printed as an XCHK line, which the runner (sim.list `compare`)
// diffs between Icarus and Verilator. +mxb_case=bad_seed opens with
// "seed=-1", an error naming the override.
`timescale 1ns/1ps
module tb_mxb_bind_seed;
`include "mxb.svh"
  int h11, h12, h11b, hrun, n_diff, n_fault;
  string mxb_case, Card, Ovr;
  real v11, v12, v11b, vrun;

  initial begin
    Card = "tests/cards/bind_2d_thr.json";
    Ovr = "cell.sigma_d2d=0.2,nonideal.faults=1,nonideal.fault_p_stuck_on=0.3";
    if (!$value$plusargs("mxb_case=%s", mxb_case)) mxb_case = "none";
    if (mxb_case == "bad_seed") begin
      h11 = $mxb_open(Card, {Ovr, ",seed=-1"});
      #1;  // the error stops the run at the end of this time step
      $display("opened %0d with seed=-1: not reached", h11);
      $finish;
    end
    h11 = $mxb_open(Card, {Ovr, ",seed=11"});
    h12 = $mxb_open(Card, {Ovr, ",seed=12"});
    h11b = $mxb_open(Card, {Ovr, ",seed=11"});
    hrun = $mxb_open(Card, Ovr);
    n_diff = 0;
    n_fault = 0;
    for (int r = 0; r < 4; r++)
      for (int c = 0; c < 4; c++) begin
        v11 = $mxb_cell_state(h11, 0, r, c, "v_set_dev");
        v12 = $mxb_cell_state(h12, 0, r, c, "v_set_dev");
        v11b = $mxb_cell_state(h11b, 0, r, c, "v_set_dev");
        vrun = $mxb_cell_state(hrun, 0, r, c, "v_set_dev");
        $display("XCHK cell %0d,%0d v_set_dev seed11=%h seed12=%h run=%h faults %0d %0d %0d",
                 r, c, $realtobits(v11), $realtobits(v12), $realtobits(vrun),
                 $mxb_cell_fault(h11, 0, r, c), $mxb_cell_fault(h12, 0, r, c),
                 $mxb_cell_fault(hrun, 0, r, c));
        if ($realtobits(v11) != $realtobits(v11b))
          $fatal(1, "cell (%0d,%0d): seed=11 twice drew %g and %g V", r, c, v11, v11b);
        if ($mxb_cell_fault(h11, 0, r, c) != $mxb_cell_fault(h11b, 0, r, c))
          $fatal(1, "cell (%0d,%0d): seed=11 twice drew different faults", r, c);
        if (v11 == v12) $fatal(1, "cell (%0d,%0d): seeds 11 and 12 drew the same %g V", r, c, v11);
        if (v11 != vrun) n_diff++;
        n_fault += ($mxb_cell_fault(h11, 0, r, c) != 0) + ($mxb_cell_fault(h12, 0, r, c) != 0);
      end
    // the array without "seed=" has the run's seed (+mxb_seed=7 in sim.list), not 11
    if (n_diff != 16) $fatal(1, "%0d cells of the +mxb_seed array equal seed 11's", 16 - n_diff);
    if (n_fault == 0) $fatal(1, "no faulty cell in two fault maps of p = 0.3 each");
    $display("XCHK faulty cells (seeds 11 and 12): %0d", n_fault);
    $mxb_close(h11);
    $mxb_close(h12);
    $mxb_close(h11b);
    $mxb_close(hrun);
    $display("*-* All Finished *-*");
    $finish;
  end
endmodule
