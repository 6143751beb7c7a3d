/* mxbar: memristive device and crossbar-array models for digital simulators.
 * Umbrella header: include this one. */
#ifndef MXB_H
#define MXB_H

#include "conf.h"
#include "version.h"
#include "err.h"
#include "ctx.h"
#include "rng.h"
#include "device.h"
#include "card.h"
#include "array.h"

#endif
