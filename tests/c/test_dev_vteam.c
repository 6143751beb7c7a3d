/* Tests of the VTEAM class (models_c/src/dev_vteam.c; Kvatinsky et al.,
 * IEEE TCAS-II 62(8):786, 2015) with its card (models_c/cards/vteam.json):
 * exact properties of the model's equations, measured through the public
 * array API on a 1x1 bench (tests/c/dev_bench.h) where a testbench would
 * measure them:
 *  - nothing moves between v_on and v_off (any window, any time);
 *  - the switching time of a pulse, found by bisection on the pulse width,
 *    follows the power law t = (w_off - w_on) / (2 |k| (v/v_th - 1)^alpha)
 *    of VTEAM eq. (1) without a window, for both polarities: the fitted
 *    exponent is alpha_off / alpha_on and the prefactor the card's k;
 *  - a sinusoidal drive gives a loop pinched at the origin whose lobe
 *    shrinks as the frequency rises;
 *  - the windows: Joglekar's with p = 1 against its closed-form (logistic)
 *    trajectory, its terminal-state problem, Biolek's closing only at the
 *    bound the state moves towards, Kvatinsky's rate e^-1 at w = a_off,
 *    and Kvatinsky's and Biolek's trajectories against a quadrature of
 *    dw / (k f(w));
 *  - the exponential I-V (VTEAM eq. (3)) between R_on and R_off;
 *  - out-of-range and inconsistent parameters name their keys. */
#include "mxb_test.h"
#include "dev_bench.h"

static mxb_ctx_t *ctx;
static int setup(void **st) { (void)st; ctx = mxb_ctx_new(7); return ctx ? 0 : -1; }
static int teardown(void **st) { (void)st; mxb_ctx_free(ctx); return 0; }

static mxb_device_t *card(const char *ovr) {
  char p[1024];
  mxb_device_t *d = mxb_device_load(ctx, mxbt_card("vteam.json", p, sizeof p), ovr);
  if (!d) print_error("%s\n", mxb_ctx_errmsg(ctx));
  assert_non_null(d);
  return d;
}

static double par(const mxb_device_t *d, const char *k) {
  double v;
  assert_int_equal(mxb_device_get(ctx, d, k, &v), MXB_OK);
  return v;
}

/* The card carries the published set with its sources. */
static void test_card(void **st) {
  (void)st;
  mxb_device_t *d = card(NULL);
  assert_string_equal(mxb_device_class(d)->name, "vteam");
  assert_true(par(d, "r_on") == 50 && par(d, "r_off") == 1000 && par(d, "k_on") == -10 &&
              par(d, "k_off") == 5e-4 && par(d, "alpha_on") == 3 && par(d, "alpha_off") == 1 &&
              par(d, "v_on") == -0.2 && par(d, "v_off") == 0.02 && par(d, "w_off") == 3e-9);
  assert_non_null(strstr(mxb_device_provenance(d, "k_off"), "MemTorch"));
  mxb_device_free(d);
}

/* Between the thresholds (edges included) the state holds exactly, for
 * every window and a second of drive, and the step limit is infinite. */
static void test_holds_between_thresholds(void **st) {
  (void)st;
  for (int win = 0; win <= 3; win++) {
    char o[64];
    snprintf(o, sizeof o, "window=%d", win);
    mxb_device_t *d = card(o);
    const mxb_device_class_t *c = mxb_device_class(d);
    const double *p = mxb_device_params(d);
    const double vs[] = {-0.2, -0.19999, -0.1, 0.0, 0.01, 0.019999, 0.02};
    for (size_t k = 0; k < sizeof vs / sizeof vs[0]; k++) {
      double s[1] = {1.234e-9};
      mxb_dev_rng_t rng = {0};
      assert_true(isinf(c->step_limit(p, s, vs[k])));
      assert_int_equal(mxb_device_integrate(ctx, d, s, vs[k], 1.0, &rng), MXB_OK);
      assert_true(s[0] == 1.234e-9);
    }
    /* just outside, it moves */
    double s[1] = {1.234e-9};
    mxb_dev_rng_t rng = {0};
    assert_int_equal(mxb_device_integrate(ctx, d, s, 0.0201, 1e-6, &rng), MXB_OK);
    assert_true(s[0] > 1.234e-9);
    mxb_device_free(d);
  }
}

/* Resistance of the cell read at 10 mV (below v_off: the read moves nothing). */
static double bench_r(bench_t *b, double t) { return 1.0 / bench_g(b, t, 0.01); }

/* Width of a pulse of v (from the card's w0 override) after which the cell
 * has crossed half-way between R_on and R_off, by bisection on fresh
 * benches. */
static double half_switch_time(double v, const char *ovr, double r_on, double r_off, double guess) {
  double lo = guess / 64, hi = guess * 64, r_mid = 0.5 * (r_on + r_off);
  int up = v > 0; /* off switching: R rises */
  for (int it = 0; it < 60; it++) {
    double t = sqrt(lo * hi);
    bench_t *b = bench_new(1, "vteam.json", NULL, ovr);
    double te = bench_pulse(b, 1e-9, v, t);
    double r = bench_r(b, te + 1e-9);
    bench_free(b);
    if ((r > r_mid) == up) hi = t;
    else lo = t;
  }
  return sqrt(lo * hi);
}

/* Least-squares slope and intercept of y against x. */
static void fit_line(const double *x, const double *y, int n, double *slope, double *icpt) {
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (int i = 0; i < n; i++) sx += x[i], sy += y[i], sxx += x[i] * x[i], sxy += x[i] * y[i];
  *slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  *icpt = (sy - *slope * sx) / n;
}

static void test_switching_time_power_law(void **st) {
  (void)st;
  mxb_device_t *d = card(NULL);
  double r_on = par(d, "r_on"), r_off = par(d, "r_off"), span = par(d, "w_off") - par(d, "w_on");
  double kon = par(d, "k_on"), koff = par(d, "k_off"), aon = par(d, "alpha_on"),
         aoff = par(d, "alpha_off"), von = par(d, "v_on"), voff = par(d, "v_off");
  mxb_device_free(d);
  /* OFF switching from w_on, ON switching from w_off */
  const double vp[] = {0.03, 0.05, 0.1, 0.3, 1.0, 3.0}, vn[] = {-0.25, -0.4, -0.8, -1.5, -3.0};
  double x[6], y[6], slope, icpt;
  for (int k = 0; k < 6; k++) {
    double t_cf = 0.5 * span / (koff * pow(vp[k] / voff - 1.0, aoff));
    double t = half_switch_time(vp[k], "w0=0", r_on, r_off, t_cf);
    assert_close_rel(t, t_cf, 1e-9);
    x[k] = log(vp[k] / voff - 1.0);
    y[k] = log(t);
  }
  fit_line(x, y, 6, &slope, &icpt);
  assert_close_rel(-slope, aoff, 1e-9);
  assert_close_rel(exp(icpt), 0.5 * span / koff, 1e-8);
  for (int k = 0; k < 5; k++) {
    double t_cf = 0.5 * span / (-kon * pow(vn[k] / von - 1.0, aon));
    double t = half_switch_time(vn[k], "w0=3e-9", r_on, r_off, t_cf);
    assert_close_rel(t, t_cf, 1e-9);
    x[k] = log(vn[k] / von - 1.0);
    y[k] = log(t);
  }
  fit_line(x, y, 5, &slope, &icpt);
  assert_close_rel(-slope, aon, 1e-9);
  assert_close_rel(exp(icpt), 0.5 * span / -kon, 1e-8);
  /* a long pulse ends exactly at the bound */
  bench_t *b = bench_new(1, "vteam.json", NULL, "w0=0");
  double te = bench_pulse(b, 1e-9, 1.0, 1e-6);
  assert_true(bench_r(b, te + 1e-9) == r_off);
  te = bench_pulse(b, te + 1e-9, -1.0, 1e-6);
  assert_true(bench_r(b, te + 1e-9) == r_on);
  bench_free(b);
}

/* Sinusoid of amplitude amp and frequency f, n steps a period, two
 * periods; returns the area of the second period's positive lobe
 * (integral of I dV over the loop) and checks the pinch: I = 0 exactly
 * where V = 0, and the two branches differ at the same |V|. */
static double loop_area(double amp, double f, const char *ovr) {
  enum { N = 400 };
  bench_t *b = bench_new(1, "vteam.json", NULL, ovr);
  double t0 = 1e-9, dt = 1.0 / (f * N), area = 0, vprev = 0, iprev = 0;
  double ib[2 * N + 1];
  for (int k = 0; k <= 2 * N; k++) {
    double t = t0 + k * dt, v = amp * sin(2 * M_PI * k / N);
    if (k % (N / 2) == 0) v = 0.0; /* the zero crossings exactly */
    BENCH_OK(bench_drive(b, t, 0, v, 0.0), b->ctx);
    double i = bench_current(b, t);
    ib[k] = i;
    if (v == 0.0) assert_true(i == 0.0);
    if (k > N && k <= N + N / 2) area += 0.5 * (i + iprev) * (v - vprev);
    vprev = v;
    iprev = i;
  }
  /* rising (k) and falling (N/2 - k) branches of the second positive half */
  double dmax = 0;
  for (int k = N + 1; k < N + N / 4; k++) dmax = fmax(dmax, fabs(ib[k] - ib[2 * N + N / 2 - k - N]));
  assert_true(dmax > 0);
  bench_free(b);
  return fabs(area);
}

static void test_pinched_loop(void **st) {
  (void)st;
  double a1 = loop_area(1.0, 50e6, "w0=0");
  double a2 = loop_area(1.0, 500e6, "w0=0");
  double a3 = loop_area(1.0, 5e9, "w0=0");
  assert_true(a1 > 0 && a2 < a1 && a3 < a2);
  /* high frequency: the lobe vanishes as 1/f */
  assert_true(a3 < 0.2 * a2);
}

/* Joglekar p = 1: dx/dt = 4 c x (1 - x), c = k_off (v/v_off - 1) / span,
 * whose solution is the logistic x(t) = 1 / (1 + (1/x0 - 1) e^(-4 c t)). */
static void test_joglekar_logistic(void **st) {
  (void)st;
  mxb_device_t *d = card("window=3,p=1");
  double span = par(d, "w_off"), v = 0.1;
  double c = par(d, "k_off") * (v / par(d, "v_off") - 1.0) / span;
  mxb_dev_rng_t rng = {0};
  const double ts[] = {1e-7, 5e-7, 1e-6, 3e-6, 1e-5};
  for (size_t k = 0; k < sizeof ts / sizeof ts[0]; k++) {
    double s[1] = {0.1 * span};
    assert_int_equal(mxb_device_integrate(ctx, d, s, v, ts[k], &rng), MXB_OK);
    double x = 1.0 / (1.0 + 9.0 * exp(-4.0 * c * ts[k]));
    if (!(fabs(s[0] / span - x) < 1e-6)) {
      print_error("t = %g: x = %.9g, logistic %.9g\n", ts[k], s[0] / span, x);
      fail();
    }
  }
  /* the terminal-state problem of Joglekar's window: at a bound nothing moves */
  const double vs[] = {1.0, -1.0};
  for (int k = 0; k < 2; k++) {
    double s[1] = {0.0};
    assert_int_equal(mxb_device_integrate(ctx, d, s, vs[k], 1e-3, &rng), MXB_OK);
    assert_true(s[0] == 0.0);
  }
  mxb_device_free(d);
}

/* Biolek: f = 1 - (x - stp(-i))^2p closes at the bound the state moves
 * towards only: at w_off a positive (OFF) drive holds it, a negative one
 * moves it at the full window-free rate; Kvatinsky: the rate at w = a_off is
 * e^-1 of the window-free rate. */
static void test_biolek_kvatinsky(void **st) {
  (void)st;
  mxb_device_t *d = card("window=2");
  const mxb_device_class_t *c = mxb_device_class(d);
  const double *p = mxb_device_params(d);
  double span = par(d, "w_off");
  mxb_dev_rng_t rng = {0};
  double s[1] = {span};
  assert_int_equal(mxb_device_integrate(ctx, d, s, 2.0, 1e-3, &rng), MXB_OK);
  assert_true(s[0] == span);
  double kv = par(d, "k_on") * pow(-1.0 / par(d, "v_on") - 1.0, par(d, "alpha_on"));
  double h = 1e-6 * span / -kv;
  assert_int_equal(c->advance(p, s, -1.0, h, &rng), MXB_OK);
  assert_close_rel((s[0] - span) / h, kv, 1e-6);
  mxb_device_free(d);

  d = card("window=1,a_off=2e-9,w_c=1e-10");
  c = mxb_device_class(d);
  p = mxb_device_params(d);
  kv = par(d, "k_off") * (1.0 / par(d, "v_off") - 1.0);
  s[0] = 2e-9;
  h = 1e-8 * 1e-10 / kv;
  assert_int_equal(c->advance(p, s, 1.0, h, &rng), MXB_OK);
  assert_close_rel((s[0] - 2e-9) / h, kv * exp(-1.0), 1e-6);
  /* the window stops the state short of w_off: after a long drive it is
   * where the rate has fallen by many decades, and never beyond w_off */
  s[0] = 0.0;
  assert_int_equal(mxb_device_integrate(ctx, d, s, 1.0, 1e-3, &rng), MXB_OK);
  assert_true(s[0] > 2e-9 && s[0] < span);
  mxb_device_free(d);
}

/* Windows 1 and 2 over a whole trajectory: after integrating for t from
 * w_a, the time to reach the w found, by Simpson quadrature of dw / (k(v)
 * f(w)) with f written out here (Kvatinsky's f_off, Biolek's 1 - x^4 for
 * an OFF drive), equals t to 1e-6. */
static double f_kv(double w) { return exp(-exp((w - 2e-9) / 1e-10)); }
static double f_bio(double w) { double x = w / 3e-9; return 1.0 - x * x * x * x; }
static double quad_time(double (*f)(double), double kv, double wa, double wb) {
  enum { N = 20000 };
  double h = (wb - wa) / N, sum = 0;
  for (int i = 0; i <= N; i++) sum += (i == 0 || i == N ? 1 : i % 2 ? 4 : 2) / (kv * f(wa + i * h));
  return sum * h / 3.0;
}

static void test_window_trajectories(void **st) {
  (void)st;
  const char *ovr[2] = {"window=1,a_off=2e-9,w_c=1e-10", "window=2,p=2"};
  double (*f[2])(double) = {f_kv, f_bio};
  const double ts[3] = {2e-8, 6e-8, 1.5e-7};
  for (int k = 0; k < 2; k++) {
    mxb_device_t *d = card(ovr[k]);
    double kv = par(d, "k_off") * (1.0 / par(d, "v_off") - 1.0);
    mxb_dev_rng_t rng = {0};
    for (int j = 0; j < 3; j++) {
      double s[1] = {0.5e-9};
      assert_int_equal(mxb_device_integrate(ctx, d, s, 1.0, ts[j], &rng), MXB_OK);
      assert_true(s[0] > 0.5e-9 && s[0] < 3e-9);
      double t = quad_time(f[k], kv, 0.5e-9, s[0]);
      if (!(fabs(t - ts[j]) <= 1e-6 * ts[j])) {
        print_error("%s: w = %.12g m after %g s, quadrature time %.12g s\n", ovr[k], s[0], ts[j], t);
        fail();
      }
    }
    mxb_device_free(d);
  }
}

/* VTEAM eq. (3): R = R_on exp(ln(R_off/R_on) x). */
static void test_exponential_iv(void **st) {
  (void)st;
  mxb_device_t *d = card("iv=1");
  const mxb_device_class_t *c = mxb_device_class(d);
  const double *p = mxb_device_params(d);
  const double xs[] = {0.0, 0.5, 1.0};
  const double rs[] = {50.0, sqrt(50.0 * 1000.0), 1000.0};
  for (int k = 0; k < 3; k++) {
    double s[1] = {xs[k] * 3e-9}, g;
    double i = c->current(p, s, 0.01, &g);
    assert_close_rel(0.01 / i, rs[k], 1e-12);
    assert_close_rel(1.0 / g, rs[k], 1e-12);
  }
  mxb_device_free(d);
}

static void test_parameter_errors(void **st) {
  (void)st;
  char p[1024];
  mxbt_card("vteam.json", p, sizeof p);
  assert_null(mxb_device_load(ctx, p, "window=1.5"));
  assert_msg_has(ctx, "window");
  assert_null(mxb_device_load(ctx, p, "window=4"));
  assert_msg_has(ctx, "window");
  assert_null(mxb_device_load(ctx, p, "iv=0.5"));
  assert_msg_has(ctx, "iv");
  assert_null(mxb_device_load(ctx, p, "k_on=10"));
  assert_msg_has(ctx, "k_on");
  assert_null(mxb_device_load(ctx, p, "v_off=-0.1"));
  assert_msg_has(ctx, "v_off");
  assert_null(mxb_device_load(ctx, p, "w_off=-1e-9"));
  assert_msg_has(ctx, "w_on");
  assert_msg_has(ctx, "w_off");
  assert_null(mxb_device_load(ctx, p, "r_off=10"));
  assert_msg_has(ctx, "r_on");
  assert_null(mxb_device_load(ctx, p, "w0=4e-9"));
  assert_msg_has(ctx, "w0");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_card),
      cmocka_unit_test(test_holds_between_thresholds),
      cmocka_unit_test(test_switching_time_power_law),
      cmocka_unit_test(test_pinched_loop),
      cmocka_unit_test(test_joglekar_logistic),
      cmocka_unit_test(test_biolek_kvatinsky),
      cmocka_unit_test(test_window_trajectories),
      cmocka_unit_test(test_exponential_iv),
      cmocka_unit_test(test_parameter_errors),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
