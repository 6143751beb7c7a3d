# Array engine benchmark: solver vs ngspice, solver alone up to N = 1024,
# ideal-wire reads vs a plain MVM loop. BENCH_ARRAY_ARGS="<max ngspice N>
# <max solver N>" (default 128 256; ngspice needs ~100 s at 128; the direct
# solver grows ~N^3, so 1024 takes hours until the line-relaxation path lands).
BENCH_ARRAY_ARGS ?= 128 256
BENCH_TARGETS += bench-array
.PHONY: bench-array

$(BUILD)/bench/bench_array: bench/bench_array.c $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $< -o $@ $(LIBA) $(LDLIBS)

bench-array: $(BUILD)/bench/bench_array
	@echo "== bench-array"
	@$(BUILD)/bench/bench_array $(BENCH_ARRAY_ARGS)
