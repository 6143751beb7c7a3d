/* Figures of the non-ideality layer (issue 17, models_c/src/mxb_nonideal.h),
 * written as data files into the working directory (make figures:
 * build/figures) and plotted by fig_nonideal.gp. Every number comes through
 * mxb_array_* calls on arrays whose "nonideal" effects are turned on by
 * overrides; the laws' parameters are the card defaults unless named here.
 *  - RTN trace: one cell of a 2x2 array of linear resistors at 0.5 V, two
 *    traps (mean dwell times log-uniform in 0.1 .. 10 ms, amplitude 10 %),
 *    read every 1 us and, on a twin array with the same seed, every 1 ms.
 *  - Drift: 16 ECM memories (ecm_memory.json, 1R, ideal wires) set to a
 *    staircase of 16 conductances 5 .. 80 uS at t = 0 (their programming
 *    event) and read at 0.1 V from 1 s to 1e6 s, drift on (nu 0.049 +-
 *    0.008 from t0 = 20 s) at 300 K.
 *  - Read noise: a 32 x 32 array of the same memories, 64 cells per level,
 *    each read 8 times (at 8 instants) at 0.1 V with read noise (card
 *    defaults: 2 MHz, 1/f, thermal, shot, 1 %) and on a noiseless twin. */
#include <math.h>
#include <string.h>
#include "fig_common.h"

static const char *prog = "fig_nonideal";

/* A 2D array card of rows x cols cells of the shipped device card cell with
 * ideal wires, written to name in the working directory. */
static mxb_array_t *load(mxb_ctx_t *ctx, const char *name, const char *cell, int rows,
                         int cols, const char *ovr) {
  FILE *f = open_out(name);
  fprintf(f, "{\"mxb_card\": 1, \"kind\": \"array\", \"topology\": \"2d\", \"rows\": %d, "
             "\"cols\": %d, \"r_wire_row\": {\"value\": 0, \"unit\": \"ohm\", \"source\": "
             "\"ideal wires\"}, \"r_wire_col\": {\"value\": 0, \"unit\": \"ohm\", \"source\": "
             "\"ideal wires\"}, \"cell\": \"%s/%s\"}\n",
          rows, cols, mxb_card_dir(), cell);
  fclose(f);
  mxb_array_t *a = mxb_array_load(ctx, name, ovr);
  if (!a) fig_die(prog, ctx, mxb_ctx_errcode(ctx));
  return a;
}

static void check(mxb_ctx_t *ctx, int rc) {
  if (rc) fig_die(prog, ctx, rc);
}

/* Every row at v, every column a virtual ground. */
static void bias(mxb_ctx_t *ctx, mxb_array_t *a, double t, double v) {
  int R = mxb_array_plane_lines(a, 0), C = mxb_array_plane_lines(a, 1);
  for (int r = 0; r < R; r++) check(ctx, mxb_array_drive(a, t, 0, r, v, 0.0));
  for (int c = 0; c < C; c++) check(ctx, mxb_array_sense(a, t, 1, c, 0.0));
}

static double cell_i(mxb_ctx_t *ctx, mxb_array_t *a, double t, int r, int c) {
  double i = NAN;
  check(ctx, mxb_array_cell_current(a, t, 0, r, c, &i));
  return i;
}

static void rtn_trace(void) {
  const char *o = "rows=2,cols=2,nonideal.rtn=1,nonideal.rtn_traps=2,"
                  "nonideal.rtn_tau_c_min=1e-4,nonideal.rtn_tau_c_max=1e-2,"
                  "nonideal.rtn_tau_e_min=1e-4,nonideal.rtn_tau_e_max=1e-2,"
                  "nonideal.rtn_amp=0.1,nonideal.rtn_amp_sigma=0";
  mxb_ctx_t *c1 = mxb_ctx_new(3), *c2 = mxb_ctx_new(3);
  mxb_array_t *a = load(c1, "ni_rtn_card.json", "linear_resistor.json", 2, 2, o);
  mxb_array_t *b = load(c2, "ni_rtn_card.json", "linear_resistor.json", 2, 2, o);
  bias(c1, a, 0.0, 0.5);
  bias(c2, b, 0.0, 0.5);
  FILE *f = open_out("ni_rtn_fine.dat"), *g = open_out("ni_rtn_coarse.dat");
  fprintf(f, "# t(s) I(A) of cell (0,0) read every 1 us\n");
  fprintf(g, "# t(s) I(A) of cell (0,0) read every 1 ms (twin array, same seed); "
             "I(A) of the 1 us trace at that instant\n");
  long mismatch = 0;
  for (long us = 0; us <= 50000; us++) {
    double t = (double)us * 1e-6, x = cell_i(c1, a, t, 0, 0);
    fprintf(f, "%.6f %.9g\n", t, x);
    if (us % 1000 == 0) {
      double y = cell_i(c2, b, (double)(us / 1000) * 1e-3, 0, 0);
      fprintf(g, "%.6f %.9g %.9g\n", t, y, x);
      mismatch += y != x;
    }
  }
  fclose(f);
  fclose(g);
  printf("%s: RTN trace: 50001 reads at 1 us, 51 at 1 ms, %ld common instants differ\n", prog,
         mismatch);
  mxb_array_free(a);
  mxb_array_free(b);
  mxb_ctx_free(c1);
  mxb_ctx_free(c2);
}

/* Set cell (r, c) of an ECM memory array to conductance g (memory state w
 * from g = g_hrs (g_lrs / g_hrs)^w). */
static void set_g(mxb_ctx_t *ctx, mxb_array_t *a, int r, int c, double g) {
  const double g_hrs = 1e-9, g_lrs = 1.4e-3; /* ecm_memory.json */
  double s[8]; /* the 8 states of ecm_memory, w first */
  check(ctx, mxb_array_cell_state(a, 0, r, c, s, 8));
  s[0] = log(g / g_hrs) / log(g_lrs / g_hrs);
  check(ctx, mxb_array_set_cell_state(a, 0, r, c, s, 8));
}

static void drift_staircase(void) {
  mxb_ctx_t *ctx = mxb_ctx_new(4);
  mxb_array_t *a = load(ctx, "ni_drift_card.json", "ecm_memory.json", 1, 16,
                        "rows=1,cols=16,nonideal.drift=1");
  for (int k = 0; k < 16; k++) set_g(ctx, a, 0, k, 5e-6 * (k + 1));
  bias(ctx, a, 0.0, 0.1);
  FILE *f = open_out("ni_drift.dat");
  fprintf(f, "# t(s) then G(S) at 0.1 V of the 16 levels\n");
  for (int j = 0; j <= 60; j++) {
    double t = pow(10.0, j / 10.0);
    fprintf(f, "%.6g", t);
    for (int k = 0; k < 16; k++) fprintf(f, " %.6g", cell_i(ctx, a, t, 0, k) / 0.1);
    fprintf(f, "\n");
  }
  fclose(f);
  mxb_array_free(a);
  mxb_ctx_free(ctx);
}

static void noise_hist(void) {
  enum { N = 32, READS = 8, BINS = 200 };
  const double glo = 0.0, ghi = 100e-6, bw = (ghi - glo) / BINS;
  static long h[2][BINS];
  double sum2 = 0.0;
  long n2 = 0;
  for (int noisy = 0; noisy < 2; noisy++) {
    mxb_ctx_t *ctx = mxb_ctx_new(6);
    mxb_array_t *a = load(ctx, "ni_hist_card.json", "ecm_memory.json", N, N,
                          noisy ? "rows=32,cols=32,nonideal.read_noise=1" : "rows=32,cols=32");
    for (int r = 0; r < N; r++)
      for (int c = 0; c < N; c++) set_g(ctx, a, r, c, 5e-6 * ((r * N + c) % 16 + 1));
    bias(ctx, a, 0.0, 0.1);
    for (int k = 1; k <= READS; k++)
      for (int r = 0; r < N; r++)
        for (int c = 0; c < N; c++) {
          double g = cell_i(ctx, a, k * 1e-3, r, c) / 0.1;
          if (noisy) {
            double d = g / (5e-6 * ((r * N + c) % 16 + 1)) - 1.0;
            sum2 += d * d;
            n2++;
          }
          int b = (int)floor((g - glo) / bw);
          if (b >= 0 && b < BINS) h[noisy][b]++;
        }
    mxb_array_free(a);
    mxb_ctx_free(ctx);
  }
  FILE *f = open_out("ni_hist.dat");
  fprintf(f, "# G bin centre (S), reads without noise, reads with read noise (%d cells x %d "
             "reads each)\n", N * N, READS);
  for (int b = 0; b < BINS; b++)
    fprintf(f, "%.6g %ld %ld\n", glo + (b + 0.5) * bw, h[0][b], h[1][b]);
  fclose(f);
  printf("%s: read noise: rms relative deviation %.4f over %ld reads\n", prog,
         sqrt(sum2 / (double)n2), n2);
}

int main(void) {
  rtn_trace();
  drift_staircase();
  noise_hist();
  return 0;
}
