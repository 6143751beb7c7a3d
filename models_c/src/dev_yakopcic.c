/* mxbar device class "yakopcic": the generalised memristor model of
 * C. Yakopcic, T. M. Taha, G. Subramanyam, R. E. Pino, S. Rogers, "A
 * Memristor Device Model", IEEE Electron Device Lett. 32(10):1436-1438, 2011
 * (EDL), in the form of C. Yakopcic, T. M. Taha, G. Subramanyam, R. E. Pino,
 * "Generalized Memristive Device SPICE Model and its Application in Circuit
 * Design", IEEE Trans. CAD 32(8):1201-1214, 2013 (TCAD), Sec. II. Equation
 * numbers are the TCAD paper's as we read them (not re-checked against its
 * PDF here); the text of each equation is what the class computes.
 *
 * State x in [0, 1] (dimensionless). V is top minus bottom, in volts where it
 * enters an exponential (the papers write e^V with V in volts).
 *
 *   I-V (eq. (1)):       I = a1 x sinh(b V),  V >= 0
 *                          = a2 x sinh(b V),  V <  0
 *   threshold (eq. (2)): g(V) =  A_p (e^V - e^V_p),     V >  V_p
 *                             = -A_n (e^-V - e^V_n),    V < -V_n
 *                             =  0                      otherwise
 *   window (eq. (3)-(6)), for eta V > 0 (x rising):
 *        f(x) = e^(-alpha_p (x - x_p)) w_p(x, x_p),  x >= x_p;   1, x < x_p
 *     for eta V <= 0 (x falling):
 *        f(x) = e^( alpha_n (x + x_n - 1)) w_n(x, x_n), x <= 1 - x_n;   1, x > 1 - x_n
 *     with w_p(x, x_p) = (x_p - x) / (1 - x_p) + 1 and w_n(x, x_n) = x / (1 - x_n),
 *     which vanish at x = 1 and x = 0: the state never leaves [0, 1].
 *   state (eq. (7)):     dx/dt = eta g(V) f(x)
 *
 * Under a constant V the motion is linear in time where f = 1 (advance()
 * solves that part exactly, up to x_p or 1 - x_n) and is integrated with
 * classical Runge-Kutta steps where the window acts, each step bounded so
 * that the rate changes little (yk_step_limit). Between -V_n and V_p nothing
 * moves (g = 0).
 *
 * Published parameter set: models_c/cards/yakopcic_oblea.json (the EDL
 * 2011 fit to the Ag-chalcogenide device of Oblea et al.). */
#include <math.h>
#include <stdio.h>
#include "mxb_internal.h"

enum { P_A1, P_A2, P_B, P_VP, P_VN, P_AP, P_AN, P_XP, P_XN, P_ALP, P_ALN, P_ETA, P_X0, NP };
enum { S_X, NS };

#define YK_OBLEA "Yakopcic et al., IEEE EDL 32:1436 (2011), fit to the Oblea et al. device"

static const mxb_param_def_t params[NP] = {
    [P_A1] = {"a1", "A", 0.17, 1e-18, 1e3, YK_OBLEA, "I-V amplitude for V >= 0 (eq. (1))"},
    [P_A2] = {"a2", "A", 0.17, 1e-18, 1e3, YK_OBLEA, "I-V amplitude for V < 0 (eq. (1))"},
    [P_B] = {"b", "1/V", 0.05, 1e-6, 100.0, YK_OBLEA, "I-V curvature: sinh(b V) (eq. (1))"},
    [P_VP] = {"vp", "V", 0.16, 0.0, 100.0, YK_OBLEA, "positive threshold V_p (eq. (2))"},
    [P_VN] = {"vn", "V", 0.15, 0.0, 100.0, YK_OBLEA, "negative threshold magnitude V_n (eq. (2))"},
    [P_AP] = {"ap", "1/s", 4000.0, 0.0, 1e15, YK_OBLEA, "A_p: rate of the positive motion (eq. (2))"},
    [P_AN] = {"an", "1/s", 4000.0, 0.0, 1e15, YK_OBLEA, "A_n: rate of the negative motion (eq. (2))"},
    [P_XP] = {"xp", "1", 0.3, 0.0, 0.99, YK_OBLEA, "x_p: state above which the rising motion slows (eq. (3))"},
    [P_XN] = {"xn", "1", 0.5, 0.0, 0.99, YK_OBLEA, "x_n: 1 - x_n is the state below which the falling motion slows (eq. (4))"},
    [P_ALP] = {"alphap", "1", 1.0, 0.0, 100.0, YK_OBLEA, "alpha_p: decay of the rising motion above x_p (eq. (3))"},
    [P_ALN] = {"alphan", "1", 5.0, 0.0, 100.0, YK_OBLEA, "alpha_n: decay of the falling motion below 1 - x_n (eq. (4))"},
    [P_ETA] = {"eta", "1", 1.0, -1.0, 1.0, YK_OBLEA, "direction of the state motion relative to V: +1 or -1 (eq. (7))"},
    [P_X0] = {"x0", "1", 0.11, 0.0, 1.0, YK_OBLEA, "initial state"},
};

/* x in [0, 1]: w_p and w_n vanish at the bounds (eq. (5), (6)) and the
 * current a x sinh(b V) would change sign below 0. */
static const mxb_state_def_t states[NS] = {
    [S_X] = {"x", "1", "state variable (eq. (7)); conductance proportional to x", 0.0, 1.0},
};

static int yk_check(const double *p, char *msg, size_t n) {
  if (p[P_ETA] != 1.0 && p[P_ETA] != -1.0) {
    snprintf(msg, n, "eta (%g) must be +1 or -1", p[P_ETA]);
    return MXB_ERANGE;
  }
  return MXB_OK;
}

static int yk_init(const double *p, double *s, const mxb_dev_rng_t *rng) {
  (void)rng;
  s[S_X] = p[P_X0];
  return MXB_OK;
}

static double yk_current(const double *p, const double *s, double v, double *didv) {
  double a = v >= 0 ? p[P_A1] : p[P_A2], b = p[P_B], x = s[S_X];
  *didv = a * x * b * cosh(b * v);
  return a * x * sinh(b * v);
}

/* eq. (2) times eta: the window-free rate of x. */
static double yk_g(const double *p, double v) {
  double g = 0.0;
  if (v > p[P_VP]) g = p[P_AP] * (exp(v) - exp(p[P_VP]));
  else if (v < -p[P_VN]) g = -p[P_AN] * (exp(-v) - exp(p[P_VN]));
  return p[P_ETA] * g;
}

/* eq. (3)-(6): f(x) for motion of sign r and df/dx. */
static double yk_f(const double *p, double x, double r, double *dfdx) {
  if (r > 0) {
    double xp = p[P_XP];
    if (x < xp) {
      *dfdx = 0.0;
      return 1.0;
    }
    double e = exp(-p[P_ALP] * (x - xp)), w = (xp - x) / (1.0 - xp) + 1.0;
    *dfdx = e * (-p[P_ALP] * w - 1.0 / (1.0 - xp));
    return e * w;
  }
  double xn = p[P_XN];
  if (x > 1.0 - xn) {
    *dfdx = 0.0;
    return 1.0;
  }
  double e = exp(p[P_ALN] * (x + xn - 1.0)), w = x / (1.0 - xn);
  *dfdx = e * (p[P_ALN] * w + 1.0 / (1.0 - xn));
  return e * w;
}

static double yk_rate(const double *p, double x, double g) {
  double d;
  x = x < 0 ? 0.0 : x > 1 ? 1.0 : x;
  return g * yk_f(p, x, g, &d);
}

/* Distance within which x is taken to have reached the bound it moves to:
 * the window vanishes linearly there, so the approach is exponential and
 * never ends; 1e-12 is below every effect of x on the current a x sinh(b V)
 * that a double carries (x <= 1). */
#define YK_AT_BOUND 1e-12

static int yk_at_bound(double x, double g) {
  return g > 0 ? 1.0 - x <= YK_AT_BOUND : x <= YK_AT_BOUND;
}

static int yk_advance(const double *p, double *s, double v, double dt,
                      const mxb_dev_rng_t *rng) {
  (void)rng;
  double g = yk_g(p, v);
  if (g == 0.0) return MXB_OK;
  double x = s[S_X];
  if (yk_at_bound(x, g)) {
    s[S_X] = g > 0 ? 1.0 : 0.0;
    return MXB_OK;
  }
  /* where f = 1 the motion is linear: exact up to where the window begins */
  double edge = g > 0 ? p[P_XP] : 1.0 - p[P_XN];
  if ((g > 0 && x < edge) || (g < 0 && x > edge)) {
    double t_edge = (edge - x) / g;
    if (t_edge >= dt) {
      s[S_X] = x + g * dt;
      return MXB_OK;
    }
    x = edge;
    dt -= t_edge;
  }
  double k1 = yk_rate(p, x, g);
  double k2 = yk_rate(p, x + 0.5 * dt * k1, g);
  double k3 = yk_rate(p, x + 0.5 * dt * k2, g);
  double k4 = yk_rate(p, x + dt * k3, g);
  x += dt * (k1 + 2.0 * k2 + 2.0 * k3 + k4) / 6.0;
  if (yk_at_bound(x, g)) x = g > 0 ? 1.0 : 0.0;
  s[S_X] = x < 0 ? 0.0 : x > 1 ? 1.0 : x;
  return MXB_OK;
}

/* A step may move x by at most 0.02 and, where the window acts, the rate
 * by at most 5 % of itself (dt |g f'(x)| <= 0.05): the approach to a bound is
 * exponential at that rate, and within YK_AT_BOUND of the bound x is
 * there (it holds: INFINITY). Where f = 1 the motion is exact (linear), so a
 * step may run to the window's edge and 0.02 beyond. */
static double yk_step_limit(const double *p, const double *s, double v) {
  double g = yk_g(p, v);
  if (g == 0.0 || yk_at_bound(s[S_X], g)) return INFINITY;
  double x = s[S_X], d, f = yk_f(p, x, g, &d);
  double r = fabs(g * f), lam = fabs(g * d), h = INFINITY;
  if (r > 0) h = 0.02 / r;
  if (lam > 0) h = fmin(h, 0.05 / lam);
  return h;
}

/* Between -V_n and V_p (edges included) g = 0: nothing moves. */
static int yk_exact_window(const double *p, const double *s, double *v_lo, double *v_hi) {
  (void)s;
  *v_lo = -p[P_VN];
  *v_hi = p[P_VP];
  return 1;
}

/* ngspice B-source of eq. (1) when a1 = a2 (one branch); otherwise the
 * export falls back to the chord conductance. */
static int yk_spice(const double *p, const double *s, const char *v, char *buf, size_t n) {
  if (p[P_A1] != p[P_A2]) return MXB_ERANGE;
  int k = snprintf(buf, n, "%.17g*sinh(%.17g*(%s))", p[P_A1] * s[S_X], p[P_B], v);
  return k < 0 || (size_t)k >= n ? MXB_ERANGE : k;
}

const mxb_device_class_t mxbi_class_yakopcic = {
    .name = "yakopcic",
    .doc = "Yakopcic et al. generalised memristor model (IEEE EDL 2011, TCAD 2013): "
           "I = a x sinh(bV), exponential threshold rate g(V), state window "
           "f(x) with x_p / x_n.",
    .n_params = NP,
    .params = params,
    .n_state = NS,
    .states = states,
    .check = yk_check,
    .init = yk_init,
    .current = yk_current,
    .advance = yk_advance,
    .step_limit = yk_step_limit,
    .spice_current = yk_spice,
    .exact_window = yk_exact_window,
};
