/* mxbar: crossbar arrays, their line ends, time advance, reads, energy, export.
 *
 * Geometry. An array has L layers of rows x cols cells and L+1 electrode
 * planes numbered from the top. Layer k lies between plane k (its top
 * electrodes) and plane k+1 (its bottom electrodes). Even planes run along
 * rows (line index = row), odd planes along columns (line index = col). A 2D
 * or 1S1R array is L = 1: plane 0 holds the word lines (rows), plane 1 the bit
 * lines (columns). A cell's voltage is V(top line) - V(bottom line) at the
 * cell's position on the two lines.
 *
 * 1S1R. The selector sits between the top line and an internal node, the
 * memory between that node and the bottom line; the node is solved. A 3D
 * array may stack a selector over the memory of every cell the same way.
 *
 * Wires. A line of n cells has n nodes and n+1 segments: one between each end
 * terminal and its nearest cell, and one between neighbouring cells. The
 * resistance per segment is r_wire_row for planes that run along rows and
 * r_wire_col for planes that run along columns. End A is the index-0 end of a
 * line (column 0 for a row line, row 0 for a column line), end B the other.
 *
 * Line ends. Each end of each line is floating (default), driven by a voltage
 * source (with an optional series source resistance), driven by a current
 * source, or sensed (a virtual-ground TIA when r = 0, else a sense resistor
 * to ground). A line with both ends floating floats.
 *
 * Time. The caller owns time (seconds, non-decreasing). Every call that takes
 * t first advances the array from its t_last to t under the line-end settings
 * that held since t_last, integrating every device state, internal capacitor
 * and the energy, with adaptive sub-steps; then it applies its change and
 * solves the network, so reads return values at t. A call with t == t_last
 * does not advance. t < t_last is MXB_ETIME.
 *
 * Capacitances (classes with capacitance(), e.g. cu_pmssq: 0.7 nF per cell)
 * on nodes no ideal source holds make the advance a transient: the capacitor
 * voltages are carried across drive changes, so a floating electrode between
 * capacitive cells keeps its charge when a drive steps (it jumps to the
 * capacitive divider) and then relaxes through the cells (tens of ms to
 * seconds for Cu-pMSSQ electrodes), and the states move under these
 * transient voltages. Local error per step 1 mV + 1e-3 relative on every
 * capacitor voltage (global: 3.9 mV on a 1 V relaxation, tests/c/
 * test_mxb_array_rc.c). Reads, however, return the operating point (DC,
 * capacitors open) of the present drives and states, not the transient:
 * a floating electrode reads at its DC voltage, and sense currents exclude
 * displacement currents. On the seed-000 6x6x3 stack (every electrode
 * grounded between operations) a read 1 ms after the drive step would see
 * displacement currents through the sensed line's other cells of up to ~10x
 * the selected cell's current (60.5 nA against the 5.5 nA DC read of a "0"
 * cell); the DC read is the settled value a slow measurement gives.
 *
 * Floating electrodes held only by leakage (cells reverse-biased or near
 * 0 V, ~1e-12 S) are solved to the rounding level of the node currents
 * (~1e-14 A): their DC voltage is defined to a few mV (4.7 mV between two
 * starting points on the 6x6x3 stack), never an error; so are floating
 * bit lines of a 1S1R array held by nA cells across 1 ohm wires (64 x 10
 * ECM: Kirchhoff's law to 1e-13 A, within 1.1 mV of the ideal-wire
 * array, tests/c/test_mxb_array.c). There is no gmin
 * option beyond the fixed 1e-15 S per node (MXBI_GMIN).
 *
 * Drive limits. A voltage drive (MXB_TERM_VOLTAGE value) and a read voltage
 * (v_read of the conductance reads) must satisfy |V| <= MXB_V_MAX = 100 V, a
 * current drive |I| <= MXB_I_MAX = 1 A, a source or sense resistance
 * 0 <= r <= MXB_R_MAX = 1e12 ohm (0: ideal source, virtual-ground sense);
 * every value finite. Beyond them no modelled device or line is physical
 * (the cards' thresholds are a few volts, their currents at most mA) and
 * exponential currents overflow; inside them the model is trusted. A value
 * outside is MXB_ERANGE (not finite: MXB_ENAN) naming the call, plane, line
 * and end (or the read) and the value, e.g.
 *   "mxb_array_drive: plane 0 line 1 end A (voltage): 1e+06 V is out of
 *    range [-100, 100] V"
 *   "mxb_array_set_end: plane 1 line 0 end B (current): 2 A is out of range
 *    [-1, 1] A"
 *   "mxb_array_sense: plane 1 line 2 end A (sense): r = 1e+13 ohm is out of
 *    range [0, 1e+12] ohm (0: ideal)"
 *   "mxb_array_cell_conductance: read voltage 200 V is out of range
 *    [-100, 100] V"
 * The value of a floating or sensed end is not used and not checked.
 * A current drive has no voltage of its own, so its limit is checked on the
 * solution: a solve that would take a line fed by a current end beyond
 * |V| <= MXB_V_MAX (a real source stops at its compliance) is MXB_ERANGE
 * from the call that solved, e.g.
 *   "array: the current drive of 0.001 A into plane 0 line 0 end A needs
 *    334 V, beyond the 100 V drive limit (a real source stops at its
 *    compliance): drive less current, or a voltage"
 * ("needs more than" when source stepping found it part-way). Source
 * stepping: a network with current ends whose solve does not converge is
 * solved again with the currents ramped from a fraction of their values,
 * each step from the last converged one (mxb_net.c); a solve that fails
 * leaves the next one its start as it was.
 *
 * Seeds. Every random draw of an array (device-to-device variation at
 * creation, cycle-to-cycle at switching events, read noise, RTN, faults)
 * comes from counter-based streams keyed by (the array's seed, purpose,
 * layer, row, col). An array's seed is its context's (mxb_ctx_new; in a
 * testbench +mxb_seed=N, default 1) unless the array is loaded with the
 * override "seed=N" (mxb_array_load, $mxb_open): every array card, and a
 * device card opened as an array, accepts it, and it replaces the context's
 * seed for that array alone. So two arrays opened from one card in one
 * context (or one testbench) draw the same numbers cell for cell; give each
 * its own "seed=N" and their draws are independent, and the same N
 * reproduces the same draws. N is a whole number in [0, 2^53 - 1]
 * (MXB_SEED_OVR_MAX, the integers an override value holds exactly):
 * MXB_ERANGE outside it, MXB_ETYPE for a fraction, naming the card and the
 * override. A "seed=N" array ignores +mxb_seed; for a Monte Carlo sweep
 * over +mxb_seed, derive each array's N from it in the testbench.
 * mxb_array_seed returns the seed in use (a checkpoint restores the saved
 * one).
 *
 * Errors. Functions return MXB_OK or a negative MXB_E* code with a message in
 * the array's context naming what was wrong (plane, line, cell, value).
 *
 * Lazy solve. Setting a line end (mxb_array_set_end, _drive, _sense, _float)
 * checks only its own arguments (MXB_EINDEX, MXB_EINVAL, MXB_ENAN,
 * MXB_ERANGE) and, for t > t_last, first advances under the settings held so
 * far (reporting that advance's errors); it does not solve the network under
 * the new setting. The network is solved by the next call that needs its
 * values: a read (end_current, sense_current, node_voltage, cell_voltages,
 * cell_current, export_spice) at any t, or any call with t > t_last
 * (advance, energy, conductance reads, a further set_end), which must solve
 * before it can integrate. That call reports an unsolvable network:
 *  - MXB_ESINGULAR: ideal sources in short circuit on a zero-resistance line
 *    (plane, line and the two voltages named), or a singular matrix;
 *  - MXB_ECONV: Newton did not converge or its update was not finite (the
 *    node, its cell and the cell's voltages named), a cell's step limit was
 *    not positive, or a sub-step of the advance failed (cell and voltage).
 * A call that fails changes nothing already computed: t_last, every cell
 * state, the capacitor voltages, both energy totals and the line-end
 * settings are exactly as before the call (an advance that fails after
 * moving states is rolled back to its start). The array stays usable: change
 * the offending setting at t = mxb_array_time(a) (a change at t_last does not
 * advance, so it cannot fail on the old setting) and call again.
 */
#ifndef MXB_ARRAY_H
#define MXB_ARRAY_H

#include <stddef.h>
#include "conf.h"
#include "ctx.h"
#include "device.h"

typedef enum {
  MXB_TOPO_2D = 0,   /* passive crossbar, one device per cell */
  MXB_TOPO_1S1R = 1, /* selector + memory in series per cell */
  MXB_TOPO_3D = 2    /* L stacked layers sharing L+1 electrode planes */
} mxb_topology_t;

typedef enum { MXB_END_A = 0, MXB_END_B = 1 } mxb_line_end_t;

/* Largest "seed=N" override (see "Seeds" above): 2^53 - 1. */
#define MXB_SEED_OVR_MAX 9007199254740991.0

/* Drive limits (see "Drive limits" above). */
#define MXB_V_MAX 100.0 /* V: |voltage drive|, |read voltage| */
#define MXB_I_MAX 1.0   /* A: |current drive| */
#define MXB_R_MAX 1e12  /* ohm: source and sense resistance */

typedef enum {
  MXB_TERM_FLOAT = 0,
  MXB_TERM_VOLTAGE = 1, /* value = volts, r = source resistance (0: ideal) */
  MXB_TERM_CURRENT = 2, /* value = amps flowing into the line */
  MXB_TERM_SENSE = 3    /* held at 0 V through r (0: virtual ground) */
} mxb_term_kind_t;

typedef struct mxb_array_spec_s {
  mxb_topology_t topology;
  int layers, rows, cols;      /* layers must be 1 for 2D and 1S1R */
  double r_wire_row;           /* ohm per segment, planes along rows */
  double r_wire_col;           /* ohm per segment, planes along columns */
  const mxb_device_t *cell;    /* 2D and 3D: every cell; 1S1R: the memory */
  const mxb_device_t *selector;/* 1S1R: required; 3D: optional, a selector over
                                  every memory (cards: a cell_1s1r cell card);
                                  2D: must be NULL (MXB_EINVAL naming it) */
} mxb_array_spec_t;

typedef struct mxb_array_s mxb_array_t;

/* New array at t = 0, every line end floating. The array copies what it needs
 * from spec (the device models may be freed afterwards). Per-cell states are
 * initialised with device-to-device draws keyed by (seed, layer, row, col).
 * NULL on error, message in ctx. Free with mxb_array_free. */
MXB_API mxb_array_t *mxb_array_new(mxb_ctx_t *ctx, const mxb_array_spec_t *spec);

/* New array from an array card (card.h) with overrides ("rows=8,seed=3,
 * cell.v_set=1.2"; "seed" gives the array its own seed, see "Seeds").
 * NULL on error. */
MXB_API mxb_array_t *mxb_array_load(mxb_ctx_t *ctx, const char *path,
                                    const char *overrides);

/* The seed of the array's random streams: its context's, or the "seed=N"
 * it was loaded with, or the one a checkpoint restored (0 for NULL). */
MXB_API uint64_t mxb_array_seed(const mxb_array_t *a);

MXB_API void mxb_array_free(mxb_array_t *a);

MXB_API mxb_ctx_t *mxb_array_ctx(const mxb_array_t *a);
MXB_API void mxb_array_shape(const mxb_array_t *a, mxb_topology_t *topo,
                             int *layers, int *rows, int *cols);
/* Number of lines in plane p (rows for even planes, cols for odd), or -1. */
MXB_API int mxb_array_plane_lines(const mxb_array_t *a, int plane);
MXB_API double mxb_array_time(const mxb_array_t *a);

/* Set one line end at time t (advancing first). */
MXB_API int mxb_array_set_end(mxb_array_t *a, double t, int plane, int line,
                              mxb_line_end_t end, mxb_term_kind_t kind,
                              double value, double r);

/* Shorthands. mxb_array_drive and mxb_array_sense act on END A ONLY (the
 * index-0 end: column 0 of a row line, row 0 of a column line) and leave end
 * B as it was: drive sets end A to a voltage through r_source, sense holds
 * end A at ground through r_sense (0: virtual ground). To drive or sense a
 * line at its far end (a bit line read at the last row, a line driven from
 * both ends), call mxb_array_set_end(..., MXB_END_B, ...): with wire
 * resistance the wrong end gives a plausible but wrong current, and nothing
 * reports it. mxb_array_float floats BOTH ends. */
MXB_API int mxb_array_drive(mxb_array_t *a, double t, int plane, int line,
                            double volts, double r_source);
MXB_API int mxb_array_sense(mxb_array_t *a, double t, int plane, int line,
                            double r_sense);
MXB_API int mxb_array_float(mxb_array_t *a, double t, int plane, int line);

/* Advance to t under the present settings (no change applied). */
MXB_API int mxb_array_advance(mxb_array_t *a, double t);

/* Current (A) flowing from the end's source into the line at time t. For a
 * sensed end it is the current into the sense load taken with a minus sign,
 * so a cell current flowing out into a sense amp reads negative; use
 * mxb_array_sense_current for the positive sense-amp convention. */
MXB_API int mxb_array_end_current(mxb_array_t *a, double t, int plane,
                                  int line, mxb_line_end_t end, double *amps);

/* Current (A) flowing from a line into its sense load(s) at time t, summed over
 * both ends (0 for unsensed ends). */
MXB_API int mxb_array_sense_current(mxb_array_t *a, double t, int plane,
                                    int line, double *amps);

/* Voltage (V) of a line's node at cell position pos (0..n-1) at time t. */
MXB_API int mxb_array_node_voltage(mxb_array_t *a, double t, int plane,
                                   int line, int pos, double *volts);

/* Voltages seen by one cell at time t: top line, bottom line, and for 1S1R the
 * internal node (v_mid = NaN otherwise). Any pointer may be NULL. */
MXB_API int mxb_array_cell_voltages(mxb_array_t *a, double t, int layer,
                                    int row, int col, double *v_top,
                                    double *v_bottom, double *v_mid);

/* Current (A) through one cell, top to bottom, at time t. */
MXB_API int mxb_array_cell_current(mxb_array_t *a, double t, int layer,
                                   int row, int col, double *amps);

/* Conductance (S) of one cell at time t, as I(v_read)/v_read of the cell
 * alone (for 1S1R the series pair with its node solved), without disturbing
 * the array. v_read must be non-zero. For 1S1R the selector enters in its
 * state at t: right after a pulse that switched it on, before it has relaxed
 * (card key tau_relax of ecm_ts_selector), the value includes the
 * ON selector - as a real read at that instant would. Advance past the
 * relaxation time to read the memory behind an OFF selector. */
MXB_API int mxb_array_cell_conductance(mxb_array_t *a, double t, int layer,
                                       int row, int col, double v_read,
                                       double *siemens);

/* Conductance map of one layer at time t into g[row * cols + col]. */
MXB_API int mxb_array_conductance_map(mxb_array_t *a, double t, int layer,
                                      double v_read, double *g);

/* A cell's state vector (n values of its memory device; for 1S1R the memory).
 * get copies out at most n values; set replaces the first n (for test
 * set-up), each checked against the range its class declares
 * (mxb_state_def_t): MXB_ENAN or MXB_ERANGE naming the cell, the state, the
 * value and the range, and nothing is changed. */
MXB_API int mxb_array_cell_state(const mxb_array_t *a, int layer, int row,
                                 int col, double *s, size_t n);
MXB_API int mxb_array_set_cell_state(mxb_array_t *a, int layer, int row,
                                     int col, const double *s, size_t n);

/* ---- What a cell is made of, and its state by part.
 * A cell is a stack: the memory alone (2D, 3D) or a selector over the
 * memory (1S1R; a 3D array given a cell_1s1r card). */
typedef enum {
  MXB_PART_MEMORY = 0,  /* the memory device (every topology) */
  MXB_PART_SELECTOR = 1 /* the selector (1S1R; 3D with a selector) */
} mxb_cell_part_t;

/* The device model of one part of every cell (the array's own copy: owned by
 * the array, valid while it lives; its class is mxb_device_class(model)).
 * NULL when the cells have no such part (the selector of a 2D array) or the
 * part is not one of mxb_cell_part_t. */
MXB_API const mxb_device_t *mxb_array_cell_model(const mxb_array_t *a,
                                                 mxb_cell_part_t part);

/* Number of state values of a part's class (0 for a stateless class such as
 * linear_resistor), or a negative code (MXB_EINVAL: no such part). */
MXB_API int mxb_array_state_count(const mxb_array_t *a, mxb_cell_part_t part);

/* A part's state vector in one cell: copies out at most n values (size the
 * buffer with mxb_array_state_count). MXB_EINVAL for a part the cells lack.
 * mxb_array_cell_state is the memory's. */
MXB_API int mxb_array_part_state(const mxb_array_t *a, int layer, int row, int col,
                                 mxb_cell_part_t part, double *s, size_t n);

/* One state value of a cell by name: "w" (looked up in the memory's class,
 * then the selector's), or with the part named, "memory.w", "selector.x".
 * MXB_EKEY for a name no part has, the message listing the names there are. */
MXB_API int mxb_array_cell_state_value(const mxb_array_t *a, int layer, int row,
                                       int col, const char *name, double *value);

/* Conductance (S) of a cell's memory alone at time t, I(v_read)/v_read of
 * the memory with the selector taken as ON (a short): the stored state a
 * program-and-verify aims at, whatever the selector's volatile state. With
 * non-idealities acting it is the memory as the solver sees it (factor,
 * fault). Without a selector it equals mxb_array_cell_conductance. */
MXB_API int mxb_array_memory_conductance(mxb_array_t *a, double t, int layer, int row,
                                         int col, double v_read, double *siemens);

/* Energy (J) since creation at time t: drawn from every source, and dissipated
 * in the cells (wires and loads are the difference plus stored energy). */
MXB_API int mxb_array_energy(mxb_array_t *a, double t, double *e_sources,
                             double *e_cells);

/* Write the array at time t as an ngspice netlist (each cell as an equivalent
 * element at its present state, wires, sources, sense loads), with a .op.
 * With non-idealities acting, a cell's memory is written as the solver sees
 * it at t: its B-source expression times the cell's factor, a faulty
 * memory (a shorted stack) as its fault's resistor (netlist comment says
 * so). */
MXB_API int mxb_array_export_spice(mxb_array_t *a, double t, const char *path);

/* ---- Checkpoints (issue 19). Save writes the array's whole state at time t
 * (advancing first) to a text file: line ends, every device state and
 * capacitor voltage, internal nodes, node voltages, time, both energy
 * totals, the seed (the counter-based streams' positions are in the
 * states), and the non-ideality layer (faults, RTN traps, drift and
 * retention clocks, wear, read counters, temperature). Restore replaces this
 * array's state by a file's: the file must come from the same format
 * version, topology and shape, wires, device classes and parameters (all but
 * "temp", which set_temp changes and which is restored), and non-ideality
 * parameters (all but temp and read_df); a mismatch is MXB_EINVAL naming it,
 * a damaged file MXB_EPARSE naming the record, and a failed restore changes
 * nothing. The restored array takes the saved seed and time (later calls
 * continue from that time).
 * The restored array continues bit for bit as the saved one does from the
 * save on: saving drops the solvers' caches of the saved array (one cold
 * solve after a save), as a restore does. */
MXB_API int mxb_array_save(mxb_array_t *a, double t, const char *path);
MXB_API int mxb_array_restore(mxb_array_t *a, const char *path);

/* Set a layer from a conductance map g[row * cols + col] (S) at time t
 * (advancing first): each cell's memory window state (its class's "w", else
 * "x", in 0..1) is put where the cell's conductance read at v_read (what
 * mxb_array_cell_conductance and mxb_array_conductance_map return) equals
 * the target, by bisection (the read is monotone in the window state); the
 * other state values stay. MXB_ERANGE naming the cell when a target is not
 * positive or outside the range the state reaches (the message gives that
 * range), MXB_EUNSUP for a class without a window state (linear_resistor);
 * nothing changes on error. For 1S1R cells the read includes the selector
 * in its present state, so a map written by mxb_array_conductance_map (or
 * $mxb_dump_g) loads back to the same map. */
MXB_API int mxb_array_load_g(mxb_array_t *a, double t, int layer, double v_read,
                             const double *g);
/* The same from a file in $mxb_dump_g's format: '#' comment lines, then one
 * line per row of cols numbers. MXB_EPARSE naming the line when a row has
 * the wrong count or a value is not a number, or the row count is wrong. */
MXB_API int mxb_array_load_g_file(mxb_array_t *a, double t, int layer, double v_read,
                                  const char *path);

/* ---- What the solver did (issue 19): for a designer who finds a run slow.
 * Totals since the array was made or the last reset (not saved in
 * checkpoints). An operating point is solved for a read after a change and
 * at the sub-steps of an advance whose states move, on one of the paths
 * below; the capacitor transient of an advance solves the network at each of
 * its steps too (network solves count both). */
typedef enum {
  MXB_PATH_NONE = 0,      /* nothing solved yet */
  MXB_PATH_FAST = 1,      /* every line held by an ideal end on ideal wires: no network */
  MXB_PATH_LEAN = 2,      /* the fast path on cached per-cell conductances (2D, ohmic window) */
  MXB_PATH_ITERATIVE = 3, /* Newton with block-preconditioned CG */
  MXB_PATH_KLU = 4        /* Newton with the sparse direct solver (reference, fallback) */
} mxb_solve_path_t;

/* "none", "fast", "lean", "iterative", "klu"; NULL out of range. */
MXB_API const char *mxb_solve_path_name(int path);

typedef struct mxb_solver_stats_s {
  long op_solves;          /* operating points solved (reads after a change, advance sub-steps) */
  long op_fast, op_lean;   /* ... of which on the fast and lean paths (no network solve) */
  long net_solves;         /* network solves (operating points and advance sub-steps) */
  long net_iterative, net_klu; /* ... by the solver that finished them */
  long fallbacks;          /* iterative solves that gave up and went to KLU */
  long newton, cg;         /* Newton iterations (both solvers), CG iterations (iterative) */
  long factorisations, refactorisations; /* KLU: full, and reusing the pivot order */
  long advances;           /* calls that moved time */
  double solve_s;          /* wall-clock seconds in network solves */
  double advance_s;        /* wall-clock seconds in advances (their solves included) */
  int last_path;           /* mxb_solve_path_t of the last operating point or sub-step */
  long last_newton, last_cg; /* iterations of the last network solve */
} mxb_solver_stats_t;

MXB_API int mxb_array_solver_stats(const mxb_array_t *a, mxb_solver_stats_t *st);
/* Zero the totals (the last_* fields stay). */
MXB_API int mxb_array_solver_stats_reset(mxb_array_t *a);

/* ---- Non-idealities (docs/nonideal.md; laws and card keys in
 * models_c/src/mxb_nonideal.h). An array card may carry a "nonideal" object
 * of quantities {"value", "unit", "source"} and overrides "nonideal.<key>";
 * every effect is off unless the card, an override or a call below turns it
 * on. Read noise acts on returned readings only (end and sense currents,
 * cell currents), never on states or the operating point; drift, retention,
 * wear, RTN and faults act on the memory device of every cell, held fixed
 * between solve instants; a faulty cell keeps its state.
 *
 * Fault kinds: */
typedef enum {
  MXB_FAULT_NONE = 0,      /* healthy (injecting it heals a cell) */
  MXB_FAULT_STUCK_ON = 1,  /* memory at nonideal.g_on, state frozen */
  MXB_FAULT_STUCK_OFF = 2, /* memory at nonideal.g_off, state frozen */
  MXB_FAULT_OPEN = 3,      /* memory at nonideal.g_leak: no current */
  MXB_FAULT_SHORT = 4      /* the whole cell at nonideal.g_short between its lines */
} mxb_fault_t;

/* "none", "stuck_on", "stuck_off", "open", "short"; NULL out of range. */
MXB_API const char *mxb_fault_name(int kind);
/* Kind of one of those names, or -1. */
MXB_API int mxb_fault_parse(const char *name);

/* Make cell (layer, row, col) of kind mxb_fault_t from time t on (advancing
 * first). MXB_EINDEX for a cell outside the array, MXB_ERANGE for a kind
 * that is not one of the above. */
MXB_API int mxb_array_fault(mxb_array_t *a, double t, int layer, int row, int col,
                            int kind);
/* Present fault kind of one cell. */
MXB_API int mxb_array_cell_fault(const mxb_array_t *a, int layer, int row, int col,
                                 int *kind);
/* Fault kind of every cell at time t (wear-outs included) into kinds[]
 * (layer-major, then row, then col; n >= layers * rows * cols). */
MXB_API int mxb_array_fault_map(mxb_array_t *a, double t, int *kinds, size_t n);
/* The same as a text file: '#' header lines (counts per kind), then per
 * layer one line per row of kind numbers. */
MXB_API int mxb_array_write_fault_map(mxb_array_t *a, double t, const char *path);

/* The array temperature becomes kelvin at time t (advancing first at the
 * old one): the Arrhenius clocks of RTN, drift and retention, thermal read
 * noise, and the "temp" parameter of every device class in the stack that
 * has one. MXB_ENAN (not finite), MXB_ERANGE (not positive, or outside
 * [1, 1000] K). */
MXB_API int mxb_array_set_temp(mxb_array_t *a, double t, double kelvin);
/* Sense bandwidth (Hz) of the read noise from time t (nonideal.read_df).
 * MXB_ENAN, MXB_ERANGE (not positive, or above 1e12 Hz). */
MXB_API int mxb_array_set_read_bw(mxb_array_t *a, double t, double hz);
/* Present value of a "nonideal" card key (its default when unset). */
MXB_API int mxb_array_nonideal_get(const mxb_array_t *a, const char *key, double *value);

#endif
