/* mxbar device class "so_memristor": a second-order memristor of seed 004
 * (Ielmini, Wang, Liu, review; Sec. 5.2 Fig. 12e-f: Kim et al., Nano Lett.
 * 15, 2203 (2015), Ta2O5-x/TaOy), whose conductance change is set by a
 * first state variable (the oxygen-vacancy channel, w) and a second one
 * (the local temperature T) that acts on the dynamics of the first and
 * decays by itself after a stimulus, like Ca2+ in a biological synapse: STDP
 * from pre- and post-synaptic spikes that never overlap.
 *
 * Equations (V top minus bottom):
 *   I = G(w) V,  G(w) = g_min + (g_max - g_min) w      conduction through the
 *                                                      vacancy-rich channel
 *                                                      (its width ~ w)
 *   dw/dt = nu exp(-e_a / (k_B T)) sinh(V / v0) (1 - w)   V > 0
 *   dw/dt = nu exp(-e_a / (k_B T)) sinh(V / v0) w         V < 0
 *     drift of oxygen vacancies: thermally activated hopping (barrier e_a)
 *     biased by the field (sinh: hops along the field minus hops against
 *     it), into (V > 0, potentiation) or out of (V < 0, depression) the
 *     channel, slowing as it fills or empties;
 *   c_th dT/dt = G(w) V^2 - (T - temp) / r_th
 *     Joule heating of the channel against the heat lost to the
 *     surroundings: T relaxes to temp with r_th c_th (the second variable's
 *     short-term memory) once the drive is removed.
 * A short programming pulse at room temperature barely moves w (the hop
 * rate is exp(-e_a / k_B T) small); the same pulse shortly after a long,
 * low heating pulse finds the channel still warm and moves w by far more:
 * the change depends on the delay through the decay of T, without any
 * overlap of the pulses. With spikes of a programming pulse followed by a
 * heating pulse, pre spikes programming in the depression polarity and post
 * spikes in the potentiation polarity, a pre spike before a post spike
 * potentiates and the reverse depresses, each the more the shorter the
 * delay (tests/c/test_dev_so.c). No random draws.
 *
 * Integration: under a constant V with G frozen over a step, T relaxes
 * exponentially to temp + r_th G V^2 (exact), and w follows its window
 * exactly given the integral of the Arrhenius factor over the step
 * (Simpson on the exact T(t)); the step limit bounds the changes of w and
 * of T per step.
 */
#include <math.h>
#include <stdio.h>
#include "mxb_internal.h"

#define KB_EV 8.617333262e-5 /* Boltzmann constant (eV/K) */

enum { P_GMIN, P_GMAX, P_NU, P_EA, P_V0, P_RTH, P_CTH, P_TEMP, P_W0, P_DW, P_DT, NP };
enum { S_W, S_T, NS };

static const mxb_param_def_t params[NP] = {
    [P_GMIN] = {"g_min", "S", 1e-4, 1e-12, 1.0,
                "assumed: Ta2O5-x/TaOy channel at its narrowest, 10 kohm (seed 004 Fig. 12e-f, ref. 188)",
                "conductance at w = 0"},
    [P_GMAX] = {"g_max", "S", 1e-3, 1e-12, 1.0, "assumed: 1 kohm at w = 1", "conductance at w = 1"},
    [P_NU] = {"nu", "1/s", 1e4, 1e-6, 1e20,
              "fit: a pre-post pair 1.1 us apart (spikes of a 1.6 V, 50 ns programming pulse and a 0.8 V, 1 us heating pulse) changes G by about 9 % (seed 004 Fig. 12f: STDP changes of several %)",
              "attempt rate of the vacancy hops (with the Arrhenius factor)"},
    [P_EA] = {"e_a", "eV", 0.4, 0.01, 3.0,
              "assumed: activation energy of oxygen-vacancy hopping in TaOx (0.4 eV keeps the programming pulse alone below 1 % of the paired change)",
              "activation energy of the drift"},
    [P_V0] = {"v0", "V", 0.1, 1e-3, 10.0,
              "assumed: field nonlinearity of the hops; the 0.8 V heating pulse drifts w 3e3 times slower than the 1.6 V programming pulse at the same temperature",
              "voltage scale of the field-driven bias"},
    [P_RTH] = {"r_th", "K/W", 1e6, 1e3, 1e9,
               "assumed: a nanoscale oxide channel; the 0.8 V heating pulse raises it by ~350 K at w = 0.5",
               "thermal resistance from the channel to the surroundings"},
    [P_CTH] = {"c_th", "J/K", 2e-12, 1e-24, 1e-6,
               "assumed: thermal time r_th c_th = 2 us, the us-scale decay of the second variable behind the STDP window of seed 004 Fig. 12f",
               "heat capacity of the channel"},
    [P_TEMP] = {"temp", "K", 300.0, 1.0, 1000.0, "room temperature", "ambient temperature"},
    [P_W0] = {"w0", "1", 0.5, 0.0, 1.0, "mid-range weight", "initial channel state"},
    [P_DW] = {"dw_step", "1", 1e-3, 1e-6, 0.1, "numerical: largest change of w per step",
              "accuracy of the drift integration"},
    [P_DT] = {"dtemp_step", "K", 2.0, 1e-2, 100.0,
              "numerical: largest change of the temperature per step (Simpson on exp(-e_a / k T))",
              "accuracy of the Arrhenius integral"},
};

/* w: [0, 1] (G leaves [g_min, g_max] outside; the windows keep it there).
 * T: heated from temp >= 1 K by at most r_th g_max V^2 <= 1e9 K/W x 1 S x
 * (100 V)^2 = 1e13 K (every limit at once: far outside the model's
 * validity, but reachable by advance()), and positive: [0.5, 1e14] K. */
static const mxb_state_def_t states[NS] = {
    [S_W] = {"w", "1", "oxygen-vacancy channel state (first variable)", 0.0, 1.0},
    [S_T] = {"temp_loc", "K", "local temperature of the channel (second variable)", 0.5, 1e14},
};

static int so_check(const double *p, char *msg, size_t n) {
  static const int below[][2] = {{P_GMIN, P_GMAX}};
  return mxbi_check_below(params, p, below, 1, msg, n);
}

static int so_init(const double *p, double *s, const mxb_dev_rng_t *rng) {
  (void)rng;
  s[S_W] = p[P_W0];
  s[S_T] = p[P_TEMP];
  return MXB_OK;
}

static double so_g(const double *p, double w) { return p[P_GMIN] + (p[P_GMAX] - p[P_GMIN]) * w; }

static double so_current(const double *p, const double *s, double v, double *didv) {
  double g = so_g(p, s[S_W]);
  *didv = g;
  return g * v;
}

/* Steady temperature under v with the channel at w, and the thermal time. */
static double so_tss(const double *p, double w, double v) {
  return p[P_TEMP] + p[P_RTH] * so_g(p, w) * v * v;
}

static double so_arr(const double *p, double T) { return exp(-p[P_EA] / (KB_EV * T)); }

/* nu |sinh(v / v0)|, the argument capped at 700 (finite; beyond any
 * drive the device survives) */
static double so_bias(const double *p, double v) {
  double e = fabs(v) / p[P_V0];
  return p[P_NU] * sinh(e < 700.0 ? e : 700.0);
}

/* T after h from T towards tss (exact exponential), snapped when within
 * 1e-9 K. */
static double so_temp(const double *p, double T, double tss, double h) {
  double x = tss + (T - tss) * exp(-h / (p[P_RTH] * p[P_CTH]));
  return fabs(x - tss) < 1e-9 ? tss : x;
}

static int so_advance(const double *p, double *s, double v, double dt, const mxb_dev_rng_t *rng) {
  (void)rng;
  double w = s[S_W], T = s[S_T], tss = so_tss(p, w, v);
  double Th = so_temp(p, T, tss, 0.5 * dt), T1 = so_temp(p, T, tss, dt);
  if (v != 0.0) {
    /* integral of nu exp(-e_a / k T(t)) |sinh(v / v0)| over the step */
    double a = so_bias(p, v) * dt * (so_arr(p, T) + 4.0 * so_arr(p, Th) + so_arr(p, T1)) / 6.0;
    if (v > 0) w = 1.0 - (1.0 - w) * exp(-a);
    else w = w * exp(-a);
    /* within 1e-12 of a bound: there (the window's rate vanishes) */
    if (w < 1e-12) w = 0.0;
    if (w > 1.0 - 1e-12) w = 1.0;
    s[S_W] = w;
  }
  s[S_T] = T1;
  return MXB_OK;
}

static double so_step_limit(const double *p, const double *s, double v) {
  double w = s[S_W], T = s[S_T], tss = so_tss(p, w, v), h = INFINITY;
  double room = fabs(tss - T), tau = p[P_RTH] * p[P_CTH];
  double win = v > 0 ? 1.0 - w : (v < 0 ? w : 0.0);
  /* the hop rate per unit window at the warmest T the step can reach (T
   * moves by at most dtemp_step per step, below) */
  double tw = tss > T ? fmin(tss, T + p[P_DT]) : T;
  double r = win > 0 ? so_bias(p, v) * so_arr(p, tw) : 0.0;
  /* w moves by at most dw_step per step (its window left, if smaller, in
   * any step: the window's exponential is exact at a given T) */
  if (r > 0 && win > p[P_DW]) h = p[P_DW] / (r * win);
  /* T moves by at most dtemp_step per step; within it of its steady value
   * it relaxes exactly whatever the step, so it bounds the step only when
   * nothing else moves (then 10 tau, until it snaps there) */
  if (room > p[P_DT]) {
    double ht = -tau * log1p(-p[P_DT] / room);
    if (ht < h) h = ht;
  } else if (room > 0 && !(h < INFINITY)) {
    h = 10.0 * tau;
    if (r > 0 && 10.0 / r > h) h = 10.0 / r; /* the rest of w's window too */
  } else if (!(h < INFINITY) && r > 0) {
    h = 10.0 / r;
  }
  return h;
}

/* At 0 V nothing drifts and T relaxes exponentially: exact for any dt. */
static int so_exact_const(const double *p, const double *s, double v) {
  (void)p;
  (void)s;
  return v == 0.0;
}

const mxb_device_class_t mxbi_class_so_memristor = {
    .name = "so_memristor",
    .doc = "Second-order memristor (seed 004 Fig. 12e-f, Ta2O5-x/TaOy): "
           "conductance from the oxygen-vacancy channel w, whose thermally "
           "activated, field-biased drift is gated by the local temperature T, "
           "a second state variable heated by the pulses and relaxing with "
           "r_th c_th: STDP from non-overlapping spikes.",
    .n_params = NP,
    .params = params,
    .n_state = NS,
    .states = states,
    .check = so_check,
    .init = so_init,
    .current = so_current,
    .advance = so_advance,
    .step_limit = so_step_limit,
    .exact_const = so_exact_const,
};
