/* mxbar: ngspice netlist export of an array at one instant. */
#include "mxb_array_impl.h"

int mxb_array_export_spice(mxb_array_t *a, double t, const char *path) {
  (void)t; (void)path;
  if (!a) return MXB_EINVAL;
  return mxbi_error(a->ctx, MXB_EUNSUP, "mxb_array_export_spice: not yet supported");
}
