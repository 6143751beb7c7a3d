/* mxbar device class "shockley_diode": a pn / Schottky diode with series
 * resistance and a parallel leakage conductance, usable as a cell or as the
 * selector of a 1S1R cell (anode on the top terminal: forward for V > 0).
 *
 * Junction (Shockley's ideal-diode equation, W. Shockley, Bell Syst. Tech.
 * J. 28:435, 1949, with the emission coefficient n of the SPICE diode model,
 * L. W. Nagel, SPICE2, UCB/ERL M520, 1975; equation numbers not given here,
 * the papers were not at hand):
 *   I_d = I_s (exp(V_j / (n V_t)) - 1),   V_t = k_B T / q,
 * in series with R_s: V = V_j + I_d R_s, an implicit equation for I_d solved
 * exactly. With x = V / (n V_t), a = I_s R_s / (n V_t) and u = V_j / (n V_t):
 *   u + a (e^u - 1) = x,
 *   u = x + a - W0(a e^(x + a))       (W0: principal branch of Lambert's W;
 *                                       T. C. Banwell, A. Jayakumar, Electron.
 *                                       Lett. 36(4):291, 2000)
 * W0 is computed from the logarithm of its argument (no overflow for any
 * V), then u is polished by Newton on the implicit equation, so I_d is the
 * implicit equation's solution to rounding. dI_d/dV = (1/R_s) a e^u / (1 + a e^u).
 * Reverse leakage beyond I_s (generation current, surface and shunt paths)
 * is a conductance g_p across the whole device:
 *   I = I_d + g_p V.
 * Stateless (no charge storage, no breakdown: reverse bias beyond the
 * selector's use is not modelled).
 *
 * Parameter set: models_c/cards/diode_1n4148.json. */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include "mxb_internal.h"

enum { P_IS, P_N, P_RS, P_T, P_GP, NP };

#define KB_Q 8.617333262e-5 /* k_B / q (V/K), CODATA 2018 exact */

static const mxb_param_def_t params[NP] = {
    [P_IS] = {"i_s", "A", 2.52e-9, 1e-30, 1.0, "1N4148 SPICE model (LTspice standard.dio): Is = 2.52n",
              "saturation current I_s"},
    [P_N] = {"n", "1", 1.752, 0.5, 10.0, "1N4148 SPICE model (LTspice standard.dio): N = 1.752",
             "emission coefficient"},
    [P_RS] = {"r_s", "ohm", 0.568, 1e-6, 1e9, "1N4148 SPICE model (LTspice standard.dio): Rs = .568",
              "series resistance R_s (> 0: the implicit equation; use 1e-6 for none)"},
    [P_T] = {"temp", "K", 300.15, 1.0, 1000.0, "27 degC, the SPICE nominal temperature of the model",
             "junction temperature (sets V_t = k_B T / q)"},
    [P_GP] = {"g_p", "S", 0.0, 0.0, 1.0, "none: the 1N4148 model has no shunt",
              "parallel leakage conductance (reverse leakage beyond I_s)"},
};

static int di_init(const double *p, double *s, const mxb_dev_rng_t *rng) {
  (void)p; (void)s; (void)rng;
  return MXB_OK;
}

/* W0(z) for z = e^L > 0, from L (z may overflow a double). */
static double lambert_w0_log(double L) {
  double w;
  if (L < 1.0) {
    /* z <= e: Halley on w e^w - z from log1p(z) */
    double z = exp(L);
    w = log1p(z);
    for (int k = 0; k < 40; k++) {
      double e = exp(w), f = w * e - z, wp1 = w + 1.0;
      double dw = f / (e * wp1 - (w + 2.0) * f / (2.0 * wp1));
      w -= dw;
      if (fabs(dw) <= 4 * DBL_EPSILON * fabs(w) || w == 0.0) break;
    }
    return w;
  }
  /* z > e: Newton on w + ln w - L from L - ln L (w > 1, monotone) */
  w = L - log(L);
  for (int k = 0; k < 40; k++) {
    double f = w + log(w) - L, dw = f / (1.0 + 1.0 / w);
    w -= dw;
    if (fabs(dw) <= 4 * DBL_EPSILON * w) break;
  }
  return w;
}

/* Normalised junction voltage u solving u + a expm1(u) = x. */
static double di_u(double a, double x) {
  double u = x + a - lambert_w0_log(log(a) + x + a);
  for (int k = 0; k < 8; k++) { /* Newton polish: h' = 1 + a e^u > 0, h convex */
    double e = exp(u), h = u + a * expm1(u) - x;
    if (h == 0.0) break;
    double du = h / (1.0 + a * e);
    u -= du;
    if (fabs(du) <= 2 * DBL_EPSILON * fmax(1.0, fabs(u))) break;
  }
  return u;
}

static double di_current(const double *p, const double *s, double v, double *didv) {
  (void)s;
  double nvt = p[P_N] * KB_Q * p[P_T];
  double a = p[P_IS] * p[P_RS] / nvt;
  double u = di_u(a, v / nvt);
  double ae = a * exp(u);
  *didv = ae / (1.0 + ae) / p[P_RS] + p[P_GP];
  return p[P_IS] * expm1(u) + p[P_GP] * v;
}

static int di_advance(const double *p, double *s, double v, double dt,
                      const mxb_dev_rng_t *rng) {
  (void)p; (void)s; (void)v; (void)dt; (void)rng;
  return MXB_OK;
}

static double di_step_limit(const double *p, const double *s, double v) {
  (void)p; (void)s; (void)v;
  return INFINITY; /* no state */
}

const mxb_device_class_t mxbi_class_shockley_diode = {
    .name = "shockley_diode",
    .doc = "Shockley diode with series resistance (implicit equation solved exactly "
           "through Lambert's W) and a parallel leakage conductance; stateless, "
           "anode on the top terminal.",
    .n_params = NP,
    .params = params,
    .n_state = 0,
    .states = NULL,
    .init = di_init,
    .current = di_current,
    .advance = di_advance,
    .step_limit = di_step_limit,
};
