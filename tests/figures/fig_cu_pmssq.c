/* Figures of the cu_pmssq model (seed 000), written as data files into the
 * working directory (make figures: build/figures) and plotted by
 * fig_cu_pmssq.gp. Every curve is produced through mxb_array_* by the same
 * protocol code as tests/c/test_dev_cu_pmssq.c (tests/c/cu_proto.h). */
#include "cu_proto.h"
#include "fig_common.h"

/* I-V loops 0 -> +3 -> 0 -> -3 -> 0 V (50 mV steps of 0.1 ms), three in a
 * row on one cell: the forward branch falls on the way down (LTD) and is
 * restored by the reverse half (LTP); the reverse branch stays rectified. */
static void iv_loops(void) {
  FILE *f = open_out("cu_pmssq_iv.dat");
  bench_t *b = cu_fresh(1);
  double v[240], i[240], t = 0;
  fprintf(f, "# loop V(V) I(A)\n");
  for (int l = 1; l <= 3; l++) {
    t = cu_iv_loop(b, t, 3.0, 0.05, 100e-6, v, i);
    for (int k = 0; k < 240; k++) fprintf(f, "%d %g %g\n", l, v[k], i[k]);
    fprintf(f, "\n\n");
    t += 1e-3;
  }
  bench_free(b);
  fclose(f);
}

/* LTD / LTP: 25 x (+3 V, 0.1 ms) then 25 x (-3 V, 0.1 ms), G at 2 V after each. */
static void ltd_ltp(void) {
  FILE *f = open_out("cu_pmssq_ltd_ltp.dat");
  bench_t *b = cu_fresh(2);
  double g[26], gp[26];
  g[0] = bench_g(b, 0.0, CU_VREAD);
  double t = cu_train(b, 1e-3, 25, 3.0, g, NULL);
  cu_train(b, t + 1e-3, 25, -3.0, gp, NULL);
  fprintf(f, "# pulse G(S)\n");
  for (int k = 0; k <= 25; k++) fprintf(f, "%d %g\n", k, g[k]);
  for (int k = 1; k <= 25; k++) fprintf(f, "%d %g\n", 25 + k, gp[k]);
  bench_free(b);
  fclose(f);
}

/* Overlap STDP window from the two waveforms, dt = -500 .. +500 us. */
static void stdp(void) {
  FILE *f = open_out("cu_pmssq_stdp.dat");
  fprintf(f, "# dt(s) dG/G\n");
  for (int k = -50; k <= 50; k++) {
    double dt = 10e-6 * k;
    fprintf(f, "%g %g\n", dt, cu_stdp_pair(6, dt));
  }
  fclose(f);
}

/* PPF through R_s + C: dG/G after 150 pairs against the gap, and against
 * the pair number for three gaps. */
static void ppf(void) {
  FILE *f = open_out("cu_pmssq_ppf.dat");
  const double gaps[] = {5e-6, 10e-6, 15e-6, 20e-6, 30e-6, 50e-6, 75e-6, 100e-6, 150e-6};
  fprintf(f, "# gap(s) dG/G after 150 pairs\n");
  for (int k = 0; k < 9; k++) {
    int mono;
    fprintf(f, "%g %g\n", gaps[k], cu_ppf_run(7, gaps[k], 150, NULL, NULL, &mono));
  }
  fclose(f);
  f = open_out("cu_pmssq_ppf_pairs.dat");
  const double g3[] = {10e-6, 20e-6, 100e-6};
  double d[3][15];
  for (int k = 0; k < 3; k++) {
    int mono;
    cu_ppf_run(7, g3[k], 150, d[k], NULL, &mono);
  }
  fprintf(f, "# pairs dG/G(gap 10 us) (20 us) (100 us)\n0 0 0 0\n");
  for (int n = 0; n < 15; n++) fprintf(f, "%d %g %g %g\n", 10 * (n + 1), d[0][n], d[1][n], d[2][n]);
  fclose(f);
}

int main(void) {
  iv_loops();
  ltd_ltp();
  stdp();
  ppf();
  return 0;
}
