/* mxbar: cells as stacks of devices in series (mxb_cell.h): creation of
 * their states, the local solve of a stack's internal node, the cell as a
 * two-terminal element, step limits, capacitances and state advance. */
#include <math.h>
#include <stdlib.h>
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
                          double *amps, double *kd) {
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
  double tol = 1e-14 + 1e-13 * fabs(v);
  double gs = 0.0, gm = 0.0, im = 0.0, mn = m;
  for (int it = 0; it < 300; it++) {
    double is = mxbi_cell_dev_current(cs, 0, ci, v - m, &gs);
    im = mxbi_cell_dev_current(cs, 1, ci, m, &gm);
    double f = is - im;
    if (f > 0) lo = m; else if (f < 0) hi = m; else { mn = m; break; }
    double d = gs + gm;
    mn = (d > 0) ? m + f / d : 0.5 * (lo + hi);
    if (!(mn > lo && mn < hi)) mn = 0.5 * (lo + hi);
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
  local_solve(cs, ci, v, vm, amps, &kd);
}

double mxbi_cell_eval_stack(mxbi_cells_t *cs, size_t ci, double v, double vb, double *g) {
  /* start: the node where the last evaluation left it, relative to the
   * bottom node then, moved by the divider's share of the change of the
   * cell voltage since (the local solve brackets whatever it gets) */
  mxbi_cell_hint_t *h = &cs->hint[ci];
  double m = cs->vmid[ci] - vb, i;
  if (mxbi_finite(h->v)) m = cs->vmid[ci] - h->vb + h->kd * (v - h->v);
  *g = local_solve(cs, ci, v, &m, &i, &h->kd);
  cs->vmid[ci] = m + vb;
  h->v = v;
  h->vb = vb;
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

int mxbi_cell_integrate(const mxbi_cells_t *cs, size_t ci, double v, double *vm, double i0,
                        double dt, long max_steps, double *energy, const char **what) {
  double e = 0.0, t = 0.0, g, m = *vm, vd[MXBI_CELL_MAXDEV], hl[MXBI_CELL_MAXDEV];
  mxb_dev_rng_t rng[MXBI_CELL_MAXDEV];
  for (int d = 0; d < cs->ndev; d++) rng[d] = mxbi_cell_rng(cs, d, ci);
  long n = 0;
  while (t < dt) {
    if (cs->ndev == 1) {
      vd[0] = v;
    } else {
      vd[0] = v - m;
      vd[1] = m;
    }
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
