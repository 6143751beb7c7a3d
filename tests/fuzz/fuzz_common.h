/* mxbar fuzzing: helpers shared by the libFuzzer harnesses of tests/fuzz
 * (make fuzz; docs/robustness.md). Each harness is built with
 * clang -fsanitize=fuzzer,address,undefined against a libmxb compiled the
 * same way, so a crash, a leak, an out-of-bounds access or any undefined
 * behaviour stops the run with the input that caused it. A broken contract
 * (a status outside the error table, a failure without a message, a failed
 * call that changed the array) is reported the same way, through
 * fuzz_fail(). */
#ifndef MXB_FUZZ_COMMON_H
#define MXB_FUZZ_COMMON_H

#define _DEFAULT_SOURCE /* mkdtemp */

#include <dirent.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "mxb/mxb.h"

#ifndef MXB_ROOT
#define MXB_ROOT "."
#endif

/* Largest array (cells) a harness lets the library build: a card or an
 * override may legitimately ask for 2^28 cells (gigabytes); that is a
 * resource choice of the user, not a bug, and would only trip the fuzzer's
 * memory limit. */
#define FUZZ_MAX_CELLS 4096

/* Report a broken contract as a crash (libFuzzer saves the input). */
static void fuzz_fail(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
static void fuzz_fail(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("FUZZ CONTRACT: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  abort();
}

/* A status must be MXB_OK or a code of the error table; a failure must have
 * left its code and a message in the context. */
static inline void fuzz_check_rc(mxb_ctx_t *ctx, int rc, const char *call) {
  if (rc == MXB_OK) return;
  if (rc > 0 || strcmp(mxb_errname(rc), "MXB_E?") == 0)
    fuzz_fail("%s returned %d, not a status of the error table", call, rc);
  if (mxb_ctx_errcode(ctx) != rc)
    fuzz_fail("%s returned %s but the context holds %s (%s)", call, mxb_errname(rc),
              mxb_errname(mxb_ctx_errcode(ctx)), mxb_ctx_errmsg(ctx));
  if (!mxb_ctx_errmsg(ctx)[0]) fuzz_fail("%s returned %s without a message", call, mxb_errname(rc));
}

/* A folder of its own holding a link to every shipped card, so that a card
 * written there can name its sub-cards ("cell": "ecm_1s1r.json") as a card
 * in models_c/cards does. Made once per process; returns its path. */
static inline const char *fuzz_card_dir(void) {
  static char dir[512];
  if (dir[0]) return dir;
  const char *tmp = getenv("TMPDIR");
  snprintf(dir, sizeof dir, "%s/mxb-fuzz-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp(dir)) fuzz_fail("cannot make a folder under %s", dir);
  DIR *d = opendir(mxb_card_dir());
  if (!d) fuzz_fail("cannot list the shipped cards in %s", mxb_card_dir());
  struct dirent *e;
  char src[1024], dst[1024];
  while ((e = readdir(d))) {
    size_t n = strlen(e->d_name);
    int csv = n > 4 && strcmp(e->d_name + n - 4, ".csv") == 0; /* iv_table's tables */
    if (!csv && (n < 6 || strcmp(e->d_name + n - 5, ".json") != 0)) continue;
    snprintf(src, sizeof src, "%s/%s", mxb_card_dir(), e->d_name);
    snprintf(dst, sizeof dst, "%s/%s", dir, e->d_name);
    if (symlink(src, dst) != 0) fuzz_fail("cannot link %s", dst);
  }
  closedir(d);
  return dir;
}

/* Write size bytes to path (the card under test). */
static inline void fuzz_write(const char *path, const uint8_t *data, size_t size) {
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
    fuzz_fail("cannot write %s", path);
}

/* ---- reading arguments from the input: a cursor that yields zeros when
 * the input is used up, so every input is a complete program. */
typedef struct {
  const uint8_t *p;
  size_t n;
} fuzz_in_t;

static inline uint8_t fuzz_u8(fuzz_in_t *in) {
  if (!in->n) return 0;
  in->n--;
  return *in->p++;
}

static inline uint64_t fuzz_u64(fuzz_in_t *in) {
  uint64_t x = 0;
  for (int k = 0; k < 8; k++) x = x << 8 | fuzz_u8(in);
  return x;
}

/* An index: mostly small (in and just out of range), sometimes any int. */
static inline int fuzz_int(fuzz_in_t *in) {
  uint8_t b = fuzz_u8(in);
  if (b == 0xFF) return (int)(int32_t)(uint32_t)fuzz_u64(in);
  return (int)(b % 12) - 2; /* -2 .. 9 */
}

/* The doubles drawn for the present operation (for the trace). */
static double fuzz_dlog[8];
static int fuzz_nd;

static inline double fuzz_double_raw(fuzz_in_t *in);
static inline double fuzz_double(fuzz_in_t *in) {
  double x = fuzz_double_raw(in);
  if (fuzz_nd < 8) fuzz_dlog[fuzz_nd++] = x;
  return x;
}

/* A double: one of the values where code paths change (zero, signs,
 * thresholds, limits, beyond limits, non-finite), or any bit pattern. */
static inline double fuzz_double_raw(fuzz_in_t *in) {
  static const double v[] = {
      0.0, -0.0, 1.0, -1.0, 0.1, -0.1, 0.5, 0.7, 1.2, 1.5, 2.0, 2.5, 3.0, -2.0, -2.5, -3.0,
      0.35, 0.45, 1e-3, 1e-6, 1e-9, 1e-12, 1e3, 1e6, 1e9, 1e12, 1e13, 1e-15,
      100.0, -100.0, 100.00000000000001, -100.00000000000001, 1.0000000000000002, 1e300,
      -1e300, 5e-324, 1.7976931348623157e308, 3.16e6, -1e6, 300.0, 1000.0, 0.25, 4.0};
  uint8_t b = fuzz_u8(in);
  size_t nv = sizeof v / sizeof v[0];
  if (b < nv) return v[b];
  if (b == 0xF0) return NAN;
  if (b == 0xF1) return INFINITY;
  if (b == 0xF2) return -INFINITY;
  if (b >= 0xF3) {
    uint64_t u = fuzz_u64(in);
    double x;
    memcpy(&x, &u, sizeof x);
    return x;
  }
  return (double)(int)(b - nv) * 0.05 - 2.0; /* a grid of volts and the like */
}

#endif
