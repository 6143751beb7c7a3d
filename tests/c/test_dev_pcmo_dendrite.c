/* Validation: the PCMO integrate-and-fire neuron (pcmo_neuron.json) and the
 * TaOx/AlOx dendrite (tao_dendrite.json) of seed 004 (VALIDATION.md "Review
 * devices": PCMO neuron integrates then fires on the 5th pulse; dendrite:
 * inputs below 3 V filtered, above 3 V integrated nonlinearly, relaxing
 * afterwards), each on a 1x1 array driven on its top line (dev_bench.h). */
#include "mxb_test.h"
#include "dev_bench.h"

#define PCMO "pcmo_neuron.json"
#define DEND "tao_dendrite.json"

/* n pulses of v for w every 2 w from *t; the current at the start (after
 * 1 % of w) and the end of each pulse into i0[k], i1[k]. */
static void pulses(bench_t *b, double *t, int n, double v, double w, double *i0, double *i1) {
  for (int k = 0; k < n; k++) {
    BENCH_OK(bench_drive(b, *t, 0, v, 0.0), b->ctx);
    i0[k] = bench_current(b, *t + 0.01 * w);
    i1[k] = bench_current(b, *t + w);
    BENCH_OK(bench_drive(b, *t + w, 0, 0.0, 0.0), b->ctx);
    *t += 2 * w;
  }
}

/* Number of the pulse (1-based) whose current ends above 10x the first
 * pulse's start (the fire), or 0. */
static int fire_pulse(const double *i0, const double *i1, int n) {
  for (int k = 0; k < n; k++)
    if (i1[k] > 10 * i0[0]) return k + 1;
  return 0;
}

/* Integrate and fire on the 5th pulse (2.5 V, 10 us, seed 004 Fig. 7c):
 * the current rises gradually under the first four pulses (each by 1-30 %
 * from start to end), jumps by more than 10x during the fifth; the state
 * holds between pulses (no leak: after four pulses and 1 s of rest the
 * fifth still fires); a reset pulse (-2.5 V, 100 us) restores the initial
 * current within 1 %, and the neuron fires again on the 5th pulse. */
static void test_pcmo_fires_on_fifth(void **st) {
  (void)st;
  bench_t *b = bench_new(1, PCMO, NULL, NULL);
  double t = 0, i0[8], i1[8];
  pulses(b, &t, 8, 2.5, 10e-6, i0, i1);
  for (int k = 0; k < 5; k++)
    print_message("# pulse %d: %.3g -> %.3g A\n", k + 1, i0[k], i1[k]);
  assert_int_equal(fire_pulse(i0, i1, 8), 5);
  for (int k = 0; k < 4; k++) {
    double rise = i1[k] / i0[k] - 1;
    assert_true(rise > 0.01 && rise < 0.3);
    if (k) assert_close_rel(i0[k], i1[k - 1], 0.01); /* held between pulses (i0 0.1 us in) */
  }
  assert_true(i1[4] > 10 * i0[4]);
  double ia = i0[0];
  /* reset, then four pulses, rest 1 s, the fifth */
  t = bench_pulse(b, t, -2.5, 100e-6) + 10e-6;
  double ir = bench_current(b, t);
  BENCH_OK(bench_drive(b, t, 0, 0.1, 0.0), b->ctx);
  double ia01 = bench_current(b, t + 1e-9) / 0.1 * 2.5;
  BENCH_OK(bench_drive(b, t + 1e-9, 0, 0.0, 0.0), b->ctx);
  t += 10e-6;
  print_message("# after the reset pulse: %.4g A at 2.5 V (initial %.4g A)\n", ia01, ia);
  assert_true(ir == 0.0);
  assert_close_rel(ia01, ia, 0.01);
  pulses(b, &t, 4, 2.5, 10e-6, i0, i1);
  assert_int_equal(fire_pulse(i0, i1, 4), 0);
  bench_advance(b, t + 1.0);
  t += 1.0;
  pulses(b, &t, 1, 2.5, 10e-6, i0 + 4, i1 + 4);
  assert_true(i1[4] > 10 * i0[4]);
  bench_free(b);
}

/* The time to fire falls with the amplitude (seed 004 Fig. 7b: the
 * integration's slope grows and the time-to-fire falls as the voltage
 * rises): under a constant 2.0, 2.5, 3.0, 3.5 V, the time at which the
 * current passes 10x its start, strictly decreasing, and so does the number
 * of 10 us pulses to fire. */
static void test_pcmo_time_to_fire(void **st) {
  (void)st;
  const double vs[4] = {2.0, 2.5, 3.0, 3.5};
  double tf[4];
  int nf[4];
  for (int k = 0; k < 4; k++) {
    bench_t *b = bench_new(1, PCMO, NULL, NULL);
    BENCH_OK(bench_drive(b, 0.0, 0, vs[k], 0.0), b->ctx);
    double istart = bench_current(b, 0.0);
    tf[k] = NAN;
    for (double t = 0.1e-6; t < 1e-3; t += 0.1e-6)
      if (bench_current(b, t) > 10 * istart) {
        tf[k] = t;
        break;
      }
    bench_free(b);
    b = bench_new(1, PCMO, NULL, NULL);
    double t = 0, i0[40], i1[40];
    pulses(b, &t, 40, vs[k], 10e-6, i0, i1);
    nf[k] = fire_pulse(i0, i1, 40);
    bench_free(b);
    print_message("# %.1f V: time to fire %.2f us, %d pulses of 10 us\n", vs[k], tf[k] * 1e6, nf[k]);
    assert_false(isnan(tf[k]));
    assert_true(nf[k] > 0);
    if (k) assert_true(tf[k] < tf[k - 1] && nf[k] <= nf[k - 1]);
  }
  assert_true(nf[0] > nf[3]);
}

/* Dendrite: 1 ms pulses every 2 ms. Below 3 V (2.0, 2.5, 2.9 V) the input
 * is filtered: the pulses leave no trace (every pulse's current equal to
 * the first's within 1e-9, the state at 0). Above 3 V (3.5, 4.0, 4.5 V) it
 * is integrated: the current at the end of each pulse grows pulse after
 * pulse, faster than linearly at first (the rise from pulse 5 to 6 exceeds
 * that from 1 to 2), and the more so the higher the amplitude (after 10
 * pulses the gain at 4.5 V exceeds that at 3.5 V by more than the static
 * sinh ratio). After the train the device relaxes: the current of a 1 V
 * read returns within 1 % of its initial value within 0.2 s. */
static void test_dendrite_filter_integrate_relax(void **st) {
  (void)st;
  const double sub[3] = {2.0, 2.5, 2.9}, sup[3] = {3.5, 4.0, 4.5};
  for (int k = 0; k < 3; k++) {
    bench_t *b = bench_new(1, DEND, NULL, NULL);
    double t = 0, i0[10], i1[10], x;
    pulses(b, &t, 10, sub[k], 1e-3, i0, i1);
    for (int j = 0; j < 10; j++) assert_close_rel(i1[j], i1[0], 1e-9);
    BENCH_OK(mxb_array_cell_state_value(b->a, 0, 0, 0, "x", &x), b->ctx);
    assert_true(x == 0.0);
    bench_free(b);
  }
  double gain[3];
  for (int k = 0; k < 3; k++) {
    bench_t *b = bench_new(1, DEND, NULL, NULL);
    double t = 0, i0[10], i1[10];
    double r0 = bench_g(b, 0.0, 1.0);
    pulses(b, &t, 10, sup[k], 1e-3, i0, i1);
    gain[k] = i1[9] / i0[0];
    print_message("# %.1f V: pulse 1 %.3g A, pulse 10 %.3g A (x%.1f)\n", sup[k], i1[0], i1[9], gain[k]);
    for (int j = 1; j < 10; j++) assert_true(i1[j] > i1[j - 1]);
    if (k == 1) assert_true(i1[5] - i1[4] > i1[1] - i1[0]);
    /* relaxation: read conductance at 1 V (below threshold, undisturbing) */
    double trel = NAN;
    for (double s = 1e-3; s <= 0.5; s += 1e-3)
      if (bench_g(b, t + s, 1.0) < 1.01 * r0) {
        trel = s;
        break;
      }
    print_message("#   back within 1 %% of the initial state %.0f ms after the train\n", trel * 1e3);
    assert_false(isnan(trel));
    assert_true(trel < 0.2 && trel > 10e-3);
    bench_free(b);
  }
  assert_true(gain[0] > 1.2 && gain[1] > gain[0] && gain[2] > gain[1]);
  assert_true(gain[2] / gain[0] > sinh(4.5) / sinh(3.5));
}

/* A 0 -> 5 V ramp (seed 004 Fig. 10c, 10 ms): the current above 3 V rises
 * faster than the static conduction's (the ions move during the ramp): at
 * 5 V it exceeds the off-state current at 5 V by more than 3x. */
static void test_dendrite_ramp(void **st) {
  (void)st;
  bench_t *b = bench_new(1, DEND, NULL, NULL);
  double i = 0;
  for (int k = 1; k <= 500; k++) {
    BENCH_OK(bench_drive(b, k * 20e-6, 0, 0.01 * k, 0.0), b->ctx);
    i = bench_current(b, k * 20e-6);
  }
  double goff = 3e-9, ioff = goff * sinh(5.0);
  print_message("# ramp to 5 V: %.3g A against %.3g A in the off state\n", i, ioff);
  assert_true(i > 3 * ioff);
  bench_free(b);
}

static void test_card_errors(void **st) {
  (void)st;
  mxb_ctx_t *ctx = mxb_ctx_new(1);
  char p[1024];
  mxbt_card(PCMO, p, sizeof p);
  assert_null(mxb_device_load(ctx, p, "x0=0.995"));
  assert_msg_has(ctx, "x0");
  mxbt_card(DEND, p, sizeof p);
  assert_null(mxb_device_load(ctx, p, "g_on=1e-10"));
  assert_msg_has(ctx, "g_off");
  assert_null(mxb_device_load(ctx, p, "v_threshold=3"));
  assert_msg_has(ctx, "v_threshold");
  mxb_ctx_free(ctx);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_pcmo_fires_on_fifth),
      cmocka_unit_test(test_pcmo_time_to_fire),
      cmocka_unit_test(test_dendrite_filter_integrate_relax),
      cmocka_unit_test(test_dendrite_ramp),
      cmocka_unit_test(test_card_errors),
  };
  return cmocka_run_group_tests_name("dev_pcmo_dendrite", tests, NULL, NULL);
}
