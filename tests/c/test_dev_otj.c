/* mxbar validation: Pt/SrTiO3/Nb:SrTiO3 oxide tunnel junction (seed 001,
 * VALIDATION.md "Pt/SrTiO3/Nb:SrTiO3 oxide tunnel junction"), each line its
 * own test, driven through 1x1 arrays and the 5x5 letter array
 * (otj_proto.h): drive -> advance -> read. */
#include "mxb_test.h"
#include "otj_proto.h"

static mxb_ctx_t *ctx_new(void) {
  mxb_ctx_t *c = mxb_ctx_new(1);
  assert_non_null(c);
  return c;
}

static void ok(mxb_ctx_t *c, int rc) {
  if (rc) print_error("%s: %s\n", mxb_strerror(rc), mxb_ctx_errmsg(c));
  assert_int_equal(rc, MXB_OK);
}

static double G(mxb_ctx_t *c, mxb_array_t *a, double t) {
  double g = 0;
  ok(c, otj_g(a, t, 0, 0, &g));
  return g;
}

/* After -4.3 V (100 ms) HRS = 1.8e8 ohm, after +2.2 V LRS = 2.7e4 ohm at
 * 0.1 V, each within a factor 2; HRS thermionic, LRS tunnelling. */
static void test_states_hrs_lrs(void **st) {
  (void)st;
  mxb_ctx_t *c = ctx_new();
  mxb_array_t *a = otj_new(c, NULL);
  assert_non_null(a);
  ok(c, otj_pulse(a, 0, 0.0, 2.2, 0.1));
  double rl = 1 / G(c, a, 0.2);
  ok(c, otj_pulse(a, 0, 0.2, -4.3, 0.1));
  double rh = 1 / G(c, a, 0.4);
  print_message("R_HRS %.3g ohm (1.8e8), R_LRS %.3g ohm (2.7e4), ON/OFF %.3g (6.7e3)\n", rh, rl,
                rh / rl);
  assert_true(rh > 0.9e8 && rh < 3.6e8);
  assert_true(rl > 1.35e4 && rl < 5.4e4);
  /* conduction: HRS current rises with exp(beta sqrt V) (thermionic with
   * image-force lowering): ln I linear in sqrt V; LRS nearly ohmic at low V */
  double i1, i2, i3;
  ok(c, mxb_array_drive(a, 0.5, 0, 0, 0.2, 0));
  ok(c, mxb_array_cell_current(a, 0.5, 0, 0, 0, &i1));
  ok(c, mxb_array_drive(a, 0.5, 0, 0, 0.5, 0));
  ok(c, mxb_array_cell_current(a, 0.5, 0, 0, 0, &i2));
  ok(c, mxb_array_drive(a, 0.5, 0, 0, 0.9, 0));
  ok(c, mxb_array_cell_current(a, 0.5, 0, 0, 0, &i3));
  double s1 = log(i2 / i1) / (sqrt(0.5) - sqrt(0.2)), s2 = log(i3 / i2) / (sqrt(0.9) - sqrt(0.5));
  print_message("HRS ln I vs sqrt V slopes %.2f, %.2f\n", s1, s2);
  assert_close_rel(s1, s2, 0.15);
  mxb_array_free(a);
  mxb_ctx_free(c);
}

/* Sub-threshold pulses (0.2/0.6/1 V, 50 ns) raise the current, which decays
 * as I0 exp(-t/tau1). */
static void test_stm_decay(void **st) {
  (void)st;
  mxb_ctx_t *c = ctx_new();
  const double vs[3] = {0.2, 0.6, 1.0};
  double prev = 0, tau1 = 4e-6;
  for (int k = 0; k < 3; k++) {
    mxb_array_t *a = otj_new(c, NULL);
    double g0 = G(c, a, 0);
    ok(c, otj_pulse(a, 0, 1e-6, vs[k], 50e-9));
    double te = 1e-6 + 50e-9, d[4];
    for (int j = 0; j < 4; j++) d[j] = G(c, a, te + 2e-6 * (j + 1)) - g0;
    double tf = 2e-6 * 3 / log(d[0] / d[3]);
    print_message("STM %.1f V: dI/I0 at read %.3g, fitted tau1 %.2f us\n", vs[k], d[0] / g0, tf * 1e6);
    assert_true(d[0] > 0 && d[0] > prev);
    assert_close_rel(tf, tau1, 0.05);
    assert_close_rel(log(d[0] / d[1]), log(d[2] / d[3]), 0.05); /* exponential */
    prev = d[0];
    mxb_array_free(a);
  }
  mxb_ctx_free(c);
}

/* PPF (A2-A1)/A1 and PTP (A10-A1)/A1 for 0.6 V, 50 ns pulses fall roughly
 * exponentially with the interval. */
static void test_ppf_ptp(void **st) {
  (void)st;
  mxb_ctx_t *c = ctx_new();
  const double dts[5] = {0.2e-6, 0.5e-6, 1e-6, 2e-6, 5e-6};
  double ppf[5], ptp[5];
  for (int k = 0; k < 5; k++) {
    mxb_array_t *a = otj_new(c, NULL);
    double pk[10];
    ok(c, otj_epsc_train(a, 1e-6, 0.6, 50e-9, dts[k], 10, pk));
    ppf[k] = 100 * (pk[1] - pk[0]) / pk[0];
    ptp[k] = 100 * (pk[9] - pk[0]) / pk[0];
    print_message("dt %.1f us: PPF %.2f %%, PTP %.2f %%\n", dts[k] * 1e6, ppf[k], ptp[k]);
    mxb_array_free(a);
    assert_true(ptp[k] > ppf[k] && ppf[k] > 0);
    if (k) assert_true(ppf[k] < ppf[k - 1] && ptp[k] < ptp[k - 1]);
  }
  /* PPF ~ exp(-dt/tau): the log slope is the same over the range */
  double s1 = log(ppf[0] / ppf[2]) / (dts[2] - dts[0]), s2 = log(ppf[2] / ppf[4]) / (dts[4] - dts[2]);
  print_message("PPF decay constants %.2f us, %.2f us\n", 1e6 / s1, 1e6 / s2);
  assert_close_rel(s1, s2, 0.25);
  mxb_ctx_free(c);
}

/* 20 ns pulses leave a lasting change only above 1.8 V. */
static void test_stm_to_ltm_threshold(void **st) {
  (void)st;
  mxb_ctx_t *c = ctx_new();
  for (double v = 1.4; v < 2.05; v += 0.1) {
    mxb_array_t *a = otj_new(c, NULL);
    double g0 = G(c, a, 0);
    ok(c, otj_pulse(a, 0, 1e-6, v, 20e-9));
    double gs = G(c, a, 1e-6 + 20e-9), gl = G(c, a, 200e-6);
    double lt = (gl - g0) / g0;
    print_message("20 ns %.1f V: STM x%.0f, lasting %+.1f %%\n", v, gs / g0, 100 * lt);
    assert_true(gs > 2 * g0); /* every pulse raises the current */
    if (v < 1.75) assert_true(lt < 0.5);
    else assert_true(lt > 2.0);
    mxb_array_free(a);
  }
  mxb_ctx_free(c);
}

/* Alternating trains of 20 pulses +2.2 V / -2.5 V (50 ns) move G between
 * about 1 and 10.5 uS in 20 distinguishable steps each way, repeatable over
 * 100 cycles (the paper's Fig. 3c); cycle 0 starts from the pristine HRS. */
static void test_ltp_ltd_20_levels(void **st) {
  (void)st;
  mxb_ctx_t *c = ctx_new();
  mxb_array_t *a = otj_new(c, NULL);
  double t = 1e-6, g[20], lo0 = 0, hi0 = 0;
  for (int cyc = 0; cyc < 101; cyc++) {
    double gmin = INFINITY, gmax = 0;
    for (int dir = 0; dir < 2; dir++) {
      for (int k = 0; k < 20; k++) {
        ok(c, otj_pulse(a, 0, t, dir ? -2.5 : 2.2, 50e-9));
        t += 10e-6;
        g[k] = G(c, a, t);
        if (g[k] < gmin) gmin = g[k];
        if (g[k] > gmax) gmax = g[k];
        if (k) assert_true(dir ? g[k] < g[k - 1] : g[k] > g[k - 1]); /* 20 distinct steps */
      }
    }
    if (cyc == 1) { lo0 = gmin; hi0 = gmax; }
    if (cyc >= 1) {
      assert_close_rel(gmin, lo0, 0.05);
      assert_close_rel(gmax, hi0, 0.05);
    }
    if (cyc == 1 || cyc == 100)
      print_message("cycle %d: G %.2f .. %.2f uS (1 .. 10.5)\n", cyc, gmin * 1e6, gmax * 1e6);
  }
  assert_true(lo0 > 0.5e-6 && lo0 < 2e-6);
  assert_true(hi0 > 8e-6 && hi0 < 13e-6);
  mxb_array_free(a);
  mxb_ctx_free(c);
}

/* Antisymmetric STDP from pre/post waveforms on the two electrodes, each
 * sub-threshold alone: fits dW = A exp(-dt/tau) + W0 with A = 96.3 %,
 * tau = 4.4 us (LTP) and A = -53.1 %, tau = 4.2 us (LTD), within 25 %. */
static void test_stdp_antisymmetric(void **st) {
  (void)st;
  mxb_ctx_t *c = ctx_new();
  double xs[20], yp[20], yd[20], A = 0, tau = 0, W0 = 0, w = 0;
  int n = 0;
  for (double d = 1e-6; d <= 20e-6; d += 1.5e-6, n++) {
    xs[n] = d;
    ok(c, otj_stdp(c, OTJ_STDP_X0, &OTJ_PRE, &OTJ_POST, d, &w));
    yp[n] = 100 * w;
    ok(c, otj_stdp(c, OTJ_STDP_X0, &OTJ_PRE, &OTJ_POST, -d, &w));
    yd[n] = 100 * w;
  }
  otj_fit_exp(xs, yp, n, &A, &tau, &W0);
  print_message("STDP LTP: A %.1f %% (96.3), tau %.2f us (4.4), W0 %.1f %%\n", A, tau * 1e6, W0);
  assert_close_rel(A, 96.3, 0.25);
  assert_close_rel(tau, 4.4e-6, 0.25);
  otj_fit_exp(xs, yd, n, &A, &tau, &W0);
  print_message("STDP LTD: A %.1f %% (-53.1), tau %.2f us (4.2), W0 %.1f %%\n", A, tau * 1e6, W0);
  assert_close_rel(A, -53.1, 0.25);
  assert_close_rel(tau, 4.2e-6, 0.25);
  /* each waveform alone: no lasting change, and within +-1.5 V */
  otj_spike_t none = {0, 0, 1e-6, 1};
  ok(c, otj_stdp(c, OTJ_STDP_X0, &OTJ_PRE, &none, 0, &w));
  assert_true(fabs(w) < 0.01);
  ok(c, otj_stdp(c, OTJ_STDP_X0, &none, &OTJ_POST, 0, &w));
  assert_true(fabs(w) < 0.01);
  assert_true(OTJ_PRE.vp < 1.5 && OTJ_PRE.vn < 1.5 && OTJ_POST.vp < 1.5 && OTJ_POST.vn < 1.5);
  mxb_ctx_free(c);
}

/* Symmetric (Hebbian) STDP from a pre/post waveform pair, each within
 * +-1.5 V alone (otj_sym_*): potentiation near dt = 0, depression as |dt|
 * moves away; fits dW = A exp(-(dt/tau3)^2) + W0 with A = 88 %, tau3 =
 * 3.3 us within 25 % over dt = -12 .. 12 us. */
static void test_stdp_symmetric(void **st) {
  (void)st;
  mxb_ctx_t *c = ctx_new();
  otj_wave_t pre, post, none = {0, {0}, {0}};
  otj_sym_pre(&OTJ_SYM, &pre);
  otj_sym_post(&OTJ_SYM, &post);
  double xs[32], ys[32], A = 0, tau = 0, W0 = 0, w = 0;
  int n = 0;
  for (int k = -12; k <= 12; k++, n++) {
    xs[n] = k * 1e-6;
    ok(c, otj_stdp_wave(c, OTJ_STDP_X0, &pre, &post, xs[n], &w));
    ys[n] = 100 * w;
  }
  double rms = otj_fit_gauss(xs, ys, n, &A, &tau, &W0);
  print_message("STDP symmetric: A %.1f %% (88), tau3 %.2f us (3.3), W0 %.1f %%, rms %.1f %%\n", A,
                tau * 1e6, W0, rms);
  assert_close_rel(A, 88.0, 0.25);
  assert_close_rel(tau, 3.3e-6, 0.25);
  /* symmetric, LTP at 0, LTD away from 0, and the fit describes the points */
  for (int k = 0; k < n; k++) assert_true(fabs(ys[k] - ys[n - 1 - k]) < 0.02 * ys[n / 2]);
  assert_true(ys[n / 2] > 50 && W0 < -2 && ys[0 + 3] < 0);
  assert_true(rms < 0.1 * A);
  /* each waveform alone: no lasting change, and within +-1.5 V */
  ok(c, otj_stdp_wave(c, OTJ_STDP_X0, &pre, &none, 0, &w));
  assert_true(fabs(w) < 0.01);
  ok(c, otj_stdp_wave(c, OTJ_STDP_X0, &none, &post, 0, &w));
  assert_true(fabs(w) < 0.01);
  for (int k = 0; k < pre.n; k++) assert_true(fabs(pre.v[k]) < 1.5);
  for (int k = 0; k < post.n; k++) assert_true(fabs(post.v[k]) < 1.5);
  mxb_ctx_free(c);
}

/* Energy about 0.026 fJ per STM spike and 0.46 fJ per LTM spike (20 ns),
 * within a factor 3 (from the initial HRS; STM at 0.6 V, LTM at 1.8 V).
 * The paper's definition (seed 001 Sec. 3, Fig. 3f): E = V x I x t with V the
 * pulse amplitude, I the current of the initialized device at that amplitude
 * and t = 20 ns; 0.46 fJ at 1.8 V is I = 12.8 nA, the HRS current, i.e. the
 * rise of the current during the pulse is not counted. That quantity is
 * asserted. The energy the array integrates (the drivers' V I dt over the
 * pulse, with the current rising as vacancies move) is also asserted for the
 * STM spike, where the state hardly moves; for the LTM spike it is printed
 * and only ordered: the model's current rises ~100x within the pulse
 * (docs/devices.md, "Device models: OTJ and MXene"). */
static void test_energy_per_spike(void **st) {
  (void)st;
  mxb_ctx_t *c = ctx_new();
  const double vs[2] = {0.6, 1.8}, ref[2] = {0.026e-15, 0.46e-15}, w = 20e-9;
  double eint[2] = {0, 0};
  for (int k = 0; k < 2; k++) {
    mxb_array_t *a = otj_new(c, NULL);
    double es, e0, e1, i0, i1;
    ok(c, mxb_array_energy(a, 1e-6, &es, &e0));
    ok(c, mxb_array_drive(a, 1e-6, 0, 0, vs[k], 0.0));
    ok(c, mxb_array_cell_current(a, 1e-6, 0, 0, 0, &i0));
    ok(c, mxb_array_cell_current(a, 1e-6 + w, 0, 0, 0, &i1));
    ok(c, mxb_array_drive(a, 1e-6 + w, 0, 0, 0.0, 0.0));
    ok(c, mxb_array_energy(a, 1e-6 + w, &es, &e1));
    double ep = vs[k] * i0 * w;
    eint[k] = e1 - e0;
    print_message("%s spike %.1f V, 20 ns: V I t = %.3f fJ (%.3f; I = %.3g nA), integrated %.3f fJ "
                  "(I at the end %.3g nA)\n",
                  k ? "LTM" : "STM", vs[k], ep * 1e15, ref[k] * 1e15, i0 * 1e9, eint[k] * 1e15,
                  i1 * 1e9);
    mxb_array_free(a);
    assert_true(ep > ref[k] / 3 && ep < ref[k] * 3);
    assert_true(eint[k] >= ep); /* the current only rises during the pulse */
  }
  assert_true(eint[0] > ref[0] / 3 && eint[0] < ref[0] * 3);
  assert_true(eint[1] > eint[0]);
  mxb_ctx_free(c);
}

/* 5x5 letters: C (10 x 0.9 V, 5 MHz) and N (10 x 1.5 V, 0.5 MHz) show right
 * after training and are gone 25 us later; H (10 x 1.5 V, 5 MHz) stays for
 * 500 s. */
static void test_letters_5x5(void **st) {
  (void)st;
  mxb_ctx_t *c = ctx_new();
  const double v[3] = {0.9, 1.5, 1.5}, per[3] = {200e-9, 200e-9, 2e-6};
  const char *name = "CHN";
  double ga[25], gl[25];
  for (int L = 0; L < 3; L++) {
    mxb_array_t *a = otj_new5(c);
    assert_non_null(a);
    double t = 0;
    ok(c, otj_letter(a, L, v[L], per[L], 1e-6, ga, gl, &t));
    double ca = otj_contrast(ga, L), rl = otj_residual(gl, L);
    print_message("letter %c: contrast right after %.1f, 25 us later: letter/background %.2f\n",
                  name[L], ca, rl);
    assert_true(ca > 2.0);
    if (L == 1) {
      assert_true(otj_contrast(gl, L) > 10.0);
      double g500[25];
      ok(c, mxb_array_conductance_map(a, t + 500.0, 0, OTJ_VREAD, g500));
      print_message("letter H 500 s later: contrast %.1f\n", otj_contrast(g500, L));
      assert_true(otj_contrast(g500, L) > 10.0);
      assert_close_rel(otj_contrast(g500, L), otj_contrast(gl, L), 0.1);
    } else {
      assert_true(rl < 1.5);
    }
    mxb_array_free(a);
  }
  mxb_ctx_free(c);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_states_hrs_lrs),
      cmocka_unit_test(test_stm_decay),
      cmocka_unit_test(test_ppf_ptp),
      cmocka_unit_test(test_stm_to_ltm_threshold),
      cmocka_unit_test(test_ltp_ltd_20_levels),
      cmocka_unit_test(test_stdp_antisymmetric),
      cmocka_unit_test(test_stdp_symmetric),
      cmocka_unit_test(test_energy_per_spike),
      cmocka_unit_test(test_letters_5x5),
  };
  return cmocka_run_group_tests_name("dev_otj", tests, NULL, NULL);
}
