/* Validation: the NbO2 Mott oscillator neuron of seed 004 (VALIDATION.md
 * "Review devices": constant 20 uA input gives spike trains whose interval
 * scales with C), card nbo2_neuron.json on a 1x1 array whose top line is
 * fed by a current end (dev_bench.h).
 *
 * The scaling law, from the class's equations (dev_nbo2.c). With the
 * channel's thermal time r_th c_th (1 ns) far below the capacitor's charge
 * time, T follows its steady state for the device voltage u, the root of
 *   G(T) v_c^2 = (T - temp) / r_th,  v_c = u / (1 + r_c G),  G = g0 e^{-e_a / k T},
 * which is multivalued in u: along T the steady I-V (u(T), I(T)) rises to a
 * maximum u = V_th (cold branch end), falls (negative differential
 * resistance, unstable with the capacitor in parallel), and rises again from
 * a minimum u = V_hold (hot branch). The input current I_in = (V - u) / r_l
 * is constant under a current drive, so the capacitor obeys
 *   c du/dt = I_in - I_branch(u):
 * it charges along the cold branch from V_hold to V_th (I_in above the cold
 * current), the channel runs away to the hot branch at V_th, discharges it
 * along the hot branch down to V_hold (hot current above I_in), drops to the
 * cold branch, and again. The interval is the charge time plus the
 * discharge time,
 *   t = c [ int_{V_hold}^{V_th} du / (I_in - I_cold(u))
 *         + int_{V_hold}^{V_th} du / (I_hot(u) - I_in) ] = c K(I_in),
 * proportional to c; K depends on the device and the input alone. The test
 * computes K from the card's parameters (the branches parametrised by T,
 * trapezoids) and measures the interval at c = 0.5, 1, 2 and 4 nF. The
 * thermal time adds a delay at each switching independent of c (of order
 * ns), so interval / c exceeds K by a little at small c. Oscillation needs
 * I_cold(V_th) < I_in < I_hot(V_hold): below, the capacitor settles on the
 * cold branch; above, the channel stays on the hot one. */
#include "mxb_test.h"
#include "dev_bench.h"

#define NB_CARD "nbo2_neuron.json"
#define KB_EV 8.617333262e-5

typedef struct {
  double g0, ea, rc, rth, temp;
} nb_par_t;

static nb_par_t nb_par(bench_t *b) {
  const mxb_device_t *d = mxb_array_cell_model(b->a, MXB_PART_MEMORY);
  nb_par_t q;
  mxb_device_get(b->ctx, d, "g0", &q.g0);
  mxb_device_get(b->ctx, d, "e_a", &q.ea);
  mxb_device_get(b->ctx, d, "r_c", &q.rc);
  mxb_device_get(b->ctx, d, "r_th", &q.rth);
  mxb_device_get(b->ctx, d, "temp", &q.temp);
  return q;
}

/* The steady state at channel temperature T: device voltage and current. */
static void nb_steady(const nb_par_t *q, double T, double *u, double *i) {
  double g = q->g0 * exp(-q->ea / (KB_EV * T)), pw = (T - q->temp) / q->rth;
  double vc = sqrt(pw / g);
  *i = g * vc;
  *u = vc + q->rc * *i;
}

/* K (s/F) of the interval t = c K at input iin; *vth, *vh, *ith, *ih get the
 * turning points. */
static double nb_k(const nb_par_t *q, double iin, double *vth, double *vh, double *ith,
                   double *ih) {
  enum { N = 400000 };
  static double u[N], i[N];
  double t0 = q->temp + 1e-6, t1 = 5000.0;
  for (int k = 0; k < N; k++) nb_steady(q, t0 + (t1 - t0) * k / (N - 1), &u[k], &i[k]);
  int a = 1, h;
  while (a < N - 1 && u[a + 1] > u[a]) a++;
  h = a;
  while (h < N - 1 && u[h + 1] < u[h]) h++;
  assert_true(a < h && h < N - 1);
  *vth = u[a];
  *ith = i[a];
  *vh = u[h];
  *ih = i[h];
  double kc = 0, kh = 0;
  for (int k = 0; k < a; k++)
    if (u[k] >= *vh) kc += 0.5 * (u[k + 1] - u[k]) * (1 / (iin - i[k]) + 1 / (iin - i[k + 1]));
  for (int k = h; k < N - 1 && u[k + 1] <= *vth; k++)
    kh += 0.5 * (u[k + 1] - u[k]) * (1 / (i[k] - iin) + 1 / (i[k + 1] - iin));
  return kc + kh;
}

static double state(bench_t *b, const char *name) {
  double x = NAN;
  BENCH_OK(mxb_array_cell_state_value(b->a, 0, 0, 0, name, &x), b->ctx);
  return x;
}

/* Spikes under a constant input current iin for t_end, sampled every dt:
 * a spike is the channel temperature rising through t_mid. Returns the
 * count; their times into ts[] (up to nmax). */
static int nb_spikes(bench_t *b, double iin, double t_end, double dt, double t_mid, double *ts,
                     int nmax) {
  BENCH_OK(mxb_array_set_end(b->a, 0.0, 0, 0, MXB_END_A, MXB_TERM_CURRENT, iin, 0.0), b->ctx);
  int n = 0, hot = 0;
  for (double t = dt; t <= t_end; t += dt) {
    bench_advance(b, t);
    double T = state(b, "temp_ch");
    if (!hot && T > t_mid) {
      if (n < nmax) ts[n] = t;
      n++;
    }
    hot = T > t_mid;
  }
  return n;
}

/* The interval scales with C: at 20 uA, c = 0.5, 1, 2, 4 nF, the mean
 * interval of the spikes after the first (the first charge starts from
 * 0 V) is c K within 4 %, and the slope of the interval against c (least
 * squares) is K within 1 %; the intercept is the thermal delay (positive,
 * below 5 % of the 1 nF interval; with c_th ten times smaller the 0.5 nF
 * interval falls from 17.05 to 16.67 us/nF, K = 16.53, and ten times finer
 * numerical steps move it by 0.2 %). */
static void test_interval_scales_with_c(void **st) {
  (void)st;
  const double cs[4] = {0.5e-9, 1e-9, 2e-9, 4e-9};
  double iv[4], K = NAN, vth, vh, ith, ih;
  for (int k = 0; k < 4; k++) {
    char ovr[64];
    snprintf(ovr, sizeof ovr, "c=%g", cs[k]);
    bench_t *b = bench_new(1, NB_CARD, NULL, ovr);
    nb_par_t q = nb_par(b);
    K = nb_k(&q, 20e-6, &vth, &vh, &ith, &ih);
    double ts[16], span = 12 * cs[k] * K; /* the first charge and about 10 spikes */
    int n = nb_spikes(b, 20e-6, span, cs[k] * K / 1000, 0.5 * (400 + 1000), ts, 16);
    assert_true(n >= 8);
    if (n > 16) n = 16;
    iv[k] = (ts[n - 1] - ts[1]) / (n - 2);
    /* every interval equal (a limit cycle) */
    for (int j = 2; j < n; j++) assert_close_rel(ts[j] - ts[j - 1], iv[k], 0.01);
    print_message("# c = %.2g nF: %d spikes, interval %.4g us, interval/c %.4g us/nF (K %.4g)\n",
                  cs[k] * 1e9, n, iv[k] * 1e6, iv[k] / cs[k] * 1e-3, K * 1e-3);
    assert_close_rel(iv[k] / cs[k], K, 0.04);
    bench_free(b);
  }
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (int k = 0; k < 4; k++) {
    sx += cs[k];
    sy += iv[k];
    sxx += cs[k] * cs[k];
    sxy += cs[k] * iv[k];
  }
  double slope = (4 * sxy - sx * sy) / (4 * sxx - sx * sx), icpt = (sy - slope * sx) / 4;
  print_message("# V_th %.3f V at %.3g A, V_hold %.3f V at %.3g A; interval = %.4g us/nF c + %.3g us\n",
                vth, ith, vh, ih, slope * 1e-3, icpt * 1e6);
  assert_close_rel(slope, K, 0.01);
  /* the thermal switching delay: positive, independent of c, a few tenths
   * of a us (0.2 us with r_th c_th = 1 ns; it shrinks with c_th) */
  assert_true(icpt > 0 && icpt < 0.05 * K * 1e-9);
  assert_true(vth > 0.9 && vth < 1.1 && ith < 20e-6 && ih > 20e-6);
}

/* No oscillation outside the negative-resistance range: 3 uA (below the
 * threshold current) charges the capacitor to a steady point on the cold
 * branch (no spike), 150 uA (above the hold current) switches the channel
 * once and it stays hot (one spike). */
static void test_no_oscillation_outside_ndr(void **st) {
  (void)st;
  double ts[4];
  bench_t *b = bench_new(1, NB_CARD, NULL, NULL);
  int n = nb_spikes(b, 3e-6, 2e-3, 1e-6, 700, ts, 4);
  double u = state(b, "u");
  print_message("# 3 uA: %d spikes, u settles at %.3f V\n", n, u);
  assert_int_equal(n, 0);
  assert_true(u > 0.5 && u < 1.0);
  bench_free(b);
  b = bench_new(1, NB_CARD, NULL, NULL);
  n = nb_spikes(b, 150e-6, 200e-6, 0.1e-6, 700, ts, 4);
  double T = state(b, "temp_ch");
  print_message("# 150 uA: %d spike(s), channel stays at %.0f K\n", n, T);
  assert_int_equal(n, 1);
  assert_true(T > 1000);
  bench_free(b);
}

/* Card errors name the key: an unknown key, and a value out of range. */
static void test_card_errors(void **st) {
  (void)st;
  mxb_ctx_t *ctx = mxb_ctx_new(1);
  char p[1024];
  mxbt_card(NB_CARD, p, sizeof p);
  assert_null(mxb_device_load(ctx, p, "c=-1e-9"));
  assert_msg_has(ctx, "'c'");
  assert_null(mxb_device_load(ctx, p, "capacitance=1e-9"));
  assert_msg_has(ctx, "capacitance");
  mxb_ctx_free(ctx);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_interval_scales_with_c),
      cmocka_unit_test(test_no_oscillation_outside_ndr),
      cmocka_unit_test(test_card_errors),
  };
  return cmocka_run_group_tests_name("dev_nbo2", tests, NULL, NULL);
}
