/* mxbar: internals of an array, shared by its files:
 *   mxb_array.c          creation, cards, shape, line ends
 *   mxb_array_solve.c    the operating point: which path, fast and lean
 *                        paths, cell currents, end currents and power
 *   mxb_array_advance.c  time advance (per cell, network sub-steps,
 *                        capacitor transient)
 *   mxb_array_ckpt.c     checkpoint of what an advance changes
 *   mxb_array_read.c     reads, conductances, cell states, energy
 *   mxb_spice.c          ngspice export
 *   mxb_array_ni.c       the non-ideality layer: card section, per-cell
 *                        factors and faults at solve instants, read noise,
 *                        temperature, fault calls
 * The network it presents to the solvers is mxb_net.h, its cells
 * mxb_cell.h. */
#ifndef MXB_ARRAY_IMPL_H
#define MXB_ARRAY_IMPL_H

#include "mxb_net.h"

typedef struct mxbi_array_ni_s mxbi_array_ni_t; /* mxb_array_ni.c */
struct mxbi_ni_s;                                 /* mxb_nonideal.h */

struct mxb_array_s {
  mxbi_net_t net;        /* context, lines, ends, cells, node voltages, solvers */
  mxb_topology_t topo;
  double t;              /* t_last */
  double e_src, e_cell;  /* accumulated energy */

  /* The solution at t for the present settings and states. */
  int solved;            /* 0: settings or states changed since the solve */
  int fast;              /* the present settings take the fast path */
  double *ic;            /* cell current top to bottom */
  double *iend;          /* current from each end's source into its line */
  double *lout;          /* scratch: current leaving each line through cells */
  double p_src, p_cell;  /* power drawn from sources / dissipated in cells */
  double h_min;          /* smallest step limit over cells (INFINITY: hold) */
  double *h_cell;        /* each cell's step limit (not filled by the lean path) */

  /* Capacitors (net.cells.dev[d].uc, when a device class has one): the
   * voltage across each device's capacitor, continuous in time. */
  int caps;              /* some cell has a capacitance */
  int dyn;               /* capacitor voltages have dynamics (set at solve) */
  int settled;           /* capacitor transient over under present settings */
  double h_rc;           /* last accepted RC step (s) */
  /* History of the capacitor transient (advance_rc), valid while the
   * line-end settings (rc_term), t and gen are those of its last step: per
   * cell and device the slopes of the capacitor voltages over the last two
   * steps, per cell the step limits at the last accepted solution and at
   * the trial one, and the BDF2 solve's scratch (mxbi_rc_* offsets). */
  double *rc_hist;       /* MXBI_RC_BLOCKS * ncell */
  mxbi_term_t *rc_term;  /* 2 * nline */
  unsigned long rc_gen;
  int rc_n;              /* accepted steps in the history (0: none) */
  double rc_t, rc_hprev, rc_hprev2, rc_hnext;
  double rc_psrc, rc_pcell; /* energy of the last step (J) */

  /* Lean ideal-wire path (2D, every line held, a class declaring ohmic(),
   * no capacitance, every cell voltage inside [lean_lo, lean_hi]): a solve is
   * one pass over the cached per-cell conductances; node voltages and cell
   * currents are filled only when asked for. */
  unsigned long gen;     /* bumped whenever cell states may have changed */
  unsigned long gen_cache; /* gen the stacked cells' evaluation caches belong to
                          * (mxbi_array_solve_network clears them on any other) */
  unsigned long gen_caps, gen_glin; /* gen at which caps / glin were found */
  int lin_ok;            /* glin valid (every cell declared a finite g) */
  double lean_lo, lean_hi; /* window in which every cell is a constant g */
  int lean_off;          /* tests: never take the lean path */
  double *glin;          /* per cell I/V (lean path) */
  double *vline;         /* per line: its voltage (lean path) */
  int vn_stale, ic_stale;/* vn / ic not filled by the last (lean) solve */

  /* Network advance (advance_net): cell voltages at a step's start, the
   * moving cells and their states there. */
  double *mr_v, *mr_st;
  size_t *mr_idx;

  /* Checkpoint taken by an advance that moves states (restored on failure). */
  double *ck;
  double ck_t, ck_es, ck_ec, ck_hrc;
  int ck_settled;

  long stat_solves;      /* operating-point solves so far (mxbi_array_solve) */
  /* Totals for mxb_array_solver_stats (issue 19; net.tot has the network
   * solver's): operating points on the fast and lean paths, advances that
   * moved time and their wall-clock seconds. */
  long tot_fast, tot_lean, tot_adv;
  double tot_adv_s;

  /* Non-ideality layer (mxb_array_ni.c); NULL: none configured, every
   * effect off and no path of the engine touched. */
  mxbi_array_ni_t *ni;
};

/* Blocks of ncell values in rc_hist: the slopes of each device's capacitor
 * voltage over the last step (MXBI_CELL_MAXDEV blocks from 0), the step
 * limits at the accepted and at the trial solution, the capacitor voltages
 * kept during a BDF2 solve, the slopes of the step before. */
#define MXBI_RC_SLOPE 0
#define MXBI_RC_HL0 (MXBI_CELL_MAXDEV)
#define MXBI_RC_HL1 (MXBI_CELL_MAXDEV + 1)
#define MXBI_RC_KEEP (MXBI_CELL_MAXDEV + 2)
#define MXBI_RC_SLOPE2 (2 * MXBI_CELL_MAXDEV + 2)
#define MXBI_RC_BLOCKS (3 * MXBI_CELL_MAXDEV + 2)

/* ---- mxb_array.c */
/* Index checks of the public calls (MXB_EINDEX naming fn and the index). */
MXBI_FUNC int mxbi_check_line(mxb_array_t *a, int plane, int line, const char *fn);
MXBI_FUNC int mxbi_check_cell(const mxb_array_t *a, int layer, int row, int col,
                              const char *fn);

/* ---- mxb_array_solve.c */
/* Make the stored solution current (the operating point): no-op when
 * solved. */
MXBI_FUNC int mxbi_array_solve(mxb_array_t *a);
/* From the node voltages: cell currents, step limits, end currents and
 * powers. h > 0: the solution is a backward-Euler step of length h, and the
 * capacitor currents count in the lines' balance. */
MXBI_FUNC int mxbi_array_post_solve(mxb_array_t *a, double h);
/* The network solve (mxbi_net_solve) from the present solution: h = 0 the
 * operating point, h > 0 a backward-Euler step of the capacitors. */
MXBI_FUNC int mxbi_array_solve_network(mxb_array_t *a, double h);
/* Make vn (and ic) current after a lean solve. */
MXBI_FUNC void mxbi_array_vn(mxb_array_t *a);
/* Voltage across each device of cell ci in the present solution. */
MXBI_FUNC void mxbi_array_cell_split(const mxb_array_t *a, size_t ci,
                                     double vd[MXBI_CELL_MAXDEV]);
/* Copy the device voltages of the solution into the capacitor voltages. */
MXBI_FUNC void mxbi_array_caps_follow(mxb_array_t *a);

/* ---- mxb_array_advance.c */
/* Advance to t under the present settings (fn names the caller). */
MXBI_FUNC int mxbi_array_advance(mxb_array_t *a, double t, const char *fn);
/* Advance to t and solve (what every read does first). */
MXBI_FUNC int mxbi_array_at(mxb_array_t *a, double t, const char *fn);

/* ---- mxb_array_ckpt.c */
/* Checkpoint of everything an advance changes (states, capacitor voltages,
 * time, energy), so a failed advance leaves the array as it was. */
MXBI_FUNC int mxbi_ckpt_save(mxb_array_t *a, const char *fn);
MXBI_FUNC void mxbi_ckpt_restore(mxb_array_t *a);

/* ---- mxb_array_ni.c */
/* Layer from the card's parameters (NULL: every effect off). */
MXBI_FUNC int mxbi_array_ni_setup(mxb_array_t *a, const struct mxbi_ni_s *p);
MXBI_FUNC void mxbi_array_ni_free(mxb_array_t *a);
/* Per-cell state and the cells' view (acting on currents); no-op if done. */
MXBI_FUNC int mxbi_array_ni_enable(mxb_array_t *a);
/* Factors, faults, events and RTN at the present instant a->t (solve
 * instants only); no-op when nothing changed or the layer does not act. */
MXBI_FUNC int mxbi_array_ni_refresh(mxb_array_t *a);
/* Whether the factors change with time (drift, retention or RTN acting). */
MXBI_FUNC int mxbi_array_ni_timed(const mxb_array_t *a);
/* Checkpoint of the per-cell state with the advance's (mxb_array_ckpt.c). */
MXBI_FUNC int mxbi_array_ni_ckpt_save(mxb_array_t *a, const char *fn);
MXBI_FUNC void mxbi_array_ni_ckpt_restore(mxb_array_t *a);
/* A reading with its read noise (amps unchanged when read noise is off). */
MXBI_FUNC double mxbi_array_ni_read_cell(mxb_array_t *a, size_t ci, double amps);
MXBI_FUNC double mxbi_array_ni_read_end(mxb_array_t *a, int plane, int line, int end,
                                        double amps);
/* Factor on cell ci's memory current and its fault kind (SPICE export). */
MXBI_FUNC double mxbi_array_ni_factor(const mxb_array_t *a, size_t ci, int *fault);

/* ---- saved state (mxb_array_save.c, issue 19) */
/* The whole non-ideality layer as one byte blob (*buf NULL: no layer;
 * free() it), and back: unpack checks the saved layer's parameters against
 * this array's (all but temp and read_df, which calls change), creates and
 * enables the layer as the saved array had it, and copies every per-cell
 * field and counter. where names the file in messages. */
MXBI_FUNC int mxbi_array_ni_pack(const mxb_array_t *a, unsigned char **buf, size_t *len);
MXBI_FUNC int mxbi_array_ni_unpack(mxb_array_t *a, const unsigned char *buf, size_t len,
                                   const char *where);
/* Make the layer recompute its factors at the next solve. */
MXBI_FUNC void mxbi_array_ni_forget(mxb_array_t *a);

#endif
