/* mxbar tests: a one-cell bench for the device validation tests
 * (test_dev_cu_pmssq.c, test_dev_ecm.c), driven like a testbench drives an
 * array: drive a line (plane 0 = top electrode, plane 1 = bottom electrode)
 * at time t, advance, read the cell current / conductance / energy.
 *
 * When the array engine is in the tree (models_c/src/mxb_array.c) every call
 * goes through mxb_array_* on a 1x1 array (2D, or 1S1R with the selector).
 * Until then a stand-in integrates the one cell itself with the same
 * semantics (piecewise-constant drives, adaptive sub-steps bounded by the
 * classes' step limits, the 1S1R internal node solved, the cell capacitance
 * charged through the top line's source resistance, cell energy) so the
 * tests and their protocols do not change when the engine lands. */
#ifndef DEV_BENCH_H
#define DEV_BENCH_H

#include "mxb_test.h"

#if defined(__has_include)
#if __has_include("mxb_array.c")
#define DEV_BENCH_ARRAY 1
#endif
#endif
#ifndef DEV_BENCH_ARRAY
#define DEV_BENCH_ARRAY 0
#endif

typedef struct {
  mxb_ctx_t *ctx;
#if DEV_BENCH_ARRAY
  mxb_array_t *a;
#endif
  /* stand-in */
  mxb_device_t *mem, *sel; /* sel NULL: a single device */
  double sm[32], ss[32];
  mxb_dev_rng_t rm, rs;
  double t, v[2], r[2]; /* line drives: volts and source resistance */
  double vc;            /* cell voltage (capacitor) */
  double e_cells;
} bench_t;

static inline mxb_dev_rng_t bench_rng_(mxb_ctx_t *ctx, unsigned layer) {
  mxb_dev_rng_t r = {mxb_ctx_seed(ctx), mxb_rng_stream(MXB_RNG_D2D, layer, 0, 0),
                     mxb_rng_stream(MXB_RNG_C2C, layer, 0, 0),
                     mxb_rng_stream(MXB_RNG_READ, layer, 0, 0)};
  return r;
}

/* A 1x1 bench of a device card (sel_card NULL) or of a 1S1R pair; every line
 * starts driven at 0 V (ideal). */
static inline bench_t *bench_new(uint64_t seed, const char *mem_card,
                                 const char *sel_card, const char *overrides) {
  bench_t *b = calloc(1, sizeof *b);
  char p[1024];
  assert_non_null(b);
  b->ctx = mxb_ctx_new(seed);
  b->mem = mxb_device_load(b->ctx, mxbt_card(mem_card, p, sizeof p), overrides);
  if (!b->mem) print_error("%s\n", mxb_ctx_errmsg(b->ctx));
  assert_non_null(b->mem);
  if (sel_card) {
    b->sel = mxb_device_load(b->ctx, mxbt_card(sel_card, p, sizeof p), NULL);
    assert_non_null(b->sel);
  }
#if DEV_BENCH_ARRAY
  mxb_array_spec_t sp = {sel_card ? MXB_TOPO_1S1R : MXB_TOPO_2D, 1, 1, 1, 0.0, 0.0,
                         b->mem, b->sel};
  b->a = mxb_array_new(b->ctx, &sp);
  if (!b->a) print_error("%s\n", mxb_ctx_errmsg(b->ctx));
  assert_non_null(b->a);
  assert_int_equal(mxb_array_drive(b->a, 0.0, 0, 0, 0.0, 0.0), MXB_OK);
  assert_int_equal(mxb_array_drive(b->a, 0.0, 1, 0, 0.0, 0.0), MXB_OK);
#else
  const mxb_device_class_t *cm = mxb_device_class(b->mem);
  assert_true(cm->n_state <= 32);
  b->rm = bench_rng_(b->ctx, 0);
  assert_int_equal(cm->init(mxb_device_params(b->mem), b->sm, &b->rm), MXB_OK);
  if (b->sel) {
    const mxb_device_class_t *cs = mxb_device_class(b->sel);
    b->rs = bench_rng_(b->ctx, 1);
    assert_int_equal(cs->init(mxb_device_params(b->sel), b->ss, &b->rs), MXB_OK);
  }
#endif
  return b;
}

static inline void bench_free(bench_t *b) {
  if (!b) return;
#if DEV_BENCH_ARRAY
  mxb_array_free(b->a);
#endif
  mxb_device_free(b->mem);
  mxb_device_free(b->sel);
  mxb_ctx_free(b->ctx);
  free(b);
}

#if !DEV_BENCH_ARRAY
/* Stand-in: memory-node voltage of the 1S1R pair under cell voltage v. */
static inline double bench_mid_(bench_t *b, double v) {
  const mxb_device_class_t *cs = mxb_device_class(b->sel), *cm = mxb_device_class(b->mem);
  const double *ps = mxb_device_params(b->sel), *pm = mxb_device_params(b->mem);
  double lo = v < 0 ? v : 0, hi = v < 0 ? 0 : v, d;
  for (int i = 0; i < 80 && hi - lo > 1e-13; i++) {
    double m = 0.5 * (lo + hi);
    double f = cs->current(ps, b->ss, v - m, &d) - cm->current(pm, b->sm, m, &d);
    if (f > 0) lo = m; else hi = m;
  }
  return 0.5 * (lo + hi);
}

/* Current through the cell at cell voltage v (stand-in). */
static inline double bench_i_(bench_t *b, double v, double *didv) {
  const mxb_device_class_t *cm = mxb_device_class(b->mem);
  double d;
  if (!b->sel) return cm->current(mxb_device_params(b->mem), b->sm, v, didv ? didv : &d);
  double m = bench_mid_(b, v);
  if (didv) *didv = 0;
  return cm->current(mxb_device_params(b->mem), b->sm, m, &d);
}

/* Stand-in advance of the one cell from b->t to t. */
static inline int bench_run_(bench_t *b, double t) {
  const mxb_device_class_t *cm = mxb_device_class(b->mem);
  const double *pm = mxb_device_params(b->mem);
  double c = (!b->sel && cm->capacitance) ? cm->capacitance(pm, b->sm) : 0.0;
  double rs = b->r[0] + b->r[1], vsrc = b->v[0] - b->v[1];
  int rc_node = c > 0 && rs > 0;
  if (!rc_node) b->vc = vsrc;
  while (b->t < t) {
    double h = t - b->t, vm = b->vc, vs = 0;
    if (b->sel) {
      vm = bench_mid_(b, b->vc);
      vs = b->vc - vm;
      double h2 = mxb_device_class(b->sel)->step_limit(mxb_device_params(b->sel), b->ss, vs);
      if (h2 < h) h = h2;
    }
    double h1 = cm->step_limit(pm, b->sm, vm);
    if (h1 < h) h = h1;
    if (rc_node) { /* implicit Euler on C dvc/dt = (vsrc - vc)/rs - I(vc) */
      double tau = rs * c;
      if (fabs(vsrc - b->vc) > 1e-6 && h > 0.02 * tau) h = 0.02 * tau;
      double g, i = bench_i_(b, b->vc, &g);
      double vnew = (c * b->vc + h * (vsrc / rs - i + g * b->vc)) / (c + h * (1 / rs + g));
      vm = 0.5 * (b->vc + vnew);
      b->e_cells += vm * bench_i_(b, vm, NULL) * h;
      b->vc = vnew;
    } else {
      b->e_cells += b->vc * bench_i_(b, b->vc, NULL) * h;
    }
    if (b->sel)
      assert_int_equal(mxb_device_class(b->sel)->advance(mxb_device_params(b->sel), b->ss, vs, h, &b->rs), MXB_OK);
    assert_int_equal(cm->advance(pm, b->sm, vm, h, &b->rm), MXB_OK);
    b->t += h;
  }
  b->t = t;
  return MXB_OK;
}
#endif

/* Drive line 0 of a plane (0 top, 1 bottom) at time t through r_source.
 * Returns the status (the array engine may not yet support r_source). */
static inline int bench_drive(bench_t *b, double t, int plane, double volts,
                              double r_source) {
#if DEV_BENCH_ARRAY
  return mxb_array_drive(b->a, t, plane, 0, volts, r_source);
#else
  if (!(r_source == 0.0 || (plane == 0 && !b->sel))) return MXB_EINVAL;
  bench_run_(b, t);
  b->v[plane] = volts;
  b->r[plane] = r_source;
  if (!(r_source > 0)) b->vc = b->v[0] - b->v[1];
  return MXB_OK;
#endif
}

static inline void bench_advance(bench_t *b, double t) {
#if DEV_BENCH_ARRAY
  assert_int_equal(mxb_array_advance(b->a, t), MXB_OK);
#else
  bench_run_(b, t);
#endif
}

/* Cell current (A, top to bottom) at time t. */
static inline double bench_current(bench_t *b, double t) {
  double i;
#if DEV_BENCH_ARRAY
  assert_int_equal(mxb_array_cell_current(b->a, t, 0, 0, 0, &i), MXB_OK);
#else
  bench_run_(b, t);
  i = bench_i_(b, b->vc, NULL);
#endif
  return i;
}

/* Cell voltage (top minus bottom) at time t. */
static inline double bench_vcell(bench_t *b, double t) {
#if DEV_BENCH_ARRAY
  double vt, vb;
  assert_int_equal(mxb_array_cell_voltages(b->a, t, 0, 0, 0, &vt, &vb, NULL), MXB_OK);
  return vt - vb;
#else
  bench_run_(b, t);
  return b->vc;
#endif
}

/* Conductance I(v_read)/v_read of the cell at time t, without disturbing it. */
static inline double bench_g(bench_t *b, double t, double v_read) {
  double g;
#if DEV_BENCH_ARRAY
  assert_int_equal(mxb_array_cell_conductance(b->a, t, 0, 0, 0, v_read, &g), MXB_OK);
#else
  bench_run_(b, t);
  g = bench_i_(b, v_read, NULL) / v_read;
#endif
  return g;
}

/* Energy dissipated in the cell since creation (J) at time t. */
static inline double bench_energy(bench_t *b, double t) {
#if DEV_BENCH_ARRAY
  double es, ec;
  assert_int_equal(mxb_array_energy(b->a, t, &es, &ec), MXB_OK);
  return ec;
#else
  bench_run_(b, t);
  return b->e_cells;
#endif
}

/* A rectangular pulse on the top line from t0: v for width, then 0 V. */
static inline double bench_pulse(bench_t *b, double t0, double v, double width) {
  assert_int_equal(bench_drive(b, t0, 0, v, 0.0), MXB_OK);
  assert_int_equal(bench_drive(b, t0 + width, 0, 0.0, 0.0), MXB_OK);
  return t0 + width;
}

#endif
