/* mxbar device classes of the ECM (electrochemical metallization) 1S1R
 * synapse of seed 002 (Kim et al., Adv. Intell. Syst. 2022): an Ag-particle
 * SiOx threshold switch (selector, unstable filament) in series with an
 * Ag/SiOx/Au ECM memory (stable filament). V is top minus bottom.
 *
 * ---- ecm_ts_selector: volatile threshold switch ----
 * State w in [0, 1]: completeness of the unstable Ag filament.
 * Conduction, odd in V (Ag particles at both interfaces: bipolar, seed 002
 * Fig. S9):
 *   I = g_off v_off sinh(V / v_off)                 trap-assisted leakage of SiOx (OFF)
 *     + a_on V^2 exp(-b_on/|V|) exp(-n_gap (1 - w)) sign(V)
 *       tunnelling through the gap left by the unstable filament: the LRS of
 *       seed 002 follows ln(I/V^2) ~ -1/V (Fig. 3b); the residual gap at w = 1
 *       is what limits the current (self-compliance, Fig. 2b: 3e-5 / 8e-5 A).
 *       The factor exp(-n_gap (1 - w)) is the extra tunnelling attenuation of
 *       an incomplete filament (gap longer by n_gap decay lengths at w = 0).
 * Dynamics (ion migration and reduction above v_th, diffusive relaxation of
 * the unstable filament below v_hold, Fig. 2c/2d, Fig. 3c):
 *   |V| > v_th:          dw/dt = (1 - w) (exp((|V| - v_th)/v_on) - 1) / tau_on
 *   |V| < v_hold:        dw/dt = -w / tau_relax   (w < 1e-9 snaps to 0)
 *   v_hold <= |V| <= v_th: the filament holds.
 *
 * ---- ecm_memory: nonvolatile ECM filament ----
 * State w in [0, 1]: filament state; the conductance interpolates the tunnel
 * gap logarithmically (gap length linear in w, tunnelling exponential):
 *   I = G(w) V,  G(w) = g_hrs (g_lrs / g_hrs)^w     (low-bias ohmic tunnelling /
 *                                                  metallic contact at w = 1)
 * Dynamics: Butler-Volmer growth / dissolution driven by the overpotential
 * above a nucleation (set) or dissolution (reset) threshold:
 *   V >  v_set_c:   dw/dt =  (exp((V - v_set_c)/v0_set) - 1) / tau_set
 *   V < -v_reset_c: dw/dt = -(exp((|V| - v_reset_c)/v0_reset) - 1) / tau_reset
 * clamped to [0, 1]; nothing moves between the thresholds (nonvolatile).
 * In a 1S1R cell the selector's limited current makes set self-limiting: the
 * filament grows until the memory's share of the voltage falls to v_set_c, so
 * the level reached grows with the pulse amplitude (multilevel, Fig. S14).
 * Cycle-to-cycle: each completed set (w rising through 0.5) draws the next
 * reset threshold, each completed reset draws the next set threshold, normal
 * with relative std sigma_set_c2c / sigma_reset_c2c (Fig. 4c), keyed by the
 * cycle count in the state vector. Device-to-device: a factor
 * 1 + sigma_d2d z on both mean thresholds, drawn at creation (Fig. S11).
 */
#include <math.h>
#include <stdio.h>
#include "mxb_internal.h"

/* ======================= ecm_ts_selector ======================= */

enum { SP_VTH, SP_VHOLD, SP_TON, SP_VON, SP_TREL, SP_GOFF, SP_VOFF, SP_AON,
       SP_BON, SP_NGAP, SP_W0, NSP };
enum { SS_W, NSS };

static const mxb_param_def_t sel_params[NSP] = {
    [SP_VTH] = {"v_th", "V", 0.45, 0.01, 10.0,
                "fit: cell selectivity I(0.7 V)/I(0.35 V) ~ 1e5 needs the selector OFF at 0.35 V and ON at 0.7 V (seed 002 Fig. 4b); Device 2 class (Fig. 2c)",
                "threshold switching voltage"},
    [SP_VHOLD] = {"v_hold", "V", 0.20, 0.0, 10.0,
                  "seed 002 Fig. 2d (Device 2 hold voltage below Vth), value assumed",
                  "hold voltage: below it the filament dissolves"},
    [SP_TON] = {"tau_on", "s", 10e-9, 1e-12, 1.0,
                "assumed: Ag threshold switches turn on in ~10 ns (seed 002 ref. [22]); must be << the 100 ns logic reads (Fig. 5d)",
                "filament formation time at 1.72 v_on above v_th"},
    [SP_VON] = {"v_on", "V", 0.05, 1e-3, 10.0,
                "assumed: steep onset of ion migration above v_th",
                "voltage scale of the formation rate above v_th"},
    [SP_TREL] = {"tau_relax", "s", 10e-6, 1e-12, 1e3,
                 "assumed: diffusive relaxation of unstable Ag filaments, 1-100 us (seed 002 ref. [22]); no memory after bias removal (Fig. 2b)",
                 "relaxation time of the filament below v_hold"},
    [SP_GOFF] = {"g_off", "S", 1.8e-10, 0.0, 1e-3,
                 "fit: OFF current 1e-10 A at 0.35 V gives the cell selectivity 1e5 (seed 002 Fig. 4b)",
                 "small-signal OFF conductance (leakage)"},
    [SP_VOFF] = {"v_off", "V", 0.2, 1e-3, 10.0,
                 "assumed: trap-assisted (Poole-Frenkel-like) leakage nonlinearity",
                 "voltage scale of the OFF leakage"},
    [SP_AON] = {"a_on", "A/V^2", 1.96e-3, 1e-12, 10.0,
                "fit: cell LRS 1e-5 A at 0.7 V (seed 002 Fig. 4b) and self-compliance 8e-5 A at 1 V (Fig. 2b, Device 2)",
                "tunnelling prefactor of the residual gap (ON)"},
    [SP_BON] = {"b_on", "V", 3.2, 0.0, 100.0,
                "fit: same two points; FN form from ln(I/V^2) vs 1/V (seed 002 Fig. 3b)",
                "FN slope of the residual gap (ON)"},
    [SP_NGAP] = {"n_gap", "1", 20.0, 0.0, 100.0,
                 "assumed: an unformed filament leaves a gap 20 decay lengths longer (OFF tunnelling negligible)",
                 "extra tunnelling attenuation of the gap at w = 0"},
    [SP_W0] = {"w0", "1", 0.0, 0.0, 1.0, "relaxed (no bias history)",
               "initial filament state"},
};

static const mxb_state_def_t sel_states[NSS] = {
    [SS_W] = {"w", "1", "completeness of the unstable filament (volatile)"},
};

static int sel_check(const double *p, char *msg, size_t n) {
  if (p[SP_VHOLD] >= p[SP_VTH]) {
    snprintf(msg, n, "v_hold (%g V) must be below v_th (%g V)", p[SP_VHOLD], p[SP_VTH]);
    return MXB_ERANGE;
  }
  return MXB_OK;
}

static int sel_init(const double *p, double *s, const mxb_dev_rng_t *rng) {
  (void)rng;
  s[SS_W] = p[SP_W0];
  return MXB_OK;
}

static double sel_current(const double *p, const double *s, double v, double *didv) {
  double vo = p[SP_VOFF], a = fabs(v);
  double i = p[SP_GOFF] * vo * sinh(v / vo);
  double d = p[SP_GOFF] * cosh(v / vo);
  if (a > 0) {
    double b = p[SP_BON];
    double k = p[SP_AON] * exp(-b / a - p[SP_NGAP] * (1.0 - s[SS_W]));
    double ion = k * a * a;
    i += v > 0 ? ion : -ion;
    d += k * (2 * a + b);
  }
  *didv = d;
  return i;
}

/* Rate (1/s) and target of the exponential approach of w under v. */
static double sel_rate(const double *p, double v, double *target) {
  double a = fabs(v);
  if (a > p[SP_VTH]) {
    *target = 1.0;
    return expm1((a - p[SP_VTH]) / p[SP_VON]) / p[SP_TON];
  }
  if (a < p[SP_VHOLD]) {
    *target = 0.0;
    return 1.0 / p[SP_TREL];
  }
  *target = -1;
  return 0.0;
}

#define SEL_SNAP 1e-9

static int sel_advance(const double *p, double *s, double v, double dt,
                       const mxb_dev_rng_t *rng) {
  (void)rng;
  double target, r = sel_rate(p, v, &target);
  if (!(r > 0)) return MXB_OK;
  double w = target + (s[SS_W] - target) * exp(-r * dt);
  if (target == 0.0 && w < SEL_SNAP) w = 0.0;
  if (target == 1.0 && 1.0 - w < 1e-12) w = 1.0;
  s[SS_W] = w;
  return MXB_OK;
}

static double sel_step_limit(const double *p, const double *s, double v) {
  double target, r = sel_rate(p, v, &target);
  if (!(r > 0)) return INFINITY;
  if (s[SS_W] == target) return INFINITY; /* settled: nothing moves */
  /* the conduction changes by exp(n_gap dw): keep dw small per step */
  double room = fabs(target - s[SS_W]);
  double frac = 0.05 / (1.0 + p[SP_NGAP] * room);
  return frac / r;
}

const mxb_device_class_t mxbi_class_ecm_ts_selector = {
    .name = "ecm_ts_selector",
    .doc = "Volatile Ag/SiOx threshold switch of the ECM 1S1R cell (seed 002): "
           "filament forms above v_th, holds down to v_hold, relaxes with "
           "tau_relax; OFF leakage plus FN tunnelling through the residual gap "
           "(self-compliance).",
    .n_params = NSP,
    .params = sel_params,
    .n_state = NSS,
    .states = sel_states,
    .check = sel_check,
    .init = sel_init,
    .current = sel_current,
    .advance = sel_advance,
    .step_limit = sel_step_limit,
};

/* ========================= ecm_memory ========================= */

enum { MP_GLRS, MP_GHRS, MP_VSET, MP_VRESET, MP_TSET, MP_TRESET, MP_V0SET,
       MP_V0RESET, MP_SSET, MP_SRESET, MP_SD2D, MP_W0, NMP };
enum { MS_W, MS_VSET, MS_VRESET, MS_NCYC, MS_KD2D, NMS };

static const mxb_param_def_t mem_params[NMP] = {
    [MP_GLRS] = {"g_lrs", "S", 1.4e-3, 1e-12, 1e3,
                 "seed 002 Sec. 2 / Fig. S8: memory alone carries about 1e-3 A at the 0.7 V read",
                 "conductance with the filament fully formed (w = 1)"},
    [MP_GHRS] = {"g_hrs", "S", 1e-9, 1e-18, 1.0,
                 "fit: cell HRS about 1e-9 A at 0.7 V, ON/OFF about 1e4 (seed 002 Fig. 4b)",
                 "conductance with the filament dissolved (w = 0)"},
    [MP_VSET] = {"v_set", "V", 1.05, 0.01, 20.0,
                 "fit: multilevel staircase 2.1 -> 2.5 V (seed 002 Fig. S14) stalls where the memory share falls to v_set; cell set in DC sweeps (Fig. 4b)",
                 "mean set (nucleation) threshold across the memory"},
    [MP_VRESET] = {"v_reset", "V", 0.4, 0.01, 20.0,
                   "fit: cell reset in DC sweeps (seed 002 Fig. 4b/4c)",
                   "mean reset (dissolution) threshold magnitude"},
    [MP_TSET] = {"tau_set", "s", 0.00019, 1e-15, 1e6,
                 "fit: cell switches in 27 us at +2.0 V (seed 002 Fig. S13)",
                 "set time constant (w per second at 1.72 v0_set overpotential)"},
    [MP_TRESET] = {"tau_reset", "s", 0.0015, 1e-15, 1e6,
                   "fit: cell switches in 72 us at -2.0 V (seed 002 Fig. S13)",
                   "reset time constant"},
    [MP_V0SET] = {"v0_set", "V", 0.25, 1e-3, 10.0,
                  "assumed: Butler-Volmer voltage scale of ECM growth (seed 002 refs. [32,33])",
                  "voltage scale of the set rate"},
    [MP_V0RESET] = {"v0_reset", "V", 0.8, 1e-3, 10.0,
                    "fit: 72 us at -2.0 V (Fig. S13) with a gradual depression over 20 us pulses -2.2 -> -2.6 V (Fig. S14)",
                    "voltage scale of the reset rate"},
    [MP_SSET] = {"sigma_set_c2c", "1", 0.34, 0.0, 1.0,
                 "fit: cell set-voltage std/mean 0.26 over 50 cycles (seed 002 Fig. 4c)",
                 "cycle-to-cycle relative std of the set threshold"},
    [MP_SRESET] = {"sigma_reset_c2c", "1", 0.6, 0.0, 1.0,
                   "fit: cell reset-voltage std/mean 0.35 over 50 cycles (seed 002 Fig. 4c)",
                   "cycle-to-cycle relative std of the reset threshold"},
    [MP_SD2D] = {"sigma_d2d", "1", 0.1, 0.0, 1.0,
                 "assumed: slight cell-to-cell fluctuation of switching voltages (seed 002 Fig. S11, 8 cells)",
                 "device-to-device relative std of both mean thresholds"},
    [MP_W0] = {"w0", "1", 0.0, 0.0, 1.0, "as formed, reset (HRS)", "initial filament state"},
};

static const mxb_state_def_t mem_states[NMS] = {
    [MS_W] = {"w", "1", "filament state (0 = HRS gap, 1 = formed)"},
    [MS_VSET] = {"v_set_c", "V", "set threshold of the present cycle"},
    [MS_VRESET] = {"v_reset_c", "V", "reset threshold of the present cycle"},
    [MS_NCYC] = {"n_cycle", "1", "switching events so far (index of c2c draws)"},
    [MS_KD2D] = {"k_d2d", "1", "device-to-device factor on the mean thresholds"},
};

static double clamp_pos(double x) { return x > 0.05 ? x : 0.05; }

/* Threshold for cycle event n: set thresholds at even n, reset at odd n. */
static double mem_draw(const double *p, const double *s, const mxb_dev_rng_t *rng,
                       int reset, uint64_t n) {
  double mean = s[MS_KD2D] * (reset ? p[MP_VRESET] : p[MP_VSET]);
  double sig = reset ? p[MP_SRESET] : p[MP_SSET];
  double z = sig > 0 ? mxb_rng_normal(rng->seed, rng->c2c, n) : 0.0;
  return clamp_pos(mean * (1.0 + sig * z));
}

static int mem_check(const double *p, char *msg, size_t n) {
  if (p[MP_GHRS] >= p[MP_GLRS]) {
    snprintf(msg, n, "g_hrs (%g S) must be below g_lrs (%g S)", p[MP_GHRS], p[MP_GLRS]);
    return MXB_ERANGE;
  }
  return MXB_OK;
}

static int mem_init(const double *p, double *s, const mxb_dev_rng_t *rng) {
  double z = p[MP_SD2D] > 0 ? mxb_rng_normal(rng->seed, rng->d2d, 0) : 0.0;
  double k = 1.0 + p[MP_SD2D] * z;
  s[MS_W] = p[MP_W0];
  s[MS_KD2D] = k > 0.3 ? k : 0.3;
  s[MS_NCYC] = 0;
  s[MS_VSET] = mem_draw(p, s, rng, 0, 0);
  s[MS_VRESET] = mem_draw(p, s, rng, 1, 1);
  return MXB_OK;
}

static double mem_g(const double *p, const double *s) {
  return p[MP_GHRS] * exp(s[MS_W] * log(p[MP_GLRS] / p[MP_GHRS]));
}

static double mem_current(const double *p, const double *s, double v, double *didv) {
  double g = mem_g(p, s);
  *didv = g;
  return g * v;
}

/* dw/dt under v (signed, constant for a constant v). */
static double mem_rate(const double *p, const double *s, double v) {
  if (v > s[MS_VSET] && s[MS_W] < 1.0)
    return expm1((v - s[MS_VSET]) / p[MP_V0SET]) / p[MP_TSET];
  if (v < -s[MS_VRESET] && s[MS_W] > 0.0)
    return -expm1((-v - s[MS_VRESET]) / p[MP_V0RESET]) / p[MP_TRESET];
  return 0.0;
}

static int mem_advance(const double *p, double *s, double v, double dt,
                       const mxb_dev_rng_t *rng) {
  double r = mem_rate(p, s, v);
  if (r == 0.0) return MXB_OK;
  double w0 = s[MS_W], w = w0 + r * dt;
  if (w > 1.0) w = 1.0;
  if (w < 0.0) w = 0.0;
  s[MS_W] = w;
  /* a completed switching event draws the opposite threshold of the next
   * cycle (c2c), indexed by the event count so draws are order-free */
  if (w0 < 0.5 && w >= 0.5) {
    double n = s[MS_NCYC] + 1;
    s[MS_NCYC] = n;
    s[MS_VRESET] = mem_draw(p, s, rng, 1, (uint64_t)(2 * n + 1));
  } else if (w0 >= 0.5 && w < 0.5) {
    double n = s[MS_NCYC] + 1;
    s[MS_NCYC] = n;
    s[MS_VSET] = mem_draw(p, s, rng, 0, (uint64_t)(2 * n));
  }
  return MXB_OK;
}

/* G changes by (g_lrs/g_hrs)^dw: limit dw per step to 0.015/span (1.5 % in G;
 * a 1S1R cell stalls set where the memory voltage falls to v_set_c, so a
 * fine step keeps the reached level accurate), and stop exactly at a clamp. */
static double mem_step_limit(const double *p, const double *s, double v) {
  double r = mem_rate(p, s, v);
  if (r == 0.0) return INFINITY;
  double span = log(p[MP_GLRS] / p[MP_GHRS]);
  double dw = 0.015 / (span > 1 ? span : 1);
  double room = r > 0 ? 1.0 - s[MS_W] : s[MS_W];
  if (room < dw) dw = room > 1e-6 ? room : 1e-6;
  return dw / fabs(r);
}

const mxb_device_class_t mxbi_class_ecm_memory = {
    .name = "ecm_memory",
    .doc = "Nonvolatile Ag/SiOx ECM filament memory (seed 002): log-linear "
           "conductance in the filament state, Butler-Volmer set/reset above "
           "cycle-to-cycle drawn thresholds, device-to-device threshold spread.",
    .n_params = NMP,
    .params = mem_params,
    .n_state = NMS,
    .states = mem_states,
    .check = mem_check,
    .init = mem_init,
    .current = mem_current,
    .advance = mem_advance,
    .step_limit = mem_step_limit,
};
