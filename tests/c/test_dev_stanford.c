/* Tests of the Stanford-PKU RRAM class (models_c/src/dev_stanford.c; Jiang et
 * et al., IEEE TED 2016) with its published Verilog-A default set
 * (models_c/cards/stanford_pku.json):
 *  - the LRS and HRS resistances at a 0.1 V read of the published set equal
 *    the r_on = 542 ohm and r_off = 218586 ohm MemTorch publishes for it;
 *  - below the minimum field F_min the gap holds (the model's threshold),
 *    just above it moves;
 *  - without heating and enhancement roll-off (r_th = 0, beta = 0) the rate is
 *    constant: the gap moves linearly, SET and RESET times through a 1x1
 *    array match the closed form, so the switching time falls as
 *    1/sinh(gamma a0 q V / (t_ox k T));
 *  - with the published thermal model the rate at a given state equals the
 *    equations written out independently here (T = T0 + |V I| R_th), and the
 *    heating speeds the RESET;
 *  - the stochastic gap term (model_switch = 1): the same cell gives the
 *    same trajectory however the drive is cut into calls; over 600 cells the
 *    gap spread after 100 intervals at 0 V is delta_g0 chi(T0) t_step
 *    sqrt(100), mean 0;
 *  - errors name the keys. */
#include "mxb_test.h"
#include "dev_bench.h"

#define CARD "stanford_pku.json"
#define KB_Q 8.617333262e-5

static mxb_ctx_t *ctx;
static int setup(void **st) { (void)st; ctx = mxb_ctx_new(17); return ctx ? 0 : -1; }
static int teardown(void **st) { (void)st; mxb_ctx_free(ctx); return 0; }

static mxb_device_t *card(const char *ovr) {
  char p[1024];
  mxb_device_t *d = mxb_device_load(ctx, mxbt_card(CARD, p, sizeof p), ovr);
  if (!d) print_error("%s\n", mxb_ctx_errmsg(ctx));
  assert_non_null(d);
  return d;
}

static void test_published_resistances(void **st) {
  (void)st;
  mxb_device_t *d = card(NULL);
  const mxb_device_class_t *c = mxb_device_class(d);
  const double *p = mxb_device_params(d);
  double s[3] = {2e-10, 0, 0}, g;
  assert_close_rel(0.1 / c->current(p, s, 0.1, &g), 542.0, 1e-3);
  s[0] = 17e-10;
  assert_close_rel(0.1 / c->current(p, s, 0.1, &g), 218586.0, 1e-5);
  mxb_device_free(d);
}

/* the minimum-field voltage at gap g: F_min t_ox / (gamma0 - beta (g/1nm)^3) */
static double v_field(double g) {
  double x = g / 1e-9;
  return 1.4e9 * 12e-9 / (16.0 - 0.8 * x * x * x);
}

static void test_minimum_field(void **st) {
  (void)st;
  mxb_device_t *d = card("gap_ini=1e-9");
  mxb_dev_rng_t rng = {0};
  double vf = v_field(1e-9);
  const double fr[] = {-0.999, -0.5, 0.0, 0.5, 0.999};
  for (int k = 0; k < 5; k++) {
    double s[3] = {1e-9, 0, 0};
    assert_int_equal(mxb_device_integrate(ctx, d, s, fr[k] * vf, 1.0, &rng), MXB_OK);
    assert_true(s[0] == 1e-9);
  }
  double s[3] = {1e-9, 0, 0};
  assert_int_equal(mxb_device_integrate(ctx, d, s, 1.001 * vf, 1e-6, &rng), MXB_OK);
  assert_true(s[0] < 1e-9);
  s[0] = 1e-9;
  assert_int_equal(mxb_device_integrate(ctx, d, s, -1.001 * vf, 1e-6, &rng), MXB_OK);
  assert_true(s[0] > 1e-9);
  mxb_device_free(d);
}

/* r_th = 0, beta = 0: dg/dt = -vel0 e^(-Ea/kT0) sinh(gamma0 a0 V / (t_ox kT0/q)) */
static double const_rate(double v) {
  double kt = KB_Q * 298.0;
  return -10.0 * exp(-0.6 / kt) * sinh(16.0 * 0.25e-9 * v / (12e-9 * kt));
}

static double gap_of(bench_t *b) {
  double s[3];
  BENCH_OK(mxb_array_cell_state(b->a, 0, 0, 0, s, 3), b->ctx);
  return s[0];
}

static void test_switching_time_closed_form(void **st) {
  (void)st;
  const double vs[] = {1.3, 1.5, 1.8, -1.3, -1.6};
  for (int k = 0; k < 5; k++) {
    double r = const_rate(vs[k]);
    double g_start = vs[k] > 0 ? 17e-10 : 2e-10;
    double t_sw = 15e-10 / fabs(r);
    char ovr[96];
    snprintf(ovr, sizeof ovr, "r_th=0,beta=0,gap_ini=%.17g", g_start);
    bench_t *b = bench_new(1, CARD, NULL, ovr);
    double te = bench_pulse(b, 1e-9, vs[k], 0.4 * t_sw);
    bench_advance(b, te + 1e-9);
    assert_close_rel(gap_of(b), g_start + r * 0.4 * t_sw, 1e-9);
    te = bench_pulse(b, te + 1e-9, vs[k], 0.7 * t_sw);
    bench_advance(b, te + 1e-9);
    assert_true(gap_of(b) == (vs[k] > 0 ? 2e-10 : 17e-10)); /* at the bound */
    bench_free(b);
  }
  /* the switching time falls as 1/sinh: 1.3 -> 1.8 V shortens it by the ratio */
  double kt = KB_Q * 298.0, c = 16.0 * 0.25e-9 / (12e-9 * kt);
  assert_close_rel(const_rate(1.3) / const_rate(1.8), sinh(c * 1.3) / sinh(c * 1.8), 1e-12);
}

/* The thermal model: the initial rate equals the equations written out. */
static void test_thermal_rate(void **st) {
  (void)st;
  mxb_device_t *d = card(NULL);
  const mxb_device_class_t *c = mxb_device_class(d);
  const double *p = mxb_device_params(d);
  mxb_dev_rng_t rng = {0};
  const double vs[] = {-1.2, -1.5, 1.4};
  const double gs[] = {3e-10, 8e-10, 15e-10};
  for (int k = 0; k < 3; k++) {
    double g = gs[k], v = vs[k];
    double i = 1e-3 * exp(-g / 0.25e-9) * sinh(v / 0.25);
    double t = 298.0 + fabs(v * i) * 2.1e3;
    double x = g / 1e-9, gam = 16.0 - 0.8 * x * x * x;
    double rate = -10.0 * exp(-0.6 / (KB_Q * t)) * sinh(gam * 0.25e-9 * v / (12e-9 * KB_Q * t));
    double s[3] = {g, 0, 0}, h = 1e-6 * 0.25e-9 / fabs(rate);
    assert_int_equal(c->advance(p, s, v, h, &rng), MXB_OK);
    assert_close_rel((s[0] - g) / h, rate, 1e-6);
    assert_true(t > 298.0);
  }
  mxb_device_free(d);
  /* heating speeds the RESET: the same pulse widens the gap more */
  bench_t *hot = bench_new(1, CARD, NULL, NULL), *cold = bench_new(1, CARD, NULL, "r_th=0");
  double te = bench_pulse(hot, 1e-9, -1.3, 1e-7);
  bench_pulse(cold, 1e-9, -1.3, 1e-7);
  bench_advance(hot, te + 1e-9);
  bench_advance(cold, te + 1e-9);
  assert_true(gap_of(hot) > gap_of(cold) && gap_of(cold) > 2e-10);
  bench_free(hot);
  bench_free(cold);
}

static void test_stochastic_gap(void **st) {
  (void)st;
  mxb_device_t *d = card("model_switch=1,gap_ini=1e-9");
  /* call-order independence: one call of 100 ns, or uneven pieces */
  mxb_dev_rng_t rng;
  double a[3], b[3];
  assert_int_equal(mxb_device_init_state(ctx, d, 0, 2, 3, a, 3, &rng), MXB_OK);
  memcpy(b, a, sizeof a);
  assert_int_equal(mxb_device_integrate(ctx, d, a, 0.3, 100e-9, &rng), MXB_OK);
  const double pieces[] = {0.3e-9, 1.7e-9, 13e-9, 25.5e-9, 9.5e-9, 50e-9};
  for (int k = 0; k < 6; k++) assert_int_equal(mxb_device_integrate(ctx, d, b, 0.3, pieces[k], &rng), MXB_OK);
  assert_close_rel(a[0], b[0], 1e-9);
  assert_true(a[1] == 100.0 && b[1] == 100.0 && a[0] != 1e-9);
  /* statistics at 0 V (T = T0): 100 draws of delta_g0 chi t_step each */
  double chi = 1.0 / (1.0 + exp((450.0 - 298.0) / 500.0));
  double sigma = 0.02 * chi * 1e-9 * 10.0, sum = 0, sum2 = 0;
  enum { N = 600 };
  for (int cell = 0; cell < N; cell++) {
    double s[3];
    assert_int_equal(mxb_device_init_state(ctx, d, 0, cell / 30, cell % 30, s, 3, &rng), MXB_OK);
    assert_int_equal(mxb_device_integrate(ctx, d, s, 0.0, 100e-9, &rng), MXB_OK);
    double dg = s[0] - 1e-9;
    sum += dg;
    sum2 += dg * dg;
  }
  double mean = sum / N, sd = sqrt(sum2 / N - mean * mean);
  assert_true(fabs(mean) < 4 * sigma / sqrt(N));
  assert_close_rel(sd, sigma, 0.15);
  mxb_device_free(d);
}

static void test_errors(void **st) {
  (void)st;
  char p[1024];
  mxbt_card(CARD, p, sizeof p);
  assert_null(mxb_device_load(ctx, p, "gap_min=2e-9"));
  assert_msg_has(ctx, "gap_min");
  assert_msg_has(ctx, "gap_max");
  assert_null(mxb_device_load(ctx, p, "gap_ini=1e-11"));
  assert_msg_has(ctx, "gap_ini");
  assert_null(mxb_device_load(ctx, p, "model_switch=0.5"));
  assert_msg_has(ctx, "model_switch");
  assert_null(mxb_device_load(ctx, p, "delta_g0=0.5"));
  assert_msg_has(ctx, "delta_g0");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_published_resistances),
      cmocka_unit_test(test_minimum_field),
      cmocka_unit_test(test_switching_time_closed_form),
      cmocka_unit_test(test_thermal_rate),
      cmocka_unit_test(test_stochastic_gap),
      cmocka_unit_test(test_errors),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
