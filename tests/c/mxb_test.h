/* mxbar tests: shared helpers for the cmocka suites. */
#ifndef MXB_TEST_H
#define MXB_TEST_H

#define _DEFAULT_SOURCE /* mkstemps */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "mxb/mxb.h"

/* Write text to a fresh temporary file named like "<tag>-XXXXXX.json" in
 * TMPDIR (or /tmp) and return its path in buf. */
static inline const char *mxbt_write_temp(const char *tag, const char *text,
                                          char *buf, size_t n) {
  const char *dir = getenv("TMPDIR");
  snprintf(buf, n, "%s/mxbt-%s-XXXXXX.json", dir && *dir ? dir : "/tmp", tag);
  int fd = mkstemps(buf, 5);
  assert_true(fd >= 0);
  size_t len = strlen(text);
  assert_int_equal(write(fd, text, len), (ssize_t)len);
  close(fd);
  return buf;
}

/* Path of a shipped card: models_c/cards/<name>. */
static inline const char *mxbt_card(const char *name, char *buf, size_t n) {
  snprintf(buf, n, "%s/%s", mxb_card_dir(), name);
  return buf;
}

/* |a - b| <= rel * max(|a|, |b|) */
#define assert_close_rel(a, b, rel)                                            \
  do {                                                                         \
    double a_ = (a), b_ = (b);                                                 \
    double m_ = fabs(a_) > fabs(b_) ? fabs(a_) : fabs(b_);                     \
    if (!(fabs(a_ - b_) <= (rel) * m_)) {                                      \
      print_error("%s = %.12g vs %s = %.12g: relative difference %.3g > %g\n", \
                  #a, a_, #b, b_, m_ > 0 ? fabs(a_ - b_) / m_ : 0.0,           \
                  (double)(rel));                                              \
      fail();                                                                  \
    }                                                                          \
  } while (0)

/* The context's message must contain every one of the given fragments. */
#define assert_msg_has(ctx, frag)                                              \
  do {                                                                         \
    const char *m_ = mxb_ctx_errmsg(ctx);                                      \
    if (!strstr(m_, (frag))) {                                                 \
      print_error("message \"%s\" lacks \"%s\"\n", m_, (frag));                \
      fail();                                                                  \
    }                                                                          \
  } while (0)

/* A device of class cls with up to two parameters set (k = NULL: unset). */
static inline mxb_device_t *mxbt_dev(mxb_ctx_t *ctx, const char *cls,
                                     const char *k1, double v1,
                                     const char *k2, double v2) {
  mxb_device_t *d = mxb_device_new(ctx, cls);
  assert_non_null(d);
  if (k1) assert_int_equal(mxb_device_set(ctx, d, k1, v1), MXB_OK);
  if (k2) assert_int_equal(mxb_device_set(ctx, d, k2, v2), MXB_OK);
  return d;
}

/* An array call that must succeed; prints the array's error message if not. */
#define MXBT_OK(a, call)                                                       \
  do {                                                                         \
    int rc_ = (call);                                                          \
    if (rc_) print_error("%s\n", mxb_ctx_errmsg(mxb_array_ctx(a)));           \
    assert_int_equal(rc_, MXB_OK);                                             \
  } while (0)

#endif
