/* mxbar tests: the seed-002 (ECM 1S1R synapse) protocols on a 1x1 bench
 * (dev_bench.h: the selector alone, or the 1S1R pair), shared by
 * tests/c/test_dev_ecm.c and tests/figures/fig_ecm.c. Bias on the top line
 * (plane 0), bottom at 0 V. Reads are 0.7 V pulses of 1 us: the selector must
 * switch on during the read, as in the paper's measurements. */
#ifndef ECM_PROTO_H
#define ECM_PROTO_H

#include "dev_bench.h"

#define ECM_SEL "ecm_selector.json"
#define ECM_MEM "ecm_memory.json"

static inline bench_t *ecm_cell(uint64_t seed) { return bench_new(seed, ECM_MEM, ECM_SEL, NULL); }

/* Read pulse of v for 1 us from *t, then 0 V for 100 us; current at its end. */
static inline double ecm_rd(bench_t *b, double *t, double v) {
  BENCH_OK(bench_drive(b, *t, 0, v, 0), b->ctx);
  double i = bench_current(b, *t + 1e-6);
  BENCH_OK(bench_drive(b, *t + 1e-6, 0, 0.0, 0), b->ctx);
  *t += 101e-6;
  return i;
}

/* Triangular DC sweep 0 -> vmax -> 0 in steps of dv held `hold` s each;
 * records the first |V| where |I| rises above ion (on the way up) into *von
 * and, on the way down, the first |V| where |I| falls below ioff into *voff
 * (NaN if never), the largest |I| into *imax (may be NULL), and each step's
 * V and I into vv[k], ii[k] (2 |vmax|/dv values; may be NULL). Returns the
 * time at the end (line back at 0 V). */
static inline double ecm_sweep(bench_t *b, double t, double vmax, double dv, double hold,
                               double ion, double ioff, double *von, double *voff,
                               double *imax, double *vv, double *ii) {
  int n = (int)lround(fabs(vmax) / dv);
  double sg = vmax > 0 ? 1 : -1;
  *von = *voff = NAN;
  if (imax) *imax = 0;
  for (int k = 1; k <= 2 * n; k++) {
    double v = sg * dv * (k <= n ? k : 2 * n - k);
    BENCH_OK(bench_drive(b, t, 0, v, 0), b->ctx);
    t += hold;
    double is = bench_current(b, t), i = fabs(is);
    if (vv) vv[k - 1] = v;
    if (ii) ii[k - 1] = is;
    if (imax && i > *imax) *imax = i;
    if (k <= n && isnan(*von) && i > ion) *von = fabs(v);
    if (k > n && isnan(*voff) && i < ioff) *voff = fabs(v);
  }
  BENCH_OK(bench_drive(b, t, 0, 0.0, 0), b->ctx);
  return t;
}

/* Reset ramp of a set-reset cycle (seed 002 Fig. 4b/4c): 0 -> vmin -> 0 V
 * (vmin < 0) in steps of dv held `hold` s. The reset voltage *vreset (> 0,
 * NaN if none) is the first |V| on the way down at which |I| falls below a
 * tenth of its running maximum (which must have exceeded 1 uA). Each step's V
 * and I go to vv, ii (may be NULL). Returns the time at the end. */
static inline double ecm_reset_ramp(bench_t *b, double t, double vmin, double dv, double hold,
                                    double *vreset, double *vv, double *ii) {
  int n = (int)lround(fabs(vmin) / dv);
  double imax = 0;
  *vreset = NAN;
  for (int k = 1; k <= 2 * n; k++) {
    double v = -dv * (k <= n ? k : 2 * n - k);
    BENCH_OK(bench_drive(b, t, 0, v, 0), b->ctx);
    t += hold;
    double is = bench_current(b, t), i = fabs(is);
    if (vv) vv[k - 1] = v;
    if (ii) ii[k - 1] = is;
    if (i > imax) imax = i;
    if (k <= n && isnan(*vreset) && imax > 1e-6 && i < 0.1 * imax) *vreset = -v;
  }
  BENCH_OK(bench_drive(b, t, 0, 0.0, 0), b->ctx);
  return t;
}

/* One DC set-reset cycle of the cell (0 -> 3 -> 0 -> -3 -> 0 V, 20 mV steps
 * of 1 ms): set voltage (|I| rises above 1 uA) into *vset, reset voltage
 * (ecm_reset_ramp) into *vreset; each step's V, I into vv, ii (600 values;
 * may be NULL). Returns the time at the end. */
static inline double ecm_dc_cycle(bench_t *b, double t, double *vset, double *vreset,
                                  double *vv, double *ii) {
  double voff;
  t = ecm_sweep(b, t, 3.0, 0.02, 1e-3, 1e-6, 0.0, vset, &voff, NULL, vv, ii);
  return ecm_reset_ramp(b, t, -3.0, 0.02, 1e-3, vreset, vv ? vv + 300 : NULL,
                        ii ? ii + 300 : NULL);
}

/* Switching time under a pulse of v from the present state: set (v > 0):
 * time for the current to reach half its final value; reset: time from the
 * peak until it falls to half the peak. Sampled every 0.5 us for tmax; NaN if
 * it did not switch (set: the current did not rise tenfold). Advances *t past the pulse and 1 ms of rest. */
static inline double ecm_switch_time(bench_t *b, double *t, double v, double tmax) {
  int n = (int)(tmax / 0.5e-6);
  double *i = malloc((size_t)(n + 1) * sizeof *i);
  BENCH_CHECK(i != NULL, b->ctx);
  BENCH_OK(bench_drive(b, *t, 0, v, 0), b->ctx);
  for (int k = 0; k <= n; k++) i[k] = fabs(bench_current(b, *t + k * 0.5e-6));
  BENCH_OK(bench_drive(b, *t + tmax, 0, 0.0, 0), b->ctx);
  *t += tmax + 1e-3;
  double ts = NAN;
  if (v > 0) {
    if (i[n] > 10 * i[0]) /* it switched (a cell that did not nucleate stays at the HRS) */
      for (int k = 0; k <= n; k++)
        if (i[k] >= 0.5 * i[n]) { ts = k * 0.5e-6; break; }
  } else {
    int kp = 0;
    for (int k = 0; k <= n; k++) if (i[k] > i[kp]) kp = k;
    for (int k = kp; k <= n; k++)
      if (i[k] <= 0.5 * i[kp]) { ts = (k - kp) * 0.5e-6; break; }
  }
  free(i);
  return ts;
}

#define ECM_STAIR_N 17

/* Multilevel staircase (seed 002 Fig. S14): ECM_STAIR_N pulses of 20 us
 * rising 2.1 -> 2.5 V (step 25 mV), then ECM_STAIR_N of -2.2 -> -2.6 V, each
 * followed by 100 us of rest and a 0.7 V read: read currents into up[], dn[]. */
static inline void ecm_staircase(bench_t *b, double *t, double *up, double *dn) {
  for (int k = 0; k < ECM_STAIR_N; k++) {
    *t = bench_pulse(b, *t, 2.1 + 0.025 * k, 20e-6) + 100e-6;
    up[k] = ecm_rd(b, t, 0.7);
  }
  for (int k = 0; k < ECM_STAIR_N; k++) {
    *t = bench_pulse(b, *t, -2.2 - 0.025 * k, 20e-6) + 100e-6;
    dn[k] = ecm_rd(b, t, 0.7);
  }
}

#endif
