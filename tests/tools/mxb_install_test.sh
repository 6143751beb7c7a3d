#!/usr/bin/env bash
# mxbar out-of-tree use (issue 20): install into a temporary prefix, copy the quick-start
# testbench (tb/tb_mxb_quickstart.sv) and a C program to a temporary folder outside the
# checkout, build and run them with nothing but pkg-config's answers and the installed files
# (Icarus, Verilator, C against the shared library), then uninstall and check nothing is left.
#
#   tests/tools/mxb_install_test.sh [simulator...]     (default: icarus verilator)
#
# Prints one "PASS <what>" / "FAIL <what>" line per step; exit status 1 if any failed.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SIMS=${*:-icarus verilator}
prefix=$(mktemp -d /tmp/mxb_prefix.XXXXXX)
work=$(mktemp -d /tmp/mxb_user.XXXXXX)
trap 'rm -rf "$prefix" "$work"' EXIT
status=0
step() { # what command...
  local what=$1; shift
  if "$@" >"$work/log" 2>&1; then echo "PASS  install/$what"
  else echo "FAIL  install/$what"; tail -n 15 "$work/log" | sed 's/^/    | /'; status=1; fi
}
# a run passes on exit status 0 and the sentinel, and must have opened the installed card
ran_ok() { # log
  grep -qF '*-* All Finished *-*' "$1" && grep -qF "card=$prefix/share/mxbar/cards/" "$1"
}

step "make install" make -C "$ROOT" --no-print-directory install PREFIX="$prefix"
export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
cp "$ROOT/tb/tb_mxb_quickstart.sv" "$work/"
cd "$work" || exit 2
step "pkg-config" test "$(pkg-config --modversion mxbar)" = \
  "$(sed -n 's/^#define MXB_VERSION_STRING "\(.*\)"/\1/p' "$ROOT/models_c/include/mxb/version.h")"
svinc=$(pkg-config --variable=svincludedir mxbar)
for sim in $SIMS; do
  case $sim in
    icarus)
      step "icarus build" iverilog -g2012 -I"$svinc" -L"$(pkg-config --variable=vpidir mxbar)" -m mxb \
        -o qs.vvp tb_mxb_quickstart.sv
      step "icarus run" bash -c 'vvp -n qs.vvp >icarus.log 2>&1'
      step "icarus result" ran_ok icarus.log
      # mxb loaded only by vvp (cocotb's way): the return types from the installed mxb.sft
      step "icarus build (run-time loading)" iverilog -g2012 -I"$svinc" -o qs_rt.vvp \
        tb_mxb_quickstart.sv "$(pkg-config --variable=sftfile mxbar)"
      step "icarus run (run-time loading)" bash -c \
        'vvp -n -M "$(pkg-config --variable=vpidir mxbar)" -m mxb qs_rt.vvp >icarus_rt.log 2>&1'
      step "icarus result (run-time loading)" ran_ok icarus_rt.log ;;
    verilator)
      step "verilator build" verilator --binary --timing -Wno-fatal -j 2 -I"$svinc" \
        tb_mxb_quickstart.sv -LDFLAGS "$(pkg-config --variable=dpi_libs mxbar)"
      step "verilator run" bash -c './obj_dir/Vtb_mxb_quickstart >verilator.log 2>&1'
      step "verilator result" ran_ok verilator.log ;;
  esac
done
cat >c_user.c <<'CEOF'
#include <stdio.h>
#include <string.h>
#include <mxb/mxb.h>
int main(void) {
  mxb_ctx_t *ctx = mxb_ctx_new(1);
  char path[1024];  /* the installed card folder, compiled into the library */
  snprintf(path, sizeof path, "%s/threshold_memristor.json", mxb_card_dir());
  mxb_device_t *d = mxb_device_load(ctx, path, "");
  if (!d) { fprintf(stderr, "%s\n", mxb_ctx_errmsg(ctx)); return 1; }
  printf("%s\n", mxb_card_dir());
  fprintf(stderr, "mxbar %s (compiled against %s)\n", mxb_version(), MXB_VERSION_STRING);
  int same = strcmp(mxb_version(), MXB_VERSION_STRING) == 0;
  mxb_device_free(d);
  mxb_ctx_free(ctx);
  return same ? 0 : 1;
}
CEOF
# shellcheck disable=SC2046
step "C build (shared)" cc -std=c11 c_user.c -o c_user $(pkg-config --cflags --libs mxbar) \
  -Wl,-rpath,"$(pkg-config --variable=libdir mxbar)"
step "C run" ./c_user
step "C card folder" test "$(./c_user 2>/dev/null)" = "$(pkg-config --variable=carddir mxbar)"
step "make uninstall" make -C "$ROOT" --no-print-directory uninstall PREFIX="$prefix"
step "nothing left" test -z "$(find "$prefix" -type f -o -type l)"
exit $status
