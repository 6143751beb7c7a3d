/* mxbar: ngspice netlist export of an array at one instant.
 *
 * Node names: a line of zero wire resistance is one node "l<plane>_<line>";
 * otherwise each cell position is "n<plane>_<line>_<pos>"; end terminals
 * "ta<plane>_<line>" / "tb<plane>_<line>" (behind the end segment), source
 * nodes "sa<plane>_<line>" / "sb..." (behind a source resistance), 1S1R
 * internal nodes "m<row>_<col>" (a 1S1R cell: selector "s_<row>_<col>" over
 * memory "m_<row>_<col>"; in a 3D stack of such cells the layer comes first,
 * "m<layer>_<row>_<col>"). Every voltage or sense end has a voltage
 * source "vend_<plane>_<line>_<a|b>" (0 V for a sense end), so ngspice
 * reports each end's current as i(vend_...) (positive into the source's +
 * node from the circuit: the current into the line is -i). Devices are
 * B-sources with the class's expression when it has one (spice_current),
 * otherwise linear resistors V/I at the present operating point; device
 * capacitances are written as capacitors (open at .op). Every node the solver
 * solves on a line has the solver's MXBI_GMIN to ground (a cell's internal
 * node has none). */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "mxb_array_impl.h"

static void node_str(const mxb_array_t *a, int p, int l, int q, char *b, size_t n) {
  if (mxbi_rwire(&a->net, p) == 0.0) snprintf(b, n, "l%d_%d", p, l);
  else snprintf(b, n, "n%d_%d_%d", p, l, q);
}

static void cell_node(const mxb_array_t *a, int p, int r, int c, char *b, size_t n) {
  if (mxbi_plane_rows(p)) node_str(a, p, r, c, b, n);
  else node_str(a, p, c, r, b, n);
}

/* Device d of cell ci between nodes na and nb: B-source or its chord
 * resistance at v, and its capacitance. With the non-ideality layer acting
 * the memory is what the solver solves: the B-source times the cell's factor
 * (f != 1), a faulty device its fault's conductance (the chord below). */
static int write_dev(FILE *f, const mxb_array_t *a, const char *name, const char *na,
                     const char *nb, const mxbi_cells_t *cs, int d, size_t ci, double v) {
  const mxb_device_class_t *cls = cs->dev[d].cls;
  const double *par = cs->dev[d].par, *st = mxbi_cell_state(cs, d, ci);
  char expr[2048], vtext[128];
  int fault, mem = d == cs->ndev - 1;
  double fac = mxbi_array_ni_factor(a, ci, &fault);
  int replaced = fault && (mem || cs->ni->whole[fault]);
  snprintf(vtext, sizeof vtext, "V(%s,%s)", na, nb);
  if (!replaced && cls->spice_current &&
      cls->spice_current(par, st, vtext, expr, sizeof expr) > 0) {
    if (mem && fac != 1.0) fprintf(f, "B%s %s %s I=%.17g*(%s)\n", name, na, nb, fac, expr);
    else fprintf(f, "B%s %s %s I=%s\n", name, na, nb, expr);
  } else {
    double g, i = mxbi_cell_dev_current(cs, d, ci, v, &g);
    double gc = (v != 0.0 && i / v > 0 && mxbi_finite(i / v)) ? i / v : g;
    if (gc > 0 && mxbi_finite(gc)) fprintf(f, "R%s %s %s %.17g\n", name, na, nb, 1.0 / gc);
    else fprintf(f, "* R%s %s %s: open (no conductance at %g V)\n", name, na, nb, v);
  }
  if (cls->capacitance) {
    double c = mxbi_cell_dev_cap(cs, d, ci);
    if (c > 0) fprintf(f, "C%s %s %s %.17g\n", name, na, nb, c);
  }
  return MXB_OK;
}

int mxb_array_export_spice(mxb_array_t *a, double t, const char *path) {
  static const char fn[] = "mxb_array_export_spice";
  if (!a) return MXB_EINVAL;
  mxb_api_check(a->net.ctx, path, MXB_EINVAL, "%s: NULL path", fn);
  int rc = mxbi_array_at(a, t, fn);
  if (!rc) mxbi_array_vn(a);
  if (rc) return rc;
  FILE *f = fopen(path, "w");
  if (!f) return mxbi_error(a->net.ctx, MXB_EIO, "%s: cannot write %s", fn, path);
  static const char *const topo[] = {"2d", "1s1r", "3d"};
  fprintf(f, "* mxbar array export: %s, %d layer(s) x %d rows x %d cols at t = %.17g s\n",
          topo[a->topo], a->net.L, a->net.R, a->net.C, a->t);
  const mxbi_cells_t *cs = &a->net.cells;
  const mxbi_stackdev_t *mem = mxbi_cell_mem(cs), *sel = cs->ndev > 1 ? &cs->dev[0] : NULL;
  fprintf(f, "* cell model: %s (class %s)%s%s\n", mxb_device_origin(mem->model), mem->cls->name,
          sel ? ", selector class " : "", sel ? sel->cls->name : "");
  fprintf(f, "* r_wire_row %.17g ohm, r_wire_col %.17g ohm per segment\n", a->net.rw[0], a->net.rw[1]);
  if (cs->ni)
    fprintf(f, "* non-idealities acting: each memory as the solver solves it at t: its current "
               "times the cell's factor (drift, retention, wear, RTN held at t); faulty cells "
               "as their fault conductance (a short: the whole stack); read noise not written\n");
  fprintf(f, ".options reltol=1e-7 abstol=1e-16 vntol=1e-10 gmin=1e-15\n");
  char na[64], nb[64], nm[64], name[96];
  /* cells */
  for (int k = 0; k < a->net.L; k++)
    for (int r = 0; r < a->net.R; r++)
      for (int c = 0; c < a->net.C; c++) {
        size_t ci = mxbi_cell(&a->net, k, r, c);
        size_t top = mxbi_node(&a->net, k, r, c), bot = mxbi_node(&a->net, k + 1, r, c);
        cell_node(a, k, r, c, na, sizeof na);
        cell_node(a, k + 1, r, c, nb, sizeof nb);
        double vd[MXBI_CELL_MAXDEV] = {0.0};
        mxbi_cell_split(cs, ci, a->net.vn[top], a->net.vn[bot], vd);
        if (sel) {
          /* 1S1R: m<row>_<col>; a 3D stack: m<layer>_<row>_<col> */
          char at[40];
          if (a->net.L == 1) snprintf(at, sizeof at, "%d_%d", r, c);
          else snprintf(at, sizeof at, "%d_%d_%d", k, r, c);
          snprintf(nm, sizeof nm, "m%s", at);
          snprintf(name, sizeof name, "s_%s", at);
          write_dev(f, a, name, na, nm, cs, 0, ci, vd[0]);
          snprintf(name, sizeof name, "m_%s", at);
          write_dev(f, a, name, nm, nb, cs, 1, ci, vd[1]);
        } else {
          snprintf(name, sizeof name, "c_%d_%d_%d", k, r, c);
          write_dev(f, a, name, na, nb, cs, 0, ci, vd[0]);
        }
      }
  /* lines: wires, ends, gmin */
  for (int p = 0; p < a->net.P; p++) {
    double rw = mxbi_rwire(&a->net, p);
    int np = mxbi_npos(&a->net, p);
    for (int l = 0; l < mxbi_nlines(&a->net, p); l++) {
      int gl = a->net.lbase[p] + l;
      const mxbi_term_t *tt = &a->net.term[2 * gl];
      int held = rw == 0.0 && (mxbi_term_ideal(&tt[0]) || mxbi_term_ideal(&tt[1]));
      if (rw > 0.0)
        for (int q = 0; q + 1 < np; q++) {
          node_str(a, p, l, q, na, sizeof na);
          node_str(a, p, l, q + 1, nb, sizeof nb);
          fprintf(f, "Rw%d_%d_%d %s %s %.17g\n", p, l, q, na, nb, rw);
        }
      if (!held)
        for (int q = 0; q < (rw > 0.0 ? np : 1); q++) {
          node_str(a, p, l, q, na, sizeof na);
          fprintf(f, "Rg%s %s 0 %.17g\n", na, na, 1.0 / MXBI_GMIN);
        }
      int ideal_done = 0;
      for (int e = 0; e < 2; e++) {
        const mxbi_term_t *te = &tt[e];
        char ab = e ? 'b' : 'a';
        char tn[64], sn[64];
        if (te->kind == MXB_TERM_FLOAT) continue;
        node_str(a, p, l, e ? np - 1 : 0, na, sizeof na);
        if (rw > 0.0) {
          snprintf(tn, sizeof tn, "t%c%d_%d", ab, p, l);
          fprintf(f, "Re%c%d_%d %s %s %.17g\n", ab, p, l, na, tn, rw);
        } else {
          snprintf(tn, sizeof tn, "%s", na);
        }
        if (te->kind == MXB_TERM_CURRENT) {
          fprintf(f, "Iend_%d_%d_%c 0 %s DC %.17g\n", p, l, ab, tn, te->value);
          continue;
        }
        if (rw == 0.0 && mxbi_term_ideal(te)) {
          if (ideal_done++) { /* a second ideal source would be a loop */
            fprintf(f, "* end %c of plane %d line %d: same ideal voltage as end a\n", ab, p, l);
            continue;
          }
        }
        if (te->r > 0.0) {
          snprintf(sn, sizeof sn, "s%c%d_%d", ab, p, l);
          fprintf(f, "Rs%c%d_%d %s %s %.17g\n", ab, p, l, sn, tn, te->r);
        } else {
          snprintf(sn, sizeof sn, "%s", tn);
        }
        fprintf(f, "vend_%d_%d_%c %s 0 DC %.17g\n", p, l, ab, sn, mxbi_term_volts(te));
      }
    }
  }
  fprintf(f, ".op\n.end\n");
  if (fclose(f) != 0) return mxbi_error(a->net.ctx, MXB_EIO, "%s: cannot write %s", fn, path);
  return MXB_OK;
}
