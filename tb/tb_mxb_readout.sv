// tb_mxb_readout.sv -- self-checking test of mxb_adc_if and mxb_wta (readout chain).
//
// A behavioural ADC answers adc_req_o after a random 1..6 cycle latency with pseudo-random
// codes (an LFSR in this file, identical on both simulators; one conversion in four has
// only weak codes below MinCode).  For 500 conversions the test
// checks: adc_req_o exactly SettleCycles after start_i, one cycle long; codes registered;
// comparator outputs = code >= threshold; then mxb_wta (fed by valid_o) returns the argmax
// with the lowest index on ties (ties are forced every 7th conversion) and found_o against
// MinCode.  A muted ADC must give timeout_o after TimeoutCycles and keep the old codes.
// Prints "*-* All Finished *-*" on success, $fatal(1) on failure.

module tb_mxb_readout;
  timeunit 1ns;
  timeprecision 1ps;

  localparam int N = 6;
  localparam int W = 8;
  localparam int Settle = 3;
  localparam int Timeout = 20;
  localparam int MinCode = 40;

  logic clk, rst_n;
  logic start, adc_req, adc_valid, valid, tout, busy;
  logic [W-1:0] thresh;
  logic [N-1:0][W-1:0] adc_code, code;
  logic [N-1:0] above;
  logic w_valid, w_found;
  logic [2:0] w_idx;
  logic [W-1:0] w_code;

  mxb_adc_if #(.NumCh(N), .AdcWidth(W), .SettleCycles(Settle), .TimeoutCycles(Timeout)) u_adc (
    .clk_i(clk), .rst_ni(rst_n), .start_i(start), .thresh_i(thresh), .adc_req_o(adc_req),
    .adc_valid_i(adc_valid), .adc_code_i(adc_code), .valid_o(valid), .code_o(code),
    .above_o(above), .timeout_o(tout), .busy_o(busy)
  );

  mxb_wta #(.NumCh(N), .CodeWidth(W), .MinCode(MinCode)) u_wta (
    .clk_i(clk), .rst_ni(rst_n), .in_valid_i(valid), .code_i(code), .valid_o(w_valid),
    .winner_o(w_idx), .win_code_o(w_code), .found_o(w_found)
  );

  initial clk = 1'b0;
  always #5 clk = ~clk;

  int lfsr;
  bit mute;
  int exp_codes[N];

  function automatic int next_rand(int x);
    return ((x & 1) != 0) ? ((x >>> 1) & 32'h7fff_ffff) ^ 32'h8020_0003
                          : ((x >>> 1) & 32'h7fff_ffff);
  endfunction

  // ADC: latency 1..6 cycles after the request, codes from the LFSR
  always @(posedge clk) begin : adc
    int lat, sh;
    adc_valid <= 1'b0;
    if (adc_req && !mute) begin
      lfsr = next_rand(lfsr);
      lat = 1 + (lfsr & 3) + ((lfsr >> 2) & 1) + ((lfsr >> 3) & 1);
      sh = (((lfsr >> 12) & 3) == 0) ? 3 : 0;            // 1 in 4: weak codes (< MinCode)
      for (int i = 0; i < N; i++) begin
        lfsr = next_rand(lfsr);
        exp_codes[i] = (lfsr & 32'hff) >> sh;
        if ((lfsr & 32'h700) == 0) exp_codes[i] = 200;   // frequent ties at 200
      end
      repeat (lat - 1) @(posedge clk);
      for (int i = 0; i < N; i++) adc_code[i] <= W'(exp_codes[i]);
      adc_valid <= 1'b1;
    end
  end

  task automatic convert(input int th, output bit timed_out);
    int cyc;
    @(negedge clk);
    thresh = W'(th);
    start = 1'b1;
    @(negedge clk);
    start = 1'b0;
    cyc = 1;
    while (!adc_req) begin
      @(negedge clk);
      cyc++;
      if (cyc > Settle + 2) $fatal(1, "adc_req_o late");
    end
    if (cyc != Settle + 1) $fatal(1, "adc_req_o after %0d cycles, expected %0d", cyc, Settle + 1);
    @(negedge clk);
    if (adc_req) $fatal(1, "adc_req_o longer than one cycle");
    cyc = 0;
    while (!valid && !tout) begin
      @(negedge clk);
      cyc++;
      if (cyc > Timeout + 3) $fatal(1, "neither valid_o nor timeout_o");
    end
    timed_out = tout;
    if (!tout) check_result(th);
  endtask

  task automatic check_result(input int th);
    int best, bi;
    best = -1; bi = 0;
    for (int i = 0; i < N; i++) begin
      if (int'(code[i]) != exp_codes[i]) $fatal(1, "code[%0d] %0d, expected %0d", i, code[i], exp_codes[i]);
      if (above[i] != (exp_codes[i] >= th)) $fatal(1, "above[%0d] wrong (code %0d thr %0d)", i, code[i], th);
      if (exp_codes[i] > best) begin best = exp_codes[i]; bi = i; end
    end
    @(negedge clk);
    if (!w_valid) $fatal(1, "wta valid_o missing");
    if (int'(w_idx) != bi || int'(w_code) != best || w_found != (best >= MinCode)) begin
      $fatal(1, "wta: idx %0d code %0d found %0d, expected %0d %0d %0d", w_idx, w_code, w_found,
             bi, best, best >= MinCode);
    end
    @(negedge clk);
    if (w_valid) $fatal(1, "wta valid_o longer than one cycle");
  endtask

  bit to;
  int n_found;

  initial begin
    rst_n = 1'b0; start = 1'b0; thresh = '0; adc_valid = 1'b0; adc_code = '0; mute = 0;
    lfsr = 32'h0BAD_5EED; n_found = 0;
    repeat (3) @(posedge clk);
    #1 rst_n = 1'b1;
    for (int n = 0; n < 500; n++) begin
      convert((n * 37) % 256, to);
      if (to) $fatal(1, "unexpected timeout");
      if (w_found) n_found++;
    end
    if (n_found == 0 || n_found == 500) $fatal(1, "found_o never varied");
    // muted ADC: timeout, codes kept
    mute = 1;
    convert(10, to);
    if (!to) $fatal(1, "no timeout with a muted ADC");
    for (int i = 0; i < N; i++) if (int'(code[i]) != exp_codes[i]) $fatal(1, "codes lost on timeout");
    mute = 0;
    convert(10, to);
    if (to) $fatal(1, "timeout after unmute");
    $display("readout: 502 conversions, %0d with a winner", n_found);
    $display("*-* All Finished *-*");
    $finish;
  end

  initial begin
    repeat (10) #1ms;  // (one long delay literal overflows 32 bits in Verilator 5.006)
    $fatal(1, "timeout");
  end

endmodule
