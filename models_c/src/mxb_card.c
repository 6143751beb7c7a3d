/* mxbar: JSON cards (cJSON) and "key=value" overrides. Every error names the
 * file and the key. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "mxb_internal.h"

#ifndef MXB_CARD_DIR
#define MXB_CARD_DIR "models_c/cards"
#endif

/* Largest card file read (bytes): cards are small; this catches a wrong path. */
#define MXB_CARD_MAX_BYTES (4L << 20)

const char *mxb_card_dir(void) { return MXB_CARD_DIR; }

/* ---------------------------------------------------------------- overrides */

void mxbi_ovr_free(mxbi_ovr_t *o) {
  if (!o) return;
  for (size_t i = 0; i < o->n; i++) free(o->item[i].key);
  free(o->item);
  o->item = NULL;
  o->n = 0;
}

/* Overrides are strict: "key=value" items joined by single commas, nothing
 * else. A key is a name (letters, digits, '_' and '.'), a value a decimal
 * number as JSON writes it (optional '-', no leading zeros, optional
 * fraction and exponent). No spaces, no hex, no empty items, no trailing
 * text: "rows =8" or "rows=0x10" say something other than what they look
 * like to strtod, so they are errors naming the item. "nan" and "inf" are
 * MXB_ENAN (a number that is not finite). */

static int is_key_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '_' || c == '.';
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* Length of the JSON number at s (0 when s does not start with one). */
static size_t json_number_len(const char *s) {
  const char *p = s;
  if (*p == '-') p++;
  if (*p == '0') p++;
  else if (*p >= '1' && *p <= '9') while (is_digit(*p)) p++;
  else return 0;
  if (*p == '.') {
    if (!is_digit(p[1])) return 0;
    p++;
    while (is_digit(*p)) p++;
  }
  if (*p == 'e' || *p == 'E') {
    const char *q = p + 1;
    if (*q == '+' || *q == '-') q++;
    if (!is_digit(*q)) return 0;
    while (is_digit(*q)) q++;
    p = q;
  }
  return (size_t)(p - s);
}

/* Whether [b, b + n) is a spelling of NaN or infinity strtod would accept. */
static int is_nonfinite_word(const char *b, size_t n) {
  if (n && (*b == '-' || *b == '+')) b++, n--;
  static const char *const words[] = {"nan", "inf", "infinity"};
  for (size_t w = 0; w < 3; w++) {
    size_t k = strlen(words[w]);
    if (n != k) continue;
    size_t i = 0;
    while (i < k && (b[i] | 0x20) == words[w][i]) i++;
    if (i == k) return 1;
  }
  return 0;
}

static char *dup_range(const char *b, const char *e) {
  char *s = malloc((size_t)(e - b) + 1);
  if (s) {
    memcpy(s, b, (size_t)(e - b));
    s[e - b] = '\0';
  }
  return s;
}

int mxbi_ovr_parse(mxb_ctx_t *ctx, const char *text, mxbi_ovr_t *o) {
  o->n = 0;
  o->item = NULL;
  if (!text || !*text) return MXB_OK;
  const char *p = text;
  for (;;) {
    const char *e = strchr(p, ',');
    if (!e) e = p + strlen(p);
    int len = (int)(e - p), at = (int)(p - text) + 1;
    if (len == 0) {
      mxbi_ovr_free(o);
      return mxbi_error(ctx, MXB_EPARSE,
                        "overrides \"%s\": empty item at character %d (items are key=value "
                        "joined by single commas)", text, at);
    }
    const char *eq = memchr(p, '=', (size_t)len);
    if (!eq || eq == p) {
      mxbi_ovr_free(o);
      return mxbi_error(ctx, MXB_EPARSE,
                        "overrides \"%s\": item '%.*s' is not of the form key=value", text,
                        len, p);
    }
    for (const char *k = p; k < eq; k++)
      if (!is_key_char(*k)) {
        mxbi_ovr_free(o);
        return mxbi_error(ctx, MXB_EPARSE,
                          "overrides \"%s\": key '%.*s' of item '%.*s' has '%c' at character "
                          "%d (a key is letters, digits, '_' and '.', no spaces)",
                          text, (int)(eq - p), p, len, p, *k, (int)(k - text) + 1);
      }
    const char *val = eq + 1;
    size_t vlen = (size_t)(e - val), nl = json_number_len(val);
    if (nl == 0 || nl != vlen) {
      mxbi_ovr_free(o);
      if (is_nonfinite_word(val, vlen))
        return mxbi_error(ctx, MXB_ENAN, "overrides \"%s\": value of '%.*s' is not finite: "
                          "'%.*s'", text, (int)(eq - p), p, (int)vlen, val);
      return mxbi_error(ctx, MXB_ETYPE,
                        "overrides \"%s\": value of '%.*s' is not a decimal number: '%.*s' "
                        "(a number as JSON writes it: no spaces, no hex, no trailing text)",
                        text, (int)(eq - p), p, (int)vlen, val);
    }
    char *key = dup_range(p, eq), *num = dup_range(val, e);
    if (!key || !num) {
      free(key);
      free(num);
      goto nomem;
    }
    errno = 0;
    double v = strtod(num, NULL);
    int range = errno == ERANGE;
    free(num);
    if (range) {
      mxbi_error(ctx, MXB_ERANGE, "overrides \"%s\": value of '%s' is beyond the range of a "
                 "double: '%.*s'", text, key, (int)vlen, val);
      free(key);
      mxbi_ovr_free(o);
      return MXB_ERANGE;
    }
    for (size_t i = 0; i < o->n; i++)
      if (strcmp(o->item[i].key, key) == 0) {
        mxbi_error(ctx, MXB_EPARSE, "overrides \"%s\": key '%s' is given twice", text, key);
        free(key);
        mxbi_ovr_free(o);
        return MXB_EPARSE;
      }
    mxbi_ovr_item_t *grown = realloc(o->item, (o->n + 1) * sizeof *grown);
    if (!grown) {
      free(key);
      goto nomem;
    }
    o->item = grown;
    o->item[o->n++] = (mxbi_ovr_item_t){key, v, 0};
    if (!*e) break;
    p = e + 1;
  }
  return MXB_OK;
nomem:
  mxbi_ovr_free(o);
  return mxbi_error(ctx, MXB_ENOMEM, "out of memory parsing overrides");
}

mxbi_ovr_item_t *mxbi_ovr_take(mxbi_ovr_t *o, const char *prefix,
                               const char *key) {
  if (!o) return NULL;
  size_t np = strlen(prefix);
  for (size_t i = 0; i < o->n; i++) {
    const char *k = o->item[i].key;
    if (strncmp(k, prefix, np) == 0 && strcmp(k + np, key) == 0) {
      o->item[i].used = 1;
      return &o->item[i];
    }
  }
  return NULL;
}

int mxbi_ovr_check_used(mxb_ctx_t *ctx, const mxbi_ovr_t *o, const char *path) {
  for (size_t i = 0; i < o->n; i++)
    if (!o->item[i].used)
      return mxbi_error(ctx, MXB_EKEY,
                        "%s: override '%s' matches no key of the card", path,
                        o->item[i].key);
  return MXB_OK;
}

/* ------------------------------------------------------------ finding cards */

/* Card lookup (card.h "Finding a card"). The folders are tried in order;
 * the first holding a regular file of that name wins. */

static int is_file(const char *p) {
  struct stat st;
  return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* The list of folders tried, for the not-found message. */
typedef struct {
  char text[MXB_ERRMSG_MAX];
  size_t used;
} tried_t;

static void tried_add(tried_t *t, const char *dir, size_t dlen, const char *why) {
  if (t->used >= sizeof t->text) return; /* the tail of a long list is cut */
  int k = snprintf(t->text + t->used, sizeof t->text - t->used, "%s%.*s (%s)",
                   t->used ? ", " : "", (int)dlen, dir, why);
  if (k > 0) t->used += (size_t)k;
}

/* Try name in the folder [dir, dir + dlen) ("" or NULL: name as given, i.e.
 * from the working directory); 1 and the path in out when found. */
static int try_dir(const char *dir, size_t dlen, const char *name, char *out, size_t n) {
  int k = dir && dlen ? snprintf(out, n, "%.*s%s%s", (int)dlen, dir,
                                 dir[dlen - 1] == '/' ? "" : "/", name)
                      : snprintf(out, n, "%s", name);
  return k > 0 && (size_t)k < n && is_file(out);
}

int mxb_card_find(mxb_ctx_t *ctx, const char *name, const char *referrer, char *path,
                  size_t n) {
  mxb_api_check(ctx, name && path && n > 0, MXB_EINVAL, "mxb_card_find: bad argument");
  if (!name[0]) return mxbi_error(ctx, MXB_EINVAL, "card: empty card name");
  if (name[0] == '/') {
    if (try_dir(NULL, 0, name, path, n)) return MXB_OK;
    return mxbi_error(ctx, MXB_EIO, "card %s not found (an absolute path is looked up "
                      "nowhere else)", name);
  }
  tried_t t = {"", 0};
  /* 1. the referring card's folder, or the working directory */
  const char *slash = referrer ? strrchr(referrer, '/') : NULL;
  char why[MXB_PATH_MAX + 32];
  if (slash) {
    size_t dl = slash == referrer ? 1 : (size_t)(slash - referrer);
    if (try_dir(referrer, dl, name, path, n)) return MXB_OK;
    snprintf(why, sizeof why, "folder of %s", referrer);
    tried_add(&t, referrer, dl, why);
  } else {
    if (try_dir(NULL, 0, name, path, n)) return MXB_OK;
    char cwd[MXB_PATH_MAX];
    const char *w = getcwd(cwd, sizeof cwd) ? cwd : ".";
    if (referrer) snprintf(why, sizeof why, "folder of %s, the working directory", referrer);
    else snprintf(why, sizeof why, "working directory");
    tried_add(&t, w, strlen(w), why);
  }
  /* 2. the context's card root (+mxb_root) */
  const char *root = mxb_ctx_card_root(ctx);
  if (root[0]) {
    if (try_dir(root, strlen(root), name, path, n)) return MXB_OK;
    tried_add(&t, root, strlen(root), "card root, +mxb_root");
  }
  /* 3. each folder of MXB_CARD_PATH (colon-separated; empty entries skipped) */
  const char *env = getenv("MXB_CARD_PATH");
  for (const char *p = env; p && *p;) {
    const char *e = strchr(p, ':');
    size_t len = e ? (size_t)(e - p) : strlen(p);
    if (len) {
      if (try_dir(p, len, name, path, n)) return MXB_OK;
      tried_add(&t, p, len, "MXB_CARD_PATH");
    }
    p = e ? e + 1 : p + len;
  }
  /* 4. the installed cards */
  if (try_dir(MXB_CARD_DIR, strlen(MXB_CARD_DIR), name, path, n)) return MXB_OK;
  tried_add(&t, MXB_CARD_DIR, strlen(MXB_CARD_DIR), "installed cards");
  path[0] = '\0';
  return mxbi_error(ctx, MXB_EIO, "card %s not found; looked in: %s", name, t.text);
}

cJSON *mxbi_card_open(mxb_ctx_t *ctx, const char *name, const char *referrer, char *path,
                      size_t n) {
  if (mxb_card_find(ctx, name, referrer, path, n)) return NULL;
  return mxbi_card_read(ctx, path);
}

/* -------------------------------------------------------------------- cards */

cJSON *mxbi_card_read(mxb_ctx_t *ctx, const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    mxbi_error(ctx, MXB_EIO, "%s: cannot open card: %s", path, strerror(errno));
    return NULL;
  }
  char *buf = NULL;
  long n = -1;
  if (fseek(f, 0, SEEK_END) == 0) n = ftell(f);
  if (n < 0 || n > MXB_CARD_MAX_BYTES || fseek(f, 0, SEEK_SET) != 0) {
    fclose(f);
    mxbi_error(ctx, MXB_EIO, "%s: cannot read card (size %ld bytes, limit %ld)",
               path, n, MXB_CARD_MAX_BYTES);
    return NULL;
  }
  buf = malloc((size_t)n + 1);
  if (!buf) {
    fclose(f);
    mxbi_error(ctx, MXB_ENOMEM, "%s: out of memory reading card", path);
    return NULL;
  }
  size_t got = fread(buf, 1, (size_t)n, f);
  fclose(f);
  buf[got] = '\0';
  const char *err_at = NULL;
  cJSON *root = cJSON_ParseWithOpts(buf, &err_at, 1);
  if (!root) {
    int line = 1;
    for (const char *q = buf; err_at && q < err_at; q++) line += (*q == '\n');
    mxbi_error(ctx, MXB_EPARSE, "%s:%d: card is not valid JSON", path, line);
    free(buf);
    return NULL;
  }
  free(buf);
  if (!cJSON_IsObject(root)) {
    mxbi_error(ctx, MXB_EPARSE, "%s: a card must be a JSON object", path);
    cJSON_Delete(root);
    return NULL;
  }
  const cJSON *ver = cJSON_GetObjectItemCaseSensitive(root, "mxb_card");
  if (!ver) {
    mxbi_error(ctx, MXB_EMISSING, "%s: mxb_card: required key missing "
               "(format version, 1)", path);
    cJSON_Delete(root);
    return NULL;
  }
  if (!cJSON_IsNumber(ver) || ver->valuedouble != 1) {
    mxbi_error(ctx, MXB_ERANGE, "%s: mxb_card: format version must be 1", path);
    cJSON_Delete(root);
    return NULL;
  }
  return root;
}

static const char *key_path(char *buf, size_t n, const char *where,
                            const char *key) {
  snprintf(buf, n, "%s%s%s", where, where[0] ? "." : "", key);
  return buf;
}

int mxbi_card_check_keys(mxb_ctx_t *ctx, const cJSON *obj, const char *path,
                         const char *where, const char *const *allowed) {
  const cJSON *it;
  cJSON_ArrayForEach(it, obj) {
    int ok = 0;
    for (size_t i = 0; allowed[i] && !ok; i++) ok = strcmp(it->string, allowed[i]) == 0;
    if (!ok) {
      char kp[256], list[512] = "";
      size_t used = 0;
      for (size_t i = 0; allowed[i]; i++)
        used += (size_t)snprintf(list + used, used < sizeof list ? sizeof list - used : 0,
                                 "%s%s", i ? ", " : "", allowed[i]);
      return mxbi_error(ctx, MXB_EKEY, "%s: %s: unknown key (allowed: %s)", path,
                        key_path(kp, sizeof kp, where, it->string), list);
    }
  }
  return MXB_OK;
}

int mxbi_card_string(mxb_ctx_t *ctx, const cJSON *obj, const char *path,
                     const char *key, const char **out) {
  const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
  if (!it) return mxbi_error(ctx, MXB_EMISSING, "%s: %s: required key missing", path, key);
  if (!cJSON_IsString(it))
    return mxbi_error(ctx, MXB_ETYPE, "%s: %s must be a string", path, key);
  *out = it->valuestring;
  return MXB_OK;
}

int mxbi_card_int(mxb_ctx_t *ctx, const cJSON *obj, const char *path,
                  const char *key, int min, int max, int required, int *out) {
  const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
  if (!it) {
    if (required)
      return mxbi_error(ctx, MXB_EMISSING, "%s: %s: required key missing", path, key);
    return MXB_OK;
  }
  if (!cJSON_IsNumber(it))
    return mxbi_error(ctx, MXB_ETYPE, "%s: %s must be a whole number", path, key);
  /* range first: converting a double outside int's range (1e999 parses to
   * infinity, 1e19 exceeds every integer type) is undefined behaviour */
  double x = it->valuedouble;
  if (!(x >= min && x <= max))
    return mxbi_error(ctx, MXB_ERANGE, "%s: %s = %g is out of range [%d, %d]",
                      path, key, x, min, max);
  if (x != floor(x))
    return mxbi_error(ctx, MXB_ETYPE, "%s: %s = %g must be a whole number", path, key, x);
  *out = (int)x;
  return MXB_OK;
}

int mxbi_card_quantity(mxb_ctx_t *ctx, const cJSON *obj, const char *path,
                       const char *key, const char *unit, double min,
                       double max, double *out, const char **source) {
  const cJSON *q = cJSON_GetObjectItemCaseSensitive(obj, key);
  const char *kp = key;
  char where[256];
  /* obj may be the params object (key "g") or a root (key "r_wire_row") */
  if (obj && obj->string) kp = key_path(where, sizeof where, obj->string, key);
  if (!q) return mxbi_error(ctx, MXB_EMISSING, "%s: %s: required key missing", path, kp);
  if (!cJSON_IsObject(q))
    return mxbi_error(ctx, MXB_ETYPE,
                      "%s: %s must be an object {\"value\", \"unit\", \"source\"}",
                      path, kp);
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(q, "value");
  const cJSON *u = cJSON_GetObjectItemCaseSensitive(q, "unit");
  const cJSON *s = cJSON_GetObjectItemCaseSensitive(q, "source");
  if (!v) return mxbi_error(ctx, MXB_EMISSING, "%s: %s.value: required key missing", path, kp);
  if (!cJSON_IsNumber(v))
    return mxbi_error(ctx, MXB_ETYPE, "%s: %s.value must be a number", path, kp);
  if (!u) return mxbi_error(ctx, MXB_EMISSING, "%s: %s.unit: required key missing", path, kp);
  if (!cJSON_IsString(u))
    return mxbi_error(ctx, MXB_ETYPE, "%s: %s.unit must be a string", path, kp);
  if (strcmp(u->valuestring, unit) != 0)
    return mxbi_error(ctx, MXB_EUNIT, "%s: %s.unit is '%s', expected '%s'", path,
                      kp, u->valuestring, unit);
  if (!s)
    return mxbi_error(ctx, MXB_EMISSING,
                      "%s: %s.source: required key missing (where the value comes from)",
                      path, kp);
  if (!cJSON_IsString(s) || !s->valuestring[0])
    return mxbi_error(ctx, MXB_ETYPE, "%s: %s.source must be a non-empty string",
                      path, kp);
  double x = v->valuedouble;
  if (x < min || x > max)
    return mxbi_error(ctx, MXB_ERANGE, "%s: %s = %g %s is out of range [%g, %g] %s",
                      path, kp, x, unit, min, max, unit);
  *out = x;
  if (source) *source = s->valuestring;
  return MXB_OK;
}

int mxbi_card_sub(mxb_ctx_t *ctx, const cJSON *obj, const char *file, const char *base_path,
                  const char *key, cJSON **owned, const cJSON **card,
                  char *sub_path, size_t sub_path_len) {
  *owned = NULL;
  *card = NULL;
  const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
  if (!it) return mxbi_error(ctx, MXB_EMISSING, "%s: %s: required key missing", base_path, key);
  if (cJSON_IsObject(it)) {
    snprintf(sub_path, sub_path_len, "%s: %s", base_path, key);
    *card = it;
    return MXB_OK;
  }
  if (!cJSON_IsString(it))
    return mxbi_error(ctx, MXB_ETYPE,
                      "%s: %s must be a card object or a card file name", base_path, key);
  *owned = mxbi_card_open(ctx, it->valuestring, file, sub_path, sub_path_len);
  if (!*owned) {
    /* keep the sub-file's message but say who referenced it */
    char msg[MXB_ERRMSG_MAX];
    snprintf(msg, sizeof msg, "%s", mxb_ctx_errmsg(ctx));
    return mxbi_error(ctx, mxb_ctx_errcode(ctx), "%s (referenced by %s: %s)", msg,
                      base_path, key);
  }
  *card = *owned;
  return MXB_OK;
}

int mxb_card_kind(mxb_ctx_t *ctx, const char *path, char *kind, size_t n) {
  mxb_api_check(ctx, path && kind && n > 0, MXB_EINVAL, "mxb_card_kind: bad argument");
  char found[MXB_PATH_MAX];
  cJSON *root = mxbi_card_open(ctx, path, NULL, found, sizeof found);
  if (!root) return mxb_ctx_errcode(ctx);
  const char *k = NULL;
  int rc = mxbi_card_string(ctx, root, found, "kind", &k);
  if (rc == MXB_OK) snprintf(kind, n, "%s", k);
  cJSON_Delete(root);
  return rc;
}
