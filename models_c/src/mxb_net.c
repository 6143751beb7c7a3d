/* mxbar: the network of an array (mxb_net.h): its lines and ends, the
 * structure key the solvers keep, and the choice of solver. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "mxb_net.h"

int mxbi_net_init(mxbi_net_t *n, mxb_ctx_t *ctx, int L, int R, int C, double r_wire_row,
                  double r_wire_col) {
  n->ctx = ctx;
  n->L = L;
  n->R = R;
  n->C = C;
  n->P = L + 1;
  n->ncell = (size_t)L * (size_t)R * (size_t)C;
  n->nnode = (size_t)n->P * (size_t)R * (size_t)C;
  n->rw[0] = r_wire_row;
  n->rw[1] = r_wire_col;
  n->lbase = calloc((size_t)n->P + 1, sizeof *n->lbase);
  if (!n->lbase) return MXB_ENOMEM;
  for (int p = 0; p < n->P; p++) n->lbase[p + 1] = n->lbase[p] + mxbi_nlines(n, p);
  n->nline = n->lbase[n->P];
  n->term = calloc((size_t)n->nline * 2, sizeof *n->term);
  n->vn = calloc(n->nnode, sizeof *n->vn);
  /* every node at 0 V: the solution of every line driven to 0 V */
  n->vdrv = calloc((size_t)n->nline, sizeof *n->vdrv);
  return n->term && n->vn && n->vdrv ? MXB_OK : MXB_ENOMEM;
}

void mxbi_net_free(mxbi_net_t *n) {
  mxbi_klu_free(n->klu);
  mxbi_iter_free(n->iter);
  mxbi_cells_free(&n->cells);
  free(n->lbase);
  free(n->term);
  free(n->vn);
  free(n->vdrv);
}

int mxbi_net_held_same(const mxbi_net_t *n, const unsigned char *held) {
  for (int p = 0; p < n->P; p++)
    for (int l = 0; l < mxbi_nlines(n, p); l++) {
      int gl = n->lbase[p] + l;
      if (held[gl] != mxbi_line_held(n, p, gl)) return 0;
    }
  return 1;
}

void mxbi_net_held_fill(const mxbi_net_t *n, unsigned char *held) {
  for (int p = 0; p < n->P; p++)
    for (int l = 0; l < mxbi_nlines(n, p); l++)
      held[n->lbase[p] + l] = (unsigned char)mxbi_line_held(n, p, n->lbase[p] + l);
}

void mxbi_net_held_volts(const mxbi_net_t *n, const unsigned char *held, double *known) {
  for (int p = 0; p < n->P; p++) {
    int np = mxbi_npos(n, p);
    for (int l = 0; l < mxbi_nlines(n, p); l++) {
      int gl = n->lbase[p] + l;
      if (!held[gl]) continue;
      const mxbi_term_t *t = &n->term[2 * gl];
      double v = mxbi_term_ideal(t) ? mxbi_term_volts(t) : mxbi_term_volts(t + 1);
      for (int q = 0; q < np; q++) known[mxbi_line_node(n, p, l, q)] = v;
    }
  }
}

/* The voltage line gl's ends drive it to: the conductance-weighted mean of
 * its voltage and sense ends (NaN when it has none). */
static double line_drive(const mxbi_net_t *n, int p, int gl) {
  double gs = 0.0, js = 0.0;
  for (int e = 0; e < 2; e++) {
    const mxbi_term_t *t = &n->term[2 * gl + e];
    if (t->kind != MXB_TERM_VOLTAGE && t->kind != MXB_TERM_SENSE) continue;
    double g = 1.0 / (mxbi_rwire(n, p) + t->r);
    if (!(g < INFINITY)) return mxbi_term_volts(t); /* an ideal end over no wire */
    gs += g;
    js += g * mxbi_term_volts(t);
  }
  return gs > 0 ? js / gs : NAN;
}

/* The starting point of a solve: the last solution, every line whose drive
 * changed since moved by that change (a row stepped from 0.6 to 1.2 V starts
 * 0.6 V higher, its IR drops kept), so Newton starts near the answer
 * instead of damping its way there. */
static void shift_start(mxbi_net_t *n) {
  for (int p = 0; p < n->P; p++) {
    int np = mxbi_npos(n, p);
    for (int l = 0; l < mxbi_nlines(n, p); l++) {
      int gl = n->lbase[p] + l;
      double v = line_drive(n, p, gl), dv = v - n->vdrv[gl];
      n->vdrv[gl] = v;
      if (!(dv != 0.0) || !mxbi_finite(dv)) continue;
      for (int q = 0; q < np; q++) n->vn[mxbi_line_node(n, p, l, q)] += dv;
    }
  }
}

/* Wall-clock seconds (the solver statistics; never a result). */
static double wall_s(void) {
  struct timespec ts;
  if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) return 0.0;
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int net_solve(mxbi_net_t *n, double h, double t) {
  if (n->solver_mode != MXBI_SOLVER_KLU) {
    int ri = mxbi_solve_iter(n, h);
    if (ri == MXB_OK) {
      n->stat_path = MXBI_PATH_ITER;
      n->tot.iter++;
      n->tot.newton += n->stat_newton;
      n->tot.cg += n->stat_cg;
      return MXB_OK;
    }
    if (ri != MXBI_ITER_FALLBACK) return ri;
    n->tot.fallback++;
    if (n->solver_mode == MXBI_SOLVER_ITER)
      return mxbi_error(n->ctx, MXB_ECONV, "array: the iterative solver does not cover "
                        "or did not converge on the %d x %d x %d network (forced, no "
                        "KLU fallback)", n->L, n->R, n->C);
  }
  n->stat_path = MXBI_PATH_KLU;
  n->tot.klu++;
  return mxbi_solve_klu(n, h, t);
}

/* A current source has no voltage of its own; a real one stops at its
 * compliance. A solution that takes a line fed by a current end beyond the
 * drive limit |V| <= MXB_V_MAX is an error naming that end, the current and
 * the voltage it needs ("more than" when a partial solve of source stepping,
 * at the fraction lam of the current, already got there), not a result. */
static int check_compliance(const mxbi_net_t *n, double lam) {
  for (int p = 0; p < n->P; p++)
    for (int l = 0; l < mxbi_nlines(n, p); l++) {
      int gl = n->lbase[p] + l;
      for (int e = 0; e < 2; e++) {
        const mxbi_term_t *t = &n->term[2 * gl + e];
        if (t->kind != MXB_TERM_CURRENT || t->value == 0.0) continue;
        double vmax = 0.0;
        for (int q = 0; q < mxbi_npos(n, p); q++)
          vmax = fmax(vmax, fabs(n->vn[mxbi_line_node(n, p, l, q)]));
        if (vmax > MXB_V_MAX)
          return mxbi_error(n->ctx, MXB_ERANGE,
                            "array: the current drive of %g A into plane %d line %d end %c "
                            "needs %s%.4g V, beyond the %g V drive limit (a real source "
                            "stops at its compliance): drive less current, or a voltage",
                            lam < 1.0 ? t->value / lam : t->value, p, l, e ? 'B' : 'A',
                            lam < 1.0 ? "more than " : "", vmax, MXB_V_MAX);
      }
    }
  return MXB_OK;
}

/* Source stepping (as SPICE does when its operating point fails): a network
 * fed by current sources whose solve did not converge is solved again from
 * the same start with every current source at a fraction of its value,
 * raised towards the full value as each partial solve converges (the step
 * halved after a failure, each solve starting from the last converged one).
 * A current forced into steep exponential cells (selectors) sends plain
 * Newton far past the operating point, where the cells' currents overflow;
 * the ramp keeps every start close to its solution. */
#define MXBI_STEP_MIN (1.0 / 1024.0)

static int source_step(mxbi_net_t *n, double h, double t, const double *vn0,
                       const double *vm0) {
  size_t nt = 2 * (size_t)n->nline, nm = n->cells.vmid ? n->ncell : 0;
  double *full = malloc(nt * sizeof *full), *vn_ok = malloc(n->nnode * sizeof *vn_ok);
  double *vm_ok = nm ? malloc(nm * sizeof *vm_ok) : NULL;
  int rc = MXB_ENOMEM;
  if (!full || !vn_ok || (nm && !vm_ok)) goto out;
  for (size_t k = 0; k < nt; k++) full[k] = n->term[k].value;
  memcpy(vn_ok, vn0, n->nnode * sizeof *vn_ok);
  if (nm) memcpy(vm_ok, vm0, nm * sizeof *vm_ok);
  double lam = 0.0, step = 0.125;
  rc = MXB_ECONV;
  while (lam < 1.0 && step >= MXBI_STEP_MIN) {
    double next = fmin(1.0, lam + step);
    memcpy(n->vn, vn_ok, n->nnode * sizeof *vn_ok);
    if (nm) memcpy(n->cells.vmid, vm_ok, nm * sizeof *vm_ok);
    for (size_t k = 0; k < nt; k++)
      if (n->term[k].kind == MXB_TERM_CURRENT) n->term[k].value = next * full[k];
    rc = net_solve(n, h, t);
    if (rc == MXB_OK && next < 1.0 && (rc = check_compliance(n, next)) != MXB_OK) break;
    if (rc == MXB_OK) {
      lam = next;
      step *= 2.0;
      memcpy(vn_ok, n->vn, n->nnode * sizeof *vn_ok);
      if (nm) memcpy(vm_ok, n->cells.vmid, nm * sizeof *vm_ok);
    } else if (rc == MXB_ECONV) {
      step *= 0.5;
    } else {
      break; /* not a convergence failure: stepping cannot help */
    }
  }
  for (size_t k = 0; k < nt; k++) n->term[k].value = full[k];
  if (rc == MXB_OK && lam < 1.0) rc = MXB_ECONV;
out:
  free(full);
  free(vn_ok);
  free(vm_ok);
  return rc;
}

static int has_current_source(const mxbi_net_t *n) {
  for (size_t k = 0; k < 2 * (size_t)n->nline; k++)
    if (n->term[k].kind == MXB_TERM_CURRENT && n->term[k].value != 0.0) return 1;
  return 0;
}

int mxbi_net_solve(mxbi_net_t *n, double h, double t) {
  double t0 = wall_s();
  n->tot.solves++;
  shift_start(n); /* once: the source-stepping retries start where the first attempt did */
  int src = has_current_source(n);
  size_t nm = n->cells.vmid ? n->ncell : 0;
  double *vn0 = NULL, *vm0 = NULL;
  if (src) { /* the start, for source stepping (a failed solve leaves no usable one) */
    vn0 = malloc(n->nnode * sizeof *vn0);
    vm0 = nm ? malloc(nm * sizeof *vm0) : NULL;
    if (!vn0 || (nm && !vm0)) {
      free(vn0);
      free(vm0);
      return mxbi_error(n->ctx, MXB_ENOMEM, "array: no memory for the solver's start");
    }
    memcpy(vn0, n->vn, n->nnode * sizeof *vn0);
    if (nm) memcpy(vm0, n->cells.vmid, nm * sizeof *vm0);
  }
  int rc = net_solve(n, h, t);
  if (rc == MXB_OK && src) rc = check_compliance(n, 1.0);
  if (rc == MXB_ECONV && src) {
    char why[MXB_ERRMSG_MAX];
    snprintf(why, sizeof why, "%s", mxb_ctx_errmsg(n->ctx));
    rc = source_step(n, h, t, vn0, vm0);
    if (rc == MXB_OK) rc = check_compliance(n, 1.0);
    if (rc == MXB_OK)
      mxb_ctx_clear_error(n->ctx); /* the first attempt's failure is not the answer */
    else if (rc == MXB_ECONV)
      mxbi_error(n->ctx, MXB_ECONV, "%s; source stepping of the current sources did not "
                 "converge either", why);
  }
  if (rc != MXB_OK && src) { /* leave the start as it was: the next solve begins there */
    memcpy(n->vn, vn0, n->nnode * sizeof *vn0);
    if (nm) memcpy(n->cells.vmid, vm0, nm * sizeof *vm0);
  }
  free(vn0);
  free(vm0);
  n->tot.seconds += wall_s() - t0;
  return rc;
}
