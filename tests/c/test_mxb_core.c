/* Unit tests: status table, context, version, counter-based random streams. */
#include "mxb_test.h"

static void test_strerror_table(void **st) {
  (void)st;
  assert_string_equal(mxb_strerror(MXB_OK), "success");
  assert_string_equal(mxb_strerror(MXB_ERANGE), "value out of range");
  assert_string_equal(mxb_errname(MXB_EKEY), "MXB_EKEY");
  assert_string_equal(mxb_strerror(-9999), "unknown error");
  assert_string_equal(mxb_errname(12345), "MXB_E?");
  /* every code has a distinct, non-empty text */
  int codes[] = {
#define C_(name, val, msg) val,
      MXB_ERRNO_MAP(C_)
#undef C_
  };
  size_t n = sizeof codes / sizeof codes[0];
  for (size_t i = 0; i < n; i++) {
    assert_true(strlen(mxb_strerror(codes[i])) > 0);
    assert_true(codes[i] <= 0);
    for (size_t j = 0; j < i; j++) {
      assert_int_not_equal(codes[i], codes[j]);
      assert_string_not_equal(mxb_strerror(codes[i]), mxb_strerror(codes[j]));
    }
  }
}

static void test_ctx_error_kept(void **st) {
  (void)st;
  mxb_ctx_t *ctx = mxb_ctx_new(42);
  assert_non_null(ctx);
  assert_int_equal(mxb_ctx_seed(ctx), 42);
  assert_string_equal(mxb_ctx_errmsg(ctx), "");
  assert_int_equal(mxb_ctx_errcode(ctx), MXB_OK);
  assert_null(mxb_device_new(ctx, "no_such_class"));
  assert_int_equal(mxb_ctx_errcode(ctx), MXB_ECLASS);
  assert_msg_has(ctx, "no_such_class");
  mxb_ctx_clear_error(ctx);
  assert_string_equal(mxb_ctx_errmsg(ctx), "");
  mxb_ctx_free(ctx);
  mxb_ctx_free(NULL);
}

/* Philox4x32-10 known-answer vectors from the Random123 distribution (kat_vectors). */
/* The library linked in reports the version compiled against, and the macros agree
 * with the string (mxbar.pc and libmxb.so's name take it from version.h). */
static void test_version(void **st) {
  (void)st;
  char want[32];
  snprintf(want, sizeof want, "%d.%d.%d", MXB_VERSION_MAJOR, MXB_VERSION_MINOR,
           MXB_VERSION_PATCH);
  assert_string_equal(MXB_VERSION_STRING, want);
  assert_string_equal(mxb_version(), MXB_VERSION_STRING);
}

static void test_rng_known_answer(void **st) {
  (void)st;
  uint32_t w[4];
  mxb_rng_words(0, 0, 0, w);
  assert_int_equal(w[0], 0x6627e8d5u);
  assert_int_equal(w[1], 0xe169c58du);
  assert_int_equal(w[2], 0xbc57ac4cu);
  assert_int_equal(w[3], 0x9b00dbd8u);
  /* ctr = ffffffff x4, key = ffffffff x2 */
  mxb_rng_words(UINT64_MAX, UINT64_MAX, UINT64_MAX, w);
  assert_int_equal(w[0], 0x408f276du);
  assert_int_equal(w[1], 0x41c83b0eu);
  assert_int_equal(w[2], 0xa20bc7c6u);
  assert_int_equal(w[3], 0x6d5451fdu);
}

static void test_rng_order_independent(void **st) {
  (void)st;
  /* draws for 64 cells asked forwards and backwards are identical */
  double fwd[64], bwd[64];
  for (int i = 0; i < 64; i++)
    fwd[i] = mxb_rng_normal(7, mxb_rng_stream(MXB_RNG_D2D, 0, (unsigned)i / 8, (unsigned)i % 8), 3);
  for (int i = 63; i >= 0; i--)
    bwd[i] = mxb_rng_normal(7, mxb_rng_stream(MXB_RNG_D2D, 0, (unsigned)i / 8, (unsigned)i % 8), 3);
  for (int i = 0; i < 64; i++) assert_true(fwd[i] == bwd[i]);
  /* a different seed, purpose, layer, row, col or index changes the draw */
  uint64_t s = mxb_rng_stream(MXB_RNG_C2C, 1, 2, 3);
  double u = mxb_rng_uniform(7, s, 5);
  assert_true(u != mxb_rng_uniform(8, s, 5));
  assert_true(u != mxb_rng_uniform(7, s, 6));
  assert_true(u != mxb_rng_uniform(7, mxb_rng_stream(MXB_RNG_D2D, 1, 2, 3), 5));
  assert_true(u != mxb_rng_uniform(7, mxb_rng_stream(MXB_RNG_C2C, 2, 2, 3), 5));
  assert_true(u != mxb_rng_uniform(7, mxb_rng_stream(MXB_RNG_C2C, 1, 3, 3), 5));
  assert_true(u != mxb_rng_uniform(7, mxb_rng_stream(MXB_RNG_C2C, 1, 2, 4), 5));
  assert_true(mxb_rng_stream(MXB_RNG_C2C, 0, 1, 0) != mxb_rng_stream(MXB_RNG_C2C, 0, 0, 1));
}

static void test_rng_distribution(void **st) {
  (void)st;
  const int n = 200000;
  double su = 0, suu = 0, sn = 0, snn = 0, umin = 1, umax = 0;
  for (int i = 0; i < n; i++) {
    double u = mxb_rng_uniform(1, 99, (uint64_t)i);
    double z = mxb_rng_normal(1, 100, (uint64_t)i);
    assert_true(u > 0.0 && u < 1.0);
    su += u; suu += u * u; sn += z; snn += z * z;
    if (u < umin) umin = u;
    if (u > umax) umax = u;
  }
  double mu = su / n, vu = suu / n - mu * mu, mz = sn / n, vz = snn / n - mz * mz;
  /* 5-sigma bands for n = 2e5 */
  assert_true(fabs(mu - 0.5) < 5 * sqrt(1.0 / 12 / n));
  assert_true(fabs(vu - 1.0 / 12) < 0.002);
  assert_true(fabs(mz) < 5 / sqrt((double)n));
  assert_true(fabs(vz - 1.0) < 0.02);
  assert_true(umin < 1e-4 && umax > 1 - 1e-4);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_strerror_table),
      cmocka_unit_test(test_ctx_error_kept),
      cmocka_unit_test(test_version),
      cmocka_unit_test(test_rng_known_answer),
      cmocka_unit_test(test_rng_order_independent),
      cmocka_unit_test(test_rng_distribution),
  };
  return cmocka_run_group_tests_name("core", tests, NULL, NULL);
}
