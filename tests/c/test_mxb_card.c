/* Unit tests: parameter cards and overrides. Every error path of the loader
 * is exercised and must name the file and the key. */
#include "mxb_test.h"
#include <sys/stat.h>

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

/* ---- finding a card (card.h "Finding a card") */

static char lk_top[512]; /* the temporary tree of the lookup tests */

static void lk_path(char *buf, size_t n, const char *rel) {
  snprintf(buf, n, "%s/%s", lk_top, rel);
}

static void lk_write(const char *rel, const char *text) {
  char p[768];
  lk_path(p, sizeof p, rel);
  FILE *f = fopen(p, "w");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
}

static void lk_rm(const char *rel) {
  char p[768];
  lk_path(p, sizeof p, rel);
  assert_int_equal(unlink(p), 0);
}

/* A linear-resistor device card of conductance g (each copy its own g, so
 * the copy loaded is known). */
static void lk_dev(const char *rel, double g) {
  char text[512];
  snprintf(text, sizeof text,
           "{\"mxb_card\": 1, \"kind\": \"device\", \"class\": \"linear_resistor\", "
           "\"params\": {\"g\": {\"value\": %g, \"unit\": \"S\", \"source\": \"test\"}}}", g);
  lk_write(rel, text);
}

/* A 2 x 2 2D array card whose cell is the card file cell. */
static void lk_arr(const char *rel, const char *topo, const char *cell) {
  char text[768];
  snprintf(text, sizeof text,
           "{\"mxb_card\": 1, \"kind\": \"array\", \"topology\": \"%s\", \"rows\": 2, "
           "\"cols\": 2, \"r_wire_row\": {\"value\": 0, \"unit\": \"ohm\", \"source\": \"t\"}, "
           "\"r_wire_col\": {\"value\": 0, \"unit\": \"ohm\", \"source\": \"t\"}, "
           "\"cell\": \"%s\"}", topo, cell);
  lk_write(rel, text);
}

static int lk_setup(void **st) {
  (void)st;
  const char *dir = getenv("TMPDIR");
  snprintf(lk_top, sizeof lk_top, "%s/mxbt-lookup-XXXXXX", dir && *dir ? dir : "/tmp");
  if (!mkdtemp(lk_top)) return -1;
  static const char *const sub[] = {"ref", "root", "p1", "p2", "work", "root/sub"};
  for (size_t i = 0; i < sizeof sub / sizeof sub[0]; i++) {
    char p[768];
    lk_path(p, sizeof p, sub[i]);
    if (mkdir(p, 0700)) return -1;
  }
  return 0;
}

static int lk_teardown(void **st) {
  (void)st;
  char cmd[600];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", lk_top);
  unsetenv("MXB_CARD_PATH");
  mxb_ctx_set_card_root(ctx, NULL);
  return system(cmd) == 0 ? 0 : -1;
}

/* The file the memory (or selector) of every cell was loaded from. */
static const char *lk_origin(mxb_array_t *a, mxb_cell_part_t part) {
  const mxb_device_t *m = mxb_array_cell_model(a, part);
  assert_non_null(m);
  return mxb_device_origin(m);
}

static mxb_array_t *lk_load(const char *name, const char *ovr) {
  mxb_ctx_clear_error(ctx);
  mxb_array_t *a = mxb_array_load(ctx, name, ovr);
  if (!a) print_error("%s\n", mxb_ctx_errmsg(ctx));
  assert_non_null(a);
  return a;
}

static void test_lookup_order(void **st) {
  (void)st;
  char arr[768], root[768], p1[768], p2[768], env[1600], want[2048];
  lk_path(arr, sizeof arr, "ref/arr.json");
  lk_path(root, sizeof root, "root");
  lk_path(p1, sizeof p1, "p1");
  lk_path(p2, sizeof p2, "p2");
  snprintf(env, sizeof env, "%s::%s", p1, p2); /* the empty entry is skipped */
  setenv("MXB_CARD_PATH", env, 1);
  assert_int_equal(mxb_ctx_set_card_root(ctx, root), MXB_OK);
  assert_string_equal(mxb_ctx_card_root(ctx), root);
  lk_arr("ref/arr.json", "2d", "look.json");
  lk_dev("ref/look.json", 1e-5);
  lk_dev("root/look.json", 2e-5);
  lk_dev("p2/look.json", 3e-5);

  /* 1. the referring card's own folder first */
  mxb_array_t *a = lk_load(arr, NULL);
  lk_path(want, sizeof want, "ref/look.json");
  assert_string_equal(lk_origin(a, MXB_PART_MEMORY), want);
  mxb_array_free(a);
  /* 2. then the card root */
  lk_rm("ref/look.json");
  a = lk_load(arr, NULL);
  lk_path(want, sizeof want, "root/look.json");
  assert_string_equal(lk_origin(a, MXB_PART_MEMORY), want);
  mxb_array_free(a);
  /* 3. then MXB_CARD_PATH, folder by folder (p1 has none) */
  lk_rm("root/look.json");
  a = lk_load(arr, NULL);
  lk_path(want, sizeof want, "p2/look.json");
  assert_string_equal(lk_origin(a, MXB_PART_MEMORY), want);
  mxb_array_free(a);
  /* 4. last the installed cards: a shipped device card by its name */
  lk_arr("ref/arr_lin.json", "2d", "linear_resistor.json");
  lk_path(arr, sizeof arr, "ref/arr_lin.json");
  a = lk_load(arr, NULL);
  snprintf(want, sizeof want, "%s/linear_resistor.json", mxb_card_dir());
  assert_string_equal(lk_origin(a, MXB_PART_MEMORY), want);
  mxb_array_free(a);
  /* ... which a copy on MXB_CARD_PATH shadows */
  lk_dev("p2/linear_resistor.json", 4e-5);
  a = lk_load(arr, NULL);
  lk_path(want, sizeof want, "p2/linear_resistor.json");
  assert_string_equal(lk_origin(a, MXB_PART_MEMORY), want);
  mxb_array_free(a);
  /* a shipped cell card found among the installed cards looks its own
   * devices up in its own folder */
  lk_arr("ref/arr_1s1r.json", "1s1r", "ecm_1s1r.json");
  lk_path(arr, sizeof arr, "ref/arr_1s1r.json");
  a = lk_load(arr, NULL);
  snprintf(want, sizeof want, "%s/ecm_selector.json", mxb_card_dir());
  assert_string_equal(lk_origin(a, MXB_PART_SELECTOR), want);
  snprintf(want, sizeof want, "%s/ecm_memory.json", mxb_card_dir());
  assert_string_equal(lk_origin(a, MXB_PART_MEMORY), want);
  mxb_array_free(a);
  lk_rm("p2/look.json");
  lk_rm("p2/linear_resistor.json");
}

/* A card found nowhere: MXB_EIO listing every folder tried. */
static void test_lookup_not_found(void **st) {
  (void)st;
  char arr[768], root[768], p1[768], p2[768], env[1600], frag[2048];
  lk_path(root, sizeof root, "root");
  lk_path(p1, sizeof p1, "p1");
  lk_path(p2, sizeof p2, "p2");
  snprintf(env, sizeof env, "%s:%s", p1, p2);
  setenv("MXB_CARD_PATH", env, 1);
  assert_int_equal(mxb_ctx_set_card_root(ctx, root), MXB_OK);
  lk_arr("ref/arr_missing.json", "2d", "nowhere.json");
  lk_path(arr, sizeof arr, "ref/arr_missing.json");
  mxb_ctx_clear_error(ctx);
  assert_null(mxb_array_load(ctx, arr, NULL));
  assert_int_equal(mxb_ctx_errcode(ctx), MXB_EIO);
  assert_msg_has(ctx, "card nowhere.json not found; looked in: ");
  lk_path(frag, sizeof frag, "ref (folder of ");
  assert_msg_has(ctx, frag);
  snprintf(frag, sizeof frag, "%s (card root, +mxb_root)", root);
  assert_msg_has(ctx, frag);
  snprintf(frag, sizeof frag, "%s (MXB_CARD_PATH), %s (MXB_CARD_PATH)", p1, p2);
  assert_msg_has(ctx, frag);
  snprintf(frag, sizeof frag, "%s (installed cards)", mxb_card_dir());
  assert_msg_has(ctx, frag);
  snprintf(frag, sizeof frag, "(referenced by %s: cell)", arr);
  assert_msg_has(ctx, frag);
  /* without a root or MXB_CARD_PATH those folders are not listed */
  unsetenv("MXB_CARD_PATH");
  mxb_ctx_set_card_root(ctx, "");
  assert_null(mxb_array_load(ctx, arr, NULL));
  assert_true(strstr(mxb_ctx_errmsg(ctx), "MXB_CARD_PATH") == NULL);
  assert_true(strstr(mxb_ctx_errmsg(ctx), "card root") == NULL);
  assert_msg_has(ctx, "(installed cards)");
  /* a call's own path: the working directory first */
  char cwd[512], wfrag[600];
  assert_non_null(getcwd(cwd, sizeof cwd));
  assert_null(mxb_device_load(ctx, "no_such_card.json", NULL));
  assert_int_equal(mxb_ctx_errcode(ctx), MXB_EIO);
  snprintf(wfrag, sizeof wfrag, "card no_such_card.json not found; looked in: %s (working "
           "directory)", cwd);
  assert_msg_has(ctx, wfrag);
  /* an absolute path is only itself */
  assert_null(mxb_array_load(ctx, "/nonexistent/dir/a.json", NULL));
  assert_int_equal(mxb_ctx_errcode(ctx), MXB_EIO);
  assert_msg_has(ctx, "card /nonexistent/dir/a.json not found (an absolute path");
  /* an empty name, a root too long */
  char buf[64];
  assert_int_equal(mxb_card_find(ctx, "", NULL, buf, sizeof buf), MXB_EINVAL);
  assert_msg_has(ctx, "empty card name");
  char *longdir = malloc(MXB_PATH_MAX + 1);
  assert_non_null(longdir);
  memset(longdir, 'd', MXB_PATH_MAX);
  longdir[MXB_PATH_MAX] = '\0';
  assert_int_equal(mxb_ctx_set_card_root(ctx, longdir), MXB_ERANGE);
  assert_msg_has(ctx, "exceeds 1023");
  free(longdir);
  assert_string_equal(mxb_ctx_card_root(ctx), ""); /* unchanged */
}

/* Relative card paths outside the checkout: from another working
 * directory, a bare name finds the installed cards, and the card root
 * serves relative paths below it. */
static void test_lookup_outside_checkout(void **st) {
  (void)st;
  char cwd[512], work[768], root[768], want[1024];
  assert_non_null(getcwd(cwd, sizeof cwd));
  lk_path(work, sizeof work, "work");
  lk_path(root, sizeof root, "root");
  lk_arr("root/sub/arr_sub.json", "2d", "linear_resistor.json");
  assert_int_equal(chdir(work), 0);
  /* a shipped array card by its name, its cell from its own folder */
  mxb_array_t *a = lk_load("cu_pmssq_1x1.json", NULL);
  snprintf(want, sizeof want, "%s/cu_pmssq.json", mxb_card_dir());
  assert_string_equal(lk_origin(a, MXB_PART_MEMORY), want);
  mxb_array_free(a);
  char kind[32], found[1024];
  assert_int_equal(mxb_card_kind(ctx, "ecm_1s1r.json", kind, sizeof kind), MXB_OK);
  assert_string_equal(kind, "cell_1s1r");
  assert_int_equal(mxb_card_find(ctx, "ecm_1s1r.json", NULL, found, sizeof found), MXB_OK);
  snprintf(want, sizeof want, "%s/ecm_1s1r.json", mxb_card_dir());
  assert_string_equal(found, want);
  mxb_device_t *d = mxb_device_load(ctx, "threshold_memristor.json", NULL);
  assert_non_null(d);
  mxb_device_free(d);
  /* a path below the card root, not found without it */
  mxb_ctx_set_card_root(ctx, NULL);
  assert_null(mxb_array_load(ctx, "sub/arr_sub.json", NULL));
  assert_int_equal(mxb_ctx_errcode(ctx), MXB_EIO);
  assert_int_equal(mxb_ctx_set_card_root(ctx, root), MXB_OK);
  a = lk_load("sub/arr_sub.json", NULL);
  snprintf(want, sizeof want, "%s/linear_resistor.json", mxb_card_dir());
  assert_string_equal(lk_origin(a, MXB_PART_MEMORY), want);
  mxb_array_free(a);
  mxb_ctx_set_card_root(ctx, NULL);
  assert_int_equal(chdir(cwd), 0);
}

/* A device card opened as an array: 1 x 1, 2D, ideal wires. */
static void test_device_as_array(void **st) {
  (void)st;
  mxb_array_t *a = lk_load("linear_resistor.json", NULL);
  mxb_topology_t topo;
  int L, R, C;
  mxb_array_shape(a, &topo, &L, &R, &C);
  assert_true(topo == MXB_TOPO_2D && L == 1 && R == 1 && C == 1);
  assert_null(mxb_array_cell_model(a, MXB_PART_SELECTOR));
  assert_string_equal(mxb_device_class(mxb_array_cell_model(a, MXB_PART_MEMORY))->name,
                      "linear_resistor");
  double i;
  MXBT_OK(a, mxb_array_drive(a, 0.0, 0, 0, 0.5, 0.0));
  MXBT_OK(a, mxb_array_sense(a, 0.0, 1, 0, 0.0));
  MXBT_OK(a, mxb_array_sense_current(a, 0.0, 1, 0, &i));
  assert_close_rel(i, 0.5 * 1e-5, 1e-12); /* the card's 1e-5 S, nothing in series */
  mxb_array_free(a);
  /* overrides: the device's own parameter names, the seed, non-idealities */
  a = lk_load("linear_resistor.json", "g=2e-5,seed=5,nonideal.read_noise=0");
  assert_true(mxb_array_seed(a) == 5);
  MXBT_OK(a, mxb_array_drive(a, 0.0, 0, 0, 0.5, 0.0));
  MXBT_OK(a, mxb_array_sense(a, 0.0, 1, 0, 0.0));
  MXBT_OK(a, mxb_array_sense_current(a, 0.0, 1, 0, &i));
  assert_close_rel(i, 0.5 * 2e-5, 1e-12);
  mxb_array_free(a);
  /* a threshold memristor switches under a set pulse */
  a = lk_load("threshold_memristor.json", NULL);
  double w0, w1;
  MXBT_OK(a, mxb_array_cell_state_value(a, 0, 0, 0, "w", &w0));
  MXBT_OK(a, mxb_array_drive(a, 0.0, 0, 0, 3.0, 0.0));
  MXBT_OK(a, mxb_array_drive(a, 0.0, 1, 0, 0.0, 0.0));
  MXBT_OK(a, mxb_array_advance(a, 1e-3));
  MXBT_OK(a, mxb_array_cell_state_value(a, 0, 0, 0, "w", &w1));
  assert_true(w0 < 0.01 && w1 > 0.99);
  mxb_array_free(a);
  /* array keys do not apply to a device card */
  static const struct { const char *ovr; int code; const char *frag; } bad[] = {
      {"cell.g=2e-5", MXB_EKEY, "override 'cell.g' matches no key of the card"},
      {"rows=2", MXB_EKEY, "override 'rows' matches no key of the card"},
      {"g=-1", MXB_ERANGE, "override 'g'"},
  };
  for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
    mxb_ctx_clear_error(ctx);
    assert_null(mxb_array_load(ctx, "linear_resistor.json", bad[k].ovr));
    if (mxb_ctx_errcode(ctx) != bad[k].code) print_error("%s\n", mxb_ctx_errmsg(ctx));
    assert_int_equal(mxb_ctx_errcode(ctx), bad[k].code);
    assert_msg_has(ctx, bad[k].frag);
    assert_msg_has(ctx, "linear_resistor.json");
  }
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
  const struct CMUnitTest lookup[] = {
      cmocka_unit_test(test_lookup_order),
      cmocka_unit_test(test_lookup_not_found),
      cmocka_unit_test(test_lookup_outside_checkout),
      cmocka_unit_test(test_device_as_array),
  };
  int failed = cmocka_run_group_tests_name("card", tests, setup, teardown);
  if (setup(NULL)) return 1;
  failed += cmocka_run_group_tests_name("card lookup", lookup, lk_setup, lk_teardown);
  teardown(NULL);
  return failed;
}
