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

#endif
