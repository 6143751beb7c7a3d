/* mxbar bindings for Verilator 5.006: the C side of the DPI-C imports declared
 * in mxb_dpi.svh (bound there to the $mxb_* names, so a testbench reads the
 * same on Icarus and Verilator). Built with gcc into libmxbdpi.a and checked
 * against the __Dpi.h that Verilator generates (make dpi-check).
 *
 * Every import is a `context` import: the caller's file:line comes from
 * svGetCallerInfo, and three functions exported by mxb_dpi.svh in the
 * caller's module give the time in seconds ($realtime / 1s in that module's
 * time unit), read plusargs, and call $finish. On an error the ERROR line is
 * printed, $finish is called, and the process exit status becomes 1 (an
 * atexit handler; Verilator's generated main always returns 0), so final
 * blocks still run and wave files are closed. $finish takes effect at the end
 * of the time step: the statements after the failed call and the other
 * processes of the step still run, and their $mxb_* calls return at once
 * without acting or printing (mxb_bind.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "svdpi.h"

#include "mxb_bind.h"

/* Exported from SV (mxb_dpi.svh). */
extern double mxb_dpi_now_s(void);
extern int mxb_dpi_plusarg(const char *name, const char **value);
extern void mxb_dpi_finish(void);

/* Imported by SV (mxb_dpi.svh); declared here for -Wmissing-prototypes, and
 * checked against Verilator's __Dpi.h by make dpi-check. */
int mxb_dpi_open(const char *card, const char *overrides);
void mxb_dpi_close(int h);
void mxb_dpi_drive(int h, int plane, int line, double volts);
void mxb_dpi_sense(int h, int plane, int line, double r_sense);
void mxb_dpi_float(int h, int plane, int line);
void mxb_dpi_set_end(int h, int plane, int line, int end, int kind, double value,
                     double r);
void mxb_dpi_advance(int h);
double mxb_dpi_read(int h, int plane, int line);
double mxb_dpi_end_current(int h, int plane, int line, int end);
double mxb_dpi_node_v(int h, int plane, int line, int pos);
double mxb_dpi_cell_i(int h, int layer, int row, int col);
double mxb_dpi_cell_g(int h, int layer, int row, int col, double v_read);
double mxb_dpi_energy(int h);
double mxb_dpi_energy_cells(int h);
int mxb_dpi_lines(int h, int plane);
void mxb_dpi_dump_g(int h, int layer, double v_read, const char *path);
void mxb_dpi_export_spice(int h, const char *path);
double mxb_dpi_now(void);
void mxb_dpi_fault(int h, int layer, int row, int col, const char *kind);
int mxb_dpi_cell_fault(int h, int layer, int row, int col);
void mxb_dpi_set_temp(int h, double kelvin);
void mxb_dpi_set_read_bw(int h, double hz);
int mxb_dpi_fault_map(int h, const char *path);
const char *mxb_dpi_version(void);
void mxb_dpi_error(const char *msg);
double mxb_dpi_cell_state(int h, int layer, int row, int col, const char *name);
double mxb_dpi_mem_g(int h, int layer, int row, int col, double v_read);
void mxb_dpi_save(int h, const char *path);
void mxb_dpi_restore(int h, const char *path);
void mxb_dpi_load_g(int h, int layer, double v_read, const char *path);
double mxb_dpi_stat(int h, const char *name);
void mxb_dpi_stats(int h);

static int initialised;
static int failed;

static void dpi_print(const char *text) {
  fputs(text, stdout);
  fflush(stdout);
}

static void exit_failed(void) {
  if (failed) {
    fflush(NULL);
    _exit(1);
  }
}

static void dpi_stop(void) {
  if (!failed) {
    failed = 1;
    atexit(exit_failed);
  }
  mxb_dpi_finish();
}

static int dpi_plusarg(const char *name, char *buf, int n) {
  const char *v = NULL;
  if (!mxb_dpi_plusarg(name, &v)) return 0;
  snprintf(buf, (size_t)n, "%s", v ? v : "");
  return 1;
}

static void at_exit_close(void) { mxb_bind_close_all(); }

static void init_once(void) {
  if (initialised) return;
  mxb_bind_hooks_t h = {dpi_print, dpi_stop, dpi_plusarg};
  mxb_bind_init(&h);
  atexit(at_exit_close);
  initialised = 1;
}

/* The caller's site; sv file names are owned by Verilator. */
static mxb_bind_site_t site(const char *task) {
  mxb_bind_site_t s = {"?", 0, task};
  const char *f = NULL;
  int l = 0;
  init_once();
  if (svGetCallerInfo(&f, &l) && f) {
    s.file = f;
    s.line = l;
  }
  return s;
}

int mxb_dpi_open(const char *card, const char *overrides) {
  mxb_bind_site_t s = site("$mxb_open");
  return mxb_bind_open(&s, card, overrides);
}

void mxb_dpi_close(int h) {
  mxb_bind_site_t s = site("$mxb_close");
  mxb_bind_close(&s, h);
}

void mxb_dpi_drive(int h, int plane, int line, double volts) {
  mxb_bind_site_t s = site("$mxb_drive");
  mxb_bind_drive(&s, mxb_dpi_now_s(), h, plane, line, volts);
}

void mxb_dpi_sense(int h, int plane, int line, double r_sense) {
  mxb_bind_site_t s = site("$mxb_sense");
  mxb_bind_sense(&s, mxb_dpi_now_s(), h, plane, line, r_sense);
}

void mxb_dpi_float(int h, int plane, int line) {
  mxb_bind_site_t s = site("$mxb_float");
  mxb_bind_float(&s, mxb_dpi_now_s(), h, plane, line);
}

void mxb_dpi_set_end(int h, int plane, int line, int end, int kind, double value,
                     double r) {
  mxb_bind_site_t s = site("$mxb_set_end");
  mxb_bind_set_end(&s, mxb_dpi_now_s(), h, plane, line, end, kind, value, r);
}

void mxb_dpi_advance(int h) {
  mxb_bind_site_t s = site("$mxb_advance");
  mxb_bind_advance(&s, mxb_dpi_now_s(), h);
}

double mxb_dpi_read(int h, int plane, int line) {
  mxb_bind_site_t s = site("$mxb_read");
  return mxb_bind_read(&s, mxb_dpi_now_s(), h, plane, line);
}

double mxb_dpi_end_current(int h, int plane, int line, int end) {
  mxb_bind_site_t s = site("$mxb_end_current");
  return mxb_bind_end_current(&s, mxb_dpi_now_s(), h, plane, line, end);
}

double mxb_dpi_node_v(int h, int plane, int line, int pos) {
  mxb_bind_site_t s = site("$mxb_node_v");
  return mxb_bind_node_v(&s, mxb_dpi_now_s(), h, plane, line, pos);
}

double mxb_dpi_cell_i(int h, int layer, int row, int col) {
  mxb_bind_site_t s = site("$mxb_cell_i");
  return mxb_bind_cell_i(&s, mxb_dpi_now_s(), h, layer, row, col);
}

double mxb_dpi_cell_g(int h, int layer, int row, int col, double v_read) {
  mxb_bind_site_t s = site("$mxb_cell_g");
  return mxb_bind_cell_g(&s, mxb_dpi_now_s(), h, layer, row, col, v_read);
}

double mxb_dpi_energy(int h) {
  mxb_bind_site_t s = site("$mxb_energy");
  return mxb_bind_energy(&s, mxb_dpi_now_s(), h, 0);
}

double mxb_dpi_energy_cells(int h) {
  mxb_bind_site_t s = site("$mxb_energy_cells");
  return mxb_bind_energy(&s, mxb_dpi_now_s(), h, 1);
}

int mxb_dpi_lines(int h, int plane) {
  mxb_bind_site_t s = site("$mxb_lines");
  return mxb_bind_lines(&s, h, plane);
}

void mxb_dpi_dump_g(int h, int layer, double v_read, const char *path) {
  mxb_bind_site_t s = site("$mxb_dump_g");
  mxb_bind_dump_g(&s, mxb_dpi_now_s(), h, layer, v_read, path);
}

void mxb_dpi_export_spice(int h, const char *path) {
  mxb_bind_site_t s = site("$mxb_export_spice");
  mxb_bind_export_spice(&s, mxb_dpi_now_s(), h, path);
}

void mxb_dpi_fault(int h, int layer, int row, int col, const char *kind) {
  mxb_bind_site_t s = site("$mxb_fault");
  mxb_bind_fault(&s, mxb_dpi_now_s(), h, layer, row, col, kind);
}

int mxb_dpi_cell_fault(int h, int layer, int row, int col) {
  mxb_bind_site_t s = site("$mxb_cell_fault");
  return mxb_bind_cell_fault(&s, mxb_dpi_now_s(), h, layer, row, col);
}

void mxb_dpi_set_temp(int h, double kelvin) {
  mxb_bind_site_t s = site("$mxb_set_temp");
  mxb_bind_set_temp(&s, mxb_dpi_now_s(), h, kelvin);
}

void mxb_dpi_set_read_bw(int h, double hz) {
  mxb_bind_site_t s = site("$mxb_set_read_bw");
  mxb_bind_set_read_bw(&s, mxb_dpi_now_s(), h, hz);
}

int mxb_dpi_fault_map(int h, const char *path) {
  mxb_bind_site_t s = site("$mxb_fault_map");
  return mxb_bind_fault_map(&s, mxb_dpi_now_s(), h, path);
}

double mxb_dpi_now(void) {
  init_once();
  return mxb_dpi_now_s();
}

const char *mxb_dpi_version(void) { return mxb_bind_version(); }

void mxb_dpi_error(const char *msg) {
  mxb_bind_site_t s = site("$mxb_error");
  mxb_bind_error(&s, "%s", msg ? msg : "");
}

double mxb_dpi_cell_state(int h, int layer, int row, int col, const char *name) {
  mxb_bind_site_t s = site("$mxb_cell_state");
  return mxb_bind_cell_state(&s, mxb_dpi_now_s(), h, layer, row, col, name);
}

double mxb_dpi_mem_g(int h, int layer, int row, int col, double v_read) {
  mxb_bind_site_t s = site("$mxb_mem_g");
  return mxb_bind_mem_g(&s, mxb_dpi_now_s(), h, layer, row, col, v_read);
}

void mxb_dpi_save(int h, const char *path) {
  mxb_bind_site_t s = site("$mxb_save");
  mxb_bind_save(&s, mxb_dpi_now_s(), h, path);
}

void mxb_dpi_restore(int h, const char *path) {
  mxb_bind_site_t s = site("$mxb_restore");
  mxb_bind_restore(&s, mxb_dpi_now_s(), h, path);
}

void mxb_dpi_load_g(int h, int layer, double v_read, const char *path) {
  mxb_bind_site_t s = site("$mxb_load_g");
  mxb_bind_load_g(&s, mxb_dpi_now_s(), h, layer, v_read, path);
}

double mxb_dpi_stat(int h, const char *name) {
  mxb_bind_site_t s = site("$mxb_stat");
  return mxb_bind_stat(&s, h, name);
}

void mxb_dpi_stats(int h) {
  mxb_bind_site_t s = site("$mxb_stats");
  mxb_bind_print_stats(&s, h);
}
