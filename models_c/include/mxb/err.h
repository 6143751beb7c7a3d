/* mxbar: status codes. Every fallible call returns MXB_OK (0) or a negative
 * MXB_E* code; the detailed message is kept in the context (mxb_ctx_errmsg). */
#ifndef MXB_ERR_H
#define MXB_ERR_H

#include "conf.h"

/* X(name, value, message): one table, so a code and its text cannot drift. */
#define MXB_ERRNO_MAP(X)                                                      \
  X(OK, 0, "success")                                                         \
  X(EINVAL, -1, "invalid argument")                                           \
  X(ENOMEM, -2, "out of memory")                                              \
  X(EIO, -3, "cannot read or write file")                                     \
  X(EPARSE, -4, "malformed card")                                             \
  X(EKEY, -5, "unknown key")                                                  \
  X(ETYPE, -6, "wrong value type")                                            \
  X(ERANGE, -7, "value out of range")                                         \
  X(EUNIT, -8, "wrong unit")                                                  \
  X(ECLASS, -9, "unknown device class")                                       \
  X(EHANDLE, -10, "bad handle")                                               \
  X(EINDEX, -11, "index out of range")                                        \
  X(ENAN, -12, "not a finite number")                                         \
  X(ETIME, -13, "time went backwards")                                        \
  X(ECONV, -14, "solver did not converge")                                    \
  X(ESINGULAR, -15, "singular network")                                       \
  X(EMISSING, -16, "required key missing")                                    \
  X(ESTATE, -17, "operation not allowed in this state")                       \
  X(EUNSUP, -18, "not supported")

typedef enum {
#define MXB_ERR_ENUM_(name, val, msg) MXB_##name = (val),
  MXB_ERRNO_MAP(MXB_ERR_ENUM_)
#undef MXB_ERR_ENUM_
} mxb_status_t;

/* Static text of a status code ("unknown error" for a value not in the table).
 * The string is owned by the library and never freed. */
MXB_API const char *mxb_strerror(int status);

/* Symbolic name of a status code ("MXB_ERANGE"), or "MXB_E?" if unknown. */
MXB_API const char *mxb_errname(int status);

#endif
