/* mxbar device class "fmes_mxene": the flexible MXene energy-storage synapse
 * (FMES) of seed 003 (Zhao, Ran, Lou, ..., Shen, Natl. Sci. Rev. 2022):
 * a Ti3C2Tx MXene / H2SO4-PVA gel / MXene micro-supercapacitor in parallel
 * with a regulating resistor R, driven by presynaptic current spikes; the
 * postsynaptic voltage (PSV) is the voltage V across the two terminals.
 *
 * Circuit (paper Fig. 2a, with the supercapacitor's own resistances):
 *
 *     V o---+---------+
 *           |         R1  electrolyte (gel) + contact resistance
 *           R         +--- u1: C1  double layer at the outer MXene surface
 *           |         R2  ionic resistance into the interlayer galleries
 *           |         +--- u2: C2 || R_leak  interlayer (bulk) capacitance,
 *     0 o---+---------+         self-discharge
 *
 * A two-stage discretisation of the porous-electrode (transmission-line)
 * charging: fast ions reach the outer surface (C1, R1 C1 ~ ms), the bulk
 * capacity is reached through the interlayer pores (R2 C2 ~ 10 s), which the
 * paper's I-V sweep at 50 mV/s shows (Fig. 2b: the capacitive current is the
 * same 0.4 mA at R = 500 and 8000 ohm). Charge sharing from C1 to C2 (R2 C1)
 * is the "short decrease" of the PSV after a spike, and R drains both
 * (Fig. 2a states II-IV, u(t) = (Q0 - int u/R dt)/C of the paper).
 *
 * Equations (V terminal voltage, state u1, u2):
 *   I(V)       = V/R + (V - u1)/R1                 (R absent when r_open = 1)
 *   C1 du1/dt  = (V - u1)/R1 - (u1 - u2)/R2
 *   C2 du2/dt  = (u1 - u2)/R2 - u2/R_leak
 * Under a constant V the state equation is linear, du/dt = A u + b V, and is
 * integrated exactly (2x2 matrix exponential from its two real eigenvalues).
 * Driven by a current source, the array re-solves V between sub-steps; the
 * step limit bounds the change of u1 per step (splitting error). */
#include <math.h>
#include <stdio.h>
#include "mxb_internal.h"

enum { P_RREG, P_ROPEN, P_R1, P_C1, P_R2, P_C2, P_RLEAK, P_U10, P_U20, P_DV, NP };
enum { S_U1, S_U2, NS };

static const mxb_param_def_t params[NP] = {
    [P_RREG] = {"r_reg", "ohm", 8000.0, 1.0, 1e12,
                "seed 003 Fig. 2b, Fig. 1e: regulating resistor 500, 1000, 8000 ohm or open",
                "regulating resistor in parallel with the supercapacitor"},
    [P_ROPEN] = {"r_open", "1", 0.0, 0.0, 1.0,
                 "seed 003 Fig. 1e, 3f: 'open state' of the regulating resistor",
                 "1: regulating resistor open (removed), 0: r_reg in place"},
    [P_R1] = {"r1", "ohm", 72.0, 0.0, 1e6,
              "fit to seed 003 Fig. 3c: A1 = 0.094 V at the end of a 1 mA, 1 ms spike at R = 7000 ohm",
              "electrolyte and contact resistance (ESR)"},
    [P_C1] = {"c1", "F", 45e-6, 1e-12, 1.0,
              "fit to seed 003 Fig. 3c: A2 = 0.115 V at dt = 10 ms (charge left on the fast surface)",
              "outer-surface double-layer capacitance (fast branch)"},
    [P_R2] = {"r2", "ohm", 1000.0, 1e-3, 1e9,
              "fit to seed 003 Fig. 3a/3c (PPF decay over tens of ms) with Fig. 2b (bulk reached within the sweep)",
              "ionic resistance into the interlayer galleries"},
    [P_C2] = {"c2", "F", 12e-3, 1e-12, 10.0,
              "fit to seed 003 Fig. 2b: capacitive current about 0.4 mA at 0.6 V, 50 mV/s, at both R",
              "interlayer (bulk) capacitance"},
    [P_RLEAK] = {"r_leak", "ohm", 1e6, 1.0, 1e15,
                 "assumed from seed 003 Fig. 3g: PSV almost unchanged over 100 s open (R_leak C2 = 1.2e4 s)",
                 "self-discharge resistance of the supercapacitor"},
    [P_U10] = {"u1_0", "V", 0.0, -5.0, 5.0, "discharged device", "initial C1 voltage"},
    [P_U20] = {"u2_0", "V", 0.0, -5.0, 5.0, "discharged device", "initial C2 voltage"},
    [P_DV] = {"dv_step", "V", 5e-4, 1e-6, 0.1,
              "numerical: largest change of u1 per sub-step under a current drive",
              "accuracy of the current-driven integration"},
};

/* Ranges: capacitor voltages. Under a voltage drive they stay within the
 * drives, |V| <= MXB_V_MAX = 100 V (array.h); the aqueous H2SO4-PVA
 * electrolyte decomposes near 1.2 V, so anything beyond is outside the
 * model long before. [-100, 100] V. */
static const mxb_state_def_t states[NS] = {
    [S_U1] = {"u1", "V", "voltage on the fast surface capacitance C1", -100.0, 100.0},
    [S_U2] = {"u2", "V", "voltage on the bulk capacitance C2", -100.0, 100.0},
};

static double g_reg(const double *p) { return p[P_ROPEN] != 0.0 ? 0.0 : 1.0 / p[P_RREG]; }
static double g1(const double *p) { return p[P_R1] > 0 ? 1.0 / p[P_R1] : 1e12; }

static int fm_check(const double *p, char *msg, size_t n) {
  if (p[P_ROPEN] != 0.0 && p[P_ROPEN] != 1.0) {
    snprintf(msg, n, "r_open must be 0 or 1 (got %g)", p[P_ROPEN]);
    return MXB_ERANGE;
  }
  return MXB_OK;
}

static int fm_init(const double *p, double *s, const mxb_dev_rng_t *rng) {
  (void)rng;
  s[S_U1] = p[P_U10];
  s[S_U2] = p[P_U20];
  return MXB_OK;
}

static double fm_current(const double *p, const double *s, double v, double *didv) {
  double g = g1(p);
  *didv = g_reg(p) + g;
  return g_reg(p) * v + g * (v - s[S_U1]);
}

/* du/dt = A u + b v */
static void fm_matrix(const double *p, double a[2][2], double b[2]) {
  double ga = g1(p), gb = 1.0 / p[P_R2], gl = 1.0 / p[P_RLEAK];
  a[0][0] = -(ga + gb) / p[P_C1];
  a[0][1] = gb / p[P_C1];
  a[1][0] = gb / p[P_C2];
  a[1][1] = -(gb + gl) / p[P_C2];
  b[0] = ga / p[P_C1];
  b[1] = 0.0;
}

static int fm_advance(const double *p, double *s, double v, double dt,
                      const mxb_dev_rng_t *rng) {
  (void)rng;
  double a[2][2], b[2];
  fm_matrix(p, a, b);
  /* steady state u_ss = -A^-1 b v */
  double det = a[0][0] * a[1][1] - a[0][1] * a[1][0];
  double uss0 = -(a[1][1] * b[0] - a[0][1] * b[1]) * v / det;
  double uss1 = -(-a[1][0] * b[0] + a[0][0] * b[1]) * v / det;
  double d0 = s[S_U1] - uss0, d1 = s[S_U2] - uss1;
  /* eigenvalues (real, negative: an RC ladder) */
  double m = 0.5 * (a[0][0] + a[1][1]);
  double q = sqrt(fmax(0.0, m * m - det));
  double l1 = m + q, l2 = m - q; /* l1 the slower */
  double e1 = exp(l1 * dt), e2 = exp(l2 * dt);
  double n0, n1;
  if (q > 1e-12 * fabs(m)) {
    /* e^{At} = [e1 (A - l2 I) - e2 (A - l1 I)] / (l1 - l2) */
    double k = 1.0 / (l1 - l2);
    n0 = k * (e1 * ((a[0][0] - l2) * d0 + a[0][1] * d1) - e2 * ((a[0][0] - l1) * d0 + a[0][1] * d1));
    n1 = k * (e1 * (a[1][0] * d0 + (a[1][1] - l2) * d1) - e2 * (a[1][0] * d0 + (a[1][1] - l1) * d1));
  } else { /* repeated eigenvalue: e^{At} = e^{mt} (I + (A - mI) t) */
    double e = exp(m * dt);
    n0 = e * (d0 + dt * ((a[0][0] - m) * d0 + a[0][1] * d1));
    n1 = e * (d1 + dt * (a[1][0] * d0 + (a[1][1] - m) * d1));
  }
  s[S_U1] = uss0 + n0;
  s[S_U2] = uss1 + n1;
  return MXB_OK;
}

/* Exact under a constant V, but a current drive moves V with u1: bound the
 * change of u1 (and u2) per step. */
static double fm_step_limit(const double *p, const double *s, double v) {
  double a[2][2], b[2];
  fm_matrix(p, a, b);
  double r0 = fabs(a[0][0] * s[S_U1] + a[0][1] * s[S_U2] + b[0] * v);
  double r1 = fabs(a[1][0] * s[S_U1] + a[1][1] * s[S_U2]);
  double dv = p[P_DV] + 1e-3 * fabs(s[S_U1]);
  double r = r0 > r1 ? r0 : r1;
  if (!(r > 0)) return INFINITY; /* at rest and discharged: nothing moves */
  return dv / r;
}

static int fm_spice(const double *p, const double *s, const char *v, char *buf, size_t n) {
  int k = snprintf(buf, n, "%.9g*%s + %.9g*(%s - (%.9g))", g_reg(p), v, g1(p), v, s[S_U1]);
  return (k < 0 || (size_t)k >= n) ? MXB_ERANGE : k;
}

const mxb_device_class_t mxbi_class_fmes_mxene = {
    .name = "fmes_mxene",
    .doc = "MXene energy-storage synapse (seed 003): two-stage supercapacitor "
           "(ESR R1 to the surface capacitance C1, pore resistance R2 to the bulk "
           "capacitance C2 with self-discharge R_leak) in parallel with the "
           "regulating resistor R (or open); current-driven, PSV = V.",
    .n_params = NP,
    .params = params,
    .n_state = NS,
    .states = states,
    .check = fm_check,
    .init = fm_init,
    .current = fm_current,
    .advance = fm_advance,
    .step_limit = fm_step_limit,
    .spice_current = fm_spice,
};
