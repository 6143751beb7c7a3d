/* Figures of the fmes_mxene model (seed 003, MXene energy-storage synapse),
 * written as data files into the working directory (make figures: the build
 * folder's figures/) and plotted by fig_fmes.gp. Every curve is produced
 * through mxb_array_* by the protocol code of the validation tests
 * (tests/c/fmes_proto.h), at each regulating resistor R. */
#include "fmes_proto.h"
#include "fig_common.h"

static mxb_ctx_t *ctx;
static const char *const R_OVR[4] = {"r_reg=500", "r_reg=1000", "r_reg=8000", "r_open=1"};

#define CK(x) do { int rc_ = (x); if (rc_) fig_die("fig_fmes", ctx, rc_); } while (0)

/* I-V sweep 0 -> 0.8 V at 50 mV/s (5 mV steps) at each R. */
static void iv(void) {
  FILE *f = open_out("fmes_iv.dat");
  fprintf(f, "# block: R 500, 1000, 8000, open; V(V) I(A)\n");
  for (int r = 0; r < 4; r++) {
    double v[200], i[200];
    int n = 0;
    CK(fm_sweep(ctx, R_OVR[r], 0.05, 0.8, 0.005, v, i, 200, &n));
    fprintf(f, "# %s\n", R_OVR[r]);
    for (int k = 0; k < n; k++) fprintf(f, "%g %g\n", v[k], i[k]);
    fprintf(f, "\n\n");
  }
  fclose(f);
}

/* PPF A2/A1 of two 1 mA, 1 ms spikes against their spacing, at each R. */
static void ppf(void) {
  FILE *f = open_out("fmes_ppf.dat");
  fprintf(f, "# block: R; dt(s) A1(V) A2(V) A2/A1\n");
  for (int r = 0; r < 4; r++) {
    fprintf(f, "# %s\n", R_OVR[r]);
    for (double lt = log(2e-3); lt <= log(500e-3) + 1e-9; lt += log(250.0) / 24) {
      double dt = exp(lt), a1, a2;
      CK(fm_ppf(ctx, R_OVR[r], 1e-3, dt, &a1, &a2));
      fprintf(f, "%g %g %g %g\n", dt, a1, a2, a2 / a1);
    }
    fprintf(f, "\n\n");
  }
  fclose(f);
}

/* LTP/LTD: 150 x +1 mA then 150 x -1 mA at 500 Hz; W = PSV at rest. */
static void ltp_ltd(void) {
  FILE *f = open_out("fmes_ltp_ltd.dat");
  fprintf(f, "# block: R; pulse W(V)\n");
  for (int r = 0; r < 4; r++) {
    double wp[150], wd[150];
    mxb_array_t *a = fm_new(ctx, R_OVR[r]);
    if (!a) fig_die("fig_fmes", ctx, MXB_ENOMEM);
    CK(fm_train(a, 1e-3, 1e-3, FM_PERIOD, 150, NULL, wp));
    CK(fm_train(a, 1e-3 + 150 * FM_PERIOD, -1e-3, FM_PERIOD, 150, NULL, wd));
    fprintf(f, "# %s\n", R_OVR[r]);
    for (int k = 0; k < 150; k++) fprintf(f, "%d %g\n", k + 1, wp[k]);
    for (int k = 0; k < 150; k++) fprintf(f, "%d %g\n", 151 + k, wd[k]);
    fprintf(f, "\n\n");
    mxb_array_free(a);
  }
  fclose(f);
}

int main(void) {
  ctx = mxb_ctx_new(1);
  if (!ctx) return 1;
  iv();
  ppf();
  ltp_ltd();
  mxb_ctx_free(ctx);
  return 0;
}
