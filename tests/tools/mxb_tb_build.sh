# mxbar: build one testbench for repeated runs (sourced by tests/tools/mxb_mc.sh,
# tests/tools/mxb_digits_drift.sh and, for the sanitizer settings, tests/run_tests.sh; needs ROOT and BUILD set, libmxb, mxb.vpi and libmxbdpi.a
# built in $BUILD).
#
#   mxb_tb_build <icarus|verilator> <top> <dir> <file>...   (absolute file paths)
#   mxb_tb_run [plusarg...]                                  (in <dir>, +mxb_root given)
#
# mxb_tb_build returns 2 after printing why (unknown simulator, build failed: see
# <dir>/build.log).

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
    (cd "$TB_DIR" && verilator --binary --timing -Wno-fatal -j 2 -I"$ROOT/rtl/include" -I"$ROOT/tb" \
       -I"$ROOT/vpi" --top-module "$TB_TOP" -Mdir obj -o simx "$@" -LDFLAGS \
       "$BUILD/vpi/libmxbdpi.a $TB_DIR/obj/V${TB_TOP}__ALL.a $BUILD/libmxb.a $(cat "$BUILD/vpi/libmxb.ldlibs") $SIM_SAN_LD") \
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
