/* mxbar version (semantic: MAJOR.MINOR.PATCH; 0.x while the API still moves: a
 * MINOR step may change it, a PATCH step only fixes). The Makefile reads
 * MXB_VERSION_STRING from here for libmxb.so's name and mxbar.pc. */
#ifndef MXB_VERSION_H
#define MXB_VERSION_H

#include "conf.h"

#define MXB_VERSION_MAJOR 0
#define MXB_VERSION_MINOR 2
#define MXB_VERSION_PATCH 0
#define MXB_VERSION_STRING "0.2.0"

/* The version of the library linked in (MXB_VERSION_STRING is the one compiled
 * against): "MAJOR.MINOR.PATCH". */
MXB_API const char *mxb_version(void);

#endif
