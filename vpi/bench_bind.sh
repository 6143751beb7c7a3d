#!/usr/bin/env bash
# Binding benchmark (make bench-bind): calls per second of $mxb_read on a
# 64x64 array under Icarus (VPI) and Verilator (DPI), and the overhead per
# call against libmxb called directly from C.
#   vpi/bench_bind.sh <build dir> [N]
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$1
N=${2:-200000}
OUT="$BUILD/bench/bind"
CARD="$ROOT/tests/cards/bind_2d_lin.json"
mkdir -p "$OUT/icarus" "$OUT/verilator"
LIBS=$(cat "$BUILD/vpi/libmxb.ldlibs")   # make dpi writes it: the Makefile's LDLIBS

calc() { awk "BEGIN { print $* }"; }
secs() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null; t1=$(date +%s.%N); calc "$t1 - $t0"; }

echo "== C: libmxb direct and through the binding layer ($N reads)"
c_out=$("$OUT/mxb_bind_bench" "$CARD" "rows=64,cols=64" "$N")
c_direct=$(sed -n 's/^c_direct_ns //p' <<<"$c_out")
c_bind=$(sed -n 's/^c_bind_ns //p' <<<"$c_out")

echo "== Icarus: build"
( cd "$OUT/icarus" && iverilog -g2012 -I"$ROOT/vpi" -L"$BUILD/vpi" -m mxb -o bench.vvp \
    "$ROOT/tb/tb_mxb_bind_bench.sv" )
echo "== Verilator: build"
rm -rf "$OUT/verilator/obj"   # the libraries are not make dependencies of simx
( cd "$OUT/verilator" && verilator --binary --timing -O3 -Wno-fatal -j 2 -I"$ROOT/vpi" \
    --top-module tb_mxb_bind_bench -Mdir obj -o simx "$ROOT/tb/tb_mxb_bind_bench.sv" \
    -LDFLAGS "$BUILD/vpi/libmxbdpi.a $BUILD/libmxb.a $LIBS" >build.log 2>&1 )

run_ns() { # dir cmd...: ns per call: N calls minus the same loop without them (best of 3)
  local dir=$1; shift
  local best0=1e9 bestn=1e9 t k
  for k in 1 2 3; do
    t=$(cd "$dir" && secs "$@" +mxb_root="$ROOT" +n="$N" +noop); best0=$(calc "($t < $best0) ? $t : $best0")
    t=$(cd "$dir" && secs "$@" +mxb_root="$ROOT" +n="$N"); bestn=$(calc "($t < $bestn) ? $t : $bestn")
  done
  calc "($bestn - $best0) / $N * 1e9"
}
echo "== runs ($N reads, best of 3, minus the same loop without the call)"
ivl=$(run_ns "$OUT/icarus" vvp -n bench.vvp)
vlt=$(run_ns "$OUT/verilator" ./obj/simx)

printf '\n%-36s %12s %12s %14s\n' "\$mxb_read, 64x64 array" "ns/call" "calls/s" "overhead ns"
row() { printf '%-36s %12.1f %12.0f %14s\n' "$1" "$2" "$(calc "1e9 / $2")" "$3"; }
row "C: mxb_array_sense_current" "$c_direct" "-"
row "C: mxb_bind_read (handle + checks)" "$c_bind" "$(calc "$c_bind - $c_direct")"
row "Verilator 5.006 DPI: \$mxb_read" "$vlt" "$(calc "$vlt - $c_direct")"
row "Icarus 11 VPI: \$mxb_read" "$ivl" "$(calc "$ivl - $c_direct")"
printf '\nratio Verilator/C %.2f, Icarus/C %.2f (per call, against libmxb called from C;\n' \
  "$(calc "$vlt / $c_direct")" "$(calc "$ivl / $c_direct")"
echo "overhead = simulator call + binding layer; the model's own cost is the first row)"
