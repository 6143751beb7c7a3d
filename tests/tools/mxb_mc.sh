#!/usr/bin/env bash
# mxbar Monte Carlo helper (issue 17): run one testbench of tests/sim.list over K seeds and
# collect its result lines into one table.
#
#   tests/tools/mxb_mc.sh <testbench> <K> [simulator] [first seed]     (make mc TB=... K=...)
#
# <testbench> is the name of a tests/sim.list line (its top and files are taken from there;
# its own +mxb_seed is replaced by seeds first .. first + K - 1, other plusargs are kept);
# simulator: verilator (default) or icarus. The testbench is built once (libmxb, mxb.vpi and
# libmxbdpi.a from $MXB_BUILD, default build/rel: run `make lib vpi dpi` first). Each run's
# lines starting "RESULT <tag>" with fields key=value (numbers) are collected; the table
# gives, per numeric field, the mean, the standard deviation (spread), the minimum and the
# maximum over the seeds, and the seeds of both extremes ("worst" depends on the field), then
# the runs that failed (exit status, ERROR line or no sentinel). Exit status 1 if any failed.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${MXB_BUILD:-$ROOT/build/rel}
TB=${1:?usage: mxb_mc.sh <testbench> <K> [verilator|icarus] [first seed]}
K=${2:?usage: mxb_mc.sh <testbench> <K> [verilator|icarus] [first seed]}
SIM=${3:-verilator}
FIRST=${4:-1}
[[ "$K" =~ ^[0-9]+$ && "$K" -ge 1 ]] || { echo "mxb_mc: K=$K is not a positive count" >&2; exit 2; }
[[ "$FIRST" =~ ^[0-9]+$ ]] || { echo "mxb_mc: first seed $FIRST is not a non-negative integer" >&2; exit 2; }
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
rm -rf "$dir"; mkdir -p "$dir"
# shellcheck source=tests/tools/mxb_tb_build.sh
. "$ROOT/tests/tools/mxb_tb_build.sh"
mxb_tb_build "$SIM" "$top" "$dir" "${files[@]}" 2> >(sed 's/^/mxb_mc: /' >&2) || exit 2
run() { mxb_tb_run "${plus[@]}" +mxb_seed="$1"; }
res="$dir/results.txt"; : >"$res"
failed=()
for ((s = FIRST; s < FIRST + K; s++)); do
  log="$dir/seed$s.log"
  run "$s" >"$log" 2>&1; rc=$?
  if [ "$rc" -ne 0 ] || grep -q '^ERROR:' "$log" || ! grep -qF '*-* All Finished *-*' "$log"; then
    failed+=("seed $s (exit $rc, $(grep -m1 -E '^(ERROR|FATAL|%Fatal)' "$log" | cut -c1-100))")
  fi
  grep -E '^RESULT ' "$log" | sed "s/^/seed=$s /" >>"$res"
  printf 'mxb_mc: %s seed %d done (exit %d)\n' "$TB" "$s" "$rc" >&2
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
