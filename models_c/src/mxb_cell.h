/* mxbar: the cells of an array, where a cell is evaluated and advanced.
 *
 * A cell is a stack of one or more devices in series between its top node
 * (on plane k) and its bottom node (on plane k + 1): a memory alone (2D and
 * 3D arrays), or a selector over a memory (1S1R). Device 0 is the top of the
 * stack, device ndev - 1 (the memory) the bottom. Between device d and d + 1
 * lies internal node d; its voltage is part of the cell's state of solution
 * (vmid, absolute, like the line nodes).
 *
 * To the network a cell is a two-terminal element: mxbi_cell_eval gives its
 * current and dI/dV at a cell voltage, eliminating the internal node by the
 * cell's own local solve (mxbi_cell_local_solve). The KLU reference solver
 * may instead expand a stack into its devices, with the internal nodes as
 * unknowns of the global system (the formulation of the SPICE export).
 *
 * Every device keeps one state vector per cell, draws its random numbers
 * from the streams of the cell's coordinates (mxbi_cell_rng), and, when any
 * device of the stack has a capacitance, carries the voltage across its
 * capacitor (uc) from one step of a transient to the next. */
#ifndef MXB_CELL_H
#define MXB_CELL_H

#include "mxb_internal.h"

/* Devices in one stack, at most (a local solve of one internal node). */
#define MXBI_CELL_MAXDEV 2
/* Relative tolerance of a stack's steps past its devices' step limits
 * (mxbi_cell_integrate): the predictor's and the corrector's cell currents
 * differ by at most this (a first-order estimate of the second-order
 * corrector's error). */
#define MXBI_CELL_RTOL 1e-2

typedef struct mxbi_stackdev_s {
  mxb_device_t *model;           /* the device model (owned copy) */
  const mxb_device_class_t *cls;
  const double *par;             /* its parameter vector */
  size_t nst;                    /* state values per cell */
  double *st;                    /* states, cell ci at st + ci * nst */
  double *uc;                    /* capacitor voltage per cell (NULL: no capacitance in the stack) */
  unsigned rng_layer;            /* added to the cell's layer in its stream keys */
} mxbi_stackdev_t;

/* Fault kinds the cell layer knows by number (mxb_nonideal.h: 0 healthy). */
#define MXBI_CELL_NFAULT 8

/* What the non-ideality layer (mxb_array_ni.c) imposes on the cells, held
 * fixed between the array's solve instants (it is recomputed there, never
 * per Newton iterate): the memory's current and dI/dV times f[ci]; a faulty
 * cell (fault[ci] != 0) has its memory replaced by the conductance
 * g_fault[kind] (every device of the stack when whole[kind]) and keeps its
 * state (step limit INFINITY). NULL in mxbi_cells_t: the layer is off. */
typedef struct mxbi_cell_ni_s {
  const double *f;
  const unsigned char *fault;
  double g_fault[MXBI_CELL_NFAULT];
  unsigned char whole[MXBI_CELL_NFAULT];
} mxbi_cell_ni_t;

/* Where the last two-terminal evaluation of a stacked cell was (cell
 * voltage v, bottom node vb) and the share of a change of v its internal
 * node takes there (g_top / (g_top + g_bot)): the local solve's next
 * starting point (a hint only: any value converges to the same node). */
typedef struct mxbi_cell_hint_s {
  double v, vb, kd;
} mxbi_cell_hint_t;

/* The last full evaluation of a stacked cell (mxbi_cell_eval_stack): cell
 * voltage, current, dI/dV, internal node (relative to the bottom) and the
 * node's share of a change of v; valid while tag equals the cells'
 * cache_epoch (0: never). */
typedef struct mxbi_cell_cache_s {
  double v, i, g, m, kd;
  unsigned long tag;
} mxbi_cell_cache_t;

/* A stacked cell whose voltage is within this of its last full evaluation
 * (and whose states have not changed since) is evaluated on the tangent
 * there instead of a new local solve: the tangent's error is below
 * |I''| (1e-9 V)^2 / 2, i.e. 1e-9 V / (2 v_s) of the current change g 1e-9 V
 * (v_s = g / |I''|, >= 10 mV for the classes here: 5e-8 of it), far below
 * what the solvers' 1e-10 V convergence leaves in every current. */
#define MXBI_CELL_CACHE_DV 1e-9

/* The local solve's tolerance on the internal node, relative to the cell
 * voltage (plus a tenth of it absolute): the network solvers' 1e-10 V
 * convergence needs every cell current to ~1e-13 of itself. */
#define MXBI_CELL_LS_RTOL 1e-13

typedef struct mxbi_cells_s {
  size_t n;                      /* cells: layer-major, then row, then column */
  int R, C;                      /* rows and columns of a layer (coordinates) */
  uint64_t seed;                 /* the array's seed (array.h "Seeds") */
  int ndev;                      /* devices in series, 1 .. MXBI_CELL_MAXDEV */
  mxbi_stackdev_t dev[MXBI_CELL_MAXDEV];
  double *vmid;                  /* internal node voltage per cell (ndev > 1) */
  mxbi_cell_hint_t *hint;        /* per cell (ndev > 1): mxbi_cell_eval_stack's start */
  int has_cap;                   /* some device class has a capacitance */
  const mxbi_cell_ni_t *ni;      /* non-ideality layer (NULL: off) */
  int ref_advance;               /* 1: the previous advance, for tests and bench:
                                  * mxbi_cell_integrate's sub-steps only, and
                                  * advance_net's previous step control */
  double adv_rtol;               /* mxbi_cell_integrate's step tolerance (0: MXBI_CELL_RTOL) */
  mxbi_cell_cache_t *cache;      /* per cell (ndev > 1): its last full evaluation */
  double *hstep;                 /* per cell (ndev > 1): the controlled step its last
                                  * integration ended with (0: none), the next one's start */
  unsigned long cache_epoch;     /* valid cache entries carry it (>= 1) */
  int cache_on;                  /* the cache serves evaluations (advance_net only) */
  int cold_on;                   /* a sweep over the cells (a Newton assembly) is on:
                                  * a cell never evaluated starts from the last full
                                  * evaluation of this sweep (cold, v NaN: none) moved
                                  * along the tangent there (neighbours in a sweep are
                                  * at nearly the same point; a cold start from the
                                  * middle of the cell voltage takes ~10 iterations) */
  mxbi_cell_hint_t cold;
  double cold_m;                 /* its internal node relative to the bottom */
  double loc_tol;                /* V: a looser tolerance for the local solves (0: none;
                                  * set by a Newton solve while its iterate is far from
                                  * the solution, nothing cached meanwhile) */
} mxbi_cells_t;

/* Set up n = L * R * C cells of the stack models[0..ndev-1] (top first):
 * copies of the models, states initialised with their device-to-device
 * draws from the streams of seed. On error the message names the class and
 * the cell; free with mxbi_cells_free either way. */
MXBI_FUNC int mxbi_cells_init(mxbi_cells_t *cs, mxb_ctx_t *ctx, uint64_t seed, int L, int R,
                              int C, const mxb_device_t *const *models, int ndev);
MXBI_FUNC void mxbi_cells_free(mxbi_cells_t *cs);

/* Layer, row and column of cell ci. */
static inline void mxbi_cell_coords(const mxbi_cells_t *cs, size_t ci, int *k, int *r,
                                    int *c) {
  *c = (int)(ci % (size_t)cs->C);
  *r = (int)((ci / (size_t)cs->C) % (size_t)cs->R);
  *k = (int)(ci / ((size_t)cs->C * (size_t)cs->R));
}

/* The memory: the bottom device of the stack (its state is the cell's). */
static inline const mxbi_stackdev_t *mxbi_cell_mem(const mxbi_cells_t *cs) {
  return &cs->dev[cs->ndev - 1];
}

static inline double *mxbi_cell_state(const mxbi_cells_t *cs, int d, size_t ci) {
  return cs->dev[d].st + ci * cs->dev[d].nst;
}

/* Random streams of device d of cell ci. */
MXBI_FUNC mxb_dev_rng_t mxbi_cell_rng(const mxbi_cells_t *cs, int d, size_t ci);

/* Device d of cell ci under the non-ideality layer (cs->ni): the fault's
 * conductance, or the class's current with the memory's factor. */
static inline double mxbi_cell_ni_current(const mxbi_cells_t *cs, int d, size_t ci,
                                          double v, double *g) {
  const mxbi_cell_ni_t *q = cs->ni;
  const mxbi_stackdev_t *x = &cs->dev[d];
  unsigned k = q->fault[ci];
  int mem = d == cs->ndev - 1;
  if (k && (mem || q->whole[k])) {
    *g = q->g_fault[k];
    return *g * v;
  }
  double i = x->cls->current(x->par, x->st + ci * x->nst, v, g);
  if (mem) {
    double f = q->f[ci];
    *g *= f;
    i *= f;
  }
  return i;
}
#if defined(__GNUC__)
#define MXBI_CELL_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define MXBI_CELL_UNLIKELY(x) (x)
#endif
/* Current of device d of cell ci at voltage v across it, dI/dV to *g: every
 * evaluation of a device in a cell goes through here (the place where a
 * layer acting on cells of any class applies). */
static inline double mxbi_cell_dev_current(const mxbi_cells_t *cs, int d, size_t ci,
                                           double v, double *g) {
  const mxbi_stackdev_t *x = &cs->dev[d];
  if (MXBI_CELL_UNLIKELY(cs->ni != NULL)) return mxbi_cell_ni_current(cs, d, ci, v, g);
  return x->cls->current(x->par, x->st + ci * x->nst, v, g);
}

/* Whether device d of cell ci is frozen by a fault (the memory of a faulty
 * cell; every device when the fault replaces the whole stack). */
static inline int mxbi_cell_frozen(const mxbi_cells_t *cs, size_t ci, int d) {
  unsigned k = cs->ni ? cs->ni->fault[ci] : 0;
  return k && (d == cs->ndev - 1 || cs->ni->whole[k]);
}

/* Capacitance (F) of device d of cell ci (0 where its class has none). */
static inline double mxbi_cell_dev_cap(const mxbi_cells_t *cs, int d, size_t ci) {
  const mxbi_stackdev_t *x = &cs->dev[d];
  return x->cls->capacitance ? x->cls->capacitance(x->par, x->st + ci * x->nst) : 0.0;
}

/* Voltage across each device of cell ci for terminal voltages vt (top) and
 * vb (bottom), with the internal node where the last solve put it. */
static inline void mxbi_cell_split(const mxbi_cells_t *cs, size_t ci, double vt, double vb,
                                   double vd[MXBI_CELL_MAXDEV]) {
  if (cs->ndev == 1) {
    vd[0] = vt - vb;
  } else {
    vd[0] = vt - cs->vmid[ci];
    vd[1] = cs->vmid[ci] - vb;
  }
}

/* Current through each device of cell ci at its voltage vd. */
static inline void mxbi_cell_currents(const mxbi_cells_t *cs, size_t ci,
                                      const double vd[MXBI_CELL_MAXDEV],
                                      double id[MXBI_CELL_MAXDEV]) {
  for (int d = 0; d < cs->ndev; d++) {
    double g;
    id[d] = mxbi_cell_dev_current(cs, d, ci, vd[d], &g);
  }
}

/* Whether every cell can declare a window of constant conductance: one
 * device whose class has ohmic() (device.h). Then mxbi_cell_ohmic gives
 * cell ci's conductance and window. */
static inline int mxbi_cells_ohmic(const mxbi_cells_t *cs) {
  return cs->ndev == 1 && cs->dev[0].cls->ohmic != NULL;
}
static inline double mxbi_cell_ohmic(const mxbi_cells_t *cs, size_t ci, double *v_lo,
                                     double *v_hi) {
  const mxbi_stackdev_t *x = &cs->dev[0];
  return x->cls->ohmic(x->par, x->st + ci * x->nst, v_lo, v_hi);
}

/* Whether no device of the stack has a state (nothing ever moves). */
static inline int mxbi_cells_stateless(const mxbi_cells_t *cs) {
  for (int d = 0; d < cs->ndev; d++)
    if (cs->dev[d].nst) return 0;
  return 1;
}

/* Solve the internal node of a two-device cell under cell voltage v from the
 * guess *vm (relative to the bottom node; replaced by the solution); *amps
 * gets the current through the stack. Safeguarded Newton on the node's
 * current balance, bracketed by [min(v, 0), max(v, 0)]. */
MXBI_FUNC void mxbi_cell_local_solve(const mxbi_cells_t *cs, size_t ci, double v,
                                     double *vm, double *amps);

/* The cell as a two-terminal element: current at cell voltage v, dI/dV to
 * *g. One device: the device itself. Two: the local solve, warm-started
 * from the stored internal node and updating it (vb: the bottom node), with
 * dI/dV = g_top g_bot / (g_top + g_bot); within MXBI_CELL_CACHE_DV of the
 * last full evaluation (cache_on, entry valid, no non-ideality layer) its
 * tangent. */
MXBI_FUNC double mxbi_cell_eval_stack(mxbi_cells_t *cs, size_t ci, double v, double vb,
                                      double *g);
static inline double mxbi_cell_eval(mxbi_cells_t *cs, size_t ci, double v, double vb,
                                    double *g) {
  if (cs->ndev == 1) return mxbi_cell_dev_current(cs, 0, ci, v, g);
  return mxbi_cell_eval_stack(cs, ci, v, vb, g);
}

/* Forget every stacked cell's last evaluation (states or layer changed),
 * or cell ci's (its states changed). */
static inline void mxbi_cells_cache_clear(mxbi_cells_t *cs) {
  cs->cache_epoch++;
}
static inline void mxbi_cell_cache_drop(mxbi_cells_t *cs, size_t ci) {
  if (cs->cache) cs->cache[ci].tag = 0;
}

/* I(v) / v of cell ci alone in its present state (a conductance read). */
MXBI_FUNC double mxbi_cell_chord(const mxbi_cells_t *cs, size_t ci, double v);

/* Step limit of each device at its voltage vd (hl[d]) and the smallest of
 * them (INFINITY when nothing can move; INFINITY for a device a fault
 * freezes, mxbi_cell_frozen, which keeps its state). */
MXBI_FUNC double mxbi_cell_step_limit(const mxbi_cells_t *cs, size_t ci,
                                      const double vd[MXBI_CELL_MAXDEV],
                                      double hl[MXBI_CELL_MAXDEV]);

/* Capacitance (F) of each device of cell ci (0 where its class has none). */
MXBI_FUNC void mxbi_cell_caps(const mxbi_cells_t *cs, size_t ci, double c[MXBI_CELL_MAXDEV]);

/* Advance by h, under the device voltages vd, every device of cell ci whose
 * step limit hl[d] (from mxbi_cell_step_limit at vd) is finite; the caller
 * keeps h within them. Returns MXB_OK, or the class's code with *failed set
 * to the device that failed. */
MXBI_FUNC int mxbi_cell_advance(const mxbi_cells_t *cs, size_t ci,
                                const double vd[MXBI_CELL_MAXDEV],
                                const double hl[MXBI_CELL_MAXDEV], double h, int *failed);

/* Integrate cell ci alone under the fixed cell voltage v for dt, starting
 * from current i0; the internal node (relative to the bottom, *vm) follows
 * the states. *energy gets the energy dissipated. With r_th > 0 (a stack,
 * not the reference) the cell sits behind a source resistance: after each
 * step its voltage becomes v_th - r_th i (v_th = v + r_th i0), the network's
 * linear response to the cell's own current; *v_end gets the voltage at
 * dt (v when r_th = 0). The reference
 * (ref_advance) takes sub-steps of the smallest step limit, every device
 * under its voltage at the sub-step's start, the node re-solved after each,
 * trapezoidal energy. Otherwise, where the classes solve their states
 * exactly (device.h):
 *  - in one step when every device's exact_window holds every voltage it can
 *    take ([min(0, v), max(0, v)] in a stack; v for a lone device, or its
 *    class's exact_const at v), with the energy by adaptive Simpson on the
 *    exact state trajectory (relative 1e-7);
 *  - a stack whose devices' classes have exact_const at their voltages
 *    steps past their step limits under error control: a predictor under
 *    the device voltages at the step's start, a corrector under those
 *    halfway to the predictor's end, the step accepted when the two cell
 *    currents differ by at most adv_rtol (MXBI_CELL_RTOL) of the current
 *    (a predictor that brings the cell to rest is taken when within a
 *    tenth of that), else retried shorter; the step grows at most 4x and
 *    carries over to the cell's next integration (hstep). Behind a source
 *    resistance a step also moves the cell voltage by at most 1e-4 V +
 *    1e-5 |v|. Every other device bounds the step by its limit, as in the
 *    reference.
 * On failure returns MXB_ECONV with *what saying why. */
MXBI_FUNC int mxbi_cell_integrate(const mxbi_cells_t *cs, size_t ci, double v, double r_th,
                                  double *vm, double i0, double dt, long max_steps,
                                  double *energy, double *v_end, const char **what);

/* Whether mxbi_cell_integrate takes cell ci over any interval in one exact
 * step at the fixed voltage v (the first case above; not under
 * ref_advance): its states then follow a trajectory its voltage does not
 * change while v stays in the window. */
MXBI_FUNC int mxbi_cell_exact_over(const mxbi_cells_t *cs, size_t ci, double v);

#endif
