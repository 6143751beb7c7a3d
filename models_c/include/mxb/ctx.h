/* mxbar: the context. It owns the seed of every random stream and the last
 * detailed error message; every other object is created within one context.
 * A context is not thread-safe; use one per thread. */
#ifndef MXB_CTX_H
#define MXB_CTX_H

#include <stdint.h>
#include "conf.h"

typedef struct mxb_ctx_s mxb_ctx_t;

/* New context with the given seed. Returns NULL only when out of memory.
 * Free with mxb_ctx_free. */
MXB_API mxb_ctx_t *mxb_ctx_new(uint64_t seed);

/* Free a context (NULL is allowed). Objects created in it must be freed first. */
MXB_API void mxb_ctx_free(mxb_ctx_t *ctx);

/* The seed of every random stream drawn in this context. */
MXB_API uint64_t mxb_ctx_seed(const mxb_ctx_t *ctx);

/* The card root: a folder searched for a card after the referring card's
 * own folder and before MXB_CARD_PATH and the installed cards (card.h
 * "Finding a card"); in a testbench it is +mxb_root. dir is copied; NULL or
 * "" sets none (the default). MXB_ERANGE for a name of MXB_PATH_MAX
 * characters or more. */
MXB_API int mxb_ctx_set_card_root(mxb_ctx_t *ctx, const char *dir);
/* The card root ("" when none). Owned by the context. */
MXB_API const char *mxb_ctx_card_root(const mxb_ctx_t *ctx);

/* The detailed message of the last failed call ("" if none). The string is
 * owned by the context and valid until the next failing call. */
MXB_API const char *mxb_ctx_errmsg(const mxb_ctx_t *ctx);

/* The status code of the last failed call (MXB_OK if none). */
MXB_API int mxb_ctx_errcode(const mxb_ctx_t *ctx);

/* Forget the last error. */
MXB_API void mxb_ctx_clear_error(mxb_ctx_t *ctx);

#endif
