/* mxbar: build-wide knobs and the export macro (after luaconf.h). */
#ifndef MXB_CONF_H
#define MXB_CONF_H

#if defined(__GNUC__) && !defined(MXB_STATIC_ONLY)
#define MXB_API __attribute__((visibility("default")))
#define MXBI_FUNC __attribute__((visibility("hidden")))
#else
#define MXB_API
#define MXBI_FUNC
#endif

/* Longest detailed error message kept in a context (bytes, with the NUL). */
#define MXB_ERRMSG_MAX 1024

/* Longest file path the library keeps for messages. */
#define MXB_PATH_MAX 1024

#endif
