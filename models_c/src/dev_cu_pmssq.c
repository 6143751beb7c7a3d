/* mxbar device class "cu_pmssq": the Cu-ion-doped pMSSQ rectifying e-synapse
 * of seed 000 (Wu, Kim, Choi, Strukov, Yang, Nat. Commun. 2017): Al (bottom) /
 * lightly Cu-doped pMSSQ / heavily Cu-doped pMSSQ / Al (top), ~80 nm, cells at
 * the crossings of 1.5 mm wide lines. V is top minus bottom (the paper biases
 * the top electrode, bottom grounded).
 *
 * State x in [0, 1]: Cu-ion occupancy of the top interface (1 = as fabricated,
 * Cu-rich, low barrier; 0 = depleted).
 *
 * Conduction (paper Fig. 1d and its text), I = I_fn + I_te + g_leak V:
 *  - forward (V > 0), Fowler-Nordheim-like injection from the top Al into the
 *    HOMO of the Cu-rich layer through a thin interfacial barrier:
 *      I_fn = k_dev a_fn V^2 exp(-b phi(x)^1.5 / V),
 *      b = 6.83e9 V/(m eV^1.5) * d_fn  (FN slope, free-electron mass),
 *      phi(x) = phi_off - (phi_off - phi_on) x   (Cu lowers the barrier,
 *      Supplementary Fig. 2c: HOMO shift with Cu concentration);
 *  - reverse (V < 0), Schottky (thermionic) emission from the bottom Al over
 *    the high barrier of the lightly doped layer, with image-force lowering:
 *      I_te = -A A** T^2 exp(-phi_rev/V_T) exp(gamma sqrt|V|) (1 - exp(-|V|/V_T)),
 *      gamma = sqrt(q / (4 pi eps0 eps_r d_rev)) / V_T,  V_T = kT/q;
 *  - g_leak: ohmic bulk leakage of the pMSSQ matrix (keeps dI/dV > 0 at 0 V).
 *  With linear = 1 the class is the non-rectifying twin used for the sneak-path
 *  comparison: an ohmic cell I = G(x) V whose G(x) = I_fn(v_ref, x) / v_ref is
 *  the rectifying cell's chord conductance at the read voltage, with the same
 *  ion dynamics.
 *
 * Ion dynamics (field-driven Cu+ hopping, Mott-Gurney high-field form, with an
 * onset v_c below which drift is balanced by the concentration back-force, so
 * the state is exactly nonvolatile at rest and at read voltages):
 *      s(V) = max(0, sinh(|V|/v0_ion) - sinh(v_c/v0_ion))
 *  V > 0 (LTD): dispersive release of Cu+ from the top interface. The ions sit
 *  in sites of a disordered matrix whose release barriers spread uniformly
 *  over ea_dep .. ea_dep + e_spread; a field releases the shallowest occupied
 *  sites first, so what remains at occupancy x is held by barriers above
 *  ea_dep + e_spread (1 - x). With R = nu0 exp(-ea_dep/kT) s(V) (the rate of
 *  the shallowest site) and beta = e_spread / kT, summing the release rates of
 *  the occupied sites gives
 *        dx/dt = -(R / beta) exp(-beta) (exp(beta x) - 1),
 *  integrated exactly under a constant V:
 *        x(t) = -ln(1 - exp(-c t) + exp(-beta x0 - c t)) / beta,  c = R e^-beta.
 *  From a full interface the depletion grows as ln(1 + R t) / beta (the
 *  logarithmic-in-time law of a uniform barrier spread): fast at first (the
 *  0.1 ms LTD pulses of Fig. 2: G about half after 2-3 pulses), then ever
 *  slower but not saturating over tens of ms (the 15 cumulative 10 ms training
 *  sessions of Fig. 5c-f, where each session deepens the pattern), until the
 *  deepest sites empty at the rate c. e_spread = 0 gives first-order release
 *  dx/dt = -R x.
 *  V < 0 (LTP): ions drift back into the emptied (shallowest) sites; the
 *  refill is limited by transport through the film, one barrier ea_res:
 *        dx/dt = +nu0 exp(-ea_res/kT) s(V) (1 - x).
 *  The step in G per pulse therefore depends on the state and history
 *  (Fig. 2b, 2c): 9 nS from the Cu-rich state, below 1 nS from the fifth
 *  0.1 ms pulse on.
 *
 * Capacitance (the cell's R || C of Fig. 4a): parallel-plate
 *      C = eps0 eps_r area / thick,
 *  which with a source resistance gives paired-pulse facilitation.
 *
 * Device-to-device variation: k_dev = 1 + sigma_d2d z (prefactor spread,
 * Fig. 5b), drawn at creation.
 */
#include <math.h>
#include <stdio.h>
#include "mxb_internal.h"

#define Q_E 1.602176634e-19  /* C */
#define K_B 1.380649e-23     /* J/K */
#define EPS0 8.8541878128e-12 /* F/m */
#define FN_B 6.83e9          /* V / (m eV^1.5): 4 sqrt(2 m0 q) / (3 hbar) */

enum {
  P_AREA, P_THICK, P_DREV, P_EPSR, P_AFN, P_DFN, P_PHION, P_PHIOFF, P_PHIREV,
  P_ARICH, P_TEMP, P_GLEAK, P_NU0, P_EADEP, P_ESPREAD, P_EARES, P_V0, P_VC, P_X0,
  P_SD2D, P_LINEAR, P_VREF, NP
};
enum { S_X, S_K, NS };

static const mxb_param_def_t params[NP] = {
    [P_AREA] = {"area", "m^2", 2.25e-6, 1e-16, 1e-3,
                "seed 000 Methods: cells at crossings of 1.5 mm wide Al lines (1.5 x 1.5 mm^2)",
                "cell area (capacitance, thermionic current)"},
    [P_THICK] = {"thick", "m", 80e-9, 1e-9, 1e-5,
                 "seed 000 Methods: Cu-pMSSQ layer about 80 nm",
                 "total film thickness (capacitance)"},
    [P_DREV] = {"d_rev", "m", 40e-9, 1e-9, 1e-5,
                "seed 000 Methods: two layers spun with the same recipe, about half of 80 nm each",
                "lightly doped layer thickness (field for image-force lowering)"},
    [P_EPSR] = {"eps_r", "1", 2.8, 1.0, 100.0,
                "pMSSQ (methylsilsesquioxane) low-k dielectric, k about 2.7-3.0 (not given in seed 000)",
                "relative permittivity"},
    [P_AFN] = {"a_fn", "A/V^2", 3.3e-8, 1e-15, 1.0,
               "fit: forward current <= 200 nA at 3 V in the HCS (seed 000 Sec. LTP/LTD, Fig. 2e)",
               "effective Fowler-Nordheim prefactor (area included)"},
    [P_DFN] = {"d_fn", "m", 7e-9, 1e-10, 1e-6,
               "fit to seed 000 Fig. 1e forward branch (FN slope with phi_on)",
               "effective tunnelling distance at the top interface"},
    [P_PHION] = {"phi_on", "eV", 0.10, 0.0, 3.0,
                 "fit: low Al/HOMO barrier of the Cu-rich layer (seed 000 Fig. 1d, Suppl. Fig. 2c), G0 = 31 nS at 2 V",
                 "forward barrier at full Cu occupancy (x = 1)"},
    [P_PHIOFF] = {"phi_off", "eV", 0.33, 0.0, 3.0,
                  "fit: with e_spread, a cell written by one 3 V, 10 ms training pulse reads about 8 nA at 2 V (seed 000 Fig. 5a, '0' state 8.7 nA) and 15 such sessions keep deepening it (Fig. 5c-f); the fully depleted floor (x = 0, 0.6 nS) lies beyond the paper's protocols",
                  "forward barrier with the interface depleted of Cu (x = 0)"},
    [P_PHIREV] = {"phi_rev", "eV", 1.12, 0.0, 3.0,
                  "fit: reverse leakage low enough that a '0' cell (8.7 nA at 2 V) among '1' cells with every other electrode floating is read correctly (seed 000 Fig. 5a: about 30 cells on the sneak paths are reverse-biased at -1.1 to -1.3 V, and their summed leakage, 0.2 nA here, adds to the read); rectification 2400 / 3300 / 2400 at 1 / 2 / 3 V (>= 100, Fig. 1e: 'negligible conductance under a negative bias'), reverse LTP pulses < 0.5 pJ (Fig. 2e)",
                  "Schottky barrier of bottom Al / lightly doped layer"},
    [P_ARICH] = {"a_rich", "A/(m^2 K^2)", 1.2e6, 1.0, 1e7,
                 "free-electron Richardson constant",
                 "effective Richardson constant"},
    [P_TEMP] = {"temp", "K", 300.0, 1.0, 1000.0,
                "seed 000 Methods: room temperature", "temperature"},
    [P_GLEAK] = {"g_leak", "S", 1e-13, 0.0, 1e-6,
                 "assumed: bulk pMSSQ leakage far below the reverse Schottky current (3 pA at -1 V)",
                 "ohmic leakage in parallel"},
    [P_NU0] = {"nu0", "1/s", 1e13, 1e6, 1e16,
               "typical lattice attempt frequency (phonon)", "ion hopping attempt frequency"},
    [P_EADEP] = {"ea_dep", "eV", 1.2279, 0.1, 3.0,
                 "fit: +3 V, 0.1 ms pulses halve G after 2-3 pulses, later steps below 1 nS (seed 000 Fig. 2a-c), with e_spread and v0_ion",
                 "release barrier of the shallowest Cu+ sites at the top interface"},
    [P_ESPREAD] = {"e_spread", "eV", 0.2585, 0.0, 2.0,
                   "fit: log-time depletion through both the 25 x 0.1 ms LTD of seed 000 Fig. 2a-c and the 15 cumulative 3 V, 10 ms training sessions of Fig. 5c-f (each session deepens the letter, a cell pulsed once stays above it); 10 kT, an energetic disorder typical of ion sites in an amorphous polymer",
                   "width of the uniform spread of Cu+ release barriers (0: first order)"},
    [P_EARES] = {"ea_res", "eV", 1.3059, 0.1, 3.0,
                 "fit: 25 pulses of -3 V, 0.1 ms restore G0 (seed 000 Fig. 2a), with v0_ion",
                 "activation energy of Cu+ drift back to the top interface"},
    [P_V0] = {"v0_ion", "V", 0.105, 0.005, 10.0,
              "fit: 2 V / -1 V spikes alone ineffective, 3 V effective (seed 000 Fig. 3); lone 3 V, 30 us pulses through R_s C (peak 2.4 V) ineffective, 20 us and 10 us pairs learn (Fig. 4c)",
              "field-enhancement voltage of hopping, 2 kT d_i / (q a)"},
    [P_VC] = {"v_c", "V", 1.5, 0.0, 10.0,
              "model choice below the 2 V the paper shows ineffective (seed 000 Fig. 3); sinh(v_c/v0)/sinh(3/v0) < 1e-6",
              "onset of net ion drift (no drift below: nonvolatile, fast path)"},
    [P_X0] = {"x0", "1", 1.0, 0.0, 1.0,
              "seed 000 Fig. 5c: cells start in the high-conductance state",
              "initial Cu occupancy of the top interface"},
    [P_SD2D] = {"sigma_d2d", "1", 0.0, 0.0, 0.5, "none (no variation)",
                "relative std of the forward prefactor between devices"},
    [P_LINEAR] = {"linear", "1", 0.0, 0.0, 1.0,
                  "0: the paper's rectifying cell; 1: non-rectifying twin (sneak-path comparison)",
                  "conduction mode: 0 rectifying, 1 ohmic twin"},
    [P_VREF] = {"v_ref", "V", 2.0, 0.01, 10.0,
                "read voltage of the tests (within the non-disturbing window, seed 000 Fig. 3)",
                "voltage at which the ohmic twin matches the rectifying chord conductance"},
};

/* Ranges: x is an occupancy, [0, 1] (the barrier phi(x) leaves
 * [phi_on, phi_off] outside it). k_dev = 1 + sigma_d2d z floored at 0.2 in
 * cu_init, at most 1 + 0.5 x 8.7 (no Philox normal exceeds 8.7 sigma): [0.2,
 * 10]; a factor <= 0 would reverse or kill the forward current. */
static const mxb_state_def_t states[NS] = {
    [S_X] = {"x", "1", "Cu-ion occupancy of the top interface (1 = Cu-rich)", 0.0, 1.0},
    [S_K] = {"k_dev", "1", "device-to-device factor on the forward prefactor", 0.2, 10.0},
};

static int cu_check(const double *p, char *msg, size_t n) {
  if (p[P_PHIOFF] < p[P_PHION]) {
    snprintf(msg, n, "phi_off (%g eV) must not be below phi_on (%g eV)",
             p[P_PHIOFF], p[P_PHION]);
    return MXB_ERANGE;
  }
  if (p[P_LINEAR] != 0.0 && p[P_LINEAR] != 1.0) {
    snprintf(msg, n, "linear must be 0 or 1 (got %g)", p[P_LINEAR]);
    return MXB_ERANGE;
  }
  if (p[P_DREV] > p[P_THICK]) {
    snprintf(msg, n, "d_rev (%g m) must not exceed thick (%g m)", p[P_DREV], p[P_THICK]);
    return MXB_ERANGE;
  }
  return MXB_OK;
}

static int cu_init(const double *p, double *s, const mxb_dev_rng_t *rng) {
  double z = p[P_SD2D] > 0 ? mxb_rng_normal(rng->seed, rng->d2d, 0) : 0.0;
  double k = 1.0 + p[P_SD2D] * z;
  s[S_X] = p[P_X0];
  s[S_K] = k > 0.2 ? k : 0.2;
  return MXB_OK;
}

static double vt(const double *p) { return K_B * p[P_TEMP] / Q_E; }

/* FN exponent coefficient B(x) = b phi^1.5 (V). */
static double fn_b(const double *p, double x) {
  double phi = p[P_PHIOFF] - (p[P_PHIOFF] - p[P_PHION]) * x;
  return FN_B * p[P_DFN] * pow(phi, 1.5);
}

/* Forward FN current for v > 0 (0 otherwise) and its derivative. */
static double i_fn(const double *p, const double *s, double v, double *d) {
  if (v <= 0) { *d = 0; return 0; }
  double a = s[S_K] * p[P_AFN], b = fn_b(p, s[S_X]);
  double e = exp(-b / v);
  *d = a * e * (2 * v + b);
  return a * v * v * e;
}

/* Reverse Schottky emission for v < 0 (0 otherwise) and its derivative. */
static double i_te(const double *p, double v, double *d) {
  if (v >= 0) { *d = 0; return 0; }
  double u = -v, t = vt(p);
  double is = p[P_AREA] * p[P_ARICH] * p[P_TEMP] * p[P_TEMP] * exp(-p[P_PHIREV] / t);
  double gam = sqrt(Q_E / (4 * 3.14159265358979323846 * EPS0 * p[P_EPSR] * p[P_DREV])) / t;
  double su = sqrt(u), el = exp(gam * su), f = -expm1(-u / t);
  /* f' = is el [gam/(2 sqrt u) f + exp(-u/t)/t]; f/sqrt(u) -> 0 as u -> 0 */
  *d = is * el * (0.5 * gam * f / su + exp(-u / t) / t);
  return -is * el * f;
}

static double cu_current(const double *p, const double *s, double v, double *didv) {
  double g = p[P_GLEAK], i = g * v;
  if (p[P_LINEAR] != 0.0) {
    double dd, gx = i_fn(p, s, p[P_VREF], &dd) / p[P_VREF];
    *didv = g + gx;
    return i + gx * v;
  }
  double d1, d2;
  i += i_fn(p, s, v, &d1) + i_te(p, v, &d2);
  *didv = g + d1 + d2;
  return i;
}

/* Drift drive s(V) (dimensionless); 0 below the onset. */
static double drive(const double *p, double v) {
  double a = fabs(v) / p[P_V0], c = p[P_VC] / p[P_V0];
  if (a <= c) return 0.0;
  return sinh(a) - sinh(c);
}

/* Rate (1/s) of the shallowest release site (V > 0, *dir = -1) or of the
 * refill (V < 0, *dir = +1); 0 below the onset. */
static double cu_rate(const double *p, double v, int *dir) {
  double d = drive(p, v);
  *dir = 0;
  if (d <= 0) return 0.0;
  double kt = vt(p);
  if (v > 0) {
    *dir = -1;
    return p[P_NU0] * exp(-p[P_EADEP] / kt) * d;
  }
  *dir = 1;
  return p[P_NU0] * exp(-p[P_EARES] / kt) * d;
}

/* beta = e_spread / kT; below this the release is first order. */
#define BETA_MIN 1e-6

static double beta_of(const double *p) { return p[P_ESPREAD] / vt(p); }

/* |dx/dt| of the release at occupancy x under the shallowest-site rate r. */
static double release_speed(double r, double beta, double x) {
  if (beta < BETA_MIN) return r * x;
  return r / beta * exp(-beta) * expm1(beta * x);
}

static int cu_advance(const double *p, double *s, double v, double dt,
                      const mxb_dev_rng_t *rng) {
  (void)rng;
  int dir;
  double r = cu_rate(p, v, &dir), x = s[S_X];
  if (!(r > 0)) return MXB_OK;
  if (dir > 0) {
    s[S_X] = 1.0 - (1.0 - x) * exp(-r * dt);
    return MXB_OK;
  }
  double beta = beta_of(p);
  if (beta < BETA_MIN) {
    s[S_X] = x * exp(-r * dt);
    return MXB_OK;
  }
  /* 1 - (1 - e^(-beta x)) e^(-c dt), as a sum of two positive terms */
  double c = r * exp(-beta);
  double arg = -expm1(-c * dt) + exp(-beta * x - c * dt);
  double xn = -log(arg) / beta;
  s[S_X] = xn < 0 ? 0.0 : (xn > x ? x : xn);
  return MXB_OK;
}

/* The advance is exact under a constant V; the limit keeps the conductance
 * (and so a network's node voltages) from moving much within one step: about
 * a tenth of the room left (LTP) or of the occupancy (LTD). */
static double cu_step_limit(const double *p, const double *s, double v) {
  int dir;
  double r = cu_rate(p, v, &dir), x = s[S_X];
  if (!(r > 0)) return INFINITY;
  if (dir > 0) {
    if (1.0 - x < 1e-12) return INFINITY; /* saturated: nothing moves */
    return 0.1 / r;
  }
  if (x < 1e-12) return INFINITY;
  return 0.1 * x / release_speed(r, beta_of(p), x);
}

static double cu_capacitance(const double *p, const double *s) {
  (void)s;
  return EPS0 * p[P_EPSR] * p[P_AREA] / p[P_THICK];
}

const mxb_device_class_t mxbi_class_cu_pmssq = {
    .name = "cu_pmssq",
    .doc = "Cu-doped pMSSQ rectifying e-synapse (seed 000): FN forward / Schottky "
           "reverse conduction, Cu-ion occupancy of the top interface depleted by "
           "positive bias (LTD) and restored by negative bias (LTP), parallel-plate "
           "capacitance; linear = 1 gives the ohmic non-rectifying twin.",
    .n_params = NP,
    .params = params,
    .n_state = NS,
    .states = states,
    .check = cu_check,
    .init = cu_init,
    .current = cu_current,
    .advance = cu_advance,
    .step_limit = cu_step_limit,
    .capacitance = cu_capacitance,
};
