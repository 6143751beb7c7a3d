#!/usr/bin/env bash
# mxbar: digits inference under drift (issue 17; tb/tb_mxb_digits.sv +digits_drift), the
# configurations of docs/testbenches.md, and the figure of accuracy vs time.
#
#   tests/tools/mxb_digits_drift.sh [--smoke] [verilator|icarus] [extra plusargs...]
#                                                                  (make digits-drift)
#
# Builds tb_mxb_digits once (libmxb, mxb.vpi / libmxbdpi.a and the digits data from
# $MXB_BUILD, default build/rel: `make lib vpi dpi` and the digits data first), runs it with
# +digits_drift at 300 K and 358 K, each without and with read noise (+digits_read_noise,
# 500 kHz), two runs at a time (about 4-5 min CPU each on Verilator), collects the
# "RESULT digits_drift" lines into $MXB_BUILD/digits_drift/results.txt and plots them with
# tb/tb_mxb_digits_drift.gp into docs/figures/tb_digits_drift.png. Exit status 1 if a run
# failed (its log is named).
# --smoke (the check of this script in make test, ~1 min CPU): one configuration only (358 K
# with read noise, ideal wires, 10 test samples), results and figure under
# $MXB_BUILD/digits_drift_smoke; docs/figures is not touched.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${MXB_BUILD:-$ROOT/build/rel}
smoke=0
[ "${1:-}" = --smoke ] && { smoke=1; shift; }
SIM=${1:-verilator}
shift || true
out="$BUILD/digits_drift" fig="$ROOT/docs/figures/tb_digits_drift.png"
[ "$smoke" = 1 ] && { out="$BUILD/digits_drift_smoke"; fig="$out/tb_digits_drift.png"; }
top=tb_mxb_digits
files=()
for f in rtl/mxb_pkg.sv rtl/mxb_wait_timer.sv rtl/mxb_ctrl_1s1r.sv rtl/mxb_rate_encoder.sv \
         rtl/mxb_adc_if.sv rtl/mxb_wta.sv tb/mxb_line_boundary.sv tb/tb_mxb_digits.sv; do
  files+=("$ROOT/$f")
done
dir="$out/$SIM"
rm -rf "$dir"; mkdir -p "$dir"
# shellcheck source=tests/tools/mxb_tb_build.sh
. "$ROOT/tests/tools/mxb_tb_build.sh"
mxb_tb_build "$SIM" "$top" "$dir" "${files[@]}" 2> >(sed 's/^/mxb_digits_drift: /' >&2) || exit 2
run() { mxb_tb_run +digits_dir="$BUILD/digits" "$@"; }
status=0
one() { # tag plusargs...
  local tag=$1; shift
  run +digits_drift "$@" >"$dir/$tag.log" 2>&1
  local rc=$?
  if [ "$rc" -ne 0 ] || grep -q '^ERROR:' "$dir/$tag.log" || ! grep -qF '*-* All Finished *-*' "$dir/$tag.log"; then
    echo "mxb_digits_drift: $tag failed (exit $rc), see $dir/$tag.log" >&2
    return 1
  fi
  echo "mxb_digits_drift: $tag done" >&2
}
if [ "$smoke" = 1 ]; then
  one t358_rn +digits_temp=358 +digits_read_noise +digits_ideal +digits_n=10 "$@" || status=1
else
  one t300 +digits_temp=300 "$@" & p1=$!
  one t358 +digits_temp=358 "$@" & p2=$!
  wait $p1 || status=1; wait $p2 || status=1
  one t300_rn +digits_temp=300 +digits_read_noise "$@" & p1=$!
  one t358_rn +digits_temp=358 +digits_read_noise "$@" & p2=$!
  wait $p1 || status=1; wait $p2 || status=1
fi
res="$out/results.txt"
cat "$dir"/t300.log "$dir"/t358.log "$dir"/t300_rn.log "$dir"/t358_rn.log 2>/dev/null |
  grep -E '^RESULT digits_drift' >"$res"
cat "$res"
# three instants (0, 1 h, 1 day) per configuration run
n_exp=$(( smoke == 1 ? 3 : 12 ))
[ "$(wc -l <"$res")" -eq "$n_exp" ] ||
  { echo "mxb_digits_drift: $(wc -l <"$res") RESULT lines, expected $n_exp" >&2; status=1; }
mkdir -p "$(dirname "$fig")"
gnuplot -e "in='$res'; out='$fig'" "$ROOT/tb/tb_mxb_digits_drift.gp" || status=1
exit $status
