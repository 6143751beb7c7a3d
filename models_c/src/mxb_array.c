/* mxbar: crossbar arrays: creation and cards, line ends, time advance with
 * adaptive sub-steps, energy, reads. The network solve of the general case
 * lives in mxb_solve.c, the netlist export in mxb_spice.c.
 *
 * Solution. After any change (a line end, a cell state, a time advance that
 * moved a state) the array is marked unsolved and the next call that needs
 * values solves it. The fast path applies when every line has no wire
 * resistance and at least one ideal end (a voltage source with r = 0 or a
 * virtual ground): each cell sees its two line voltages, and cells are
 * independent (1S1R: one scalar solve of the internal node per cell). Any
 * other configuration goes to the network solver (mxbi_solve_network).
 *
 * Which path solves (stat_path records it):
 *  - lean (MXBI_PATH_LEAN): the fast-path case for a 2D array of a class
 *    that declares a window of constant conductance (ohmic() in device.h:
 *    linear_resistor everywhere, threshold_memristor below its thresholds),
 *    with no capacitance and every cell voltage inside the window common to
 *    all cells: per-cell G and the window are cached while the states do
 *    not change, a solve is one pass giving every line's current (an axpy
 *    per row when all columns sit at one voltage), no step limit is asked
 *    (nothing moves), node voltages and cell currents are filled only when
 *    read. A drive outside the window takes the fast path below;
 *  - fast (MXBI_PATH_FAST): every other fast-path case (nonlinear classes,
 *    1S1R, 3D), one class call per cell;
 *  - iterative (MXBI_PATH_ITER, mxb_solve_iter.c): 2D and 3D with wire
 *    resistance, non-ideal ends or floating lines: Newton + preconditioned CG;
 *  - KLU (MXBI_PATH_KLU, mxb_solve.c): 1S1R networks, and the fallback when
 *    the iterative solver meets dI/dV < 0 or does not converge.
 *
 * Time advance from t_last to t:
 *  - nothing can move (every step limit INFINITY and no capacitor transient):
 *    energy += power * dt, O(1);
 *  - fast path: each cell is integrated on its own under its fixed voltage
 *    with sub-steps bounded by its class's step limit (trapezoidal energy);
 *  - general path: global sub-steps bounded by the smallest step limit; the
 *    network is re-solved after each sub-step since states moved;
 *  - capacitor transient (a cell capacitance on a node that is not held by an
 *    ideal source, or any capacitance in a 1S1R cell): implicit steps of the
 *    whole network from the carried capacitor voltages (charge conserved on
 *    floating nodes), backward Euler then BDF2 under local error control,
 *    moving cells sub-stepped within a step while their voltage holds (see
 *    advance_rc), the states advanced under the step's end voltages. Once
 *    the capacitor voltages stop moving (and no state moves) the transient
 *    is over and further holds are O(1) again.
 * Reads return the operating point of the network for the present drives and
 * states (capacitors charged); capacitor voltages are state carried across
 * drive changes and used by the transient. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mxb_array_impl.h"

/* Sub-steps one advance may take before it reports a stiff model. */
#define MXB_MAX_SUBSTEPS 20000000L
/* Largest change of a capacitor voltage in one backward-Euler step (V). */
#define MXB_DV_STEP 5e-3
/* Local error per backward-Euler step of a capacitor voltage: absolute (V)
 * and relative; largest growth of the step from one step to the next; a
 * moving cell whose step limit changes by less than MXB_RC_STEADY between
 * solutions holds its voltage (advance_rc). */
#define MXB_RC_TOL 1e-3
#define MXB_RC_RTOL 1e-3
#define MXB_RC_GROW 2.0
#define MXB_RC_STEADY 0.01
/* Capacitor voltages that move less than this in a step are settled (V). */
#define MXB_DV_SETTLED 1e-9
/* Smallest RC step (s) before the transient is reported as stiff. */
#define MXB_H_MIN 1e-18
/* Largest array: cells and the size of each dimension. */
#define MXB_MAX_DIM 65536
#define MXB_MAX_LAYERS 1024
#define MXB_MAX_CELLS (1L << 28)

/* ---------------------------------------------------------------- helpers */

static const char *topo_name(mxb_topology_t t) {
  return t == MXB_TOPO_2D ? "2d" : t == MXB_TOPO_1S1R ? "1s1r" : "3d";
}

mxb_dev_rng_t mxbi_array_rng(const mxb_array_t *a, int sel, size_t ci) {
  unsigned c = (unsigned)(ci % (size_t)a->C);
  unsigned r = (unsigned)((ci / (size_t)a->C) % (size_t)a->R);
  unsigned k = (unsigned)(ci / ((size_t)a->C * (size_t)a->R));
  /* the selector of a 1S1R cell (layer 0) draws from layer 1's streams */
  if (sel) k += 1;
  mxb_dev_rng_t g = {mxb_ctx_seed(a->ctx), mxb_rng_stream(MXB_RNG_D2D, k, r, c),
                     mxb_rng_stream(MXB_RNG_C2C, k, r, c),
                     mxb_rng_stream(MXB_RNG_READ, k, r, c)};
  return g;
}

static void cell_coords(const mxb_array_t *a, size_t ci, int *k, int *r, int *c) {
  *c = (int)(ci % (size_t)a->C);
  *r = (int)((ci / (size_t)a->C) % (size_t)a->R);
  *k = (int)(ci / ((size_t)a->C * (size_t)a->R));
}

/* Top and bottom node of cell ci. */
static void cell_nodes(const mxb_array_t *a, size_t ci, size_t *top, size_t *bot) {
  size_t rc = (size_t)a->R * (size_t)a->C;
  *top = ci;        /* plane k has the same (r, c) layout as layer k */
  *bot = ci + rc;
}

/* Line (global index) of plane p through position (r, c). */
static int line_of(const mxb_array_t *a, int p, int r, int c) {
  return a->lbase[p] + (mxbi_plane_rows(p) ? r : c);
}

static double *mem_state(const mxb_array_t *a, size_t ci) {
  return a->sm + ci * a->nsm;
}
static double *sel_state(const mxb_array_t *a, size_t ci) {
  return a->ss + ci * a->nss;
}

int mxbi_pair_solve(const mxb_array_t *a, size_t ci, double v, double *vm,
                    double *amps) {
  const double *ss = sel_state(a, ci), *sm = mem_state(a, ci);
  double lo = v < 0 ? v : 0, hi = v < 0 ? 0 : v;
  double m = *vm;
  if (!(m >= lo && m <= hi)) m = 0.5 * (lo + hi);
  if (v == 0.0) {
    *vm = 0.0;
    *amps = 0.0;
    return MXB_OK;
  }
  double tol = 1e-14 + 1e-13 * fabs(v);
  for (int it = 0; it < 300; it++) {
    double gs, gm;
    double f = a->cs->current(a->ps, ss, v - m, &gs) - a->cm->current(a->pm, sm, m, &gm);
    if (f > 0) lo = m; else if (f < 0) hi = m; else break;
    double d = gs + gm, mn = (d > 0) ? m + f / d : 0.5 * (lo + hi);
    if (!(mn > lo && mn < hi)) mn = 0.5 * (lo + hi);
    double step = fabs(mn - m);
    m = mn;
    if (step <= tol || hi - lo <= tol) break;
  }
  double g;
  *vm = m;
  *amps = a->cm->current(a->pm, sm, m, &g);
  return MXB_OK;
}

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
  return MXB_OK;
}

void mxb_array_free(mxb_array_t *a) {
  if (!a) return;
  mxbi_solver_free(a->sv);
  mxbi_iter_free(a->it);
  mxb_device_free(a->mem);
  mxb_device_free(a->sel);
  free(a->sm);
  free(a->ss);
  free(a->lbase);
  free(a->term);
  free(a->vn);
  free(a->vm);
  free(a->ic);
  free(a->iend);
  free(a->lout);
  free(a->uc_m);
  free(a->uc_s);
  free(a->glin);
  free(a->vline);
  free(a->ck);
  free(a->rc_hist);
  free(a->rc_term);
  free(a);
}

mxb_array_t *mxb_array_new(mxb_ctx_t *ctx, const mxb_array_spec_t *spec) {
  if (check_spec(ctx, spec)) return NULL;
  mxb_array_t *a = calloc(1, sizeof *a);
  if (!a) goto nomem;
  a->ctx = ctx;
  a->topo = spec->topology;
  a->L = spec->layers;
  a->R = spec->rows;
  a->C = spec->cols;
  a->P = a->L + 1;
  a->ncell = (size_t)a->L * (size_t)a->R * (size_t)a->C;
  a->nnode = (size_t)a->P * (size_t)a->R * (size_t)a->C;
  a->rw[0] = spec->r_wire_row;
  a->rw[1] = spec->r_wire_col;
  a->mem = mxb_device_clone(ctx, spec->cell);
  if (!a->mem) goto fail;
  a->cm = mxb_device_class(a->mem);
  a->pm = mxb_device_params(a->mem);
  a->nsm = a->cm->n_state;
  if (a->topo == MXB_TOPO_1S1R) {
    a->sel = mxb_device_clone(ctx, spec->selector);
    if (!a->sel) goto fail;
    a->cs = mxb_device_class(a->sel);
    a->ps = mxb_device_params(a->sel);
    a->nss = a->cs->n_state;
  }
  a->lbase = calloc((size_t)a->P + 1, sizeof *a->lbase);
  if (!a->lbase) goto nomem;
  for (int p = 0; p < a->P; p++) a->lbase[p + 1] = a->lbase[p] + mxbi_nlines(a, p);
  a->nline = a->lbase[a->P];
  a->term = calloc((size_t)a->nline * 2, sizeof *a->term);
  a->iend = calloc((size_t)a->nline * 2, sizeof *a->iend);
  a->lout = calloc((size_t)a->nline, sizeof *a->lout);
  a->sm = calloc(a->ncell * (a->nsm ? a->nsm : 1), sizeof *a->sm);
  a->vn = calloc(a->nnode, sizeof *a->vn);
  a->ic = calloc(a->ncell, sizeof *a->ic);
  if (!a->term || !a->iend || !a->lout || !a->sm || !a->vn || !a->ic) goto nomem;
  if (a->sel) {
    a->ss = calloc(a->ncell * (a->nss ? a->nss : 1), sizeof *a->ss);
    a->vm = calloc(a->ncell, sizeof *a->vm);
    if (!a->ss || !a->vm) goto nomem;
  }
  if (a->cm->capacitance || (a->cs && a->cs->capacitance)) {
    a->uc_m = calloc(a->ncell, sizeof *a->uc_m);
    a->uc_s = calloc(a->ncell, sizeof *a->uc_s);
    if (!a->uc_m || !a->uc_s) goto nomem;
  }
  for (size_t ci = 0; ci < a->ncell; ci++) {
    mxb_dev_rng_t g = mxbi_array_rng(a, 0, ci);
    int rc = a->cm->init(a->pm, mem_state(a, ci), &g);
    if (!rc && a->sel) {
      g = mxbi_array_rng(a, 1, ci);
      rc = a->cs->init(a->ps, sel_state(a, ci), &g);
    }
    if (rc) {
      int k, r, c;
      cell_coords(a, ci, &k, &r, &c);
      mxbi_error(ctx, rc, "array: class '%s' failed to initialise cell (layer %d, row %d, col %d)",
                 a->sel && rc ? a->cs->name : a->cm->name, k, r, c);
      goto fail;
    }
  }
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

/* ------------------------------------------------------------------- cards */

static mxb_device_t *load_device(mxb_ctx_t *ctx, const cJSON *obj, const char *base,
                                 const char *key, mxbi_ovr_t *ovr, const char *prefix) {
  cJSON *owned = NULL;
  const cJSON *card = NULL;
  char sub[MXB_PATH_MAX];
  if (mxbi_card_sub(ctx, obj, base, key, &owned, &card, sub, sizeof sub)) return NULL;
  mxb_device_t *d = mxbi_device_from_json(ctx, card, sub, ovr, prefix);
  cJSON_Delete(owned);
  return d;
}

/* The 1S1R cell card at obj[key]: selector and memory models. */
static int load_cell_1s1r(mxb_ctx_t *ctx, const cJSON *obj, const char *base,
                          const char *key, mxbi_ovr_t *ovr, mxb_device_t **sel,
                          mxb_device_t **mem) {
  static const char *const keys[] = {"mxb_card", "kind", "title", "doc",
                                     "selector", "memory", NULL};
  cJSON *owned = NULL;
  const cJSON *card = NULL;
  char sub[MXB_PATH_MAX];
  const char *kind = NULL;
  int rc = mxbi_card_sub(ctx, obj, base, key, &owned, &card, sub, sizeof sub);
  if (rc) return rc;
  rc = mxbi_card_check_keys(ctx, card, sub, "", keys);
  if (!rc) rc = mxbi_card_string(ctx, card, sub, "kind", &kind);
  if (!rc && strcmp(kind, "cell_1s1r") != 0)
    rc = mxbi_error(ctx, MXB_EPARSE, "%s: kind is '%s' where a cell_1s1r card is needed",
                    sub, kind);
  if (!rc && !(*sel = load_device(ctx, card, sub, "selector", ovr, "cell.selector.")))
    rc = mxb_ctx_errcode(ctx);
  if (!rc && !(*mem = load_device(ctx, card, sub, "memory", ovr, "cell.memory.")))
    rc = mxb_ctx_errcode(ctx);
  cJSON_Delete(owned);
  return rc ? rc : MXB_OK;
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

mxb_array_t *mxb_array_load(mxb_ctx_t *ctx, const char *path, const char *overrides) {
  static const char *const keys[] = {"mxb_card", "kind", "title", "doc", "topology",
                                     "layers", "rows", "cols", "r_wire_row",
                                     "r_wire_col", "cell", NULL};
  if (!path) {
    mxbi_error(ctx, MXB_EINVAL, "mxb_array_load: NULL path");
    return NULL;
  }
  mxbi_ovr_t ovr = {0};
  if (mxbi_ovr_parse(ctx, overrides, &ovr)) {
    mxbi_error_where(ctx, path);
    return NULL;
  }
  mxb_array_t *a = NULL;
  mxb_device_t *mem = NULL, *sel = NULL;
  mxb_array_spec_t sp = {MXB_TOPO_2D, 1, 0, 0, 0.0, 0.0, NULL, NULL};
  const char *kind = NULL, *topo = NULL;
  cJSON *card = mxbi_card_read(ctx, path);
  if (!card) goto done;
  if (mxbi_card_string(ctx, card, path, "kind", &kind)) goto done;
  if (strcmp(kind, "array") != 0) {
    mxbi_error(ctx, MXB_EPARSE, "%s: kind is '%s' where an array card is needed", path, kind);
    goto done;
  }
  if (mxbi_card_check_keys(ctx, card, path, "", keys)) goto done;
  if (mxbi_card_string(ctx, card, path, "topology", &topo)) goto done;
  if (strcmp(topo, "2d") == 0) sp.topology = MXB_TOPO_2D;
  else if (strcmp(topo, "1s1r") == 0) sp.topology = MXB_TOPO_1S1R;
  else if (strcmp(topo, "3d") == 0) sp.topology = MXB_TOPO_3D;
  else {
    mxbi_error(ctx, MXB_ERANGE, "%s: topology: '%s' is not one of 2d, 1s1r, 3d", path, topo);
    goto done;
  }
  if (mxbi_card_int(ctx, card, path, "layers", 1, MXB_MAX_LAYERS, 0, &sp.layers) ||
      mxbi_card_int(ctx, card, path, "rows", 1, MXB_MAX_DIM, 1, &sp.rows) ||
      mxbi_card_int(ctx, card, path, "cols", 1, MXB_MAX_DIM, 1, &sp.cols) ||
      mxbi_card_quantity(ctx, card, path, "r_wire_row", "ohm", 0, 1e9, &sp.r_wire_row, NULL) ||
      mxbi_card_quantity(ctx, card, path, "r_wire_col", "ohm", 0, 1e9, &sp.r_wire_col, NULL) ||
      ovr_int(ctx, &ovr, path, "layers", 1, MXB_MAX_LAYERS, &sp.layers) ||
      ovr_int(ctx, &ovr, path, "rows", 1, MXB_MAX_DIM, &sp.rows) ||
      ovr_int(ctx, &ovr, path, "cols", 1, MXB_MAX_DIM, &sp.cols) ||
      ovr_ohm(ctx, &ovr, path, "r_wire_row", &sp.r_wire_row) ||
      ovr_ohm(ctx, &ovr, path, "r_wire_col", &sp.r_wire_col))
    goto done;
  if (sp.topology == MXB_TOPO_1S1R) {
    if (load_cell_1s1r(ctx, card, path, "cell", &ovr, &sel, &mem)) goto done;
  } else if (!(mem = load_device(ctx, card, path, "cell", &ovr, "cell."))) {
    goto done;
  }
  sp.cell = mem;
  sp.selector = sel;
  if (mxbi_ovr_check_used(ctx, &ovr, path)) goto done;
  if (check_spec(ctx, &sp)) {
    mxbi_error_where(ctx, path);
    goto done;
  }
  a = mxb_array_new(ctx, &sp);
done:
  mxb_device_free(mem);
  mxb_device_free(sel);
  cJSON_Delete(card);
  mxbi_ovr_free(&ovr);
  return a;
}

/* ------------------------------------------------------------------ shape */

mxb_ctx_t *mxb_array_ctx(const mxb_array_t *a) { return a ? a->ctx : NULL; }

void mxb_array_shape(const mxb_array_t *a, mxb_topology_t *topo, int *layers,
                     int *rows, int *cols) {
  if (!a) return;
  if (topo) *topo = a->topo;
  if (layers) *layers = a->L;
  if (rows) *rows = a->R;
  if (cols) *cols = a->C;
}

int mxb_array_plane_lines(const mxb_array_t *a, int plane) {
  if (!a || plane < 0 || plane >= a->P) return -1;
  return mxbi_nlines(a, plane);
}

double mxb_array_time(const mxb_array_t *a) { return a ? a->t : NAN; }

/* ------------------------------------------------------------------ solve */

/* Line voltage fixed by an ideal end (zero-resistance wire), or NaN. Sets
 * *conflict when both ends are ideal at different voltages. */
static double line_fixed(const mxb_array_t *a, int p, int gl, int *conflict) {
  const mxbi_term_t *ta = &a->term[2 * gl], *tb = &a->term[2 * gl + 1];
  *conflict = 0;
  if (mxbi_rwire(a, p) != 0.0) return NAN;
  int ia = mxbi_term_ideal(ta), ib = mxbi_term_ideal(tb);
  if (ia && ib && mxbi_term_volts(ta) != mxbi_term_volts(tb)) *conflict = 1;
  if (ia) return mxbi_term_volts(ta);
  if (ib) return mxbi_term_volts(tb);
  return NAN;
}

/* Check the settings and decide the path: fast when every line is held by an
 * ideal end over a zero-resistance wire and no capacitor has dynamics. */
static int classify(mxb_array_t *a, int *all_fixed) {
  *all_fixed = 1;
  for (int p = 0; p < a->P; p++) {
    if (mxbi_rwire(a, p) != 0.0) { /* no line of the plane is held */
      *all_fixed = 0;
      if (a->vline)
        for (int l = 0; l < mxbi_nlines(a, p); l++) a->vline[a->lbase[p] + l] = NAN;
      continue;
    }
    for (int l = 0; l < mxbi_nlines(a, p); l++) {
      const mxbi_term_t *t2 = &a->term[2 * (a->lbase[p] + l)];
      int ia = mxbi_term_ideal(&t2[0]), ib = mxbi_term_ideal(&t2[1]);
      double v = ia ? mxbi_term_volts(&t2[0]) : ib ? mxbi_term_volts(&t2[1]) : NAN;
      int conflict = ia && ib && mxbi_term_volts(&t2[0]) != mxbi_term_volts(&t2[1]);
      if (conflict)
        return mxbi_error(a->ctx, MXB_ESINGULAR,
                          "array: plane %d line %d: ends A and B hold %g V and %g V "
                          "on a wire of zero resistance (sources in short circuit)",
                          p, l, mxbi_term_volts(&a->term[2 * (a->lbase[p] + l)]),
                          mxbi_term_volts(&a->term[2 * (a->lbase[p] + l) + 1]));
      if (!ia && !ib) *all_fixed = 0;
      if (a->vline) a->vline[a->lbase[p] + l] = v; /* for the lean path */
    }
  }
  return MXB_OK;
}

/* Whether capacitor voltages have dynamics under the present settings. */
static int caps_dynamic(const mxb_array_t *a, int all_fixed) {
  return a->caps && (!all_fixed || a->sel);
}

/* Capacitances of cell ci's memory and selector (0 when none). */
static void cell_caps(const mxb_array_t *a, size_t ci, double *cm, double *cs) {
  *cm = a->cm->capacitance ? a->cm->capacitance(a->pm, mem_state(a, ci)) : 0.0;
  *cs = (a->cs && a->cs->capacitance) ? a->cs->capacitance(a->ps, sel_state(a, ci)) : 0.0;
}

static void end_currents(mxb_array_t *a, int lean);

/* From the node voltages (vn, vm): cell currents, step limits, end currents
 * and powers. h > 0: the solution is a backward-Euler step of length h, and
 * the capacitor currents C (u - u_prev) / h count in the lines' balance. */
static int post_solve(mxb_array_t *a, double h) {
  memset(a->lout, 0, (size_t)a->nline * sizeof *a->lout);
  double pc = 0.0, hmin = INFINITY;
  /* a class without state has nothing to integrate (step limit INFINITY) */
  int stateless = !a->sel && a->nsm == 0;
  size_t ci = 0;
  for (int k = 0; k < a->L; k++)
  for (int r = 0; r < a->R; r++)
  for (int c = 0; c < a->C; c++, ci++) {
    size_t top, bot;
    cell_nodes(a, ci, &top, &bot);
    double vt = a->vn[top], vb = a->vn[bot], v = vt - vb, g, i, itop, ibot, hl;
    if (!a->sel) {
      const double *s = mem_state(a, ci);
      i = a->cm->current(a->pm, s, v, &g);
      hl = stateless ? INFINITY : a->cm->step_limit(a->pm, s, v);
      itop = ibot = i;
    } else {
      double m = a->vm[ci];
      const double *s = mem_state(a, ci), *q = sel_state(a, ci);
      i = a->cm->current(a->pm, s, m - vb, &g);
      itop = a->cs->current(a->ps, q, vt - m, &g);
      ibot = i;
      hl = a->cm->step_limit(a->pm, s, m - vb);
      double h2 = a->cs->step_limit(a->ps, q, vt - m);
      if (h2 < hl) hl = h2;
      pc += (vt - m) * itop + (m - vb) * i;
      i = 0.5 * (i + itop);
    }
    if (!a->sel) pc += v * i;
    if (!(hl > 0)) {
      return mxbi_error(a->ctx, MXB_ECONV,
                        "array: cell (layer %d, row %d, col %d): step limit %g s "
                        "at V = %g V", k, r, c, hl, v);
    }
    if (hl < hmin) hmin = hl;
    if (h > 0 && a->caps) {
      double cmm, css;
      cell_caps(a, ci, &cmm, &css);
      if (a->sel) {
        double m = a->vm[ci];
        itop += css / h * ((vt - m) - a->uc_s[ci]);
        ibot += cmm / h * ((m - vb) - a->uc_m[ci]);
      } else {
        itop += cmm / h * (v - a->uc_m[ci]);
        ibot = itop;
      }
    }
    a->ic[ci] = i;
    a->lout[line_of(a, k, r, c)] += itop;
    a->lout[line_of(a, k + 1, r, c)] -= ibot;
  }
  a->ic_stale = 0;
  a->p_cell = pc;
  a->h_min = hmin;
  end_currents(a, 0);
  return MXB_OK;
}

/* Currents at every line end from the line currents into the cells (lout)
 * and the node voltages (lean: the held line voltages vline); sets p_src. */
static void end_currents(mxb_array_t *a, int lean) {
  double ps = 0.0;
  for (int p = 0; p < a->P; p++) {
    double rw = mxbi_rwire(a, p);
    int n = mxbi_npos(a, p);
    for (int l = 0; l < mxbi_nlines(a, p); l++) {
      int gl = a->lbase[p] + l;
      const mxbi_term_t *t2 = &a->term[2 * gl];
      if (rw == 0.0 && (t2[0].kind == MXB_TERM_FLOAT || t2[1].kind == MXB_TERM_FLOAT)) {
        int e = t2[0].kind == MXB_TERM_FLOAT; /* the other end */
        if (mxbi_term_ideal(&t2[e])) { /* it supplies the whole line */
          a->iend[2 * gl + e] = a->lout[gl];
          a->iend[2 * gl + 1 - e] = 0.0;
          ps += mxbi_term_volts(&t2[e]) * a->lout[gl];
          continue;
        }
      }
      double vA = lean ? a->vline[gl] : a->vn[mxbi_line_node(a, p, l, 0)];
      double vB = lean ? a->vline[gl] : a->vn[mxbi_line_node(a, p, l, n - 1)];
      double need = a->lout[gl]; /* to be supplied by ideal ends */
      int n_ideal = 0;
      for (int e = 0; e < 2; e++) {
        const mxbi_term_t *t = &a->term[2 * gl + e];
        double vnode = e ? vB : vA, i = 0.0;
        if (rw == 0.0 && mxbi_term_ideal(t)) {
          n_ideal++;
          continue;
        }
        switch (t->kind) {
        case MXB_TERM_VOLTAGE:
        case MXB_TERM_SENSE:
          i = (mxbi_term_volts(t) - vnode) / (rw + t->r);
          ps += mxbi_term_volts(t) * i;
          break;
        case MXB_TERM_CURRENT:
          i = t->value;
          ps += i * (vnode + i * rw);
          break;
        default:
          break;
        }
        a->iend[2 * gl + e] = i;
        need -= i;
      }
      for (int e = 0; e < 2 && n_ideal; e++) {
        const mxbi_term_t *t = &a->term[2 * gl + e];
        if (rw == 0.0 && mxbi_term_ideal(t)) {
          double i = need / n_ideal;
          a->iend[2 * gl + e] = i;
          ps += mxbi_term_volts(t) * i;
        }
      }
    }
  }
  a->p_src = ps;
}

/* Capacitor voltages of cell ci in the present solution (memory, selector). */
static void cell_u(const mxb_array_t *a, size_t ci, double *um, double *us) {
  size_t top, bot;
  cell_nodes(a, ci, &top, &bot);
  if (a->sel) {
    *us = a->vn[top] - a->vm[ci];
    *um = a->vm[ci] - a->vn[bot];
  } else {
    *um = a->vn[top] - a->vn[bot];
    *us = 0.0;
  }
}

/* Copy the device voltages of the solution into the capacitor voltages. */
static void caps_follow(mxb_array_t *a) {
  if (!a->uc_m) return;
  for (size_t ci = 0; ci < a->ncell; ci++) {
    double um, us;
    cell_u(a, ci, &um, &us);
    a->uc_m[ci] = um;
    if (a->sel) a->uc_s[ci] = us;
  }
}

/* Fast path: every line held at a known voltage. */
static int solve_fast(mxb_array_t *a) {
  a->stat_path = MXBI_PATH_FAST;
  for (int p = 0; p < a->P; p++) {
    int n = mxbi_npos(a, p);
    for (int l = 0; l < mxbi_nlines(a, p); l++) {
      int conflict;
      double v = line_fixed(a, p, a->lbase[p] + l, &conflict);
      for (int q = 0; q < n; q++) a->vn[mxbi_line_node(a, p, l, q)] = v;
    }
  }
  if (a->sel)
    for (size_t ci = 0; ci < a->ncell; ci++) {
      size_t top, bot;
      double i;
      cell_nodes(a, ci, &top, &bot);
      double vb = a->vn[bot], m = a->vm[ci] - vb;
      mxbi_pair_solve(a, ci, a->vn[top] - vb, &m, &i);
      a->vm[ci] = m + vb;
    }
  return MXB_OK;
}

/* Lean path applies: 2D, fast (every line held), no 1S1R, no capacitance,
 * a class that declares where it is a constant conductance (ohmic(), see
 * device.h), with the per-cell conductances and the window common to every
 * cell cached (recomputed when the states may have moved, gen). Whether the
 * present cell voltages are inside that window is checked per solve
 * (lean_window). */
static int lean_ok(mxb_array_t *a) {
  if (a->sel || a->L != 1 || a->caps || a->lean_off || !a->cm->ohmic) return 0;
  if (a->gen_glin == a->gen) return a->lin_ok;
  if (!a->glin) a->glin = malloc(a->ncell * sizeof *a->glin);
  if (!a->vline) a->vline = malloc(((size_t)a->nline + (size_t)a->R) * sizeof *a->vline);
  if (!a->glin || !a->vline) return 0; /* the general fast path needs no memory */
  a->lin_ok = 1;
  double *growsum = a->vline + a->nline, lo = -INFINITY, hi = INFINITY;
  for (int r = 0; r < a->R && a->lin_ok; r++) {
    double sum = 0.0;
    for (int c = 0; c < a->C; c++) {
      size_t ci = (size_t)r * (size_t)a->C + (size_t)c;
      double vlo, vhi, g = a->cm->ohmic(a->pm, mem_state(a, ci), &vlo, &vhi);
      a->glin[ci] = g;
      sum += g;
      if (vlo > lo) lo = vlo;
      if (vhi < hi) hi = vhi;
    }
    growsum[r] = sum;
    a->lin_ok = mxbi_finite(sum) && lo <= 0.0 && hi >= 0.0;
  }
  a->lean_lo = lo;
  a->lean_hi = hi;
  a->gen_glin = a->gen;
  return a->lin_ok;
}

/* Every cell voltage (row line minus column line) inside the window where
 * every cell is a constant conductance (lean_ok ran; vline filled). Rounding
 * is monotone, so the extreme line voltages give the extreme cell voltages
 * exactly as the per-cell path computes them. */
static int lean_window(const mxb_array_t *a) {
  const double *vr = a->vline + a->lbase[0], *vc = a->vline + a->lbase[1];
  double rmin = vr[0], rmax = vr[0], cmin = vc[0], cmax = vc[0];
  for (int r = 1; r < a->R; r++) {
    rmin = vr[r] < rmin ? vr[r] : rmin;
    rmax = vr[r] > rmax ? vr[r] : rmax;
  }
  for (int c = 1; c < a->C; c++) {
    cmin = vc[c] < cmin ? vc[c] : cmin;
    cmax = vc[c] > cmax ? vc[c] : cmax;
  }
  return rmin - cmax >= a->lean_lo && rmax - cmin <= a->lean_hi;
}

/* y -= g * dv (the inner loop of the lean read, as plain as the MVM a user
 * would write). GCC's -O2 cost model ("very cheap") leaves it scalar; the
 * "cheap" model vectorises it, as clang does at -O2. */
#if defined(__GNUC__) && !defined(__clang__)
__attribute__((optimize("vect-cost-model=cheap")))
#endif
static void axpy_neg(double *restrict y, const double *restrict g, double dv, int n) {
  for (int c = 0; c < n; c++) y[c] -= g[c] * dv;
}

/* x . y in four partial sums (no serial chain of dependent adds). */
static double dot(const double *x, const double *y, int n) {
  double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    s0 += x[i] * y[i];
    s1 += x[i + 1] * y[i + 1];
    s2 += x[i + 2] * y[i + 2];
    s3 += x[i + 3] * y[i + 3];
  }
  for (; i < n; i++) s0 += x[i] * y[i];
  return (s0 + s1) + (s2 + s3);
}

/* The lean solve (line voltages in vline, every cell voltage inside the
 * window): one pass over the cells for the line currents (row line out = sum
 * of its cells' currents, column line in = the same by column), the cells'
 * power from the line sums, and the end currents. Nothing can move inside
 * the window, so no step limit is asked. */
static int solve_lean(mxb_array_t *a) {
  a->stat_path = MXBI_PATH_LEAN;
  int R = a->R, C = a->C;
  const double *vr = a->vline + a->lbase[0], *vc = a->vline + a->lbase[1];
  double *lr = a->lout + a->lbase[0], *lc = a->lout + a->lbase[1];
  memset(lc, 0, (size_t)C * sizeof *lc);
  int vc_uniform = 1;
  for (int c = 1; c < C && vc_uniform; c++) vc_uniform = vc[c] == vc[0];
  if (vc_uniform) { /* e.g. every column at virtual ground: one MVM */
    const double *growsum = a->vline + a->nline;
    for (int r = 0; r < R; r++) {
      double dv = vr[r] - vc[0];
      lr[r] = dv * growsum[r];
      if (dv != 0.0) axpy_neg(lc, a->glin + (size_t)r * (size_t)C, dv, C);
    }
  } else for (int r = 0; r < R; r++) {
    const double *g = a->glin + (size_t)r * (size_t)C;
    double v = vr[r], s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
    int c = 0;
    for (; c + 4 <= C; c += 4) {
      double i0 = g[c] * (v - vc[c]), i1 = g[c + 1] * (v - vc[c + 1]);
      double i2 = g[c + 2] * (v - vc[c + 2]), i3 = g[c + 3] * (v - vc[c + 3]);
      s0 += i0;
      s1 += i1;
      s2 += i2;
      s3 += i3;
      lc[c] -= i0;
      lc[c + 1] -= i1;
      lc[c + 2] -= i2;
      lc[c + 3] -= i3;
    }
    for (; c < C; c++) {
      double i = g[c] * (v - vc[c]);
      s0 += i;
      lc[c] -= i;
    }
    lr[r] = (s0 + s1) + (s2 + s3);
  }
  a->p_cell = dot(vr, lr, R) + dot(vc, lc, C);
  a->h_min = INFINITY;
  end_currents(a, 1);
  a->vn_stale = a->ic_stale = 1;
  return MXB_OK;
}

void mxbi_array_vn(mxb_array_t *a) {
  if (a->vn_stale) {
    for (int p = 0; p < a->P; p++)
      for (int l = 0; l < mxbi_nlines(a, p); l++)
        for (int q = 0; q < mxbi_npos(a, p); q++)
          a->vn[mxbi_line_node(a, p, l, q)] = a->vline[a->lbase[p] + l];
    a->vn_stale = 0;
  }
  if (a->ic_stale) {
    const double *vr = a->vline + a->lbase[0], *vc = a->vline + a->lbase[1];
    for (int r = 0; r < a->R; r++)
      for (int c = 0; c < a->C; c++) {
        size_t ci = (size_t)r * (size_t)a->C + (size_t)c;
        a->ic[ci] = a->glin[ci] * (vr[r] - vc[c]);
      }
    a->ic_stale = 0;
  }
}

/* Make the stored solution current (the operating point). */
static int solve_now(mxb_array_t *a) {
  if (a->solved) return MXB_OK;
  a->stat_solves++;
  int vline_set = a->vline != NULL;
  int all_fixed, rc = classify(a, &all_fixed);
  if (rc) return rc;
  if ((a->cm->capacitance || (a->cs && a->cs->capacitance)) &&
      a->gen_caps != a->gen) { /* any C > 0? (capacitance depends on states) */
    a->caps = 0;
    for (size_t ci = 0; ci < a->ncell && !a->caps; ci++) {
      double cmm, css;
      cell_caps(a, ci, &cmm, &css);
      a->caps = cmm > 0 || css > 0;
    }
    a->gen_caps = a->gen;
  }
  a->fast = all_fixed && !caps_dynamic(a, all_fixed);
  a->dyn = caps_dynamic(a, all_fixed);
  if (a->fast && lean_ok(a)) {
    if (!vline_set) /* classify ran before vline existed */
      for (int p = 0; p < a->P; p++)
        for (int l = 0; l < mxbi_nlines(a, p); l++) {
          int conflict;
          a->vline[a->lbase[p] + l] = line_fixed(a, p, a->lbase[p] + l, &conflict);
        }
    if (lean_window(a)) {
      rc = solve_lean(a);
      if (rc) return rc;
      a->solved = 1;
      return MXB_OK;
    }
  }
  rc = a->fast ? solve_fast(a) : mxbi_solve_network(a, 0.0);
  if (!rc) rc = post_solve(a, 0.0);
  if (rc) return rc;
  a->vn_stale = 0;
  if (!a->dyn || a->settled) caps_follow(a);
  a->solved = 1;
  return MXB_OK;
}

/* ---------------------------------------------------------------- advance */

static int substep_error(mxb_array_t *a, size_t ci, double v, const char *what) {
  int k, r, c;
  cell_coords(a, ci, &k, &r, &c);
  return mxbi_error(a->ctx, MXB_ECONV,
                    "array: cell (layer %d, row %d, col %d) at V = %g V: %s", k, r, c,
                    v, what);
}

/* Fast path: integrate one cell under its fixed voltage for dt; returns the
 * energy dissipated in it. */
static int integrate_cell(mxb_array_t *a, size_t ci, double dt, double *energy) {
  size_t top, bot;
  cell_nodes(a, ci, &top, &bot);
  double v = a->vn[top] - a->vn[bot], g, e = 0.0, t = 0.0;
  double *s = mem_state(a, ci);
  mxb_dev_rng_t rm = mxbi_array_rng(a, 0, ci), rs = rm;
  if (a->sel) rs = mxbi_array_rng(a, 1, ci);
  double m = a->sel ? a->vm[ci] - a->vn[bot] : 0.0;
  double i0 = a->ic[ci];
  long n = 0;
  while (t < dt) {
    double h;
    if (!a->sel) {
      h = a->cm->step_limit(a->pm, s, v);
    } else {
      h = a->cm->step_limit(a->pm, s, m);
      double h2 = a->cs->step_limit(a->ps, sel_state(a, ci), v - m);
      if (h2 < h) h = h2;
    }
    if (isinf(h) && h > 0) {
      e += v * i0 * (dt - t);
      break;
    }
    if (!(h > 0)) return substep_error(a, ci, v, "class gave a step limit <= 0");
    int last = h >= dt - t;
    if (last) h = dt - t;
    int rc = MXB_OK;
    if (!a->sel) {
      rc = a->cm->advance(a->pm, s, v, h, &rm);
    } else {
      rc = a->cs->advance(a->ps, sel_state(a, ci), v - m, h, &rs);
      if (!rc) rc = a->cm->advance(a->pm, s, m, h, &rm);
    }
    if (rc) return substep_error(a, ci, v, "class failed to advance");
    double i1;
    if (!a->sel) i1 = a->cm->current(a->pm, s, v, &g);
    else mxbi_pair_solve(a, ci, v, &m, &i1);
    e += v * 0.5 * (i0 + i1) * h;
    i0 = i1;
    if (last) break;
    t += h;
    if (++n > MXB_MAX_SUBSTEPS) return substep_error(a, ci, v, "too many sub-steps");
  }
  *energy = e;
  return MXB_OK;
}

static int advance_fast(mxb_array_t *a, double t) {
  double dt = t - a->t, e = 0.0;
  mxbi_array_vn(a);
  a->gen++;
  for (size_t ci = 0; ci < a->ncell; ci++) {
    double ec = 0.0;
    int rc = integrate_cell(a, ci, dt, &ec);
    if (rc) {
      a->solved = 0;
      return rc;
    }
    e += ec;
  }
  a->e_cell += e;
  /* sources: the cells' energy plus the constant non-ideal ends' share */
  a->e_src += e + (a->p_src - a->p_cell) * dt;
  a->t = t;
  a->solved = 0;
  return MXB_OK;
}

/* Advance every moving state by h under the present solution's voltages.
 * de == NULL (advance_net): h is at most every moving cell's step limit.
 * de != NULL (advance_rc): a cell whose step limit is below h (allowed only
 * when its voltage is steady, see advance_rc) is integrated in sub-steps of
 * its own limit under its fixed voltage, as on the fast path, and *de
 * receives the energy the cells dissipate beyond the rectangle rule v i h
 * (their current changes with the state inside the step). */
static int step_states(mxb_array_t *a, double h, double *de) {
  mxbi_array_vn(a);
  a->gen++;
  double corr = 0.0;
  for (size_t ci = 0; ci < a->ncell; ci++) {
    size_t top, bot;
    cell_nodes(a, ci, &top, &bot);
    double vt = a->vn[top], vb = a->vn[bot];
    double vmem = a->sel ? a->vm[ci] - vb : vt - vb;
    double *s = mem_state(a, ci);
    double hl = a->cm->step_limit(a->pm, s, vmem);
    if (!isinf(hl)) {
      mxb_dev_rng_t g = mxbi_array_rng(a, 0, ci);
      if (de && !a->sel && hl < h) {
        double e;
        int rc = integrate_cell(a, ci, h, &e); /* the fast path's sub-steps */
        if (rc) return rc;
        corr += e - vmem * a->ic[ci] * h;
      } else if (a->cm->advance(a->pm, s, vmem, h, &g)) {
        return substep_error(a, ci, vmem, "class failed to advance");
      }
    }
    if (a->sel) {
      double vs = vt - a->vm[ci];
      double *q = sel_state(a, ci);
      if (!isinf(a->cs->step_limit(a->ps, q, vs))) {
        mxb_dev_rng_t g = mxbi_array_rng(a, 1, ci);
        if (a->cs->advance(a->ps, q, vs, h, &g))
          return substep_error(a, ci, vs, "selector class failed to advance");
      }
    }
  }
  if (de) *de = corr;
  return MXB_OK;
}

/* General path without capacitor dynamics: global sub-steps. */
static int advance_net(mxb_array_t *a, double t) {
  long n = 0;
  while (a->t < t) {
    int rc = solve_now(a);
    if (rc) return rc;
    double rem = t - a->t;
    if (isinf(a->h_min)) {
      a->e_src += a->p_src * rem;
      a->e_cell += a->p_cell * rem;
      a->t = t;
      break;
    }
    double h = a->h_min < rem ? a->h_min : rem;
    double ps0 = a->p_src, pc0 = a->p_cell;
    rc = step_states(a, h, NULL);
    a->solved = 0;
    if (rc) return rc;
    a->t = h < rem ? a->t + h : t;
    rc = solve_now(a);
    if (rc) return rc;
    a->e_src += 0.5 * (ps0 + a->p_src) * h;
    a->e_cell += 0.5 * (pc0 + a->p_cell) * h;
    if (++n > MXB_MAX_SUBSTEPS)
      return mxbi_error(a->ctx, MXB_ECONV, "array: more than %ld sub-steps advancing "
                        "to t = %g s", MXB_MAX_SUBSTEPS, t);
  }
  return MXB_OK;
}

/* Largest change of a capacitor voltage between uc and the present solution. */
static double caps_change(const mxb_array_t *a) {
  double d = 0.0;
  for (size_t ci = 0; ci < a->ncell; ci++) {
    double um, us, cmm, css, x;
    cell_caps(a, ci, &cmm, &css);
    cell_u(a, ci, &um, &us);
    if (a->sel && css > 0 && (x = fabs(us - a->uc_s[ci])) > d) d = x;
    if (cmm > 0 && (x = fabs(um - a->uc_m[ci])) > d) d = x;
  }
  return d;
}

/* Error of the step h just solved, in units of its tolerance MXB_RC_TOL +
 * MXB_RC_RTOL |u|, for every capacitor voltage u (u0: at the step's start):
 *  - order 0 (first step after a change of settings or states, backward
 *    Euler): the change |u - u0| against MXB_DV_STEP instead;
 *  - order 1 (one slope s1 = (u0 - u_-1) / hp known): backward Euler's local
 *    error from the divided difference, h / (h + hp) |u - u0 - h s1|;
 *  - order 2 (two slopes, BDF2): Milne's estimate (2/11) |u - p| against the
 *    quadratic extrapolation p = u0 + h s1 + h (h + hp) (s1 - s2) / (hp + hpp)
 *    (BDF2's error constant 2/9 against the predictor's 1). */
static double rc_error(const mxb_array_t *a, double h, int order) {
  size_t nc = a->ncell;
  const double *s1m = a->rc_hist, *s1s = s1m + nc, *s2m = s1m + 6 * nc, *s2s = s1m + 7 * nc;
  double hp = a->rc_hprev, hpp = a->rc_hprev2;
  double w1 = order == 1 ? h / (h + hp) : 2.0 / 11.0, q = h * (h + hp) / (hp + hpp);
  double e = 0.0;
  for (size_t ci = 0; ci < nc; ci++) {
    double cmm, css, u[2], u0[2], p[2];
    cell_caps(a, ci, &cmm, &css);
    if (!(cmm > 0) && !(css > 0)) continue;
    cell_u(a, ci, &u[0], &u[1]);
    u0[0] = a->uc_m[ci];
    u0[1] = a->uc_s[ci];
    p[0] = u0[0] + h * s1m[ci] + (order == 2 ? q * (s1m[ci] - s2m[ci]) : 0.0);
    p[1] = u0[1] + h * s1s[ci] + (order == 2 ? q * (s1s[ci] - s2s[ci]) : 0.0);
    for (int k = 0; k < 2; k++) {
      if (k == 0 ? !(cmm > 0) : !(a->sel && css > 0)) continue;
      double x = order == 0 ? fabs(u[k] - u0[k]) / MXB_DV_STEP
                            : w1 * fabs(u[k] - p[k]) / (MXB_RC_TOL + MXB_RC_RTOL * fabs(u[k]));
      if (!(x <= e)) e = x;
    }
  }
  return e;
}

/* Longest step the moving cells allow after the present solution; their
 * step limits go to hl[]. A cell whose step limit changed by more than
 * MXB_RC_STEADY (relative) since the last accepted solution (its voltage or
 * its dynamics moving), or right after a change, bounds the step by its
 * limit. A steady cell does not: step_states integrates it in sub-steps of
 * its own limit under its (held) voltage, which is exact as far as the
 * network goes; were its voltage to move after all (its own state feeding
 * back through a floating node), the next solution shows it and bounds the
 * next step (the step grows at most MXB_RC_GROW per step). Every moving
 * cell bounds the step in 1S1R arrays (the pair's node is solved per
 * sub-step only on the fast path). */
static double rc_state_bound(const mxb_array_t *a, int hist, double *hl) {
  const double *hl0 = a->rc_hist + 2 * a->ncell;
  double hb = INFINITY;
  for (size_t ci = 0; ci < a->ncell; ci++) {
    size_t top, bot;
    cell_nodes(a, ci, &top, &bot);
    double x;
    if (!a->sel) {
      x = a->cm->step_limit(a->pm, mem_state(a, ci), a->vn[top] - a->vn[bot]);
    } else {
      x = a->cm->step_limit(a->pm, mem_state(a, ci), a->vm[ci] - a->vn[bot]);
      double x2 = a->cs->step_limit(a->ps, sel_state(a, ci), a->vn[top] - a->vm[ci]);
      if (x2 < x) x = x2;
    }
    hl[ci] = x;
    if (isinf(x)) continue;
    int steady = !a->sel && hist && !isinf(hl0[ci]) && fabs(x / hl0[ci] - 1.0) <= MXB_RC_STEADY;
    if (!steady && x < hb) hb = x;
  }
  return hb;
}

/* Solve the step h from the capacitor voltages uc. Without a history:
 * backward Euler. With one: variable-step BDF2 (second order, L-stable,
 * conserves the charge of a floating node like backward Euler), whose
 * capacitor companion is backward Euler's with an effective step and start
 * voltage, h_eff = h (1 + w) / (1 + 2 w) and
 * u_eff = u_n + w h slope / (1 + 2 w), w = h / h_prev, where slope =
 * (u_n - u_{n-1}) / h_prev; so both network solvers and post_solve take it
 * as it is (uc holds u_eff during the solve). */
static int rc_solve(mxb_array_t *a, double h, int hist) {
  if (!hist) {
    int rc = mxbi_solve_network(a, h);
    return rc ? rc : post_solve(a, h);
  }
  size_t nc = a->ncell;
  double *sm = a->rc_hist, *ss = sm + nc, *km = sm + 4 * nc, *ks = sm + 5 * nc;
  double w = h / a->rc_hprev, f = w * h / (1.0 + 2.0 * w), he = h * (1.0 + w) / (1.0 + 2.0 * w);
  memcpy(km, a->uc_m, nc * sizeof *km);
  memcpy(ks, a->uc_s, nc * sizeof *ks);
  for (size_t ci = 0; ci < nc; ci++) {
    a->uc_m[ci] += f * sm[ci];
    a->uc_s[ci] += f * ss[ci];
  }
  int rc = mxbi_solve_network(a, he);
  if (!rc) rc = post_solve(a, he);
  memcpy(a->uc_m, km, nc * sizeof *km);
  memcpy(a->uc_s, ks, nc * sizeof *ks);
  return rc;
}

/* Whether the line-end settings are those the transient history belongs to. */
static int rc_same_terms(const mxb_array_t *a) {
  for (int i = 0; i < 2 * a->nline; i++) {
    const mxbi_term_t *x = &a->term[i], *y = &a->rc_term[i];
    if (x->kind != y->kind || x->value != y->value || x->r != y->r) return 0;
  }
  return 1;
}

/* Capacitor transient: backward-Euler steps of the whole network (the
 * capacitor voltages carried from the last step, so a floating node between
 * capacitors keeps its charge across a change of the drives: the first step
 * is the capacitive divider, then it relaxes through the resistive paths).
 * Step control:
 *  - the first step after a change of settings or states: the capacitor
 *    voltages move at most MXB_DV_STEP;
 *  - then error control on every capacitor voltage: the local truncation
 *    error (divided difference against the previous step) at most
 *    MXB_RC_TOL + MXB_RC_RTOL |u|; the step grows by at most MXB_RC_GROW per
 *    step and shrinks (retried) where the error is exceeded, so it follows
 *    the time constants: sub-nanosecond while a driven line charges through
 *    its wire, then up to milliseconds while floating electrodes relax;
 *  - the moving states (rc_state_bound): a cell bounds the step by its step
 *    limit unless its voltage is steady, in which case step_states
 *    sub-steps it under that voltage;
 *  - the states advance under the step's end voltages; the energy is the
 *    end-point (backward-Euler) power times h, plus the cells' energy beyond
 *    it inside sub-stepped steps.
 * The history (slopes, step limits) carries over to the next call while the
 * settings and states are unchanged, so reads in the middle of a transient
 * do not restart it. Once no state moves and the capacitor voltages stop
 * moving (MXB_DV_SETTLED per step) the rest is the operating point. */
static int advance_rc(mxb_array_t *a, double t) {
  size_t nc = a->ncell;
  if (!a->rc_hist) {
    a->rc_hist = malloc(8 * nc * sizeof *a->rc_hist);
    a->rc_term = malloc(2 * (size_t)a->nline * sizeof *a->rc_term);
    if (!a->rc_hist || !a->rc_term)
      return mxbi_error(a->ctx, MXB_ENOMEM, "array: out of memory for the capacitor "
                        "transient of %zu cells", nc);
    a->rc_n = 0;
  }
  if (a->rc_n > 0 && !(a->rc_t == a->t && a->rc_gen == a->gen && rc_same_terms(a)))
    a->rc_n = 0;
  if (a->rc_n == 0) {
    memcpy(a->rc_term, a->term, 2 * (size_t)a->nline * sizeof *a->term);
    a->rc_hnext = a->h_rc > 0 && a->h_rc < 1e-9 ? a->h_rc : 1e-9;
  }
  double *sm = a->rc_hist, *ss = sm + nc, *hl0 = sm + 2 * nc, *hl1 = sm + 3 * nc;
  long n = 0;
  while (a->t < t) {
    double rem = t - a->t, hplan = a->rc_hnext, h = hplan < rem ? hplan : rem;
    double err = 0.0, hb = INFINITY;
    int hist = a->rc_n > 0, order = a->rc_n > 1 ? 2 : a->rc_n;
    /* a sliver left before t: one backward-Euler step (its error is h^2
     * small), the history kept for the steps after it */
    int sliver = hist && h < 1e-2 * hplan;
    for (int tries = 0;; tries++) {
      a->solved = 0;
      int rc = rc_solve(a, h, hist && !sliver);
      if (rc) return rc;
      err = sliver ? 0.0 : rc_error(a, h, order);
      hb = rc_state_bound(a, hist, hl1);
      if (err <= 1.0 && h <= hb * (1.0 + 1e-12)) break;
      double hn = h;
      if (err > 1.0) hn = h * (order == 2 ? fmax(0.1, 0.9 / cbrt(err))
                               : order == 1 ? fmax(0.1, 0.9 / sqrt(err)) : fmax(1e-3, 0.8 / err));
      if (hb < hn) hn = hb;
      if (hn < MXB_H_MIN || tries >= 60)
        return mxbi_error(a->ctx, MXB_ECONV,
                          "array: capacitor transient at t = %g s: no step accepted down to "
                          "%g s (relative error %g)", a->t, hn, err);
      h = hn;
      if (!sliver) hplan = h;
    }
    double du = caps_change(a);
    /* Energy: the quadrature the integrator implies, so that the charge
     * drawn is consistent with the capacitor voltages (a capacitor charged
     * to V draws exactly C V^2 from an ideal source): backward Euler h p;
     * BDF2 h_eff p + c E_prev (E_prev: the previous step's energy,
     * c = w^2 / (1 + 2 w)), second order. */
    double es = a->p_src * h, ec = a->p_cell * h;
    if (hist && !sliver) {
      double w = h / a->rc_hprev, he = h * (1.0 + w) / (1.0 + 2.0 * w), c = w * w / (1.0 + 2.0 * w);
      es = he * a->p_src + c * a->rc_psrc;
      ec = he * a->p_cell + c * a->rc_pcell;
    }
    a->e_src += es;
    a->e_cell += ec;
    if (!sliver) { /* history: slopes, step and energy of this step */
      memcpy(sm + 6 * nc, sm, 2 * nc * sizeof *sm); /* s2 = s1 */
      a->rc_hprev2 = a->rc_hprev;
      for (size_t ci = 0; ci < nc; ci++) {
        double um, us;
        cell_u(a, ci, &um, &us);
        sm[ci] = (um - a->uc_m[ci]) / h;
        ss[ci] = a->sel ? (us - a->uc_s[ci]) / h : 0.0;
      }
      a->rc_hprev = h;
      a->rc_psrc = es;
      a->rc_pcell = ec;
    }
    memcpy(hl0, hl1, nc * sizeof *hl0);
    caps_follow(a);
    int moving = !isinf(a->h_min);
    double de = 0.0;
    int rc = moving ? step_states(a, h, &de) : MXB_OK;
    a->solved = 0;
    if (rc) return rc;
    a->e_src += de;
    a->e_cell += de;
    a->t = h < rem ? a->t + h : t;
    if (!sliver) {
      a->h_rc = h;
      double grow = !(err > 0) ? MXB_RC_GROW
                    : fmin(MXB_RC_GROW, order == 2 ? 0.9 / cbrt(err)
                                        : order == 1 ? 0.9 / sqrt(err) : 0.8 / err);
      a->rc_hnext = fmin(hplan * fmax(grow, 0.1), hb);
      a->rc_n++;
    }
    a->rc_t = a->t;
    a->rc_gen = a->gen;
    if (!sliver && !moving && du <= MXB_DV_SETTLED) {
      a->settled = 1; /* the rest of the hold is the operating point */
      a->rc_n = 0;
      rc = solve_now(a);
      if (rc) return rc;
      if (isinf(a->h_min) && a->t < t) {
        a->e_src += a->p_src * (t - a->t);
        a->e_cell += a->p_cell * (t - a->t);
        a->t = t;
      }
      return a->t < t ? advance_net(a, t) : MXB_OK;
    }
    if (++n > MXB_MAX_SUBSTEPS)
      return mxbi_error(a->ctx, MXB_ECONV, "array: more than %ld capacitor steps "
                        "advancing to t = %g s", MXB_MAX_SUBSTEPS, t);
  }
  return MXB_OK;
}

/* Checkpoint of everything an advance changes (states, capacitor voltages,
 * time, energy), so a failed advance leaves the array as it was. */
static int ckpt_save(mxb_array_t *a, const char *fn) {
  size_t nm = a->ncell * a->nsm, ns = a->sel ? a->ncell * a->nss : 0;
  size_t nu = a->uc_m ? a->ncell : 0;
  if (!a->ck) {
    a->ck = malloc((nm + ns + 2 * nu + 1) * sizeof *a->ck);
    if (!a->ck)
      return mxbi_error(a->ctx, MXB_ENOMEM, "%s: out of memory for the advance's "
                        "checkpoint of %zu cells", fn, a->ncell);
  }
  double *q = a->ck;
  if (nm) memcpy(q, a->sm, nm * sizeof *q);
  if (ns) memcpy(q + nm, a->ss, ns * sizeof *q);
  if (nu) {
    memcpy(q + nm + ns, a->uc_m, nu * sizeof *q);
    memcpy(q + nm + ns + nu, a->uc_s, nu * sizeof *q);
  }
  a->ck_t = a->t;
  a->ck_es = a->e_src;
  a->ck_ec = a->e_cell;
  a->ck_hrc = a->h_rc;
  a->ck_settled = a->settled;
  return MXB_OK;
}

static void ckpt_restore(mxb_array_t *a) {
  size_t nm = a->ncell * a->nsm, ns = a->sel ? a->ncell * a->nss : 0;
  size_t nu = a->uc_m ? a->ncell : 0;
  const double *q = a->ck;
  if (nm) memcpy(a->sm, q, nm * sizeof *q);
  if (ns) memcpy(a->ss, q + nm, ns * sizeof *q);
  if (nu) {
    memcpy(a->uc_m, q + nm + ns, nu * sizeof *q);
    memcpy(a->uc_s, q + nm + ns + nu, nu * sizeof *q);
  }
  a->t = a->ck_t;
  a->e_src = a->ck_es;
  a->e_cell = a->ck_ec;
  a->h_rc = a->ck_hrc;
  a->settled = a->ck_settled;
  a->gen++;
  a->solved = 0; /* the next call solves the restored states again */
}

static int advance_to(mxb_array_t *a, double t, const char *fn) {
  if (!mxbi_finite(t))
    return mxbi_error(a->ctx, MXB_ENAN, "%s: time %g s is not a finite number", fn, t);
  if (t < a->t)
    return mxbi_error(a->ctx, MXB_ETIME, "%s: time %.17g s is before the array's "
                      "time %.17g s", fn, t, a->t);
  if (t == a->t) return MXB_OK;
  int rc = solve_now(a);
  if (rc) return rc;
  int rcdyn = a->dyn && (!a->settled || !isinf(a->h_min));
  if (!rcdyn && isinf(a->h_min)) { /* hold: nothing can move */
    double dt = t - a->t;
    a->e_src += a->p_src * dt;
    a->e_cell += a->p_cell * dt;
    a->t = t;
    return MXB_OK;
  }
  /* states move: the call is all or nothing (rolled back on failure) */
  if ((rc = ckpt_save(a, fn))) return rc;
  if (rcdyn) {
    a->settled = 0;
    rc = advance_rc(a, t);
  } else {
    rc = a->fast ? advance_fast(a, t) : advance_net(a, t);
  }
  if (rc) ckpt_restore(a);
  return rc;
}

int mxb_array_advance(mxb_array_t *a, double t) {
  if (!a) return MXB_EINVAL;
  return advance_to(a, t, "mxb_array_advance");
}

/* Advance to t and make the solution current (for reads). */
static int at(mxb_array_t *a, double t, const char *fn) {
  int rc = advance_to(a, t, fn);
  return rc ? rc : solve_now(a);
}

int mxbi_array_at(mxb_array_t *a, double t, const char *fn) { return at(a, t, fn); }

/* -------------------------------------------------------------- line ends */

static int check_line(mxb_array_t *a, int plane, int line, const char *fn) {
  if (plane < 0 || plane >= a->P)
    return mxbi_error(a->ctx, MXB_EINDEX, "%s: plane %d is out of range [0, %d]", fn,
                      plane, a->P - 1);
  if (line < 0 || line >= mxbi_nlines(a, plane))
    return mxbi_error(a->ctx, MXB_EINDEX, "%s: plane %d line %d is out of range [0, %d]",
                      fn, plane, line, mxbi_nlines(a, plane) - 1);
  return MXB_OK;
}

static int check_cell(mxb_array_t *a, int layer, int row, int col, const char *fn) {
  if (layer < 0 || layer >= a->L || row < 0 || row >= a->R || col < 0 || col >= a->C)
    return mxbi_error(a->ctx, MXB_EINDEX,
                      "%s: cell (layer %d, row %d, col %d) is outside the %d x %d x %d array",
                      fn, layer, row, col, a->L, a->R, a->C);
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
  mxbi_term_t *t = &a->term[2 * gl + end];
  if (t->kind == kind && t->value == value && t->r == r)
    return; /* nothing changes: the solution stays */
  mxbi_term_t nt = {kind, value, r};
  int ideal_changed = mxbi_term_ideal(t) != mxbi_term_ideal(&nt) ||
                      (t->kind == MXB_TERM_FLOAT) != (kind == MXB_TERM_FLOAT);
  t->kind = kind;
  t->value = value;
  t->r = r;
  if (ideal_changed) mxbi_solver_invalidate(a);
  a->solved = 0;
  a->settled = 0;
}

int mxb_array_set_end(mxb_array_t *a, double t, int plane, int line,
                      mxb_line_end_t end, mxb_term_kind_t kind, double value, double r) {
  static const char fn[] = "mxb_array_set_end";
  if (!a) return MXB_EINVAL;
  int rc = check_line(a, plane, line, fn);
  if (rc) return rc;
  if (end != MXB_END_A && end != MXB_END_B)
    return mxbi_error(a->ctx, MXB_EINVAL, "%s: plane %d line %d: end %d is not A (0) or B (1)",
                      fn, plane, line, (int)end);
  if (kind != MXB_TERM_FLOAT && kind != MXB_TERM_VOLTAGE && kind != MXB_TERM_CURRENT &&
      kind != MXB_TERM_SENSE)
    return mxbi_error(a->ctx, MXB_EINVAL, "%s: plane %d line %d: unknown end kind %d", fn,
                      plane, line, (int)kind);
  if (!mxbi_finite(value) || !mxbi_finite(r))
    return mxbi_error(a->ctx, MXB_ENAN, "%s: plane %d line %d end %c (%s): value %g, r %g "
                      "ohm must be finite", fn, plane, line, end ? 'B' : 'A',
                      kind_name(kind), value, r);
  if (r < 0)
    return mxbi_error(a->ctx, MXB_ERANGE, "%s: plane %d line %d end %c (%s): r = %g ohm "
                      "must be >= 0", fn, plane, line, end ? 'B' : 'A', kind_name(kind), r);
  rc = advance_to(a, t, fn);
  if (rc) return rc;
  set_end1(a, a->lbase[plane] + line, end, kind,
           kind == MXB_TERM_FLOAT || kind == MXB_TERM_SENSE ? 0.0 : value,
           kind == MXB_TERM_VOLTAGE || kind == MXB_TERM_SENSE ? r : 0.0);
  return MXB_OK;
}

int mxb_array_drive(mxb_array_t *a, double t, int plane, int line, double volts,
                    double r_source) {
  return mxb_array_set_end(a, t, plane, line, MXB_END_A, MXB_TERM_VOLTAGE, volts, r_source);
}

int mxb_array_sense(mxb_array_t *a, double t, int plane, int line, double r_sense) {
  return mxb_array_set_end(a, t, plane, line, MXB_END_A, MXB_TERM_SENSE, 0.0, r_sense);
}

int mxb_array_float(mxb_array_t *a, double t, int plane, int line) {
  static const char fn[] = "mxb_array_float";
  if (!a) return MXB_EINVAL;
  int rc = check_line(a, plane, line, fn);
  if (!rc) rc = advance_to(a, t, fn);
  if (rc) return rc;
  for (int e = 0; e < 2; e++) set_end1(a, a->lbase[plane] + line, e, MXB_TERM_FLOAT, 0.0, 0.0);
  return MXB_OK;
}

/* ------------------------------------------------------------------ reads */

int mxb_array_end_current(mxb_array_t *a, double t, int plane, int line,
                          mxb_line_end_t end, double *amps) {
  static const char fn[] = "mxb_array_end_current";
  if (!a) return MXB_EINVAL;
  mxb_api_check(a->ctx, amps, MXB_EINVAL, "%s: NULL result", fn);
  int rc = check_line(a, plane, line, fn);
  if (rc) return rc;
  if (end != MXB_END_A && end != MXB_END_B)
    return mxbi_error(a->ctx, MXB_EINVAL, "%s: plane %d line %d: end %d is not A (0) or B (1)",
                      fn, plane, line, (int)end);
  if ((rc = at(a, t, fn))) return rc;
  *amps = a->iend[2 * (a->lbase[plane] + line) + end];
  return MXB_OK;
}

int mxb_array_sense_current(mxb_array_t *a, double t, int plane, int line, double *amps) {
  static const char fn[] = "mxb_array_sense_current";
  if (!a) return MXB_EINVAL;
  mxb_api_check(a->ctx, amps, MXB_EINVAL, "%s: NULL result", fn);
  int rc = check_line(a, plane, line, fn);
  if (rc) return rc;
  if ((rc = at(a, t, fn))) return rc;
  int gl = a->lbase[plane] + line;
  double s = 0.0;
  for (int e = 0; e < 2; e++)
    if (a->term[2 * gl + e].kind == MXB_TERM_SENSE) s -= a->iend[2 * gl + e];
  *amps = s;
  return MXB_OK;
}

int mxb_array_node_voltage(mxb_array_t *a, double t, int plane, int line, int pos,
                           double *volts) {
  static const char fn[] = "mxb_array_node_voltage";
  if (!a) return MXB_EINVAL;
  mxb_api_check(a->ctx, volts, MXB_EINVAL, "%s: NULL result", fn);
  int rc = check_line(a, plane, line, fn);
  if (rc) return rc;
  if (pos < 0 || pos >= mxbi_npos(a, plane))
    return mxbi_error(a->ctx, MXB_EINDEX, "%s: plane %d line %d: position %d is out of "
                      "range [0, %d]", fn, plane, line, pos, mxbi_npos(a, plane) - 1);
  if ((rc = at(a, t, fn))) return rc;
  mxbi_array_vn(a);
  *volts = a->vn[mxbi_line_node(a, plane, line, pos)];
  return MXB_OK;
}

int mxb_array_cell_voltages(mxb_array_t *a, double t, int layer, int row, int col,
                            double *v_top, double *v_bottom, double *v_mid) {
  static const char fn[] = "mxb_array_cell_voltages";
  if (!a) return MXB_EINVAL;
  int rc = check_cell(a, layer, row, col, fn);
  if (rc || (rc = at(a, t, fn))) return rc;
  mxbi_array_vn(a);
  size_t ci = mxbi_cell(a, layer, row, col), top, bot;
  cell_nodes(a, ci, &top, &bot);
  if (v_top) *v_top = a->vn[top];
  if (v_bottom) *v_bottom = a->vn[bot];
  if (v_mid) *v_mid = a->sel ? a->vm[ci] : NAN;
  return MXB_OK;
}

int mxb_array_cell_current(mxb_array_t *a, double t, int layer, int row, int col,
                           double *amps) {
  static const char fn[] = "mxb_array_cell_current";
  if (!a) return MXB_EINVAL;
  mxb_api_check(a->ctx, amps, MXB_EINVAL, "%s: NULL result", fn);
  int rc = check_cell(a, layer, row, col, fn);
  if (rc || (rc = at(a, t, fn))) return rc;
  mxbi_array_vn(a);
  *amps = a->ic[mxbi_cell(a, layer, row, col)];
  return MXB_OK;
}

/* I(v)/v of cell ci alone in its present state. */
static double cell_g(const mxb_array_t *a, size_t ci, double v) {
  double g, i;
  if (!a->sel) return a->cm->current(a->pm, mem_state(a, ci), v, &g) / v;
  double m = 0.5 * v;
  mxbi_pair_solve(a, ci, v, &m, &i);
  return i / v;
}

static int check_vread(mxb_array_t *a, double v, const char *fn) {
  if (!mxbi_finite(v) || v == 0.0)
    return mxbi_error(a->ctx, v == 0.0 ? MXB_EINVAL : MXB_ENAN,
                      "%s: read voltage %g V must be finite and non-zero", fn, v);
  return MXB_OK;
}

int mxb_array_cell_conductance(mxb_array_t *a, double t, int layer, int row, int col,
                               double v_read, double *siemens) {
  static const char fn[] = "mxb_array_cell_conductance";
  if (!a) return MXB_EINVAL;
  mxb_api_check(a->ctx, siemens, MXB_EINVAL, "%s: NULL result", fn);
  int rc = check_cell(a, layer, row, col, fn);
  if (rc || (rc = check_vread(a, v_read, fn)) || (rc = advance_to(a, t, fn))) return rc;
  *siemens = cell_g(a, mxbi_cell(a, layer, row, col), v_read);
  return MXB_OK;
}

int mxb_array_conductance_map(mxb_array_t *a, double t, int layer, double v_read,
                              double *g) {
  static const char fn[] = "mxb_array_conductance_map";
  if (!a) return MXB_EINVAL;
  mxb_api_check(a->ctx, g, MXB_EINVAL, "%s: NULL result", fn);
  if (layer < 0 || layer >= a->L)
    return mxbi_error(a->ctx, MXB_EINDEX, "%s: layer %d is out of range [0, %d]", fn, layer,
                      a->L - 1);
  int rc = check_vread(a, v_read, fn);
  if (rc || (rc = advance_to(a, t, fn))) return rc;
  size_t rc0 = mxbi_cell(a, layer, 0, 0), n = (size_t)a->R * (size_t)a->C;
  for (size_t i = 0; i < n; i++) g[i] = cell_g(a, rc0 + i, v_read);
  return MXB_OK;
}

int mxb_array_cell_state(const mxb_array_t *a, int layer, int row, int col, double *s,
                         size_t n) {
  if (!a) return MXB_EINVAL;
  mxb_api_check(a->ctx, s || n == 0, MXB_EINVAL, "mxb_array_cell_state: NULL result");
  int rc = check_cell((mxb_array_t *)a, layer, row, col, "mxb_array_cell_state");
  if (rc) return rc;
  const double *src = mem_state(a, mxbi_cell(a, layer, row, col));
  for (size_t i = 0; i < n && i < a->nsm; i++) s[i] = src[i];
  return MXB_OK;
}

int mxb_array_set_cell_state(mxb_array_t *a, int layer, int row, int col, const double *s,
                             size_t n) {
  static const char fn[] = "mxb_array_set_cell_state";
  if (!a) return MXB_EINVAL;
  mxb_api_check(a->ctx, s || n == 0, MXB_EINVAL, "%s: NULL state", fn);
  int rc = check_cell(a, layer, row, col, fn);
  if (rc) return rc;
  if (n > a->nsm)
    return mxbi_error(a->ctx, MXB_EINVAL, "%s: cell (layer %d, row %d, col %d): %zu values "
                      "given, class '%s' has %zu", fn, layer, row, col, n, a->cm->name,
                      a->nsm);
  for (size_t i = 0; i < n; i++)
    if (!mxbi_finite(s[i]))
      return mxbi_error(a->ctx, MXB_ENAN, "%s: cell (layer %d, row %d, col %d): state '%s' "
                        "= %g is not finite", fn, layer, row, col, a->cm->states[i].name, s[i]);
  double *dst = mem_state(a, mxbi_cell(a, layer, row, col));
  for (size_t i = 0; i < n; i++) dst[i] = s[i];
  a->gen++;
  a->solved = 0;
  a->settled = 0;
  return MXB_OK;
}

int mxb_array_energy(mxb_array_t *a, double t, double *e_sources, double *e_cells) {
  if (!a) return MXB_EINVAL;
  int rc = advance_to(a, t, "mxb_array_energy");
  if (rc) return rc;
  if (e_sources) *e_sources = a->e_src;
  if (e_cells) *e_cells = a->e_cell;
  return MXB_OK;
}
