/* Tests of the measured-table class iv_table (models_c/src/dev_table.c) with
 * the example card models_c/cards/iv_table_yakopcic.json, whose tables
 * mxb_table_sample measured on the Yakopcic Oblea card (level l = x * 10):
 *  - the table device's I-V reproduces the Yakopcic device's at any level
 *    (between the sampled levels too) within interpolation error;
 *  - pulse trains through a 1x1 array, at a measured amplitude and at one
 *    between two measured amplitudes, give the Yakopcic device's read
 *    currents after each pulse within interpolation error;
 *  - a pulse cut into sub-steps ends where one call ends, at measured and
 *    interpolated amplitudes, and through mxb_device_integrate;
 *  - below the smallest amplitude the state holds (and exact_window says so);
 *  - the PCHIP I-V keeps a monotone table monotone, dI/dV is its derivative;
 *  - bad tables and cards give errors naming the file, the line and the key;
 *  - an array card with the table device inline finds its files from the
 *    array card's folder and takes cell. overrides;
 *  - the pulse table given pulse by pulse (pulse_steps) is the same device. */
#include "mxb_test.h"
#include "dev_bench.h"
#include <sys/stat.h>

static mxb_ctx_t *ctx;
static int setup(void **st) { (void)st; ctx = mxb_ctx_new(5); return ctx ? 0 : -1; }
static int teardown(void **st) { (void)st; mxb_ctx_free(ctx); return 0; }

static mxb_device_t *load(const char *name, const char *ovr) {
  char p[1024];
  mxb_device_t *d = mxb_device_load(ctx, mxbt_card(name, p, sizeof p), ovr);
  if (!d) print_error("%s\n", mxb_ctx_errmsg(ctx));
  assert_non_null(d);
  return d;
}

/* I-V: the table device at level l against the Yakopcic device at x = l/10,
 * every level (sampled and between), -1 .. 1 V. Between levels the table
 * mixes linearly, which is exact for Yakopcic's I = a x sinh(b V); in V the
 * PCHIP of sinh(0.05 V) on a 0.1 V grid errs by far less than 1e-6 of the
 * largest current. */
static void test_iv_reproduces_yakopcic(void **st) {
  (void)st;
  mxb_device_t *t = load("iv_table_yakopcic.json", NULL), *y = load("yakopcic_oblea.json", NULL);
  const mxb_device_class_t *ct = mxb_device_class(t), *cy = mxb_device_class(y);
  assert_string_equal(ct->name, "iv_table");
  const double *pt = mxb_device_params(t), *py = mxb_device_params(y);
  double imax = 0.17 * sinh(0.05), worst = 0;
  for (double l = 0; l <= 10.0; l += 0.37) {
    double st_[1] = {l}, sy[1] = {l / 10};
    for (double v = -1.0; v <= 1.0; v += 0.0173) {
      double gt, gy, it = ct->current(pt, st_, v, &gt), iy = cy->current(py, sy, v, &gy);
      worst = fmax(worst, fabs(it - iy) / imax);
      assert_true(fabs(gt - gy) <= 1e-4 * 0.17 * 0.05);
    }
  }
  print_message("I-V: largest error %.3g of the largest current\n", worst);
  assert_true(worst < 1e-6);
  /* the provenance of the data is the card's */
  assert_non_null(strstr(mxb_device_provenance(t, "l0"), "x0 = 0.11"));
  mxb_device_free(t);
  mxb_device_free(y);
}

/* Read conductances after each pulse of a train on a 1x1 array of each
 * device, the table's against Yakopcic's: the largest difference as a
 * fraction of the full conductance span (level 10). */
static double train_error(double amp, double width, int n, double l0) {
  char ovr[64];
  snprintf(ovr, sizeof ovr, "l0=%.17g", l0);
  bench_t *bt = bench_new(1, "iv_table_yakopcic.json", NULL, ovr);
  snprintf(ovr, sizeof ovr, "x0=%.17g", l0 / 10);
  bench_t *by = bench_new(1, "yakopcic_oblea.json", NULL, ovr);
  double t = 0, worst = 0, span = 0.17 * sinh(0.05 * 0.1) / 0.1, gmin = INFINITY, gmax = 0;
  for (int k = 0; k < n; k++) {
    double a = k < n / 2 ? amp : -amp; /* half up, half down */
    bench_pulse(bt, t, a, width);
    t = bench_pulse(by, t, a, width);
    t += width;
    bench_advance(bt, t);
    bench_advance(by, t);
    double gt = bench_g(bt, t, 0.1), gy = bench_g(by, t, 0.1);
    worst = fmax(worst, fabs(gt - gy) / span);
    gmin = fmin(gmin, gy);
    gmax = fmax(gmax, gy);
  }
  assert_true(gmax - gmin > 0.3 * span); /* the train moved the device a long way */
  bench_free(bt);
  bench_free(by);
  return worst;
}

static void test_pulse_train_reproduces_yakopcic(void **st) {
  (void)st;
  /* a measured amplitude: the error is that of the PCHIP of time against
   * level through points 0.05 level apart */
  double e1 = train_error(0.5, 50e-6, 40, 0.0);
  /* between 0.4 and 0.5 V: log-time interpolation in V; Yakopcic's time
   * scales as 1 / (e^V - e^0.16), whose logarithm is not linear in V: a few
   * per cent of the span */
  double e2 = train_error(0.45, 80e-6, 40, 1.1);
  /* from a level no train started at (the table read "from a given level") */
  double e3 = train_error(0.8, 10e-6, 30, 4.4);
  print_message("pulse trains: largest read error %.3g (0.5 V), %.3g (0.45 V), %.3g (0.8 V from "
                "level 4.4) of the span\n", e1, e2, e3);
  assert_true(e1 < 1e-4);
  assert_true(e2 < 0.02);
  assert_true(e3 < 1e-4);
}

/* One advance of dt against the same dt cut into uneven sub-steps. */
static void test_substep_invariance(void **st) {
  (void)st;
  mxb_device_t *d = load("iv_table_yakopcic.json", NULL);
  const mxb_device_class_t *c = mxb_device_class(d);
  const double *p = mxb_device_params(d);
  const double vs[] = {0.2, 0.45, 0.73, 1.0, 1.4, -0.2, -0.35, -0.77, -1.3};
  const double l0s[] = {0.0, 2.3, 7.9, 10.0};
  mxb_dev_rng_t rng = {0};
  for (size_t i = 0; i < sizeof vs / sizeof vs[0]; i++)
    for (size_t j = 0; j < sizeof l0s / sizeof l0s[0]; j++) {
      double dt = 2e-4, one[1] = {l0s[j]}, cut[1] = {l0s[j]}, integ[1] = {l0s[j]};
      assert_int_equal(c->advance(p, one, vs[i], dt, &rng), MXB_OK);
      double left = dt;
      for (int k = 1; left > 0; k++) {
        double h = fmin(left, dt * 0.013 * k); /* growing sub-steps */
        if (left - h < 1e-20) h = left;
        assert_int_equal(c->advance(p, cut, vs[i], h, &rng), MXB_OK);
        left -= h;
      }
      assert_int_equal(mxb_device_integrate(ctx, d, integ, vs[i], dt, &rng), MXB_OK);
      if (!(fabs(one[0] - cut[0]) <= 1e-12 && fabs(one[0] - integ[0]) <= 1e-12)) {
        print_error("%g V from level %g: one call %.17g, cut %.17g, integrate %.17g\n", vs[i],
                    l0s[j], one[0], cut[0], integ[0]);
        fail();
      }
      assert_true(c->exact_const(p, one, vs[i]));
    }
  /* and it moved: 2e-4 s at 0.45 V from level 0 goes far */
  double s[1] = {0.0};
  assert_int_equal(c->advance(p, s, 0.45, 2e-4, &rng), MXB_OK);
  assert_true(s[0] > 1.0);
  mxb_device_free(d);
}

static void test_holds_below_smallest_amplitude(void **st) {
  (void)st;
  mxb_device_t *d = load("iv_table_yakopcic.json", NULL);
  const mxb_device_class_t *c = mxb_device_class(d);
  const double *p = mxb_device_params(d);
  double lo, hi, s[1] = {4.2};
  assert_int_equal(c->exact_window(p, s, &lo, &hi), 1);
  assert_true(hi < 0.2 && hi > 0.1999999 && lo > -0.2 && lo < -0.1999999);
  mxb_dev_rng_t rng = {0};
  const double vs[] = {-0.1999, -0.1, 0.0, 0.05, 0.1999};
  for (size_t k = 0; k < sizeof vs / sizeof vs[0]; k++) {
    assert_true(isinf(c->step_limit(p, s, vs[k])));
    assert_int_equal(c->advance(p, s, vs[k], 10.0, &rng), MXB_OK);
    assert_true(s[0] == 4.2);
  }
  /* at the smallest amplitude it moves; beyond the end of a train it holds */
  assert_true(isfinite(c->step_limit(p, s, 0.2)));
  s[0] = 10.0;
  assert_true(isinf(c->step_limit(p, s, 1.0)));
  /* l0 from the card, overridable, checked against the levels */
  double s0[1];
  mxb_dev_rng_t r;
  assert_int_equal(mxb_device_init_state(ctx, d, 0, 0, 0, s0, 1, &r), MXB_OK);
  assert_true(s0[0] == 1.1);
  assert_int_equal(mxb_device_set(ctx, d, "l0", 10.5), MXB_ERANGE);
  assert_msg_has(ctx, "l0 (10.5) must be below the table's 11 levels");
  mxb_device_free(d);
}

/* ------------------------------------------------------------ bad tables */

static char dir[256];

static const char *in_dir_path(const char *name, char *buf, size_t n) {
  snprintf(buf, n, "%s/%s", dir, name);
  return buf;
}

static void write_file(const char *name, const char *text) {
  char p[512];
  snprintf(p, sizeof p, "%s/%s", dir, name);
  FILE *f = fopen(p, "w");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
}

static const char *const good_iv = "# comment\nlevel,voltage_V,current_A\n"
                                   "0,-1,-1e-6\n0,0,0\n0,1,1e-6\n1,-1,-1e-5\n1,1,1e-5\n";
static const char *const good_pulse = "amplitude_V,time_s,level\n1,0,0\n1,1e-6,0.5\n1,2e-6,1\n";

/* Load a card of the class with the given data object text; returns the
 * code, the message in ctx. */
static int try_card(const char *cls, const char *data, const char *iv, const char *pulse) {
  char card[2048], p[512];
  snprintf(card, sizeof card, "{\"mxb_card\": 1, \"kind\": \"device\", \"class\": \"%s\", %s}",
           cls, data);
  write_file("t.json", card);
  write_file("t_iv.csv", iv);
  write_file("t_pulse.csv", pulse);
  snprintf(p, sizeof p, "%s/t.json", dir);
  mxb_device_t *d = mxb_device_load(ctx, p, NULL);
  mxb_device_free(d);
  return d ? MXB_OK : mxb_ctx_errcode(ctx);
}

#define DATA "\"data\": {\"iv\": \"t_iv.csv\", \"pulse\": \"t_pulse.csv\", \"source\": \"test\"}"

static void test_errors_name_file_line_key(void **st) {
  (void)st;
  const char *tmp = getenv("TMPDIR");
  snprintf(dir, sizeof dir, "%s/mxbt-table-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  assert_non_null(mkdtemp(dir));
  assert_int_equal(try_card("iv_table", DATA, good_iv, good_pulse), MXB_OK);
  /* a malformed number */
  assert_int_equal(try_card("iv_table", DATA, "level,voltage_V,current_A\n0,-1,-1e-6\n0,abc,1\n",
                            good_pulse), MXB_EPARSE);
  assert_msg_has(ctx, "t_iv.csv:3: column 'voltage_V': 'abc' is not a number");
  /* voltages not increasing */
  assert_int_equal(try_card("iv_table", DATA, "level,voltage_V,current_A\n0,-1,-1\n0,1,1\n0,0.5,0\n",
                            good_pulse), MXB_ERANGE);
  assert_msg_has(ctx, "t_iv.csv:4: column 'voltage_V': 0.5 V is not above 1 V");
  /* a missing level */
  assert_int_equal(try_card("iv_table", DATA, "level,voltage_V,current_A\n0,-1,-1\n0,1,1\n"
                            "2,-1,-2\n2,1,2\n", good_pulse), MXB_EMISSING);
  assert_msg_has(ctx, "t_iv.csv: level 1 is missing");
  /* a wrong header, a short row */
  assert_int_equal(try_card("iv_table", DATA, "level,V,I\n0,-1,-1\n", good_pulse), MXB_EPARSE);
  assert_msg_has(ctx, "t_iv.csv:1: header is 'level,V,I', expected 'level,voltage_V,current_A'");
  assert_int_equal(try_card("iv_table", DATA, "level,voltage_V,current_A\n0,-1\n", good_pulse),
                   MXB_EPARSE);
  assert_msg_has(ctx, "t_iv.csv:2: 2 columns where 3 are needed");
  /* pulse trains: start at 0, monotone, within the levels, one block per amplitude */
  assert_int_equal(try_card("iv_table", DATA, good_iv, "amplitude_V,time_s,level\n1,1e-6,0\n1,2e-6,1\n"),
                   MXB_ERANGE);
  assert_msg_has(ctx, "t_pulse.csv:2: column 'time_s': the train of 1 V must start at time 0");
  assert_int_equal(try_card("iv_table", DATA, good_iv,
                            "amplitude_V,time_s,level\n1,0,0\n1,1e-6,0.6\n1,2e-6,0.5\n"),
                   MXB_ERANGE);
  assert_msg_has(ctx, "t_pulse.csv:4: column 'level': 0.5 does not continue the rise");
  assert_int_equal(try_card("iv_table", DATA, good_iv, "amplitude_V,time_s,level\n1,0,0\n1,1e-6,3\n"),
                   MXB_ERANGE);
  assert_msg_has(ctx, "t_pulse.csv:3: column 'level': 3 is outside the I-V table's levels [0, 1]");
  assert_int_equal(try_card("iv_table", DATA, good_iv,
                            "amplitude_V,time_s,level\n1,0,0\n1,1e-6,1\n2,0,0\n2,1e-7,1\n"
                            "1,0,0\n1,1e-6,1\n"), MXB_EPARSE);
  assert_msg_has(ctx, "t_pulse.csv:6: amplitude 1 V again (its train began at line 2");
  assert_int_equal(try_card("iv_table", DATA, good_iv,
                            "amplitude_V,time_s,level\n1,0,0\n1,1e-6,1\n2,0,1\n2,1e-7,0\n"),
                   MXB_ERANGE);
  assert_msg_has(ctx, "t_pulse.csv:4: the train of 2 V starts at level 1 and falls");
  assert_int_equal(try_card("iv_table", DATA, good_iv, "amplitude_V,time_s,level\n1,0,0\n1,inf,1\n"),
                   MXB_ENAN);
  assert_msg_has(ctx, "t_pulse.csv:3: column 'time_s': 'inf' is not a finite number");
  /* card keys */
  assert_int_equal(try_card("iv_table", "\"data\": {\"ivv\": \"t_iv.csv\", \"source\": \"x\"}",
                            good_iv, good_pulse), MXB_EKEY);
  assert_msg_has(ctx, "t.json: data.ivv: unknown key");
  assert_int_equal(try_card("iv_table", "\"data\": {\"source\": \"x\"}", good_iv, good_pulse),
                   MXB_EMISSING);
  assert_msg_has(ctx, "t.json: data.iv: required key missing");
  assert_int_equal(try_card("iv_table", "\"data\": {\"iv\": \"t_iv.csv\"}", good_iv, good_pulse),
                   MXB_EMISSING);
  assert_msg_has(ctx, "t.json: data.source: required key missing");
  assert_int_equal(try_card("iv_table", "\"data\": {\"iv\": \"nope.csv\", \"source\": \"x\"}",
                            good_iv, good_pulse), MXB_EIO);
  assert_msg_has(ctx, "card nope.csv not found");
  assert_msg_has(ctx, "t.json: data.iv)");
  assert_int_equal(try_card("iv_table", "\"params\": {\"l0\": {\"value\": 1.5, \"unit\": \"1\", "
                            "\"source\": \"x\"}}, " DATA, good_iv, good_pulse), MXB_ERANGE);
  assert_msg_has(ctx, "t.json: l0 (1.5) must be below the table's 2 levels");
  assert_int_equal(try_card("linear_resistor", DATA, good_iv, good_pulse), MXB_EKEY);
  assert_msg_has(ctx, "t.json: data: class 'linear_resistor' takes no data");
  /* the small table works: PCHIP through 3 monotone points stays monotone */
  assert_int_equal(try_card("iv_table", DATA,
                            "level,voltage_V,current_A\n0,-1,-1e-6\n0,0.1,0\n0,1,5e-6\n"
                            "1,-1,-1e-5\n1,1,1e-5\n", good_pulse), MXB_OK);
  char p[512];
  snprintf(p, sizeof p, "%s/t.json", dir);
  mxb_device_t *d = mxb_device_load(ctx, p, NULL);
  assert_non_null(d);
  const mxb_device_class_t *c = mxb_device_class(d);
  double s[1] = {0}, prev = -INFINITY;
  for (double v = -1.5; v <= 1.5; v += 0.001) {
    double g, i = c->current(mxb_device_params(d), s, v, &g), gp, gm;
    assert_true(i >= prev && g >= 0);
    double num = (c->current(mxb_device_params(d), s, v + 1e-7, &gp) -
                  c->current(mxb_device_params(d), s, v - 1e-7, &gm)) / 2e-7;
    assert_true(fabs(num - g) <= 1e-5 * fabs(g) + 1e-12);
    prev = i;
  }
  /* a clone shares the table and outlives the original */
  mxb_device_t *k = mxb_device_clone(ctx, d);
  mxb_device_free(d);
  double g;
  assert_true(c->current(mxb_device_params(k), s, 1.0, &g) == 5e-6);
  mxb_device_free(k);
  /* an array card with the table device inline: its files are found from
   * the array card's folder; every cell shares the one table */
  write_file("arr.json", "{\"mxb_card\": 1, \"kind\": \"array\", \"topology\": \"2d\", "
             "\"layers\": 1, \"rows\": 2, \"cols\": 3, "
             "\"r_wire_row\": {\"value\": 0, \"unit\": \"ohm\", \"source\": \"ideal\"}, "
             "\"r_wire_col\": {\"value\": 0, \"unit\": \"ohm\", \"source\": \"ideal\"}, "
             "\"cell\": {\"mxb_card\": 1, \"kind\": \"device\", \"class\": \"iv_table\", "
             "\"params\": {\"l0\": {\"value\": 0.5, \"unit\": \"1\", \"source\": \"x\"}}, "
             DATA "}}");
  mxb_array_t *a = mxb_array_load(ctx, in_dir_path("arr.json", p, sizeof p), "cell.l0=1");
  if (!a) print_error("%s\n", mxb_ctx_errmsg(ctx));
  assert_non_null(a);
  assert_int_equal(mxb_array_drive(a, 0.0, 0, 1, 0.5, 0.0), MXB_OK);
  assert_int_equal(mxb_array_drive(a, 0.0, 1, 2, 0.0, 0.0), MXB_OK);
  double i = 0;
  assert_int_equal(mxb_array_cell_current(a, 0.0, 0, 1, 2, &i), MXB_OK);
  assert_close_rel(i, 5e-6, 1e-12); /* level 1 (the override) of the small table: 10 uS */
  mxb_array_free(a);
  for (const char *f = "t.json\0t_iv.csv\0t_pulse.csv\0arr.json\0"; *f; f += strlen(f) + 1) {
    snprintf(p, sizeof p, "%s/%s", dir, f);
    unlink(p);
  }
  rmdir(dir);
}

/* The pulse table pulse by pulse (data.pulse_steps): the Yakopcic trains
 * written as single pulses (amplitude, width, level before, level after)
 * give the device the trains give. */
static void test_pulse_steps_form(void **st) {
  (void)st;
  const char *tmp = getenv("TMPDIR");
  snprintf(dir, sizeof dir, "%s/mxbt-steps-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  assert_non_null(mkdtemp(dir));
  char p[1024], line[256];
  FILE *in = fopen(mxbt_card("iv_table_yakopcic_pulse.csv", p, sizeof p), "r");
  assert_non_null(in);
  FILE *out = fopen(in_dir_path("steps.csv", p, sizeof p), "w");
  assert_non_null(out);
  fprintf(out, "# the trains of iv_table_yakopcic_pulse.csv pulse by pulse\n"
               "amplitude_V,width_s,level_from,level_to\n");
  double pa = 0, pt = 0, pl = 0;
  int rows = 0;
  while (fgets(line, sizeof line, in)) {
    double a, t, l;
    if (sscanf(line, "%lf,%lf,%lf", &a, &t, &l) != 3) continue;
    if (t > 0) {
      assert_true(a == pa);
      fprintf(out, "%.17g,%.17g,%.17g,%.17g\n", a, t - pt, pl, l);
      rows++;
    }
    pa = a, pt = t, pl = l;
  }
  fclose(in);
  fclose(out);
  assert_true(rows > 500);
  char card[2048];
  snprintf(card, sizeof card, "{\"mxb_card\": 1, \"kind\": \"device\", \"class\": \"iv_table\", "
           "\"data\": {\"iv\": \"%s/iv_table_yakopcic_iv.csv\", \"pulse_steps\": \"steps.csv\", "
           "\"source\": \"test\"}}", mxb_card_dir());
  write_file("s.json", card);
  mxb_device_t *ds = mxb_device_load(ctx, in_dir_path("s.json", p, sizeof p), NULL);
  if (!ds) print_error("%s\n", mxb_ctx_errmsg(ctx));
  assert_non_null(ds);
  mxb_device_t *dt = load("iv_table_yakopcic.json", NULL);
  const mxb_device_class_t *c = mxb_device_class(dt);
  mxb_dev_rng_t rng = {0};
  const double vs[] = {0.3, 0.45, 1.0, -0.25, -0.8};
  for (size_t k = 0; k < sizeof vs / sizeof vs[0]; k++) {
    double a[1] = {vs[k] > 0 ? 0.7 : 9.1}, b[1] = {a[0]};
    for (int n = 0; n < 5; n++) {
      assert_int_equal(c->advance(mxb_device_params(dt), a, vs[k], 3e-5, &rng), MXB_OK);
      assert_int_equal(c->advance(mxb_device_params(ds), b, vs[k], 3e-5, &rng), MXB_OK);
      assert_close_rel(a[0], b[0], 1e-9); /* cumulative widths: rounding of the sums */
    }
    assert_true(fabs(a[0] - (vs[k] > 0 ? 0.7 : 9.1)) > 0.5); /* it moved */
  }
  mxb_device_free(ds);
  mxb_device_free(dt);
  /* errors: a train broken, a width of 0, both forms given */
  write_file("steps.csv", "amplitude_V,width_s,level_from,level_to\n1,1e-6,0,0.5\n1,1e-6,0.4,1\n");
  assert_int_equal(mxb_device_load(ctx, in_dir_path("s.json", p, sizeof p), NULL) == NULL, 1);
  assert_msg_has(ctx, "steps.csv:3: column 'level_from': 0.4 is not 0.5, where the previous pulse "
                      "of 1 V ended");
  write_file("steps.csv", "amplitude_V,width_s,level_from,level_to\n1,0,0,0.5\n");
  assert_null(mxb_device_load(ctx, in_dir_path("s.json", p, sizeof p), NULL));
  assert_msg_has(ctx, "steps.csv:2: column 'width_s': 0 s is not a pulse width");
  snprintf(card, sizeof card, "{\"mxb_card\": 1, \"kind\": \"device\", \"class\": \"iv_table\", "
           "\"data\": {\"iv\": \"%s/iv_table_yakopcic_iv.csv\", \"pulse_steps\": \"steps.csv\", "
           "\"pulse\": \"steps.csv\", \"source\": \"test\"}}", mxb_card_dir());
  write_file("s.json", card);
  assert_null(mxb_device_load(ctx, in_dir_path("s.json", p, sizeof p), NULL));
  assert_msg_has(ctx, "s.json: data.pulse_steps: give the pulse table once");
  for (const char *f = "s.json\0steps.csv\0"; *f; f += strlen(f) + 1) unlink(in_dir_path(f, p, sizeof p));
  rmdir(dir);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_iv_reproduces_yakopcic),
      cmocka_unit_test(test_pulse_train_reproduces_yakopcic),
      cmocka_unit_test(test_substep_invariance),
      cmocka_unit_test(test_holds_below_smallest_amplitude),
      cmocka_unit_test(test_errors_name_file_line_key),
      cmocka_unit_test(test_pulse_steps_form),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
