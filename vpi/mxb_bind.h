/* mxbar bindings: what the Icarus VPI module and the Verilator DPI library
 * share. No simulator header here and no model maths: an integer handle table
 * with generation tags, marshalling to libmxb, and error messages.
 *
 * Each binding installs its hooks once (mxb_bind_init): how to print a line,
 * how to stop the simulation with a failure status, and how to read a plusarg.
 * Every call carries the caller's site (file, line, task name) so a failure is
 * reported as
 *   ERROR: <file>:<line>: $mxb_<task>: <MXB_Exxx>: <detail>
 * after which the binding's stop hook ends the simulation with a non-zero exit
 * status. A failed call returns 0 (handles, counts) or NaN (real results).
 *
 * The first error stops the run: from then on every call returns at once
 * without acting and without a message (0 or NaN as above), and no further
 * ERROR line is printed. Icarus ends the calling thread at the failed call;
 * Verilator runs the rest of the current time step before $finish takes
 * effect, and those calls must neither act nor add ERROR lines.
 *
 * Handles are positive ints: slot + 1 in the low 12 bits, a generation tag in
 * the bits above, so a closed handle (or a copy kept after close) is caught
 * even after its slot is reused. 0 is never a valid handle.
 *
 * Time: every call that needs it takes t in seconds, computed by the binding
 * from the simulator's clock (VPI: vpiSimTime ticks and the time precision;
 * DPI: $realtime / 1s in the caller's module).
 */
#ifndef MXB_BIND_H
#define MXB_BIND_H

#include <stdint.h>

#if defined(__GNUC__)
#define MXB_BIND_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define MXB_BIND_PRINTF(f, a)
#endif

/* Where a call comes from, for messages. task includes the '$'. */
typedef struct mxb_bind_site_s {
  const char *file;
  int line;
  const char *task;
} mxb_bind_site_t;

typedef struct mxb_bind_hooks_s {
  /* Print one line of text (the text ends with '\n') and flush. */
  void (*print)(const char *text);
  /* End the simulation with a failure exit status (called after the ERROR
   * line is printed; may be called more than once). */
  void (*stop)(void);
  /* Value of +name=value into buf (n bytes); 1 if present, 0 if not. */
  int (*plusarg)(const char *name, char *buf, int n);
} mxb_bind_hooks_t;

/* Install the hooks (copied). Safe to call again; the last call wins. */
void mxb_bind_init(const mxb_bind_hooks_t *hooks);

/* Report a failure at site: prints the ERROR line and calls the stop hook;
 * the run is stopping from then on, and later calls of this function print
 * nothing. */
void mxb_bind_error(const mxb_bind_site_t *site, const char *fmt, ...)
    MXB_BIND_PRINTF(2, 3);

/* A call site rejected before the run starts (Icarus compiletf): prints the
 * ERROR line and calls the stop hook like mxb_bind_error, but does not mark
 * the run as stopping, so every bad call site gets its own line. */
void mxb_bind_site_error(const mxb_bind_site_t *site, const char *fmt, ...)
    MXB_BIND_PRINTF(2, 3);

/* Number of ERROR lines printed so far. */
int mxb_bind_error_count(void);

/* Close every open array (end of simulation). */
void mxb_bind_close_all(void);

/* Open an array card with "key=value,..." overrides (NULL or "" for none).
 * The card is looked up by the core (card.h "Finding a card"): from the
 * working directory, then +mxb_root (the context's card root), then each
 * folder of MXB_CARD_PATH, then the installed cards; a device card opens as
 * a 1 x 1 array. The seed is +mxb_seed=N
 * (default 1), or the array's own with the override "seed=N" (array.h
 * "Seeds"); the open line printed names handle, card, overrides and seed
 * with where it came from.
 * Returns the handle, or 0 on failure. */
int mxb_bind_open(const mxb_bind_site_t *s, const char *card, const char *ovr);

/* Free the array behind h; h becomes invalid (later use is an error). */
void mxb_bind_close(const mxb_bind_site_t *s, int h);

/* Line-end settings at time t (end A of the line; set_end names the end). */
void mxb_bind_drive(const mxb_bind_site_t *s, double t, int h, int plane,
                    int line, double volts);
void mxb_bind_sense(const mxb_bind_site_t *s, double t, int h, int plane,
                    int line, double r_sense);
void mxb_bind_float(const mxb_bind_site_t *s, double t, int h, int plane,
                    int line);
void mxb_bind_set_end(const mxb_bind_site_t *s, double t, int h, int plane,
                      int line, int end, int kind, double value, double r);
void mxb_bind_advance(const mxb_bind_site_t *s, double t, int h);

/* Reads at time t; NaN on failure. */
double mxb_bind_read(const mxb_bind_site_t *s, double t, int h, int plane,
                     int line);
double mxb_bind_end_current(const mxb_bind_site_t *s, double t, int h,
                            int plane, int line, int end);
double mxb_bind_node_v(const mxb_bind_site_t *s, double t, int h, int plane,
                       int line, int pos);
double mxb_bind_cell_i(const mxb_bind_site_t *s, double t, int h, int layer,
                       int row, int col);
double mxb_bind_cell_g(const mxb_bind_site_t *s, double t, int h, int layer,
                       int row, int col, double v_read);
/* which = 0: energy drawn from the sources; 1: dissipated in the cells. */
double mxb_bind_energy(const mxb_bind_site_t *s, double t, int h, int which);

/* Lines in a plane (0 on failure). */
int mxb_bind_lines(const mxb_bind_site_t *s, int h, int plane);

/* Write a layer's conductance map at v_read to a text file: '#' header lines,
 * then one line per row of space-separated siemens (%.17g). */
void mxb_bind_dump_g(const mxb_bind_site_t *s, double t, int h, int layer,
                     double v_read, const char *path);

/* Write an ngspice netlist of the array at time t. */
void mxb_bind_export_spice(const mxb_bind_site_t *s, double t, int h,
                           const char *path);

/* Non-idealities (models_c/include/mxb/array.h). kind: "none", "stuck_on",
 * "stuck_off", "open", "short". */
void mxb_bind_fault(const mxb_bind_site_t *s, double t, int h, int layer, int row,
                    int col, const char *kind);
/* Fault kind number of one cell at t (0 healthy; 0 on failure). */
int mxb_bind_cell_fault(const mxb_bind_site_t *s, double t, int h, int layer, int row,
                        int col);
void mxb_bind_set_temp(const mxb_bind_site_t *s, double t, int h, double kelvin);
void mxb_bind_set_read_bw(const mxb_bind_site_t *s, double t, int h, double hz);
/* Write the fault map at t to path; returns the number of faulty cells. */
int mxb_bind_fault_map(const mxb_bind_site_t *s, double t, int h, const char *path);
/* State value of a cell at t by name ("w", "memory.w", "selector.x"),
 * after advancing to t; NaN on failure (an unknown name lists the names). */
double mxb_bind_cell_state(const mxb_bind_site_t *s, double t, int h, int layer, int row,
                           int col, const char *name);
/* Conductance (S) of a cell's memory alone at v_read (selector ON). */
double mxb_bind_mem_g(const mxb_bind_site_t *s, double t, int h, int layer, int row,
                      int col, double v_read);
/* Checkpoints (mxb_array_save / _restore). Save writes the array's whole
 * state at t. Restore replaces it by a file's (same card and shape, checked)
 * and prints a line saying so; from then on the array's clock follows the
 * simulator's from its saved time: a call at simulation time t_restore + d
 * acts at array time t_saved + d (exactly t when restored at the saved
 * instant). */
void mxb_bind_save(const mxb_bind_site_t *s, double t, int h, const char *path);
void mxb_bind_restore(const mxb_bind_site_t *s, double t, int h, const char *path);
/* Set a layer from a conductance map file ($mxb_dump_g's format). */
void mxb_bind_load_g(const mxb_bind_site_t *s, double t, int h, int layer, double v_read,
                     const char *path);
/* Solver statistics (mxb_array_solver_stats): one total by name ("net_solves",
 * "newton", "solve_s", "last_path" as mxb_solve_path_t, ...; an unknown name
 * lists them), and a summary line printed "[mxb] solver h=...: ...". */
double mxb_bind_stat(const mxb_bind_site_t *s, int h, const char *name);
void mxb_bind_print_stats(const mxb_bind_site_t *s, int h);
/* mxbar's version, "MAJOR.MINOR.PATCH" (mxb_version()). */
const char *mxb_bind_version(void);

#endif
