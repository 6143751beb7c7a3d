/* mxbar: status-code texts, generated from the one X-macro table. */
#include "mxb/err.h"

const char *mxb_strerror(int status) {
  switch (status) {
#define MXB_ERR_TEXT_(name, val, msg) case (val): return (msg);
    MXB_ERRNO_MAP(MXB_ERR_TEXT_)
#undef MXB_ERR_TEXT_
  default: return "unknown error";
  }
}

const char *mxb_errname(int status) {
  switch (status) {
#define MXB_ERR_NAME_(name, val, msg) case (val): return "MXB_" #name;
    MXB_ERRNO_MAP(MXB_ERR_NAME_)
#undef MXB_ERR_NAME_
  default: return "MXB_E?";
  }
}
