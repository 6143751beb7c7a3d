/* mxbar: reads of an array at an instant (line-end and sense currents,
 * node and cell voltages, cell currents, conductances, cell states) and its
 * energy totals. Every read first advances to t and solves (mxbi_array_at),
 * except conductance reads, which evaluate each cell alone in its state. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mxb_array_impl.h"

int mxb_array_end_current(mxb_array_t *a, double t, int plane, int line,
                          mxb_line_end_t end, double *amps) {
  static const char fn[] = "mxb_array_end_current";
  if (!a) return MXB_EINVAL;
  mxb_api_check(a->net.ctx, amps, MXB_EINVAL, "%s: NULL result", fn);
  int rc = mxbi_check_line(a, plane, line, fn);
  if (rc) return rc;
  if (end != MXB_END_A && end != MXB_END_B)
    return mxbi_error(a->net.ctx, MXB_EINVAL, "%s: plane %d line %d: end %d is not A (0) or B (1)",
                      fn, plane, line, (int)end);
  if ((rc = mxbi_array_at(a, t, fn))) return rc;
  *amps = a->iend[2 * (a->net.lbase[plane] + line) + end];
  if (a->ni) *amps = mxbi_array_ni_read_end(a, plane, line, (int)end, *amps);
  return MXB_OK;
}

int mxb_array_sense_current(mxb_array_t *a, double t, int plane, int line, double *amps) {
  static const char fn[] = "mxb_array_sense_current";
  if (!a) return MXB_EINVAL;
  mxb_api_check(a->net.ctx, amps, MXB_EINVAL, "%s: NULL result", fn);
  int rc = mxbi_check_line(a, plane, line, fn);
  if (rc) return rc;
  if ((rc = mxbi_array_at(a, t, fn))) return rc;
  int gl = a->net.lbase[plane] + line;
  double s = 0.0;
  for (int e = 0; e < 2; e++)
    if (a->net.term[2 * gl + e].kind == MXB_TERM_SENSE)
      s -= a->ni ? mxbi_array_ni_read_end(a, plane, line, e, a->iend[2 * gl + e])
                 : a->iend[2 * gl + e];
  *amps = s;
  return MXB_OK;
}

int mxb_array_node_voltage(mxb_array_t *a, double t, int plane, int line, int pos,
                           double *volts) {
  static const char fn[] = "mxb_array_node_voltage";
  if (!a) return MXB_EINVAL;
  mxb_api_check(a->net.ctx, volts, MXB_EINVAL, "%s: NULL result", fn);
  int rc = mxbi_check_line(a, plane, line, fn);
  if (rc) return rc;
  if (pos < 0 || pos >= mxbi_npos(&a->net, plane))
    return mxbi_error(a->net.ctx, MXB_EINDEX, "%s: plane %d line %d: position %d is out of "
                      "range [0, %d]", fn, plane, line, pos, mxbi_npos(&a->net, plane) - 1);
  if ((rc = mxbi_array_at(a, t, fn))) return rc;
  mxbi_array_vn(a);
  *volts = a->net.vn[mxbi_line_node(&a->net, plane, line, pos)];
  return MXB_OK;
}

int mxb_array_cell_voltages(mxb_array_t *a, double t, int layer, int row, int col,
                            double *v_top, double *v_bottom, double *v_mid) {
  static const char fn[] = "mxb_array_cell_voltages";
  if (!a) return MXB_EINVAL;
  int rc = mxbi_check_cell(a, layer, row, col, fn);
  if (rc || (rc = mxbi_array_at(a, t, fn))) return rc;
  mxbi_array_vn(a);
  const mxbi_net_t *n = &a->net;
  size_t ci = mxbi_cell(n, layer, row, col);
  if (v_top) *v_top = n->vn[mxbi_cell_top(ci)];
  if (v_bottom) *v_bottom = n->vn[mxbi_cell_bot(n, ci)];
  if (v_mid) *v_mid = n->cells.ndev > 1 ? n->cells.vmid[ci] : NAN;
  return MXB_OK;
}

int mxb_array_cell_current(mxb_array_t *a, double t, int layer, int row, int col,
                           double *amps) {
  static const char fn[] = "mxb_array_cell_current";
  if (!a) return MXB_EINVAL;
  mxb_api_check(a->net.ctx, amps, MXB_EINVAL, "%s: NULL result", fn);
  int rc = mxbi_check_cell(a, layer, row, col, fn);
  if (rc || (rc = mxbi_array_at(a, t, fn))) return rc;
  mxbi_array_vn(a);
  size_t ci = mxbi_cell(&a->net, layer, row, col);
  *amps = a->ni ? mxbi_array_ni_read_cell(a, ci, a->ic[ci]) : a->ic[ci];
  return MXB_OK;
}

/* A read voltage: finite, non-zero, |v| <= MXB_V_MAX (array.h "Drive
 * limits"; beyond it I(v)/v overflows for exponential devices). */
static int check_vread(mxb_array_t *a, double v, const char *fn) {
  if (!mxbi_finite(v) || v == 0.0)
    return mxbi_error(a->net.ctx, v == 0.0 ? MXB_EINVAL : MXB_ENAN,
                      "%s: read voltage %g V must be finite and non-zero", fn, v);
  if (!(fabs(v) <= MXB_V_MAX))
    return mxbi_error(a->net.ctx, MXB_ERANGE, "%s: read voltage %g V is out of range [-%g, %g] V",
                      fn, v, MXB_V_MAX, MXB_V_MAX);
  return MXB_OK;
}

int mxb_array_cell_conductance(mxb_array_t *a, double t, int layer, int row, int col,
                               double v_read, double *siemens) {
  static const char fn[] = "mxb_array_cell_conductance";
  if (!a) return MXB_EINVAL;
  mxb_api_check(a->net.ctx, siemens, MXB_EINVAL, "%s: NULL result", fn);
  int rc = mxbi_check_cell(a, layer, row, col, fn);
  if (rc || (rc = check_vread(a, v_read, fn)) || (rc = mxbi_array_advance(a, t, fn)) ||
      (rc = mxbi_array_ni_refresh(a)))
    return rc;
  *siemens = mxbi_cell_chord(&a->net.cells, mxbi_cell(&a->net, layer, row, col), v_read);
  return MXB_OK;
}

int mxb_array_conductance_map(mxb_array_t *a, double t, int layer, double v_read,
                              double *g) {
  static const char fn[] = "mxb_array_conductance_map";
  if (!a) return MXB_EINVAL;
  mxb_api_check(a->net.ctx, g, MXB_EINVAL, "%s: NULL result", fn);
  if (layer < 0 || layer >= a->net.L)
    return mxbi_error(a->net.ctx, MXB_EINDEX, "%s: layer %d is out of range [0, %d]", fn, layer,
                      a->net.L - 1);
  int rc = check_vread(a, v_read, fn);
  if (rc || (rc = mxbi_array_advance(a, t, fn)) || (rc = mxbi_array_ni_refresh(a))) return rc;
  size_t rc0 = mxbi_cell(&a->net, layer, 0, 0), n = (size_t)a->net.R * (size_t)a->net.C;
  for (size_t i = 0; i < n; i++) g[i] = mxbi_cell_chord(&a->net.cells, rc0 + i, v_read);
  return MXB_OK;
}

int mxb_array_cell_state(const mxb_array_t *a, int layer, int row, int col, double *s,
                         size_t n) {
  if (!a) return MXB_EINVAL;
  mxb_api_check(a->net.ctx, s || n == 0, MXB_EINVAL, "mxb_array_cell_state: NULL result");
  int rc = mxbi_check_cell(a, layer, row, col, "mxb_array_cell_state");
  if (rc) return rc;
  const mxbi_cells_t *cs = &a->net.cells;
  const double *src = mxbi_cell_state(cs, cs->ndev - 1, mxbi_cell(&a->net, layer, row, col));
  for (size_t i = 0; i < n && i < mxbi_cell_mem(cs)->nst; i++) s[i] = src[i];
  return MXB_OK;
}

int mxb_array_set_cell_state(mxb_array_t *a, int layer, int row, int col, const double *s,
                             size_t n) {
  static const char fn[] = "mxb_array_set_cell_state";
  if (!a) return MXB_EINVAL;
  mxb_api_check(a->net.ctx, s || n == 0, MXB_EINVAL, "%s: NULL state", fn);
  int rc = mxbi_check_cell(a, layer, row, col, fn);
  if (rc) return rc;
  const mxbi_cells_t *cs = &a->net.cells;
  const mxbi_stackdev_t *mem = mxbi_cell_mem(cs);
  if (n > mem->nst)
    return mxbi_error(a->net.ctx, MXB_EINVAL, "%s: cell (layer %d, row %d, col %d): %zu values "
                      "given, class '%s' has %zu", fn, layer, row, col, n, mem->cls->name,
                      mem->nst);
  char where[128];
  snprintf(where, sizeof where, "%s: cell (layer %d, row %d, col %d)", fn, layer, row, col);
  if ((rc = mxbi_state_check(a->net.ctx, mem->cls, s, n, where))) return rc;
  double *dst = mxbi_cell_state(cs, cs->ndev - 1, mxbi_cell(&a->net, layer, row, col));
  for (size_t i = 0; i < n; i++) dst[i] = s[i];
  a->gen++;
  a->solved = 0;
  a->settled = 0;
  return MXB_OK;
}

int mxb_array_energy(mxb_array_t *a, double t, double *e_sources, double *e_cells) {
  if (!a) return MXB_EINVAL;
  int rc = mxbi_array_advance(a, t, "mxb_array_energy");
  if (rc) return rc;
  if (e_sources) *e_sources = a->e_src;
  if (e_cells) *e_cells = a->e_cell;
  return MXB_OK;
}

/* ---- cell parts: models, state counts, states by part and by name */

/* Device index in the stack of a part (top first), or -1 when absent. */
static int part_dev(const mxb_array_t *a, mxb_cell_part_t part) {
  const mxbi_cells_t *cs = &a->net.cells;
  if (part == MXB_PART_MEMORY) return cs->ndev - 1;
  if (part == MXB_PART_SELECTOR) return cs->ndev > 1 ? 0 : -1;
  return -1;
}

static int no_part(const mxb_array_t *a, mxb_cell_part_t part, const char *fn) {
  if (part == MXB_PART_SELECTOR)
    return mxbi_error(a->net.ctx, MXB_EINVAL, "%s: the cells of this %d x %d x %d array have "
                      "no selector", fn, a->net.L, a->net.R, a->net.C);
  return mxbi_error(a->net.ctx, MXB_EINVAL, "%s: part %d is not memory (0) or selector (1)",
                    fn, (int)part);
}

const mxb_device_t *mxb_array_cell_model(const mxb_array_t *a, mxb_cell_part_t part) {
  if (!a) return NULL;
  int d = part_dev(a, part);
  return d < 0 ? NULL : a->net.cells.dev[d].model;
}

int mxb_array_state_count(const mxb_array_t *a, mxb_cell_part_t part) {
  if (!a) return MXB_EINVAL;
  int d = part_dev(a, part);
  if (d < 0) return no_part(a, part, "mxb_array_state_count");
  return (int)a->net.cells.dev[d].nst;
}

int mxb_array_part_state(const mxb_array_t *a, int layer, int row, int col,
                         mxb_cell_part_t part, double *s, size_t n) {
  static const char fn[] = "mxb_array_part_state";
  if (!a) return MXB_EINVAL;
  mxb_api_check(a->net.ctx, s || n == 0, MXB_EINVAL, "%s: NULL result", fn);
  int rc = mxbi_check_cell(a, layer, row, col, fn);
  if (rc) return rc;
  int d = part_dev(a, part);
  if (d < 0) return no_part(a, part, fn);
  const mxbi_cells_t *cs = &a->net.cells;
  const double *src = mxbi_cell_state(cs, d, mxbi_cell(&a->net, layer, row, col));
  for (size_t i = 0; i < n && i < cs->dev[d].nst; i++) s[i] = src[i];
  return MXB_OK;
}

int mxb_array_cell_state_value(const mxb_array_t *a, int layer, int row, int col,
                               const char *name, double *value) {
  static const char fn[] = "mxb_array_cell_state_value";
  if (!a) return MXB_EINVAL;
  mxb_api_check(a->net.ctx, name && value, MXB_EINVAL, "%s: NULL argument", fn);
  int rc = mxbi_check_cell(a, layer, row, col, fn);
  if (rc) return rc;
  const mxbi_cells_t *cs = &a->net.cells;
  /* an explicit part, else the memory first, then the selector */
  int order[2] = {part_dev(a, MXB_PART_MEMORY), part_dev(a, MXB_PART_SELECTOR)};
  const char *key = name;
  if (strncmp(name, "memory.", 7) == 0) {
    key = name + 7;
    order[1] = -1;
  } else if (strncmp(name, "selector.", 9) == 0) {
    key = name + 9;
    order[0] = order[1];
    order[1] = -1;
    if (order[0] < 0) return no_part(a, MXB_PART_SELECTOR, fn);
  }
  size_t ci = mxbi_cell(&a->net, layer, row, col);
  for (int k = 0; k < 2; k++) {
    if (order[k] < 0) continue;
    int i = mxb_device_class_state(cs->dev[order[k]].cls, key);
    if (i >= 0) {
      *value = mxbi_cell_state(cs, order[k], ci)[i];
      return MXB_OK;
    }
  }
  /* name what there is */
  char list[512];
  size_t used = 0;
  list[0] = '\0';
  for (int d = cs->ndev - 1; d >= 0; d--) {
    const mxbi_stackdev_t *x = &cs->dev[d];
    const char *pfx = d == cs->ndev - 1 ? "memory" : "selector";
    for (size_t i = 0; i < x->cls->n_state && used < sizeof list; i++) {
      int w = snprintf(list + used, sizeof list - used, "%s%s.%s", used ? ", " : "", pfx,
                       x->cls->states[i].name);
      if (w > 0) used += (size_t)w;
    }
  }
  return mxbi_error(a->net.ctx, MXB_EKEY, "%s: cell (layer %d, row %d, col %d): no state "
                    "named '%s' (there are: %s)", fn, layer, row, col, name,
                    used ? list : "none, the classes are stateless");
}

int mxb_array_memory_conductance(mxb_array_t *a, double t, int layer, int row, int col,
                                 double v_read, double *siemens) {
  static const char fn[] = "mxb_array_memory_conductance";
  if (!a) return MXB_EINVAL;
  mxb_api_check(a->net.ctx, siemens, MXB_EINVAL, "%s: NULL result", fn);
  int rc = mxbi_check_cell(a, layer, row, col, fn);
  if (rc || (rc = check_vread(a, v_read, fn)) || (rc = mxbi_array_advance(a, t, fn)) ||
      (rc = mxbi_array_ni_refresh(a)))
    return rc;
  const mxbi_cells_t *cs = &a->net.cells;
  size_t ci = mxbi_cell(&a->net, layer, row, col);
  double g;
  if (cs->ni && cs->ni->fault[ci] && cs->ni->whole[cs->ni->fault[ci]])
    *siemens = mxbi_cell_chord(cs, ci, v_read); /* a short replaces the whole stack */
  else
    *siemens = mxbi_cell_dev_current(cs, cs->ndev - 1, ci, v_read, &g) / v_read;
  return MXB_OK;
}

/* ---- solver statistics */

const char *mxb_solve_path_name(int path) {
  static const char *const names[] = {"none", "fast", "lean", "iterative", "klu"};
  return path >= 0 && path <= MXB_PATH_KLU ? names[path] : NULL;
}

int mxb_array_solver_stats(const mxb_array_t *a, mxb_solver_stats_t *st) {
  if (!a) return MXB_EINVAL;
  mxb_api_check(a->net.ctx, st, MXB_EINVAL, "mxb_array_solver_stats: NULL result");
  const mxbi_net_t *n = &a->net;
  memset(st, 0, sizeof *st);
  st->op_solves = a->stat_solves;
  st->op_fast = a->tot_fast;
  st->op_lean = a->tot_lean;
  st->net_solves = n->tot.solves;
  st->net_iterative = n->tot.iter;
  st->net_klu = n->tot.klu;
  st->fallbacks = n->tot.fallback;
  st->newton = n->tot.newton;
  st->cg = n->tot.cg;
  st->factorisations = n->tot.factor;
  st->refactorisations = n->tot.refactor;
  st->advances = a->tot_adv;
  st->solve_s = n->tot.seconds;
  st->advance_s = a->tot_adv_s;
  st->last_path = n->stat_path; /* MXBI_PATH_* numbers are mxb_solve_path_t's */
  st->last_newton = n->stat_newton;
  st->last_cg = n->stat_cg;
  return MXB_OK;
}

int mxb_array_solver_stats_reset(mxb_array_t *a) {
  if (!a) return MXB_EINVAL;
  memset(&a->net.tot, 0, sizeof a->net.tot);
  a->stat_solves = 0;
  a->tot_fast = a->tot_lean = a->tot_adv = 0;
  a->tot_adv_s = 0.0;
  return MXB_OK;
}
