/* mxbar tests: the seed-001 (Pt/STO/Nb:STO oxide tunnel junction) protocols
 * on arrays, shared by tests/c/test_dev_otj.c and tests/figures/fig_otj.c.
 *
 * Bench: cells between row lines (plane 0, the Pt top electrodes) and column
 * lines (plane 1, the Nb:STO bottom electrodes). Pulses drive a row line
 * while the column is held at 0 V (or, for STDP, the pre waveform drives the
 * row and the post waveform the column); reads are I(0.1 V)/0.1 V through
 * mxb_array_cell_conductance, which does not disturb the cell. No cmocka
 * here: functions return MXB_OK or a negative code. */
#ifndef OTJ_PROTO_H
#define OTJ_PROTO_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "mxb/mxb.h"

#define OTJ_VREAD 0.1
#define OT_TRY(x) do { int rc_ = (x); if (rc_) return rc_; } while (0)

/* A 1x1 bench of the shipped device card with overrides; both lines at 0 V. */
static inline mxb_array_t *otj_new(mxb_ctx_t *ctx, const char *overrides) {
  char path[1024];
  snprintf(path, sizeof path, "%s/otj_sto.json", mxb_card_dir());
  mxb_device_t *d = mxb_device_load(ctx, path, overrides);
  if (!d) return NULL;
  mxb_array_spec_t sp = {MXB_TOPO_2D, 1, 1, 1, 0.0, 0.0, d, NULL};
  mxb_array_t *a = mxb_array_new(ctx, &sp);
  mxb_device_free(d);
  if (!a) return NULL;
  if (mxb_array_drive(a, 0.0, 0, 0, 0.0, 0.0) || mxb_array_drive(a, 0.0, 1, 0, 0.0, 0.0)) {
    mxb_array_free(a);
    return NULL;
  }
  return a;
}

/* Conductance of cell (row, col) at 0.1 V at time t. */
static inline int otj_g(mxb_array_t *a, double t, int row, int col, double *g) {
  return mxb_array_cell_conductance(a, t, 0, row, col, OTJ_VREAD, g);
}

/* A rectangular pulse of v on row line `row` from t for width w (columns at
 * 0 V); returns MXB_OK. */
static inline int otj_pulse(mxb_array_t *a, int row, double t, double v, double w) {
  OT_TRY(mxb_array_drive(a, t, 0, row, v, 0.0));
  return mxb_array_drive(a, t + w, 0, row, 0.0, 0.0);
}

/* n pulses of v, width w, starting every period from t0. */
static inline int otj_train(mxb_array_t *a, int row, double t0, double v, double w,
                            double period, int n) {
  for (int k = 0; k < n; k++) OT_TRY(otj_pulse(a, row, t0 + k * period, v, w));
  return MXB_OK;
}

/* Peak current (A) at the end of each of n pulses (EPSC, the paper's A_k). */
static inline int otj_epsc_train(mxb_array_t *a, double t0, double v, double w,
                                 double period, int n, double *peak) {
  for (int k = 0; k < n; k++) {
    double ts = t0 + k * period;
    OT_TRY(mxb_array_drive(a, ts, 0, 0, v, 0.0));
    OT_TRY(mxb_array_cell_current(a, ts + w, 0, 0, 0, &peak[k]));
    OT_TRY(mxb_array_drive(a, ts + w, 0, 0, 0.0, 0.0));
  }
  return MXB_OK;
}

/* STDP spike (seed 001 Fig. S6 shape): a ramp of nr negative pulses of
 * growing magnitude (k-th of nr: -vn (k+1)/nr, each tr/nr long, back to back)
 * ending at the spike time, then +vp for 1 us. Value at time u relative to
 * the spike time. Each spike alone stays within +-1.5 V. */
typedef struct { double vp, vn, tr; int nr; } otj_spike_t;

static inline double otj_spike_v(const otj_spike_t *sp, double u) {
  if (u >= 0 && u < 1e-6) return sp->vp;
  if (u < 0 && u >= -sp->tr) {
    int k = (int)floor((u + sp->tr) / (sp->tr / sp->nr));
    if (k >= sp->nr) k = sp->nr - 1;
    return -sp->vn * (k + 1) / sp->nr;
  }
  return 0.0;
}

/* Breakpoints of a spike relative to its time (for the drive schedule). */
static inline int otj_spike_edges(const otj_spike_t *sp, double *e) {
  int n = 0;
  for (int k = 0; k <= sp->nr; k++) e[n++] = -sp->tr + k * sp->tr / sp->nr;
  e[n++] = 1e-6;
  return n;
}

static int otj_cmp_(const void *x, const void *y) {
  double a = *(const double *)x, b = *(const double *)y;
  return (a > b) - (a < b);
}

/* A general spike: piecewise-constant levels v[k] from t[k] to t[k+1]
 * (relative to the spike time; t[n] ends the last level, 0 V outside). */
#define OTJ_WAVE_MAX 64
typedef struct { int n; double t[OTJ_WAVE_MAX + 1], v[OTJ_WAVE_MAX]; } otj_wave_t;

static inline double otj_wave_v(const otj_wave_t *w, double u) {
  for (int k = 0; k < w->n; k++)
    if (u >= w->t[k] && u < w->t[k + 1]) return w->v[k];
  return 0.0;
}

/* The ramp spike as a general wave. */
static inline void otj_spike_wave(const otj_spike_t *sp, otj_wave_t *w) {
  double e[OTJ_WAVE_MAX + 1];
  int m = otj_spike_edges(sp, e);
  w->n = m - 1;
  for (int k = 0; k < m; k++) w->t[k] = e[k];
  for (int k = 0; k + 1 < m; k++) w->v[k] = otj_spike_v(sp, 0.5 * (e[k] + e[k + 1]));
}

/* Pre wave on the row (top), post wave on the column (bottom), post time =
 * pre time + dt. Returns the relative nonvolatile change dW = (G_after -
 * G_before) / G_before, G read 100 us after the pair (STM gone). */
static inline int otj_stdp_wave(mxb_ctx_t *ctx, const char *ovr, const otj_wave_t *pre,
                                const otj_wave_t *post, double dt, double *dw) {
  mxb_array_t *a = otj_new(ctx, ovr);
  if (!a) return MXB_ENOMEM;
  double tp = 100e-6, tq = tp + dt, ev[2 * (OTJ_WAVE_MAX + 1)], g0, g1;
  int n = 0;
  for (int k = 0; k <= pre->n; k++) ev[n++] = tp + pre->t[k];
  for (int k = 0; k <= post->n; k++) ev[n++] = tq + post->t[k];
  qsort(ev, (size_t)n, sizeof ev[0], otj_cmp_);
  int rc = otj_g(a, 1e-6, 0, 0, &g0);
  for (int k = 0; k < n && !rc; k++) {
    double t = ev[k], h = 1e-12; /* sample just after the edge */
    rc = mxb_array_drive(a, t, 0, 0, otj_wave_v(pre, t + h - tp), 0.0);
    if (!rc) rc = mxb_array_drive(a, t, 1, 0, otj_wave_v(post, t + h - tq), 0.0);
  }
  double ep = tp + pre->t[pre->n], eq = tq + post->t[post->n];
  if (!rc) rc = otj_g(a, (ep > eq ? ep : eq) + 100e-6, 0, 0, &g1);
  if (!rc) *dw = (g1 - g0) / g0;
  mxb_array_free(a);
  return rc;
}

/* The same with the ramp spikes (antisymmetric form). */
static inline int otj_stdp(mxb_ctx_t *ctx, const char *ovr, const otj_spike_t *pre,
                           const otj_spike_t *post, double dt, double *dw) {
  otj_wave_t wp, wq;
  otj_spike_wave(pre, &wp);
  otj_spike_wave(post, &wq);
  return otj_stdp_wave(ctx, ovr, &wp, &wq, dt, dw);
}

/* Symmetric (Hebbian) pair: the pre spike is a stepped profile symmetric in
 * time, vc - c u^2 in 1 us steps (u the step centre, us) for |u| < tk and
 * -vw for tk <= |u| <= tw (negative wings); the post spike samples it where it lands: a short negative
 * pulse on the bottom electrode (the cell sees +vq for 1 us) flanked by
 * positive ones (the cell sees -vd for 1 us on each side). Near dt = 0 the
 * cell sees vq + vc (potentiation, falling as exp(-c dt^2 / v0) with the
 * hopping field voltage v0: a Gaussian); far out, on the negative wings, the
 * flanks see -(vd + vw) (depression). Each spike alone stays within +-1.5 V. */
typedef struct { double vc, c, tk, vw, tw, vq, vd; } otj_sym_t;

static inline void otj_sym_pre(const otj_sym_t *p, otj_wave_t *w) {
  int m = (int)floor(p->tw / 1e-6);
  if (2 * m + 1 > OTJ_WAVE_MAX) m = (OTJ_WAVE_MAX - 1) / 2;
  w->n = 2 * m + 1;
  for (int k = 0; k <= 2 * m + 1; k++) w->t[k] = (k - m - 0.5) * 1e-6;
  for (int k = 0; k < 2 * m + 1; k++) {
    double u = k - m; /* step centre, us */
    w->v[k] = fabs(u) < p->tk * 1e6 ? p->vc - p->c * u * u : -p->vw;
  }
}

static inline void otj_sym_post(const otj_sym_t *p, otj_wave_t *w) {
  w->n = 3;
  w->t[0] = -1.5e-6; w->t[1] = -0.5e-6; w->t[2] = 0.5e-6; w->t[3] = 1.5e-6;
  w->v[0] = p->vd; w->v[1] = -p->vq; w->v[2] = p->vd;
}

/* Least-squares fit of y = A exp(-x/tau) + W0 over tau (grid + refinement),
 * A and W0 linear. Returns the residual rms. */
static inline double otj_fit_exp(const double *x, const double *y, int n, double *A,
                                 double *tau, double *W0) {
  double best = INFINITY;
  *A = *tau = *W0 = 0;
  for (double lt = log(0.3e-6); lt < log(50e-6); lt += 0.002) {
    double t = exp(lt), sf = 0, sff = 0, sy = 0, sfy = 0;
    for (int k = 0; k < n; k++) {
      double f = exp(-x[k] / t);
      sf += f; sff += f * f; sy += y[k]; sfy += f * y[k];
    }
    double det = n * sff - sf * sf;
    if (fabs(det) < 1e-300) continue;
    double a = (n * sfy - sf * sy) / det, w = (sy - a * sf) / n, r = 0;
    for (int k = 0; k < n; k++) { double d = y[k] - a * exp(-x[k] / t) - w; r += d * d; }
    if (r < best) { best = r; *A = a; *tau = t; *W0 = w; }
  }
  return sqrt(best / n);
}

/* Least-squares fit of y = A exp(-(x/tau)^2) + W0 over tau (grid), A and W0
 * linear. Returns the residual rms. */
static inline double otj_fit_gauss(const double *x, const double *y, int n, double *A,
                                   double *tau, double *W0) {
  double best = INFINITY;
  *A = *tau = *W0 = 0;
  for (double lt = log(0.3e-6); lt < log(50e-6); lt += 0.002) {
    double t = exp(lt), sf = 0, sff = 0, sy = 0, sfy = 0;
    for (int k = 0; k < n; k++) {
      double f = exp(-(x[k] / t) * (x[k] / t));
      sf += f; sff += f * f; sy += y[k]; sfy += f * y[k];
    }
    double det = n * sff - sf * sf;
    if (fabs(det) < 1e-300) continue;
    double a = (n * sfy - sf * sy) / det, w = (sy - a * sf) / n, r = 0;
    for (int k = 0; k < n; k++) {
      double d = y[k] - a * exp(-(x[k] / t) * (x[k] / t)) - w;
      r += d * d;
    }
    if (r < best) { best = r; *A = a; *tau = t; *W0 = w; }
  }
  return sqrt(best / n);
}

/* The STDP spike pair used by the tests and the figure: pre (row, top) and
 * post (column, bottom) share the ramp (30 x 1 us steps down to -1.2 V);
 * post's positive pulse is a little higher (LTD branch). Alone, each stays
 * within +-1.2 V. */
static const otj_spike_t OTJ_PRE = {0.86, 1.2, 30e-6, 30};
static const otj_spike_t OTJ_POST = {1.08, 1.2, 30e-6, 30};
#define OTJ_STDP_X0 "x0=0.1"

/* The symmetric pair used by the tests and the figure: pre peak 1.0 V,
 * c = 0.022 V/us^2 (the potentiation grows about as exp(V/v0) with an
 * effective v0 ~ 0.24 V near the onset of the hopping rates, so tau3 ~
 * sqrt(v0/c) ~ 3.3 us), wings -0.8 V from 5.5 us to 12 us; post: the cell
 * sees +1.06 V, flanks -1.2 V. */
static const otj_sym_t OTJ_SYM = {1.0, 0.022, 5.5e-6, 0.8, 12e-6, 1.06, 1.2};

/* 5x5 letters (seed 001 Fig. 4a). */
static const char *const OTJ_LETTER[3][5] = {
    {"01111", "10000", "10000", "10000", "01111"}, /* C */
    {"10001", "10001", "11111", "10001", "10001"}, /* H */
    {"10001", "11001", "10101", "10011", "10001"}, /* N */
};

/* Train row r of a letter from t: row r at v, its letter columns at 0 V, the
 * other lines at v/2 (half-selected cells see v/2); 10 pulses of 50 ns every
 * period, then all lines at 0 V. *tend: the end of the last pulse. */
static inline int otj_letter_row(mxb_array_t *a, int letter, int r, double v, double period,
                                 double t, double *tend) {
  for (int k = 0; k < 10; k++) {
    double ts = t + k * period;
    for (int q = 0; q < 5; q++) {
      OT_TRY(mxb_array_drive(a, ts, 0, q, q == r ? v : 0.5 * v, 0.0));
      OT_TRY(mxb_array_drive(a, ts, 1, q, OTJ_LETTER[letter][r][q] == '1' ? 0.0 : 0.5 * v, 0.0));
    }
    for (int q = 0; q < 5; q++) {
      OT_TRY(mxb_array_drive(a, ts + 50e-9, 0, q, 0.0, 0.0));
      OT_TRY(mxb_array_drive(a, ts + 50e-9, 1, q, 0.0, 0.0));
    }
  }
  *tend = t + 9 * period + 50e-9;
  return MXB_OK;
}

/* Train a letter into a 5x5 array row by row from t0 (otj_letter_row).
 * After each row: g_after[r*5+c] right after the last pulse, then g_late 25 us
 * later; the next row starts 5 us after that. Returns the time at the end. */
static inline int otj_letter(mxb_array_t *a, int letter, double v, double period,
                             double t0, double *g_after, double *g_late, double *tend) {
  double t = t0;
  for (int r = 0; r < 5; r++) {
    double te;
    OT_TRY(otj_letter_row(a, letter, r, v, period, t, &te));
    for (int c = 0; c < 5; c++) OT_TRY(otj_g(a, te, r, c, &g_after[r * 5 + c]));
    for (int c = 0; c < 5; c++) OT_TRY(otj_g(a, te + 25e-6, r, c, &g_late[r * 5 + c]));
    t = te + 30e-6;
  }
  *tend = t;
  return MXB_OK;
}

/* Contrast of a 5x5 map for a letter: smallest letter pixel over the largest
 * other pixel (> 1: the letter shows). */
static inline double otj_contrast(const double *g, int letter) {
  double lo = INFINITY, hi = 0;
  for (int k = 0; k < 25; k++) {
    if (OTJ_LETTER[letter][k / 5][k % 5] == '1') { if (g[k] < lo) lo = g[k]; }
    else if (g[k] > hi) hi = g[k];
  }
  return lo / hi;
}

/* Largest letter pixel over the smallest other pixel (near 1: the letter is gone). */
static inline double otj_residual(const double *g, int letter) {
  double hi = 0, lo = INFINITY;
  for (int k = 0; k < 25; k++) {
    if (OTJ_LETTER[letter][k / 5][k % 5] == '1') { if (g[k] > hi) hi = g[k]; }
    else if (g[k] < lo) lo = g[k];
  }
  return hi / lo;
}

/* The 5x5 array card. */
static inline mxb_array_t *otj_new5(mxb_ctx_t *ctx) {
  char path[1024];
  snprintf(path, sizeof path, "%s/otj_sto_5x5.json", mxb_card_dir());
  mxb_array_t *a = mxb_array_load(ctx, path, NULL);
  if (!a) return NULL;
  for (int q = 0; q < 5; q++)
    if (mxb_array_drive(a, 0.0, 0, q, 0.0, 0.0) || mxb_array_drive(a, 0.0, 1, q, 0.0, 0.0)) {
      mxb_array_free(a);
      return NULL;
    }
  return a;
}

#endif
