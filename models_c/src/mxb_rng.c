/* mxbar: Philox4x32-10 counter-based generator (Salmon, Moraes, Dror, Shaw,
 * "Parallel random numbers: as easy as 1, 2, 3", SC'11). The key is the seed,
 * the 128-bit counter is (stream, index). */
#include <math.h>
#include "mxb/rng.h"

#define PHILOX_M0 0xD2511F53u
#define PHILOX_M1 0xCD9E8D57u
#define PHILOX_W0 0x9E3779B9u
#define PHILOX_W1 0xBB67AE85u

static inline void mulhilo(uint32_t a, uint32_t b, uint32_t *hi, uint32_t *lo) {
  uint64_t p = (uint64_t)a * b;
  *hi = (uint32_t)(p >> 32);
  *lo = (uint32_t)p;
}

void mxb_rng_words(uint64_t seed, uint64_t stream, uint64_t index,
                   uint32_t out[4]) {
  uint32_t c0 = (uint32_t)index, c1 = (uint32_t)(index >> 32);
  uint32_t c2 = (uint32_t)stream, c3 = (uint32_t)(stream >> 32);
  uint32_t k0 = (uint32_t)seed, k1 = (uint32_t)(seed >> 32);
  for (int r = 0; r < 10; r++) {
    uint32_t hi0, lo0, hi1, lo1;
    mulhilo(PHILOX_M0, c0, &hi0, &lo0);
    mulhilo(PHILOX_M1, c2, &hi1, &lo1);
    uint32_t n0 = hi1 ^ c1 ^ k0, n1 = lo1, n2 = hi0 ^ c3 ^ k1, n3 = lo0;
    c0 = n0; c1 = n1; c2 = n2; c3 = n3;
    k0 += PHILOX_W0;
    k1 += PHILOX_W1;
  }
  out[0] = c0; out[1] = c1; out[2] = c2; out[3] = c3;
}

uint64_t mxb_rng_stream(mxb_rng_purpose_t purpose, unsigned layer, unsigned row,
                        unsigned col) {
  return ((uint64_t)(purpose & 0xFu) << 60) | ((uint64_t)(layer & 0xFFFu) << 48) |
         ((uint64_t)(row & 0xFFFFFFu) << 24) | (uint64_t)(col & 0xFFFFFFu);
}

/* 53 random bits -> (0, 1): (k + 0.5) / 2^53 never reaches 0 or 1. */
static double open01(uint32_t hi, uint32_t lo) {
  uint64_t k = (((uint64_t)hi << 32) | lo) >> 11;
  return ((double)k + 0.5) * 0x1.0p-53;
}

double mxb_rng_uniform(uint64_t seed, uint64_t stream, uint64_t index) {
  uint32_t w[4];
  mxb_rng_words(seed, stream, index, w);
  return open01(w[0], w[1]);
}

double mxb_rng_normal(uint64_t seed, uint64_t stream, uint64_t index) {
  uint32_t w[4];
  mxb_rng_words(seed, stream, index, w);
  double u1 = open01(w[0], w[1]), u2 = open01(w[2], w[3]);
  return sqrt(-2.0 * log(u1)) * cos(2.0 * 3.14159265358979323846 * u2);
}
