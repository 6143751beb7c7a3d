#!/usr/bin/env bash
# mxbar Monte Carlo helper (issue 17): run one testbench of tests/sim.list over K seeds and
# collect its result lines into one table.
#
#   tests/tools/mxb_mc.sh [--build | --seed S | --table] <testbench> <K> [simulator] [first seed]
#                                                                  (make mc TB=... K=...)
#
# <testbench> is the name of a tests/sim.list line (its top and files are taken from there;
# its own +mxb_seed is replaced by seeds first .. first + K - 1, other plusargs are kept);
# simulator: verilator (default) or icarus. The testbench is built once (libmxb, mxb.vpi and
# libmxbdpi.a from $MXB_BUILD, default build/rel: run `make lib vpi dpi` first). Each run's
# lines starting "RESULT <tag>" with fields key=value (numbers) are collected; the table
# gives, per numeric field, the mean, the standard deviation (spread), the minimum and the
# maximum over the seeds, and the seeds of both extremes ("worst" depends on the field), then
# the runs that failed (exit status, ERROR line or no sentinel, or no run at all). Exit
# status 1 if any failed.
# Without an option it does all three steps here; the options do one step each, so that the
# runs can be spread over a farm (tests/tools/mxb_slurm.sh mc: --build here, one Slurm task
# per --seed, a dependent --table), in the folder $MXB_BUILD/mc/<testbench>/<simulator>.
set -u
STEP=all SEED=
case "${1:-}" in
  --build) STEP=build; shift ;;
  --table) STEP=table; shift ;;
  --seed) STEP=seed; SEED=${2:-}; shift 2 ;;
esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${MXB_BUILD:-$ROOT/build/rel}
TB=${1:?usage: mxb_mc.sh <testbench> <K> [verilator|icarus] [first seed]}
K=${2:?usage: mxb_mc.sh <testbench> <K> [verilator|icarus] [first seed]}
SIM=${3:-verilator}
FIRST=${4:-1}
[[ "$K" =~ ^[0-9]+$ && "$K" -ge 1 ]] || { echo "mxb_mc: K=$K is not a positive count" >&2; exit 2; }
[[ "$FIRST" =~ ^[0-9]+$ ]] || { echo "mxb_mc: first seed $FIRST is not a non-negative integer" >&2; exit 2; }
if [ "$STEP" = seed ] && { ! [[ "$SEED" =~ ^[0-9]+$ ]] || [ "$SEED" -lt "$FIRST" ] || [ "$SEED" -ge $((FIRST + K)) ]; }; then
  echo "mxb_mc: --seed '$SEED' is not one of the seeds $FIRST..$((FIRST + K - 1))" >&2; exit 2
fi
line=$(awk -v n="$TB" '$1 == n {print; exit}' "$ROOT/tests/sim.list")
[ -n "$line" ] || { echo "mxb_mc: no line '$TB' in tests/sim.list" >&2; exit 2; }
read -r _ top rest <<<"$line"
files=() plus=()
for tok in $rest; do
  case "$tok" in
    *.sv) files+=("$ROOT/$tok") ;;
    +mxb_seed=*) ;;
    +*) plus+=("$tok") ;;
  esac
done
dir="$BUILD/mc/$TB/$SIM"
# shellcheck source=tests/tools/mxb_tb_build.sh
. "$ROOT/tests/tools/mxb_tb_build.sh"
if [ "$STEP" = all ] || [ "$STEP" = build ]; then
  rm -rf "$dir"; mkdir -p "$dir"
  mxb_tb_build "$SIM" "$top" "$dir" "${files[@]}" 2> >(sed 's/^/mxb_mc: /' >&2) || exit 2
  [ "$STEP" = build ] && exit 0
else
  TB_SIM=$SIM TB_TOP=$top TB_DIR=$dir   # built by an earlier --build
  [ -d "$dir" ] || { echo "mxb_mc: $dir does not exist: run --build first" >&2; exit 2; }
fi
# One seed: its log, exit status and result lines in seed<S>.{log,rc,res}.
run_seed() {
  local s=$1 log="$dir/seed$1.log" rc
  mxb_tb_run "${plus[@]}" +mxb_seed="$s" >"$log" 2>&1; rc=$?
  grep -E '^RESULT ' "$log" | sed "s/^/seed=$s /" >"$dir/seed$s.res"
  echo "$rc" >"$dir/seed$s.rc"
  printf 'mxb_mc: %s seed %d done (exit %d)\n' "$TB" "$s" "$rc" >&2
}
if [ "$STEP" = seed ]; then run_seed "$SEED"; exit 0; fi
if [ "$STEP" = all ]; then
  for ((s = FIRST; s < FIRST + K; s++)); do run_seed "$s"; done
fi
res="$dir/results.txt"; : >"$res"
failed=()
for ((s = FIRST; s < FIRST + K; s++)); do
  log="$dir/seed$s.log"
  if [ ! -s "$dir/seed$s.rc" ]; then failed+=("seed $s (did not run)"); continue; fi
  rc=$(cat "$dir/seed$s.rc")
  if [ "$rc" -ne 0 ] || grep -q '^ERROR:' "$log" || ! grep -qF '*-* All Finished *-*' "$log"; then
    failed+=("seed $s (exit $rc, $(grep -m1 -E '^(ERROR|FATAL|%Fatal)' "$log" | cut -c1-100))")
  fi
  cat "$dir/seed$s.res" >>"$res"
done
echo "# $TB on $SIM, seeds $FIRST..$((FIRST + K - 1)): $(wc -l <"$res") result lines ($res)"
awk '
  { seed = ""; for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == "seed" && seed == "") seed = kv[2] }
    for (i = 1; i <= NF; i++) {
      if ($i !~ /=/) continue
      split($i, kv, "="); k = kv[1]; v = kv[2]
      if (k == "seed" || v !~ /^-?[0-9.]+([eE][-+]?[0-9]+)?$/) continue
      if (!(k in n)) order[++nk] = k
      n[k]++; s[k] += v; ss[k] += v * v
      if (!(k in mn) || v < mn[k]) { mn[k] = v; smn[k] = seed }
      if (!(k in mx) || v > mx[k]) { mx[k] = v; smx[k] = seed }
    } }
  END {
    printf "%-18s %6s %12s %12s %12s %12s  %s\n", "field", "runs", "mean", "spread(sd)", "min", "max", "seeds of min / max"
    for (j = 1; j <= nk; j++) { k = order[j]; m = s[k] / n[k]; var = ss[k] / n[k] - m * m
      printf "%-18s %6d %12.5g %12.5g %12.5g %12.5g  %s / %s\n", k, n[k], m, sqrt(var > 0 ? var : 0), mn[k], mx[k], smn[k], smx[k] } }
' "$res"
if [ "${#failed[@]}" -gt 0 ]; then
  echo "# failed runs: ${#failed[@]} of $K"
  printf '#   %s\n' "${failed[@]}"
  exit 1
fi
echo "# failed runs: 0 of $K"
