/* mxbar tests: the seed-003 (MXene energy-storage synapse) protocols on a 1x1
 * array, shared by tests/c/test_dev_fmes.c and tests/figures/fig_fmes.c.
 *
 * Bench: the device between line 0 of plane 0 (presynaptic terminal) and line
 * 0 of plane 1 (held at 0 V by a virtual ground). Current spikes come from a
 * current source on end A of the presynaptic line (MXB_TERM_CURRENT, value =
 * amps into the line); the postsynaptic voltage (PSV) is the voltage across
 * the device, read with mxb_array_cell_voltages. The I-V sweep drives the
 * same line with a voltage staircase instead.
 *
 * Spike protocol (the paper gives amplitudes, not every width): 1 ms spikes
 * (seed 003 Fig. 2c "same stimulating time (1 ms)"), trains at 500 Hz (Fig.
 * 3f/3g), so a spike and a 1 ms gap. No cmocka here: functions return a
 * status (MXB_OK or negative). */
#ifndef FMES_PROTO_H
#define FMES_PROTO_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "mxb/mxb.h"

#define FM_WIDTH 1e-3  /* s, spike width */
#define FM_PERIOD 2e-3 /* s, train period (500 Hz) */

#define FM_TRY(x) do { int rc_ = (x); if (rc_) return rc_; } while (0)

/* A 1x1 bench of the shipped card with overrides ("r_reg=500", "r_open=1").
 * The presynaptic line floats until a spike (a current source at 0 A). */
static inline mxb_array_t *fm_new(mxb_ctx_t *ctx, const char *overrides) {
  char path[1024];
  snprintf(path, sizeof path, "%s/fmes_mxene.json", mxb_card_dir());
  mxb_device_t *d = mxb_device_load(ctx, path, overrides);
  if (!d) return NULL;
  mxb_array_spec_t sp = {MXB_TOPO_2D, 1, 1, 1, 0.0, 0.0, d, NULL};
  mxb_array_t *a = mxb_array_new(ctx, &sp);
  mxb_device_free(d);
  if (!a) return NULL;
  if (mxb_array_sense(a, 0.0, 1, 0, 0.0) ||
      mxb_array_set_end(a, 0.0, 0, 0, MXB_END_A, MXB_TERM_CURRENT, 0.0, 0.0)) {
    mxb_array_free(a);
    return NULL;
  }
  return a;
}

/* Postsynaptic voltage at time t. */
static inline int fm_psv(mxb_array_t *a, double t, double *v) {
  double vt, vb;
  FM_TRY(mxb_array_cell_voltages(a, t, 0, 0, 0, &vt, &vb, NULL));
  *v = vt - vb;
  return MXB_OK;
}

/* Present current drive (A) from t on. */
static inline int fm_current(mxb_array_t *a, double t, double amps) {
  return mxb_array_set_end(a, t, 0, 0, MXB_END_A, MXB_TERM_CURRENT, amps, 0.0);
}

/* n spikes of amps (width FM_WIDTH) every period from t0. peak[k] (may be
 * NULL) gets the PSV at the end of spike k, rest[k] (may be NULL) the PSV
 * just before the next spike would start (t0 + (k+1) period). */
static inline int fm_train(mxb_array_t *a, double t0, double amps, double period,
                           int n, double *peak, double *rest) {
  for (int k = 0; k < n; k++) {
    double ts = t0 + k * period, v;
    FM_TRY(fm_current(a, ts, amps));
    if (peak) { FM_TRY(fm_psv(a, ts + FM_WIDTH, &v)); peak[k] = v; }
    FM_TRY(fm_current(a, ts + FM_WIDTH, 0.0));
    if (rest) { FM_TRY(fm_psv(a, t0 + (k + 1) * period, &v)); rest[k] = v; }
  }
  return MXB_OK;
}

/* Paired-pulse facilitation: two 1 mA spikes whose starts are dt apart.
 * A1, A2: PSV at the end of each spike. */
static inline int fm_ppf(mxb_ctx_t *ctx, const char *ovr, double amps, double dt,
                         double *a1, double *a2) {
  mxb_array_t *a = fm_new(ctx, ovr);
  if (!a) return MXB_ENOMEM;
  int rc = fm_train(a, 1e-3, amps, dt, 1, a1, NULL);
  if (!rc) rc = fm_train(a, 1e-3 + dt, amps, dt, 1, a2, NULL);
  mxb_array_free(a);
  return rc;
}

/* I-V sweep 0 -> vmax at rate (V/s) as a staircase of dv steps on the
 * presynaptic line; i[k] is the current at v = (k+1) dv (end of step k).
 * Writes at most n points; returns their number through *np. */
static inline int fm_sweep(mxb_ctx_t *ctx, const char *ovr, double rate, double vmax,
                           double dv, double *v, double *i, int n, int *np) {
  mxb_array_t *a = fm_new(ctx, ovr);
  if (!a) return MXB_ENOMEM;
  double h = dv / rate, t = 0.0;
  int k = 0, rc = MXB_OK;
  for (; k < n && (k + 1) * dv <= vmax + 1e-12; k++) {
    double vk = (k + 1) * dv;
    rc = mxb_array_drive(a, t, 0, 0, vk, 0.0);
    if (!rc) rc = mxb_array_end_current(a, t + h, 0, 0, MXB_END_A, &i[k]);
    if (rc) break;
    v[k] = vk;
    t += h;
  }
  *np = k;
  mxb_array_free(a);
  return rc;
}

/* Non-linearity of a potentiation curve w[0..n-1] (weight vs pulse number):
 * the largest deviation from the straight line between its end points,
 * relative to the swing (0: linear). */
static inline double fm_nonlinearity(const double *w, int n) {
  double w0 = w[0], w1 = w[n - 1], d = 0.0;
  for (int k = 0; k < n; k++) {
    double lin = w0 + (w1 - w0) * k / (double)(n - 1);
    double e = fabs(w[k] - lin);
    if (e > d) d = e;
  }
  return d / fabs(w1 - w0);
}

#endif
