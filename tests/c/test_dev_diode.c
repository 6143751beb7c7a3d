/* Tests of the Shockley diode class (models_c/src/dev_diode.c) with its card
 * (models_c/cards/diode_1n4148.json), and of the 1D1R cell and array built
 * from it (diode_1s1r.json, diode_1s1r_3x3.json):
 *  - the current solves the implicit series equation V = V_j + I R_s,
 *    I = I_s (e^(V_j / n V_t) - 1), to rounding, from deep reverse bias to
 *    100 V forward and over decades of I_s and R_s;
 *  - dI/dV agrees with a central difference and tends to 1/R_s at high
 *    current; reverse bias gives -I_s - g_p |V|; R_s -> 0 gives Shockley;
 *  - the 1N4148 card's forward voltage at 10 mA lies under the datasheet's
 *    1.0 V maximum;
 *  - in a 3x3 1D1R array read with the unselected lines floating, the sensed
 *    current equals the lone cell's (diode and memory solved in series here
 *    by bisection) to within the saturation currents of the four
 *    reverse-biased diodes, while the same memories without diodes (2D) pass a sneak
 *    current many times larger. */
#include "mxb_test.h"
#include <float.h>

static mxb_ctx_t *ctx;
static int setup(void **st) { (void)st; ctx = mxb_ctx_new(5); return ctx ? 0 : -1; }
static int teardown(void **st) { (void)st; mxb_ctx_free(ctx); return 0; }

#define KB_Q 8.617333262e-5

static mxb_device_t *card(const char *name, const char *ovr) {
  char p[1024];
  mxb_device_t *d = mxb_device_load(ctx, mxbt_card(name, p, sizeof p), ovr);
  if (!d) print_error("%s\n", mxb_ctx_errmsg(ctx));
  assert_non_null(d);
  return d;
}

static double par(const mxb_device_t *d, const char *k) {
  double v;
  assert_int_equal(mxb_device_get(ctx, d, k, &v), MXB_OK);
  return v;
}

/* |V_j(I) + I R_s - V| small, V_j = n V_t ln(1 + I / I_s) */
static void check_implicit(const mxb_device_t *d) {
  const mxb_device_class_t *c = mxb_device_class(d);
  const double *p = mxb_device_params(d);
  double is = par(d, "i_s"), rs = par(d, "r_s"), nvt = par(d, "n") * KB_Q * par(d, "temp");
  for (double v = -20.0; v <= 100.0; v += (fabs(v) < 2 ? 0.01 : 0.5)) {
    double g, i = c->current(p, NULL, v, &g);
    assert_true(isfinite(i) && isfinite(g) && g >= 0); /* 0 only where e^u underflows */
    /* forward and moderate reverse: the voltage equation (no cancellation);
     * deep reverse (I -> -I_s): the current equation */
    double err = i / is > -0.5 ? fabs(nvt * log1p(i / is) + i * rs - v)
                               : fabs(is * expm1((v - i * rs) / nvt) - i) / is * nvt;
    if (!(err <= 1e-12 * fmax(fabs(v), nvt))) {
      print_error("I_s %g, R_s %g: at %g V, I = %.17g: residual %g V\n", is, rs, v, i, err);
      fail();
    }
    double h = 1e-7 * fmax(1.0, fabs(v)), gp, gm;
    double num = (c->current(p, NULL, v + h, &gp) - c->current(p, NULL, v - h, &gm)) / (2 * h);
    if (!(fabs(num - g) <= 1e-5 * g + 100 * DBL_EPSILON * fabs(i) / h)) { /* rounding of I */
      print_error("I_s %g, R_s %g: at %g V dI/dV = %.12g, difference %.12g\n", is, rs, v, g, num);
      fail();
    }
  }
}

static void test_implicit_equation(void **st) {
  (void)st;
  const char *ovr[] = {NULL, "i_s=1e-14,r_s=10", "i_s=1e-25,r_s=1e6,n=1", "i_s=1e-3,r_s=1e-6",
                       "r_s=1e9,n=3", "temp=400"};
  for (size_t k = 0; k < sizeof ovr / sizeof ovr[0]; k++) {
    mxb_device_t *d = card("diode_1n4148.json", ovr[k]);
    check_implicit(d);
    mxb_device_free(d);
  }
}

static void test_limits(void **st) {
  (void)st;
  mxb_device_t *d = card("diode_1n4148.json", "g_p=1e-9");
  const mxb_device_class_t *c = mxb_device_class(d);
  const double *p = mxb_device_params(d);
  double g, is = par(d, "i_s"), rs = par(d, "r_s");
  /* reverse: -I_s - g_p |V| */
  assert_close_rel(c->current(p, NULL, -5.0, &g), -is - 5e-9, 1e-12);
  assert_close_rel(g, 1e-9, 1e-6);
  /* high current: the series resistance dominates dI/dV */
  c->current(p, NULL, 50.0, &g);
  assert_close_rel(g, 1.0 / rs, 1e-3);
  mxb_device_free(d);
  /* R_s -> 0: the ideal Shockley diode (to I R_s / n V_t, 1e-8 here) */
  d = card("diode_1n4148.json", "r_s=1e-6");
  p = mxb_device_params(d);
  double nvt = par(d, "n") * KB_Q * par(d, "temp");
  for (double v = -1.0; v <= 0.5; v += 0.1)
    assert_close_rel(c->current(p, NULL, v, &g), is * expm1(v / nvt), 1e-7);
  mxb_device_free(d);
  /* the 1N4148 datasheet: V_F <= 1.0 V at I_F = 10 mA */
  d = card("diode_1n4148.json", NULL);
  p = mxb_device_params(d);
  double lo = 0, hi = 2;
  for (int k = 0; k < 80; k++) {
    double m = 0.5 * (lo + hi);
    if (c->current(p, NULL, m, &g) > 10e-3) hi = m;
    else lo = m;
  }
  assert_true(lo > 0.6 && lo < 1.0);
  mxb_device_free(d);
}

static void test_errors(void **st) {
  (void)st;
  char p[1024];
  mxbt_card("diode_1n4148.json", p, sizeof p);
  assert_null(mxb_device_load(ctx, p, "r_s=0"));
  assert_msg_has(ctx, "r_s");
  assert_null(mxb_device_load(ctx, p, "i_s=-1"));
  assert_msg_has(ctx, "i_s");
  assert_null(mxb_device_load(ctx, p, "temp=0"));
  assert_msg_has(ctx, "temp");
}

/* Current of a lone selector-over-memory stack at v: the internal node by
 * bisection (the diode current falls and the memory's rises with it). */
static double lone_cell(const mxb_device_t *sel, const mxb_device_t *mem, const double *ms, double v) {
  const mxb_device_class_t *cs = mxb_device_class(sel), *cm = mxb_device_class(mem);
  double lo = 0, hi = v, g;
  for (int k = 0; k < 200; k++) {
    double m = 0.5 * (lo + hi);
    double is = cs->current(mxb_device_params(sel), NULL, v - m, &g);
    double im = cm->current(mxb_device_params(mem), ms, m, &g);
    if (is > im) lo = m;
    else hi = m;
  }
  return cm->current(mxb_device_params(mem), ms, 0.5 * (lo + hi), &g);
}

/* Read cell (0, 0) at v_r: row 0 driven, column 0 at virtual ground, the
 * other lines floating. */
static double read_00(mxb_array_t *a, double t, double v_r) {
  for (int r = 0; r < 3; r++) MXBT_OK(a, r ? mxb_array_float(a, t, 0, r) : mxb_array_drive(a, t, 0, 0, v_r, 0.0));
  for (int c = 0; c < 3; c++) MXBT_OK(a, c ? mxb_array_float(a, t, 1, c) : mxb_array_sense(a, t, 1, 0, 0.0));
  double i;
  MXBT_OK(a, mxb_array_sense_current(a, t, 1, 0, &i));
  return i;
}

static void test_1d1r_array_blocks_sneak_paths(void **st) {
  (void)st;
  char p[1024];
  mxb_array_t *a = mxb_array_load(ctx, mxbt_card("diode_1s1r_3x3.json", p, sizeof p), NULL);
  if (!a) print_error("%s\n", mxb_ctx_errmsg(ctx));
  assert_non_null(a);
  mxb_device_t *sel = card("diode_1n4148.json", NULL), *mem = card("yakopcic_oblea.json", NULL);
  mxb_array_spec_t sp = {MXB_TOPO_2D, 1, 3, 3, 0.0, 0.0, mem, NULL};
  mxb_array_t *b = mxb_array_new(ctx, &sp);
  assert_non_null(b);
  /* the selected cell weak, its neighbours strong: the worst case for sneaks */
  const double x[3][3] = {{0.05, 0.9, 0.9}, {0.9, 0.9, 0.9}, {0.9, 0.9, 0.9}};
  for (int r = 0; r < 3; r++)
    for (int c = 0; c < 3; c++) {
      MXBT_OK(a, mxb_array_set_cell_state(a, 0, r, c, &x[r][c], 1));
      MXBT_OK(b, mxb_array_set_cell_state(b, 0, r, c, &x[r][c], 1));
    }
  const double vr[] = {0.8, 1.0, 1.5};
  for (int k = 0; k < 3; k++) {
    double i1 = read_00(a, 1e-9, vr[k]), alone = lone_cell(sel, mem, &x[0][0], vr[k]);
    double i2 = read_00(b, 1e-9, vr[k]);
    double is = par(sel, "i_s");
    /* every sneak path passes a reverse-biased diode, each of the four
     * cells off the selected row and column at most I_s: 4 I_s in all (the
     * diodes are saturated, so it is nearly that) */
    if (!(fabs(i1 - alone) <= 4 * is * (1 + 1e-6))) {
      print_error("%g V: 1D1R array %.12g A, lone cell %.12g A\n", vr[k], i1, alone);
      fail();
    }
    /* without diodes the read of the weak cell is swamped by its neighbours */
    double mine = 0.17 * 0.05 * sinh(0.05 * vr[k]);
    assert_true(i2 > 5.0 * mine);
    assert_true(i1 > 0);
  }
  /* the cell's internal node: the diode carries the memory's current */
  double vt, vb, vm;
  MXBT_OK(a, mxb_array_cell_voltages(a, 1e-9, 0, 0, 0, &vt, &vb, &vm));
  assert_true(vm > vb && vm < vt);
  mxb_array_free(a);
  mxb_array_free(b);
  mxb_device_free(sel);
  mxb_device_free(mem);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_implicit_equation),
      cmocka_unit_test(test_limits),
      cmocka_unit_test(test_errors),
      cmocka_unit_test(test_1d1r_array_blocks_sneak_paths),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
