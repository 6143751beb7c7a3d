/* Binding benchmark, C side: the cost of one read of a line current of a
 * 64x64 array called directly on libmxb, and through the shared binding layer
 * (handle lookup and checks, as every $mxb_read does), at a fixed time stamp.
 * Prints "c_direct_ns <x>" and "c_bind_ns <x>" for vpi/bench_bind.sh.
 *   mxb_bind_bench <card> <overrides> <n>
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "mxb/mxb.h"
#include "mxb_bind.h"

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void quiet(const char *text) { (void)text; }

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: %s card overrides n\n", argv[0]);
    return 2;
  }
  long n = atol(argv[3]);
  mxb_ctx_t *ctx = mxb_ctx_new(1);
  mxb_array_t *a = mxb_array_load(ctx, argv[1], argv[2]);
  if (!a) {
    fprintf(stderr, "%s\n", mxb_ctx_errmsg(ctx));
    return 1;
  }
  int rows = mxb_array_plane_lines(a, 0), cols = mxb_array_plane_lines(a, 1);
  for (int r = 0; r < rows; r++) mxb_array_drive(a, 1e-9, 0, r, r == 0 ? 0.2 : 0.0, 0.0);
  for (int c = 0; c < cols; c++) mxb_array_sense(a, 1e-9, 1, c, 0.0);
  double acc = 0.0, x = 0.0, t0 = now_s();
  for (long k = 0; k < n; k++) {
    if (mxb_array_sense_current(a, 1e-9, 1, (int)(k % cols), &x) != MXB_OK) return 1;
    acc += x;
  }
  double direct = (now_s() - t0) / (double)n * 1e9;
  mxb_array_free(a);
  mxb_ctx_free(ctx);

  mxb_bind_hooks_t hooks = {quiet, NULL, NULL};
  mxb_bind_init(&hooks);
  mxb_bind_site_t s = {"bench", 0, "$mxb_read"};
  int h = mxb_bind_open(&s, argv[1], argv[2]);
  if (!h) return 1;
  for (int r = 0; r < rows; r++) mxb_bind_drive(&s, 1e-9, h, 0, r, r == 0 ? 0.2 : 0.0);
  for (int c = 0; c < cols; c++) mxb_bind_sense(&s, 1e-9, h, 1, c, 0.0);
  t0 = now_s();
  for (long k = 0; k < n; k++) acc += mxb_bind_read(&s, 1e-9, h, 1, (int)(k % cols));
  double bind = (now_s() - t0) / (double)n * 1e9;
  mxb_bind_close_all();
  printf("checksum %g\nc_direct_ns %.1f\nc_bind_ns %.1f\n", acc, direct, bind);
  return mxb_bind_error_count() != 0;
}
