# mxbar: build one testbench for repeated runs (sourced by tests/tools/mxb_mc.sh and
# tests/tools/mxb_digits_drift.sh; needs ROOT and BUILD set, libmxb, mxb.vpi and libmxbdpi.a
# built in $BUILD).
#
#   mxb_tb_build <icarus|verilator> <top> <dir> <file>...   (absolute file paths)
#   mxb_tb_run [plusarg...]                                  (in <dir>, +mxb_root given)
#
# mxb_tb_build returns 2 after printing why (unknown simulator, build failed: see
# <dir>/build.log).
mxb_tb_build() {
  TB_SIM=$1 TB_TOP=$2 TB_DIR=$3
  shift 3
  if [ "$TB_SIM" = icarus ]; then
    (cd "$TB_DIR" && iverilog -g2012 -DMXB_ICARUS -I"$ROOT/rtl/include" -I"$ROOT/tb" -I"$ROOT/vpi" \
       -L"$BUILD/vpi" -m mxb -s "$TB_TOP" -o sim.vvp "$@") >"$TB_DIR/build.log" 2>&1
  elif [ "$TB_SIM" = verilator ]; then
    (cd "$TB_DIR" && verilator --binary --timing -Wno-fatal -j 2 -I"$ROOT/rtl/include" -I"$ROOT/tb" \
       -I"$ROOT/vpi" --top-module "$TB_TOP" -Mdir obj -o simx "$@" -LDFLAGS \
       "$BUILD/vpi/libmxbdpi.a $TB_DIR/obj/V${TB_TOP}__ALL.a $BUILD/libmxb.a -lklu -lamd -lcolamd -lbtf -lsuitesparseconfig -lcjson -lm") \
       >"$TB_DIR/build.log" 2>&1
  else
    echo "simulator '$TB_SIM' is not verilator or icarus" >&2; return 2
  fi || { echo "build failed, see $TB_DIR/build.log" >&2; return 2; }
}

mxb_tb_run() {
  if [ "$TB_SIM" = icarus ]; then
    (cd "$TB_DIR" && vvp -n sim.vvp +mxb_root="$ROOT" "$@")
  else
    (cd "$TB_DIR" && obj/simx +mxb_root="$ROOT" "$@")
  fi
}
