/* Figures of the seed-004 review devices (ag_volatile, ag_if_neuron,
 * nbo2_neuron, so_memristor, pcmo_neuron, tao_dendrite), written as data
 * files into the working directory (make figures: the build folder's
 * figures/) and plotted by fig_review004.gp. Every curve goes through
 * mxb_array_* on a 1x1 array (tests/c/dev_bench.h) with the protocols of
 * the validation tests (tests/c/test_dev_ag.c, test_dev_nbo2.c,
 * test_dev_so.c, test_dev_pcmo_dendrite.c). */
#include "dev_bench.h"
#include "fig_common.h"

static double sv(bench_t *b, const char *name) {
  double x = NAN;
  BENCH_OK(mxb_array_cell_state_value(b->a, 0, 0, 0, name, &x), b->ctx);
  return x;
}

/* Volatile Ag RRAM: read conductance (0.1 V) after a 1 V, 10 us set through
 * 10, 5 and 2.5 kohm (three cycles each). */
static void ag_retention(void) {
  FILE *f = open_out("review_ag_retention.dat");
  const double rc[3] = {1e4, 5e3, 2.5e3};
  fprintf(f, "# block: compliance 10k, 5k, 2.5k ohm x 3 cycles; t after the set (s) G (S)\n");
  for (int k = 0; k < 3; k++) {
    bench_t *b = bench_new(5, "ag_volatile.json", NULL, NULL);
    double t = 0;
    for (int c = 0; c < 3; c++) {
      BENCH_OK(bench_drive(b, t, 0, 1.0, rc[k]), b->ctx);
      t += 10e-6;
      BENCH_OK(bench_drive(b, t, 0, 0.0, 0.0), b->ctx);
      fprintf(f, "# %g ohm cycle %d\n", rc[k], c);
      double t0 = t;
      for (double s = 10e-6; s <= 12e-3; s += 10e-6) fprintf(f, "%g %g\n", s, bench_g(b, t0 + s, 0.1));
      fprintf(f, "\n\n");
      t = t0 + 20e-3;
    }
    bench_free(b);
  }
  fclose(f);
}

/* I&F neuron: membrane voltage and filament under 1.5 V, 1 us pulses every
 * 2 us (40 pulses, then rest). */
static void if_neuron(void) {
  FILE *f = open_out("review_if_neuron.dat");
  fprintf(f, "# t (s) V_in (V) u (V) phi (m)\n");
  bench_t *b = bench_new(3, "ag_if_neuron.json", NULL, NULL);
  double t = 0;
  for (int k = 0; k < 50; k++) {
    double v = k < 40 ? 1.5 : 0.0;
    for (int half = 0; half < 2; half++) {
      double vin = half ? 0.0 : v;
      BENCH_OK(bench_drive(b, t, 0, vin, 0.0), b->ctx);
      for (int j = 1; j <= 20; j++) {
        bench_advance(b, t + j * 0.05e-6);
        fprintf(f, "%g %g %g %g\n", t + j * 0.05e-6, vin, sv(b, "u"), sv(b, "phi"));
      }
      t += 1e-6;
    }
  }
  bench_free(b);
  fclose(f);
}

/* NbO2 oscillator: capacitor voltage under 20 uA at C = 0.5, 1, 2 nF. */
static void nbo2(void) {
  FILE *f = open_out("review_nbo2.dat");
  const double cs[3] = {0.5e-9, 1e-9, 2e-9};
  fprintf(f, "# block: C 0.5, 1, 2 nF; t (s) u (V) T (K)\n");
  for (int k = 0; k < 3; k++) {
    char ovr[64];
    snprintf(ovr, sizeof ovr, "c=%g", cs[k]);
    bench_t *b = bench_new(1, "nbo2_neuron.json", NULL, ovr);
    BENCH_OK(mxb_array_set_end(b->a, 0.0, 0, 0, MXB_END_A, MXB_TERM_CURRENT, 20e-6, 0.0), b->ctx);
    fprintf(f, "# C = %g F\n", cs[k]);
    for (double t = 0.05e-6; t <= 200e-6; t += 0.05e-6) {
      bench_advance(b, t);
      fprintf(f, "%g %g %g\n", t, sv(b, "u"), sv(b, "temp_ch"));
    }
    fprintf(f, "\n\n");
    bench_free(b);
  }
  fclose(f);
}

/* Second-order memristor: the STDP window (test_dev_so.c's spikes). */
static double so_pair(double dt) {
  bench_t *b = bench_new(1, "so_memristor.json", NULL, NULL);
  double t0 = 20e-6, g0 = bench_g(b, 1e-6, 0.1);
  double ts[2] = {t0, t0 + dt};
  /* edges in time order: each spike -1.6 V for 50 ns, +0.8 V for 1 us, on
   * plane 0 (pre) and plane 1 (post) */
  int first = dt >= 0 ? 0 : 1;
  for (int n = 0; n < 2; n++) {
    int k = n == 0 ? first : 1 - first;
    BENCH_OK(bench_drive(b, ts[k], k, -1.6, 0.0), b->ctx);
    BENCH_OK(bench_drive(b, ts[k] + 50e-9, k, 0.8, 0.0), b->ctx);
    BENCH_OK(bench_drive(b, ts[k] + 1.05e-6, k, 0.0, 0.0), b->ctx);
  }
  double g1 = bench_g(b, t0 + fabs(dt) + 300e-6, 0.1);
  bench_free(b);
  return (g1 - g0) / g0;
}

static void so_stdp(void) {
  FILE *f = open_out("review_so_stdp.dat");
  fprintf(f, "# dt = t_post - t_pre (s) dG/G\n");
  for (int k = -40; k <= 40; k++) {
    double a = 1.05e-6 + 0.25e-6 * (abs(k) - 1);
    if (k == 0) continue;
    double dt = k > 0 ? a : -a;
    fprintf(f, "%g %g\n", dt, so_pair(dt));
  }
  fclose(f);
}

/* PCMO neuron: current through 8 pulses of 2.5 V, 10 us (fire on the 5th),
 * and under constant 2.0 .. 3.5 V (time to fire). */
static void pcmo(void) {
  FILE *f = open_out("review_pcmo.dat");
  fprintf(f, "# block 0: pulse train 2.5 V, 10 us every 20 us: t (s) I (A); blocks 1-4: "
             "constant 2.0, 2.5, 3.0, 3.5 V: t (s) I (A)\n");
  bench_t *b = bench_new(1, "pcmo_neuron.json", NULL, NULL);
  double t = 0;
  for (int k = 0; k < 6; k++) {
    BENCH_OK(bench_drive(b, t, 0, 2.5, 0.0), b->ctx);
    for (int j = 1; j <= 50; j++) fprintf(f, "%g %g\n", t + j * 0.2e-6, bench_current(b, t + j * 0.2e-6));
    BENCH_OK(bench_drive(b, t + 10e-6, 0, 0.0, 0.0), b->ctx);
    fprintf(f, "%g 0\n%g 0\n", t + 10e-6, t + 20e-6);
    t += 20e-6;
  }
  fprintf(f, "\n\n");
  bench_free(b);
  for (int k = 0; k < 4; k++) {
    b = bench_new(1, "pcmo_neuron.json", NULL, NULL);
    BENCH_OK(bench_drive(b, 0.0, 0, 2.0 + 0.5 * k, 0.0), b->ctx);
    fprintf(f, "# %g V\n", 2.0 + 0.5 * k);
    for (double s = 0.2e-6; s <= 120e-6; s += 0.2e-6) fprintf(f, "%g %g\n", s, bench_current(b, s));
    fprintf(f, "\n\n");
    bench_free(b);
  }
  fclose(f);
}

/* Dendrite: end-of-pulse current of 10 pulses (1 ms every 2 ms) at 2.5,
 * 2.9, 3.5, 4.0, 4.5 V, then the 1 V read conductance relaxing. */
static void dendrite(void) {
  FILE *f = open_out("review_dendrite.dat");
  const double vs[5] = {2.5, 2.9, 3.5, 4.0, 4.5};
  fprintf(f, "# block: amplitude 2.5, 2.9, 3.5, 4.0, 4.5 V; t (s) I (A) during the train, "
             "then G(1 V) (S) in column 3 during the relaxation\n");
  for (int k = 0; k < 5; k++) {
    bench_t *b = bench_new(1, "tao_dendrite.json", NULL, NULL);
    double t = 0;
    fprintf(f, "# %g V\n", vs[k]);
    for (int p = 0; p < 10; p++) {
      BENCH_OK(bench_drive(b, t, 0, vs[k], 0.0), b->ctx);
      for (int j = 1; j <= 10; j++) fprintf(f, "%g %g NaN\n", t + j * 0.1e-3, bench_current(b, t + j * 0.1e-3));
      BENCH_OK(bench_drive(b, t + 1e-3, 0, 0.0, 0.0), b->ctx);
      t += 2e-3;
    }
    for (double s = 1e-3; s <= 0.2; s += 1e-3) fprintf(f, "%g NaN %g\n", t + s, bench_g(b, t + s, 1.0));
    fprintf(f, "\n\n");
    bench_free(b);
  }
  fclose(f);
}

int main(void) {
  ag_retention();
  if_neuron();
  nbo2();
  so_stdp();
  pcmo();
  dendrite();
  return 0;
}
