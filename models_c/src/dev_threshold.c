/* mxbar device class "threshold_memristor": a minimal voltage-threshold
 * memristor for tests of the interface and the engine.
 *
 * State w in [0, 1] interpolates the conductance linearly between g_off and
 * g_on (a filament whose cross-section grows with w). Above the set threshold
 * the state rises, below minus the reset threshold it falls, at a rate
 * proportional to the overdrive:
 *   v >  v_set:   dw/dt =  (v - v_set) / (v_set * tau_set) * (1 - w)
 *   v < -v_reset: dw/dt = -(|v| - v_reset) / (v_reset * tau_reset) * w
 * which is integrated exactly under a constant v. Between the thresholds the
 * state holds (nonvolatile, no drift). The set threshold of each device is
 * drawn once (device-to-device variation, relative std sigma_d2d). */
#include <math.h>
#include <stdio.h>
#include "mxb_internal.h"

enum { P_GON, P_GOFF, P_VSET, P_VRESET, P_TSET, P_TRESET, P_SD2D, P_W0, NP };
enum { S_W, S_VSET, NS };

static const mxb_param_def_t params[NP] = {
    [P_GON] = {"g_on", "S", 1e-4, 1e-12, 1.0, "illustrative test value", "conductance at w = 1"},
    [P_GOFF] = {"g_off", "S", 1e-6, 1e-15, 1.0, "illustrative test value", "conductance at w = 0"},
    [P_VSET] = {"v_set", "V", 1.0, 1e-3, 100.0, "illustrative test value", "set threshold (positive bias)"},
    [P_VRESET] = {"v_reset", "V", 1.0, 1e-3, 100.0, "illustrative test value", "reset threshold magnitude (negative bias)"},
    [P_TSET] = {"tau_set", "s", 1e-6, 1e-15, 1e6, "illustrative test value", "set time constant at 2x threshold"},
    [P_TRESET] = {"tau_reset", "s", 1e-6, 1e-15, 1e6, "illustrative test value", "reset time constant at 2x threshold"},
    [P_SD2D] = {"sigma_d2d", "1", 0.0, 0.0, 0.5, "none (no variation)", "relative std of the set threshold between devices"},
    [P_W0] = {"w0", "1", 0.0, 0.0, 1.0, "fully reset", "initial state"},
};

/* Ranges: w interpolates g between g_off and g_on, so outside [0, 1] the
 * conductance leaves the device's span (w < 0 below g_off, possibly
 * negative). v_set_dev is v_set (>= 1e-3 V) times a draw floored at 0.2 in
 * thr_init, so >= 2e-4 V (it divides the set rate), and at most 100 V times
 * 1 + 0.5 x 8.7 (sigma_d2d <= 0.5; no Philox normal exceeds 8.7 sigma):
 * 1e3 V bounds it. */
static const mxb_state_def_t states[NS] = {
    [S_W] = {"w", "1", "filament state, 0 = off, 1 = on", 0.0, 1.0},
    [S_VSET] = {"v_set_dev", "V", "this device's set threshold", 2e-4, 1e3},
};

static int thr_check(const double *p, char *msg, size_t n) {
  static const int below[][2] = {{P_GOFF, P_GON}};
  return mxbi_check_below(params, p, below, sizeof below / sizeof below[0], msg, n);
}

static int thr_init(const double *p, double *s, const mxb_dev_rng_t *rng) {
  double z = p[P_SD2D] > 0 ? mxb_rng_normal(rng->seed, rng->d2d, 0) : 0.0;
  double f = 1.0 + p[P_SD2D] * z;
  s[S_W] = p[P_W0];
  s[S_VSET] = p[P_VSET] * (f > 0.2 ? f : 0.2); /* a threshold stays positive */
  return MXB_OK;
}

static double thr_g(const double *p, const double *s) {
  return p[P_GOFF] + s[S_W] * (p[P_GON] - p[P_GOFF]);
}

static double thr_current(const double *p, const double *s, double v, double *didv) {
  double g = thr_g(p, s);
  *didv = g;
  return g * v;
}

/* Rate r of the exponential approach (1/s) and its target, under v. */
static double thr_rate(const double *p, const double *s, double v, double *target) {
  if (v > s[S_VSET]) {
    *target = 1.0;
    return (v - s[S_VSET]) / (s[S_VSET] * p[P_TSET]);
  }
  if (v < -p[P_VRESET]) {
    *target = 0.0;
    return (-v - p[P_VRESET]) / (p[P_VRESET] * p[P_TRESET]);
  }
  *target = s[S_W];
  return 0.0;
}

static int thr_advance(const double *p, double *s, double v, double dt,
                       const mxb_dev_rng_t *rng) {
  (void)rng;
  double target, r = thr_rate(p, s, v, &target);
  s[S_W] = target + (s[S_W] - target) * exp(-r * dt);
  return MXB_OK;
}

/* Exact under constant v, but the conductance moves, so a network holding the
 * device re-solves every quarter time constant. */
static double thr_step_limit(const double *p, const double *s, double v) {
  double target, r = thr_rate(p, s, v, &target);
  return r > 0 ? 0.25 / r : INFINITY;
}

/* The current is g(w) V at any voltage, but w moves outside
 * [-v_reset, v_set_dev] (thr_rate), so the conductance is constant only in
 * that window. */
static double thr_ohmic(const double *p, const double *s, double *v_lo, double *v_hi) {
  *v_lo = -p[P_VRESET];
  *v_hi = s[S_VSET];
  return thr_g(p, s);
}

const mxb_device_class_t mxbi_class_threshold_memristor = {
    .name = "threshold_memristor",
    .doc = "Voltage-threshold memristor with a linear conductance state (for tests).",
    .n_params = NP,
    .params = params,
    .n_state = NS,
    .states = states,
    .check = thr_check,
    .init = thr_init,
    .current = thr_current,
    .advance = thr_advance,
    .step_limit = thr_step_limit,
    .ohmic = thr_ohmic,
};
