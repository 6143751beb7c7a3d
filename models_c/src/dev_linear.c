/* mxbar device class "linear_resistor": an ohmic two-terminal element with a
 * fixed conductance and an optional parallel capacitance. No state. Used for
 * solver cross-checks, IR-drop and energy tests, and as a reference cell. */
#include <math.h>
#include "mxb_internal.h"

enum { P_G, P_C, NP };

static const mxb_param_def_t params[NP] = {
    [P_G] = {"g", "S", 1e-5, 1e-15, 1e3, "reference value (10 uA at 1 V)",
             "conductance"},
    [P_C] = {"c", "F", 0.0, 0.0, 1e-3, "none (ideal resistor)",
             "capacitance in parallel with the conductance"},
};

static int lin_init(const double *p, double *s, const mxb_dev_rng_t *rng) {
  (void)p; (void)s; (void)rng;
  return MXB_OK;
}

/* Ohm's law: I = g V. */
static double lin_current(const double *p, const double *s, double v, double *didv) {
  (void)s;
  *didv = p[P_G];
  return p[P_G] * v;
}

static int lin_advance(const double *p, double *s, double v, double dt,
                       const mxb_dev_rng_t *rng) {
  (void)p; (void)s; (void)v; (void)dt; (void)rng;
  return MXB_OK;
}

static double lin_step_limit(const double *p, const double *s, double v) {
  (void)p; (void)s; (void)v;
  return INFINITY; /* nothing to integrate */
}

/* Ohmic at every voltage, and nothing moves. */
static double lin_ohmic(const double *p, const double *s, double *v_lo, double *v_hi) {
  (void)s;
  *v_lo = -INFINITY;
  *v_hi = INFINITY;
  return p[P_G];
}

static double lin_capacitance(const double *p, const double *s) {
  (void)s;
  return p[P_C];
}

const mxb_device_class_t mxbi_class_linear_resistor = {
    .name = "linear_resistor",
    .doc = "Ohmic resistor of conductance g with an optional parallel capacitance c.",
    .n_params = NP,
    .params = params,
    .n_state = 0,
    .states = NULL,
    .init = lin_init,
    .current = lin_current,
    .advance = lin_advance,
    .step_limit = lin_step_limit,
    .capacitance = lin_capacitance,
    .ohmic = lin_ohmic,
};
