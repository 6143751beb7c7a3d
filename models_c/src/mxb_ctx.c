/* mxbar: the context (seed and last error), and the library's version. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mxb_internal.h"

struct mxb_ctx_s {
  uint64_t seed;
  int errcode;
  char errmsg[MXB_ERRMSG_MAX];
  char card_root[MXB_PATH_MAX]; /* card lookup (card.h "Finding a card"); "" none */
};

mxb_ctx_t *mxb_ctx_new(uint64_t seed) {
  mxb_ctx_t *ctx = calloc(1, sizeof *ctx);
  if (ctx) ctx->seed = seed;
  return ctx;
}

void mxb_ctx_free(mxb_ctx_t *ctx) { free(ctx); }

const char *mxb_version(void) { return MXB_VERSION_STRING; }

uint64_t mxb_ctx_seed(const mxb_ctx_t *ctx) { return ctx ? ctx->seed : 0; }

int mxb_ctx_set_card_root(mxb_ctx_t *ctx, const char *dir) {
  if (!ctx) return MXB_EINVAL;
  if (!dir) dir = "";
  size_t n = strlen(dir);
  if (n >= sizeof ctx->card_root)
    return mxbi_error(ctx, MXB_ERANGE, "mxb_ctx_set_card_root: folder name of %zu characters "
                      "exceeds %d: '%.60s...'", n, MXB_PATH_MAX - 1, dir);
  memcpy(ctx->card_root, dir, n + 1);
  return MXB_OK;
}

const char *mxb_ctx_card_root(const mxb_ctx_t *ctx) { return ctx ? ctx->card_root : ""; }

const char *mxb_ctx_errmsg(const mxb_ctx_t *ctx) {
  return ctx ? ctx->errmsg : "no context";
}

int mxb_ctx_errcode(const mxb_ctx_t *ctx) { return ctx ? ctx->errcode : MXB_EINVAL; }

void mxb_ctx_clear_error(mxb_ctx_t *ctx) {
  if (!ctx) return;
  ctx->errcode = MXB_OK;
  ctx->errmsg[0] = '\0';
}

int mxbi_error(mxb_ctx_t *ctx, int code, const char *fmt, ...) {
  if (!ctx) return code;
  ctx->errcode = code;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(ctx->errmsg, sizeof ctx->errmsg, fmt, ap);
  va_end(ap);
  return code;
}

int mxbi_error_where(mxb_ctx_t *ctx, const char *where) {
  if (!ctx) return MXB_EINVAL;
  size_t cap = sizeof ctx->errmsg - 1, lw = strlen(where) + 2;
  if (lw > cap) lw = cap;
  size_t lo = strlen(ctx->errmsg);
  if (lo > cap - lw) lo = cap - lw; /* the tail of a long message is cut */
  memmove(ctx->errmsg + lw, ctx->errmsg, lo);
  ctx->errmsg[lw + lo] = '\0';
  memcpy(ctx->errmsg, where, lw - 2);
  ctx->errmsg[lw - 2] = ':';
  ctx->errmsg[lw - 1] = ' ';
  return ctx->errcode;
}
