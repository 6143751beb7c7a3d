/* mxbar: the general network solver (Newton on node voltages, KLU). */
#include <math.h>
#include <stdlib.h>
#include "mxb_array_impl.h"

const int mxbi_solver_general = 0;

void mxbi_solver_free(mxbi_solver_t *sv) { (void)sv; }

void mxbi_solver_invalidate(mxb_array_t *a) { (void)a; }

int mxbi_solve_network(mxb_array_t *a, double h) {
  (void)h;
  return mxbi_error(a->ctx, MXB_EUNSUP,
                    "array: only ideal wires with every line held by an ideal end "
                    "are supported so far (general solver not yet in the tree)");
}
