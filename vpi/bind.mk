# mxbar simulator bindings (included by the top Makefile).
#   make vpi        $(BUILD)/vpi/mxb.vpi       Icarus VPI module (libmxb linked in)
#                   $(BUILD)/vpi/mxb.sft       its function return types, for run-time loading
#   make dpi        $(BUILD)/vpi/libmxbdpi.a   Verilator DPI-C objects (link with libmxb.a)
#   make dpi-check  the C side of every import/export against Verilator's __Dpi.h
#   make bench-bind calls per second of $mxb_read on a 64x64 array (both simulators, C)
.PHONY: vpi dpi dpi-check bench-bind

VPI_OUT   := $(BUILD)/vpi
VPI_HDR   := vpi/mxb_bind.h $(wildcard models_c/include/mxb/*.h)
# Simulator headers are system headers here: their own warnings are not ours.
IVL_INC   := $(shell iverilog-vpi --cflags 2>/dev/null | tr ' ' '\n' | sed -n 's/^-I//p')
IVL_LIBS  := $(shell iverilog-vpi --ldflags 2>/dev/null) $(shell iverilog-vpi --ldlibs 2>/dev/null)
VLT_ROOT  := $(shell verilator --getenv VERILATOR_ROOT 2>/dev/null)
VLT_STD   := $(if $(VLT_ROOT),$(VLT_ROOT)/include/vltstd,/usr/share/verilator/include/vltstd)
BIND_CFLAGS := $(CFLAGS) -I$(ROOT)/vpi -isystem $(IVL_INC) -isystem $(VLT_STD)

vpi: $(VPI_OUT)/mxb.vpi $(VPI_OUT)/mxb.sft
dpi: $(VPI_OUT)/libmxbdpi.a $(VPI_OUT)/libmxb.ldlibs

$(VPI_OUT)/%.o: vpi/%.c $(VPI_HDR)
	@mkdir -p $(@D)
	$(CC) $(BIND_CFLAGS) -c $< -o $@

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
$(VPI_OUT)/libmxbdpi.a: $(VPI_OUT)/mxb_dpi.o $(VPI_OUT)/mxb_bind.o
	@rm -f $@
	ar rcs $@ $^

$(VPI_OUT)/libmxb.ldlibs: Makefile
	@mkdir -p $(@D)
	@echo '$(LDLIBS)' >$@

# Generate the DPI header of a module that includes mxb.svh, then compile
# mxb_dpi.c with that header force-included: any difference between the SV
# declarations and the C definitions is a compile error. (The header declares
# argument-less functions C++-style as f(), hence -Wno-strict-prototypes.)
dpi-check: $(VPI_OUT)/libmxbdpi.a
	@mkdir -p $(VPI_OUT)/dpi_hdr
	verilator --dpi-hdr-only --timing -I$(ROOT)/vpi -Mdir $(VPI_OUT)/dpi_hdr \
	  --cc vpi/mxb_dpi_check.sv --top-module mxb_dpi_check
	$(CC) -fsyntax-only $(BIND_CFLAGS) -Wno-strict-prototypes -include $(VPI_OUT)/dpi_hdr/Vmxb_dpi_check__Dpi.h \
	  vpi/mxb_dpi.c
	@echo "dpi-check: mxb_dpi.c matches Vmxb_dpi_check__Dpi.h"

SIM_DEPS += vpi dpi dpi-check

# ---- benchmark
$(BUILD)/bench/bind/mxb_bind_bench: vpi/mxb_bind_bench.c $(VPI_OUT)/mxb_bind.o $(LIBA) $(VPI_HDR)
	@mkdir -p $(@D)
	$(CC) $(BIND_CFLAGS) $< $(VPI_OUT)/mxb_bind.o -o $@ $(LIBA) $(LDLIBS)

bench-bind: lib vpi dpi $(BUILD)/bench/bind/mxb_bind_bench
	@vpi/bench_bind.sh $(BUILD) $(BENCH_BIND_N)

BENCH_BIND_N ?= 200000
BENCH_TARGETS += bench-bind
