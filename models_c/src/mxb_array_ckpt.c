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

int mxbi_ckpt_save(mxb_array_t *a, const char *fn) {
  const mxbi_cells_t *cs = &a->net.cells;
  size_t nc = cs->n;
  if (!a->ck) {
    a->ck = malloc((nc * ckpt_per_cell(cs) + 1) * sizeof *a->ck);
    if (!a->ck)
      return mxbi_error(a->net.ctx, MXB_ENOMEM, "%s: out of memory for the advance's "
                        "checkpoint of %zu cells", fn, nc);
  }
  double *q = a->ck;
  for (int d = 0; d < cs->ndev; d++) {
    const mxbi_stackdev_t *x = &cs->dev[d];
    memcpy(q, x->st, nc * x->nst * sizeof *q);
    q += nc * x->nst;
    if (x->uc) {
      memcpy(q, x->uc, nc * sizeof *q);
      q += nc;
    }
  }
  a->ck_t = a->t;
  a->ck_es = a->e_src;
  a->ck_ec = a->e_cell;
  a->ck_hrc = a->h_rc;
  a->ck_settled = a->settled;
  return a->ni ? mxbi_array_ni_ckpt_save(a, fn) : MXB_OK;
}

void mxbi_ckpt_restore(mxb_array_t *a) {
  mxbi_cells_t *cs = &a->net.cells;
  size_t nc = cs->n;
  const double *q = a->ck;
  for (int d = 0; d < cs->ndev; d++) {
    mxbi_stackdev_t *x = &cs->dev[d];
    memcpy(x->st, q, nc * x->nst * sizeof *q);
    q += nc * x->nst;
    if (x->uc) {
      memcpy(x->uc, q, nc * sizeof *q);
      q += nc;
    }
  }
  a->t = a->ck_t;
  a->e_src = a->ck_es;
  a->e_cell = a->ck_ec;
  a->h_rc = a->ck_hrc;
  a->settled = a->ck_settled;
  if (a->ni) mxbi_array_ni_ckpt_restore(a);
  a->gen++;
  a->solved = 0; /* the next call solves the restored states again */
}
