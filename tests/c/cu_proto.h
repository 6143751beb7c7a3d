/* mxbar tests: the seed-000 (Cu-doped pMSSQ rectifying e-synapse) pulse
 * protocols on a 1x1 bench (dev_bench.h), shared by tests/c/test_dev_cu_pmssq.c
 * and tests/figures/fig_cu_pmssq.c. Bias on the top electrode (plane 0),
 * bottom (plane 1) at 0 V unless a protocol drives it; the conductance is read
 * at +2 V (the device conducts forward only). */
#ifndef CU_PROTO_H
#define CU_PROTO_H

#include "dev_bench.h"

#define CU_CARD "cu_pmssq.json"
#define CU_VREAD 2.0

static inline bench_t *cu_fresh(uint64_t seed) { return bench_new(seed, CU_CARD, NULL, NULL); }

/* n pulses of v (0.1 ms, 0.1 ms apart) from t; G at CU_VREAD after each into
 * g[1..n] and the cell energy of each pulse into e[1..n] (either may be
 * NULL). Returns the time after the last gap. */
static inline double cu_train(bench_t *b, double t, int n, double v, double *g, double *e) {
  for (int k = 1; k <= n; k++) {
    double e0 = bench_energy(b, t);
    t = bench_pulse(b, t, v, 100e-6);
    if (e) e[k] = bench_energy(b, t) - e0;
    t += 100e-6;
    if (g) g[k] = bench_g(b, t, CU_VREAD);
  }
  return t;
}

/* DC I-V loop (seed 000 Fig. 1e style): 0 -> +vmax -> 0 -> -vmax -> 0 in
 * steps of dv, each held `hold` s; the current at the end of each step goes
 * to v[k], i[k] (4 vmax/dv values). Returns the time at the end. */
static inline double cu_iv_loop(bench_t *b, double t, double vmax, double dv, double hold,
                                double *v, double *i) {
  int n = (int)lround(vmax / dv);
  for (int k = 1; k <= 4 * n; k++) {
    int m = k % (2 * n);
    double a = dv * (m <= n ? m : 2 * n - m);
    double vk = k <= 2 * n ? a : -a;
    BENCH_OK(bench_drive(b, t, 0, vk, 0.0), b->ctx);
    t += hold;
    v[k - 1] = vk;
    i[k - 1] = bench_current(b, t);
  }
  BENCH_OK(bench_drive(b, t, 0, 0.0, 0.0), b->ctx);
  return t;
}

/* One overlap-STDP pair with dt = t_post - t_pre (s) on a fresh cell (seed)
 * depressed to mid state by 3 LTD pulses; returns dG/G. Pre on the top
 * electrode, post on the bottom, each +2 V for 0.1 ms then -1 V for 0.3 ms:
 * the cell sees their difference, nothing else. */
static inline double cu_stdp_pair(uint64_t seed, double dt) {
  bench_t *b = cu_fresh(seed);
  double t = cu_train(b, 0.0, 3, 3.0, NULL, NULL) + 1e-3;
  double g0 = bench_g(b, t, CU_VREAD);
  double tpre = t + (dt < 0 ? -dt : 0), tpost = t + (dt > 0 ? dt : 0);
  double ev[6][3] = {{tpre, 0, 2.0}, {tpre + 100e-6, 0, -1.0}, {tpre + 400e-6, 0, 0.0},
                     {tpost, 1, 2.0}, {tpost + 100e-6, 1, -1.0}, {tpost + 400e-6, 1, 0.0}};
  /* apply the six edges in time order (pre first at equal times) */
  int done[6] = {0};
  for (int n = 0; n < 6; n++) {
    int k = -1;
    for (int i = 0; i < 6; i++)
      if (!done[i] && (k < 0 || ev[i][0] < ev[k][0])) k = i;
    done[k] = 1;
    BENCH_OK(bench_drive(b, ev[k][0], (int)ev[k][1], ev[k][2], 0), b->ctx);
  }
  double tend = (tpre > tpost ? tpre : tpost) + 1e-3;
  double g1 = bench_g(b, tend, CU_VREAD);
  bench_free(b);
  return g1 / g0 - 1;
}

/* Source resistance of the PPF bench: R_s C = 18 us with the card's
 * parallel-plate C (6.97e-10 F), comparable to the 30 us pulse, so a lone
 * pulse peaks below 3 V at the cell (seed 000 Fig. 4b). */
#define CU_PPF_RS (18e-6 / 6.97e-10)

/* Paired-pulse protocol through the cell's RC and the source resistance: a
 * fresh cell (seed) at mid state, npairs pairs of 3 V, 30 us pulses with gap
 * `gap` between the two pulses of a pair and 300 us after each pair. dG/G
 * after every 10th pair goes to g10[k/10 - 1] (may be NULL); *monotonic
 * tells whether those reads fell every time; *mid receives dG/G after pair
 * 70 (may be NULL). Returns dG/G after the last pair. */
static inline double cu_ppf_run(uint64_t seed, double gap, int npairs, double *g10,
                                double *mid, int *monotonic) {
  bench_t *b = cu_fresh(seed);
  double t = cu_train(b, 0.0, 3, 3.0, NULL, NULL) + 1e-3;
  BENCH_OK(bench_drive(b, t, 0, 0.0, CU_PPF_RS), b->ctx);
  double g0 = bench_g(b, t, CU_VREAD), gprev = g0;
  if (monotonic) *monotonic = 1;
  for (int k = 1; k <= npairs; k++) {
    BENCH_OK(bench_drive(b, t, 0, 3.0, CU_PPF_RS), b->ctx);
    BENCH_OK(bench_drive(b, t + 30e-6, 0, 0.0, CU_PPF_RS), b->ctx);
    t += 30e-6 + gap;
    BENCH_OK(bench_drive(b, t, 0, 3.0, CU_PPF_RS), b->ctx);
    BENCH_OK(bench_drive(b, t + 30e-6, 0, 0.0, CU_PPF_RS), b->ctx);
    t += 30e-6 + 300e-6;
    if (k % 10 == 0) {
      double g = bench_g(b, t, CU_VREAD);
      if (monotonic && !(g < gprev)) *monotonic = 0;
      gprev = g;
      if (g10) g10[k / 10 - 1] = g / g0 - 1;
      if (mid && k == 70) *mid = g / g0 - 1;
    }
  }
  double g = bench_g(b, t, CU_VREAD);
  bench_free(b);
  return g / g0 - 1;
}

#endif
