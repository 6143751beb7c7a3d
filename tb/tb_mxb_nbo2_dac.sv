// The NbO2 Mott oscillator (seed 004 Fig. 9, card nbo2_neuron.json, docs/devices.md "Seed 004
// review devices") as a spiking neuron under a current-input DAC, on both simulators.
//
// RTL path: a DAC code register (12 bits, 50 nA per LSB) -> mxb_idac (behavioural current DAC:
// a current source into row 0 of a 1x1 array, $mxb_set_end kind 2 on a code change) -> the
// nbo2_neuron cell -> column 0 held at 0 V by a TIA -> a voltage ADC on the driven row (12 bits,
// 1 mV per LSB, the analog side below) -> mxb_adc_if (continuous conversions, its comparator
// against a threshold register) -> nbo2_spike_timer (a spike is the comparator falling from 1
// to 0; counts spikes and the clock cycles between them). Under a current drive the row sits
// at u + r_l I_in (u: the capacitor = device voltage), so the threshold register holds the
// middle of the oscillation band plus r_l I_in.
//
// The law the testbench checks, computed here from the same parameter values it passes to the
// model as overrides ("nbo2_law" below; the derivation is the class's, models_c/src/dev_nbo2.c,
// and tests/c/test_dev_nbo2.c): with the channel's thermal time (1 ns) far below the charge
// time, the channel temperature T follows its steady state for u,
//   G(T) v_c^2 = (T - temp) / r_th,  v_c = u / (1 + r_c G),  G = g0 exp(-e_a / k T),
// an S-shaped I-V (u(T), I(T)): a cold branch up to V_th (its largest u), a negative-resistance
// part, a hot branch from V_hold (its smallest u). A constant input I_in between I(V_th) and
// I(V_hold) charges the capacitor along the cold branch from V_hold to V_th and discharges it
// along the hot one back to V_hold: the interval is
//   t = c [ int_{V_hold}^{V_th} du / (I_in - I_cold(u)) + int_{V_hold}^{V_th} du / (I_hot(u) - I_in) ]
//     = c K(I_in),
// proportional to c. The runs: 20 uA at c = 0.5, 1, 2, 4 nF (one array each, "c=" override at
// $mxb_open), then 3 uA (below I(V_th)) and 150 uA (above I(V_hold)) at 0.5 nF.
// Checks:
//   - 20 uA: at least 10 spikes, every interval after the first spike equal to their mean
//     within 1 % + one ADC sample (a limit cycle); interval / c within 4 % of K; the slope
//     between every pair of c ((t_j - t_i) / (c_j - c_i), which cancels the switching delay
//     common to all c) and the least-squares slope within 1.5 % of K; the interval ratios
//     t(c) / t(0.5 nF) within 4 % of c / 0.5 nF; the intercept (the thermal switching delay)
//     positive and below 5 % of the 1 nF interval;
//   - 3 uA: no spike; the row settles at r_l I_in + u_cold(3 uA) of the law within 1 %;
//   - 150 uA: exactly one spike (the switch), then the row stays at r_l I_in + u_hot(150 uA)
//     of the law within 2 % and the channel (probe "temp_ch") on the hot branch, at or above
//     the law's T(V_hold).
// The XCHK lines (spike counts, spike cycles, final ADC codes) are compared between the
// simulators (tests/sim.list "compare").
`timescale 1ns/1ps

// Behavioural current DAC: plane P line L of array handle_i is fed by an ideal current source
// of code_i * LsbA amperes into the line (end A) while en_i; on a rising edge whose (handle,
// en, code) differs from the last applied, the model is called. en_i low floats the line.
module mxb_idac #(
  parameter int  Width = 12,
  parameter real LsbA  = 50e-9,
  parameter int  P     = 0,
  parameter int  L     = 0
) (
  input logic             clk_i,
  input int               handle_i,
  input logic             en_i,
  input logic [Width-1:0] code_i
);
`include "mxb.svh"
  real i_a;  // amperes applied (a scalar real: shows in waves)
  int h_q = 0;
  logic en_q = 1'b0;
  logic [Width-1:0] code_q = '0;
  initial i_a = 0.0;
  always @(posedge clk_i) begin
    if (handle_i != 0 && (handle_i != h_q || en_i != en_q || (en_i && code_i != code_q))) begin
      if ($isunknown(en_i) || $isunknown(code_i))
        $mxb_error($sformatf("MXB_EINVAL: %m: DAC enable/code %b/%b has X or Z bits", en_i, code_i));
      if (en_i) begin
        i_a = LsbA * code_i;
        $mxb_set_end(handle_i, P, L, 0, 2, i_a, 0.0);
      end else begin
        i_a = 0.0;
        $mxb_float(handle_i, P, L);
      end
      h_q <= handle_i;
      en_q <= en_i;
      code_q <= code_i;
    end
  end
endmodule

// Spike counter / interval timer: a spike is the comparator output falling from 1 to 0 at a
// conversion (valid_i). count_o spikes since clear_i; last_o the cycle number of the latest
// spike, interval_o the cycles between the latest two.
module nbo2_spike_timer (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic        clear_i,
  input  logic        valid_i,
  input  logic        above_i,
  output logic        spike_o,
  output int unsigned count_o,
  output int unsigned last_o,
  output int unsigned interval_o
);
  logic armed_q;
  int unsigned cyc_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      armed_q <= 1'b0;
      cyc_q <= 0;
      count_o <= 0;
      last_o <= 0;
      interval_o <= 0;
      spike_o <= 1'b0;
    end else if (clear_i) begin
      armed_q <= 1'b0;
      cyc_q <= 0;
      count_o <= 0;
      last_o <= 0;
      interval_o <= 0;
      spike_o <= 1'b0;
    end else begin
      cyc_q <= cyc_q + 1;
      spike_o <= 1'b0;
      if (valid_i) begin
        armed_q <= above_i;
        if (armed_q && !above_i) begin
          spike_o <= 1'b1;
          count_o <= count_o + 1;
          interval_o <= cyc_q - last_o;
          last_o <= cyc_q;
        end
      end
    end
  end
endmodule

module tb_mxb_nbo2_dac;
`include "mxb.svh"

  localparam real ClkNs = 10.0;           // 100 MHz: one conversion every 5 cycles (50 ns)
  localparam real ClkS = ClkNs * 1e-9;
  localparam int  DacW = 12, AdcW = 12;
  localparam real DacLsbA = 50e-9, AdcLsbV = 1e-3;
  // the device's parameters, passed to the model as overrides and used by the law below
  // (the card's values)
  localparam real RL = 1e4, G0 = 5.67e-4, EA = 0.155, RC = 1e3, RTH = 1.61e7, TEMP = 300.0;
  localparam real KbEv = 8.617333262e-5;
  localparam int  NC = 4, MaxSp = 16, NeedSp = 10;

  logic clk = 1'b0, rst_n = 1'b0;
  always #(ClkNs / 2) clk = ~clk;
  int h = 0, n_bad = 0;

  // ---- RTL: DAC register, ADC interface with its comparator, spike timer
  logic [DacW-1:0] dac_code = '0;
  logic dac_en = 1'b0;
  mxb_idac #(.Width(DacW), .LsbA(DacLsbA), .P(0), .L(0)) u_dac (
    .clk_i(clk), .handle_i(h), .en_i(dac_en), .code_i(dac_code));

  logic [AdcW-1:0] thresh = '0;
  logic conv_en = 1'b0;            // conversions run while high
  logic adc_req, adc_valid = 1'b0, conv_valid, adc_timeout, adc_busy;
  logic [0:0][AdcW-1:0] adc_code_in = '0, conv_code;
  logic [0:0] above;
  mxb_adc_if #(.NumCh(1), .AdcWidth(AdcW), .SettleCycles(1), .TimeoutCycles(8)) u_adc (
    .clk_i(clk), .rst_ni(rst_n), .start_i(!adc_busy && conv_en), .thresh_i(thresh),
    .adc_req_o(adc_req), .adc_valid_i(adc_valid), .adc_code_i(adc_code_in), .valid_o(conv_valid),
    .code_o(conv_code), .above_o(above), .timeout_o(adc_timeout), .busy_o(adc_busy));

  logic sp_clear = 1'b0, spike;
  int unsigned sp_count, sp_last, sp_interval;
  nbo2_spike_timer u_sp (
    .clk_i(clk), .rst_ni(rst_n), .clear_i(sp_clear), .valid_i(conv_valid), .above_i(above[0]),
    .spike_o(spike), .count_o(sp_count), .last_o(sp_last), .interval_o(sp_interval));

  // ---- analog side of the voltage ADC (as tb/mxb_line_boundary.sv: the request seen at a
  // rising edge is sampled at the next falling edge, valid for the following rising edge)
  logic req_q = 1'b0;
  real v_row = 0.0;
  always @(posedge clk) req_q <= adc_req && h != 0;
  always @(negedge clk) begin
    adc_valid <= req_q;
    if (req_q) begin
      real x;
      v_row = $mxb_node_v(h, 0, 0, 0);
      x = v_row / AdcLsbV;
      if (x < 0.0) x = 0.0;
      if (x > (1 << AdcW) - 1) x = (1 << AdcW) - 1;
      adc_code_in[0] <= AdcW'($rtoi(x + 0.5));
    end
  end
  int unsigned n_tout = 0;
  always @(posedge clk) if (adc_timeout) n_tout++;

  // record the spike cycles of the current run
  int unsigned sp_cyc[MaxSp];
  always @(posedge clk) if (spike && sp_count <= MaxSp) sp_cyc[sp_count - 1] = sp_last;

  // ---- the law: steady state of the channel at temperature T
  // (two functions: Icarus 11 has no output arguments of functions)
  function automatic real i_of(input real t);
    real g, pw;
    g = G0 * $exp(-EA / (KbEv * t));
    pw = (t - TEMP) / RTH;
    return g * $sqrt(pw / g);   // G v_c, v_c = sqrt(P / G)
  endfunction
  function automatic real u_of(input real t);
    real g, pw;
    g = G0 * $exp(-EA / (KbEv * t));
    pw = (t - TEMP) / RTH;
    return $sqrt(pw / g) + RC * i_of(t);  // v_c + r_c I
  endfunction
  // extremum of u(T) in [a, b] (max if mx, else min) by golden section
  function automatic real extremum(input real a, input real b, input bit mx);
    real r, c, d;
    r = 0.5 * ($sqrt(5.0) - 1.0);
    for (int k = 0; k < 100; k++) begin
      c = b - r * (b - a);
      d = a + r * (b - a);
      if ((u_of(c) > u_of(d)) == mx) b = d;
      else a = c;
    end
    return 0.5 * (a + b);
  endfunction
  // T in [a, b] where f(T) = y (sel 0: f = u, 1: f = i), f monotone there, by bisection
  function automatic real solve_t(input real a, input real b, input real y, input bit sel);
    real m, fa, fm;
    fa = (sel ? i_of(a) : u_of(a)) - y;
    for (int k = 0; k < 200; k++) begin
      m = 0.5 * (a + b);
      fm = (sel ? i_of(m) : u_of(m)) - y;
      if ((fm > 0) == (fa > 0)) begin
        a = m;
        fa = fm;
      end else b = m;
    end
    return 0.5 * (a + b);
  endfunction
  // int du / (s (I_in - I)) along u(T), T from ta to tb, n trapezoids (s = +1 cold, -1 hot)
  function automatic real branch_int(input real ta, input real tb, input real iin, input real s,
                                     input int n);
    real acc, u0, i0, u1, i1;
    acc = 0.0;
    u0 = u_of(ta);
    i0 = i_of(ta);
    for (int k = 1; k <= n; k++) begin
      u1 = u_of(ta + (tb - ta) * k / n);
      i1 = i_of(ta + (tb - ta) * k / n);
      acc += 0.5 * (u1 - u0) * (1.0 / (s * (iin - i0)) + 1.0 / (s * (iin - i1)));
      u0 = u1;
      i0 = i1;
    end
    return acc;
  endfunction

  real t_th, t_hold, v_th, i_th, v_hold, i_hold, v_mid, k_law, k_cold, k_hot;

  // the turning points from a 1 K scan refined by golden section, then K(iin)
  task automatic nbo2_law(input real iin);
    real up, uc, tc0, th1;
    int state;
    up = u_of(TEMP + 1.0);
    state = 0;
    t_th = 0.0;
    t_hold = 0.0;
    for (real t = TEMP + 2.0; t < 5000.0 && state < 2; t += 1.0) begin
      uc = u_of(t);
      if (state == 0 && uc < up) begin
        t_th = extremum(t - 2.0, t, 1'b1);
        state = 1;
      end else if (state == 1 && uc > up) begin
        t_hold = extremum(t - 2.0, t, 1'b0);
        state = 2;
      end
      up = uc;
    end
    if (state != 2) $mxb_error("nbo2_law: no S-shaped I-V (no threshold / hold turning point)");
    v_th = u_of(t_th);
    i_th = i_of(t_th);
    v_hold = u_of(t_hold);
    i_hold = i_of(t_hold);
    v_mid = 0.5 * (v_th + v_hold);
    tc0 = solve_t(TEMP + 1e-6, t_th, v_hold, 1'b0);  // cold branch at V_hold
    th1 = solve_t(t_hold, 5000.0, v_th, 1'b0);       // hot branch at V_th
    k_cold = branch_int(tc0, t_th, iin, 1.0, 20000);
    k_hot = branch_int(t_hold, th1, iin, -1.0, 20000);
    // the hot branch runs from V_hold up to V_th: its integral is of du / (I_hot - I_in) > 0
    k_law = k_cold + k_hot;
  endtask

  // ---- one run: open a fresh array at c, feed code, until nsp spikes or max_cycles
  int unsigned run_cycles;
  real v_end, temp_end;
  task automatic run(input real c, input int code, input int nsp, input int unsigned max_cycles);
    real iin;
    iin = DacLsbA * code;
    h = $mxb_open("nbo2_neuron.json", $sformatf("c=%.17g,r_l=%.17g,g0=%.17g,e_a=%.17g,r_c=%.17g,r_th=%.17g,temp=%.17g",
                                  c, RL, G0, EA, RC, RTH, TEMP));
    if (h == 0) $finish;
    $mxb_sense(h, 1, 0, 0.0);  // column: TIA (virtual ground)
    // comparator threshold: the middle of the band, seen on the row under this input
    thresh <= AdcW'($rtoi((v_mid + RL * iin) / AdcLsbV + 0.5));
    dac_code <= DacW'(code);
    dac_en <= 1'b1;
    sp_clear <= 1'b1;
    @(posedge clk);
    sp_clear <= 1'b0;
    conv_en <= 1'b1;
    run_cycles = 0;
    @(negedge clk);  // the counters are read between edges: no race with the RTL
    while (sp_count < nsp && run_cycles < max_cycles) begin
      @(negedge clk);
      run_cycles++;
    end
    v_end = $mxb_node_v(h, 0, 0, 0);
    temp_end = $mxb_cell_state(h, 0, 0, 0, "temp_ch");
    conv_en <= 1'b0;
    dac_en <= 1'b0;
    repeat (12) @(posedge clk);  // the last conversion ends (TimeoutCycles 8)
    $mxb_close(h);
    h = 0;
    @(posedge clk);
  endtask

  function automatic void check(input bit ok, input string what);
    if (!ok) begin
      $display("ERROR: %s", what);
      n_bad++;
    end
  endfunction

  real cs[NC];
  real iv[NC];
  initial begin
    int code20, code_lo, code_hi, n;
    real sx, sy, sxx, sxy, slope, icpt, dev, pair, u_lo, u_hi, t_hi;
    cs[0] = 0.5e-9;
    cs[1] = 1e-9;
    cs[2] = 2e-9;
    cs[3] = 4e-9;
    code20 = 400;   // 20 uA
    code_lo = 60;   // 3 uA
    code_hi = 3000; // 150 uA
    nbo2_law(DacLsbA * code20);
    $display("RESULT nbo2_law V_th %.4f V at %.4g uA (T %.1f K), V_hold %.4f V at %.4g uA (T %.1f K), K(20 uA) %.4f us/nF (charge %.4f + discharge %.4f)",
             v_th, i_th * 1e6, t_th, v_hold, i_hold * 1e6, t_hold, k_law * 1e-3, k_cold * 1e-3,
             k_hot * 1e-3);
    check(i_th < DacLsbA * code20 && DacLsbA * code20 < i_hold, "20 uA is not inside the oscillation range");
    check(DacLsbA * code_lo < i_th, "3 uA is not below the threshold current");
    check(DacLsbA * code_hi > i_hold, "150 uA is not above the hold current");
    repeat (4) @(posedge clk);
    rst_n = 1'b1;
    repeat (2) @(posedge clk);

    for (int k = 0; k < NC; k++) begin
      // the first charge from 0 V (~3 c K) and NeedSp spikes, with 50 % margin
      run(cs[k], code20, NeedSp, $rtoi(1.5 * (3 + NeedSp) * cs[k] * k_law / ClkS));
      n = sp_count > MaxSp ? MaxSp : sp_count;
      $display("XCHK c=%.1fnF spikes %0d first %0d last %0d", cs[k] * 1e9, sp_count, sp_cyc[0], n > 0 ? sp_cyc[n - 1] : 0);
      if (n < NeedSp) begin
        check(1'b0, $sformatf("c = %.2g nF: %0d spikes (at least %0d expected)", cs[k] * 1e9, n, NeedSp));
        n = 3;  // the checks below then fail too
      end
      iv[k] = (sp_cyc[n - 1] - sp_cyc[1]) * ClkS / (n - 2);
      for (int j = 2; j < n; j++) begin
        dev = (sp_cyc[j] - sp_cyc[j - 1]) * ClkS - iv[k];
        if (dev < 0) dev = -dev;
        check(dev <= 0.01 * iv[k] + 5 * ClkS, $sformatf("c = %.2g nF: interval %0d of %.4g us, mean %.4g us",
                                                        cs[k] * 1e9, j, (sp_cyc[j] - sp_cyc[j - 1]) * ClkS * 1e6, iv[k] * 1e6));
      end
      $display("RESULT nbo2_dac c %.1f nF: %0d spikes, interval %.4f us, interval/c %.4f us/nF (law K %.4f, %.2f %%)",
               cs[k] * 1e9, n, iv[k] * 1e6, iv[k] / cs[k] * 1e-3, k_law * 1e-3,
               100.0 * (iv[k] / cs[k] / k_law - 1.0));
      dev = iv[k] / cs[k] / k_law - 1.0;
      check(dev > -0.04 && dev < 0.04, $sformatf("c = %.2g nF: interval/c off the law by %.2f %%", cs[k] * 1e9, 100 * dev));
    end
    // linearity in c: pairwise slopes, ratios, least squares
    for (int a = 0; a < NC; a++)
      for (int b = a + 1; b < NC; b++) begin
        pair = (iv[b] - iv[a]) / (cs[b] - cs[a]);
        dev = pair / k_law - 1.0;
        $display("RESULT nbo2_dac slope %.1f-%.1f nF %.4f us/nF (%.2f %% from K)", cs[a] * 1e9,
                 cs[b] * 1e9, pair * 1e-3, 100 * dev);
        check(dev > -0.015 && dev < 0.015, "pairwise slope of the interval against c off K by more than 1.5 %");
        if (a == 0) begin
          dev = (iv[b] / iv[0]) / (cs[b] / cs[0]) - 1.0;
          $display("RESULT nbo2_dac ratio t(%.1f nF)/t(0.5 nF) %.4f (c ratio %.1f, %.2f %%)", cs[b] * 1e9,
                   iv[b] / iv[0], cs[b] / cs[0], 100 * dev);
          check(dev > -0.04 && dev < 0.04, "interval ratio off the c ratio by more than 4 %");
        end
      end
    sx = 0;
    sy = 0;
    sxx = 0;
    sxy = 0;
    for (int k = 0; k < NC; k++) begin
      sx += cs[k];
      sy += iv[k];
      sxx += cs[k] * cs[k];
      sxy += cs[k] * iv[k];
    end
    slope = (NC * sxy - sx * sy) / (NC * sxx - sx * sx);
    icpt = (sy - slope * sx) / NC;
    $display("RESULT nbo2_dac fit interval = %.4f us/nF x c + %.3f us (K %.4f us/nF, %.2f %%)",
             slope * 1e-3, icpt * 1e6, k_law * 1e-3, 100 * (slope / k_law - 1));
    check(slope / k_law - 1 > -0.015 && slope / k_law - 1 < 0.015, "least-squares slope off K by more than 1.5 %");
    check(icpt > 0 && icpt < 0.05 * k_law * 1e-9, "intercept (switching delay) not within (0, 5 % of the 1 nF interval)");

    // below the range: the capacitor settles on the cold branch
    u_lo = u_of(solve_t(TEMP + 1e-6, t_th, DacLsbA * code_lo, 1'b1));
    run(0.5e-9, code_lo, 1, 50000);  // 500 us
    $display("XCHK 3uA spikes %0d u %.6f", sp_count, v_end - RL * DacLsbA * code_lo);
    $display("RESULT nbo2_dac 3 uA: %0d spikes, u settles at %.4f V (law: cold branch at 3 uA %.4f V)",
             sp_count, v_end - RL * DacLsbA * code_lo, u_lo);
    check(sp_count == 0, "3 uA: spikes below the threshold current");
    dev = (v_end - RL * DacLsbA * code_lo) / u_lo - 1;
    check(dev > -0.01 && dev < 0.01, "3 uA: settled voltage off the cold branch by more than 1 %");
    // above the range: one switch, then the channel stays on the hot branch
    t_hi = solve_t(t_hold, 5000.0, DacLsbA * code_hi, 1'b1);
    u_hi = u_of(t_hi);
    run(0.5e-9, code_hi, 2, 5000);   // 50 us
    $display("XCHK 150uA spikes %0d u %.6f", sp_count, v_end - RL * DacLsbA * code_hi);
    $display("RESULT nbo2_dac 150 uA: %0d spike(s), u stays at %.4f V, channel %.0f K (law: hot branch at 150 uA %.4f V, %.0f K; hold %.0f K)",
             sp_count, v_end - RL * DacLsbA * code_hi, temp_end, u_hi, t_hi, t_hold);
    check(sp_count == 1, "150 uA: not exactly one switch");
    dev = (v_end - RL * DacLsbA * code_hi) / u_hi - 1;
    check(dev > -0.02 && dev < 0.02, "150 uA: voltage off the hot branch by more than 2 %");
    check(temp_end >= t_hold, "150 uA: channel not on the hot branch");
    check(n_tout == 0, "ADC conversions timed out");

    if (n_bad == 0) $display("*-* All Finished *-*");
    else $display("ERROR: %0d check(s) failed", n_bad);
    $finish;
  end

  // watchdog (Verilator truncates one long delay: repeat short ones)
  initial begin
    repeat (100) #100us;
    $display("ERROR: watchdog");
    $finish;
  end
endmodule
