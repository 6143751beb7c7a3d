/* Figures of the "your own device" routes (issue 23; docs/devices.md "Your
 * own device: measured tables and calibration"), written as data files into
 * the working directory, all through a 1x1 array:
 *   table_loop.dat   0.5 V / 1 kHz sinusoid of the iv_table device sampled
 *                    from the Yakopcic Oblea card, and of that card
 *   table_train.dat  read conductance (0.1 V) after each pulse of trains of
 *                    0.5 V and 0.45 V (between two measured amplitudes),
 *                    20 up then 20 down, for both devices
 *   fit_vteam.dat    the mxb_fit example (docs/examples/fit_vteam): the data,
 *                    the start card and the fitted card under the sweep
 * The fit runs ../bin/mxb_fit (make tools) on the example protocol. */
#include <math.h>
#include <string.h>
#include "dev_bench.h"
#include "fig_common.h"

static const double PI = 3.14159265358979323846;

static void sine_loop(FILE *f, const char *card, const char *ovr, double amp, double freq) {
  enum { N = 400 };
  bench_t *b = bench_new(1, card, NULL, ovr);
  double dt = 1.0 / (freq * N);
  for (int k = 0; k <= 2 * N; k++) {
    double t = 1e-9 + k * dt, v = k % (N / 2) == 0 ? 0.0 : amp * sin(2 * PI * k / N);
    BENCH_OK(bench_drive(b, t, 0, v, 0.0), b->ctx);
    fprintf(f, "%g %g\n", v, bench_current(b, t));
  }
  fprintf(f, "\n\n");
  bench_free(b);
}

static void train(FILE *f, const char *card, const char *ovr, double amp, double width) {
  bench_t *b = bench_new(1, card, NULL, ovr);
  double t = 1e-9;
  fprintf(f, "0 %g\n", bench_g(b, t, 0.1));
  for (int k = 0; k < 40; k++) {
    t = bench_pulse(b, t, k < 20 ? amp : -amp, width) + width;
    bench_advance(b, t);
    fprintf(f, "%d %g\n", k + 1, bench_g(b, t, 0.1));
  }
  fprintf(f, "\n\n");
  bench_free(b);
}

/* The example sweep (sweep.csv's voltages, 10 ns a point) on a card. */
static void sweep(FILE *f, const char *card, const char *data) {
  char line[256];
  FILE *d = fopen(data, "r");
  if (!d) {
    perror(data);
    exit(1);
  }
  mxb_ctx_t *ctx = mxb_ctx_new(1);
  mxb_device_t *dev = mxb_device_load(ctx, card, NULL);
  if (!dev) fig_die("fig_table", ctx, mxb_ctx_errcode(ctx));
  const mxb_device_class_t *c = mxb_device_class(dev);
  double s[64], g;
  mxb_dev_rng_t rng;
  if (mxb_device_init_state(ctx, dev, 0, 0, 0, s, 64, &rng)) fig_die("fig_table", ctx, -1);
  int k = 0;
  while (fgets(line, sizeof line, d)) {
    if (line[0] == '#' || line[0] == 'v') continue;
    double v = strtod(line, NULL), m = strtod(strchr(line, ',') + 1, NULL);
    if (mxb_device_integrate(ctx, dev, s, v, 1e-8, &rng)) fig_die("fig_table", ctx, -1);
    fprintf(f, "%d %g %g %g\n", k++, v, m, c->current(mxb_device_params(dev), s, v, &g));
  }
  fprintf(f, "\n\n");
  fclose(d);
  mxb_device_free(dev);
  mxb_ctx_free(ctx);
}

int main(void) {
  FILE *f = open_out("table_loop.dat");
  sine_loop(f, "iv_table_yakopcic.json", NULL, 0.5, 1e3);
  sine_loop(f, "yakopcic_oblea.json", NULL, 0.5, 1e3);
  fclose(f);
  f = open_out("table_train.dat");
  train(f, "iv_table_yakopcic.json", "l0=0", 0.5, 20e-6);
  train(f, "yakopcic_oblea.json", "x0=0", 0.5, 20e-6);
  train(f, "iv_table_yakopcic.json", "l0=0", 0.45, 30e-6);
  train(f, "yakopcic_oblea.json", "x0=0", 0.45, 30e-6);
  fclose(f);
  char ex[1024], cmd[4096];
  snprintf(ex, sizeof ex, "%s/../../docs/examples/fit_vteam", mxb_card_dir());
  snprintf(cmd, sizeof cmd, "../bin/mxb_fit '%s/proto.json' fit_vteam_card.json > fit_vteam.log",
           ex);
  if (system(cmd) != 0) {
    fprintf(stderr, "fig_table: %s failed\n", cmd);
    return 1;
  }
  f = open_out("fit_vteam.dat");
  char data[1200], start[1200];
  snprintf(data, sizeof data, "%s/sweep.csv", ex);
  snprintf(start, sizeof start, "%s/start.json", ex);
  sweep(f, start, data);
  sweep(f, "fit_vteam_card.json", data);
  fclose(f);
  return 0;
}
