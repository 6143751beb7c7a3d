/* mxbar: internals of the array engine shared by mxb_array.c (API, time
 * advance, reads), mxb_solve.c (network solver) and mxb_spice.c (export). */
#ifndef MXB_ARRAY_IMPL_H
#define MXB_ARRAY_IMPL_H

#include "mxb_internal.h"

/* Conductance (S) from every solved node to ground: keeps floating islands
 * (a floating line whose cells all lead to floating lines) non-singular. The
 * SPICE export writes the same conductances, so the cross-check is exact. */
#define MXBI_GMIN 1e-15
/* Rounding level of a KCL residual, per unit of the magnitude of its terms
 * (2 ulps): both solvers stop refining once the residual is below it. */
#define MXBI_RES_FLOOR 4.4e-16

typedef struct mxbi_term_s {
  mxb_term_kind_t kind;
  double value, r;
} mxbi_term_t;

typedef struct mxbi_solver_s mxbi_solver_t;
typedef struct mxbi_iter_s mxbi_iter_t;

/* Which network solver mxbi_solve_network uses (see mxb_solve_iter.c). */
enum {
  MXBI_SOLVER_AUTO = 0, /* iterative where covered, KLU otherwise or on fallback */
  MXBI_SOLVER_KLU = 1,  /* always KLU (tests compare the two paths) */
  MXBI_SOLVER_ITER = 2  /* iterative only: a fallback is an error (tests) */
};
/* Paths that produced the present solution (stat_path). */
enum { MXBI_PATH_NONE = 0, MXBI_PATH_FAST, MXBI_PATH_LEAN, MXBI_PATH_ITER, MXBI_PATH_KLU };

struct mxb_array_s {
  mxb_ctx_t *ctx;
  mxb_topology_t topo;
  int L, R, C, P;        /* layers, rows, cols, planes (L + 1) */
  size_t ncell, nnode;   /* L*R*C cells; P*R*C line nodes */
  double rw[2];          /* ohm per segment: [0] even planes (rows), [1] odd */
  mxb_device_t *mem, *sel;
  const mxb_device_class_t *cm, *cs;
  const double *pm, *ps;
  size_t nsm, nss;       /* state sizes (memory, selector) */
  double *sm, *ss;       /* per-cell states */
  int *lbase;            /* first line index of each plane (P + 1 entries) */
  int nline;             /* lines over all planes */
  mxbi_term_t *term;     /* [line * 2 + end] */
  double t;              /* t_last */
  double e_src, e_cell;  /* accumulated energy */

  /* The solution at t for the present settings and states. */
  int solved;            /* 0: settings or states changed since the solve */
  int fast;              /* the present settings take the fast path */
  double *vn;            /* node voltages [(plane * R + r) * C + c] */
  double *vm;            /* 1S1R internal node per cell (NULL otherwise) */
  double *ic;            /* cell current top to bottom */
  double *iend;          /* current from each end's source into its line */
  double *lout;          /* scratch: current leaving each line through cells */
  double p_src, p_cell;  /* power drawn from sources / dissipated in cells */
  double h_min;          /* smallest step limit over cells (INFINITY: hold) */

  /* Capacitors (NULL when neither class has one): voltage across each cell's
   * memory (2D/3D: the cell) and selector capacitance, continuous in time. */
  double *uc_m, *uc_s;
  int caps;              /* some cell has a capacitance */
  int dyn;               /* capacitor voltages have dynamics (set at solve) */
  int settled;           /* capacitor transient over under present settings */
  double h_rc;           /* last accepted RC step (s) */
  /* History of the capacitor transient (advance_rc), valid while the
   * line-end settings (rc_term), t and gen are those of its last step: per
   * cell the slopes of the capacitor voltages over the last two steps, the
   * step limits at the last accepted solution and at the trial one, and the
   * BDF2 solve's scratch. */
  double *rc_hist;       /* 8 * ncell */
  mxbi_term_t *rc_term;  /* 2 * nline */
  unsigned long rc_gen;
  int rc_n;              /* accepted steps in the history (0: none) */
  double rc_t, rc_hprev, rc_hprev2, rc_hnext;
  double rc_psrc, rc_pcell; /* energy of the last step (J) */

  mxbi_solver_t *sv;     /* general solver (NULL until needed) */
  mxbi_iter_t *it;       /* iterative solver (NULL until needed) */

  /* Lean ideal-wire path (2D, every line held, a class declaring ohmic(),
   * no capacitance, every cell voltage inside [lean_lo, lean_hi]): a solve is
   * one pass over the cached per-cell conductances; node voltages and cell
   * currents are filled only when asked for. */
  unsigned long gen;     /* bumped whenever cell states may have changed */
  unsigned long gen_caps, gen_glin; /* gen at which caps / glin were found */
  int lin_ok;            /* glin valid (every cell declared a finite g) */
  double lean_lo, lean_hi; /* window in which every cell is a constant g */
  int lean_off;          /* tests: never take the lean path */

  /* Checkpoint taken by an advance that moves states (restored on failure). */
  double *ck;
  double ck_t, ck_es, ck_ec, ck_hrc;
  int ck_settled;
  double *glin;          /* per cell I/V (lean path) */
  double *vline;         /* per line: its voltage (lean path) */
  int vn_stale, ic_stale;/* vn / ic not filled by the last (lean) solve */
  int solver_mode;       /* MXBI_SOLVER_* */
  /* Statistics of the last solve (tests, benchmarks). */
  int stat_path;         /* MXBI_PATH_* */
  long stat_solves;      /* operating-point solves so far (solve_now) */
  long stat_newton, stat_cg; /* iterative: Newton and CG iterations */
  double stat_resid;     /* iterative: relative KCL residual at the solution */
};

/* Node index of plane p at cell position (r, c). */
static inline size_t mxbi_node(const mxb_array_t *a, int p, int r, int c) {
  return ((size_t)p * (size_t)a->R + (size_t)r) * (size_t)a->C + (size_t)c;
}
static inline size_t mxbi_cell(const mxb_array_t *a, int k, int r, int c) {
  return ((size_t)k * (size_t)a->R + (size_t)r) * (size_t)a->C + (size_t)c;
}
static inline int mxbi_plane_rows(int p) { return (p & 1) == 0; }
/* Lines in plane p and nodes (cell positions) along each. */
static inline int mxbi_nlines(const mxb_array_t *a, int p) {
  return mxbi_plane_rows(p) ? a->R : a->C;
}
static inline int mxbi_npos(const mxb_array_t *a, int p) {
  return mxbi_plane_rows(p) ? a->C : a->R;
}
/* Node of plane p, line l, position pos. */
static inline size_t mxbi_line_node(const mxb_array_t *a, int p, int l, int pos) {
  return mxbi_plane_rows(p) ? mxbi_node(a, p, l, pos) : mxbi_node(a, p, pos, l);
}
static inline double mxbi_rwire(const mxb_array_t *a, int p) {
  return a->rw[p & 1];
}
/* An ideal end fixes its line's voltage when the wire has no resistance. */
static inline int mxbi_term_ideal(const mxbi_term_t *t) {
  return (t->kind == MXB_TERM_VOLTAGE || t->kind == MXB_TERM_SENSE) && t->r == 0.0;
}
static inline double mxbi_term_volts(const mxbi_term_t *t) {
  return t->kind == MXB_TERM_VOLTAGE ? t->value : 0.0;
}

/* Make vn (and ic) current after a lean solve. */
MXBI_FUNC void mxbi_array_vn(mxb_array_t *a);

/* Advance to t and solve (what every read does first); fn names the caller. */
MXBI_FUNC int mxbi_array_at(mxb_array_t *a, double t, const char *fn);

/* Device random streams of one cell's memory (sel = 0) or selector (sel = 1). */
MXBI_FUNC mxb_dev_rng_t mxbi_array_rng(const mxb_array_t *a, int sel, size_t ci);

/* Solve the 1S1R internal node of a series pair under cell voltage v, from
 * the guess *vm; returns the current through the pair. */
MXBI_FUNC int mxbi_pair_solve(const mxb_array_t *a, size_t ci, double v,
                              double *vm, double *amps);

/* General network solve with the present settings and states: h = 0 is the
 * operating point (capacitors open); h > 0 a backward-Euler step of length h
 * from the capacitor voltages uc_m/uc_s. Fills vn (and vm). */
MXBI_FUNC int mxbi_solve_network(mxb_array_t *a, double h);
MXBI_FUNC void mxbi_solver_free(mxbi_solver_t *sv);
/* The iterative solver (mxb_solve_iter.c): MXB_OK with vn filled, an error
 * code (out of memory), or MXBI_ITER_FALLBACK when the structure is not
 * covered or it did not converge (nothing in the array changed). */
#define MXBI_ITER_FALLBACK 1
MXBI_FUNC int mxbi_solve_iter(mxb_array_t *a, double h);
MXBI_FUNC void mxbi_iter_free(mxbi_iter_t *it);
/* Forget the factorisation's structure (the set of fixed lines changed). */
MXBI_FUNC void mxbi_solver_invalidate(mxb_array_t *a);

#endif
