/* Unit tests: parameter cards and overrides. Every error path of the loader
 * is exercised and must name the file and the key. */
#include "mxb_test.h"

static mxb_ctx_t *ctx;

static int setup(void **st) {
  (void)st;
  ctx = mxb_ctx_new(1);
  return ctx ? 0 : -1;
}
static int teardown(void **st) {
  (void)st;
  mxb_ctx_free(ctx);
  return 0;
}

#define CARD_HEAD "{\"mxb_card\": 1, \"kind\": \"device\", \"class\": \"threshold_memristor\", "

/* Load text as a card; expect failure with code and every fragment in the
 * message (plus the file name). */
static void expect_fail(const char *tag, const char *text, const char *ovr,
                        int code, const char *frag1, const char *frag2) {
  char path[256];
  mxbt_write_temp(tag, text, path, sizeof path);
  mxb_ctx_clear_error(ctx);
  mxb_device_t *d = mxb_device_load(ctx, path, ovr);
  if (d) {
    print_error("card %s loaded but should fail with %s\n", tag, mxb_errname(code));
    mxb_device_free(d);
    unlink(path);
    fail();
  }
  if (mxb_ctx_errcode(ctx) != code) {
    print_error("card %s: got %s (%s), expected %s\n", tag,
                mxb_errname(mxb_ctx_errcode(ctx)), mxb_ctx_errmsg(ctx), mxb_errname(code));
    unlink(path);
    fail();
  }
  assert_msg_has(ctx, path);
  if (frag1) assert_msg_has(ctx, frag1);
  if (frag2) assert_msg_has(ctx, frag2);
  unlink(path);
}

static void test_shipped_card_loads(void **st) {
  (void)st;
  char p[512];
  mxb_device_t *d = mxb_device_load(ctx, mxbt_card("threshold_memristor.json", p, sizeof p), NULL);
  assert_non_null(d);
  double v;
  assert_int_equal(mxb_device_get(ctx, d, "g_on", &v), MXB_OK);
  assert_true(v == 1e-4);
  assert_string_equal(mxb_device_provenance(d, "g_on"), "illustrative: 10 kohm LRS");
  assert_string_equal(mxb_device_origin(d), p);
  assert_null(mxb_device_provenance(d, "nope"));
  mxb_device_free(d);
}

static void test_every_shipped_device_card_loads(void **st) {
  (void)st;
  /* every kind=device card in models_c/cards loads without error */
  char cmd[1200], line[1024];
  snprintf(cmd, sizeof cmd, "grep -l '\"kind\": *\"device\"' %s/*.json", mxb_card_dir());
  FILE *f = popen(cmd, "r");
  assert_non_null(f);
  int n = 0;
  while (fgets(line, sizeof line, f)) {
    line[strcspn(line, "\n")] = '\0';
    mxb_device_t *d = mxb_device_load(ctx, line, NULL);
    if (!d) {
      print_error("%s\n", mxb_ctx_errmsg(ctx));
      fail();
    }
    mxb_device_free(d);
    n++;
  }
  pclose(f);
  assert_true(n >= 2);
}

static void test_overrides_apply(void **st) {
  (void)st;
  char p[512];
  mxb_device_t *d = mxb_device_load(ctx, mxbt_card("threshold_memristor.json", p, sizeof p),
                                    "v_set=1.5,tau_set=2e-6");
  assert_non_null(d);
  double v;
  mxb_device_get(ctx, d, "v_set", &v);
  assert_true(v == 1.5);
  mxb_device_get(ctx, d, "tau_set", &v);
  assert_true(v == 2e-6);
  assert_string_equal(mxb_device_provenance(d, "v_set"), "override");
  mxb_device_free(d);
}

static void test_missing_file(void **st) {
  (void)st;
  assert_null(mxb_device_load(ctx, "/nonexistent/dir/card.json", NULL));
  assert_int_equal(mxb_ctx_errcode(ctx), MXB_EIO);
  assert_msg_has(ctx, "/nonexistent/dir/card.json");
}

static void test_bad_json(void **st) {
  (void)st;
  expect_fail("badjson", "{\n\"mxb_card\": 1,\n\"kind\": \"device\",,\n}", NULL, MXB_EPARSE,
              ":3:", "not valid JSON");
  expect_fail("notobj", "[1, 2]", NULL, MXB_EPARSE, "JSON object", NULL);
}

static void test_version(void **st) {
  (void)st;
  expect_fail("nover", "{\"kind\": \"device\"}", NULL, MXB_EMISSING, "mxb_card", NULL);
  expect_fail("badver", "{\"mxb_card\": 2, \"kind\": \"device\"}", NULL, MXB_ERANGE,
              "mxb_card", NULL);
}

static void test_unknown_root_key(void **st) {
  (void)st;
  expect_fail("rootkey", CARD_HEAD "\"colour\": \"red\"}", NULL, MXB_EKEY, "colour",
              "unknown key");
}

static void test_wrong_kind_and_class(void **st) {
  (void)st;
  expect_fail("kind", "{\"mxb_card\": 1, \"kind\": \"array\", \"class\": \"linear_resistor\"}",
              NULL, MXB_EPARSE, "kind", "array");
  expect_fail("class", "{\"mxb_card\": 1, \"kind\": \"device\", \"class\": \"flux_capacitor\"}",
              NULL, MXB_ECLASS, "class", "flux_capacitor");
  expect_fail("noclass", "{\"mxb_card\": 1, \"kind\": \"device\"}", NULL, MXB_EMISSING,
              "class", NULL);
  expect_fail("classtype", "{\"mxb_card\": 1, \"kind\": \"device\", \"class\": 3}", NULL,
              MXB_ETYPE, "class", NULL);
}

static void test_unknown_param(void **st) {
  (void)st;
  expect_fail("param", CARD_HEAD "\"params\": {\"g_middle\": {\"value\": 1, \"unit\": \"S\", "
                                 "\"source\": \"x\"}}}",
              NULL, MXB_EKEY, "params.g_middle", NULL);
}

static void test_unknown_quantity_key(void **st) {
  (void)st;
  expect_fail("qkey", CARD_HEAD "\"params\": {\"v_set\": {\"value\": 1, \"unit\": \"V\", "
                                "\"source\": \"x\", \"error\": 0.1}}}",
              NULL, MXB_EKEY, "params.v_set.error", NULL);
}

static void test_wrong_types(void **st) {
  (void)st;
  expect_fail("ptype", CARD_HEAD "\"params\": [1]}", NULL, MXB_ETYPE, "params", NULL);
  expect_fail("qtype", CARD_HEAD "\"params\": {\"v_set\": 1.2}}", NULL, MXB_ETYPE,
              "params.v_set", NULL);
  expect_fail("vtype", CARD_HEAD "\"params\": {\"v_set\": {\"value\": \"1.2\", \"unit\": \"V\", "
                                 "\"source\": \"x\"}}}",
              NULL, MXB_ETYPE, "params.v_set.value", NULL);
  expect_fail("utype", CARD_HEAD "\"params\": {\"v_set\": {\"value\": 1.2, \"unit\": 1, "
                                 "\"source\": \"x\"}}}",
              NULL, MXB_ETYPE, "params.v_set.unit", NULL);
  expect_fail("stype", CARD_HEAD "\"params\": {\"v_set\": {\"value\": 1.2, \"unit\": \"V\", "
                                 "\"source\": \"\"}}}",
              NULL, MXB_ETYPE, "params.v_set.source", NULL);
}

static void test_missing_fields(void **st) {
  (void)st;
  expect_fail("nval", CARD_HEAD "\"params\": {\"v_set\": {\"unit\": \"V\", \"source\": \"x\"}}}",
              NULL, MXB_EMISSING, "params.v_set.value", NULL);
  expect_fail("nunit", CARD_HEAD "\"params\": {\"v_set\": {\"value\": 1, \"source\": \"x\"}}}",
              NULL, MXB_EMISSING, "params.v_set.unit", NULL);
  expect_fail("nsrc", CARD_HEAD "\"params\": {\"v_set\": {\"value\": 1, \"unit\": \"V\"}}}",
              NULL, MXB_EMISSING, "params.v_set.source", NULL);
}

static void test_wrong_unit(void **st) {
  (void)st;
  expect_fail("unit", CARD_HEAD "\"params\": {\"v_set\": {\"value\": 1000, \"unit\": \"mV\", "
                                "\"source\": \"x\"}}}",
              NULL, MXB_EUNIT, "params.v_set.unit", "'mV'");
}

static void test_out_of_range(void **st) {
  (void)st;
  expect_fail("range", CARD_HEAD "\"params\": {\"sigma_d2d\": {\"value\": 3, \"unit\": \"1\", "
                                 "\"source\": \"x\"}}}",
              NULL, MXB_ERANGE, "params.sigma_d2d", "out of range");
}

static void test_class_check(void **st) {
  (void)st;
  /* each value in range, but g_off above g_on is inconsistent */
  expect_fail("check", CARD_HEAD "\"params\": {\"g_off\": {\"value\": 1e-3, \"unit\": \"S\", "
                                 "\"source\": \"x\"}}}",
              NULL, MXB_ERANGE, "g_off", "g_on");
}

static void test_override_errors(void **st) {
  (void)st;
  const char *ok = CARD_HEAD "\"params\": {}}";
  expect_fail("ovkey", ok, "v_set=1.1,v_sett=2", MXB_EKEY, "v_sett", "override");
  expect_fail("ovform", ok, "v_set", MXB_EPARSE, "key=value", "v_set");
  expect_fail("ovnum", ok, "v_set=fast", MXB_ETYPE, "v_set", "fast");
  expect_fail("ovrange", ok, "w0=2", MXB_ERANGE, "override 'w0'", "out of range");
  expect_fail("ovdup", ok, "w0=0.1,w0=0.2", MXB_EPARSE, "w0", "twice");
  /* NaN and infinity are rejected by name */
  expect_fail("ovnan", ok, "v_set=nan", MXB_ENAN, "v_set", NULL);
  expect_fail("ovinf", ok, "v_set=-Infinity", MXB_ENAN, "v_set", "not finite");
}

/* Overrides are strict (card.h): key=value items joined by single commas,
 * values as JSON writes numbers. Each malformed item is an error quoting it;
 * strtod alone took "0x10" as 16 and " 8" as 8. */
static void test_override_strict(void **st) {
  (void)st;
  const char *ok = CARD_HEAD "\"params\": {}}";
  expect_fail("ovhex", ok, "v_set=0x10", MXB_ETYPE, "value of 'v_set'", "'0x10'");
  expect_fail("ovspk", ok, "v_set =1.5", MXB_EPARSE, "key 'v_set '", "no spaces");
  expect_fail("ovspv", ok, "v_set= 1.5", MXB_ETYPE, "value of 'v_set'", "' 1.5'");
  expect_fail("ovspc", ok, "v_set=1.5, tau_set=2e-6", MXB_EPARSE, "key ' tau_set'", "' '");
  expect_fail("ovtail", ok, "v_set=1.5V", MXB_ETYPE, "'1.5V'", "trailing text");
  expect_fail("ovplus", ok, "v_set=+1.5", MXB_ETYPE, "'+1.5'", NULL);
  expect_fail("ovdot", ok, "v_set=.5", MXB_ETYPE, "'.5'", NULL);
  expect_fail("ovdot2", ok, "v_set=5.", MXB_ETYPE, "'5.'", NULL);
  expect_fail("ovlead0", ok, "v_set=01", MXB_ETYPE, "'01'", NULL);
  expect_fail("ovexp", ok, "v_set=1e", MXB_ETYPE, "'1e'", NULL);
  expect_fail("ovempty", ok, "v_set=", MXB_ETYPE, "value of 'v_set'", "''");
  expect_fail("ovcomma", ok, "v_set=1.5,", MXB_EPARSE, "empty item", "character 11");
  expect_fail("ovcomma2", ok, "v_set=1.5,,w0=0", MXB_EPARSE, "empty item", NULL);
  expect_fail("ovlead", ok, ",v_set=1.5", MXB_EPARSE, "empty item", "character 1");
  expect_fail("ovbig", ok, "v_set=1e999", MXB_ERANGE, "v_set", "'1e999'");
  expect_fail("ovkeych", ok, "v-set=1", MXB_EPARSE, "'-'", NULL);
  /* what JSON accepts is accepted: signs, exponents, zero */
  char p[512];
  mxb_device_t *d = mxb_device_load(ctx, mxbt_card("threshold_memristor.json", p, sizeof p),
                                    "v_set=1.5E0,tau_set=2e-6,w0=0,v_reset=0.25e+1");
  if (!d) print_error("%s\n", mxb_ctx_errmsg(ctx));
  assert_non_null(d);
  double v;
  mxb_device_get(ctx, d, "v_reset", &v);
  assert_true(v == 2.5);
  mxb_device_free(d);
  /* no overrides: NULL and "" */
  assert_non_null(d = mxb_device_load(ctx, p, ""));
  mxb_device_free(d);
}

/* An array card text with the given "rows" value text (JSON), a linear
 * resistor cell inline. */
static const char *array_card(char *buf, size_t n, const char *rows) {
  snprintf(buf, n,
           "{\"mxb_card\": 1, \"kind\": \"array\", \"topology\": \"2d\", \"rows\": %s, "
           "\"cols\": 2, \"r_wire_row\": {\"value\": 0, \"unit\": \"ohm\", \"source\": \"x\"}, "
           "\"r_wire_col\": {\"value\": 0, \"unit\": \"ohm\", \"source\": \"x\"}, "
           "\"cell\": {\"mxb_card\": 1, \"kind\": \"device\", \"class\": \"linear_resistor\"}}",
           rows);
  return buf;
}

/* Load text as an array card: NULL expected with code and a message naming
 * the file and the fragments. */
static void expect_array_fail(const char *tag, const char *text, const char *ovr, int code,
                              const char *frag1, const char *frag2) {
  char path[256];
  mxbt_write_temp(tag, text, path, sizeof path);
  mxb_ctx_clear_error(ctx);
  mxb_array_t *a = mxb_array_load(ctx, path, ovr);
  if (a) {
    print_error("array card %s loaded but should fail with %s\n", tag, mxb_errname(code));
    mxb_array_free(a);
    unlink(path);
    fail();
  }
  if (mxb_ctx_errcode(ctx) != code) {
    print_error("array card %s: got %s (%s), expected %s\n", tag,
                mxb_errname(mxb_ctx_errcode(ctx)), mxb_ctx_errmsg(ctx), mxb_errname(code));
    unlink(path);
    fail();
  }
  assert_msg_has(ctx, path);
  if (frag1) assert_msg_has(ctx, frag1);
  if (frag2) assert_msg_has(ctx, frag2);
  unlink(path);
}

/* Integer keys beyond any integer type (1e999 parses to infinity, 2^63 and
 * 1e19 overflow long long) were converted before the range check: undefined
 * behaviour (found by the card fuzzer, tests/fuzz). Now a range error naming
 * the key and the value; a fraction is a whole-number error. */
static void test_card_int_range(void **st) {
  (void)st;
  char b[1024];
  expect_array_fail("int999", array_card(b, sizeof b, "1e999"), NULL, MXB_ERANGE, "rows = inf",
                    "out of range [1, 65536]");
  expect_array_fail("int2p63", array_card(b, sizeof b, "9223372036854775808"), NULL, MXB_ERANGE,
                    "rows = 9.22337e+18", "out of range");
  expect_array_fail("intneg", array_card(b, sizeof b, "-1e19"), NULL, MXB_ERANGE,
                    "rows = -1e+19", "out of range");
  expect_array_fail("intzero", array_card(b, sizeof b, "0"), NULL, MXB_ERANGE, "rows = 0",
                    "out of range");
  expect_array_fail("intfrac", array_card(b, sizeof b, "2.5"), NULL, MXB_ETYPE, "rows = 2.5",
                    "whole number");
  expect_array_fail("inttype", array_card(b, sizeof b, "\"2\""), NULL, MXB_ETYPE, "rows",
                    "whole number");
  /* and the same card with a sane value loads */
  char path[256];
  mxbt_write_temp("intok", array_card(b, sizeof b, "3"), path, sizeof path);
  mxb_array_t *a = mxb_array_load(ctx, path, NULL);
  if (!a) print_error("%s\n", mxb_ctx_errmsg(ctx));
  assert_non_null(a);
  assert_int_equal(mxb_array_plane_lines(a, 0), 3);
  mxb_array_free(a);
  unlink(path);
}

static void test_card_kind(void **st) {
  (void)st;
  char p[512], kind[32];
  assert_int_equal(mxb_card_kind(ctx, mxbt_card("linear_resistor.json", p, sizeof p), kind,
                                 sizeof kind), MXB_OK);
  assert_string_equal(kind, "device");
  assert_int_equal(mxb_card_kind(ctx, "/nonexistent.json", kind, sizeof kind), MXB_EIO);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_shipped_card_loads),
      cmocka_unit_test(test_every_shipped_device_card_loads),
      cmocka_unit_test(test_overrides_apply),
      cmocka_unit_test(test_missing_file),
      cmocka_unit_test(test_bad_json),
      cmocka_unit_test(test_version),
      cmocka_unit_test(test_unknown_root_key),
      cmocka_unit_test(test_wrong_kind_and_class),
      cmocka_unit_test(test_unknown_param),
      cmocka_unit_test(test_unknown_quantity_key),
      cmocka_unit_test(test_wrong_types),
      cmocka_unit_test(test_missing_fields),
      cmocka_unit_test(test_wrong_unit),
      cmocka_unit_test(test_out_of_range),
      cmocka_unit_test(test_class_check),
      cmocka_unit_test(test_override_errors),
      cmocka_unit_test(test_override_strict),
      cmocka_unit_test(test_card_kind),
      cmocka_unit_test(test_card_int_range),
  };
  return cmocka_run_group_tests_name("card", tests, setup, teardown);
}
