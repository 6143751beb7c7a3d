// tb_mxb_spike_shaper.sv -- self-checking test of mxb_spike_shaper.
//
// u_stdp: default levels (seed 000 overlap-STDP spike, +2 V 0.1 ms / -1 V 0.3 ms) with a 1 us
//   clock and 10 mV LSB: expects code +200 for exactly 100 cycles, then -100 for exactly 300
//   cycles, LINE_DRIVE throughout (idle: LINE_DRIVE at code 0), done_o one cycle after, and a
//   trigger during the spike ignored (Retrigger = 0).
// u_tri: three phases (+1.5 V 5 us, 0 V 2 us, -0.76 V 3 us) at 20 mV LSB, 8-bit DAC, idle
//   floating, Retrigger = 1: checks the sequence, LINE_FLOAT when idle, and that a trigger in
//   phase 2 restarts at phase 0.
// The expected waveform is rebuilt here from volts/seconds independently of the RTL.
// Prints "*-* All Finished *-*" on success, $fatal(1) on failure.

module tb_mxb_spike_shaper;
  timeunit 1ns;
  timeprecision 1ps;
  import mxb_pkg::*;

  localparam real ClkS = 1e-6;

  logic clk, rst_n;
  logic trig_a, trig_b;
  logic [1:0] mode_a, mode_b, phase_a, phase_b;
  logic signed [9:0] dac_a;
  logic signed [7:0] dac_b;
  logic active_a, active_b, done_a, done_b;

  mxb_spike_shaper #(.DacWidth(10), .DacLsbV(0.01), .ClkPeriodS(ClkS)) u_stdp (
    .clk_i(clk), .rst_ni(rst_n), .trig_i(trig_a), .mode_o(mode_a), .dac_o(dac_a),
    .active_o(active_a), .phase_o(phase_a), .done_o(done_a)
  );

  mxb_spike_shaper #(
    .DacWidth(8), .DacLsbV(0.02), .ClkPeriodS(ClkS), .NumPhases(3),
    .Phase0V(1.5), .Phase0S(5e-6), .Phase1V(0.0), .Phase1S(2e-6), .Phase2V(-0.76),
    .Phase2S(3e-6), .IdleFloat(1'b1), .Retrigger(1'b1)
  ) u_tri (
    .clk_i(clk), .rst_ni(rst_n), .trig_i(trig_b), .mode_o(mode_b), .dac_o(dac_b),
    .active_o(active_b), .phase_o(phase_b), .done_o(done_b)
  );

  // 1 us clock to match ClkPeriodS
  initial clk = 1'b0;
  always #500 clk = ~clk;

  // Sample one cycle of u_stdp outputs and compare with (mode, code, active).
  task automatic expect_a(input int code, input logic [1:0] mode, input bit active, input int n);
    for (int i = 0; i < n; i++) begin
      @(posedge clk);
      #1;
      if (int'(dac_a) != code || mode_a != mode || active_a != active) begin
        $fatal(1, "stdp: cycle %0d of %0d: dac %0d mode %0d active %0d, expected %0d %0d %0d",
               i, n, dac_a, mode_a, active_a, code, mode, active);
      end
      trig_a = 1'b0;
    end
  endtask

  task automatic expect_b(input int code, input logic [1:0] mode, input int phase, input int n);
    for (int i = 0; i < n; i++) begin
      @(posedge clk);
      #1;
      if (int'(dac_b) != code || mode_b != mode || (active_b && int'(phase_b) != phase)) begin
        $fatal(1, "tri: cycle %0d of %0d: dac %0d mode %0d phase %0d, expected %0d %0d %0d",
               i, n, dac_b, mode_b, phase_b, code, mode, phase);
      end
      trig_b = 1'b0;
    end
  endtask

  int c_p, c_n;

  initial begin
    rst_n = 1'b0; trig_a = 1'b0; trig_b = 1'b0;
    repeat (2) @(posedge clk);
    #1 rst_n = 1'b1;
    c_p = int'(2.0 / 0.01);
    c_n = int'(-1.0 / 0.01);

    // ---- overlap-STDP spike
    expect_a(0, LINE_DRIVE, 1'b0, 5);
    trig_a = 1'b1;                           // sampled at the next edge; outputs follow it
    expect_a(c_p, LINE_DRIVE, 1'b1, 40);
    trig_a = 1'b1;                           // ignored: Retrigger = 0
    expect_a(c_p, LINE_DRIVE, 1'b1, 60);     // 100 cycles = 0.1 ms in total
    expect_a(c_n, LINE_DRIVE, 1'b1, 300);    // 300 cycles = 0.3 ms
    expect_a(0, LINE_DRIVE, 1'b0, 1);
    if (!done_a) $fatal(1, "stdp: done_o missing");
    expect_a(0, LINE_DRIVE, 1'b0, 1);
    if (done_a) $fatal(1, "stdp: done_o longer than one cycle");
    expect_a(0, LINE_DRIVE, 1'b0, 10);
    // back-to-back spikes
    trig_a = 1'b1;
    expect_a(c_p, LINE_DRIVE, 1'b1, 100);
    expect_a(c_n, LINE_DRIVE, 1'b1, 300);
    expect_a(0, LINE_DRIVE, 1'b0, 3);

    // ---- three-phase shaper, idle float, retrigger
    expect_b(0, LINE_FLOAT, 0, 2);
    trig_b = 1'b1;
    expect_b(75, LINE_DRIVE, 0, 5);          // 1.5 V / 20 mV
    expect_b(0, LINE_DRIVE, 1, 2);
    expect_b(-38, LINE_DRIVE, 2, 1);         // -0.76 V / 20 mV = -38
    trig_b = 1'b1;                           // retrigger in phase 2: restart at phase 0
    expect_b(75, LINE_DRIVE, 0, 5);
    expect_b(0, LINE_DRIVE, 1, 2);
    expect_b(-38, LINE_DRIVE, 2, 3);
    expect_b(0, LINE_FLOAT, 0, 1);
    if (!done_b) $fatal(1, "tri: done_o missing");
    expect_b(0, LINE_FLOAT, 0, 4);

    $display("*-* All Finished *-*");
    $finish;
  end

  initial begin
    repeat (100) #1ms;  // (one long delay literal overflows 32 bits in Verilator 5.006)
    $fatal(1, "timeout");
  end

endmodule
