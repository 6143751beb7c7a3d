/* mxbar tests: the designer's calls of issue 19 on arrays: what a cell is
 * made of (models, state counts, states by part and by name), the memory's
 * conductance behind an ON selector, the state of a lone device initialised
 * as an array cell. */
#include "mxb_test.h"
#include "mxb_array_impl.h" /* solver_mode: force KLU */

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

/* ---- checkpoints */

static uint32_t lfsr_next(uint32_t x) { return x & 1u ? (x >> 1) ^ 0x80200003u : x >> 1; }

/* A stimulus of n steps from time t0 (dt apart): every row driven from the
 * LFSR in [-vmax, vmax] (plane 0 end A), every column sensed; after each
 * step the bits of every sensed current, one cell current and the energy go
 * to out (which must hold n * (cols + 2) values). Returns the end time. */
static double stimulus(mxb_array_t *a, double t0, double dt, int n, uint32_t *lfsr, double vmax,
                       double *out) {
  mxb_topology_t topo;
  int L, R, C;
  mxb_array_shape(a, &topo, &L, &R, &C);
  double t = t0;
  size_t k = 0;
  for (int c = 0; c < C; c++) assert_int_equal(mxb_array_sense(a, t, 1, c, 0.0), MXB_OK);
  for (int s = 0; s < n; s++) {
    for (int r = 0; r < R; r++) {
      *lfsr = lfsr_next(*lfsr);
      double v = ((double)(*lfsr & 0xff) / 127.5 - 1.0) * vmax;
      int rc = mxb_array_drive(a, t, 0, r, v, 0.0);
      if (rc) print_error("%s\n", mxb_ctx_errmsg(mxb_array_ctx(a)));
      assert_int_equal(rc, MXB_OK);
    }
    t += dt;
    for (int c = 0; c < C; c++)
      assert_int_equal(mxb_array_sense_current(a, t, 1, c, &out[k++]), MXB_OK);
    assert_int_equal(mxb_array_cell_current(a, t, 0, R - 1, C - 1, &out[k++]), MXB_OK);
    assert_int_equal(mxb_array_energy(a, t, &out[k++], NULL), MXB_OK);
  }
  return t;
}

static void tmp_path(const char *tag, char *buf, size_t n) {
  const char *dir = getenv("TMPDIR");
  snprintf(buf, n, "%s/mxbt-%s-%ld.ckpt", dir && *dir ? dir : "/tmp", tag, (long)getpid());
}

/* Open card twice (different context seeds: the saved seed must win), run
 * a first stimulus on A, save, run a second on A; restore B from the file
 * and run the second on B: every reading the same bits. */
static void check_continuation(const char *card, const char *ovr, int n1, int n2, double dt,
                               double vmax, int fault) {
  mxb_ctx_t *ca = mxb_ctx_new(7), *cb = mxb_ctx_new(99);
  char p[1024], f[1024];
  if (card[0] != '/' && strncmp(card, "tests/", 6) != 0) card = mxbt_card(card, p, sizeof p);
  mxb_array_t *a = mxb_array_load(ca, card, ovr), *b = mxb_array_load(cb, card, ovr);
  if (!a || !b) print_error("%s %s\n", mxb_ctx_errmsg(ca), mxb_ctx_errmsg(cb));
  assert_true(a && b);
  int L, R, C;
  mxb_array_shape(a, NULL, &L, &R, &C);
  size_t per = (size_t)C + 2;
  double *o1 = calloc((size_t)n1 * per, sizeof *o1), *oa = calloc((size_t)n2 * per, sizeof *oa),
         *ob = calloc((size_t)n2 * per, sizeof *ob);
  uint32_t lf = 0x13579bdfu;
  double t = stimulus(a, 0.0, dt, n1, &lf, vmax, o1);
  if (fault) assert_int_equal(mxb_array_fault(a, t, 0, 1, 1, MXB_FAULT_STUCK_ON), MXB_OK);
  tmp_path("cont", f, sizeof f);
  int rc = mxb_array_save(a, t, f);
  if (rc) print_error("%s\n", mxb_ctx_errmsg(ca));
  assert_int_equal(rc, MXB_OK);
  rc = mxb_array_restore(b, f);
  if (rc) print_error("%s\n", mxb_ctx_errmsg(cb));
  assert_int_equal(rc, MXB_OK);
  assert_true(mxb_array_time(b) == t);
  if (fault) {
    int k;
    assert_int_equal(mxb_array_cell_fault(b, 0, 1, 1, &k), MXB_OK);
    assert_int_equal(k, MXB_FAULT_STUCK_ON);
  }
  uint32_t la = lf, lb = lf;
  stimulus(a, t, dt, n2, &la, vmax, oa);
  stimulus(b, t, dt, n2, &lb, vmax, ob);
  for (size_t i = 0; i < (size_t)n2 * per; i++)
    if (memcmp(&oa[i], &ob[i], sizeof oa[i]) != 0) {
      print_error("%s: reading %zu of the continuation: %.17g (saved) vs %.17g (restored)\n",
                  card, i, oa[i], ob[i]);
      fail();
    }
  /* and the states at the end, every cell */
  int n = mxb_array_state_count(a, MXB_PART_MEMORY);
  double sa[16], sb[16];
  for (int k = 0; k < L; k++)
    for (int r = 0; r < R; r++)
      for (int c = 0; c < C; c++) {
        assert_int_equal(mxb_array_cell_state(a, k, r, c, sa, 16), MXB_OK);
        assert_int_equal(mxb_array_cell_state(b, k, r, c, sb, 16), MXB_OK);
        assert_memory_equal(sa, sb, (size_t)n * sizeof *sa);
      }
  /* the continuation moved something (the test could fail) */
  assert_true(memcmp(o1 + (size_t)(n1 - 1) * per, oa + (size_t)(n2 - 1) * per,
                     per * sizeof *oa) != 0);
  remove(f);
  free(o1);
  free(oa);
  free(ob);
  mxb_array_free(a);
  mxb_array_free(b);
  mxb_ctx_free(ca);
  mxb_ctx_free(cb);
}

static void test_ckpt_2d_nonideal(void **st) {
  (void)st;
  check_continuation("tests/cards/bind_2d_thr.json",
                     "cell.sigma_d2d=0.2,cell.tau_set=2e-7,cell.tau_reset=2e-7,"
                     "nonideal.read_noise=1,nonideal.rtn=1,nonideal.rtn_traps=2,"
                     "nonideal.rtn_tau_c_min=1e-7,nonideal.rtn_tau_c_max=1e-5,"
                     "nonideal.rtn_tau_e_min=1e-7,nonideal.rtn_tau_e_max=1e-5,"
                     "nonideal.drift=1,nonideal.wear=1,nonideal.wear_n50=20,"
                     "nonideal.faults=1,nonideal.fault_p_stuck_on=0.1",
                     20, 20, 50e-9, 1.5, 1);
}

static void test_ckpt_1s1r_wires(void **st) {
  (void)st;
  check_continuation("ecm_1s1r_4x4.json", NULL, 6, 6, 20e-6, 2.4, 0);
}

static void test_ckpt_2d_wires_fault_after_open(void **st) {
  (void)st;
  /* a layer created by a call (a fault) on a card without one */
  check_continuation("tests/cards/bind_2d_thr.json", "r_wire_row=2,r_wire_col=3", 10, 10,
                     1e-6, 1.5, 1);
}

/* The Cu-pMSSQ 3D stack: capacitors and floating electrodes. */
static void test_ckpt_3d_caps(void **st) {
  (void)st;
  check_continuation("cu_pmssq_3d_6x6x3.json", NULL, 3, 3, 1e-4, 3.0, 0);
}

static void test_ckpt_errors(void **st) {
  (void)st;
  mxb_ctx_t *ctx = mxb_ctx_new(1);
  char p[1024], f[1024], g[1024];
  mxbt_card("ecm_1s1r_4x4.json", p, sizeof p);
  mxb_array_t *a = mxb_array_load(ctx, p, NULL);
  assert_non_null(a);
  assert_int_equal(mxb_array_drive(a, 0.0, 0, 1, 2.4, 0.0), MXB_OK);
  tmp_path("err", f, sizeof f);
  assert_int_equal(mxb_array_save(a, 30e-6, f), MXB_OK);

  /* another shape, another card, other parameters */
  mxb_array_t *b = mxb_array_load(ctx, p, "rows=8");
  assert_int_equal(mxb_array_restore(b, f), MXB_EINVAL);
  assert_msg_has(ctx, "1 x 4 x 4 cells, this one is 1s1r 1 x 8 x 4");
  mxb_array_free(b);
  b = mxb_array_load(ctx, p, "cell.memory.g_lrs=1e-4");
  assert_int_equal(mxb_array_restore(b, f), MXB_EINVAL);
  assert_msg_has(ctx, "'g_lrs'");
  mxb_array_free(b);
  b = mxb_array_load(ctx, p, "r_wire_col=2");
  assert_int_equal(mxb_array_restore(b, f), MXB_EINVAL);
  assert_msg_has(ctx, "wires");
  mxb_array_free(b);
  b = mxb_array_load(ctx, p, "nonideal.read_noise=1");
  assert_int_equal(mxb_array_restore(b, f), MXB_EINVAL);
  assert_msg_has(ctx, "nonideal.read_noise");
  mxb_array_free(b);
  b = mxb_array_load(ctx, mxbt_card("otj_sto_5x5.json", g, sizeof g), "rows=4,cols=4");
  assert_non_null(b);
  assert_int_equal(mxb_array_restore(b, f), MXB_EINVAL);
  assert_msg_has(ctx, "this one is 2d");
  mxb_array_free(b);

  /* another format version; a truncated file; not a checkpoint: the
   * array is left as it was */
  FILE *in = fopen(f, "r");
  assert_non_null(in);
  fseek(in, 0, SEEK_END);
  long len = ftell(in);
  rewind(in);
  char *text = malloc((size_t)len + 1);
  assert_int_equal(fread(text, 1, (size_t)len, in), (size_t)len);
  text[len] = '\0';
  fclose(in);
  b = mxb_array_load(ctx, p, NULL);
  double s0[16] = {0}, s1[16] = {0};
  assert_int_equal(mxb_array_cell_state(b, 0, 1, 2, s0, 16), MXB_OK);
  tmp_path("bad", g, sizeof g);
  FILE *o = fopen(g, "w");
  fprintf(o, "mxbar-checkpoint 2%s", strchr(text, '\n'));
  fclose(o);
  assert_int_equal(mxb_array_restore(b, g), MXB_EINVAL);
  assert_msg_has(ctx, "format 2");
  o = fopen(g, "w");
  fwrite(text, 1, (size_t)len * 2 / 3, o);
  fclose(o);
  assert_int_equal(mxb_array_restore(b, g), MXB_EPARSE);
  assert_msg_has(ctx, g);
  o = fopen(g, "w");
  fputs("{\"mxb_card\": 1}\n", o);
  fclose(o);
  assert_int_equal(mxb_array_restore(b, g), MXB_EPARSE);
  assert_msg_has(ctx, "not an mxbar checkpoint");
  assert_int_equal(mxb_array_restore(b, "/nonexistent/x.ckpt"), MXB_EIO);
  assert_int_equal(mxb_array_cell_state(b, 0, 1, 2, s1, 16), MXB_OK);
  assert_memory_equal(s0, s1, sizeof s0);
  assert_true(mxb_array_time(b) == 0.0);
  /* the good file restores */
  assert_int_equal(mxb_array_restore(b, f), MXB_OK);
  assert_true(mxb_array_time(b) == 30e-6);
  assert_int_equal(mxb_array_save(a, 10e-6, f), MXB_ETIME); /* time went backwards */
  assert_int_equal(mxb_array_save(a, 40e-6, "/nonexistent/x.ckpt"), MXB_EIO);
  remove(f);
  remove(g);
  free(text);
  mxb_array_free(b);
  mxb_array_free(a);
  mxb_ctx_free(ctx);
}

/* ---- a layer from a conductance map */

static void test_load_g(void **st) {
  (void)st;
  mxb_ctx_t *ctx = mxb_ctx_new(3);
  mxb_array_t *a = mxb_array_load(ctx, "tests/cards/bind_2d_thr.json", "r_wire_row=1");
  assert_non_null(a);
  double g[16], back[16], s0[16] = {0}, s1[16] = {0};
  for (int i = 0; i < 16; i++) g[i] = 1e-6 * pow(100.0, i / 15.0); /* g_off .. g_on */
  assert_int_equal(mxb_array_load_g(a, 0.0, 0, 0.2, g), MXB_OK);
  assert_int_equal(mxb_array_conductance_map(a, 0.0, 0, 0.2, back), MXB_OK);
  for (int i = 0; i < 16; i++) assert_close_rel(back[i], g[i], 1e-12);
  /* out of range: the cell is named, nothing changes */
  assert_int_equal(mxb_array_cell_state(a, 0, 0, 0, s0, 16), MXB_OK);
  double bad[16];
  memcpy(bad, g, sizeof bad);
  bad[1 * 4 + 2] = 3e-4;
  assert_int_equal(mxb_array_load_g(a, 0.0, 0, 0.2, bad), MXB_ERANGE);
  assert_msg_has(ctx, "row 1, col 2");
  assert_msg_has(ctx, "0.0003 S is outside");
  bad[1 * 4 + 2] = -1.0;
  bad[0] = 2e-6;
  assert_int_equal(mxb_array_load_g(a, 0.0, 0, 0.2, bad), MXB_ERANGE);
  assert_int_equal(mxb_array_cell_state(a, 0, 0, 0, s1, 16), MXB_OK);
  assert_memory_equal(s0, s1, sizeof s0);
  assert_int_equal(mxb_array_load_g(a, 0.0, 1, 0.2, g), MXB_EINDEX);
  assert_int_equal(mxb_array_load_g(a, 0.0, 0, 0.0, g), MXB_EINVAL);

  /* from a file in $mxb_dump_g's format; bad files name the line */
  char f[1024];
  tmp_path("g", f, sizeof f);
  FILE *o = fopen(f, "w");
  fprintf(o, "# mxbar conductance map (S)\n# 4 rows x 4 cols, one line per row\n");
  for (int r = 0; r < 4; r++)
    for (int c = 0; c < 4; c++) fprintf(o, "%.17g%c", g[15 - (r * 4 + c)], c < 3 ? ' ' : '\n');
  fclose(o);
  assert_int_equal(mxb_array_load_g_file(a, 1e-6, 0, 0.2, f), MXB_OK);
  assert_int_equal(mxb_array_conductance_map(a, 1e-6, 0, 0.2, back), MXB_OK);
  for (int i = 0; i < 16; i++) assert_close_rel(back[i], g[15 - i], 1e-12);
  o = fopen(f, "w");
  fprintf(o, "# x\n1e-6 1e-6 1e-6 1e-6\n1e-6 1e-6 1e-6\n");
  fclose(o);
  assert_int_equal(mxb_array_load_g_file(a, 1e-6, 0, 0.2, f), MXB_EPARSE);
  assert_msg_has(ctx, ":3: 3 values on a row");
  o = fopen(f, "w");
  fprintf(o, "1e-6 1e-6 1e-6 1e-6\n1e-6 abc 1e-6 1e-6\n");
  fclose(o);
  assert_int_equal(mxb_array_load_g_file(a, 1e-6, 0, 0.2, f), MXB_EPARSE);
  assert_msg_has(ctx, ":2: 'abc");
  o = fopen(f, "w");
  fprintf(o, "1e-6 1e-6 1e-6 1e-6\n");
  fclose(o);
  assert_int_equal(mxb_array_load_g_file(a, 1e-6, 0, 0.2, f), MXB_EPARSE);
  assert_msg_has(ctx, "1 rows, the array has 4");
  remove(f);
  mxb_array_free(a);

  /* 1S1R: a map read with the selector as it is loads back to that map */
  a = mxb_array_load(ctx, mxbt_card("ecm_1s1r_4x4.json", f, sizeof f), NULL);
  assert_non_null(a);
  double m0[16];
  for (int i = 0; i < 16; i++) g[i] = 3.0e-10 + 3e-11 * i; /* the reachable range is [2.98e-10, 8.51e-10] S */
  assert_int_equal(mxb_array_load_g(a, 0.0, 0, 0.7, g), MXB_OK);
  assert_int_equal(mxb_array_conductance_map(a, 0.0, 0, 0.7, m0), MXB_OK);
  for (int i = 0; i < 16; i++) assert_close_rel(m0[i], g[i], 1e-9);
  mxb_array_free(a);
  /* a class without a window state */
  a = mxb_array_load(ctx, "tests/cards/bind_2d_lin.json", NULL);
  assert_non_null(a);
  assert_int_equal(mxb_array_load_g(a, 0.0, 0, 0.2, g), MXB_EUNSUP);
  assert_msg_has(ctx, "linear_resistor");
  mxb_array_free(a);
  mxb_ctx_free(ctx);
}

/* ---- what the solver did */

static void test_solver_stats(void **st) {
  (void)st;
  mxb_ctx_t *ctx = mxb_ctx_new(3);
  mxb_solver_stats_t s;
  /* ideal wires, every line held: no network solve */
  mxb_array_t *a = mxb_array_load(ctx, "tests/cards/bind_2d_thr.json", NULL);
  assert_non_null(a);
  assert_int_equal(mxb_array_solver_stats(a, &s), MXB_OK);
  assert_true(s.op_solves == 0 && s.net_solves == 0 && s.last_path == MXB_PATH_NONE);
  double i;
  for (int r = 0; r < 4; r++) assert_int_equal(mxb_array_drive(a, 0.0, 0, r, 0.2, 0.0), MXB_OK);
  for (int c = 0; c < 4; c++) assert_int_equal(mxb_array_sense(a, 0.0, 1, c, 0.0), MXB_OK);
  assert_int_equal(mxb_array_sense_current(a, 1e-6, 1, 0, &i), MXB_OK);
  assert_int_equal(mxb_array_solver_stats(a, &s), MXB_OK);
  assert_true(s.op_solves >= 1 && s.op_fast + s.op_lean == s.op_solves);
  assert_true(s.net_solves == 0 && s.newton == 0 && s.factorisations == 0);
  assert_true(s.last_path == MXB_PATH_FAST || s.last_path == MXB_PATH_LEAN);
  assert_int_equal(s.advances, 1);
  mxb_array_free(a);

  /* wires: the network is solved; the iterative path, then KLU forced */
  char p[1024];
  a = mxb_array_load(ctx, mxbt_card("ecm_1s1r_4x4.json", p, sizeof p), NULL);
  assert_non_null(a);
  for (int c = 0; c < 4; c++) assert_int_equal(mxb_array_sense(a, 0.0, 1, c, 0.0), MXB_OK);
  assert_int_equal(mxb_array_drive(a, 0.0, 0, 0, 0.7, 0.0), MXB_OK);
  assert_int_equal(mxb_array_sense_current(a, 0.0, 1, 0, &i), MXB_OK);
  assert_int_equal(mxb_array_solver_stats(a, &s), MXB_OK);
  assert_int_equal(s.op_solves, 1);
  assert_int_equal(s.net_solves, 1);
  assert_int_equal(s.net_iterative + s.net_klu, 1);
  assert_true(s.newton >= 1 && s.last_newton == s.newton);
  assert_true(s.last_path == (s.net_klu ? MXB_PATH_KLU : MXB_PATH_ITERATIVE));
  if (s.net_iterative) assert_true(s.cg >= 1 && s.last_cg == s.cg);
  assert_true(s.solve_s >= 0.0 && s.advances == 0);
  /* a set pulse: the advance solves once per sub-step */
  assert_int_equal(mxb_array_drive(a, 0.0, 0, 0, 2.4, 0.0), MXB_OK);
  assert_int_equal(mxb_array_advance(a, 20e-6), MXB_OK);
  mxb_solver_stats_t s2;
  assert_int_equal(mxb_array_solver_stats(a, &s2), MXB_OK);
  assert_true(s2.net_solves > s.net_solves + 1);
  assert_true(s2.advances == 1 && s2.advance_s > 0.0 && s2.advance_s >= s2.solve_s - s.solve_s);
  assert_true(s2.newton > s.newton);
  /* reset, then KLU only */
  assert_int_equal(mxb_array_solver_stats_reset(a), MXB_OK);
  assert_int_equal(mxb_array_solver_stats(a, &s), MXB_OK);
  assert_true(s.op_solves == 0 && s.net_solves == 0 && s.newton == 0 && s.solve_s == 0.0 &&
              s.advances == 0);
  a->net.solver_mode = MXBI_SOLVER_KLU;
  assert_int_equal(mxb_array_drive(a, 21e-6, 0, 0, 0.7, 0.0), MXB_OK);
  assert_int_equal(mxb_array_sense_current(a, 21e-6, 1, 0, &i), MXB_OK);
  assert_int_equal(mxb_array_solver_stats(a, &s), MXB_OK);
  assert_true(s.net_klu >= 1 && s.net_iterative == 0 && s.last_path == MXB_PATH_KLU);
  assert_true(s.factorisations + s.refactorisations >= s.newton && s.newton >= 1);
  assert_true(s.factorisations >= 1); /* a fresh KLU workspace factorises in full */
  mxb_array_free(a);

  assert_string_equal(mxb_solve_path_name(MXB_PATH_ITERATIVE), "iterative");
  assert_string_equal(mxb_solve_path_name(MXB_PATH_KLU), "klu");
  assert_null(mxb_solve_path_name(5));
  assert_null(mxb_solve_path_name(-1));
  mxb_ctx_free(ctx);
}

/* ---- per-array seed: the "seed=N" override (array.h "Seeds") */

#define SEED_CARD "tests/cards/bind_2d_thr.json"
/* d2d spread of the set threshold and a seeded fault map on 8 x 8 cells */
#define SEED_OVR "rows=8,cols=8,cell.sigma_d2d=0.2,nonideal.faults=1,nonideal.fault_p_stuck_on=0.3"

static mxb_array_t *seed_load(mxb_ctx_t *ctx, const char *seed_item) {
  char ovr[256];
  snprintf(ovr, sizeof ovr, "%s%s%s", SEED_OVR, seed_item ? "," : "", seed_item ? seed_item : "");
  mxb_array_t *a = mxb_array_load(ctx, SEED_CARD, ovr);
  if (!a) print_error("%s\n", mxb_ctx_errmsg(ctx));
  assert_non_null(a);
  return a;
}

/* Every cell's drawn set threshold and fault kind. */
static void seed_draws(mxb_array_t *a, double *vset, int *kind) {
  for (int r = 0; r < 8; r++)
    for (int c = 0; c < 8; c++) {
      MXBT_OK(a, mxb_array_cell_state_value(a, 0, r, c, "v_set_dev", &vset[8 * r + c]));
      MXBT_OK(a, mxb_array_cell_fault(a, 0, r, c, &kind[8 * r + c]));
    }
}

/* Cells whose set thresholds differ between two draws. */
static int n_differ(const double *x, const double *y) {
  int n = 0;
  for (int i = 0; i < 64; i++) n += x[i] != y[i];
  return n;
}

static void test_seed_override(void **st) {
  (void)st;
  mxb_ctx_t *ctx = mxb_ctx_new(1), *other = mxb_ctx_new(99);
  double v0[64], v1[64], v2[64], v3[64], v4[64], v5[64];
  int k0[64], k1[64], k2[64], k3[64], k4[64], k5[64];
  mxb_array_t *a0 = seed_load(ctx, NULL);          /* the context's seed, 1 */
  mxb_array_t *a1 = seed_load(ctx, "seed=11");
  mxb_array_t *a2 = seed_load(ctx, "seed=12");
  mxb_array_t *a3 = seed_load(ctx, "seed=11");
  mxb_array_t *a4 = seed_load(ctx, "seed=1");      /* = the context's: same as a0 */
  mxb_array_t *a5 = seed_load(other, "seed=11");   /* another context's seed is ignored */
  assert_true(mxb_array_seed(a0) == 1 && mxb_array_seed(a1) == 11 &&
              mxb_array_seed(a2) == 12 && mxb_array_seed(a5) == 11);
  assert_true(mxb_ctx_seed(ctx) == 1); /* the context keeps its own */
  seed_draws(a0, v0, k0);
  seed_draws(a1, v1, k1);
  seed_draws(a2, v2, k2);
  seed_draws(a3, v3, k3);
  seed_draws(a4, v4, k4);
  seed_draws(a5, v5, k5);
  /* the same seed reproduces every draw, whatever the context */
  assert_memory_equal(v1, v3, sizeof v1);
  assert_memory_equal(k1, k3, sizeof k1);
  assert_memory_equal(v1, v5, sizeof v1);
  assert_memory_equal(k1, k5, sizeof k1);
  assert_memory_equal(v0, v4, sizeof v0);
  assert_memory_equal(k0, k4, sizeof k0);
  /* different seeds: independent draws, cell by cell */
  assert_int_equal(n_differ(v1, v2), 64);
  assert_int_equal(n_differ(v0, v1), 64);
  assert_true(memcmp(k1, k2, sizeof k1) != 0);
  int faulty1 = 0, faulty2 = 0;
  for (int i = 0; i < 64; i++) faulty1 += k1[i] != 0, faulty2 += k2[i] != 0;
  assert_true(faulty1 > 0 && faulty2 > 0);

  /* a checkpoint carries the seed: a2 restored from a1's file is seed 11 */
  char ck[512];
  tmp_path("seed", ck, sizeof ck);
  MXBT_OK(a1, mxb_array_save(a1, 0.0, ck));
  MXBT_OK(a2, mxb_array_restore(a2, ck));
  assert_true(mxb_array_seed(a2) == 11);
  seed_draws(a2, v2, k2);
  assert_memory_equal(v1, v2, sizeof v1);
  assert_memory_equal(k1, k2, sizeof k1);
  unlink(ck);

  /* bad seeds: named, nothing made */
  static const struct { const char *ovr; int code; const char *frag; } bad[] = {
      {"seed=-1", MXB_ERANGE, "override 'seed' = -1 is out of range [0, 9007199254740991]"},
      {"seed=1.5", MXB_ETYPE, "override 'seed' = 1.5 must be a whole number"},
      {"seed=9007199254740992", MXB_ERANGE, "out of range [0, 9007199254740991]"},
      {"seed=1e300", MXB_ERANGE, "override 'seed' = 1e+300"},
      {"seed=0x10", MXB_ETYPE, "value of 'seed' is not a decimal number"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    mxb_ctx_clear_error(ctx);
    assert_null(mxb_array_load(ctx, SEED_CARD, bad[i].ovr));
    if (mxb_ctx_errcode(ctx) != bad[i].code) print_error("%s: %s\n", bad[i].ovr, mxb_ctx_errmsg(ctx));
    assert_int_equal(mxb_ctx_errcode(ctx), bad[i].code);
    assert_msg_has(ctx, bad[i].frag);
    assert_msg_has(ctx, SEED_CARD);
  }
  /* the largest seed is taken as written */
  mxb_array_t *big = mxb_array_load(ctx, SEED_CARD, "seed=9007199254740991");
  assert_non_null(big);
  assert_true(mxb_array_seed(big) == 9007199254740991ull);
  mxb_array_free(big);
  /* mxb_array_new takes the context's seed */
  mxb_device_t *d = mxbt_dev(ctx, "threshold_memristor", "sigma_d2d", 0.2, NULL, 0);
  mxb_array_spec_t sp = {MXB_TOPO_2D, 1, 2, 2, 0.0, 0.0, d, NULL};
  mxb_array_t *an = mxb_array_new(other, &sp);
  assert_non_null(an);
  assert_true(mxb_array_seed(an) == 99);
  assert_true(mxb_array_seed(NULL) == 0);
  mxb_array_free(an);
  mxb_device_free(d);

  mxb_array_free(a0);
  mxb_array_free(a1);
  mxb_array_free(a2);
  mxb_array_free(a3);
  mxb_array_free(a4);
  mxb_array_free(a5);
  mxb_ctx_free(ctx);
  mxb_ctx_free(other);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_parts),
      cmocka_unit_test(test_memory_conductance),
      cmocka_unit_test(test_selector_state),
      cmocka_unit_test(test_device_init_state),
      cmocka_unit_test(test_ckpt_2d_nonideal),
      cmocka_unit_test(test_ckpt_1s1r_wires),
      cmocka_unit_test(test_ckpt_2d_wires_fault_after_open),
      cmocka_unit_test(test_ckpt_3d_caps),
      cmocka_unit_test(test_ckpt_errors),
      cmocka_unit_test(test_load_g),
      cmocka_unit_test(test_solver_stats),
      cmocka_unit_test(test_seed_override),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
