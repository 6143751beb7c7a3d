/* mxbar: time advance of an array from t_last to t under the line-end
 * settings that held since t_last (array.h "Time").
 *  - nothing can move (every step limit INFINITY and no capacitor transient):
 *    energy += power * dt, O(1);
 *  - fast path: each cell is integrated on its own under its fixed voltage
 *    with sub-steps bounded by its step limit (trapezoidal energy; a
 *    stacked cell re-solves its internal node after each sub-step);
 *  - general path: global sub-steps bounded by the smallest step limit; the
 *    network is re-solved after each sub-step since states moved;
 *  - capacitor transient (a cell capacitance on a node that is not held by an
 *    ideal source, or any capacitance in a stacked cell): implicit steps of
 *    the whole network from the carried capacitor voltages (charge conserved
 *    on floating nodes), backward Euler then BDF2 under local error control,
 *    moving cells sub-stepped within a step while their voltage holds (see
 *    advance_rc), the states advanced under the step's end voltages. Once
 *    the capacitor voltages stop moving (and no state moves) the transient
 *    is over and further holds are O(1) again.
 * An advance that moves states is all or nothing: a checkpoint
 * (mxb_array_ckpt.c) restores the array when it fails. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "mxb_array_impl.h"

/* Sub-steps one advance may take before it reports a stiff model. */
#define MXB_MAX_SUBSTEPS 20000000L
/* Largest change of a capacitor voltage in one backward-Euler step (V). */
#define MXB_DV_STEP 5e-3
/* Local error per backward-Euler step of a capacitor voltage: absolute (V)
 * and relative; largest growth of the step from one step to the next; a
 * moving cell whose step limit changes by less than MXB_RC_STEADY between
 * solutions holds its voltage (advance_rc). */
#define MXB_RC_TOL 1e-3
#define MXB_RC_RTOL 1e-3
#define MXB_RC_GROW 2.0
#define MXB_RC_STEADY 0.01
/* Capacitor voltages that move less than this in a step are settled (V). */
#define MXB_DV_SETTLED 1e-9
/* Smallest RC step (s) before the transient is reported as stiff. */
#define MXB_H_MIN 1e-18
/* Network advance (advance_net): largest change of a cell's voltage over a
 * step, absolute (V) and relative, and the largest growth of the step (the
 * step follows 0.9 / (the voltage change in units of its tolerance), so a
 * step whose voltages barely moved may grow 8x: the first steps after a
 * drive change start at the smallest step limit). */
#define MXB_NET_DV 1e-4
#define MXB_NET_RDV 1e-5
#define MXB_NET_GROW 8.0
#define MXB_NET_GROW_REF 2.0

static int substep_error(mxb_array_t *a, size_t ci, double v, const char *what) {
  int k, r, c;
  mxbi_cell_coords(&a->net.cells, ci, &k, &r, &c);
  return mxbi_error(a->net.ctx, MXB_ECONV,
                    "array: cell (layer %d, row %d, col %d) at V = %g V: %s", k, r, c,
                    v, what);
}

/* Integrate one cell for dt under its present voltage, held (r_th = 0: the
 * fast path) or behind the source resistance r_th (advance_net); returns
 * the energy dissipated in it and its voltage at the end (*v_end). */
static int integrate_cell_r(mxb_array_t *a, size_t ci, double dt, double r_th, double *energy,
                            double *v_end) {
  const mxbi_net_t *n = &a->net;
  double vb = n->vn[mxbi_cell_bot(n, ci)], v = n->vn[mxbi_cell_top(ci)] - vb;
  double m = n->cells.ndev > 1 ? n->cells.vmid[ci] - vb : 0.0;
  const char *what = "";
  int rc = mxbi_cell_integrate(&n->cells, ci, v, r_th, &m, a->ic[ci], dt, MXB_MAX_SUBSTEPS,
                               energy, v_end, &what);
  return rc ? substep_error(a, ci, v, what) : MXB_OK;
}

static int integrate_cell(mxb_array_t *a, size_t ci, double dt, double *energy) {
  double ve;
  return integrate_cell_r(a, ci, dt, 0.0, energy, &ve);
}

static int advance_fast(mxb_array_t *a, double t) {
  double dt = t - a->t, e = 0.0;
  mxbi_array_vn(a);
  a->gen++;
  for (size_t ci = 0; ci < a->net.ncell; ci++) {
    double ec = 0.0;
    int rc = integrate_cell(a, ci, dt, &ec);
    if (rc) {
      a->solved = 0;
      return rc;
    }
    e += ec;
  }
  a->e_cell += e;
  /* sources: the cells' energy plus the constant non-ideal ends' share */
  a->e_src += e + (a->p_src - a->p_cell) * dt;
  a->t = t;
  a->solved = 0;
  return MXB_OK;
}

/* Advance every moving state by h under the present solution's voltages.
 * de == NULL (advance_net): h is at most every moving cell's step limit.
 * de != NULL (advance_rc): a cell whose step limit is below h (allowed only
 * when its voltage is steady, see advance_rc) is integrated in sub-steps of
 * its own limit under its fixed voltage, as on the fast path, and *de
 * receives the energy the cells dissipate beyond the rectangle rule v i h
 * (their current changes with the state inside the step). */
static int step_states(mxb_array_t *a, double h, double *de) {
  mxbi_array_vn(a);
  a->gen++;
  const mxbi_cells_t *cs = &a->net.cells;
  double corr = 0.0;
  for (size_t ci = 0; ci < cs->n; ci++) {
    double vd[MXBI_CELL_MAXDEV], hl[MXBI_CELL_MAXDEV];
    mxbi_array_cell_split(a, ci, vd);
    mxbi_cell_step_limit(cs, ci, vd, hl);
    if (de && cs->ndev == 1 && !isinf(hl[0]) && hl[0] < h) {
      double e;
      int rc = integrate_cell(a, ci, h, &e); /* the fast path's sub-steps */
      if (rc) return rc;
      corr += e - vd[0] * a->ic[ci] * h;
      continue;
    }
    int failed = 0;
    if (mxbi_cell_advance(cs, ci, vd, hl, h, &failed)) {
      char what[96];
      snprintf(what, sizeof what, "class '%s' failed to advance", cs->dev[failed].cls->name);
      return substep_error(a, ci, vd[failed], what);
    }
  }
  if (de) *de = corr;
  return MXB_OK;
}

/* Workspace of the network advance (advance_net): per cell its voltage at
 * the step's start, the moving cells and their states at the step's start
 * (restored when a step is rejected). */
static int net_work(mxb_array_t *a) {
  const mxbi_cells_t *cs = &a->net.cells;
  if (a->mr_v) return MXB_OK;
  size_t nst = 0;
  for (int d = 0; d < cs->ndev; d++) nst += cs->dev[d].nst;
  a->mr_v = malloc(3 * cs->n * sizeof *a->mr_v); /* mr_v, mr_ve, mr_r */
  a->mr_idx = malloc(cs->n * sizeof *a->mr_idx);
  a->mr_st = malloc((cs->n * nst + 1) * sizeof *a->mr_st);
  if (!a->mr_v || !a->mr_idx || !a->mr_st)
    return mxbi_error(a->net.ctx, MXB_ENOMEM, "array: out of memory for the advance of %zu "
                      "cells", cs->n);
  for (size_t ci = 0; ci < cs->n; ci++) a->mr_v[2 * cs->n + ci] = NAN;
  return MXB_OK;
}

/* Whether a voltage or sense end drives line gl. */
static int line_driven(const mxbi_net_t *n, int gl) {
  for (int e = 0; e < 2; e++) {
    mxb_term_kind_t k = n->term[2 * gl + e].kind;
    if (k == MXB_TERM_VOLTAGE || k == MXB_TERM_SENSE) return 1;
  }
  return 0;
}

/* The moving cells' states changed: their evaluation caches go, the
 * others' stay (a->gen_cache follows the new generation). */
static void net_moved(mxb_array_t *a, size_t nm) {
  for (size_t k = 0; k < nm; k++) mxbi_cell_cache_drop(&a->net.cells, a->mr_idx[k]);
  int kept = a->gen_cache == a->gen;
  a->gen++;
  if (kept) a->gen_cache = a->gen;
}

/* Copy the states of the moving cells to (save) or from the workspace. */
static void net_states(mxb_array_t *a, size_t nm, int save) {
  mxbi_cells_t *cs = &a->net.cells;
  double *q = a->mr_st;
  for (size_t k = 0; k < nm; k++)
    for (int d = 0; d < cs->ndev; d++) {
      size_t ns = cs->dev[d].nst;
      double *st = mxbi_cell_state(cs, d, a->mr_idx[k]);
      if (save) memcpy(q, st, ns * sizeof *q);
      else memcpy(st, q, ns * sizeof *q);
      q += ns;
    }
}

/* General path without capacitor dynamics: multirate steps. A step of
 * length h integrates every moving cell on its own under its voltage at the
 * step's start (integrate_cell_r, as on the fast path: a stacked cell
 * re-solves its internal node after each of its own steps), then solves the
 * network at the new states. A lone moving cell is integrated behind the
 * network's source resistance at its terminals, -dV/dI of its last accepted
 * step (the IR drop of its own current then moves its voltage inside its
 * integration, a step at a time, not step by step of the network). The step
 * holds when no moving cell's voltage moved by more than MXB_NET_DV +
 * MXB_NET_RDV |v| from the voltage its integration ended at, and no cell
 * that started to move moved that much from the step's start (a cell still
 * at both ends has no state a move of its voltage could change); else the
 * states go back and the step shrinks; a step no longer than the smallest
 * step limit always holds. A moving cell on a line that no voltage or sense
 * end drives (floating, or a current source) bounds the step by its own
 * limit: its voltage follows its own state, which a frozen voltage would
 * hold still. The next step grows by at most MXB_NET_GROW. So the
 * selectors that switch under a V/3 pulse and relax after it cost their own
 * steps, and the network is solved once per step, not once per sub-step of
 * the fastest cell. Energy: the moving cells' own integrals, the still
 * cells' and the rest of the network's (wires, loads) power trapezoidal
 * over the step. cells.ref_advance (tests, bench) runs the previous
 * control: every cell against its voltage at the step's start, no source
 * resistance, growth 2x, the still cells' power at the step's start. */
static int advance_net_steps(mxb_array_t *a, double t);

/* The stacked cells' evaluation cache (mxb_cell.h) serves the solves of one
 * network advance only, from empty: outside it every evaluation is a full
 * local solve, so a solve's result depends on the states and the line ends
 * alone (a restored array continues bit for bit as the original). */
static int advance_net(mxb_array_t *a, double t) {
  mxbi_cells_t *cs = &a->net.cells;
  mxbi_cells_cache_clear(cs);
  cs->cache_on = 1;
  int rc = advance_net_steps(a, t);
  cs->cache_on = 0;
  return rc;
}

static int advance_net_steps(mxb_array_t *a, double t) {
  const mxbi_net_t *n = &a->net;
  int rc = net_work(a);
  if (rc) return rc;
  int ref = a->net.cells.ref_advance; /* the previous scheme, for comparisons */
  long nsteps = 0;
  double hnext = 0.0;
  int jump = !ref; /* the whole interval at once may be tried (until rejected) */
  while (a->t < t) {
    if ((rc = mxbi_array_solve(a))) return rc;
    double rem = t - a->t;
    if (isinf(a->h_min)) {
      a->e_src += a->p_src * rem;
      a->e_cell += a->p_cell * rem;
      a->t = t;
      break;
    }
    /* the step's start: every cell's voltage, the moving cells' power; a
     * moving cell on a line that no voltage or sense end drives bounds the
     * step by its own limit (its voltage follows its own state) */
    size_t nm = 0;
    double pm0 = 0.0, hbound = INFINITY;
    int exact_all = jump; /* every moving cell advances exactly in one step */
    double *ve = a->mr_v + n->ncell, *rth = a->mr_v + 2 * n->ncell;
    for (size_t ci = 0; ci < n->ncell; ci++) {
      a->mr_v[ci] = n->vn[mxbi_cell_top(ci)] - n->vn[mxbi_cell_bot(n, ci)];
      if (isinf(a->h_cell[ci])) {
        rth[ci] = NAN; /* a cell that stops forgets its source resistance */
        continue;
      }
      a->mr_idx[nm++] = ci;
      pm0 += a->mr_v[ci] * a->ic[ci];
      if (exact_all && !mxbi_cell_exact_over(&n->cells, ci, a->mr_v[ci])) exact_all = 0;
      int k, r, c;
      mxbi_cell_coords(&n->cells, ci, &k, &r, &c);
      if (!(line_driven(n, mxbi_line_of(n, k, r, c)) && line_driven(n, mxbi_line_of(n, k + 1, r, c))) &&
          a->h_cell[ci] < hbound)
        hbound = a->h_cell[ci];
    }
    net_states(a, nm, 1);
    double ps0 = a->p_src, pc0 = a->p_cell, t0 = a->t, hmin0 = a->h_min;
    double h = hnext > a->h_min ? hnext : a->h_min;
    /* every moving cell in the window where its class solves it exactly
     * (selectors relaxing below their hold voltage after a pulse): the
     * whole interval at once, one integration per cell and one solve; the
     * step control below shortens it if the states moved the network, and
     * then the steps grow as before for the rest of this advance (all
     * lines held at 0 V: no voltage moves, 6 network steps of every cell
     * -> 1 at 128x128) */
    if (jump && exact_all && nm > 0) h = rem;
    if (h > hbound) h = hbound;
    if (h > rem) h = rem;
    /* a lone moving cell integrates behind the network's source
     * resistance, estimated from its last accepted step (so its own IR drop
     * is inside its integration, not left to the step control) */
    double i_lone = nm == 1 ? a->ic[a->mr_idx[0]] : 0.0;
    for (;;) {
      double e = 0.0;
      for (size_t ci = 0; ci < n->ncell; ci++) ve[ci] = NAN; /* still at the start */
      for (size_t k = 0; k < nm; k++) {
        double ec;
        size_t ci = a->mr_idx[k];
        double r = nm == 1 && mxbi_finite(rth[ci]) ? rth[ci] : 0.0;
        if ((rc = integrate_cell_r(a, ci, h, r, &ec, &ve[ci]))) return rc;
        e += ec;
      }
      net_moved(a, nm);
      a->solved = 0;
      a->t = h < rem ? t0 + h : t;
      if ((rc = mxbi_array_solve(a))) return rc;
      /* the voltages against those the moving cells were integrated to
       * (their own end voltage), and the still cells that started to move
       * against theirs at the start; a cell still at both ends has no
       * state the move of its voltage could have changed */
      double dv = 0.0, pm1 = 0.0;
      for (size_t ci = 0; ci < n->ncell; ci++) {
        double v = n->vn[mxbi_cell_top(ci)] - n->vn[mxbi_cell_bot(n, ci)], vr = ve[ci];
        if (isnan(vr)) {
          if (isinf(a->h_cell[ci]) && !ref) continue;
          vr = a->mr_v[ci];
        } else {
          pm1 += v * a->ic[ci];
        }
        double x = fabs(v - vr) / (MXB_NET_DV + MXB_NET_RDV * fabs(v));
        if (!(x <= dv)) dv = x;
      }
      if (dv <= 1.0 || h <= hmin0) {
        /* cells: their integrals and the non-moving ones' power; sources:
         * that plus the rest of the network's power, trapezoidal */
        double ec = e + (ref ? pc0 - pm0 : 0.5 * ((pc0 - pm0) + (a->p_cell - pm1))) * h;
        a->e_cell += ec;
        a->e_src += ec + 0.5 * ((ps0 - pc0) + (a->p_src - a->p_cell)) * h;
        double grow = ref ? MXB_NET_GROW_REF : MXB_NET_GROW;
        hnext = h * (dv > 0 ? fmin(grow, fmax(0.5, 0.9 / dv)) : grow);
        if (nm == 1) { /* the lone cell's source resistance: -dV/dI over the step */
          size_t ci = a->mr_idx[0];
          double dvc = n->vn[mxbi_cell_top(ci)] - n->vn[mxbi_cell_bot(n, ci)] - a->mr_v[ci];
          double di = a->ic[ci] - i_lone, r = -dvc / di;
          rth[ci] = !a->net.cells.ref_advance && fabs(di) > 1e-6 * fabs(a->ic[ci]) && r >= 0 &&
                    r < 1e9 ? r : NAN;
        }
        break;
      }
      /* rejected: back to the step's start, a shorter step */
      jump = 0;
      net_states(a, nm, 0);
      net_moved(a, nm);
      a->solved = 0;
      a->t = t0;
      if ((rc = mxbi_array_solve(a))) return rc;
      h *= fmax(0.1, 0.9 / dv);
      if (h < hmin0) h = hmin0;
    }
    if (++nsteps > MXB_MAX_SUBSTEPS)
      return mxbi_error(a->net.ctx, MXB_ECONV, "array: more than %ld steps advancing "
                        "to t = %g s", MXB_MAX_SUBSTEPS, t);
  }
  return MXB_OK;
}

/* Whether cell ci has a capacitance; its capacitances to cap. */
static int cell_has_cap(const mxbi_cells_t *cs, size_t ci, double cap[MXBI_CELL_MAXDEV]) {
  mxbi_cell_caps(cs, ci, cap);
  int any = 0;
  for (int d = 0; d < cs->ndev; d++) any |= cap[d] > 0;
  return any;
}

/* Largest change of a capacitor voltage between uc and the present solution. */
static double caps_change(const mxb_array_t *a) {
  const mxbi_cells_t *cs = &a->net.cells;
  double dmax = 0.0;
  for (size_t ci = 0; ci < cs->n; ci++) {
    double cap[MXBI_CELL_MAXDEV], u[MXBI_CELL_MAXDEV], x;
    mxbi_cell_caps(cs, ci, cap);
    mxbi_array_cell_split(a, ci, u);
    for (int d = 0; d < cs->ndev; d++)
      if (cap[d] > 0 && (x = fabs(u[d] - cs->dev[d].uc[ci])) > dmax) dmax = x;
  }
  return dmax;
}

/* Error of the step h just solved, in units of its tolerance MXB_RC_TOL +
 * MXB_RC_RTOL |u|, for every capacitor voltage u (u0: at the step's start):
 *  - order 0 (first step after a change of settings or states, backward
 *    Euler): the change |u - u0| against MXB_DV_STEP instead;
 *  - order 1 (one slope s1 = (u0 - u_-1) / hp known): backward Euler's local
 *    error from the divided difference, h / (h + hp) |u - u0 - h s1|;
 *  - order 2 (two slopes, BDF2): Milne's estimate (2/11) |u - p| against the
 *    quadratic extrapolation p = u0 + h s1 + h (h + hp) (s1 - s2) / (hp + hpp)
 *    (BDF2's error constant 2/9 against the predictor's 1). */
static double rc_error(const mxb_array_t *a, double h, int order) {
  const mxbi_cells_t *cs = &a->net.cells;
  size_t nc = cs->n;
  const double *s1 = a->rc_hist + MXBI_RC_SLOPE * nc, *s2 = a->rc_hist + MXBI_RC_SLOPE2 * nc;
  double hp = a->rc_hprev, hpp = a->rc_hprev2;
  double w1 = order == 1 ? h / (h + hp) : 2.0 / 11.0, q = h * (h + hp) / (hp + hpp);
  double e = 0.0;
  for (size_t ci = 0; ci < nc; ci++) {
    double cap[MXBI_CELL_MAXDEV], u[MXBI_CELL_MAXDEV];
    if (!cell_has_cap(cs, ci, cap)) continue;
    mxbi_array_cell_split(a, ci, u);
    for (int d = cs->ndev - 1; d >= 0; d--) { /* the memory first */
      if (!(cap[d] > 0)) continue;
      double u0 = cs->dev[d].uc[ci], sl1 = s1[(size_t)d * nc + ci], sl2 = s2[(size_t)d * nc + ci];
      double p = u0 + h * sl1 + (order == 2 ? q * (sl1 - sl2) : 0.0);
      double x = order == 0 ? fabs(u[d] - u0) / MXB_DV_STEP
                            : w1 * fabs(u[d] - p) / (MXB_RC_TOL + MXB_RC_RTOL * fabs(u[d]));
      if (!(x <= e)) e = x;
    }
  }
  return e;
}

/* Longest step the moving cells allow after the present solution; their
 * step limits go to hl[]. A cell whose step limit changed by more than
 * MXB_RC_STEADY (relative) since the last accepted solution (its voltage or
 * its dynamics moving), or right after a change, bounds the step by its
 * limit. A steady cell does not: step_states integrates it in sub-steps of
 * its own limit under its (held) voltage, which is exact as far as the
 * network goes; were its voltage to move after all (its own state feeding
 * back through a floating node), the next solution shows it and bounds the
 * next step (the step grows at most MXB_RC_GROW per step). Every moving
 * cell bounds the step in arrays of stacked cells (the internal node is
 * solved per sub-step only on the fast path). */
static double rc_state_bound(const mxb_array_t *a, int hist, double *hl) {
  const mxbi_cells_t *cs = &a->net.cells;
  const double *hl0 = a->rc_hist + MXBI_RC_HL0 * cs->n;
  double hb = INFINITY;
  for (size_t ci = 0; ci < cs->n; ci++) {
    double vd[MXBI_CELL_MAXDEV], hd[MXBI_CELL_MAXDEV];
    mxbi_array_cell_split(a, ci, vd);
    double x = mxbi_cell_step_limit(cs, ci, vd, hd);
    hl[ci] = x;
    if (isinf(x)) continue;
    int steady = cs->ndev == 1 && hist && !isinf(hl0[ci]) &&
                 fabs(x / hl0[ci] - 1.0) <= MXB_RC_STEADY;
    if (!steady && x < hb) hb = x;
  }
  return hb;
}

/* Solve the step h from the capacitor voltages uc. Without a history:
 * backward Euler. With one: variable-step BDF2 (second order, L-stable,
 * conserves the charge of a floating node like backward Euler), whose
 * capacitor companion is backward Euler's with an effective step and start
 * voltage, h_eff = h (1 + w) / (1 + 2 w) and
 * u_eff = u_n + w h slope / (1 + 2 w), w = h / h_prev, where slope =
 * (u_n - u_{n-1}) / h_prev; so both network solvers and post_solve take it
 * as it is (uc holds u_eff during the solve). */
static int rc_solve(mxb_array_t *a, double h, int hist) {
  if (!hist) {
    int rc = mxbi_array_solve_network(a, h);
    return rc ? rc : mxbi_array_post_solve(a, h);
  }
  mxbi_cells_t *cs = &a->net.cells;
  size_t nc = cs->n;
  const double *sl = a->rc_hist + MXBI_RC_SLOPE * nc;
  double *keep = a->rc_hist + MXBI_RC_KEEP * nc;
  double w = h / a->rc_hprev, f = w * h / (1.0 + 2.0 * w), he = h * (1.0 + w) / (1.0 + 2.0 * w);
  for (int d = 0; d < cs->ndev; d++) {
    double *uc = cs->dev[d].uc;
    memcpy(keep + (size_t)d * nc, uc, nc * sizeof *keep);
    for (size_t ci = 0; ci < nc; ci++) uc[ci] += f * sl[(size_t)d * nc + ci];
  }
  int rc = mxbi_array_solve_network(a, he);
  if (!rc) rc = mxbi_array_post_solve(a, he);
  for (int d = 0; d < cs->ndev; d++)
    memcpy(cs->dev[d].uc, keep + (size_t)d * nc, nc * sizeof *keep);
  return rc;
}

/* Whether the line-end settings are those the transient history belongs to. */
static int rc_same_terms(const mxb_array_t *a) {
  for (int i = 0; i < 2 * a->net.nline; i++) {
    const mxbi_term_t *x = &a->net.term[i], *y = &a->rc_term[i];
    if (x->kind != y->kind || x->value != y->value || x->r != y->r) return 0;
  }
  return 1;
}

/* Capacitor transient: backward-Euler steps of the whole network (the
 * capacitor voltages carried from the last step, so a floating node between
 * capacitors keeps its charge across a change of the drives: the first step
 * is the capacitive divider, then it relaxes through the resistive paths).
 * Step control:
 *  - the first step after a change of settings or states: the capacitor
 *    voltages move at most MXB_DV_STEP;
 *  - then error control on every capacitor voltage: the local truncation
 *    error (divided difference against the previous step) at most
 *    MXB_RC_TOL + MXB_RC_RTOL |u|; the step grows by at most MXB_RC_GROW per
 *    step and shrinks (retried) where the error is exceeded, so it follows
 *    the time constants: sub-nanosecond while a driven line charges through
 *    its wire, then up to milliseconds while floating electrodes relax;
 *  - the moving states (rc_state_bound): a cell bounds the step by its step
 *    limit unless its voltage is steady, in which case step_states
 *    sub-steps it under that voltage;
 *  - the states advance under the step's end voltages; the energy is the
 *    end-point (backward-Euler) power times h, plus the cells' energy beyond
 *    it inside sub-stepped steps.
 * The history (slopes, step limits) carries over to the next call while the
 * settings and states are unchanged, so reads in the middle of a transient
 * do not restart it. Once no state moves and the capacitor voltages stop
 * moving (MXB_DV_SETTLED per step) the rest is the operating point. */
static int advance_rc(mxb_array_t *a, double t) {
  size_t nc = a->net.ncell;
  if (!a->rc_hist) {
    a->rc_hist = malloc(MXBI_RC_BLOCKS * nc * sizeof *a->rc_hist);
    a->rc_term = malloc(2 * (size_t)a->net.nline * sizeof *a->rc_term);
    if (!a->rc_hist || !a->rc_term)
      return mxbi_error(a->net.ctx, MXB_ENOMEM, "array: out of memory for the capacitor "
                        "transient of %zu cells", nc);
    a->rc_n = 0;
  }
  if (a->rc_n > 0 && !(a->rc_t == a->t && a->rc_gen == a->gen && rc_same_terms(a)))
    a->rc_n = 0;
  if (a->rc_n == 0) {
    memcpy(a->rc_term, a->net.term, 2 * (size_t)a->net.nline * sizeof *a->net.term);
    a->rc_hnext = a->h_rc > 0 && a->h_rc < 1e-9 ? a->h_rc : 1e-9;
  }
  mxbi_cells_t *cs = &a->net.cells;
  double *sl = a->rc_hist + MXBI_RC_SLOPE * nc, *sl2 = a->rc_hist + MXBI_RC_SLOPE2 * nc;
  double *hl0 = a->rc_hist + MXBI_RC_HL0 * nc, *hl1 = a->rc_hist + MXBI_RC_HL1 * nc;
  long n = 0;
  while (a->t < t) {
    double rem = t - a->t, hplan = a->rc_hnext, h = hplan < rem ? hplan : rem;
    double err = 0.0, hb = INFINITY;
    int hist = a->rc_n > 0, order = a->rc_n > 1 ? 2 : a->rc_n;
    /* a sliver left before t: one backward-Euler step (its error is h^2
     * small), the history kept for the steps after it */
    int sliver = hist && h < 1e-2 * hplan;
    for (int tries = 0;; tries++) {
      a->solved = 0;
      int rc = rc_solve(a, h, hist && !sliver);
      if (rc) return rc;
      err = sliver ? 0.0 : rc_error(a, h, order);
      hb = rc_state_bound(a, hist, hl1);
      if (err <= 1.0 && h <= hb * (1.0 + 1e-12)) break;
      double hn = h;
      if (err > 1.0) hn = h * (order == 2 ? fmax(0.1, 0.9 / cbrt(err))
                               : order == 1 ? fmax(0.1, 0.9 / sqrt(err)) : fmax(1e-3, 0.8 / err));
      if (hb < hn) hn = hb;
      if (hn < MXB_H_MIN || tries >= 60)
        return mxbi_error(a->net.ctx, MXB_ECONV,
                          "array: capacitor transient at t = %g s: no step accepted down to "
                          "%g s (relative error %g)", a->t, hn, err);
      h = hn;
      if (!sliver) hplan = h;
    }
    double du = caps_change(a);
    /* Energy: the quadrature the integrator implies, so that the charge
     * drawn is consistent with the capacitor voltages (a capacitor charged
     * to V draws exactly C V^2 from an ideal source): backward Euler h p;
     * BDF2 h_eff p + c E_prev (E_prev: the previous step's energy,
     * c = w^2 / (1 + 2 w)), second order. */
    double es = a->p_src * h, ec = a->p_cell * h;
    if (hist && !sliver) {
      double w = h / a->rc_hprev, he = h * (1.0 + w) / (1.0 + 2.0 * w), c = w * w / (1.0 + 2.0 * w);
      es = he * a->p_src + c * a->rc_psrc;
      ec = he * a->p_cell + c * a->rc_pcell;
    }
    a->e_src += es;
    a->e_cell += ec;
    if (!sliver) { /* history: slopes, step and energy of this step */
      memcpy(sl2, sl, MXBI_CELL_MAXDEV * nc * sizeof *sl); /* s2 = s1 */
      a->rc_hprev2 = a->rc_hprev;
      for (size_t ci = 0; ci < nc; ci++) {
        double u[MXBI_CELL_MAXDEV];
        mxbi_array_cell_split(a, ci, u);
        for (int d = 0; d < cs->ndev; d++)
          sl[(size_t)d * nc + ci] = (u[d] - cs->dev[d].uc[ci]) / h;
      }
      a->rc_hprev = h;
      a->rc_psrc = es;
      a->rc_pcell = ec;
    }
    memcpy(hl0, hl1, nc * sizeof *hl0);
    mxbi_array_caps_follow(a);
    int moving = !isinf(a->h_min);
    double de = 0.0;
    int rc = moving ? step_states(a, h, &de) : MXB_OK;
    a->solved = 0;
    if (rc) return rc;
    a->e_src += de;
    a->e_cell += de;
    a->t = h < rem ? a->t + h : t;
    if (!sliver) {
      a->h_rc = h;
      double grow = !(err > 0) ? MXB_RC_GROW
                    : fmin(MXB_RC_GROW, order == 2 ? 0.9 / cbrt(err)
                                        : order == 1 ? 0.9 / sqrt(err) : 0.8 / err);
      a->rc_hnext = fmin(hplan * fmax(grow, 0.1), hb);
      a->rc_n++;
    }
    a->rc_t = a->t;
    a->rc_gen = a->gen;
    if (!sliver && !moving && du <= MXB_DV_SETTLED) {
      a->settled = 1; /* the rest of the hold is the operating point */
      a->rc_n = 0;
      rc = mxbi_array_solve(a);
      if (rc) return rc;
      if (isinf(a->h_min) && a->t < t) {
        a->e_src += a->p_src * (t - a->t);
        a->e_cell += a->p_cell * (t - a->t);
        a->t = t;
      }
      return a->t < t ? advance_net(a, t) : MXB_OK;
    }
    if (++n > MXB_MAX_SUBSTEPS)
      return mxbi_error(a->net.ctx, MXB_ECONV, "array: more than %ld capacitor steps "
                        "advancing to t = %g s", MXB_MAX_SUBSTEPS, t);
  }
  return MXB_OK;
}

/* Wall-clock seconds (the solver statistics; never a result). */
static double wall_s(void) {
  struct timespec ts;
  if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) return 0.0;
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int advance_to(mxb_array_t *a, double t, const char *fn);

int mxbi_array_advance(mxb_array_t *a, double t, const char *fn) {
  if (!(t > a->t)) return advance_to(a, t, fn); /* no time passes: nothing to count */
  double t0 = wall_s();
  int rc = advance_to(a, t, fn);
  a->tot_adv++;
  a->tot_adv_s += wall_s() - t0;
  return rc;
}

static int advance_to(mxb_array_t *a, double t, const char *fn) {
  if (!mxbi_finite(t))
    return mxbi_error(a->net.ctx, MXB_ENAN, "%s: time %g s is not a finite number", fn, t);
  if (t < a->t)
    return mxbi_error(a->net.ctx, MXB_ETIME, "%s: time %.17g s is before the array's "
                      "time %.17g s", fn, t, a->t);
  if (t == a->t) return MXB_OK;
  int rc = mxbi_array_solve(a);
  if (rc) return rc;
  int rcdyn = a->dyn && (!a->settled || !isinf(a->h_min));
  if (!rcdyn && isinf(a->h_min)) { /* hold: nothing can move */
    double dt = t - a->t;
    a->e_src += a->p_src * dt;
    a->e_cell += a->p_cell * dt;
    a->t = t;
    if (a->ni && mxbi_array_ni_timed(a)) a->solved = 0; /* factors move with time */
    return MXB_OK;
  }
  /* states move: the call is all or nothing (rolled back on failure) */
  if ((rc = mxbi_ckpt_save(a, fn))) return rc;
  /* what one advance carries from step to step (the cells' controlled
   * steps, the lone moving cell's source resistance) starts afresh in
   * each, so results depend on the states and the calls alone (a restored
   * array continues as the original) */
  mxbi_cells_t *cs = &a->net.cells;
  if (cs->hstep) memset(cs->hstep, 0, cs->n * sizeof *cs->hstep);
  if (a->mr_v)
    for (size_t ci = 0; ci < cs->n; ci++) a->mr_v[2 * cs->n + ci] = NAN;
  if (rcdyn) {
    a->settled = 0;
    rc = advance_rc(a, t);
  } else {
    rc = a->fast ? advance_fast(a, t) : advance_net(a, t);
  }
  if (rc) mxbi_ckpt_restore(a);
  else if (a->ni && mxbi_array_ni_timed(a)) a->solved = 0; /* factors move with time */
  return rc;
}

int mxb_array_advance(mxb_array_t *a, double t) {
  if (!a) return MXB_EINVAL;
  return mxbi_array_advance(a, t, "mxb_array_advance");
}

int mxbi_array_at(mxb_array_t *a, double t, const char *fn) {
  int rc = mxbi_array_advance(a, t, fn);
  return rc ? rc : mxbi_array_solve(a);
}

