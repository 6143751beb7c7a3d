/* mxbar benchmark: the array engine's solver against ngspice on the same
 * exported netlist, the solver alone up to N = 1024, 1S1R arrays against the
 * KLU path, and ideal-wire reads against a plain C matrix-vector loop.
 * Prints ratios; not a test.
 *   bench_array [max_ngspice_n (default 128)] [max_solver_n (default 1024)]
 *               [max_klu_n (default 512)] [section: all (default), 2d, reads, 1s1r,
 *               dc2d, advance, lazy, float3d] */
#define _DEFAULT_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
#include "mxb/mxb.h"
#include "mxb_array_impl.h" /* the solver choice: the KLU path as reference */

/* CPU seconds of this process (the machine is shared: wall time would
 * measure the other users' load). */
static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* CPU seconds (user + system) of the waited-for children so far (ngspice). */
static double children_s(void) {
  struct rusage ru;
  getrusage(RUSAGE_CHILDREN, &ru);
  return (double)ru.ru_utime.tv_sec + 1e-6 * (double)ru.ru_utime.tv_usec +
         (double)ru.ru_stime.tv_sec + 1e-6 * (double)ru.ru_stime.tv_usec;
}

static void die(mxb_ctx_t *ctx, const char *what) {
  fprintf(stderr, "bench_array: %s: %s\n", what, mxb_ctx_errmsg(ctx));
  exit(1);
}

/* N x N of sinh cells, 1 ohm wires, rows driven 0.4-0.8 V at end A, columns
 * sensed at end A (virtual ground). */
static mxb_array_t *make_cells(mxb_ctx_t *ctx, const mxb_device_t *d, const mxb_device_t *sel,
                               int n, double rw, double vlo, double vhi) {
  mxb_array_spec_t sp = {sel ? MXB_TOPO_1S1R : MXB_TOPO_2D, 1, n, n, rw, rw, d, sel};
  mxb_array_t *a = mxb_array_new(ctx, &sp);
  if (!a) die(ctx, "new");
  for (int l = 0; l < n; l++) {
    if (mxb_array_drive(a, 0, 0, l, vlo + (vhi - vlo) * (double)((l * 37) % n) / n, 0))
      die(ctx, "drive");
    if (mxb_array_sense(a, 0, 1, l, 0)) die(ctx, "sense");
  }
  return a;
}

static mxb_array_t *make(mxb_ctx_t *ctx, const mxb_device_t *d, int n, double rw) {
  return make_cells(ctx, d, NULL, n, rw, 0.4, 0.8);
}

/* Peak resident memory of this process so far (MB). */
static double peak_mb(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return (double)ru.ru_maxrss / 1024.0;
}

/* Solve from scratch (first read) and return its time. */
static double solve_time(mxb_array_t *a, double *i0) {
  double t0 = now_s();
  if (mxb_array_sense_current(a, 0, 1, 0, i0)) die(mxb_array_ctx(a), "solve");
  return now_s() - t0;
}

static double ngspice_run(mxb_array_t *a, int n, double *worst) {
  char net[128], wrap[128], out[128], cmd[600];
  snprintf(net, sizeof net, "/tmp/mxb-bench-%d-%d.cir", n, (int)getpid());
  snprintf(wrap, sizeof wrap, "/tmp/mxb-bench-%d-%d-run.cir", n, (int)getpid());
  if (mxb_array_export_spice(a, 0, net)) die(mxb_array_ctx(a), "export");
  FILE *f = fopen(wrap, "w");
  if (!f) exit(1);
  fprintf(f, "* bench\n.include %s\n.control\nset numdgt=15\nop\nprint all\n.endc\n.end\n", net);
  fclose(f);
  snprintf(out, sizeof out, "/tmp/mxb-bench-%d-%d.out", n, (int)getpid());
  /* stdout only: ngspice's progress messages on stderr would interleave */
  snprintf(cmd, sizeof cmd, "ngspice -b %s >%s 2>/dev/null", wrap, out);
  double t0 = children_s();
  if (system(cmd) == -1) die(mxb_array_ctx(a), "ngspice");
  double t = children_s() - t0;
  FILE *p = fopen(out, "r");
  char line[512];
  *worst = 0;
  int got = 0;
  double imax = 0, ng[4096] = {0}, mine[4096] = {0};
  while (p && fgets(line, sizeof line, p)) {
    int pl, ln;
    char e;
    double v;
    const char *eq = strrchr(line, '='); /* the value follows the last '=' */
    if (sscanf(line, "vend_%d_%d_%c#branch", &pl, &ln, &e) == 3 && eq &&
        sscanf(eq + 1, "%lf", &v) == 1 && pl == 1 && ln >= 0 && ln < 4096) {
      ng[ln] = -v;
      if (fabs(v) > imax) imax = fabs(v);
      got++;
    }
  }
  if (p) fclose(p);
  for (int c = 0; c < n && c < 4096; c++) {
    mxb_array_end_current(a, 0, 1, c, MXB_END_A, &mine[c]);
    double m = fmax(fabs(mine[c]), fabs(ng[c]));
    if (m > 1e-9 * imax && fabs(mine[c] - ng[c]) / m > *worst) *worst = fabs(mine[c] - ng[c]) / m;
  }
  if (got < n) { /* keep the files to see why */
    *worst = NAN;
    fprintf(stderr, "bench_array: N = %d: %d of %d sense currents in ngspice's output "
            "(kept %s, %s)\n", n, got, n, net, out);
    return t;
  }
  remove(net);
  remove(wrap);
  remove(out);
  return t;
}

/* Resident memory of this process now (MB): what the arrays alive hold
 * (peak_mb is the largest so far, including the KLU runs before). */
static double rss_mb(void) {
  long pages = 0, rss = 0;
  FILE *f = fopen("/proc/self/statm", "r");
  if (f) {
    if (fscanf(f, "%ld %ld", &pages, &rss) != 2) rss = 0;
    fclose(f);
  }
  return (double)rss * (double)sysconf(_SC_PAGESIZE) / (1024.0 * 1024.0);
}

/* DC solves of 2D (sel NULL) or 1S1R arrays (selector over memory, rw ohm
 * segments, rows driven at vlo..vhi, columns at virtual ground): the
 * default path (iterative; a stacked cell's internal node eliminated by its
 * local solve) against the KLU path on the same array, and ngspice.
 * "1 row": re-solve after one row's drive changes; "new WL": re-solve with
 * new voltages on every row, the cells unchanged (a read of a new input
 * vector), and first/new WL the ratio of the first solve to it. dI: largest
 * relative difference of a sense current to KLU's (each against itself).
 * Newton/CG: iterations of the first solve. RSS: resident MB after the
 * iterative solves (the array alive); peak: largest so far in the process. */
static void bench_dc(mxb_ctx_t *ctx, const char *label, const mxb_device_t *mem,
                     const mxb_device_t *sel, double vlo, double vhi, double rw, int max_n,
                     int max_klu, int max_ng) {
  printf("== %s %s, %g ohm wires, rows %.1f-%.1f V, columns sensed (CPU time)\n",
         sel ? "1S1R" : "2D", label, rw, vlo, vhi);
  printf("%6s %10s %9s %10s %8s %9s %10s %8s %10s %8s %9s %7s %7s\n", "N", "solve", "Newton/CG",
         "1 row", "new WL", "first/WL", "KLU", "KLU/mxb", "ngspice", "ng/mxb", "max dI", "RSS MB",
         "peak");
  for (int n = 16; n <= max_n; n *= 2) {
    mxb_array_t *a = make_cells(ctx, mem, sel, n, rw, vlo, vhi);
    double i0, t1 = solve_time(a, &i0);
    long nw = a->net.stat_newton, ncg = a->net.stat_cg;
    /* both re-solves at the first solve's instant: DC re-solves with the
     * states unchanged (no time advance in the timings) */
    if (mxb_array_drive(a, 0, 0, n / 2, vhi, 0)) die(ctx, "re-solve drive");
    double t0 = now_s();
    if (mxb_array_sense_current(a, 0, 1, 0, &i0)) die(ctx, "re-solve");
    double t2 = now_s() - t0;
    for (int l = 0; l < n; l++) /* new input vector, same cells */
      if (mxb_array_drive(a, 0, 0, l, vlo + (vhi - vlo) * (double)((l * 11 + 5) % n) / n, 0))
        die(ctx, "new WL drive");
    t0 = now_s();
    if (mxb_array_sense_current(a, 0, 1, 0, &i0)) die(ctx, "new WL");
    double t3 = now_s() - t0, rss = rss_mb();
    mxb_array_free(a);
    a = make_cells(ctx, mem, sel, n, rw, vlo, vhi);
    solve_time(a, &i0);
    char tk[32] = "-", rk[32] = "-", tn[32] = "-", rn[32] = "-", dd[32] = "-";
    if (n <= max_klu) {
      mxb_array_t *k = make_cells(ctx, mem, sel, n, rw, vlo, vhi);
      k->net.solver_mode = MXBI_SOLVER_KLU;
      double tkl = solve_time(k, &i0), worst = 0.0;
      for (int c = 0; c < n; c++) {
        double x, y;
        mxb_array_sense_current(a, 0, 1, c, &x);
        mxb_array_sense_current(k, 0, 1, c, &y);
        double m = fmax(fabs(x), fabs(y));
        if (m > 0 && fabs(x - y) / m > worst) worst = fabs(x - y) / m;
      }
      snprintf(tk, sizeof tk, "%.3g s", tkl);
      snprintf(rk, sizeof rk, "%.0fx", tkl / t1);
      snprintf(dd, sizeof dd, "%.1e", worst);
      mxb_array_free(k);
    }
    if (n <= max_ng) {
      double worst, tng = ngspice_run(a, n, &worst);
      snprintf(tn, sizeof tn, "%.3g s", tng);
      snprintf(rn, sizeof rn, "%.0fx", tng / t1);
    }
    char nc[32];
    snprintf(nc, sizeof nc, "%ld/%ld", nw, ncg);
    printf("%6d %7.2f ms %9s %7.2f ms %5.2f ms %8.1fx %10s %8s %10s %8s %9s %7.0f %7.0f\n", n,
           1e3 * t1, nc, 1e3 * t2, 1e3 * t3, t1 / t3, tk, rk, tn, rn, dd, rss, peak_mb());
    fflush(stdout);
    mxb_array_free(a);
  }
}

/* Line changes at one instant on a 1S1R array: "lazy" sets every line end
 * one after another and then lets time move (the engine records the
 * settings and solves once); "eager" reads after every change, which costs
 * what an engine solving at each change would. */
static void lazy_step(mxb_array_t *a, int eager, int pattern, int k, double *t) {
  mxb_ctx_t *ctx = mxb_array_ctx(a);
  int R = mxb_array_plane_lines(a, 0), C = mxb_array_plane_lines(a, 1);
  double x, vp = 2.4;
  for (int phase = 0; phase < (pattern ? 2 : 1); phase++) {
    if (phase == 0) *t += 1e-6;
    for (int l = 0; l < R + C; l++) {
      int rc, p = l >= R, line = p ? l - R : l;
      if (pattern == 0 || phase == 1) /* read bias: one row in three at 0.7 V */
        rc = p ? mxb_array_sense(a, *t, 1, line, 0.0)
               : mxb_array_drive(a, *t, 0, line, (line + k) % 3 ? 0.0 : 0.7, 0.0);
      else /* V/3 inhibit program pulse of cell (k % R, k % C) */
        rc = p ? mxb_array_drive(a, *t, 1, line, line == k % C ? 0.0 : 2 * vp / 3, 0.0)
               : mxb_array_drive(a, *t, 0, line, line == k % R ? vp : vp / 3, 0.0);
      if (rc) die(ctx, "lazy: set line");
      if (eager && mxb_array_sense_current(a, *t, 1, 0, &x)) die(ctx, "lazy: eager read");
    }
    *t += pattern && phase == 0 ? 20e-6 : (pattern ? 1e-6 : 20e-6);
    if (mxb_array_advance(a, *t)) die(ctx, "lazy: advance");
  }
}

static void lazy_rows(mxb_ctx_t *ctx) {
  static const char *const ovr = "rows=64,cols=10,r_wire_row=0,r_wire_col=0";
  char card[1024];
  snprintf(card, sizeof card, "%s/ecm_1s1r_4x4.json", mxb_card_dir());
  printf("== line changes at one instant, 64x10 1S1R (%s, %s; CPU ms per step)\n"
         "   lazy: 74 line ends set one after another, then time moves;"
         " eager: a read after every change\n", "ecm_1s1r_4x4.json", ovr);
  printf("%-44s %10s %10s %7s\n", "step", "lazy", "eager", "ratio");
  static const char *const name[2] = {"read bias (74 ends), advance 20 us",
                                      "V/3 pulse 20 us (74 ends), back (74), 1 us"};
  for (int pattern = 0; pattern < 2; pattern++) {
    double ms[2];
    for (int eager = 0; eager < 2; eager++) {
      mxb_array_t *a = mxb_array_load(ctx, card, ovr);
      if (!a) {
        printf("%-44s (card does not load: %s)\n", name[pattern], mxb_ctx_errmsg(ctx));
        return;
      }
      double t = 0;
      lazy_step(a, 0, 0, 0, &t); /* warm-up: every line set once */
      const int steps = 10;
      double t0 = now_s();
      for (int k = 0; k < steps; k++) lazy_step(a, eager, pattern, k + 1, &t);
      ms[eager] = 1e3 * (now_s() - t0) / steps;
      mxb_array_free(a);
    }
    printf("%-44s %7.2f ms %7.2f ms %6.2fx\n", name[pattern], ms[0], ms[1], ms[1] / ms[0]);
    fflush(stdout);
  }
}

/* Time advance of a programming operation on an N x N ECM 1S1R array
 * (ecm_1s1r_4x4.json resized): a V/3 program pulse of cell (N/2, N/2)
 * (2.4 V, 20 us; unselected rows at V/3, unselected columns at 2V/3), then a
 * read (0.7 V on the selected row, every column at virtual ground, 1 us),
 * then 40 us with every line at 0 V (the selectors relax). CPU time of the
 * whole sequence with the card's 1 ohm wires and with ideal wires. */
static double advance_seq(mxb_ctx_t *ctx, int n, int wires, int ref, double *i_read) {
  char card[1024], ovr[128];
  snprintf(card, sizeof card, "%s/ecm_1s1r_4x4.json", mxb_card_dir());
  snprintf(ovr, sizeof ovr, "rows=%d,cols=%d%s", n, n, wires ? "" : ",r_wire_row=0,r_wire_col=0");
  mxb_array_t *a = mxb_array_load(ctx, card, ovr);
  if (!a) die(ctx, "advance: card");
  a->net.cells.ref_advance = ref; /* the previous scheme: per-sub-step cells */
  const double vp = 2.4, vr = 0.7;
  int s = n / 2;
  double t = 1e-6, t0 = now_s();
  for (int l = 0; l < n; l++)
    if (mxb_array_drive(a, t, 0, l, l == s ? vp : vp / 3, 0) ||
        mxb_array_drive(a, t, 1, l, l == s ? 0.0 : 2 * vp / 3, 0))
      die(ctx, "advance: pulse");
  t += 20e-6;
  for (int l = 0; l < n; l++)
    if (mxb_array_drive(a, t, 0, l, l == s ? vr : 0.0, 0) || mxb_array_sense(a, t, 1, l, 0))
      die(ctx, "advance: read");
  t += 1e-6;
  if (mxb_array_sense_current(a, t, 1, s, i_read)) die(ctx, "advance: read current");
  for (int l = 0; l < n; l++)
    if (mxb_array_drive(a, t, 0, l, 0.0, 0)) die(ctx, "advance: rest");
  t += 40e-6;
  if (mxb_array_advance(a, t)) die(ctx, "advance: relax");
  double dt = now_s() - t0;
  mxb_array_free(a);
  return dt;
}

static void advance_rows(mxb_ctx_t *ctx, int max_n) {
  printf("== V/3 program pulse (2.4 V, 20 us) + read (0.7 V, 1 us) + 40 us relaxation, ECM 1S1R "
         "(CPU time, target at 128: < 0.2 s wired, within 3x of ideal); \"previous\": the "
         "per-sub-step scheme (cells.ref_advance) in this process, dI: its selected read "
         "current against this one\n");
  printf("%6s %12s %12s %9s %14s %14s %14s %9s %9s %9s\n", "N", "1 ohm wires", "ideal",
         "ratio", "I read wired", "I read ideal", "prev. wired", "speed-up", "prev. ideal",
         "speed-up");
  for (int n = 16; n <= max_n; n *= 2) {
    double iw, ii, pw, pi, tw = advance_seq(ctx, n, 1, 0, &iw), ti = advance_seq(ctx, n, 0, 0, &ii);
    double rw = advance_seq(ctx, n, 1, 1, &pw), ri = advance_seq(ctx, n, 0, 1, &pi);
    printf("%6d %10.3f s %10.3f s %8.1fx %14.4e %14.4e %12.3f s %8.1fx %7.3f s %8.1fx"
           "   dI %.1e / %.1e\n", n, tw, ti, tw / ti, iw, ii, rw, rw / tw, ri, ri / ti,
           fabs(pw - iw) / fabs(pw), fabs(pi - ii) / fabs(pi));
    fflush(stdout);
  }
}

/* 10 ms training pulses on the floating 6x6x3 Cu-pMSSQ stack (seed 000,
 * card cu_pmssq_3d_6x6x3.json, 0.7 nF per cell): the selected cell's top
 * electrode at 3 V, its bottom at 0 V, every other electrode floating (its
 * cells' capacitances make it an RC node: the engine runs the capacitor
 * transient for the whole pulse), one pulse per cell of an "H" in model
 * layer 2, 2 ms at 0 V after each. CPU time per pulse against the 50 ms
 * target (a 15-session H/Y/U training in 1-2 minutes). */
static void float3d_rows(void) {
  static const char *const pat[6] = {"#....#", "#....#", "######", "#....#", "#....#", "#....#"};
  mxb_ctx_t *ctx = mxb_ctx_new(21);
  mxb_array_t *a = mxb_array_load(ctx, MXB_CARD_DIR "/cu_pmssq_3d_6x6x3.json", NULL);
  if (!a) die(ctx, "cu_pmssq_3d_6x6x3.json");
  printf("== 10 ms pulse on the 6x6x3 Cu-pMSSQ stack, unselected electrodes floating "
         "(CPU time, target < 50 ms)\n");
  double t = 0.0, worst = 0.0, t0 = now_s();
  int n = 0, lp[2] = {0, 0}, pp[2] = {0, 0}, held = 0;
  for (int r = 0; r < 6; r++)
    for (int c = 0; c < 6; c++) {
      if (pat[r][c] != '#') continue;
      double ts = now_s();
      for (int i = 0; i < held; i++)
        if (mxb_array_float(a, t, pp[i], lp[i])) die(ctx, "float");
      if (mxb_array_drive(a, t, 2, r, 3.0, 0.0) || mxb_array_drive(a, t, 3, c, 0.0, 0.0) ||
          mxb_array_drive(a, t + 10e-3, 2, r, 0.0, 0.0) || mxb_array_advance(a, t + 12e-3))
        die(ctx, "pulse");
      pp[0] = 2, lp[0] = r, pp[1] = 3, lp[1] = c, held = 2;
      t += 12e-3;
      double d = now_s() - ts;
      if (d > worst) worst = d;
      n++;
    }
  double per = (now_s() - t0) / n;
  printf("%6s %12s %12s %10s\n", "pulses", "per pulse", "worst", "vs 50 ms");
  printf("%6d %9.2f ms %9.2f ms %9.3fx\n", n, 1e3 * per, 1e3 * worst, per / 50e-3);
  mxb_array_free(a);
  mxb_ctx_free(ctx);
}

int main(int argc, char **argv) {
  int max_ng = argc > 1 ? atoi(argv[1]) : 128, max_n = argc > 2 ? atoi(argv[2]) : 1024;
  int max_klu = argc > 3 ? atoi(argv[3]) : 512;
  const char *only = argc > 4 ? argv[4] : "all";
#define SECTION(name) (strcmp(only, "all") == 0 || strcmp(only, name) == 0)
  mxb_ctx_t *ctx = mxb_ctx_new(1);
  mxb_device_t *d = mxb_device_new(ctx, "sinh_diode");
  if (!d || mxb_device_set(ctx, d, "i0", 2e-6) || mxb_device_set(ctx, d, "v0", 0.2))
    die(ctx, "device");
  if (SECTION("2d")) {
    printf("== array solver vs ngspice (2D sinh cells, 1 ohm wires, rows driven, columns sensed;"
           " CPU time)\n");
    printf("%6s %12s %12s %12s %10s %12s\n", "N", "mxb solve", "mxb re-solve", "ngspice",
           "ratio", "max rel dI");
  }
  for (int n = 16; n <= max_n && SECTION("2d"); n *= 2) {
    /* first solve of a fresh array: best of a few (one at the largest sizes) */
    mxb_array_t *a = NULL;
    double i0, t1 = INFINITY;
    for (int k = 0; k < (n <= 256 ? 5 : 1); k++) {
      if (a) mxb_array_free(a);
      a = make(ctx, d, n, 1.0);
      double tk = solve_time(a, &i0);
      if (tk < t1) t1 = tk;
    }
    /* re-solve: new drives, same structure (symbolic analysis reused) */
    for (int l = 0; l < n; l++) mxb_array_drive(a, 1e-9, 0, l, 0.5 + 0.3 * (double)((l * 11) % n) / n, 0);
    double t0 = now_s();
    if (mxb_array_sense_current(a, 1e-9, 1, 0, &i0)) die(ctx, "re-solve");
    double t2 = now_s() - t0;
    if (n <= max_ng) {
      mxb_array_free(a);
      a = make(ctx, d, n, 1.0);
      solve_time(a, &i0);
      double worst, tn = ngspice_run(a, n, &worst);
      printf("%6d %10.2f ms %10.2f ms %10.1f ms %9.0fx %12.2e\n", n, 1e3 * t1, 1e3 * t2, 1e3 * tn,
             tn / t1, worst);
    } else {
      printf("%6d %10.2f ms %10.2f ms %12s %10s %12s\n", n, 1e3 * t1, 1e3 * t2, "-", "-", "-");
    }
    fflush(stdout);
    mxb_array_free(a);
  }
  /* ideal-wire reads vs a plain MVM loop, and for the nonlinear class vs a
   * plain loop evaluating the same I(V) per cell */
  if (SECTION("reads")) {
    printf("== ideal-wire read (new row voltages, read every column) vs plain C loops (CPU time)\n"
           "   MVM: y[c] += g[r][c] v[r]; I(V): y[c] += i0 sinh(v[r] / v0) + g_lin v[r] per "
           "cell\n");
    printf("%-20s %6s %13s %13s %8s %13s %8s\n", "cell class", "N", "mxb", "plain MVM", "ratio",
           "plain I(V)", "ratio");
  }
  static const char *const cls[3] = {"linear_resistor", "threshold_memristor", "sinh_diode"};
  for (int ic = 0; ic < 3 && SECTION("reads"); ic++) {
    mxb_device_t *cd = mxb_device_new(ctx, cls[ic]);
    if (!cd) die(ctx, cls[ic]);
    for (int n = 64; n <= 1024; n *= 4) {
      mxb_array_t *a = make(ctx, cd, n, 0.0);
      double *g = malloc((size_t)n * n * sizeof *g), *v = malloc((size_t)n * sizeof *v),
             *y = malloc((size_t)n * sizeof *y), x;
      if (!g || !v || !y) exit(1);
      mxb_array_conductance_map(a, 0, 0, 0.1, g);
      double tt = 1e-9;
      /* one untimed read (first solve, caches), then enough reads for ~0.2 s */
      for (int l = 0; l < n; l++) mxb_array_drive(a, tt, 0, l, 0.1 * (l % 7), 0);
      for (int c = 0; c < n; c++) mxb_array_sense_current(a, tt, 1, c, &x);
      int reps = (int)(2e8 / ((double)n * n * (ic == 2 ? 20.0 : 1.0)));
      if (reps < 3) reps = 3;
      double t0 = now_s();
      for (int k = 0; k < reps; k++) {
        tt += 1e-9;
        for (int l = 0; l < n; l++) mxb_array_drive(a, tt, 0, l, 0.1 * ((l + k) % 7), 0);
        for (int c = 0; c < n; c++) mxb_array_sense_current(a, tt, 1, c, &x);
      }
      double tm = (now_s() - t0) / reps;
      int preps = reps * 4;
      t0 = now_s();
      double sink = 0;
      for (int k = 0; k < preps; k++) {
        for (int l = 0; l < n; l++) v[l] = 0.1 * ((l + k) % 7);
        memset(y, 0, (size_t)n * sizeof *y);
        for (int r = 0; r < n; r++)
          for (int c = 0; c < n; c++) y[c] += g[(size_t)r * n + c] * v[r];
        sink += y[k % n];
      }
      double tp = (now_s() - t0) / preps;
      if (ic == 2) { /* the same I(V) per cell, as a plain loop would write it */
        double i0, v0, gl;
        if (mxb_device_get(ctx, cd, "i0", &i0) || mxb_device_get(ctx, cd, "v0", &v0) ||
            mxb_device_get(ctx, cd, "g_lin", &gl))
          die(ctx, "sinh parameters");
        int ireps = reps > 3 ? reps : 3;
        t0 = now_s();
        for (int k = 0; k < ireps; k++) {
          for (int l = 0; l < n; l++) v[l] = 0.1 * ((l + k) % 7);
          memset(y, 0, (size_t)n * sizeof *y);
          for (int r = 0; r < n; r++)
            for (int c = 0; c < n; c++) y[c] += i0 * sinh(v[r] / v0) + gl * v[r];
          sink += y[k % n];
        }
        double ti = (now_s() - t0) / ireps;
        printf("%-20s %6d %10.2f us %10.2f us %7.2fx %10.2f us %7.2fx%s\n", cls[ic], n,
               1e6 * tm, 1e6 * tp, tm / tp, 1e6 * ti, tm / ti, sink < 0 ? " " : "");
      } else {
        printf("%-20s %6d %10.2f us %10.2f us %7.2fx %13s %8s%s\n", cls[ic], n, 1e6 * tm,
               1e6 * tp, tm / tp, "-", "-", sink < 0 ? " " : "");
      }
      fflush(stdout);
      free(g);
      free(v);
      free(y);
      mxb_array_free(a);
    }
    mxb_device_free(cd);
  }
  if (SECTION("1s1r")) {
    mxb_device_t *ss = mxb_device_new(ctx, "sinh_diode"), *rr = mxb_device_new(ctx, "linear_resistor");
    if (!ss || !rr || mxb_device_set(ctx, ss, "i0", 1e-9) || mxb_device_set(ctx, ss, "v0", 0.05) ||
        mxb_device_set(ctx, rr, "g", 1e-4))
      die(ctx, "1S1R devices");
    bench_dc(ctx, "sinh selector (i0 1 nA, v0 50 mV) + 10 kohm", rr, ss, 0.6, 1.2, 1.0, max_n,
             max_klu, max_ng);
    bench_dc(ctx, "sinh selector (i0 1 nA, v0 50 mV) + 10 kohm", rr, ss, 0.6, 1.2, 10.0, max_n,
             max_klu, max_ng);
    mxb_device_free(ss);
    mxb_device_free(rr);
    mxb_device_t *em = mxb_device_load(ctx, MXB_CARD_DIR "/ecm_memory.json", NULL);
    mxb_device_t *es = mxb_device_load(ctx, MXB_CARD_DIR "/ecm_selector.json", NULL);
    if (!em || !es) die(ctx, "ECM cards");
    bench_dc(ctx, "ECM selector + memory (seed 002 cards)", em, es, 0.4, 0.8, 1.0, max_n, max_klu,
             max_ng);
    mxb_device_free(em);
    mxb_device_free(es);
  }
  if (SECTION("dc2d")) { /* 2D sinh (the 2d table's cells) and linear cells vs KLU */
    bench_dc(ctx, "sinh (i0 2 uA, v0 0.2 V)", d, NULL, 0.4, 0.8, 1.0, max_n, max_klu, max_ng);
    bench_dc(ctx, "sinh (i0 2 uA, v0 0.2 V)", d, NULL, 0.4, 0.8, 10.0, max_n, max_klu, max_ng);
    mxb_device_t *lr = mxb_device_new(ctx, "linear_resistor");
    if (!lr || mxb_device_set(ctx, lr, "g", 1e-4)) die(ctx, "linear_resistor");
    bench_dc(ctx, "linear_resistor 10 kohm", lr, NULL, 0.4, 0.8, 1.0, max_n, max_klu, max_ng);
    bench_dc(ctx, "linear_resistor 10 kohm", lr, NULL, 0.4, 0.8, 10.0, max_n, max_klu, max_ng);
    mxb_device_free(lr);
  }
  if (SECTION("advance")) advance_rows(ctx, max_n < 128 ? max_n : 128);
  if (SECTION("lazy")) lazy_rows(ctx);
  if (SECTION("float3d")) float3d_rows();
  mxb_device_free(d);
  mxb_ctx_free(ctx);
  return 0;
}
