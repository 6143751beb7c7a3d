// tb_mxb_encoders.sv -- self-checking test of mxb_rate_encoder and mxb_latency_encoder.
//
// Rate encoder:
//   * a bit-exact model of the leap-forward Galois LFSR predicts every spike (cycle by cycle);
//   * spike counts over 4096 ticks lie within 5 sigma of the Bernoulli mean 4096*I/256 for
//     several intensities; intensity 0 never fires; no spikes without tick_i or with en_i low;
//   * two encoders with different seeds are not identical (decorrelation).
// Latency encoder:
//   * for every intensity 0..255: exactly one spike at tick ((255-I)*W)>>8 of the window (none
//     below MinIntensity), done_o one cycle after the last tick, busy_o across the window;
//   * ticks spaced by idle cycles count only ticks; a restart mid-window reopens the window.
// Prints "*-* All Finished *-*" on success, $fatal(1) on failure.

module tb_mxb_encoders;
  timeunit 1ns;
  timeprecision 1ps;

  localparam int IW = 8;
  localparam int LfsrW = 16;
  localparam logic [31:0] Taps = 32'hB400;
  localparam logic [31:0] SeedA = 32'hACE1;
  localparam logic [31:0] SeedB = 32'h1D2B;
  localparam int Window = 16;
  localparam int MinI = 4;
  localparam int NTicks = 4096;

  logic clk, rst_n;
  logic en, tick;
  logic [IW-1:0] inten;
  logic spike_a, spike_b;

  logic lat_start, lat_tick, lat_spike, lat_busy, lat_done;
  logic [IW-1:0] lat_inten;

  mxb_rate_encoder #(.IntensityWidth(IW), .LfsrWidth(LfsrW), .LfsrTaps(Taps), .LfsrSeed(SeedA))
    u_rate_a (.clk_i(clk), .rst_ni(rst_n), .en_i(en), .tick_i(tick), .intensity_i(inten),
              .spike_o(spike_a));
  mxb_rate_encoder #(.IntensityWidth(IW), .LfsrWidth(LfsrW), .LfsrTaps(Taps), .LfsrSeed(SeedB))
    u_rate_b (.clk_i(clk), .rst_ni(rst_n), .en_i(en), .tick_i(tick), .intensity_i(inten),
              .spike_o(spike_b));

  mxb_latency_encoder #(.IntensityWidth(IW), .WindowTicks(Window), .MinIntensity(MinI))
    u_lat (.clk_i(clk), .rst_ni(rst_n), .start_i(lat_start), .intensity_i(lat_inten),
           .tick_i(lat_tick), .spike_o(lat_spike), .busy_o(lat_busy), .done_o(lat_done));

  initial clk = 1'b0;
  always #5 clk = ~clk;

  // ---------------------------------------------------------------- rate model
  logic [LfsrW-1:0] m_lfsr;
  int m_spike;
  int cnt_a, cnt_b, n_diff;

  task automatic rate_model_step;
    logic [IW-1:0] draw;
    m_spike = 0;
    if (en && tick) begin
      for (int i = 0; i < IW; i++) begin
        draw[i] = m_lfsr[0];
        m_lfsr  = m_lfsr[0] ? ((m_lfsr >> 1) ^ Taps[LfsrW-1:0]) : (m_lfsr >> 1);
      end
      m_spike = (draw < inten) ? 1 : 0;
    end
  endtask

  task automatic rate_cycle;
    @(posedge clk);
    rate_model_step();
    #1;
    if (int'(spike_a) != m_spike) begin
      $fatal(1, "rate: spike %0d, model %0d at %0t (I=%0d)", spike_a, m_spike, $time, inten);
    end
    if (spike_a) cnt_a++;
    if (spike_b) cnt_b++;
    if (spike_a != spike_b) n_diff++;
  endtask

  task automatic rate_run(input int intensity, input int nticks);
    real p, mean, sigma, lo, hi;
    @(negedge clk);
    inten = IW'(intensity);
    en    = 1'b1;
    cnt_a = 0; cnt_b = 0;
    rate_cycle();               // tick is low here: nothing may happen
    for (int n = 0; n < nticks; n++) begin
      @(negedge clk);
      tick = 1'b1;
      rate_cycle();
      @(negedge clk);
      tick = 1'b0;              // idle cycle between ticks: no draw, no spike
      rate_cycle();
    end
    p     = real'(intensity) / 256.0;
    mean  = p * nticks;
    sigma = $sqrt(mean * (1.0 - p));
    lo    = mean - 5.0 * sigma - 1.0;
    hi    = mean + 5.0 * sigma + 1.0;
    $display("rate: I=%0d  spikes A=%0d B=%0d  expected %0.1f +- %0.1f", intensity, cnt_a, cnt_b,
             mean, sigma);
    if (real'(cnt_a) < lo || real'(cnt_a) > hi || real'(cnt_b) < lo || real'(cnt_b) > hi) begin
      $fatal(1, "rate: spike count outside 5 sigma for I=%0d", intensity);
    end
    if (intensity == 0 && (cnt_a != 0 || cnt_b != 0)) $fatal(1, "rate: I=0 fired");
  endtask

  // ---------------------------------------------------------------- latency checks
  int lat_seen_tick, lat_spikes, tick_idx;
  int lat_prev;

  task automatic lat_window(input int intensity, input int gap);
    int expected;
    bit done_seen;
    @(negedge clk);
    lat_inten = IW'(intensity);
    lat_start = 1'b1;
    @(negedge clk);
    lat_start = 1'b0;
    if (!lat_busy) $fatal(1, "latency: busy_o low after start");
    lat_seen_tick = -1; lat_spikes = 0; done_seen = 0;
    for (tick_idx = 0; tick_idx < Window; tick_idx++) begin
      repeat (gap) begin
        @(negedge clk);
        lat_tick = 1'b0;
        if (lat_spike || lat_done) $fatal(1, "latency: output without a tick");
      end
      @(negedge clk);
      lat_tick = 1'b1;
      @(negedge clk);
      lat_tick = 1'b0;
      if (lat_spike) begin
        lat_spikes++;
        lat_seen_tick = tick_idx;
      end
      if (lat_done) begin
        done_seen = 1;
        if (tick_idx != Window - 1) $fatal(1, "latency: done_o early at tick %0d", tick_idx);
      end
      if (tick_idx < Window - 1 && !lat_busy) $fatal(1, "latency: busy_o dropped early");
    end
    if (!done_seen) $fatal(1, "latency: no done_o");
    if (lat_busy) $fatal(1, "latency: busy_o still high after the window");
    expected = (intensity < MinI) ? -1 : (((255 - intensity) * Window) >> 8);
    if (lat_seen_tick != expected || lat_spikes > 1) begin
      $fatal(1, "latency: I=%0d spike at tick %0d (%0d spikes), expected %0d", intensity,
             lat_seen_tick, lat_spikes, expected);
    end
    if (intensity >= MinI && lat_prev >= 0 && lat_seen_tick < lat_prev) begin
      $fatal(1, "latency: not monotonic at I=%0d", intensity);
    end
    if (intensity >= MinI) lat_prev = lat_seen_tick;
  endtask

  initial begin
    rst_n = 1'b0;
    en = 1'b0; tick = 1'b0; inten = '0;
    lat_start = 1'b0; lat_tick = 1'b0; lat_inten = '0;
    m_lfsr = SeedA[LfsrW-1:0];
    n_diff = 0;
    repeat (3) @(posedge clk);
    #1 rst_n = 1'b1;

    // ---- rate encoder
    // disabled: ticks but en low -> nothing, LFSR holds
    @(negedge clk);
    inten = '1; en = 1'b0;
    for (int n = 0; n < 50; n++) begin
      @(negedge clk);
      tick = 1'b1;
      rate_cycle();
    end
    @(negedge clk);
    tick = 1'b0;
    rate_cycle();
    if (cnt_a != 0) $fatal(1, "rate: spikes while disabled");
    rate_run(0, NTicks);
    rate_run(16, NTicks);
    rate_run(64, NTicks);
    rate_run(128, NTicks);
    rate_run(200, NTicks);
    rate_run(255, NTicks);
    if (n_diff < 100) $fatal(1, "rate: seeds A and B give near-identical trains (%0d)", n_diff);

    // ---- latency encoder
    lat_prev = -1;
    for (int i = 255; i >= 0; i--) begin
      lat_window(i, (i % 3));  // descending intensity: latency must not decrease
    end
    // restart in the middle of a window: the second start wins
    @(negedge clk);
    lat_inten = IW'(10); lat_start = 1'b1;
    @(negedge clk);
    lat_start = 1'b0;
    repeat (3) begin
      @(negedge clk); lat_tick = 1'b1;
      @(negedge clk); lat_tick = 1'b0;
      if (lat_spike) $fatal(1, "latency: early spike before restart");
    end
    lat_prev = -1;
    lat_window(255, 0);

    $display("*-* All Finished *-*");
    $finish;
  end

  initial begin
    repeat (10) #1ms;  // (one long delay literal overflows 32 bits in Verilator 5.006)
    $fatal(1, "timeout");
  end

endmodule
