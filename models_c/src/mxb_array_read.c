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
