/* libFuzzer harness: call sequences on the C API. The input is a program:
 * its first bytes pick a small array (a shipped or test card, optionally
 * with non-idealities on) and a seed, then each operation byte is followed
 * by its arguments (indices mostly near the array's range, doubles from a
 * table of edge values or any bit pattern, times mostly a little after the
 * array's time). Every call must return MXB_OK or a status of the error
 * table with its message in the context; a read that succeeds must return
 * finite numbers; a call that fails must leave the array's time and energy
 * totals as they were (array.h "Errors": nothing already computed is lost).
 * Crashes, leaks and undefined behaviour are the sanitizers' findings.
 * Seeds: tests/fuzz/corpus/api. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const cards[] = {
    "@tests/cards/bind_2d_thr.json", "@tests/cards/bind_2d_lin.json", "ecm_1s1r_4x4.json",
    "cu_pmssq_3d_6x6x3.json",        "fmes_mxene_1x1.json",           "otj_sto_5x5.json",
    "@tests/cards/stack3d_1s1r.json", "cu_pmssq_1x1.json"};

/* Overrides: none, small, wires, and the non-idealities. */
static const char *const ovrs[] = {
    "",
    "rows=2,cols=3",
    "r_wire_row=0,r_wire_col=0",
    "r_wire_row=10,r_wire_col=1",
    "nonideal.read_noise=1,nonideal.rtn=1,nonideal.rtn_traps=2",
    "nonideal.drift=1,nonideal.retention=1",
    ("nonideal.faults=1,nonideal.fault_p_stuck_on=0.2,nonideal.fault_p_short=0.1,"
     "nonideal.fault_p_open=0.1"),
    "nonideal.wear=1,nonideal.wear_n50=3,nonideal.rtn=1,nonideal.read_noise=1"};

static const char *const ni_keys[] = {"temp", "read_noise", "rtn_traps", "g_short",
                                      "wear_n50", "no_such_key", ""};

enum {
  OP_SET_END, OP_DRIVE, OP_SENSE, OP_FLOAT, OP_ADVANCE, OP_END_I, OP_SENSE_I, OP_NODE_V,
  OP_CELL_V, OP_CELL_I, OP_CELL_G, OP_GMAP, OP_STATE, OP_SET_STATE, OP_ENERGY, OP_FAULT,
  OP_CELL_FAULT, OP_FAULT_MAP, OP_TEMP, OP_READ_BW, OP_NI_GET, OP_HOLD, OP_EXPORT, NOPS
};

/* A time: mostly the array's own or a little after it (a switching drive
 * held for a long time legitimately takes up to the advance's sub-step
 * budget, which would only slow the fuzzer down), sometimes any double
 * (before the array's time, NaN, infinite: the error paths). */
static double fuzz_time(fuzz_in_t *in, double t) {
  uint8_t b = fuzz_u8(in);
  if (b < 64) return t;
  if (b < 224) return t + pow(10.0, -(double)(b % 10) - 6.0); /* 1 us .. 1e-15 s */
  if (b < 240) return t + pow(10.0, -(double)(b % 3) - 3.0);  /* 1 ms .. 10 us */
  double x = fuzz_double(in);
  if (x > t && isfinite(x)) return t + fmin(x - t, 1e-3);
  return x;
}

#define CALL(expr) fuzz_check_rc(ctx, (rc = (expr)), #expr)

/* finite outputs of a call that succeeded */
static void need_finite(int rc, const char *what, const double *x, size_t n) {
  if (rc != MXB_OK) return;
  for (size_t i = 0; i < n; i++)
    if (!isfinite(x[i]))
      fuzz_fail("%s returned MXB_OK with value %zu = %g (argument doubles %g %g)", what, i, x[i],
                fuzz_nd > 0 ? fuzz_dlog[0] : NAN, fuzz_nd > 1 ? fuzz_dlog[1] : NAN);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 4096) return 0;
  fuzz_in_t in = {data, size};
  /* MXB_FUZZ_TRACE=1: print every operation (to read a finding) */
  static int trace = -1;
  if (trace < 0) trace = getenv("MXB_FUZZ_TRACE") != NULL;
  uint8_t b0 = fuzz_u8(&in), b1 = fuzz_u8(&in);
  const char *card = cards[b0 % (sizeof cards / sizeof cards[0])];
  const char *ovr = ovrs[(b0 / 8) % (sizeof ovrs / sizeof ovrs[0])];
  /* three programs in four on a 2 x 2 cut of the card (fast), the rest at
   * the card's size */
  char ovr2[512];
  snprintf(ovr2, sizeof ovr2, "%s%s%s", b0 < 192 ? "rows=2,cols=2" : "",
           b0 < 192 && ovr[0] && strncmp(ovr, "rows", 4) ? "," : "",
           b0 < 192 && !strncmp(ovr, "rows", 4) ? "" : ovr);
  ovr = ovr2;
  char path[1024];
  if (card[0] == '@') snprintf(path, sizeof path, "%s/%s", MXB_ROOT, card + 1);
  else snprintf(path, sizeof path, "%s/%s", mxb_card_dir(), card);
  mxb_ctx_t *ctx = mxb_ctx_new(b1);
  if (!ctx) fuzz_fail("mxb_ctx_new");
  mxb_array_t *a = mxb_array_load(ctx, path, ovr);
  if (trace) fprintf(stderr, "card %s overrides '%s' seed %u\n", path, ovr, b1);
  if (!a) {
    /* some overrides do not apply to every card (a 3d card resized to 2 rows
     * is fine, a nonideal key on any array card is fine): still a status */
    fuzz_check_rc(ctx, mxb_ctx_errcode(ctx), "mxb_array_load");
    mxb_ctx_free(ctx);
    return 0;
  }
  mxb_topology_t topo;
  int L, R, C;
  mxb_array_shape(a, &topo, &L, &R, &C);
  char tmp[640];
  snprintf(tmp, sizeof tmp, "%s/fuzz_api.out", fuzz_card_dir());

  for (int step = 0; step < 48 && in.n; step++) {
    int op = fuzz_u8(&in) % NOPS, rc = MXB_OK;
    double t0 = mxb_array_time(a), es0, ec0, x[8];
    if (mxb_array_energy(a, t0, &es0, &ec0) != MXB_OK)
      fuzz_fail("energy read at the array's own time failed: %s", mxb_ctx_errmsg(ctx));
    double t = fuzz_time(&in, t0);
    int p = fuzz_int(&in), l = fuzz_int(&in), k = fuzz_int(&in);
    mxb_ctx_clear_error(ctx);
    fuzz_nd = 0;
    switch (op) {
    case OP_SET_END: {
      int end = fuzz_int(&in), kind = fuzz_int(&in);
      double v = fuzz_double(&in), r = fuzz_double(&in);
      CALL(mxb_array_set_end(a, t, p, l, (mxb_line_end_t)end, (mxb_term_kind_t)kind, v, r));
      break;
    }
    case OP_DRIVE: {
      double v = fuzz_double(&in), r = fuzz_double(&in);
      CALL(mxb_array_drive(a, t, p, l, v, r));
      break;
    }
    case OP_SENSE: CALL(mxb_array_sense(a, t, p, l, fuzz_double(&in))); break;
    case OP_FLOAT: CALL(mxb_array_float(a, t, p, l)); break;
    case OP_ADVANCE: CALL(mxb_array_advance(a, t)); break;
    case OP_END_I:
      CALL(mxb_array_end_current(a, t, p, l, (mxb_line_end_t)k, x));
      need_finite(rc, "mxb_array_end_current", x, 1);
      break;
    case OP_SENSE_I:
      CALL(mxb_array_sense_current(a, t, p, l, x));
      need_finite(rc, "mxb_array_sense_current", x, 1);
      break;
    case OP_NODE_V:
      CALL(mxb_array_node_voltage(a, t, p, l, k, x));
      need_finite(rc, "mxb_array_node_voltage", x, 1);
      break;
    case OP_CELL_V:
      CALL(mxb_array_cell_voltages(a, t, p, l, k, x, x + 1, x + 2));
      need_finite(rc, "mxb_array_cell_voltages", x, 2);
      break;
    case OP_CELL_I:
      CALL(mxb_array_cell_current(a, t, p, l, k, x));
      need_finite(rc, "mxb_array_cell_current", x, 1);
      break;
    case OP_CELL_G:
      CALL(mxb_array_cell_conductance(a, t, p, l, k, fuzz_double(&in), x));
      need_finite(rc, "mxb_array_cell_conductance", x, 1);
      break;
    case OP_GMAP: {
      double *g = malloc((size_t)R * (size_t)C * sizeof *g);
      if (!g) break;
      CALL(mxb_array_conductance_map(a, t, p, fuzz_double(&in), g));
      need_finite(rc, "mxb_array_conductance_map", g, rc == MXB_OK ? (size_t)R * C : 0);
      free(g);
      break;
    }
    case OP_STATE: {
      double s[16];
      CALL(mxb_array_cell_state(a, p, l, k, s, fuzz_u8(&in) % 17));
      break;
    }
    case OP_SET_STATE: {
      double s[16];
      size_t n = fuzz_u8(&in) % 17;
      for (size_t i = 0; i < n; i++) s[i] = fuzz_double(&in);
      CALL(mxb_array_set_cell_state(a, p, l, k, s, n));
      break;
    }
    case OP_ENERGY:
      CALL(mxb_array_energy(a, t, x, x + 1));
      need_finite(rc, "mxb_array_energy", x, 2);
      break;
    case OP_FAULT: CALL(mxb_array_fault(a, t, p, l, k, fuzz_int(&in))); break;
    case OP_CELL_FAULT: {
      int kind;
      CALL(mxb_array_cell_fault(a, p, l, k, &kind));
      if (rc == MXB_OK && !mxb_fault_name(kind)) fuzz_fail("cell fault kind %d", kind);
      break;
    }
    case OP_FAULT_MAP: {
      size_t n = (size_t)L * R * C;
      int *kinds = malloc(n * sizeof *kinds);
      if (!kinds) break;
      CALL(mxb_array_fault_map(a, t, kinds, n));
      free(kinds);
      break;
    }
    case OP_TEMP: CALL(mxb_array_set_temp(a, t, fuzz_double(&in))); break;
    case OP_READ_BW: CALL(mxb_array_set_read_bw(a, t, fuzz_double(&in))); break;
    case OP_NI_GET: {
      const char *key = ni_keys[(unsigned)k % (sizeof ni_keys / sizeof ni_keys[0])];
      CALL(mxb_array_nonideal_get(a, key, x));
      need_finite(rc, "mxb_array_nonideal_get", x, 1);
      break;
    }
    case OP_HOLD: {
      /* every line floating, then a hold of any length (nothing can switch,
       * so even 1e300 s is one step or a short capacitor transient) */
      int P = L + 1;
      for (int q = 0; q < P && rc == MXB_OK; q++)
        for (int n = 0; n < mxb_array_plane_lines(a, q) && rc == MXB_OK; n++)
          CALL(mxb_array_float(a, t0, q, n));
      double d = fuzz_double(&in);
      if (rc == MXB_OK) CALL(mxb_array_advance(a, t0 + fabs(d)));
      break;
    }
    case OP_EXPORT:
      if (k & 1) CALL(mxb_array_export_spice(a, t, tmp));
      else CALL(mxb_array_write_fault_map(a, t, tmp));
      break;
    }
    if (trace) {
      fprintf(stderr, "op %d t %.17g p %d l %d k %d", op, t, p, l, k);
      for (int j = 0; j < fuzz_nd; j++) fprintf(stderr, " d%d %.17g", j, fuzz_dlog[j]);
      fprintf(stderr, " -> %s %s\n", mxb_errname(rc), rc ? mxb_ctx_errmsg(ctx) : "");
    }
    if (rc != MXB_OK) {
      double es1, ec1;
      if (mxb_array_time(a) != t0)
        fuzz_fail("op %d failed (%s) but moved the time from %.17g to %.17g s", op,
                  mxb_ctx_errmsg(ctx), t0, mxb_array_time(a));
      if (mxb_array_energy(a, t0, &es1, &ec1) != MXB_OK ||
          !(es1 == es0 || (isnan(es1) && isnan(es0))) ||
          !(ec1 == ec0 || (isnan(ec1) && isnan(ec0))))
        fuzz_fail("op %d failed (%s) but changed the energy totals", op, mxb_ctx_errmsg(ctx));
    }
  }
  mxb_array_free(a);
  mxb_ctx_free(ctx);
  return 0;
}
