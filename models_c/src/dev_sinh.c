/* mxbar device class "sinh_diode": a stateless symmetric nonlinear element
 *   I = i0 sinh(V / v0) + g_lin V
 * (the generic odd I-V of tunnelling / hopping selectors and nonlinear
 * memristive cells). Used by the solver's cross-checks against ngspice and
 * the benchmark as a nonlinear cell; it gives ngspice its exact expression. */
#include <math.h>
#include <stdio.h>
#include "mxb_internal.h"

enum { P_I0, P_V0, P_GLIN, NP };

static const mxb_param_def_t params[NP] = {
    [P_I0] = {"i0", "A", 1e-6, 1e-18, 1.0, "illustrative test value",
              "current scale of the sinh term"},
    [P_V0] = {"v0", "V", 0.25, 1e-3, 100.0, "illustrative test value",
              "voltage scale of the nonlinearity"},
    [P_GLIN] = {"g_lin", "S", 0.0, 0.0, 1.0, "none (purely sinh)",
                "ohmic conductance in parallel"},
};

static int sinh_init(const double *p, double *s, const mxb_dev_rng_t *rng) {
  (void)p; (void)s; (void)rng;
  return MXB_OK;
}

static double sinh_current(const double *p, const double *s, double v, double *didv) {
  (void)s;
  double x = v / p[P_V0], ax = fabs(x), sh, ch;
  if (ax < 20.0) {
    /* one expm1 for both (E = e^|x| - 1, no cancellation for small |x|):
     * sinh = (E + E / (E + 1)) / 2, cosh = (E + 1 + 1 / (E + 1)) / 2 */
    double e = expm1(ax), r = 1.0 / (e + 1.0);
    sh = 0.5 * (e + e * r);
    ch = 0.5 * (e + 1.0 + r);
  } else {
    /* e^-|x| below rounding: both e^|x| / 2, as (e^(|x|/2) / 2) e^(|x|/2)
     * so it overflows where sinh does */
    double t = exp(0.5 * ax);
    sh = ch = 0.5 * t * t;
  }
  if (x < 0) sh = -sh;
  *didv = p[P_I0] / p[P_V0] * ch + p[P_GLIN];
  return p[P_I0] * sh + p[P_GLIN] * v;
}

static int sinh_advance(const double *p, double *s, double v, double dt,
                        const mxb_dev_rng_t *rng) {
  (void)p; (void)s; (void)v; (void)dt; (void)rng;
  return MXB_OK;
}

static double sinh_step_limit(const double *p, const double *s, double v) {
  (void)p; (void)s; (void)v;
  return INFINITY; /* no state */
}

static int sinh_spice(const double *p, const double *s, const char *v, char *buf,
                      size_t n) {
  (void)s;
  int k = snprintf(buf, n, "%.17g*sinh((%s)/%.17g)+%.17g*(%s)", p[P_I0], v, p[P_V0],
                   p[P_GLIN], v);
  return k < 0 || (size_t)k >= n ? MXB_ERANGE : k;
}

const mxb_device_class_t mxbi_class_sinh_diode = {
    .name = "sinh_diode",
    .doc = "Stateless odd nonlinear element I = i0 sinh(V/v0) + g_lin V (solver tests).",
    .n_params = NP,
    .params = params,
    .n_state = 0,
    .states = NULL,
    .init = sinh_init,
    .current = sinh_current,
    .advance = sinh_advance,
    .step_limit = sinh_step_limit,
    .spice_current = sinh_spice,
};
