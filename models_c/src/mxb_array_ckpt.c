/* mxbar: the checkpoint an advance takes before it moves states: every
 * device state and capacitor voltage of every cell, the time, the energy
 * totals and the transient's step, restored when the advance fails so that
 * nothing already computed is lost (array.h "Errors"). The internal nodes
 * and the solution are not kept: the next call solves the restored states. */
#include <stdlib.h>
#include <string.h>
#include "mxb_array_impl.h"

/* Values per cell in the checkpoint: states, then capacitor voltages. */
static size_t ckpt_per_cell(const mxbi_cells_t *cs) {
  size_t k = 0;
  for (int d = 0; d < cs->ndev; d++) k += cs->dev[d].nst + (cs->dev[d].uc ? 1 : 0);
  return k;
}

/* Copy every device state and capacitor voltage into the checkpoint (save)
 * or back from it. */
static void ckpt_copy(mxb_array_t *a, int save) {
  mxbi_cells_t *cs = &a->net.cells;
  size_t nc = cs->n;
  double *q = a->ck;
  for (int d = 0; d < cs->ndev; d++) {
    mxbi_stackdev_t *x = &cs->dev[d];
    double *part[2] = {x->st, x->uc};
    size_t len[2] = {nc * x->nst, x->uc ? nc : 0};
    for (int k = 0; k < 2; k++) {
      if (!len[k]) continue; /* no capacitors (NULL) */
      if (save) memcpy(q, part[k], len[k] * sizeof *q);
      else memcpy(part[k], q, len[k] * sizeof *q);
      q += len[k];
    }
  }
}

int mxbi_ckpt_save(mxb_array_t *a, const char *fn) {
  const mxbi_cells_t *cs = &a->net.cells;
  if (!a->ck) {
    a->ck = malloc((cs->n * ckpt_per_cell(cs) + 1) * sizeof *a->ck);
    if (!a->ck)
      return mxbi_error(a->net.ctx, MXB_ENOMEM, "%s: out of memory for the advance's "
                        "checkpoint of %zu cells", fn, cs->n);
  }
  ckpt_copy(a, 1);
  a->ck_t = a->t;
  a->ck_es = a->e_src;
  a->ck_ec = a->e_cell;
  a->ck_hrc = a->h_rc;
  a->ck_settled = a->settled;
  return a->ni ? mxbi_array_ni_ckpt_save(a, fn) : MXB_OK;
}

void mxbi_ckpt_restore(mxb_array_t *a) {
  ckpt_copy(a, 0);
  a->t = a->ck_t;
  a->e_src = a->ck_es;
  a->e_cell = a->ck_ec;
  a->h_rc = a->ck_hrc;
  a->settled = a->ck_settled;
  if (a->ni) mxbi_array_ni_ckpt_restore(a);
  a->gen++;
  a->solved = 0; /* the next call solves the restored states again */
}
