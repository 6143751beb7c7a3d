/* mxbar: the non-ideality layer (issue 17): read noise, random telegraph
 * noise, drift and retention loss, faults, endurance wear, temperature.
 *
 * Internal module (names mxbi_ni_*). It knows nothing about arrays: it holds
 * the parameters, the laws and the per-cell state, and draws every random
 * number from the counter-based streams (rng.h) keyed by (seed, purpose,
 * layer, row, col, index), so a cell's numbers do not depend on the order in
 * which cells are visited. Every effect is OFF unless its switch is 1.
 *
 * How the array engine uses it (see also the comment on each function):
 *  - once per array: mxbi_ni_from_json() for the "nonideal" section of the
 *    array card and "nonideal.<key>" overrides; mxbi_ni_clocks_init().
 *  - per cell, at creation: mxbi_ni_cell_init() (drift exponent, endurance,
 *    fault kind) and, with RTN on, mxbi_ni_rtn_init() on the cell's
 *    mxbi_ni_rtn_traps(ni) traps.
 *  - on a temperature change at time t: mxbi_ni_clocks_set_temp().
 *  - when a cell's nonvolatile state changes (programming): mxbi_ni_cell_programmed();
 *    at each switching event the class reports: mxbi_ni_cell_switched().
 *  - when evaluating a cell at time t (state held): the healthy current and
 *    dI/dV times mxbi_ni_cell_factor() (drift, retention, wear) times
 *    mxbi_ni_rtn_factor() after mxbi_ni_rtn_advance() to the RTN clock at t;
 *    then mxbi_ni_fault_iv() replaces them for a faulty cell, whose state the
 *    engine must not advance (mxbi_ni_fault_frozen()).
 *  - at a read: mxbi_ni_read() adds noise to the returned value only.
 *
 * Times: t is simulation time (s). Each temperature-dependent law runs on an
 * "equivalent-time clock" theta(t) = integral of rate(T(t')) dt' (see
 * mxbi_ni_clock_t); with a constant temperature the clock is an affine
 * function of t computed from t itself, so results at a given t do not
 * depend on how often the engine called in between. */
#ifndef MXB_NONIDEAL_H
#define MXB_NONIDEAL_H

#include <stdint.h>
#include "mxb_internal.h"

/* Boltzmann constant (J/K and eV/K) and the elementary charge (C), CODATA 2018
 * exact values. */
#define MXBI_NI_KB 1.380649e-23
#define MXBI_NI_KB_EV 8.617333262e-5
#define MXBI_NI_Q 1.602176634e-19
/* Reference temperature of the Arrhenius clocks of RTN and drift (K): their
 * time constants and exponents are the card values at this temperature. */
#define MXBI_NI_T_REF 300.0
/* Largest number of RTN traps per cell. */
#define MXBI_NI_MAX_TRAPS 8
/* Most RTN events one trap flips through in one mxbi_ni_rtn_advance() call;
 * beyond it the trap's state at the target time is drawn from the exact
 * two-state transition probability (see mxbi_ni_rtn_advance). */
#define MXBI_NI_RTN_MAX_EVENTS 4096

/* X(ID, key, unit, default, min, max, whole, provenance, doc): the parameter
 * table. whole = 1: the value must be a whole number (switches, counts). */
#define MXBI_NI_PARAMS(X)                                                        \
  X(TEMP, "temp", "K", 300.0, 1.0, 1000.0, 0,                                    \
    "issue 17 / DESIGN.md: one array temperature, default 300 K",                \
    "array temperature that every law of this layer takes")                      \
  X(READ, "read_noise", "1", 0, 0, 1, 1, "issue 17: every effect off by default", \
    "1: add read noise to returned readings (never to states)")                  \
  X(READ_THERMAL, "read_thermal", "1", 1, 0, 1, 1,                               \
    "Johnson-Nyquist noise S_I = 4kTG (Nyquist, Phys. Rev. 32, 110, 1928)",      \
    "1: include thermal noise 4kTG df")                                          \
  X(READ_SHOT, "read_shot", "1", 1, 0, 1, 1,                                     \
    "shot noise S_I = 2q|I| (Schottky, Ann. Phys. 362, 541, 1918)",              \
    "1: include shot noise 2q|I| df")                                            \
  X(READ_DF, "read_df", "Hz", 2e6, 0, 1e12, 0,                                   \
    "aihwkit PCMLikeNoiseModel t_read = 250 ns (Nandakumar et al., ICECS 2019);" \
    " df = 1/(2 t_read)",                                                        \
    "sense bandwidth; also the upper edge of the 1/f band")                      \
  X(READ_F_LO, "read_f_lo", "Hz", 1.0, 1e-12, 1e12, 0,                           \
    "assumed: 1 s observation window (f_lo = 1/T_obs, as aihwkit's "             \
    "ln((t + t_read)/(2 t_read)) uses f_lo = 1/t)",                              \
    "lower edge of the band over which 1/f noise is integrated")                 \
  X(READ_HOOGE, "read_hooge", "1", 7.7e-5, 0, 1, 0,                              \
    "aihwkit PCMLikeNoiseModel (Nandakumar et al., ICECS 2019): 1/f read noise " \
    "sigma/G = Q_s sqrt(ln(f_hi/f_lo)), Q_s = 0.0088 at g_max: alpha = Q_s^2",   \
    "Hooge-like coefficient: S_I(f) = alpha I^2 / f")                            \
  X(READ_REL, "read_rel", "1", 0.01, 0, 1, 0,                                    \
    "aihwkit ReRamWan2022NoiseModel: short-term ReRAM read noise about 1 % "     \
    "(Wan et al., Nature 608, 504, 2022)",                                       \
    "plain relative read-noise sigma (fraction of |I|)")                         \
  X(RTN, "rtn", "1", 0, 0, 1, 1, "issue 17: every effect off by default",       \
    "1: random telegraph noise on every cell")                                   \
  X(RTN_TRAPS, "rtn_traps", "1", 1, 1, MXBI_NI_MAX_TRAPS, 1,                     \
    "Ambrogio et al., IEEE TED 61, 2920 (2014): RTN in HfOx RRAM is mostly "     \
    "two-level (one active trap)",                                               \
    "number of two-state traps per cell")                                        \
  X(RTN_FRAC, "rtn_frac", "1", 1.0, 0, 1, 0,                                     \
    "issue 17: RTN on every cell unless set (its testbench puts RTN on 10 % of "  \
    "cells)",                                                                    \
    "fraction of cells that carry traps (one uniform per cell)")                 \
  X(RTN_TAU_C_MIN, "rtn_tau_c_min", "s", 1e-5, 1e-15, 1e9, 0,                    \
    "assumed: 4 decades, log-uniform device to device as trap times from "       \
    "tunnelling depth (Kirton & Uren, Adv. Phys. 38, 367, 1989)",                \
    "lower bound of the mean capture time (mean dwell while empty)")             \
  X(RTN_TAU_C_MAX, "rtn_tau_c_max", "s", 1e-1, 1e-15, 1e9, 0,                    \
    "assumed: 4 decades (Kirton & Uren, Adv. Phys. 38, 367, 1989)",              \
    "upper bound of the mean capture time")                                      \
  X(RTN_TAU_E_MIN, "rtn_tau_e_min", "s", 1e-5, 1e-15, 1e9, 0,                    \
    "assumed: 4 decades (Kirton & Uren, Adv. Phys. 38, 367, 1989)",              \
    "lower bound of the mean emission time (mean dwell while occupied)")         \
  X(RTN_TAU_E_MAX, "rtn_tau_e_max", "s", 1e-1, 1e-15, 1e9, 0,                    \
    "assumed: 4 decades (Kirton & Uren, Adv. Phys. 38, 367, 1989)",              \
    "upper bound of the mean emission time")                                     \
  X(RTN_AMP, "rtn_amp", "1", 0.05, 0, 1, 0,                                      \
    "assumed 5 %, within the RTN amplitudes dI/I of ~1-10 % reported for HfOx "  \
    "RRAM (Ambrogio et al., IEEE TED 61, 2920, 2014)",                           \
    "median relative current drop per occupied trap")                            \
  X(RTN_AMP_SIGMA, "rtn_amp_sigma", "1", 0.5, 0, 5, 0,                           \
    "assumed: lognormal amplitude spread of half a neper",                       \
    "device-to-device sigma of ln(amplitude)")                                   \
  X(RTN_EA, "rtn_ea", "eV", 0, 0, 3, 0,                                          \
    "assumed 0 (temperature-independent unless set)",                            \
    "activation energy of the trap times relative to 300 K")                     \
  X(DRIFT, "drift", "1", 0, 0, 1, 1, "issue 17: every effect off by default",   \
    "1: power-law conductance drift after programming")                          \
  X(DRIFT_NU, "drift_nu", "1", 0.049, 0, 1, 0,                                   \
    "aihwkit PCMLikeNoiseModel.generate_drift_coefficients: mean nu = "          \
    "clamp(-0.0155 ln(g/g_max) + 0.0244, 0.049, 0.1), 0.049 at g_max",           \
    "median drift exponent nu in G = G0 (t/t0)^-nu")                             \
  X(DRIFT_NU_SIGMA, "drift_nu_sigma", "1", 0.008, 0, 1, 0,                       \
    "aihwkit PCMLikeNoiseModel: sigma nu = clamp(-0.0125 ln(g/g_max) - 0.0059, " \
    "0.008, 0.045), 0.008 at g_max",                                             \
    "device-to-device sigma of nu (normal, clipped at 0)")                       \
  X(DRIFT_T0, "drift_t0", "s", 20.0, 1e-12, 1e9, 0,                              \
    "aihwkit PCMLikeNoiseModel t_0 = 20 s (first read after programming)",       \
    "time after programming at which drift starts")                              \
  X(DRIFT_EA, "drift_ea", "eV", 0, 0, 3, 0,                                      \
    "assumed 0: aihwkit's drift has no temperature term",                        \
    "activation energy of the drift clock relative to 300 K")                    \
  X(RET, "retention", "1", 0, 0, 1, 1, "issue 17: every effect off by default", \
    "1: Arrhenius retention loss after programming")                             \
  X(RET_TAU0, "ret_tau0", "s", 2.68e-6, 1e-30, 1e30, 0,                          \
    "derived: tau(358.15 K) = 10 years (the 85 C / 10 year non-volatile "        \
    "retention target) with ret_ea = 1.0 eV",                                    \
    "Arrhenius prefactor: tau(T) = tau0 exp(Ea / kT)")                           \
  X(RET_EA, "ret_ea", "eV", 1.0, 0, 5, 0,                                        \
    "assumed 1.0 eV (oxygen-vacancy diffusion barriers in HfOx are ~1 eV)",      \
    "activation energy of retention loss")                                       \
  X(RET_FLOOR, "ret_floor", "1", 0.1, 0, 1, 0,                                   \
    "assumed: a decayed cell keeps 10 % of its programmed conductance",          \
    "fraction of the programmed conductance left after full relaxation")         \
  X(FAULTS, "faults", "1", 0, 0, 1, 1, "issue 17: every effect off by default", \
    "1: draw a fault map from the rates at creation")                            \
  X(P_STUCK_ON, "fault_p_stuck_on", "1", 0.0175, 0, 1, 0,                        \
    "Chen et al., IEEE Trans. Comput. 64, 180 (2015): stuck-at-1 1.75 % in a "   \
    "4 Mb HfO2 RRAM",                                                            \
    "probability that a cell is stuck ON")                                       \
  X(P_STUCK_OFF, "fault_p_stuck_off", "1", 0.0904, 0, 1, 0,                      \
    "Chen et al., IEEE Trans. Comput. 64, 180 (2015): stuck-at-0 9.04 % in a "   \
    "4 Mb HfO2 RRAM",                                                            \
    "probability that a cell is stuck OFF")                                      \
  X(P_OPEN, "fault_p_open", "1", 0, 0, 1, 0,                                     \
    "no published rate adopted: 0 unless set", "probability that a cell is open") \
  X(P_SHORT, "fault_p_short", "1", 0, 0, 1, 0,                                   \
    "no published rate adopted: 0 unless set",                                   \
    "probability that a cell is shorted between its lines")                      \
  X(G_ON, "g_on", "S", 1.4e-3, 1e-15, 1e3, 0,                                    \
    "models_c/cards/ecm_memory.json g_lrs (seed 002 Sec. 2 / Fig. S8)",          \
    "ON end of the window: stuck-ON conductance and wear centre")                \
  X(G_OFF, "g_off", "S", 1e-9, 1e-15, 1e3, 0,                                    \
    "models_c/cards/ecm_memory.json g_hrs (seed 002 Fig. 4b)",                   \
    "OFF end of the window: stuck-OFF conductance and wear centre")              \
  X(G_LEAK, "g_leak", "S", 1e-15, 1e-30, 1e-3, 0,                                \
    "assumed: a numerical floor far below any HRS, so dI/dV > 0 for Newton",     \
    "leakage conductance of an open cell")                                       \
  X(G_SHORT, "g_short", "S", 0.1, 1e-9, 1e6, 0,                                  \
    "assumed: a 10 ohm metallic short through the cell",                         \
    "conductance of a cell shorted between its lines")                           \
  X(WEAR, "wear", "1", 0, 0, 1, 1, "issue 17: every effect off by default",     \
    "1: endurance wear from the count of switching events")                      \
  X(WEAR_N50, "wear_n50", "1", 1e6, 1, 1e15, 0,                                  \
    "assumed: the low end of HfOx RRAM endurance, 1e6 to >1e10 cycles (Chen et " \
    "al., IEEE TED 59, 3243, 2012)",                                             \
    "median endurance (switching events to failure)")                            \
  X(WEAR_SIGMA, "wear_sigma", "1", 0.5, 0, 5, 0,                                 \
    "assumed: lognormal cycles to failure, half a neper",                        \
    "device-to-device sigma of ln(endurance)")                                   \
  X(WEAR_BETA, "wear_beta", "1", 2.0, 0.1, 20, 0,                                \
    "Lammie, Rahimi Azghadi & Ielmini, Semicond. Sci. Technol. 36, 065003 "      \
    "(2021) (MemTorch): ON/OFF levels converge as a power law of the cycle "     \
    "count; exponent 2 assumed",                                                 \
    "window W(n) = 1 - (n / N_end)^beta")

typedef enum {
#define MXBI_NI_ENUM_(id, ...) MXBI_NI_P_##id,
  MXBI_NI_PARAMS(MXBI_NI_ENUM_)
#undef MXBI_NI_ENUM_
  MXBI_NI_NPARAM
} mxbi_ni_param_t;

/* The parameter table in mxbi_ni_param_t order (MXBI_NI_NPARAM entries). */
MXBI_FUNC const mxb_param_def_t *mxbi_ni_param_defs(void);
/* 1 if parameter i takes whole numbers only (switches, counts). */
MXBI_FUNC int mxbi_ni_param_whole(int i);
/* Index of a parameter name, or -1. */
MXBI_FUNC int mxbi_ni_param_find(const char *name);

/* Where a value came from. */
enum { MXBI_NI_FROM_DEFAULT = 0, MXBI_NI_FROM_CARD, MXBI_NI_FROM_OVERRIDE, MXBI_NI_FROM_SET };

typedef struct mxbi_ni_s {
  double p[MXBI_NI_NPARAM];
  unsigned char from[MXBI_NI_NPARAM]; /* MXBI_NI_FROM_* */
} mxbi_ni_t;

/* Every parameter at its default (every effect off). */
MXBI_FUNC void mxbi_ni_defaults(mxbi_ni_t *ni);

/* Parameters from the "nonideal" object sec of a card (NULL: none), then the
 * overrides prefix+key ("nonideal.read_df=1e5"), marked used; then the
 * combination check. Each key of sec is a quantity {"value", "unit",
 * "source"[, "note"]}. Unknown keys, wrong units, out-of-range values,
 * fractional switches and bad combinations are errors whose message names
 * path and the key. ni is left at defaults plus what was read on error. */
MXBI_FUNC int mxbi_ni_from_json(mxb_ctx_t *ctx, mxbi_ni_t *ni, const cJSON *sec,
                                const char *path, mxbi_ovr_t *ovr,
                                const char *prefix);

/* Set one parameter at run time (testbench: temperature, bandwidth, ...),
 * checked like a card value and against the other parameters; where names the
 * caller in messages. On error ni is unchanged. */
MXBI_FUNC int mxbi_ni_set(mxb_ctx_t *ctx, mxbi_ni_t *ni, const char *key,
                          double value, const char *where);

/* Check the combinations (min <= max bounds, g_leak < g_off < g_on < g_short,
 * fault rates summing to at most 1). MXB_ERANGE naming path and keys. */
MXBI_FUNC int mxbi_ni_check(mxb_ctx_t *ctx, const mxbi_ni_t *ni, const char *path);

/* ---- equivalent-time clocks ----
 * theta(t) = theta_ref + rate * (t - t_ref): the integral of rate(T) over
 * simulation time for a piecewise-constant temperature. Exact for a
 * temperature that changes only at the instants the engine reports; the
 * Arrhenius laws then depend on the history only through theta. */
typedef struct mxbi_ni_clock_s {
  double t_ref, theta_ref, rate;
} mxbi_ni_clock_t;

/* The array's clocks: RTN (rate exp(-rtn_ea/k (1/T - 1/300 K))), drift
 * (same with drift_ea) and retention (rate 1/tau(T), theta counts time
 * constants elapsed), and the present temperature T. */
typedef struct mxbi_ni_clocks_s {
  double T;
  mxbi_ni_clock_t rtn, drift, ret;
} mxbi_ni_clocks_t;

MXBI_FUNC double mxbi_ni_clock_at(const mxbi_ni_clock_t *c, double t);
/* Rates of the three clocks at temperature T (K). */
MXBI_FUNC double mxbi_ni_rtn_rate(const mxbi_ni_t *ni, double T);
MXBI_FUNC double mxbi_ni_drift_rate(const mxbi_ni_t *ni, double T);
MXBI_FUNC double mxbi_ni_ret_rate(const mxbi_ni_t *ni, double T);
/* Start the clocks at time t0 (theta = 0) at temperature T. */
MXBI_FUNC void mxbi_ni_clocks_init(const mxbi_ni_t *ni, mxbi_ni_clocks_t *c,
                                   double t0, double T);
/* The temperature becomes T at time t (>= the last change: else MXB_ETIME,
 * T outside the temp range: MXB_ERANGE; c unchanged on error). */
MXBI_FUNC int mxbi_ni_clocks_set_temp(mxb_ctx_t *ctx, const mxbi_ni_t *ni,
                                      mxbi_ni_clocks_t *c, double t, double T);

/* ---- read noise ----
 * Variance of a reading of current I (A) through conductance G (S) at T (K)
 * in bandwidth df = read_df, each term switchable:
 *   thermal 4 k T |G| df,  shot 2 q |I| df,
 *   1/f     alpha I^2 ln(df / f_lo)   (S_I = alpha I^2 / f over [f_lo, df];
 *                                      0 when df <= f_lo),
 *   plain   (read_rel I)^2.
 * Gaussian, zero mean; added to the returned value only. */
typedef struct mxbi_ni_read_sigma_s {
  double thermal, shot, flicker, rel; /* standard deviation of each term (A) */
  double total;                       /* sqrt of the summed variances (A) */
} mxbi_ni_read_sigma_t;

MXBI_FUNC double mxbi_ni_read_sigma(const mxbi_ni_t *ni, double I, double G,
                                    double T, mxbi_ni_read_sigma_t *comp);
/* Draw index of one read: a hash of the bit pattern of the simulation time t
 * (-0 taken as +0) and a read counter the caller keeps (reads at the same
 * instant). Pure function; different (t, counter) give different keys up to
 * 64-bit hash collisions. */
MXBI_FUNC uint64_t mxbi_ni_read_key(double t, uint64_t counter);
/* Stream of a line's sensed current (plane, line): the READ purpose with the
 * layer field 0xFFF, which no cell uses (arrays have at most 1024 layers). */
MXBI_FUNC uint64_t mxbi_ni_line_stream(unsigned plane, unsigned line);
/* The reading I plus its noise drawn from (seed, stream, key): for a cell
 * stream = mxb_rng_stream(MXB_RNG_READ, layer, row, col). Returns I when
 * read noise is off. */
MXBI_FUNC double mxbi_ni_read(const mxbi_ni_t *ni, uint64_t seed, uint64_t stream,
                              uint64_t key, double I, double G, double T);

/* ---- random telegraph noise ----
 * Each trap is a two-state Markov process: empty -> occupied at rate 1/tau_c,
 * occupied -> empty at rate 1/tau_e, on the RTN clock (theta, s at 300 K).
 * tau_c, tau_e: log-uniform in the card bounds, device to device; amplitude:
 * lognormal (median rtn_amp, sigma rtn_amp_sigma), at most 1. The cell's
 * current is multiplied by max(0, 1 - sum_k amp_k occ_k).
 * Events: the dwell that starts at event n of trap k is -tau ln u with u from
 * (seed, cell's RTN stream, index k << 56 | n); trap parameters and the initial
 * occupancy (stationary: P(occ) = tau_e / (tau_c + tau_e)) from index
 * k << 56 | 1 << 55 | j. So the occupancy at theta is a pure function of the
 * seed and theta, whatever the cadence of mxbi_ni_rtn_advance() calls. */
typedef struct mxbi_ni_trap_s {
  double tau_c, tau_e, amp; /* drawn at init */
  double t_next;            /* clock time of the next switch */
  double t_last;            /* clock time the trap was last advanced to */
  uint64_t n;               /* index of the event that started the present dwell */
  int occ;                  /* 1: occupied */
} mxbi_ni_trap_t;

/* Number of traps per cell (0 when RTN is off). */
MXBI_FUNC int mxbi_ni_rtn_traps(const mxbi_ni_t *ni);
/* Draw the n traps of one cell (stream = mxb_rng_stream(MXB_RNG_RTN, l, r, c))
 * and start them at clock time theta0 in their stationary state. */
MXBI_FUNC void mxbi_ni_rtn_init(const mxbi_ni_t *ni, mxbi_ni_trap_t *tr, int n,
                                uint64_t seed, uint64_t stream, double theta0);
/* Advance n traps to clock time theta, flipping through every event up to and
 * including theta. Bounded work: at most MXBI_NI_RTN_MAX_EVENTS flips per trap
 * per call. A trap that would need more (a trap much faster than the calls)
 * takes its state at theta from the exact two-state transition probability
 * from its last flip t_f:
 *   P(occ at theta) = p + (occ(t_f) - p) exp(-(theta - t_f)(1/tau_c + 1/tau_e)),
 *   p = tau_e / (tau_c + tau_e),
 * with a fresh draw, and restarts its event chain at theta (memoryless dwell).
 * Its statistics stay exact but its path then depends on the call cadence.
 * Returns the number of traps that took that fallback (>= 0), or MXB_ETIME
 * (nothing changed) if theta is before a trap's last advance. */
MXBI_FUNC int mxbi_ni_rtn_advance(mxbi_ni_trap_t *tr, int n, uint64_t seed,
                                  uint64_t stream, double theta);
/* Whether a cell carries traps: its uniform u (seed, RTN stream, index
 * 255 << 56 | 1 << 55, which no trap uses) below rtn_frac. 0 when RTN is
 * off. A cell without traps keeps them drawn (same streams) with amplitude
 * 0, so its current factor is 1. */
MXBI_FUNC int mxbi_ni_rtn_active(const mxbi_ni_t *ni, uint64_t seed, uint64_t stream);
/* max(0, 1 - sum_k amp_k occ_k): factor on the cell's current and dI/dV. */
MXBI_FUNC double mxbi_ni_rtn_factor(const mxbi_ni_trap_t *tr, int n);

/* ---- faults ---- */
typedef enum {
  MXBI_NI_FAULT_NONE = 0,
  MXBI_NI_FAULT_STUCK_ON,  /* I = g_on V */
  MXBI_NI_FAULT_STUCK_OFF, /* I = g_off V */
  MXBI_NI_FAULT_OPEN,      /* I = g_leak V (no current, Newton defined) */
  MXBI_NI_FAULT_SHORT,     /* I = g_short V (shorted between its lines) */
  MXBI_NI_FAULT_COUNT
} mxbi_ni_fault_t;

/* "none", "stuck_on", "stuck_off", "open", "short" (NULL if out of range). */
MXBI_FUNC const char *mxbi_ni_fault_name(int kind);
/* Kind of a name, or -1. */
MXBI_FUNC int mxbi_ni_fault_parse(const char *name);
/* Fault kind of one cell from its uniform u (seed, FAULT stream, index 0):
 * stuck_on if u < p_on, stuck_off if u < p_on + p_off, then open, short,
 * else none. NONE when faults are off. */
MXBI_FUNC int mxbi_ni_fault_draw(const mxbi_ni_t *ni, uint64_t seed, uint64_t stream);
/* The fault map of a layers x rows x cols array into kind[] (layer-major,
 * then row, then col), each cell from its own stream. */
MXBI_FUNC void mxbi_ni_fault_map(const mxbi_ni_t *ni, uint64_t seed, int layers,
                                 int rows, int cols, unsigned char *kind);
/* Current and dI/dV of a cell of this kind at voltage v, given the healthy
 * values (returned unchanged for NONE). */
MXBI_FUNC void mxbi_ni_fault_iv(const mxbi_ni_t *ni, int kind, double v,
                                double i_healthy, double didv_healthy, double *i,
                                double *didv);
/* 1 if a cell of this kind must keep its state (every kind but NONE). */
MXBI_FUNC int mxbi_ni_fault_frozen(int kind);

/* ---- per-cell slow state: drift, retention, wear, fault ---- */
typedef struct mxbi_ni_cell_s {
  double nu;          /* drift exponent (0 when drift is off) */
  double n_end;       /* endurance: switching events to failure (INFINITY when off) */
  double theta_prog;  /* drift clock at the last programming event */
  double lambda_prog; /* retention clock at the last programming event */
  double n_switch;    /* switching events so far */
  int fault;          /* mxbi_ni_fault_t */
} mxbi_ni_cell_t;

/* Drift exponent of a cell: drift_nu + drift_nu_sigma z, z from (seed,
 * DRIFT stream, 0), clipped at 0. */
MXBI_FUNC double mxbi_ni_drift_nu(const mxbi_ni_t *ni, uint64_t seed, uint64_t stream);
/* Drift factor after dtheta of drift-clock time since programming:
 * (dtheta / t0)^-nu for dtheta > t0, else 1 (1 when drift is off). */
MXBI_FUNC double mxbi_ni_drift_factor(const mxbi_ni_t *ni, double nu, double dtheta);
/* Retention factor after dlambda time constants since programming:
 * floor + (1 - floor) exp(-dlambda) (1 when retention is off). */
MXBI_FUNC double mxbi_ni_ret_factor(const mxbi_ni_t *ni, double dlambda);
/* Endurance of a cell: wear_n50 exp(wear_sigma z), z from (seed, WEAR stream, 0). */
MXBI_FUNC double mxbi_ni_wear_nend(const mxbi_ni_t *ni, uint64_t seed, uint64_t stream);
/* Window W(n) = 1 - (n / n_end)^beta in [0, 1] (1 when wear is off); 0 from
 * n >= n_end on (worn out). */
MXBI_FUNC double mxbi_ni_wear_window(const mxbi_ni_t *ni, double n, double n_end);
/* Factor on the current of a cell of conductance G with window W: the log
 * conductance moves toward the window centre g_mid = sqrt(g_on g_off),
 * ln G' = ln g_mid + W (ln G - ln g_mid), so the factor is (g_mid / G)^(1 - W).
 * 1 when wear is off, W = 1 or G <= 0. */
MXBI_FUNC double mxbi_ni_wear_factor(const mxbi_ni_t *ni, double W, double G);

/* Draw a cell's device-to-device values (nu, n_end, fault kind) from its
 * coordinates and start its clocks at time t0 (programmed at t0). */
MXBI_FUNC void mxbi_ni_cell_init(const mxbi_ni_t *ni, mxbi_ni_cell_t *cell,
                                 uint64_t seed, unsigned layer, unsigned row,
                                 unsigned col, const mxbi_ni_clocks_t *c, double t0);
/* The cell's nonvolatile state changed at time t: drift and retention restart. */
MXBI_FUNC void mxbi_ni_cell_programmed(mxbi_ni_cell_t *cell,
                                       const mxbi_ni_clocks_t *c, double t);
/* One switching event at time t of a cell of (healthy) conductance G:
 * counts it, restarts drift and retention, and with wear on, once the count
 * reaches n_end, makes a healthy cell stuck (ON if G >= g_mid, else OFF).
 * Returns 1 when the cell wore out at this event, else 0. */
MXBI_FUNC int mxbi_ni_cell_switched(const mxbi_ni_t *ni, mxbi_ni_cell_t *cell,
                                    const mxbi_ni_clocks_t *c, double t, double G);
/* Product of the drift, retention and wear factors of a healthy cell of
 * conductance G at time t: the factor on its current and dI/dV. */
MXBI_FUNC double mxbi_ni_cell_factor(const mxbi_ni_t *ni, const mxbi_ni_cell_t *cell,
                                     const mxbi_ni_clocks_t *c, double t, double G);
/* Explicit fault injection / override of one cell (kind NONE heals it).
 * MXB_ERANGE for an unknown kind. */
MXBI_FUNC int mxbi_ni_fault_set(mxb_ctx_t *ctx, mxbi_ni_cell_t *cell, int kind);

#endif
