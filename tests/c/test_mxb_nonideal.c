/* Unit and statistics tests of the non-ideality layer (models_c/src/mxb_nonideal.c,
 * issue 17): parameter table and card parsing, read noise, random telegraph
 * noise, drift, retention, faults, endurance wear, temperature clocks.
 *
 * Statistics use at least 1e4 draws per law and compare against closed forms
 * written here from the physics (not read back from the model):
 *   read noise: sample sigma within 3 % of 4kTG df, 2qI df, alpha I^2 ln(f_hi/f_lo)
 *     (integrated numerically from S_I = alpha I^2 / f), (rel I)^2 and their sum;
 *   RTN: dwell times exponential with the card's means (Kolmogorov-Smirnov, 1 %);
 *     trap times log-uniform between the card bounds (KS, 1 %); the state at
 *     common instants identical when sampled every 1 ns and every 1 ms;
 *   drift: exponent recovered within 5 % by a log-log fit, its spread too;
 *   faults: rates within binomial 3 sigma; endurance: lognormal median and sigma;
 *   order independence of every draw. */
#include "mxb_test.h"
#include "mxb_nonideal.h"

static mxb_ctx_t *ctx;

static int setup(void **st) {
  (void)st;
  ctx = mxb_ctx_new(1);
  return ctx ? 0 : -1;
}
static int teardown(void **st) {
  (void)st;
  mxb_ctx_free(ctx);
  return 0;
}

/* Physical constants written out here (CODATA 2018 exact), independent of the
 * model's macros. */
static const double kB = 1.380649e-23, qe = 1.602176634e-19, kB_eV = 8.617333262e-5;

/* Parameters from defaults plus overrides "key=value,..." (no prefix). */
static void ni_make(mxbi_ni_t *ni, const char *ovr_text) {
  mxbi_ovr_t o;
  assert_int_equal(mxbi_ovr_parse(ctx, ovr_text, &o), MXB_OK);
  int rc = mxbi_ni_from_json(ctx, ni, NULL, "<test>", &o, "");
  if (rc) print_error("%s\n", mxb_ctx_errmsg(ctx));
  assert_int_equal(rc, MXB_OK);
  assert_int_equal(mxbi_ovr_check_used(ctx, &o, "<test>"), MXB_OK);
  mxbi_ovr_free(&o);
}

static int cmp_dbl(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Kolmogorov-Smirnov statistic of x[0..n) (sorted here) against cdf. */
static double ks_stat(double *x, size_t n, double (*cdf)(double, double), double par) {
  qsort(x, n, sizeof *x, cmp_dbl);
  double d = 0;
  for (size_t i = 0; i < n; i++) {
    double f = cdf(x[i], par);
    double a = f - (double)i / (double)n, b = (double)(i + 1) / (double)n - f;
    if (a > d) d = a;
    if (b > d) d = b;
  }
  return d;
}
/* Asymptotic critical value at significance alpha: sqrt(-ln(alpha/2)/2)/sqrt(n). */
static double ks_crit(double alpha, size_t n) {
  return sqrt(-0.5 * log(alpha / 2.0)) / sqrt((double)n);
}
static double cdf_exp(double x, double mean) { return x <= 0 ? 0.0 : 1.0 - exp(-x / mean); }
static double cdf_unif01(double x, double unused) {
  (void)unused;
  return x <= 0 ? 0.0 : x >= 1 ? 1.0 : x;
}

static void mean_sd(const double *x, size_t n, double *m, double *sd) {
  double s = 0, ss = 0;
  for (size_t i = 0; i < n; i++) s += x[i];
  *m = s / (double)n;
  for (size_t i = 0; i < n; i++) ss += (x[i] - *m) * (x[i] - *m);
  *sd = sqrt(ss / (double)(n - 1));
}

/* ------------------------------------------------------------ parameters */

static void test_param_table(void **st) {
  (void)st;
  const mxb_param_def_t *d = mxbi_ni_param_defs();
  for (int i = 0; i < MXBI_NI_NPARAM; i++) {
    assert_true(d[i].name && d[i].name[0]);
    assert_true(d[i].unit && d[i].unit[0]);
    assert_true(d[i].provenance && strlen(d[i].provenance) > 10);
    assert_true(d[i].doc && d[i].doc[0]);
    assert_true(d[i].min <= d[i].def && d[i].def <= d[i].max);
    assert_int_equal(mxbi_ni_param_find(d[i].name), i);
    for (int j = 0; j < i; j++) assert_string_not_equal(d[i].name, d[j].name);
  }
  assert_int_equal(mxbi_ni_param_find("no_such"), -1);
  /* every effect off by default, and the defaults pass the combination check */
  mxbi_ni_t ni;
  mxbi_ni_defaults(&ni);
  assert_int_equal(mxbi_ni_check(ctx, &ni, "<defaults>"), MXB_OK);
  const char *sw[] = {"read_noise", "rtn", "drift", "retention", "faults", "wear"};
  for (size_t k = 0; k < sizeof sw / sizeof sw[0]; k++) {
    int i = mxbi_ni_param_find(sw[k]);
    assert_true(i >= 0);
    assert_true(ni.p[i] == 0.0);
    assert_true(mxbi_ni_param_whole(i));
  }
  /* ... so every law is the identity */
  assert_true(mxbi_ni_read(&ni, 1, 2, 3, 1.25e-6, 1e-3, 300) == 1.25e-6);
  assert_int_equal(mxbi_ni_rtn_traps(&ni), 0);
  mxbi_ni_clocks_t c;
  mxbi_ni_clocks_init(&ni, &c, 0.0, 300.0);
  mxbi_ni_cell_t cell;
  for (unsigned r = 0; r < 200; r++) {
    mxbi_ni_cell_init(&ni, &cell, 5, 0, r, 3, &c, 0.0);
    assert_int_equal(cell.fault, MXBI_NI_FAULT_NONE);
    assert_true(mxbi_ni_cell_factor(&ni, &cell, &c, 1e9, 1e-4) == 1.0);
    for (int k = 0; k < 3; k++) assert_int_equal(mxbi_ni_cell_switched(&ni, &cell, &c, 1.0, 1e-4), 0);
  }
}

/* Write a card {"mxb_card":1, "kind":"array", "nonideal": <sec>} and parse
 * the section with overrides; returns the code, ni filled. */
static int parse_card(const char *tag, const char *sec, const char *ovr_text, mxbi_ni_t *ni,
                      char *path, size_t n) {
  char text[4096];
  snprintf(text, sizeof text, "{\"mxb_card\": 1, \"kind\": \"array\", \"nonideal\": %s}", sec);
  mxbt_write_temp(tag, text, path, n);
  mxb_ctx_clear_error(ctx);
  cJSON *card = mxbi_card_read(ctx, path);
  assert_non_null(card);
  mxbi_ovr_t o;
  assert_int_equal(mxbi_ovr_parse(ctx, ovr_text, &o), MXB_OK);
  int rc = mxbi_ni_from_json(ctx, ni, cJSON_GetObjectItemCaseSensitive(card, "nonideal"),
                             path, &o, "nonideal.");
  if (rc == MXB_OK) rc = mxbi_ovr_check_used(ctx, &o, path);
  mxbi_ovr_free(&o);
  cJSON_Delete(card);
  unlink(path);
  return rc;
}

#define Q(v, u) "{\"value\": " #v ", \"unit\": \"" u "\", \"source\": \"test\"}"

static void test_card_parse(void **st) {
  (void)st;
  char path[256];
  mxbi_ni_t ni;
  int rc = parse_card("ni-ok",
                      "{\"read_noise\": " Q(1, "1") ", \"read_df\": " Q(1e5, "Hz")
                      ", \"drift_nu\": " Q(0.06, "1") ", \"temp\": " Q(358, "K") "}",
                      "nonideal.drift_nu=0.07,nonideal.rtn=1", &ni, path, sizeof path);
  if (rc) print_error("%s\n", mxb_ctx_errmsg(ctx));
  assert_int_equal(rc, MXB_OK);
  assert_true(ni.p[MXBI_NI_P_READ] == 1.0);
  assert_true(ni.p[MXBI_NI_P_READ_DF] == 1e5);
  assert_true(ni.p[MXBI_NI_P_TEMP] == 358.0);
  assert_true(ni.p[MXBI_NI_P_DRIFT_NU] == 0.07); /* the override wins */
  assert_int_equal(ni.from[MXBI_NI_P_DRIFT_NU], MXBI_NI_FROM_OVERRIDE);
  assert_int_equal(ni.from[MXBI_NI_P_READ_DF], MXBI_NI_FROM_CARD);
  assert_int_equal(ni.from[MXBI_NI_P_RTN], MXBI_NI_FROM_OVERRIDE);
  assert_int_equal(ni.from[MXBI_NI_P_G_ON], MXBI_NI_FROM_DEFAULT);
  /* run-time set: checked, unchanged on error */
  assert_int_equal(mxbi_ni_set(ctx, &ni, "read_df", 2e4, "tb.sv:12"), MXB_OK);
  assert_true(ni.p[MXBI_NI_P_READ_DF] == 2e4);
  assert_int_equal(mxbi_ni_set(ctx, &ni, "read_df", -1, "tb.sv:13"), MXB_ERANGE);
  assert_msg_has(ctx, "tb.sv:13");
  assert_msg_has(ctx, "nonideal.read_df");
  assert_true(ni.p[MXBI_NI_P_READ_DF] == 2e4);
  assert_int_equal(mxbi_ni_set(ctx, &ni, "g_off", 1.0, "tb.sv:14"), MXB_ERANGE);
  assert_msg_has(ctx, "nonideal.g_off");
  assert_msg_has(ctx, "nonideal.g_on");
  assert_true(ni.p[MXBI_NI_P_G_OFF] == 1e-9);
  assert_int_equal(mxbi_ni_set(ctx, &ni, "bogus", 1.0, "tb.sv:15"), MXB_EKEY);
  assert_msg_has(ctx, "bogus");
}

/* The parse must fail with code, and the message must name the file and frag. */
static void expect_fail(const char *sec, const char *ovr_text, int code, const char *frag) {
  char path[256];
  mxbi_ni_t ni;
  int rc = parse_card("ni-bad", sec, ovr_text, &ni, path, sizeof path);
  if (rc != code) {
    print_error("section %s overrides %s: got %s (%s), expected %s\n", sec,
                ovr_text ? ovr_text : "-", mxb_errname(rc), mxb_ctx_errmsg(ctx),
                mxb_errname(code));
    fail();
  }
  assert_msg_has(ctx, path);
  assert_msg_has(ctx, frag);
}

static void test_card_errors(void **st) {
  (void)st;
  expect_fail("{\"read_nosie\": " Q(1, "1") "}", NULL, MXB_EKEY, "nonideal.read_nosie");
  expect_fail("{\"read_df\": " Q(-5, "Hz") "}", NULL, MXB_ERANGE, "nonideal.read_df");
  expect_fail("{\"read_df\": " Q(5, "kHz") "}", NULL, MXB_EUNIT, "nonideal.read_df");
  expect_fail("{\"rtn\": " Q(0.5, "1") "}", NULL, MXB_ETYPE, "nonideal.rtn");
  expect_fail("{\"rtn_traps\": " Q(9, "1") "}", NULL, MXB_ERANGE, "nonideal.rtn_traps");
  expect_fail("{\"drift_nu\": {\"value\": 0.05, \"unit\": \"1\"}}", NULL, MXB_EMISSING,
              "nonideal.drift_nu.source");
  expect_fail("{\"drift_nu\": {\"value\": 0.05, \"unit\": \"1\", \"source\": \"x\", "
              "\"extra\": 1}}", NULL, MXB_EKEY, "nonideal.drift_nu.extra");
  expect_fail("{\"drift_nu\": 0.05}", NULL, MXB_ETYPE, "nonideal.drift_nu");
  expect_fail("[1, 2]", NULL, MXB_ETYPE, "nonideal");
  expect_fail("{\"rtn_tau_c_min\": " Q(1e-3, "s") ", \"rtn_tau_c_max\": " Q(1e-4, "s") "}",
              NULL, MXB_ERANGE, "nonideal.rtn_tau_c_max");
  expect_fail("{\"fault_p_open\": " Q(0.95, "1") "}", NULL, MXB_ERANGE, "fault_p_open");
  expect_fail("{}", "nonideal.drift_nu=2", MXB_ERANGE, "override 'nonideal.drift_nu'");
  expect_fail("{}", "nonideal.wear=0.3", MXB_ETYPE, "override 'nonideal.wear'");
  expect_fail("{}", "nonideal.no_such=1", MXB_EKEY, "nonideal.no_such");
}

/* ------------------------------------------------------------- read noise */

#define N_READ 20000

/* Sample sigma of N_READ noisy readings of one cell (keys: time i ns, counter 0). */
static double read_sd(const mxbi_ni_t *ni, unsigned col, double I, double G, double T,
                      double *mean) {
  static double x[N_READ];
  uint64_t s = mxb_rng_stream(MXB_RNG_READ, 0, 3, col); /* one cell per check */
  for (int i = 0; i < N_READ; i++)
    x[i] = mxbi_ni_read(ni, 11, s, mxbi_ni_read_key((double)i * 1e-9, 0), I, G, T) - I;
  double m, sd;
  mean_sd(x, N_READ, &m, &sd);
  if (mean) *mean = m;
  return sd;
}

/* Variance of 1/f noise by Simpson's rule on S_I(f) = alpha I^2 / f over
 * [f_lo, f_hi], in ln f (f S(f) d ln f). */
static double flicker_var_numeric(double alpha, double I, double f_lo, double f_hi) {
  const int n = 2000;
  double a = log(f_lo), b = log(f_hi), h = (b - a) / n, s = 0;
  for (int i = 0; i <= n; i++) {
    double f = exp(a + i * h), y = f * alpha * I * I / f;
    s += (i == 0 || i == n) ? y : (i % 2 ? 4 * y : 2 * y);
  }
  return s * h / 3;
}

static void test_read_noise_components(void **st) {
  (void)st;
  mxbi_ni_t ni;
  double m;
  const double T = 330.0, df = 1e6;
  /* thermal alone: I = 0 removes shot, 1/f and the relative term */
  ni_make(&ni, "read_noise=1,read_df=1e6");
  double want = sqrt(4 * kB * T * 1e-3 * df), got = read_sd(&ni, 0, 0.0, 1e-3, T, &m);
  print_message("read noise thermal: sample sigma %.5g A, 4kTG df -> %.5g A (%.2f %%)\n", got,
                want, 100 * (got / want - 1));
  assert_close_rel(got, want, 0.03);
  assert_true(fabs(m) < 5 * want / sqrt(N_READ));
  /* shot alone: G = 0 and no 1/f, no relative term */
  ni_make(&ni, "read_noise=1,read_df=1e6,read_hooge=0,read_rel=0");
  want = sqrt(2 * qe * 2e-6 * df);
  got = read_sd(&ni, 1, 2e-6, 0.0, T, &m);
  print_message("read noise shot: sample sigma %.5g A, 2qI df -> %.5g A (%.2f %%)\n", got, want,
                100 * (got / want - 1));
  assert_close_rel(got, want, 0.03);
  /* 1/f alone */
  ni_make(&ni, "read_noise=1,read_df=1e6,read_f_lo=0.5,read_hooge=2e-4,read_rel=0,"
               "read_shot=0,read_thermal=0");
  want = sqrt(flicker_var_numeric(2e-4, 3e-5, 0.5, 1e6));
  got = read_sd(&ni, 2, 3e-5, 1e-3, T, &m);
  print_message("read noise 1/f: sample sigma %.5g A, integral of alpha I^2/f -> %.5g A (%.2f %%)\n",
                got, want, 100 * (got / want - 1));
  assert_close_rel(got, want, 0.03);
  /* plain relative sigma alone */
  ni_make(&ni, "read_noise=1,read_hooge=0,read_rel=0.02,read_shot=0,read_thermal=0");
  want = 0.02 * 4e-5;
  got = read_sd(&ni, 3, -4e-5, 1e-3, T, &m);
  print_message("read noise relative: sample sigma %.5g A, rel |I| -> %.5g A (%.2f %%)\n", got,
                want, 100 * (got / want - 1));
  assert_close_rel(got, want, 0.03);
  /* all four together, of comparable size: the variances add */
  ni_make(&ni, "read_noise=1,read_df=1e6,read_f_lo=1,read_hooge=1e-8,read_rel=4e-4");
  double I = 1e-6, G = 1e-5;
  double v = 4 * kB * T * G * df + 2 * qe * I * df + flicker_var_numeric(1e-8, I, 1, df) +
             4e-4 * 4e-4 * I * I;
  want = sqrt(v);
  got = read_sd(&ni, 4, I, G, T, &m);
  mxbi_ni_read_sigma_t comp;
  mxbi_ni_read_sigma(&ni, I, G, T, &comp);
  print_message("read noise sum: sample sigma %.5g A, closed form %.5g A (%.2f %%); terms "
                "%.3g %.3g %.3g %.3g A\n", got, want, 100 * (got / want - 1), comp.thermal,
                comp.shot, comp.flicker, comp.rel);
  assert_close_rel(got, want, 0.03);
  /* each term is within a factor 3 of the others, so the sum checks all four */
  assert_true(comp.thermal > comp.rel / 3 && comp.shot > comp.rel / 3 &&
              comp.flicker > comp.rel / 3 && comp.rel > comp.thermal / 3);
  /* bandwidth at or below f_lo: no 1/f term */
  ni_make(&ni, "read_noise=1,read_df=1,read_f_lo=1,read_shot=0,read_thermal=0,read_rel=0");
  assert_true(mxbi_ni_read_sigma(&ni, 1e-3, 1e-3, T, NULL) == 0.0);
}

static void test_read_noise_keys(void **st) {
  (void)st;
  mxbi_ni_t ni;
  ni_make(&ni, "read_noise=1");
  /* a reading is a pure function of (seed, stream, key): cells read forwards,
   * backwards or alone give the same numbers */
  double fwd[64], bwd[64];
  uint64_t key = mxbi_ni_read_key(12.5e-9, 3);
  for (int i = 0; i < 64; i++)
    fwd[i] = mxbi_ni_read(&ni, 9, mxb_rng_stream(MXB_RNG_READ, 0, (unsigned)i / 8, (unsigned)i % 8),
                          key, 1e-5, 1e-4, 300);
  for (int i = 63; i >= 0; i--)
    bwd[i] = mxbi_ni_read(&ni, 9, mxb_rng_stream(MXB_RNG_READ, 0, (unsigned)i / 8, (unsigned)i % 8),
                          key, 1e-5, 1e-4, 300);
  for (int i = 0; i < 64; i++) {
    assert_true(fwd[i] == bwd[i]);
    assert_true(fwd[i] != 1e-5);
  }
  assert_true(mxbi_ni_read(&ni, 9, mxb_rng_stream(MXB_RNG_READ, 0, 2, 5), key, 1e-5, 1e-4, 300) ==
              fwd[21]);
  /* keys: time and counter both matter, -0 == +0, lines have their own streams */
  assert_true(mxbi_ni_read_key(1e-9, 0) != mxbi_ni_read_key(1e-9, 1));
  assert_true(mxbi_ni_read_key(1e-9, 0) != mxbi_ni_read_key(2e-9, 0));
  assert_true(mxbi_ni_read_key(0.0, 4) == mxbi_ni_read_key(-0.0, 4));
  assert_true(mxbi_ni_line_stream(1, 7) != mxb_rng_stream(MXB_RNG_READ, 0, 1, 7));
  assert_true(mxbi_ni_line_stream(1, 7) != mxbi_ni_line_stream(0, 7));
  /* 1e4 keys of consecutive times and counters are all distinct */
  static uint64_t k[10000];
  for (int i = 0; i < 10000; i++) k[i] = mxbi_ni_read_key((double)(i / 4) * 1e-9, (uint64_t)(i % 4));
  for (int i = 0; i < 10000; i++)
    for (int j = i + 1; j < 10000; j += 97) assert_true(k[i] != k[j]);
}

/* -------------------------------------------------------------------- RTN */

#define N_DWELL 12000

static void test_rtn_dwell_ks(void **st) {
  (void)st;
  mxbi_ni_t ni;
  /* the card fixes both means: capture 2 us, emission 5 us */
  ni_make(&ni, "rtn=1,rtn_traps=1,rtn_tau_c_min=2e-6,rtn_tau_c_max=2e-6,"
               "rtn_tau_e_min=5e-6,rtn_tau_e_max=5e-6");
  static double d_empty[N_DWELL], d_occ[N_DWELL];
  size_t ne = 0, no = 0;
  mxbi_ni_trap_t tr;
  uint64_t s = mxb_rng_stream(MXB_RNG_RTN, 0, 1, 2);
  mxbi_ni_rtn_init(&ni, &tr, 1, 3, s, 0.0);
  assert_close_rel(tr.tau_c, 2e-6, 1e-12);
  assert_close_rel(tr.tau_e, 5e-6, 1e-12);
  /* step from switch to switch through the public advance; record each dwell */
  while (ne < N_DWELL || no < N_DWELL) {
    double t_sw = tr.t_next;
    int occ_before = tr.occ;
    assert_int_equal(mxbi_ni_rtn_advance(&tr, 1, 3, s, t_sw), 0);
    assert_int_equal(tr.occ, !occ_before);
    double dwell = tr.t_next - t_sw;
    assert_true(dwell > 0);
    if (tr.occ && no < N_DWELL) d_occ[no++] = dwell;
    if (!tr.occ && ne < N_DWELL) d_empty[ne++] = dwell;
  }
  double me, se, mo, so;
  mean_sd(d_empty, N_DWELL, &me, &se);
  mean_sd(d_occ, N_DWELL, &mo, &so);
  double crit = ks_crit(0.01, N_DWELL);
  double De = ks_stat(d_empty, N_DWELL, cdf_exp, 2e-6);
  double Do = ks_stat(d_occ, N_DWELL, cdf_exp, 5e-6);
  print_message("RTN dwell empty: n %d mean %.4g s (card 2e-6), KS D = %.4f, critical (1 %%) %.4f\n",
                N_DWELL, me, De, crit);
  print_message("RTN dwell occupied: n %d mean %.4g s (card 5e-6), KS D = %.4f, critical (1 %%) %.4f\n",
                N_DWELL, mo, Do, crit);
  assert_true(De < crit);
  assert_true(Do < crit);
  /* the test has power: the same dwells against the swapped mean fail */
  assert_true(ks_stat(d_empty, N_DWELL, cdf_exp, 5e-6) > crit);
}

static void test_rtn_trap_distributions(void **st) {
  (void)st;
  mxbi_ni_t ni;
  ni_make(&ni, "rtn=1,rtn_traps=2,rtn_tau_c_min=1e-6,rtn_tau_c_max=1e-2,"
               "rtn_tau_e_min=1e-5,rtn_tau_e_max=1e-1,rtn_amp=0.03,rtn_amp_sigma=0.4");
  enum { NC = 5000 };
  static double uc[2 * NC], ue[2 * NC], la[2 * NC];
  size_t n = 0, occ = 0;
  double p_sum = 0;
  for (unsigned i = 0; i < NC; i++) {
    mxbi_ni_trap_t tr[2];
    mxbi_ni_rtn_init(&ni, tr, 2, 17, mxb_rng_stream(MXB_RNG_RTN, 0, i / 100, i % 100), 0.0);
    for (int k = 0; k < 2; k++, n++) {
      uc[n] = (log(tr[k].tau_c) - log(1e-6)) / (log(1e-2) - log(1e-6));
      ue[n] = (log(tr[k].tau_e) - log(1e-5)) / (log(1e-1) - log(1e-5));
      la[n] = log(tr[k].amp);
      occ += (size_t)tr[k].occ;
      p_sum += tr[k].tau_e / (tr[k].tau_c + tr[k].tau_e);
    }
  }
  double crit = ks_crit(0.01, n);
  double Dc = ks_stat(uc, n, cdf_unif01, 0), De = ks_stat(ue, n, cdf_unif01, 0);
  print_message("RTN trap times: %zu traps, log-uniform KS D = %.4f (capture), %.4f (emission), "
                "critical (1 %%) %.4f\n", n, Dc, De, crit);
  assert_true(Dc < crit && De < crit);
  double m, sd;
  mean_sd(la, n, &m, &sd);
  print_message("RTN amplitude: median %.4g (card 0.03), ln sigma %.4f (card 0.4)\n", exp(m), sd);
  assert_close_rel(exp(m), 0.03, 0.03);
  assert_close_rel(sd, 0.4, 0.03);
  /* initial occupancy stationary: P(occ) = tau_e / (tau_c + tau_e), binomial 3 sigma */
  double p = p_sum / (double)n;
  assert_true(fabs((double)occ - p * (double)n) < 3 * sqrt((double)n * p * (1 - p)));
  /* the factor law: 1 - sum of the occupied amplitudes, never below 0 */
  mxbi_ni_trap_t t2[2];
  memset(t2, 0, sizeof t2);
  t2[0].amp = 0.1; t2[1].amp = 0.25;
  assert_true(mxbi_ni_rtn_factor(t2, 2) == 1.0);
  t2[1].occ = 1;
  assert_close_rel(mxbi_ni_rtn_factor(t2, 2), 0.75, 1e-15);
  t2[0].occ = 1;
  assert_close_rel(mxbi_ni_rtn_factor(t2, 2), 0.65, 1e-15);
  t2[0].amp = 0.9;
  assert_true(mxbi_ni_rtn_factor(t2, 2) == 0.0);
}

/* Sampling every 1 ns and every 1 ms over 10 ms: identical trap states (occupancy,
 * event count, next switch time) at every common instant. */
static void test_rtn_cadence_exact(void **st) {
  (void)st;
  mxbi_ni_t ni;
  ni_make(&ni, "rtn=1,rtn_traps=4,rtn_tau_c_min=1e-6,rtn_tau_c_max=1e-3,"
               "rtn_tau_e_min=1e-6,rtn_tau_e_max=1e-3");
  enum { NCELL = 4, NT = 4, STEPS_PER_MS = 1000000, MS = 10 };
  mxbi_ni_clocks_t c;
  mxbi_ni_clocks_init(&ni, &c, 0.0, 300.0);
  mxbi_ni_trap_t fine[NCELL][NT], coarse[NCELL][NT];
  uint64_t s[NCELL];
  for (int j = 0; j < NCELL; j++) {
    s[j] = mxb_rng_stream(MXB_RNG_RTN, 0, 4, (unsigned)j);
    mxbi_ni_rtn_init(&ni, fine[j], NT, 21, s[j], 0.0);
    mxbi_ni_rtn_init(&ni, coarse[j], NT, 21, s[j], 0.0);
  }
  long flips = 0, compared = 0, occ_changes = 0;
  int prev_occ[NCELL][NT];
  for (int j = 0; j < NCELL; j++)
    for (int k = 0; k < NT; k++) prev_occ[j][k] = fine[j][k].occ;
  for (long i = 1; i <= (long)STEPS_PER_MS * MS; i++) {
    double t = (double)i * 1e-9;
    double th = mxbi_ni_clock_at(&c.rtn, t);
    for (int j = 0; j < NCELL; j++) assert_int_equal(mxbi_ni_rtn_advance(fine[j], NT, 21, s[j], th), 0);
    if (i % STEPS_PER_MS) continue;
    for (int j = 0; j < NCELL; j++) {
      assert_int_equal(mxbi_ni_rtn_advance(coarse[j], NT, 21, s[j], th), 0);
      for (int k = 0; k < NT; k++) {
        assert_int_equal(fine[j][k].occ, coarse[j][k].occ);
        assert_true(fine[j][k].n == coarse[j][k].n);
        assert_true(fine[j][k].t_next == coarse[j][k].t_next);
        occ_changes += fine[j][k].occ != prev_occ[j][k];
        prev_occ[j][k] = fine[j][k].occ;
        compared++;
      }
      assert_true(mxbi_ni_rtn_factor(fine[j], NT) == mxbi_ni_rtn_factor(coarse[j], NT));
    }
  }
  for (int j = 0; j < NCELL; j++)
    for (int k = 0; k < NT; k++) flips += (long)fine[j][k].n;
  print_message("RTN cadence: %ld trap states compared at 1 ms instants, identical; %ld switch "
                "events in 10 ms, %ld occupancy changes between instants\n", compared, flips,
                occ_changes);
  /* the comparison is not vacuous: many events and changing occupancies */
  assert_true(flips > 1000);
  assert_true(occ_changes > 10);
  /* going back in time is refused and leaves the traps alone */
  mxbi_ni_trap_t keep = fine[0][0];
  assert_int_equal(mxbi_ni_rtn_advance(fine[0], NT, 21, s[0], 1e-3), MXB_ETIME);
  assert_true(fine[0][0].t_next == keep.t_next && fine[0][0].n == keep.n);
}

/* A trap far faster than the calls: after MXBI_NI_RTN_MAX_EVENTS flips the state
 * is drawn from the exact transition probability; the occupancy seen at 1 ms
 * intervals is the stationary tau_e / (tau_c + tau_e), binomial 3 sigma. */
static void test_rtn_fast_trap_fallback(void **st) {
  (void)st;
  mxbi_ni_t ni;
  ni_make(&ni, "rtn=1,rtn_traps=1,rtn_tau_c_min=1e-12,rtn_tau_c_max=1e-12,"
               "rtn_tau_e_min=3e-12,rtn_tau_e_max=3e-12");
  enum { NCELL = 500, NS = 20 };
  long occ = 0, capped = 0, n = 0;
  for (unsigned i = 0; i < NCELL; i++) {
    mxbi_ni_trap_t tr;
    uint64_t s = mxb_rng_stream(MXB_RNG_RTN, 0, 9, i);
    mxbi_ni_rtn_init(&ni, &tr, 1, 5, s, 0.0);
    for (int j = 1; j <= NS; j++) {
      int rc = mxbi_ni_rtn_advance(&tr, 1, 5, s, (double)j * 1e-3);
      assert_true(rc >= 0);
      capped += rc;
      occ += tr.occ;
      n++;
    }
  }
  double p = 0.75, sd = sqrt((double)n * p * (1 - p));
  print_message("RTN fast trap: %ld samples, %ld took the capped path, occupied fraction %.4f "
                "(stationary 0.75, 3 sigma %.4f)\n", n, capped, (double)occ / (double)n,
                3 * sd / (double)n);
  assert_int_equal(capped, n);
  assert_true(fabs((double)occ - p * (double)n) < 3 * sd);
}

/* ------------------------------------------------- drift and retention */

static void test_drift_power_law(void **st) {
  (void)st;
  mxbi_ni_t ni;
  ni_make(&ni, "drift=1");
  const double nu0 = ni.p[MXBI_NI_P_DRIFT_NU], snu = ni.p[MXBI_NI_P_DRIFT_NU_SIGMA];
  const double t0 = ni.p[MXBI_NI_P_DRIFT_T0];
  mxbi_ni_clocks_t c;
  mxbi_ni_clocks_init(&ni, &c, 0.0, 300.0);
  enum { NC = 10000, NT = 12 };
  static double slope[NC];
  double tt[NT];
  for (int k = 0; k < NT; k++) tt[k] = t0 * pow(10.0, 0.3 + 0.5 * k); /* 2 t0 .. 6e5 t0 */
  for (int i = 0; i < NC; i++) {
    mxbi_ni_cell_t cell;
    mxbi_ni_cell_init(&ni, &cell, 77, 0, (unsigned)i / 100, (unsigned)i % 100, &c, 0.0);
    /* before t0 nothing moves */
    assert_true(mxbi_ni_cell_factor(&ni, &cell, &c, 0.5 * t0, 1e-4) == 1.0);
    /* least-squares slope of ln G vs ln t */
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (int k = 0; k < NT; k++) {
      double x = log(tt[k]), y = log(mxbi_ni_cell_factor(&ni, &cell, &c, tt[k], 1e-4));
      sx += x; sy += y; sxx += x * x; sxy += x * y;
    }
    slope[i] = -(NT * sxy - sx * sy) / (NT * sxx - sx * sx);
  }
  double m, sd;
  mean_sd(slope, NC, &m, &sd);
  print_message("drift: %d cells, fitted exponent mean %.5f (card %.3f, %.2f %%), spread %.5f "
                "(card %.3f, %.2f %%)\n", NC, m, nu0, 100 * (m / nu0 - 1), sd, snu,
                100 * (sd / snu - 1));
  assert_close_rel(m, nu0, 0.05);
  assert_close_rel(sd, snu, 0.05);
  /* nu is clipped at 0: with a spread far above the median no cell grows */
  ni_make(&ni, "drift=1,drift_nu=0.01,drift_nu_sigma=0.1");
  int clipped = 0;
  for (unsigned i = 0; i < 1000; i++) {
    double nu = mxbi_ni_drift_nu(&ni, 3, mxb_rng_stream(MXB_RNG_DRIFT, 0, 0, i));
    assert_true(nu >= 0.0);
    clipped += nu == 0.0;
  }
  assert_true(clipped > 300); /* P(z < -0.1) = 0.46 */
}

/* Temperature: drift and RTN clocks run Arrhenius-accelerated; an interval at
 * 358 K counts as exp(-Ea/k (1/358 - 1/300)) times as long at 300 K. */
static void test_drift_temperature(void **st) {
  (void)st;
  mxbi_ni_t ni;
  ni_make(&ni, "drift=1,drift_ea=0.3,drift_nu_sigma=0,rtn=1,rtn_ea=0.2");
  mxbi_ni_clocks_t c;
  mxbi_ni_clocks_init(&ni, &c, 0.0, 300.0);
  mxbi_ni_cell_t cell;
  mxbi_ni_cell_init(&ni, &cell, 1, 0, 0, 0, &c, 0.0);
  assert_true(cell.nu == 0.049);
  /* 1 h at 300 K, then 1 h at 358 K */
  assert_int_equal(mxbi_ni_clocks_set_temp(ctx, &ni, &c, 3600.0, 358.0), MXB_OK);
  double a = exp(-0.3 / kB_eV * (1 / 358.0 - 1 / 300.0));
  double teq = 3600.0 + a * 3600.0;
  double want = pow(teq / 20.0, -0.049);
  assert_close_rel(mxbi_ni_cell_factor(&ni, &cell, &c, 7200.0, 1e-4), want, 1e-12);
  assert_close_rel(mxbi_ni_clock_at(&c.rtn, 7200.0),
                   3600.0 + exp(-0.2 / kB_eV * (1 / 358.0 - 1 / 300.0)) * 3600.0, 1e-12);
  /* reporting the same temperature again and again does not move the clocks */
  mxbi_ni_clocks_t c2 = c;
  for (int i = 1; i <= 1000; i++)
    assert_int_equal(mxbi_ni_clocks_set_temp(ctx, &ni, &c2, 3600.0 + i * 3.6, 358.0), MXB_OK);
  assert_close_rel(mxbi_ni_clock_at(&c2.drift, 7200.0), mxbi_ni_clock_at(&c.drift, 7200.0), 1e-12);
  /* reprogramming restarts drift */
  mxbi_ni_cell_programmed(&cell, &c, 7200.0);
  assert_true(mxbi_ni_cell_factor(&ni, &cell, &c, 7201.0, 1e-4) == 1.0); /* a 6.6 s < t0 */
  assert_close_rel(mxbi_ni_cell_factor(&ni, &cell, &c, 7210.0, 1e-4), pow(a * 10 / 20.0, -0.049),
                   1e-9);
  /* errors: time backwards, temperature out of range; clocks unchanged */
  mxbi_ni_clocks_t keep = c;
  assert_int_equal(mxbi_ni_clocks_set_temp(ctx, &ni, &c, 100.0, 300.0), MXB_ETIME);
  assert_int_equal(mxbi_ni_clocks_set_temp(ctx, &ni, &c, 8000.0, 0.5), MXB_ERANGE);
  assert_msg_has(ctx, "0.5 K");
  assert_true(memcmp(&keep, &c, sizeof c) == 0);
}

static void test_retention_arrhenius(void **st) {
  (void)st;
  mxbi_ni_t ni;
  ni_make(&ni, "retention=1,ret_tau0=1e-9,ret_ea=1.0,ret_floor=0.2");
  mxbi_ni_clocks_t c;
  mxbi_ni_clocks_init(&ni, &c, 0.0, 400.0);
  mxbi_ni_cell_t cell;
  mxbi_ni_cell_init(&ni, &cell, 1, 0, 0, 0, &c, 0.0);
  double tau400 = 1e-9 * exp(1.0 / (kB_eV * 400)), tau450 = 1e-9 * exp(1.0 / (kB_eV * 450));
  double want = 0.2 + 0.8 * exp(-1e4 / tau400);
  assert_close_rel(mxbi_ni_cell_factor(&ni, &cell, &c, 1e4, 1e-4), want, 1e-12);
  /* 1e4 s at 400 K then 100 s at 450 K: lambda = sum of dt / tau(T) */
  assert_int_equal(mxbi_ni_clocks_set_temp(ctx, &ni, &c, 1e4, 450.0), MXB_OK);
  want = 0.2 + 0.8 * exp(-(1e4 / tau400 + 100 / tau450));
  double got = mxbi_ni_cell_factor(&ni, &cell, &c, 1e4 + 100, 1e-4);
  print_message("retention: factor %.6f after 1e4 s at 400 K + 100 s at 450 K (closed form %.6f)\n",
                got, want);
  assert_close_rel(got, want, 1e-12);
  assert_true(got > 0.2 && got < 0.9);
  /* the default card values: 10 years at 85 C is one time constant */
  ni_make(&ni, "retention=1");
  double yr10 = 10 * 365.25 * 86400;
  assert_close_rel(yr10 * mxbi_ni_ret_rate(&ni, 358.15), 1.0, 0.01);
}

/* ------------------------------------------------------------------ faults */

static void test_fault_rates(void **st) {
  (void)st;
  mxbi_ni_t ni;
  ni_make(&ni, "faults=1,fault_p_stuck_on=0.01,fault_p_stuck_off=0.05,fault_p_open=0.02,"
               "fault_p_short=0.005");
  enum { L = 1, R = 200, C = 200 };
  static unsigned char map[L * R * C], sub[50 * 60];
  mxbi_ni_fault_map(&ni, 123, L, R, C, map);
  long cnt[MXBI_NI_FAULT_COUNT] = {0};
  for (int i = 0; i < L * R * C; i++) cnt[map[i]]++;
  const double p[MXBI_NI_FAULT_COUNT] = {1 - 0.085, 0.01, 0.05, 0.02, 0.005};
  const double n = L * R * C;
  for (int k = 0; k < MXBI_NI_FAULT_COUNT; k++) {
    double band = 3 * sqrt(n * p[k] * (1 - p[k]));
    print_message("fault %-9s: %6ld of %.0f cells, expected %.0f +- %.0f (3 sigma)\n",
                  mxbi_ni_fault_name(k), cnt[k], n, n * p[k], band);
    assert_true(fabs((double)cnt[k] - n * p[k]) <= band);
  }
  /* order independence: a smaller map is the corner of the larger one, and a cell
   * drawn alone agrees */
  mxbi_ni_fault_map(&ni, 123, 1, 50, 60, sub);
  for (int r = 0; r < 50; r++)
    for (int c = 0; c < 60; c++) assert_int_equal(sub[r * 60 + c], map[r * C + c]);
  assert_int_equal(mxbi_ni_fault_draw(&ni, 123, mxb_rng_stream(MXB_RNG_FAULT, 0, 77, 150)),
                   map[77 * C + 150]);
  /* another seed gives another map */
  mxbi_ni_fault_map(&ni, 124, 1, 50, 60, sub);
  int diff = 0;
  for (int r = 0; r < 50; r++)
    for (int c = 0; c < 60; c++) diff += sub[r * 60 + c] != map[r * C + c];
  assert_true(diff > 100);
}

static void test_fault_iv(void **st) {
  (void)st;
  mxbi_ni_t ni;
  ni_make(&ni, "g_on=2e-4,g_off=3e-8,g_leak=1e-14,g_short=5");
  const double v = -0.37, ih = 1.1e-5, gh = 2.2e-5;
  const double g[MXBI_NI_FAULT_COUNT] = {0, 2e-4, 3e-8, 1e-14, 5};
  for (int k = 0; k < MXBI_NI_FAULT_COUNT; k++) {
    double i, d;
    mxbi_ni_fault_iv(&ni, k, v, ih, gh, &i, &d);
    if (k == MXBI_NI_FAULT_NONE) {
      assert_true(i == ih && d == gh);
      assert_int_equal(mxbi_ni_fault_frozen(k), 0);
    } else {
      assert_close_rel(i, g[k] * v, 1e-15);
      assert_true(d == g[k] && d > 0);
      assert_int_equal(mxbi_ni_fault_frozen(k), 1);
    }
    assert_int_equal(mxbi_ni_fault_parse(mxbi_ni_fault_name(k)), k);
  }
  assert_null(mxbi_ni_fault_name(MXBI_NI_FAULT_COUNT));
  assert_int_equal(mxbi_ni_fault_parse("stuck"), -1);
  /* explicit injection, healing, and a bad kind */
  mxbi_ni_cell_t cell;
  memset(&cell, 0, sizeof cell);
  assert_int_equal(mxbi_ni_fault_set(ctx, &cell, MXBI_NI_FAULT_OPEN), MXB_OK);
  assert_int_equal(cell.fault, MXBI_NI_FAULT_OPEN);
  assert_int_equal(mxbi_ni_fault_set(ctx, &cell, MXBI_NI_FAULT_NONE), MXB_OK);
  assert_int_equal(mxbi_ni_fault_set(ctx, &cell, 7), MXB_ERANGE);
  assert_msg_has(ctx, "fault kind 7");
  assert_int_equal(cell.fault, MXBI_NI_FAULT_NONE);
}

/* ------------------------------------------------------------------- wear */

static void test_wear_endurance(void **st) {
  (void)st;
  mxbi_ni_t ni;
  ni_make(&ni, "wear=1,wear_n50=2e5,wear_sigma=0.7");
  enum { NC = 10000 };
  static double ln_n[NC];
  for (int i = 0; i < NC; i++)
    ln_n[i] = log(mxbi_ni_wear_nend(&ni, 8, mxb_rng_stream(MXB_RNG_WEAR, 0, (unsigned)i / 100,
                                                                 (unsigned)i % 100)));
  double m, sd;
  mean_sd(ln_n, NC, &m, &sd);
  qsort(ln_n, NC, sizeof ln_n[0], cmp_dbl);
  double med = exp(0.5 * (ln_n[NC / 2 - 1] + ln_n[NC / 2]));
  print_message("endurance: %d cells, median %.4g (card 2e5, %.2f %%), ln sigma %.4f (card 0.7, "
                "%.2f %%)\n", NC, med, 100 * (med / 2e5 - 1), sd, 100 * (sd / 0.7 - 1));
  assert_close_rel(med, 2e5, 0.03);
  assert_close_rel(sd, 0.7, 0.03);
  /* window law W(n) = 1 - (n/N)^beta */
  const double beta = ni.p[MXBI_NI_P_WEAR_BETA];
  assert_true(mxbi_ni_wear_window(&ni, 0, 1000) == 1.0);
  assert_close_rel(mxbi_ni_wear_window(&ni, 500, 1000), 1 - pow(0.5, beta), 1e-15);
  assert_true(mxbi_ni_wear_window(&ni, 1000, 1000) == 0.0);
  for (int n = 1; n < 1000; n++)
    assert_true(mxbi_ni_wear_window(&ni, n, 1000) < mxbi_ni_wear_window(&ni, n - 1, 1000));
  /* the log conductance moves toward sqrt(g_on g_off) by the window */
  double gon = ni.p[MXBI_NI_P_G_ON], goff = ni.p[MXBI_NI_P_G_OFF], gm = sqrt(gon * goff);
  assert_close_rel(gon * mxbi_ni_wear_factor(&ni, 0.25, gon), gm * pow(gon / gm, 0.25), 1e-12);
  assert_close_rel(goff * mxbi_ni_wear_factor(&ni, 0.0, goff), gm, 1e-12);
  /* a cell wears out at its drawn endurance and stays stuck where it was */
  ni_make(&ni, "wear=1,wear_n50=300,wear_sigma=0.3");
  mxbi_ni_clocks_t c;
  mxbi_ni_clocks_init(&ni, &c, 0.0, 300.0);
  for (unsigned col = 0; col < 20; col++) {
    mxbi_ni_cell_t cell;
    mxbi_ni_cell_init(&ni, &cell, 4, 0, 1, col, &c, 0.0);
    double G = col % 2 ? gon : goff;
    int worn_at = 0;
    for (int n = 1; n <= 2000 && !worn_at; n++)
      if (mxbi_ni_cell_switched(&ni, &cell, &c, n * 1e-6, G)) worn_at = n;
    assert_int_equal(worn_at, (int)ceil(cell.n_end));
    assert_int_equal(cell.fault, col % 2 ? MXBI_NI_FAULT_STUCK_ON : MXBI_NI_FAULT_STUCK_OFF);
    assert_int_equal(mxbi_ni_cell_switched(&ni, &cell, &c, 1.0, G), 0); /* only once */
  }
}

/* -------------------------------------------------------- order independence */

static void test_cell_order_independent(void **st) {
  (void)st;
  mxbi_ni_t ni;
  /* trap times >= 1 ms: at most a few hundred events per call, below the cap, so
   * the RTN path too is independent of the call cadence */
  ni_make(&ni, "drift=1,wear=1,faults=1,fault_p_stuck_on=0.2,fault_p_open=0.2,rtn=1,rtn_traps=3,"
               "rtn_tau_c_min=1e-3,rtn_tau_e_min=1e-3");
  mxbi_ni_clocks_t c;
  mxbi_ni_clocks_init(&ni, &c, 0.0, 300.0);
  enum { N = 64, NT = 3 };
  static mxbi_ni_cell_t fwd[N], bwd[N];
  static mxbi_ni_trap_t tf[N][NT], tb[N][NT];
  for (int i = 0; i < N; i++) {
    mxbi_ni_cell_init(&ni, &fwd[i], 6, 1, (unsigned)i / 8, (unsigned)i % 8, &c, 0.0);
    mxbi_ni_rtn_init(&ni, tf[i], NT, 6, mxb_rng_stream(MXB_RNG_RTN, 1, (unsigned)i / 8, (unsigned)i % 8), 0.0);
    assert_int_equal(mxbi_ni_rtn_advance(tf[i], NT, 6, mxb_rng_stream(MXB_RNG_RTN, 1, (unsigned)i / 8, (unsigned)i % 8), 0.37), 0);
  }
  for (int i = N - 1; i >= 0; i -= 2) { /* backwards, and only every other cell */
    mxbi_ni_cell_init(&ni, &bwd[i], 6, 1, (unsigned)i / 8, (unsigned)i % 8, &c, 0.0);
    uint64_t s = mxb_rng_stream(MXB_RNG_RTN, 1, (unsigned)i / 8, (unsigned)i % 8);
    mxbi_ni_rtn_init(&ni, tb[i], NT, 6, s, 0.0);
    /* in several steps instead of one */
    for (int k = 1; k <= 10; k++) assert_int_equal(mxbi_ni_rtn_advance(tb[i], NT, 6, s, 0.037 * k), 0);
    assert_int_equal(mxbi_ni_rtn_advance(tb[i], NT, 6, s, 0.37), 0);
  }
  int faulty = 0, distinct_nu = 0;
  for (int i = N - 1; i >= 0; i -= 2) {
    assert_true(fwd[i].nu == bwd[i].nu && fwd[i].n_end == bwd[i].n_end);
    assert_int_equal(fwd[i].fault, bwd[i].fault);
    faulty += fwd[i].fault != MXBI_NI_FAULT_NONE;
    distinct_nu += i > 0 && fwd[i].nu != fwd[i - 1].nu;
    for (int k = 0; k < NT; k++) {
      assert_true(tf[i][k].tau_c == tb[i][k].tau_c && tf[i][k].amp == tb[i][k].amp);
      assert_true(tf[i][k].occ == tb[i][k].occ && tf[i][k].t_next == tb[i][k].t_next);
    }
  }
  assert_true(faulty > 0 && faulty < N / 2);
  assert_int_equal(distinct_nu, N / 2);
  /* purposes are separate streams: the same cell's drift and wear draws differ */
  assert_true(mxb_rng_normal(6, mxb_rng_stream(MXB_RNG_DRIFT, 1, 0, 0), 0) !=
              mxb_rng_normal(6, mxb_rng_stream(MXB_RNG_WEAR, 1, 0, 0), 0));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_param_table),
      cmocka_unit_test(test_card_parse),
      cmocka_unit_test(test_card_errors),
      cmocka_unit_test(test_read_noise_components),
      cmocka_unit_test(test_read_noise_keys),
      cmocka_unit_test(test_rtn_dwell_ks),
      cmocka_unit_test(test_rtn_trap_distributions),
      cmocka_unit_test(test_rtn_cadence_exact),
      cmocka_unit_test(test_rtn_fast_trap_fallback),
      cmocka_unit_test(test_drift_power_law),
      cmocka_unit_test(test_drift_temperature),
      cmocka_unit_test(test_retention_arrhenius),
      cmocka_unit_test(test_fault_rates),
      cmocka_unit_test(test_fault_iv),
      cmocka_unit_test(test_wear_endurance),
      cmocka_unit_test(test_cell_order_independent),
  };
  return cmocka_run_group_tests_name("nonideal", tests, setup, teardown);
}
