/* mxbar: the non-ideality layer (issue 17). Laws, parameters and per-cell
 * state; see mxb_nonideal.h for each law and how the array engine calls it. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "mxb_nonideal.h"

/* ------------------------------------------------------------- parameters */

static const mxb_param_def_t ni_defs[MXBI_NI_NPARAM] = {
#define MXBI_NI_DEF_(id, key, unit, def, lo, hi, whole, prov, doc) \
  {key, unit, def, lo, hi, prov, doc},
    MXBI_NI_PARAMS(MXBI_NI_DEF_)
#undef MXBI_NI_DEF_
};

static const unsigned char ni_whole[MXBI_NI_NPARAM] = {
#define MXBI_NI_WHOLE_(id, key, unit, def, lo, hi, whole, prov, doc) whole,
    MXBI_NI_PARAMS(MXBI_NI_WHOLE_)
#undef MXBI_NI_WHOLE_
};

const mxb_param_def_t *mxbi_ni_param_defs(void) { return ni_defs; }

int mxbi_ni_param_whole(int i) {
  return i >= 0 && i < MXBI_NI_NPARAM ? ni_whole[i] : 0;
}

int mxbi_ni_param_find(const char *name) {
  if (!name) return -1;
  for (int i = 0; i < MXBI_NI_NPARAM; i++)
    if (strcmp(ni_defs[i].name, name) == 0) return i;
  return -1;
}

void mxbi_ni_defaults(mxbi_ni_t *ni) {
  for (int i = 0; i < MXBI_NI_NPARAM; i++) {
    ni->p[i] = ni_defs[i].def;
    ni->from[i] = MXBI_NI_FROM_DEFAULT;
  }
}

#define P(ni, id) ((ni)->p[MXBI_NI_P_##id])
#define ON(ni, id) ((ni)->p[MXBI_NI_P_##id] != 0.0)

/* Range and whole-number check of one value; what names it in messages
 * ("file: nonideal.read_df" or "file: override 'nonideal.read_df'"). */
static int check_value(mxb_ctx_t *ctx, int i, double v, const char *what) {
  const mxb_param_def_t *d = &ni_defs[i];
  if (!mxbi_finite(v))
    return mxbi_error(ctx, MXB_ENAN, "%s = %g is not a finite number", what, v);
  if (v < d->min || v > d->max)
    return mxbi_error(ctx, MXB_ERANGE, "%s = %g %s is out of range [%g, %g] %s", what,
                      v, d->unit, d->min, d->max, d->unit);
  if (ni_whole[i] && v != floor(v))
    return mxbi_error(ctx, MXB_ETYPE, "%s = %g must be a whole number", what, v);
  return MXB_OK;
}

/* Pairs (lo, hi) that must satisfy p[lo] <= p[hi] (strict: p[lo] < p[hi]). */
static const struct {
  int lo, hi, strict;
} ni_pairs[] = {
    {MXBI_NI_P_RTN_TAU_C_MIN, MXBI_NI_P_RTN_TAU_C_MAX, 0},
    {MXBI_NI_P_RTN_TAU_E_MIN, MXBI_NI_P_RTN_TAU_E_MAX, 0},
    {MXBI_NI_P_G_LEAK, MXBI_NI_P_G_OFF, 1},
    {MXBI_NI_P_G_OFF, MXBI_NI_P_G_ON, 1},
    {MXBI_NI_P_G_ON, MXBI_NI_P_G_SHORT, 1},
};

int mxbi_ni_check(mxb_ctx_t *ctx, const mxbi_ni_t *ni, const char *path) {
  for (size_t k = 0; k < sizeof ni_pairs / sizeof ni_pairs[0]; k++) {
    int lo = ni_pairs[k].lo, hi = ni_pairs[k].hi;
    int bad = ni_pairs[k].strict ? !(ni->p[lo] < ni->p[hi]) : !(ni->p[lo] <= ni->p[hi]);
    if (bad)
      return mxbi_error(ctx, MXB_ERANGE, "%s: nonideal.%s (%g %s) must be %s nonideal.%s (%g %s)",
                        path, ni_defs[lo].name, ni->p[lo], ni_defs[lo].unit,
                        ni_pairs[k].strict ? "below" : "at most", ni_defs[hi].name,
                        ni->p[hi], ni_defs[hi].unit);
  }
  double sum = P(ni, P_STUCK_ON) + P(ni, P_STUCK_OFF) + P(ni, P_OPEN) + P(ni, P_SHORT);
  if (sum > 1.0)
    return mxbi_error(ctx, MXB_ERANGE,
                      "%s: nonideal.fault_p_stuck_on + fault_p_stuck_off + fault_p_open + "
                      "fault_p_short = %g exceeds 1", path, sum);
  return MXB_OK;
}

int mxbi_ni_from_json(mxb_ctx_t *ctx, mxbi_ni_t *ni, const cJSON *sec,
                      const char *path, mxbi_ovr_t *ovr, const char *prefix) {
  static const char *const q_keys[] = {"value", "unit", "source", "note", NULL};
  mxbi_ni_defaults(ni);
  if (!prefix) prefix = "";
  if (sec && !cJSON_IsObject(sec))
    return mxbi_error(ctx, MXB_ETYPE, "%s: nonideal must be an object", path);
  const cJSON *item;
  cJSON_ArrayForEach(item, sec) {
    char where[160], what[MXB_PATH_MAX + 200];
    snprintf(where, sizeof where, "nonideal.%s", item->string);
    int i = mxbi_ni_param_find(item->string);
    if (i < 0) {
      char list[1400] = "";
      size_t used = 0;
      for (int k = 0; k < MXBI_NI_NPARAM; k++)
        used += (size_t)snprintf(list + used, used < sizeof list ? sizeof list - used : 0,
                                 "%s%s", k ? ", " : "", ni_defs[k].name);
      return mxbi_error(ctx, MXB_EKEY, "%s: %s: unknown key (allowed: %s)", path, where,
                        list);
    }
    if (!cJSON_IsObject(item))
      return mxbi_error(ctx, MXB_ETYPE,
                        "%s: %s must be an object {\"value\", \"unit\", \"source\"}", path,
                        where);
    int rc = mxbi_card_check_keys(ctx, item, path, where, q_keys);
    if (rc) return rc;
    const mxb_param_def_t *d = &ni_defs[i];
    double v;
    /* type, unit, source and range, message naming path and nonideal.<key> */
    rc = mxbi_card_quantity(ctx, sec, path, d->name, d->unit, d->min, d->max, &v, NULL);
    if (rc) return rc;
    snprintf(what, sizeof what, "%s: %s", path, where);
    rc = check_value(ctx, i, v, what);
    if (rc) return rc;
    ni->p[i] = v;
    ni->from[i] = MXBI_NI_FROM_CARD;
  }
  for (int i = 0; i < MXBI_NI_NPARAM; i++) {
    mxbi_ovr_item_t *o = mxbi_ovr_take(ovr, prefix, ni_defs[i].name);
    if (!o) continue;
    char what[MXB_PATH_MAX + 200];
    snprintf(what, sizeof what, "%s: override '%s%s'", path, prefix, ni_defs[i].name);
    int rc = check_value(ctx, i, o->value, what);
    if (rc) return rc;
    ni->p[i] = o->value;
    ni->from[i] = MXBI_NI_FROM_OVERRIDE;
  }
  return mxbi_ni_check(ctx, ni, path);
}

int mxbi_ni_set(mxb_ctx_t *ctx, mxbi_ni_t *ni, const char *key, double value,
                const char *where) {
  if (!where) where = "nonideal";
  int i = mxbi_ni_param_find(key);
  if (i < 0)
    return mxbi_error(ctx, MXB_EKEY, "%s: nonideal.%s: unknown key", where,
                      key ? key : "(null)");
  char what[MXB_PATH_MAX + 200];
  snprintf(what, sizeof what, "%s: nonideal.%s", where, key);
  int rc = check_value(ctx, i, value, what);
  if (rc) return rc;
  mxbi_ni_t trial = *ni;
  trial.p[i] = value;
  trial.from[i] = MXBI_NI_FROM_SET;
  rc = mxbi_ni_check(ctx, &trial, where);
  if (rc) return rc;
  *ni = trial;
  return MXB_OK;
}

/* ------------------------------------------------------------------ clocks */

double mxbi_ni_clock_at(const mxbi_ni_clock_t *c, double t) {
  return c->theta_ref + c->rate * (t - c->t_ref);
}

/* exp(-(Ea/k)(1/T - 1/T_ref)): 1 at 300 K, faster when hotter. */
static double arrhenius_accel(double ea, double T) {
  if (ea == 0.0) return 1.0;
  return exp(-ea / MXBI_NI_KB_EV * (1.0 / T - 1.0 / MXBI_NI_T_REF));
}

double mxbi_ni_rtn_rate(const mxbi_ni_t *ni, double T) {
  return arrhenius_accel(P(ni, RTN_EA), T);
}

double mxbi_ni_drift_rate(const mxbi_ni_t *ni, double T) {
  return arrhenius_accel(P(ni, DRIFT_EA), T);
}

double mxbi_ni_ret_rate(const mxbi_ni_t *ni, double T) {
  /* 1 / (tau0 exp(Ea / kT)) */
  return exp(-P(ni, RET_EA) / (MXBI_NI_KB_EV * T)) / P(ni, RET_TAU0);
}

static void clock_start(mxbi_ni_clock_t *c, double t, double theta, double rate) {
  c->t_ref = t;
  c->theta_ref = theta;
  c->rate = rate;
}

void mxbi_ni_clocks_init(const mxbi_ni_t *ni, mxbi_ni_clocks_t *c, double t0, double T) {
  c->T = T;
  clock_start(&c->rtn, t0, 0.0, mxbi_ni_rtn_rate(ni, T));
  clock_start(&c->drift, t0, 0.0, mxbi_ni_drift_rate(ni, T));
  clock_start(&c->ret, t0, 0.0, mxbi_ni_ret_rate(ni, T));
}

int mxbi_ni_clocks_set_temp(mxb_ctx_t *ctx, const mxbi_ni_t *ni, mxbi_ni_clocks_t *c,
                            double t, double T) {
  const mxb_param_def_t *d = &ni_defs[MXBI_NI_P_TEMP];
  if (!mxbi_finite(T) || T < d->min || T > d->max)
    return mxbi_error(ctx, MXB_ERANGE, "temperature %g K is out of range [%g, %g] K", T,
                      d->min, d->max);
  if (!mxbi_finite(t) || t < c->rtn.t_ref)
    return mxbi_error(ctx, MXB_ETIME,
                      "temperature change at t = %g s is before the last one (%g s)", t,
                      c->rtn.t_ref);
  c->T = T;
  clock_start(&c->rtn, t, mxbi_ni_clock_at(&c->rtn, t), mxbi_ni_rtn_rate(ni, T));
  clock_start(&c->drift, t, mxbi_ni_clock_at(&c->drift, t), mxbi_ni_drift_rate(ni, T));
  clock_start(&c->ret, t, mxbi_ni_clock_at(&c->ret, t), mxbi_ni_ret_rate(ni, T));
  return MXB_OK;
}

/* -------------------------------------------------------------- read noise */

double mxbi_ni_read_sigma(const mxbi_ni_t *ni, double I, double G, double T,
                          mxbi_ni_read_sigma_t *comp) {
  mxbi_ni_read_sigma_t s = {0, 0, 0, 0, 0};
  double df = P(ni, READ_DF), ai = fabs(I);
  if (ON(ni, READ_THERMAL)) s.thermal = sqrt(4.0 * MXBI_NI_KB * T * fabs(G) * df);
  if (ON(ni, READ_SHOT)) s.shot = sqrt(2.0 * MXBI_NI_Q * ai * df);
  if (df > P(ni, READ_F_LO))
    s.flicker = ai * sqrt(P(ni, READ_HOOGE) * log(df / P(ni, READ_F_LO)));
  s.rel = P(ni, READ_REL) * ai;
  s.total = sqrt(s.thermal * s.thermal + s.shot * s.shot + s.flicker * s.flicker +
                 s.rel * s.rel);
  if (comp) *comp = s;
  return s.total;
}

uint64_t mxbi_ni_read_key(double t, uint64_t counter) {
  uint64_t bits;
  if (t == 0.0) t = 0.0; /* -0 -> +0 */
  memcpy(&bits, &t, sizeof bits);
  uint32_t w[4];
  /* Philox as a keyed hash: key "read", counter (time bits, read counter) */
  mxb_rng_words(0x72656164u, bits, counter, w);
  return ((uint64_t)w[0] << 32) | w[1];
}

uint64_t mxbi_ni_line_stream(unsigned plane, unsigned line) {
  return mxb_rng_stream(MXB_RNG_READ, 0xFFFu, plane, line);
}

double mxbi_ni_read(const mxbi_ni_t *ni, uint64_t seed, uint64_t stream, uint64_t key,
                    double I, double G, double T) {
  if (!ON(ni, READ)) return I;
  double s = mxbi_ni_read_sigma(ni, I, G, T, NULL);
  if (s == 0.0) return I;
  return I + s * mxb_rng_normal(seed, stream, key);
}

/* ------------------------------------------------------------------- RTN */

#define RTN_TRAP_SHIFT 56
#define RTN_PARAM_BIT ((uint64_t)1 << 55)
enum { RTN_J_TAU_C = 0, RTN_J_TAU_E, RTN_J_AMP, RTN_J_OCC };

static uint64_t rtn_event_index(int k, uint64_t n) {
  return ((uint64_t)k << RTN_TRAP_SHIFT) | (n & (RTN_PARAM_BIT - 1));
}

static uint64_t rtn_param_index(int k, unsigned j) {
  return ((uint64_t)k << RTN_TRAP_SHIFT) | RTN_PARAM_BIT | j;
}

/* Dwell (clock seconds) starting at event n in the present state. */
static double rtn_dwell(const mxbi_ni_trap_t *t, int k, uint64_t seed, uint64_t stream,
                        uint64_t n) {
  double tau = t->occ ? t->tau_e : t->tau_c;
  return -tau * log(mxb_rng_uniform(seed, stream, rtn_event_index(k, n)));
}

int mxbi_ni_rtn_traps(const mxbi_ni_t *ni) {
  return ON(ni, RTN) ? (int)P(ni, RTN_TRAPS) : 0;
}

static double log_uniform(double lo, double hi, double u) {
  return exp(log(lo) + u * (log(hi) - log(lo)));
}

void mxbi_ni_rtn_init(const mxbi_ni_t *ni, mxbi_ni_trap_t *tr, int n, uint64_t seed,
                      uint64_t stream, double theta0) {
  for (int k = 0; k < n; k++) {
    mxbi_ni_trap_t *t = &tr[k];
    t->tau_c = log_uniform(P(ni, RTN_TAU_C_MIN), P(ni, RTN_TAU_C_MAX),
                           mxb_rng_uniform(seed, stream, rtn_param_index(k, RTN_J_TAU_C)));
    t->tau_e = log_uniform(P(ni, RTN_TAU_E_MIN), P(ni, RTN_TAU_E_MAX),
                           mxb_rng_uniform(seed, stream, rtn_param_index(k, RTN_J_TAU_E)));
    double a = P(ni, RTN_AMP) *
               exp(P(ni, RTN_AMP_SIGMA) *
                   mxb_rng_normal(seed, stream, rtn_param_index(k, RTN_J_AMP)));
    t->amp = a < 1.0 ? a : 1.0;
    double p_occ = t->tau_e / (t->tau_c + t->tau_e);
    t->occ = mxb_rng_uniform(seed, stream, rtn_param_index(k, RTN_J_OCC)) < p_occ;
    t->n = 0;
    t->t_last = theta0;
    /* memoryless: the residual dwell from theta0 is a full exponential dwell */
    t->t_next = theta0 + rtn_dwell(t, k, seed, stream, 0);
  }
}

int mxbi_ni_rtn_advance(mxbi_ni_trap_t *tr, int n, uint64_t seed, uint64_t stream,
                        double theta) {
  for (int k = 0; k < n; k++)
    if (!(theta >= tr[k].t_last)) return MXB_ETIME;
  int capped = 0;
  for (int k = 0; k < n; k++) {
    mxbi_ni_trap_t *t = &tr[k];
    long flips = 0;
    double t_f = t->t_last;
    while (t->t_next <= theta && flips < MXBI_NI_RTN_MAX_EVENTS) {
      t_f = t->t_next;
      t->occ ^= 1;
      t->n++;
      t->t_next = t_f + rtn_dwell(t, k, seed, stream, t->n);
      flips++;
    }
    if (t->t_next <= theta) {
      /* too fast for this call: exact transition probability from the last
       * flip at t_f to theta, fresh draws, new dwell from theta */
      double p = t->tau_e / (t->tau_c + t->tau_e);
      double rate = 1.0 / t->tau_c + 1.0 / t->tau_e;
      double p1 = p + ((double)t->occ - p) * exp(-(theta - t_f) * rate);
      t->occ = mxb_rng_uniform(seed, stream, rtn_event_index(k, t->n + 1)) < p1;
      t->n += 2;
      t->t_next = theta + rtn_dwell(t, k, seed, stream, t->n);
      capped++;
    }
    t->t_last = theta;
  }
  return capped;
}

int mxbi_ni_rtn_active(const mxbi_ni_t *ni, uint64_t seed, uint64_t stream) {
  if (!ON(ni, RTN)) return 0;
  return mxb_rng_uniform(seed, stream, rtn_param_index(255, 0)) < P(ni, RTN_FRAC);
}

double mxbi_ni_rtn_factor(const mxbi_ni_trap_t *tr, int n) {
  double f = 1.0;
  for (int k = 0; k < n; k++)
    if (tr[k].occ) f -= tr[k].amp;
  return f > 0.0 ? f : 0.0;
}

/* ------------------------------------------------------------------ faults */

static const char *const fault_names[MXBI_NI_FAULT_COUNT] = {"none", "stuck_on",
                                                             "stuck_off", "open", "short"};

const char *mxbi_ni_fault_name(int kind) {
  return kind >= 0 && kind < MXBI_NI_FAULT_COUNT ? fault_names[kind] : NULL;
}

int mxbi_ni_fault_parse(const char *name) {
  for (int k = 0; name && k < MXBI_NI_FAULT_COUNT; k++)
    if (strcmp(name, fault_names[k]) == 0) return k;
  return -1;
}

int mxbi_ni_fault_draw(const mxbi_ni_t *ni, uint64_t seed, uint64_t stream) {
  if (!ON(ni, FAULTS)) return MXBI_NI_FAULT_NONE;
  double u = mxb_rng_uniform(seed, stream, 0), c = 0.0;
  static const int order[] = {MXBI_NI_FAULT_STUCK_ON, MXBI_NI_FAULT_STUCK_OFF,
                              MXBI_NI_FAULT_OPEN, MXBI_NI_FAULT_SHORT};
  const double p[] = {P(ni, P_STUCK_ON), P(ni, P_STUCK_OFF), P(ni, P_OPEN), P(ni, P_SHORT)};
  for (int k = 0; k < 4; k++) {
    c += p[k];
    if (u < c) return order[k];
  }
  return MXBI_NI_FAULT_NONE;
}

void mxbi_ni_fault_map(const mxbi_ni_t *ni, uint64_t seed, int layers, int rows, int cols,
                       unsigned char *kind) {
  size_t i = 0;
  for (int l = 0; l < layers; l++)
    for (int r = 0; r < rows; r++)
      for (int c = 0; c < cols; c++)
        kind[i++] = (unsigned char)mxbi_ni_fault_draw(
            ni, seed, mxb_rng_stream(MXB_RNG_FAULT, (unsigned)l, (unsigned)r, (unsigned)c));
}

void mxbi_ni_fault_iv(const mxbi_ni_t *ni, int kind, double v, double i_healthy,
                      double didv_healthy, double *i, double *didv) {
  double g;
  switch (kind) {
    case MXBI_NI_FAULT_STUCK_ON: g = P(ni, G_ON); break;
    case MXBI_NI_FAULT_STUCK_OFF: g = P(ni, G_OFF); break;
    case MXBI_NI_FAULT_OPEN: g = P(ni, G_LEAK); break;
    case MXBI_NI_FAULT_SHORT: g = P(ni, G_SHORT); break;
    default:
      *i = i_healthy;
      *didv = didv_healthy;
      return;
  }
  *i = g * v;
  *didv = g;
}

int mxbi_ni_fault_frozen(int kind) { return kind != MXBI_NI_FAULT_NONE; }

int mxbi_ni_fault_set(mxb_ctx_t *ctx, mxbi_ni_cell_t *cell, int kind) {
  if (kind < 0 || kind >= MXBI_NI_FAULT_COUNT)
    return mxbi_error(ctx, MXB_ERANGE,
                      "fault kind %d is not one of 0 none, 1 stuck_on, 2 stuck_off, "
                      "3 open, 4 short", kind);
  cell->fault = kind;
  return MXB_OK;
}

/* -------------------------------------------------- drift, retention, wear */

double mxbi_ni_drift_nu(const mxbi_ni_t *ni, uint64_t seed, uint64_t stream) {
  double nu = P(ni, DRIFT_NU) + P(ni, DRIFT_NU_SIGMA) * mxb_rng_normal(seed, stream, 0);
  return nu > 0.0 ? nu : 0.0;
}

double mxbi_ni_drift_factor(const mxbi_ni_t *ni, double nu, double dtheta) {
  double t0 = P(ni, DRIFT_T0);
  if (!ON(ni, DRIFT) || !(dtheta > t0)) return 1.0;
  return pow(dtheta / t0, -nu);
}

double mxbi_ni_ret_factor(const mxbi_ni_t *ni, double dlambda) {
  if (!ON(ni, RET) || !(dlambda > 0.0)) return 1.0;
  double f = P(ni, RET_FLOOR);
  return f + (1.0 - f) * exp(-dlambda);
}

double mxbi_ni_wear_nend(const mxbi_ni_t *ni, uint64_t seed, uint64_t stream) {
  return P(ni, WEAR_N50) * exp(P(ni, WEAR_SIGMA) * mxb_rng_normal(seed, stream, 0));
}

double mxbi_ni_wear_window(const mxbi_ni_t *ni, double n, double n_end) {
  if (!ON(ni, WEAR) || !(n > 0.0)) return 1.0;
  if (n >= n_end) return 0.0;
  return 1.0 - pow(n / n_end, P(ni, WEAR_BETA));
}

static double g_mid(const mxbi_ni_t *ni) { return sqrt(P(ni, G_ON) * P(ni, G_OFF)); }

double mxbi_ni_wear_factor(const mxbi_ni_t *ni, double W, double G) {
  if (!ON(ni, WEAR) || W >= 1.0 || !(G > 0.0)) return 1.0;
  if (W < 0.0) W = 0.0;
  return pow(g_mid(ni) / G, 1.0 - W);
}

/* ------------------------------------------------------ per-cell state */

void mxbi_ni_cell_init(const mxbi_ni_t *ni, mxbi_ni_cell_t *cell, uint64_t seed,
                       unsigned layer, unsigned row, unsigned col,
                       const mxbi_ni_clocks_t *c, double t0) {
  cell->nu = ON(ni, DRIFT)
                 ? mxbi_ni_drift_nu(ni, seed, mxb_rng_stream(MXB_RNG_DRIFT, layer, row, col))
                 : 0.0;
  cell->n_end = ON(ni, WEAR)
                    ? mxbi_ni_wear_nend(ni, seed, mxb_rng_stream(MXB_RNG_WEAR, layer, row, col))
                    : INFINITY;
  cell->fault = mxbi_ni_fault_draw(ni, seed, mxb_rng_stream(MXB_RNG_FAULT, layer, row, col));
  cell->n_switch = 0.0;
  mxbi_ni_cell_programmed(cell, c, t0);
}

void mxbi_ni_cell_programmed(mxbi_ni_cell_t *cell, const mxbi_ni_clocks_t *c, double t) {
  cell->theta_prog = mxbi_ni_clock_at(&c->drift, t);
  cell->lambda_prog = mxbi_ni_clock_at(&c->ret, t);
}

int mxbi_ni_cell_switched(const mxbi_ni_t *ni, mxbi_ni_cell_t *cell,
                          const mxbi_ni_clocks_t *c, double t, double G) {
  cell->n_switch += 1.0;
  mxbi_ni_cell_programmed(cell, c, t);
  if (ON(ni, WEAR) && cell->fault == MXBI_NI_FAULT_NONE && cell->n_switch >= cell->n_end) {
    cell->fault = G >= g_mid(ni) ? MXBI_NI_FAULT_STUCK_ON : MXBI_NI_FAULT_STUCK_OFF;
    return 1;
  }
  return 0;
}

double mxbi_ni_cell_factor(const mxbi_ni_t *ni, const mxbi_ni_cell_t *cell,
                           const mxbi_ni_clocks_t *c, double t, double G) {
  double f = 1.0;
  if (ON(ni, DRIFT))
    f *= mxbi_ni_drift_factor(ni, cell->nu, mxbi_ni_clock_at(&c->drift, t) - cell->theta_prog);
  if (ON(ni, RET))
    f *= mxbi_ni_ret_factor(ni, mxbi_ni_clock_at(&c->ret, t) - cell->lambda_prog);
  if (ON(ni, WEAR))
    f *= mxbi_ni_wear_factor(ni, mxbi_ni_wear_window(ni, cell->n_switch, cell->n_end), G);
  return f;
}
