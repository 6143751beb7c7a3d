#!/usr/bin/env bash
# mxbar on a Slurm farm (issue 21): the regression as a job array of shards, and a Monte Carlo
# sweep as a job array of seeds, each with a dependent job that gathers the results. The
# checkout (and its build folder) must be on a filesystem every node sees; run `make lib vpi
# dpi` (and make deps) first. Extra sbatch options (account, partition, time) come from
# MXB_SBATCH_OPTS.
#
#   tests/tools/mxb_slurm.sh regress N OUT [runner args...]
#       N tasks, task K running tests/run_tests.sh --shard K/N [runner args...] (default: the
#       suite of make test) with its JUnit XML in OUT/shard_K.xml and its log in
#       OUT/shard_K.log; then a job (afterany) merging them into OUT/merged.xml, its summary
#       ("N passed, N failed") in OUT/merge.log, and the shards' coverage (OUT/shard_K-coverage)
#       into the report OUT/coverage (html/index.html, summary.md; its log OUT/coverage.log).
#   tests/tools/mxb_slurm.sh mc TB K [simulator] [first seed]
#       builds the testbench here (tests/tools/mxb_mc.sh --build), then one task per seed
#       (--seed) and a job (afterany) writing the table (--table) to
#       $MXB_BUILD/mc/TB/<simulator>/table.txt.
#
# Prints the two job ids ("<array job> <gathering job>"). With MXB_SLURM_WAIT=1 it waits for
# the gathering job, prints its output and exits with its status (0: every test or seed ran
# and passed).
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${MXB_BUILD:-$ROOT/build/rel}
read -r -a OPTS <<<"${MXB_SBATCH_OPTS:-}"
usage() { sed -n '8,19p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
command -v sbatch >/dev/null || { echo "mxb_slurm: sbatch not found (Slurm client; make deps installs slurm-wlm)" >&2; exit 2; }

# submit_pair <array spec> <task command> <gather command> <gather log> <task log>
# (task log: sbatch's own output of each task, %a its index)
submit_pair() {
  local arr gather
  arr=$(sbatch --parsable "${OPTS[@]}" --job-name=mxb-tasks --array="$1" -o "$5" \
        --chdir="$ROOT" --wrap "$2") || { echo "mxb_slurm: sbatch of the tasks failed" >&2; exit 2; }
  arr=${arr%%;*}
  gather=$(sbatch --parsable "${OPTS[@]}" --job-name=mxb-gather --dependency=afterany:"$arr" \
           -o "$4" --chdir="$ROOT" ${MXB_SLURM_WAIT:+--wait} --wrap "$3")
  local rc=$?
  gather=${gather%%;*}
  echo "$arr ${gather:-?}"
  if [ -n "${MXB_SLURM_WAIT:-}" ]; then cat "$4" 2>/dev/null; exit "$rc"; fi
  [ "$rc" -eq 0 ] || { echo "mxb_slurm: sbatch of the gathering job failed" >&2; exit 2; }
}

q() { local s; s=$(printf '%q ' "$@"); printf '%s' "${s% }"; }   # words, quoted for --wrap

case "${1:-}" in
  regress)
    N=${2:-} OUT=${3:-}
    [[ "$N" =~ ^[1-9][0-9]*$ ]] && [ -n "$OUT" ] || usage
    shift 3
    [ $# -gt 0 ] || set -- --c "$BUILD"/tests/test_* --lint --sim --tools --cocotb
    mkdir -p "$OUT"; OUT=$(cd "$OUT" && pwd)
    rm -rf "$OUT"/shard_*.xml "$OUT"/shard_*.log "$OUT"/task_*.out "$OUT"/merged.xml \
      "$OUT"/shard_*-coverage
    task="MXB_BUILD=$(q "$BUILD") MXB_COVERAGE= MXB_JUNIT=$(q "$OUT")/shard_\$SLURM_ARRAY_TASK_ID.xml \
$(q "$ROOT/tests/run_tests.sh") --shard \$SLURM_ARRAY_TASK_ID/$N $(q "$@") \
>$(q "$OUT")/shard_\$SLURM_ARRAY_TASK_ID.log 2>&1"
    shards=() ; for ((k = 1; k <= N; k++)); do shards+=("$OUT/shard_$k.xml"); done
    # the shards' coverage first (of those that ran Verilator; its output in coverage.log),
    # recorded as the testcase coverage/report in OUT/coverage.xml when there was any, which
    # the JUnit merge then takes with the shards; the job's status is the JUnit merge's
    gather="rm -rf $(q "$OUT/coverage" "$OUT/coverage.xml"); \
python3 $(q "$ROOT/tests/tools/mxb_coverage.py" --junit "$OUT/coverage.xml" "$OUT/coverage") \
$(q "$OUT")/shard_*-coverage/coverage.dat >$(q "$OUT/coverage.log") 2>&1; \
$(q "$ROOT/.venv/bin/python" "$ROOT/tests/tools/mxb_junit_merge.py" "$OUT/merged.xml" "${shards[@]}") \
\$(ls $(q "$OUT/coverage.xml") 2>/dev/null)"
    submit_pair "1-$N" "$task" "$gather" "$OUT/merge.log" "$OUT/task_%a.out"
    ;;
  mc)
    TB=${2:-} K=${3:-} SIM=${4:-verilator} FIRST=${5:-1}
    [ -n "$TB" ] && [[ "$K" =~ ^[1-9][0-9]*$ ]] && [[ "$FIRST" =~ ^[0-9]+$ ]] || usage
    MXB_BUILD=$BUILD "$ROOT/tests/tools/mxb_mc.sh" --build "$TB" "$K" "$SIM" "$FIRST" || exit 2
    mc=$(q "$ROOT/tests/tools/mxb_mc.sh")
    task="MXB_BUILD=$(q "$BUILD") $mc --seed \$SLURM_ARRAY_TASK_ID $(q "$TB" "$K" "$SIM" "$FIRST")"
    gather="MXB_BUILD=$(q "$BUILD") $mc --table $(q "$TB" "$K" "$SIM" "$FIRST")"
    submit_pair "$FIRST-$((FIRST + K - 1))" "$task" "$gather" "$BUILD/mc/$TB/$SIM/table.txt" \
      "$BUILD/mc/$TB/$SIM/task_%a.out"
    ;;
  *) usage ;;
esac
