/* mxbar bindings: handle table, marshalling to libmxb, messages (see
 * mxb_bind.h). No simulator symbols and no model maths in this file. */
#include "mxb_bind.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mxb/mxb.h"

#define SLOT_BITS 12
#define SLOT_MAX ((1 << SLOT_BITS) - 1) /* slots 0 .. SLOT_MAX-1 */
#define GEN_MASK 0x7ffff                /* keeps handles positive */

typedef struct slot_s {
  mxb_array_t *a;   /* NULL: free (never opened, or closed) */
  mxb_ctx_t *ctx;
  uint32_t gen;     /* generation of the handle that owns (owned) the slot */
  int closed;       /* 1 after close: the last handle of this slot is stale */
  char card[256];   /* card as given, for messages */
  int restored;     /* a $mxb_restore set the array's clock: */
  double t_saved;   /*   array time t_saved at */
  double t_rest;    /*   simulation time t_rest */
} slot_t;

static slot_t *slots;
static int n_slots;
static int n_errors;
static int stopping; /* a run-time error was reported: calls no longer act */
static mxb_bind_hooks_t hooks;

static void default_print(const char *text) {
  fputs(text, stdout);
  fflush(stdout);
}
static void default_stop(void) {}
static int default_plusarg(const char *name, char *buf, int n) {
  (void)name;
  (void)buf;
  (void)n;
  return 0;
}

void mxb_bind_init(const mxb_bind_hooks_t *h) {
  hooks = *h;
  if (!hooks.print) hooks.print = default_print;
  if (!hooks.stop) hooks.stop = default_stop;
  if (!hooks.plusarg) hooks.plusarg = default_plusarg;
}

static void say(const char *fmt, ...) MXB_BIND_PRINTF(1, 2);
static void say(const char *fmt, ...) {
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  (hooks.print ? hooks.print : default_print)(buf);
}

static void report(const mxb_bind_site_t *s, const char *fmt, va_list ap) {
  char msg[768];
  vsnprintf(msg, sizeof msg, fmt, ap);
  n_errors++;
  say("ERROR: %s:%d: %s: %s\n", s->file ? s->file : "?", s->line,
      s->task ? s->task : "$mxb", msg);
  (hooks.stop ? hooks.stop : default_stop)();
}

void mxb_bind_error(const mxb_bind_site_t *s, const char *fmt, ...) {
  /* Only the first: under Verilator the rest of the time step still runs
   * (other processes, the statements after the call), and what those calls
   * would report is a consequence of the first error, not news. */
  if (stopping) return;
  stopping = 1;
  va_list ap;
  va_start(ap, fmt);
  report(s, fmt, ap);
  va_end(ap);
}

void mxb_bind_site_error(const mxb_bind_site_t *s, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  report(s, fmt, ap);
  va_end(ap);
}

int mxb_bind_error_count(void) { return n_errors; }

/* Report a failed core call: its code name and the context's detail. */
static void core_error(const mxb_bind_site_t *s, mxb_ctx_t *ctx, int rc) {
  const char *detail = ctx ? mxb_ctx_errmsg(ctx) : "";
  mxb_bind_error(s, "%s: %s", mxb_errname(rc),
                 detail && detail[0] ? detail : mxb_strerror(rc));
  if (ctx) mxb_ctx_clear_error(ctx);
}

static int finite_arg(const mxb_bind_site_t *s, const char *what, double x) {
  if (x - x == 0.0) return 1; /* false for NaN and +-Inf */
  mxb_bind_error(s, "%s: %s is %s (an X or unknown value reached the model)",
                 mxb_errname(MXB_ENAN), what, x != x ? "NaN" : "infinite");
  return 0;
}

static double nan_value(void) {
  union { uint64_t u; double d; } v = {UINT64_C(0x7ff8000000000000)};
  return v.d;
}

/* ---- handles ---- */

static int handle_of(int slot) {
  return (int)(((slots[slot].gen & GEN_MASK) << SLOT_BITS) | (uint32_t)(slot + 1));
}

/* The slot of a live handle, or -1 after reporting why it is not one; -1
 * without a message once the run is stopping, so that every call taking a
 * handle returns (0 or NaN) without acting. */
static int lookup(const mxb_bind_site_t *s, int h) {
  if (stopping) return -1;
  if (h == 0) {
    mxb_bind_error(s, "MXB_EHANDLE: handle 0 is not an array (a failed $mxb_open returns 0)");
    return -1;
  }
  int slot = (int)((uint32_t)h & SLOT_MAX) - 1;
  uint32_t gen = ((uint32_t)h >> SLOT_BITS) & GEN_MASK;
  if (h < 0 || slot < 0 || slot >= n_slots || gen == 0 || gen > slots[slot].gen) {
    mxb_bind_error(s, "MXB_EHANDLE: %d is not a handle returned by $mxb_open", h);
    return -1;
  }
  if (gen < slots[slot].gen) {
    mxb_bind_error(s, "MXB_EHANDLE: handle %d was closed: use after $mxb_close", h);
    return -1;
  }
  if (slots[slot].closed || !slots[slot].a) {
    mxb_bind_error(s, "MXB_EHANDLE: handle %d (card %s) was closed: use after $mxb_close",
                   h, slots[slot].card);
    return -1;
  }
  return slot;
}

static mxb_array_t *arr(const mxb_bind_site_t *s, int h) {
  int k = lookup(s, h);
  return k < 0 ? NULL : slots[k].a;
}

/* The array of h and, in *t, the simulation time turned into the array's
 * (they differ after a $mxb_restore, see mxb_bind_restore). */
static mxb_array_t *arr_at(const mxb_bind_site_t *s, int h, double *t) {
  int k = lookup(s, h);
  if (k < 0) return NULL;
  /* t_saved + (t - t_rest): exactly t_saved at the restore's instant, and
   * never below it later (t >= t_rest) */
  if (slots[k].restored) *t = slots[k].t_saved + (*t - slots[k].t_rest);
  return slots[k].a;
}

/* ---- seed and card path ---- */

static int read_seed(const mxb_bind_site_t *s, uint64_t *seed, int *given) {
  char buf[64];
  *seed = 1;
  *given = hooks.plusarg && hooks.plusarg("mxb_seed", buf, (int)sizeof buf);
  if (!*given) return 1;
  char *end = NULL;
  errno = 0;
  unsigned long long v = strtoull(buf, &end, 0);
  if (buf[0] == '\0' || buf[0] == '-' || *end != '\0' || errno) {
    mxb_bind_error(s, "MXB_EINVAL: +mxb_seed=%s is not a non-negative integer", buf);
    return 0;
  }
  *seed = (uint64_t)v;
  return 1;
}

/* The card root of a new context: +mxb_root (the core looks a card up from
 * the working directory, then there, then MXB_CARD_PATH and the installed
 * cards: card.h "Finding a card"). */
static int set_root(const mxb_bind_site_t *s, mxb_ctx_t *ctx) {
  char root[MXB_PATH_MAX + 1];
  if (!hooks.plusarg || !hooks.plusarg("mxb_root", root, (int)sizeof root)) return 1;
  if (mxb_ctx_set_card_root(ctx, root) == MXB_OK) return 1;
  mxb_bind_error(s, "MXB_ERANGE: +mxb_root: %s", mxb_ctx_errmsg(ctx));
  return 0;
}

/* Whether the overrides carry the array's own seed (an item "seed=..."):
 * only to say in the open line where the seed came from. */
static int ovr_has_seed(const char *ovr) {
  for (const char *p = ovr; p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
    if (strncmp(p, "seed=", 5) == 0) return 1;
  return 0;
}

static const char *topo_name(mxb_topology_t t) {
  switch (t) {
    case MXB_TOPO_2D: return "2d";
    case MXB_TOPO_1S1R: return "1s1r";
    case MXB_TOPO_3D: return "3d";
  }
  return "?";
}

int mxb_bind_open(const mxb_bind_site_t *s, const char *card, const char *ovr) {
  char path[1536];
  uint64_t seed;
  int given;
  if (stopping) return 0;
  if (!card || !card[0]) {
    mxb_bind_error(s, "MXB_EINVAL: empty card path");
    return 0;
  }
  if (!read_seed(s, &seed, &given)) return 0;

  int k;
  for (k = 0; k < n_slots; k++)
    if (!slots[k].a) break;
  if (k == n_slots) {
    if (n_slots == SLOT_MAX) {
      mxb_bind_error(s, "MXB_ENOMEM: more than %d arrays open", SLOT_MAX);
      return 0;
    }
    slot_t *grown = realloc(slots, (size_t)(n_slots + 1) * sizeof *slots);
    if (!grown) {
      mxb_bind_error(s, "MXB_ENOMEM: out of memory");
      return 0;
    }
    slots = grown;
    memset(&slots[n_slots], 0, sizeof *slots);
    n_slots++;
  }

  mxb_ctx_t *ctx = mxb_ctx_new(seed);
  if (!ctx) {
    mxb_bind_error(s, "MXB_ENOMEM: out of memory");
    return 0;
  }
  if (!set_root(s, ctx)) {
    mxb_ctx_free(ctx);
    return 0;
  }
  mxb_array_t *a = NULL;
  if (mxb_card_find(ctx, card, NULL, path, sizeof path) == MXB_OK)
    a = mxb_array_load(ctx, path, ovr && ovr[0] ? ovr : NULL);
  if (!a) {
    int rc = mxb_ctx_errcode(ctx);
    core_error(s, ctx, rc ? rc : MXB_EINVAL);
    mxb_ctx_free(ctx);
    return 0;
  }
  slot_t *sl = &slots[k];
  sl->a = a;
  sl->ctx = ctx;
  sl->gen = (sl->gen + 1) & GEN_MASK;
  if (sl->gen == 0) sl->gen = 1;
  sl->closed = 0;
  sl->restored = 0;
  snprintf(sl->card, sizeof sl->card, "%s", card);

  mxb_topology_t topo;
  int layers, rows, cols;
  mxb_array_shape(a, &topo, &layers, &rows, &cols);
  int h = handle_of(k);
  say("[mxb] open h=%d card=%s overrides=\"%s\" topology=%s layers=%d rows=%d cols=%d "
      "seed=%llu (%s) mxbar %s\n",
      h, path, ovr ? ovr : "", topo_name(topo), layers, rows, cols,
      (unsigned long long)mxb_array_seed(a),
      ovr_has_seed(ovr) ? "override" : given ? "+mxb_seed" : "default", mxb_version());
  return h;
}

static void release(slot_t *sl) {
  mxb_array_free(sl->a);
  mxb_ctx_free(sl->ctx);
  sl->a = NULL;
  sl->ctx = NULL;
  sl->closed = 1;
}

void mxb_bind_close(const mxb_bind_site_t *s, int h) {
  int k = lookup(s, h);
  if (k >= 0) release(&slots[k]);
}

void mxb_bind_close_all(void) {
  for (int k = 0; k < n_slots; k++)
    if (slots[k].a) release(&slots[k]);
  free(slots);
  slots = NULL;
  n_slots = 0;
}

/* ---- line ends ---- */

#define CALL(s, a, expr)                                                      \
  do {                                                                        \
    int rc_ = (expr);                                                         \
    if (rc_ != MXB_OK) core_error((s), mxb_array_ctx(a), rc_);                \
  } while (0)

void mxb_bind_drive(const mxb_bind_site_t *s, double t, int h, int plane,
                    int line, double volts) {
  mxb_array_t *a = arr_at(s, h, &t);
  if (!a || !finite_arg(s, "volts", volts)) return;
  CALL(s, a, mxb_array_drive(a, t, plane, line, volts, 0.0));
}

void mxb_bind_sense(const mxb_bind_site_t *s, double t, int h, int plane,
                    int line, double r_sense) {
  mxb_array_t *a = arr_at(s, h, &t);
  if (!a || !finite_arg(s, "r_sense", r_sense)) return;
  CALL(s, a, mxb_array_sense(a, t, plane, line, r_sense));
}

void mxb_bind_float(const mxb_bind_site_t *s, double t, int h, int plane,
                    int line) {
  mxb_array_t *a = arr_at(s, h, &t);
  if (!a) return;
  CALL(s, a, mxb_array_float(a, t, plane, line));
}

void mxb_bind_set_end(const mxb_bind_site_t *s, double t, int h, int plane,
                      int line, int end, int kind, double value, double r) {
  mxb_array_t *a = arr_at(s, h, &t);
  if (!a || !finite_arg(s, "value", value) || !finite_arg(s, "r", r)) return;
  if (end != MXB_END_A && end != MXB_END_B) {
    mxb_bind_error(s, "MXB_EINVAL: end %d is not 0 (A) or 1 (B)", end);
    return;
  }
  if (kind < MXB_TERM_FLOAT || kind > MXB_TERM_SENSE) {
    mxb_bind_error(s, "MXB_EINVAL: kind %d is not 0 (float), 1 (voltage), 2 (current) "
                      "or 3 (sense)", kind);
    return;
  }
  CALL(s, a, mxb_array_set_end(a, t, plane, line, (mxb_line_end_t)end,
                               (mxb_term_kind_t)kind, value, r));
}

void mxb_bind_advance(const mxb_bind_site_t *s, double t, int h) {
  mxb_array_t *a = arr_at(s, h, &t);
  if (!a) return;
  CALL(s, a, mxb_array_advance(a, t));
}

/* ---- reads ---- */

#define READ(s, a, expr, out)                                                 \
  do {                                                                        \
    int rc_ = (expr);                                                         \
    if (rc_ != MXB_OK) {                                                      \
      core_error((s), mxb_array_ctx(a), rc_);                                 \
      return nan_value();                                                     \
    }                                                                         \
    return (out);                                                             \
  } while (0)

double mxb_bind_read(const mxb_bind_site_t *s, double t, int h, int plane,
                     int line) {
  double v = 0.0;
  mxb_array_t *a = arr_at(s, h, &t);
  if (!a) return nan_value();
  READ(s, a, mxb_array_sense_current(a, t, plane, line, &v), v);
}

double mxb_bind_end_current(const mxb_bind_site_t *s, double t, int h,
                            int plane, int line, int end) {
  double v = 0.0;
  mxb_array_t *a = arr_at(s, h, &t);
  if (!a) return nan_value();
  if (end != MXB_END_A && end != MXB_END_B) {
    mxb_bind_error(s, "MXB_EINVAL: end %d is not 0 (A) or 1 (B)", end);
    return nan_value();
  }
  READ(s, a, mxb_array_end_current(a, t, plane, line, (mxb_line_end_t)end, &v), v);
}

double mxb_bind_node_v(const mxb_bind_site_t *s, double t, int h, int plane,
                       int line, int pos) {
  double v = 0.0;
  mxb_array_t *a = arr_at(s, h, &t);
  if (!a) return nan_value();
  READ(s, a, mxb_array_node_voltage(a, t, plane, line, pos, &v), v);
}

double mxb_bind_cell_i(const mxb_bind_site_t *s, double t, int h, int layer,
                       int row, int col) {
  double v = 0.0;
  mxb_array_t *a = arr_at(s, h, &t);
  if (!a) return nan_value();
  READ(s, a, mxb_array_cell_current(a, t, layer, row, col, &v), v);
}

double mxb_bind_cell_g(const mxb_bind_site_t *s, double t, int h, int layer,
                       int row, int col, double v_read) {
  double v = 0.0;
  mxb_array_t *a = arr_at(s, h, &t);
  if (!a || !finite_arg(s, "v_read", v_read)) return nan_value();
  READ(s, a, mxb_array_cell_conductance(a, t, layer, row, col, v_read, &v), v);
}

double mxb_bind_energy(const mxb_bind_site_t *s, double t, int h, int which) {
  double es = 0.0, ec = 0.0;
  mxb_array_t *a = arr_at(s, h, &t);
  if (!a) return nan_value();
  READ(s, a, mxb_array_energy(a, t, &es, &ec), which ? ec : es);
}

int mxb_bind_lines(const mxb_bind_site_t *s, int h, int plane) {
  mxb_array_t *a = arr(s, h);
  if (!a) return 0;
  int n = mxb_array_plane_lines(a, plane);
  if (n < 0) {
    mxb_bind_error(s, "MXB_EINDEX: plane %d does not exist", plane);
    return 0;
  }
  return n;
}

/* ---- files ---- */

void mxb_bind_dump_g(const mxb_bind_site_t *s, double t, int h, int layer,
                     double v_read, const char *path) {
  mxb_array_t *a = arr_at(s, h, &t);
  if (!a || !finite_arg(s, "v_read", v_read)) return;
  if (!path || !path[0]) {
    mxb_bind_error(s, "MXB_EINVAL: empty file name");
    return;
  }
  mxb_topology_t topo;
  int layers, rows, cols;
  mxb_array_shape(a, &topo, &layers, &rows, &cols);
  double *g = malloc((size_t)rows * (size_t)cols * sizeof *g);
  if (!g) {
    mxb_bind_error(s, "MXB_ENOMEM: out of memory");
    return;
  }
  int rc = mxb_array_conductance_map(a, t, layer, v_read, g);
  if (rc != MXB_OK) {
    core_error(s, mxb_array_ctx(a), rc);
    free(g);
    return;
  }
  FILE *f = fopen(path, "w");
  if (!f) {
    mxb_bind_error(s, "MXB_EIO: cannot write %s: %s", path, strerror(errno));
    free(g);
    return;
  }
  int k = lookup(s, h);
  fprintf(f, "# mxbar conductance map (S): card %s, layer %d, v_read %.17g V, t %.17g s\n",
          slots[k].card, layer, v_read, t);
  fprintf(f, "# %d rows x %d cols, one line per row\n", rows, cols);
  for (int r = 0; r < rows; r++)
    for (int c = 0; c < cols; c++)
      fprintf(f, "%.17g%c", g[(size_t)r * (size_t)cols + (size_t)c], c + 1 < cols ? ' ' : '\n');
  free(g);
  if (fclose(f) != 0) mxb_bind_error(s, "MXB_EIO: cannot write %s: %s", path, strerror(errno));
}

/* ---- non-idealities ---- */

void mxb_bind_fault(const mxb_bind_site_t *s, double t, int h, int layer, int row,
                    int col, const char *kind) {
  mxb_array_t *a = arr_at(s, h, &t);
  if (!a) return;
  int k = mxb_fault_parse(kind);
  if (k < 0) {
    mxb_bind_error(s, "MXB_ERANGE: fault kind \"%s\" is not one of none, stuck_on, stuck_off, "
                      "open, short", kind ? kind : "");
    return;
  }
  CALL(s, a, mxb_array_fault(a, t, layer, row, col, k));
}

int mxb_bind_cell_fault(const mxb_bind_site_t *s, double t, int h, int layer, int row,
                        int col) {
  mxb_array_t *a = arr_at(s, h, &t);
  int k = 0, rc;
  if (!a) return 0;
  /* advance first, so a wear-out up to now counts */
  if ((rc = mxb_array_advance(a, t)) != MXB_OK ||
      (rc = mxb_array_cell_fault(a, layer, row, col, &k)) != MXB_OK) {
    core_error(s, mxb_array_ctx(a), rc);
    return 0;
  }
  return k;
}

void mxb_bind_set_temp(const mxb_bind_site_t *s, double t, int h, double kelvin) {
  mxb_array_t *a = arr_at(s, h, &t);
  if (!a || !finite_arg(s, "kelvin", kelvin)) return;
  CALL(s, a, mxb_array_set_temp(a, t, kelvin));
}

void mxb_bind_set_read_bw(const mxb_bind_site_t *s, double t, int h, double hz) {
  mxb_array_t *a = arr_at(s, h, &t);
  if (!a || !finite_arg(s, "hz", hz)) return;
  CALL(s, a, mxb_array_set_read_bw(a, t, hz));
}

int mxb_bind_fault_map(const mxb_bind_site_t *s, double t, int h, const char *path) {
  mxb_array_t *a = arr_at(s, h, &t);
  if (!a) return 0;
  if (!path || !path[0]) {
    mxb_bind_error(s, "MXB_EINVAL: empty file name");
    return 0;
  }
  mxb_topology_t topo;
  int layers, rows, cols;
  mxb_array_shape(a, &topo, &layers, &rows, &cols);
  size_t n = (size_t)layers * (size_t)rows * (size_t)cols;
  int *k = malloc(n * sizeof *k), rc;
  if (!k) {
    mxb_bind_error(s, "MXB_ENOMEM: out of memory");
    return 0;
  }
  if ((rc = mxb_array_fault_map(a, t, k, n)) != MXB_OK ||
      (rc = mxb_array_write_fault_map(a, t, path)) != MXB_OK) {
    core_error(s, mxb_array_ctx(a), rc);
    free(k);
    return 0;
  }
  int faulty = 0;
  for (size_t i = 0; i < n; i++) faulty += k[i] != 0;
  free(k);
  return faulty;
}

void mxb_bind_export_spice(const mxb_bind_site_t *s, double t, int h,
                           const char *path) {
  mxb_array_t *a = arr_at(s, h, &t);
  if (!a) return;
  if (!path || !path[0]) {
    mxb_bind_error(s, "MXB_EINVAL: empty file name");
    return;
  }
  CALL(s, a, mxb_array_export_spice(a, t, path));
}

/* ---- probes (issue 19) ---- */

double mxb_bind_cell_state(const mxb_bind_site_t *s, double t, int h, int layer, int row,
                           int col, const char *name) {
  double v = 0.0;
  mxb_array_t *a = arr_at(s, h, &t);
  if (!a) return nan_value();
  int rc = mxb_array_advance(a, t); /* the state now, not at the last call */
  if (rc != MXB_OK) {
    core_error(s, mxb_array_ctx(a), rc);
    return nan_value();
  }
  READ(s, a, mxb_array_cell_state_value(a, layer, row, col, name ? name : "", &v), v);
}

double mxb_bind_mem_g(const mxb_bind_site_t *s, double t, int h, int layer, int row,
                      int col, double v_read) {
  double v = 0.0;
  mxb_array_t *a = arr_at(s, h, &t);
  if (!a || !finite_arg(s, "v_read", v_read)) return nan_value();
  READ(s, a, mxb_array_memory_conductance(a, t, layer, row, col, v_read, &v), v);
}

/* ---- checkpoints and conductance maps (issue 19) ---- */

static int path_arg(const mxb_bind_site_t *s, const char *path) {
  if (path && path[0]) return 1;
  mxb_bind_error(s, "MXB_EINVAL: empty file name");
  return 0;
}

void mxb_bind_save(const mxb_bind_site_t *s, double t, int h, const char *path) {
  mxb_array_t *a = arr_at(s, h, &t);
  if (!a || !path_arg(s, path)) return;
  CALL(s, a, mxb_array_save(a, t, path));
}

void mxb_bind_restore(const mxb_bind_site_t *s, double t, int h, const char *path) {
  int k = lookup(s, h);
  if (k < 0 || !path_arg(s, path)) return;
  mxb_array_t *a = slots[k].a;
  int rc = mxb_array_restore(a, path);
  if (rc != MXB_OK) {
    core_error(s, mxb_array_ctx(a), rc);
    return;
  }
  slots[k].restored = 1;
  slots[k].t_saved = mxb_array_time(a);
  slots[k].t_rest = t;
  say("[mxb] restore h=%d from %s: array time %.17g s at simulation time %.17g s\n", h, path,
      mxb_array_time(a), t);
}

void mxb_bind_load_g(const mxb_bind_site_t *s, double t, int h, int layer, double v_read,
                     const char *path) {
  mxb_array_t *a = arr_at(s, h, &t);
  if (!a || !finite_arg(s, "v_read", v_read) || !path_arg(s, path)) return;
  CALL(s, a, mxb_array_load_g_file(a, t, layer, v_read, path));
}

/* ---- solver statistics (issue 19) ---- */

double mxb_bind_stat(const mxb_bind_site_t *s, int h, const char *name) {
  mxb_array_t *a = arr(s, h);
  mxb_solver_stats_t st;
  if (!a) return nan_value();
  int rc = mxb_array_solver_stats(a, &st);
  if (rc != MXB_OK) {
    core_error(s, mxb_array_ctx(a), rc);
    return nan_value();
  }
  const struct { const char *name; double v; } f[] = {
      {"op_solves", (double)st.op_solves}, {"op_fast", (double)st.op_fast},
      {"op_lean", (double)st.op_lean}, {"net_solves", (double)st.net_solves},
      {"net_iterative", (double)st.net_iterative}, {"net_klu", (double)st.net_klu},
      {"fallbacks", (double)st.fallbacks}, {"newton", (double)st.newton},
      {"cg", (double)st.cg}, {"factorisations", (double)st.factorisations},
      {"refactorisations", (double)st.refactorisations}, {"advances", (double)st.advances},
      {"solve_s", st.solve_s}, {"advance_s", st.advance_s},
      {"last_path", (double)st.last_path}, {"last_newton", (double)st.last_newton},
      {"last_cg", (double)st.last_cg}};
  char names[512];
  size_t used = 0;
  for (size_t k = 0; k < sizeof f / sizeof f[0]; k++) {
    if (name && strcmp(name, f[k].name) == 0) return f[k].v;
    int w = snprintf(names + used, sizeof names - used, "%s%s", k ? ", " : "", f[k].name);
    if (w > 0 && (size_t)w < sizeof names - used) used += (size_t)w;
  }
  mxb_bind_error(s, "MXB_EKEY: no solver statistic named \"%s\" (there are: %s)",
                 name ? name : "", names);
  return nan_value();
}

void mxb_bind_print_stats(const mxb_bind_site_t *s, int h) {
  mxb_array_t *a = arr(s, h);
  mxb_solver_stats_t st;
  if (!a) return;
  int rc = mxb_array_solver_stats(a, &st);
  if (rc != MXB_OK) {
    core_error(s, mxb_array_ctx(a), rc);
    return;
  }
  say("[mxb] solver h=%d: %ld operating points (%ld fast, %ld lean), %ld network solves "
      "(%ld iterative, %ld KLU, %ld fallbacks), Newton %ld, CG %ld, KLU factorisations %ld + "
      "%ld refactorisations, %.3g s solving; %ld advances, %.3g s; last: %s (Newton %ld, "
      "CG %ld)\n",
      h, st.op_solves, st.op_fast, st.op_lean, st.net_solves, st.net_iterative, st.net_klu,
      st.fallbacks, st.newton, st.cg, st.factorisations, st.refactorisations, st.solve_s,
      st.advances, st.advance_s, mxb_solve_path_name(st.last_path), st.last_newton,
      st.last_cg);
}

const char *mxb_bind_version(void) { return mxb_version(); }
