/* mxbar: the network an array presents to its solvers.
 *
 * An array of L layers has P = L + 1 electrode planes; plane p holds
 * mxbi_nlines lines of mxbi_npos nodes each (even planes run along rows,
 * odd planes along columns), a line node for every cell position. Each line
 * has wire segments of resistance rw[p & 1] between neighbouring nodes and
 * between each end node and its end terminal (a line of zero resistance is
 * one node), and at each end a load: floating, a voltage source through a
 * source resistance, a sense load (virtual ground or a resistor), or a
 * current source. A line of zero resistance with an ideal end (voltage or
 * sense, r = 0) is held at that voltage. The cells (mxb_cell.h) are
 * two-terminal elements: cell (k, r, c) joins node (k, r, c) of plane k to
 * node (k + 1, r, c) of plane k + 1.
 *
 * The array builds the network once and changes only what changes (a line
 * end, a state); the solvers (mxb_solve_klu.c, mxb_solve_iter.c) see this
 * header and mxb_cell.h, nothing of the array. A solve fills vn (and the
 * cells' internal nodes) from the present ends and states, starting from the
 * last solution. */
#ifndef MXB_NET_H
#define MXB_NET_H

#include "mxb_cell.h"

/* Conductance (S) from every solved node to ground: keeps floating islands
 * (a floating line whose cells all lead to floating lines) non-singular. The
 * SPICE export writes the same conductances, so the cross-check is exact. */
#define MXBI_GMIN 1e-15
/* Rounding level of a KCL residual, per unit of the magnitude of its terms
 * (2 ulps): both solvers stop refining once the residual is below it. */
#define MXBI_RES_FLOOR 4.4e-16

/* One line end: what is connected (kind), its value (V or A) and series r. */
typedef struct mxbi_term_s {
  mxb_term_kind_t kind;
  double value, r;
} mxbi_term_t;

typedef struct mxbi_klu_s mxbi_klu_t;
typedef struct mxbi_iter_s mxbi_iter_t;

/* Which solver mxbi_net_solve uses. */
enum {
  MXBI_SOLVER_AUTO = 0, /* iterative where covered, KLU otherwise or on fallback */
  MXBI_SOLVER_KLU = 1,  /* always KLU (tests compare the two paths) */
  MXBI_SOLVER_ITER = 2  /* iterative only: a fallback is an error (tests) */
};
/* Paths that produced the present solution (stat_path). */
enum { MXBI_PATH_NONE = 0, MXBI_PATH_FAST, MXBI_PATH_LEAN, MXBI_PATH_ITER, MXBI_PATH_KLU };

typedef struct mxbi_net_s {
  mxb_ctx_t *ctx;        /* where errors are reported */
  int L, R, C, P;        /* layers, rows, cols, planes (L + 1) */
  size_t ncell, nnode;   /* L*R*C cells; P*R*C line nodes */
  double rw[2];          /* ohm per segment: [0] even planes (rows), [1] odd */
  int *lbase;            /* first line index of each plane (P + 1 entries) */
  int nline;             /* lines over all planes */
  mxbi_term_t *term;     /* [line * 2 + end] */
  mxbi_cells_t cells;
  double *vn;            /* node voltages [(plane * R + r) * C + c] */
  double *vdrv;          /* per line: the voltage its ends drove it to at the
                            last solve (NaN: not driven), see mxbi_net_solve */

  int solver_mode;       /* MXBI_SOLVER_* */
  mxbi_klu_t *klu;       /* KLU workspace (NULL until needed) */
  mxbi_iter_t *iter;     /* iterative workspace (NULL until needed) */
  /* Statistics of the last solve (tests, benchmarks). */
  int stat_path;         /* MXBI_PATH_* */
  long stat_newton, stat_cg; /* iterative: Newton and CG iterations */
  double stat_resid;     /* iterative: relative KCL residual at the solution */
  int stat_at_floor;     /* iterative: ||KCL residual|| at its rounding level
                            (wire terms of amps round to ~1e-16 A: with nA
                            cells the relative residual cannot go lower) */
  /* Totals since creation or mxb_array_solver_stats_reset (array.h, issue
   * 19): network solves by path, their Newton / CG iterations, KLU
   * factorisations, wall-clock seconds in mxbi_net_solve. */
  struct {
    long solves, iter, klu, fallback, newton, cg, factor, refactor;
    double seconds;
  } tot;
} mxbi_net_t;

/* Lines, ends and node voltages of an L x R x C network (cells are set up
 * separately, mxbi_cells_init). Free with mxbi_net_free either way. */
MXBI_FUNC int mxbi_net_init(mxbi_net_t *n, mxb_ctx_t *ctx, int L, int R, int C,
                            double r_wire_row, double r_wire_col);
MXBI_FUNC void mxbi_net_free(mxbi_net_t *n);

/* Node index of plane p at cell position (r, c). */
static inline size_t mxbi_node(const mxbi_net_t *n, int p, int r, int c) {
  return ((size_t)p * (size_t)n->R + (size_t)r) * (size_t)n->C + (size_t)c;
}
static inline size_t mxbi_cell(const mxbi_net_t *n, int k, int r, int c) {
  return ((size_t)k * (size_t)n->R + (size_t)r) * (size_t)n->C + (size_t)c;
}
/* Top and bottom node of cell ci (plane k has the same (r, c) layout as
 * layer k). */
static inline size_t mxbi_cell_top(size_t ci) { return ci; }
static inline size_t mxbi_cell_bot(const mxbi_net_t *n, size_t ci) {
  return ci + (size_t)n->R * (size_t)n->C;
}
static inline int mxbi_plane_rows(int p) { return (p & 1) == 0; }
/* Lines in plane p and nodes (cell positions) along each. */
static inline int mxbi_nlines(const mxbi_net_t *n, int p) {
  return mxbi_plane_rows(p) ? n->R : n->C;
}
static inline int mxbi_npos(const mxbi_net_t *n, int p) {
  return mxbi_plane_rows(p) ? n->C : n->R;
}
/* Node of plane p, line l, position pos. */
static inline size_t mxbi_line_node(const mxbi_net_t *n, int p, int l, int pos) {
  return mxbi_plane_rows(p) ? mxbi_node(n, p, l, pos) : mxbi_node(n, p, pos, l);
}
/* Line (global index) of plane p through position (r, c). */
static inline int mxbi_line_of(const mxbi_net_t *n, int p, int r, int c) {
  return n->lbase[p] + (mxbi_plane_rows(p) ? r : c);
}
static inline double mxbi_rwire(const mxbi_net_t *n, int p) {
  return n->rw[p & 1];
}
/* An ideal end fixes its line's voltage when the wire has no resistance. */
static inline int mxbi_term_ideal(const mxbi_term_t *t) {
  return (t->kind == MXB_TERM_VOLTAGE || t->kind == MXB_TERM_SENSE) && t->r == 0.0;
}
static inline double mxbi_term_volts(const mxbi_term_t *t) {
  return t->kind == MXB_TERM_VOLTAGE ? t->value : 0.0;
}
/* Line gl of plane p is held at a known voltage (zero wire, an ideal end). */
static inline int mxbi_line_held(const mxbi_net_t *n, int p, int gl) {
  return mxbi_rwire(n, p) == 0.0 &&
         (mxbi_term_ideal(&n->term[2 * gl]) || mxbi_term_ideal(&n->term[2 * gl + 1]));
}

/* The solvers' structure key: held[gl] for every line. same: whether held
 * matches the present ends; fill: record them. */
MXBI_FUNC int mxbi_net_held_same(const mxbi_net_t *n, const unsigned char *held);
MXBI_FUNC void mxbi_net_held_fill(const mxbi_net_t *n, unsigned char *held);
/* known[node] = the voltage of every node of a held line. */
MXBI_FUNC void mxbi_net_held_volts(const mxbi_net_t *n, const unsigned char *held,
                                   double *known);

/* Solve the network with the present ends and states, from the last
 * solution in vn (and the cells' internal nodes): h = 0 the operating point
 * (capacitors open); h > 0 a backward-Euler step of length h from the
 * capacitor voltages uc of the cells. t names the instant in messages. The
 * iterative solver where it covers the network, else (or on its fallback)
 * KLU, as solver_mode says. */
MXBI_FUNC int mxbi_net_solve(mxbi_net_t *n, double h, double t);

/* KLU (mxb_solve_klu.c): every network; the reference and the fallback. */
MXBI_FUNC int mxbi_solve_klu(mxbi_net_t *n, double h, double t);
MXBI_FUNC void mxbi_klu_free(mxbi_klu_t *sv);
/* Iterative (mxb_solve_iter.c): MXB_OK with vn filled, an error code (out
 * of memory), or MXBI_ITER_FALLBACK when the structure is not covered or it
 * did not converge (nothing in the network changed). */
#define MXBI_ITER_FALLBACK 1
MXBI_FUNC int mxbi_solve_iter(mxbi_net_t *n, double h);
MXBI_FUNC void mxbi_iter_free(mxbi_iter_t *it);

#endif
