/* Figures of the otj_sto model (seed 001, Pt/SrTiO3/Nb:SrTiO3 oxide tunnel
 * junction), written as data files into the working directory (make figures:
 * the build folder's figures/) and plotted by fig_otj.gp. Every curve is
 * produced through mxb_array_* by the protocol code of the validation tests
 * (tests/c/otj_proto.h). */
#include "otj_proto.h"
#include "fig_common.h"

static mxb_ctx_t *ctx;

#define CK(x) do { int rc_ = (x); if (rc_) fig_die("fig_otj", ctx, rc_); } while (0)

static mxb_array_t *fresh(const char *ovr) {
  mxb_array_t *a = otj_new(ctx, ovr);
  if (!a) fig_die("fig_otj", ctx, MXB_ENOMEM);
  return a;
}

/* I-V at HRS (after -4.3 V, 100 ms) and LRS (after +2.2 V, 100 ms): the
 * current at each bias of a fast sweep, all at one instant (no state change). */
static void iv(void) {
  FILE *f = open_out("otj_iv.dat");
  fprintf(f, "# state(0 HRS, 1 LRS) V(V) I(A)\n");
  for (int s = 0; s < 2; s++) {
    mxb_array_t *a = fresh(NULL);
    CK(otj_pulse(a, 0, 0.0, s ? 2.2 : -4.3, 0.1));
    double t = 0.2;
    for (int k = -30; k <= 30; k++) {
      double v = 0.05 * k, i;
      CK(mxb_array_drive(a, t, 0, 0, v, 0.0));
      CK(mxb_array_cell_current(a, t, 0, 0, 0, &i));
      fprintf(f, "%d %g %g\n", s, v, i);
    }
    fprintf(f, "\n\n");
    mxb_array_free(a);
  }
  fclose(f);
}

/* STM: relative conductance change after one 50 ns pulse of 0.2/0.6/1 V
 * against time; PPF/PTP indexes of 0.6 V, 50 ns trains against the interval. */
static void stm(void) {
  FILE *f = open_out("otj_stm.dat");
  const double vs[3] = {0.2, 0.6, 1.0};
  fprintf(f, "# block: pulse V; t after pulse (s) dG/G0\n");
  for (int k = 0; k < 3; k++) {
    mxb_array_t *a = fresh(NULL);
    double g0, g;
    CK(otj_g(a, 0.0, 0, 0, &g0));
    CK(otj_pulse(a, 0, 1e-6, vs[k], 50e-9));
    fprintf(f, "# %.1f V\n", vs[k]);
    for (int j = 0; j <= 40; j++) {
      double dt = 0.5e-6 * j;
      CK(otj_g(a, 1e-6 + 50e-9 + dt, 0, 0, &g));
      fprintf(f, "%g %g\n", dt, (g - g0) / g0);
    }
    fprintf(f, "\n\n");
    mxb_array_free(a);
  }
  fclose(f);
  f = open_out("otj_ppf_ptp.dat");
  fprintf(f, "# interval(s) PPF(%%) PTP(%%)\n");
  for (double lt = log(0.1e-6); lt <= log(20e-6) + 1e-9; lt += log(20e-6 / 0.1e-6) / 24) {
    double dt = exp(lt), pk[10];
    mxb_array_t *a = fresh(NULL);
    CK(otj_epsc_train(a, 1e-6, 0.6, 50e-9, dt, 10, pk));
    fprintf(f, "%g %g %g\n", dt, 100 * (pk[1] - pk[0]) / pk[0], 100 * (pk[9] - pk[0]) / pk[0]);
    mxb_array_free(a);
  }
  fclose(f);
}

/* LTP/LTD: three cycles of 20 x +2.2 V then 20 x -2.5 V (50 ns), G read at
 * 0.1 V 10 us after each pulse. */
static void ltp_ltd(void) {
  FILE *f = open_out("otj_ltp_ltd.dat");
  fprintf(f, "# pulse G(S)\n");
  mxb_array_t *a = fresh(NULL);
  double t = 1e-6, g;
  int n = 0;
  CK(otj_g(a, 0.0, 0, 0, &g));
  fprintf(f, "%d %g\n", n, g);
  for (int cyc = 0; cyc < 3; cyc++)
    for (int dir = 0; dir < 2; dir++)
      for (int k = 0; k < 20; k++) {
        CK(otj_pulse(a, 0, t, dir ? -2.5 : 2.2, 50e-9));
        t += 10e-6;
        CK(otj_g(a, t, 0, 0, &g));
        fprintf(f, "%d %g\n", ++n, g);
      }
  mxb_array_free(a);
  fclose(f);
}

/* STDP windows: antisymmetric (ramp spikes) and symmetric (sampling pair),
 * with the least-squares fits of eqs. 1 and 2 of the paper. */
static void stdp(void) {
  FILE *f = open_out("otj_stdp_anti.dat");
  FILE *p = open_out("otj_stdp_fit.gp");
  double xs[64], yp[64], yd[64], w, A, tau, W0;
  int n = 0;
  fprintf(f, "# dt(s) dW(%%)\n");
  for (double d = 1e-6; d <= 20e-6 + 1e-9; d += 1e-6, n++) {
    xs[n] = d;
    CK(otj_stdp(ctx, OTJ_STDP_X0, &OTJ_PRE, &OTJ_POST, d, &w));
    yp[n] = 100 * w;
    CK(otj_stdp(ctx, OTJ_STDP_X0, &OTJ_PRE, &OTJ_POST, -d, &w));
    yd[n] = 100 * w;
  }
  for (int k = n - 1; k >= 0; k--) fprintf(f, "%g %g\n", -xs[k], yd[k]);
  for (int k = 0; k < n; k++) fprintf(f, "%g %g\n", xs[k], yp[k]);
  fclose(f);
  otj_fit_exp(xs, yp, n, &A, &tau, &W0);
  fprintf(p, "ap=%g; tp=%g; wp=%g\n", A, tau * 1e6, W0);
  otj_fit_exp(xs, yd, n, &A, &tau, &W0);
  fprintf(p, "ad=%g; td=%g; wd=%g\n", A, tau * 1e6, W0);

  otj_wave_t pre, post;
  otj_sym_pre(&OTJ_SYM, &pre);
  otj_sym_post(&OTJ_SYM, &post);
  f = open_out("otj_stdp_sym.dat");
  fprintf(f, "# dt(s) dW(%%)\n");
  n = 0;
  for (int k = -16; k <= 16; k++, n++) {
    xs[n] = 0.75e-6 * k;
    CK(otj_stdp_wave(ctx, OTJ_STDP_X0, &pre, &post, xs[n], &w));
    yp[n] = 100 * w;
    fprintf(f, "%g %g\n", xs[n], yp[n]);
  }
  fclose(f);
  otj_fit_gauss(xs, yp, n, &A, &tau, &W0);
  fprintf(p, "as=%g; ts=%g; ws=%g\n", A, tau * 1e6, W0);
  fclose(p);
  /* the waveforms themselves */
  f = open_out("otj_stdp_waves.dat");
  otj_wave_t wpre, wpost;
  otj_spike_wave(&OTJ_PRE, &wpre);
  otj_spike_wave(&OTJ_POST, &wpost);
  const otj_wave_t *ws[4] = {&wpre, &wpost, &pre, &post};
  fprintf(f, "# blocks: anti pre, anti post, sym pre, sym post; t(s) V\n");
  for (int b = 0; b < 4; b++) {
    for (double u = -35e-6; u <= 15e-6; u += 0.05e-6) fprintf(f, "%g %g\n", u, otj_wave_v(ws[b], u));
    fprintf(f, "\n\n");
  }
  fclose(f);
}

/* Letters: each row of a fresh 5x5 array is trained (otj_letter_row) and
 * then read at delays from 50 ns to 500 s after its last pulse; the map at a
 * delay puts every row's pixels at that delay (the paper read each pixel
 * after its own training). Contrast = smallest letter pixel / largest other
 * pixel (> 1: the letter shows). */
static void letters(void) {
  const double v[3] = {0.9, 1.5, 1.5}, per[3] = {200e-9, 200e-9, 2e-6};
  enum { ND = 46 };
  double delay[ND];
  for (int j = 0; j < ND; j++) delay[j] = 50e-9 * pow(1e10, j / (double)(ND - 1));
  FILE *f = open_out("otj_letters.dat");
  fprintf(f, "# block: letter C, H, N; delay after the row's last pulse (s) contrast\n");
  static double map[ND][25];
  for (int L = 0; L < 3; L++) {
    mxb_array_t *a = otj_new5(ctx);
    if (!a) fig_die("fig_otj", ctx, MXB_ENOMEM);
    double t = 1e-6, te;
    for (int r = 0; r < 5; r++) {
      CK(otj_letter_row(a, L, r, v[L], per[L], t, &te));
      for (int j = 0; j < ND; j++)
        for (int c = 0; c < 5; c++) CK(otj_g(a, te + delay[j], r, c, &map[j][r * 5 + c]));
      t = te + delay[ND - 1] + 5e-6;
    }
    fprintf(f, "# %c\n", "CHN"[L]);
    for (int j = 0; j < ND; j++) fprintf(f, "%g %g\n", delay[j], otj_contrast(map[j], L));
    fprintf(f, "\n\n");
    mxb_array_free(a);
  }
  fclose(f);
}

int main(void) {
  ctx = mxb_ctx_new(1);
  if (!ctx) return 1;
  iv();
  stm();
  ltp_ltd();
  stdp();
  letters();
  mxb_ctx_free(ctx);
  return 0;
}
