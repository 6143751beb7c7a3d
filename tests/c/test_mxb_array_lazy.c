/* Lazy drive application (array.h "Lazy solve", DESIGN.md "Time
 * semantics"): line-end changes at the present instant only record the new
 * settings; the network is solved once, when something is read or time moves.
 * Each test runs the same protocol on two arrays built alike: the lazy one
 * sets every line end one after another and then advances; the eager one
 * reads after every single change (so it solves each intermediate setting, as
 * an engine applying drives at once would). The physics is the same - the
 * settings in force while time moves are the same - so cell states, line-end
 * currents and energies must agree to 1e-12 (bit-identical where no solver
 * starts from the previous solution). */
#include "mxb_test.h"
#include "mxb_array_impl.h"

/* Threshold memory cell that programs at the pulse voltages below. */
static mxb_device_t *memory(mxb_ctx_t *ctx) {
  mxb_device_t *m = mxbt_dev(ctx, "threshold_memristor", "g_on", 1e-4, "g_off", 1e-6);
  assert_int_equal(mxb_device_set(ctx, m, "v_set", 0.9), MXB_OK);
  assert_int_equal(mxb_device_set(ctx, m, "v_reset", 0.9), MXB_OK);
  assert_int_equal(mxb_device_set(ctx, m, "sigma_d2d", 0.1), MXB_OK);
  assert_int_equal(mxb_device_set(ctx, m, "w0", 0.3), MXB_OK);
  return m;
}

/* One read (forces a solve of the present settings) in the eager array. */
static void eager_read(mxb_array_t *b, double t) {
  double x;
  int rc = mxb_array_sense_current(b, t, 1, 0, &x);
  if (rc) print_error("eager read: %s\n", mxb_ctx_errmsg(mxb_array_ctx(b)));
  assert_int_equal(rc, MXB_OK);
}

/* Set every line of the array at t: pattern 0 = read bias (rows 0..0.6 V,
 * columns at virtual ground, every fourth column floating), 1 = V/3 program
 * pulse of cell (k % R, k % C) at vp, 2 = every other row floating, the rest
 * at 0.5 V, columns sensed through 50 ohm. The eager array reads after each
 * change. */
static void set_lines(mxb_array_t *a, int eager, double t, int pattern, int k, double vp) {
  int R = mxb_array_plane_lines(a, 0), C = mxb_array_plane_lines(a, 1);
  for (int r = 0; r < R; r++) {
    int rc;
    if (pattern == 0) rc = mxb_array_drive(a, t, 0, r, 0.2 * ((r + k) % 4), 0.0);
    else if (pattern == 1) rc = mxb_array_drive(a, t, 0, r, r == k % R ? vp : vp / 3, 0.0);
    else if (r % 2) rc = mxb_array_float(a, t, 0, r);
    else rc = mxb_array_drive(a, t, 0, r, 0.5, 0.0);
    assert_int_equal(rc, MXB_OK);
    if (eager) eager_read(a, t);
  }
  for (int c = 0; c < C; c++) {
    int rc;
    if (pattern == 0) rc = c % 4 == 3 ? mxb_array_float(a, t, 1, c) : mxb_array_sense(a, t, 1, c, 0.0);
    else if (pattern == 1) rc = mxb_array_drive(a, t, 1, c, c == k % C ? 0.0 : 2 * vp / 3, 0.0);
    else rc = mxb_array_sense(a, t, 1, c, 50.0);
    assert_int_equal(rc, MXB_OK);
    if (eager) eager_read(a, t);
  }
}

/* States, every line-end current and both energies of the two arrays at t. */
static void compare(mxb_array_t *a, mxb_array_t *b, double t, double tol, double *worst) {
  mxb_topology_t topo;
  int L, R, C;
  mxb_array_shape(a, &topo, &L, &R, &C);
  for (int k = 0; k < L; k++)
    for (int r = 0; r < R; r++)
      for (int c = 0; c < C; c++) {
        double sa[2], sb[2];
        assert_int_equal(mxb_array_cell_state(a, k, r, c, sa, 2), MXB_OK);
        assert_int_equal(mxb_array_cell_state(b, k, r, c, sb, 2), MXB_OK);
        double d = fabs(sa[0] - sb[0]);
        if (d > *worst) *worst = d;
        if (!(d <= tol)) {
          print_error("cell (%d, %d, %d): state %.17g (lazy) vs %.17g (eager)\n", k, r, c,
                      sa[0], sb[0]);
          fail();
        }
      }
  double imax = 0, dmax = 0;
  for (int p = 0; p <= L; p++)
    for (int l = 0; l < mxb_array_plane_lines(a, p); l++)
      for (int e = 0; e < 2; e++) {
        double ia, ib;
        assert_int_equal(mxb_array_end_current(a, t, p, l, (mxb_line_end_t)e, &ia), MXB_OK);
        assert_int_equal(mxb_array_end_current(b, t, p, l, (mxb_line_end_t)e, &ib), MXB_OK);
        imax = fmax(imax, fabs(ib));
        dmax = fmax(dmax, fabs(ia - ib));
      }
  assert_true(imax > 0);
  if (dmax / imax > *worst) *worst = dmax / imax;
  if (!(dmax <= tol * imax)) {
    print_error("end currents differ by %.3g A of %.3g A\n", dmax, imax);
    fail();
  }
  double ea[2], eb[2];
  assert_int_equal(mxb_array_energy(a, t, &ea[0], &ea[1]), MXB_OK);
  assert_int_equal(mxb_array_energy(b, t, &eb[0], &eb[1]), MXB_OK);
  for (int i = 0; i < 2; i++) {
    assert_true(ea[i] > 0);
    assert_close_rel(ea[i], eb[i], tol);
  }
}

/* Runs the protocol on the array described by sp; returns the largest
 * difference seen (states absolute, currents relative to the largest). */
static double run(const mxb_array_spec_t *sp, double vp, double tol, int *moved) {
  mxb_ctx_t *ctx = mxb_ctx_new(7);
  mxb_array_t *a = mxb_array_new(ctx, sp), *b = mxb_array_new(ctx, sp);
  assert_non_null(a);
  assert_non_null(b);
  double t = 0, worst = 0, s0, s1;
  assert_int_equal(mxb_array_cell_state(a, 0, 0, 0, &s0, 1), MXB_OK);
  for (int k = 0; k < 9; k++) {
    t += 1e-7;
    int pattern = k % 3;
    long n0 = a->stat_solves;
    set_lines(a, 0, t, pattern, k, vp);
    set_lines(b, 1, t, pattern, k, vp);
    /* the lazy array solved at most once (the advance to t under the old
     * settings) however many line ends changed at t */
    assert_true(a->stat_solves - n0 <= 1);
    long n1 = a->stat_solves;
    double x;
    assert_int_equal(mxb_array_sense_current(a, t, 1, 1, &x), MXB_OK);
    assert_int_equal(a->stat_solves - n1, 1); /* the read solves once */
    assert_int_equal(mxb_array_sense_current(a, t, 1, 2, &x), MXB_OK);
    assert_int_equal(a->stat_solves - n1, 1); /* a second read at t reuses it */
    t += pattern == 1 ? 2e-6 : 1e-6; /* the pulse or the hold */
    assert_int_equal(mxb_array_advance(a, t), MXB_OK);
    assert_int_equal(mxb_array_advance(b, t), MXB_OK);
    compare(a, b, t, tol, &worst);
  }
  for (int r = 0; r < sp->rows && !*moved; r++)
    for (int c = 0; c < sp->cols && !*moved; c++) {
      assert_int_equal(mxb_array_cell_state(a, 0, r, c, &s1, 1), MXB_OK);
      *moved = s1 != s0; /* every cell starts at the card's w0 */
    }
  mxb_array_free(a);
  mxb_array_free(b);
  mxb_ctx_free(ctx);
  return worst;
}

/* Runs the protocol on sp; the V/3 pulses must have moved some state. */
static void lazy_case(const mxb_array_spec_t *sp, double vp, double tol, const char *what) {
  int moved = 0;
  double w = run(sp, vp, tol, &moved);
  assert_true(moved);
  print_message("%s: largest lazy-eager difference %.3g\n", what, w);
}

/* 2D, ideal wires: lean reads below the thresholds, the per-cell fast path
 * for the V/3 pulses, the iterative solver for the floating rows of pattern 2
 * (which starts from the previous solution: rounding-level differences). */
static void test_lazy_2d_ideal(void **st) {
  (void)st;
  mxb_ctx_t *ctx = mxb_ctx_new(1);
  mxb_device_t *m = memory(ctx);
  mxb_array_spec_t sp = {MXB_TOPO_2D, 1, 12, 9, 0.0, 0.0, m, NULL};
  lazy_case(&sp, 2.4, 1e-12, "2D ideal wires");
  mxb_device_free(m);
  mxb_ctx_free(ctx);
}

/* 1S1R with ideal wires: the internal node of each cell is solved from the
 * previous solution, so the eager copy may differ at rounding level. */
static void test_lazy_1s1r_ideal(void **st) {
  (void)st;
  mxb_ctx_t *ctx = mxb_ctx_new(1);
  mxb_device_t *m = memory(ctx), *s = mxbt_dev(ctx, "sinh_diode", "i0", 1e-6, "v0", 0.1);
  mxb_array_spec_t sp = {MXB_TOPO_1S1R, 1, 12, 9, 0.0, 0.0, m, s};
  lazy_case(&sp, 2.8, 1e-12, "1S1R ideal wires");
  mxb_device_free(m);
  mxb_device_free(s);
  mxb_ctx_free(ctx);
}

/* Wires of 1.5 / 0.5 ohm per segment, floating lines: the iterative solver
 * (2D) and KLU (1S1R) start Newton from the previous solution. */
static void test_lazy_wires(void **st) {
  (void)st;
  mxb_ctx_t *ctx = mxb_ctx_new(1);
  mxb_device_t *m = memory(ctx), *s = mxbt_dev(ctx, "sinh_diode", "i0", 1e-6, "v0", 0.1);
  mxb_array_spec_t sp2 = {MXB_TOPO_2D, 1, 10, 8, 1.5, 0.5, m, NULL};
  mxb_array_spec_t sp1 = {MXB_TOPO_1S1R, 1, 8, 6, 1.5, 0.5, m, s};
  lazy_case(&sp2, 2.4, 1e-11, "2D wires");
  lazy_case(&sp1, 2.8, 1e-11, "1S1R wires");
  mxb_device_free(m);
  mxb_device_free(s);
  mxb_ctx_free(ctx);
}

/* Floating a line right after a lean solve (which leaves node voltages
 * unwritten): the next solve starts that line from its last held voltage
 * (it used to start from NaN and end in MXB_ECONV, "I = nan ... at nan V",
 * on a 1x1 array and on any array whose driven rows all float). The currents
 * must be those of a fresh array given the final settings directly. */
static void float_after_lean(int R, int C, int nfloat) {
  mxb_ctx_t *ctx = mxb_ctx_new(1);
  mxb_device_t *m = memory(ctx);
  mxb_array_spec_t sp = {MXB_TOPO_2D, 1, R, C, 0.0, 0.0, m, NULL};
  mxb_array_t *a = mxb_array_new(ctx, &sp), *b = mxb_array_new(ctx, &sp);
  assert_non_null(a);
  assert_non_null(b);
  for (int r = 0; r < R; r++) {
    assert_int_equal(mxb_array_drive(a, 0.0, 0, r, 0.1 + 0.1 * r, 0.0), MXB_OK);
    assert_int_equal(mxb_array_drive(b, 0.0, 0, r, 0.1 + 0.1 * r, 0.0), MXB_OK);
  }
  for (int c = 0; c < C; c++) {
    assert_int_equal(mxb_array_sense(a, 0.0, 1, c, 0.0), MXB_OK);
    assert_int_equal(mxb_array_sense(b, 0.0, 1, c, 0.0), MXB_OK);
  }
  double x, y;
  assert_int_equal(mxb_array_sense_current(a, 1e-6, 1, 0, &x), MXB_OK); /* lean solve */
  assert_int_equal(a->net.stat_path, MXBI_PATH_LEAN);
  for (int r = 0; r < nfloat; r++) {
    assert_int_equal(mxb_array_float(a, 2e-6, 0, r), MXB_OK);
    assert_int_equal(mxb_array_float(b, 0.0, 0, r), MXB_OK);
  }
  for (int c = 0; c < C; c++) {
    int rc = mxb_array_sense_current(a, 3e-6, 1, c, &x);
    if (rc) print_error("%dx%d: %s\n", R, C, mxb_ctx_errmsg(ctx));
    assert_int_equal(rc, MXB_OK);
    assert_int_equal(mxb_array_sense_current(b, 3e-6, 1, c, &y), MXB_OK);
    assert_true(isfinite(x));
    assert_true(fabs(x - y) <= 1e-12 * fabs(y) + 1e-21);
  }
  mxb_array_free(a);
  mxb_array_free(b);
  mxb_device_free(m);
  mxb_ctx_free(ctx);
}

static void test_float_after_lean(void **st) {
  (void)st;
  float_after_lean(1, 1, 1); /* the only row: no current at all */
  float_after_lean(4, 3, 4); /* every row */
  float_after_lean(4, 3, 2); /* some rows: the others still drive */
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_float_after_lean),
      cmocka_unit_test(test_lazy_2d_ideal),
      cmocka_unit_test(test_lazy_1s1r_ideal),
      cmocka_unit_test(test_lazy_wires),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
