/* mxbar: internals shared between the core's files (hidden from the ABI). */
#ifndef MXB_INTERNAL_H
#define MXB_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <cjson/cJSON.h>
#include "mxb/mxb.h"

#if defined(__GNUC__)
#define MXBI_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define MXBI_PRINTF(f, a)
#endif

/* Record a detailed message in ctx and return code (for `return mxbi_error(..)`).
 * ctx may be NULL (the message is dropped). */
MXBI_FUNC int mxbi_error(mxb_ctx_t *ctx, int code, const char *fmt, ...)
    MXBI_PRINTF(3, 4);

/* Prefix the context's current message with "<where>: " and return its code
 * (to say which file a lower-level message is about). */
MXBI_FUNC int mxbi_error_where(mxb_ctx_t *ctx, const char *where);

/* Fail with MXB_EINVAL naming the function if cond is false (public API
 * argument checks; kept in release builds: the simulator must not crash). */
#define mxb_api_check(ctx, cond, code, ...)                                   \
  do {                                                                        \
    if (!(cond)) return mxbi_error((ctx), (code), __VA_ARGS__);               \
  } while (0)

/* ---- overrides: "key=value,key=value" ---- */
typedef struct mxbi_ovr_item_s {
  char *key;
  double value;
  int used;
} mxbi_ovr_item_t;

typedef struct mxbi_ovr_s {
  size_t n;
  mxbi_ovr_item_t *item;
} mxbi_ovr_t;

/* Parse an override string (NULL or "" gives none). Errors name the item. */
MXBI_FUNC int mxbi_ovr_parse(mxb_ctx_t *ctx, const char *text, mxbi_ovr_t *o);
MXBI_FUNC void mxbi_ovr_free(mxbi_ovr_t *o);
/* Find an unused-or-used item whose key equals prefix+key; marks it used. */
MXBI_FUNC mxbi_ovr_item_t *mxbi_ovr_take(mxbi_ovr_t *o, const char *prefix,
                                         const char *key);
/* MXB_EKEY naming the first override no key matched. */
MXBI_FUNC int mxbi_ovr_check_used(mxb_ctx_t *ctx, const mxbi_ovr_t *o,
                                  const char *path);

/* ---- cards ---- */
/* Read and parse a card file; checks "mxb_card" and that the root is an
 * object. Caller frees with cJSON_Delete. NULL on error. */
MXBI_FUNC cJSON *mxbi_card_read(mxb_ctx_t *ctx, const char *path);
/* Every key of obj must be in the NULL-terminated list allowed. `where` names
 * the place in the card for messages ("" for the root, "params.g"). */
MXBI_FUNC int mxbi_card_check_keys(mxb_ctx_t *ctx, const cJSON *obj,
                                   const char *path, const char *where,
                                   const char *const *allowed);
/* String member key of obj (required when out is set and missing). */
MXBI_FUNC int mxbi_card_string(mxb_ctx_t *ctx, const cJSON *obj,
                               const char *path, const char *key,
                               const char **out);
/* Integer member in [min, max]; *out unchanged when absent and !required. */
MXBI_FUNC int mxbi_card_int(mxb_ctx_t *ctx, const cJSON *obj, const char *path,
                            const char *key, int min, int max, int required,
                            int *out);
/* A quantity {"value","unit","source"} at obj[key] checked against unit and
 * [min, max]. *source (may be NULL) gets the source text (owned by the JSON). */
MXBI_FUNC int mxbi_card_quantity(mxb_ctx_t *ctx, const cJSON *obj,
                                 const char *path, const char *key,
                                 const char *unit, double min, double max,
                                 double *out, const char **source);
/* Find a card (mxb_card_find: name looked up from referrer's folder, NULL
 * for the working directory, then the card root, MXB_CARD_PATH and the
 * installed cards), its path into path, and read it. NULL on error. */
MXBI_FUNC cJSON *mxbi_card_open(mxb_ctx_t *ctx, const char *name, const char *referrer,
                                char *path, size_t n);
/* A sub-card given inline (object) or as a card file name looked up from
 * the folder of file, the card obj comes from (mxbi_card_open). On success
 * *owned is the parsed file (free it) or NULL for an inline object, *card
 * the object, sub_path its file (found path) or "base_path: key" (inline),
 * for messages. */
MXBI_FUNC int mxbi_card_sub(mxb_ctx_t *ctx, const cJSON *obj, const char *file,
                            const char *base_path, const char *key,
                            cJSON **owned, const cJSON **card, char *sub_path,
                            size_t sub_path_len);
/* Device model from a parsed device card; overrides with the given prefix
 * ("" at the top) are applied and marked used. */
MXBI_FUNC mxb_device_t *mxbi_device_from_json(mxb_ctx_t *ctx,
                                              const cJSON *card,
                                              const char *path,
                                              mxbi_ovr_t *ovr,
                                              const char *prefix);

/* The per-model data (device.h, data_load) of the model whose parameter
 * vector is p (mxb_device_params), NULL when its class has none. */
MXBI_FUNC const void *mxbi_device_data(const double *p);

/* ---- CSV tables of numbers (iv_table, mxb_fit) ---- */
/* Rows of ncol finite values and the line of the file each came from. */
typedef struct mxbi_csv_s {
  int nrow, ncol;
  double *v; /* row-major, nrow * ncol */
  int *line;
} mxbi_csv_t;
/* Read path: '#' comment lines and blank lines skipped, the first other line
 * must be header exactly ("a,b,c", ncol names, at most 8), then rows of ncol
 * numbers. Errors name "path:line: column 'name'"; at least one row. */
MXBI_FUNC int mxbi_csv_read(mxb_ctx_t *ctx, const char *path, const char *header, int ncol,
                            mxbi_csv_t *out);
MXBI_FUNC void mxbi_csv_free(mxbi_csv_t *c);

/* ---- numbers ---- */
static inline int mxbi_finite(double x) { return x - x == 0.0; }

/* spice_current of a device fed through a series resistor r from the
 * terminal voltage v into an internal node held at u by a state (a neuron's
 * membrane or capacitor): (v - u) / r, exact at the instant. */
static inline int mxbi_spice_series(const char *v, double u, double r, char *buf, size_t n) {
  int k = snprintf(buf, n, "(%s - (%.17g))/%.17g", v, u, r);
  return (k < 0 || (size_t)k >= n) ? MXB_ERANGE : k;
}

/* ---- class checks ---- */
/* Check n state values of a class against its declared ranges
 * (mxb_state_def_t): MXB_ENAN for a value that is not finite, MXB_ERANGE
 * for one outside its range, each naming `where` (e.g. the cell), the state,
 * its value and the range; else MXB_OK. For every call that takes states
 * from a user (set, restore, load). */
MXBI_FUNC int mxbi_state_check(mxb_ctx_t *ctx, const mxb_device_class_t *cls,
                               const double *s, size_t n, const char *where);

/* For a class's check(): each pair {lo, hi} of parameter indices must have
 * p[lo] < p[hi]. The first that does not is named in msg ("v_hold (0.5 V)
 * must be below v_th (0.45 V)") and MXB_ERANGE returned; else MXB_OK. */
MXBI_FUNC int mxbi_check_below(const mxb_param_def_t *defs, const double *p,
                               const int (*pairs)[2], size_t npairs, char *msg,
                               size_t n);

#endif
