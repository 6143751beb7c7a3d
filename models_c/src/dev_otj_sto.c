/* mxbar device class "otj_sto": the Pt/SrTiO3 (2.8 nm)/Nb:SrTiO3 oxide tunnel
 * junction synapse of seed 001 (Li, Ge, ..., Jin, ACS Appl. Mater. Interfaces
 * 2019). V is Pt (top) minus Nb:STO (bottom, grounded), as in the paper.
 *
 * Conduction. Oxygen vacancies (V_O, positively charged) near the Pt
 * interface raise the barrier (HRS, thermionic emission); pushed away by a
 * positive bias they leave a thin tunnel barrier (LRS, direct / Fowler-
 * Nordheim tunnelling). The junction area is split: a fraction w of it has
 * its vacancies displaced (tunnelling), 1 - w not (thermionic):
 *   I = (1 - w) I_TE(V) + w I_LRS(V),   w = min(1, x + s)
 *   I_LRS: I_T of the whole area in series with r_ser (V = Vj + r_ser I_T(Vj));
 *          a domain's current density is series-limited like the full LRS
 *   I_TE = area A** T^2 theta exp(-phi_b/kT) exp(beta sqrt|V|) (1 - exp(-|V|/V_T)) sgn V
 *          (Schottky emission with image-force lowering, beta = sqrt(q/(4 pi eps0
 *          eps_te d))/V_T; phi_b_rev for V < 0: the asymmetric HRS I-V; theta:
 *          transmission factor of the thin oxide, fit to R_HRS)
 *   I_T  = area J_Simmons(V; phi_t, d, m_t): Simmons' formula for a
 *          rectangular barrier, J = q^2/(2 pi h ds^2) [pm e^{-A ds sqrt pm}
 *          - (pm + V) e^{-A ds sqrt(pm + V)}], A = 4 pi sqrt(2 m_t q)/h, with
 *          ds = d, pm = phi_t - V/2 below V = phi_t (direct tunnelling) and
 *          ds = d phi_t/V, pm = phi_t/2 above (Fowler-Nordheim); continuous.
 *
 * Vacancy dynamics. x: nonvolatile displaced fraction (stable sites);
 * s: volatile displaced fraction (metastable sites near the interface, at most
 * s_m, relaxing back with tau1: the short-term memory, I0 exp(-t/tau1)).
 * Field-driven hopping rates have the high-field sinh form:
 *   r_s(V) = nu_s sinh(V/v0_s)                        (V > 0)
 *   r_x(V) = nu_x [sinh(V/v0_x) - sinh(v_cx/v0_x)]+   (V > 0, onset v_cx)
 *   r_d(V) = nu_d [sinh(|V|/v0_d) - sinh(v_cd/v0_d)]+ (V < 0, back drift)
 *   ds/dt = r_s (s_m - s) - s/tau1 - k_c (s - s_c)+ - r_d s
 *   dx/dt = [r_x + k_c (s - s_c)+] (1 - x) - r_d x
 * A metastable population above s_c = f_c s_m (accumulated by pulses closer
 * than tau1, or one strong pulse) relaxes into stable sites at k_c: the
 * STM -> LTM transfer (letter "H" vs "N", the 1.8 V / 20 ns threshold).
 * Integrated piecewise exactly (affine in s and x for frozen coefficients);
 * the step limit keeps each sub-step short against the active rates. */
#include <math.h>
#include <stdio.h>
#include "mxb_internal.h"

#define Q_E 1.602176634e-19
#define K_B 1.380649e-23
#define EPS0 8.8541878128e-12
#define H_PL 6.62607015e-34
#define M_E 9.1093837015e-31
#define PI_ 3.14159265358979323846

enum {
  P_AREA, P_TEMP, P_D, P_PHIB, P_PHIBR, P_EPSTE, P_THETA, P_ARICH, P_PHIT, P_MT,
  P_TAU1, P_SM, P_FC, P_NUS, P_V0S, P_KC, P_NUX, P_V0X, P_VCX, P_NUD, P_V0D, P_VCD,
  P_RSER, P_X0, P_SD2D, NP
};
enum { S_X, S_S, S_K, NS };

static const mxb_param_def_t params[NP] = {
    [P_AREA] = {"area", "m^2", 3.14159e-10, 1e-18, 1e-6,
                "seed 001 Sec. 2.1: circular Pt electrodes of 10 um radius", "junction area"},
    [P_TEMP] = {"temp", "K", 300.0, 1.0, 1000.0, "seed 001: room-temperature measurements", "temperature"},
    [P_D] = {"d", "m", 2.8e-9, 1e-10, 1e-7, "seed 001 Sec. 2.1: STO film about 2.8 nm", "barrier (film) thickness"},
    [P_PHIB] = {"phi_b", "eV", 0.55, 0.05, 3.0,
                "seed 001 Sec. 3 / Fig. S1a: Schottky barrier 0.55 eV from the HRS fit", "thermionic barrier (V > 0)"},
    [P_PHIBR] = {"phi_b_rev", "eV", 0.60, 0.05, 3.0,
                 "assumed: higher reverse barrier for the asymmetric HRS I-V (seed 001 Sec. 3, Fig. 1d)",
                 "thermionic barrier (V < 0)"},
    [P_EPSTE] = {"eps_te", "1", 100.0, 1.0, 1000.0,
                 "fit: HRS chord conductance at 1.8 V vs 0.1 V so that the LTM spike costs about 0.46 fJ (seed 001 Fig. 3f); STO thin-film permittivity",
                 "permittivity for the image-force lowering"},
    [P_THETA] = {"theta", "1", 1.2e-2, 1e-12, 1.0,
                 "fit to R_HRS = 1.8e8 ohm at 0.1 V (seed 001 Fig. 1b)", "transmission factor of thermionic emission"},
    [P_ARICH] = {"a_rich", "A/(m^2 K^2)", 1.2e6, 1.0, 1e7, "free-electron Richardson constant", "Richardson constant"},
    [P_PHIT] = {"phi_t", "eV", 0.38, 0.01, 3.0,
                "seed 001 Sec. 3 / Fig. S1b: DT barriers 0.35 and 0.41 eV (mean)", "tunnel barrier height"},
    [P_MT] = {"m_t", "1", 1.0, 0.01, 10.0,
              "fit to R_LRS = 2.7e4 ohm at 0.1 V (seed 001 Fig. 1b)", "tunnelling effective mass / m0"},
    [P_TAU1] = {"tau1", "s", 4e-6, 1e-9, 1.0,
                "fit to seed 001 Fig. 4e,g (C and N gone 25 us after training) and Fig. 2d (PPF decay)",
                "relaxation time of the volatile state"},
    [P_SM] = {"s_m", "1", 0.03, 1e-6, 1.0,
              "fit: letter C visible right after 10 x 0.9 V pulses (seed 001 Fig. 4b)",
              "capacity of the metastable vacancy sites (area fraction)"},
    [P_FC] = {"f_c", "1", 0.70, 0.01, 1.0,
              "fit: H (1.5 V, 5 MHz) transfers, N (1.5 V, 0.5 MHz) does not, 20 ns threshold 1.8 V (seed 001 Fig. 3f, 4)",
              "critical metastable filling s_c / s_m"},
    [P_NUS] = {"nu_s", "1/s", 45.0, 1e-12, 1e15,
               "fit: 1.5 V, 50 ns pulse fills 26 % of the metastable sites (seed 001 Fig. 4 H vs N)",
               "volatile hopping prefactor"},
    [P_V0S] = {"v0_s", "V", 0.12, 0.005, 10.0,
               "fit: 20 ns threshold 1.8 V vs 1.5 V at 50 ns (seed 001 Fig. 3f, 4)", "volatile hopping field voltage"},
    [P_KC] = {"k_c", "1/s", 1e6, 0.0, 1e12,
              "fit: LTP step of the +2.2 V, 50 ns pulses (seed 001 Fig. 3c) with the H retention (Fig. 4h)",
              "transfer rate of metastable excess into stable sites"},
    [P_NUX] = {"nu_x", "1/s", 0.2, 0.0, 1e15,
               "fit: 20 LTP steps of +2.2 V, 50 ns from 1 to 10.5 uS (seed 001 Fig. 3c)",
               "stable (direct) drift prefactor"},
    [P_V0X] = {"v0_x", "V", 0.15, 0.005, 10.0,
               "fit: STDP LTP time constant 4.4 us with the spike ramp (seed 001 Fig. 3d)", "stable drift field voltage"},
    [P_VCX] = {"v_cx", "V", 1.72, 0.0, 10.0,
               "fit: no lasting change from a 20 ns pulse at 1.7 V, a clear one at 1.8 V (seed 001 Fig. 3f)",
               "onset of direct stable drift"},
    [P_NUD] = {"nu_d", "1/s", 0.27, 0.0, 1e15,
               "fit: 20 LTD steps of -2.5 V, 50 ns from 10.5 to 1 uS (seed 001 Fig. 3c)", "back-drift prefactor"},
    [P_V0D] = {"v0_d", "V", 0.15, 0.005, 10.0,
               "fit: STDP LTD A = -53.1 %, tau = 4.2 us (seed 001 Fig. 3d)", "back-drift field voltage"},
    [P_VCD] = {"v_cd", "V", 1.6, 0.0, 10.0,
               "model choice: no back drift from a single sub-threshold spike (seed 001: > -1.5 V alone)",
               "onset of back drift"},
    [P_RSER] = {"r_ser", "ohm", 2e4, 0.0, 1e9,
                "fit: LRS 2.7e4 ohm at 0.1 V with a nearly ohmic LRS (seed 001 Fig. 1b, 1d); Nb:STO, contacts and probes",
                "series resistance of the electrodes and leads"},
    [P_X0] = {"x0", "1", 0.0, 0.0, 1.0, "seed 001: pristine state is the HRS", "initial stable displaced fraction"},
    [P_SD2D] = {"sigma_d2d", "1", 0.0, 0.0, 0.5, "none (no variation); seed 001 Fig. 1g shows a tight spread",
                "relative std of the conduction prefactors between devices"},
};

/* Ranges: x and s are area fractions, [0, 1] (s is at most s_m <= 1 under
 * the dynamics). k_dev = 1 + sigma_d2d z floored at 0.2 in otj_init, at most
 * 1 + 0.5 x 8.7 (no Philox normal exceeds 8.7 sigma): [0.2, 10]. */
static const mxb_state_def_t states[NS] = {
    [S_X] = {"x", "1", "stable (nonvolatile) displaced vacancy fraction", 0.0, 1.0},
    [S_S] = {"s", "1", "volatile (metastable) displaced vacancy fraction", 0.0, 1.0},
    [S_K] = {"k_dev", "1", "device-to-device factor on the conduction prefactors", 0.2, 10.0},
};

static double vth(const double *p) { return K_B * p[P_TEMP] / Q_E; }

static int otj_init(const double *p, double *s, const mxb_dev_rng_t *rng) {
  double z = p[P_SD2D] > 0 ? mxb_rng_normal(rng->seed, rng->d2d, 0) : 0.0;
  double k = 1.0 + p[P_SD2D] * z;
  s[S_X] = p[P_X0];
  s[S_S] = 0.0;
  s[S_K] = k > 0.2 ? k : 0.2;
  return MXB_OK;
}

/* Thermionic (Schottky) emission, A. */
static double i_te(const double *p, double v) {
  double t = vth(p), u = fabs(v);
  double phi = v >= 0 ? p[P_PHIB] : p[P_PHIBR];
  double i0 = p[P_AREA] * p[P_ARICH] * p[P_TEMP] * p[P_TEMP] * p[P_THETA] * exp(-phi / t);
  double beta = sqrt(Q_E / (4 * PI_ * EPS0 * p[P_EPSTE] * p[P_D])) / t;
  double i = i0 * exp(beta * sqrt(u)) * -expm1(-u / t);
  return v >= 0 ? i : -i;
}

/* Simmons tunnelling through a rectangular barrier, A. */
static double i_t(const double *p, double v) {
  double u = fabs(v), phi = p[P_PHIT], ds, pm;
  if (u < phi) { ds = p[P_D]; pm = phi - 0.5 * u; }
  else { ds = p[P_D] * phi / u; pm = 0.5 * phi; }
  double a = 4 * PI_ * sqrt(2 * p[P_MT] * M_E * Q_E) / H_PL; /* 1/(m sqrt(V)) */
  double j0 = Q_E * Q_E / (2 * PI_ * H_PL * ds * ds);      /* A/(m^2 eV) */
  double j = j0 * (pm * exp(-a * ds * sqrt(pm)) - (pm + u) * exp(-a * ds * sqrt(pm + u)));
  double i = p[P_AREA] * j;
  return v >= 0 ? i : -i;
}

static double frac(const double *s) {
  double w = s[S_X] + s[S_S];
  return w < 0 ? 0 : (w > 1 ? 1 : w);
}

/* Tunnelling branch of the whole area in series with r_ser (the LRS),
 * V = Vj + I r_ser solved by bisection on Vj (monotone). A displaced
 * fraction w carries w times this current: each domain's current density
 * is limited like the full LRS (its series path scales with its area). */
static double i_lrs(const double *p, double v) {
  double rs = p[P_RSER];
  if (!(rs > 0)) return i_t(p, v);
  double lo = v < 0 ? v : 0, hi = v < 0 ? 0 : v;
  for (int k = 0; k < 200 && hi - lo > 1e-15 * (1 + fabs(v)); k++) {
    double vj = 0.5 * (lo + hi);
    if (vj + rs * i_t(p, vj) > v) hi = vj; else lo = vj;
  }
  double vj = 0.5 * (lo + hi);
  double i = (v - vj) / rs;
  /* at small currents the difference loses digits: use the junction */
  if (fabs(i) * rs < 1e-6 * fabs(v)) i = i_t(p, vj);
  return i;
}

static double otj_i(const double *p, const double *s, double v) {
  double w = frac(s);
  return s[S_K] * ((1 - w) * i_te(p, v) + w * i_lrs(p, v));
}

static double otj_current(const double *p, const double *s, double v, double *didv) {
  double h = 1e-7 * (1 + fabs(v));
  *didv = (otj_i(p, s, v + h) - otj_i(p, s, v - h)) / (2 * h);
  return otj_i(p, s, v);
}

static double sinh_over(double v, double v0, double vc) {
  double a = v / v0, c = vc / v0;
  return a > c ? sinh(a) - sinh(c) : 0.0;
}

typedef struct { double rs, rx, rd; } rates_t;

static rates_t otj_rates(const double *p, double v) {
  rates_t r = {0, 0, 0};
  if (v > 0) {
    r.rs = p[P_NUS] * sinh(v / p[P_V0S]);
    r.rx = p[P_NUX] * sinh_over(v, p[P_V0X], p[P_VCX]);
  } else if (v < 0) {
    r.rd = p[P_NUD] * sinh_over(-v, p[P_V0D], p[P_VCD]);
  }
  return r;
}

/* Affine ODE y' = a - b y over dt, exactly. */
static double affine(double y, double a, double b, double dt) {
  if (b <= 0) return y + a * dt;
  double yss = a / b;
  return yss + (y - yss) * exp(-b * dt);
}

/* Coefficients of ds/dt = a - b s in the regime of s (above s_c or not). */
static void s_coef(const double *p, rates_t r, int above, double *a, double *b) {
  double sm = p[P_SM], sc = p[P_FC] * sm;
  *a = r.rs * sm + (above ? p[P_KC] * sc : 0.0);
  *b = r.rs + 1.0 / p[P_TAU1] + r.rd + (above ? p[P_KC] : 0.0);
}

static int otj_advance(const double *p, double *s, double v, double dt,
                       const mxb_dev_rng_t *rng) {
  (void)rng;
  rates_t r = otj_rates(p, v);
  double sc = p[P_FC] * p[P_SM], a, b;
  double s0 = s[S_S];
  s_coef(p, r, s0 > sc, &a, &b);
  double s1 = affine(s0, a, b, dt);
  /* crossed s_c within the step: the step limit keeps such steps short */
  double sav = 0.5 * (s0 + s1);
  double conv = sav > sc ? p[P_KC] * (sav - sc) : 0.0;
  double up = r.rx + conv;
  double bx = up + r.rd;
  double x = s[S_X];
  if (bx > 0) x = affine(x, up, bx, dt);
  s[S_S] = s1 < 0 ? 0 : s1;
  s[S_X] = x < 0 ? 0 : (x > 1 ? 1 : x);
  return MXB_OK;
}

static double otj_step_limit(const double *p, const double *s, double v) {
  rates_t r = otj_rates(p, v);
  double sc = p[P_FC] * p[P_SM], a, b;
  int above = s[S_S] > sc;
  s_coef(p, r, above, &a, &b);
  double sss = a / b;
  double xrate = r.rx + r.rd + (above ? p[P_KC] * (s[S_S] - sc) : 0.0);
  if (s[S_S] <= 0 && r.rs == 0 && xrate == 0) return INFINITY; /* nothing moves */
  double h = INFINITY;
  /* s stays on one side of s_c and x is frozen: the update is exact */
  int same = (above && sss > sc) || (!above && sss <= sc);
  /* s relaxes exactly within its regime; only a crossing of s_c, or a moving
   * s feeding the transfer, needs short steps */
  double gap = fabs(s[S_S] - sss);
  if (!same) h = 0.1 / b; /* approach to the crossing */
  else if (above && gap > 1e-4 * (s[S_S] - sc) + 1e-12) h = 0.2 / b;
  double up = xrate - r.rd, xt = xrate > 0 ? up / xrate : s[S_X];
  if (xrate > 0 && fabs(s[S_X] - xt) > 1e-9) {
    double hx = 0.1 / xrate;
    if (hx < h) h = hx;
  }
  if (isinf(h)) h = 1e6; /* exact: one step per hold (keeps s decaying) */
  return h;
}

const mxb_device_class_t mxbi_class_otj_sto = {
    .name = "otj_sto",
    .doc = "Pt/SrTiO3/Nb:SrTiO3 oxide tunnel junction (seed 001): thermionic emission "
           "(HRS) and Simmons direct/FN tunnelling (LRS) in parallel over the area "
           "fraction w = x + s of displaced oxygen vacancies; volatile metastable "
           "fraction s (tau1) that transfers to the stable fraction x above a "
           "critical filling; field-driven sinh hopping rates.",
    .n_params = NP,
    .params = params,
    .n_state = NS,
    .states = states,
    .init = otj_init,
    .current = otj_current,
    .advance = otj_advance,
    .step_limit = otj_step_limit,
};
