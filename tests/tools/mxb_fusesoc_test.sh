#!/usr/bin/env bash
# mxbar through FuseSoC (issue 20): `fusesoc run` of mxbar.core's sim target (the quick-start
# testbench tb/tb_mxb_quickstart.sv) from the checkout, then a user's core in a temporary
# folder outside the checkout that depends on mxbar (the quick start renamed tb_user), from
# the checkout and from an installed mxbar (make install into a temporary prefix, the core
# in <prefix>/share/mxbar); every run in its own temporary work root, on each simulator.
# A run passes on fusesoc's exit status 0, the sentinel, the card it must have opened and
# the seed it was given; both simulators must print the same currents; a missing build
# must stop fusesoc with the generator's message.
#
#   tests/tools/mxb_fusesoc_test.sh [simulator...]     (default: icarus verilator)
#
# fusesoc is the project virtualenv's (.venv, make deps), or $FUSESOC. The checkout route
# uses $MXB_BUILD (default build/rel; skipped for a sanitizer build, whose archives need
# the sanitizer runtimes at link time). Prints one "PASS <what>" / "FAIL <what>" line per
# step; exit status 1 if any failed.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${MXB_BUILD:-$ROOT/build/rel}
SIMS=${*:-icarus verilator}
FUSESOC=${FUSESOC:-$ROOT/.venv/bin/fusesoc}
work=$(mktemp -d /tmp/mxb_fusesoc.XXXXXX)
prefix=$(mktemp -d /tmp/mxb_fusesoc_prefix.XXXXXX)
trap 'rm -rf "$work" "$prefix"' EXIT
status=0
pass() { echo "PASS  fusesoc/$1"; }
fail() { # what [log]
  echo "FAIL  fusesoc/$1"; status=1
  [ -n "${2:-}" ] && [ -f "$2" ] && tail -n 15 "$2" | sed 's/^/    | /'
}
step() { # what log command...
  local what=$1 log=$2; shift 2
  if "$@" >"$log" 2>&1; then pass "$what"; else fail "$what" "$log"; fi
}
# ran_ok log card_dir seed: the sentinel, the card from card_dir, the seed given as +mxb_seed
ran_ok() {
  grep -qF '*-* All Finished *-*' "$1" && grep -qF "card=$2/ecm_1s1r_4x4.json" "$1" &&
    grep -qF "seed=$3 (+mxb_seed)" "$1" && grep -q '^cell (2, 5) at 0.7 V: ' "$1"
}

if [ ! -x "$FUSESOC" ]; then
  fail "fusesoc found"; echo "    | no $FUSESOC: run make deps (fusesoc into .venv)"; exit 1
fi
ver=$(sed -n 's/^#define MXB_VERSION_STRING "\(.*\)"/\1/p' "$ROOT/models_c/include/mxb/version.h")
step "core version" "$work/version.log" grep -qx "name: ::mxbar:$ver" "$ROOT/mxbar.core"

# the user's project: its testbench and its core, outside the checkout
mkdir -p "$work/user"
sed 's/\btb_mxb_quickstart\b/tb_user/' "$ROOT/tb/tb_mxb_quickstart.sv" >"$work/user/tb_user.sv"
cat >"$work/user/tb_user.core" <<'EOF'
CAPI=2:
name: user:demo:tb_user:1.0
filesets:
  tb:
    files: [tb_user.sv]
    file_type: systemVerilogSource
    depend: [mxbar]
parameters:
  mxb_seed: {datatype: int, default: 1, paramtype: plusarg}
targets:
  sim:
    default_tool: icarus
    filesets: [tb]
    parameters: [mxb_seed]
    toplevel: tb_user
    tools:
      verilator:
        mode: binary
EOF

declare -A result
san=0
nm -D --undefined-only "$BUILD/vpi/mxb.vpi" 2>/dev/null | grep -q __asan_ && san=1
for sim in $SIMS; do
  case $sim in icarus|verilator) ;; *) fail "simulator '$sim' (icarus or verilator)"; continue ;; esac
  if [ "$san" = 1 ]; then
    echo "(fusesoc checkout route [$sim]: skipped in the sanitizer build $BUILD)"
  else
    # mxbar.core's own target, from the checkout
    log="$work/checkout-$sim.log"
    step "mxbar sim target [$sim, checkout]" "$log" env MXB_BUILD="$BUILD" bash -c \
      'cd "$1" && "$2" --cores-root "$3" run --target sim --tool "$4" --work-root "$1/checkout-$4" mxbar --mxb_seed=7' \
      _ "$work" "$FUSESOC" "$ROOT" "$sim"
    if ran_ok "$log" "$ROOT/models_c/cards" 7; then pass "mxbar sim target result [$sim, checkout]"
    else fail "mxbar sim target result [$sim, checkout]" "$log"; fi
    result[$sim]=$(grep '^cell (2, 5)' "$log")
    # the user's core depending on mxbar, from the checkout
    log="$work/user-$sim.log"
    step "user core [$sim, checkout]" "$log" env MXB_BUILD="$BUILD" bash -c \
      'cd "$1" && "$2" --cores-root "$3" --cores-root "$1/user" run --target sim --tool "$4" --work-root "$1/user-$4" user:demo:tb_user --mxb_seed=3' \
      _ "$work" "$FUSESOC" "$ROOT" "$sim"
    if ran_ok "$log" "$ROOT/models_c/cards" 3; then pass "user core result [$sim, checkout]"
    else fail "user core result [$sim, checkout]" "$log"; fi
  fi
done
if [ -n "${result[icarus]:-}" ] && [ -n "${result[verilator]:-}" ]; then
  if [ "${result[icarus]}" = "${result[verilator]}" ]; then pass "same currents on icarus and verilator"
  else fail "same currents on icarus and verilator"
    printf '    | icarus:    %s\n    | verilator: %s\n' "${result[icarus]}" "${result[verilator]}"; fi
fi

# a build folder without the bindings: the generator stops fusesoc and says what to run
mkdir -p "$work/empty"
if [ "$san" = 0 ]; then
  log="$work/nobuild.log"
  if env MXB_BUILD="$work/empty" bash -c 'cd "$1" && "$2" --cores-root "$3" run --target sim --tool icarus --work-root "$1/nobuild" mxbar' \
       _ "$work" "$FUSESOC" "$ROOT" >"$log" 2>&1; then
    fail "missing build is an error" "$log"
  elif grep -qF "mxbar FuseSoC generator: ERROR: mxbar build folder $work/empty lacks vpi/mxb.vpi" "$log" &&
       grep -qF 'run `make lib vpi dpi`' "$log"; then
    pass "missing build is an error"
  else
    fail "missing build is an error" "$log"
  fi
fi

# the installed core (its generator reads the installed mxbar.pc; MXB_BUILD not consulted)
step "make install" "$work/install.log" make -C "$ROOT" --no-print-directory install PREFIX="$prefix"
for sim in $SIMS; do
  case $sim in icarus|verilator) ;; *) continue ;; esac
  log="$work/installed-$sim.log"
  step "user core [$sim, installed]" "$log" env MXB_BUILD="$work/empty" bash -c \
    'cd "$1" && "$2" --cores-root "$3" --cores-root "$1/user" run --target sim --tool "$4" --work-root "$1/installed-$4" user:demo:tb_user --mxb_seed=5' \
    _ "$work" "$FUSESOC" "$prefix/share/mxbar" "$sim"
  if ran_ok "$log" "$prefix/share/mxbar/cards" 5 &&
     grep -qF "mxbar-link.core from the installed mxbar ($prefix/lib/pkgconfig/mxbar.pc)" "$log"; then
    pass "user core result [$sim, installed]"
  else fail "user core result [$sim, installed]" "$log"; fi
done
step "make uninstall" "$work/uninstall.log" make -C "$ROOT" --no-print-directory uninstall PREFIX="$prefix"
exit $status
