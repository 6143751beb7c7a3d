/* mxbar: counter-based random numbers (Philox4x32-10, Salmon et al., SC'11).
 * A draw is a pure function of (seed, stream, index): the same cell gets the
 * same numbers whatever order cells, calls or simulators ask in. */
#ifndef MXB_RNG_H
#define MXB_RNG_H

#include <stdint.h>
#include "conf.h"

/* What a stream is for; part of the stream key so purposes never share draws. */
typedef enum {
  MXB_RNG_D2D = 1,   /* device-to-device variation, drawn at creation */
  MXB_RNG_C2C = 2,   /* cycle-to-cycle variation, drawn at switching events */
  MXB_RNG_READ = 3,  /* read noise, drawn at reads */
  MXB_RNG_RTN = 4,   /* random telegraph noise: trap parameters and switching events */
  MXB_RNG_FAULT = 5, /* fault map: one uniform per cell */
  MXB_RNG_DRIFT = 6, /* drift exponent, device to device */
  MXB_RNG_WEAR = 7,  /* endurance (cycles to failure), device to device */
  MXB_RNG_USER = 15  /* free for tests and testbenches */
} mxb_rng_purpose_t;

/* Stream key of one cell: purpose (4 bits), layer (12), row (24), col (24).
 * Indices beyond those widths wrap; arrays are limited well below them. */
MXB_API uint64_t mxb_rng_stream(mxb_rng_purpose_t purpose, unsigned layer,
                                unsigned row, unsigned col);

/* Four raw 32-bit words for (seed, stream, index). */
MXB_API void mxb_rng_words(uint64_t seed, uint64_t stream, uint64_t index,
                           uint32_t out[4]);

/* Uniform double in the open interval (0, 1). */
MXB_API double mxb_rng_uniform(uint64_t seed, uint64_t stream, uint64_t index);

/* Standard normal deviate (Box-Muller on the two 53-bit halves of one draw). */
MXB_API double mxb_rng_normal(uint64_t seed, uint64_t stream, uint64_t index);

#endif
