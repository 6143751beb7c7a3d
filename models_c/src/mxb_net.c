/* mxbar: the network of an array (mxb_net.h): its lines and ends, the
 * structure key the solvers keep, and the choice of solver. */
#include <math.h>
#include <stdlib.h>
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
  shift_start(n);
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

int mxbi_net_solve(mxbi_net_t *n, double h, double t) {
  double t0 = wall_s();
  n->tot.solves++;
  int rc = net_solve(n, h, t);
  n->tot.seconds += wall_s() - t0;
  return rc;
}
