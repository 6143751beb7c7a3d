/* Unit tests of the cell layer (models_c/src/mxb_cell.c): a stacked cell as a
 * two-terminal element (local solve of its internal node, dI/dV of the
 * series stack), a one-device cell as its device, and the stack limits. */
#include "mxb_test.h"
#include "mxb_array_impl.h"

/* ECM 1S1R cells: the two-terminal evaluation agrees with the fast path's
 * cell current, satisfies KCL at the internal node, and its dI/dV is the
 * derivative of its current (central differences), on the OFF branch of the
 * selector, across its threshold, ON, and in reverse. */
static void test_stack_eval(void **st) {
  (void)st;
  mxb_ctx_t *ctx = mxb_ctx_new(3);
  char path[512];
  mxb_array_t *a = mxb_array_load(ctx, mxbt_card("ecm_1s1r_4x4.json", path, sizeof path),
                                  "r_wire_row=0,r_wire_col=0");
  if (!a) print_error("%s\n", mxb_ctx_errmsg(ctx));
  assert_non_null(a);
  mxbi_cells_t *cs = &a->net.cells;
  assert_int_equal(cs->ndev, 2);
  /* every line held: the fast path solves each cell alone (a floating row
   * would take KLU, whose MXBI_GMIN at the internal node shifts it) */
  for (int c = 0; c < 4; c++) MXBT_OK(a, mxb_array_sense(a, 0, 1, c, 0));
  for (int r = 0; r < 4; r++) MXBT_OK(a, mxb_array_drive(a, 0, 0, r, 0.0, 0));
  const double vs[] = {0.2, 0.45, 0.7, 1.2, -0.6};
  for (size_t k = 0; k < sizeof vs / sizeof vs[0]; k++) {
    MXBT_OK(a, mxb_array_drive(a, 0, 0, 1, vs[k], 0));
    double want, vt, vb, vm;
    MXBT_OK(a, mxb_array_cell_current(a, 0, 0, 1, 2, &want));
    MXBT_OK(a, mxb_array_cell_voltages(a, 0, 0, 1, 2, &vt, &vb, &vm));
    size_t ci = mxbi_cell(&a->net, 0, 1, 2);
    double g, i = mxbi_cell_eval(cs, ci, vs[k], 0.0, &g);
    assert_close_rel(i, want, 1e-9);
    /* KCL at the internal node */
    double m = cs->vmid[ci], gs, gm;
    const mxbi_stackdev_t *s = &cs->dev[0], *mem = &cs->dev[1];
    double is = s->cls->current(s->par, mxbi_cell_state(cs, 0, ci), vs[k] - m, &gs);
    double im = mem->cls->current(mem->par, mxbi_cell_state(cs, 1, ci), m, &gm);
    assert_true(fabs(is - im) <= 1e-9 * fabs(im) + 1e-18);
    /* dI/dV against central differences */
    double h = 1e-6 * fabs(vs[k]), gd;
    double ip = mxbi_cell_eval(cs, ci, vs[k] + h, 0.0, &gd);
    double in = mxbi_cell_eval(cs, ci, vs[k] - h, 0.0, &gd);
    print_message("# v %.2f V: I %.6e A, g %.6e S, (I+ - I-)/2h %.6e S\n", vs[k], i, g,
                  (ip - in) / (2 * h));
    assert_true(g > 0);
    assert_close_rel(g, (ip - in) / (2 * h), 1e-4);
  }
  mxb_array_free(a);
  mxb_ctx_free(ctx);
}

/* A one-device cell is its device: the same current and dI/dV, bit for bit. */
static void test_single_eval(void **st) {
  (void)st;
  mxb_ctx_t *ctx = mxb_ctx_new(1);
  mxb_device_t *d = mxbt_dev(ctx, "sinh_diode", NULL, 0, NULL, 0);
  mxb_array_spec_t sp = {MXB_TOPO_2D, 1, 3, 3, 0.0, 0.0, d, NULL};
  mxb_array_t *a = mxb_array_new(ctx, &sp);
  assert_non_null(a);
  mxbi_cells_t *cs = &a->net.cells;
  assert_int_equal(cs->ndev, 1);
  for (double v = -1.0; v <= 1.0; v += 0.25) {
    double g1, g2;
    double i1 = mxbi_cell_eval(cs, 4, v, 0.3, &g1);
    double i2 = mxb_device_class(d)->current(mxb_device_params(d), mxbi_cell_state(cs, 0, 4), v,
                                             &g2);
    assert_true(i1 == i2 && g1 == g2);
  }
  mxb_array_free(a);
  mxb_device_free(d);
  mxb_ctx_free(ctx);
}

/* A 3D array card whose cell card is a cell_1s1r stacks a selector over the
 * memory in every layer; the selectors draw from streams beyond the
 * memories' layers (no two devices share a stream). */
static void test_stack_3d_card(void **st) {
  (void)st;
  mxb_ctx_t *ctx = mxb_ctx_new(5);
  char path[512];
  snprintf(path, sizeof path, "%s/../../tests/cards/stack3d_1s1r.json", mxb_card_dir());
  mxb_array_t *a = mxb_array_load(ctx, path, "cell.selector.v_th=0.5");
  if (!a) print_error("%s\n", mxb_ctx_errmsg(ctx));
  assert_non_null(a);
  mxbi_cells_t *cs = &a->net.cells;
  assert_int_equal(cs->ndev, 2);
  assert_int_equal(a->net.L, 3);
  assert_string_equal(cs->dev[0].cls->name, "ecm_ts_selector");
  assert_string_equal(cs->dev[1].cls->name, "ecm_memory");
  assert_int_equal(cs->dev[0].rng_layer, 3);
  double vth;
  assert_int_equal(mxb_device_get(ctx, cs->dev[0].model, "v_th", &vth), MXB_OK);
  assert_true(vth == 0.5);
  /* a read through every layer: floating planes 1 and 2 between a driven
   * top plane and a sensed bottom plane */
  MXBT_OK(a, mxb_array_drive(a, 0, 0, 1, 1.5, 0));
  MXBT_OK(a, mxb_array_sense(a, 0, 3, 2, 0));
  double i, vm;
  MXBT_OK(a, mxb_array_sense_current(a, 0, 3, 2, &i));
  MXBT_OK(a, mxb_array_cell_voltages(a, 0, 1, 1, 2, NULL, NULL, &vm));
  print_message("# 3x4x5 ECM 1S1R stack, 1.5 V across three layers: %.4e A, path %d\n", i,
                a->net.stat_path);
  assert_true(i > 0 && !isnan(vm));
  mxb_array_free(a);
  mxb_ctx_free(ctx);
}

/* A stack deeper than the local solve covers is refused with a message. */
static void test_stack_depth(void **st) {
  (void)st;
  mxb_ctx_t *ctx = mxb_ctx_new(1);
  mxb_device_t *d = mxbt_dev(ctx, "linear_resistor", NULL, 0, NULL, 0);
  const mxb_device_t *stack[3] = {d, d, d};
  mxbi_cells_t cs;
  memset(&cs, 0, sizeof cs);
  assert_int_equal(mxbi_cells_init(&cs, ctx, 1, 1, 2, 2, stack, 3), MXB_EINVAL);
  assert_msg_has(ctx, "1 to 2 devices (got 3)");
  mxbi_cells_free(&cs);
  mxb_device_free(d);
  mxb_ctx_free(ctx);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_stack_eval),
      cmocka_unit_test(test_single_eval),
      cmocka_unit_test(test_stack_3d_card),
      cmocka_unit_test(test_stack_depth),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
