# Array engine benchmark: solver vs ngspice, solver alone up to N = 1024,
# ideal-wire reads vs a plain MVM loop. BENCH_ARRAY_ARGS="<max ngspice N>
# <max solver N>" (ngspice runs once per size and needs 80-300 s at 128; the
# iterative solver takes a few seconds at 1024).
BENCH_ARRAY_ARGS ?= 128 1024
BENCH_TARGETS += bench-array
.PHONY: bench-array

$(BUILD)/bench/bench_array: bench/bench_array.c $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -I$(ROOT)/models_c/src $< -o $@ $(LIBA) $(LDLIBS)

bench-array: $(BUILD)/bench/bench_array
	@echo "== bench-array"
	@$(BUILD)/bench/bench_array $(BENCH_ARRAY_ARGS)
