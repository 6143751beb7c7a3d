/* mxbar validation: MXene energy-storage synapse (seed 003, VALIDATION.md
 * "MXene energy-storage synapse"), each line its own test, all driven through
 * a 1x1 array with a current-source line end (fmes_proto.h). */
#include "mxb_test.h"
#include "fmes_proto.h"

#define NP_LTP 150

static mxb_ctx_t *ctx_new(void) {
  mxb_ctx_t *c = mxb_ctx_new(3);
  assert_non_null(c);
  return c;
}

static void ok(mxb_ctx_t *c, int rc) {
  if (rc) print_error("%s: %s\n", mxb_strerror(rc), mxb_ctx_errmsg(c));
  assert_int_equal(rc, MXB_OK);
}

/* Current at 0.6 V of the 0 -> 0.8 V sweep at 50 mV/s. */
static double i_at_06(mxb_ctx_t *c, const char *ovr) {
  double v[1000], i[1000];
  int n = 0;
  ok(c, fm_sweep(c, ovr, 0.05, 0.8, 2e-3, v, i, 1000, &n));
  assert_int_equal(n, 400);
  return i[299]; /* v = 0.600 V */
}

/* Circuit: the supercapacitor in parallel with R; a current spike charges it,
 * the PSV is the voltage across it, R drains it. */
static void test_circuit_current_driven(void **st) {
  (void)st;
  mxb_ctx_t *c = ctx_new();
  mxb_array_t *a = fm_new(c, "r_reg=1000");
  assert_non_null(a);
  double v0 = 0, v1 = 0, v2 = 0, v3 = 0, ie = 0;
  ok(c, fm_psv(a, 0.0, &v0));
  assert_true(fabs(v0) < 1e-12);
  ok(c, fm_current(a, 1e-3, 1e-3));
  ok(c, mxb_array_end_current(a, 1e-3, 0, 0, MXB_END_A, &ie));
  assert_close_rel(ie, 1e-3, 1e-9); /* the source sets the current */
  ok(c, fm_psv(a, 1e-3, &v1));      /* ESR step: 1 mA (R || R1) */
  assert_close_rel(v1, 1e-3 * (1000.0 * 72.0 / 1072.0), 1e-3);
  ok(c, fm_psv(a, 2e-3, &v2));      /* charges during the spike */
  assert_true(v2 > v1);
  ok(c, fm_current(a, 2e-3, 0.0));
  ok(c, fm_psv(a, 2e-3, &v3));      /* the ESR drop vanishes, charge stays */
  assert_true(v3 > 0 && v3 < v2);
  ok(c, fm_psv(a, 1.0, &v1));       /* R drains it */
  assert_true(v1 < 0.5 * v3);
  print_message("circuit: PSV %.4f V at spike end, %.4f V after, %.4f V at 1 s\n", v2, v3, v1);
  mxb_array_free(a);
  mxb_ctx_free(c);
}

/* I-V sweep 0 -> 0.8 V at 50 mV/s: about 1.6 mA at 0.6 V with R = 500 and
 * 0.47 mA with R = 8000 (Fig. 2b). */
static void test_iv_sweep(void **st) {
  (void)st;
  mxb_ctx_t *c = ctx_new();
  double i500 = i_at_06(c, "r_reg=500"), i8000 = i_at_06(c, "r_reg=8000");
  print_message("I(0.6 V): R=500 %.3f mA (1.6), R=8000 %.3f mA (0.47)\n", i500 * 1e3,
                i8000 * 1e3);
  assert_close_rel(i500, 1.6e-3, 0.25);
  assert_close_rel(i8000, 0.47e-3, 0.25);
  mxb_ctx_free(c);
}

/* PPF at R = 7000, dt = 10 ms: A1 about 0.094 V, A2 about 0.115 V (Fig. 3c). */
static void test_ppf_r7000(void **st) {
  (void)st;
  mxb_ctx_t *c = ctx_new();
  double a1 = 0, a2 = 0;
  ok(c, fm_ppf(c, "r_reg=7000", 1e-3, 10e-3, &a1, &a2));
  print_message("PPF R=7000 dt=10 ms: A1 %.4f V (0.094), A2 %.4f V (0.115), A2/A1 %.3f (1.22)\n",
                a1, a2, a2 / a1);
  assert_close_rel(a1, 0.094, 0.25);
  assert_close_rel(a2, 0.115, 0.25);
  assert_close_rel(a2 / a1, 0.115 / 0.094, 0.1);
  mxb_ctx_free(c);
}

/* A2/A1 falls with dt and with lower R (Fig. 3a, 3b). */
static void test_ppf_falls_with_dt_and_lower_r(void **st) {
  (void)st;
  mxb_ctx_t *c = ctx_new();
  const double dts[] = {5e-3, 10e-3, 30e-3, 100e-3, 300e-3};
  const char *rs[] = {"r_reg=500", "r_reg=1000", "r_reg=7000"};
  double ppf[3][5];
  for (int r = 0; r < 3; r++) {
    for (int k = 0; k < 5; k++) {
      double a1 = 0, a2 = 0;
      ok(c, fm_ppf(c, rs[r], 1e-3, dts[k], &a1, &a2));
      ppf[r][k] = a2 / a1;
      if (k) assert_true(ppf[r][k] < ppf[r][k - 1]);
    }
    print_message("PPF %s: %.3f %.3f %.3f %.3f %.3f (dt 5/10/30/100/300 ms)\n", rs[r],
                  ppf[r][0], ppf[r][1], ppf[r][2], ppf[r][3], ppf[r][4]);
    assert_true(ppf[r][4] < 1.0 + 0.3 * (ppf[r][0] - 1.0));
  }
  for (int k = 0; k < 5; k++) assert_true(ppf[0][k] < ppf[1][k] && ppf[1][k] < ppf[2][k]);
  mxb_ctx_free(c);
}

/* 150 pulses of +1 mA then 150 of -1 mA at 500 Hz; W = the PSV at rest
 * (just before the next pulse). Returns the LTP dynamic range and its
 * non-linearity, and the LTD end point relative to the LTP peak. */
static void ltp_ltd(mxb_ctx_t *c, const char *ovr, double *range, double *nl_p,
                    double *nl_d, double *wpk, double *wend) {
  static double wp[NP_LTP], wd[NP_LTP];
  mxb_array_t *a = fm_new(c, ovr);
  assert_non_null(a);
  ok(c, fm_train(a, 1e-3, 1e-3, FM_PERIOD, NP_LTP, NULL, wp));
  ok(c, fm_train(a, 1e-3 + NP_LTP * FM_PERIOD, -1e-3, FM_PERIOD, NP_LTP, NULL, wd));
  *range = wp[NP_LTP - 1] / wp[0];
  *nl_p = fm_nonlinearity(wp, NP_LTP);
  *nl_d = fm_nonlinearity(wd, NP_LTP);
  *wpk = wp[NP_LTP - 1];
  *wend = wd[NP_LTP - 1];
  mxb_array_free(a);
}

/* Dynamic range Wmax/Wmin > 6 at every R; non-linearity falls as R rises
 * (Fig. 1e, 3h, 3i, Suppl. Fig. 14, 15). */
static void test_ltp_ltd_150_each_r(void **st) {
  (void)st;
  mxb_ctx_t *c = ctx_new();
  const char *rs[] = {"r_reg=500", "r_reg=1000", "r_reg=8000", "r_open=1"};
  double nlp[4], nld[4];
  for (int r = 0; r < 4; r++) {
    double range, wpk, wend;
    ltp_ltd(c, rs[r], &range, &nlp[r], &nld[r], &wpk, &wend);
    print_message("LTP/LTD %-10s: Wmax/Wmin %.1f, Wmax %.3f V, after LTD %.3f V, NL LTP %.3f LTD %.3f\n",
                  rs[r], range, wpk, wend, nlp[r], nld[r]);
    assert_true(range > 6.0);
    assert_true(wend < 0.5 * wpk); /* depression undoes the potentiation */
  }
  for (int r = 1; r < 4; r++) {
    assert_true(nlp[r] < nlp[r - 1]);
    assert_true(nld[r] < nld[r - 1]);
  }
  mxb_ctx_free(c);
}

/* After a 500 Hz, 1 mA train the PSV stays almost unchanged over 100 s in
 * the open state (Fig. 3g; measured after the short charge-sharing decrease). */
static void test_retention_open_100s(void **st) {
  (void)st;
  mxb_ctx_t *c = ctx_new();
  mxb_array_t *a = fm_new(c, "r_open=1");
  assert_non_null(a);
  ok(c, fm_train(a, 0.0, 1e-3, FM_PERIOD, NP_LTP, NULL, NULL));
  double tend = NP_LTP * FM_PERIOD, v0 = 0, v1 = 0, v100 = 0;
  ok(c, fm_psv(a, tend, &v0));
  ok(c, fm_psv(a, tend + 1.0, &v1));
  ok(c, fm_psv(a, tend + 100.0, &v100));
  print_message("retention open: PSV %.4f V at train end, %.4f V 1 s later, %.4f V 100 s later "
                "(%.1f %% change)\n", v0, v1, v100, 100 * (v100 - v1) / v1);
  assert_true(fabs(v100 - v1) < 0.1 * v1);
  /* the same train with R = 1000 forgets within the 100 s */
  mxb_array_t *b = fm_new(c, "r_reg=1000");
  ok(c, fm_train(b, 0.0, 1e-3, FM_PERIOD, NP_LTP, NULL, NULL));
  ok(c, fm_psv(b, tend + 100.0, &v0));
  assert_true(fabs(v0) < 0.05 * v100);
  mxb_array_free(b);
  mxb_array_free(a);
  mxb_ctx_free(c);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_circuit_current_driven),
      cmocka_unit_test(test_iv_sweep),
      cmocka_unit_test(test_ppf_r7000),
      cmocka_unit_test(test_ppf_falls_with_dt_and_lower_r),
      cmocka_unit_test(test_ltp_ltd_150_each_r),
      cmocka_unit_test(test_retention_open_100s),
  };
  return cmocka_run_group_tests_name("dev_fmes", tests, NULL, NULL);
}
