/* Figures of the compact models and selector parts (issue 23: vteam,
 * yakopcic, stanford_pku, shockley_diode, ots_selector), written as data
 * files into the working directory (make figures: the build folder's
 * figures/) and plotted by fig_compact.gp. Every curve is driven through
 * mxb_array_* on a 1x1 bench (tests/c/dev_bench.h) with the shipped cards,
 * as in the tests tests/c/test_dev_{vteam,yakopcic,stanford,diode,ots}.c. */
#include <math.h>
#include <string.h>
#include "dev_bench.h"
#include "fig_common.h"

static const double PI = 3.14159265358979323846;

/* Sinusoid of amplitude amp and frequency f, n steps a period, periods
 * periods; writes V, I per step. */
static void sine_loop(FILE *f, const char *card, const char *ovr, double amp, double freq,
                      int periods) {
  enum { N = 400 };
  bench_t *b = bench_new(1, card, NULL, ovr);
  double dt = 1.0 / (freq * N);
  for (int k = 0; k <= periods * N; k++) {
    double t = 1e-9 + k * dt, v = k % (N / 2) == 0 ? 0.0 : amp * sin(2 * PI * k / N);
    BENCH_OK(bench_drive(b, t, 0, v, 0.0), b->ctx);
    fprintf(f, "%g %g\n", v, bench_current(b, t));
  }
  fprintf(f, "\n\n");
  bench_free(b);
}

/* Triangular sweep through the given corners in steps of dv, dwell s each,
 * of a device card (sel NULL) or a 1S1R cell (memory card, selector card);
 * writes V, I. */
static void sweep(FILE *f, const char *card, const char *sel, const char *ovr,
                  const double *corners, int nc, double dv, double dwell) {
  bench_t *b = bench_new(1, card, sel, ovr);
  double t = 1e-9, v = corners[0];
  for (int c = 1; c < nc; c++) {
    int n = (int)lround(fabs(corners[c] - corners[c - 1]) / dv);
    for (int k = 0; k < n; k++, t += dwell) {
      v = corners[c - 1] + (corners[c] - corners[c - 1]) * (k + 1) / n;
      BENCH_OK(bench_drive(b, t, 0, v, 0.0), b->ctx);
      fprintf(f, "%g %g\n", v, bench_current(b, t));
    }
  }
  fprintf(f, "\n\n");
  bench_free(b);
}

/* Pulse width after which a VTEAM cell from w0 crosses half-way between
 * R_on and R_off (bisection on fresh benches). */
static double vteam_half(double v, const char *ovr, double guess) {
  double lo = guess / 64, hi = guess * 64;
  for (int it = 0; it < 50; it++) {
    double t = sqrt(lo * hi);
    bench_t *b = bench_new(1, "vteam.json", NULL, ovr);
    double te = bench_pulse(b, 1e-9, v, t);
    double r = 1.0 / bench_g(b, te + 1e-9, 0.01);
    bench_free(b);
    if ((r > 525.0) == (v > 0)) hi = t;
    else lo = t;
  }
  return sqrt(lo * hi);
}

int main(void) {
  FILE *f = open_out("vteam_loop.dat");
  fprintf(f, "# block: 1 V sinusoid at 50 MHz, 500 MHz, 5 GHz (2 periods); V(V) I(A)\n");
  sine_loop(f, "vteam.json", "w0=0", 1.0, 50e6, 2);
  sine_loop(f, "vteam.json", "w0=0", 1.0, 500e6, 2);
  sine_loop(f, "vteam.json", "w0=0", 1.0, 5e9, 2);
  fclose(f);

  f = open_out("vteam_switching.dat");
  fprintf(f, "# block 0: OFF from w_on, block 1: ON from w_off; |V|(V) t_half measured(s) closed form(s)\n");
  for (double v = 0.03; v <= 3.0 * 1.0001; v *= 1.2589) {
    double cf = 0.5 * 3e-9 / (5e-4 * (v / 0.02 - 1.0));
    fprintf(f, "%g %g %g\n", v, vteam_half(v, "w0=0", cf), cf);
  }
  fprintf(f, "\n\n");
  for (double v = 0.25; v <= 3.0 * 1.0001; v *= 1.2589) {
    double cf = 0.5 * 3e-9 / (10.0 * pow(v / 0.2 - 1.0, 3.0));
    fprintf(f, "%g %g %g\n", v, vteam_half(-v, "w0=3e-9", cf), cf);
  }
  fclose(f);

  f = open_out("yakopcic_loop.dat");
  fprintf(f, "# block: 0.5 V sinusoid at 100 Hz, 1 kHz, 10 kHz (2 periods); V(V) I(A)\n");
  sine_loop(f, "yakopcic_oblea.json", NULL, 0.5, 100.0, 2);
  sine_loop(f, "yakopcic_oblea.json", NULL, 0.5, 1e3, 2);
  sine_loop(f, "yakopcic_oblea.json", NULL, 0.5, 1e4, 2);
  fclose(f);

  f = open_out("stanford_iv.dat");
  fprintf(f, "# from HRS 0 -> 2 -> 0 -> -2 -> 0 V, 10 mV per 5 us; V(V) I(A)\n");
  const double st_c[5] = {0.0, 2.0, 0.0, -2.0, 0.0};
  sweep(f, "stanford_pku.json", NULL, "gap_ini=1.7e-9", st_c, 5, 0.01, 5e-6);
  fclose(f);

  f = open_out("diode_iv.dat");
  fprintf(f, "# block 0: 1N4148 card -2 .. 1.2 V; block 1: with g_p = 1e-9 S; block 2: the 1D1R cell (diode over the Yakopcic Oblea memory); V(V) I(A)\n");
  const double d_c[2] = {-2.0, 1.2};
  sweep(f, "diode_1n4148.json", NULL, NULL, d_c, 2, 0.01, 1e-6);
  sweep(f, "diode_1n4148.json", NULL, "g_p=1e-9", d_c, 2, 0.01, 1e-6);
  sweep(f, "yakopcic_oblea.json", "diode_1n4148.json", NULL, d_c, 2, 0.01, 1e-6);
  fclose(f);

  f = open_out("ots_iv.dat");
  fprintf(f, "# block: 0 -> 2 -> 0 -> -2 -> 0 V, 10 mV per 1 us; V(V) I(A)\n");
  const double o_c[5] = {0.0, 2.0, 0.0, -2.0, 0.0};
  sweep(f, "ots_selector.json", NULL, NULL, o_c, 5, 0.01, 1e-6);
  fclose(f);
  return 0;
}
