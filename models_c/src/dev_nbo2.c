/* mxbar device class "nbo2_neuron": the NbO2 Mott threshold switch with a
 * parallel capacitor, fed through a load resistor: the oscillating neuron
 * of seed 004 (Ielmini, Wang, Liu, review; Sec. 4.3 Fig. 9: Pickett et al.,
 * Nat. Mater. 12, 114 (2013), each channel of the neuristor a NbO2 device
 * in parallel with a capacitor, R_L1 the input resistance; a constant
 * 20 uA input gives spike trains whose interval the capacitance sets).
 *
 * Circuit (V top minus bottom):
 *     V o--- r_l ---+-----------+
 *                   |           |
 *                   c       NbO2 channel (core conductance G(T) in series
 *                   |           with r_c)
 *     0 o-----------+-----------+
 * State u: the capacitor (= device) voltage; T: the temperature of the
 * conducting channel of the NbO2 film.
 *   I = (V - u) / r_l                              current into the neuron
 *   c du/dt = (V - u) / r_l - I_d(u, T)            the capacitor integrates
 *                                                  the input; the switch
 *                                                  discharges it
 *   I_d = G u / (1 + r_c G)                        the channel (core) in
 *                                                  series with r_c, the
 *                                                  electrodes and the film
 *                                                  outside the hot channel
 *   G(T) = g0 exp(-e_a / (k_B T))                  thermally activated
 *                                                  (Poole-Frenkel-type)
 *                                                  conduction of NbO2 (seed
 *                                                  004 Sec. 4.3, refs. 130-133)
 *   c_th dT/dt = G v_c^2 - (T - temp) / r_th       Joule heating of the
 *                                                  channel (v_c = u / (1 +
 *                                                  r_c G), the core's
 *                                                  voltage) against the heat
 *                                                  lost to the surroundings
 * The feedback between the heating and the activated conduction is the
 * threshold switching (seed 004 Sec. 4.3: "internal Joule heating
 * triggering a higher conductance due to Poole Frenkel transport"): the
 * steady states T(u) form an S-shaped I-V with a threshold (V_th, the
 * largest u of the cold branch) and a hold (V_hold, the smallest u of the
 * hot branch, near the insulator-metal transition of NbO2 at ~1080 K with
 * the card's values), a negative differential resistance between. With a
 * constant input current between the threshold and hold currents and the
 * capacitor in parallel, no steady state is stable: the capacitor charges
 * along the cold branch up to V_th, the channel runs away (thermal time
 * r_th c_th, ns), the capacitor discharges along the hot branch down to
 * V_hold, the channel cools, and again: a spike train whose interval is,
 * with the thermal time much shorter than the charge time,
 *   t = c [ int_{V_hold}^{V_th} du / (I_in - I_cold(u))
 *         + int_{V_hold}^{V_th} du / (I_hot(u) - I_in) ]
 * proportional to c (tests/c/test_dev_nbo2.c). The Mott transition's own
 * metallic conductance is not modelled apart: above the hold the channel's
 * current is limited by r_c, which keeps the hot branch's temperature
 * moderate. No random draws.
 *
 * Integration: under a constant V the membrane equation is linear in u at a
 * fixed T (exponential approach), the temperature equation is stiff (ns)
 * and is integrated by the exponential of its linearisation (stable for
 * any step on the stable branches, where it tends to the steady state);
 * the step limit bounds the changes of u and T per step.
 */
#include <math.h>
#include <stdio.h>
#include "mxb_internal.h"

#define KB_EV 8.617333262e-5 /* Boltzmann constant (eV/K) */

enum { P_RL, P_C, P_G0, P_EA, P_RC, P_RTH, P_CTH, P_TEMP, P_U0, P_DV, P_DT, NP };
enum { S_U, S_T, NS };

static const mxb_param_def_t params[NP] = {
    [P_RL] = {"r_l", "ohm", 1e4, 1.0, 1e12,
              "assumed: the input (load) resistance R_L1 of seed 004 Fig. 9a (Pickett et al. 2013), 10 kohm",
              "input resistor in series with the capacitor || switch"},
    [P_C] = {"c", "F", 1e-9, 1e-15, 1e-3,
             "assumed: nF capacitors of the neuristor channels (seed 004 Fig. 9a: C1, C2 set the inter-spike interval)",
             "capacitor in parallel with the NbO2 switch"},
    [P_G0] = {"g0", "S", 5.67e-4, 1e-12, 1.0,
              "fit: threshold 1.0 V at 5 uA (cold-branch turning point) with e_a and r_th",
              "prefactor of the activated conductance of the channel"},
    [P_EA] = {"e_a", "eV", 0.155, 0.01, 2.0,
              "fit: activation energy of the conduction of NbO2 films (0.1-0.3 eV, Poole-Frenkel at the switching field), S-shaped I-V for e_a > 4 k_B T",
              "activation energy of the conduction"},
    [P_RC] = {"r_c", "ohm", 1e3, 0.0, 1e9,
              "fit: hold 0.74 V at 69 uA on the hot branch near the NbO2 insulator-metal transition (~1080 K)",
              "series resistance of the electrodes and the film outside the channel"},
    [P_RTH] = {"r_th", "K/W", 1.61e7, 1e3, 1e9,
               "fit: thermal resistance of a ~10 nm NbO2 channel (1e6-1e7 K/W); threshold power 5 uW at 80 K above ambient",
               "thermal resistance from the channel to the surroundings"},
    [P_CTH] = {"c_th", "J/K", 6.2e-17, 1e-24, 1e-6,
               "assumed: thermal time r_th c_th = 1 ns (NbO2 switches and recovers in ns, seed 004 Sec. 4.3)",
               "heat capacity of the channel"},
    [P_TEMP] = {"temp", "K", 300.0, 1.0, 1000.0, "room temperature", "ambient temperature"},
    [P_U0] = {"u0", "V", 0.0, -10.0, 10.0, "discharged", "initial capacitor voltage"},
    [P_DV] = {"dv_step", "V", 1e-3, 1e-6, 0.1,
              "numerical: largest change of the capacitor voltage per step",
              "accuracy of the capacitor integration"},
    [P_DT] = {"dtemp_step", "K", 2.0, 1e-3, 100.0,
              "numerical: largest change of the channel temperature per step",
              "accuracy of the thermal integration"},
};

/* u: between its start and the drives (|V| <= MXB_V_MAX = 100 V). T: the
 * channel is heated from at least 1 K (temp >= 1 K) by at most
 * r_th G v_c^2 <= 1e9 K/W x 1 S x (100 V)^2 = 1e13 K (r_th, g0 and the drive
 * at their limits: far outside the model's validity, but a state advance()
 * can reach), and stays positive: [0.5, 1e14] K. */
static const mxb_state_def_t states[NS] = {
    [S_U] = {"u", "V", "capacitor (device) voltage", -100.0, 100.0},
    [S_T] = {"temp_ch", "K", "temperature of the conducting channel", 0.5, 1e14},
};

static int nb_init(const double *p, double *s, const mxb_dev_rng_t *rng) {
  (void)rng;
  s[S_U] = p[P_U0];
  s[S_T] = p[P_TEMP];
  return MXB_OK;
}

static double nb_current(const double *p, const double *s, double v, double *didv) {
  *didv = 1.0 / p[P_RL];
  return (v - s[S_U]) / p[P_RL];
}

/* Core conductance G(T) and the channel's effective conductance
 * G / (1 + r_c G) (the current I_d = geff u). */
static double nb_g(const double *p, double T) { return p[P_G0] * exp(-p[P_EA] / (KB_EV * T)); }
static double nb_geff(const double *p, double T) {
  double g = nb_g(p, T);
  return g / (1.0 + p[P_RC] * g);
}

/* dT/dt at (u, T) and its derivative in T. */
static double nb_heat(const double *p, double u, double T, double *jac) {
  double g = nb_g(p, T), a = 1.0 + p[P_RC] * g;
  double pw = g * u * u / (a * a);
  double dpdg = u * u * (1.0 - p[P_RC] * g) / (a * a * a);
  double dgdt = g * p[P_EA] / (KB_EV * T * T);
  *jac = (dpdg * dgdt - 1.0 / p[P_RTH]) / p[P_CTH];
  return (pw - (T - p[P_TEMP]) / p[P_RTH]) / p[P_CTH];
}

/* The temperature after h under u by the exponential of the linearised
 * equation: T + f (e^{j h} - 1) / j (f h for j = 0). */
static double nb_temp_step(const double *p, double u, double T, double h) {
  double j, f = nb_heat(p, u, T, &j);
  double x = j * h;
  double dT = fabs(x) < 1e-8 ? f * h : f * expm1(x) / j;
  double t1 = T + dT;
  return t1 > 0.5 ? t1 : 0.5;
}

/* The capacitor after h under v with the channel at conductance ge. */
static double nb_relax(const double *p, double u, double v, double ge, double h) {
  double gs = 1.0 / p[P_RL] + ge, uinf = v / (p[P_RL] * gs);
  double x = uinf + (u - uinf) * exp(-h * gs / p[P_C]);
  return fabs(x - uinf) < 1e-12 ? uinf : x;
}

/* One step: the capacitor at mid-step drives the channel's temperature,
 * then the capacitor relaxes with the mean of the channel's conductances at
 * the step's ends (second order in u). */
static int nb_advance(const double *p, double *s, double v, double dt, const mxb_dev_rng_t *rng) {
  (void)rng;
  double u = s[S_U], T = s[S_T], g0 = nb_geff(p, T);
  double uh = nb_relax(p, u, v, g0, 0.5 * dt);
  double T1 = nb_temp_step(p, uh, T, dt);
  s[S_T] = T1;
  s[S_U] = nb_relax(p, u, v, 0.5 * (g0 + nb_geff(p, T1)), dt);
  return MXB_OK;
}

static double nb_step_limit(const double *p, const double *s, double v) {
  double u = s[S_U], T = s[S_T], ge = nb_geff(p, T);
  double h = INFINITY;
  double uinf = v / (p[P_RL] * (1.0 / p[P_RL] + ge));
  double rate = fabs((v - u) / p[P_RL] - ge * u) / p[P_C];
  if (rate > 0 && u != uinf) h = p[P_DV] / rate;
  double j, f = nb_heat(p, u, T, &j), dmax = p[P_DT];
  if (fabs(f) > 0) {
    double ht;
    if (j < 0) { /* relaxation towards the steady state, by |f / j| at most;
                  * within dtemp_step of it the linearised exponential follows
                  * it whatever the step (the capacitor's step bounds it); if
                  * nothing else moves, steps of 10 thermal times until within
                  * 1e-9 K (settled: nothing left to integrate) */
      double room = fabs(f / j);
      ht = room > dmax ? log1p(-dmax / room) / j
                       : (room > 1e-9 && !(h < INFINITY) ? -10.0 / j : INFINITY);
    } else {
      ht = j > 0 ? log1p(dmax * j / fabs(f)) / j : dmax / fabs(f);
    }
    if (ht < h) h = ht;
  }
  return h;
}

/* SPICE: the load resistor against the capacitor at its present voltage
 * (exact at the instant). */
static int nb_spice(const double *p, const double *s, const char *v, char *buf, size_t n) {
  return mxbi_spice_series(v, s[S_U], p[P_RL], buf, n);
}

const mxb_device_class_t mxbi_class_nbo2_neuron = {
    .name = "nbo2_neuron",
    .doc = "NbO2 Mott threshold-switch oscillator neuron (seed 004 Fig. 9): load "
           "resistor into a capacitor in parallel with an NbO2 channel whose "
           "thermally activated conduction and Joule heating give an S-shaped "
           "I-V; a constant input current between its threshold and hold "
           "currents gives spike trains with an interval proportional to c.",
    .n_params = NP,
    .params = params,
    .n_state = NS,
    .states = states,
    .init = nb_init,
    .current = nb_current,
    .advance = nb_advance,
    .step_limit = nb_step_limit,
    .spice_current = nb_spice,
};
