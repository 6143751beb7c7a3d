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
 * Dynamics (ion reduction at the filament tip / oxidation of the filament,
 * Butler-Volmer in the overpotential above a threshold; nothing moves between
 * the thresholds: nonvolatile, retention):
 *   growth (V > v_grow_d and w < 1, and a nucleus exists: w >= w_nuc or
 *   V > v_set_c):   dw/dt =  (exp((V - v_grow_d)/v0_set) - 1) / tau_set
 *   dissolution (w > 0 and V < 0 with V_f = |V| / (1 + a_gap (1 - w)) > v_reset_c):
 *                   dw/dt = -(exp((V_f - v_reset_c)/v0_reset) - 1) / tau_reset
 *     Oxidised Ag must be carried out of the gap by the field across it. The
 *     gap is shortest with the filament formed (w = 1) and 1 + a_gap times
 *     that at w = 0 (linear in w, like the tunnelling gap that sets G(w)), so
 *     V_f is the voltage that gives the same field over the formed gap, and
 *     v_reset_c, v0_reset refer to it. A thinned (mid-level) filament needs a
 *     larger voltage to dissolve further: depression slows as the filament
 *     thins (gradual multilevel depression, Fig. S14), and a mid-level cell
 *     half-selected at -V/3, whose memory takes a larger share of the voltage
 *     than a strong cell's, keeps its level.
 * clamped to [0, 1]. Which mechanism each threshold models:
 *   v_grow_d   growth of an existing filament (Ag+ reduction at its tip).
 *              In a 1S1R cell the selector's limited current makes a set
 *              self-limiting: the filament grows until the memory's share of
 *              the voltage falls to v_grow_d, so the level reached grows with
 *              the pulse amplitude (multilevel, Fig. S14). Per cell, drawn
 *              once (device-to-device): v_grow_min + (v_grow - v_grow_min) LN,
 *              LN = exp(sigma_d2d z - sigma_d2d^2 / 2) (positive, mean 1).
 *   v_set_c    nucleation of a new filament from the dissolved state
 *              (w < w_nuc): the critical overpotential of the first stable
 *              Ag cluster. Cycle-to-cycle: v_grow_d + (v_set - v_grow) LN
 *              with shape sigma_set_c2c, at most v_set_max (there the critical
 *              nucleus is a single atom and the barrier vanishes). Nucleation
 *              is stochastic per attempt: an attempt begins when the memory
 *              voltage rises above v_grow_d without a nucleus and ends when it
 *              falls back (end of a pulse or of a sweep); an attempt that ends
 *              without nucleating draws the next v_set_c (a cell that missed
 *              one pulse may nucleate under the next, as a real one does).
 *              The cell's DC set voltage is v_set_c plus the selector's v_th
 *              (Fig. 4c spread); reads and half-selected cells stay below
 *              v_grow_d >= v_grow_min, so no draw can make them switch.
 *   v_reset_c  electrochemical dissolution. Cycle-to-cycle: drawn at each
 *              completed set, v_reset_min + (v_reset_d - v_reset_min) LN
 *              (shape sigma_reset_c2c; v_reset_d per cell, d2d shape
 *              sigma_d2d), at most v_reset_max: Joule heating dissolves any
 *              metallic filament at a fixed voltage (its peak temperature
 *              depends on the voltage alone, Wiedemann-Franz), which is
 *              reached first when the drawn threshold is higher.
 * A completed set (w rising through 0.5) draws the next reset threshold, a
 * completed reset the next nucleation threshold; every draw is keyed by the
 * cycle and attempt counts in the state vector, so it does not depend on the
 * order in which cells are visited.
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
    [SP_AON] = {"a_on", "A/V^2", 4.1e-4, 1e-12, 10.0,
                "fit: cell LRS 1.6e-5 A at 0.7 V (seed 002 Fig. 4b: about 1e-5 A; Fig. 5d: one strong and one middle cell together exceed 20 uA, so a strong cell carries >= ~13 uA) and self-compliance 8e-5 A at 1 V (Fig. 2b, Device 2)",
                "tunnelling prefactor of the residual gap (ON)"},
    [SP_BON] = {"b_on", "V", 1.65, 0.0, 100.0,
                "fit: same two points; FN form from ln(I/V^2) vs 1/V (seed 002 Fig. 3b)",
                "FN slope of the residual gap (ON)"},
    [SP_NGAP] = {"n_gap", "1", 20.0, 0.0, 100.0,
                 "assumed: an unformed filament leaves a gap 20 decay lengths longer (OFF tunnelling negligible)",
                 "extra tunnelling attenuation of the gap at w = 0"},
    [SP_W0] = {"w0", "1", 0.0, 0.0, 1.0, "relaxed (no bias history)",
               "initial filament state"},
};

/* w is a completeness: [0, 1] (the ON tunnelling gap exp(-n_gap (1 - w))
 * would exceed its self-compliance above 1). */
static const mxb_state_def_t sel_states[NSS] = {
    [SS_W] = {"w", "1", "completeness of the unstable filament (volatile)", 0.0, 1.0},
};

static int sel_check(const double *p, char *msg, size_t n) {
  static const int below[][2] = {{SP_VHOLD, SP_VTH}};
  return mxbi_check_below(sel_params, p, below, sizeof below / sizeof below[0], msg, n);
}

static int sel_init(const double *p, double *s, const mxb_dev_rng_t *rng) {
  (void)rng;
  s[SS_W] = p[SP_W0];
  return MXB_OK;
}

static double sel_current(const double *p, const double *s, double v, double *didv) {
  double vo = p[SP_VOFF], a = fabs(v);
  /* sinh and cosh of |v| / v_off from one expm1 (em = e^x - 1, accurate
   * near 0): sinh = em (em + 2) / (2 (em + 1)), cosh = sinh + 1 / (em + 1) */
  double em = expm1(a / vo), sh = 0.5 * em * (em + 2.0) / (em + 1.0), ch = sh + 1.0 / (em + 1.0);
  double i = p[SP_GOFF] * vo * (v < 0 ? -sh : sh);
  double d = p[SP_GOFF] * ch;
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
  /* the ON conduction goes as exp(-n_gap (1 - w)): a step may change that
   * exponent by at most 0.05. w approaches the target exponentially (rate r,
   * exact in sel_advance), so a step dt closes 1 - exp(-r dt) of the room
   * left; once n_gap room <= 0.05 what is left cannot matter and one step of
   * 25 / r ends the switching (it took ~500 steps of 0.05 / r before). */
  double left = p[SP_NGAP] * fabs(target - s[SS_W]);
  if (left <= 0.05) return 25.0 / r;
  return -log1p(-0.05 / left) / r;
}

/* Where the state equations do not depend on v: below v_hold w relaxes at
 * 1/tau_relax whatever v is (sel_rate), so the window is |v| < v_hold; with
 * w = 0 (or v_hold = 0) nothing moves anywhere up to v_th (relaxation and
 * hold both keep w = 0), so the window is |v| <= v_th. sel_advance solves
 * both exactly (the exponential). */
static int sel_exact_window(const double *p, const double *s, double *v_lo, double *v_hi) {
  double x = s[SS_W] == 0.0 || !(p[SP_VHOLD] > 0) ? p[SP_VTH] : nextafter(p[SP_VHOLD], 0.0);
  *v_lo = -x;
  *v_hi = x;
  return 1;
}

/* Under a constant v, w approaches its target exponentially at a rate set
 * by v alone (sel_rate): sel_advance is the exact solution for any dt. */
static int sel_exact_const(const double *p, const double *s, double v) {
  (void)p;
  (void)s;
  (void)v;
  return 1;
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
    .exact_window = sel_exact_window,
    .exact_const = sel_exact_const,
};

/* ========================= ecm_memory ========================= */

enum { MP_GLRS, MP_GHRS, MP_VGROW, MP_VGROWMIN, MP_VSET, MP_VSETMAX, MP_WNUC, MP_VRESET, MP_VRESETMIN,
       MP_VRESETMAX, MP_TSET, MP_TRESET, MP_V0SET, MP_V0RESET, MP_AGAP, MP_SSET, MP_SRESET, MP_SD2D, MP_W0, NMP };
enum { MS_W, MS_VSET, MS_VRESET, MS_NCYC, MS_VGROWD, MS_VRESETD, MS_ARMED, MS_NATT, NMS };

static const mxb_param_def_t mem_params[NMP] = {
    [MP_GLRS] = {"g_lrs", "S", 1.4e-3, 1e-12, 1e3,
                 "seed 002 Sec. 2 / Fig. S8: memory alone carries about 1e-3 A at the 0.7 V read",
                 "conductance with the filament fully formed (w = 1)"},
    [MP_GHRS] = {"g_hrs", "S", 1e-9, 1e-18, 1.0,
                 "fit: cell HRS about 1e-9 A at 0.7 V, ON/OFF about 1e4 (seed 002 Fig. 4b)",
                 "conductance with the filament dissolved (w = 0)"},
    [MP_VGROW] = {"v_grow", "V", 1.0, 0.01, 20.0,
                  "fit: multilevel staircase 2.1 -> 2.5 V (seed 002 Fig. S14) stalls where the memory share falls to v_grow",
                  "population mean of the growth threshold of a nucleated filament"},
    [MP_VGROWMIN] = {"v_grow_min", "V", 0.6, 0.0, 20.0,
                     "physical floor: no growth under the 0.7 V read or the V/3 half-select within retention 1e4 s (seed 002 Fig. 4d)",
                     "lowest growth threshold of any cell"},
    [MP_VSET] = {"v_set", "V", 1.6, 0.01, 20.0,
                 "fit: cell set voltage in DC sweeps (seed 002 Fig. 4b/4c)",
                 "population mean of the nucleation (set) threshold, above the cell's v_grow"},
    [MP_VSETMAX] = {"v_set_max", "V", 2.3, 0.0, 20.0,
                     "fit: every cell nucleates under the 2.1 -> 2.5 V, 20 us pulses of seed 002 Fig. S14 (memory share about 2.2 V at 2.5 V)",
                     "memory voltage at which the nucleation barrier vanishes (single-atom critical nucleus)"},
    [MP_WNUC] = {"w_nuc", "1", 0.05, 0.0, 1.0,
                 "assumed: below this filament state no stable nucleus remains",
                 "filament state below which a set needs a new nucleation (v_set_c)"},
    [MP_VRESET] = {"v_reset", "V", 0.6, 0.01, 20.0,
                   "fit: cell reset in DC sweeps (seed 002 Fig. 4b/4c)",
                   "population mean of the reset (dissolution) threshold magnitude"},
    [MP_VRESETMIN] = {"v_reset_min", "V", 0.17, 0.0, 20.0,
                      "physical floor: above the gap field of any half-selected cell under -V/3 of -2.6 V (a cell at this floor keeps every level from 0.3 to 9 uA; 0.14 V would not; seed 002 Fig. 5b: no write disturbance)",
                      "lowest reset threshold magnitude"},
    [MP_VRESETMAX] = {"v_reset_max", "V", 0.7, 0.0, 20.0,
                      "fit: every DC reset of the cell ends within the -3 V sweep (seed 002 Fig. 4b/4c; 500 cycles, Fig. 4e) and -2.2 -> -2.6 V pulses depress it in every cycle (Fig. S14; at 0.8 V about 8 % of cycles stall above 3 uA in program-and-verify)",
                      "memory voltage at which Joule heating dissolves any filament in the reset polarity"},
    [MP_TSET] = {"tau_set", "s", 0.00019, 1e-15, 1e6,
                 "fit: cell switches in 27 us at +2.0 V (seed 002 Fig. S13)",
                 "growth time constant (w per second at 1.72 v0_set overpotential)"},
    [MP_TRESET] = {"tau_reset", "s", 0.6e-3, 1e-15, 1e6,
                   "fit: cell switches in 72 us at -2.0 V (seed 002 Fig. S13)",
                   "reset time constant"},
    [MP_V0SET] = {"v0_set", "V", 0.25, 1e-3, 10.0,
                  "assumed: Butler-Volmer voltage scale of ECM growth (seed 002 refs. [32,33])",
                  "voltage scale of the growth rate"},
    [MP_V0RESET] = {"v0_reset", "V", 0.8, 1e-3, 10.0,
                    "fit: 72 us at -2.0 V (Fig. S13) with a gradual depression over 20 us pulses -2.2 -> -2.6 V (Fig. S14)",
                    "voltage scale of the reset rate"},
    [MP_AGAP] = {"a_gap", "1", 4.0, 0.0, 100.0,
                 "fit: 17 gradual depression levels under 20 us pulses -2.2 -> -2.6 V (seed 002 Fig. S14) and no disturbance of mid-level cells half-selected at -V/3 (Fig. 5b); above ~4.5 DC resets within -3 V no longer complete (Fig. 4b)",
                 "lengthening of the dissolution gap from the formed (w = 1) to the dissolved filament (w = 0), in units of the formed gap"},
    [MP_SSET] = {"sigma_set_c2c", "1", 1.2, 0.0, 3.0,
                 "fit: cell set-voltage std/mean 0.26 over 50 cycles (seed 002 Fig. 4c)",
                 "cycle-to-cycle lognormal shape of the nucleation overpotential v_set_c - v_grow_d"},
    [MP_SRESET] = {"sigma_reset_c2c", "1", 2.0, 0.0, 3.0,
                   "fit: cell reset-voltage std/mean 0.35 over 50 cycles (seed 002 Fig. 4c)",
                   "cycle-to-cycle lognormal shape of the reset threshold above v_reset_min"},
    [MP_SD2D] = {"sigma_d2d", "1", 0.1, 0.0, 3.0,
                 "assumed: slight cell-to-cell fluctuation of switching voltages (seed 002 Fig. S11, 8 cells)",
                 "device-to-device lognormal shape of the cell's growth and reset thresholds above their floors"},
    [MP_W0] = {"w0", "1", 0.0, 0.0, 1.0, "as formed, reset (HRS)", "initial filament state"},
};

/* Ranges. w: the filament between the HRS gap and formed (G(w) leaves
 * [g_hrs, g_lrs] outside [0, 1]; the advance clamps there). v_set_c and
 * v_reset_c: draws capped at v_set_max and v_reset_max (<= 20 V, the
 * parameters' range) above non-negative floors. n_cycle and n_attempt index
 * the c2c draws (draw_index: n_cycle << 24 | n_attempt, in 64 bits): up to
 * 2^39 cycles (5e11, beyond any ECM endurance, ~1e10) and 2^24 - 1 failed
 * attempts per cycle, so the index neither overflows nor mixes cycles.
 * v_grow_d and v_reset_d: lognormal device-to-device draws above floors
 * >= 0 with no physical cap; sigma_d2d <= 3 and |z| <= 8.7 keep them below
 * 20 V x e^22 = 7e10 V, so 1e12 V bounds every draw. armed is a flag. */
static const mxb_state_def_t mem_states[NMS] = {
    [MS_W] = {"w", "1", "filament state (0 = HRS gap, 1 = formed)", 0.0, 1.0},
    [MS_VSET] = {"v_set_c", "V", "nucleation threshold of the present cycle", 0.0, 20.0},
    [MS_VRESET] = {"v_reset_c", "V", "reset threshold of the present cycle", 0.0, 20.0},
    [MS_NCYC] = {"n_cycle", "1", "switching events so far (index of c2c draws)", 0.0,
                 549755813888.0 /* 2^39 */},
    [MS_VGROWD] = {"v_grow_d", "V", "this cell's growth threshold (device-to-device draw)", 0.0,
                   1e12},
    [MS_VRESETD] = {"v_reset_d", "V", "this cell's mean reset threshold (device-to-device draw)",
                    0.0, 1e12},
    [MS_ARMED] = {"armed", "1", "1 while a nucleation attempt is under way (memory above v_grow_d, no nucleus)", 0.0, 1.0},
    [MS_NATT] = {"n_attempt", "1", "failed nucleation attempts in this cycle (index of their draws)",
                 0.0, 16777215.0 /* 2^24 - 1 */},
};

/* A threshold above its floor vmin whose excess over vmin has mean
 * (mean - vmin) and is lognormal with shape sig (exp(sig z - sig^2 / 2) has
 * mean 1): positive, never below the floor, no upper bound. */
static double ln_above(double vmin, double mean, double sig, double z) {
  return vmin + (mean - vmin) * exp(sig * z - 0.5 * sig * sig);
}

/* c2c draw index of cycle n: nucleation attempt k at 2 (n 2^24 + k), the
 * reset threshold at 2 n 2^24 + 1, so every draw has its own number
 * whatever order cells are visited in. */
static uint64_t draw_index(int reset, double n, double k) {
  uint64_t base = (uint64_t)n << 24;
  return reset ? 2 * base + 1 : 2 * (base + (uint64_t)k);
}

/* Threshold draw number idx: a nucleation (set) threshold or a reset
 * threshold. The nucleation overpotential above the cell's growth threshold
 * has the population mean v_set - v_grow. */
static double mem_draw(const double *p, const double *s, const mxb_dev_rng_t *rng,
                       int reset, uint64_t n) {
  double sig = reset ? p[MP_SRESET] : p[MP_SSET];
  double z = sig > 0 ? mxb_rng_normal(rng->seed, rng->c2c, n) : 0.0;
  if (reset) {
    double v = ln_above(p[MP_VRESETMIN], s[MS_VRESETD], sig, z);
    return v < p[MP_VRESETMAX] ? v : p[MP_VRESETMAX];
  }
  double v = ln_above(s[MS_VGROWD], s[MS_VGROWD] + p[MP_VSET] - p[MP_VGROW], sig, z);
  return v < p[MP_VSETMAX] ? v : p[MP_VSETMAX];
}

static int mem_check(const double *p, char *msg, size_t n) {
  static const int below[][2] = {{MP_GHRS, MP_GLRS},         {MP_VGROWMIN, MP_VGROW},
                                 {MP_VSET, MP_VSETMAX},       {MP_VGROW, MP_VSET},
                                 {MP_VRESET, MP_VRESETMAX},   {MP_VRESETMIN, MP_VRESET}};
  return mxbi_check_below(mem_params, p, below, sizeof below / sizeof below[0], msg, n);
}

static int mem_init(const double *p, double *s, const mxb_dev_rng_t *rng) {
  double sd = p[MP_SD2D];
  double zg = sd > 0 ? mxb_rng_normal(rng->seed, rng->d2d, 0) : 0.0;
  double zr = sd > 0 ? mxb_rng_normal(rng->seed, rng->d2d, 1) : 0.0;
  s[MS_W] = p[MP_W0];
  s[MS_VGROWD] = ln_above(p[MP_VGROWMIN], p[MP_VGROW], sd, zg);
  s[MS_VRESETD] = ln_above(p[MP_VRESETMIN], p[MP_VRESET], sd, zr);
  s[MS_NCYC] = 0;
  s[MS_ARMED] = 0;
  s[MS_NATT] = 0;
  s[MS_VSET] = mem_draw(p, s, rng, 0, draw_index(0, 0, 0));
  s[MS_VRESET] = mem_draw(p, s, rng, 1, draw_index(1, 0, 0));
  return MXB_OK;
}

static double mem_g(const double *p, const double *s) {
  if (s[MS_W] == 0.0) return p[MP_GHRS]; /* exp(0) = 1: the same value, no libm call */
  return p[MP_GHRS] * exp(s[MS_W] * log(p[MP_GLRS] / p[MP_GHRS]));
}

static double mem_current(const double *p, const double *s, double v, double *didv) {
  double g = mem_g(p, s);
  *didv = g;
  return g * v;
}

/* dw/dt under v (signed, constant for a constant v). */
static double mem_rate(const double *p, const double *s, double v) {
  if (v > s[MS_VGROWD] && s[MS_W] < 1.0 && (s[MS_W] >= p[MP_WNUC] || v > s[MS_VSET]))
    return expm1((v - s[MS_VGROWD]) / p[MP_V0SET]) / p[MP_TSET];
  if (v < 0 && s[MS_W] > 0.0) {
    double vf = -v / (1.0 + p[MP_AGAP] * (1.0 - s[MS_W])); /* field in the gap, as V over the formed gap */
    if (vf > s[MS_VRESET]) return -expm1((vf - s[MS_VRESET]) / p[MP_V0RESET]) / p[MP_TRESET];
  }
  return 0.0;
}

/* Nucleation attempts: +1 when one begins (no nucleus, memory above its
 * growth threshold), -1 when one ends (memory back at or below it, or a
 * nucleus formed), 0 otherwise. */
static int mem_episode(const double *p, const double *s, double v) {
  int open = s[MS_W] < p[MP_WNUC] && v > s[MS_VGROWD];
  if (open && s[MS_ARMED] == 0) return 1;
  if (!open && s[MS_ARMED] != 0) return -1;
  return 0;
}

static int mem_advance(const double *p, double *s, double v, double dt,
                       const mxb_dev_rng_t *rng) {
  int ep = mem_episode(p, s, v);
  if (ep > 0) {
    s[MS_ARMED] = 1;
  } else if (ep < 0) {
    s[MS_ARMED] = 0;
    if (s[MS_W] < p[MP_WNUC]) { /* the attempt ended without a nucleus: next draw */
      s[MS_NATT] += 1;
      s[MS_VSET] = mem_draw(p, s, rng, 0, draw_index(0, s[MS_NCYC], s[MS_NATT]));
    }
  }
  double r = mem_rate(p, s, v);
  if (r == 0.0) return MXB_OK;
  double w0 = s[MS_W], w = w0 + r * dt;
  if (w > 1.0) w = 1.0;
  if (w < 0.0) w = 0.0;
  s[MS_W] = w;
  /* a nucleus formed: the attempt ends here (not at the next call), so one
   * call over dt leaves the state that sub-steps of it leave */
  if (s[MS_ARMED] != 0 && w >= p[MP_WNUC]) s[MS_ARMED] = 0;
  /* a completed switching event draws the opposite threshold of the next
   * cycle (c2c), indexed by the event count so draws are order-free */
  if (w0 < 0.5 && w >= 0.5) {
    double n = s[MS_NCYC] + 1;
    s[MS_NCYC] = n;
    s[MS_VRESET] = mem_draw(p, s, rng, 1, draw_index(1, n, 0));
  } else if (w0 >= 0.5 && w < 0.5) {
    double n = s[MS_NCYC] + 1;
    s[MS_NCYC] = n;
    s[MS_NATT] = 0;
    s[MS_VSET] = mem_draw(p, s, rng, 0, draw_index(0, n, 0));
  }
  return MXB_OK;
}

#define MEM_EVENT_STEP 1e-12

/* G changes by (g_lrs/g_hrs)^dw: limit dw per step to 0.015/span (1.5 % in G;
 * a 1S1R cell stalls set where the memory voltage falls to v_grow_d, so a
 * fine step keeps the reached level accurate), and stop exactly at a clamp.
 * The start and end of a nucleation attempt are recorded by a step of
 * MEM_EVENT_STEP (the engine only advances cells whose limit is finite). */
static double mem_step_limit(const double *p, const double *s, double v) {
  if (mem_episode(p, s, v) != 0) return MEM_EVENT_STEP; /* record the attempt's start or end */
  double r = mem_rate(p, s, v);
  if (r == 0.0) return INFINITY;
  double span = log(p[MP_GLRS] / p[MP_GHRS]);
  double dw = 0.015 / (span > 1 ? span : 1);
  double room = r > 0 ? 1.0 - s[MS_W] : s[MS_W];
  if (room < dw) dw = room > 1e-6 ? room : 1e-6;
  return dw / fabs(r);
}

/* Where nothing moves (mem_rate 0, no nucleation attempt begins or ends):
 * v up to v_grow_d (any v with the filament formed, w = 1) and down to the
 * dissolution threshold v_reset_c (1 + a_gap (1 - w)) (any v with w = 0),
 * shrunk by 1e-12 relative against rounding of the gap field. During an
 * attempt (armed, no nucleus) the window is (v_grow_d, v_set_c]: the attempt
 * goes on and does not nucleate. */
static int mem_exact_window(const double *p, const double *s, double *v_lo, double *v_hi) {
  double w = s[MS_W];
  if (s[MS_ARMED] != 0 && w < p[MP_WNUC]) {
    *v_lo = nextafter(s[MS_VGROWD], INFINITY);
    *v_hi = s[MS_VSET];
    return *v_lo <= *v_hi;
  }
  *v_hi = w >= 1.0 ? INFINITY : s[MS_VGROWD];
  *v_lo = w > 0.0 ? -s[MS_VRESET] * (1.0 + p[MP_AGAP] * (1.0 - w)) * (1.0 - 1e-12) : -INFINITY;
  return 1;
}

/* Growth runs at a rate set by v alone (w + r dt, clamped at 1 exactly;
 * the draws at w = 0.5 and the attempt's bookkeeping do not change it), and
 * so does rest; dissolution does not (its rate depends on w through the gap
 * field), so there mem_advance is exact only to first order. */
static int mem_exact_const(const double *p, const double *s, double v) {
  if (v < 0 && s[MS_W] > 0.0) {
    double vf = -v / (1.0 + p[MP_AGAP] * (1.0 - s[MS_W]));
    if (vf > s[MS_VRESET]) return 0;
  }
  return 1;
}

const mxb_device_class_t mxbi_class_ecm_memory = {
    .name = "ecm_memory",
    .doc = "Nonvolatile Ag/SiOx ECM filament memory (seed 002): log-linear "
           "conductance in the filament state; nucleation above a c2c threshold "
           "drawn per attempt, Butler-Volmer growth above the cell's growth "
           "threshold (d2d), dissolution above a c2c reset threshold capped by "
           "Joule dissolution; floors keep reads and half-selection harmless.",
    .n_params = NMP,
    .params = mem_params,
    .n_state = NMS,
    .states = mem_states,
    .check = mem_check,
    .init = mem_init,
    .current = mem_current,
    .advance = mem_advance,
    .step_limit = mem_step_limit,
    .exact_window = mem_exact_window,
    .exact_const = mem_exact_const,
};
