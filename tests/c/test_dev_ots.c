/* Tests of the OTS selector class (models_c/src/dev_ots.c) with its card
 * (models_c/cards/ots_selector.json), through a 1x1 array (dev_bench.h):
 *  - the two branches: OFF i0 sinh(V/v0) exactly, ON adds the holding-
 *    voltage branch (|V| - v_hold) / r_on away from its knee; odd in V;
 *  - below v_th the OFF state holds however long the drive lasts;
 *  - above v_th it switches after the delay t_d(V) = tau_d exp(-(|V| -
 *    v_th) / v_d): after a pulse of t_d the ON fraction is 1 - 1/e, for
 *    several voltages and both polarities;
 *  - volatile: ON holds between v_hold and v_th, recovers below v_hold as
 *    exp(-t / tau_off), and once recovered costs nothing (infinite step);
 *  - a triangular sweep traces the snap-back hysteresis: the down sweep
 *    between v_hold and v_th carries the ON current, the up sweep the OFF;
 *  - once triggered the OTS latches ON above v_hold although its ON branch
 *    pulls its voltage below v_th (it does not stop half-way);
 *  - a 3x3 1S1R array of this OTS over the Stanford-PKU RRAM written with a
 *    V/2 scheme: only the selected cell's OTS opens and its memory SETs;
 *    the half-selected cells keep their states bit for bit;
 *  - v_hold >= v_th is refused naming both keys. */
#include "mxb_test.h"
#include "dev_bench.h"

#define CARD "ots_selector.json"

static mxb_ctx_t *ctx;
static int setup(void **st) { (void)st; ctx = mxb_ctx_new(3); return ctx ? 0 : -1; }
static int teardown(void **st) { (void)st; mxb_ctx_free(ctx); return 0; }

static double state_w(bench_t *b) {
  double w;
  BENCH_OK(mxb_array_cell_state(b->a, 0, 0, 0, &w, 1), b->ctx);
  return w;
}

static void test_branches(void **st) {
  (void)st;
  char path[1024];
  mxb_device_t *d = mxb_device_load(ctx, mxbt_card(CARD, path, sizeof path), NULL);
  assert_non_null(d);
  const mxb_device_class_t *c = mxb_device_class(d);
  const double *p = mxb_device_params(d);
  double s0[1] = {0.0}, s1[1] = {1.0}, g, gm;
  for (double v = 0.05; v <= 3.0; v += 0.05) {
    double i0 = c->current(p, s0, v, &g);
    assert_close_rel(i0, 1e-9 * sinh(v / 0.25), 1e-13);
    assert_true(c->current(p, s0, -v, &gm) == -i0 && gm == g);
    double i1 = c->current(p, s1, v, &g);
    assert_true(c->current(p, s1, -v, &gm) == -i1 && gm == g);
    if (v > 0.6 + 0.5) /* 25 knee widths above v_hold: the straight branch */
      assert_close_rel(i1 - i0, (v - 0.6) / 2000.0, 1e-9);
    if (v < 0.6 - 0.5) assert_true(i1 - i0 < 1e-9 * (v / 2000.0));
  }
  mxb_device_free(d);
}

static void test_holds_below_threshold(void **st) {
  (void)st;
  bench_t *b = bench_new(1, CARD, NULL, NULL);
  BENCH_OK(bench_drive(b, 1e-9, 0, 1.19, 0.0), b->ctx);
  double i_a = bench_current(b, 2e-9);
  bench_advance(b, 1.0);
  assert_true(state_w(b) == 0.0);
  assert_true(bench_current(b, 1.0) == i_a);
  bench_free(b);
}

/* t_d(V) = tau_d exp(-(|V| - v_th) / v_d) + 1 ps (the floor of the
 * exponential law, OTS_TAU_MIN in dev_ots.c). */
static void test_delay_law(void **st) {
  (void)st;
  const double vs[] = {1.25, 1.4, 1.7, -1.4, 2.0};
  for (size_t k = 0; k < sizeof vs / sizeof vs[0]; k++) {
    double td = 1e-7 * exp(-(fabs(vs[k]) - 1.2) / 0.1) + 1e-12; /* + the 1 ps floor */
    bench_t *b = bench_new(1, CARD, NULL, NULL);
    BENCH_OK(bench_drive(b, 1e-9, 0, vs[k], 0.0), b->ctx);
    bench_advance(b, 1e-9 + td);
    assert_close_rel(state_w(b), 1.0 - exp(-1.0), 1e-9);
    bench_advance(b, 1e-9 + 3 * td);
    assert_close_rel(state_w(b), 1.0 - exp(-3.0), 1e-9);
    bench_free(b);
  }
}

static void test_hold_and_recover(void **st) {
  (void)st;
  bench_t *b = bench_new(1, CARD, NULL, NULL);
  BENCH_OK(bench_drive(b, 1e-9, 0, 2.0, 0.0), b->ctx);
  bench_advance(b, 1e-6);
  assert_true(state_w(b) == 1.0);
  /* between v_hold and v_th it holds */
  BENCH_OK(bench_drive(b, 1e-6, 0, 0.8, 0.0), b->ctx);
  bench_advance(b, 1e-3);
  assert_true(state_w(b) == 1.0);
  assert_true(bench_current(b, 1e-3) > 0.19 / 2000.0);
  /* below v_hold it recovers as exp(-t / tau_off) */
  BENCH_OK(bench_drive(b, 1e-3, 0, 0.3, 0.0), b->ctx);
  bench_advance(b, 1e-3 + 1e-7);
  assert_close_rel(state_w(b), exp(-1.0), 1e-9);
  bench_advance(b, 1e-3 + 5e-6);
  assert_true(state_w(b) == 0.0); /* recovered: taken as 0 */
  /* the latch: triggered by 1 ns at 1.5 V (w1 = 1 - e^(-1 ns / t_d(1.5 V))),
   * then at 0.9 V (between v_hold and v_th) it completes, 1 - (1 - w1)
   * e^(-t / tau_d), instead of stopping */
  BENCH_OK(bench_drive(b, 2e-3, 0, 1.5, 0.0), b->ctx);
  BENCH_OK(bench_drive(b, 2e-3 + 1e-9, 0, 0.9, 0.0), b->ctx);
  double w1 = 1.0 - exp(-1e-9 / (1e-7 * exp(-3.0) + 1e-12));
  assert_close_rel(state_w(b), w1, 1e-9);
  bench_advance(b, 2e-3 + 1e-9 + 2e-7);
  assert_close_rel(state_w(b), 1.0 - (1.0 - w1) * exp(-2.0), 1e-9);
  mxb_device_t *d = mxb_device_new(ctx, "ots_selector");
  const mxb_device_class_t *c = mxb_device_class(d);
  double s[1] = {0.0};
  assert_true(isinf(c->step_limit(mxb_device_params(d), s, 0.3)));
  assert_true(isinf(c->step_limit(mxb_device_params(d), s, 1.1)));
  mxb_device_free(d);
  bench_free(b);
}

/* Triangular sweep 0 -> 2 V -> 0 in 10 mV steps of 1 us. */
static void test_snapback_hysteresis(void **st) {
  (void)st;
  bench_t *b = bench_new(1, CARD, NULL, NULL);
  double up[201], dn[201], t = 1e-9;
  for (int k = 0; k <= 200; k++, t += 1e-6) {
    BENCH_OK(bench_drive(b, t, 0, 0.01 * k, 0.0), b->ctx);
    up[k] = bench_current(b, t);
  }
  for (int k = 200; k >= 0; k--, t += 1e-6) {
    BENCH_OK(bench_drive(b, t, 0, 0.01 * k, 0.0), b->ctx);
    dn[k] = bench_current(b, t);
  }
  /* up: OFF branch to v_th; down: ON branch down to v_hold */
  for (int k = 70; k <= 110; k++) {
    assert_close_rel(up[k], 1e-9 * sinh(0.01 * k / 0.25), 1e-12);
    assert_true(dn[k] > 1e3 * up[k]);
  }
  /* below v_hold the recovered selector is OFF again on the way down */
  assert_close_rel(dn[40], up[40], 1e-12);
  bench_free(b);
}

/* A 3x3 1S1R array of standard parts (the cards of ots_1s1r.json: this OTS
 * over the Stanford-PKU RRAM, every memory in HRS but (1, 2) in LRS), with
 * 0.5 ohm wires, written with a V/2 scheme: 2.35 V across the selected cell
 * (0, 0), 1.175 V (below v_th) across the half-selected ones, 0 across the
 * rest, for 1 us. Mid-pulse the selected cell's OTS is latched ON and every
 * other OTS exactly OFF; after the pulse the selected memory's gap has
 * shrunk from 1.7 nm below 1.45 nm (the ON selector's holding voltage and
 * resistance limit the SET: the memory's voltage falls towards its
 * minimum-field threshold as its gap shrinks), every other memory state
 * is bit-identical to before, and every OTS has recovered (w = 0). */
static void set_line(mxb_array_t *a, double t, int plane, int line, double v) {
  MXBT_OK(a, mxb_array_drive(a, t, plane, line, v, 0.0));
}

static double part_w(mxb_array_t *a, int r, int c, mxb_cell_part_t part) {
  double s[4];
  MXBT_OK(a, mxb_array_part_state(a, 0, r, c, part, s, part == MXB_PART_SELECTOR ? 1 : 3));
  return s[0];
}

static void test_ots_1s1r_half_select(void **st) {
  (void)st;
  char path[1024];
  mxb_device_t *sel = mxb_device_load(ctx, mxbt_card(CARD, path, sizeof path), NULL);
  mxb_device_t *mem = mxb_device_load(ctx, mxbt_card("stanford_pku.json", path, sizeof path),
                                      "gap_ini=1.7e-9");
  assert_non_null(sel);
  assert_non_null(mem);
  mxb_array_spec_t sp = {MXB_TOPO_1S1R, 1, 3, 3, 0.5, 0.5, mem, sel};
  mxb_array_t *a = mxb_array_new(ctx, &sp);
  assert_non_null(a);
  double lrs[3] = {2e-10, 0, 0};
  MXBT_OK(a, mxb_array_set_cell_state(a, 0, 1, 2, lrs, 3));
  double before[3][3][3];
  for (int r = 0; r < 3; r++)
    for (int c = 0; c < 3; c++) MXBT_OK(a, mxb_array_cell_state(a, 0, r, c, before[r][c], 3));
  for (int k = 0; k < 3; k++) {
    set_line(a, 0.0, 0, k, 0.0);
    set_line(a, 0.0, 1, k, 0.0);
  }
  double t0 = 1e-6, w = 1e-6;
  for (int k = 0; k < 3; k++) {
    set_line(a, t0, 0, k, k == 0 ? 2.35 : 1.175);
    set_line(a, t0, 1, k, k == 0 ? 0.0 : 1.175);
  }
  MXBT_OK(a, mxb_array_advance(a, t0 + 0.5 * w));
  for (int r = 0; r < 3; r++)
    for (int c = 0; c < 3; c++) {
      double ws = part_w(a, r, c, MXB_PART_SELECTOR);
      if (r == 0 && c == 0) assert_true(ws > 0.5);
      else assert_true(ws == 0.0);
    }
  for (int k = 0; k < 3; k++) {
    set_line(a, t0 + w, 0, k, 0.0);
    set_line(a, t0 + w, 1, k, 0.0);
  }
  MXBT_OK(a, mxb_array_advance(a, t0 + w + 10e-6));
  for (int r = 0; r < 3; r++)
    for (int c = 0; c < 3; c++) {
      double s[3];
      MXBT_OK(a, mxb_array_cell_state(a, 0, r, c, s, 3));
      assert_true(part_w(a, r, c, MXB_PART_SELECTOR) == 0.0);
      if (r == 0 && c == 0) {
        assert_true(s[0] < 1.45e-9); /* from 1.7 nm: a self-limited partial SET */
      } else if (memcmp(s, before[r][c], sizeof s) != 0) {
        print_error("cell (%d, %d): gap %.17g m, before %.17g m\n", r, c, s[0], before[r][c][0]);
        fail();
      }
    }
  mxb_array_free(a);
  mxb_device_free(sel);
  mxb_device_free(mem);
}

static void test_errors(void **st) {
  (void)st;
  char path[1024];
  assert_null(mxb_device_load(ctx, mxbt_card(CARD, path, sizeof path), "v_hold=1.3"));
  assert_msg_has(ctx, "v_hold");
  assert_msg_has(ctx, "v_th");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_branches),
      cmocka_unit_test(test_holds_below_threshold),
      cmocka_unit_test(test_delay_law),
      cmocka_unit_test(test_hold_and_recover),
      cmocka_unit_test(test_snapback_hysteresis),
      cmocka_unit_test(test_ots_1s1r_half_select),
      cmocka_unit_test(test_errors),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
