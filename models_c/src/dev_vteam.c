/* mxbar device class "vteam": the Voltage ThrEshold Adaptive Memristor model
 * of S. Kvatinsky, M. Ramadan, E. G. Friedman, A. Kolodny, "VTEAM: A General
 * Model for Voltage-Controlled Memristors", IEEE Trans. Circuits Syst. II
 * 62(8):786-790, 2015 (VTEAM below), with the window functions and I-V
 * relations it takes over from the TEAM model (S. Kvatinsky et al., "TEAM:
 * ThrEshold Adaptive Memristor Model", IEEE TCAS-I 60(1):211-221, 2013).
 *
 * State w (m), the internal state variable, bounded by w_on (low resistance)
 * and w_off (high resistance). V is top minus bottom.
 *
 * State equation (VTEAM eq. (1)):
 *   dw/dt = k_off (v/v_off - 1)^alpha_off f_off(w),   0 < v_off < v
 *         = 0,                                         v_on < v < v_off
 *         = k_on  (v/v_on - 1)^alpha_on  f_on(w),      v < v_on < 0
 * with k_off > 0, k_on < 0; w is kept in [w_on, w_off] (VTEAM Sec. II).
 *
 * Window (parameter "window"; x = (w - w_on) / (w_off - w_on)):
 *   0  none: f_on = f_off = 1, w stops at its bounds (VTEAM as fitted in
 *      Sec. III without a window; the state moves linearly in time under a
 *      constant v, advance() is exact).
 *   1  Kvatinsky (the window of the TEAM model, which VTEAM keeps):
 *        f_off(w) = exp(-exp((w - a_off) / w_c)),
 *        f_on(w)  = exp(-exp(-(w - a_on) / w_c)).
 *   2  Biolek (Z. Biolek, D. Biolek, V. Biolkova, Radioengineering 18(2):
 *      210-214, 2009, eq. (9)): f = 1 - (x - stp(-i))^(2p); here a positive
 *      current moves x up (towards off), so the window closes at the bound the
 *      state moves towards and is 1 at the other (no terminal-state problem).
 *   3  Joglekar (Y. N. Joglekar, S. J. Wolf, Eur. J. Phys. 30:661-675, 2009,
 *      eq. (10)): f = 1 - (2x - 1)^(2p); zero at both bounds, so a device at a
 *      bound stays there (the terminal-state problem of that window, kept as
 *      published).
 *   Windows 1-3 are integrated by one classical Runge-Kutta step per
 *   sub-step, the sub-step bounded so that the rate changes little
 *   (vt_step_limit).
 *
 * Current-voltage relation (parameter "iv"):
 *   0  linear (VTEAM eq. (2)):
 *        i = v / (R_on + (R_off - R_on) x)
 *   1  exponential (VTEAM eq. (3)):
 *        i = v / (R_on exp(lambda x)),  lambda = ln(R_off / R_on)
 *   (w outside [w_on, w_off], possible only from a state set by hand, is
 *   taken at the nearer bound.) At a fixed w the device is a constant
 *   conductance: between v_on and v_off it is ohmic and nothing moves.
 *
 * Published parameter set: models_c/cards/vteam.json (see there). */
#include <math.h>
#include <stdio.h>
#include "mxb_internal.h"

enum { P_RON, P_ROFF, P_WON, P_WOFF, P_KON, P_KOFF, P_AON, P_AOFF, P_VON, P_VOFF, P_IV,
       P_WIN, P_WAON, P_WAOFF, P_WC, P_P, P_W0, NP };
enum { S_W, NS };

#define VT_ASSUMED "VTEAM symbol; value of the MemTorch VTEAM default set (models_c/cards/vteam.json)"

static const mxb_param_def_t params[NP] = {
    [P_RON] = {"r_on", "ohm", 50.0, 1e-3, 1e12, VT_ASSUMED, "R_ON: resistance at w = w_on"},
    [P_ROFF] = {"r_off", "ohm", 1000.0, 1e-3, 1e15, VT_ASSUMED, "R_OFF: resistance at w = w_off"},
    [P_WON] = {"w_on", "m", 0.0, -1e-6, 1e-6, VT_ASSUMED, "w_on: state bound of the ON (low resistance) end"},
    [P_WOFF] = {"w_off", "m", 3e-9, -1e-6, 1e-6, VT_ASSUMED, "w_off: state bound of the OFF end (above w_on)"},
    [P_KON] = {"k_on", "m/s", -10.0, -1e12, -1e-30, VT_ASSUMED, "k_on (< 0): rate of the ON switching"},
    [P_KOFF] = {"k_off", "m/s", 5e-4, 1e-30, 1e12, VT_ASSUMED, "k_off (> 0): rate of the OFF switching"},
    [P_AON] = {"alpha_on", "1", 3.0, 1e-3, 50.0, VT_ASSUMED, "alpha_on: power of the ON overdrive"},
    [P_AOFF] = {"alpha_off", "1", 1.0, 1e-3, 50.0, VT_ASSUMED, "alpha_off: power of the OFF overdrive"},
    [P_VON] = {"v_on", "V", -0.2, -100.0, -1e-6, VT_ASSUMED, "v_on (< 0): ON threshold voltage"},
    [P_VOFF] = {"v_off", "V", 0.02, 1e-6, 100.0, VT_ASSUMED, "v_off (> 0): OFF threshold voltage"},
    [P_IV] = {"iv", "1", 0.0, 0.0, 1.0, "VTEAM eq. (2) (linear), as fitted in MemTorch",
              "I-V relation: 0 linear (VTEAM eq. (2)), 1 exponential (eq. (3))"},
    [P_WIN] = {"window", "1", 0.0, 0.0, 3.0, "none, as in the MemTorch VTEAM model",
               "window function: 0 none, 1 Kvatinsky, 2 Biolek, 3 Joglekar"},
    [P_WAON] = {"a_on", "m", 0.0, -1e-6, 1e-6, "TEAM window: a_on near w_on (Kvatinsky et al. 2013)",
                "Kvatinsky window: position of the ON edge"},
    [P_WAOFF] = {"a_off", "m", 3e-9, -1e-6, 1e-6, "TEAM window: a_off near w_off (Kvatinsky et al. 2013)",
                 "Kvatinsky window: position of the OFF edge"},
    [P_WC] = {"w_c", "m", 1e-10, 1e-15, 1e-6, "assumed: edge width a thirtieth of the 3 nm span",
              "Kvatinsky window: width of its edges"},
    [P_P] = {"p", "1", 2.0, 1.0, 50.0, "assumed: a common choice for Biolek and Joglekar windows",
             "Biolek / Joglekar window exponent (f = 1 - y^(2p))"},
    [P_W0] = {"w0", "m", 0.0, -1e-6, 1e-6, "MemTorch VTEAM: devices start at w_on", "initial state"},
};

/* w is a length of the order of the device; the bounds of the parameters
 * w_on, w_off (+-1 um) bound it. advance() keeps it in [w_on, w_off]. */
static const mxb_state_def_t states[NS] = {
    [S_W] = {"w", "m", "internal state variable (w_on: ON, w_off: OFF)", -1e-6, 1e-6},
};

static int is_int(double x) { return x == floor(x); }

static int vt_check(const double *p, char *msg, size_t n) {
  static const int below[][2] = {{P_WON, P_WOFF}, {P_RON, P_ROFF}};
  int rc = mxbi_check_below(params, p, below, sizeof below / sizeof below[0], msg, n);
  if (rc) return rc;
  if (!is_int(p[P_IV])) {
    snprintf(msg, n, "iv (%g) must be 0 (linear) or 1 (exponential)", p[P_IV]);
    return MXB_ERANGE;
  }
  if (!is_int(p[P_WIN])) {
    snprintf(msg, n, "window (%g) must be 0 (none), 1 (Kvatinsky), 2 (Biolek) or 3 (Joglekar)",
             p[P_WIN]);
    return MXB_ERANGE;
  }
  if (p[P_W0] < p[P_WON] || p[P_W0] > p[P_WOFF]) {
    snprintf(msg, n, "w0 (%g m) must lie in [w_on, w_off] = [%g, %g] m", p[P_W0], p[P_WON],
             p[P_WOFF]);
    return MXB_ERANGE;
  }
  return MXB_OK;
}

static int vt_init(const double *p, double *s, const mxb_dev_rng_t *rng) {
  (void)rng;
  s[S_W] = p[P_W0];
  return MXB_OK;
}

/* Normalised state x in [0, 1] (w outside the bounds taken at the bound). */
static double vt_x(const double *p, double w) {
  double x = (w - p[P_WON]) / (p[P_WOFF] - p[P_WON]);
  return x < 0 ? 0.0 : x > 1 ? 1.0 : x;
}

static double vt_g(const double *p, const double *s) {
  double x = vt_x(p, s[S_W]);
  if (p[P_IV] == 1.0) return 1.0 / (p[P_RON] * exp(log(p[P_ROFF] / p[P_RON]) * x));
  return 1.0 / (p[P_RON] + (p[P_ROFF] - p[P_RON]) * x);
}

static double vt_current(const double *p, const double *s, double v, double *didv) {
  double g = vt_g(p, s);
  *didv = g;
  return g * v;
}

/* Window-free rate k (v/v_th - 1)^alpha of VTEAM eq. (1); 0 between the
 * thresholds. *dir: +1 off, -1 on, 0 none. */
static double vt_kv(const double *p, double v, int *dir) {
  if (v > p[P_VOFF]) {
    *dir = 1;
    return p[P_KOFF] * pow(v / p[P_VOFF] - 1.0, p[P_AOFF]);
  }
  if (v < p[P_VON]) {
    *dir = -1;
    return p[P_KON] * pow(v / p[P_VON] - 1.0, p[P_AON]);
  }
  *dir = 0;
  return 0.0;
}

/* Window f(w) for motion in direction dir and df/dw. */
static double vt_window(const double *p, double w, int dir, double *dfdw) {
  int win = (int)p[P_WIN];
  double span = p[P_WOFF] - p[P_WON];
  double x = (w - p[P_WON]) / span;
  if (win == 1) {
    if (dir > 0) {
      double e = exp((w - p[P_WAOFF]) / p[P_WC]), f = exp(-e);
      *dfdw = -f * e / p[P_WC];
      return f;
    }
    double e = exp(-(w - p[P_WAON]) / p[P_WC]), f = exp(-e);
    *dfdw = f * e / p[P_WC];
    return f;
  }
  if (win == 2 || win == 3) {
    double tp = 2.0 * p[P_P];
    double y = win == 3 ? 2.0 * x - 1.0 : (dir > 0 ? x : x - 1.0); /* Biolek: stp(-i) */
    double dy = win == 3 ? 2.0 : 1.0, ay = fabs(y);
    if (ay > 1.0) ay = 1.0;
    *dfdw = -tp * pow(ay, tp - 1.0) * (y < 0 ? -1.0 : 1.0) * dy / span;
    return 1.0 - pow(ay, tp);
  }
  *dfdw = 0.0;
  return 1.0;
}

static double vt_rate(const double *p, double w, double kv, int dir) {
  double d;
  return kv * vt_window(p, w, dir, &d);
}

static double vt_clamp(const double *p, double w) {
  return w < p[P_WON] ? p[P_WON] : w > p[P_WOFF] ? p[P_WOFF] : w;
}

static int vt_advance(const double *p, double *s, double v, double dt,
                      const mxb_dev_rng_t *rng) {
  (void)rng;
  int dir;
  double kv = vt_kv(p, v, &dir);
  if (!dir) return MXB_OK;
  double w = s[S_W];
  if (p[P_WIN] == 0.0) {
    w += kv * dt; /* exact: a constant rate up to the bound */
  } else {
    /* classical Runge-Kutta, w taken at its bounds inside the step */
    double k1 = vt_rate(p, w, kv, dir);
    double k2 = vt_rate(p, vt_clamp(p, w + 0.5 * dt * k1), kv, dir);
    double k3 = vt_rate(p, vt_clamp(p, w + 0.5 * dt * k2), kv, dir);
    double k4 = vt_rate(p, vt_clamp(p, w + dt * k3), kv, dir);
    w += dt * (k1 + 2.0 * k2 + 2.0 * k3 + k4) / 6.0;
  }
  s[S_W] = vt_clamp(p, w);
  return MXB_OK;
}

/* Without a window the advance is exact; a step may move w by at most 5 % of
 * its span (the conductance changes smoothly for the network). With a
 * window, also by at most a twentieth of the window's own scale (w_c for
 * Kvatinsky's), and dt |d(dw/dt)/dw| <= 0.05 (the rate changes little over a
 * Runge-Kutta step, including the exponential escape from near a bound). */
static double vt_step_limit(const double *p, const double *s, double v) {
  int dir;
  double kv = vt_kv(p, v, &dir);
  if (!dir) return INFINITY;
  double w = s[S_W], span = p[P_WOFF] - p[P_WON];
  if ((dir > 0 && w >= p[P_WOFF]) || (dir < 0 && w <= p[P_WON])) return INFINITY; /* at the bound */
  double dfdw, f = vt_window(p, w, dir, &dfdw);
  double r = fabs(kv * f), h = INFINITY;
  if (p[P_WIN] == 0.0) return 0.05 * span / r;
  double scale = p[P_WIN] == 1.0 ? fmin(span, p[P_WC]) : span;
  if (r > 0) h = 0.05 * scale / r;
  double lam = fabs(kv * dfdw);
  if (lam > 0) h = fmin(h, 0.05 / lam);
  return h; /* INFINITY: f and its slope both 0 (a Joglekar bound), nothing moves */
}

static double vt_ohmic(const double *p, const double *s, double *v_lo, double *v_hi) {
  *v_lo = p[P_VON];
  *v_hi = p[P_VOFF];
  return vt_g(p, s);
}

/* Between the thresholds nothing moves whatever v is. */
static int vt_exact_window(const double *p, const double *s, double *v_lo, double *v_hi) {
  (void)s;
  *v_lo = p[P_VON];
  *v_hi = p[P_VOFF];
  return 1;
}

/* Exact for any dt without a window (a constant rate up to the bound) and
 * wherever nothing moves. */
static int vt_exact_const(const double *p, const double *s, double v) {
  (void)s;
  int dir;
  vt_kv(p, v, &dir);
  return p[P_WIN] == 0.0 || dir == 0;
}

static int vt_spice(const double *p, const double *s, const char *v, char *buf, size_t n) {
  int k = snprintf(buf, n, "%.17g*(%s)", vt_g(p, s), v);
  return k < 0 || (size_t)k >= n ? MXB_ERANGE : k;
}

const mxb_device_class_t mxbi_class_vteam = {
    .name = "vteam",
    .doc = "VTEAM voltage-threshold memristor (Kvatinsky et al., IEEE TCAS-II 2015): "
           "power-law rate above v_off / below v_on, optional Kvatinsky, Biolek or "
           "Joglekar window, linear or exponential I-V.",
    .n_params = NP,
    .params = params,
    .n_state = NS,
    .states = states,
    .check = vt_check,
    .init = vt_init,
    .current = vt_current,
    .advance = vt_advance,
    .step_limit = vt_step_limit,
    .spice_current = vt_spice,
    .ohmic = vt_ohmic,
    .exact_window = vt_exact_window,
    .exact_const = vt_exact_const,
};
