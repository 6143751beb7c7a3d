/* mxbar: the device-class registry and device models (class + values). */
#include <math.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mxb_internal.h"

#define MXB_CLASS(name) extern const mxb_device_class_t mxbi_class_##name;
#include "mxb_classes.def"
#undef MXB_CLASS

static const mxb_device_class_t *const classes[] = {
#define MXB_CLASS(name) &mxbi_class_##name,
#include "mxb_classes.def"
#undef MXB_CLASS
    NULL};

/* Sub-steps one integrate call may take before it reports a stiff model. */
#define MXB_MAX_SUBSTEPS 50000000L

/* Per-model data of a class with data_load (device.h), shared by clones. */
typedef struct {
  atomic_long ref;
  void *data;
  void (*free)(void *);
} shared_data_t;

/* The parameter vector lives in a block behind a pointer to the model's
 * data, so a class function given p finds its data (mxbi_device_data). */
typedef struct {
  shared_data_t *sd;
  double par[];
} par_block_t;

const void *mxbi_device_data(const double *p) {
  const par_block_t *b = (const par_block_t *)(const void *)((const char *)p -
                                                             offsetof(par_block_t, par));
  return b->sd ? b->sd->data : NULL;
}

static par_block_t *block_of(double *p) {
  return (par_block_t *)(void *)((char *)p - offsetof(par_block_t, par));
}

static void shared_release(shared_data_t *sd) {
  if (sd && atomic_fetch_sub(&sd->ref, 1) == 1) {
    if (sd->free) sd->free(sd->data);
    free(sd);
  }
}

static int check_class(mxb_ctx_t *ctx, const mxb_device_t *d, const char *where);
static int load_data(mxb_ctx_t *ctx, mxb_device_t *d, const cJSON *data, const char *card);

struct mxb_device_s {
  const mxb_device_class_t *cls;
  double *par; /* par_block_t.par */
  char **source; /* per parameter: NULL = class provenance */
  char *origin;
};

const mxb_device_class_t *const *mxb_device_classes(void) { return classes; }

const mxb_device_class_t *mxb_device_class_find(const char *name) {
  if (!name) return NULL;
  for (size_t i = 0; classes[i]; i++)
    if (strcmp(classes[i]->name, name) == 0) return classes[i];
  return NULL;
}

int mxb_device_class_param(const mxb_device_class_t *cls, const char *name) {
  if (!cls || !name) return -1;
  for (size_t i = 0; i < cls->n_params; i++)
    if (strcmp(cls->params[i].name, name) == 0) return (int)i;
  return -1;
}

int mxb_device_class_state(const mxb_device_class_t *cls, const char *name) {
  if (!cls || !name) return -1;
  for (size_t i = 0; i < cls->n_state; i++)
    if (strcmp(cls->states[i].name, name) == 0) return (int)i;
  return -1;
}

int mxbi_state_check(mxb_ctx_t *ctx, const mxb_device_class_t *cls, const double *s,
                     size_t n, const char *where) {
  for (size_t i = 0; i < n && i < cls->n_state; i++) {
    const mxb_state_def_t *d = &cls->states[i];
    if (!mxbi_finite(s[i]))
      return mxbi_error(ctx, MXB_ENAN, "%s: state '%s' of class '%s' = %g is not finite", where,
                        d->name, cls->name, s[i]);
    if (!(s[i] >= d->min && s[i] <= d->max))
      return mxbi_error(ctx, MXB_ERANGE,
                        "%s: state '%s' of class '%s' = %g %s is out of range [%g, %g] %s", where,
                        d->name, cls->name, s[i], d->unit, d->min, d->max, d->unit);
  }
  return MXB_OK;
}

static char *dup_str(const char *s) {
  size_t n = strlen(s) + 1;
  char *d = malloc(n);
  if (d) memcpy(d, s, n);
  return d;
}

static mxb_device_t *device_alloc(mxb_ctx_t *ctx, const mxb_device_class_t *cls,
                                  const char *origin) {
  mxb_device_t *d = calloc(1, sizeof *d);
  if (d) {
    d->cls = cls;
    par_block_t *b = calloc(1, sizeof *b + (cls->n_params ? cls->n_params : 1) * sizeof(double));
    d->par = b ? b->par : NULL;
    d->source = calloc(cls->n_params ? cls->n_params : 1, sizeof *d->source);
    d->origin = dup_str(origin);
  }
  if (!d || !d->par || !d->source || !d->origin) {
    mxb_device_free(d);
    mxbi_error(ctx, MXB_ENOMEM, "out of memory creating a '%s' device", cls->name);
    return NULL;
  }
  for (size_t i = 0; i < cls->n_params; i++) d->par[i] = cls->params[i].def;
  return d;
}

mxb_device_t *mxb_device_new(mxb_ctx_t *ctx, const char *class_name) {
  const mxb_device_class_t *cls = mxb_device_class_find(class_name);
  if (!cls) {
    mxbi_error(ctx, MXB_ECLASS, "unknown device class '%s'",
               class_name ? class_name : "(null)");
    return NULL;
  }
  char origin[128];
  snprintf(origin, sizeof origin, "<%s>", cls->name);
  mxb_device_t *d = device_alloc(ctx, cls, origin);
  if (d && (load_data(ctx, d, NULL, origin) || check_class(ctx, d, origin))) {
    mxb_device_free(d);
    return NULL;
  }
  return d;
}

mxb_device_t *mxb_device_clone(mxb_ctx_t *ctx, const mxb_device_t *dev) {
  if (!dev) {
    mxbi_error(ctx, MXB_EINVAL, "mxb_device_clone: NULL device");
    return NULL;
  }
  mxb_device_t *d = device_alloc(ctx, dev->cls, dev->origin);
  if (!d) return NULL;
  shared_data_t *sd = block_of(dev->par)->sd;
  if (sd) {
    atomic_fetch_add(&sd->ref, 1);
    block_of(d->par)->sd = sd;
  }
  for (size_t i = 0; i < dev->cls->n_params; i++) {
    d->par[i] = dev->par[i];
    if (dev->source[i] && !(d->source[i] = dup_str(dev->source[i]))) {
      mxb_device_free(d);
      mxbi_error(ctx, MXB_ENOMEM, "out of memory cloning a device");
      return NULL;
    }
  }
  return d;
}

void mxb_device_free(mxb_device_t *dev) {
  if (!dev) return;
  if (dev->source)
    for (size_t i = 0; i < dev->cls->n_params; i++) free(dev->source[i]);
  free(dev->source);
  if (dev->par) {
    par_block_t *b = block_of(dev->par);
    shared_release(b->sd);
    free(b);
  }
  free(dev->origin);
  free(dev);
}

const mxb_device_class_t *mxb_device_class(const mxb_device_t *dev) {
  return dev ? dev->cls : NULL;
}
const double *mxb_device_params(const mxb_device_t *dev) {
  return dev ? dev->par : NULL;
}
const char *mxb_device_origin(const mxb_device_t *dev) {
  return dev ? dev->origin : "(null)";
}

const char *mxb_device_provenance(const mxb_device_t *dev, const char *key) {
  int i = dev ? mxb_device_class_param(dev->cls, key) : -1;
  if (i < 0) return NULL;
  return dev->source[i] ? dev->source[i] : dev->cls->params[i].provenance;
}

/* Range check of one value; the message names `where` (file and key). */
static int check_value(mxb_ctx_t *ctx, const mxb_param_def_t *pd, double v,
                       const char *where) {
  if (!mxbi_finite(v))
    return mxbi_error(ctx, MXB_ENAN, "%s: %s must be a finite number", where,
                      pd->name);
  if (v < pd->min || v > pd->max)
    return mxbi_error(ctx, MXB_ERANGE,
                      "%s: %s = %g %s is out of range [%g, %g] %s", where,
                      pd->name, v, pd->unit, pd->min, pd->max, pd->unit);
  return MXB_OK;
}

static int check_class(mxb_ctx_t *ctx, const mxb_device_t *d, const char *where) {
  char msg[256] = "";
  int rc = d->cls->check ? d->cls->check(d->par, msg, sizeof msg) : MXB_OK;
  if (rc == MXB_OK && d->cls->data_check && mxbi_device_data(d->par))
    rc = d->cls->data_check(mxbi_device_data(d->par), d->par, msg, sizeof msg);
  if (rc != MXB_OK)
    return mxbi_error(ctx, rc, "%s: %s", where,
                      msg[0] ? msg : "inconsistent parameters");
  return MXB_OK;
}

/* Load the per-model data of a class with data_load (device.h) from the
 * card's "data" object (NULL: the class's default data). */
static int load_data(mxb_ctx_t *ctx, mxb_device_t *d, const cJSON *data, const char *card) {
  if (!d->cls->data_load) {
    if (data)
      return mxbi_error(ctx, MXB_EKEY, "%s: data: class '%s' takes no data (only params)", card,
                        d->cls->name);
    return MXB_OK;
  }
  shared_data_t *sd = calloc(1, sizeof *sd);
  if (!sd) return mxbi_error(ctx, MXB_ENOMEM, "%s: out of memory loading data", card);
  int rc = d->cls->data_load(ctx, data, card, &sd->data);
  if (rc != MXB_OK) {
    free(sd);
    return rc;
  }
  atomic_init(&sd->ref, 1);
  sd->free = d->cls->data_free;
  block_of(d->par)->sd = sd;
  return MXB_OK;
}

/* Set parameter i to v with source text src (NULL: class default), checked. */
static int set_param(mxb_ctx_t *ctx, mxb_device_t *d, int i, double v,
                     const char *src, const char *where) {
  int rc = check_value(ctx, &d->cls->params[i], v, where);
  if (rc) return rc;
  char *s = NULL;
  if (src && !(s = dup_str(src)))
    return mxbi_error(ctx, MXB_ENOMEM, "out of memory");
  free(d->source[i]);
  d->source[i] = s;
  d->par[i] = v;
  return MXB_OK;
}

int mxb_device_set(mxb_ctx_t *ctx, mxb_device_t *dev, const char *key,
                   double value) {
  mxb_api_check(ctx, dev && key, MXB_EINVAL, "mxb_device_set: NULL argument");
  int i = mxb_device_class_param(dev->cls, key);
  if (i < 0)
    return mxbi_error(ctx, MXB_EKEY, "%s: class '%s' has no parameter '%s'",
                      dev->origin, dev->cls->name, key);
  double old = dev->par[i];
  char *old_src = dev->source[i];
  dev->source[i] = NULL;
  int rc = set_param(ctx, dev, i, value, "set by caller", dev->origin);
  if (rc == MXB_OK) rc = check_class(ctx, dev, dev->origin);
  if (rc != MXB_OK) { /* leave the model as it was */
    free(dev->source[i]);
    dev->source[i] = old_src;
    dev->par[i] = old;
    return rc;
  }
  free(old_src);
  return MXB_OK;
}

int mxb_device_get(mxb_ctx_t *ctx, const mxb_device_t *dev, const char *key,
                   double *value) {
  mxb_api_check(ctx, dev && key && value, MXB_EINVAL,
                "mxb_device_get: NULL argument");
  int i = mxb_device_class_param(dev->cls, key);
  if (i < 0)
    return mxbi_error(ctx, MXB_EKEY, "%s: class '%s' has no parameter '%s'",
                      dev->origin, dev->cls->name, key);
  *value = dev->par[i];
  return MXB_OK;
}

mxb_device_t *mxbi_device_from_json(mxb_ctx_t *ctx, const cJSON *card,
                                    const char *path, mxbi_ovr_t *ovr,
                                    const char *prefix) {
  static const char *const root_keys[] = {"mxb_card", "kind", "class", "title",
                                          "doc", "params", "data", NULL};
  static const char *const q_keys[] = {"value", "unit", "source", "note", NULL};
  const char *kind = NULL, *cname = NULL;
  if (mxbi_card_check_keys(ctx, card, path, "", root_keys) ||
      mxbi_card_string(ctx, card, path, "kind", &kind) ||
      mxbi_card_string(ctx, card, path, "class", &cname))
    return NULL;
  if (strcmp(kind, "device") != 0) {
    mxbi_error(ctx, MXB_EPARSE, "%s: kind is '%s' where a device card is needed",
               path, kind);
    return NULL;
  }
  const mxb_device_class_t *cls = mxb_device_class_find(cname);
  if (!cls) {
    mxbi_error(ctx, MXB_ECLASS, "%s: class: unknown device class '%s'", path,
               cname);
    return NULL;
  }
  mxb_device_t *d = device_alloc(ctx, cls, path);
  if (!d) return NULL;
  const cJSON *params = cJSON_GetObjectItemCaseSensitive(card, "params");
  if (params && !cJSON_IsObject(params)) {
    mxbi_error(ctx, MXB_ETYPE, "%s: params must be an object", path);
    goto fail;
  }
  const cJSON *item;
  cJSON_ArrayForEach(item, params) {
    char where[160];
    snprintf(where, sizeof where, "params.%s", item->string);
    int i = mxb_device_class_param(cls, item->string);
    if (i < 0) {
      mxbi_error(ctx, MXB_EKEY, "%s: %s: class '%s' has no parameter '%s'",
                 path, where, cls->name, item->string);
      goto fail;
    }
    if (!cJSON_IsObject(item)) {
      mxbi_error(ctx, MXB_ETYPE,
                 "%s: %s must be an object {\"value\", \"unit\", \"source\"}",
                 path, where);
      goto fail;
    }
    if (mxbi_card_check_keys(ctx, item, path, where, q_keys)) goto fail;
    const mxb_param_def_t *pd = &cls->params[i];
    double v;
    const char *src;
    /* quantity() checks type, unit, source and range with file+key named */
    if (mxbi_card_quantity(ctx, params, path, item->string, pd->unit, pd->min,
                           pd->max, &v, &src) ||
        set_param(ctx, d, i, v, src, path))
      goto fail;
  }
  for (size_t i = 0; i < cls->n_params; i++) {
    mxbi_ovr_item_t *o = mxbi_ovr_take(ovr, prefix, cls->params[i].name);
    if (!o) continue;
    char where[MXB_PATH_MAX + 160];
    snprintf(where, sizeof where, "%s: override '%s%s'", path, prefix, o->key + strlen(prefix));
    if (set_param(ctx, d, (int)i, o->value, "override", where)) goto fail;
  }
  if (load_data(ctx, d, cJSON_GetObjectItemCaseSensitive(card, "data"), path) ||
      check_class(ctx, d, path))
    goto fail;
  return d;
fail:
  mxb_device_free(d);
  return NULL;
}

mxb_device_t *mxb_device_load(mxb_ctx_t *ctx, const char *path,
                              const char *overrides) {
  if (!path) {
    mxbi_error(ctx, MXB_EINVAL, "mxb_device_load: NULL path");
    return NULL;
  }
  mxbi_ovr_t ovr = {0};
  if (mxbi_ovr_parse(ctx, overrides, &ovr)) {
    mxbi_error_where(ctx, path);
    return NULL;
  }
  mxb_device_t *d = NULL;
  char found[MXB_PATH_MAX]; /* card.h "Finding a card" */
  cJSON *card = mxbi_card_open(ctx, path, NULL, found, sizeof found);
  if (card) d = mxbi_device_from_json(ctx, card, found, &ovr, "");
  if (d && mxbi_ovr_check_used(ctx, &ovr, found)) {
    mxb_device_free(d);
    d = NULL;
  }
  cJSON_Delete(card);
  mxbi_ovr_free(&ovr);
  return d;
}

int mxb_device_integrate(mxb_ctx_t *ctx, const mxb_device_t *dev, double *s,
                         double v, double dt, const mxb_dev_rng_t *rng) {
  mxb_api_check(ctx, dev && s && rng, MXB_EINVAL,
                "mxb_device_integrate: NULL argument");
  if (!mxbi_finite(v))
    return mxbi_error(ctx, MXB_ENAN, "%s: drive voltage is not finite",
                      dev->origin);
  if (!mxbi_finite(dt) || dt < 0)
    return mxbi_error(ctx, MXB_EINVAL, "%s: time step %g s is not >= 0",
                      dev->origin, dt);
  const mxb_device_class_t *c = dev->cls;
  double t = 0;
  long n = 0;
  while (t < dt) {
    double h = c->step_limit(dev->par, s, v);
    if (isinf(h) && h > 0) break; /* nothing can move under v */
    if (!(h > 0))
      return mxbi_error(ctx, MXB_ECONV,
                        "%s: class '%s' gave step limit %g s at V = %g V",
                        dev->origin, c->name, h, v);
    int last = h >= dt - t;
    if (last) h = dt - t;
    int rc = c->advance(dev->par, s, v, h, rng);
    if (rc) return mxbi_error(ctx, rc, "%s: class '%s' failed to advance at V = %g V",
                              dev->origin, c->name, v);
    if (last) break;
    t += h;
    if (++n > MXB_MAX_SUBSTEPS)
      return mxbi_error(ctx, MXB_ECONV,
                        "%s: class '%s' needed more than %ld sub-steps for "
                        "%g s at V = %g V", dev->origin, c->name,
                        MXB_MAX_SUBSTEPS, dt, v);
  }
  return MXB_OK;
}

int mxbi_check_below(const mxb_param_def_t *defs, const double *p, const int (*pairs)[2],
                     size_t npairs, char *msg, size_t n) {
  for (size_t k = 0; k < npairs; k++) {
    const mxb_param_def_t *lo = &defs[pairs[k][0]], *hi = &defs[pairs[k][1]];
    if (p[pairs[k][0]] >= p[pairs[k][1]]) {
      snprintf(msg, n, "%s (%g %s) must be below %s (%g %s)", lo->name, p[pairs[k][0]],
               lo->unit, hi->name, p[pairs[k][1]], hi->unit);
      return MXB_ERANGE;
    }
  }
  return MXB_OK;
}

int mxb_device_init_state(mxb_ctx_t *ctx, const mxb_device_t *dev, unsigned layer,
                          unsigned row, unsigned col, double *s, size_t n,
                          mxb_dev_rng_t *rng) {
  mxb_api_check(ctx, dev && rng && (s || n == 0), MXB_EINVAL,
                "mxb_device_init_state: NULL argument");
  const mxb_device_class_t *c = dev->cls;
  if (n < c->n_state)
    return mxbi_error(ctx, MXB_EINVAL, "%s: class '%s' has %zu state values, the buffer %zu",
                      dev->origin, c->name, c->n_state, n);
  /* the keys of mxbi_cell_rng for a memory (rng_layer 0) */
  rng->seed = mxb_ctx_seed(ctx);
  rng->d2d = mxb_rng_stream(MXB_RNG_D2D, layer, row, col);
  rng->c2c = mxb_rng_stream(MXB_RNG_C2C, layer, row, col);
  rng->read = mxb_rng_stream(MXB_RNG_READ, layer, row, col);
  int rc = c->init(dev->par, s, rng);
  if (rc)
    return mxbi_error(ctx, rc, "%s: class '%s' failed to initialise a device at (layer %u, "
                      "row %u, col %u)", dev->origin, c->name, layer, row, col);
  return MXB_OK;
}
