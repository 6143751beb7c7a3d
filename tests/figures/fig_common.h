/* mxbar figure programs: what every tests/figures/fig_*.c needs besides its
 * protocol header (the data files go into the working directory). */
#ifndef FIG_COMMON_H
#define FIG_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <mxb/mxb.h>

/* Open a data file for writing, or stop the program naming it. */
static inline FILE *open_out(const char *name) {
  FILE *f = fopen(name, "w");
  if (!f) {
    perror(name);
    exit(1);
  }
  return f;
}

/* Stop the program after a failed libmxb call, with the context's message. */
static inline void fig_die(const char *prog, mxb_ctx_t *ctx, int rc) {
  fprintf(stderr, "%s: %s: %s\n", prog, mxb_strerror(rc), mxb_ctx_errmsg(ctx));
  exit(1);
}

#endif
