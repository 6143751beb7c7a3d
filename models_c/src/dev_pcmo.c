/* mxbar device class "pcmo_neuron": the Pr0.7Ca0.3MnO3 (PCMO) RRAM
 * integrate-and-fire neuron of seed 004 (Ielmini, Wang, Liu, review; Sec.
 * 4.1 Fig. 7: Lashkare et al., IEEE Electron Device Lett. 39, 484 (2018),
 * W / 70 nm PCMO / Ti): the conductance rises gradually under the first
 * set pulses (integration) and abruptly under a later one (fire); a reset
 * pulse restores it.
 *
 * State x in [0, x_max]: the part of the oxygen-depleted (insulating)
 * layer of the PCMO at the reactive Ti interface that field-driven
 * oxygen-ion migration has turned conductive; the insulating layer left is
 * 1 - x of its initial thickness.
 *   I = V / (r_on + (1 - x) / g_min)
 *     the insulating layer (conductance g_min when whole, 1 / its
 *     thickness) in series with the bulk PCMO and the electrodes (r_on):
 *     the current rises slowly while the layer is thick, and steeply as it
 *     collapses (the fire, seed 004 Fig. 7c);
 *   V > 0 (set):   dx/dt =  nu   sinh(E)
 *   V < 0 (reset): dx/dt = -nu_r sinh(E)        (while x > 0)
 *   E = |V_l| / ((1 - x) v_e) = |V| / ((1 - x + eps) v_e),
 *   V_l = V (1 - x) / (1 - x + eps),  eps = g_min r_on
 *     ion hops biased by the field in the insulating layer (sinh: hops along
 *     the field minus against it); V_l is the layer's share of V and
 *     (1 - x) its thickness, so the field grows as the layer thins: the
 *     migration accelerates (positive feedback), the integration phase
 *     shortens at higher amplitude and ends in the runaway of the fire
 *     (seed 004 Fig. 7b: time-to-fire falls with the amplitude). v_e is the
 *     voltage across the whole layer at which the bias equals k_B T (the
 *     hop distance times the field over k_B T / q). The rate is capped at
 *     rate_max: the ions cannot cross the layer faster than their hop
 *     attempts allow (the field in the last per cent of the layer would
 *     otherwise give rates beyond any physical one; E also stops at 700,
 *     sinh finite).
 * Between pulses nothing moves (sinh(0) = 0): the neuron integrates without
 * leak, as the PCMO neuron of Fig. 7c, and needs the reset pulse. No random
 * draws.
 *
 * Integration: explicit midpoint steps of dx/dt (advance), the step limit
 * bounding the change of x to 1 % of the layer left; x stops exactly at
 * x_max and at 0.
 */
#include <math.h>
#include <stdio.h>
#include "mxb_internal.h"

enum { P_GMIN, P_RON, P_NU, P_NUR, P_VE, P_RMAX, P_XMAX, P_X0, NP };
enum { S_X, NS };

static const mxb_param_def_t params[NP] = {
    [P_GMIN] = {"g_min", "S", 1e-5, 1e-12, 1.0,
                "assumed: PCMO RRAM in its high-resistance (initial) state, 100 kohm (seed 004 Fig. 7)",
                "conductance of the whole insulating interface layer"},
    [P_RON] = {"r_on", "ohm", 1e3, 0.0, 1e9,
               "assumed: bulk PCMO and electrodes, 1 kohm: the fire raises the current about 50x (seed 004 Fig. 7c: abrupt increase)",
               "series resistance of the bulk and the electrodes"},
    [P_NU] = {"nu", "1/s", 426.0, 1e-9, 1e15,
              "fit: 2.5 V, 10 us pulses (assumed) fire on the 5th pulse (seed 004 Fig. 7c), time-to-fire 45 us",
              "rate of the set migration (at unit sinh)"},
    [P_NUR] = {"nu_r", "1/s", 426.0, 1e-9, 1e15, "assumed: as nu (reset by the opposite polarity)",
               "rate of the reset migration"},
    [P_VE] = {"v_e", "V", 0.8, 1e-3, 100.0,
              "assumed: the first four 2.5 V pulses raise the current gradually (by about 50 %) before the fire (seed 004 Fig. 7c)",
              "voltage across the whole layer at which the field bias of a hop equals k_B T"},
    [P_RMAX] = {"rate_max", "1/s", 1e9, 1.0, 1e15,
                "assumed: the ions cross the layer in no less than a ns (hop attempts at phonon frequencies over a few-nm layer)",
                "largest migration rate |dx/dt|"},
    [P_XMAX] = {"x_max", "1", 0.99, 0.0, 0.9999,
                "assumed: a residual 1 % of the layer remains after the fire",
                "largest converted fraction of the layer"},
    [P_X0] = {"x0", "1", 0.0, 0.0, 0.9999, "reset (initial) state", "initial converted fraction"},
};

/* x in [0, x_max <= 0.9999]; beyond 1 the layer thickness would be
 * negative. */
static const mxb_state_def_t states[NS] = {
    [S_X] = {"x", "1", "converted fraction of the insulating layer", 0.0, 0.9999},
};

static int pc_check(const double *p, char *msg, size_t n) {
  if (p[P_X0] > p[P_XMAX]) {
    snprintf(msg, n, "x0 (%g) must not exceed x_max (%g)", p[P_X0], p[P_XMAX]);
    return MXB_ERANGE;
  }
  return MXB_OK;
}

static int pc_init(const double *p, double *s, const mxb_dev_rng_t *rng) {
  (void)rng;
  s[S_X] = p[P_X0];
  return MXB_OK;
}

static double pc_g(const double *p, double x) { return 1.0 / (p[P_RON] + (1.0 - x) / p[P_GMIN]); }

static double pc_current(const double *p, const double *s, double v, double *didv) {
  double g = pc_g(p, s[S_X]);
  *didv = g;
  return g * v;
}

/* dx/dt at (v, x). */
static double pc_rate(const double *p, double v, double x) {
  if (v == 0.0) return 0.0;
  if (v > 0 && x >= p[P_XMAX]) return 0.0;
  if (v < 0 && x <= 0.0) return 0.0;
  double eps = p[P_GMIN] * p[P_RON], l = 1.0 - x;
  double e = fabs(v) / ((l + eps) * p[P_VE]); /* |V_l| / (l v_e) */
  if (e > 700.0) e = 700.0;
  double r = (v > 0 ? p[P_NU] : p[P_NUR]) * sinh(e);
  if (r > p[P_RMAX]) r = p[P_RMAX];
  return v > 0 ? r : -r;
}

static double pc_clamp(const double *p, double x) {
  return x < 0.0 ? 0.0 : (x > p[P_XMAX] ? p[P_XMAX] : x);
}

static int pc_advance(const double *p, double *s, double v, double dt, const mxb_dev_rng_t *rng) {
  (void)rng;
  double x = s[S_X], r0 = pc_rate(p, v, x);
  if (r0 == 0.0) return MXB_OK;
  double xm = pc_clamp(p, x + 0.5 * dt * r0), r1 = pc_rate(p, v, xm);
  if (r1 == 0.0) r1 = r0; /* the midpoint at a bound: the step ends there */
  s[S_X] = pc_clamp(p, x + dt * r1);
  return MXB_OK;
}

/* x moves by at most 1 % of the layer left (of the converted part in a
 * reset), at least 1e-6; a step that reaches x_max or 0 ends the motion. */
static double pc_step_limit(const double *p, const double *s, double v) {
  double x = s[S_X], r = pc_rate(p, v, x);
  if (r == 0.0) return INFINITY;
  double room = r > 0 ? p[P_XMAX] - x : x;
  double dx = 0.01 * (r > 0 ? 1.0 - x : x);
  if (dx < 1e-6) dx = 1e-6;
  if (room < dx) dx = room;
  return fmax(dx, 1e-9) / fabs(r);
}

const mxb_device_class_t mxbi_class_pcmo_neuron = {
    .name = "pcmo_neuron",
    .doc = "PCMO RRAM integrate-and-fire neuron (seed 004 Fig. 7): field-driven "
           "oxygen-ion migration thins the insulating interface layer, the "
           "field in the thinner layer accelerates it (integration, then the "
           "runaway of the fire); a reset pulse restores the layer.",
    .n_params = NP,
    .params = params,
    .n_state = NS,
    .states = states,
    .check = pc_check,
    .init = pc_init,
    .current = pc_current,
    .advance = pc_advance,
    .step_limit = pc_step_limit,
};
