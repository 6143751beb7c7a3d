/* mxbar tests: the designer's calls of issue 19 on arrays: what a cell is
 * made of (models, state counts, states by part and by name), the memory's
 * conductance behind an ON selector, the state of a lone device initialised
 * as an array cell. */
#include "mxb_test.h"

static mxb_array_t *load(mxb_ctx_t *ctx, const char *card, const char *ovr) {
  char p[1024];
  mxb_array_t *a = mxb_array_load(ctx, mxbt_card(card, p, sizeof p), ovr);
  if (!a) print_error("%s\n", mxb_ctx_errmsg(ctx));
  assert_non_null(a);
  return a;
}

/* Index of a state name in a part's class. */
static int state_idx(const mxb_array_t *a, mxb_cell_part_t part, const char *name) {
  const mxb_device_t *m = mxb_array_cell_model(a, part);
  assert_non_null(m);
  return mxb_device_class_state(mxb_device_class(m), name);
}

static void test_parts(void **st) {
  (void)st;
  mxb_ctx_t *ctx = mxb_ctx_new(5);
  mxb_array_t *a = load(ctx, "ecm_1s1r_4x4.json", NULL);
  const mxb_device_t *mem = mxb_array_cell_model(a, MXB_PART_MEMORY);
  const mxb_device_t *sel = mxb_array_cell_model(a, MXB_PART_SELECTOR);
  assert_non_null(mem);
  assert_non_null(sel);
  assert_string_equal(mxb_device_class(mem)->name, "ecm_memory");
  assert_string_equal(mxb_device_class(sel)->name, "ecm_ts_selector");
  assert_int_equal(mxb_array_state_count(a, MXB_PART_MEMORY),
                   (int)mxb_device_class(mem)->n_state);
  assert_int_equal(mxb_array_state_count(a, MXB_PART_SELECTOR),
                   (int)mxb_device_class(sel)->n_state);
  assert_true(mxb_array_state_count(a, (mxb_cell_part_t)7) < 0);
  assert_null(mxb_array_cell_model(a, (mxb_cell_part_t)7));

  /* the memory's part state is mxb_array_cell_state; by name the same */
  double s1[16], s2[16], v;
  int n = mxb_array_state_count(a, MXB_PART_MEMORY);
  assert_true(n > 0 && n <= 16);
  assert_int_equal(mxb_array_part_state(a, 0, 2, 3, MXB_PART_MEMORY, s1, 16), MXB_OK);
  assert_int_equal(mxb_array_cell_state(a, 0, 2, 3, s2, 16), MXB_OK);
  assert_memory_equal(s1, s2, (size_t)n * sizeof *s1);
  int iv = state_idx(a, MXB_PART_MEMORY, "v_set_c");
  assert_true(iv >= 0);
  assert_int_equal(mxb_array_cell_state_value(a, 0, 2, 3, "v_set_c", &v), MXB_OK);
  assert_true(v == s1[iv]);
  assert_int_equal(mxb_array_cell_state_value(a, 0, 2, 3, "memory.v_set_c", &v), MXB_OK);
  assert_true(v == s1[iv]);
  /* "w" is in both classes: the bare name is the memory's */
  double w_new = 0.75;
  double s3[16];
  memcpy(s3, s1, sizeof s3);
  s3[state_idx(a, MXB_PART_MEMORY, "w")] = w_new;
  assert_int_equal(mxb_array_set_cell_state(a, 0, 2, 3, s3, (size_t)n), MXB_OK);
  assert_int_equal(mxb_array_cell_state_value(a, 0, 2, 3, "w", &v), MXB_OK);
  assert_true(v == w_new);
  assert_int_equal(mxb_array_cell_state_value(a, 0, 2, 3, "selector.w", &v), MXB_OK);
  assert_true(v != w_new);

  /* errors name what was wrong */
  assert_int_equal(mxb_array_cell_state_value(a, 0, 2, 3, "nope", &v), MXB_EKEY);
  assert_msg_has(ctx, "'nope'");
  assert_msg_has(ctx, "memory.v_set_c");
  assert_msg_has(ctx, "selector.w");
  assert_int_equal(mxb_array_cell_state_value(a, 0, 4, 0, "w", &v), MXB_EINDEX);
  assert_msg_has(ctx, "row 4");
  assert_int_equal(mxb_array_part_state(a, 0, 0, 9, MXB_PART_SELECTOR, s1, 16), MXB_EINDEX);
  mxb_array_free(a);

  /* a 2D array has no selector */
  a = load(ctx, "cu_pmssq_1x1.json", NULL);
  assert_null(mxb_array_cell_model(a, MXB_PART_SELECTOR));
  assert_int_equal(mxb_array_state_count(a, MXB_PART_SELECTOR), MXB_EINVAL);
  assert_msg_has(ctx, "no selector");
  assert_int_equal(mxb_array_part_state(a, 0, 0, 0, MXB_PART_SELECTOR, s1, 16), MXB_EINVAL);
  assert_int_equal(mxb_array_cell_state_value(a, 0, 0, 0, "selector.w", &v), MXB_EINVAL);
  assert_msg_has(ctx, "no selector");
  mxb_array_free(a);
  mxb_ctx_free(ctx);
}

/* The numbers: with the selector in its present state a programmed
 * and an unprogrammed cell read within a factor of a few at 0.7 V; the
 * memory behind an ON selector shows the real ON/OFF ratio. */
static void test_memory_conductance(void **st) {
  (void)st;
  mxb_ctx_t *ctx = mxb_ctx_new(5);
  mxb_array_t *a = load(ctx, "ecm_1s1r_4x4.json", NULL);
  int n = mxb_array_state_count(a, MXB_PART_MEMORY), iw = state_idx(a, MXB_PART_MEMORY, "w");
  double s[16];
  assert_int_equal(mxb_array_cell_state(a, 0, 1, 1, s, 16), MXB_OK);
  s[iw] = 1.0; /* formed filament: LRS */
  assert_int_equal(mxb_array_set_cell_state(a, 0, 1, 1, s, (size_t)n), MXB_OK);
  double g_on, g_off, gc_on, gc_off;
  assert_int_equal(mxb_array_memory_conductance(a, 0.0, 0, 1, 1, 0.7, &g_on), MXB_OK);
  assert_int_equal(mxb_array_memory_conductance(a, 0.0, 0, 2, 2, 0.7, &g_off), MXB_OK);
  assert_int_equal(mxb_array_cell_conductance(a, 0.0, 0, 1, 1, 0.7, &gc_on), MXB_OK);
  assert_int_equal(mxb_array_cell_conductance(a, 0.0, 0, 2, 2, 0.7, &gc_off), MXB_OK);
  assert_true(g_on / g_off > 1e3);
  assert_true(gc_on / gc_off < 10.0); /* the OFF selector dominates both */
  assert_true(g_on > gc_on && g_off >= gc_off);
  /* independently: the memory class's own current at the cell's state */
  const mxb_device_t *m = mxb_array_cell_model(a, MXB_PART_MEMORY);
  const mxb_device_class_t *cls = mxb_device_class(m);
  double d;
  assert_true(cls->current(mxb_device_params(m), s, 0.7, &d) / 0.7 == g_on);
  /* a 2D array: the same as the cell's conductance */
  mxb_array_t *b = load(ctx, "cu_pmssq_1x1.json", NULL);
  assert_int_equal(mxb_array_memory_conductance(b, 0.0, 0, 0, 0, 1.0, &g_on), MXB_OK);
  assert_int_equal(mxb_array_cell_conductance(b, 0.0, 0, 0, 0, 1.0, &gc_on), MXB_OK);
  assert_true(g_on == gc_on);
  assert_int_equal(mxb_array_memory_conductance(b, 0.0, 0, 0, 0, 0.0, &g_on), MXB_EINVAL);
  assert_int_equal(mxb_array_memory_conductance(b, 0.0, 0, 1, 0, 1.0, &g_on), MXB_EINDEX);
  mxb_array_free(b);
  mxb_array_free(a);
  mxb_ctx_free(ctx);
}

/* After a pulse above the selector's threshold the selector's volatile state
 * is on; it relaxes at 0 V; the memory's stored state stays. */
static void test_selector_state(void **st) {
  (void)st;
  mxb_ctx_t *ctx = mxb_ctx_new(5);
  mxb_array_t *a = load(ctx, "ecm_1s1r_4x4.json", NULL);
  double w0, w1, w2, wm1, wm2;
  for (int c = 0; c < 4; c++) assert_int_equal(mxb_array_sense(a, 0.0, 1, c, 0.0), MXB_OK);
  assert_int_equal(mxb_array_cell_state_value(a, 0, 0, 0, "selector.w", &w0), MXB_OK);
  assert_int_equal(mxb_array_drive(a, 0.0, 0, 0, 0.7, 0.0), MXB_OK);
  assert_int_equal(mxb_array_drive(a, 1e-6, 0, 0, 0.0, 0.0), MXB_OK);
  assert_int_equal(mxb_array_cell_state_value(a, 0, 0, 0, "selector.w", &w1), MXB_OK);
  assert_int_equal(mxb_array_cell_state_value(a, 0, 0, 0, "memory.w", &wm1), MXB_OK);
  assert_int_equal(mxb_array_advance(a, 1.0), MXB_OK);
  assert_int_equal(mxb_array_cell_state_value(a, 0, 0, 0, "selector.w", &w2), MXB_OK);
  assert_int_equal(mxb_array_cell_state_value(a, 0, 0, 0, "memory.w", &wm2), MXB_OK);
  assert_true(w1 > w0 + 0.1);
  assert_true(w2 < w1 && w2 < 0.01);
  assert_true(wm1 == wm2);
  /* the same through the part's vector */
  double sv[16];
  assert_int_equal(mxb_array_part_state(a, 0, 0, 0, MXB_PART_SELECTOR, sv, 16), MXB_OK);
  assert_true(sv[state_idx(a, MXB_PART_SELECTOR, "w")] == w2);
  mxb_array_free(a);
  mxb_ctx_free(ctx);
}

/* A lone device initialised at a cell's coordinates is that cell; and
 * integrated under a voltage it moves as the class says. */
static void test_device_init_state(void **st) {
  (void)st;
  mxb_ctx_t *ctx = mxb_ctx_new(11);
  mxb_array_t *a = mxb_array_load(ctx, "tests/cards/bind_2d_thr.json", "cell.sigma_d2d=0.2");
  if (!a) print_error("%s\n", mxb_ctx_errmsg(ctx));
  assert_non_null(a);
  const mxb_device_t *m = mxb_array_cell_model(a, MXB_PART_MEMORY);
  int n = mxb_array_state_count(a, MXB_PART_MEMORY);
  double s[16], sa[16], sb[16];
  mxb_dev_rng_t rng;
  assert_int_equal(mxb_device_init_state(ctx, m, 0, 1, 2, s, 16, &rng), MXB_OK);
  assert_int_equal(mxb_array_cell_state(a, 0, 1, 2, sa, 16), MXB_OK);
  assert_int_equal(mxb_array_cell_state(a, 0, 2, 1, sb, 16), MXB_OK);
  assert_memory_equal(s, sa, (size_t)n * sizeof *s);
  assert_true(memcmp(s, sb, (size_t)n * sizeof *s) != 0); /* d2d differs per cell */
  assert_true(rng.seed == 11 && rng.d2d == mxb_rng_stream(MXB_RNG_D2D, 0, 1, 2));
  /* too small a buffer */
  assert_int_equal(mxb_device_init_state(ctx, m, 0, 1, 2, s, (size_t)n - 1, &rng), MXB_EINVAL);
  assert_msg_has(ctx, "state values");
  /* integrate it: a set pulse well above threshold turns it on */
  int iw = mxb_device_class_state(mxb_device_class(m), "w");
  double w0 = s[iw];
  assert_int_equal(mxb_device_integrate(ctx, m, s, 3.0, 1e-3, &rng), MXB_OK);
  assert_true(s[iw] > w0 + 0.5);
  mxb_array_free(a);
  mxb_ctx_free(ctx);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_parts),
      cmocka_unit_test(test_memory_conductance),
      cmocka_unit_test(test_selector_state),
      cmocka_unit_test(test_device_init_state),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
