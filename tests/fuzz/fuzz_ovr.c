/* libFuzzer harness: the override parser. The first input byte picks a
 * card, the rest (to the first NUL) is the override text. The parser alone
 * (mxbi_ovr_parse) must either give items whose keys are names and whose
 * values are finite numbers, or fail with an empty list and a message; then
 * the text is applied to the card through the public loader
 * (mxb_array_load or mxb_device_load), which must return an object or a
 * status with a message. Seeds: tests/fuzz/corpus/ovr; dictionary
 * tests/fuzz/ovr.dict. */
#include "fuzz_common.h"
#include "mxb_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Array cards (shipped, or test cards of tests/cards) and device cards. */
static const char *const cards[] = {
    "ecm_1s1r_4x4.json",       "cu_pmssq_3d_6x6x3.json", "otj_sto_5x5.json",
    "fmes_mxene_1x1.json",     "cu_pmssq_1x1.json",      "@tests/cards/bind_2d_thr.json",
    "@tests/cards/stack3d_1s1r.json", "threshold_memristor.json", "ecm_memory.json",
    "ecm_selector.json",       "linear_resistor.json",   "cu_pmssq.json",
    "otj_sto.json",            "fmes_mxene.json"};

static int is_key_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '_' || c == '.';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1 || size > 4096) return 0;
  const char *card = cards[data[0] % (sizeof cards / sizeof cards[0])];
  char *text = malloc(size);
  if (!text) return 0;
  memcpy(text, data + 1, size - 1);
  text[size - 1] = '\0';
  mxb_ctx_t *ctx = mxb_ctx_new(1);
  if (!ctx) fuzz_fail("mxb_ctx_new");

  /* the parser alone */
  mxbi_ovr_t o;
  int rc = mxbi_ovr_parse(ctx, text, &o);
  /* the largest array the override can make: each dimension it does not
   * set is at most the cards' (6 x 6 x 3) */
  double dim[3] = {6, 6, 3};
  if (rc == MXB_OK) {
    for (size_t i = 0; i < o.n; i++) {
      const char *k = o.item[i].key;
      if (!k[0]) fuzz_fail("override item %zu has an empty key", i);
      for (const char *c = k; *c; c++)
        if (!is_key_char(*c)) fuzz_fail("override key '%s' has '%c'", k, *c);
      if (!isfinite(o.item[i].value)) fuzz_fail("override '%s' has a non-finite value", k);
      static const char *const dk[3] = {"rows", "cols", "layers"};
      for (int j = 0; j < 3; j++)
        if (!strcmp(k, dk[j])) dim[j] = fmax(1.0, fmin(o.item[i].value, 1e9));
    }
    mxbi_ovr_free(&o);
  } else {
    fuzz_check_rc(ctx, rc, "mxbi_ovr_parse");
    if (o.n || o.item) fuzz_fail("mxbi_ovr_parse failed but left %zu items", o.n);
  }

  /* applied to a card, unless it would ask for a huge array */
  if (dim[0] * dim[1] * dim[2] <= FUZZ_MAX_CELLS) {
    char path[1024];
    if (card[0] == '@') snprintf(path, sizeof path, "%s/%s", MXB_ROOT, card + 1);
    else snprintf(path, sizeof path, "%s/%s", mxb_card_dir(), card);
    mxb_ctx_clear_error(ctx);
    char kind[32] = "";
    fuzz_check_rc(ctx, mxb_card_kind(ctx, path, kind, sizeof kind), "mxb_card_kind");
    if (strcmp(kind, "array") == 0) {
      mxb_array_t *a = mxb_array_load(ctx, path, text);
      if (!a) fuzz_check_rc(ctx, mxb_ctx_errcode(ctx), "mxb_array_load");
      if (!a && mxb_ctx_errcode(ctx) == MXB_OK) fuzz_fail("mxb_array_load: NULL, no error");
      mxb_array_free(a);
    } else {
      mxb_device_t *d = mxb_device_load(ctx, path, text);
      if (!d) fuzz_check_rc(ctx, mxb_ctx_errcode(ctx), "mxb_device_load");
      if (!d && mxb_ctx_errcode(ctx) == MXB_OK) fuzz_fail("mxb_device_load: NULL, no error");
      mxb_device_free(d);
    }
  }
  mxb_ctx_free(ctx);
  free(text);
  return 0;
}
