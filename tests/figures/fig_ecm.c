/* Figures of the ECM 1S1R models (seed 002), written as data files into the
 * working directory (make figures: build/figures) and plotted by fig_ecm.gp.
 * Every curve is produced through mxb_array_* by the same protocol code as
 * tests/c/test_dev_ecm.c (tests/c/ecm_proto.h). */
#include "ecm_proto.h"
#include "fig_common.h"

/* Selector alone: DC sweeps 0 -> +1 -> 0 V and 0 -> -1 -> 0 V, 10 mV steps of
 * 10 us (as in the selector test). */
static void selector_iv(void) {
  FILE *f = open_out("ecm_selector_iv.dat");
  bench_t *b = bench_new(1, ECM_SEL, NULL, NULL);
  double vv[200], ii[200], von, voff, t = 0;
  fprintf(f, "# V(V) I(A)\n");
  for (int s = 0; s < 2; s++) {
    t = ecm_sweep(b, t, s ? -1.0 : 1.0, 0.01, 10e-6, 1e-7, 1e-7, &von, &voff, NULL, vv, ii);
    for (int k = 0; k < 200; k++) fprintf(f, "%g %g\n", vv[k], ii[k]);
    fprintf(f, "\n\n");
    t += 1e-3;
  }
  bench_free(b);
  fclose(f);
}

/* 1S1R cell: five DC set/reset cycles (0 -> 3 -> 0 -> -3 -> 0 V, 20 mV steps
 * of 1 ms), as in the cycle-to-cycle test. */
static void cell_iv(void) {
  FILE *f = open_out("ecm_1s1r_iv.dat");
  bench_t *b = ecm_cell(4);
  double vv[600], ii[600], vs, vr, t = 0;
  fprintf(f, "# cycle V(V) I(A); set / reset voltages in the comment after each cycle\n");
  for (int c = 1; c <= 5; c++) {
    t = ecm_dc_cycle(b, t, &vs, &vr, vv, ii);
    for (int k = 0; k < 600; k++) fprintf(f, "%d %g %g\n", c, vv[k], ii[k]);
    fprintf(f, "# v_set %.2f V, v_reset -%.2f V\n\n\n", vs, vr);
  }
  bench_free(b);
  fclose(f);
}

/* Multilevel staircase: 17 pulses 2.1 -> 2.5 V then 17 of -2.2 -> -2.6 V
 * (20 us), read at 0.7 V after each, as in the staircase test. */
static void staircase(void) {
  FILE *f = open_out("ecm_staircase.dat");
  bench_t *b = ecm_cell(3);
  double up[ECM_STAIR_N], dn[ECM_STAIR_N], t = 0;
  ecm_staircase(b, &t, up, dn);
  fprintf(f, "# pulse amplitude(V) I_read(A at 0.7 V)\n");
  for (int k = 0; k < ECM_STAIR_N; k++) fprintf(f, "%d %g %g\n", k + 1, 2.1 + 0.025 * k, up[k]);
  for (int k = 0; k < ECM_STAIR_N; k++)
    fprintf(f, "%d %g %g\n", ECM_STAIR_N + k + 1, -2.2 - 0.025 * k, dn[k]);
  bench_free(b);
  fclose(f);
}

int main(void) {
  selector_iv();
  cell_iv();
  staircase();
  return 0;
}
