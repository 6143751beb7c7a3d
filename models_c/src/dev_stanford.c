/* mxbar device class "stanford_pku": the Stanford-PKU metal-oxide RRAM
 * compact model of Z. Jiang, Y. Wu, S. Yu, L. Yang, K. Song, Z. Karim,
 * H.-S. P. Wong, "A Compact Model for Metal-Oxide Resistive Random Access
 * Memory With Experiment Verification", IEEE Trans. Electron Devices
 * 63(5):1884-1892, 2016, built on X. Guan, S. Yu, H.-S. P. Wong, "A SPICE
 * Compact Model of Metal Oxide Resistive Switching Memory With Variations",
 * IEEE Electron Device Lett. 33(10):1405-1407, 2012; parameter set and
 * equations as published in the authors' Verilog-A release "Stanford
 * University RRAM Model" v1.0.0 (doi:10.4231/D37H1DN48). Equations are
 * named below rather than numbered (the papers were not at hand to check
 * their numbering).
 *
 * State: the gap g (m) between the tip of the conductive filament and the
 * electrode, in [gap_min, gap_max]. V is top minus bottom.
 *
 *   current (tunnelling through the gap):
 *     I = I0 exp(-g / g0) sinh(V / V0)
 *   local temperature (Joule heating through the thermal resistance):
 *     T = T0 + |V I| R_th
 *   field enhancement of the local gap:
 *     gamma = gamma0 - beta (g / 1 nm)^3, and gamma = 0 where
 *     gamma |V| / t_ox < F_min (below the minimum field nothing moves)
 *   gap growth / dissolution (vacancy generation and recombination):
 *     dg/dt = -v0 exp(-q E_a / (k T)) sinh(gamma a0 q V / (t_ox k T))
 *             + model_switch * delta_g0 * n(t) / (1 + exp((T_crit - T) / T_smth))
 *   the last term is the stochastic gap variation of the "dynamic model"
 *   (model_switch = 1): n(t) a standard normal drawn afresh each time step of
 *   the Verilog-A model (bounded there by time_step = 1 ns). Here n(t) is
 *   piecewise constant over consecutive intervals of t_step, the k-th
 *   interval's value drawn from the cell's cycle-to-cycle stream at index k
 *   (state values "k" and "t_left"), so the trajectory does not depend on how
 *   the engine sub-steps a drive, nor on the order cells are visited.
 *   Positive V shrinks the gap (SET), negative V widens it (RESET).
 *
 * The gap equation is integrated with classical Runge-Kutta steps (the rate
 * depends on g through gamma and, by the temperature, through the current),
 * each step bounded so that g moves at most 2 % of g0 (the current changes
 * by at most 2 %). */
#include <math.h>
#include <stdio.h>
#include "mxb_internal.h"

enum { P_I0, P_G0, P_V0, P_VEL0, P_EA, P_A0, P_TOX, P_GAMMA0, P_BETA, P_FMIN, P_T0, P_RTH,
       P_GMIN, P_GMAX, P_GINI, P_MS, P_DG0, P_TCRIT, P_TSMTH, P_TSTEP, NP };
enum { S_G, S_K, S_TLEFT, NS };

#define KB_Q 8.617333262e-5 /* k_B / q (V/K) */
#define SP_VA "Stanford RRAM model v1.0.0 (Jiang et al., doi:10.4231/D37H1DN48) default"

static const mxb_param_def_t params[NP] = {
    [P_I0] = {"i0", "A", 1e-3, 1e-12, 1e-1, SP_VA, "I0: current prefactor"},
    [P_G0] = {"g0", "m", 0.25e-9, 1e-12, 2e-9, SP_VA, "g0: decay length of the tunnelling current with the gap"},
    [P_V0] = {"v0", "V", 0.25, 0.01, 10.0, SP_VA, "V0: voltage scale of the I-V nonlinearity (range from 10 mV: sinh(V / V0) stays finite over the drive range)"},
    [P_VEL0] = {"vel0", "m/s", 10.0, 1e-9, 1e6, SP_VA, "Vel0: velocity prefactor of the gap motion"},
    [P_EA] = {"ea", "eV", 0.6, 0.0, 3.0, SP_VA, "Ea: activation energy of vacancy generation"},
    [P_A0] = {"a0", "m", 0.25e-9, 1e-11, 1e-8, SP_VA, "a0: atom spacing (hopping distance)"},
    [P_TOX] = {"tox", "m", 12e-9, 1e-10, 1e-6, SP_VA, "t_ox: oxide thickness"},
    [P_GAMMA0] = {"gamma0", "1", 16.0, 0.0, 1e3, SP_VA, "gamma0: field enhancement factor"},
    [P_BETA] = {"beta", "1", 0.8, 0.0, 1e3, SP_VA, "beta: decrease of the enhancement with the gap, per (g / 1 nm)^3"},
    [P_FMIN] = {"f_min", "V/m", 1.4e9, 0.0, 1e11, SP_VA, "F_min: minimum field for gap motion"},
    [P_T0] = {"t0", "K", 298.0, 1.0, 1000.0, SP_VA, "T_ini: ambient temperature"},
    [P_RTH] = {"r_th", "K/W", 2.1e3, 0.0, 1e9, SP_VA, "R_th: thermal resistance of the filament region"},
    [P_GMIN] = {"gap_min", "m", 2e-10, 0.0, 1e-8, SP_VA, "smallest gap (LRS)"},
    [P_GMAX] = {"gap_max", "m", 17e-10, 1e-12, 1e-8, SP_VA, "largest gap (HRS)"},
    [P_GINI] = {"gap_ini", "m", 2e-10, 0.0, 1e-8, SP_VA, "initial gap"},
    [P_MS] = {"model_switch", "1", 0.0, 0.0, 1.0, SP_VA, "0: standard model, 1: dynamic model with the stochastic gap term"},
    [P_DG0] = {"delta_g0", "m/s", 0.02, 0.0, 0.1, SP_VA, "deltaGap0: amplitude of the stochastic gap rate"},
    [P_TCRIT] = {"t_crit", "K", 450.0, 1.0, 2000.0, SP_VA, "T_crit: temperature above which the variation grows"},
    [P_TSMTH] = {"t_smth", "K", 500.0, 1.0, 2000.0, SP_VA, "T_smth: temperature width of the variation's onset"},
    [P_TSTEP] = {"t_step", "s", 1e-9, 1e-15, 1.0, "Stanford RRAM model v1.0.0: time_step, the step bound of its random draws",
                 "interval over which one normal draw of the stochastic term holds"},
};

/* g: the parameters bound gap_max by 10 nm; k: a draw index (< 2^53, an
 * exact double); t_left: within one interval t_step (<= 1 s). */
static const mxb_state_def_t states[NS] = {
    [S_G] = {"gap", "m", "filament tip to electrode gap", 0.0, 1e-8},
    [S_K] = {"k", "1", "index of the stochastic term's present interval (draws so far)", 0.0, 9007199254740991.0},
    [S_TLEFT] = {"t_left", "s", "time left in the stochastic term's present interval", 0.0, 1.0},
};

static int sp_check(const double *p, char *msg, size_t n) {
  static const int below[][2] = {{P_GMIN, P_GMAX}};
  int rc = mxbi_check_below(params, p, below, 1, msg, n);
  if (rc) return rc;
  if (p[P_GINI] < p[P_GMIN] || p[P_GINI] > p[P_GMAX]) {
    snprintf(msg, n, "gap_ini (%g m) must lie in [gap_min, gap_max] = [%g, %g] m", p[P_GINI],
             p[P_GMIN], p[P_GMAX]);
    return MXB_ERANGE;
  }
  if (p[P_MS] != 0.0 && p[P_MS] != 1.0) {
    snprintf(msg, n, "model_switch (%g) must be 0 (standard) or 1 (dynamic)", p[P_MS]);
    return MXB_ERANGE;
  }
  return MXB_OK;
}

static int sp_init(const double *p, double *s, const mxb_dev_rng_t *rng) {
  (void)rng;
  s[S_G] = p[P_GINI];
  s[S_K] = 0.0;
  s[S_TLEFT] = 0.0;
  return MXB_OK;
}

static double sp_i(const double *p, double g, double v, double *didv) {
  double a = p[P_I0] * exp(-g / p[P_G0]);
  *didv = a * cosh(v / p[P_V0]) / p[P_V0];
  return a * sinh(v / p[P_V0]);
}

static double sp_current(const double *p, const double *s, double v, double *didv) {
  return sp_i(p, s[S_G], v, didv);
}

static double sp_temp(const double *p, double g, double v) {
  double d;
  return p[P_T0] + fabs(v * sp_i(p, g, v, &d)) * p[P_RTH];
}

/* gamma, or 0 below the minimum field */
static double sp_gamma(const double *p, double g, double v) {
  double x = g / 1e-9, gam = p[P_GAMMA0] - p[P_BETA] * x * x * x;
  if (!(gam * fabs(v) / p[P_TOX] >= p[P_FMIN])) return 0.0;
  return gam;
}

/* dg/dt at gap g under v, with the stochastic draw n (0 in the standard model) */
static double sp_rate(const double *p, double g, double v, double n) {
  double t = sp_temp(p, g, v), r = 0.0, gam = sp_gamma(p, g, v);
  if (gam != 0.0)
    r = -p[P_VEL0] * exp(-p[P_EA] / (KB_Q * t)) *
        sinh(gam * p[P_A0] * v / (p[P_TOX] * KB_Q * t));
  if (n != 0.0) r += n * p[P_DG0] / (1.0 + exp((p[P_TCRIT] - t) / p[P_TSMTH]));
  return r;
}

static double sp_clamp(const double *p, double g) {
  return g < p[P_GMIN] ? p[P_GMIN] : g > p[P_GMAX] ? p[P_GMAX] : g;
}

/* One Runge-Kutta step of h under v with the draw n. */
static double sp_rk4(const double *p, double g, double v, double n, double h) {
  double k1 = sp_rate(p, g, v, n);
  if (k1 == 0.0 && n == 0.0) return g;
  double k2 = sp_rate(p, sp_clamp(p, g + 0.5 * h * k1), v, n);
  double k3 = sp_rate(p, sp_clamp(p, g + 0.5 * h * k2), v, n);
  double k4 = sp_rate(p, sp_clamp(p, g + h * k3), v, n);
  return sp_clamp(p, g + h * (k1 + 2.0 * k2 + 2.0 * k3 + k4) / 6.0);
}

static int sp_advance(const double *p, double *s, double v, double dt,
                      const mxb_dev_rng_t *rng) {
  if (p[P_MS] == 0.0) {
    s[S_G] = sp_rk4(p, s[S_G], v, 0.0, dt);
    return MXB_OK;
  }
  /* dynamic model: the draw of each interval of t_step in turn */
  double g = s[S_G], k = s[S_K], left = s[S_TLEFT];
  while (dt > 0) {
    if (!(left > 0)) {
      k += 1.0;
      left = p[P_TSTEP];
    }
    double h = dt < left ? dt : left;
    double n = mxb_rng_normal(rng->seed, rng->c2c, (uint64_t)k);
    g = sp_rk4(p, g, v, n, h);
    dt -= h;
    left = h == left ? 0.0 : left - h;
  }
  s[S_G] = g;
  s[S_K] = k;
  s[S_TLEFT] = left;
  return MXB_OK;
}

/* g may move by at most 2 % of g0 a step: the deterministic rate plus four
 * standard deviations of the stochastic one. In the standard model, INFINITY
 * where nothing moves (below the minimum field, or at the bound the motion
 * pushes against). */
static double sp_step_limit(const double *p, const double *s, double v) {
  double g = s[S_G], r = fabs(sp_rate(p, g, v, 0.0));
  if (p[P_MS] == 0.0) {
    if (r == 0.0) return INFINITY;
    double dir = sp_rate(p, g, v, 0.0);
    if ((dir < 0 && g <= p[P_GMIN]) || (dir > 0 && g >= p[P_GMAX])) return INFINITY;
  } else {
    r += 4.0 * sp_rate(p, g, v, 1.0) - 4.0 * sp_rate(p, g, v, 0.0);
  }
  return 0.02 * p[P_G0] / r;
}

/* Standard model: below the minimum field, |V| < F_min t_ox / gamma(g),
 * nothing moves whatever V is (the heating then does not matter). The
 * dynamic model has no such window: its variation acts at any V. */
static int sp_exact_window(const double *p, const double *s, double *v_lo, double *v_hi) {
  if (p[P_MS] != 0.0) return 0;
  double x = s[S_G] / 1e-9, gam = p[P_GAMMA0] - p[P_BETA] * x * x * x;
  double vmax = gam > 0 ? p[P_FMIN] * p[P_TOX] / gam : INFINITY;
  if (isfinite(vmax)) vmax = nextafter(vmax, 0.0);
  *v_lo = -vmax;
  *v_hi = vmax;
  return 1;
}

static int sp_spice(const double *p, const double *s, const char *v, char *buf, size_t n) {
  int k = snprintf(buf, n, "%.17g*sinh((%s)/%.17g)", p[P_I0] * exp(-s[S_G] / p[P_G0]), v,
                   p[P_V0]);
  return k < 0 || (size_t)k >= n ? MXB_ERANGE : k;
}

const mxb_device_class_t mxbi_class_stanford_pku = {
    .name = "stanford_pku",
    .doc = "Stanford-PKU metal-oxide RRAM (Jiang et al., IEEE TED 2016): tunnelling "
           "current through a filament gap, field- and temperature-activated gap "
           "motion with Joule heating, optional stochastic gap term from the "
           "cell's cycle-to-cycle stream.",
    .n_params = NP,
    .params = params,
    .n_state = NS,
    .states = states,
    .check = sp_check,
    .init = sp_init,
    .current = sp_current,
    .advance = sp_advance,
    .step_limit = sp_step_limit,
    .spice_current = sp_spice,
    .exact_window = sp_exact_window,
};
