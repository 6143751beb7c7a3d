/* mxbar: crossbar arrays (array.h): creation from a spec or a card, shape,
 * and the line ends. An array owns its network (mxb_net.h: lines, ends,
 * cells, node voltages, solvers); setting a line end records it there and
 * marks the solution stale (array.h "Lazy solve"). The operating point is
 * mxb_array_solve.c, time advance mxb_array_advance.c, reads
 * mxb_array_read.c. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mxb_array_impl.h"
#include "mxb_nonideal.h"

/* Largest array: cells and the size of each dimension. */
#define MXB_MAX_DIM 65536
#define MXB_MAX_LAYERS 1024
#define MXB_MAX_CELLS (1L << 28)

static const char *topo_name(mxb_topology_t t) {
  return t == MXB_TOPO_2D ? "2d" : t == MXB_TOPO_1S1R ? "1s1r" : "3d";
}

/* ------------------------------------------------------------ construction */

/* ------------------------------------------------------------ construction */

static int check_spec(mxb_ctx_t *ctx, const mxb_array_spec_t *s) {
  if (!s) return mxbi_error(ctx, MXB_EINVAL, "mxb_array_new: NULL spec");
  if (s->topology != MXB_TOPO_2D && s->topology != MXB_TOPO_1S1R &&
      s->topology != MXB_TOPO_3D)
    return mxbi_error(ctx, MXB_EINVAL, "array: unknown topology %d", (int)s->topology);
  if (s->layers < 1 || s->layers > MXB_MAX_LAYERS)
    return mxbi_error(ctx, MXB_ERANGE, "array: layers = %d is out of range [1, %d]",
                      s->layers, MXB_MAX_LAYERS);
  if (s->topology != MXB_TOPO_3D && s->layers != 1)
    return mxbi_error(ctx, MXB_ERANGE, "array: a %s array has 1 layer (got %d)",
                      topo_name(s->topology), s->layers);
  if (s->rows < 1 || s->rows > MXB_MAX_DIM || s->cols < 1 || s->cols > MXB_MAX_DIM)
    return mxbi_error(ctx, MXB_ERANGE,
                      "array: rows = %d, cols = %d: each must be in [1, %d]",
                      s->rows, s->cols, MXB_MAX_DIM);
  if ((long)s->layers * s->rows * s->cols > MXB_MAX_CELLS)
    return mxbi_error(ctx, MXB_ERANGE, "array: %d x %d x %d cells exceed %ld",
                      s->layers, s->rows, s->cols, MXB_MAX_CELLS);
  if (!mxbi_finite(s->r_wire_row) || s->r_wire_row < 0)
    return mxbi_error(ctx, MXB_ERANGE, "array: r_wire_row = %g ohm must be >= 0",
                      s->r_wire_row);
  if (!mxbi_finite(s->r_wire_col) || s->r_wire_col < 0)
    return mxbi_error(ctx, MXB_ERANGE, "array: r_wire_col = %g ohm must be >= 0",
                      s->r_wire_col);
  if (!s->cell)
    return mxbi_error(ctx, MXB_EINVAL, "array: no cell device model");
  if (s->topology == MXB_TOPO_1S1R && !s->selector)
    return mxbi_error(ctx, MXB_EINVAL, "array: a 1s1r array needs a selector model");
  /* a 2D cell is one device: a selector given there would be silently left
   * out of every cell (use 1s1r, or a 3d array of one layer) */
  if (s->topology == MXB_TOPO_2D && s->selector)
    return mxbi_error(ctx, MXB_EINVAL,
                      "array: a 2d array has no selector (selector '%s' given; use topology "
                      "1s1r, or 3d with 1 layer)", mxb_device_class(s->selector)->name);
  return MXB_OK;
}

void mxb_array_free(mxb_array_t *a) {
  if (!a) return;
  mxbi_array_ni_free(a);
  mxbi_net_free(&a->net);
  free(a->ic);
  free(a->h_cell);
  free(a->mr_v);
  free(a->mr_st);
  free(a->mr_idx);
  free(a->iend);
  free(a->lout);
  free(a->glin);
  free(a->vline);
  free(a->ck);
  free(a->rc_hist);
  free(a->rc_term);
  free(a);
}

/* mxb_array_new with the array's own seed (array.h "Seeds"). */
static mxb_array_t *array_new_seeded(mxb_ctx_t *ctx, const mxb_array_spec_t *spec,
                                     uint64_t seed) {
  if (check_spec(ctx, spec)) return NULL;
  mxb_array_t *a = calloc(1, sizeof *a);
  if (!a) goto nomem;
  a->topo = spec->topology;
  mxbi_net_t *n = &a->net;
  if (mxbi_net_init(n, ctx, spec->layers, spec->rows, spec->cols, spec->r_wire_row,
                    spec->r_wire_col))
    goto nomem;
  a->iend = calloc((size_t)n->nline * 2, sizeof *a->iend);
  a->lout = calloc((size_t)n->nline, sizeof *a->lout);
  a->ic = calloc(n->ncell, sizeof *a->ic);
  a->h_cell = calloc(n->ncell, sizeof *a->h_cell);
  if (!a->iend || !a->lout || !a->ic || !a->h_cell) goto nomem;
  /* the stack, top first: a 1S1R cell (and a 3D cell given a selector) is a
   * selector over the memory */
  const mxb_device_t *stack[MXBI_CELL_MAXDEV] = {spec->cell, NULL};
  int ndev = 1;
  if (a->topo == MXB_TOPO_1S1R || (a->topo == MXB_TOPO_3D && spec->selector)) {
    stack[0] = spec->selector;
    stack[1] = spec->cell;
    ndev = 2;
  }
  if (mxbi_cells_init(&n->cells, ctx, seed, n->L, n->R, n->C, stack, ndev)) goto fail;
  a->h_min = INFINITY;
  a->gen = 1;
  return a;
nomem:
  mxbi_error(ctx, MXB_ENOMEM, "array: out of memory for %d x %d x %d cells",
             spec->layers, spec->rows, spec->cols);
fail:
  mxb_array_free(a);
  return NULL;
}

mxb_array_t *mxb_array_new(mxb_ctx_t *ctx, const mxb_array_spec_t *spec) {
  return array_new_seeded(ctx, spec, mxb_ctx_seed(ctx));
}

uint64_t mxb_array_seed(const mxb_array_t *a) { return a ? a->net.cells.seed : 0; }

/* ------------------------------------------------------------------- cards */

/* The device card at obj[key]; obj comes from the card file `file` (where a
 * card named by file name is looked up first), base names obj in messages. */
static mxb_device_t *load_device(mxb_ctx_t *ctx, const cJSON *obj, const char *file,
                                 const char *base, const char *key, mxbi_ovr_t *ovr,
                                 const char *prefix) {
  cJSON *owned = NULL;
  const cJSON *card = NULL;
  char sub[MXB_PATH_MAX];
  if (mxbi_card_sub(ctx, obj, file, base, key, &owned, &card, sub, sizeof sub)) return NULL;
  mxb_device_t *d = mxbi_device_from_json(ctx, card, sub, ovr, prefix);
  cJSON_Delete(owned);
  return d;
}

/* The 1S1R cell card at obj[key]: selector and memory models. */
static int load_cell_1s1r(mxb_ctx_t *ctx, const cJSON *obj, const char *file,
                          const char *base, const char *key, mxbi_ovr_t *ovr,
                          mxb_device_t **sel, mxb_device_t **mem) {
  static const char *const keys[] = {"mxb_card", "kind", "title", "doc",
                                     "selector", "memory", NULL};
  cJSON *owned = NULL;
  const cJSON *card = NULL;
  char sub[MXB_PATH_MAX];
  const char *kind = NULL;
  int rc = mxbi_card_sub(ctx, obj, file, base, key, &owned, &card, sub, sizeof sub);
  if (rc) return rc;
  /* the cell card's own devices are looked up from its file's folder */
  const char *cfile = owned ? sub : file;
  rc = mxbi_card_check_keys(ctx, card, sub, "", keys);
  if (!rc) rc = mxbi_card_string(ctx, card, sub, "kind", &kind);
  if (!rc && strcmp(kind, "cell_1s1r") != 0)
    rc = mxbi_error(ctx, MXB_EPARSE, "%s: kind is '%s' where a cell_1s1r card is needed",
                    sub, kind);
  if (!rc && !(*sel = load_device(ctx, card, cfile, sub, "selector", ovr, "cell.selector.")))
    rc = mxb_ctx_errcode(ctx);
  if (!rc && !(*mem = load_device(ctx, card, cfile, sub, "memory", ovr, "cell.memory.")))
    rc = mxb_ctx_errcode(ctx);
  cJSON_Delete(owned);
  return rc ? rc : MXB_OK;
}

/* Whether the cell card at obj[key] is a selector + memory stack (kind
 * cell_1s1r); 0 when it is not or cannot be read (the device loader then
 * reports why). */
static int cell_is_stack(mxb_ctx_t *ctx, const cJSON *obj, const char *file, const char *key) {
  cJSON *owned = NULL;
  const cJSON *card = NULL, *kind;
  char sub[MXB_PATH_MAX];
  if (mxbi_card_sub(ctx, obj, file, file, key, &owned, &card, sub, sizeof sub)) return 0;
  kind = cJSON_GetObjectItemCaseSensitive(card, "kind");
  int stack = cJSON_IsString(kind) && strcmp(kind->valuestring, "cell_1s1r") == 0;
  cJSON_Delete(owned);
  return stack;
}

/* Integer override key (a whole number in [min, max]). */
static int ovr_int(mxb_ctx_t *ctx, mxbi_ovr_t *o, const char *path, const char *key,
                   int min, int max, int *out) {
  mxbi_ovr_item_t *it = mxbi_ovr_take(o, "", key);
  if (!it) return MXB_OK;
  if (it->value != floor(it->value))
    return mxbi_error(ctx, MXB_ETYPE, "%s: override '%s' = %g must be a whole number",
                      path, key, it->value);
  if (it->value < min || it->value > max)
    return mxbi_error(ctx, MXB_ERANGE, "%s: override '%s' = %g is out of range [%d, %d]",
                      path, key, it->value, min, max);
  *out = (int)it->value;
  return MXB_OK;
}

/* The "seed" override (array.h "Seeds"): a whole number in [0, 2^53 - 1],
 * the integers a double (the override's value) holds exactly, so the seed
 * used is the one written. */
static int ovr_seed(mxb_ctx_t *ctx, mxbi_ovr_t *o, const char *path, uint64_t *seed) {
  mxbi_ovr_item_t *it = mxbi_ovr_take(o, "", "seed");
  if (!it) return MXB_OK;
  if (!(it->value >= 0 && it->value <= MXB_SEED_OVR_MAX))
    return mxbi_error(ctx, MXB_ERANGE, "%s: override 'seed' = %g is out of range [0, %.0f] "
                      "(2^53 - 1)", path, it->value, MXB_SEED_OVR_MAX);
  if (it->value != floor(it->value))
    return mxbi_error(ctx, MXB_ETYPE, "%s: override 'seed' = %g must be a whole number",
                      path, it->value);
  *seed = (uint64_t)it->value;
  return MXB_OK;
}

static int ovr_ohm(mxb_ctx_t *ctx, mxbi_ovr_t *o, const char *path, const char *key,
                   double *out) {
  mxbi_ovr_item_t *it = mxbi_ovr_take(o, "", key);
  if (!it) return MXB_OK;
  if (!mxbi_finite(it->value) || it->value < 0 || it->value > 1e9)
    return mxbi_error(ctx, MXB_ERANGE, "%s: override '%s' = %g ohm is out of range [0, 1e9] ohm",
                      path, key, it->value);
  *out = it->value;
  return MXB_OK;
}

/* The array part of an array card into sp and its cell models. */
static int array_card(mxb_ctx_t *ctx, const cJSON *card, const char *path, mxbi_ovr_t *ovr,
                      mxb_array_spec_t *sp, mxb_device_t **mem, mxb_device_t **sel) {
  static const char *const keys[] = {"mxb_card", "kind", "title", "doc", "topology",
                                     "layers", "rows", "cols", "r_wire_row",
                                     "r_wire_col", "cell", "nonideal", NULL};
  const char *topo = NULL;
  int rc = mxbi_card_check_keys(ctx, card, path, "", keys);
  if (!rc) rc = mxbi_card_string(ctx, card, path, "topology", &topo);
  if (rc) return rc;
  if (strcmp(topo, "2d") == 0) sp->topology = MXB_TOPO_2D;
  else if (strcmp(topo, "1s1r") == 0) sp->topology = MXB_TOPO_1S1R;
  else if (strcmp(topo, "3d") == 0) sp->topology = MXB_TOPO_3D;
  else
    return mxbi_error(ctx, MXB_ERANGE, "%s: topology: '%s' is not one of 2d, 1s1r, 3d", path,
                      topo);
  if (mxbi_card_int(ctx, card, path, "layers", 1, MXB_MAX_LAYERS, 0, &sp->layers) ||
      mxbi_card_int(ctx, card, path, "rows", 1, MXB_MAX_DIM, 1, &sp->rows) ||
      mxbi_card_int(ctx, card, path, "cols", 1, MXB_MAX_DIM, 1, &sp->cols) ||
      mxbi_card_quantity(ctx, card, path, "r_wire_row", "ohm", 0, 1e9, &sp->r_wire_row, NULL) ||
      mxbi_card_quantity(ctx, card, path, "r_wire_col", "ohm", 0, 1e9, &sp->r_wire_col, NULL) ||
      ovr_int(ctx, ovr, path, "layers", 1, MXB_MAX_LAYERS, &sp->layers) ||
      ovr_int(ctx, ovr, path, "rows", 1, MXB_MAX_DIM, &sp->rows) ||
      ovr_int(ctx, ovr, path, "cols", 1, MXB_MAX_DIM, &sp->cols) ||
      ovr_ohm(ctx, ovr, path, "r_wire_row", &sp->r_wire_row) ||
      ovr_ohm(ctx, ovr, path, "r_wire_col", &sp->r_wire_col))
    return mxb_ctx_errcode(ctx);
  if (sp->topology == MXB_TOPO_1S1R ||
      (sp->topology == MXB_TOPO_3D && cell_is_stack(ctx, card, path, "cell")))
    return load_cell_1s1r(ctx, card, path, path, "cell", ovr, sel, mem);
  if (!(*mem = load_device(ctx, card, path, path, "cell", ovr, "cell.")))
    return mxb_ctx_errcode(ctx);
  return MXB_OK;
}

mxb_array_t *mxb_array_load(mxb_ctx_t *ctx, const char *name, const char *overrides) {
  if (!name) {
    mxbi_error(ctx, MXB_EINVAL, "mxb_array_load: NULL path");
    return NULL;
  }
  mxbi_ovr_t ovr = {0};
  if (mxbi_ovr_parse(ctx, overrides, &ovr)) {
    mxbi_error_where(ctx, name);
    return NULL;
  }
  mxb_array_t *a = NULL;
  mxb_device_t *mem = NULL, *sel = NULL;
  mxb_array_spec_t sp = {MXB_TOPO_2D, 1, 1, 1, 0.0, 0.0, NULL, NULL};
  uint64_t seed = mxb_ctx_seed(ctx);
  const char *kind = NULL;
  const cJSON *nsec = NULL;
  char path[MXB_PATH_MAX]; /* the card file found (card.h "Finding a card") */
  cJSON *card = mxbi_card_open(ctx, name, NULL, path, sizeof path);
  if (!card) goto done;
  if (mxbi_card_string(ctx, card, path, "kind", &kind)) goto done;
  if (strcmp(kind, "device") == 0) {
    /* a device card: a 1 x 1 2D array of that device on ideal wires, its
     * parameters overridden by their own names as in mxb_device_load */
    if (!(mem = mxbi_device_from_json(ctx, card, path, &ovr, ""))) goto done;
  } else if (strcmp(kind, "array") == 0) {
    if (array_card(ctx, card, path, &ovr, &sp, &mem, &sel)) goto done;
    nsec = cJSON_GetObjectItemCaseSensitive(card, "nonideal");
  } else {
    mxbi_error(ctx, MXB_EPARSE, "%s: kind is '%s' where an array card (or a device card, "
               "opened as a 1 x 1 array) is needed", path, kind);
    goto done;
  }
  if (ovr_seed(ctx, &ovr, path, &seed)) goto done;
  sp.cell = mem;
  sp.selector = sel;
  /* non-idealities: the "nonideal" object and "nonideal.<key>" overrides */
  mxbi_ni_t nip;
  if (mxbi_ni_from_json(ctx, &nip, nsec, path, &ovr, "nonideal.")) goto done;
  int ni_given = nsec != NULL;
  for (int i = 0; i < MXBI_NI_NPARAM; i++) ni_given |= nip.from[i] != MXBI_NI_FROM_DEFAULT;
  if (mxbi_ovr_check_used(ctx, &ovr, path)) goto done;
  if (check_spec(ctx, &sp)) {
    mxbi_error_where(ctx, path);
    goto done;
  }
  a = array_new_seeded(ctx, &sp, seed);
  if (a && ni_given && mxbi_array_ni_setup(a, &nip)) {
    mxbi_error_where(ctx, path);
    mxb_array_free(a);
    a = NULL;
  }
done:
  mxb_device_free(mem);
  mxb_device_free(sel);
  cJSON_Delete(card);
  mxbi_ovr_free(&ovr);
  return a;
}

/* ------------------------------------------------------------------ shape */

mxb_ctx_t *mxb_array_ctx(const mxb_array_t *a) { return a ? a->net.ctx : NULL; }

void mxb_array_shape(const mxb_array_t *a, mxb_topology_t *topo, int *layers,
                     int *rows, int *cols) {
  if (!a) return;
  if (topo) *topo = a->topo;
  if (layers) *layers = a->net.L;
  if (rows) *rows = a->net.R;
  if (cols) *cols = a->net.C;
}

int mxb_array_plane_lines(const mxb_array_t *a, int plane) {
  if (!a || plane < 0 || plane >= a->net.P) return -1;
  return mxbi_nlines(&a->net, plane);
}

double mxb_array_time(const mxb_array_t *a) { return a ? a->t : NAN; }

/* -------------------------------------------------------------- line ends */

int mxbi_check_line(mxb_array_t *a, int plane, int line, const char *fn) {
  if (plane < 0 || plane >= a->net.P)
    return mxbi_error(a->net.ctx, MXB_EINDEX, "%s: plane %d is out of range [0, %d]", fn,
                      plane, a->net.P - 1);
  if (line < 0 || line >= mxbi_nlines(&a->net, plane))
    return mxbi_error(a->net.ctx, MXB_EINDEX, "%s: plane %d line %d is out of range [0, %d]",
                      fn, plane, line, mxbi_nlines(&a->net, plane) - 1);
  return MXB_OK;
}

int mxbi_check_cell(const mxb_array_t *a, int layer, int row, int col, const char *fn) {
  if (layer < 0 || layer >= a->net.L || row < 0 || row >= a->net.R || col < 0 || col >= a->net.C)
    return mxbi_error(a->net.ctx, MXB_EINDEX,
                      "%s: cell (layer %d, row %d, col %d) is outside the %d x %d x %d array",
                      fn, layer, row, col, a->net.L, a->net.R, a->net.C);
  return MXB_OK;
}

static const char *kind_name(mxb_term_kind_t k) {
  switch (k) {
  case MXB_TERM_FLOAT: return "float";
  case MXB_TERM_VOLTAGE: return "voltage";
  case MXB_TERM_CURRENT: return "current";
  case MXB_TERM_SENSE: return "sense";
  }
  return "?";
}

/* Apply a new setting to one end of line gl (advanced already). Recording
 * only: the network is solved by the next call that needs values (array.h
 * "Lazy solve"). Field by field: a struct built on the caller's stack and
 * read back as one 16-byte copy would stall on store forwarding, and these
 * calls come by the line per read. */
static void set_end1(mxb_array_t *a, int gl, int end, mxb_term_kind_t kind, double value,
                     double r) {
  mxbi_term_t *t = &a->net.term[2 * gl + end];
  if (t->kind == kind && t->value == value && t->r == r)
    return; /* nothing changes: the solution stays */
  t->kind = kind;
  t->value = value;
  t->r = r;
  a->solved = 0;
  a->settled = 0;
}

/* The range of a line end's value and resistance (array.h "Drive limits"):
 * values a simulator may send by mistake (a string literal read as a real
 * is 3.16e6, a code not converted to volts) are refused at the call rather
 * than solved into a plausible-looking read. */
static int check_end_range(mxb_array_t *a, const char *fn, int plane, int line, int end,
                           mxb_term_kind_t kind, double value, double r) {
  char e = end ? 'B' : 'A';
  if (kind == MXB_TERM_VOLTAGE && !(fabs(value) <= MXB_V_MAX))
    return mxbi_error(a->net.ctx, MXB_ERANGE, "%s: plane %d line %d end %c (voltage): %g V is "
                      "out of range [-%g, %g] V", fn, plane, line, e, value, MXB_V_MAX,
                      MXB_V_MAX);
  if (kind == MXB_TERM_CURRENT && !(fabs(value) <= MXB_I_MAX))
    return mxbi_error(a->net.ctx, MXB_ERANGE, "%s: plane %d line %d end %c (current): %g A is "
                      "out of range [-%g, %g] A", fn, plane, line, e, value, MXB_I_MAX,
                      MXB_I_MAX);
  if ((kind == MXB_TERM_VOLTAGE || kind == MXB_TERM_SENSE) && !(r >= 0 && r <= MXB_R_MAX))
    return mxbi_error(a->net.ctx, MXB_ERANGE, "%s: plane %d line %d end %c (%s): r = %g ohm is "
                      "out of range [0, %g] ohm (0: ideal)", fn, plane, line, e, kind_name(kind),
                      r, MXB_R_MAX);
  return MXB_OK;
}

/* mxb_array_set_end on behalf of fn (messages name the caller's call). */
static int set_end_fn(mxb_array_t *a, const char *fn, double t, int plane, int line,
                      mxb_line_end_t end, mxb_term_kind_t kind, double value, double r) {
  if (!a) return MXB_EINVAL;
  int rc = mxbi_check_line(a, plane, line, fn);
  if (rc) return rc;
  if (end != MXB_END_A && end != MXB_END_B)
    return mxbi_error(a->net.ctx, MXB_EINVAL, "%s: plane %d line %d: end %d is not A (0) or B (1)",
                      fn, plane, line, (int)end);
  if (kind != MXB_TERM_FLOAT && kind != MXB_TERM_VOLTAGE && kind != MXB_TERM_CURRENT &&
      kind != MXB_TERM_SENSE)
    return mxbi_error(a->net.ctx, MXB_EINVAL, "%s: plane %d line %d: unknown end kind %d", fn,
                      plane, line, (int)kind);
  if (!mxbi_finite(value) || !mxbi_finite(r))
    return mxbi_error(a->net.ctx, MXB_ENAN, "%s: plane %d line %d end %c (%s): value %g, r %g "
                      "ohm must be finite", fn, plane, line, end ? 'B' : 'A',
                      kind_name(kind), value, r);
  if (r < 0)
    return mxbi_error(a->net.ctx, MXB_ERANGE, "%s: plane %d line %d end %c (%s): r = %g ohm "
                      "must be >= 0", fn, plane, line, end ? 'B' : 'A', kind_name(kind), r);
  if ((rc = check_end_range(a, fn, plane, line, (int)end, kind, value, r))) return rc;
  rc = mxbi_array_advance(a, t, fn);
  if (rc) return rc;
  set_end1(a, a->net.lbase[plane] + line, end, kind,
           kind == MXB_TERM_FLOAT || kind == MXB_TERM_SENSE ? 0.0 : value,
           kind == MXB_TERM_VOLTAGE || kind == MXB_TERM_SENSE ? r : 0.0);
  return MXB_OK;
}

int mxb_array_set_end(mxb_array_t *a, double t, int plane, int line, mxb_line_end_t end,
                      mxb_term_kind_t kind, double value, double r) {
  return set_end_fn(a, "mxb_array_set_end", t, plane, line, end, kind, value, r);
}

int mxb_array_drive(mxb_array_t *a, double t, int plane, int line, double volts,
                    double r_source) {
  return set_end_fn(a, "mxb_array_drive", t, plane, line, MXB_END_A, MXB_TERM_VOLTAGE, volts,
                    r_source);
}

int mxb_array_sense(mxb_array_t *a, double t, int plane, int line, double r_sense) {
  return set_end_fn(a, "mxb_array_sense", t, plane, line, MXB_END_A, MXB_TERM_SENSE, 0.0,
                    r_sense);
}

int mxb_array_float(mxb_array_t *a, double t, int plane, int line) {
  static const char fn[] = "mxb_array_float";
  if (!a) return MXB_EINVAL;
  int rc = mxbi_check_line(a, plane, line, fn);
  if (!rc) rc = mxbi_array_advance(a, t, fn);
  if (rc) return rc;
  for (int e = 0; e < 2; e++) set_end1(a, a->net.lbase[plane] + line, e, MXB_TERM_FLOAT, 0.0, 0.0);
  return MXB_OK;
}

