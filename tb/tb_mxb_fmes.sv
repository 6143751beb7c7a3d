// MXene energy-storage synapse (card fmes_mxene_1x1: seed 003, a
// supercapacitor with its internal resistances in parallel with a regulating
// resistor R) driven by presynaptic current spikes from a current source on
// the row line; the postsynaptic voltage (PSV) is the voltage across the
// device (column held at 0 V by a sense amplifier). Spikes are 1 mA for 1 ms
// (trains at 500 Hz), at each R = 500, 1000, 8000 ohm and open:
//   - paired-pulse facilitation: two spikes dt = 5, 10, 30, 100, 300 ms apart,
//     PPF = A2/A1 (PSV at the end of each spike). Checks (paper's claims):
//     PPF > 1 at short dt and falls with dt; at every dt it is lower for a
//     lower R (R drains the stored charge between the spikes).
//   - LTP/LTD: 150 spikes of +1 mA then 150 of -1 mA; the weight W is the PSV
//     at rest (just before the next spike). Checks: Wmax/Wmin > 6 for every R;
//     the depressing train undoes the potentiation; the nonlinearity of the
//     potentiation curve falls as R rises.
`timescale 1us/1ns
module tb_mxb_fmes;
`include "mxb.svh"
  localparam real Amps = 1e-3, TSpikeUs = 1000.0, TPeriodUs = 2000.0;
  localparam int NPulse = 150, NR = 4, NDt = 5;
  int h, n_bad;
  real ppf[NR * NDt], range_r[NR], nl_r[NR];
  real wp[NPulse];

  function automatic real dt_ms(input int d);
    case (d)
      0: return 5.0;
      1: return 10.0;
      2: return 30.0;
      3: return 100.0;
      default: return 300.0;
    endcase
  endfunction

  function automatic string r_ovr(input int r);
    case (r)
      0: return "cell.r_reg=500";
      1: return "cell.r_reg=1000";
      2: return "cell.r_reg=8000";
      default: return "cell.r_open=1";
    endcase
  endfunction

  function automatic real absr(input real x);
    return x < 0.0 ? -x : x;
  endfunction

  task automatic expect_true(input string what, input bit cond, input real value);
    if (!cond) begin
      $display("FAIL: %s (%g)", what, value);
      n_bad++;
    end else $display("ok: %s (%g)", what, value);
  endtask

  function automatic real psv();
    return $mxb_node_v(h, 0, 0, 0) - $mxb_node_v(h, 1, 0, 0);
  endfunction

  task automatic open_r(input int r);
    h = $mxb_open("fmes_mxene_1x1.json", r_ovr(r));
    $mxb_sense(h, 1, 0, 0.0);
    $mxb_set_end(h, 0, 0, 0, 2, 0.0, 0.0);
    #1000;
  endtask

  // one spike of amps; returns the PSV at its end
  task automatic spike(input real amps, output real v_end);
    $mxb_set_end(h, 0, 0, 0, 2, amps, 0.0);
    #(TSpikeUs);
    v_end = psv();
    $mxb_set_end(h, 0, 0, 0, 2, 0.0, 0.0);
  endtask

  // largest deviation of w[] from the line through its end points / swing
  function automatic real nonlinearity();
    real d, lin, e;
    d = 0.0;
    for (int k = 0; k < NPulse; k++) begin
      lin = wp[0] + (wp[NPulse - 1] - wp[0]) * k / (NPulse - 1.0);
      e = absr(wp[k] - lin);
      if (e > d) d = e;
    end
    return d / absr(wp[NPulse - 1] - wp[0]);
  endfunction

  initial begin
    real a1, a2, v, wend;
    for (int r = 0; r < NR; r++) begin
      // paired-pulse facilitation
      for (int d = 0; d < NDt; d++) begin
        open_r(r);
        spike(Amps, a1);
        #(dt_ms(d) * 1000.0 - TSpikeUs);
        spike(Amps, a2);
        ppf[r * NDt + d] = a2 / a1;
        $mxb_close(h);
      end
      $display("%s: PPF %.3f %.3f %.3f %.3f %.3f (dt 5/10/30/100/300 ms)", r_ovr(r), ppf[r * NDt + 0],
               ppf[r * NDt + 1], ppf[r * NDt + 2], ppf[r * NDt + 3], ppf[r * NDt + 4]);
      expect_true($sformatf("%s: PPF > 1 at dt 5 ms", r_ovr(r)), ppf[r * NDt + 0] > 1.0, ppf[r * NDt + 0]);
      for (int d = 1; d < NDt; d++)
        expect_true($sformatf("%s: PPF falls from dt %.0f to %.0f ms", r_ovr(r), dt_ms(d - 1), dt_ms(d)),
                    ppf[r * NDt + d] < ppf[r * NDt + d - 1], ppf[r * NDt + d]);
      // LTP/LTD 150 + 150
      open_r(r);
      for (int k = 0; k < NPulse; k++) begin
        spike(Amps, v);
        #(TPeriodUs - TSpikeUs);
        wp[k] = psv();
      end
      for (int k = 0; k < NPulse; k++) begin
        spike(-Amps, v);
        #(TPeriodUs - TSpikeUs);
      end
      wend = psv();
      $mxb_close(h);
      range_r[r] = wp[NPulse - 1] / wp[0];
      nl_r[r] = nonlinearity();
      $display("%s: LTP W %.4f -> %.4f V, Wmax/Wmin %.1f, NL %.3f; after LTD %.4f V", r_ovr(r),
               wp[0], wp[NPulse - 1], range_r[r], nl_r[r], wend);
      expect_true($sformatf("%s: Wmax/Wmin > 6", r_ovr(r)), range_r[r] > 6.0, range_r[r]);
      expect_true($sformatf("%s: LTD undoes LTP", r_ovr(r)), wend < 0.5 * wp[NPulse - 1], wend);
    end
    for (int r = 1; r < NR; r++) begin
      expect_true($sformatf("NL falls from %s to %s", r_ovr(r - 1), r_ovr(r)), nl_r[r] < nl_r[r - 1],
                  nl_r[r]);
      for (int d = 0; d < NDt; d++)
        expect_true($sformatf("PPF at dt %.0f ms higher at %s than at %s", dt_ms(d), r_ovr(r),
                              r_ovr(r - 1)), ppf[r * NDt + d] > ppf[(r - 1) * NDt + d], ppf[r * NDt + d]);
    end
    if (n_bad == 0) $display("*-* All Finished *-*");
    else $display("%0d checks failed", n_bad);
    $finish;
  end
endmodule
