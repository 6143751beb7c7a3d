// mxb_assert.svh -- assertion macros for mxbar RTL.
//
// Usage (inside a module that has clk_i / rst_ni):
//   `ASSERT(NameA, req_i |-> ##[1:4] ack_o)              // concurrent, default clk/rst
//   `ASSERT(NameB, a |-> b, clk_i, !rst_ni)               // explicit clock and disable
//   `ASSERT_INIT(NameC, Rows >= 1)                        // parameter check at time 0
//   `ASSERT_KNOWN(NameD, dac_o)                           // no X/Z after reset
//   `COVER(NameE, state_q == S_RETRY)                     // functional coverage point
//
// Icarus Verilog 11 has no concurrent SVA (and is picky about immediate assertions in
// generate scopes), so under `__ICARUS__ every macro expands to nothing.  Defining
// MXB_NO_ASSERT (e.g. for synthesis or a lint pass without --assert) also removes them.
// Under Verilator the macros expand to SVA that Verilator 5.006 accepts.  Concurrent
// assertions are only checked when the model is built with --assert (--binary does not
// imply it); ASSERT_INIT is a plain if/$fatal in an initial block and always runs.
//
// Modelled on lowRISC prim_assert.sv and PULP common_cells assertions.svh.

`ifndef MXB_ASSERT_SVH
`define MXB_ASSERT_SVH

`ifdef __ICARUS__
  `define MXB_NO_ASSERT
`endif

`ifdef MXB_NO_ASSERT

`define ASSERT(__name, __prop, __clk = clk_i, __rst = !rst_ni)
`define ASSERT_INIT(__name, __prop)
`define ASSERT_KNOWN(__name, __sig, __clk = clk_i, __rst = !rst_ni)
`define COVER(__name, __prop, __clk = clk_i, __rst = !rst_ni)

`else

// Concurrent assertion, sampled on the rising edge of __clk, disabled while __rst is true.
`define ASSERT(__name, __prop, __clk = clk_i, __rst = !rst_ni)          \
  __name: assert property (@(posedge __clk) disable iff (__rst) (__prop)) \
    else $error("[ASSERT FAILED] %m: %s", `"__name`");

// Immediate check at time zero; meant for parameter (elaboration-constant) ranges.
`define ASSERT_INIT(__name, __prop)                                      \
  initial begin : __name                                                 \
    if (!(__prop)) $fatal(1, "[ASSERT_INIT FAILED] %m: %s", `"__name`"); \
  end

// The signal must never be X/Z while out of reset.
`define ASSERT_KNOWN(__name, __sig, __clk = clk_i, __rst = !rst_ni) \
  `ASSERT(__name, !$isunknown(__sig), __clk, __rst)

// Functional coverage point: counted on every rising edge of __clk where __prop holds, out of
// reset. Verilator counts it in a model built with --coverage (or --coverage-user); the
// regression merges the counts of every testbench (tests/run_tests.sh, docs/farm.md "Coverage"), and
// a point that no testbench reaches is listed there.
`define COVER(__name, __prop, __clk = clk_i, __rst = !rst_ni)            \
  __name: cover property (@(posedge __clk) disable iff (__rst) (__prop));

`endif

`endif // MXB_ASSERT_SVH
