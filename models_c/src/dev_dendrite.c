/* mxbar device class "tao_dendrite": the volatile Pt/TaOx/AlOx/Al
 * memristor used as an artificial dendrite in seed 004 (Ielmini, Wang,
 * Liu, review; Sec. 4.4 Fig. 10: Li et al., Nat. Nanotechnol. 15, 776
 * (2020)): inputs below a threshold (3 V) are filtered out, inputs above it
 * are integrated nonlinearly (the current keeps rising over time), and the
 * device relaxes to its initial high-resistance state once the input is
 * removed.
 *
 * State x in [0, 1]: the fraction of the oxygen ions that a positive field
 * has moved from the TaOx towards the Al electrode (which getters them),
 * lowering the barrier of the AlOx/TaOx interface.
 *   I = g(x) v_s sinh(V / v_s),  g(x) = g_off (g_on / g_off)^x
 *     conduction over the interface barrier (nonlinear in V, as the
 *     NMDA-like I-V of Fig. 10c), the barrier lowered linearly in x so the
 *     conductance grows exponentially with the ions moved;
 *   dx/dt = r(V) (1 - x) - x / tau_r
 *   r(V)  = (exp((V - v_th) / v_a) - 1) / tau_on  for V > v_th, else 0
 *     field-driven migration over the energy barrier for oxygen-ion motion
 *     (seed 004 Sec. 4.4: "only the input signals with amplitude larger
 *     than the threshold voltage can induce the oxygen ion migration"),
 *     filling the available sites (1 - x), against the back-diffusion of
 *     the ions at every voltage (tau_r: the relaxation to the initial
 *     state). Below v_th (and for negative inputs) only the relaxation acts.
 * Under a constant V the equation is linear in x: x relaxes exponentially
 * at rate r + 1 / tau_r to r / (r + 1 / tau_r), solved exactly. The
 * integration is nonlinear twice over: the migration rate grows
 * exponentially above the threshold, and the current exponentially with
 * the ions moved. No random draws.
 */
#include <math.h>
#include <stdio.h>
#include "mxb_internal.h"

enum { P_GOFF, P_GON, P_VS, P_VTH, P_VA, P_TON, P_TR, P_X0, NP };
enum { S_X, NS };

static const mxb_param_def_t params[NP] = {
    [P_GOFF] = {"g_off", "S", 3e-9, 1e-15, 1.0,
                "assumed: off state of the TaOx/AlOx dendrite, about 10 nA at 2 V (seed 004 Fig. 10d, ref. 150)",
                "interface conductance with no ions moved (x = 0)"},
    [P_GON] = {"g_on", "S", 1e-6, 1e-15, 1.0,
               "assumed: on state about 300x the off state (seed 004 Fig. 10d: off and on states)",
               "interface conductance with every ion moved (x = 1)"},
    [P_VS] = {"v_s", "V", 1.0, 0.15, 100.0,
              "assumed: nonlinearity of the interface conduction (seed 004 Fig. 10c, NMDA-like I-V)",
              "voltage scale of the sinh conduction (at least 0.15 V: sinh(100 V / v_s) finite at the drive limit)"},
    [P_VTH] = {"v_th", "V", 3.0, 0.0, 100.0,
               "seed 004 Fig. 10d: inputs below 3 V are filtered out, above 3 V integrated",
               "threshold of the oxygen-ion migration"},
    [P_VA] = {"v_a", "V", 0.3, 1e-3, 100.0,
              "assumed: steep onset of the migration above the threshold",
              "voltage scale of the migration rate above v_th"},
    [P_TON] = {"tau_on", "s", 0.27, 1e-12, 1e6,
               "assumed: a 4 V input moves about 10 % of the ions per ms (integration over a train of ms pulses, seed 004 Fig. 10d)",
               "migration time at 1.72 v_a above threshold"},
    [P_TR] = {"tau_r", "s", 20e-3, 1e-12, 1e6,
              "assumed: relaxation to the initial state within ~0.1 s after the input (seed 004 Sec. 4.4: gradual relaxation)",
              "relaxation (back-diffusion) time of the ions"},
    [P_X0] = {"x0", "1", 0.0, 0.0, 1.0, "relaxed", "initial fraction of ions moved"},
};

/* x: a fraction of the ions, [0, 1] (g leaves [g_off, g_on] outside). */
static const mxb_state_def_t states[NS] = {
    [S_X] = {"x", "1", "fraction of the oxygen ions moved towards the Al electrode", 0.0, 1.0},
};

static int dd_check(const double *p, char *msg, size_t n) {
  static const int below[][2] = {{P_GOFF, P_GON}};
  return mxbi_check_below(params, p, below, 1, msg, n);
}

static int dd_init(const double *p, double *s, const mxb_dev_rng_t *rng) {
  (void)rng;
  s[S_X] = p[P_X0];
  return MXB_OK;
}

static double dd_g(const double *p, double x) {
  if (x == 0.0) return p[P_GOFF];
  return p[P_GOFF] * exp(x * log(p[P_GON] / p[P_GOFF]));
}

static double dd_current(const double *p, const double *s, double v, double *didv) {
  double g = dd_g(p, s[S_X]), vs = p[P_VS], a = fabs(v);
  /* sinh and cosh of |v| / v_s from one expm1 (accurate near 0) */
  double em = expm1(a / vs), sh = 0.5 * em * (em + 2.0) / (em + 1.0), ch = sh + 1.0 / (em + 1.0);
  *didv = g * ch;
  return g * vs * (v < 0 ? -sh : sh);
}

/* Migration rate r(v) (1/s) above threshold, 0 below. */
static double dd_r(const double *p, double v) {
  return v > p[P_VTH] ? expm1((v - p[P_VTH]) / p[P_VA]) / p[P_TON] : 0.0;
}

static int dd_advance(const double *p, double *s, double v, double dt, const mxb_dev_rng_t *rng) {
  (void)rng;
  double r = dd_r(p, v), lam = r + 1.0 / p[P_TR], xs = r / lam, x = s[S_X];
  if (x == xs) return MXB_OK;
  x = xs + (x - xs) * exp(-lam * dt);
  if (xs == 0.0 && x < 1e-12) x = 0.0; /* relaxed */
  s[S_X] = x < 0 ? 0 : (x > 1 ? 1 : x);
  return MXB_OK;
}

/* The conductance goes as exp(x ln(g_on / g_off)): a step may change that
 * exponent by at most 0.05 (x approaches its target exponentially, exact in
 * the advance); relaxed and below threshold nothing moves. */
static double dd_step_limit(const double *p, const double *s, double v) {
  double r = dd_r(p, v), lam = r + 1.0 / p[P_TR], xs = r / lam, x = s[S_X];
  if (x == xs) return INFINITY;
  double left = log(p[P_GON] / p[P_GOFF]) * fabs(xs - x);
  if (left <= 0.05) return 25.0 / lam;
  return -log1p(-0.05 / left) / lam;
}

/* At or below the threshold only the relaxation acts, whatever v. */
static int dd_exact_window(const double *p, const double *s, double *v_lo, double *v_hi) {
  (void)s;
  *v_lo = -INFINITY;
  *v_hi = p[P_VTH];
  return 1;
}

/* Linear in x under a constant v: the exponential is exact for any dt. */
static int dd_exact_const(const double *p, const double *s, double v) {
  (void)p;
  (void)s;
  (void)v;
  return 1;
}

/* SPICE: the interface conduction at the present state. */
static int dd_spice(const double *p, const double *s, const char *v, char *buf, size_t n) {
  int k = snprintf(buf, n, "%.17g*sinh((%s)/%.17g)", dd_g(p, s[S_X]) * p[P_VS], v, p[P_VS]);
  return (k < 0 || (size_t)k >= n) ? MXB_ERANGE : k;
}

const mxb_device_class_t mxbi_class_tao_dendrite = {
    .name = "tao_dendrite",
    .doc = "Volatile Pt/TaOx/AlOx/Al dendrite (seed 004 Fig. 10): oxygen-ion "
           "migration above a threshold (3 V) lowers the interface barrier, "
           "back-diffusion relaxes it; inputs below the threshold are "
           "filtered, above it integrated nonlinearly, relaxing afterwards.",
    .n_params = NP,
    .params = params,
    .n_state = NS,
    .states = states,
    .check = dd_check,
    .init = dd_init,
    .current = dd_current,
    .advance = dd_advance,
    .step_limit = dd_step_limit,
    .exact_window = dd_exact_window,
    .exact_const = dd_exact_const,
    .spice_current = dd_spice,
};
