/* mxbar: the non-ideality layer (mxb_nonideal.h, issue 17) wired into an
 * array: card section, per-cell slow state, what the cells see at each solve
 * instant, read noise on returned readings, faults, temperature, and the
 * public calls of array.h "Non-idealities".
 *
 * Off unless configured. An array without a "nonideal" card section or
 * override has no layer (a->ni NULL) until a call needs one (a fault
 * injection, a temperature, a bandwidth): every path of the engine is then
 * the one without the layer, bit for bit.
 *
 * What acts where:
 *  - On currents (drift, retention, wear, RTN, faults): when any of them is
 *    on, or a fault was injected, the layer is "acting": a per-cell factor f
 *    on the memory's current and dI/dV, and a per-cell fault kind, that the
 *    cell layer applies in mxbi_cell_dev_current (mxb_cell.h). They are
 *    recomputed at solve instants (mxbi_array_ni_refresh, from
 *    mxbi_array_solve and mxbi_array_solve_network: every operating point,
 *    every sub-step of an advance), never per Newton iterate, so within one
 *    solve (and within one cell's integration under a fixed voltage on the
 *    fast path) the factor is constant. RTN traps advance to the solve
 *    instant's clock time only there. While drift, retention or RTN is on
 *    the factors change with time, so a hold invalidates the solution.
 *  - Programming and switching events. The memory class's nonvolatile state
 *    is its window state, the state named "w" (ecm_memory,
 *    threshold_memristor) or else "x" (cu_pmssq, otj_sto); a change of it
 *    by more than NI_PROG_TOL since the last programming event, seen at a
 *    solve instant, is a programming event at that instant (drift and
 *    retention restart). Switching events (wear, and a restart too) are the
 *    increments of the class's own event counter, the state "n_cycle"
 *    (ecm_memory: completed set or reset, the index of its c2c draws), or
 *    without one the window state crossing its mid-window 0.5 between two
 *    solve instants. Classes without a window state (linear_resistor,
 *    fmes_mxene, sinh) have no nonvolatile state: drift, retention and wear
 *    leave them alone (factor 1); RTN, faults and read noise apply.
 *  - Faults: a faulty cell's memory is replaced by the fault's conductance
 *    (a short replaces the whole stack), and the cell keeps its state
 *    (step limit INFINITY) until healed.
 *  - Read noise only on returned readings (sense and end currents, cell
 *    currents), never on states or the operating point: drawn per reading
 *    from the counter-based streams with the key (time, n) where n counts
 *    the readings of that cell (or line end) at that instant, so the k-th
 *    reading of a cell at time t is the same whatever else was read, in
 *    which order, and on which simulator.
 *  - Temperature: one array temperature (nonideal.temp, mxb_array_set_temp)
 *    drives the Arrhenius clocks and thermal noise; once given (card,
 *    override or call) it is also written to the "temp" parameter of every
 *    device class in the stack that has one (cu_pmssq, otj_sto). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mxb_array_impl.h"
#include "mxb_nonideal.h"

/* Voltage (V) at which a memory's healthy conductance is taken (chord) for
 * wear: the window law needs G, and a wear-out decides ON or OFF from it. */
#define NI_G_READ_V 0.1
/* Change of the window state (its units: 0..1) that counts as programming:
 * far above rounding, far below one verify step. */
#define NI_PROG_TOL 1e-6

struct mxbi_array_ni_s {
  mxbi_ni_t p;
  mxbi_ni_clocks_t clk;
  int temp_given;            /* the array temperature was given: classes take it */
  int acting;                /* per-cell arrays exist; cells see the view */
  int ntr;                   /* RTN traps per cell */
  int nv_idx, cyc_idx;       /* memory state: window state, event counter (-1: none) */
  mxbi_ni_cell_t *cell;
  mxbi_ni_trap_t *trap;      /* ntr per cell */
  double *f;                 /* factor on the memory's current and dI/dV */
  unsigned char *fault;      /* fault kind per cell (copy of cell[].fault) */
  double *nv_prog;           /* window state at the last programming event */
  double *nv_prev;           /* window state at the last refresh */
  double *cyc_prev;          /* event counter at the last refresh */
  mxbi_cell_ni_t view;       /* what mxbi_cell_dev_current applies */
  int fresh;                 /* f and fault are those of (t_seen, gen_seen) */
  double t_seen;
  unsigned long gen_seen;
  long rtn_capped;           /* RTN advances that took the exact-probability fallback */
  /* read counters of the instant rd_t: per cell and per line end */
  double rd_t;
  uint64_t *rd_cell, *rd_end;
  /* checkpoint of an advance */
  unsigned char *ck;
  int ck_fresh;
  double ck_t_seen;
  unsigned long ck_gen_seen;
  long ck_capped;
};

#define NI_ON(q, id) ((q)->p.p[MXBI_NI_P_##id] != 0.0)

static int ni_timed(const mxbi_array_ni_t *q) {
  return q->acting && (NI_ON(q, DRIFT) || NI_ON(q, RET) || q->ntr > 0);
}

int mxbi_array_ni_timed(const mxb_array_t *a) { return a->ni && ni_timed(a->ni); }

static void ni_free_cells(mxbi_array_ni_t *q) {
  free(q->cell);
  free(q->trap);
  free(q->f);
  free(q->fault);
  free(q->nv_prog);
  free(q->nv_prev);
  free(q->cyc_prev);
  free(q->ck);
}

void mxbi_array_ni_free(mxb_array_t *a) {
  mxbi_array_ni_t *q = a->ni;
  if (!q) return;
  ni_free_cells(q);
  free(q->rd_cell);
  free(q->rd_end);
  free(q);
  a->ni = NULL;
  a->net.cells.ni = NULL;
}

/* Write the array temperature into every device class of the stack that
 * has a "temp" parameter. */
static int ni_class_temp(mxb_array_t *a, double T, const char *fn) {
  mxbi_cells_t *cs = &a->net.cells;
  for (int d = 0; d < cs->ndev; d++) {
    mxbi_stackdev_t *x = &cs->dev[d];
    if (mxb_device_class_param(x->cls, "temp") < 0) continue;
    int rc = mxb_device_set(a->net.ctx, x->model, "temp", T);
    if (rc) return mxbi_error_where(a->net.ctx, fn);
    x->par = mxb_device_params(x->model);
  }
  a->gen++;
  a->solved = 0;
  a->settled = 0;
  return MXB_OK;
}

static int ni_read_alloc(mxb_array_t *a) {
  mxbi_array_ni_t *q = a->ni;
  if (q->rd_cell || !NI_ON(q, READ)) return MXB_OK;
  q->rd_cell = calloc(a->net.ncell, sizeof *q->rd_cell);
  q->rd_end = calloc(2 * (size_t)a->net.nline, sizeof *q->rd_end);
  q->rd_t = NAN;
  if (!q->rd_cell || !q->rd_end)
    return mxbi_error(a->net.ctx, MXB_ENOMEM, "array: out of memory for read-noise counters");
  return MXB_OK;
}

int mxbi_array_ni_setup(mxb_array_t *a, const struct mxbi_ni_s *p) {
  mxbi_array_ni_t *q = calloc(1, sizeof *q);
  if (!q) return mxbi_error(a->net.ctx, MXB_ENOMEM, "array: out of memory (non-idealities)");
  a->ni = q;
  if (p) q->p = *p;
  else mxbi_ni_defaults(&q->p);
  q->nv_idx = q->cyc_idx = -1;
  const mxbi_stackdev_t *mem = mxbi_cell_mem(&a->net.cells);
  q->nv_idx = mxb_device_class_state(mem->cls, "w");
  if (q->nv_idx < 0) q->nv_idx = mxb_device_class_state(mem->cls, "x");
  q->cyc_idx = mxb_device_class_state(mem->cls, "n_cycle");
  mxbi_ni_clocks_init(&q->p, &q->clk, a->t, q->p.p[MXBI_NI_P_TEMP]);
  q->temp_given = q->p.from[MXBI_NI_P_TEMP] != MXBI_NI_FROM_DEFAULT;
  int rc = MXB_OK;
  if (q->temp_given) rc = ni_class_temp(a, q->p.p[MXBI_NI_P_TEMP], "nonideal.temp");
  if (!rc) rc = ni_read_alloc(a);
  if (!rc && (NI_ON(q, DRIFT) || NI_ON(q, RET) || NI_ON(q, WEAR) || NI_ON(q, RTN) ||
              NI_ON(q, FAULTS)))
    rc = mxbi_array_ni_enable(a);
  return rc;
}

/* The layer of an array, created with every effect off if it has none. */
static mxbi_array_ni_t *ni_get(mxb_array_t *a) {
  if (!a->ni && mxbi_array_ni_setup(a, NULL)) {
    mxbi_array_ni_free(a);
    return NULL;
  }
  return a->ni;
}

/* Healthy chord conductance of cell ci's memory at NI_G_READ_V. */
static double mem_g(const mxbi_cells_t *cs, size_t ci) {
  const mxbi_stackdev_t *m = mxbi_cell_mem(cs);
  double g;
  return m->cls->current(m->par, m->st + ci * m->nst, NI_G_READ_V, &g) / NI_G_READ_V;
}

int mxbi_array_ni_enable(mxb_array_t *a) {
  mxbi_array_ni_t *q = a->ni;
  if (q->acting) return MXB_OK;
  mxbi_cells_t *cs = &a->net.cells;
  size_t n = cs->n;
  q->ntr = mxbi_ni_rtn_traps(&q->p);
  q->cell = calloc(n, sizeof *q->cell);
  q->f = malloc(n * sizeof *q->f);
  q->fault = calloc(n, sizeof *q->fault);
  q->nv_prog = calloc(n, sizeof *q->nv_prog);
  q->nv_prev = calloc(n, sizeof *q->nv_prev);
  q->cyc_prev = calloc(n, sizeof *q->cyc_prev);
  if (q->ntr) q->trap = calloc(n * (size_t)q->ntr, sizeof *q->trap);
  if (!q->cell || !q->f || !q->fault || !q->nv_prog || !q->nv_prev || !q->cyc_prev ||
      (q->ntr && !q->trap)) {
    ni_free_cells(q);
    q->cell = NULL;
    q->trap = NULL;
    q->f = q->nv_prog = q->nv_prev = q->cyc_prev = NULL;
    q->fault = NULL;
    q->ck = NULL;
    return mxbi_error(a->net.ctx, MXB_ENOMEM, "array: out of memory for the non-ideality "
                      "state of %zu cells", n);
  }
  const mxbi_stackdev_t *mem = mxbi_cell_mem(cs);
  double theta = mxbi_ni_clock_at(&q->clk.rtn, a->t);
  for (size_t ci = 0; ci < n; ci++) {
    int k, r, c;
    mxbi_cell_coords(cs, ci, &k, &r, &c);
    mxbi_ni_cell_init(&q->p, &q->cell[ci], cs->seed, (unsigned)k, (unsigned)r, (unsigned)c,
                      &q->clk, a->t);
    q->fault[ci] = (unsigned char)q->cell[ci].fault;
    q->f[ci] = 1.0;
    const double *st = mem->st + ci * mem->nst;
    if (q->nv_idx >= 0) q->nv_prog[ci] = q->nv_prev[ci] = st[q->nv_idx];
    if (q->cyc_idx >= 0) q->cyc_prev[ci] = st[q->cyc_idx];
    if (q->ntr) {
      uint64_t s = mxb_rng_stream(MXB_RNG_RTN, (unsigned)k, (unsigned)r, (unsigned)c);
      mxbi_ni_trap_t *tr = q->trap + ci * (size_t)q->ntr;
      mxbi_ni_rtn_init(&q->p, tr, q->ntr, cs->seed, s, theta);
      if (!mxbi_ni_rtn_active(&q->p, cs->seed, s))
        for (int j = 0; j < q->ntr; j++) tr[j].amp = 0.0;
    }
  }
  const double *pp = q->p.p;
  memset(&q->view, 0, sizeof q->view);
  q->view.f = q->f;
  q->view.fault = q->fault;
  q->view.g_fault[MXBI_NI_FAULT_STUCK_ON] = pp[MXBI_NI_P_G_ON];
  q->view.g_fault[MXBI_NI_FAULT_STUCK_OFF] = pp[MXBI_NI_P_G_OFF];
  q->view.g_fault[MXBI_NI_FAULT_OPEN] = pp[MXBI_NI_P_G_LEAK];
  q->view.g_fault[MXBI_NI_FAULT_SHORT] = pp[MXBI_NI_P_G_SHORT];
  q->view.whole[MXBI_NI_FAULT_SHORT] = 1;
  cs->ni = &q->view;
  q->acting = 1;
  q->fresh = 0;
  a->gen++;
  a->solved = 0;
  a->settled = 0;
  return MXB_OK;
}

/* Programming and switching events of cell ci since the last refresh. */
static void ni_events(mxbi_array_ni_t *q, const mxbi_cells_t *cs, size_t ci, double t) {
  const mxbi_stackdev_t *mem = mxbi_cell_mem(cs);
  const double *st = mem->st + ci * mem->nst;
  mxbi_ni_cell_t *c = &q->cell[ci];
  int nsw = 0;
  if (q->cyc_idx >= 0) {
    double nc = st[q->cyc_idx];
    if (nc > q->cyc_prev[ci]) nsw = (int)(nc - q->cyc_prev[ci]);
    q->cyc_prev[ci] = nc;
  } else if (q->nv_idx >= 0) {
    double w = st[q->nv_idx];
    nsw = (q->nv_prev[ci] < 0.5) != (w < 0.5);
  }
  if (q->nv_idx >= 0) {
    double w = st[q->nv_idx];
    if (fabs(w - q->nv_prog[ci]) > NI_PROG_TOL) {
      mxbi_ni_cell_programmed(c, &q->clk, t);
      q->nv_prog[ci] = w;
    }
    q->nv_prev[ci] = w;
  }
  for (int k = 0; k < nsw && c->fault == MXBI_NI_FAULT_NONE; k++)
    mxbi_ni_cell_switched(&q->p, c, &q->clk, t, mem_g(cs, ci));
  q->fault[ci] = (unsigned char)c->fault;
}

int mxbi_array_ni_refresh(mxb_array_t *a) {
  mxbi_array_ni_t *q = a->ni;
  if (!q || !q->acting) return MXB_OK;
  int moved = q->gen_seen != a->gen;
  if (q->fresh && !moved && (!ni_timed(q) || q->t_seen == a->t)) return MXB_OK;
  const mxbi_cells_t *cs = &a->net.cells;
  double t = a->t, theta = mxbi_ni_clock_at(&q->clk.rtn, t);
  int slow = q->nv_idx >= 0 && (NI_ON(q, DRIFT) || NI_ON(q, RET) || NI_ON(q, WEAR));
  for (size_t ci = 0; ci < cs->n; ci++) {
    if (moved && q->cell[ci].fault == MXBI_NI_FAULT_NONE) ni_events(q, cs, ci, t);
    double f = 1.0;
    if (slow && q->cell[ci].fault == MXBI_NI_FAULT_NONE)
      f = mxbi_ni_cell_factor(&q->p, &q->cell[ci], &q->clk, t,
                              NI_ON(q, WEAR) ? mem_g(cs, ci) : 0.0);
    if (q->ntr) {
      int k, r, c;
      mxbi_cell_coords(cs, ci, &k, &r, &c);
      mxbi_ni_trap_t *tr = q->trap + ci * (size_t)q->ntr;
      int rc = mxbi_ni_rtn_advance(tr, q->ntr, cs->seed,
                                   mxb_rng_stream(MXB_RNG_RTN, (unsigned)k, (unsigned)r,
                                                  (unsigned)c), theta);
      if (rc < 0)
        return mxbi_error(a->net.ctx, rc, "array: cell (layer %d, row %d, col %d): RTN "
                          "traps asked to go back to t = %g s", k, r, c, t);
      q->rtn_capped += rc;
      f *= mxbi_ni_rtn_factor(tr, q->ntr);
    }
    q->f[ci] = f;
  }
  q->fresh = 1;
  q->t_seen = t;
  q->gen_seen = a->gen;
  return MXB_OK;
}

/* ---- checkpoint: what a refresh changes during an advance ---- */

static size_t ni_ck_size(const mxb_array_t *a) {
  const mxbi_array_ni_t *q = a->ni;
  size_t n = a->net.ncell;
  return n * (sizeof *q->cell + sizeof *q->f + sizeof *q->fault + 3 * sizeof(double) +
              (size_t)q->ntr * sizeof *q->trap);
}

#define NI_CK_FIELDS(X)                                                        \
  X(q->cell, n * sizeof *q->cell)                                              \
  X(q->f, n * sizeof *q->f)                                                    \
  X(q->nv_prog, n * sizeof(double))                                            \
  X(q->nv_prev, n * sizeof(double))                                            \
  X(q->cyc_prev, n * sizeof(double))                                           \
  X(q->trap, n * (size_t)q->ntr * sizeof *q->trap)                             \
  X(q->fault, n * sizeof *q->fault)

int mxbi_array_ni_ckpt_save(mxb_array_t *a, const char *fn) {
  mxbi_array_ni_t *q = a->ni;
  if (!q || !q->acting) return MXB_OK;
  size_t n = a->net.ncell;
  if (!q->ck && !(q->ck = malloc(ni_ck_size(a))))
    return mxbi_error(a->net.ctx, MXB_ENOMEM, "%s: out of memory for the checkpoint of the "
                      "non-ideality state", fn);
  unsigned char *p = q->ck;
#define NI_SAVE_(ptr, size) { size_t sz_ = (size); if (sz_ > 0) { memcpy(p, (ptr), sz_); p += sz_; } }
  NI_CK_FIELDS(NI_SAVE_)
#undef NI_SAVE_
  q->ck_fresh = q->fresh;
  q->ck_t_seen = q->t_seen;
  q->ck_gen_seen = q->gen_seen;
  q->ck_capped = q->rtn_capped;
  return MXB_OK;
}

void mxbi_array_ni_ckpt_restore(mxb_array_t *a) {
  mxbi_array_ni_t *q = a->ni;
  if (!q || !q->acting || !q->ck) return;
  size_t n = a->net.ncell;
  const unsigned char *p = q->ck;
#define NI_LOAD_(ptr, size) { size_t sz_ = (size); if (sz_ > 0) { memcpy((ptr), p, sz_); p += sz_; } }
  NI_CK_FIELDS(NI_LOAD_)
#undef NI_LOAD_
  q->fresh = q->ck_fresh;
  q->t_seen = q->ck_t_seen;
  q->gen_seen = q->ck_gen_seen;
  q->rtn_capped = q->ck_capped;
}

/* ---- read noise ---- */

static int ni_reads(const mxb_array_t *a) {
  return a->ni && a->ni->rd_cell && NI_ON(a->ni, READ);
}

/* Draw key of the next reading counted by *ctr at time t (the counters
 * restart at every new instant); sub (0, 1) tells the two ends of a line
 * apart. */
static uint64_t ni_key(mxb_array_t *a, uint64_t *ctr, unsigned sub) {
  mxbi_array_ni_t *q = a->ni;
  if (!(q->rd_t == a->t)) {
    memset(q->rd_cell, 0, a->net.ncell * sizeof *q->rd_cell);
    memset(q->rd_end, 0, 2 * (size_t)a->net.nline * sizeof *q->rd_end);
    q->rd_t = a->t;
  }
  return mxbi_ni_read_key(a->t, 2 * (*ctr)++ + sub);
}

/* Small-signal conductance of cell ci in the present solution (series
 * combination for a stack): the G of its thermal noise. */
static double cell_gss(const mxb_array_t *a, size_t ci) {
  const mxbi_cells_t *cs = &a->net.cells;
  double vd[MXBI_CELL_MAXDEV], g[MXBI_CELL_MAXDEV] = {0.0};
  mxbi_array_cell_split(a, ci, vd);
  for (int d = 0; d < cs->ndev; d++) mxbi_cell_dev_current(cs, d, ci, vd[d], &g[d]);
  if (cs->ndev == 1) return fabs(g[0]);
  double s = fabs(g[0]) + fabs(g[1]);
  return s > 0 ? fabs(g[0]) * fabs(g[1]) / s : 0.0;
}

double mxbi_array_ni_read_cell(mxb_array_t *a, size_t ci, double amps) {
  if (!ni_reads(a)) return amps;
  mxbi_array_ni_t *q = a->ni;
  int k, r, c;
  mxbi_cell_coords(&a->net.cells, ci, &k, &r, &c);
  uint64_t key = ni_key(a, &q->rd_cell[ci], 0);
  return mxbi_ni_read(&q->p, a->net.cells.seed,
                      mxb_rng_stream(MXB_RNG_READ, (unsigned)k, (unsigned)r, (unsigned)c), key,
                      amps, cell_gss(a, ci), q->clk.T);
}

double mxbi_array_ni_read_end(mxb_array_t *a, int plane, int line, int end, double amps) {
  if (!ni_reads(a)) return amps;
  mxbi_array_ni_t *q = a->ni;
  const mxbi_net_t *n = &a->net;
  int gl = n->lbase[plane] + line;
  mxbi_array_vn(a);
  /* the line's cells: layer plane - 1 below it, layer plane above it */
  double g = 0.0;
  for (int k = plane - 1; k <= plane; k++) {
    if (k < 0 || k >= n->L) continue;
    for (int pos = 0; pos < mxbi_npos(n, plane); pos++) {
      int r = mxbi_plane_rows(plane) ? line : pos, c = mxbi_plane_rows(plane) ? pos : line;
      g += cell_gss(a, mxbi_cell(n, k, r, c));
    }
  }
  uint64_t key = ni_key(a, &q->rd_end[2 * (size_t)gl + (size_t)end], (unsigned)end);
  return mxbi_ni_read(&q->p, n->cells.seed, mxbi_ni_line_stream((unsigned)plane,
                                                                (unsigned)line),
                      key, amps, g, q->clk.T);
}

/* ------------------------------------------------------------ public calls */

const char *mxb_fault_name(int kind) { return mxbi_ni_fault_name(kind); }

int mxb_fault_parse(const char *name) { return mxbi_ni_fault_parse(name); }

int mxb_array_fault(mxb_array_t *a, double t, int layer, int row, int col, int kind) {
  static const char fn[] = "mxb_array_fault";
  if (!a) return MXB_EINVAL;
  int rc = mxbi_check_cell(a, layer, row, col, fn);
  if (rc) return rc;
  if (!mxbi_ni_fault_name(kind))
    return mxbi_error(a->net.ctx, MXB_ERANGE, "%s: cell (layer %d, row %d, col %d): fault kind "
                      "%d is not one of 0 none, 1 stuck_on, 2 stuck_off, 3 open, 4 short", fn,
                      layer, row, col, kind);
  if ((rc = mxbi_array_advance(a, t, fn))) return rc;
  mxbi_array_ni_t *q = ni_get(a);
  if (!q) return mxb_ctx_errcode(a->net.ctx);
  if ((rc = mxbi_array_ni_enable(a))) return rc;
  size_t ci = mxbi_cell(&a->net, layer, row, col);
  if ((rc = mxbi_ni_fault_set(a->net.ctx, &q->cell[ci], kind))) return rc;
  q->fault[ci] = (unsigned char)kind;
  a->gen++;
  a->solved = 0;
  a->settled = 0;
  return MXB_OK;
}

int mxb_array_cell_fault(const mxb_array_t *a, int layer, int row, int col, int *kind) {
  static const char fn[] = "mxb_array_cell_fault";
  if (!a) return MXB_EINVAL;
  mxb_api_check(a->net.ctx, kind, MXB_EINVAL, "%s: NULL result", fn);
  int rc = mxbi_check_cell(a, layer, row, col, fn);
  if (rc) return rc;
  const mxbi_array_ni_t *q = a->ni;
  *kind = q && q->acting ? q->fault[mxbi_cell(&a->net, layer, row, col)] : MXB_FAULT_NONE;
  return MXB_OK;
}

int mxb_array_set_temp(mxb_array_t *a, double t, double kelvin) {
  static const char fn[] = "mxb_array_set_temp";
  if (!a) return MXB_EINVAL;
  if (!mxbi_finite(kelvin))
    return mxbi_error(a->net.ctx, MXB_ENAN, "%s: temperature %g K is not a finite number", fn,
                      kelvin);
  const mxb_param_def_t *d = &mxbi_ni_param_defs()[MXBI_NI_P_TEMP];
  if (kelvin <= 0.0)
    return mxbi_error(a->net.ctx, MXB_ERANGE, "%s: temperature %g K must be positive (kelvin, "
                      "not Celsius)", fn, kelvin);
  if (kelvin < d->min || kelvin > d->max)
    return mxbi_error(a->net.ctx, MXB_ERANGE, "%s: temperature %g K is out of range [%g, %g] K",
                      fn, kelvin, d->min, d->max);
  int rc = mxbi_array_advance(a, t, fn);
  if (rc) return rc;
  mxbi_array_ni_t *q = ni_get(a);
  if (!q) return mxb_ctx_errcode(a->net.ctx);
  if ((rc = mxbi_ni_clocks_set_temp(a->net.ctx, &q->p, &q->clk, a->t, kelvin)))
    return mxbi_error_where(a->net.ctx, fn);
  q->p.p[MXBI_NI_P_TEMP] = kelvin;
  q->p.from[MXBI_NI_P_TEMP] = MXBI_NI_FROM_SET;
  q->temp_given = 1;
  q->fresh = 0; /* recompute at the next solve */
  return ni_class_temp(a, kelvin, fn);
}

int mxb_array_set_read_bw(mxb_array_t *a, double t, double hz) {
  static const char fn[] = "mxb_array_set_read_bw";
  if (!a) return MXB_EINVAL;
  if (!mxbi_finite(hz))
    return mxbi_error(a->net.ctx, MXB_ENAN, "%s: bandwidth %g Hz is not a finite number", fn, hz);
  if (hz <= 0.0)
    return mxbi_error(a->net.ctx, MXB_ERANGE, "%s: bandwidth %g Hz must be positive", fn, hz);
  /* the range before time moves: a refused call changes nothing (fuzz_api found
   * the advance done first) */
  const mxb_param_def_t *d = &mxbi_ni_param_defs()[MXBI_NI_P_READ_DF];
  if (hz < d->min || hz > d->max)
    return mxbi_error(a->net.ctx, MXB_ERANGE, "%s: nonideal.read_df = %g Hz is out of range "
                      "[%g, %g] Hz", fn, hz, d->min, d->max);
  int rc = mxbi_array_advance(a, t, fn);
  if (rc) return rc;
  mxbi_array_ni_t *q = ni_get(a);
  if (!q) return mxb_ctx_errcode(a->net.ctx);
  return mxbi_ni_set(a->net.ctx, &q->p, "read_df", hz, fn);
}

int mxb_array_nonideal_get(const mxb_array_t *a, const char *key, double *value) {
  static const char fn[] = "mxb_array_nonideal_get";
  if (!a) return MXB_EINVAL;
  mxb_api_check(a->net.ctx, key && value, MXB_EINVAL, "%s: NULL key or result", fn);
  int i = mxbi_ni_param_find(key);
  if (i < 0) return mxbi_error(a->net.ctx, MXB_EKEY, "%s: nonideal.%s: unknown key", fn, key);
  *value = a->ni ? a->ni->p.p[i] : mxbi_ni_param_defs()[i].def;
  return MXB_OK;
}

int mxb_array_fault_map(mxb_array_t *a, double t, int *kinds, size_t n) {
  static const char fn[] = "mxb_array_fault_map";
  if (!a) return MXB_EINVAL;
  size_t nc = a->net.ncell;
  mxb_api_check(a->net.ctx, kinds, MXB_EINVAL, "%s: NULL result", fn);
  if (n < nc)
    return mxbi_error(a->net.ctx, MXB_EINVAL, "%s: room for %zu values, the %d x %d x %d array "
                      "has %zu cells", fn, n, a->net.L, a->net.R, a->net.C, nc);
  int rc = mxbi_array_at(a, t, fn);
  if (rc) return rc;
  const mxbi_array_ni_t *q = a->ni;
  for (size_t ci = 0; ci < nc; ci++) kinds[ci] = q && q->acting ? q->fault[ci] : 0;
  return MXB_OK;
}

int mxb_array_write_fault_map(mxb_array_t *a, double t, const char *path) {
  static const char fn[] = "mxb_array_write_fault_map";
  if (!a) return MXB_EINVAL;
  mxb_api_check(a->net.ctx, path && path[0], MXB_EINVAL, "%s: empty file name", fn);
  int rc = mxbi_array_at(a, t, fn);
  if (rc) return rc;
  const mxbi_array_ni_t *q = a->ni;
  const mxbi_net_t *n = &a->net;
  size_t count[MXBI_NI_FAULT_COUNT] = {0};
  for (size_t ci = 0; ci < n->ncell; ci++) count[q && q->acting ? q->fault[ci] : 0]++;
  FILE *f = fopen(path, "w");
  if (!f) return mxbi_error(n->ctx, MXB_EIO, "%s: cannot write %s", fn, path);
  fprintf(f, "# mxbar fault map at t = %.17g s: %d layer(s) x %d rows x %d cols, %zu faulty "
          "(stuck_on %zu, stuck_off %zu, open %zu, short %zu)\n", a->t, n->L, n->R, n->C,
          n->ncell - count[0], count[1], count[2], count[3], count[4]);
  fprintf(f, "# kinds: 0 none, 1 stuck_on, 2 stuck_off, 3 open, 4 short; one line per row\n");
  for (int k = 0; k < n->L; k++) {
    fprintf(f, "# layer %d\n", k);
    for (int r = 0; r < n->R; r++)
      for (int c = 0; c < n->C; c++)
        fprintf(f, "%d%c", q && q->acting ? q->fault[mxbi_cell(n, k, r, c)] : 0,
                c + 1 < n->C ? ' ' : '\n');
  }
  if (fclose(f) != 0) return mxbi_error(n->ctx, MXB_EIO, "%s: cannot write %s", fn, path);
  return MXB_OK;
}

/* SPICE export: the factor of cell ci's memory and its fault kind (1 and 0
 * without the layer). */
double mxbi_array_ni_factor(const mxb_array_t *a, size_t ci, int *fault) {
  const mxbi_array_ni_t *q = a->ni;
  *fault = q && q->acting ? q->fault[ci] : 0;
  return q && q->acting ? q->f[ci] : 1.0;
}

/* ---- saved state (mxb_array_save.c): the whole layer as one byte blob ---- */

/* Header of the blob; then the per-cell fields of NI_CK_FIELDS when acting,
 * then the read counters when has_rd. Native byte order and struct layout:
 * the checkpoint file is checked for the machine that wrote it. */
typedef struct ni_blob_s {
  mxbi_ni_t p;
  mxbi_ni_clocks_t clk;
  int temp_given, acting, ntr, has_rd;
  long rtn_capped;
  double t_seen, rd_t;
} ni_blob_t;

static size_t ni_blob_size(const mxb_array_t *a, const ni_blob_t *h) {
  size_t n = a->net.ncell, z = sizeof *h;
  if (h->acting)
    z += n * (sizeof(mxbi_ni_cell_t) + sizeof(double) + sizeof(unsigned char) +
              3 * sizeof(double) + (size_t)h->ntr * sizeof(mxbi_ni_trap_t));
  if (h->has_rd) z += (n + 2 * (size_t)a->net.nline) * sizeof(uint64_t);
  return z;
}

int mxbi_array_ni_pack(const mxb_array_t *a, unsigned char **buf, size_t *len) {
  const mxbi_array_ni_t *q = a->ni;
  *buf = NULL;
  *len = 0;
  if (!q) return MXB_OK;
  ni_blob_t h;
  memset(&h, 0, sizeof h);
  h.p = q->p;
  h.clk = q->clk;
  h.temp_given = q->temp_given;
  h.acting = q->acting;
  h.ntr = q->ntr;
  h.has_rd = q->rd_cell != NULL;
  h.rtn_capped = q->rtn_capped;
  h.t_seen = q->t_seen;
  h.rd_t = q->rd_t;
  size_t n = a->net.ncell, z = ni_blob_size(a, &h);
  unsigned char *p = malloc(z);
  if (!p) return mxbi_error(a->net.ctx, MXB_ENOMEM, "out of memory for the non-ideality state");
  *buf = p;
  *len = z;
  memcpy(p, &h, sizeof h);
  p += sizeof h;
#define NI_SAVE_(ptr, size) { size_t sz_ = (size); if (sz_ > 0) { memcpy(p, (ptr), sz_); p += sz_; } }
  if (h.acting) { NI_CK_FIELDS(NI_SAVE_) }
  if (h.has_rd) {
    NI_SAVE_(q->rd_cell, n * sizeof(uint64_t))
    NI_SAVE_(q->rd_end, 2 * (size_t)a->net.nline * sizeof(uint64_t))
  }
#undef NI_SAVE_
  return MXB_OK;
}

/* Parameters a call may change (mxb_array_set_temp, _set_read_bw): not part
 * of what makes two layers the same. */
static int ni_param_variable(int i) { return i == MXBI_NI_P_TEMP || i == MXBI_NI_P_READ_DF; }

int mxbi_array_ni_unpack(mxb_array_t *a, const unsigned char *buf, size_t len,
                         const char *where) {
  mxbi_ni_t here;
  if (a->ni) here = a->ni->p;
  else mxbi_ni_defaults(&here);
  if (!buf) { /* the saved array had no layer */
    if (!a->ni) return MXB_OK;
    mxbi_ni_t def;
    mxbi_ni_defaults(&def);
    for (int i = 0; i < MXBI_NI_NPARAM; i++)
      if (!ni_param_variable(i) && memcmp(&def.p[i], &here.p[i], sizeof(double)) != 0)
        return mxbi_error(a->net.ctx, MXB_EINVAL, "%s: this array has non-idealities "
                          "(nonideal.%s = %g), the saved one had none (another card)", where,
                          mxbi_ni_param_defs()[i].name, here.p[i]);
    mxbi_array_ni_free(a); /* a layer a call created: none, as saved */
    return MXB_OK;
  }
  ni_blob_t h;
  if (len < sizeof h)
    return mxbi_error(a->net.ctx, MXB_EPARSE, "%s: non-ideality state of %zu bytes is too short",
                      where, len);
  memcpy(&h, buf, sizeof h);
  const mxb_param_def_t *defs = mxbi_ni_param_defs();
  for (int i = 0; i < MXBI_NI_NPARAM; i++)
    if (!ni_param_variable(i) && memcmp(&h.p.p[i], &here.p[i], sizeof(double)) != 0)
      return mxbi_error(a->net.ctx, MXB_EINVAL, "%s: nonideal.%s is %.17g in the saved array, "
                        "%.17g in this one (another card or overrides)", where, defs[i].name,
                        h.p.p[i], here.p[i]);
  if (len != ni_blob_size(a, &h) || h.ntr != mxbi_ni_rtn_traps(&h.p))
    return mxbi_error(a->net.ctx, MXB_EPARSE, "%s: non-ideality state of %zu bytes where %zu "
                      "are expected", where, len, ni_blob_size(a, &h));
  /* the layer as the saved array had it: a fresh one from its parameters
   * (whatever this array's was: created by a call, acting or not), acting
   * and counting reads as it did, then every field copied */
  int rc;
  mxbi_array_ni_free(a);
  if ((rc = mxbi_array_ni_setup(a, &h.p))) return rc;
  mxbi_array_ni_t *q = a->ni;
  if (h.acting && (rc = mxbi_array_ni_enable(a))) return rc;
  if (h.has_rd && (rc = ni_read_alloc(a))) return rc;
  if (q->acting != h.acting || (q->rd_cell != NULL) != h.has_rd)
    return mxbi_error(a->net.ctx, MXB_EPARSE, "%s: the saved non-ideality layer is %s and %s, "
                      "its parameters say otherwise", where, h.acting ? "acting" : "not acting",
                      h.has_rd ? "counts reads" : "does not count reads");
  q->clk = h.clk;
  q->temp_given = h.temp_given;
  q->rtn_capped = h.rtn_capped;
  q->t_seen = h.t_seen;
  q->rd_t = h.rd_t;
  q->fresh = 0; /* recompute f at the next solve (both arrays: mxbi_array_ni_forget) */
  size_t n = a->net.ncell;
  const unsigned char *p = buf + sizeof h;
#define NI_LOAD_(ptr, size) { size_t sz_ = (size); if (sz_ > 0) { memcpy((ptr), p, sz_); p += sz_; } }
  if (h.acting) { NI_CK_FIELDS(NI_LOAD_) }
  if (h.has_rd) {
    NI_LOAD_(q->rd_cell, n * sizeof(uint64_t))
    NI_LOAD_(q->rd_end, 2 * (size_t)a->net.nline * sizeof(uint64_t))
  }
#undef NI_LOAD_
  if (q->acting) {
    const double *pp = q->p.p;
    q->view.g_fault[MXBI_NI_FAULT_STUCK_ON] = pp[MXBI_NI_P_G_ON];
    q->view.g_fault[MXBI_NI_FAULT_STUCK_OFF] = pp[MXBI_NI_P_G_OFF];
    q->view.g_fault[MXBI_NI_FAULT_OPEN] = pp[MXBI_NI_P_G_LEAK];
    q->view.g_fault[MXBI_NI_FAULT_SHORT] = pp[MXBI_NI_P_G_SHORT];
  }
  return MXB_OK;
}

void mxbi_array_ni_forget(mxb_array_t *a) {
  if (a->ni) a->ni->fresh = 0;
}
