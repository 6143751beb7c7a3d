// Overlap STDP of one Cu-pMSSQ e-synapse (seed 000 Fig. 3, card cu_pmssq_1x1)
// driven by RTL: two mxb_spike_shaper instances play the pre spike on the top
// electrode (row 0, plane 0) and the post spike on the bottom electrode
// (column 0, plane 1), each +2 V for 0.1 ms then -1 V for 0.3 ms, through the
// analog boundary (tb/mxb_line_boundary). The cell sees V_pre - V_post and
// changes only where the spikes overlap (3 V, or -3 V, above the threshold).
// Protocol per dt = t_post - t_pre, -500 .. +500 us in 50 us steps, the same
// as the device-level test (tests/c/cu_proto.h, cu_stdp_pair): a fresh cell
// (new handle, same seed: same device-to-device draw), depressed to mid state
// by 3 LTD pulses (+3 V 0.1 ms, 0.1 ms apart; here a third shaper on the top
// electrode), G0 read at +2 V 1 ms later, the spike pair, G1 1 ms after the
// later spike; dG/G = G1/G0 - 1.
// Reference: the same protocol with direct $mxb_drive calls at the exact
// times on a second handle (the device-level bench, as the C test does it).
// Checks: the paper's claims on the RTL path (dt = +50 us potentiates by more
// than 0.5 %, -50 us depresses by more than 0.5 %, |dt| > 400 us changes G by
// less than 0.5 %), and the RTL window matches the device-level one at every
// dt within 0.05 percentage points + 2 % of the value (same sign where the
// change exceeds 0.05 %). With +mxb_seed=6 (tests/sim.list) the device-level
// numbers are those of tests/c/test_dev_cu_pmssq.c.
`timescale 1ns/1ps
module tb_mxb_stdp_cu;
`include "mxb.svh"
  import mxb_pkg::*;

  localparam real ClkNs = 1000.0;          // 1 us clock: a 0.1 ms phase is 100 cycles
  localparam real ClkS  = ClkNs * 1e-9;
  localparam real VRead = 2.0;             // the cell conducts forward only: read at +2 V
  localparam real AbsTol = 0.0005, RelTol = 0.02;
  localparam int  NDt = 21;                // -500 .. +500 us, 50 us steps

  logic clk = 1'b0, rst_n = 1'b0;
  always #(ClkNs / 2) clk = ~clk;
  int h = 0, h_ref = 0, n_bad = 0;
  int n_dt = NDt, n3 = 3;

  logic trig_pre = 1'b0, trig_post = 1'b0, trig_ltd = 1'b0;
  logic [1:0] pre_mode, post_mode, ltd_mode;
  logic signed [9:0] pre_dac, post_dac, ltd_dac;
  logic pre_act, post_act, ltd_act, pre_done, post_done, ltd_done;
  logic [1:0] pre_ph, post_ph, ltd_ph;

  // seed 000 overlap-STDP spike: +2 V 0.1 ms, -1 V 0.3 ms (the shaper's default shape)
  mxb_spike_shaper #(.ClkPeriodS(ClkS), .NumPhases(2), .Phase0V(2.0), .Phase0S(100e-6),
                     .Phase1V(-1.0), .Phase1S(300e-6)) u_pre (
    .clk_i(clk), .rst_ni(rst_n), .trig_i(trig_pre), .mode_o(pre_mode), .dac_o(pre_dac),
    .active_o(pre_act), .phase_o(pre_ph), .done_o(pre_done));
  mxb_spike_shaper #(.ClkPeriodS(ClkS), .NumPhases(2), .Phase0V(2.0), .Phase0S(100e-6),
                     .Phase1V(-1.0), .Phase1S(300e-6)) u_post (
    .clk_i(clk), .rst_ni(rst_n), .trig_i(trig_post), .mode_o(post_mode), .dac_o(post_dac),
    .active_o(post_act), .phase_o(post_ph), .done_o(post_done));
  // LTD conditioning pulse: +3 V 0.1 ms then 0 V 0.1 ms
  mxb_spike_shaper #(.ClkPeriodS(ClkS), .NumPhases(2), .Phase0V(3.0), .Phase0S(100e-6),
                     .Phase1V(0.0), .Phase1S(100e-6)) u_ltd (
    .clk_i(clk), .rst_ni(rst_n), .trig_i(trig_ltd), .mode_o(ltd_mode), .dac_o(ltd_dac),
    .active_o(ltd_act), .phase_o(ltd_ph), .done_o(ltd_done));

  logic [1:0][1:0] mode;
  logic [1:0][9:0] dac;
  logic adc_valid;
  logic [1:0][9:0] adc_code;
  assign mode[0] = ltd_act ? ltd_mode : pre_mode;   // top electrode
  assign dac[0]  = ltd_act ? ltd_dac : pre_dac;
  assign mode[1] = post_mode;                       // bottom electrode
  assign dac[1]  = post_dac;

  mxb_line_boundary #(.Planes(2), .Lines(1), .DacWidth(10), .DacLsbV(0.01)) u_bnd (
    .clk_i(clk), .handle_i(h), .mode_i(mode), .dac_i(dac), .adc_req_i(1'b0),
    .adc_valid_o(adc_valid), .adc_code_o(adc_code));

  // ---------------------------------------------------------------- RTL path
  task automatic rtl_pair(input int dt_us, output real dg);
    real g0, g1;
    int t_pre, t_post;
    h = $mxb_open("cu_pmssq_1x1.json", "");
    if (h == 0) $finish;
    @(negedge clk);                        // next edge: the boundary drives both lines at 0 V
    for (int k = 0; k < n3; k++) begin     // 3 LTD pulses (+3 V, 0.1 ms, 0.1 ms apart)
      trig_ltd = 1'b1;
      @(negedge clk);
      trig_ltd = 1'b0;
      while (!ltd_done) @(negedge clk);
    end
    repeat (1000) @(negedge clk);          // 1 ms, then G0
    g0 = $mxb_cell_g(h, 0, 0, 0, VRead);
    t_pre = dt_us < 0 ? -dt_us : 0;
    t_post = dt_us > 0 ? dt_us : 0;
    for (int k = 0; k <= t_pre || k <= t_post; k++) begin
      trig_pre = (k == t_pre);
      trig_post = (k == t_post);
      @(negedge clk);
    end
    trig_pre = 1'b0;
    trig_post = 1'b0;
    repeat (400 + 1000) @(negedge clk);    // the later spike ends, then 1 ms
    g1 = $mxb_cell_g(h, 0, 0, 0, VRead);
    dg = g1 / g0 - 1.0;
    @(negedge clk);
    $mxb_close(h);
    h = 0;
  endtask

  // ---------------------------------------------------------------- device-level reference
  // the C test's cu_stdp_pair: ideal edges at exact times, pre first at equal times
  task automatic ref_pair(input int dt_us, output real dg);
    real g0, g1;
    real tp, tq;
    h_ref = $mxb_open("cu_pmssq_1x1.json", "");
    if (h_ref == 0) $finish;
    $mxb_drive(h_ref, 0, 0, 0.0);
    $mxb_drive(h_ref, 1, 0, 0.0);
    for (int k = 0; k < n3; k++) begin
      $mxb_drive(h_ref, 0, 0, 3.0);
      #100us $mxb_drive(h_ref, 0, 0, 0.0);
      #100us;
    end
    #1ms g0 = $mxb_cell_g(h_ref, 0, 0, 0, VRead);
    tp = dt_us < 0 ? -dt_us : 0;           // us from now
    tq = dt_us > 0 ? dt_us : 0;
    // six edges in time order; the pre edge first when both fall together
    if (tp <= tq) begin
      #(tp * 1us) $mxb_drive(h_ref, 0, 0, 2.0);
      edges(tq - tp, 1, 0);
    end else begin
      #(tq * 1us) $mxb_drive(h_ref, 1, 0, 2.0);
      edges(tp - tq, 0, 1);
    end
    #1ms g1 = $mxb_cell_g(h_ref, 0, 0, 0, VRead);
    dg = g1 / g0 - 1.0;
    $mxb_close(h_ref);
    h_ref = 0;
  endtask

  // first spike (plane pa) started now; the second (plane pb) starts after d us
  task automatic edges(input real d, input int pb, input int pa);
    real ev_t[6];
    int ev_p[6];
    real ev_v[6];
    real now_us, tmin;
    int k, m;
    bit done[6];
    ev_t[0] = 100;     ev_p[0] = pa; ev_v[0] = -1.0;
    ev_t[1] = 400;     ev_p[1] = pa; ev_v[1] = 0.0;
    ev_t[2] = d;       ev_p[2] = pb; ev_v[2] = 2.0;
    ev_t[3] = d + 100; ev_p[3] = pb; ev_v[3] = -1.0;
    ev_t[4] = d + 400; ev_p[4] = pb; ev_v[4] = 0.0;
    ev_t[5] = 1e9;     ev_p[5] = 0;  ev_v[5] = 0.0;   // unused
    for (k = 0; k < 6; k++) done[k] = 1'b0;
    done[5] = 1'b1;
    now_us = 0;
    for (m = 0; m < 5; m++) begin
      k = -1;
      tmin = 1e30;
      for (int i = 0; i < 5; i++)
        if (!done[i] && (ev_t[i] < tmin || (ev_t[i] == tmin && ev_p[i] == 0))) begin
          k = i;
          tmin = ev_t[i];
        end
      done[k] = 1'b1;
      if (tmin > now_us) #((tmin - now_us) * 1us);
      now_us = tmin;
      $mxb_drive(h_ref, ev_p[k], 0, ev_v[k]);
    end
  endtask

  // ---------------------------------------------------------------- main
  initial begin
    real d_rtl, d_ref, tol;
    int dt;
    $dumpfile("tb_mxb_stdp_cu.vcd");
    $dumpvars(0, tb_mxb_stdp_cu);
    repeat (2) @(negedge clk);
    rst_n = 1'b1;
    $display("overlap STDP, pre +2 V 0.1 ms / -1 V 0.3 ms on top, post the same on the bottom");
    $display("   dt (us)   dG/G RTL (%%)   dG/G device-level (%%)");
    for (int i = 0; i < n_dt; i++) begin
      dt = -500 + 50 * i;
      ref_pair(dt, d_ref);
      @(negedge clk);
      rtl_pair(dt, d_rtl);
      $display("  %6d      %8.3f        %8.3f", dt, 100 * d_rtl, 100 * d_ref);
      tol = AbsTol + RelTol * (d_ref < 0 ? -d_ref : d_ref);
      if (d_rtl - d_ref > tol || d_ref - d_rtl > tol ||
          ((d_ref > AbsTol && d_rtl <= 0) || (d_ref < -AbsTol && d_rtl >= 0))) begin
        $display("ERROR: dt %0d us: RTL dG/G %.4f %% differs from the device-level %.4f %% (tolerance %.4f %%)",
                 dt, 100 * d_rtl, 100 * d_ref, 100 * tol);
        n_bad++;
      end
      if (dt == 50 && !(d_rtl > 0.005)) begin
        $display("ERROR: dt = +50 us does not potentiate (dG/G %.3f %%, need > 0.5 %%)", 100 * d_rtl);
        n_bad++;
      end
      if (dt == -50 && !(d_rtl < -0.005)) begin
        $display("ERROR: dt = -50 us does not depress (dG/G %.3f %%, need < -0.5 %%)", 100 * d_rtl);
        n_bad++;
      end
      if ((dt > 400 || dt < -400) && (d_rtl > 0.005 || d_rtl < -0.005)) begin
        $display("ERROR: |dt| = %0d us > 400 us changes G by %.3f %% (need < 0.5 %%)", dt, 100 * d_rtl);
        n_bad++;
      end
    end
    if (n_bad == 0) $display("*-* All Finished *-*");
    else $display("ERROR: %0d check(s) failed", n_bad);
    $finish;
  end

  initial begin
    repeat (500) #1ms;
    $display("ERROR: watchdog");
    $finish;
  end
endmodule
