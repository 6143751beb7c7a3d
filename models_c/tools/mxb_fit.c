/* mxb_fit: calibrate chosen parameters of a device card of any class to
 * measured data, with GSL's nonlinear least squares (gsl_multifit_nlinear,
 * Levenberg-Marquardt trust region), and write a card whose every fitted
 * value says where it comes from (docs/devices.md "Calibration: mxb_fit").
 *
 *   mxb_fit PROTOCOL.json OUT.json
 *   mxb_fit --predict PROTOCOL.json CARD.json OUTDIR   (the card's currents under the
 *       protocol, written in the data files' format to OUTDIR, and their rms)
 *
 * The protocol (JSON; file names in it looked up like card names, from the
 * protocol's folder first):
 *   {"mxb_fit": 1,
 *    "card": "vteam.json",                 starting card (its values start the fit)
 *    "fit": {"r_on": {}, "k_off": {"min": 1e-6, "max": 1}},
 *                                          parameters to fit; optional min / max
 *                                          narrow the class's declared range
 *    "experiments": [
 *      {"type": "dc", "file": "sweep.csv", "step_s": 1e-3},
 *          rows voltage_V,current_A: the device held at each voltage in turn
 *          for step_s, the current read at its end (a quasi-static sweep)
 *      {"type": "pulses", "file": "train.csv", "v_read": 0.1},
 *          rows amplitude_V,width_s,current_A: each pulse in turn, then the
 *          current read at v_read (a read that does not disturb the state)
 *      {"type": "retention", "file": "ret.csv", "v_read": 0.1,
 *       "bias_V": 0, "prepare": {"amplitude_V": 1.5, "width_s": 1e-6}},
 *          rows time_s,current_A: after the prepare pulse (optional), the
 *          device held at bias_V (default 0), read at each time
 *    ]}
 * Each experiment starts from the card's initial state (the class's init, a
 * lone device of cell (0, 0, 0) in a context of seed 1). An experiment may
 * add "weight" (default 1) and "i_floor_A" (default 1e-3 of its largest
 * measured current).
 *
 * Residual of a point: weight (I_model - I_measured) / max(|I_measured|,
 * i_floor): relative errors, so decades of current weigh alike. The rms
 * error reported is sqrt(mean of the squared residuals) over every point,
 * at the fitted values, whatever the fit reached: a model that cannot
 * follow the data reports a large rms.
 *
 * Bounds: a fitted parameter p in [lo, hi] is p = lo + (hi - lo) s(z), s the
 * logistic function, or, where 0 < lo and hi / lo > 1000, log p = log lo +
 * log(hi / lo) s(z); the solver moves z freely, p never leaves its range.
 * A combination the class refuses (its check()) or a simulation that fails
 * costs a residual of 1e3 per point; a fit that ends on such values writes
 * no card and exits 1.
 *
 * Output: the starting card with each fitted parameter's value replaced, its
 * "source" "fit to <data files>, <protocol>, rms error <x>"; a report on
 * standard output. Exit status 0 after a fit (good or bad: read the rms), 1
 * on an error, with a message naming the file and the key. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <gsl/gsl_vector.h>
#include "mxb_internal.h"

#define FIT_MAX_PARAMS 32
#define FIT_MAX_EXP 64
#define FIT_PENALTY 1e3

enum { EXP_DC, EXP_PULSES, EXP_RET };

typedef struct {
  int type;
  char file[MXB_PATH_MAX], name[256];
  mxbi_csv_t csv;
  double step, v_read, bias, prep_a, prep_w, weight, floor;
  int prepare;
} exp_t;

typedef struct {
  mxb_ctx_t *ctx;
  mxb_device_t *dev;
  int np, nexp;
  int idx[FIT_MAX_PARAMS];
  const char *name[FIT_MAX_PARAMS];
  double lo[FIT_MAX_PARAMS], hi[FIT_MAX_PARAMS];
  int logp[FIT_MAX_PARAMS];
  exp_t exp[FIT_MAX_EXP];
  size_t npts;
  int bad_evals;
} fit_t;

static int die(const char *fmt, ...) MXBI_PRINTF(1, 2);
static int die(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("mxb_fit: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  return 1;
}

static double logistic(double z) { return 1.0 / (1.0 + exp(-z)); }

/* p from z, measured from the nearer bound (full precision at both ends of
 * a wide range: k_on in [-1e12, -1e-30]). */
static double to_param(const fit_t *f, int k, double z) {
  double lo = f->lo[k], hi = f->hi[k], s = logistic(z), t = logistic(-z), p;
  if (f->logp[k]) {
    double a = log(lo), b = log(hi);
    p = exp(s < 0.5 ? a + (b - a) * s : b - (b - a) * t);
  } else {
    p = s < 0.5 ? lo + (hi - lo) * s : hi - (hi - lo) * t;
  }
  return p < lo ? lo : p > hi ? hi : p;
}

static double to_z(const fit_t *f, int k, double p) {
  double lo = f->lo[k], hi = f->hi[k];
  if (f->logp[k]) {
    p = log(p);
    lo = log(lo);
    hi = log(hi);
  }
  double a = p - lo, b = hi - p, d = 1e-9 * (hi - lo);
  if (!(a > 0)) a = d; /* a start on a bound: just inside */
  if (!(b > 0)) b = d;
  return log(a / b);
}

/* Model currents of every point of experiment e into out (e's rows).
 * MXB_OK or the code of the failing call. */
static int simulate(mxb_ctx_t *ctx, const mxb_device_t *d, const exp_t *e, double *out) {
  const mxb_device_class_t *c = mxb_device_class(d);
  const double *p = mxb_device_params(d);
  double s[64], g;
  mxb_dev_rng_t rng;
  if (c->n_state > 64) return MXB_EINVAL;
  int rc = mxb_device_init_state(ctx, d, 0, 0, 0, s, 64, &rng);
  if (rc) return rc;
  const double *v = e->csv.v;
  if (e->type == EXP_RET && e->prepare &&
      (rc = mxb_device_integrate(ctx, d, s, e->prep_a, e->prep_w, &rng)))
    return rc;
  double t = 0;
  for (int r = 0; r < e->csv.nrow; r++) {
    const double *row = v + (size_t)r * (size_t)e->csv.ncol;
    if (e->type == EXP_DC) {
      if ((rc = mxb_device_integrate(ctx, d, s, row[0], e->step, &rng))) return rc;
      out[r] = c->current(p, s, row[0], &g);
    } else if (e->type == EXP_PULSES) {
      if ((rc = mxb_device_integrate(ctx, d, s, row[0], row[1], &rng))) return rc;
      out[r] = c->current(p, s, e->v_read, &g);
    } else {
      if ((rc = mxb_device_integrate(ctx, d, s, e->bias, row[0] - t, &rng))) return rc;
      t = row[0];
      out[r] = c->current(p, s, e->v_read, &g);
    }
  }
  return MXB_OK;
}

static double measured(const exp_t *e, int r) {
  return e->csv.v[(size_t)r * (size_t)e->csv.ncol + (size_t)(e->csv.ncol - 1)];
}

/* Residuals at the parameters in dev (already set). */
static int residuals(fit_t *f, gsl_vector *res) {
  size_t k = 0;
  int ok = 1;
  for (int x = 0; x < f->nexp; x++) {
    exp_t *e = &f->exp[x];
    double *out = malloc((size_t)e->csv.nrow * sizeof *out);
    if (!out) return GSL_ENOMEM;
    if (ok && simulate(f->ctx, f->dev, e, out) != MXB_OK) ok = 0;
    for (int r = 0; r < e->csv.nrow; r++, k++) {
      double m = measured(e, r), sc = fmax(fabs(m), e->floor);
      double q = ok ? e->weight * (out[r] - m) / sc : FIT_PENALTY;
      gsl_vector_set(res, k, isfinite(q) ? q : FIT_PENALTY);
    }
    free(out);
  }
  if (!ok) f->bad_evals++;
  return GSL_SUCCESS;
}

static int set_all(fit_t *f, const gsl_vector *z) {
  for (int k = 0; k < f->np; k++)
    if (mxb_device_set(f->ctx, f->dev, f->name[k], to_param(f, k, gsl_vector_get(z, k))))
      return 1;
  return 0;
}

static int fit_f(const gsl_vector *z, void *data, gsl_vector *res) {
  fit_t *f = data;
  if (set_all(f, z)) { /* the class refuses the combination */
    f->bad_evals++;
    gsl_vector_set_all(res, FIT_PENALTY);
    return GSL_SUCCESS;
  }
  return residuals(f, res);
}

/* ------------------------------------------------------------- protocol */

static cJSON *read_json(const char *path) {
  FILE *fp = fopen(path, "rb");
  if (!fp) {
    die("%s: cannot open: %s", path, strerror(errno));
    return NULL;
  }
  char *buf = NULL;
  size_t n = 0, cap = 0;
  for (;;) {
    if (n + 4096 + 1 > cap) {
      cap = cap ? 2 * cap : 8192;
      char *nb = realloc(buf, cap);
      if (!nb) {
        free(buf);
        fclose(fp);
        die("%s: out of memory", path);
        return NULL;
      }
      buf = nb;
    }
    size_t got = fread(buf + n, 1, 4096, fp);
    n += got;
    if (got < 4096) break;
  }
  fclose(fp);
  buf[n] = '\0';
  const char *err = NULL;
  cJSON *j = cJSON_ParseWithOpts(buf, &err, 1);
  if (!j) {
    int line = 1;
    for (const char *q = buf; err && q < err; q++) line += *q == '\n';
    die("%s:%d: not valid JSON", path, line);
  } else if (!cJSON_IsObject(j)) {
    die("%s: a protocol must be a JSON object", path);
    cJSON_Delete(j);
    j = NULL;
  }
  free(buf);
  return j;
}

/* A number member (required when req; else def). */
static int num(mxb_ctx_t *ctx, const cJSON *o, const char *path, const char *where,
               const char *key, int req, double def, double *out) {
  const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, key);
  if (!it) {
    if (req) return mxbi_error(ctx, MXB_EMISSING, "%s: %s.%s: required key missing", path, where, key);
    *out = def;
    return MXB_OK;
  }
  if (!cJSON_IsNumber(it) || !isfinite(it->valuedouble))
    return mxbi_error(ctx, MXB_ETYPE, "%s: %s.%s must be a finite number", path, where, key);
  *out = it->valuedouble;
  return MXB_OK;
}

/* predict: the card to run the protocol on instead of its own (NULL: the
 * protocol's card); "fit" is then not read. */
static int load_protocol(fit_t *f, const char *path, const cJSON *j, char *card_path, size_t n,
                         const char *predict) {
  mxb_ctx_t *ctx = f->ctx;
  static const char *const top[] = {"mxb_fit", "card", "fit", "experiments", "doc", NULL};
  static const char *const ek[] = {"type", "file", "step_s", "v_read", "bias_V", "prepare",
                                   "weight", "i_floor_A", "note", NULL};
  static const char *const pk[] = {"min", "max", NULL};
  static const char *const prk[] = {"amplitude_V", "width_s", NULL};
  int rc = mxbi_card_check_keys(ctx, j, path, "", top);
  if (rc) return rc;
  const cJSON *ver = cJSON_GetObjectItemCaseSensitive(j, "mxb_fit");
  if (!ver) return mxbi_error(ctx, MXB_EMISSING, "%s: mxb_fit: required key missing (format "
                              "version, 1)", path);
  if (!cJSON_IsNumber(ver) || ver->valuedouble != 1)
    return mxbi_error(ctx, MXB_ERANGE, "%s: mxb_fit: format version must be 1", path);
  const char *card = NULL;
  if ((rc = mxbi_card_string(ctx, j, path, "card", &card))) return rc;
  if (predict) {
    if ((rc = mxb_card_find(ctx, predict, NULL, card_path, n))) return rc;
  } else if ((rc = mxb_card_find(ctx, card, path, card_path, n))) {
    return mxbi_error_where(ctx, path);
  }
  f->dev = mxb_device_load(ctx, card_path, NULL);
  if (!f->dev) return mxb_ctx_errcode(ctx);
  const mxb_device_class_t *c = mxb_device_class(f->dev);
  const cJSON *fit = predict ? NULL : cJSON_GetObjectItemCaseSensitive(j, "fit"), *it;
  if (!fit && !predict) return mxbi_error(ctx, MXB_EMISSING, "%s: fit: required key missing", path);
  if (!predict && (!cJSON_IsObject(fit) || !cJSON_GetArraySize(fit)))
    return mxbi_error(ctx, MXB_ETYPE, "%s: fit must be an object naming at least one "
                      "parameter: {\"r_on\": {}, \"k_off\": {\"min\": 1e-6, \"max\": 1}}", path);
  cJSON_ArrayForEach(it, fit) {
    char where[160];
    snprintf(where, sizeof where, "fit.%s", it->string);
    int i = mxb_device_class_param(c, it->string);
    if (i < 0)
      return mxbi_error(ctx, MXB_EKEY, "%s: %s: class '%s' has no parameter '%s'", path, where,
                        c->name, it->string);
    if (f->np == FIT_MAX_PARAMS)
      return mxbi_error(ctx, MXB_ERANGE, "%s: %s: at most %d parameters", path, where,
                        FIT_MAX_PARAMS);
    if (!cJSON_IsObject(it))
      return mxbi_error(ctx, MXB_ETYPE, "%s: %s must be an object ({} or min / max)", path, where);
    if ((rc = mxbi_card_check_keys(ctx, it, path, where, pk))) return rc;
    const mxb_param_def_t *pd = &c->params[i];
    int k = f->np++;
    f->idx[k] = i;
    f->name[k] = pd->name;
    if ((rc = num(ctx, it, path, where, "min", 0, pd->min, &f->lo[k])) ||
        (rc = num(ctx, it, path, where, "max", 0, pd->max, &f->hi[k])))
      return rc;
    if (f->lo[k] < pd->min || f->hi[k] > pd->max || !(f->lo[k] < f->hi[k]))
      return mxbi_error(ctx, MXB_ERANGE, "%s: %s: [%g, %g] %s must be a range inside the class's "
                        "[%g, %g] %s", path, where, f->lo[k], f->hi[k], pd->unit, pd->min,
                        pd->max, pd->unit);
    double p0 = mxb_device_params(f->dev)[i];
    if (p0 < f->lo[k] || p0 > f->hi[k])
      return mxbi_error(ctx, MXB_ERANGE, "%s: %s: the card's value %g %s is outside [%g, %g] %s",
                        path, where, p0, pd->unit, f->lo[k], f->hi[k], pd->unit);
    f->logp[k] = f->lo[k] > 0 && f->hi[k] / f->lo[k] > 1000;
  }
  const cJSON *ex = cJSON_GetObjectItemCaseSensitive(j, "experiments");
  if (!ex) return mxbi_error(ctx, MXB_EMISSING, "%s: experiments: required key missing", path);
  if (!cJSON_IsArray(ex) || !cJSON_GetArraySize(ex))
    return mxbi_error(ctx, MXB_ETYPE, "%s: experiments must be a non-empty array", path);
  cJSON_ArrayForEach(it, ex) {
    char where[64];
    snprintf(where, sizeof where, "experiments[%d]", f->nexp);
    if (f->nexp == FIT_MAX_EXP)
      return mxbi_error(ctx, MXB_ERANGE, "%s: %s: at most %d experiments", path, where,
                        FIT_MAX_EXP);
    if (!cJSON_IsObject(it))
      return mxbi_error(ctx, MXB_ETYPE, "%s: %s must be an object", path, where);
    if ((rc = mxbi_card_check_keys(ctx, it, path, where, ek))) return rc;
    exp_t *e = &f->exp[f->nexp++];
    const cJSON *ty = cJSON_GetObjectItemCaseSensitive(it, "type");
    const cJSON *fi = cJSON_GetObjectItemCaseSensitive(it, "file");
    if (!cJSON_IsString(ty))
      return mxbi_error(ctx, MXB_EMISSING, "%s: %s.type: required string (dc, pulses, "
                        "retention)", path, where);
    if (!cJSON_IsString(fi))
      return mxbi_error(ctx, MXB_EMISSING, "%s: %s.file: required string (a CSV file)", path,
                        where);
    const char *header;
    if (!strcmp(ty->valuestring, "dc")) {
      e->type = EXP_DC;
      header = "voltage_V,current_A";
      if ((rc = num(ctx, it, path, where, "step_s", 1, 0, &e->step))) return rc;
      if (!(e->step >= 0))
        return mxbi_error(ctx, MXB_ERANGE, "%s: %s.step_s must be >= 0", path, where);
    } else if (!strcmp(ty->valuestring, "pulses")) {
      e->type = EXP_PULSES;
      header = "amplitude_V,width_s,current_A";
      if ((rc = num(ctx, it, path, where, "v_read", 1, 0, &e->v_read))) return rc;
    } else if (!strcmp(ty->valuestring, "retention")) {
      e->type = EXP_RET;
      header = "time_s,current_A";
      if ((rc = num(ctx, it, path, where, "v_read", 1, 0, &e->v_read)) ||
          (rc = num(ctx, it, path, where, "bias_V", 0, 0, &e->bias)))
        return rc;
      const cJSON *pr = cJSON_GetObjectItemCaseSensitive(it, "prepare");
      if (pr) {
        char w2[96];
        snprintf(w2, sizeof w2, "%s.prepare", where);
        if (!cJSON_IsObject(pr))
          return mxbi_error(ctx, MXB_ETYPE, "%s: %s must be an object", path, w2);
        if ((rc = mxbi_card_check_keys(ctx, pr, path, w2, prk)) ||
            (rc = num(ctx, pr, path, w2, "amplitude_V", 1, 0, &e->prep_a)) ||
            (rc = num(ctx, pr, path, w2, "width_s", 1, 0, &e->prep_w)))
          return rc;
        e->prepare = 1;
      }
    } else {
      return mxbi_error(ctx, MXB_EKEY, "%s: %s.type: '%s' is not dc, pulses or retention", path,
                        where, ty->valuestring);
    }
    if (e->type != EXP_RET && cJSON_GetObjectItemCaseSensitive(it, "prepare"))
      return mxbi_error(ctx, MXB_EKEY, "%s: %s.prepare: only a retention experiment has one",
                        path, where);
    if ((rc = num(ctx, it, path, where, "weight", 0, 1.0, &e->weight))) return rc;
    if (!(e->weight > 0))
      return mxbi_error(ctx, MXB_ERANGE, "%s: %s.weight must be > 0", path, where);
    if ((rc = mxb_card_find(ctx, fi->valuestring, path, e->file, sizeof e->file)))
      return mxbi_error_where(ctx, path);
    snprintf(e->name, sizeof e->name, "%s", fi->valuestring);
    if ((rc = mxbi_csv_read(ctx, e->file, header, e->type == EXP_PULSES ? 3 : 2, &e->csv)))
      return rc;
    double imax = 0, tprev = 0;
    for (int r = 0; r < e->csv.nrow; r++) {
      imax = fmax(imax, fabs(measured(e, r)));
      const double *row = e->csv.v + (size_t)r * (size_t)e->csv.ncol;
      if (e->type == EXP_PULSES && !(row[1] >= 0))
        return mxbi_error(ctx, MXB_ERANGE, "%s:%d: column 'width_s': %g s is negative", e->file,
                          e->csv.line[r], row[1]);
      if (e->type == EXP_RET && !(row[0] >= tprev))
        return mxbi_error(ctx, MXB_ERANGE, "%s:%d: column 'time_s': %g s is before %g s (times "
                          "must not decrease)", e->file, e->csv.line[r], row[0], tprev);
      if (e->type == EXP_RET) tprev = row[0];
    }
    if ((rc = num(ctx, it, path, where, "i_floor_A", 0, 1e-3 * imax, &e->floor))) return rc;
    if (!(e->floor > 0))
      return mxbi_error(ctx, MXB_ERANGE, "%s: %s.i_floor_A must be > 0 (all measured currents "
                        "are 0: give it)", path, where);
    f->npts += (size_t)e->csv.nrow;
  }
  if (f->npts < (size_t)f->np)
    return mxbi_error(ctx, MXB_ERANGE, "%s: %zu data points for %d parameters", path, f->npts,
                      f->np);
  return MXB_OK;
}

/* ------------------------------------------------------------------ main */

static int write_card(const char *card_path, const char *out, const fit_t *f, const char *src) {
  cJSON *j = read_json(card_path);
  if (!j) return 1;
  cJSON *params = cJSON_GetObjectItemCaseSensitive(j, "params");
  if (!params) params = cJSON_AddObjectToObject(j, "params");
  const mxb_device_class_t *c = mxb_device_class(f->dev);
  for (int k = 0; k < f->np; k++) {
    cJSON *q = cJSON_CreateObject();
    cJSON_AddNumberToObject(q, "value", mxb_device_params(f->dev)[f->idx[k]]);
    cJSON_AddStringToObject(q, "unit", c->params[f->idx[k]].unit);
    cJSON_AddStringToObject(q, "source", src);
    if (cJSON_GetObjectItemCaseSensitive(params, f->name[k]))
      cJSON_ReplaceItemInObjectCaseSensitive(params, f->name[k], q);
    else
      cJSON_AddItemToObject(params, f->name[k], q);
  }
  char *text = cJSON_Print(j);
  cJSON_Delete(j);
  FILE *fp = text ? fopen(out, "w") : NULL;
  int bad = !fp || fputs(text, fp) < 0 || fputc('\n', fp) < 0;
  if (fp && fclose(fp)) bad = 1;
  free(text);
  return bad ? die("%s: cannot write the fitted card", out) : 0;
}

/* --predict: each experiment's currents as the card gives them, written to
 * outdir/<data file name> in the data file's columns, and the rms against
 * the measured data. */
static int predict(fit_t *f, const char *card, const char *outdir) {
  double ss = 0;
  for (int x = 0; x < f->nexp; x++) {
    exp_t *e = &f->exp[x];
    double *out = malloc((size_t)e->csv.nrow * sizeof *out);
    if (!out) return die("out of memory");
    if (simulate(f->ctx, f->dev, e, out)) {
      free(out);
      return die("%s: %s", card, mxb_ctx_errmsg(f->ctx));
    }
    const char *base = strrchr(e->name, '/') ? strrchr(e->name, '/') + 1 : e->name;
    char path[MXB_PATH_MAX + 256];
    snprintf(path, sizeof path, "%s/%s", outdir, base);
    FILE *fp = fopen(path, "w");
    if (!fp) {
      free(out);
      return die("%s: cannot write: %s", path, strerror(errno));
    }
    static const char *const hdr[] = {"voltage_V,current_A", "amplitude_V,width_s,current_A",
                                      "time_s,current_A"};
    fprintf(fp, "# %s under the protocol's experiment on %s (mxb_fit --predict)\n%s\n", card,
            e->name, hdr[e->type]);
    for (int r = 0; r < e->csv.nrow; r++) {
      const double *row = e->csv.v + (size_t)r * (size_t)e->csv.ncol;
      for (int c = 0; c < e->csv.ncol - 1; c++) fprintf(fp, "%.17g,", row[c]);
      fprintf(fp, "%.17g\n", out[r]);
      double m = measured(e, r), q = e->weight * (out[r] - m) / fmax(fabs(m), e->floor);
      ss += q * q;
    }
    fclose(fp);
    free(out);
    printf("  wrote %s\n", path);
  }
  printf("  rms error %.6g (relative) of %s against the protocol's data\n",
         sqrt(ss / (double)f->npts), card);
  return 0;
}

static void fit_free(fit_t *f) {
  for (int x = 0; x < f->nexp; x++) mxbi_csv_free(&f->exp[x].csv);
  mxb_device_free(f->dev);
  mxb_ctx_free(f->ctx);
}

int main(int argc, char **argv) {
  int pred = argc == 5 && strcmp(argv[1], "--predict") == 0;
  if (argc != 3 && !pred) {
    fprintf(stderr, "usage: mxb_fit PROTOCOL.json OUT.json\n"
                    "       mxb_fit --predict PROTOCOL.json CARD.json OUTDIR\n"
                    "(docs/devices.md, \"Calibration: mxb_fit\")\n");
    return 2;
  }
  const char *proto = argv[pred ? 2 : 1];
  fit_t f;
  memset(&f, 0, sizeof f);
  f.ctx = mxb_ctx_new(1);
  if (!f.ctx) return die("out of memory");
  cJSON *j = read_json(proto);
  if (!j) {
    fit_free(&f);
    return 1;
  }
  char card_path[MXB_PATH_MAX];
  int rc = load_protocol(&f, proto, j, card_path, sizeof card_path, pred ? argv[3] : NULL);
  cJSON_Delete(j);
  if (rc) {
    die("%s", mxb_ctx_errmsg(f.ctx));
    fit_free(&f);
    return 1;
  }
  if (pred) {
    printf("mxb_fit --predict: %s (class %s) under %s\n", card_path,
           mxb_device_class(f.dev)->name, proto);
    rc = predict(&f, card_path, argv[4]);
    fit_free(&f);
    return rc;
  }

  gsl_set_error_handler_off();
  size_t n = f.npts, p = (size_t)f.np;
  gsl_vector *z = gsl_vector_alloc(p);
  double start[FIT_MAX_PARAMS];
  for (int k = 0; k < f.np; k++) {
    start[k] = mxb_device_params(f.dev)[f.idx[k]];
    gsl_vector_set(z, (size_t)k, to_z(&f, k, start[k]));
  }
  gsl_multifit_nlinear_parameters fp = gsl_multifit_nlinear_default_parameters();
  fp.h_df = 1e-6; /* simulations sub-step: a difference step above their rounding */
  gsl_multifit_nlinear_fdf fdf = {fit_f, NULL, NULL, n, p, &f, 0, 0, 0};
  gsl_multifit_nlinear_workspace *w =
      gsl_multifit_nlinear_alloc(gsl_multifit_nlinear_trust, &fp, n, p);
  int info = 0;
  gsl_vector *res = gsl_vector_alloc(n);
  double ss;
  fit_f(z, &f, res);
  gsl_blas_ddot(res, res, &ss);
  double rms0 = sqrt(ss / (double)n);
  int status = gsl_multifit_nlinear_init(z, &fdf, w);
  if (status == GSL_SUCCESS)
    status = gsl_multifit_nlinear_driver(200, 1e-10, 1e-10, 0.0, NULL, NULL, &info, w);
  /* the rms at the values written, evaluated afresh */
  int bad_before = f.bad_evals;
  fit_f(w->x, &f, res);
  int refused = f.bad_evals > bad_before;
  gsl_blas_ddot(res, res, &ss);
  double rms = sqrt(ss / (double)n);

  char files[1024] = "";
  for (int x = 0; x < f.nexp; x++) {
    size_t used = strlen(files);
    snprintf(files + used, sizeof files - used, "%s%s", x ? " + " : "", f.exp[x].name);
  }
  const char *pbase = strrchr(proto, '/') ? strrchr(proto, '/') + 1 : proto;
  char src[2048];
  snprintf(src, sizeof src, "fit to %s, %s, rms error %.4g (relative, %zu points, %zu "
           "iterations)", files, pbase, rms, n, gsl_multifit_nlinear_niter(w));
  printf("mxb_fit: %s: class %s, %d parameters, %zu points from %d experiments\n", card_path,
         mxb_device_class(f.dev)->name, f.np, n, f.nexp);
  for (int k = 0; k < f.np; k++)
    printf("  %-12s %-14.8g -> %.8g %s\n", f.name[k], start[k],
           mxb_device_params(f.dev)[f.idx[k]], mxb_device_class(f.dev)->params[f.idx[k]].unit);
  printf("  rms error %.6g (relative; %.6g at the start), %zu iterations, %s%s\n", rms, rms0,
         gsl_multifit_nlinear_niter(w),
         status == GSL_SUCCESS ? "converged" : gsl_strerror(status),
         refused ? "; the values reached fail the class's check or the simulation" : "");
  int out = refused ? die("the fit ended on values the model refuses; no card written")
                    : write_card(card_path, argv[2], &f, src);
  if (!out) printf("  wrote %s\n", argv[2]);
  gsl_vector_free(res);
  gsl_vector_free(z);
  gsl_multifit_nlinear_free(w);
  fit_free(&f);
  return out;
}
