/* Validation: Cu-doped pMSSQ rectifying e-synapse (seed 000, VALIDATION.md
 * "Cu-doped pMSSQ"), each line its own test, driven through a 1x1 array
 * (dev_bench.h, mxb_array_*) with the paper's pulse protocol (cu_proto.h,
 * shared with the figures). Bias on the top electrode, bottom grounded; the
 * conductance is read at +2 V (the device conducts forward only). */
#include "mxb_test.h"
#include "cu_proto.h"

/* Rectification in the HCS at 1..3 V; forward <= 200 nA; FN-like forward
 * (ln(I/V^2) linear in 1/V) and thermionic reverse (ln|I| linear in sqrt|V|). */
static void test_rectification(void **st) {
  (void)st;
  bench_t *b = cu_fresh(1);
  double t = 1e-3, ip[4], in[4];
  for (int k = 1; k <= 3; k++) {
    assert_int_equal(bench_drive(b, t, 0, k, 0), MXB_OK);
    ip[k] = bench_current(b, t); /* read at the drive instant: no state moves */
    assert_int_equal(bench_drive(b, t, 0, -k, 0), MXB_OK);
    in[k] = bench_current(b, t);
    assert_int_equal(bench_drive(b, t, 0, 0, 0), MXB_OK);
    t += 1e-3;
    print_message("# V=%d: I+ %.3g A, I- %.3g A, ratio %.0f\n", k, ip[k], in[k], ip[k] / -in[k]);
    assert_true(ip[k] > 0 && in[k] < 0);
    assert_true(ip[k] / -in[k] >= 100);
  }
  assert_true(ip[3] <= 200e-9 && ip[3] > 50e-9);
  /* FN: y = ln(I/V^2) vs x = 1/V: three points on one line (slope < 0) */
  double y1 = log(ip[1]), y2 = log(ip[2] / 4), y3 = log(ip[3] / 9);
  double s12 = (y2 - y1) / (0.5 - 1.0), s23 = (y3 - y2) / (1.0 / 3 - 0.5);
  assert_true(s12 < 0 && s23 < 0);
  assert_close_rel(s12, s23, 0.05);
  /* Schottky: ln|I| vs sqrt|V| near-linear above a few kT */
  double r12 = (log(-in[2]) - log(-in[1])) / (sqrt(2) - 1);
  double r23 = (log(-in[3]) - log(-in[2])) / (sqrt(3) - sqrt(2));
  assert_close_rel(r12, r23, 0.05);
  bench_free(b);
}

/* I-V loops 0 -> +3 -> 0 -> -3 -> 0 V (seed 000 Fig. 1e-h; 50 mV steps of
 * 0.1 ms, the loops of docs/figures/cu_pmssq_iv.png): the forward branch is
 * lower on the way down (clockwise: the sweep depresses), the reverse branch
 * stays rectified, and the hysteresis reappears in every loop (the reverse
 * half restores part of what the forward half took). */
static void test_iv_loop_hysteresis(void **st) {
  (void)st;
  bench_t *b = cu_fresh(1);
  double v[240], i[240], t = 0, up_prev = INFINITY;
  for (int l = 1; l <= 3; l++) {
    t = cu_iv_loop(b, t, 3.0, 0.05, 100e-6, v, i) + 1e-3;
    assert_close_rel(v[39], 2.0, 1e-12);
    assert_close_rel(v[79], 2.0, 1e-12);
    assert_close_rel(v[159], -2.0, 1e-12);
    print_message("# loop %d: I(2 V) up %.3g A, down %.3g A; I(-2 V) %.3g A\n", l, i[39], i[79],
                  i[159]);
    assert_true(i[79] < 0.8 * i[39]);     /* clockwise, open loop */
    assert_true(-i[159] < i[79] / 100);   /* rectified */
    assert_true(i[39] <= up_prev);        /* consecutive sweeps depress further */
    up_prev = i[39];
  }
  bench_free(b);
}

/* LTD: 25 x (+3 V, 0.1 ms) lower G monotonically with shrinking steps, half of
 * G0 after 2-3 pulses, later steps of a few nS; LTP: 25 x (-3 V, 0.1 ms) bring
 * G back within 10 % of G0. */
static void test_ltd_ltp_25_pulses(void **st) {
  (void)st;
  bench_t *b = cu_fresh(2);
  double g[26], gp[26];
  g[0] = bench_g(b, 0.0, CU_VREAD);
  double t = cu_train(b, 1e-3, 25, 3.0, g, NULL);
  print_message("# G0 %.1f nS, G2 %.1f, G3 %.1f, G5 %.1f, G25 %.1f nS\n", g[0] * 1e9,
                g[2] * 1e9, g[3] * 1e9, g[5] * 1e9, g[25] * 1e9);
  for (int k = 1; k <= 25; k++) {
    assert_true(g[k] < g[k - 1]);
    if (k >= 2) assert_true(g[k - 1] - g[k] <= g[k - 2] - g[k - 1]); /* steps shrink */
  }
  assert_true(g[2] >= 0.5 * g[0] * 0.85 && g[3] <= 0.5 * g[0] * 1.15);
  double step5 = g[4] - g[5];
  print_message("# step 5: %.2f nS, step 1: %.2f nS\n", step5 * 1e9, (g[0] - g[1]) * 1e9);
  assert_true(step5 > 0.5e-9 && step5 < 6e-9);
  gp[0] = g[25];
  cu_train(b, t + 1e-3, 25, -3.0, gp, NULL);
  print_message("# after 25 LTP pulses: %.1f nS (G0 %.1f nS)\n", gp[25] * 1e9, g[0] * 1e9);
  for (int k = 1; k <= 25; k++) assert_true(gp[k] > gp[k - 1]);
  assert_true(fabs(gp[25] - g[0]) <= 0.10 * g[0]);
  bench_free(b);
}

/* Training sessions of the 3D memory (Fig. 5c-f): 15 pulses of 3 V, 10 ms on
 * one cell. The depletion is cumulative and does not saturate over the 15
 * sessions (each session deepens the cell: the "H" cells keep darkening, and a
 * cell pulsed in one or two sessions stays well above one pulsed in all 15).
 * The state advance is exact under a held voltage, so 100 pulses of 0.1 ms
 * back to back at 3 V (no time between them) land where one 10 ms pulse does;
 * with 0.1 ms gaps at 0 V (nothing moves below the drift onset) as well. */
static void test_ltd_training_sessions(void **st) {
  (void)st;
  bench_t *b = cu_fresh(9);
  double g[16], t = 1e-3;
  g[0] = bench_g(b, 0.0, CU_VREAD);
  for (int k = 1; k <= 15; k++) {
    t = bench_pulse(b, t, 3.0, 10e-3) + 2e-3;
    g[k] = bench_g(b, t, CU_VREAD);
  }
  print_message("# 10 ms sessions: G0 %.1f nS, G1 %.2f, G2 %.2f, G5 %.2f, G15 %.2f nS\n",
                g[0] * 1e9, g[1] * 1e9, g[2] * 1e9, g[5] * 1e9, g[15] * 1e9);
  for (int k = 1; k <= 15; k++) assert_true(g[k] < g[k - 1]);
  assert_true(g[1] < 0.5 * g[0]);  /* one 10 ms pulse holds the 2-3 halving 0.1 ms ones */
  assert_true(g[15] < 0.5 * g[1]); /* the sessions keep deepening the cell */
  assert_true(g[2] > 1.5 * g[15]); /* two sessions stay apart from fifteen */
  bench_free(b);
  bench_t *c = cu_fresh(9);
  t = 1e-3;
  for (int k = 0; k < 100; k++) t = bench_pulse(c, t, 3.0, 100e-6) + 100e-6;
  double g100 = bench_g(c, t, CU_VREAD);
  print_message("# 100 x 0.1 ms: %.4f nS, one 10 ms pulse: %.4f nS\n", g100 * 1e9, g[1] * 1e9);
  assert_close_rel(g100, g[1], 1e-3);
  bench_free(c);
}

/* Nonvolatile: G drifts < 2 % over 1e4 s at 0 V (after a partial LTD). */
static void test_nonvolatile_1e4s(void **st) {
  (void)st;
  bench_t *b = cu_fresh(3);
  double t = cu_train(b, 0.0, 4, 3.0, NULL, NULL);
  double g0 = bench_g(b, t, CU_VREAD);
  bench_advance(b, t + 1e4);
  double g1 = bench_g(b, t + 1e4, CU_VREAD);
  print_message("# drift over 1e4 s: %.3g %%\n", 100 * (g1 / g0 - 1));
  assert_true(fabs(g1 / g0 - 1) < 0.02);
  bench_free(b);
}

/* Threshold: a lone +2 V or -1 V level up to 1 ms changes G < 0.5 %; 3 V does. */
static void test_threshold_lone_levels(void **st) {
  (void)st;
  const double lv[] = {2.0, -1.0}, w[] = {20e-6, 100e-6, 1e-3};
  for (int i = 0; i < 2; i++)
    for (int j = 0; j < 3; j++) {
      bench_t *b = cu_fresh(4);
      double t = cu_train(b, 0.0, 3, 3.0, NULL, NULL); /* mid state: both ways open */
      double g0 = bench_g(b, t, CU_VREAD);
      t = bench_pulse(b, t, lv[i], w[j]);
      double g1 = bench_g(b, t + 1e-4, CU_VREAD);
      assert_true(fabs(g1 / g0 - 1) < 0.005);
      bench_free(b);
    }
  bench_t *b = cu_fresh(4);
  double g0 = bench_g(b, 0, CU_VREAD);
  double t = bench_pulse(b, 1e-4, 3.0, 100e-6);
  double g1 = bench_g(b, t + 1e-4, CU_VREAD);
  print_message("# one 3 V, 0.1 ms pulse: %.1f %%\n", 100 * (g1 / g0 - 1));
  assert_true(g1 / g0 - 1 < -0.05);
  bench_free(b);
}

/* Energy: the first depression pulse dissipates 30-120 pJ (paper ~60 pJ) and
 * the energy per pulse falls with pulse number. */
static void test_energy_per_pulse(void **st) {
  (void)st;
  bench_t *b = cu_fresh(5);
  double e[26];
  cu_train(b, 0.0, 25, 3.0, NULL, e);
  print_message("# E1 %.1f pJ, E2 %.1f, E10 %.1f, E25 %.1f pJ\n", e[1] * 1e12, e[2] * 1e12,
                e[10] * 1e12, e[25] * 1e12);
  assert_true(e[1] >= 30e-12 && e[1] <= 120e-12);
  for (int k = 2; k <= 25; k++) assert_true(e[k] < e[k - 1]);
  bench_free(b);
}

/* Overlap STDP from the two waveforms: dt = +50 us potentiates, -50 us
 * depresses, |dt| > 400 us changes G < 0.5 %. */
static void test_stdp_overlap_window(void **st) {
  (void)st;
  double p50 = cu_stdp_pair(6, 50e-6), m50 = cu_stdp_pair(6, -50e-6);
  print_message("# dG/G: +50 us %.2f %%, -50 us %.2f %%\n", 100 * p50, 100 * m50);
  assert_true(p50 > 0.005);
  assert_true(m50 < -0.005);
  const double far[] = {-500e-6, -450e-6, -410e-6, 410e-6, 450e-6, 500e-6};
  for (int i = 0; i < 6; i++) {
    double d = cu_stdp_pair(6, far[i]);
    assert_true(fabs(d) < 0.005);
  }
  assert_true(fabs(cu_stdp_pair(6, 0.0)) < 0.005); /* identical spikes cancel */
}

/* PPF through the cell's RC with a source resistance: pairs of 3 V, 30 us
 * pulses with gap dt; 150 pairs. dt = 100 us: < 1 % change; dt <= 20 us:
 * the read current falls progressively with pair number; smaller dt faster.
 * R_s: chosen so R_s C = 18 us, comparable to the 30 us pulse, so a lone pulse
 * peaks below 3 V at the cell (seed 000 Fig. 4b). Protocol: cu_ppf_run. */
static void test_ppf_rc_source_resistance(void **st) {
  (void)st;
  double mid100, mid20, mid10;
  int mono100, mono20, mono10;
  double d100 = cu_ppf_run(7, 100e-6, 150, NULL, &mid100, &mono100);
  double d20 = cu_ppf_run(7, 20e-6, 150, NULL, &mid20, &mono20);
  double d10 = cu_ppf_run(7, 10e-6, 150, NULL, &mid10, &mono10);
  print_message("# 150 pairs: dt 100 us %.2f %%, 20 us %.2f %%, 10 us %.2f %%\n", 100 * d100,
                100 * d20, 100 * d10);
  assert_true(fabs(d100) < 0.01);
  assert_true(mono20 && mono10);
  assert_true(d20 < -0.01 && mid20 < 0 && d20 < mid20);
  assert_true(d10 < d20);
}

/* The non-rectifying twin: same read conductance, symmetric conduction. */
static void test_linear_twin(void **st) {
  (void)st;
  bench_t *r = cu_fresh(8), *l = bench_new(8, "cu_pmssq_linear.json", NULL, NULL);
  assert_close_rel(bench_g(r, 0, CU_VREAD), bench_g(l, 0, CU_VREAD), 1e-9);
  assert_int_equal(bench_drive(l, 1e-3, 0, -1.0, 0), MXB_OK);
  double in = bench_current(l, 1e-3);
  assert_int_equal(bench_drive(l, 1e-3, 0, 1.0, 0), MXB_OK);
  assert_close_rel(-in, bench_current(l, 1e-3), 1e-9);
  bench_free(r);
  bench_free(l);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_rectification),
      cmocka_unit_test(test_iv_loop_hysteresis),
      cmocka_unit_test(test_ltd_ltp_25_pulses),
      cmocka_unit_test(test_ltd_training_sessions),
      cmocka_unit_test(test_nonvolatile_1e4s),
      cmocka_unit_test(test_threshold_lone_levels),
      cmocka_unit_test(test_energy_per_pulse),
      cmocka_unit_test(test_stdp_overlap_window),
      cmocka_unit_test(test_ppf_rc_source_resistance),
      cmocka_unit_test(test_linear_twin),
  };
  return cmocka_run_group_tests_name("dev_cu_pmssq", tests, NULL, NULL);
}
