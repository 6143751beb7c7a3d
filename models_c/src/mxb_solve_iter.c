/* mxbar: the iterative network solver of a 2D or 3D crossbar (the fast path
 * for arrays with wire resistance or floating lines).
 *
 * Same unknowns, elements and equations as the KLU solver in mxb_solve_klu.c
 * (line nodes not held by an ideal source; a line of zero wire resistance is
 * one node; MXBI_GMIN to ground at every unknown; backward-Euler capacitor
 * companions for h > 0). Newton on the node voltages with the same damping
 * (a node moves at most MXB_ITER_DV per iteration) and the same convergence
 * test on the undamped update, but each Newton system J dx = -F is solved by
 * preconditioned conjugate gradients instead of a sparse LU:
 *  - J is symmetric positive definite when every cell has dI/dV >= 0 (wires,
 *    end loads, GMIN and capacitor companions are conductances to ground or
 *    between nodes, so J is a weighted graph Laplacian plus a positive
 *    diagonal);
 *  - the preconditioner is a symmetric block Gauss-Seidel over the electrode
 *    planes, each plane block solved exactly: within a plane the lines are
 *    independent (cells couple only neighbouring planes), and each line is a
 *    tridiagonal system (wire segments along it, cell and end conductances on
 *    its diagonal), so one application costs O(nodes).
 * The linear tolerance is loose while Newton is far from the solution
 * (Eisenstat-Walker, up to MXB_ITER_ETA_LOOSE) and tight (relative residual
 * MXB_ITER_ETA_FINE) for the last iterations, so the result is the same
 * operating point as KLU's to ~1e-12 relative; a contraction that shrinks
 * faster than geometrically ends the iteration once its predicted next
 * update is within the tolerance. While the update is above
 * MXB_ITER_LOOSE_DX, stacked cells solve their internal nodes only to
 * MXB_ITER_LOC_TOL of it (cells.loc_tol), and a cell never evaluated starts
 * from its predecessor in the assembly (cells.cold_on).
 *
 * Cells are two-terminal elements (mxbi_cell_eval): a stacked cell (1S1R)
 * eliminates its internal node by its own local solve, warm-started from
 * the node's last value, and enters J with the series conductance
 * g_top g_bot / (g_top + g_bot), so every cell couples one node of plane k
 * to one of plane k + 1 whatever its stack.
 *
 * Which path runs (mxbi_net_solve): this solver for 2D, 1S1R and 3D arrays
 * (any wire resistances, source/sense resistances, current sources, floating
 * lines and planes). It is not used, and KLU solves instead, for stacked
 * cells with a capacitance (its internal node is then a state of the
 * transient). It hands
 * over to KLU (MXBI_ITER_FALLBACK, nothing changed in the array) when a cell
 * has dI/dV < 0 or a non-finite current at a Newton iterate (negative
 * differential conductance: J is not positive definite), when CG does not
 * reach its tolerance in MXB_ITER_CG_MAXIT iterations, or when Newton does
 * not converge in MXB_ITER_NEWTON_MAXIT iterations; KLU then either solves
 * or reports the error naming the node, cell and voltages. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "mxb_net.h"

#define MXB_ITER_NEWTON_MAXIT 100
#define MXB_ITER_DV 0.5          /* V: largest node update per iteration */
#define MXB_ITER_VTOL 1e-10      /* V: absolute convergence on the update */
#define MXB_ITER_RTOL 1e-10      /* relative convergence on the update */
#define MXB_ITER_ETA_COARSE 1e-8 /* CG relative residual far from the solution */
#define MXB_ITER_ETA_FINE 1e-13
#define MXB_ITER_ETA_LOOSE 1e-1  /* loosest forcing term (Eisenstat-Walker) */  /* ... once the update is below MXB_ITER_NEAR */
#define MXB_ITER_NEAR 1e-6       /* V */
#define MXB_ITER_SMALL 4096      /* unknowns: below, always ETA_FINE */
#define MXB_ITER_CG_MAXIT 5000
#define MXB_ITER_LOOSE_DX 1e-4   /* V: Newton updates above it ... */
#define MXB_ITER_LOC_TOL 1e-5    /* ... let the local solves stop at this times the update */
#define MXB_ITER_LS_MAX 40       /* halvings of a Newton step before giving up */
/* Rounding level of F (f_floor): MXBI_RES_FLOOR of each node's largest terms.
 * Below it the line search accepts any step (nothing left to measure
 * descent with), and full steps whose update no longer shrinks converge.
 * Within MXB_ITER_LS_FLOOR of it a failed line search or the iteration
 * limit end the solve at the last point instead of handing over to KLU. */
#define MXB_ITER_LS_FLOOR 30.0

struct mxbi_iter_s {
  unsigned char *held;  /* per line: held by an ideal end (structure key) */
  int n;                /* unknowns */
  int *gid;             /* per line node: unknown or -1 (held) */
  double *known;        /* per line node: voltage when held */
  int nblk;             /* blocks: lines that are not held */
  int *bs, *bm, *bp;    /* first unknown, length, plane of each block */
  double *bgw;          /* wire conductance along the block (0: one node) */
  double *bga, *bgb;    /* end conductances at its first / last node */
  double *bja, *bjb;    /* end injections (A into the node at v = 0) */
  int *pblk;            /* first block of each plane (P + 1) */
  int *pu;              /* first unknown of each plane (P + 1) */
  double *gc;           /* per cell: Jacobian conductance dI/dV (+ C/h) */
  double *dg;           /* per unknown: GMIN + ends + cells (no wires) */
  double *piv;          /* per unknown: 1 / tridiagonal LDL^T pivot */
  double *mul;          /* per unknown: elimination multiplier gw / pivot[k-1] (block
                           layout; the plane layout uses gw piv) */
  double *x, *f, *r, *z, *p, *q;
  double *sa;           /* per unknown: sum of branch-current magnitudes */
  double *vmid0;        /* stacked cells: internal nodes at the start (restored
                           on a fallback: the local solves move them) */
  /* Plane layout (every line solved, every plane with wire resistance):
   * unknown = node index, so the cells of layer k join unknown i of plane k
   * to unknown i + R C of plane k + 1 (no index maps in the sweeps); even
   * planes run line by line (lines contiguous), odd planes position by
   * position (all columns at once, vectorised). */
  int ident;
  int *be;              /* last unknown of each block */
};

void mxbi_iter_free(mxbi_iter_t *it) {
  if (!it) return;
  free(it->held);
  free(it->gid);
  free(it->known);
  free(it->bs);
  free(it->bm);
  free(it->bp);
  free(it->bgw);
  free(it->bga);
  free(it->bgb);
  free(it->bja);
  free(it->bjb);
  free(it->pblk);
  free(it->pu);
  free(it->gc);
  free(it->dg);
  free(it->piv);
  free(it->mul);
  free(it->x);
  free(it->f);
  free(it->r);
  free(it->z);
  free(it->p);
  free(it->q);
  free(it->sa);
  free(it->vmid0);
  free(it->be);
  free(it);
}

static int iter_build(mxbi_net_t *net, mxbi_iter_t *it) {
  size_t nn = net->nnode;
  it->gid = malloc(nn * sizeof *it->gid);
  it->known = calloc(nn, sizeof *it->known);
  it->pblk = calloc((size_t)net->P + 1, sizeof *it->pblk);
  it->pu = calloc((size_t)net->P + 1, sizeof *it->pu);
  size_t nl = (size_t)net->nline ? (size_t)net->nline : 1;
  it->bs = malloc(nl * sizeof *it->bs);
  it->bm = malloc(nl * sizeof *it->bm);
  it->bp = malloc(nl * sizeof *it->bp);
  it->bgw = calloc(nl, sizeof *it->bgw);
  it->bga = calloc(nl, sizeof *it->bga);
  it->bgb = calloc(nl, sizeof *it->bgb);
  it->bja = calloc(nl, sizeof *it->bja);
  it->bjb = calloc(nl, sizeof *it->bjb);
  it->be = malloc(nl * sizeof *it->be);
  it->gc = calloc(net->ncell ? net->ncell : 1, sizeof *it->gc);
  if (!it->gid || !it->known || !it->pblk || !it->pu || !it->bs || !it->bm || !it->bp ||
      !it->bgw || !it->bga || !it->bgb || !it->bja || !it->bjb || !it->gc || !it->be)
    return MXB_ENOMEM;
  int n = 0, nb = 0;
  it->ident = 1;
  for (int gl = 0; gl < net->nline; gl++)
    if (it->held[gl]) it->ident = 0;
  for (int p = 0; p < net->P; p++)
    if (!(mxbi_rwire(net, p) > 0.0)) it->ident = 0;
  if (it->ident) {
    size_t rc = (size_t)net->R * (size_t)net->C;
    for (int p = 0; p < net->P; p++) {
      int np = mxbi_npos(net, p);
      it->pblk[p] = nb;
      it->pu[p] = (int)((size_t)p * rc);
      for (int l = 0; l < mxbi_nlines(net, p); l++) {
        it->bs[nb] = (int)mxbi_line_node(net, p, l, 0);
        it->be[nb] = (int)mxbi_line_node(net, p, l, np - 1);
        it->bm[nb] = np;
        it->bp[nb] = net->lbase[p] + l;
        it->bgw[nb] = 1.0 / mxbi_rwire(net, p);
        nb++;
      }
    }
    for (size_t nd = 0; nd < nn; nd++) it->gid[nd] = (int)nd;
    n = (int)nn;
  }
  for (int p = 0; p < net->P && !it->ident; p++) {
    int np = mxbi_npos(net, p), merged = mxbi_rwire(net, p) == 0.0;
    it->pblk[p] = nb;
    it->pu[p] = n;
    for (int l = 0; l < mxbi_nlines(net, p); l++) {
      int held = it->held[net->lbase[p] + l];
      if (!held) {
        it->bs[nb] = n;
        it->bm[nb] = merged ? 1 : np;
        it->bp[nb] = net->lbase[p] + l; /* global line */
        it->bgw[nb] = merged ? 0.0 : 1.0 / mxbi_rwire(net, p);
        it->be[nb] = n + it->bm[nb] - 1;
        nb++;
      }
      for (int q = 0; q < np; q++) {
        size_t nd = mxbi_line_node(net, p, l, q);
        if (held) it->gid[nd] = -1;
        else if (merged) it->gid[nd] = q == 0 ? n++ : it->gid[mxbi_line_node(net, p, l, 0)];
        else it->gid[nd] = n++;
      }
    }
  }
  it->pblk[net->P] = nb;
  it->pu[net->P] = n;
  it->nblk = nb;
  it->n = n;
  size_t nu = n ? (size_t)n : 1;
  it->dg = malloc(nu * sizeof *it->dg);
  it->piv = malloc(nu * sizeof *it->piv);
  it->mul = malloc((it->ident ? 1 : nu) * sizeof *it->mul); /* plane layout: gw piv */
  it->x = malloc(nu * sizeof *it->x);
  it->f = malloc(nu * sizeof *it->f);
  it->r = malloc(nu * sizeof *it->r);
  it->z = malloc(nu * sizeof *it->z);
  it->p = malloc(nu * sizeof *it->p);
  it->q = malloc(nu * sizeof *it->q);
  it->sa = malloc(nu * sizeof *it->sa);
  if (!it->dg || !it->piv || !it->mul || !it->x || !it->f || !it->r || !it->z || !it->p || !it->q || !it->sa)
    return MXB_ENOMEM;
  if (net->cells.ndev > 1 && !(it->vmid0 = malloc(net->ncell * sizeof *it->vmid0)))
    return MXB_ENOMEM;
  return MXB_OK;
}

/* The solver for the present held lines (rebuilt when they changed). */
static int iter_for(mxbi_net_t *net, mxbi_iter_t **out) {
  mxbi_iter_t *it = net->iter;
  if (it && mxbi_net_held_same(net, it->held)) {
    *out = it;
    return MXB_OK;
  }
  mxbi_iter_free(net->iter);
  net->iter = NULL;
  it = calloc(1, sizeof *it);
  if (!it) return MXB_ENOMEM;
  it->held = calloc((size_t)net->nline ? (size_t)net->nline : 1, 1);
  if (!it->held) {
    free(it);
    return MXB_ENOMEM;
  }
  mxbi_net_held_fill(net, it->held);
  int rc = iter_build(net, it);
  if (rc) {
    mxbi_iter_free(it);
    return rc;
  }
  net->iter = it;
  *out = it;
  return MXB_OK;
}

/* ----------------------------------------------------- linear algebra */

/* Plane layout (it->ident): plane p has nl lines of np nodes, unknowns from
 * base; even planes line-major (node (l, k) at base + l np + k), odd planes
 * position-major (base + k nl + l). */
typedef struct {
  int base, nl, np, pm;
  double gw;
} plane_t;

static plane_t plane_of(const mxbi_net_t *net, const mxbi_iter_t *it, int p) {
  plane_t q = {it->pu[p], mxbi_nlines(net, p), mxbi_npos(net, p), p & 1,
               it->bgw[it->pblk[p]]};
  return q;
}

/* Lines of a line-major plane swept together (independent recurrences the
 * core overlaps). */
#define MXB_ITER_LGRP 8

static void factor_ident(const mxbi_net_t *net, mxbi_iter_t *it) {
  for (int p = 0; p < net->P; p++) {
    plane_t q = plane_of(net, it, p);
    double gw = q.gw, gw2 = gw * gw;
    if (!q.pm) { /* MXB_ITER_LGRP lines at a time: their divisions overlap */
      int m = q.np;
      for (int l0 = 0; l0 < q.nl; l0 += MXB_ITER_LGRP) {
        int j = q.nl - l0 < MXB_ITER_LGRP ? q.nl - l0 : MXB_ITER_LGRP;
        size_t s = (size_t)q.base + (size_t)l0 * (size_t)m;
        double *pv = it->piv + s;
        const double *dg = it->dg + s;
        for (int t = 0; t < j; t++) {
          size_t i = (size_t)t * (size_t)m;
          pv[i] = 1.0 / (dg[i] + (m > 1 ? gw : 0.0));
        }
        for (int k = 1; k < m; k++) {
          double w = gw * (1 + (k < m - 1));
          for (int t = 0; t < j; t++) {
            size_t i = (size_t)t * (size_t)m + (size_t)k;
            pv[i] = 1.0 / (dg[i] + w - gw2 * pv[i - 1]);
          }
        }
      }
      continue;
    }
    for (int k = 0; k < q.np; k++) {
      size_t o = (size_t)q.base + (size_t)k * (size_t)q.nl;
      double *restrict pv = it->piv + o;
      const double *restrict dg = it->dg + o, *restrict pp = pv - q.nl;
      double w = gw * ((k > 0) + (k < q.np - 1));
      if (k == 0)
        for (int l = 0; l < q.nl; l++) pv[l] = 1.0 / (dg[l] + w);
      else
        for (int l = 0; l < q.nl; l++) pv[l] = 1.0 / (dg[l] + w - gw2 * pp[l]);
    }
  }
}

/* One plane of the block Gauss-Seidel in the plane layout, in one forward
 * and one backward sweep: z_p = T_p^{-1} t with t = r_p plus the cells'
 * couplings to the plane below (below: g z_{p-1}) and above (above:
 * g z_{p+1}) formed inside the forward sweep (the cells of layer p - 1
 * join unknown u - RC to u, those of layer p join u to u + RC). The
 * tridiagonal factor is 1 / pivot (piv) with multipliers gw piv. Returns
 * r_p . z_p (the preconditioned residual's share of plane p). */
static double sweep_plane_ident(const mxbi_net_t *net, const mxbi_iter_t *it, int p,
                                const double *r, double *z, int below, int above) {
  plane_t q = plane_of(net, it, p);
  int nl = q.nl, np = q.np;
  size_t rc = (size_t)net->R * (size_t)net->C;
  double gw = q.gw, rz = 0.0;
  if (!q.pm) {
    for (int l0 = 0; l0 < nl; l0 += MXB_ITER_LGRP) {
      int j = nl - l0 < MXB_ITER_LGRP ? nl - l0 : MXB_ITER_LGRP;
      size_t s = (size_t)q.base + (size_t)l0 * (size_t)np, len = (size_t)j * (size_t)np;
      double *restrict y = z + s;
      const double *restrict rr = r + s, *restrict d = it->piv + s;
      const double *restrict gb = below ? it->gc + s - rc : NULL, *restrict zb = below ? z + s - rc : NULL;
      const double *restrict ga = above ? it->gc + s : NULL, *restrict za = above ? z + s + rc : NULL;
      /* t, contiguous over the group */
      if (below && above)
        for (size_t i = 0; i < len; i++) y[i] = rr[i] + gb[i] * zb[i] + ga[i] * za[i];
      else if (below)
        for (size_t i = 0; i < len; i++) y[i] = rr[i] + gb[i] * zb[i];
      else if (above)
        for (size_t i = 0; i < len; i++) y[i] = rr[i] + ga[i] * za[i];
      else
        memcpy(y, rr, len * sizeof *y);
      for (int k = 1; k < np; k++)
        for (int t = 0; t < j; t++) {
          size_t i = (size_t)t * (size_t)np + (size_t)k;
          y[i] += gw * d[i - 1] * y[i - 1];
        }
      for (int t = 0; t < j; t++) {
        size_t i = (size_t)t * np + np - 1;
        y[i] *= d[i];
        rz += rr[i] * y[i];
      }
      for (int k = np - 2; k >= 0; k--)
        for (int t = 0; t < j; t++) {
          size_t i = (size_t)t * (size_t)np + (size_t)k;
          y[i] = d[i] * (y[i] + gw * y[i + 1]);
          rz += rr[i] * y[i];
        }
    }
    return rz;
  }
  for (int k = 0; k < np; k++) {
    size_t o = (size_t)q.base + (size_t)k * (size_t)nl;
    double *restrict y = z + o;
    const double *restrict rr = r + o, *restrict ml = it->piv + o - nl, *restrict yp = z + o - nl;
    const double *restrict gb = below ? it->gc + o - rc : NULL, *restrict zb = below ? z + o - rc : NULL;
    const double *restrict ga = above ? it->gc + o : NULL, *restrict za = above ? z + o + rc : NULL;
    double c = k > 0 ? gw : 0.0; /* the first position has no predecessor */
    if (k == 0) ml = yp = rr; /* (not read: c = 0) */
    if (below && above)
      for (int l = 0; l < nl; l++) y[l] = rr[l] + gb[l] * zb[l] + ga[l] * za[l] + c * ml[l] * yp[l];
    else if (below)
      for (int l = 0; l < nl; l++) y[l] = rr[l] + gb[l] * zb[l] + c * ml[l] * yp[l];
    else if (above)
      for (int l = 0; l < nl; l++) y[l] = rr[l] + ga[l] * za[l] + c * ml[l] * yp[l];
    else
      for (int l = 0; l < nl; l++) y[l] = rr[l] + c * ml[l] * yp[l];
  }
  {
    size_t o = (size_t)q.base + (size_t)(np - 1) * (size_t)nl;
    double *restrict y = z + o;
    const double *restrict d = it->piv + o, *restrict rr = r + o;
    for (int l = 0; l < nl; l++) {
      y[l] *= d[l];
      rz += rr[l] * y[l];
    }
  }
  for (int k = np - 2; k >= 0; k--) {
    size_t o = (size_t)q.base + (size_t)k * (size_t)nl;
    double *restrict y = z + o;
    const double *restrict yn = z + o + nl, *restrict d = it->piv + o, *restrict rr = r + o;
    for (int l = 0; l < nl; l++) {
      y[l] = d[l] * (y[l] + gw * yn[l]);
      rz += rr[l] * y[l];
    }
  }
  return rz;
}

/* Wire currents of the plane layout at x: y += (wire Laplacian) x, and the
 * magnitudes of the segment currents into sabs (if not NULL). */
static void wires_ident(const mxbi_net_t *net, const mxbi_iter_t *it, const double *x,
                        double *y, double *sabs) {
  for (int p = 0; p < net->P; p++) {
    plane_t q = plane_of(net, it, p);
    double gw = q.gw;
    if (!q.pm) {
      for (int l = 0; l < q.nl; l++) {
        size_t s = (size_t)q.base + (size_t)l * (size_t)q.np;
        const double *xs = x + s;
        double *ys = y + s;
        int m = q.np;
        if (sabs) {
          double *sa = sabs + s;
          for (int k = 0; k + 1 < m; k++) {
            double i = gw * (xs[k] - xs[k + 1]);
            ys[k] += i;
            ys[k + 1] -= i;
            sa[k] += fabs(i);
            sa[k + 1] += fabs(i);
          }
          continue;
        }
        if (m == 1) continue;
        ys[0] += gw * (xs[0] - xs[1]);
        for (int k = 1; k + 1 < m; k++) ys[k] += gw * ((xs[k] - xs[k - 1]) + (xs[k] - xs[k + 1]));
        ys[m - 1] += gw * (xs[m - 1] - xs[m - 2]);
      }
      continue;
    }
    for (int k = 0; k + 1 < q.np; k++) {
      size_t o = (size_t)q.base + (size_t)k * (size_t)q.nl;
      const double *restrict xa = x + o, *restrict xb = x + o + q.nl;
      double *restrict ya = y + o, *restrict yb = y + o + q.nl;
      if (sabs) {
        double *restrict sa = sabs + o, *restrict sb = sabs + o + q.nl;
        for (int l = 0; l < q.nl; l++) {
          double i = gw * (xa[l] - xb[l]);
          ya[l] += i;
          yb[l] -= i;
          sa[l] += fabs(i);
          sb[l] += fabs(i);
        }
      } else {
        for (int l = 0; l < q.nl; l++) {
          double i = gw * (xa[l] - xb[l]);
          ya[l] += i;
          yb[l] -= i;
        }
      }
    }
  }
}

/* LDL^T factors of every block's tridiagonal matrix (diagonal dg plus the
 * wire conductances, off-diagonal -gw): inverse pivots and multipliers, so
 * the solves have no divisions. */
static void factor_blocks(const mxbi_net_t *net, mxbi_iter_t *it) {
  if (it->ident) {
    factor_ident(net, it);
    return;
  }
  for (int b = 0; b < it->nblk; b++) {
    int s = it->bs[b], m = it->bm[b];
    double gw = it->bgw[b];
    if (m == 1) {
      it->piv[s] = 1.0 / it->dg[s];
      it->mul[s] = 0.0;
      continue;
    }
    double prev = 0.0;
    for (int k = 0; k < m; k++) {
      double d = it->dg[s + k] + gw * ((k > 0) + (k < m - 1));
      if (k > 0) d -= gw * gw * prev;
      it->piv[s + k] = prev = 1.0 / d;
      it->mul[s + k] = gw * prev; /* used by the next row */
    }
  }
}

/* z = T^{-1} t over the blocks of plane p (in place in z: z holds t). */
static void solve_plane(const mxbi_net_t *net, const mxbi_iter_t *it, int p, double *z) {
  (void)net;
  for (int b = it->pblk[p]; b < it->pblk[p + 1]; b++) {
    int s = it->bs[b], m = it->bm[b];
    double *y = z + s;
    const double *d = it->piv + s, *l = it->mul + s;
    for (int k = 1; k < m; k++) y[k] += l[k - 1] * y[k - 1];
    y[m - 1] *= d[m - 1];
    for (int k = m - 2; k >= 0; k--) y[k] = y[k] * d[k] + l[k] * y[k + 1];
  }
}

/* t[plane of layer k's 'into' side] += g * z[other side], over the cells of
 * layer k whose two nodes are both unknowns. into_top: add to the top node. */
static void couple(const mxbi_net_t *net, const mxbi_iter_t *it, int k, int into_top,
                   const double *z, double *t) {
  size_t rc = (size_t)net->R * (size_t)net->C, c0 = (size_t)k * rc;
  const int *gt = it->gid + c0, *gb = it->gid + c0 + rc;
  const double *g = it->gc + c0;
  if (it->ident) {
    double *restrict tt = t + c0 + (into_top ? 0 : rc);
    const double *restrict zz = z + c0 + (into_top ? rc : 0), *restrict gg = g;
    for (size_t i = 0; i < rc; i++) tt[i] += gg[i] * zz[i];
    return;
  }
  for (size_t i = 0; i < rc; i++) {
    int ut = gt[i], ub = gb[i];
    if (ut < 0 || ub < 0) continue;
    if (into_top) t[ut] += g[i] * z[ub];
    else t[ub] += g[i] * z[ut];
  }
}

static double dot(const double *x, const double *y, int n);

/* z = M^{-1} r: symmetric block Gauss-Seidel over the planes. Returns r . z. */
static double precond(const mxbi_net_t *net, const mxbi_iter_t *it, const double *r, double *z) {
  if (it->ident) {
    /* plane P - 1 is final after the forward pass, the others after the
     * backward one: r . z summed plane by plane from the top */
    double s = 0.0;
    for (int p = 0; p < net->P; p++) {
      double rz = sweep_plane_ident(net, it, p, r, z, p > 0, 0);
      if (p == net->P - 1) s = rz;
    }
    for (int p = net->P - 2; p >= 0; p--) s += sweep_plane_ident(net, it, p, r, z, p > 0, 1);
    return s;
  }
  memcpy(z, r, (size_t)it->n * sizeof *z);
  for (int p = 0; p < net->P; p++) { /* forward */
    if (p > 0) couple(net, it, p - 1, 0, z, z);
    solve_plane(net, it, p, z);
  }
  for (int p = net->P - 2; p >= 0; p--) { /* backward: r_p + lower w + upper z */
    int u0 = it->pu[p], u1 = it->pu[p + 1];
    memcpy(z + u0, r + u0, (size_t)(u1 - u0) * sizeof *z);
    if (p > 0) couple(net, it, p - 1, 0, z, z);
    couple(net, it, p, 1, z, z);
    solve_plane(net, it, p, z);
  }
  return dot(r, z, it->n);
}

/* y = J x in the plane layout, one pass: the diagonal, the wire Laplacian
 * along every line and the cells to the planes below and above. Returns
 * x . y. */
static double matvec_ident(const mxbi_net_t *net, const mxbi_iter_t *it, const double *x,
                           double *y) {
  size_t rc = (size_t)net->R * (size_t)net->C;
  double xy = 0.0;
  for (int p = 0; p < net->P; p++) {
    plane_t q = plane_of(net, it, p);
    double gw = q.gw;
    int below = p > 0, above = p < net->P - 1;
    size_t o0 = (size_t)q.base;
    const double *restrict gb = below ? it->gc + o0 - rc : it->dg, *restrict xb = below ? x + o0 - rc : x;
    const double *restrict ga = above ? it->gc + o0 : it->dg, *restrict xa = above ? x + o0 + rc : x;
    double cb = below ? 1.0 : 0.0, ca = above ? 1.0 : 0.0;
    const double *restrict xs = x + o0, *restrict dg = it->dg + o0;
    double *restrict ys = y + o0;
    if (!q.pm) {
      int m = q.np;
      for (int l = 0; l < q.nl; l++) {
        size_t s = (size_t)l * (size_t)m;
        for (int k = 0; k < m; k++) {
          size_t i = s + (size_t)k;
          double w = 0.0;
          if (k > 0) w += xs[i] - xs[i - 1];
          if (k < m - 1) w += xs[i] - xs[i + 1];
          double v = dg[i] * xs[i] + gw * w - cb * gb[i] * xb[i] - ca * ga[i] * xa[i];
          ys[i] = v;
          xy += xs[i] * v;
        }
      }
      continue;
    }
    int nl = q.nl, np = q.np;
    for (int k = 0; k < np; k++) {
      size_t o = (size_t)k * (size_t)nl;
      double wp = k > 0 ? gw : 0.0, wn = k < np - 1 ? gw : 0.0;
      const double *restrict xp = k > 0 ? xs + o - nl : xs + o, *restrict xn = k < np - 1 ? xs + o + nl : xs + o;
      for (int l = 0; l < nl; l++) {
        size_t i = o + (size_t)l;
        double v = dg[i] * xs[i] + wp * (xs[i] - xp[l]) + wn * (xs[i] - xn[l]) -
                   cb * gb[i] * xb[i] - ca * ga[i] * xa[i];
        ys[i] = v;
        xy += xs[i] * v;
      }
    }
  }
  return xy;
}

/* y = J x. Returns x . y. */
static double matvec(const mxbi_net_t *net, const mxbi_iter_t *it, const double *x, double *y) {
  if (it->ident) return matvec_ident(net, it, x, y);
  for (int b = 0; b < it->nblk; b++) {
    int s = it->bs[b], m = it->bm[b];
    double gw = it->bgw[b];
    for (int k = 0; k < m; k++) {
      double v = it->dg[s + k] * x[s + k];
      if (k > 0) v += gw * (x[s + k] - x[s + k - 1]);
      if (k < m - 1) v += gw * (x[s + k] - x[s + k + 1]);
      y[s + k] = v;
    }
  }
  size_t rc = (size_t)net->R * (size_t)net->C;
  for (int k = 0; k < net->L; k++) {
    const int *gt = it->gid + (size_t)k * rc, *gb = gt + rc;
    const double *g = it->gc + (size_t)k * rc;
    for (size_t i = 0; i < rc; i++) {
      int ut = gt[i], ub = gb[i];
      if (ut < 0 || ub < 0) continue;
      y[ut] -= g[i] * x[ub];
      y[ub] -= g[i] * x[ut];
    }
  }
  return dot(x, y, it->n);
}

/* x . y in four interleaved partial sums (independent chains: the adds
 * overlap; a fixed order, so the same on every run) */
static double dot(const double *restrict x, const double *restrict y, int n) {
  double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
  int i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += x[i] * y[i];
    s1 += x[i + 1] * y[i + 1];
    s2 += x[i + 2] * y[i + 2];
    s3 += x[i + 3] * y[i + 3];
  }
  for (; i < n; i++) s0 += x[i] * y[i];
  return (s0 + s1) + (s2 + s3);
}

/* dx += al p, r -= al q, and the new r . r (four partial sums as in dot,
 * in the same pass). */
static double update_rr(double *restrict dx, double *restrict r, const double *restrict p,
                        const double *restrict q, double al, int n) {
  double s[4] = {0.0, 0.0, 0.0, 0.0};
  int i = 0;
  for (; i + 3 < n; i += 4)
    for (int k = 0; k < 4; k++) {
      dx[i + k] += al * p[i + k];
      double x = r[i + k] - al * q[i + k];
      r[i + k] = x;
      s[k] += x * x;
    }
  for (; i < n; i++) {
    dx[i] += al * p[i];
    r[i] -= al * q[i];
    s[0] += r[i] * r[i];
  }
  return (s[0] + s[1]) + (s[2] + s[3]);
}

/* Solve J dx = b (b in it->r on entry; it->r, z, p, q are overwritten) to
 * ||r|| <= eta ||b||. Returns the iterations, or -1 when it did not converge
 * or broke down. */
static int pcg(const mxbi_net_t *net, mxbi_iter_t *it, double *dx, double eta) {
  int n = it->n;
  double *r = it->r, *z = it->z, *p = it->p, *q = it->q;
  memset(dx, 0, (size_t)n * sizeof *dx);
  double bn = sqrt(dot(r, r, n));
  if (bn == 0.0) return 0;
  double rz = precond(net, it, r, z);
  memcpy(p, z, (size_t)n * sizeof *p);
  for (int k = 1; k <= MXB_ITER_CG_MAXIT; k++) {
    double pq = matvec(net, it, p, q);
    if (!(pq > 0.0) || !(rz > 0.0)) return -1; /* not positive definite */
    double al = rz / pq;
    double rr = update_rr(dx, r, p, q, al, n);
    if (sqrt(rr) <= eta * bn) return k;
    double rz1 = precond(net, it, r, z), be = rz1 / rz;
    rz = rz1;
    for (int i = 0; i < n; i++) p[i] = z[i] + be * p[i];
  }
  return -1;
}

/* ---------------------------------------------------------------- Newton */

/* F (current leaving each unknown node) and the Jacobian's diagonal and cell
 * conductances at it->x. Returns 0, or 1 when a cell has dI/dV < 0 or a
 * non-finite current (the caller falls back to KLU). */
static int assemble(mxbi_net_t *net, mxbi_iter_t *it, double h, double *sabs) {
  int n = it->n;
  double *x = it->x, *f = it->f, *dg = it->dg;
  for (int u = 0; u < n; u++) {
    f[u] = MXBI_GMIN * x[u];
    dg[u] = MXBI_GMIN;
  }
  if (sabs) memset(sabs, 0, (size_t)n * sizeof *sabs);
  if (it->ident) wires_ident(net, it, x, f, sabs);
  for (int b = 0; b < it->nblk; b++) {
    int s = it->bs[b], m = it->bm[b];
    double gw = it->bgw[b];
    for (int k = 0; k + 1 < m && !it->ident; k++) {
      double i = gw * (x[s + k] - x[s + k + 1]);
      f[s + k] += i;
      f[s + k + 1] -= i;
      if (sabs) {
        sabs[s + k] += fabs(i);
        sabs[s + k + 1] += fabs(i);
      }
    }
    int e = it->be[b];
    double ia = it->bga[b] * x[s] - it->bja[b], ib = it->bgb[b] * x[e] - it->bjb[b];
    f[s] += ia;
    dg[s] += it->bga[b];
    f[e] += ib;
    dg[e] += it->bgb[b];
    if (sabs) {
      sabs[s] += fabs(ia);
      sabs[e] += fabs(ib);
    }
  }
  mxbi_cells_t *cells = &net->cells;
  const mxbi_stackdev_t *dev = &cells->dev[0]; /* the capacitor of a one-device cell */
  cells->cold_on = 1; /* a stacked cell never evaluated starts from the last one */
  cells->cold.v = NAN;
  for (size_t ci = 0; ci < net->ncell; ci++) {
    size_t top = mxbi_cell_top(ci), bot = mxbi_cell_bot(net, ci);
    int ut = it->gid[top], ub = it->gid[bot];
    if (ut < 0 && ub < 0) {
      it->gc[ci] = 0.0;
      continue;
    }
    double vt = ut >= 0 ? x[ut] : it->known[top], vb = ub >= 0 ? x[ub] : it->known[bot];
    double v = vt - vb, g;
    double i = mxbi_cell_eval(cells, ci, v, vb, &g);
    if (!(g >= 0.0) || !mxbi_finite(i) || !mxbi_finite(g)) {
      cells->cold_on = 0;
      return 1;
    }
    if (h > 0 && dev->cls->capacitance) {
      double gcap = mxbi_cell_dev_cap(cells, 0, ci) / h;
      i += gcap * (v - dev->uc[ci]);
      g += gcap;
    }
    it->gc[ci] = g;
    if (sabs) {
      if (ut >= 0) sabs[ut] += fabs(i);
      if (ub >= 0) sabs[ub] += fabs(i);
    }
    if (ut >= 0) {
      f[ut] += i;
      dg[ut] += g;
    }
    if (ub >= 0) {
      f[ub] -= i;
      dg[ub] += g;
    }
  }
  cells->cold_on = 0;
  return 0;
}

/* Rounding level of ||F|| at it->x: each node's current balance is summed
 * from conductances times node voltages (wires of a few ohm at volts carry
 * amps even when the balance is nA), so F cannot be resolved below about
 * eps * sum_u ((diagonal conductance) |x_u|), nor below eps times the branch
 * currents. Below that the line search accepts the step (there is no
 * descent left to measure). */
static double f_floor(const mxbi_net_t *net, const mxbi_iter_t *it) {
  double acc = 0.0;
  if (it->ident) {
    for (int p = 0; p < net->P; p++) { /* in memory order */
      plane_t q = plane_of(net, it, p);
      int no = q.pm ? q.np : q.nl, ni = q.pm ? q.nl : q.np;
      for (int a = 0; a < no; a++) {
        const double *dg = it->dg + (size_t)q.base + (size_t)a * (size_t)ni;
        const double *x = it->x + (size_t)q.base + (size_t)a * (size_t)ni;
        for (int b = 0; b < ni; b++) {
          int k = q.pm ? a : b; /* position along the line */
          double w = q.gw * ((k > 0) + (k < q.np - 1));
          double c = (dg[b] + w) * fabs(x[b]);
          acc += c * c;
        }
      }
    }
    return MXBI_RES_FLOOR * (sqrt(acc) + 10.0 * sqrt(dot(it->sa, it->sa, it->n)));
  }
  for (int b = 0; b < it->nblk; b++) {
    int s = it->bs[b], m = it->bm[b];
    double gw = it->bgw[b];
    for (int k = 0; k < m; k++) {
      double c = (it->dg[s + k] + gw * ((k > 0) + (k < m - 1))) * fabs(it->x[s + k]);
      acc += c * c;
    }
  }
  return MXBI_RES_FLOOR * (sqrt(acc) + 10.0 * sqrt(dot(it->sa, it->sa, it->n)));
}

static int iter_solve(mxbi_net_t *net, mxbi_iter_t *it, double h);

int mxbi_solve_iter(mxbi_net_t *net, double h) {
  mxbi_cells_t *cs = &net->cells;
  /* a capacitor inside a stack (a transient step) needs its internal node
   * in the system; at the operating point capacitors are open */
  if (h > 0 && cs->ndev > 1 && cs->has_cap) return MXBI_ITER_FALLBACK;
  mxbi_iter_t *it = NULL;
  int rc = iter_for(net, &it);
  if (rc) return mxbi_error(net->ctx, rc, "array: out of memory for the %d x %d x %d "
                            "network's iterative solver", net->L, net->R, net->C);
  if (cs->ndev > 1) memcpy(it->vmid0, cs->vmid, cs->n * sizeof *cs->vmid);
  rc = iter_solve(net, it, h);
  cs->loc_tol = 0.0;
  if (rc == MXBI_ITER_FALLBACK && cs->ndev > 1)
    memcpy(cs->vmid, it->vmid0, cs->n * sizeof *cs->vmid);
  return rc;
}

static int iter_solve(mxbi_net_t *net, mxbi_iter_t *it, double h) {
  net->stat_newton = net->stat_cg = 0;
  /* known voltages, end loads, the starting point (the last solution) */
  mxbi_net_held_volts(net, it->held, it->known);
  for (int b = 0; b < it->nblk; b++) {
    int gl = it->bp[b], p = 0;
    while (gl >= net->lbase[p + 1]) p++;
    double rw = mxbi_rwire(net, p);
    for (int e = 0; e < 2; e++) {
      const mxbi_term_t *t = &net->term[2 * gl + e];
      double g = 0.0, j = 0.0;
      if (t->kind == MXB_TERM_VOLTAGE || t->kind == MXB_TERM_SENSE) {
        g = 1.0 / (rw + t->r);
        j = g * mxbi_term_volts(t);
      } else if (t->kind == MXB_TERM_CURRENT) {
        j = t->value;
      }
      if (e == 0) {
        it->bga[b] = g;
        it->bja[b] = j;
      } else {
        it->bgb[b] = g;
        it->bjb[b] = j;
      }
    }
  }
  int n = it->n;
  for (size_t nd = 0; nd < net->nnode; nd++)
    if (it->gid[nd] >= 0) it->x[it->gid[nd]] = net->vn[nd];
  double last = INFINITY, fn = 0.0, fprev = INFINITY;
  int converged = n == 0, floor_before = 0;
  double theta_last = 1.0; /* the last iteration's contraction */
  if (n > 0) {
    if (assemble(net, it, h, it->sa)) return MXBI_ITER_FALLBACK;
    fn = sqrt(dot(it->f, it->f, n));
  }
  for (int k = 0; k < MXB_ITER_NEWTON_MAXIT && !converged; k++) {
    factor_blocks(net, it);
    for (int u = 0; u < n; u++) it->r[u] = -it->f[u];
    /* small networks: CG is cheap next to the device evaluations, so every
     * linear solve is tight (saves Newton iterations, i.e. evaluations) */
    double eta = last > MXB_ITER_NEAR && n > MXB_ITER_SMALL ? MXB_ITER_ETA_COARSE
                                                            : MXB_ITER_ETA_FINE;
    /* far from the solution the Newton step itself is off by more than a
     * tight linear solve buys: forcing term 0.9 (||F|| / ||F_prev||)^2
     * (Eisenstat-Walker), within [ETA_COARSE, ETA_LOOSE] */
    if (eta == MXB_ITER_ETA_COARSE) {
      double ew = fprev < INFINITY ? 0.9 * (fn / fprev) * (fn / fprev) : MXB_ITER_ETA_LOOSE;
      eta = ew > MXB_ITER_ETA_LOOSE ? MXB_ITER_ETA_LOOSE : ew < eta ? eta : ew;
    }
    fprev = fn;
    /* dx goes into f (F is no longer needed once r = -F) */
    int its = pcg(net, it, it->f, eta);
    if (its < 0) return MXBI_ITER_FALLBACK;
    net->stat_cg += its;
    net->stat_newton++;
    double dmax = 0.0, xmax = 0.0;
    for (int u = 0; u < n; u++) {
      double d = fabs(it->f[u]);
      if (d > dmax) dmax = d;
      if (fabs(it->x[u]) > xmax) xmax = fabs(it->x[u]);
    }
    if (!mxbi_finite(dmax)) return MXBI_ITER_FALLBACK;
    int small = eta == MXB_ITER_ETA_FINE && dmax <= MXB_ITER_VTOL + MXB_ITER_RTOL * xmax;
    /* Line search: F is the gradient of the network's convex co-content
     * (every element monotone), J its positive definite Hessian, so the
     * Newton step descends ||F|| and backtracking (Armijo) on ||F|| from
     * the damped step converges from any start (floating lines between
     * exponential cells defeat plain damped Newton). */
    /* dx to q, x0 to z: the buffers trade places (CG's scratch q and z are
     * free until the next solve; f and x are rewritten below) */
    double *sw = it->q;
    it->q = it->f; /* dx */
    it->f = sw;
    sw = it->z;
    it->z = it->x; /* x0 */
    it->x = sw;
    double al = dmax > MXB_ITER_DV ? MXB_ITER_DV / dmax : 1.0, fnew = 0.0;
    int at_floor = 0, noise = 0;
    /* far from the solution (an update above MXB_ITER_LOOSE_DX) the cells'
     * local solves need not resolve their internal nodes to 1e-13 V: while
     * Newton is not yet quadratic the next update is >= ~dmax / 10, 1e4
     * times the nodes' tolerance MXB_ITER_LOC_TOL dmax (and a cell current
     * off by g 1e-5 dmax is far below ||F|| there) */
    net->cells.loc_tol = dmax > MXB_ITER_LOOSE_DX ? MXB_ITER_LOC_TOL * dmax : 0.0;
    for (int ls = 0;; ls++) {
      for (int u = 0; u < n; u++) it->x[u] = it->z[u] + al * it->q[u];
      if (assemble(net, it, h, it->sa)) return MXBI_ITER_FALLBACK;
      fnew = sqrt(dot(it->f, it->f, n));
      double fl = f_floor(net, it);
      at_floor = fnew <= fl;
      if (small || fnew <= (1.0 - 1e-4 * al) * fn || at_floor) break;
      if (ls >= MXB_ITER_LS_MAX) {
        /* no descent left: where ||F|| is within MXB_ITER_LS_FLOOR of its
         * rounding level, the start of the step is the answer (the rest is
         * noise); otherwise hand over to KLU */
        if (!(fn <= MXB_ITER_LS_FLOOR * fl)) return MXBI_ITER_FALLBACK;
        memcpy(it->x, it->z, (size_t)n * sizeof *it->x);
        if (assemble(net, it, h, it->sa)) return MXBI_ITER_FALLBACK;
        fnew = fn;
        noise = 1;
        break;
      }
      al *= 0.5;
    }
    fn = fnew;
    if (noise) {
      converged = 1;
      break;
    }
    /* Converged: a small full Newton step, or full steps that leave KCL
     * satisfied to the rounding level of F while the update no longer
     * shrinks (it can stay large only along a floating electrode whose
     * every cell carries less than that rounding, i.e. whose voltage no
     * current can resolve), twice in a row. ||F|| near the rounding level
     * alone is not enough: an electrode held only by leakage of ~1e-12 S
     * still converges there (linearly while its exponential cells are far
     * from their operating point), and stopping at a bound of ~1e-12 A
     * left such electrodes up to 0.3 V off, different from one starting
     * point to the next (3D stack with floating planes). */
    int stalled = at_floor && al == 1.0 && !(dmax < 0.9 * last);
    /* Or a full step converging quadratically to KCL at its rounding level:
     * with contraction theta = dmax / last the updates still to come sum
     * to about theta / (1 - theta) dmax; below the update tolerance the
     * confirming iteration (a tight CG solve whose update is ~1e-16 V) is
     * not needed. Linear convergence (a line held by leakage) has theta
     * near 1 and does not pass. */
    double theta = last < INFINITY && last > 0 ? dmax / last : 1.0;
    int quad = at_floor && theta < 0.1 &&
               theta / (1.0 - theta) * dmax <= MXB_ITER_VTOL + MXB_ITER_RTOL * xmax;
    /* Or a contraction that itself shrinks faster than geometrically
     * (theta < theta_last^1.5: Newton's quadratic phase, not a linear one
     * whose theta stays put): the next update is ~K dmax^2 with
     * K ~ dmax / last^2, i.e. theta^2 dmax, plus what the linear solve's
     * forcing term left (eta dmax, taken 10x). The geometric bound above
     * would ask for one more Newton iteration with a tight CG solve
     * (2D sinh N = 1024: dmax 4.5e-7 after 8.1e-4 bounds the next update by
     * 2.5e-10 V; it is 1.4e-13 V). */
    int quad2 = at_floor && theta < 0.1 && theta < pow(theta_last, 1.5) &&
                (theta * theta + 10.0 * eta) * dmax <= MXB_ITER_VTOL + MXB_ITER_RTOL * xmax;
    converged = al == 1.0 && (small || quad || quad2 || (stalled && floor_before));
    floor_before = stalled;
    theta_last = theta;
    last = dmax;
  }
  /* the last point assembled with loose local solves (a floating electrode
   * stalled at its noise with a large update): the cells' nodes and the
   * residual at the answer to the full tolerance */
  if (net->cells.loc_tol > 0) {
    net->cells.loc_tol = 0.0;
    if (assemble(net, it, h, it->sa)) return MXBI_ITER_FALLBACK;
    fn = sqrt(dot(it->f, it->f, n));
  }
  /* out of iterations with ||F|| at its rounding level (a weakly held
   * floating electrode cycling within its noise): take the last point */
  if (!converged && !(n > 0 && fn <= MXB_ITER_LS_FLOOR * f_floor(net, it))) return MXBI_ITER_FALLBACK;
  /* KCL residual at the solution (F and the branch-current magnitudes of the
   * last accepted point): the largest |sum of currents| at a node relative
   * to the largest sum of branch-current magnitudes at a node (a per-node
   * ratio would measure the rounding of small wire currents, the difference
   * of two node voltages near 1 V, not the solver) */
  if (n > 0) {
    double fmx = 0.0, smax = 0.0;
    for (int u = 0; u < n; u++) {
      if (it->sa[u] > smax) smax = it->sa[u];
      if (fabs(it->f[u]) > fmx) fmx = fabs(it->f[u]);
    }
    net->stat_resid = smax > 0 ? fmx / smax : fmx;
    net->stat_at_floor = fn <= f_floor(net, it);
  } else {
    net->stat_resid = 0.0;
    net->stat_at_floor = 1;
  }
  for (size_t nd = 0; nd < net->nnode; nd++) {
    int u = it->gid[nd];
    net->vn[nd] = u >= 0 ? it->x[u] : it->known[nd];
  }
  /* a stacked cell between two held nodes is not part of the system: its
   * internal node follows its (fixed) voltage here */
  if (net->cells.ndev > 1)
    for (size_t ci = 0; ci < net->ncell; ci++) {
      size_t top = mxbi_cell_top(ci), bot = mxbi_cell_bot(net, ci);
      if (it->gid[top] >= 0 || it->gid[bot] >= 0) continue;
      double g;
      mxbi_cell_eval(&net->cells, ci, net->vn[top] - net->vn[bot], net->vn[bot], &g);
    }
  return MXB_OK;
}
