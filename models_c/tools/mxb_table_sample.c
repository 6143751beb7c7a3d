/* mxb_table_sample: the tables of an iv_table device (dev_table.c) measured
 * on a model of another class, as a characterisation would measure a device:
 * the I-V curve of each level and, per amplitude, the pulse train from its
 * start level (the level reached against time at bias).
 *
 *   mxb_table_sample CARD STATE SMIN SMAX LEVELS VMIN VMAX NV AMPS OUT_PREFIX
 *
 * CARD: a device card of a class with state STATE (other states start as the
 * class's init makes them); level l is the state SMIN + l (SMAX - SMIN) /
 * (LEVELS - 1). I-V: NV voltages evenly from VMIN to VMAX per level. AMPS: a
 * comma-separated list of pulse amplitudes (V); each train starts at level 0
 * if the amplitude raises the state, at LEVELS - 1 if it lowers it, and is
 * integrated with the class's own step limit, a row written each time the
 * level has moved by 0.05 since the last row, until it stops moving or 10 s.
 * Writes OUT_PREFIX_iv.csv and OUT_PREFIX_pulse.csv. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mxb/mxb.h"

static int fail(const char *what, mxb_ctx_t *ctx) {
  fprintf(stderr, "mxb_table_sample: %s: %s\n", what, ctx ? mxb_ctx_errmsg(ctx) : "");
  return 1;
}

int main(int argc, char **argv) {
  if (argc != 11) {
    fprintf(stderr, "usage: mxb_table_sample CARD STATE SMIN SMAX LEVELS VMIN VMAX NV AMPS "
                    "OUT_PREFIX\n");
    return 2;
  }
  mxb_ctx_t *ctx = mxb_ctx_new(1);
  mxb_device_t *d = mxb_device_load(ctx, argv[1], NULL);
  if (!d) return fail(argv[1], ctx);
  const mxb_device_class_t *c = mxb_device_class(d);
  const double *p = mxb_device_params(d);
  int si = mxb_device_class_state(c, argv[2]);
  if (si < 0) {
    fprintf(stderr, "mxb_table_sample: class '%s' has no state '%s'\n", c->name, argv[2]);
    return 2;
  }
  double smin = atof(argv[3]), smax = atof(argv[4]), vmin = atof(argv[6]), vmax = atof(argv[7]);
  int nl = atoi(argv[5]), nv = atoi(argv[8]);
  if (nl < 2 || nv < 2 || !(smax != smin) || !(vmax > vmin)) {
    fprintf(stderr, "mxb_table_sample: need LEVELS >= 2, NV >= 2, SMAX != SMIN, VMAX > VMIN\n");
    return 2;
  }
  char path[4096];
  snprintf(path, sizeof path, "%s_iv.csv", argv[10]);
  FILE *f = fopen(path, "w");
  if (!f) return fail(path, NULL);
  double s[64];
  mxb_dev_rng_t rng;
  if (mxb_device_init_state(ctx, d, 0, 0, 0, s, 64, &rng)) return fail("init", ctx);
  fprintf(f, "# I-V of %s (class %s) sampled by mxb_table_sample: level l is %s = %g + l * %g\n",
          argv[1], c->name, argv[2], smin, (smax - smin) / (nl - 1));
  fprintf(f, "level,voltage_V,current_A\n");
  for (int l = 0; l < nl; l++) {
    s[si] = smin + l * (smax - smin) / (nl - 1);
    for (int k = 0; k < nv; k++) {
      double v = vmin + k * (vmax - vmin) / (nv - 1), g;
      fprintf(f, "%d,%.9g,%.12g\n", l, v, c->current(p, s, v, &g));
    }
  }
  fclose(f);
  snprintf(path, sizeof path, "%s_pulse.csv", argv[10]);
  if (!(f = fopen(path, "w"))) return fail(path, NULL);
  fprintf(f, "# pulse trains of %s (class %s) sampled by mxb_table_sample: level against time "
          "at bias from the train's start level\n", argv[1], c->name);
  fprintf(f, "amplitude_V,time_s,level\n");
  char *list = strdup(argv[9]);
  for (char *tok = strtok(list, ","); tok; tok = strtok(NULL, ",")) {
    double a = atof(tok);
    /* which way does a move the state? probe from the middle */
    if (mxb_device_init_state(ctx, d, 0, 0, 0, s, 64, &rng)) return fail("init", ctx);
    s[si] = 0.5 * (smin + smax);
    double h = c->step_limit(p, s, a);
    if (isinf(h)) {
      fprintf(stderr, "mxb_table_sample: %g V moves nothing; left out\n", a);
      continue;
    }
    c->advance(p, s, a, h, &rng);
    int up = (s[si] - 0.5 * (smin + smax)) * (smax - smin) > 0;
    if (mxb_device_init_state(ctx, d, 0, 0, 0, s, 64, &rng)) return fail("init", ctx);
    s[si] = up ? smin : smax;
    double lev = up ? 0.0 : nl - 1, last = lev, t = 0;
    fprintf(f, "%.6g,0,%.12g\n", a, lev);
    for (long n = 0; n < 10000000L && t < 10.0; n++) {
      h = c->step_limit(p, s, a);
      if (isinf(h)) break;
      if (c->advance(p, s, a, h, &rng)) return fail("advance", ctx);
      t += h;
      lev = (s[si] - smin) / (smax - smin) * (nl - 1);
      if (fabs(lev - last) >= 0.05) {
        fprintf(f, "%.6g,%.12g,%.12g\n", a, t, lev);
        last = lev;
      }
    }
  }
  free(list);
  fclose(f);
  mxb_device_free(d);
  mxb_ctx_free(ctx);
  return 0;
}
