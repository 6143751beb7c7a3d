/* Tests of the Yakopcic class (models_c/src/dev_yakopcic.c; Yakopcic et al.,
 * IEEE EDL 2011 / TCAD 2013) with its published Oblea parameter set
 * (models_c/cards/yakopcic_oblea.json). Exact properties of the equations:
 *  - I = a x sinh(b V) with a1 / a2 by the sign of V (eq. (1));
 *  - between -V_n and V_p nothing moves (g = 0, eq. (2));
 *  - where f = 1 the state moves linearly at eta A_p (e^V - e^V_p): the
 *    closed-form trajectory, to rounding, through a 1x1 array;
 *  - where the window acts, the time to reach x equals the integral of
 *    dx / (g f(x)) (quadrature, independent of the class's Runge-Kutta);
 *  - the window keeps x in [0, 1]: a device at 1 stays under further
 *    positive drive, and x approaches 1 (and 0) without crossing;
 *  - eta = -1 reverses the motion;
 *  - a sinusoid gives a loop pinched at the origin, its lobe shrinking with
 *    frequency;
 *  - errors name the key. */
#include "mxb_test.h"
#include "dev_bench.h"

static mxb_ctx_t *ctx;
static int setup(void **st) { (void)st; ctx = mxb_ctx_new(11); return ctx ? 0 : -1; }
static int teardown(void **st) { (void)st; mxb_ctx_free(ctx); return 0; }

static mxb_device_t *card(const char *ovr) {
  char p[1024];
  mxb_device_t *d = mxb_device_load(ctx, mxbt_card("yakopcic_oblea.json", p, sizeof p), ovr);
  if (!d) print_error("%s\n", mxb_ctx_errmsg(ctx));
  assert_non_null(d);
  return d;
}

static void test_card_and_iv(void **st) {
  (void)st;
  mxb_device_t *d = card("a2=0.1");
  const mxb_device_class_t *c = mxb_device_class(d);
  const double *p = mxb_device_params(d);
  assert_string_equal(c->name, "yakopcic");
  assert_non_null(strstr(mxb_device_provenance(d, "ap"), "Oblea"));
  double s[1] = {0.4}, g;
  for (double v = -1.0; v <= 1.0; v += 0.125) {
    double i = c->current(p, s, v, &g);
    double a = v >= 0 ? 0.17 : 0.1;
    assert_close_rel(i, a * 0.4 * sinh(0.05 * v), 1e-14);
    assert_close_rel(g, a * 0.4 * 0.05 * cosh(0.05 * v), 1e-14);
  }
  /* pinched at the origin in any state */
  s[0] = 0.9;
  assert_true(c->current(p, s, 0.0, &g) == 0.0);
  mxb_device_free(d);
}

static void test_holds_between_thresholds(void **st) {
  (void)st;
  mxb_device_t *d = card(NULL);
  const mxb_device_class_t *c = mxb_device_class(d);
  const double *p = mxb_device_params(d);
  const double vs[] = {-0.15, -0.1, 0.0, 0.1, 0.16};
  for (size_t k = 0; k < sizeof vs / sizeof vs[0]; k++) {
    double s[1] = {0.42};
    mxb_dev_rng_t rng = {0};
    assert_true(isinf(c->step_limit(p, s, vs[k])));
    assert_int_equal(mxb_device_integrate(ctx, d, s, vs[k], 10.0, &rng), MXB_OK);
    assert_true(s[0] == 0.42);
  }
  double s[1] = {0.42};
  mxb_dev_rng_t rng = {0};
  assert_int_equal(mxb_device_integrate(ctx, d, s, 0.1601, 1e-3, &rng), MXB_OK);
  assert_true(s[0] > 0.42);
  s[0] = 0.42;
  assert_int_equal(mxb_device_integrate(ctx, d, s, -0.1501, 1e-3, &rng), MXB_OK);
  assert_true(s[0] < 0.42);
  mxb_device_free(d);
}

/* From x0 = 0.11 under V = 0.3 V the state rises at A_p (e^0.3 - e^0.16)
 * until x_p = 0.3: read through the array's state after pulses. */
static void test_linear_region_closed_form(void **st) {
  (void)st;
  double g = 4000.0 * (exp(0.3) - exp(0.16));
  double t_edge = (0.3 - 0.11) / g;
  const double fr[] = {0.1, 0.37, 0.8, 0.999};
  for (int k = 0; k < 4; k++) {
    bench_t *b = bench_new(1, "yakopcic_oblea.json", NULL, NULL);
    double te = bench_pulse(b, 1e-6, 0.3, fr[k] * t_edge), x;
    bench_advance(b, te + 1e-6);
    BENCH_OK(mxb_array_cell_state(b->a, 0, 0, 0, &x, 1), b->ctx);
    assert_close_rel(x, 0.11 + g * fr[k] * t_edge, 1e-12);
    bench_free(b);
  }
  /* falling (f = 1 above 1 - x_n = 0.5): from 0.9 under -0.4 V */
  double gn = 4000.0 * (exp(0.4) - exp(0.15));
  bench_t *b = bench_new(1, "yakopcic_oblea.json", NULL, "x0=0.9");
  double te = bench_pulse(b, 1e-6, -0.4, 0.3 / gn), x;
  bench_advance(b, te + 1e-6);
  BENCH_OK(mxb_array_cell_state(b->a, 0, 0, 0, &x, 1), b->ctx);
  assert_close_rel(x, 0.6, 1e-12);
  bench_free(b);
}

/* f(x) of eq. (3)-(6) written out here, independently of the class. */
static double f_up(double x) { return exp(-1.0 * (x - 0.3)) * ((0.3 - x) / 0.7 + 1.0); }
static double f_dn(double x) { return exp(5.0 * (x + 0.5 - 1.0)) * (x / 0.5); }

/* Simpson's rule for the time from x_a to x_b of dx/dt = g f(x). */
static double time_to(double (*f)(double), double g, double xa, double xb) {
  enum { N = 20000 };
  double h = (xb - xa) / N, sum = 0;
  for (int i = 0; i <= N; i++) {
    double w = (i == 0 || i == N) ? 1 : (i % 2 ? 4 : 2);
    sum += w / (g * f(xa + i * h));
  }
  return sum * h / 3.0;
}

static void test_window_trajectory(void **st) {
  (void)st;
  mxb_device_t *d = card(NULL);
  mxb_dev_rng_t rng = {0};
  double g = 4000.0 * (exp(0.5) - exp(0.16));
  const double ts[] = {2e-4, 5e-4, 1e-3, 2e-3};
  for (int k = 0; k < 4; k++) {
    double s[1] = {0.11};
    assert_int_equal(mxb_device_integrate(ctx, d, s, 0.5, ts[k], &rng), MXB_OK);
    double t_lin = (0.3 - 0.11) / g;
    assert_true(s[0] > 0.3 && s[0] < 1.0);
    double t = t_lin + time_to(f_up, g, 0.3, s[0]);
    if (!(fabs(t - ts[k]) <= 1e-6 * ts[k])) {
      print_error("rising: x = %.12g after %g s, quadrature time %.12g s\n", s[0], ts[k], t);
      fail();
    }
  }
  double gn = -4000.0 * (exp(0.5) - exp(0.15));
  for (int k = 0; k < 4; k++) {
    double s[1] = {0.95};
    assert_int_equal(mxb_device_integrate(ctx, d, s, -0.5, 1.5 * ts[k], &rng), MXB_OK);
    assert_true(s[0] < 0.5 && s[0] > 0.0);
    double t = (0.5 - 0.95) / gn + time_to(f_dn, gn, 0.5, s[0]);
    if (!(fabs(t - 1.5 * ts[k]) <= 1e-6 * 1.5 * ts[k])) {
      print_error("falling: x = %.12g after %g s, quadrature time %.12g s\n", s[0], 1.5 * ts[k], t);
      fail();
    }
  }
  /* the bounds: long drives approach 1 and 0 and never cross them; at 1
   * a further positive drive holds the state exactly */
  double s[1] = {0.11};
  assert_int_equal(mxb_device_integrate(ctx, d, s, 1.0, 1.0, &rng), MXB_OK);
  assert_true(s[0] > 0.999 && s[0] <= 1.0);
  s[0] = 1.0;
  assert_int_equal(mxb_device_integrate(ctx, d, s, 1.0, 1.0, &rng), MXB_OK);
  assert_true(s[0] == 1.0);
  s[0] = 0.9;
  assert_int_equal(mxb_device_integrate(ctx, d, s, -1.0, 1.0, &rng), MXB_OK);
  assert_true(s[0] >= 0.0 && s[0] < 1e-3);
  mxb_device_free(d);
  /* eta = -1: positive bias lowers x at the same rate */
  d = card("eta=-1");
  s[0] = 0.9;
  assert_int_equal(mxb_device_integrate(ctx, d, s, 0.3, 1e-5, &rng), MXB_OK);
  assert_close_rel(s[0], 0.9 - 4000.0 * (exp(0.3) - exp(0.16)) * 1e-5, 1e-12);
  mxb_device_free(d);
}

/* Sinusoidal drive, n steps a period, two periods: I = 0 where V = 0 and
 * the rising and falling branches differ; returns the positive lobe area. */
static double loop_area(double amp, double f) {
  enum { N = 400 };
  bench_t *b = bench_new(1, "yakopcic_oblea.json", NULL, NULL);
  double dt = 1.0 / (f * N), area = 0, vprev = 0, iprev = 0, ib[2 * N + 1];
  for (int k = 0; k <= 2 * N; k++) {
    double t = 1e-6 + k * dt, v = k % (N / 2) == 0 ? 0.0 : amp * sin(2 * M_PI * k / N);
    BENCH_OK(bench_drive(b, t, 0, v, 0.0), b->ctx);
    double i = bench_current(b, t);
    ib[k] = i;
    if (v == 0.0) assert_true(i == 0.0);
    if (k > N && k <= N + N / 2) area += 0.5 * (i + iprev) * (v - vprev);
    vprev = v;
    iprev = i;
  }
  double dmax = 0;
  for (int k = N + 1; k < N + N / 4; k++) dmax = fmax(dmax, fabs(ib[k] - ib[N + N / 2 - (k - N)]));
  assert_true(dmax > 0);
  bench_free(b);
  return fabs(area);
}

static void test_pinched_loop(void **st) {
  (void)st;
  double a1 = loop_area(0.5, 100.0), a2 = loop_area(0.5, 1e3), a3 = loop_area(0.5, 1e4);
  assert_true(a1 > 0 && a2 < a1 && a3 < a2);
}

static void test_parameter_errors(void **st) {
  (void)st;
  char p[1024];
  mxbt_card("yakopcic_oblea.json", p, sizeof p);
  assert_null(mxb_device_load(ctx, p, "eta=0.5"));
  assert_msg_has(ctx, "eta");
  assert_null(mxb_device_load(ctx, p, "xp=1"));
  assert_msg_has(ctx, "xp");
  assert_null(mxb_device_load(ctx, p, "x0=1.5"));
  assert_msg_has(ctx, "x0");
  assert_null(mxb_device_load(ctx, p, "b=0"));
  assert_msg_has(ctx, "b");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_card_and_iv),
      cmocka_unit_test(test_holds_between_thresholds),
      cmocka_unit_test(test_linear_region_closed_form),
      cmocka_unit_test(test_window_trajectory),
      cmocka_unit_test(test_pinched_loop),
      cmocka_unit_test(test_parameter_errors),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
