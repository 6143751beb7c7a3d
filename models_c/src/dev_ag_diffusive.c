/* mxbar device classes of the diffusive (volatile) Ag filament of seed 004
 * (Ielmini, Wang, Liu: brain-inspired computing via memory device physics,
 * review; Sec. 2 Fig. 2b and Sec. 4.2 Fig. 8). V is top minus bottom.
 *
 * ---- The filament (both classes) ----
 * State phi: diameter of the Ag filament bridging the dielectric (m).
 * Conduction (odd in V, ohmic at a given filament):
 *   G(phi) = g_off + g_atom (phi / d_atom)^2   for phi >= d_atom
 *   G(phi) = g_off                              for phi <  d_atom
 *     a metallic contact conducts in proportion to its cross-section, one
 *     conductance quantum (2 e^2 / h) per atom of diameter d_atom; below one
 *     atom the bridge is broken and only the leakage of the dielectric
 *     (g_off) is left: the abrupt current drop at the end of the retention
 *     time (seed 004 Fig. 2b, "fast drop of conductance within t_R").
 * Dynamics, with the growth threshold v_g = v_th_c while no bridge exists
 * (phi < d_atom: a critical nucleus must form) and v_g = min(v_grow, v_th_c)
 * once it does (a formed bridge grows at a lower overpotential than
 * nucleation needs: the threshold switch holds down to a hold voltage):
 *   |V| > v_g (set):       dphi/dt = r_grow (exp((|V| - v_g) / v0) - 1)
 *     field-driven Ag+ drift and reduction grow the filament (hopping over a
 *     barrier lowered in proportion to the field), up to phi_max (the Ag
 *     the electrode or the embedded clusters can supply). Behind a series
 *     resistance (a compliance) the growth stalls where the device voltage
 *     falls towards v_grow: the filament reached grows with the compliance
 *     current (seed 004 Fig. 2a).
 *   |V| <= v_g (retention): dphi/dt = -k_c / phi^3
 *     spontaneous retraction by surface diffusion of Ag (the filament
 *     minimises its surface-to-volume ratio, seed 004 Sec. 2 ref. 45;
 *     Wang et al., Nat. Commun. 10, 81 (2019): lifetime limited by surface
 *     diffusion): the thinning rate of a wire by surface diffusion goes as
 *     D_s / phi^3 (Mullins), so phi^4 falls linearly in time and the
 *     filament breaks (phi < d_atom: phi = 0) after
 *       t_R = (phi_0^4 - d_atom^4) / (4 k_c),
 *     longer for the thicker filament a larger compliance leaves. A nucleus
 *     short of one atom (0 < phi < d_atom) dissolves as soon as the drive
 *     falls to v_th_c or below: a failed attempt, which draws the next
 *     threshold as a broken filament does.
 *   Drift outruns diffusion above threshold, so each regime has its own law
 *   (and each is solved exactly under a constant V).
 * Stochastic from cycle to cycle (seed 004 Sec. 6: retention time of
 * short-term synapses varies): the threshold of a cycle's nucleation
 * v_th_c = v_th LN(sigma_vth_c2c) is drawn when the previous filament
 * breaks, and the surface-diffusion constant of a filament
 * k_c = k_sd LN(sigma_k_c2c) when it forms (phi rises through d_atom: the
 * atomic arrangement of the new bridge sets its diffusion paths). LN is a
 * lognormal of mean 1, exp(sigma z - sigma^2 / 2); each draw from the
 * cell's c2c stream at an index of the cycle count (formation 2 n, next
 * threshold 2 n + 1), so the draws do not depend on call order.
 *
 * ---- ag_volatile: the lone device (volatile Ag RRAM, Fig. 2b) ----
 * I = G(phi) V.
 *
 * ---- ag_if_neuron: the threshold-switch integrate-and-fire neuron (Fig. 8)
 * A series resistor r_s (the synapse feeding the neuron, seed 004 Sec. 4.2)
 * to the membrane node, where the membrane capacitor c_m is in parallel with
 * the diffusive Ag threshold switch (the filament above) to the bottom
 * terminal. State u: the membrane (capacitor) voltage.
 *   I        = (V - u) / r_s                         current into the neuron
 *   c_m du/dt = (V - u) / r_s - G(phi) u            integration (capacitor
 *                charging through r_s), leak back through r_s between
 *                pulses, fire: discharge through the switched-on filament
 *   phi under the membrane voltage u as above      fire when u passes
 *                v_th_c; the filament retracts after the discharge (the
 *                neuron resets by itself, refractory for its lifetime).
 * Why a two-terminal class with the membrane in its state rather than a
 * cell stack with a capacitance: the array returns operating points with
 * capacitors open (array.h "Capacitances"), which would read a membrane at
 * its DC value; a stack holds two devices, not three elements (r_s, c_m,
 * the switch); and the engine's capacitor transient (backward Euler / BDF2,
 * 1 mV + 1e-3 local error) would integrate the membrane apart from the
 * switch whose threshold it crosses. Here the
 * current (V - u) / r_s is exact at every instant, u and the filament are
 * integrated together (the membrane voltage is the switch's voltage), and u
 * is readable as a state ("u"). Driven by a current (a crossbar column),
 * the line voltage is u + r_s I: the neuron's firing is the collapse of
 * its line's voltage.
 */
#include <math.h>
#include <stdio.h>
#include "mxb_internal.h"

/* ===================== the filament (shared) ===================== */

typedef struct {
  double g_atom, d_atom, g_off, v0, r_grow, phi_max, v_grow;
} ag_fil_t;

static double ag_ln(double sig, double z) { return exp(sig * z - 0.5 * sig * sig); }

static double ag_g(const ag_fil_t *f, double phi) {
  if (phi < f->d_atom) return f->g_off;
  double x = phi / f->d_atom;
  return f->g_off + f->g_atom * x * x;
}

/* Growth rate (m/s) at |v| above the threshold vth (0 at or below it). */
static double ag_grow(const ag_fil_t *f, double a, double vth) {
  return a > vth ? f->r_grow * expm1((a - vth) / f->v0) : 0.0;
}

/* The filament's cycle state: phi, v_th_c, k_c, n_cycle at s[0..3]. */
enum { F_PHI, F_VTH, F_K, F_N, NF };

/* c2c draws (index: formation 2 n, next threshold 2 n + 1) */
static double ag_draw(const mxb_dev_rng_t *rng, double sig, double mean, uint64_t idx) {
  return sig > 0 ? mean * ag_ln(sig, mxb_rng_normal(rng->seed, rng->c2c, idx)) : mean;
}

/* Growth threshold: nucleation of a bridge (phi < d_atom) needs the
 * cycle's v_th_c, growth of a formed one only v_grow (the critical
 * nucleation overpotential exceeds the growth overpotential; at most v_th_c). */
static double ag_thr(const ag_fil_t *f, const double *s) {
  return s[F_PHI] >= f->d_atom ? fmin(f->v_grow, s[F_VTH]) : s[F_VTH];
}

/* Advance the filament under |v| = a for dt (exact for a constant a):
 * growth above its threshold (nucleation, then faster growth once the
 * bridge forms, split at that instant), surface-diffusion retraction at
 * or below it. */
static void ag_fil_advance(const ag_fil_t *f, double *s, double a, double dt, double vth_mean,
                           double sig_v, double k_mean, double sig_k, const mxb_dev_rng_t *rng) {
  double phi = s[F_PHI];
  double r = ag_grow(f, a, ag_thr(f, s));
  if (r > 0) {
    if (phi >= f->phi_max) return;
    if (phi < f->d_atom) {
      double t1 = (f->d_atom - phi) / r;
      if (t1 > dt) {
        s[F_PHI] = phi + r * dt;
        return;
      }
      /* a bridge formed: its diffusion constant, then growth of the bridge */
      s[F_PHI] = phi = f->d_atom;
      s[F_K] = ag_draw(rng, sig_k, k_mean, 2 * (uint64_t)s[F_N]);
      dt -= t1;
      r = ag_grow(f, a, ag_thr(f, s));
    }
    double p1 = phi + r * dt;
    s[F_PHI] = p1 > f->phi_max ? f->phi_max : p1;
    return;
  }
  if (phi <= 0) return;
  double d4 = f->d_atom * f->d_atom * f->d_atom * f->d_atom;
  double p4 = phi * phi * phi * phi - 4.0 * s[F_K] * dt;
  if (p4 < d4) { /* broken: the next cycle, its nucleation threshold */
    double n = s[F_N] + 1;
    s[F_PHI] = 0.0;
    s[F_N] = n;
    s[F_VTH] = ag_draw(rng, sig_v, vth_mean, 2 * (uint64_t)n + 1);
    return;
  }
  s[F_PHI] = sqrt(sqrt(p4));
}

/* Largest step under |v| = a: the conductance (phi^2) changes by at most
 * ~4 % in growth and 2 % in retraction; INFINITY when nothing moves. */
static double ag_fil_limit(const ag_fil_t *f, const double *s, double a) {
  double phi = s[F_PHI], r = ag_grow(f, a, ag_thr(f, s));
  if (r > 0) return phi >= f->phi_max ? INFINITY : 0.02 * fmax(phi, f->d_atom) / r;
  if (phi <= 0) return INFINITY;
  double p = fmax(phi, f->d_atom);
  return 0.01 * p * p * p * p / s[F_K];
}

static void ag_fil_init(double *s, double vth_mean, double sig_v, double k_mean, double phi0,
                        const mxb_dev_rng_t *rng) {
  s[F_PHI] = phi0;
  s[F_N] = 0;
  s[F_VTH] = ag_draw(rng, sig_v, vth_mean, 1);
  s[F_K] = k_mean; /* the first filament's draw comes at its formation */
}

/* Ranges of the filament's states. phi: [0, phi_max <= 1e-7 m]. v_th_c
 * and k_c: lognormal draws of mean <= 10 V and <= 1e-20 m^4/s with sigma
 * <= 1 and |z| <= 8.7 (no Philox normal beyond): below e^8.7 = 6e3 times
 * the mean, and positive (they divide nothing but must stay > 0 for the
 * thresholds and the retraction): (0, 1e5] V and (0, 1e-15] m^4/s; the
 * smallest, 1e-3 V x e^(-9.2) = 1e-7 V and 1e-45 x e^(-9.2) m^4/s. n_cycle
 * indexes draws 2 n + 1 in 64 bits: up to 2^53 (exact in a double). */
#define AG_STATES(PFX)                                                                       \
  [PFX##_PHI] = {"phi", "m", "diameter of the Ag filament (0: broken)", 0.0, 1e-7},         \
  [PFX##_VTH] = {"v_th_c", "V", "threshold of this cycle's set (c2c draw)", 1e-8, 1e5},     \
  [PFX##_K] = {"k_c", "m^4/s", "surface-diffusion constant of this filament (c2c draw)",     \
               1e-50, 1e-15},                                                                \
  [PFX##_N] = {"n_cycle", "1", "bridges broken or nuclei dissolved so far (c2c draw index)", 0.0, \
               9007199254740992.0}

/* ========================= ag_volatile ========================= */

enum { VP_GATOM, VP_DATOM, VP_GOFF, VP_VTH, VP_VGROW, VP_V0, VP_RGROW, VP_PHIMAX, VP_KSD, VP_SV, VP_SK,
       VP_PHI0, NVP };
enum { VS_PHI, VS_VTH, VS_K, VS_N, NVS };

static const mxb_param_def_t vol_params[NVP] = {
    [VP_GATOM] = {"g_atom", "S", 7.748e-5, 1e-7, 1e-3,
                  "conductance quantum 2e^2/h: one channel per Ag atom of the contact (seed 004 Sec. 2, quantised conduction of Ag filaments)",
                  "conductance of a one-atom filament"},
    [VP_DATOM] = {"d_atom", "m", 2.9e-10, 1e-11, 1e-8, "Ag atomic diameter (0.29 nm)",
                  "diameter of one atom: below it the bridge is broken"},
    [VP_GOFF] = {"g_off", "S", 1e-12, 0.0, 1e-3,
                 "seed 004 Sec. 2: on/off ratio of volatile Ag RRAM above 1e7 (up to 1e10)",
                 "leakage of the dielectric (filament broken)"},
    [VP_VTH] = {"v_th", "V", 0.4, 1e-3, 10.0,
                "assumed: Ag/SiO2 threshold switches set at a few tenths of a volt (seed 004 Fig. 2b, ref. 44)",
                "mean set (nucleation) threshold"},
    [VP_VGROW] = {"v_grow", "V", 0.15, 0.0, 10.0,
                  "assumed: a formed Ag bridge grows at a lower overpotential than nucleation needs (the threshold switch holds down to a hold voltage, seed 004 Sec. 4.2-4.3); above the 0.1 V reads",
                  "growth threshold of a formed bridge"},
    [VP_V0] = {"v0", "V", 0.05, 1e-3, 10.0, "assumed: steep (ion hopping) onset of Ag+ drift above v_th",
               "voltage scale of the growth rate"},
    [VP_RGROW] = {"r_grow", "m/s", 1e-5, 1e-15, 1e3,
                  "assumed: a 1 V pulse nucleates a bridge within a ns and the bridge grows to the compliance within a 10 us set pulse",
                  "growth rate of the filament at 1.72 v0 above threshold"},
    [VP_PHIMAX] = {"phi_max", "m", 5e-9, 1e-10, 1e-7,
                   "assumed: a few nm, the largest volatile filament", "largest filament diameter"},
    [VP_KSD] = {"k_sd", "m^4/s", 1.69e-34, 1e-45, 1e-20,
                "fit: median retention 1.5 ms (seed 004 Fig. 2b) over 200 cycles of a 10 us, 1 V set through 5 kohm (compliance about 160 uA, assumed) read at 0.1 V",
                "mean surface-diffusion constant: dphi/dt = -k / phi^3"},
    [VP_SV] = {"sigma_vth_c2c", "1", 0.05, 0.0, 1.0,
               "assumed: few-percent cycle-to-cycle spread of the set voltage", "lognormal shape of v_th_c"},
    [VP_SK] = {"sigma_k_c2c", "1", 0.3, 0.0, 1.0,
               "assumed: retention of volatile Ag filaments spreads from cycle to cycle (seed 004 Sec. 6)",
               "lognormal shape of k_c"},
    [VP_PHI0] = {"phi0", "m", 0.0, 0.0, 1e-7, "relaxed (no filament)", "initial filament diameter"},
};

static const mxb_state_def_t vol_states[NVS] = {AG_STATES(VS)};

static ag_fil_t vol_fil(const double *p) {
  ag_fil_t f = {p[VP_GATOM], p[VP_DATOM], p[VP_GOFF], p[VP_V0], p[VP_RGROW], p[VP_PHIMAX], p[VP_VGROW]};
  return f;
}

static int vol_check(const double *p, char *msg, size_t n) {
  static const int below[][2] = {{VP_DATOM, VP_PHIMAX}, {VP_VGROW, VP_VTH}};
  int rc = mxbi_check_below(vol_params, p, below, 2, msg, n);
  if (rc) return rc;
  if (p[VP_PHI0] > p[VP_PHIMAX]) {
    snprintf(msg, n, "phi0 (%g m) must not exceed phi_max (%g m)", p[VP_PHI0], p[VP_PHIMAX]);
    return MXB_ERANGE;
  }
  return MXB_OK;
}

static int vol_init(const double *p, double *s, const mxb_dev_rng_t *rng) {
  ag_fil_init(s, p[VP_VTH], p[VP_SV], p[VP_KSD], p[VP_PHI0], rng);
  return MXB_OK;
}

static double vol_current(const double *p, const double *s, double v, double *didv) {
  ag_fil_t f = vol_fil(p);
  double g = ag_g(&f, s[VS_PHI]);
  *didv = g;
  return g * v;
}

static int vol_advance(const double *p, double *s, double v, double dt, const mxb_dev_rng_t *rng) {
  ag_fil_t f = vol_fil(p);
  ag_fil_advance(&f, s, fabs(v), dt, p[VP_VTH], p[VP_SV], p[VP_KSD], p[VP_SK], rng);
  return MXB_OK;
}

static double vol_step_limit(const double *p, const double *s, double v) {
  ag_fil_t f = vol_fil(p);
  return ag_fil_limit(&f, s, fabs(v));
}

/* At or below the growth threshold (ag_thr) the state equation (retraction, or
 * nothing without a filament) does not depend on v; solved exactly. */
static int vol_exact_window(const double *p, const double *s, double *v_lo, double *v_hi) {
  ag_fil_t f = vol_fil(p);
  double x = ag_thr(&f, s);
  *v_lo = -x;
  *v_hi = x;
  return 1;
}

/* Growth at a constant rate up to phi_max, retraction with phi^4 linear in
 * time: both exact for any dt under a constant v (draws keyed by the cycle). */
static int vol_exact_const(const double *p, const double *s, double v) {
  (void)p;
  (void)s;
  (void)v;
  return 1;
}

const mxb_device_class_t mxbi_class_ag_volatile = {
    .name = "ag_volatile",
    .doc = "Volatile (diffusive) Ag filament RRAM (seed 004 Fig. 2b): field-driven "
           "growth above a c2c threshold, conduction of one quantum per atom of "
           "cross-section, spontaneous retraction by surface diffusion "
           "(dphi/dt = -k/phi^3, c2c k) that breaks the filament after the "
           "retention time.",
    .n_params = NVP,
    .params = vol_params,
    .n_state = NVS,
    .states = vol_states,
    .check = vol_check,
    .init = vol_init,
    .current = vol_current,
    .advance = vol_advance,
    .step_limit = vol_step_limit,
    .exact_window = vol_exact_window,
    .exact_const = vol_exact_const,
};

/* ========================= ag_if_neuron ========================= */

enum { NP_RS, NP_CM, NP_GATOM, NP_DATOM, NP_GOFF, NP_VTH, NP_VGROW, NP_V0, NP_RGROW, NP_PHIMAX, NP_KSD,
       NP_SV, NP_SK, NP_U0, NP_DV, NNP };
enum { NS_PHI, NS_VTH, NS_K, NS_N, NS_U, NNS };

static const mxb_param_def_t neu_params[NNP] = {
    [NP_RS] = {"r_s", "ohm", 1e4, 1.0, 1e12,
               "assumed: the series (synapse) resistor of seed 004 Fig. 8a, 10 kohm",
               "series resistor feeding the membrane node"},
    [NP_CM] = {"c_m", "F", 1e-9, 1e-15, 1e-3,
               "assumed: membrane capacitor of seed 004 Fig. 8a, 1 nF (r_s c_m = 10 us)",
               "membrane capacitor in parallel with the threshold switch"},
    [NP_GATOM] = {"g_atom", "S", 7.748e-5, 1e-7, 1e-3, "conductance quantum 2e^2/h",
                  "conductance of a one-atom filament"},
    [NP_DATOM] = {"d_atom", "m", 2.9e-10, 1e-11, 1e-8, "Ag atomic diameter (0.29 nm)",
                  "diameter of one atom: below it the bridge is broken"},
    [NP_GOFF] = {"g_off", "S", 1e-12, 0.0, 1e-3,
                 "seed 004 Sec. 2: on/off of volatile Ag switches above 1e7",
                 "leakage of the switch (filament broken)"},
    [NP_VTH] = {"v_th", "V", 0.4, 1e-3, 10.0,
                "assumed: SiOxNy:Ag diffusive memristor threshold of a few tenths of a volt (seed 004 Fig. 8, ref. 120)",
                "mean threshold of the switch"},
    [NP_VGROW] = {"v_grow", "V", 0.1, 0.0, 10.0,
                  "assumed: the switch holds and grows down to a hold voltage below v_th, so a fire discharges the membrane deeply (seed 004 Sec. 4.2)",
                  "growth threshold of a formed bridge"},
    [NP_V0] = {"v0", "V", 0.05, 1e-3, 10.0, "assumed: steep onset of Ag+ drift",
               "voltage scale of the growth rate"},
    [NP_RGROW] = {"r_grow", "m/s", 2e-4, 1e-15, 1e3,
                  "assumed: the bridge nucleates within a 1 us pulse once the membrane passes v_th by a few v0 (fire delay set by the Ag dynamics, seed 004 Sec. 4.2)",
                  "growth rate at 1.72 v0 above threshold"},
    [NP_PHIMAX] = {"phi_max", "m", 1e-9, 1e-10, 1e-7,
                   "assumed: the Ag of the SiOxNy:Ag switch comes from dispersed nanoclusters (seed 004 ref. 120), a limited supply: a bridge of 1 nm (about 1 mS)",
                   "largest filament diameter"},
    [NP_KSD] = {"k_sd", "m^4/s", 3e-31, 1e-45, 1e-20,
                "assumed: the largest bridge retracts within about 1 us once the membrane has discharged (a refractory period of a few pulses), diffusive memristor of seed 004 ref. 120",
                "mean surface-diffusion constant"},
    [NP_SV] = {"sigma_vth_c2c", "1", 0.05, 0.0, 1.0, "assumed: few-percent c2c spread",
               "lognormal shape of v_th_c"},
    [NP_SK] = {"sigma_k_c2c", "1", 0.3, 0.0, 1.0, "assumed, as ag_volatile",
               "lognormal shape of k_c"},
    [NP_U0] = {"u0", "V", 0.0, -10.0, 10.0, "at rest", "initial membrane voltage"},
    [NP_DV] = {"dv_step", "V", 1e-3, 1e-6, 0.1,
               "numerical: largest change of the membrane voltage per step",
               "accuracy of the membrane integration"},
};

/* u: the membrane voltage lies between its initial value and the drives
 * (|V| <= MXB_V_MAX = 100 V; a current drive is held to it too). */
static const mxb_state_def_t neu_states[NNS] = {
    AG_STATES(NS),
    [NS_U] = {"u", "V", "membrane (capacitor) voltage", -100.0, 100.0},
};

static ag_fil_t neu_fil(const double *p) {
  ag_fil_t f = {p[NP_GATOM], p[NP_DATOM], p[NP_GOFF], p[NP_V0], p[NP_RGROW], p[NP_PHIMAX], p[NP_VGROW]};
  return f;
}

static int neu_check(const double *p, char *msg, size_t n) {
  static const int below[][2] = {{NP_DATOM, NP_PHIMAX}, {NP_VGROW, NP_VTH}};
  return mxbi_check_below(neu_params, p, below, 2, msg, n);
}

static int neu_init(const double *p, double *s, const mxb_dev_rng_t *rng) {
  ag_fil_init(s, p[NP_VTH], p[NP_SV], p[NP_KSD], 0.0, rng);
  s[NS_U] = p[NP_U0];
  return MXB_OK;
}

static double neu_current(const double *p, const double *s, double v, double *didv) {
  *didv = 1.0 / p[NP_RS];
  return (v - s[NS_U]) / p[NP_RS];
}

/* The membrane under terminal voltage v with the switch at conductance g
 * for dt: exponential approach to the divider voltage (exact for a fixed g). */
static double neu_relax(const double *p, double u, double v, double g, double dt) {
  double gs = 1.0 / p[NP_RS] + g, uinf = v / (p[NP_RS] * gs);
  double x = uinf + (u - uinf) * exp(-dt * gs / p[NP_CM]);
  return fabs(x - uinf) < 1e-12 ? uinf : x;
}

/* One step: the membrane at mid-step drives the filament (exact under that
 * voltage), then the membrane relaxes over the step with the switch at the
 * mean of its conductances at the step's ends (second order). With the
 * filament broken and the membrane staying below threshold both are exact. */
static int neu_advance(const double *p, double *s, double v, double dt, const mxb_dev_rng_t *rng) {
  ag_fil_t f = neu_fil(p);
  double u = s[NS_U], g0 = ag_g(&f, s[NS_PHI]);
  double uh = neu_relax(p, u, v, g0, 0.5 * dt);
  ag_fil_advance(&f, s, fabs(uh), dt, p[NP_VTH], p[NP_SV], p[NP_KSD], p[NP_SK], rng);
  double g1 = ag_g(&f, s[NS_PHI]);
  s[NS_U] = neu_relax(p, u, v, 0.5 * (g0 + g1), dt);
  return MXB_OK;
}

static double neu_step_limit(const double *p, const double *s, double v) {
  ag_fil_t f = neu_fil(p);
  double u = s[NS_U], g = ag_g(&f, s[NS_PHI]);
  double rate = fabs((v - u) / p[NP_RS] - g * u) / p[NP_CM];
  double h = INFINITY;
  if (rate > 0 && u != v / (p[NP_RS] * (1.0 / p[NP_RS] + g))) h = p[NP_DV] / rate;
  double hf = ag_fil_limit(&f, s, fabs(u));
  return hf < h ? hf : h;
}

/* Exact for any dt when the filament is broken and the membrane, moving
 * monotonically towards its divider voltage, never passes the threshold. */
static int neu_exact_const(const double *p, const double *s, double v) {
  if (s[NS_PHI] > 0) return 0;
  double uinf = v / (p[NP_RS] * (1.0 / p[NP_RS] + p[NP_GOFF]));
  return fabs(s[NS_U]) <= s[NS_VTH] && fabs(uinf) <= s[NS_VTH];
}

/* SPICE: the input resistor against the membrane at its present voltage
 * (exact at the instant). */
static int neu_spice(const double *p, const double *s, const char *v, char *buf, size_t n) {
  return mxbi_spice_series(v, s[NS_U], p[NP_RS], buf, n);
}

const mxb_device_class_t mxbi_class_ag_if_neuron = {
    .name = "ag_if_neuron",
    .doc = "Threshold-switch integrate-and-fire neuron (seed 004 Fig. 8): series "
           "resistor r_s into a membrane capacitor c_m in parallel with a "
           "diffusive Ag threshold switch (the ag_volatile filament); the "
           "membrane integrates, the switch fires above its threshold, "
           "discharges the capacitor and retracts by itself.",
    .n_params = NNP,
    .params = neu_params,
    .n_state = NNS,
    .states = neu_states,
    .check = neu_check,
    .init = neu_init,
    .current = neu_current,
    .advance = neu_advance,
    .step_limit = neu_step_limit,
    .exact_const = neu_exact_const,
    .spice_current = neu_spice,
};
