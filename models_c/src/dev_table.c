/* mxbar device class "iv_table": a device given by measured tables instead of
 * equations, so a designer's characterisation data become a device without
 * writing C (docs/devices.md "Measured-table devices").
 *
 * State: the level l, a continuous index into the measured state levels
 * 0 .. L-1 (level k is the k-th I-V curve of the table; between two levels
 * the device is their linear mix). A level index rather than a conductance
 * because a measured level is a whole I-V curve (nonlinear, maybe
 * asymmetric), which no single conductance names; the designer numbers the
 * levels in the order the pulse table moves them.
 *
 * Current: I(V, l) = (1 - f) I_k(V) + f I_k+1(V), k = floor(l), f = l - k,
 * each I_k the monotone piecewise-cubic (Fritsch-Carlson, PCHIP) interpolant
 * of its measured points: it keeps the data's monotonicity and has no
 * overshoot; dI/dV is continuous. Outside a level's measured voltages the
 * curve continues linearly with its end slope.
 *
 * State motion (the pulse table): for each measured amplitude A, the level
 * reached after a time t at bias A, from the amplitude's start level (a
 * pulse train: reset, then n pulses of width w, t = n w). This defines the
 * time at bias T_A(l) it takes from the start level to l, strictly
 * increasing along the direction the amplitude moves the level; T_A is the
 * PCHIP interpolant of the measured (level, time) points. A device at level
 * l0 under bias A for dt moves to
 *     l1 = T_A^-1(T_A(l0) + dt),
 * so a pulse of width w from any level l0 ends where the measured train
 * reached T_A(l0) + w (the table read "from a given level"), and the device
 * is a one-dimensional autonomous system: a pulse cut into sub-steps ends
 * where one call ends (to rounding), whatever the cut, because T_A(l1) =
 * T_A(l0) + dt composes. The data are read as such a system; a device whose
 * response depends on more than its level (history, relaxation) is beyond
 * this class.
 *   - Between two measured amplitudes A_i < V < A_j of the same sign,
 *     T_V = T_i^(1-w) T_j^w, w = (V - A_i) / (A_j - A_i): the logarithm of
 *     the switching time interpolated linearly in V (switching times fall
 *     about exponentially with voltage). Still one autonomous T per V, so
 *     the sub-step invariance holds at every V.
 *   - Above the largest amplitude of a sign: that amplitude's T (no
 *     extrapolation of the measured speed).
 *   - Below the smallest amplitude of a sign (in magnitude): the state holds.
 *   - Beyond the last level an amplitude's train reached, the state holds
 *     under that amplitude (the measurement says nothing further).
 *   - From a level before the start level (on the far side of the motion):
 *     the state moves at the train's first measured rate up to the start.
 * Amplitudes of one sign must share their start level and direction (the
 * train starts from the same reset state); checked on load.
 *
 * Card (kind "device", class "iv_table"):
 *   "data": {"iv": "<file>.csv", "pulse": "<file>.csv", "source": "..."}
 * or "pulse_steps" instead of "pulse" for the table pulse by pulse (below),
 * file names looked up like card names, from the card's folder first
 * (card.h "Finding a card"). "pulse" is optional: without it the state never
 * moves (a read-only device). CSV files: '#' comment lines and blank lines
 * are skipped, the first other line is the header, exactly
 *   iv:    level,voltage_V,current_A     (levels whole numbers 0 .. L-1, each
 *                                         with >= 2 points, voltages strictly
 *                                         increasing within a level)
 *   pulse: amplitude_V,time_s,level      (rows of one amplitude together,
 *                                         time from 0 strictly increasing,
 *                                         level strictly monotone)
 *   pulse_steps: amplitude_V,width_s,level_from,level_to
 *                                        (the level after a pulse of that
 *                                         amplitude and width from a level;
 *                                         the rows of one amplitude a train:
 *                                         each starts where the one before
 *                                         ended; read as the train of
 *                                         cumulative widths)
 * Errors name the file, the line and the column.
 *
 * A model made by mxb_device_new (no card) has the class's default data: two
 * ohmic levels, 1 uS and 10 uS, no pulse table (the state holds).
 * Example: models_c/cards/iv_table_yakopcic.json, tables sampled from the
 * yakopcic class (tests/tools/mxb_table_sample.c). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mxb_internal.h"

#define TB_MAX_LEVELS 1024
#define TB_LINE_MAX 1024

enum { P_L0, NP };
enum { S_L, NS };

static const mxb_param_def_t params[NP] = {
    [P_L0] = {"l0", "1", 0.0, 0.0, TB_MAX_LEVELS - 1, "assumed: devices start at the first level",
              "initial level (continuous index into the table's levels, below their number)"},
};

static const mxb_state_def_t states[NS] = {
    [S_L] = {"level", "1",
             "continuous index into the measured levels (0 .. L-1; L at most 1024, the "
             "class's limit)",
             0.0, TB_MAX_LEVELS - 1},
};

/* ------------------------------------------------------------------ PCHIP */

typedef struct {
  int n;
  double *x, *y, *d; /* nodes (x strictly increasing), values, slopes */
} pchip_t;

static double sgn(double a) { return a > 0 ? 1.0 : a < 0 ? -1.0 : 0.0; }

/* Fritsch-Carlson slopes (weighted harmonic mean inside, the shape-preserving
 * three-point formula at the ends; Fritsch & Butland 1984, as in Moler's
 * pchip). */
static void pchip_slopes(pchip_t *c) {
  int n = c->n;
  const double *x = c->x, *y = c->y;
  if (n == 2) {
    c->d[0] = c->d[1] = (y[1] - y[0]) / (x[1] - x[0]);
    return;
  }
  for (int k = 1; k < n - 1; k++) {
    double h0 = x[k] - x[k - 1], h1 = x[k + 1] - x[k];
    double d0 = (y[k] - y[k - 1]) / h0, d1 = (y[k + 1] - y[k]) / h1;
    if (d0 * d1 <= 0) {
      c->d[k] = 0.0;
    } else {
      double w1 = 2 * h1 + h0, w2 = h1 + 2 * h0;
      c->d[k] = (w1 + w2) / (w1 / d0 + w2 / d1);
    }
  }
  for (int e = 0; e < 2; e++) { /* e = 0: first node, 1: last */
    int k = e ? n - 1 : 0, s = e ? -1 : 1;
    double h0 = fabs(x[k + s] - x[k]), h1 = fabs(x[k + 2 * s] - x[k + s]);
    double del0 = (y[k + s] - y[k]) / (x[k + s] - x[k]);
    double del1 = (y[k + 2 * s] - y[k + s]) / (x[k + 2 * s] - x[k + s]);
    double d = ((2 * h0 + h1) * del0 - h0 * del1) / (h0 + h1);
    if (sgn(d) != sgn(del0)) d = 0.0;
    else if (sgn(del0) != sgn(del1) && fabs(d) > fabs(3 * del0)) d = 3 * del0;
    c->d[k] = d;
  }
}

/* Value and derivative at x; linear beyond the ends with the end slope. */
static double pchip_eval(const pchip_t *c, double x, double *dydx) {
  int n = c->n;
  if (x <= c->x[0]) {
    *dydx = c->d[0];
    return c->y[0] + c->d[0] * (x - c->x[0]);
  }
  if (x >= c->x[n - 1]) {
    *dydx = c->d[n - 1];
    return c->y[n - 1] + c->d[n - 1] * (x - c->x[n - 1]);
  }
  int lo = 0, hi = n - 1;
  while (hi - lo > 1) {
    int m = (lo + hi) / 2;
    if (c->x[m] <= x) lo = m;
    else hi = m;
  }
  double h = c->x[hi] - c->x[lo], t = (x - c->x[lo]) / h, t2 = t * t, t3 = t2 * t;
  double y0 = c->y[lo], y1 = c->y[hi], d0 = c->d[lo], d1 = c->d[hi];
  *dydx = ((6 * t2 - 6 * t) * y0 + (3 * t2 - 4 * t + 1) * h * d0 + (-6 * t2 + 6 * t) * y1 +
           (3 * t2 - 2 * t) * h * d1) / h;
  return (2 * t3 - 3 * t2 + 1) * y0 + (t3 - 2 * t2 + t) * h * d0 + (-2 * t3 + 3 * t2) * y1 +
         (t3 - t2) * h * d1;
}

/* ------------------------------------------------------------------ data */

typedef struct {
  double amp, start; /* amplitude (V), start level */
  int dir;           /* +1: the level rises under this amplitude, -1: falls */
  double u_end;      /* last measured u = dir (level - start) */
  double slope0;     /* dT/du before the start: the first interval's secant */
  pchip_t t;         /* time at bias (s) against u */
} curve_t;

typedef struct {
  int nlev;
  pchip_t *iv;     /* per level: current (A) against voltage (V) */
  int ncur[2];     /* curves of positive [0] and negative [1] amplitudes */
  curve_t *cur[2]; /* each by increasing |amplitude| */
} table_t;

static void pchip_free(pchip_t *c) {
  free(c->x);
  free(c->y);
  free(c->d);
}

static void tb_free(void *data) {
  table_t *t = data;
  if (!t) return;
  for (int k = 0; t->iv && k < t->nlev; k++) pchip_free(&t->iv[k]);
  free(t->iv);
  for (int g = 0; g < 2; g++) {
    for (int k = 0; t->cur[g] && k < t->ncur[g]; k++) pchip_free(&t->cur[g][k].t);
    free(t->cur[g]);
  }
  free(t);
}

static int pchip_alloc(pchip_t *c, int n) {
  c->n = n;
  c->x = malloc((size_t)n * sizeof *c->x);
  c->y = malloc((size_t)n * sizeof *c->y);
  c->d = malloc((size_t)n * sizeof *c->d);
  return c->x && c->y && c->d ? MXB_OK : MXB_ENOMEM;
}

typedef mxbi_csv_t csv_t;

void mxbi_csv_free(csv_t *c) {
  free(c->v);
  free(c->line);
  c->v = NULL;
  c->line = NULL;
  c->nrow = 0;
}

/* mxb_internal.h */
int mxbi_csv_read(mxb_ctx_t *ctx, const char *path, const char *header, int ncol, csv_t *out) {
  memset(out, 0, sizeof *out);
  FILE *f = fopen(path, "r");
  if (!f) return mxbi_error(ctx, MXB_EIO, "%s: cannot open table: %s", path, strerror(errno));
  char buf[TB_LINE_MAX + 2], cols[8][64];
  int line = 0, have_header = 0, cap = 0, rc = MXB_OK;
  {
    const char *h = header;
    for (int c = 0; c < ncol; c++) {
      const char *e = strchr(h, ',');
      size_t n = e ? (size_t)(e - h) : strlen(h);
      snprintf(cols[c], sizeof cols[c], "%.*s", (int)n, h);
      h = e ? e + 1 : h + n;
    }
  }
  while (fgets(buf, sizeof buf, f)) {
    line++;
    size_t len = strlen(buf);
    if (len > TB_LINE_MAX) {
      rc = mxbi_error(ctx, MXB_EPARSE, "%s:%d: line longer than %d characters", path, line,
                      TB_LINE_MAX);
      break;
    }
    while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r' || buf[len - 1] == ' '))
      buf[--len] = '\0';
    const char *s = buf;
    while (*s == ' ' || *s == '\t') s++;
    if (!*s || *s == '#') continue;
    if (!have_header) {
      if (strcmp(s, header) != 0) {
        rc = mxbi_error(ctx, MXB_EPARSE, "%s:%d: header is '%s', expected '%s'", path, line, s,
                        header);
        break;
      }
      have_header = 1;
      continue;
    }
    if (out->nrow == cap) {
      cap = cap ? 2 * cap : 64;
      double *v = realloc(out->v, (size_t)cap * (size_t)ncol * sizeof *v);
      if (v) out->v = v;
      int *l = realloc(out->line, (size_t)cap * sizeof *l);
      if (l) out->line = l;
      if (!v || !l) {
        rc = mxbi_error(ctx, MXB_ENOMEM, "%s: out of memory reading the table", path);
        break;
      }
    }
    const char *p = s;
    for (int c = 0; c < ncol && rc == MXB_OK; c++) {
      const char *e = strchr(p, ',');
      if (c < ncol - 1 && !e) {
        rc = mxbi_error(ctx, MXB_EPARSE, "%s:%d: %d columns where %d are needed (%s)", path, line,
                        c + 1, ncol, header);
        break;
      }
      if (c == ncol - 1 && e) {
        rc = mxbi_error(ctx, MXB_EPARSE, "%s:%d: more than %d columns (%s)", path, line, ncol,
                        header);
        break;
      }
      size_t n = e ? (size_t)(e - p) : strlen(p);
      char field[128];
      snprintf(field, sizeof field, "%.*s", (int)(n < 127 ? n : 127), p);
      char *end = NULL;
      errno = 0;
      double x = field[0] ? strtod(field, &end) : 0.0;
      while (end && (*end == ' ' || *end == '\t')) end++;
      if (!field[0] || !end || *end || n >= 127) {
        rc = mxbi_error(ctx, MXB_EPARSE, "%s:%d: column '%s': '%s' is not a number", path, line,
                        cols[c], field);
        break;
      }
      if (!mxbi_finite(x) || errno == ERANGE) {
        rc = mxbi_error(ctx, MXB_ENAN, "%s:%d: column '%s': '%s' is not a finite number", path,
                        line, cols[c], field);
        break;
      }
      out->v[(size_t)out->nrow * (size_t)ncol + (size_t)c] = x;
      p = e ? e + 1 : p + n;
    }
    if (rc) break;
    out->line[out->nrow++] = line;
  }
  fclose(f);
  if (rc == MXB_OK && !have_header)
    rc = mxbi_error(ctx, MXB_EPARSE, "%s: no header line '%s' (the file is empty)", path, header);
  if (rc == MXB_OK && out->nrow == 0)
    rc = mxbi_error(ctx, MXB_EPARSE, "%s: no data rows after the header", path);
  out->ncol = ncol;
  if (rc) mxbi_csv_free(out);
  return rc;
}

static int load_iv(mxb_ctx_t *ctx, const char *path, table_t *t) {
  csv_t c;
  int rc = mxbi_csv_read(ctx, path, "level,voltage_V,current_A", 3, &c);
  if (rc) return rc;
  int count[TB_MAX_LEVELS] = {0}, nlev = 0;
  double last_v[TB_MAX_LEVELS];
  for (int r = 0; r < c.nrow && !rc; r++) {
    double lv = c.v[3 * r], v = c.v[3 * r + 1];
    if (!(lv >= 0 && lv <= TB_MAX_LEVELS - 1) || lv != floor(lv)) {
      rc = mxbi_error(ctx, MXB_ERANGE, "%s:%d: column 'level': %g is not a whole number in "
                      "[0, %d]", path, c.line[r], lv, TB_MAX_LEVELS - 1);
      break;
    }
    int k = (int)lv;
    if (count[k] && !(v > last_v[k]))
      rc = mxbi_error(ctx, MXB_ERANGE, "%s:%d: column 'voltage_V': %g V is not above %g V, the "
                      "previous voltage of level %d (a level's voltages must increase strictly)",
                      path, c.line[r], v, last_v[k], k);
    last_v[k] = v;
    count[k]++;
    if (k + 1 > nlev) nlev = k + 1;
  }
  for (int k = 0; k < nlev && !rc; k++)
    if (count[k] < 2)
      rc = mxbi_error(ctx, MXB_EMISSING, "%s: level %d %s (levels 0 .. %d need at least 2 "
                      "points each)", path, k, count[k] ? "has only 1 point" : "is missing",
                      nlev - 1);
  if (!rc && !(t->iv = calloc((size_t)nlev, sizeof *t->iv)))
    rc = mxbi_error(ctx, MXB_ENOMEM, "%s: out of memory", path);
  if (!rc) {
    t->nlev = nlev;
    for (int k = 0; k < nlev && !rc; k++) {
      if (pchip_alloc(&t->iv[k], count[k])) rc = mxbi_error(ctx, MXB_ENOMEM, "out of memory");
      t->iv[k].n = 0;
    }
    for (int r = 0; r < c.nrow && !rc; r++) {
      pchip_t *p = &t->iv[(int)c.v[3 * r]];
      p->x[p->n] = c.v[3 * r + 1];
      p->y[p->n++] = c.v[3 * r + 2];
    }
    for (int k = 0; k < nlev && !rc; k++) pchip_slopes(&t->iv[k]);
  }
  mxbi_csv_free(&c);
  return rc;
}

static int curve_cmp(const void *a, const void *b) {
  double x = fabs(((const curve_t *)a)->amp), y = fabs(((const curve_t *)b)->amp);
  return (x > y) - (x < y);
}

/* The per-pulse form (data.pulse_steps): rows amplitude_V,width_s,
 * level_from,level_to, each amplitude's rows a train (every row starts
 * where the one before ended), turned into the train form (amplitude,
 * time at bias from the start, level) with the lines of the file. */
static int steps_to_train(mxb_ctx_t *ctx, const char *path, csv_t *c) {
  csv_t s;
  int rc = mxbi_csv_read(ctx, path, "amplitude_V,width_s,level_from,level_to", 4, &s);
  if (rc) return rc;
  memset(c, 0, sizeof *c);
  int nrow = 0;
  for (int r = 0; r < s.nrow; r++) nrow += r == 0 || s.v[4 * r] != s.v[4 * (r - 1)] ? 2 : 1;
  c->v = malloc((size_t)nrow * 3 * sizeof *c->v);
  c->line = malloc((size_t)nrow * sizeof *c->line);
  c->ncol = 3;
  if (!c->v || !c->line) rc = mxbi_error(ctx, MXB_ENOMEM, "%s: out of memory", path);
  double time = 0;
  for (int r = 0; r < s.nrow && !rc; r++) {
    const double *x = &s.v[4 * r];
    int first = r == 0 || x[0] != s.v[4 * (r - 1)];
    if (!(x[1] > 0)) {
      rc = mxbi_error(ctx, MXB_ERANGE, "%s:%d: column 'width_s': %g s is not a pulse width "
                      "(> 0)", path, s.line[r], x[1]);
      break;
    }
    if (first) {
      time = 0;
      c->v[3 * c->nrow] = x[0];
      c->v[3 * c->nrow + 1] = 0.0;
      c->v[3 * c->nrow + 2] = x[2];
      c->line[c->nrow++] = s.line[r];
    } else if (x[2] != s.v[4 * (r - 1) + 3]) {
      rc = mxbi_error(ctx, MXB_ERANGE, "%s:%d: column 'level_from': %g is not %g, where the "
                      "previous pulse of %g V ended (the rows of one amplitude are a train)",
                      path, s.line[r], x[2], s.v[4 * (r - 1) + 3], x[0]);
      break;
    }
    time += x[1];
    c->v[3 * c->nrow] = x[0];
    c->v[3 * c->nrow + 1] = time;
    c->v[3 * c->nrow + 2] = x[3];
    c->line[c->nrow++] = s.line[r];
  }
  mxbi_csv_free(&s);
  if (rc) mxbi_csv_free(c);
  return rc;
}

/* steps: path is in the per-pulse form (steps_to_train), else the train
 * form amplitude_V,time_s,level. */
static int load_pulse(mxb_ctx_t *ctx, const char *path, int steps, table_t *t) {
  csv_t c;
  int rc = steps ? steps_to_train(ctx, path, &c)
                 : mxbi_csv_read(ctx, path, "amplitude_V,time_s,level", 3, &c);
  if (rc) return rc;
  int cap[2] = {0, 0};
  int *first_line[2] = {NULL, NULL};
  for (int r0 = 0; r0 < c.nrow && !rc;) {
    double a = c.v[3 * r0];
    int r1 = r0 + 1;
    while (r1 < c.nrow && c.v[3 * r1] == a) r1++;
    int n = r1 - r0, g = a < 0;
    if (a == 0) {
      rc = mxbi_error(ctx, MXB_ERANGE, "%s:%d: column 'amplitude_V': 0 V moves nothing (leave "
                      "it out)", path, c.line[r0]);
      break;
    }
    for (int k = 0; k < t->ncur[g]; k++)
      if (t->cur[g][k].amp == a) {
        rc = mxbi_error(ctx, MXB_EPARSE, "%s:%d: amplitude %g V again (its train began at line "
                        "%d; the rows of one amplitude go together)", path, c.line[r0], a,
                        first_line[g][k]);
        break;
      }
    if (rc) break;
    if (c.v[3 * r0 + 1] != 0.0) {
      rc = mxbi_error(ctx, MXB_ERANGE, "%s:%d: column 'time_s': the train of %g V must start at "
                      "time 0 (its start level), not %g s", path, c.line[r0], a, c.v[3 * r0 + 1]);
      break;
    }
    if (n < 2) {
      rc = mxbi_error(ctx, MXB_EMISSING, "%s:%d: the train of %g V has a single row (at least "
                      "the start and one later level are needed)", path, c.line[r0], a);
      break;
    }
    double start = c.v[3 * r0 + 2];
    int dir = c.v[3 * (r0 + 1) + 2] > start ? 1 : -1;
    for (int r = r0; r < r1 && !rc; r++) {
      double lv = c.v[3 * r + 2];
      if (!(lv >= 0 && lv <= t->nlev - 1))
        rc = mxbi_error(ctx, MXB_ERANGE, "%s:%d: column 'level': %g is outside the I-V table's "
                        "levels [0, %d]", path, c.line[r], lv, t->nlev - 1);
      else if (r > r0 && !(c.v[3 * r + 1] > c.v[3 * (r - 1) + 1]))
        rc = mxbi_error(ctx, MXB_ERANGE, "%s:%d: column 'time_s': %g s is not after %g s (times "
                        "of a train must increase strictly)", path, c.line[r], c.v[3 * r + 1],
                        c.v[3 * (r - 1) + 1]);
      else if (r > r0 && !(dir * (lv - c.v[3 * (r - 1) + 2]) > 0))
        rc = mxbi_error(ctx, MXB_ERANGE, "%s:%d: column 'level': %g does not continue the %s of "
                        "the train of %g V from %g (levels of a train must be strictly "
                        "monotone)", path, c.line[r], lv, dir > 0 ? "rise" : "fall", a,
                        c.v[3 * (r - 1) + 2]);
    }
    if (rc) break;
    if (t->ncur[g] == cap[g]) {
      cap[g] = cap[g] ? 2 * cap[g] : 8;
      curve_t *nc = realloc(t->cur[g], (size_t)cap[g] * sizeof *nc);
      if (nc) t->cur[g] = nc;
      int *nl = realloc(first_line[g], (size_t)cap[g] * sizeof *nl);
      if (nl) first_line[g] = nl;
      if (!nc || !nl) {
        rc = mxbi_error(ctx, MXB_ENOMEM, "%s: out of memory", path);
        break;
      }
    }
    curve_t *cv = &t->cur[g][t->ncur[g]];
    memset(cv, 0, sizeof *cv);
    first_line[g][t->ncur[g]++] = c.line[r0];
    if (pchip_alloc(&cv->t, n)) {
      rc = mxbi_error(ctx, MXB_ENOMEM, "%s: out of memory", path);
      break;
    }
    cv->amp = a;
    cv->start = start;
    cv->dir = dir;
    for (int r = r0; r < r1; r++) {
      cv->t.x[r - r0] = dir * (c.v[3 * r + 2] - start);
      cv->t.y[r - r0] = c.v[3 * r + 1];
    }
    cv->u_end = cv->t.x[n - 1];
    cv->slope0 = (cv->t.y[1] - cv->t.y[0]) / (cv->t.x[1] - cv->t.x[0]);
    pchip_slopes(&cv->t);
    r0 = r1;
  }
  for (int g = 0; g < 2 && !rc; g++) {
    for (int k = 1; k < t->ncur[g] && !rc; k++) {
      const curve_t *a = &t->cur[g][0], *b = &t->cur[g][k];
      if (b->start != a->start || b->dir != a->dir)
        rc = mxbi_error(ctx, MXB_ERANGE, "%s:%d: the train of %g V starts at level %g and %s; "
                        "the train of %g V (line %d) at level %g and %s (trains of one sign "
                        "start from the same level and move the same way)", path,
                        first_line[g][k], b->amp, b->start, b->dir > 0 ? "rises" : "falls",
                        a->amp, first_line[g][0], a->start, a->dir > 0 ? "rises" : "falls");
    }
    if (!rc && t->ncur[g] > 1)
      qsort(t->cur[g], (size_t)t->ncur[g], sizeof *t->cur[g], curve_cmp);
  }
  free(first_line[0]);
  free(first_line[1]);
  mxbi_csv_free(&c);
  return rc;
}

/* The class's default data (mxb_device_new): two ohmic levels, no pulses. */
static int tb_default(table_t *t) {
  t->nlev = 2;
  if (!(t->iv = calloc(2, sizeof *t->iv))) return MXB_ENOMEM;
  for (int k = 0; k < 2; k++) {
    if (pchip_alloc(&t->iv[k], 2)) return MXB_ENOMEM;
    double g = k ? 1e-5 : 1e-6;
    t->iv[k].x[0] = -1.0;
    t->iv[k].x[1] = 1.0;
    t->iv[k].y[0] = -g;
    t->iv[k].y[1] = g;
    pchip_slopes(&t->iv[k]);
  }
  return MXB_OK;
}

static int tb_file(mxb_ctx_t *ctx, const cJSON *data, const char *card, const char *key,
                   char *path, size_t n) {
  const cJSON *it = cJSON_GetObjectItemCaseSensitive(data, key);
  if (!cJSON_IsString(it) || !it->valuestring[0])
    return mxbi_error(ctx, MXB_ETYPE, "%s: data.%s must be a file name (a CSV table)", card, key);
  if (mxb_card_find(ctx, it->valuestring, card, path, n)) {
    char msg[MXB_ERRMSG_MAX];
    snprintf(msg, sizeof msg, "%s", mxb_ctx_errmsg(ctx));
    return mxbi_error(ctx, mxb_ctx_errcode(ctx), "%s (referenced by %s: data.%s)", msg, card,
                      key);
  }
  return MXB_OK;
}

static int tb_load(mxb_ctx_t *ctx, const cJSON *data, const char *card, void **out) {
  static const char *const keys[] = {"iv", "pulse", "pulse_steps", "source", "note", NULL};
  table_t *t = calloc(1, sizeof *t);
  if (!t) return mxbi_error(ctx, MXB_ENOMEM, "%s: out of memory", card);
  int rc;
  if (!data) {
    rc = tb_default(t);
    if (rc) mxbi_error(ctx, rc, "%s: out of memory", card);
  } else if (!cJSON_IsObject(data)) {
    rc = mxbi_error(ctx, MXB_ETYPE, "%s: data must be an object {\"iv\", \"pulse\", \"source\"}",
                    card);
  } else {
    char path[MXB_PATH_MAX];
    const char *src = NULL;
    rc = mxbi_card_check_keys(ctx, data, card, "data", keys);
    if (!rc && !cJSON_GetObjectItemCaseSensitive(data, "iv"))
      rc = mxbi_error(ctx, MXB_EMISSING, "%s: data.iv: required key missing (the I-V table)",
                      card);
    if (!rc && !cJSON_GetObjectItemCaseSensitive(data, "source"))
      rc = mxbi_error(ctx, MXB_EMISSING, "%s: data.source: required key missing (where the "
                      "tables come from)", card);
    if (!rc && mxbi_card_string(ctx, data, card, "source", &src))
      rc = mxbi_error(ctx, MXB_ETYPE, "%s: data.source must be a string", card);
    if (!rc && !src[0])
      rc = mxbi_error(ctx, MXB_ETYPE, "%s: data.source must be a non-empty string", card);
    if (!rc) rc = tb_file(ctx, data, card, "iv", path, sizeof path);
    if (!rc) rc = load_iv(ctx, path, t);
    int steps = cJSON_GetObjectItemCaseSensitive(data, "pulse_steps") != NULL;
    if (!rc && steps && cJSON_GetObjectItemCaseSensitive(data, "pulse"))
      rc = mxbi_error(ctx, MXB_EKEY, "%s: data.pulse_steps: give the pulse table once, as "
                      "data.pulse (trains) or data.pulse_steps (pulse by pulse)", card);
    if (!rc && (steps || cJSON_GetObjectItemCaseSensitive(data, "pulse"))) {
      const char *key = steps ? "pulse_steps" : "pulse";
      rc = tb_file(ctx, data, card, key, path, sizeof path);
      if (!rc) rc = load_pulse(ctx, path, steps, t);
    }
  }
  if (rc) {
    tb_free(t);
    return rc;
  }
  *out = t;
  return MXB_OK;
}

static int tb_data_check(const void *data, const double *p, char *msg, size_t n) {
  const table_t *t = data;
  if (p[P_L0] > t->nlev - 1) {
    snprintf(msg, n, "l0 (%g) must be below the table's %d levels (at most %d)", p[P_L0],
             t->nlev, t->nlev - 1);
    return MXB_ERANGE;
  }
  return MXB_OK;
}

/* --------------------------------------------------------------- current */

static const table_t *tb(const double *p) { return mxbi_device_data(p); }

static int tb_init(const double *p, double *s, const mxb_dev_rng_t *rng) {
  (void)rng;
  const table_t *t = tb(p);
  if (!t || p[P_L0] > t->nlev - 1) return MXB_ERANGE;
  s[S_L] = p[P_L0];
  return MXB_OK;
}

static double tb_current(const double *p, const double *s, double v, double *didv) {
  const table_t *t = tb(p);
  double l = s[S_L], top = t->nlev - 1;
  l = l < 0 ? 0 : l > top ? top : l;
  int k = (int)floor(l);
  if (k >= t->nlev - 1) k = t->nlev > 1 ? t->nlev - 2 : 0;
  double f = l - k;
  double g0, i0 = pchip_eval(&t->iv[k], v, &g0);
  if (t->nlev == 1 || f == 0.0) {
    *didv = g0;
    return i0;
  }
  double g1, i1 = pchip_eval(&t->iv[k + 1], v, &g1);
  *didv = (1 - f) * g0 + f * g1;
  return (1 - f) * i0 + f * i1;
}

/* ------------------------------------------------------------ state motion */

/* The time-at-bias function T_V (tb comment) at V: the pair of curves and
 * the weight, or 0 when V holds the state. */
typedef struct {
  const curve_t *a, *b;
  double w;     /* T = T_a^(1-w) T_b^w */
  double u_end; /* last u both measured */
} tfun_t;

static int tb_tfun(const table_t *t, double v, tfun_t *f) {
  int g = v < 0;
  int n = t->ncur[g];
  double m = fabs(v);
  if (n == 0 || m < fabs(t->cur[g][0].amp)) return 0;
  const curve_t *c = t->cur[g];
  if (m >= fabs(c[n - 1].amp)) {
    f->a = f->b = &c[n - 1];
    f->w = 0.0;
  } else {
    int k = 0;
    while (k + 1 < n && fabs(c[k + 1].amp) <= m) k++;
    f->a = &c[k];
    f->b = &c[k + 1];
    f->w = (m - fabs(c[k].amp)) / (fabs(c[k + 1].amp) - fabs(c[k].amp));
  }
  f->u_end = fmin(f->a->u_end, f->b->u_end);
  return 1;
}

static double curve_t_of(const curve_t *c, double u) {
  double d;
  if (u <= 0) return c->slope0 * u;
  return pchip_eval(&c->t, u, &d);
}

static double tf_eval(const tfun_t *f, double u) {
  if (f->w == 0.0) return curve_t_of(f->a, u);
  if (u <= 0) return u * exp((1 - f->w) * log(f->a->slope0) + f->w * log(f->b->slope0));
  double ta = curve_t_of(f->a, u), tb_ = curve_t_of(f->b, u);
  return exp((1 - f->w) * log(ta) + f->w * log(tb_));
}

/* u at which T_V reaches target, between lo and hi (T(lo) <= target <=
 * T(hi)): bisection to the last bit, the same answer for the same target. */
static double tf_solve(const tfun_t *f, double lo, double hi, double target) {
  for (int it = 0; it < 200; it++) {
    double m = 0.5 * (lo + hi);
    if (m <= lo || m >= hi) break;
    if (tf_eval(f, m) <= target) lo = m;
    else hi = m;
  }
  return lo;
}

static int tb_advance(const double *p, double *s, double v, double dt, const mxb_dev_rng_t *rng) {
  (void)rng;
  const table_t *t = tb(p);
  tfun_t f;
  if (!(dt > 0) || !tb_tfun(t, v, &f)) return MXB_OK;
  const curve_t *c = f.a;
  double u0 = c->dir * (s[S_L] - c->start);
  if (u0 >= f.u_end) return MXB_OK; /* beyond what the trains reached: holds */
  double target = tf_eval(&f, u0) + dt, u1;
  if (target >= tf_eval(&f, f.u_end)) u1 = f.u_end;
  else u1 = tf_solve(&f, u0, f.u_end, target);
  double l = c->start + c->dir * u1, top = t->nlev - 1;
  s[S_L] = l < 0 ? 0.0 : l > top ? top : l;
  return MXB_OK;
}

/* A step moves the level by at most a quarter (the current changes smoothly
 * for the network); advance() is exact, so this bounds only that. */
static double tb_step_limit(const double *p, const double *s, double v) {
  const table_t *t = tb(p);
  tfun_t f;
  if (!tb_tfun(t, v, &f)) return INFINITY;
  const curve_t *c = f.a;
  double u0 = c->dir * (s[S_L] - c->start);
  if (u0 >= f.u_end) return INFINITY;
  double h = tf_eval(&f, fmin(u0 + 0.25, f.u_end)) - tf_eval(&f, u0);
  return h > 0 ? h : 1e-300;
}

/* Below the smallest amplitude of either sign nothing moves. */
static int tb_exact_window(const double *p, const double *s, double *v_lo, double *v_hi) {
  (void)s;
  const table_t *t = tb(p);
  *v_hi = t->ncur[0] ? nextafter(t->cur[0][0].amp, 0.0) : INFINITY;
  *v_lo = t->ncur[1] ? nextafter(t->cur[1][0].amp, 0.0) : -INFINITY;
  return 1;
}

static int tb_exact_const(const double *p, const double *s, double v) {
  (void)p;
  (void)s;
  (void)v;
  return 1;
}

const mxb_device_class_t mxbi_class_iv_table = {
    .name = "iv_table",
    .doc = "Measured-table device: current against voltage per state level from a CSV "
           "(monotone piecewise-cubic in V, linear between levels), state motion from "
           "measured pulse trains (level after a time at bias per amplitude; log-time "
           "interpolation between amplitudes; holds below the smallest).",
    .n_params = NP,
    .params = params,
    .n_state = NS,
    .states = states,
    .init = tb_init,
    .current = tb_current,
    .advance = tb_advance,
    .step_limit = tb_step_limit,
    .exact_window = tb_exact_window,
    .exact_const = tb_exact_const,
    .data_load = tb_load,
    .data_free = tb_free,
    .data_check = tb_data_check,
};
