/* mxbar: an array's whole state to a file and back (array.h "Checkpoints"),
 * and a layer set from a conductance map (mxb_array_load_g*).
 *
 * The file is text, one record per line: a keyword, a count, the values,
 * doubles as C99 hex floats ("%a", exact), byte blobs as hex. It starts
 *   mxbar-checkpoint <format>
 * and records what the array is (shape, wires, the stack's classes and
 * their parameters) before what it holds (line ends, every device state and
 * capacitor voltage, internal nodes and their hints, node voltages, time,
 * energy totals, the transient's step, the seed, the non-ideality layer with
 * its counters). A restore reads the whole file, checks it against the
 * array (another format, shape, class or parameter is an error naming it),
 * and only then replaces anything: a failed restore changes nothing.
 *
 * Bit-identical continuation. What the solvers keep between solves (KLU's
 * factorisation, the iterative solver's workspace, the capacitor transient's
 * step history, the lean path's caches) is not saved: it depends on the
 * path that led here. Saving therefore drops those caches in the array it
 * saves too, so the array and a copy restored from its file continue from
 * the same point with the same (cold) caches and give the same bits; the
 * cost is one cold solve after a save. */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mxb_array_impl.h"

#define CKPT_FORMAT 1
#define CKPT_MAGIC "mxbar-checkpoint"

static const char *topo_name(mxb_topology_t t) {
  return t == MXB_TOPO_2D ? "2d" : t == MXB_TOPO_1S1R ? "1s1r" : "3d";
}

/* Forget every cache a solve keeps, so the next call solves cold. */
static void go_cold(mxb_array_t *a) {
  mxbi_klu_free(a->net.klu);
  a->net.klu = NULL;
  mxbi_iter_free(a->net.iter);
  a->net.iter = NULL;
  a->gen++;
  a->solved = 0;
  a->rc_n = 0;
  mxbi_array_ni_forget(a);
}

/* ------------------------------------------------------------------ write */

static void put_doubles(FILE *f, const char *key, const double *x, size_t n) {
  fprintf(f, "%s %zu", key, n);
  for (size_t i = 0; i < n; i++) fprintf(f, " %a", x[i]);
  fputc('\n', f);
}

static void put_bytes(FILE *f, const char *key, const unsigned char *p, size_t n) {
  fprintf(f, "%s %zu ", key, n);
  for (size_t i = 0; i < n; i++) fprintf(f, "%02x", p[i]);
  fputc('\n', f);
}

int mxb_array_save(mxb_array_t *a, double t, const char *path) {
  static const char fn[] = "mxb_array_save";
  if (!a) return MXB_EINVAL;
  mxb_api_check(a->net.ctx, path && path[0], MXB_EINVAL, "%s: no file name", fn);
  int rc = mxbi_array_advance(a, t, fn);
  if (rc) return rc;
  unsigned char *ni = NULL;
  size_t ni_len = 0;
  if ((rc = mxbi_array_ni_pack(a, &ni, &ni_len))) return rc;
  FILE *f = fopen(path, "w");
  if (!f) {
    free(ni);
    return mxbi_error(a->net.ctx, MXB_EIO, "%s: cannot write %s: %s", fn, path, strerror(errno));
  }
  go_cold(a);
  const mxbi_net_t *n = &a->net;
  const mxbi_cells_t *cs = &n->cells;
  fprintf(f, "%s %d\n", CKPT_MAGIC, CKPT_FORMAT);
  fprintf(f, "mxbar %s\n", mxb_version());
  fprintf(f, "shape %s %d %d %d\n", topo_name(a->topo), n->L, n->R, n->C);
  put_doubles(f, "wires", n->rw, 2);
  fprintf(f, "stack %d\n", cs->ndev);
  for (int d = 0; d < cs->ndev; d++) {
    const mxbi_stackdev_t *x = &cs->dev[d];
    fprintf(f, "class %s\n", x->cls->name);
    put_doubles(f, "params", x->par, x->cls->n_params);
  }
  fprintf(f, "seed %" PRIu64 "\n", cs->seed);
  double tv[5] = {a->t, a->e_src, a->e_cell, a->h_rc, (double)a->settled};
  put_doubles(f, "time", tv, 5);
  fprintf(f, "ends %d", 2 * n->nline);
  for (int e = 0; e < 2 * n->nline; e++)
    fprintf(f, " %d %a %a", (int)n->term[e].kind, n->term[e].value, n->term[e].r);
  fputc('\n', f);
  for (int d = 0; d < cs->ndev; d++) {
    const mxbi_stackdev_t *x = &cs->dev[d];
    put_doubles(f, "states", x->st, cs->n * x->nst);
    put_doubles(f, "caps", x->uc, x->uc ? cs->n : 0);
  }
  put_doubles(f, "vmid", cs->vmid, cs->ndev > 1 ? cs->n : 0);
  put_doubles(f, "hint", (const double *)cs->hint, cs->ndev > 1 ? 3 * cs->n : 0);
  put_doubles(f, "vn", n->vn, n->nnode);
  put_doubles(f, "vdrv", n->vdrv, (size_t)n->nline);
  put_bytes(f, "nonideal", ni, ni_len);
  fprintf(f, "end\n");
  free(ni);
  if (ferror(f) | (fclose(f) != 0))
    return mxbi_error(a->net.ctx, MXB_EIO, "%s: cannot write %s: %s", fn, path, strerror(errno));
  return MXB_OK;
}

/* ------------------------------------------------------------------- read */

typedef struct rd_s {
  FILE *f;
  mxb_ctx_t *ctx;
  const char *path;
} rd_t;

/* The next keyword must be key. */
static int want(rd_t *r, const char *key) {
  char w[64];
  if (fscanf(r->f, "%63s", w) != 1)
    return mxbi_error(r->ctx, MXB_EPARSE, "checkpoint %s: ends where '%s' is expected "
                      "(a truncated file?)", r->path, key);
  if (strcmp(w, key) != 0)
    return mxbi_error(r->ctx, MXB_EPARSE, "checkpoint %s: '%s' where '%s' is expected",
                      r->path, w, key);
  return MXB_OK;
}

static int get_size(rd_t *r, const char *key, size_t expect) {
  size_t n;
  int rc = want(r, key);
  if (rc) return rc;
  if (fscanf(r->f, "%zu", &n) != 1)
    return mxbi_error(r->ctx, MXB_EPARSE, "checkpoint %s: '%s' without a count", r->path, key);
  if (n != expect)
    return mxbi_error(r->ctx, MXB_EINVAL, "checkpoint %s: '%s' holds %zu values, this array "
                      "has %zu (another card or shape)", r->path, key, n, expect);
  return MXB_OK;
}

/* key, count (must be n), n doubles into x (malloc'd, NULL when n == 0). */
static int get_doubles(rd_t *r, const char *key, size_t n, double **x) {
  *x = NULL;
  int rc = get_size(r, key, n);
  if (rc || n == 0) return rc;
  if (!(*x = malloc(n * sizeof **x)))
    return mxbi_error(r->ctx, MXB_ENOMEM, "checkpoint %s: out of memory", r->path);
  for (size_t i = 0; i < n; i++)
    if (fscanf(r->f, "%la", &(*x)[i]) != 1)
      return mxbi_error(r->ctx, MXB_EPARSE, "checkpoint %s: '%s': value %zu of %zu is "
                        "missing or not a number", r->path, key, i + 1, n);
  return MXB_OK;
}

/* What a file holds, read in full before anything is replaced. */
typedef struct ck_s {
  double tv[5];
  uint64_t seed;
  mxbi_term_t *term;
  double *st[MXBI_CELL_MAXDEV], *uc[MXBI_CELL_MAXDEV];
  double *par[MXBI_CELL_MAXDEV];
  double *vmid, *hint, *vn, *vdrv, *rw;
  unsigned char *ni;
  size_t ni_len;
} ck_t;

static void ck_free(ck_t *k) {
  free(k->term);
  for (int d = 0; d < MXBI_CELL_MAXDEV; d++) {
    free(k->st[d]);
    free(k->uc[d]);
    free(k->par[d]);
  }
  free(k->vmid);
  free(k->hint);
  free(k->vn);
  free(k->vdrv);
  free(k->rw);
  free(k->ni);
}

/* Whether parameter i of class cls may differ between the saved array and
 * this one: "temp", which mxb_array_set_temp writes (restored). */
static int param_variable(const mxb_device_class_t *cls, size_t i) {
  return strcmp(cls->params[i].name, "temp") == 0;
}

static int read_all(rd_t *r, mxb_array_t *a, ck_t *k) {
  const mxbi_net_t *n = &a->net;
  const mxbi_cells_t *cs = &n->cells;
  char w[64];
  int v, rc, L, R, C, ndev;
  if (fscanf(r->f, "%63s %d", w, &v) != 2 || strcmp(w, CKPT_MAGIC) != 0)
    return mxbi_error(r->ctx, MXB_EPARSE, "checkpoint %s: not an mxbar checkpoint (no '%s' "
                      "line at the top)", r->path, CKPT_MAGIC);
  if (v != CKPT_FORMAT)
    return mxbi_error(r->ctx, MXB_EINVAL, "checkpoint %s: format %d, this mxbar (%s) reads "
                      "format %d", r->path, v, mxb_version(), CKPT_FORMAT);
  if ((rc = want(r, "mxbar")) || fscanf(r->f, "%63s", w) != 1) return rc ? rc : MXB_EPARSE;
  if ((rc = want(r, "shape"))) return rc;
  char topo[16];
  if (fscanf(r->f, "%15s %d %d %d", topo, &L, &R, &C) != 4)
    return mxbi_error(r->ctx, MXB_EPARSE, "checkpoint %s: malformed 'shape'", r->path);
  if (strcmp(topo, topo_name(a->topo)) != 0 || L != n->L || R != n->R || C != n->C)
    return mxbi_error(r->ctx, MXB_EINVAL, "checkpoint %s: saved from a %s array of %d x %d x "
                      "%d cells, this one is %s %d x %d x %d", r->path, topo, L, R, C,
                      topo_name(a->topo), n->L, n->R, n->C);
  if ((rc = get_doubles(r, "wires", 2, &k->rw))) return rc;
  if (memcmp(k->rw, n->rw, sizeof n->rw) != 0)
    return mxbi_error(r->ctx, MXB_EINVAL, "checkpoint %s: wires of %g / %g ohm per segment "
                      "(rows / cols) in the file, %g / %g in this array", r->path, k->rw[0],
                      k->rw[1], n->rw[0], n->rw[1]);
  if ((rc = want(r, "stack"))) return rc;
  if (fscanf(r->f, "%d", &ndev) != 1 || ndev != cs->ndev)
    return mxbi_error(r->ctx, MXB_EINVAL, "checkpoint %s: cells of %d devices in the file, "
                      "%d in this array", r->path, ndev, cs->ndev);
  for (int d = 0; d < cs->ndev; d++) {
    const mxbi_stackdev_t *x = &cs->dev[d];
    if ((rc = want(r, "class"))) return rc;
    if (fscanf(r->f, "%63s", w) != 1 || strcmp(w, x->cls->name) != 0)
      return mxbi_error(r->ctx, MXB_EINVAL, "checkpoint %s: device %d of the cell is class "
                        "'%s' in the file, '%s' in this array", r->path, d, w, x->cls->name);
    if ((rc = get_doubles(r, "params", x->cls->n_params, &k->par[d]))) return rc;
    for (size_t i = 0; i < x->cls->n_params; i++)
      if (!param_variable(x->cls, i) && memcmp(&k->par[d][i], &x->par[i], sizeof(double)))
        return mxbi_error(r->ctx, MXB_EINVAL, "checkpoint %s: %s parameter '%s' is %.17g in "
                          "the file, %.17g in this array (another card or overrides)", r->path,
                          x->cls->name, x->cls->params[i].name, k->par[d][i], x->par[i]);
  }
  if ((rc = want(r, "seed"))) return rc;
  if (fscanf(r->f, "%" SCNu64, &k->seed) != 1)
    return mxbi_error(r->ctx, MXB_EPARSE, "checkpoint %s: malformed 'seed'", r->path);
  double *tv = NULL;
  if ((rc = get_doubles(r, "time", 5, &tv))) return rc;
  memcpy(k->tv, tv, sizeof k->tv);
  free(tv);
  if (!mxbi_finite(k->tv[0]) || k->tv[0] < 0)
    return mxbi_error(r->ctx, MXB_EPARSE, "checkpoint %s: time %g s", r->path, k->tv[0]);
  size_t ne = 2 * (size_t)n->nline;
  if ((rc = get_size(r, "ends", ne))) return rc;
  if (!(k->term = malloc(ne * sizeof *k->term)))
    return mxbi_error(r->ctx, MXB_ENOMEM, "checkpoint %s: out of memory", r->path);
  for (size_t e = 0; e < ne; e++) {
    int kind;
    if (fscanf(r->f, "%d %la %la", &kind, &k->term[e].value, &k->term[e].r) != 3 ||
        kind < MXB_TERM_FLOAT || kind > MXB_TERM_SENSE || !mxbi_finite(k->term[e].value) ||
        !mxbi_finite(k->term[e].r) || k->term[e].r < 0)
      return mxbi_error(r->ctx, MXB_EPARSE, "checkpoint %s: line end %zu is malformed", r->path,
                        e);
    k->term[e].kind = (mxb_term_kind_t)kind;
  }
  for (int d = 0; d < cs->ndev; d++) {
    const mxbi_stackdev_t *x = &cs->dev[d];
    if ((rc = get_doubles(r, "states", cs->n * x->nst, &k->st[d])) ||
        (rc = get_doubles(r, "caps", x->uc ? cs->n : 0, &k->uc[d])))
      return rc;
    for (size_t i = 0; i < cs->n * x->nst; i++)
      if (!mxbi_finite(k->st[d][i])) {
        int kk, rr, cc;
        mxbi_cell_coords(cs, i / x->nst, &kk, &rr, &cc);
        return mxbi_error(r->ctx, MXB_EPARSE, "checkpoint %s: cell (layer %d, row %d, col %d): "
                          "%s state '%s' is not finite", r->path, kk, rr, cc, x->cls->name,
                          x->cls->states[i % x->nst].name);
      }
  }
  if ((rc = get_doubles(r, "vmid", cs->ndev > 1 ? cs->n : 0, &k->vmid)) ||
      (rc = get_doubles(r, "hint", cs->ndev > 1 ? 3 * cs->n : 0, &k->hint)) ||
      (rc = get_doubles(r, "vn", n->nnode, &k->vn)) ||
      (rc = get_doubles(r, "vdrv", (size_t)n->nline, &k->vdrv)))
    return rc;
  /* the non-ideality blob: count, then 2 hex digits per byte */
  if ((rc = want(r, "nonideal"))) return rc;
  if (fscanf(r->f, "%zu", &k->ni_len) != 1 || k->ni_len > ((size_t)1 << 40))
    return mxbi_error(r->ctx, MXB_EPARSE, "checkpoint %s: malformed 'nonideal'", r->path);
  if (k->ni_len) {
    if (!(k->ni = malloc(k->ni_len)))
      return mxbi_error(r->ctx, MXB_ENOMEM, "checkpoint %s: out of memory", r->path);
    for (size_t i = 0; i < k->ni_len; i++) {
      unsigned b;
      if (fscanf(r->f, i ? "%2x" : " %2x", &b) != 1)
        return mxbi_error(r->ctx, MXB_EPARSE, "checkpoint %s: 'nonideal': byte %zu of %zu is "
                          "missing", r->path, i + 1, k->ni_len);
      k->ni[i] = (unsigned char)b;
    }
  }
  return want(r, "end");
}

int mxb_array_restore(mxb_array_t *a, const char *path) {
  static const char fn[] = "mxb_array_restore";
  if (!a) return MXB_EINVAL;
  mxb_api_check(a->net.ctx, path && path[0], MXB_EINVAL, "%s: no file name", fn);
  FILE *f = fopen(path, "r");
  if (!f)
    return mxbi_error(a->net.ctx, MXB_EIO, "%s: cannot read %s: %s", fn, path, strerror(errno));
  rd_t r = {f, a->net.ctx, path};
  ck_t k;
  memset(&k, 0, sizeof k);
  int rc = read_all(&r, a, &k);
  fclose(f);
  /* the layer first: the only step that can still fail (it checks the
   * saved layer against this array's, and may allocate) */
  if (!rc) rc = mxbi_array_ni_unpack(a, k.ni, k.ni_len, path);
  if (rc) {
    ck_free(&k);
    return rc;
  }
  mxbi_net_t *n = &a->net;
  mxbi_cells_t *cs = &n->cells;
  for (int d = 0; d < cs->ndev; d++) {
    mxbi_stackdev_t *x = &cs->dev[d];
    for (size_t i = 0; i < x->cls->n_params; i++)
      if (param_variable(x->cls, i) && k.par[d][i] != x->par[i]) {
        if ((rc = mxb_device_set(n->ctx, x->model, x->cls->params[i].name, k.par[d][i]))) {
          ck_free(&k);
          return mxbi_error_where(n->ctx, path);
        }
        x->par = mxb_device_params(x->model);
      }
    if (x->nst) memcpy(x->st, k.st[d], cs->n * x->nst * sizeof *x->st);
    if (x->uc) memcpy(x->uc, k.uc[d], cs->n * sizeof *x->uc);
  }
  if (cs->ndev > 1) {
    memcpy(cs->vmid, k.vmid, cs->n * sizeof *cs->vmid);
    memcpy(cs->hint, k.hint, cs->n * sizeof *cs->hint);
  }
  memcpy(n->vn, k.vn, n->nnode * sizeof *n->vn);
  memcpy(n->vdrv, k.vdrv, (size_t)n->nline * sizeof *n->vdrv);
  memcpy(n->term, k.term, 2 * (size_t)n->nline * sizeof *n->term);
  cs->seed = k.seed;
  a->t = k.tv[0];
  a->e_src = k.tv[1];
  a->e_cell = k.tv[2];
  a->h_rc = k.tv[3];
  a->settled = k.tv[4] != 0.0;
  ck_free(&k);
  go_cold(a);
  return MXB_OK;
}

/* ------------------------------------------------- layer from a g map */

int mxb_array_load_g(mxb_array_t *a, double t, int layer, double v_read, const double *g) {
  static const char fn[] = "mxb_array_load_g";
  if (!a) return MXB_EINVAL;
  mxbi_net_t *n = &a->net;
  mxb_api_check(n->ctx, g, MXB_EINVAL, "%s: NULL map", fn);
  if (layer < 0 || layer >= n->L)
    return mxbi_error(n->ctx, MXB_EINDEX, "%s: layer %d is out of range [0, %d]", fn, layer,
                      n->L - 1);
  if (!mxbi_finite(v_read) || v_read == 0.0)
    return mxbi_error(n->ctx, v_read == 0.0 ? MXB_EINVAL : MXB_ENAN,
                      "%s: read voltage %g V must be finite and non-zero", fn, v_read);
  mxbi_cells_t *cs = &n->cells;
  mxbi_stackdev_t *mem = &cs->dev[cs->ndev - 1];
  int iw = mxb_device_class_state(mem->cls, "w");
  if (iw < 0) iw = mxb_device_class_state(mem->cls, "x");
  if (iw < 0)
    return mxbi_error(n->ctx, MXB_EUNSUP, "%s: class '%s' has no window state ('w' or 'x', "
                      "0..1) to set a conductance with", fn, mem->cls->name);
  int rc = mxbi_array_advance(a, t, fn);
  if (rc || (rc = mxbi_array_ni_refresh(a))) return rc;
  size_t c0 = mxbi_cell(n, layer, 0, 0), nc = (size_t)n->R * (size_t)n->C;
  /* every target checked first: a failed call changes nothing */
  double *w = malloc(nc * sizeof *w);
  if (!w) return mxbi_error(n->ctx, MXB_ENOMEM, "%s: out of memory", fn);
  for (size_t i = 0; i < nc && !rc; i++) {
    size_t ci = c0 + i;
    double *s = mxbi_cell_state(cs, cs->ndev - 1, ci), keep = s[iw];
    int r = (int)(i / (size_t)n->C), c = (int)(i % (size_t)n->C);
    if (!mxbi_finite(g[i]) || g[i] <= 0.0) {
      rc = mxbi_error(n->ctx, MXB_ERANGE, "%s: cell (layer %d, row %d, col %d): target %g S "
                      "must be positive and finite", fn, layer, r, c, g[i]);
      break;
    }
    /* bisection on the window state: g(w) is monotone in it */
    s[iw] = 0.0;
    double g0 = mxbi_cell_chord(cs, ci, v_read);
    s[iw] = 1.0;
    double g1 = mxbi_cell_chord(cs, ci, v_read);
    double lo = g0 < g1 ? g0 : g1, hi = g0 < g1 ? g1 : g0;
    if (!(g[i] >= lo && g[i] <= hi)) {
      s[iw] = keep;
      rc = mxbi_error(n->ctx, MXB_ERANGE, "%s: cell (layer %d, row %d, col %d): target %g S is "
                      "outside what its state reaches at %g V, [%g, %g] S", fn, layer, r, c,
                      g[i], v_read, lo, hi);
      break;
    }
    double a0 = 0.0, a1 = 1.0; /* g(a0) <= target <= g(a1) after the swap */
    if (g0 > g1) {
      a0 = 1.0;
      a1 = 0.0;
    }
    for (int it = 0; it < 200; it++) {
      double m = 0.5 * (a0 + a1);
      if (m == a0 || m == a1) break;
      s[iw] = m;
      double gm = mxbi_cell_chord(cs, ci, v_read);
      if (gm < g[i]) a0 = m;
      else a1 = m;
    }
    /* the end whose conductance is closer */
    s[iw] = a0;
    double e0 = fabs(mxbi_cell_chord(cs, ci, v_read) - g[i]);
    s[iw] = a1;
    double e1 = fabs(mxbi_cell_chord(cs, ci, v_read) - g[i]);
    w[i] = e0 <= e1 ? a0 : a1;
    s[iw] = keep;
  }
  if (!rc) {
    for (size_t i = 0; i < nc; i++) mxbi_cell_state(cs, cs->ndev - 1, c0 + i)[iw] = w[i];
    a->gen++;
    a->solved = 0;
    a->settled = 0;
  }
  free(w);
  return rc;
}

int mxb_array_load_g_file(mxb_array_t *a, double t, int layer, double v_read,
                          const char *path) {
  static const char fn[] = "mxb_array_load_g_file";
  if (!a) return MXB_EINVAL;
  mxbi_net_t *n = &a->net;
  mxb_api_check(n->ctx, path && path[0], MXB_EINVAL, "%s: no file name", fn);
  FILE *f = fopen(path, "r");
  if (!f) return mxbi_error(n->ctx, MXB_EIO, "%s: cannot read %s: %s", fn, path, strerror(errno));
  size_t nc = (size_t)n->R * (size_t)n->C, k = 0;
  double *g = malloc(nc * sizeof *g);
  int rc = MXB_OK, lineno = 0;
  char line[65536];
  if (!g) rc = mxbi_error(n->ctx, MXB_ENOMEM, "%s: out of memory", fn);
  while (!rc && fgets(line, sizeof line, f)) {
    lineno++;
    if (!strchr(line, '\n') && !feof(f)) {
      rc = mxbi_error(n->ctx, MXB_EPARSE, "%s: %s:%d: line longer than %zu characters", fn, path,
                      lineno, sizeof line - 1);
      break;
    }
    char *p = line;
    while (*p == ' ' || *p == '\t') p++;
    if (*p == '#' || *p == '\n' || *p == '\0') continue;
    size_t row_start = k;
    for (;;) {
      char *end;
      errno = 0;
      double x = strtod(p, &end);
      if (end == p) break;
      if (k >= nc) {
        rc = mxbi_error(n->ctx, MXB_EPARSE, "%s: %s:%d: more than the %d x %d values of a "
                        "layer", fn, path, lineno, n->R, n->C);
        break;
      }
      g[k++] = x;
      p = end;
    }
    if (rc) break;
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') p++;
    if (*p) {
      rc = mxbi_error(n->ctx, MXB_EPARSE, "%s: %s:%d: '%.20s' is not a number", fn, path, lineno,
                      p);
      break;
    }
    if (k - row_start != (size_t)n->C)
      rc = mxbi_error(n->ctx, MXB_EPARSE, "%s: %s:%d: %zu values on a row, the array has %d "
                      "columns", fn, path, lineno, k - row_start, n->C);
  }
  fclose(f);
  if (!rc && k != nc)
    rc = mxbi_error(n->ctx, MXB_EPARSE, "%s: %s: %zu rows, the array has %d", fn, path,
                    k / (size_t)n->C, n->R);
  if (!rc) {
    rc = mxb_array_load_g(a, t, layer, v_read, g);
    if (rc) mxbi_error_where(n->ctx, path);
  }
  free(g);
  return rc;
}
