/* mxbar: the reference network solver (sparse LU), for every network.
 *
 * mxbi_net_solve (mxb_net.c) first offers the network to the iterative
 * solver (mxb_solve_iter.c: cells of one device with dI/dV >= 0); this KLU
 * solver runs for networks of stacked cells (1S1R), when the iterative
 * solver hands over (negative differential conductance, CG or Newton not
 * converging), and always when solver_mode is MXBI_SOLVER_KLU (tests compare
 * the two).
 *
 * Unknowns: the voltage of every line node that no ideal source holds (a
 * line of zero wire resistance is one node; a line held by an ideal end over
 * a zero-resistance wire is known), and the internal nodes of every stacked
 * cell: the stack is expanded into its devices, as in the SPICE export.
 * Modified nodal analysis: each iteration stamps the linearised devices
 * (conductance dI/dV and the equivalent current), wire segments, end
 * terminals (voltage source through r_wire + r_source, sense load, current
 * source), a small conductance MXBI_GMIN to ground at every line unknown
 * (not at a cell's internal node: the cell is a two-terminal element, as in
 * the iterative solver's local solve), and for
 * a backward-Euler step the capacitor companions (C/h in parallel with a
 * current source), then solves the sparse system with SuiteSparse KLU.
 * Newton with damping: a node may move at most MXB_NEWTON_DV per iteration
 * (exponential devices), converged when an undamped update is below
 * MXB_NEWTON_VTOL, or when the KCL residual has stayed at its rounding level
 * for three full steps whose updates did not shrink (a floating line held by
 * nA cells across 1 ohm wires: see the loop). The sparsity pattern and KLU's
 * symbolic analysis are kept while the set of held lines does not change;
 * numeric factorisations after the first are refactorisations with the same
 * pivot order. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <klu.h>
#include "mxb_net.h"

#define MXB_NEWTON_MAXIT 200
#define MXB_NEWTON_DV 0.5        /* V: largest node update per iteration */
#define MXB_NEWTON_VTOL 1e-10    /* V: absolute convergence on the update */
#define MXB_NEWTON_RTOL 1e-10    /* relative convergence on the update */

typedef struct {
  int a, b;             /* unknown index of each end, or -1 (known) */
  size_t na, nb;        /* node of each end (line node, or internal node) */
  int paa, pab, pba, pbb; /* positions in Ax (-1: not stamped) */
} elem_t;

struct mxbi_klu_s {
  unsigned char *held;  /* per line: held by an ideal end (structure key) */
  int n, n_line;        /* unknowns; those of line nodes (numbered first) */
  int *gid;             /* per node (line nodes, then internal nodes): unknown or -1 */
  size_t ndev, nwire;
  elem_t *dev;          /* device elements: ndev per cell, top first */
  elem_t *wire;         /* wire segments between neighbouring nodes */
  double *gwire;        /* their conductances */
  int *pdiag;           /* position of each unknown's diagonal */
  int *Ap, *Ai;
  double *Ax, *x, *rhs, *known;
  double *res, *mag;    /* KCL residual at x and the sum of its terms' magnitudes */
  klu_symbolic *sym;
  klu_numeric *num;     /* kept across solves while the pattern holds */
  long nfactor, nrefactor; /* full factorisations and refactorisations so far */
  klu_common com;
};

void mxbi_klu_free(mxbi_klu_t *sv) {
  if (!sv) return;
  if (sv->num) klu_free_numeric(&sv->num, &sv->com);
  if (sv->sym) klu_free_symbolic(&sv->sym, &sv->com);
  free(sv->held);
  free(sv->gid);
  free(sv->dev);
  free(sv->wire);
  free(sv->gwire);
  free(sv->pdiag);
  free(sv->Ap);
  free(sv->Ai);
  free(sv->Ax);
  free(sv->x);
  free(sv->rhs);
  free(sv->res);
  free(sv->mag);
  free(sv->known);
  free(sv);
}

static int cmp_int(const void *x, const void *y) {
  int a = *(const int *)x, b = *(const int *)y;
  return (a > b) - (a < b);
}

/* Position of (row i, column j) in the CSC pattern, -1 if either is known. */
static int find_pos(const mxbi_klu_t *sv, int i, int j) {
  if (i < 0 || j < 0) return -1;
  int lo = sv->Ap[j], hi = sv->Ap[j + 1] - 1;
  while (lo <= hi) {
    int m = (lo + hi) / 2;
    if (sv->Ai[m] == i) return m;
    if (sv->Ai[m] < i) lo = m + 1; else hi = m - 1;
  }
  return -1;
}

static void elem_positions(const mxbi_klu_t *sv, elem_t *e) {
  e->paa = find_pos(sv, e->a, e->a);
  e->pbb = find_pos(sv, e->b, e->b);
  e->pab = (e->a >= 0 && e->b >= 0) ? find_pos(sv, e->a, e->b) : -1;
  e->pba = (e->a >= 0 && e->b >= 0) ? find_pos(sv, e->b, e->a) : -1;
}

/* Internal nodes: per cell ndev - 1, numbered after the line nodes. */
static size_t n_internal(const mxbi_net_t *net) {
  return net->ncell * (size_t)(net->cells.ndev - 1);
}

/* Node d of cell ci's stack: 0 its top, ndev its bottom, between them the
 * internal nodes. */
static size_t stack_node(const mxbi_net_t *net, size_t ci, int d) {
  int nd = net->cells.ndev;
  if (d == 0) return mxbi_cell_top(ci);
  if (d == nd) return mxbi_cell_bot(net, ci);
  return net->nnode + ci * (size_t)(nd - 1) + (size_t)(d - 1);
}

/* Build the unknown numbering, the elements and the sparsity pattern. */
static int build(mxbi_net_t *net, mxbi_klu_t *sv) {
  size_t nn = net->nnode + n_internal(net);
  sv->gid = malloc(nn * sizeof *sv->gid);
  sv->known = calloc(nn, sizeof *sv->known);
  if (!sv->gid || !sv->known) return MXB_ENOMEM;
  int n = 0;
  for (int p = 0; p < net->P; p++) {
    int np = mxbi_npos(net, p), merged = mxbi_rwire(net, p) == 0.0;
    for (int l = 0; l < mxbi_nlines(net, p); l++) {
      int held = sv->held[net->lbase[p] + l];
      for (int q = 0; q < np; q++) {
        size_t nd = mxbi_line_node(net, p, l, q);
        if (held) sv->gid[nd] = -1;
        else if (merged) sv->gid[nd] = q == 0 ? n++ : sv->gid[mxbi_line_node(net, p, l, 0)];
        else sv->gid[nd] = n++;
      }
    }
  }
  sv->n_line = n; /* line unknowns first, then the internal nodes */
  for (size_t i = 0; i < n_internal(net); i++) sv->gid[net->nnode + i] = n++;
  sv->n = n;
  /* elements */
  int ndv = net->cells.ndev;
  sv->ndev = (size_t)ndv * net->ncell;
  sv->dev = calloc(sv->ndev ? sv->ndev : 1, sizeof *sv->dev);
  size_t nw = 0;
  for (int p = 0; p < net->P; p++)
    if (mxbi_rwire(net, p) > 0.0)
      nw += (size_t)mxbi_nlines(net, p) * (size_t)(mxbi_npos(net, p) - 1);
  sv->wire = calloc(nw ? nw : 1, sizeof *sv->wire);
  sv->gwire = calloc(nw ? nw : 1, sizeof *sv->gwire);
  if (!sv->dev || !sv->wire || !sv->gwire) return MXB_ENOMEM;
  for (size_t ci = 0; ci < net->ncell; ci++)
    for (int d = 0; d < ndv; d++) {
      size_t na = stack_node(net, ci, d), nb = stack_node(net, ci, d + 1);
      sv->dev[ci * (size_t)ndv + (size_t)d] =
          (elem_t){sv->gid[na], sv->gid[nb], na, nb, -1, -1, -1, -1};
    }
  sv->nwire = 0;
  for (int p = 0; p < net->P; p++) {
    double rw = mxbi_rwire(net, p);
    if (rw == 0.0) continue;
    for (int l = 0; l < mxbi_nlines(net, p); l++)
      for (int q = 0; q + 1 < mxbi_npos(net, p); q++) {
        size_t n0 = mxbi_line_node(net, p, l, q), n1 = mxbi_line_node(net, p, l, q + 1);
        sv->wire[sv->nwire] = (elem_t){sv->gid[n0], sv->gid[n1], n0, n1, -1, -1, -1, -1};
        sv->gwire[sv->nwire++] = 1.0 / rw;
      }
  }
  /* pattern: count entries per column (with duplicates), fill, sort, dedupe */
  size_t cap = (size_t)n + 2 * (sv->ndev + sv->nwire);
  int *cnt = calloc((size_t)n + 1, sizeof *cnt);
  int *rows = malloc((cap ? cap : 1) * sizeof *rows);
  if (!cnt || !rows) {
    free(cnt);
    free(rows);
    return MXB_ENOMEM;
  }
  for (int j = 0; j < n; j++) cnt[j + 1]++;
  for (size_t k = 0; k < sv->ndev + sv->nwire; k++) {
    const elem_t *e = k < sv->ndev ? &sv->dev[k] : &sv->wire[k - sv->ndev];
    if (e->a < 0 || e->b < 0 || e->a == e->b) continue;
    cnt[e->b + 1]++;
    cnt[e->a + 1]++;
  }
  for (int j = 0; j < n; j++) cnt[j + 1] += cnt[j];
  int *fill = malloc(((size_t)n + 1) * sizeof *fill);
  if (!fill) {
    free(cnt);
    free(rows);
    return MXB_ENOMEM;
  }
  memcpy(fill, cnt, ((size_t)n + 1) * sizeof *fill);
  for (int j = 0; j < n; j++) rows[fill[j]++] = j;
  for (size_t k = 0; k < sv->ndev + sv->nwire; k++) {
    const elem_t *e = k < sv->ndev ? &sv->dev[k] : &sv->wire[k - sv->ndev];
    if (e->a < 0 || e->b < 0 || e->a == e->b) continue;
    rows[fill[e->b]++] = e->a; /* (net, b) in column b */
    rows[fill[e->a]++] = e->b;
  }
  sv->Ap = malloc(((size_t)n + 1) * sizeof *sv->Ap);
  if (!sv->Ap) {
    free(cnt);
    free(rows);
    free(fill);
    return MXB_ENOMEM;
  }
  int nz = 0;
  for (int j = 0; j < n; j++) {
    int b0 = cnt[j], b1 = cnt[j + 1];
    qsort(rows + b0, (size_t)(b1 - b0), sizeof *rows, cmp_int);
    sv->Ap[j] = nz;
    for (int k = b0; k < b1; k++)
      if (k == b0 || rows[k] != rows[k - 1]) rows[nz++] = rows[k];
  }
  sv->Ap[n] = nz;
  free(cnt);
  free(fill);
  sv->Ai = realloc(rows, ((size_t)nz ? (size_t)nz : 1) * sizeof *rows);
  if (!sv->Ai) {
    free(rows);
    return MXB_ENOMEM;
  }
  sv->Ax = calloc((size_t)nz ? (size_t)nz : 1, sizeof *sv->Ax);
  sv->pdiag = malloc(((size_t)n ? (size_t)n : 1) * sizeof *sv->pdiag);
  sv->x = calloc((size_t)n ? (size_t)n : 1, sizeof *sv->x);
  sv->rhs = calloc((size_t)n ? (size_t)n : 1, sizeof *sv->rhs);
  sv->res = calloc((size_t)n ? (size_t)n : 1, sizeof *sv->res);
  sv->mag = calloc((size_t)n ? (size_t)n : 1, sizeof *sv->mag);
  if (!sv->Ax || !sv->pdiag || !sv->x || !sv->rhs || !sv->res || !sv->mag) return MXB_ENOMEM;
  for (int j = 0; j < n; j++) sv->pdiag[j] = find_pos(sv, j, j);
  for (size_t k = 0; k < sv->ndev; k++) elem_positions(sv, &sv->dev[k]);
  for (size_t k = 0; k < sv->nwire; k++) elem_positions(sv, &sv->wire[k]);
  klu_defaults(&sv->com);
  if (n > 0) {
    sv->sym = klu_analyze(n, sv->Ap, sv->Ai, &sv->com);
    if (!sv->sym) return MXB_ENOMEM;
  }
  return MXB_OK;
}

/* The solver for the present held lines (rebuilt when they changed). */
static int solver_for(mxbi_net_t *net, mxbi_klu_t **out) {
  mxbi_klu_t *sv = net->klu;
  if (sv && mxbi_net_held_same(net, sv->held)) {
    *out = sv;
    return MXB_OK;
  }
  mxbi_klu_free(net->klu);
  net->klu = NULL;
  sv = calloc(1, sizeof *sv);
  if (!sv) return mxbi_error(net->ctx, MXB_ENOMEM, "array: out of memory for the solver");
  sv->held = calloc((size_t)net->nline, 1);
  if (!sv->held) {
    free(sv);
    return mxbi_error(net->ctx, MXB_ENOMEM, "array: out of memory for the solver");
  }
  mxbi_net_held_fill(net, sv->held);
  int rc = build(net, sv);
  if (rc) {
    mxbi_klu_free(sv);
    return mxbi_error(net->ctx, rc, "array: out of memory building the %d x %d x %d "
                      "network's matrix", net->L, net->R, net->C);
  }
  net->klu = sv;
  *out = sv;
  return MXB_OK;
}

static inline double node_v(const mxbi_klu_t *sv, int u, size_t nd) {
  return u >= 0 ? sv->x[u] : sv->known[nd];
}

/* Stamp a two-terminal branch of current i(v) = i0 + g (v - v0), v = va - vb. */
static inline void stamp(mxbi_klu_t *sv, const elem_t *e, double g, double ieq,
                         double va, double vb) {
  /* current leaving a: g (va - vb) + ieq */
  if (e->a >= 0) {
    sv->Ax[e->paa] += g;
    sv->rhs[e->a] -= ieq;
    if (e->b >= 0) sv->Ax[e->pab] -= g;
    else sv->rhs[e->a] += g * vb;
  }
  if (e->b >= 0) {
    sv->Ax[e->pbb] += g;
    sv->rhs[e->b] += ieq;
    if (e->a >= 0) sv->Ax[e->pba] -= g;
    else sv->rhs[e->b] += g * va;
  }
}

/* Describe the node of unknown u for messages. */
static void node_name(const mxbi_net_t *net, const mxbi_klu_t *sv, int u, char *buf,
                      size_t n) {
  size_t nn = net->nnode + n_internal(net);
  for (size_t nd = 0; nd < nn; nd++) {
    if (sv->gid[nd] != u) continue;
    if (nd >= net->nnode) {
      size_t ci = (nd - net->nnode) / (size_t)(net->cells.ndev - 1);
      int k, r, c;
      mxbi_cell_coords(&net->cells, ci, &k, &r, &c);
      snprintf(buf, n, "internal node of cell (layer %d, row %d, col %d), V top %g V, "
               "V mid %g V", k, r, c, node_v(sv, sv->gid[ci], ci), sv->x[u]);
      return;
    }
    size_t rc = (size_t)net->R * (size_t)net->C;
    int p = (int)(nd / rc), r = (int)((nd % rc) / (size_t)net->C), c = (int)(nd % (size_t)net->C);
    int l = mxbi_plane_rows(p) ? r : c, q = mxbi_plane_rows(p) ? c : r;
    int k = p < net->L ? p : p - 1;
    size_t ci = mxbi_cell(net, k, r, c);
    double vt = node_v(sv, sv->gid[ci], ci), vb = node_v(sv, sv->gid[ci + rc], ci + rc);
    snprintf(buf, n, "plane %d line %d position %d = %g V (cell (layer %d, row %d, col %d): "
             "V top %g V, V bottom %g V)", p, l, q, sv->x[u], k, r, c, vt, vb);
    return;
  }
  snprintf(buf, n, "unknown %d", u);
}

int mxbi_solve_klu(mxbi_net_t *net, double h, double t_now) {
  mxbi_klu_t *sv = NULL;
  int rc = solver_for(net, &sv);
  if (rc) return rc;
  int n = sv->n, ndv = net->cells.ndev;
  /* known voltages and the starting point (the last solution) */
  mxbi_net_held_volts(net, sv->held, sv->known);
  for (size_t k = 0; k < net->nnode; k++)
    if (sv->gid[k] >= 0) sv->x[sv->gid[k]] = net->vn[k];
  for (size_t i = 0; i < n_internal(net); i++) sv->x[sv->gid[net->nnode + i]] = net->cells.vmid[i];
  int it, converged = n == 0, worst = -1, nfloor = 0;
  double dfloor = 0.0;
  double worst_dx = 0.0;
  for (it = 0; it < MXB_NEWTON_MAXIT && !converged; it++) {
    memset(sv->Ax, 0, (size_t)sv->Ap[n] * sizeof *sv->Ax);
    memset(sv->rhs, 0, (size_t)n * sizeof *sv->rhs);
    for (int j = 0; j < n; j++) sv->Ax[sv->pdiag[j]] = j < sv->n_line ? MXBI_GMIN : 0.0;
    for (size_t k = 0; k < sv->nwire; k++) {
      const elem_t *e = &sv->wire[k];
      stamp(sv, e, sv->gwire[k], 0.0, node_v(sv, e->a, e->na), node_v(sv, e->b, e->nb));
    }
    /* line ends */
    for (int p = 0; p < net->P; p++) {
      double rw = mxbi_rwire(net, p);
      int np = mxbi_npos(net, p);
      for (int l = 0; l < mxbi_nlines(net, p); l++) {
        int gl = net->lbase[p] + l;
        if (sv->held[gl]) continue;
        for (int e = 0; e < 2; e++) {
          const mxbi_term_t *t = &net->term[2 * gl + e];
          int u = sv->gid[mxbi_line_node(net, p, l, e ? np - 1 : 0)];
          if (t->kind == MXB_TERM_VOLTAGE || t->kind == MXB_TERM_SENSE) {
            double g = 1.0 / (rw + t->r);
            sv->Ax[sv->pdiag[u]] += g;
            sv->rhs[u] += g * mxbi_term_volts(t);
          } else if (t->kind == MXB_TERM_CURRENT) {
            sv->rhs[u] += t->value;
          }
        }
      }
    }
    /* devices (and capacitor companions) */
    for (size_t k = 0; k < sv->ndev; k++) {
      const elem_t *e = &sv->dev[k];
      if (e->a < 0 && e->b < 0) continue;
      size_t ci = k / (size_t)ndv;
      int d = (int)(k % (size_t)ndv);
      const mxbi_stackdev_t *dev = &net->cells.dev[d];
      double va = node_v(sv, e->a, e->na), vb = node_v(sv, e->b, e->nb), v = va - vb, g;
      double i = mxbi_cell_dev_current(&net->cells, d, ci, v, &g);
      if (!mxbi_finite(i) || !mxbi_finite(g)) {
        int kk, r, c;
        mxbi_cell_coords(&net->cells, ci, &kk, &r, &c);
        size_t top = mxbi_cell_top(ci), bot = mxbi_cell_bot(net, ci);
        return mxbi_error(net->ctx, MXB_ECONV,
                          "array: cell (layer %d, row %d, col %d): class '%s' gives I = %g A, "
                          "dI/dV = %g S at %g V across it (V top %g V, V bottom %g V): no "
                          "operating point can be found", kk, r, c, dev->cls->name, i, g, v,
                          node_v(sv, sv->gid[top], top), node_v(sv, sv->gid[bot], bot));
      }
      stamp(sv, e, g, i - g * v, va, vb);
      if (h > 0 && dev->cls->capacitance) {
        double gc = mxbi_cell_dev_cap(&net->cells, d, ci) / h;
        double u0 = dev->uc[ci];
        stamp(sv, e, gc, -gc * u0, va, vb);
      }
    }
    /* KCL residual at x (the linearisation is exact there: A x - rhs is
     * the sum of the currents leaving each node) and its rounding level */
    double fmax = 0.0, smax = 0.0;
    for (int j = 0; j < n; j++) {
      sv->res[j] = -sv->rhs[j];
      sv->mag[j] = fabs(sv->rhs[j]);
    }
    for (int c = 0; c < n; c++)
      for (int p = sv->Ap[c]; p < sv->Ap[c + 1]; p++) {
        double t = sv->Ax[p] * sv->x[c];
        sv->res[sv->Ai[p]] += t;
        sv->mag[sv->Ai[p]] += fabs(t);
      }
    for (int j = 0; j < n; j++) {
      if (fabs(sv->res[j]) > fmax) fmax = fabs(sv->res[j]);
      if (sv->mag[j] > smax) smax = sv->mag[j];
    }
    int at_floor = fmax <= MXBI_RES_FLOOR * smax;
    /* factor */
    /* a refactorisation with the pivot order of the last factorisation
     * (kept from one solve to the next while the pattern holds), a full
     * one when there is none or the pivots went bad (rcond estimate) */
    int ok = 0;
    if (sv->num) {
      ok = klu_refactor(sv->Ap, sv->Ai, sv->Ax, sv->sym, sv->num, &sv->com);
      double rc_est = 0.0;
      if (ok && klu_rcond(sv->sym, sv->num, &sv->com)) rc_est = sv->com.rcond;
      ok = ok && rc_est > 1e-14;
    }
    if (!ok) {
      if (sv->num) klu_free_numeric(&sv->num, &sv->com);
      sv->num = klu_factor(sv->Ap, sv->Ai, sv->Ax, sv->sym, &sv->com);
      ok = sv->num != NULL;
      sv->nfactor++;
      net->tot.factor++;
    } else {
      sv->nrefactor++;
      net->tot.refactor++;
    }
    if (!ok || sv->com.status == KLU_SINGULAR)
      return mxbi_error(net->ctx, MXB_ESINGULAR,
                        "array: the %d x %d x %d network's matrix is singular (KLU status %d)",
                        net->L, net->R, net->C, sv->com.status);
    if (!klu_solve(sv->sym, sv->num, n, 1, sv->rhs, &sv->com))
      return mxbi_error(net->ctx, MXB_ESINGULAR, "array: KLU solve failed (status %d)",
                        sv->com.status);
    /* damped update */
    double dmax = 0.0, xmax = 0.0;
    worst = -1;
    for (int j = 0; j < n; j++) {
      double d = fabs(sv->rhs[j] - sv->x[j]);
      if (!(d <= dmax)) {
        dmax = d;
        worst = j;
      }
      if (fabs(sv->x[j]) > xmax) xmax = fabs(sv->x[j]);
    }
    if (!mxbi_finite(dmax)) {
      char where[512];
      node_name(net, sv, worst < 0 ? 0 : worst, where, sizeof where);
      return mxbi_error(net->ctx, MXB_ECONV, "array: Newton update is not finite at %s", where);
    }
    double s = dmax > MXB_NEWTON_DV ? MXB_NEWTON_DV / dmax : 1.0;
    for (int j = 0; j < n; j++) sv->x[j] += s * (sv->rhs[j] - sv->x[j]);
    /* Converged: a small full step, or three full steps in a row taken
     * from points where KCL already holds to the rounding level of the
     * residual, over which the update did not shrink tenfold. Along a
     * floating line held only by cells far weaker than its wire (1 ohm
     * segments against nA cells) the solve of the nearly singular system
     * puts noise of up to ~1e-6 V into every update while the residual
     * stays at ~1e-15 A (a few ulps of the amps in the wire terms): no
     * iteration can resolve more. A residual at its floor alone is not
     * enough: a line held by leakage still converging (updates shrinking)
     * goes on until its update is small. */
    if (at_floor && s == 1.0) {
      if (nfloor++ == 0) dfloor = dmax;
    } else {
      nfloor = 0;
    }
    converged = s == 1.0 && (dmax <= MXB_NEWTON_VTOL + MXB_NEWTON_RTOL * xmax ||
                             (nfloor >= 3 && dmax > 0.1 * dfloor));
    worst_dx = dmax;
  }
  if (!converged) {
    char where[512];
    node_name(net, sv, worst < 0 ? 0 : worst, where, sizeof where);
    return mxbi_error(net->ctx, MXB_ECONV,
                      "array: Newton did not converge in %d iterations at t = %g s: last "
                      "update %g V at %s", MXB_NEWTON_MAXIT, t_now, worst_dx, where);
  }
  for (size_t k = 0; k < net->nnode; k++) net->vn[k] = node_v(sv, sv->gid[k], k);
  for (size_t i = 0; i < n_internal(net); i++) net->cells.vmid[i] = sv->x[sv->gid[net->nnode + i]];
  net->tot.newton += it;
  net->stat_newton = it; /* this solve's, as the iterative solver reports */
  net->stat_cg = 0;
  return MXB_OK;
}
