/* mxbar tests: a one-cell bench for the device validation tests
 * (test_dev_cu_pmssq.c, test_dev_ecm.c) and the figure programs
 * (tests/figures/fig_cu_*.c, fig_ecm_*.c), driven like a testbench drives an
 * array: drive a line (plane 0 = top electrode, plane 1 = bottom electrode)
 * at time t, advance, read the cell current / conductance / energy. Every
 * call goes through the public mxb_array_* API on a 1x1 array (2D, or 1S1R
 * with the selector).
 *
 * A failed call ends the caller: under cmocka (mxb_test.h included first) as
 * a failed assertion, elsewhere (figure programs) by printing the condition
 * and the context's message and exiting with status 1. */
#ifndef DEV_BENCH_H
#define DEV_BENCH_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "mxb/mxb.h"

#ifndef BENCH_CHECK
#ifdef cmocka_unit_test
#define BENCH_CHECK(cond, ctx)                                                 \
  do {                                                                         \
    if (!(cond)) print_error("%s\n", mxb_ctx_errmsg(ctx));                     \
    assert_true(cond);                                                         \
  } while (0)
#else
#define BENCH_CHECK(cond, ctx)                                                 \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "%s:%d: %s failed: %s\n", __FILE__, __LINE__, #cond,     \
              mxb_ctx_errmsg(ctx));                                            \
      exit(1);                                                                 \
    }                                                                          \
  } while (0)
#endif
#endif
#define BENCH_OK(call, ctx) BENCH_CHECK((call) == MXB_OK, ctx)

typedef struct {
  mxb_ctx_t *ctx;
  mxb_array_t *a;
} bench_t;

/* A 1x1 bench of a device card (sel_card NULL: 2D) or of a 1S1R pair (memory
 * card + selector card), cards named relative to models_c/cards; overrides
 * apply to the memory / device card. Both lines start driven at 0 V (ideal). */
static inline bench_t *bench_new(uint64_t seed, const char *mem_card,
                                 const char *sel_card, const char *overrides) {
  bench_t *b = calloc(1, sizeof *b);
  char p[1024];
  if (!b) {
    fprintf(stderr, "bench_new: out of memory\n");
    exit(1);
  }
  b->ctx = mxb_ctx_new(seed);
  snprintf(p, sizeof p, "%s/%s", mxb_card_dir(), mem_card);
  mxb_device_t *mem = mxb_device_load(b->ctx, p, overrides), *sel = NULL;
  BENCH_CHECK(mem != NULL, b->ctx);
  if (sel_card) {
    snprintf(p, sizeof p, "%s/%s", mxb_card_dir(), sel_card);
    sel = mxb_device_load(b->ctx, p, NULL);
    BENCH_CHECK(sel != NULL, b->ctx);
  }
  mxb_array_spec_t sp = {sel_card ? MXB_TOPO_1S1R : MXB_TOPO_2D, 1, 1, 1, 0.0, 0.0, mem, sel};
  b->a = mxb_array_new(b->ctx, &sp);
  mxb_device_free(mem); /* the array keeps its own copies */
  mxb_device_free(sel);
  BENCH_CHECK(b->a != NULL, b->ctx);
  BENCH_OK(mxb_array_drive(b->a, 0.0, 0, 0, 0.0, 0.0), b->ctx);
  BENCH_OK(mxb_array_drive(b->a, 0.0, 1, 0, 0.0, 0.0), b->ctx);
  return b;
}

static inline void bench_free(bench_t *b) {
  if (!b) return;
  mxb_array_free(b->a);
  mxb_ctx_free(b->ctx);
  free(b);
}

/* Drive line 0 of a plane (0 top, 1 bottom) at time t through r_source;
 * returns the status. */
static inline int bench_drive(bench_t *b, double t, int plane, double volts,
                              double r_source) {
  return mxb_array_drive(b->a, t, plane, 0, volts, r_source);
}

static inline void bench_advance(bench_t *b, double t) {
  BENCH_OK(mxb_array_advance(b->a, t), b->ctx);
}

/* Cell current (A, top to bottom) at time t. */
static inline double bench_current(bench_t *b, double t) {
  double i = NAN;
  BENCH_OK(mxb_array_cell_current(b->a, t, 0, 0, 0, &i), b->ctx);
  return i;
}

/* Cell voltage (top minus bottom) at time t. */
static inline double bench_vcell(bench_t *b, double t) {
  double vt = NAN, vb = NAN;
  BENCH_OK(mxb_array_cell_voltages(b->a, t, 0, 0, 0, &vt, &vb, NULL), b->ctx);
  return vt - vb;
}

/* Conductance I(v_read)/v_read of the cell at time t, without disturbing it. */
static inline double bench_g(bench_t *b, double t, double v_read) {
  double g = NAN;
  BENCH_OK(mxb_array_cell_conductance(b->a, t, 0, 0, 0, v_read, &g), b->ctx);
  return g;
}

/* Energy dissipated in the cell since creation (J) at time t. */
static inline double bench_energy(bench_t *b, double t) {
  double es, ec = NAN;
  BENCH_OK(mxb_array_energy(b->a, t, &es, &ec), b->ctx);
  return ec;
}

/* A rectangular pulse on the top line from t0: v for width, then 0 V. */
static inline double bench_pulse(bench_t *b, double t0, double v, double width) {
  BENCH_OK(bench_drive(b, t0, 0, v, 0.0), b->ctx);
  BENCH_OK(bench_drive(b, t0 + width, 0, 0.0, 0.0), b->ctx);
  return t0 + width;
}

#endif
