/* The time advance's one-step and error-controlled cell integration
 * (mxbi_cell_integrate, device.h exact_window / exact_const) against the
 * reference's per-sub-step scheme (cells.ref_advance) and against a
 * converged run of the fast scheme (its tolerance at 1e-7), on 8x8 ECM 1S1R
 * arrays (ecm_1s1r_4x4.json resized) with ideal wires and with the card's
 * 1 ohm wires: a V/3 program pulse of cell (4, 4) (2.4 V, 20 us;
 * unselected rows V/3, unselected columns 2V/3), a read (0.7 V on row 4,
 * every column at virtual ground, 1 us), 40 us with every line at 0 V.
 *
 * Tolerances. The reference integrates each device under the voltage at
 * a sub-step's start, sub-steps bounded by the step limits: the selector's
 * ON exponent n_gap w moves <= 0.05 per sub-step (w <= 2.5e-3), the
 * memory's conductance <= 1.5 % (w <= 0.015 / ln(g_lrs / g_hrs) = 1.06e-3).
 * Where a cell comes to rest (a half-selected selector at its hold
 * voltage, the selected memory stalling at v_grow_d) the reference
 * overshoots the rest point by up to one sub-step, so its states are only
 * that good; the fast scheme's error is bounded by its own tolerance
 * (1e-2 of the cell current per step, second order). So:
 *  - fast against converged: selector w within 1e-4 (a selector's rest
 *    point is approached within a tenth of the step tolerance; measured
 *    1.3e-5 ideal, 1.7e-5 wired), memory w within 5e-4 (measured 2.1e-4 /
 *    2.0e-4: the selected memory's set stalls where its growth rate
 *    vanishes, reached to the step tolerance), read currents within 2e-3
 *    (measured 9.4e-4 / 9.0e-4, the selected cell's: 14 x 2e-4 in its
 *    memory's log-conductance, scaled by the memory's share of the cell);
 *  - the reference against converged: within its bounds above (2.5e-3,
 *    1.06e-3), and its read currents within 5e-3;
 *  - fast against the reference: the sum (selector 3.5e-3, memory 1.6e-3,
 *    currents 7e-3), energies within 2 %;
 *  - the fast scheme must be the more accurate one in the selectors' states
 *    and the selected cell's memory state and read current (it is the
 *    point of it).
 * ref_advance runs the previous scheme: the cells' per-sub-step
 * integration and advance_net's previous step control (every cell's
 * voltage against its step start, growth 2x, no source resistance); the
 * evaluation cache of stacked cells (exact to ~1e-17) is common to all. */
#include "mxb_test.h"
#include "mxb_array_impl.h"

#define N 8

typedef struct {
  double ws[N * N], wm[N * N]; /* selector and memory w after the pulse */
  double wr[N * N];            /* selector w after the relaxation */
  double iread[N];             /* column sense currents of the read */
  double e_src, e_cell;
  long net_solves;
} run_t;

static void run(int wires, int mode, run_t *out) {
  mxb_ctx_t *ctx = mxb_ctx_new(1);
  char card[1024], ovr[128];
  snprintf(ovr, sizeof ovr, "rows=%d,cols=%d%s", N, N, wires ? "" : ",r_wire_row=0,r_wire_col=0");
  mxb_array_t *a = mxb_array_load(ctx, mxbt_card("ecm_1s1r_4x4.json", card, sizeof card), ovr);
  assert_non_null(a);
  if (mode == 1) a->net.cells.ref_advance = 1;
  if (mode == 2) a->net.cells.adv_rtol = 1e-7;
  const double vp = 2.4, vr = 0.7;
  const int s = N / 2;
  double t = 1e-6;
  for (int l = 0; l < N; l++) {
    assert_int_equal(mxb_array_drive(a, t, 0, l, l == s ? vp : vp / 3, 0), MXB_OK);
    assert_int_equal(mxb_array_drive(a, t, 1, l, l == s ? 0.0 : 2 * vp / 3, 0), MXB_OK);
  }
  t += 20e-6;
  assert_int_equal(mxb_array_advance(a, t), MXB_OK);
  for (int r = 0; r < N; r++)
    for (int c = 0; c < N; c++) {
      assert_int_equal(mxb_array_part_state(a, 0, r, c, MXB_PART_SELECTOR, &out->ws[r * N + c], 1),
                       MXB_OK);
      assert_int_equal(mxb_array_part_state(a, 0, r, c, MXB_PART_MEMORY, &out->wm[r * N + c], 1),
                       MXB_OK);
    }
  for (int l = 0; l < N; l++) {
    assert_int_equal(mxb_array_drive(a, t, 0, l, l == s ? vr : 0.0, 0), MXB_OK);
    assert_int_equal(mxb_array_sense(a, t, 1, l, 0), MXB_OK);
  }
  t += 1e-6;
  for (int l = 0; l < N; l++)
    assert_int_equal(mxb_array_sense_current(a, t, 1, l, &out->iread[l]), MXB_OK);
  for (int l = 0; l < N; l++) assert_int_equal(mxb_array_drive(a, t, 0, l, 0.0, 0), MXB_OK);
  t += 40e-6;
  assert_int_equal(mxb_array_advance(a, t), MXB_OK);
  for (int r = 0; r < N; r++)
    for (int c = 0; c < N; c++)
      assert_int_equal(mxb_array_part_state(a, 0, r, c, MXB_PART_SELECTOR, &out->wr[r * N + c], 1),
                       MXB_OK);
  assert_int_equal(mxb_array_energy(a, t, &out->e_src, &out->e_cell), MXB_OK);
  mxb_solver_stats_t st;
  assert_int_equal(mxb_array_solver_stats(a, &st), MXB_OK);
  out->net_solves = st.net_solves;
  mxb_array_free(a);
  mxb_ctx_free(ctx);
}

typedef struct {
  double ws, wm, wr, iread, isel, wmsel, e;
} diff_t;

static diff_t compare(const run_t *x, const run_t *y) {
  diff_t d = {0};
  for (int k = 0; k < N * N; k++) {
    d.ws = fmax(d.ws, fabs(x->ws[k] - y->ws[k]));
    d.wm = fmax(d.wm, fabs(x->wm[k] - y->wm[k]));
    d.wr = fmax(d.wr, fabs(x->wr[k] - y->wr[k]));
  }
  for (int l = 0; l < N; l++)
    d.iread = fmax(d.iread, fabs(x->iread[l] - y->iread[l]) / fabs(y->iread[l]));
  d.isel = fabs(x->iread[N / 2] - y->iread[N / 2]) / fabs(y->iread[N / 2]);
  d.wmsel = fabs(x->wm[N / 2 * N + N / 2] - y->wm[N / 2 * N + N / 2]);
  d.e = fmax(fabs(x->e_src - y->e_src) / y->e_src, fabs(x->e_cell - y->e_cell) / y->e_cell);
  return d;
}

static void report(const char *tag, diff_t d) {
  printf("  %-22s selector w %.2e  memory w %.2e  relaxed w %.2e  read I %.2e (selected %.2e)  "
         "energy %.2e\n", tag, d.ws, d.wm, d.wr, d.iread, d.isel, d.e);
}

static void check(int wires) {
  static run_t fast, ref, conv;
  run(wires, 0, &fast);
  run(wires, 1, &ref);
  run(wires, 2, &conv);
  diff_t fc = compare(&fast, &conv), rc = compare(&ref, &conv), fr = compare(&fast, &ref);
  printf("%s wires (selected cell: read %.6e A, memory w %.6f):\n", wires ? "1 ohm" : "ideal",
         conv.iread[N / 2], conv.wm[N / 2 * N + N / 2]);
  report("fast vs converged", fc);
  report("reference vs converged", rc);
  report("fast vs reference", fr);
  printf("  network solves: fast %ld, reference %ld\n", fast.net_solves, ref.net_solves);
  /* the selected cell set, the half-selected ones stayed in HRS */
  assert_true(conv.wm[N / 2 * N + N / 2] > 0.5);
  assert_true(conv.wm[0] == 0.0 && conv.ws[0] > 0.5);
  assert_true(fc.ws <= 1e-4 && fc.wm <= 5e-4 && fc.wr <= 1e-4 && fc.iread <= 2e-3);
  assert_true(rc.ws <= 2.5e-3 && rc.wm <= 1.06e-3 && rc.wr <= 2.5e-3 && rc.iread <= 5e-3);
  assert_true(fr.ws <= 3.5e-3 && fr.wm <= 1.6e-3 && fr.wr <= 3.5e-3 && fr.iread <= 7e-3);
  assert_true(fr.e <= 2e-2);
  assert_true(fc.wmsel < rc.wmsel && fc.isel < rc.isel && fc.ws < rc.ws);
}

static void test_fast_advance_ideal(void **st) {
  (void)st;
  check(0);
}

static void test_fast_advance_wires(void **st) {
  (void)st;
  check(1);
}

/* Every moving cell in its exact window (selectors relaxing below their
 * hold voltage) lets a network step take the whole interval at once; the
 * step control must still shorten it where the states move the network.
 * 8x8, after a V/3 pulse switched the selectors on: every row at 0.15 V
 * (below the hold voltage), the columns sensed through 100 Mohm, so the
 * relaxing selectors move the column voltages (~17 mV) by more than the
 * 0.1 mV the step control allows. One advance over 10 us against 400
 * advances of 25 ns (each its own first step): the same states (the
 * window's trajectory does not depend on the voltage), the same currents,
 * energies within 1e-3 (measured 2.2e-5), at most twice the network
 * solves of the control without the jump (29; a rejected jump costs a few:
 * 34); and the whole interval at once where nothing moves the network
 * (every line at 0 V, 40 us): 2 network solves (6 without the jump). */
static void relax_bias(int split, double *ws, double *isense, double *e, long *solves,
                       long *solves_rest) {
  mxb_ctx_t *ctx = mxb_ctx_new(1);
  char card[1024];
  mxb_array_t *a = mxb_array_load(ctx, mxbt_card("ecm_1s1r_4x4.json", card, sizeof card),
                                  "rows=8,cols=8");
  assert_non_null(a);
  const double vp = 2.4;
  double t = 1e-6, es;
  for (int l = 0; l < N; l++) {
    assert_int_equal(mxb_array_drive(a, t, 0, l, l == 3 ? vp : vp / 3, 0), MXB_OK);
    assert_int_equal(mxb_array_drive(a, t, 1, l, l == 5 ? 0.0 : 2 * vp / 3, 0), MXB_OK);
  }
  t += 20e-6;
  for (int l = 0; l < N; l++) {
    assert_int_equal(mxb_array_drive(a, t, 0, l, 0.15, 0), MXB_OK);
    assert_int_equal(mxb_array_sense(a, t, 1, l, 1e8), MXB_OK);
  }
  mxb_solver_stats_t st;
  assert_int_equal(mxb_array_advance(a, t), MXB_OK);
  assert_int_equal(mxb_array_energy(a, t, &es, e), MXB_OK);
  assert_int_equal(mxb_array_solver_stats(a, &st), MXB_OK);
  long s0 = st.net_solves;
  double v0, v1;
  assert_int_equal(mxb_array_node_voltage(a, t, 1, 0, 0, &v0), MXB_OK);
  for (int k = 1; k <= split; k++)
    assert_int_equal(mxb_array_advance(a, t + 10e-6 * k / split), MXB_OK);
  t += 10e-6;
  assert_int_equal(mxb_array_node_voltage(a, t, 1, 0, 0, &v1), MXB_OK);
  if (split == 1) printf("  column 0: %.4f V -> %.4f V over the relaxation\n", v0, v1);
  double e0 = *e;
  assert_int_equal(mxb_array_energy(a, t, &es, e), MXB_OK);
  *e -= e0;
  assert_int_equal(mxb_array_solver_stats(a, &st), MXB_OK);
  *solves = st.net_solves - s0;
  for (int r = 0; r < N; r++)
    for (int c = 0; c < N; c++)
      assert_int_equal(mxb_array_part_state(a, 0, r, c, MXB_PART_SELECTOR, &ws[r * N + c], 1),
                       MXB_OK);
  for (int l = 0; l < N; l++)
    assert_int_equal(mxb_array_sense_current(a, t, 1, l, &isense[l]), MXB_OK);
  for (int l = 0; l < N; l++) assert_int_equal(mxb_array_drive(a, t, 0, l, 0.0, 0), MXB_OK);
  assert_int_equal(mxb_array_solver_stats(a, &st), MXB_OK);
  s0 = st.net_solves;
  assert_int_equal(mxb_array_advance(a, t + 40e-6), MXB_OK);
  assert_int_equal(mxb_array_solver_stats(a, &st), MXB_OK);
  *solves_rest = st.net_solves - s0;
  mxb_array_free(a);
  mxb_ctx_free(ctx);
}

static void test_relax_under_bias(void **st) {
  (void)st;
  double ws1[N * N], wsn[N * N], i1[N], in[N], e1, en;
  long s1, sn, r1, rn;
  relax_bias(1, ws1, i1, &e1, &s1, &r1);
  relax_bias(400, wsn, in, &en, &sn, &rn);
  double dw = 0.0, di = 0.0;
  for (int k = 0; k < N * N; k++) dw = fmax(dw, fabs(ws1[k] - wsn[k]));
  for (int l = 0; l < N; l++) di = fmax(di, fabs(i1[l] - in[l]) / fabs(in[l]));
  printf("  one advance vs 400: selector w %.2e, sense I %.2e, energy %.2e (%.4e J); "
         "network solves %ld vs %ld; at 0 V: %ld\n", dw, di, fabs(e1 - en) / en, en, s1, sn, r1);
  assert_true(dw <= 1e-9 && di <= 1e-6 && fabs(e1 - en) <= 1e-3 * en);
  assert_true(r1 <= 2 && s1 <= 58);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_fast_advance_ideal),
      cmocka_unit_test(test_fast_advance_wires),
      cmocka_unit_test(test_relax_under_bias),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
