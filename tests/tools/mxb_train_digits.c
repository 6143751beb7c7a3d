/* Offline training of the single-layer, non-negative classifier that the
 * 1S1R inference testbench programs into a crossbar.
 *
 * Model: scores = W^T x, x = pixel / 16 (64 inputs), W >= 0 (64 x 10), no
 * bias (a crossbar column sums conductance-weighted row voltages; a
 * conductance cannot be negative). Trained as softmax regression with
 * projected full-batch gradient descent (W clipped at 0 after each step),
 * then quantised to `levels` conductance levels 0..levels-1 by rounding
 * W / max(W). Deterministic: no random initialisation, fixed data order.
 *
 *   mxb_train_digits DATA LEVELS WEIGHTS_OUT [WEIGHTS_HEX TEST_HEX]
 * writes 64 lines of 10 integer levels and prints the software accuracy of
 * the quantised weights on the test split (samples 1200..1796). With the two
 * optional paths it also writes, for $readmemh in tb/tb_mxb_digits.sv:
 * WEIGHTS_HEX, the 640 levels in hex, one per line, input-major (line i*10+k =
 * weight of input i to class k); TEST_HEX, per test sample 66 hex bytes, one
 * per line: label, the class the quantised weights predict in software
 * (argmax, lowest index on ties), then the 64 pixels (0..16).
 *
 * It also prints the accuracy of the same quantised weights when the inputs
 * are rate coded exactly as the testbench codes them (rtl/mxb_rate_encoder.sv:
 * per input line a 16-bit Galois LFSR, taps 0xB400, seed 1 + i * 0x9E37,
 * advanced 8 bits per tick, spike when the draw < min(16 p, 255); the LFSRs
 * run on from sample to sample through the test split) for several numbers
 * of ticks per sample: score_k = sum_i n_i W_ik with n_i the spike count of
 * line i, ties to the lowest class. This is the best a crossbar with exact
 * levels can do with that many ticks, so it bounds the tick count worth
 * simulating. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define N_ALL 1797
#define N_TRAIN 1200
#define N_IN 64
#define N_OUT 10
#define EPOCHS 600
#define RATE 0.5
#define TEMP 4.0 /* logit scale: softmax(TEMP * W^T x) */

static double x[N_ALL][N_IN];
static int y[N_ALL];

static int argmax_scores(const double *w, const double *xi) {
  int best = 0;
  double bs = -1;
  for (int k = 0; k < N_OUT; k++) {
    double s = 0;
    for (int i = 0; i < N_IN; i++) s += w[i * N_OUT + k] * xi[i];
    if (s > bs) { bs = s; best = k; }
  }
  return best;
}

/* One tick of the testbench's rate encoder for one input line (see the top
 * of this file): advances *st by 8 LFSR steps and returns the spike. */
static int rate_tick(uint16_t *st, int pixel) {
  unsigned draw = 0, s = *st;
  for (int b = 0; b < 8; b++) {
    draw |= (s & 1u) << b;
    s = (s & 1u) ? ((s >> 1) ^ 0xB400u) : (s >> 1);
  }
  *st = (uint16_t)s;
  unsigned intensity = pixel >= 16 ? 255u : (unsigned)pixel * 16u;
  return draw < intensity;
}

/* Accuracy of the quantised weights q on the first n test samples with
 * `ticks` rate-coded ticks per sample (LFSRs from their seeds at sample 0). */
static double rate_accuracy(const double *q, int ticks, int n) {
  uint16_t st[N_IN];
  for (int i = 0; i < N_IN; i++) st[i] = (uint16_t)(1u + (uint32_t)i * 0x9E37u);
  int ok = 0;
  for (int s = N_TRAIN; s < N_TRAIN + n; s++) {
    double cnt[N_IN] = {0};
    for (int t = 0; t < ticks; t++)
      for (int i = 0; i < N_IN; i++) cnt[i] += rate_tick(&st[i], (int)lround(x[s][i] * 16));
    ok += argmax_scores(q, cnt) == y[s];
  }
  return (double)ok / n;
}

int main(int argc, char **argv) {
  if (argc != 4 && argc != 6) {
    fprintf(stderr, "usage: %s DATA LEVELS WEIGHTS_OUT [WEIGHTS_HEX TEST_HEX]\n", argv[0]);
    return 2;
  }
  int levels = atoi(argv[2]);
  if (levels < 2 || levels > 1024) {
    fprintf(stderr, "%s: LEVELS must be 2..1024, got '%s'\n", argv[0], argv[2]);
    return 2;
  }
  FILE *f = fopen(argv[1], "r");
  if (!f) { perror(argv[1]); return 1; }
  for (int n = 0; n < N_ALL; n++) {
    if (fscanf(f, "%d", &y[n]) != 1 || y[n] < 0 || y[n] >= N_OUT) {
      fprintf(stderr, "%s: sample %d: bad label\n", argv[1], n);
      return 1;
    }
    for (int i = 0; i < N_IN; i++) {
      int p;
      if (fscanf(f, "%d", &p) != 1 || p < 0 || p > 16) {
        fprintf(stderr, "%s: sample %d pixel %d: bad value\n", argv[1], n, i);
        return 1;
      }
      x[n][i] = p / 16.0;
    }
  }
  fclose(f);

  static double w[N_IN * N_OUT], g[N_IN * N_OUT];
  for (int i = 0; i < N_IN * N_OUT; i++) w[i] = 0.1;
  for (int e = 0; e < EPOCHS; e++) {
    for (int i = 0; i < N_IN * N_OUT; i++) g[i] = 0;
    for (int n = 0; n < N_TRAIN; n++) {
      double s[N_OUT], m = -1e300, z = 0;
      for (int k = 0; k < N_OUT; k++) {
        s[k] = 0;
        for (int i = 0; i < N_IN; i++) s[k] += w[i * N_OUT + k] * x[n][i];
        s[k] *= TEMP;
        if (s[k] > m) m = s[k];
      }
      for (int k = 0; k < N_OUT; k++) z += (s[k] = exp(s[k] - m));
      for (int k = 0; k < N_OUT; k++) {
        double d = TEMP * (s[k] / z - (k == y[n]));
        for (int i = 0; i < N_IN; i++) g[i * N_OUT + k] += d * x[n][i];
      }
    }
    for (int i = 0; i < N_IN * N_OUT; i++) {
      w[i] -= RATE * g[i] / N_TRAIN;
      if (w[i] < 0) w[i] = 0; /* projection onto W >= 0 */
    }
  }
  double wmax = 0;
  for (int i = 0; i < N_IN * N_OUT; i++) if (w[i] > wmax) wmax = w[i];
  static double q[N_IN * N_OUT];
  FILE *o = fopen(argv[3], "w");
  if (!o) { perror(argv[3]); return 1; }
  for (int i = 0; i < N_IN; i++) {
    for (int k = 0; k < N_OUT; k++) {
      int l = (int)lround(w[i * N_OUT + k] / wmax * (levels - 1));
      q[i * N_OUT + k] = l;
      fprintf(o, "%s%d", k ? " " : "", l);
    }
    fprintf(o, "\n");
  }
  fclose(o);
  if (argc == 6) {
    FILE *wh = fopen(argv[4], "w");
    if (!wh) { perror(argv[4]); return 1; }
    for (int i = 0; i < N_IN * N_OUT; i++) fprintf(wh, "%02x\n", (unsigned)q[i]);
    fclose(wh);
    FILE *th = fopen(argv[5], "w");
    if (!th) { perror(argv[5]); return 1; }
    for (int n = N_TRAIN; n < N_ALL; n++) {
      fprintf(th, "%02x\n%02x\n", (unsigned)y[n], (unsigned)argmax_scores(q, x[n]));
      for (int i = 0; i < N_IN; i++) fprintf(th, "%02x\n", (unsigned)lround(x[n][i] * 16));
    }
    fclose(th);
  }
  int ok_f = 0, ok_q = 0;
  for (int n = N_TRAIN; n < N_ALL; n++) {
    ok_f += argmax_scores(w, x[n]) == y[n];
    ok_q += argmax_scores(q, x[n]) == y[n];
  }
  printf("test accuracy: float %.4f, quantised (%d levels) %.4f (%d samples)\n",
         (double)ok_f / (N_ALL - N_TRAIN), levels, (double)ok_q / (N_ALL - N_TRAIN),
         N_ALL - N_TRAIN);
  static const int ticks[] = {4, 8, 16, 32, 64, 128};
  static const int subset[] = {100, 200, N_ALL - N_TRAIN};
  for (int j = 0; j < 3; j++) {
    int n = subset[j], okn = 0;
    for (int s = N_TRAIN; s < N_TRAIN + n; s++) okn += argmax_scores(q, x[s]) == y[s];
    printf("rate coded, first %d test samples (quantised %.4f):", n, (double)okn / n);
    for (size_t k = 0; k < sizeof ticks / sizeof ticks[0]; k++)
      printf(" %d ticks %.4f%s", ticks[k], rate_accuracy(q, ticks[k], n),
             k + 1 < sizeof ticks / sizeof ticks[0] ? "," : "\n");
  }
  return 0;
}
