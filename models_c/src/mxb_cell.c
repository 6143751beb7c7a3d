/* mxbar: cells as stacks of devices in series (mxb_cell.h): creation of
 * their states, the local solve of a stack's internal node, the cell as a
 * two-terminal element, step limits, capacitances and state advance. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "mxb_cell.h"

int mxbi_cells_init(mxbi_cells_t *cs, mxb_ctx_t *ctx, uint64_t seed, int L, int R, int C,
                    const mxb_device_t *const *models, int ndev) {
  cs->n = (size_t)L * (size_t)R * (size_t)C;
  cs->R = R;
  cs->C = C;
  cs->seed = seed;
  cs->ndev = ndev;
  if (ndev < 1 || ndev > MXBI_CELL_MAXDEV)
    return mxbi_error(ctx, MXB_EINVAL, "array: a cell stacks 1 to %d devices (got %d)",
                      MXBI_CELL_MAXDEV, ndev);
  for (int d = 0; d < ndev; d++) {
    mxbi_stackdev_t *x = &cs->dev[d];
    if (!(x->model = mxb_device_clone(ctx, models[d]))) return mxb_ctx_errcode(ctx);
    x->cls = mxb_device_class(x->model);
    x->par = mxb_device_params(x->model);
    x->nst = x->cls->n_state;
    /* the memory (bottom) draws from the cell's layer, a device above it
     * from layer + L (1S1R: the next layer, as always; a 3D stack: beyond
     * every memory's layer) */
    x->rng_layer = (unsigned)L * (unsigned)(ndev - 1 - d);
    x->st = calloc(cs->n * (x->nst ? x->nst : 1), sizeof *x->st);
    if (!x->st) goto nomem;
    if (x->cls->capacitance) cs->has_cap = 1;
  }
  if (ndev > 1) {
    if (!(cs->vmid = calloc(cs->n, sizeof *cs->vmid))) goto nomem;
    if (!(cs->hint = malloc(cs->n * sizeof *cs->hint))) goto nomem;
    if (!(cs->cache = calloc(cs->n, sizeof *cs->cache))) goto nomem;
    if (!(cs->hstep = calloc(cs->n, sizeof *cs->hstep))) goto nomem;
    cs->cache_epoch = 1;
    for (size_t ci = 0; ci < cs->n; ci++) cs->hint[ci].v = NAN;
  }
  if (cs->has_cap)
    for (int d = 0; d < ndev; d++)
      if (!(cs->dev[d].uc = calloc(cs->n, sizeof *cs->dev[d].uc))) goto nomem;
  for (size_t ci = 0; ci < cs->n; ci++)
    for (int d = ndev - 1; d >= 0; d--) {
      const mxbi_stackdev_t *x = &cs->dev[d];
      mxb_dev_rng_t g = mxbi_cell_rng(cs, d, ci);
      int rc = x->cls->init(x->par, mxbi_cell_state(cs, d, ci), &g);
      if (rc) {
        int k, r, c;
        mxbi_cell_coords(cs, ci, &k, &r, &c);
        return mxbi_error(ctx, rc, "array: class '%s' failed to initialise cell "
                          "(layer %d, row %d, col %d)", x->cls->name, k, r, c);
      }
    }
  return MXB_OK;
nomem:
  return mxbi_error(ctx, MXB_ENOMEM, "array: out of memory for the states of %zu cells",
                    cs->n);
}

void mxbi_cells_free(mxbi_cells_t *cs) {
  for (int d = 0; d < MXBI_CELL_MAXDEV; d++) {
    mxb_device_free(cs->dev[d].model);
    free(cs->dev[d].st);
    free(cs->dev[d].uc);
  }
  free(cs->vmid);
  free(cs->hint);
  free(cs->cache);
  free(cs->hstep);
}

mxb_dev_rng_t mxbi_cell_rng(const mxbi_cells_t *cs, int d, size_t ci) {
  int k, r, c;
  mxbi_cell_coords(cs, ci, &k, &r, &c);
  unsigned kk = (unsigned)k + cs->dev[d].rng_layer;
  mxb_dev_rng_t g = {cs->seed, mxb_rng_stream(MXB_RNG_D2D, kk, (unsigned)r, (unsigned)c),
                     mxb_rng_stream(MXB_RNG_C2C, kk, (unsigned)r, (unsigned)c),
                     mxb_rng_stream(MXB_RNG_READ, kk, (unsigned)r, (unsigned)c)};
  return g;
}

/* The local solve; *g (if not NULL) gets the stack's dI/dV at the last
 * iterate. Every iteration evaluates both devices once; the last one's
 * Newton update is the answer, with the current corrected to first order
 * along the bottom device (no evaluation after convergence: at the
 * tolerance the correction is below 1e-13 V of the node's voltage). */
static double local_solve(const mxbi_cells_t *cs, size_t ci, double v, double *vm,
                          double *amps, double *kd, double rtol) {
  double lo = v < 0 ? v : 0, hi = v < 0 ? 0 : v;
  double m = *vm;
  if (!(m >= lo && m <= hi)) m = 0.5 * (lo + hi);
  if (v == 0.0) {
    /* both devices at 0 V: the series conductance of their slopes */
    double gs, gm;
    mxbi_cell_dev_current(cs, 0, ci, 0.0, &gs);
    mxbi_cell_dev_current(cs, 1, ci, 0.0, &gm);
    *vm = 0.0;
    *amps = 0.0;
    *kd = gs + gm > 0 ? gs / (gs + gm) : 0.5;
    return gs + gm > 0 ? gs * gm / (gs + gm) : 0.0;
  }
  double tol = 0.1 * rtol + rtol * fabs(v);
  if (cs->loc_tol > tol) tol = cs->loc_tol;
  double gs = 0.0, gm = 0.0, im = 0.0, mn = m;
  double up = 0.0; /* the last Newton update taken (0: none, or a bisection) */
  for (int it = 0; it < 300; it++) {
    double is = mxbi_cell_dev_current(cs, 0, ci, v - m, &gs);
    im = mxbi_cell_dev_current(cs, 1, ci, m, &gm);
    double f = is - im;
    if (f > 0) lo = m; else if (f < 0) hi = m; else { mn = m; break; }
    double d = gs + gm;
    /* converged: the Newton update is within the tolerance (tested before
     * the bracket: an update below the resolution of m leaves mn == m ==
     * lo, which the bracket would take for an escape and bisect); or
     * Newton contracting quadratically after a Newton step u: with
     * e_next ~ K e^2 and K ~ |du| / u^2 the error left after this update
     * du is ~ |du|^3 / u^2, within the tolerance (one evaluation fewer:
     * the confirming one) */
    double du = d > 0 ? f / d : 0.0;
    if (d > 0 && (fabs(du) <= tol ||
                  (up != 0.0 && fabs(du) <= 0.1 * fabs(up) &&
                   fabs(du) * (du / up) * (du / up) <= tol))) {
      mn = m + du;
      break;
    }
    mn = (d > 0) ? m + du : 0.5 * (lo + hi);
    up = du;
    if (!(mn > lo && mn < hi)) {
      mn = 0.5 * (lo + hi);
      up = 0.0;
    }
    if (fabs(mn - m) <= tol || hi - lo <= tol) break;
    m = mn;
  }
  *vm = mn;
  *amps = im + gm * (mn - m);
  *kd = gs + gm > 0 ? gs / (gs + gm) : 0.5;
  return gs + gm > 0 ? gs * gm / (gs + gm) : 0.0;
}

void mxbi_cell_local_solve(const mxbi_cells_t *cs, size_t ci, double v, double *vm,
                           double *amps) {
  double kd;
  local_solve(cs, ci, v, vm, amps, &kd, MXBI_CELL_LS_RTOL);
}

/* The local solve inside a cell's own integration (mxbi_cell_integrate,
 * oneshot): the node to CELL_LS_RTOL_INT (1e-10 of the cell voltage, a
 * current off by ~1e-9 of itself: far below the step control's 1e-2 and
 * the energy's 1e-7). Two evaluations per step where the network's
 * tolerance took ~3 (128x128 V/3 pulse). */
#define CELL_LS_RTOL_INT 1e-10
static double integ_solve(const mxbi_cells_t *cs, size_t ci, double v, double *vm,
                          double *amps) {
  double kd;
  local_solve(cs, ci, v, vm, amps, &kd, CELL_LS_RTOL_INT);
  return kd;
}

double mxbi_cell_eval_stack(mxbi_cells_t *cs, size_t ci, double v, double vb, double *g) {
  mxbi_cell_hint_t *h = &cs->hint[ci];
  mxbi_cell_cache_t *c = cs->cache && cs->cache_on ? &cs->cache[ci] : NULL;
  if (c && c->tag == cs->cache_epoch && cs->ni == NULL && fabs(v - c->v) <= MXBI_CELL_CACHE_DV) {
    double dv = v - c->v; /* the tangent at the last full evaluation */
    *g = c->g;
    h->kd = c->kd;
    cs->vmid[ci] = c->m + c->kd * dv + vb;
    h->v = v;
    h->vb = vb;
    return c->i + c->g * dv;
  }
  /* start: the node where the last evaluation left it, relative to the
   * bottom node then, moved by the divider's share of the change of the
   * cell voltage since (the local solve brackets whatever it gets) */
  double m = cs->vmid[ci] - vb, i;
  if (mxbi_finite(h->v)) m = cs->vmid[ci] - h->vb + h->kd * (v - h->v);
  else if (cs->cold_on && mxbi_finite(cs->cold.v)) m = cs->cold_m + cs->cold.kd * (v - cs->cold.v);
  *g = local_solve(cs, ci, v, &m, &i, &h->kd, MXBI_CELL_LS_RTOL);
  cs->vmid[ci] = m + vb;
  h->v = v;
  h->vb = vb;
  if (cs->cold_on) {
    cs->cold = *h;
    cs->cold_m = m;
  }
  if (c && !(cs->loc_tol > 0)) *c = (mxbi_cell_cache_t){v, i, *g, m, h->kd, cs->cache_epoch};
  return i;
}

double mxbi_cell_chord(const mxbi_cells_t *cs, size_t ci, double v) {
  double g, i;
  if (cs->ndev == 1) return mxbi_cell_dev_current(cs, 0, ci, v, &g) / v;
  double m = 0.5 * v;
  mxbi_cell_local_solve(cs, ci, v, &m, &i);
  return i / v;
}

/* The memory's limit first, then the devices above it (a NaN from the
 * memory stays: the caller reports it). */
double mxbi_cell_step_limit(const mxbi_cells_t *cs, size_t ci,
                            const double vd[MXBI_CELL_MAXDEV], double hl[MXBI_CELL_MAXDEV]) {
  double h = INFINITY;
  for (int d = cs->ndev - 1; d >= 0; d--) {
    const mxbi_stackdev_t *x = &cs->dev[d];
    hl[d] = MXBI_CELL_UNLIKELY(cs->ni != NULL) && mxbi_cell_frozen(cs, ci, d)
                ? INFINITY
                : x->cls->step_limit(x->par, x->st + ci * x->nst, vd[d]);
    if (d == cs->ndev - 1 || hl[d] < h) h = hl[d];
  }
  return h;
}

void mxbi_cell_caps(const mxbi_cells_t *cs, size_t ci, double c[MXBI_CELL_MAXDEV]) {
  for (int d = 0; d < cs->ndev; d++) c[d] = mxbi_cell_dev_cap(cs, d, ci);
}

int mxbi_cell_advance(const mxbi_cells_t *cs, size_t ci, const double vd[MXBI_CELL_MAXDEV],
                      const double hl[MXBI_CELL_MAXDEV], double h, int *failed) {
  for (int d = cs->ndev - 1; d >= 0; d--) {
    if (isinf(hl[d])) continue;
    const mxbi_stackdev_t *x = &cs->dev[d];
    mxb_dev_rng_t g = mxbi_cell_rng(cs, d, ci);
    int rc = x->cls->advance(x->par, x->st + ci * x->nst, vd[d], h, &g);
    if (rc) {
      *failed = d;
      return rc;
    }
  }
  return MXB_OK;
}

/* Each device's voltage in a stack of cell voltage v whose internal node sits
 * at m above the bottom (memory alone: all of v). */
static void stack_volts(const mxbi_cells_t *cs, double v, double m, double vd[MXBI_CELL_MAXDEV]) {
  if (cs->ndev == 1) {
    vd[0] = v;
  } else {
    vd[0] = v - m;
    vd[1] = m;
  }
}

/* The reference: sub-steps of the smallest step limit, each device advanced
 * under its voltage at the sub-step's start, the internal node re-solved
 * after each, trapezoidal energy. */
static int integrate_ref(const mxbi_cells_t *cs, size_t ci, double v, double *vm, double i0,
                         double dt, long max_steps, double *energy, const char **what) {
  double e = 0.0, t = 0.0, g, m = *vm, vd[MXBI_CELL_MAXDEV], hl[MXBI_CELL_MAXDEV];
  mxb_dev_rng_t rng[MXBI_CELL_MAXDEV];
  for (int d = 0; d < cs->ndev; d++) rng[d] = mxbi_cell_rng(cs, d, ci);
  long n = 0;
  while (t < dt) {
    stack_volts(cs, v, m, vd);
    double h = mxbi_cell_step_limit(cs, ci, vd, hl);
    if (isinf(h) && h > 0) {
      e += v * i0 * (dt - t);
      break;
    }
    if (!(h > 0)) {
      *what = "class gave a step limit <= 0";
      return MXB_ECONV;
    }
    int last = h >= dt - t;
    if (last) h = dt - t;
    for (int d = 0; d < cs->ndev; d++) {
      const mxbi_stackdev_t *x = &cs->dev[d];
      if (MXBI_CELL_UNLIKELY(cs->ni != NULL) && mxbi_cell_frozen(cs, ci, d)) continue;
      if (x->cls->advance(x->par, x->st + ci * x->nst, vd[d], h, &rng[d])) {
        *what = "class failed to advance";
        return MXB_ECONV;
      }
    }
    double i1;
    if (cs->ndev == 1) i1 = mxbi_cell_dev_current(cs, 0, ci, v, &g);
    else mxbi_cell_local_solve(cs, ci, v, &m, &i1);
    e += v * 0.5 * (i0 + i1) * h;
    i0 = i1;
    if (last) break;
    t += h;
    if (++n > max_steps) {
      *what = "too many sub-steps";
      return MXB_ECONV;
    }
  }
  *vm = m;
  *energy = e;
  return MXB_OK;
}

/* ---- Fewer sub-steps where a class solves its states exactly (device.h:
 * exact_window, exact_const). */

/* State values per device the one-step paths can save (larger states take
 * the reference's sub-steps). */
#define CELL_NST_MAX 16
/* Growth of a stack's controlled step from one step to the next. */
#define CELL_GROW 4.0
/* Behind a source resistance (r_th > 0) the cell voltage is updated after
 * each step: a step may move it by at most this (absolute V, relative;
 * the network advance's own tolerance). */
#define CELL_DV_TH 1e-4
#define CELL_RDV_TH 1e-5
/* Energy over a one-step advance: adaptive Simpson to this relative
 * tolerance, at most this many halvings. */
#define CELL_ETOL 1e-7
#define CELL_EDEPTH 12

typedef struct {
  const mxbi_cells_t *cs;
  size_t ci;
  double v, m;            /* cell voltage; internal node (relative to the bottom) */
  double vd[MXBI_CELL_MAXDEV]; /* device voltages the states advance under */
  double s0[MXBI_CELL_MAXDEV][CELL_NST_MAX]; /* states at the start */
  mxb_dev_rng_t rng[MXBI_CELL_MAXDEV];
  int rc;                 /* a class failed to advance */
} oneshot_t;

static int dev_moves(const mxbi_cells_t *cs, size_t ci, int d) {
  return cs->dev[d].nst > 0 && !(MXBI_CELL_UNLIKELY(cs->ni != NULL) && mxbi_cell_frozen(cs, ci, d));
}

static void states_save(const mxbi_cells_t *cs, size_t ci, double s[][CELL_NST_MAX]) {
  for (int d = 0; d < cs->ndev; d++)
    memcpy(s[d], mxbi_cell_state(cs, d, ci), cs->dev[d].nst * sizeof **s);
}

static void states_load(const mxbi_cells_t *cs, size_t ci, double s[][CELL_NST_MAX]) {
  for (int d = 0; d < cs->ndev; d++)
    memcpy(mxbi_cell_state(cs, d, ci), s[d], cs->dev[d].nst * sizeof **s);
}

/* Whether the states fit the one-step paths' buffers and some class of the
 * stack declares an exact solution (else the reference runs as it is). */
static int exact_usable(const mxbi_cells_t *cs) {
  int any = 0;
  for (int d = 0; d < cs->ndev; d++) {
    if (cs->dev[d].nst > CELL_NST_MAX) return 0;
    any |= cs->dev[d].cls->exact_window != NULL || cs->dev[d].cls->exact_const != NULL;
  }
  return any;
}

/* Whether every device of cell ci can advance over any dt in one step under
 * the cell voltage v: a lone device under its fixed voltage where its class
 * solves it exactly (exact_const, or an exact_window holding v); a device
 * of a stack where its exact_window holds every voltage it can take, i.e.
 * [min(0, v), max(0, v)] (the local solve keeps the internal node between
 * the terminals: every device is passive). */
static int oneshot_ok(const mxbi_cells_t *cs, size_t ci, double v) {
  double lo = v < 0 ? v : 0.0, hi = v < 0 ? 0.0 : v;
  for (int d = 0; d < cs->ndev; d++) {
    if (!dev_moves(cs, ci, d)) continue;
    const mxbi_stackdev_t *x = &cs->dev[d];
    const double *st = x->st + ci * x->nst;
    if (cs->ndev == 1 && x->cls->exact_const && x->cls->exact_const(x->par, st, v)) continue;
    double wl, wh;
    if (!x->cls->exact_window || !x->cls->exact_window(x->par, st, &wl, &wh)) return 0;
    if (!(wl <= lo && hi <= wh)) return 0;
  }
  return 1;
}

/* The states after tau from the start (each device's advance in one call)
 * and the cell's current there (the internal node re-solved, warm). */
static double oneshot_at(oneshot_t *o, double tau) {
  const mxbi_cells_t *cs = o->cs;
  states_load(cs, o->ci, o->s0);
  for (int d = 0; d < cs->ndev; d++) {
    if (!dev_moves(cs, o->ci, d)) continue;
    const mxbi_stackdev_t *x = &cs->dev[d];
    if (x->cls->advance(x->par, x->st + o->ci * x->nst, o->vd[d], tau, &o->rng[d]) && !o->rc)
      o->rc = MXB_ECONV;
  }
  double i, g;
  if (cs->ndev == 1) return mxbi_cell_dev_current(cs, 0, o->ci, o->v, &g);
  integ_solve(cs, o->ci, o->v, &o->m, &i);
  return i;
}

/* Integral of the current over [a, b] (fa, fm, fb at a, the middle, b):
 * adaptive Simpson with Richardson's correction. */
static double oneshot_simpson(oneshot_t *o, double a, double b, double fa, double fm, double fb,
                              double whole, double tol, int depth) {
  double h = b - a, c = 0.5 * (a + b);
  double fl = oneshot_at(o, 0.5 * (a + c)), fr = oneshot_at(o, 0.5 * (c + b));
  double sl = h / 12.0 * (fa + 4.0 * fl + fm), sr = h / 12.0 * (fm + 4.0 * fr + fb);
  double err = sl + sr - whole;
  if (depth <= 0 || fabs(err) <= 15.0 * tol) return sl + sr + err / 15.0;
  return oneshot_simpson(o, a, c, fa, fl, fm, sl, 0.5 * tol, depth - 1) +
         oneshot_simpson(o, c, b, fm, fr, fb, sr, 0.5 * tol, depth - 1);
}

/* Advance cell ci by T in one step (oneshot_ok): the states at T, the
 * internal node and current there; *energy the energy dissipated, v times
 * the current's integral (adaptive Simpson on the exact state trajectory;
 * 0 at v = 0, and no integration when the current does not move). */
static int oneshot(const mxbi_cells_t *cs, size_t ci, double v, double *vm, double i0, double T,
                   double *energy, double *i_end) {
  oneshot_t o = {.cs = cs, .ci = ci, .v = v, .m = *vm};
  stack_volts(cs, v, *vm, o.vd);
  for (int d = 0; d < cs->ndev; d++) o.rng[d] = mxbi_cell_rng(cs, d, ci);
  states_save(cs, ci, o.s0);
  double e = 0.0;
  if (v != 0.0) {
    /* the integrand from the same local solve at every point (the caller's
     * i0 comes from another evaluation: a jump at 0 would be refined down
     * to the last halving) */
    i0 = oneshot_at(&o, 0.0);
    double fm = oneshot_at(&o, 0.5 * T), fb = oneshot_at(&o, T);
    double whole = T / 6.0 * (i0 + 4.0 * fm + fb);
    double tol = CELL_ETOL * (fabs(i0) + fabs(fm) + fabs(fb)) / 3.0 * T;
    /* a current that does not move beyond its rounding needs no refining */
    double flat = 1e-12 * (fabs(i0) + fabs(fm) + fabs(fb));
    if (fabs(fm - i0) <= flat && fabs(fb - i0) <= flat) e = v * whole;
    else e = v * oneshot_simpson(&o, 0.0, T, i0, fm, fb, whole, tol, CELL_EDEPTH);
  }
  *i_end = oneshot_at(&o, T); /* the states at T; the node warm from the last evaluation */
  *vm = o.m;
  *energy = e;
  return o.rc;
}

/* Advance every moving device of cell ci with a finite limit hl[d] by h
 * under the device voltages vd. */
static int advance_all(const mxbi_cells_t *cs, size_t ci, const double *vd, const double *hl,
                       double h, const mxb_dev_rng_t *rng) {
  for (int d = 0; d < cs->ndev; d++) {
    if (!dev_moves(cs, ci, d) || isinf(hl[d])) continue;
    const mxbi_stackdev_t *x = &cs->dev[d];
    if (x->cls->advance(x->par, x->st + ci * x->nst, vd[d], h, &rng[d])) return MXB_ECONV;
  }
  return MXB_OK;
}

int mxbi_cell_exact_over(const mxbi_cells_t *cs, size_t ci, double v) {
  return !cs->ref_advance && exact_usable(cs) && oneshot_ok(cs, ci, v);
}

int mxbi_cell_integrate(const mxbi_cells_t *cs, size_t ci, double v, double r_th, double *vm,
                        double i0, double dt, long max_steps, double *energy, double *v_end,
                        const char **what) {
  *v_end = v;
  if (cs->ref_advance || !exact_usable(cs))
    return integrate_ref(cs, ci, v, vm, i0, dt, max_steps, energy, what);
  /* a source resistance: the cell voltage follows the cell's own current
   * from one step to the next, v = v_th - r_th i (a stack only) */
  if (!(r_th > 0) || cs->ndev == 1) r_th = 0.0;
  double v_th = v + r_th * i0;
  double e = 0.0, t = 0.0, m = *vm, vd[MXBI_CELL_MAXDEV], hl[MXBI_CELL_MAXDEV];
  double keep[MXBI_CELL_MAXDEV][CELL_NST_MAX], pred[MXBI_CELL_MAXDEV][CELL_NST_MAX];
  mxb_dev_rng_t rng[MXBI_CELL_MAXDEV];
  for (int d = 0; d < cs->ndev; d++) rng[d] = mxbi_cell_rng(cs, d, ci);
  /* the first step: where the last integration of this cell in the same
   * advance left its controlled step (a multirate network step integrates
   * it again and again; mxbi_array_advance clears them), else the smallest
   * step limit */
  double hgrow = cs->hstep ? cs->hstep[ci] : 0.0;
  double rtol = cs->adv_rtol > 0 ? cs->adv_rtol : MXBI_CELL_RTOL;
  int rejected = 0;
  long n = 0;
  double dmdt = 0.0; /* the internal node's rate over the last accepted step */
  while (t < dt) {
    double rem = dt - t;
    stack_volts(cs, v, m, vd);
    double h = mxbi_cell_step_limit(cs, ci, vd, hl);
    if (isinf(h) && h > 0) {
      e += v * i0 * rem;
      hgrow = 0.0; /* at rest: the next motion starts afresh */
      break;
    }
    if (!(h > 0)) {
      *what = "class gave a step limit <= 0";
      return MXB_ECONV;
    }
    if (r_th == 0.0 && oneshot_ok(cs, ci, v)) { /* the rest in one step */
      double ec, i1;
      if (oneshot(cs, ci, v, &m, i0, rem, &ec, &i1)) {
        *what = "class failed to advance";
        return MXB_ECONV;
      }
      e += ec;
      hgrow = 0.0;
      break;
    }
    /* a stack: the devices whose class solves a constant voltage exactly
     * (soft) may step past their limits under error control; the others
     * (hard) bound the step by theirs, as in the reference */
    double hard = INFINITY, soft = INFINITY;
    for (int d = 0; d < cs->ndev; d++) {
      if (isinf(hl[d])) continue;
      const mxbi_stackdev_t *x = &cs->dev[d];
      if (cs->ndev > 1 && x->cls->exact_const &&
          x->cls->exact_const(x->par, x->st + ci * x->nst, vd[d])) {
        if (hl[d] < soft) soft = hl[d];
      } else if (hl[d] < hard) {
        hard = hl[d];
      }
    }
    /* controlled (a stack with a soft device): the step from the error
     * estimate (the first one: the smallest limit), never beyond a hard
     * limit; else the reference's step */
    int over = !isinf(soft);
    if (over) h = hgrow > 0 && hgrow < hard ? hgrow : hgrow > 0 ? hard : fmin(soft, hard);
    else h = hard;
    double hplan = h;
    int last = h >= rem;
    if (last) h = rem;
    if (over) states_save(cs, ci, keep);
    if (advance_all(cs, ci, vd, hl, h, rng)) {
      *what = "class failed to advance";
      return MXB_ECONV;
    }
    /* the node's start: where the last step's rate takes it */
    double i1, g, m1 = m + dmdt * h, kd = 0.5;
    if (cs->ndev == 1) i1 = mxbi_cell_dev_current(cs, 0, ci, v, &g);
    else kd = integ_solve(cs, ci, v, &m1, &i1);
    if (over) {
      /* corrector: the step again from its start under the device voltages
       * halfway between the start and the predictor's end (second order);
       * the error is the difference of the two in the cell's current.
       * Where the predictor brought every device to rest (a selector
       * driven to its hold voltage: the rate vanishes there, so the
       * approach is stiff and the corrector, whose voltage lies on the
       * threshold, would not move), the predictor's state is taken: it
       * passed the rest point by at most a tenth of the error allowed. */
      double vd1[MXBI_CELL_MAXDEV] = {v - m1, m1}, hl1[MXBI_CELL_MAXDEV];
      double vmid[MXBI_CELL_MAXDEV] = {v - 0.5 * (m + m1), 0.5 * (m + m1)}, i2, m2 = m1;
      double rest = mxbi_cell_step_limit(cs, ci, vd1, hl1);
      int at_rest = isinf(rest) && rest > 0;
      if (at_rest) states_save(cs, ci, pred);
      states_load(cs, ci, keep);
      if (advance_all(cs, ci, vmid, hl, h, rng)) {
        *what = "class failed to advance";
        return MXB_ECONV;
      }
      double kd2 = integ_solve(cs, ci, v, &m2, &i2);
      double err = fabs(i2 - i1) / (rtol * fabs(i2) + 1e-300);
      if (r_th > 0) { /* behind a source resistance: the step moves the
                       * cell voltage by at most CELL_DV_TH + CELL_RDV_TH |v| */
        double x = r_th * fabs(i2 - i0) / (CELL_DV_TH + CELL_RDV_TH * fabs(v));
        if (x * x > err) err = x * x;
      }
      /* the predictor taken at rest: its overshoot past the rest point is
       * the whole error, held to a tenth of the tolerance */
      if (at_rest) err *= 10.0;
      if (!(err <= 1.0)) { /* back, a shorter step */
        states_load(cs, ci, keep);
        hgrow = h * (err < INFINITY ? fmax(0.1, 0.9 / sqrt(err)) : 0.1);
        rejected = 1;
        if (++n > max_steps) {
          *what = "too many sub-steps";
          return MXB_ECONV;
        }
        continue;
      }
      if (at_rest) {
        states_load(cs, ci, pred);
      } else {
        i1 = i2;
        m1 = m2;
        kd = kd2;
      }
      /* no growth right after a rejection (it would be rejected again) */
      double grow = rejected ? 1.0 : CELL_GROW;
      hgrow = h * (err > 0 ? fmin(grow, 0.9 / sqrt(err)) : grow);
      rejected = 0;
    } else {
      hgrow = h * CELL_GROW;
    }
    e += v * 0.5 * (i0 + i1) * h;
    i0 = i1;
    dmdt = (m1 - m) / h;
    m = m1;
    if (r_th > 0) { /* the voltage the new current leaves across the cell
                     * (the node starts moved by its share of the change) */
      double v1 = v_th - r_th * i1;
      m += kd * (v1 - v);
      v = v1;
      integ_solve(cs, ci, v, &m, &i0);
    }
    if (last) {
      if (over && hplan > h && hgrow < hplan) hgrow = hplan; /* cut by the end, not the error */
      break;
    }
    t += h;
    if (++n > max_steps) {
      *what = "too many sub-steps";
      return MXB_ECONV;
    }
  }
  if (cs->hstep) cs->hstep[ci] = hgrow;
  *vm = m;
  *energy = e;
  *v_end = v;
  return MXB_OK;
}
