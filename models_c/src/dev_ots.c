/* mxbar device class "ots_selector": a two-terminal volatile threshold
 * switch in the ovonic-threshold-switch (OTS) form, for 1S1R and 3D stacks.
 * V is top minus bottom; the device is symmetric (odd in V).
 *
 * Conduction, the two branches of the OTS I-V:
 *   OFF, sub-threshold hopping (Poole-Frenkel-type, D. Ielmini, Y. Zhang,
 *   J. Appl. Phys. 102:054517, 2007: I proportional to sinh of the voltage
 *   over a voltage scale set by the trap distance):
 *     I_off = i0 sinh(V / v0)
 *   ON, a conducting channel with the holding voltage and a dynamic
 *   resistance (the snap-back branch V = V_hold + R_on I of OTS data),
 *   rounded over v_s at its knee so that I and dI/dV are continuous:
 *     I_on = sign(V) (v_s / r_on) [sp((|V| - v_hold) / v_s) - sp(-v_hold / v_s)],
 *     sp(z) = ln(1 + e^z)
 *   I = I_off + w I_on, with w in [0, 1] the ON fraction of the channel.
 * Switching (volatile; the three regimes of the ECM selector ecm_ts_selector
 * of dev_ecm.c, whose conduction is a filament's tunnelling gap instead,
 * whose formation rate is an ion-migration law, and whose filament holds
 * where it is between its thresholds instead of latching):
 *   |V| > v_th:            dw/dt = (1 - w) / t_d(V),
 *                          t_d(V) = tau_d exp(-(|V| - v_th) / v_d)
 *                          (the delay time falls exponentially with the
 *                          overdrive: D. Ielmini, Phys. Rev. B 78:035308, 2008)
 *   v_hold <= |V| <= v_th: a channel that has begun to switch (w > 0)
 *                          completes it, dw/dt = (1 - w) / tau_d (threshold
 *                          switching is regenerative: once triggered the
 *                          device latches ON while above its holding voltage,
 *                          although the ON branch itself pulls its voltage
 *                          below v_th); an untriggered one (w = 0) stays OFF
 *   |V| < v_hold:          dw/dt = -w / tau_off (recovery of the OFF state)
 * Each regime is an exponential approach at a rate set by V alone, which
 * advance() solves exactly (w < 1e-9 is taken as 0, 1 - w < 1e-12 as 1).
 *
 * Parameter values (models_c/cards/ots_selector.json) are assumed values in
 * the range OTS selectors report, not a fit to one device: the class is the
 * form, a designer's card gives the numbers. */
#include <math.h>
#include <stdio.h>
#include "mxb_internal.h"

enum { P_I0, P_V0, P_VTH, P_VHOLD, P_RON, P_VS, P_TD, P_VD, P_TOFF, P_W0, NP };
enum { S_W, NS };

static const mxb_param_def_t params[NP] = {
    [P_I0] = {"i0", "A", 1e-9, 1e-18, 1e-2, "assumed: OFF current of order 1 nA at v0", "sub-threshold current scale"},
    [P_V0] = {"v0", "V", 0.25, 0.01, 10.0, "assumed: sub-threshold slope of OTS selectors ; range floor 10 mV, below kT/q, where the hopping picture of a sinh slope no longer applies", "sub-threshold voltage scale"},
    [P_VTH] = {"v_th", "V", 1.2, 0.01, 20.0, "assumed: threshold voltage", "threshold voltage (switch ON above)"},
    [P_VHOLD] = {"v_hold", "V", 0.6, 0.0, 20.0, "assumed: holding voltage, below v_th", "holding voltage (stay ON above, recover below)"},
    [P_RON] = {"r_on", "ohm", 2e3, 1e-3, 1e9, "assumed: ON dynamic resistance", "dynamic resistance of the ON branch"},
    [P_VS] = {"v_s", "V", 0.02, 1e-4, 1.0, "assumed: rounding of the ON branch knee", "voltage width of the ON branch knee"},
    [P_TD] = {"tau_d", "s", 1e-7, 1e-15, 1.0, "assumed: delay time at threshold", "delay time at |V| = v_th"},
    [P_VD] = {"v_d", "V", 0.1, 1e-3, 10.0, "assumed: delay time falls a decade per 0.23 V overdrive", "voltage scale of the delay time"},
    [P_TOFF] = {"tau_off", "s", 1e-7, 1e-15, 1.0, "assumed: recovery time below v_hold", "recovery time of the OFF state"},
    [P_W0] = {"w0", "1", 0.0, 0.0, 1.0, "OFF (no bias history)", "initial ON fraction"},
};

/* w is a fraction of the channel that conducts: [0, 1]. */
static const mxb_state_def_t states[NS] = {
    [S_W] = {"w", "1", "ON fraction of the channel (volatile)", 0.0, 1.0},
};

static int ots_check(const double *p, char *msg, size_t n) {
  static const int below[][2] = {{P_VHOLD, P_VTH}};
  return mxbi_check_below(params, p, below, sizeof below / sizeof below[0], msg, n);
}

static int ots_init(const double *p, double *s, const mxb_dev_rng_t *rng) {
  (void)rng;
  s[S_W] = p[P_W0];
  return MXB_OK;
}

/* ln(1 + e^z) and its derivative 1 / (1 + e^-z), without overflow */
static double softplus(double z, double *d) {
  if (z > 0) {
    double e = exp(-z);
    *d = 1.0 / (1.0 + e);
    return z + log1p(e);
  }
  double e = exp(z);
  *d = e / (1.0 + e);
  return log1p(e);
}

static double ots_current(const double *p, const double *s, double v, double *didv) {
  double a = fabs(v), x = v / p[P_V0], ax = fabs(x), sh, ch;
  if (ax < 20.0) {
    double e = expm1(ax), r = 1.0 / (e + 1.0);
    sh = 0.5 * (e + e * r);
    ch = 0.5 * (e + 1.0 + r);
  } else {
    double t = exp(0.5 * ax);
    sh = ch = 0.5 * t * t;
  }
  double i = p[P_I0] * (x < 0 ? -sh : sh), d = p[P_I0] / p[P_V0] * ch;
  if (s[S_W] > 0) {
    double vs = p[P_VS], d1, d0;
    double ion = vs / p[P_RON] * (softplus((a - p[P_VHOLD]) / vs, &d1) - softplus(-p[P_VHOLD] / vs, &d0));
    i += s[S_W] * (v < 0 ? -ion : ion);
    d += s[S_W] * d1 / p[P_RON];
  }
  *didv = d;
  return i;
}

/* Shortest delay: the exponential delay law stops at the picosecond onset of
 * the electronic switching itself (threshold switching of OTS films is
 * reported down to the sub-ns range); without a floor a large overdrive
 * over a small v_d gives an infinite rate. */
#define OTS_TAU_MIN 1e-12

/* Rate (1/s) and target of the exponential approach of w from w under v. */
static double ots_rate(const double *p, double w, double v, double *target) {
  double a = fabs(v);
  if (a > p[P_VTH]) {
    *target = 1.0;
    return 1.0 / (p[P_TD] * exp(-(a - p[P_VTH]) / p[P_VD]) + OTS_TAU_MIN);
  }
  if (a < p[P_VHOLD]) {
    *target = 0.0;
    return 1.0 / p[P_TOFF];
  }
  if (w > 0.0) { /* triggered: latches ON */
    *target = 1.0;
    return 1.0 / p[P_TD];
  }
  *target = -1.0;
  return 0.0;
}

static int ots_advance(const double *p, double *s, double v, double dt,
                       const mxb_dev_rng_t *rng) {
  (void)rng;
  double target, r = ots_rate(p, s[S_W], v, &target);
  if (!(r > 0)) return MXB_OK;
  double w = target + (s[S_W] - target) * exp(-r * dt);
  if (target == 0.0 && w < 1e-9) w = 0.0;
  if (target == 1.0 && 1.0 - w < 1e-12) w = 1.0;
  s[S_W] = w;
  return MXB_OK;
}

/* Exact under a constant v; a step may change w by at most 0.05 (the ON
 * current is linear in w), so a stack re-solves as the channel opens. Once
 * 0.05 or less is left, one step of 25 / r ends the approach. */
static double ots_step_limit(const double *p, const double *s, double v) {
  double target, r = ots_rate(p, s[S_W], v, &target);
  if (!(r > 0) || s[S_W] == target) return INFINITY;
  double left = fabs(target - s[S_W]);
  if (left <= 0.05) return 25.0 / r;
  return -log1p(-0.05 / left) / r;
}

/* Below v_hold w relaxes at 1 / tau_off whatever v is; with w = 0 nothing
 * moves anywhere up to v_th (below v_hold it stays 0, above it is not
 * triggered). */
static int ots_exact_window(const double *p, const double *s, double *v_lo, double *v_hi) {
  double x = s[S_W] == 0.0 || !(p[P_VHOLD] > 0) ? p[P_VTH] : nextafter(p[P_VHOLD], 0.0);
  *v_lo = -x;
  *v_hi = x;
  return 1;
}

/* Under a constant v, w approaches its target exponentially at a rate set
 * by v and by whether w is 0 (ots_rate), which the approach never changes:
 * ots_advance is exact for any dt (up to the snap of a recovered w to 0). */
static int ots_exact_const(const double *p, const double *s, double v) {
  (void)p; (void)s; (void)v;
  return 1;
}

const mxb_device_class_t mxbi_class_ots_selector = {
    .name = "ots_selector",
    .doc = "Ovonic-threshold-switch selector: sinh sub-threshold hopping OFF branch, "
           "holding-voltage ON branch (V_hold + R_on I); volatile: ON above v_th "
           "after a delay falling exponentially with overdrive, latched ON above "
           "v_hold once triggered, recovers below.",
    .n_params = NP,
    .params = params,
    .n_state = NS,
    .states = states,
    .check = ots_check,
    .init = ots_init,
    .current = ots_current,
    .advance = ots_advance,
    .step_limit = ots_step_limit,
    .exact_window = ots_exact_window,
    .exact_const = ots_exact_const,
};
