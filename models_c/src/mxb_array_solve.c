/* mxbar: the operating point of an array: which path solves it, the fast
 * and lean paths, and what follows from the node voltages (cell currents,
 * step limits, line-end currents, powers).
 *
 * After any change (a line end, a cell state, a time advance that moved a
 * state) the array is marked unsolved and the next call that needs values
 * solves it (mxbi_array_solve). The fast path applies when every line has
 * no wire resistance and at least one ideal end (a voltage source with
 * r = 0 or a virtual ground): each cell sees its two line voltages, and
 * cells are independent (a stacked cell: one local solve of its internal
 * node). Any other configuration goes to the network solver
 * (mxbi_net_solve, mxb_net.c).
 *
 * Which path solves (net.stat_path records it):
 *  - lean (MXBI_PATH_LEAN): the fast-path case for a 2D array of a class
 *    that declares a window of constant conductance (ohmic() in device.h:
 *    linear_resistor everywhere, threshold_memristor below its thresholds),
 *    with no capacitance and every cell voltage inside the window common to
 *    all cells: per-cell G and the window are cached while the states do
 *    not change, a solve is one pass giving every line's current (an axpy
 *    per row when all columns sit at one voltage), no step limit is asked
 *    (nothing moves), node voltages and cell currents are filled only when
 *    read. A drive outside the window takes the fast path below;
 *  - fast (MXBI_PATH_FAST): every other fast-path case (nonlinear classes,
 *    1S1R, 3D), one cell evaluation per cell;
 *  - iterative (MXBI_PATH_ITER, mxb_solve_iter.c): 2D and 3D with wire
 *    resistance, non-ideal ends or floating lines: Newton + preconditioned CG;
 *  - KLU (MXBI_PATH_KLU, mxb_solve_klu.c): stacked cells (1S1R) on such
 *    networks, and the fallback when the iterative solver meets dI/dV < 0 or
 *    does not converge.
 * Reads return the operating point of the network for the present drives and
 * states (capacitors charged); capacitor voltages are state carried across
 * drive changes and used by the transient (mxb_array_advance.c). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mxb_array_impl.h"

/* Line voltage fixed by an ideal end (zero-resistance wire), or NaN. Sets
 * *conflict when both ends are ideal at different voltages. */
static double line_fixed(const mxb_array_t *a, int p, int gl, int *conflict) {
  const mxbi_term_t *ta = &a->net.term[2 * gl], *tb = &a->net.term[2 * gl + 1];
  *conflict = 0;
  if (mxbi_rwire(&a->net, p) != 0.0) return NAN;
  int ia = mxbi_term_ideal(ta), ib = mxbi_term_ideal(tb);
  if (ia && ib && mxbi_term_volts(ta) != mxbi_term_volts(tb)) *conflict = 1;
  if (ia) return mxbi_term_volts(ta);
  if (ib) return mxbi_term_volts(tb);
  return NAN;
}

/* A line's held voltage for the lean path (NaN: not held). A line the last
 * lean solve held and that is no longer held (floated, or its plane given
 * wire resistance) keeps that voltage as its nodes' starting point: the lean
 * path leaves the node voltages unwritten (vn_stale), and mxbi_array_vn
 * leaves the nodes of a NaN line as they are. */
static void set_vline(mxb_array_t *a, int p, int l, double v) {
  double *vl = &a->vline[a->net.lbase[p] + l];
  if (a->vn_stale && isnan(v) && !isnan(*vl))
    for (int q = 0; q < mxbi_npos(&a->net, p); q++)
      a->net.vn[mxbi_line_node(&a->net, p, l, q)] = *vl;
  *vl = v;
}

/* Check the settings and decide the path: fast when every line is held by an
 * ideal end over a zero-resistance wire and no capacitor has dynamics. */
static int classify(mxb_array_t *a, int *all_fixed) {
  *all_fixed = 1;
  for (int p = 0; p < a->net.P; p++) {
    if (mxbi_rwire(&a->net, p) != 0.0) { /* no line of the plane is held */
      *all_fixed = 0;
      if (a->vline)
        for (int l = 0; l < mxbi_nlines(&a->net, p); l++) set_vline(a, p, l, NAN);
      continue;
    }
    for (int l = 0; l < mxbi_nlines(&a->net, p); l++) {
      const mxbi_term_t *t2 = &a->net.term[2 * (a->net.lbase[p] + l)];
      int ia = mxbi_term_ideal(&t2[0]), ib = mxbi_term_ideal(&t2[1]);
      double v = ia ? mxbi_term_volts(&t2[0]) : ib ? mxbi_term_volts(&t2[1]) : NAN;
      int conflict = ia && ib && mxbi_term_volts(&t2[0]) != mxbi_term_volts(&t2[1]);
      if (conflict)
        return mxbi_error(a->net.ctx, MXB_ESINGULAR,
                          "array: plane %d line %d: ends A and B hold %g V and %g V "
                          "on a wire of zero resistance (sources in short circuit)",
                          p, l, mxbi_term_volts(&a->net.term[2 * (a->net.lbase[p] + l)]),
                          mxbi_term_volts(&a->net.term[2 * (a->net.lbase[p] + l) + 1]));
      if (!ia && !ib) *all_fixed = 0;
      if (a->vline) set_vline(a, p, l, v); /* for the lean path */
    }
  }
  return MXB_OK;
}

/* Whether capacitor voltages have dynamics under the present settings. */
static int caps_dynamic(const mxb_array_t *a, int all_fixed) {
  return a->caps && (!all_fixed || a->net.cells.ndev > 1);
}

static void end_currents(mxb_array_t *a, int lean);

int mxbi_array_post_solve(mxb_array_t *a, double h) {
  mxbi_net_t *n = &a->net;
  const mxbi_cells_t *cs = &n->cells;
  int nd = cs->ndev;
  memset(a->lout, 0, (size_t)n->nline * sizeof *a->lout);
  double pc = 0.0, hmin = INFINITY;
  /* a stack without state has nothing to integrate (step limit INFINITY) */
  int stateless = mxbi_cells_stateless(cs);
  size_t ci = 0;
  for (int k = 0; k < n->L; k++)
  for (int r = 0; r < n->R; r++)
  for (int c = 0; c < n->C; c++, ci++) {
    double vt = n->vn[mxbi_cell_top(ci)], vb = n->vn[mxbi_cell_bot(n, ci)], v = vt - vb;
    double vd[MXBI_CELL_MAXDEV], id[MXBI_CELL_MAXDEV], hd[MXBI_CELL_MAXDEV];
    mxbi_cell_split(cs, ci, vt, vb, vd);
    mxbi_cell_currents(cs, ci, vd, id);
    double hl = stateless ? INFINITY : mxbi_cell_step_limit(cs, ci, vd, hd);
    double pcell = vd[0] * id[0];
    for (int d = 1; d < nd; d++) pcell += vd[d] * id[d];
    pc += pcell;
    if (!(hl > 0)) {
      return mxbi_error(n->ctx, MXB_ECONV,
                        "array: cell (layer %d, row %d, col %d): step limit %g s "
                        "at V = %g V", k, r, c, hl, v);
    }
    if (hl < hmin) hmin = hl;
    a->h_cell[ci] = hl;
    /* current into the cell at the top, out of it at the bottom */
    double itop = id[0], ibot = id[nd - 1];
    if (h > 0 && a->caps) {
      double cap[MXBI_CELL_MAXDEV];
      mxbi_cell_caps(cs, ci, cap);
      itop += cap[0] / h * (vd[0] - cs->dev[0].uc[ci]);
      if (nd == 1) ibot = itop;
      else ibot += cap[nd - 1] / h * (vd[nd - 1] - cs->dev[nd - 1].uc[ci]);
    }
    a->ic[ci] = nd == 1 ? id[0] : 0.5 * (id[nd - 1] + id[0]);
    a->lout[mxbi_line_of(n, k, r, c)] += itop;
    a->lout[mxbi_line_of(n, k + 1, r, c)] -= ibot;
  }
  a->ic_stale = 0;
  a->p_cell = pc;
  a->h_min = hmin;
  end_currents(a, 0);
  return MXB_OK;
}

/* Currents at every line end from the line currents into the cells (lout)
 * and the node voltages (lean: the held line voltages vline); sets p_src. */
static void end_currents(mxb_array_t *a, int lean) {
  double ps = 0.0;
  for (int p = 0; p < a->net.P; p++) {
    double rw = mxbi_rwire(&a->net, p);
    int n = mxbi_npos(&a->net, p);
    for (int l = 0; l < mxbi_nlines(&a->net, p); l++) {
      int gl = a->net.lbase[p] + l;
      const mxbi_term_t *t2 = &a->net.term[2 * gl];
      if (rw == 0.0 && (t2[0].kind == MXB_TERM_FLOAT || t2[1].kind == MXB_TERM_FLOAT)) {
        int e = t2[0].kind == MXB_TERM_FLOAT; /* the other end */
        if (mxbi_term_ideal(&t2[e])) { /* it supplies the whole line */
          a->iend[2 * gl + e] = a->lout[gl];
          a->iend[2 * gl + 1 - e] = 0.0;
          ps += mxbi_term_volts(&t2[e]) * a->lout[gl];
          continue;
        }
      }
      /* A solved line fed by one voltage or sense end (the other floating
       * or a current source): that end supplies, by Kirchhoff's current
       * law, what the cells take, what leaves through the MXBI_GMIN of its
       * nodes, less what a current source supplies. (V - v_end) / (r_wire
       * + r) would subtract two nearly equal voltages: 1 nA through 1 ohm
       * keeps only ~1e-8 of its digits. */
      int fed[2] = {t2[0].kind == MXB_TERM_VOLTAGE || t2[0].kind == MXB_TERM_SENSE,
                    t2[1].kind == MXB_TERM_VOLTAGE || t2[1].kind == MXB_TERM_SENSE};
      if (!lean && fed[0] + fed[1] == 1 && !mxbi_line_held(&a->net, p, gl)) {
        int e = fed[0] ? 0 : 1, nq = rw == 0.0 ? 1 : n;
        double vsum = 0.0, io = 0.0;
        for (int q = 0; q < nq; q++) vsum += a->net.vn[mxbi_line_node(&a->net, p, l, q)];
        const mxbi_term_t *o = &t2[1 - e];
        if (o->kind == MXB_TERM_CURRENT) {
          double vo = a->net.vn[mxbi_line_node(&a->net, p, l, e ? 0 : n - 1)];
          io = o->value;
          ps += io * (vo + io * rw);
        }
        double i = a->lout[gl] + MXBI_GMIN * vsum - io;
        a->iend[2 * gl + 1 - e] = io;
        a->iend[2 * gl + e] = i;
        ps += mxbi_term_volts(&t2[e]) * i;
        continue;
      }
      double vA = lean ? a->vline[gl] : a->net.vn[mxbi_line_node(&a->net, p, l, 0)];
      double vB = lean ? a->vline[gl] : a->net.vn[mxbi_line_node(&a->net, p, l, n - 1)];
      double need = a->lout[gl]; /* to be supplied by ideal ends */
      int n_ideal = 0;
      for (int e = 0; e < 2; e++) {
        const mxbi_term_t *t = &a->net.term[2 * gl + e];
        double vnode = e ? vB : vA, i = 0.0;
        if (rw == 0.0 && mxbi_term_ideal(t)) {
          n_ideal++;
          continue;
        }
        switch (t->kind) {
        case MXB_TERM_VOLTAGE:
        case MXB_TERM_SENSE:
          i = (mxbi_term_volts(t) - vnode) / (rw + t->r);
          ps += mxbi_term_volts(t) * i;
          break;
        case MXB_TERM_CURRENT:
          i = t->value;
          ps += i * (vnode + i * rw);
          break;
        default:
          break;
        }
        a->iend[2 * gl + e] = i;
        need -= i;
      }
      for (int e = 0; e < 2 && n_ideal; e++) {
        const mxbi_term_t *t = &a->net.term[2 * gl + e];
        if (rw == 0.0 && mxbi_term_ideal(t)) {
          double i = need / n_ideal;
          a->iend[2 * gl + e] = i;
          ps += mxbi_term_volts(t) * i;
        }
      }
    }
  }
  a->p_src = ps;
}

void mxbi_array_cell_split(const mxb_array_t *a, size_t ci, double vd[MXBI_CELL_MAXDEV]) {
  const mxbi_net_t *n = &a->net;
  mxbi_cell_split(&n->cells, ci, n->vn[mxbi_cell_top(ci)], n->vn[mxbi_cell_bot(n, ci)], vd);
}

void mxbi_array_caps_follow(mxb_array_t *a) {
  mxbi_cells_t *cs = &a->net.cells;
  if (!cs->has_cap) return;
  for (size_t ci = 0; ci < cs->n; ci++) {
    double vd[MXBI_CELL_MAXDEV];
    mxbi_array_cell_split(a, ci, vd);
    for (int d = 0; d < cs->ndev; d++) cs->dev[d].uc[ci] = vd[d];
  }
}

/* Fast path: every line held at a known voltage; a stacked cell solves its
 * internal node under its line voltages. */
static int solve_fast(mxb_array_t *a) {
  mxbi_net_t *n = &a->net;
  n->stat_path = MXBI_PATH_FAST;
  for (int p = 0; p < n->P; p++) {
    int np = mxbi_npos(n, p);
    for (int l = 0; l < mxbi_nlines(n, p); l++) {
      int conflict;
      double v = line_fixed(a, p, n->lbase[p] + l, &conflict);
      for (int q = 0; q < np; q++) n->vn[mxbi_line_node(n, p, l, q)] = v;
    }
  }
  if (n->cells.ndev > 1)
    for (size_t ci = 0; ci < n->ncell; ci++) {
      double i, vb = n->vn[mxbi_cell_bot(n, ci)], m = n->cells.vmid[ci] - vb;
      mxbi_cell_local_solve(&n->cells, ci, n->vn[mxbi_cell_top(ci)] - vb, &m, &i);
      n->cells.vmid[ci] = m + vb;
    }
  return MXB_OK;
}

/* Lean path applies: 2D, fast (every line held), no 1S1R, no capacitance,
 * a class that declares where it is a constant conductance (ohmic(), see
 * device.h), with the per-cell conductances and the window common to every
 * cell cached (recomputed when the states may have moved, gen). Whether the
 * present cell voltages are inside that window is checked per solve
 * (lean_window). */
static int lean_ok(mxb_array_t *a) {
  const mxbi_cells_t *cs = &a->net.cells;
  /* the layer's factors and faults are not in the classes' ohmic() */
  if (a->net.L != 1 || a->caps || a->lean_off || cs->ni || !mxbi_cells_ohmic(cs)) return 0;
  if (a->gen_glin == a->gen) return a->lin_ok;
  if (!a->glin) a->glin = malloc(a->net.ncell * sizeof *a->glin);
  if (!a->vline) a->vline = malloc(((size_t)a->net.nline + (size_t)a->net.R) * sizeof *a->vline);
  if (!a->glin || !a->vline) return 0; /* the general fast path needs no memory */
  a->lin_ok = 1;
  double *growsum = a->vline + a->net.nline, lo = -INFINITY, hi = INFINITY;
  for (int r = 0; r < a->net.R && a->lin_ok; r++) {
    double sum = 0.0;
    for (int c = 0; c < a->net.C; c++) {
      size_t ci = (size_t)r * (size_t)a->net.C + (size_t)c;
      double vlo, vhi, g = mxbi_cell_ohmic(cs, ci, &vlo, &vhi);
      a->glin[ci] = g;
      sum += g;
      if (vlo > lo) lo = vlo;
      if (vhi < hi) hi = vhi;
    }
    growsum[r] = sum;
    a->lin_ok = mxbi_finite(sum) && lo <= 0.0 && hi >= 0.0;
  }
  a->lean_lo = lo;
  a->lean_hi = hi;
  a->gen_glin = a->gen;
  return a->lin_ok;
}

/* Every cell voltage (row line minus column line) inside the window where
 * every cell is a constant conductance (lean_ok ran; vline filled). Rounding
 * is monotone, so the extreme line voltages give the extreme cell voltages
 * exactly as the per-cell path computes them. */
static int lean_window(const mxb_array_t *a) {
  const double *vr = a->vline + a->net.lbase[0], *vc = a->vline + a->net.lbase[1];
  double rmin = vr[0], rmax = vr[0], cmin = vc[0], cmax = vc[0];
  for (int r = 1; r < a->net.R; r++) {
    rmin = vr[r] < rmin ? vr[r] : rmin;
    rmax = vr[r] > rmax ? vr[r] : rmax;
  }
  for (int c = 1; c < a->net.C; c++) {
    cmin = vc[c] < cmin ? vc[c] : cmin;
    cmax = vc[c] > cmax ? vc[c] : cmax;
  }
  return rmin - cmax >= a->lean_lo && rmax - cmin <= a->lean_hi;
}

/* y -= g * dv (the inner loop of the lean read, as plain as the MVM a user
 * would write). GCC's -O2 cost model ("very cheap") leaves it scalar; the
 * "cheap" model vectorises it, as clang does at -O2. */
#if defined(__GNUC__) && !defined(__clang__)
__attribute__((optimize("vect-cost-model=cheap")))
#endif
static void axpy_neg(double *restrict y, const double *restrict g, double dv, int n) {
  for (int c = 0; c < n; c++) y[c] -= g[c] * dv;
}

/* x . y in four partial sums (no serial chain of dependent adds). */
static double dot(const double *x, const double *y, int n) {
  double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    s0 += x[i] * y[i];
    s1 += x[i + 1] * y[i + 1];
    s2 += x[i + 2] * y[i + 2];
    s3 += x[i + 3] * y[i + 3];
  }
  for (; i < n; i++) s0 += x[i] * y[i];
  return (s0 + s1) + (s2 + s3);
}

/* The lean solve (line voltages in vline, every cell voltage inside the
 * window): one pass over the cells for the line currents (row line out = sum
 * of its cells' currents, column line in = the same by column), the cells'
 * power from the line sums, and the end currents. Nothing can move inside
 * the window, so no step limit is asked. */
static int solve_lean(mxb_array_t *a) {
  a->net.stat_path = MXBI_PATH_LEAN;
  int R = a->net.R, C = a->net.C;
  const double *vr = a->vline + a->net.lbase[0], *vc = a->vline + a->net.lbase[1];
  double *lr = a->lout + a->net.lbase[0], *lc = a->lout + a->net.lbase[1];
  memset(lc, 0, (size_t)C * sizeof *lc);
  int vc_uniform = 1;
  for (int c = 1; c < C && vc_uniform; c++) vc_uniform = vc[c] == vc[0];
  if (vc_uniform) { /* e.g. every column at virtual ground: one MVM */
    const double *growsum = a->vline + a->net.nline;
    for (int r = 0; r < R; r++) {
      double dv = vr[r] - vc[0];
      lr[r] = dv * growsum[r];
      if (dv != 0.0) axpy_neg(lc, a->glin + (size_t)r * (size_t)C, dv, C);
    }
  } else for (int r = 0; r < R; r++) {
    const double *g = a->glin + (size_t)r * (size_t)C;
    double v = vr[r], s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
    int c = 0;
    for (; c + 4 <= C; c += 4) {
      double i0 = g[c] * (v - vc[c]), i1 = g[c + 1] * (v - vc[c + 1]);
      double i2 = g[c + 2] * (v - vc[c + 2]), i3 = g[c + 3] * (v - vc[c + 3]);
      s0 += i0;
      s1 += i1;
      s2 += i2;
      s3 += i3;
      lc[c] -= i0;
      lc[c + 1] -= i1;
      lc[c + 2] -= i2;
      lc[c + 3] -= i3;
    }
    for (; c < C; c++) {
      double i = g[c] * (v - vc[c]);
      s0 += i;
      lc[c] -= i;
    }
    lr[r] = (s0 + s1) + (s2 + s3);
  }
  a->p_cell = dot(vr, lr, R) + dot(vc, lc, C);
  a->h_min = INFINITY;
  end_currents(a, 1);
  a->vn_stale = a->ic_stale = 1;
  return MXB_OK;
}

void mxbi_array_vn(mxb_array_t *a) {
  if (a->vn_stale) {
    for (int p = 0; p < a->net.P; p++)
      for (int l = 0; l < mxbi_nlines(&a->net, p); l++) {
        double v = a->vline[a->net.lbase[p] + l];
        if (isnan(v)) continue; /* not held: its nodes keep their last voltages */
        for (int q = 0; q < mxbi_npos(&a->net, p); q++)
          a->net.vn[mxbi_line_node(&a->net, p, l, q)] = v;
      }
    a->vn_stale = 0;
  }
  if (a->ic_stale) {
    const double *vr = a->vline + a->net.lbase[0], *vc = a->vline + a->net.lbase[1];
    for (int r = 0; r < a->net.R; r++)
      for (int c = 0; c < a->net.C; c++) {
        size_t ci = (size_t)r * (size_t)a->net.C + (size_t)c;
        a->ic[ci] = a->glin[ci] * (vr[r] - vc[c]);
      }
    a->ic_stale = 0;
  }
}

int mxbi_array_solve_network(mxb_array_t *a, double h) {
  int rc = mxbi_array_ni_refresh(a); /* a solve instant (no-op without the layer) */
  if (rc) return rc;
  mxbi_array_vn(a); /* the starting point */
  if (a->gen_cache != a->gen) { /* states changed (advance_net drops its own cells') */
    mxbi_cells_cache_clear(&a->net.cells);
    a->gen_cache = a->gen;
  }
  return mxbi_net_solve(&a->net, h, a->t);
}

int mxbi_array_solve(mxb_array_t *a) {
  if (a->solved) return MXB_OK;
  a->stat_solves++;
  int vline_set = a->vline != NULL;
  int all_fixed, rc = mxbi_array_ni_refresh(a); /* a solve instant */
  if (rc) return rc;
  rc = classify(a, &all_fixed);
  if (rc) return rc;
  if (a->net.cells.has_cap && a->gen_caps != a->gen) {
    /* any C > 0? (capacitance depends on states) */
    a->caps = 0;
    for (size_t ci = 0; ci < a->net.ncell && !a->caps; ci++) {
      double cap[MXBI_CELL_MAXDEV];
      mxbi_cell_caps(&a->net.cells, ci, cap);
      for (int d = 0; d < a->net.cells.ndev; d++) a->caps |= cap[d] > 0;
    }
    a->gen_caps = a->gen;
  }
  a->fast = all_fixed && !caps_dynamic(a, all_fixed);
  a->dyn = caps_dynamic(a, all_fixed);
  if (a->fast && lean_ok(a)) {
    if (!vline_set) /* classify ran before vline existed */
      for (int p = 0; p < a->net.P; p++)
        for (int l = 0; l < mxbi_nlines(&a->net, p); l++) {
          int conflict;
          a->vline[a->net.lbase[p] + l] = line_fixed(a, p, a->net.lbase[p] + l, &conflict);
        }
    if (lean_window(a)) {
      rc = solve_lean(a);
      if (rc) return rc;
      a->tot_lean++;
      a->solved = 1;
      return MXB_OK;
    }
  }
  rc = a->fast ? solve_fast(a) : mxbi_array_solve_network(a, 0.0);
  if (!rc && a->fast) a->tot_fast++;
  if (!rc) rc = mxbi_array_post_solve(a, 0.0);
  if (rc) return rc;
  a->vn_stale = 0;
  if (!a->dyn || a->settled) mxbi_array_caps_follow(a);
  a->solved = 1;
  return MXB_OK;
}

