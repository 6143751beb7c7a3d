#!/usr/bin/env bash
# mxbar test runner. Runs the C test binaries (cmocka, TAP output), the
# co-simulation testbenches of tests/sim.list under Icarus and Verilator, or
# the RTL lint, prints one line per test and closes with "N passed, N failed".
# Exit status: 0 only if every test passed and at least one ran.
#
#   tests/run_tests.sh [--c BIN...] [--sim] [--lint]
#
# Environment: MXB_SIMS="icarus verilator" (which simulators), MXB_SIM_FILTER
# (regex on test names), MXB_BUILD (build folder, default build/rel).
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${MXB_BUILD:-$ROOT/build/rel}
SIMS=${MXB_SIMS:-icarus verilator}
FILTER=${MXB_SIM_FILTER:-.}
pass=0
fail=0
failed_names=()

ok()  { pass=$((pass + 1)); printf 'PASS  %s\n' "$1"; }
bad() { fail=$((fail + 1)); failed_names+=("$1"); printf 'FAIL  %s%s\n' "$1" "${2:+  ($2)}"; }

# ---- C tests: each binary prints TAP; count every "ok"/"not ok" line.
run_c() {
  local bin name out rc n_ok n_bad
  for bin in "$@"; do
    name=$(basename "$bin")
    out=$(CMOCKA_MESSAGE_OUTPUT=tap "$bin" 2>&1); rc=$?
    n_ok=$(grep -cE '^ok ' <<<"$out")
    n_bad=$(grep -cE '^not ok ' <<<"$out")
    while read -r line; do
      case "$line" in
        "ok "*) ok "c/$name: ${line#ok * - }" ;;
        "not ok "*) bad "c/$name: ${line#not ok * - }" ;;
      esac
    done < <(grep -E '^(not )?ok ' <<<"$out")
    if [ "$rc" -ne 0 ] && [ "$n_bad" -eq 0 ]; then
      bad "c/$name" "exit status $rc"; printf '%s\n' "$out" | tail -n 20
    elif [ "$n_bad" -gt 0 ]; then
      printf '%s\n' "$out" | grep -vE '^ok ' | tail -n 40
    elif [ "$n_ok" -eq 0 ]; then
      bad "c/$name" "ran no test"
    fi
  done
}

# ---- co-simulation: tests/sim.list lines "<name> <top> <file>..."
VLT_INC=/usr/share/verilator/include/vltstd
sim_build_run() { # sim name top files...
  local sim=$1 name=$2 top=$3; shift 3
  local dir="$BUILD/sim/$name/$sim" files=() f log rc
  for f in "$@"; do files+=("$ROOT/$f"); done
  rm -rf "$dir"; mkdir -p "$dir"
  log="$dir/run.log"
  if [ "$sim" = icarus ]; then
    local vpiargs=()
    [ -f "$BUILD/vpi/mxb.vpi" ] && vpiargs=(-L"$BUILD/vpi" -m mxb)
    ( cd "$dir" && iverilog -g2012 -DMXB_ICARUS -I"$ROOT/rtl/include" -I"$ROOT/tb" -I"$ROOT/vpi" \
        "${vpiargs[@]}" -s "$top" -o sim.vvp "${files[@]}" ) >"$log" 2>&1 || return 2
    ( cd "$dir" && timeout 900 vvp -n sim.vvp +mxb_root="$ROOT" ${MXB_SIM_ARGS:-} ) >>"$log" 2>&1
    rc=$?
  else
    local dpiargs=()
    [ -f "$BUILD/vpi/libmxbdpi.a" ] && dpiargs=(-LDFLAGS "$BUILD/vpi/libmxbdpi.a $BUILD/libmxb.a -lklu -lamd -lcolamd -lbtf -lsuitesparseconfig -lcjson -lm")
    ( cd "$dir" && verilator --binary --timing --trace -Wno-fatal -j 2 \
        -I"$ROOT/rtl/include" -I"$ROOT/tb" -I"$ROOT/vpi" --top-module "$top" \
        -Mdir obj -o simx "${files[@]}" "${dpiargs[@]}" ) >"$log" 2>&1 || return 2
    ( cd "$dir" && timeout 900 ./obj/simx +mxb_root="$ROOT" ${MXB_SIM_ARGS:-} ) >>"$log" 2>&1
    rc=$?
  fi
  [ "$rc" -eq 0 ] || return 3
  grep -q '^ERROR:' "$log" && return 4
  grep -qF '*-* All Finished *-*' "$log" || return 5
  return 0
}

run_sim() {
  local list="$ROOT/tests/sim.list" name top files sim rc why
  if [ ! -f "$list" ]; then bad "sim" "no tests/sim.list"; return; fi
  while read -r name top files; do
    case "$name" in ''|'#'*) continue ;; esac
    [[ "$name" =~ $FILTER ]] || continue
    for sim in $SIMS; do
      # shellcheck disable=SC2086
      sim_build_run "$sim" "$name" "$top" $files; rc=$?
      local dir="$BUILD/sim/$name/$sim"
      if [ "$rc" -eq 0 ]; then
        ok "sim/$name [$sim]"
        rm -f "$dir"/*.vcd "$dir"/*.fst   # keep waves of failures only
        rm -rf "$dir/obj"
      else
        case $rc in 2) why="build failed";; 3) why="non-zero exit";; 4) why="ERROR line";;
                     5) why="no sentinel";; *) why="rc $rc";; esac
        bad "sim/$name [$sim]" "$why; log and waves in ${dir#$ROOT/}"
        tail -n 15 "$dir/run.log" | sed 's/^/    | /'
      fi
    done
  done < "$list"
}

run_lint() {
  local f waiver="$ROOT/lint/verilator_waiver.vlt" args=()
  [ -f "$waiver" ] && args=("$waiver")
  for f in "$ROOT"/rtl/mxb_*.sv; do
    [ "$(basename "$f")" = mxb_pkg.sv ] && continue
    local m; m=$(basename "$f" .sv)
    if out=$(verilator --lint-only -Wall -I"$ROOT/rtl/include" "${args[@]}" \
             "$ROOT/rtl/mxb_pkg.sv" "$f" --top-module "$m" 2>&1); then
      ok "lint/$m"
    else
      bad "lint/$m"; printf '%s\n' "$out" | head -n 20 | sed 's/^/    | /'
    fi
  done
}

while [ $# -gt 0 ]; do
  case "$1" in
    --c) shift; bins=(); while [ $# -gt 0 ] && [[ "$1" != --* ]]; do bins+=("$1"); shift; done
         run_c "${bins[@]}" ;;
    --sim) shift; run_sim ;;
    --lint) shift; run_lint ;;
    *) echo "usage: $0 [--c BIN...] [--sim] [--lint]" >&2; exit 2 ;;
  esac
done

if [ "${#failed_names[@]}" -gt 0 ]; then
  echo "failed:"; printf '  %s\n' "${failed_names[@]}"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
