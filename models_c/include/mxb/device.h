/* mxbar: device classes and device models.
 *
 * A device CLASS is the physics of one device family: its parameters (with
 * unit, default, valid range and provenance), its state vector, its current
 * I(V, state) with dI/dV for Newton, how its state advances under a constant
 * voltage for a time dt, the largest dt it can advance accurately, and an
 * optional capacitance across its terminals.
 *
 * A device MODEL (mxb_device_t) is a class bound to parameter values, usually
 * loaded from a JSON card (see card.h). Arrays instantiate one state vector per
 * cell from a model.
 *
 * Sign convention: V is the voltage of the device's top terminal minus its
 * bottom terminal, I the current flowing from top to bottom through the
 * device. In arrays the top terminal is on the lower-numbered plane (array.h).
 */
#ifndef MXB_DEVICE_H
#define MXB_DEVICE_H

#include <stddef.h>
#include <stdint.h>
#include "conf.h"
#include "ctx.h"

struct cJSON; /* a parsed card (cJSON), for classes with per-model data */

/* One parameter of a class. Units are SI symbols: "V", "A", "S", "ohm", "s",
 * "F", "J", "K", "eV", "m", "1" (dimensionless). The range is inclusive. */
typedef struct mxb_param_def_s {
  const char *name;       /* key in cards and overrides */
  const char *unit;
  double def;             /* default value */
  double min, max;        /* valid range, inclusive */
  const char *provenance; /* where the default comes from (paper, figure, fit) */
  const char *doc;        /* what the parameter means, one line */
} mxb_param_def_t;

/* One component of the state vector and the range of values it may take
 * (inclusive; -INFINITY / INFINITY for no bound). The range holds every
 * state init() and advance() can produce and nothing the class's equations
 * cannot take (a negative conductance, a draw index beyond 64 bits); each
 * class says where its bounds come from. mxb_array_set_cell_state checks
 * values against it. */
typedef struct mxb_state_def_s {
  const char *name;
  const char *unit;
  const char *doc;
  double min, max;
} mxb_state_def_t;

/* Where a device instance draws its random numbers: the context seed and the
 * instance's own stream keys (mxb_rng_stream with the cell's coordinates). A
 * class that needs a running draw counter keeps it in its state vector, so the
 * draws do not depend on call order. */
typedef struct mxb_dev_rng_s {
  uint64_t seed;
  uint64_t d2d;  /* stream for device-to-device variation */
  uint64_t c2c;  /* stream for cycle-to-cycle variation */
  uint64_t read; /* stream for read noise */
} mxb_dev_rng_t;

typedef struct mxb_device_class_s {
  const char *name; /* class name used in cards, e.g. "linear_resistor" */
  const char *doc;  /* one paragraph: what the class models */

  size_t n_params;
  const mxb_param_def_t *params;
  size_t n_state;
  const mxb_state_def_t *states;

  /* Optional: check a combination of parameters (each already in range).
   * Return 0 if valid; otherwise write a message naming the keys to msg and
   * return MXB_ERANGE. */
  int (*check)(const double *p, char *msg, size_t msg_len);

  /* Initial state of one instance; device-to-device variation is drawn here
   * from rng->d2d. Return MXB_OK or a negative code. */
  int (*init)(const double *p, double *s, const mxb_dev_rng_t *rng);

  /* Current through the device at voltage v in state s; *didv receives dI/dV
   * (never NULL). Must be finite for finite inputs and continuous in v. */
  double (*current)(const double *p, const double *s, double v, double *didv);

  /* Advance the state under a constant v for dt seconds. The caller keeps dt
   * within step_limit(). Cycle-to-cycle draws come from rng->c2c. */
  int (*advance)(const double *p, double *s, double v, double dt,
                 const mxb_dev_rng_t *rng);

  /* Largest dt (s) advance() can take accurately from s under v. Returns
   * INFINITY when no state can move under v (the sub-threshold fast path). */
  double (*step_limit)(const double *p, const double *s, double v);

  /* Optional (NULL: none): capacitance (F) in parallel with the device. */
  double (*capacitance)(const double *p, const double *s);

  /* Optional: the device's current in state s as an ngspice B-source
   * expression of the voltage across it, whose text is given as v (for
   * example "V(n1,n2)"), written to buf (n bytes). Returns the length written
   * or a negative code (buffer too small). NULL: SPICE export writes the
   * device as a linear conductance I/V at its operating point. */
  int (*spice_current)(const double *p, const double *s, const char *v,
                       char *buf, size_t n);

  /* Optional (NULL: not declared): the voltage window in which the device in
   * state s is a constant conductance. Returns that conductance g (S) and
   * writes the window [*v_lo, *v_hi] (v_lo <= 0 <= v_hi; either may be
   * infinite) such that for every v in it
   *   current(p, s, v, &d) returns exactly g * v, with d == g, and
   *   step_limit(p, s, v) returns INFINITY (the state holds).
   * Outside the window nothing is promised (the current may be nonlinear, or
   * the state may move). linear_resistor: everywhere; threshold_memristor:
   * between minus its reset and its set threshold. Arrays use it to cache g
   * per cell while the states do not move and to read a 2D array of such
   * cells with ideal wires in one pass (no class call per cell) as long as
   * every cell voltage is inside every window; otherwise they fall back to
   * current() and step_limit() per cell. Not used for cells with a
   * capacitance. tests/c/test_mxb_device.c checks the promise for every
   * class that declares it. */
  double (*ohmic)(const double *p, const double *s, double *v_lo, double *v_hi);

  /* Optional (NULL: not declared): a window of voltages over which the
   * state equations from state s do not depend on v (the state holds, or
   * relaxes at a rate of its own) and advance() solves them exactly.
   * Returns 1 and writes [*v_lo, *v_hi] such that for every voltage
   * waveform v(t) inside the window over [0, dt], the state at dt is
   * advance(p, s, v, dt) for any v in the window, whatever dt (to
   * rounding, no draw depending on v); returns 0 when s has no such window.
   * The ECM selector: |v| below v_hold (relaxation with tau_relax).
   * Arrays use it to advance a stacked cell, whose device voltages move
   * with its states, in one step where every device's window holds every
   * voltage the device can take (mxb_cell.c); otherwise they sub-step.
   * tests/c/test_mxb_device.c checks the promise for every class that
   * declares it. */
  int (*exact_window)(const double *p, const double *s, double *v_lo, double *v_hi);

  /* Optional (NULL: not declared): whether advance(p, s, v, dt) is the
   * exact solution of the state equations from s under the constant v for
   * every dt (then step_limit() bounds only how fast the state may change
   * the device's current, which matters when the device's voltage moves
   * with its state, as in a stack). Returns 1 or 0. The ECM selector: always
   * (exponential approach of w at a rate set by v); the ECM memory: unless
   * it is dissolving (there the rate depends on w). Arrays advance a lone
   * device under a fixed voltage in one step, and a device of a stack in
   * steps longer than its step limit while its voltage does not move
   * (mxb_cell.c). */
  int (*exact_const)(const double *p, const double *s, double v);

  /* Optional (NULL: none): per-model data beyond the double parameters (a
   * measured table, iv_table). A class that has it loads it from the device
   * card's "data" object (data_load; its content is the class's to define and
   * check, with messages naming the card and the key) and frees it with
   * data_free. data_load gets the card's "data" object, or NULL for a model
   * made by mxb_device_new (the class's default data), and card, the card's
   * path, from which file names in it are looked up (mxb_card_find with the
   * card as referrer: the card's folder first). The data are immutable once
   * loaded; clones of the model share them (reference-counted, freed with the
   * last model). Every class function reaches them through its parameter
   * vector with mxbi_device_data(p) (mxb_internal.h): p of such a class must
   * be a model's mxb_device_params(), never a copy. data_check, optional, is
   * the class's check() for parameters that depend on the data (an initial
   * level below the table's number of levels); it runs on every load and
   * mxb_device_set. */
  int (*data_load)(mxb_ctx_t *ctx, const struct cJSON *data, const char *card, void **out);
  void (*data_free)(void *data);
  int (*data_check)(const void *data, const double *p, char *msg, size_t msg_len);
} mxb_device_class_t;

/* The registered classes, NULL-terminated, and lookup by name (NULL if none). */
MXB_API const mxb_device_class_t *const *mxb_device_classes(void);
MXB_API const mxb_device_class_t *mxb_device_class_find(const char *name);

/* Index of a parameter or state name in a class, or -1. */
MXB_API int mxb_device_class_param(const mxb_device_class_t *cls, const char *name);
MXB_API int mxb_device_class_state(const mxb_device_class_t *cls, const char *name);

typedef struct mxb_device_s mxb_device_t;

/* New model of a class with every parameter at its default. NULL on error
 * (unknown class: MXB_ECLASS, message in ctx). Free with mxb_device_free. */
MXB_API mxb_device_t *mxb_device_new(mxb_ctx_t *ctx, const char *class_name);

/* Load a model from a device card (card.h) and apply overrides
 * ("key=value,key=value", NULL or "" for none). NULL on error; the message in
 * ctx names the file and the key. */
MXB_API mxb_device_t *mxb_device_load(mxb_ctx_t *ctx, const char *path,
                                      const char *overrides);

/* Independent copy of a model (parameters and name). NULL when out of memory. */
MXB_API mxb_device_t *mxb_device_clone(mxb_ctx_t *ctx, const mxb_device_t *dev);

MXB_API void mxb_device_free(mxb_device_t *dev);

/* Set one parameter, checked against its range and the class's check().
 * MXB_EKEY for an unknown name, MXB_ENAN, MXB_ERANGE. */
MXB_API int mxb_device_set(mxb_ctx_t *ctx, mxb_device_t *dev, const char *key,
                           double value);

/* Read one parameter. MXB_EKEY for an unknown name. */
MXB_API int mxb_device_get(mxb_ctx_t *ctx, const mxb_device_t *dev,
                           const char *key, double *value);

MXB_API const mxb_device_class_t *mxb_device_class(const mxb_device_t *dev);

/* The parameter vector, in the class's order (n_params values). */
MXB_API const double *mxb_device_params(const mxb_device_t *dev);

/* Where the model came from: the card path, or "<class>" for mxb_device_new. */
MXB_API const char *mxb_device_origin(const mxb_device_t *dev);

/* Source of a parameter's value: the card's "source" text, "override", or the
 * class default's provenance. NULL for an unknown key. */
MXB_API const char *mxb_device_provenance(const mxb_device_t *dev,
                                          const char *key);

/* Initial state of a lone device, as an array would give its memory at cell
 * (layer, row, col) in a context of the same seed: *rng gets the context's
 * seed and the cell's stream keys (mxb_rng_stream, D2D/C2C/READ), and s (n >=
 * the class's n_state values) the class's init with its device-to-device
 * draw. Pass both on to mxb_device_integrate. (The selector of a 1S1R cell
 * draws from layer + L, L the array's layers.) MXB_EINVAL for n too small. */
MXB_API int mxb_device_init_state(mxb_ctx_t *ctx, const mxb_device_t *dev,
                                  unsigned layer, unsigned row, unsigned col,
                                  double *s, size_t n, mxb_dev_rng_t *rng);

/* Integrate one lone device under a constant voltage v for dt seconds, with
 * adaptive sub-steps bounded by the class's step_limit. A convenience for
 * arrays and tests; arrays use it for every cell whose voltage is fixed. */
MXB_API int mxb_device_integrate(mxb_ctx_t *ctx, const mxb_device_t *dev,
                                 double *s, double v, double dt,
                                 const mxb_dev_rng_t *rng);

#endif
