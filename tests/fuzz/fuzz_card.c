/* libFuzzer harness: the card loader. The input is the text of a card file,
 * written into a folder that links every shipped card (so sub-cards named
 * by file resolve) and loaded as every kind it could be: mxb_card_kind,
 * mxb_device_load (device cards), mxb_array_load (array cards, whose cell is
 * a device or a cell_1s1r card, inline or by file). Every call must return a
 * status with a message or an object; an array that loads is driven, read
 * and freed. Seeds: tests/fuzz/corpus/card (the shipped cards and inline
 * variants); dictionary tests/fuzz/card.dict. */
#include <cjson/cJSON.h>
#include "fuzz_common.h"

static char path[600];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  snprintf(path, sizeof path, "%s/fuzz_card.json", fuzz_card_dir());
  return 0;
}

/* Cells the card asks for (layers x rows x cols), or 0 when it does not say
 * in numbers (the loader reports that). */
static double cells_asked(const uint8_t *data, size_t size) {
  cJSON *root = cJSON_ParseWithLength((const char *)data, size);
  double n = 0;
  if (cJSON_IsObject(root)) {
    const char *keys[] = {"layers", "rows", "cols"};
    n = 1;
    for (int k = 0; k < 3; k++) {
      const cJSON *it = cJSON_GetObjectItemCaseSensitive(root, keys[k]);
      if (cJSON_IsNumber(it) && it->valuedouble > 1) n *= fmin(it->valuedouble, 1e9);
    }
  }
  cJSON_Delete(root);
  return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 65536) return 0; /* cards are small; the loader's own limit is 4 MB */
  if (cells_asked(data, size) > FUZZ_MAX_CELLS) return 0;
  fuzz_write(path, data, size);
  mxb_ctx_t *ctx = mxb_ctx_new(1);
  if (!ctx) fuzz_fail("mxb_ctx_new");

  char kind[32];
  fuzz_check_rc(ctx, mxb_card_kind(ctx, path, kind, sizeof kind), "mxb_card_kind");

  mxb_device_t *d = mxb_device_load(ctx, path, NULL);
  if (!d) fuzz_check_rc(ctx, mxb_ctx_errcode(ctx), "mxb_device_load");
  mxb_device_free(d);

  mxb_ctx_clear_error(ctx);
  mxb_array_t *a = mxb_array_load(ctx, path, NULL);
  if (!a) {
    int rc = mxb_ctx_errcode(ctx);
    if (rc == MXB_OK) fuzz_fail("mxb_array_load returned NULL without an error");
    fuzz_check_rc(ctx, rc, "mxb_array_load");
  } else {
    /* a read of cell (0, 0, 0) at 0.1 V with word line 0 driven and bit
     * line 0 sensed: solving whatever network the card made */
    double x;
    fuzz_check_rc(ctx, mxb_array_drive(a, 0, 0, 0, 0.1, 0), "mxb_array_drive");
    fuzz_check_rc(ctx, mxb_array_sense(a, 0, 1, 0, 0), "mxb_array_sense");
    fuzz_check_rc(ctx, mxb_array_sense_current(a, 1e-9, 1, 0, &x), "mxb_array_sense_current");
    fuzz_check_rc(ctx, mxb_array_cell_conductance(a, 1e-9, 0, 0, 0, 0.1, &x),
                  "mxb_array_cell_conductance");
    mxb_array_free(a);
  }
  mxb_ctx_free(ctx);
  return 0;
}
