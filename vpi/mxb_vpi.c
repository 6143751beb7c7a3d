/* mxbar bindings for Icarus Verilog 11: the $mxb_* system tasks and functions.
 *
 * Load at compile time so the compiler knows which functions return real:
 *   iverilog -g2012 -L<absolute dir of mxb.vpi> -m mxb ...   (not again on vvp)
 *
 * compiletf checks every call site once before time 0 (argument count and
 * kinds: int, real or string); calltf reads the arguments, takes the time from
 * the simulator (vpiSimTime ticks of the global precision, converted to
 * seconds) and calls mxb_bind_*. Errors print
 *   ERROR: <file>:<line>: $mxb_<task>: <message>
 * then set vvp's exit status to 1 and finish the simulation (vvp ends the
 * calling thread at the failed call; mxb_bind.h: later calls do not act).
 * compiletf reports every bad call site before time 0. Arrays still open are
 * freed at the end of simulation.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sv_vpi_user.h>
#include <vpi_user.h>

#include "mxb_bind.h"

/* An Icarus extension (vvp sets its exit status); weak so the module still
 * loads in a simulator that lacks it. */
#pragma weak vpip_set_return_value

typedef enum {
  T_OPEN, T_CLOSE, T_DRIVE, T_SENSE, T_FLOAT, T_SET_END, T_ADVANCE, T_READ,
  T_END_CURRENT, T_NODE_V, T_CELL_I, T_CELL_G, T_ENERGY, T_ENERGY_CELLS,
  T_LINES, T_DUMP_G, T_EXPORT_SPICE, T_NOW, T_FAULT, T_CELL_FAULT, T_SET_TEMP,
  T_SET_READ_BW, T_FAULT_MAP, T_VERSION, T_ERROR,
  /* issue 19 (appended) */
  T_CELL_STATE, T_MEM_G, T_SAVE, T_RESTORE, T_LOAD_G,
  T_STAT, T_STATS
} task_id_t;

/* ret: 't' task, 'i' int function, 'r' real function, 's' string function.
 * args: one letter per argument: 'i' int, 'r' real, 's' string. */
typedef struct task_s {
  const char *name;
  task_id_t id;
  char ret;
  const char *args;
  const char *usage;
} task_t;

static const task_t tasks[] = {
    {"$mxb_open", T_OPEN, 'i', "ss", "h = $mxb_open(card, overrides)"},
    {"$mxb_close", T_CLOSE, 't', "i", "$mxb_close(h)"},
    {"$mxb_drive", T_DRIVE, 't', "iiir", "$mxb_drive(h, plane, line, volts)"},
    {"$mxb_sense", T_SENSE, 't', "iiir", "$mxb_sense(h, plane, line, r_sense)"},
    {"$mxb_float", T_FLOAT, 't', "iii", "$mxb_float(h, plane, line)"},
    {"$mxb_set_end", T_SET_END, 't', "iiiiirr",
     "$mxb_set_end(h, plane, line, end, kind, value, r)"},
    {"$mxb_advance", T_ADVANCE, 't', "i", "$mxb_advance(h)"},
    {"$mxb_read", T_READ, 'r', "iii", "amps = $mxb_read(h, plane, line)"},
    {"$mxb_end_current", T_END_CURRENT, 'r', "iiii",
     "amps = $mxb_end_current(h, plane, line, end)"},
    {"$mxb_node_v", T_NODE_V, 'r', "iiii", "volts = $mxb_node_v(h, plane, line, pos)"},
    {"$mxb_cell_i", T_CELL_I, 'r', "iiii", "amps = $mxb_cell_i(h, layer, row, col)"},
    {"$mxb_cell_g", T_CELL_G, 'r', "iiiir",
     "siemens = $mxb_cell_g(h, layer, row, col, v_read)"},
    {"$mxb_energy", T_ENERGY, 'r', "i", "joules = $mxb_energy(h)"},
    {"$mxb_energy_cells", T_ENERGY_CELLS, 'r', "i", "joules = $mxb_energy_cells(h)"},
    {"$mxb_lines", T_LINES, 'i', "ii", "n = $mxb_lines(h, plane)"},
    {"$mxb_dump_g", T_DUMP_G, 't', "iirs", "$mxb_dump_g(h, layer, v_read, path)"},
    {"$mxb_export_spice", T_EXPORT_SPICE, 't', "is", "$mxb_export_spice(h, path)"},
    {"$mxb_now", T_NOW, 'r', "", "seconds = $mxb_now()"},
    {"$mxb_fault", T_FAULT, 't', "iiiis", "$mxb_fault(h, layer, row, col, kind)"},
    {"$mxb_cell_fault", T_CELL_FAULT, 'i', "iiii", "kind = $mxb_cell_fault(h, layer, row, col)"},
    {"$mxb_set_temp", T_SET_TEMP, 't', "ir", "$mxb_set_temp(h, kelvin)"},
    {"$mxb_set_read_bw", T_SET_READ_BW, 't', "ir", "$mxb_set_read_bw(h, hz)"},
    {"$mxb_fault_map", T_FAULT_MAP, 'i', "is", "n_faulty = $mxb_fault_map(h, path)"},
    {"$mxb_version", T_VERSION, 's', "", "version = $mxb_version()"},
    {"$mxb_error", T_ERROR, 't', "s", "$mxb_error(message)"},
    /* issue 19: appended, keep the order above */
    {"$mxb_cell_state", T_CELL_STATE, 'r', "iiiis",
     "value = $mxb_cell_state(h, layer, row, col, name)"},
    {"$mxb_mem_g", T_MEM_G, 'r', "iiiir", "siemens = $mxb_mem_g(h, layer, row, col, v_read)"},
    {"$mxb_save", T_SAVE, 't', "is", "$mxb_save(h, path)"},
    {"$mxb_restore", T_RESTORE, 't', "is", "$mxb_restore(h, path)"},
    {"$mxb_load_g", T_LOAD_G, 't', "iirs", "$mxb_load_g(h, layer, v_read, path)"},
    {"$mxb_stat", T_STAT, 'r', "is", "value = $mxb_stat(h, name)"},
    {"$mxb_stats", T_STATS, 't', "i", "$mxb_stats(h)"},
};

#define MAX_ARGS 8
#define STR_LEN 1024

/* ---- hooks ---- */

static void vpi_print_hook(const char *text) {
  vpi_printf("%s", text);
  vpi_flush();
}

static void vpi_stop_hook(void) {
  if (vpip_set_return_value) vpip_set_return_value(1);
  vpi_control(vpiFinish, 1);
}

static int vpi_plusarg_hook(const char *name, char *buf, int n) {
  s_vpi_vlog_info info;
  size_t len = strlen(name);
  if (!vpi_get_vlog_info(&info)) return 0;
  for (int k = 0; k < info.argc; k++) {
    const char *a = info.argv[k];
    if (a && a[0] == '+' && strncmp(a + 1, name, len) == 0 && a[1 + len] == '=') {
      snprintf(buf, (size_t)n, "%s", a + 2 + len);
      return 1;
    }
  }
  return 0;
}

/* ---- call sites ---- */

typedef struct site_buf_s {
  char file[512];
  mxb_bind_site_t site;
} site_buf_t;

static vpiHandle site_of(const task_t *t, site_buf_t *sb) {
  vpiHandle callh = vpi_handle(vpiSysTfCall, NULL);
  const char *f = callh ? vpi_get_str(vpiFile, callh) : NULL;
  snprintf(sb->file, sizeof sb->file, "%s", f ? f : "?");
  sb->site.file = sb->file;
  sb->site.line = callh ? (int)vpi_get(vpiLineNo, callh) : 0;
  sb->site.task = t->name;
  return callh;
}

/* What compiletf learns about one call site, kept with vpi_put_userdata so a
 * call does not iterate its arguments or look up its file again. */
typedef struct call_s {
  site_buf_t where;
  int n;
  vpiHandle arg[MAX_ARGS];
  char four_state[MAX_ARGS]; /* integer argument that can hold X or Z */
} call_t;

/* ---- compiletf: argument count and kinds ---- */

static int is_string_expr(vpiHandle a) {
  int type = (int)vpi_get(vpiType, a);
  if (type == vpiStringVar) return 1;
  return type == vpiConstant && vpi_get(vpiConstType, a) == vpiStringConst;
}

static int is_real_expr(vpiHandle a) {
  int type = (int)vpi_get(vpiType, a);
  if (type == vpiRealVar) return 1;
  return type == vpiConstant && vpi_get(vpiConstType, a) == vpiRealConst;
}

/* Anything that has a value; Icarus 11 gives expressions several types, so
 * reject what is clearly not a value instead of listing what is. */
static int is_value_expr(vpiHandle a) {
  switch ((int)vpi_get(vpiType, a)) {
    case 0: case vpiModule: case vpiMemory: case vpiNamedEvent: case vpiNamedBegin:
    case vpiNamedFork: case vpiTask: case vpiFunction:
      return 0;
    default:
      return 1;
  }
}

static const char *kind_name(char k) {
  return k == 'i' ? "an integer" : k == 'r' ? "a number" : "a string";
}

static PLI_INT32 mxb_compiletf(PLI_BYTE8 *ud) {
  const task_t *t = (const task_t *)ud;
  site_buf_t sb;
  vpiHandle callh = site_of(t, &sb);
  if (!callh) return 0;
  int want = (int)strlen(t->args), got = 0;
  vpiHandle it = vpi_iterate(vpiArgument, callh), a;
  while (it && (a = vpi_scan(it)) != NULL) {
    if (++got > want) continue; /* counted, reported below */
    char k = t->args[got - 1];
    const char *why = NULL;
    if (!is_value_expr(a))
      why = "is not a value";
    else if (k == 's' && (is_real_expr(a)))
      why = "is a real, not a string";
    else if (k != 's' && is_string_expr(a))
      why = "is a string, not a number";
    else if (k == 'i' && is_real_expr(a))
      why = "is a real, not an integer";
    if (why) {
      mxb_bind_site_error(&sb.site, "argument %d %s (want %s; usage: %s)", got, why,
                     kind_name(k), t->usage);
      vpi_free_object(it);
      return 0;
    }
  }
  if (got != want) {
    mxb_bind_site_error(&sb.site, "%d argument%s given, %d wanted (usage: %s)", got,
                   got == 1 ? "" : "s", want, t->usage);
    return 0;
  }
  call_t *c = calloc(1, sizeof *c);
  if (!c) return 0;
  c->where = sb;
  c->where.site.file = c->where.file;
  it = vpi_iterate(vpiArgument, callh);
  while (it && (a = vpi_scan(it)) != NULL) {
    int type = (int)vpi_get(vpiType, a);
    c->four_state[c->n] = t->args[c->n] == 'i' &&
        (type == vpiReg || type == vpiNet || type == vpiIntegerVar ||
         type == vpiMemoryWord || type == vpiPartSelect || type == vpiTimeVar);
    c->arg[c->n++] = a;
  }
  vpi_put_userdata(callh, c);
  return 0;
}

/* ---- calltf ---- */

static double now_seconds(void) {
  s_vpi_time tm;
  tm.type = vpiSimTime;
  vpi_get_time(NULL, &tm);
  uint64_t ticks = ((uint64_t)tm.high << 32) | (uint64_t)tm.low;
  /* global precision: 10^p s per tick. Divide by an exact power of ten so the
   * result is the correctly rounded number of seconds. */
  static int p, known;
  static double scale = 1.0;
  if (!known) { /* the global precision is fixed once the design is loaded */
    p = (int)vpi_get(vpiTimePrecision, NULL);
    for (int k = 0; k < (p < 0 ? -p : p); k++) scale *= 10.0;
    known = 1;
  }
  return p < 0 ? (double)ticks / scale : (double)ticks * scale;
}

typedef struct args_s {
  int i[MAX_ARGS];
  double r[MAX_ARGS];
  char s[2][STR_LEN];
  int ni, nr, ns;
} args_t;

/* Read the arguments by kind; 0 (after reporting) on X/Z in an integer. */
static int read_args(const task_t *t, const call_t *c, const mxb_bind_site_t *site,
                     args_t *av) {
  av->ni = av->nr = av->ns = 0;
  for (int n = 0; n < c->n; n++) {
    vpiHandle a = c->arg[n];
    char k = t->args[n];
    s_vpi_value v;
    if (k == 's') {
      v.format = vpiStringVal;
      vpi_get_value(a, &v);
      snprintf(av->s[av->ns++], STR_LEN, "%s", v.value.str ? v.value.str : "");
    } else if (k == 'r') {
      v.format = vpiRealVal;
      vpi_get_value(a, &v);
      av->r[av->nr++] = v.value.real;
    } else {
      if (c->four_state[n]) {
        v.format = vpiVectorVal;
        vpi_get_value(a, &v);
        int size = (int)vpi_get(vpiSize, a), words = (size + 31) / 32;
        for (int w = 0; w < words; w++)
          if (v.value.vector[w].bval) {
            mxb_bind_error(site, "MXB_EINVAL: argument %d is X or Z", n + 1);
            return 0;
          }
      }
      v.format = vpiIntVal;
      vpi_get_value(a, &v);
      av->i[av->ni++] = (int)v.value.integer;
    }
  }
  return 1;
}

static void put_int(vpiHandle callh, int x) {
  s_vpi_value v;
  v.format = vpiIntVal;
  v.value.integer = x;
  vpi_put_value(callh, &v, NULL, vpiNoDelay);
}

static void put_real(vpiHandle callh, double x) {
  s_vpi_value v;
  v.format = vpiRealVal;
  v.value.real = x;
  vpi_put_value(callh, &v, NULL, vpiNoDelay);
}

static void put_string(vpiHandle callh, const char *x) {
  s_vpi_value v;
  v.format = vpiStringVal;
  v.value.str = (PLI_BYTE8 *)(uintptr_t)x;
  vpi_put_value(callh, &v, NULL, vpiNoDelay);
}

static double quiet_nan(void) {
  union { uint64_t u; double d; } v = {UINT64_C(0x7ff8000000000000)};
  return v.d;
}

static PLI_INT32 mxb_calltf(PLI_BYTE8 *ud) {
  const task_t *t = (const task_t *)ud;
  args_t av;
  vpiHandle callh = vpi_handle(vpiSysTfCall, NULL);
  if (!callh) return 0;
  const call_t *c = vpi_get_userdata(callh);
  if (!c) return 0; /* compiletf rejected this call and finished the run */
  const mxb_bind_site_t *s = &c->where.site;
  if (!read_args(t, c, s, &av)) {
    if (t->ret == 'i') put_int(callh, 0);
    if (t->ret == 'r') put_real(callh, quiet_nan());
    if (t->ret == 's') put_string(callh, "");
    return 0;
  }
  const int *i = av.i;
  const double *r = av.r;
  double now = now_seconds();
  switch (t->id) {
    case T_OPEN: put_int(callh, mxb_bind_open(s, av.s[0], av.s[1])); break;
    case T_CLOSE: mxb_bind_close(s, i[0]); break;
    case T_DRIVE: mxb_bind_drive(s, now, i[0], i[1], i[2], r[0]); break;
    case T_SENSE: mxb_bind_sense(s, now, i[0], i[1], i[2], r[0]); break;
    case T_FLOAT: mxb_bind_float(s, now, i[0], i[1], i[2]); break;
    case T_SET_END:
      mxb_bind_set_end(s, now, i[0], i[1], i[2], i[3], i[4], r[0], r[1]);
      break;
    case T_ADVANCE: mxb_bind_advance(s, now, i[0]); break;
    case T_READ: put_real(callh, mxb_bind_read(s, now, i[0], i[1], i[2])); break;
    case T_END_CURRENT:
      put_real(callh, mxb_bind_end_current(s, now, i[0], i[1], i[2], i[3]));
      break;
    case T_NODE_V: put_real(callh, mxb_bind_node_v(s, now, i[0], i[1], i[2], i[3])); break;
    case T_CELL_I: put_real(callh, mxb_bind_cell_i(s, now, i[0], i[1], i[2], i[3])); break;
    case T_CELL_G:
      put_real(callh, mxb_bind_cell_g(s, now, i[0], i[1], i[2], i[3], r[0]));
      break;
    case T_ENERGY: put_real(callh, mxb_bind_energy(s, now, i[0], 0)); break;
    case T_ENERGY_CELLS: put_real(callh, mxb_bind_energy(s, now, i[0], 1)); break;
    case T_LINES: put_int(callh, mxb_bind_lines(s, i[0], i[1])); break;
    case T_DUMP_G: mxb_bind_dump_g(s, now, i[0], i[1], r[0], av.s[0]); break;
    case T_EXPORT_SPICE: mxb_bind_export_spice(s, now, i[0], av.s[0]); break;
    case T_NOW: put_real(callh, now); break;
    case T_VERSION: put_string(callh, mxb_bind_version()); break;
    case T_ERROR: mxb_bind_error(s, "%s", av.s[0]); break;
    case T_FAULT: mxb_bind_fault(s, now, i[0], i[1], i[2], i[3], av.s[0]); break;
    case T_CELL_FAULT:
      put_int(callh, mxb_bind_cell_fault(s, now, i[0], i[1], i[2], i[3]));
      break;
    case T_SET_TEMP: mxb_bind_set_temp(s, now, i[0], r[0]); break;
    case T_SET_READ_BW: mxb_bind_set_read_bw(s, now, i[0], r[0]); break;
    case T_FAULT_MAP: put_int(callh, mxb_bind_fault_map(s, now, i[0], av.s[0])); break;
    case T_CELL_STATE:
      put_real(callh, mxb_bind_cell_state(s, now, i[0], i[1], i[2], i[3], av.s[0]));
      break;
    case T_MEM_G:
      put_real(callh, mxb_bind_mem_g(s, now, i[0], i[1], i[2], i[3], r[0]));
      break;
    case T_SAVE: mxb_bind_save(s, now, i[0], av.s[0]); break;
    case T_RESTORE: mxb_bind_restore(s, now, i[0], av.s[0]); break;
    case T_LOAD_G: mxb_bind_load_g(s, now, i[0], i[1], r[0], av.s[0]); break;
    case T_STAT: put_real(callh, mxb_bind_stat(s, i[0], av.s[0])); break;
    case T_STATS: mxb_bind_print_stats(s, i[0]); break;
  }
  return 0;
}

/* Functions returning int, real or string need no sizetf in Icarus
 * (vpiIntFunc, vpiRealFunc and vpiStringFunc carry their width). */

static PLI_INT32 end_of_sim(p_cb_data cb) {
  (void)cb;
  int n = mxb_bind_error_count();
  if (n) vpi_printf("[mxb] %d error%s\n", n, n == 1 ? "" : "s");
  mxb_bind_close_all();
  return 0;
}

static void mxb_register(void) {
  mxb_bind_hooks_t h = {vpi_print_hook, vpi_stop_hook, vpi_plusarg_hook};
  mxb_bind_init(&h);
  for (size_t k = 0; k < sizeof tasks / sizeof tasks[0]; k++) {
    s_vpi_systf_data d;
    memset(&d, 0, sizeof d);
    d.type = tasks[k].ret == 't' ? vpiSysTask : vpiSysFunc;
    d.sysfunctype = tasks[k].ret == 'r' ? vpiRealFunc : tasks[k].ret == 's' ? vpiStringFunc
                                                                         : vpiIntFunc;
    d.tfname = (PLI_BYTE8 *)(uintptr_t)tasks[k].name;
    d.calltf = mxb_calltf;
    d.compiletf = mxb_compiletf;
    d.user_data = (PLI_BYTE8 *)(uintptr_t)&tasks[k];
    vpi_register_systf(&d);
  }
  s_cb_data cb;
  memset(&cb, 0, sizeof cb);
  cb.reason = cbEndOfSimulation;
  cb.cb_rtn = end_of_sim;
  vpi_register_cb(&cb);
}

__attribute__((visibility("default"))) void (*vlog_startup_routines[])(void) = {
    mxb_register, 0};
