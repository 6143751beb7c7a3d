/* Capacitor transient and floating electrodes of the array engine
 * (advance_rc in mxb_array_advance.c, the iterative solver's convergence).
 *  - charge conservation: a floating node between two capacitive cells
 *    jumps to the capacitive divider when the drive steps, then relaxes to
 *    the resistive divider with tau = (C1 + C2) / (G1 + G2): the engine's
 *    transient (its internal node voltage after each advance) against the
 *    closed form;
 *  - floating electrodes held only by leakage: the DC operating point of the
 *    6x6x3 Cu-pMSSQ stack with floating planes does not depend on the
 *    solver's starting point (it did by up to 0.28 V) and never fails. */
#include "mxb_test.h"
#include "mxb_array_impl.h"

static void test_floating_divider(void **st) {
  (void)st;
  mxb_ctx_t *ctx = mxb_ctx_new(1);
  char p[1024];
  /* ohmic twin: G(x) linear in V, C = eps A / d = 0.70 nF per cell */
  mxb_device_t *d = mxb_device_load(ctx, mxbt_card("cu_pmssq.json", p, sizeof p),
                                    "linear=1,sigma_d2d=0");
  assert_non_null(d);
  mxb_array_spec_t sp = {MXB_TOPO_3D, 2, 1, 1, 0.2, 0.2, d, NULL};
  mxb_array_t *a = mxb_array_new(ctx, &sp);
  assert_non_null(a);
  double x0[1] = {0.0}; /* top cell depleted: G1 < G2 */
  MXBT_OK(a, mxb_array_set_cell_state(a, 0, 0, 0, x0, 1));
  MXBT_OK(a, mxb_array_drive(a, 0, 0, 0, 0.0, 0));
  MXBT_OK(a, mxb_array_drive(a, 0, 2, 0, 0.0, 0));
  MXBT_OK(a, mxb_array_advance(a, 1.0)); /* discharged */
  const double V = 2.0, t0 = 1.0;
  double g1, g2;
  MXBT_OK(a, mxb_array_cell_conductance(a, t0, 0, 0, 0, 1.0, &g1));
  MXBT_OK(a, mxb_array_cell_conductance(a, t0, 1, 0, 0, 1.0, &g2));
  double c = mxb_device_class(d)->capacitance(mxb_device_params(d), NULL);
  double vinf = V * g1 / (g1 + g2), tau = 2 * c / (g1 + g2), v0 = V / 2;
  print_message("# G1 %.3g S, G2 %.3g S, C %.3g F: tau %.3g s, divider %.3f V, DC %.3f V\n",
                g1, g2, c, tau, v0, vinf);
  assert_true(fabs(vinf - v0) > 0.3); /* the two answers differ */
  MXBT_OK(a, mxb_array_drive(a, t0, 0, 0, V, 0));
  size_t mid = mxbi_node(&a->net, 1, 0, 0);
  const double dt[] = {1e-6, 1e-3, 0.3 * tau, tau, 3 * tau, 10 * tau};
  double worst = 0;
  for (int k = 0; k < 6; k++) {
    MXBT_OK(a, mxb_array_advance(a, t0 + dt[k]));
    double want = vinf + (v0 - vinf) * exp(-dt[k] / tau), got = a->net.vn[mid];
    print_message("# t0 + %.3g s: floating node %.6f V, closed form %.6f V\n", dt[k], got, want);
    if (fabs(got - want) > worst) worst = fabs(got - want);
  }
  print_message("# worst deviation %.3g V\n", worst);
  assert_true(worst < 5e-3); /* 0.5 % of the 1 V swing (BDF2 at 1 mV local error) */
  mxb_array_free(a);
  mxb_device_free(d);
  mxb_ctx_free(ctx);
}

static void test_floating_dc_start_independent(void **st) {
  (void)st;
  mxb_ctx_t *ctx = mxb_ctx_new(21);
  char p[1024];
  mxb_array_t *a = mxb_array_load(ctx, mxbt_card("cu_pmssq_3d_6x6x3.json", p, sizeof p), NULL);
  assert_non_null(a);
  unsigned seed = 1;
  double worst = 0;
  for (int trial = 0; trial < 60; trial++) {
    for (int k = 0; k < 3; k++)
      for (int r = 0; r < 6; r++)
        for (int c = 0; c < 6; c++) {
          seed = seed * 1103515245u + 12345u;
          double x[1] = {(double)((seed >> 8) % 1000) / 999.0};
          if (trial % 3 == 0) x[0] = (seed >> 8) % 2 ? 1.0 : 0.0;
          MXBT_OK(a, mxb_array_set_cell_state(a, k, r, c, x, 1));
        }
    for (int q = 0; q < 4; q++)
      for (int l = 0; l < 6; l++) MXBT_OK(a, mxb_array_float(a, a->t, q, l));
    seed = seed * 1103515245u + 12345u;
    int pl = (int)((seed >> 8) % 3), l1 = (int)((seed >> 12) % 6), l2 = (int)((seed >> 16) % 6);
    double v = trial % 5 == 4 ? -3.0 : trial % 2 ? 2.0 : 3.0;
    MXBT_OK(a, mxb_array_drive(a, a->t, pl, l1, v, 0));
    MXBT_OK(a, mxb_array_sense(a, a->t, pl + 1, l2, 0));
    double vs[2][144];
    for (int s = 0; s < 2; s++) {
      for (size_t i = 0; i < a->net.nnode; i++) a->net.vn[i] = s ? (double)((i * 7) % 13) / 4.0 - 1.5 : 0.0;
      a->solved = 0;
      double i0;
      MXBT_OK(a, mxb_array_sense_current(a, a->t, pl + 1, l2, &i0));
      for (int i = 0; i < 144; i++) vs[s][i] = a->net.vn[i];
    }
    for (int i = 0; i < 144; i++)
      if (fabs(vs[0][i] - vs[1][i]) > worst) worst = fabs(vs[0][i] - vs[1][i]);
  }
  print_message("# 60 operating points from two starts: largest node difference %.3g V\n", worst);
  assert_true(worst < 2e-2);
  mxb_array_free(a);
  mxb_ctx_free(ctx);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_floating_divider),
      cmocka_unit_test(test_floating_dc_start_independent),
  };
  return cmocka_run_group_tests_name("mxb_array_rc", tests, NULL, NULL);
}
