// mxbar: main() of a Verilator testbench built with coverage (issue 21). Verilator 5.006's
// --binary main runs the model to $finish but never writes coverage; this one is that main
// (same loop, same exit) plus, in a model built with --coverage, the coverage data written
// at the end to the file named by +mxb_cov_file=PATH (default coverage.dat in the working
// folder), for verilator_coverage to merge.
//
//   verilator --cc --exe --build --timing --coverage --top-module TOP \
//             -CFLAGS -DMXB_VTOP=VTOP ... vpi/mxb_vlt_main.cpp
//
// (--binary is --main --exe --build --timing: use --exe --build --timing with this file
// instead of --binary.)
#include <memory>
#include <string>

#include "verilated.h"
#include "verilated_cov.h"
#ifndef MXB_VTOP
#error "build with -CFLAGS -DMXB_VTOP=V<top module> (the model's class)"
#endif
#define MXB_STR_(x) #x
#define MXB_STR(x) MXB_STR_(x)
#include MXB_STR(MXB_VTOP.h)

int main(int argc, char **argv) {
  Verilated::debug(0);
  const std::unique_ptr<VerilatedContext> contextp{new VerilatedContext};
#if VM_TRACE
  contextp->traceEverOn(true);  // as --binary's main: $dumpvars needs it before time 0
#endif
  contextp->commandArgs(argc, argv);
  const std::unique_ptr<MXB_VTOP> topp{new MXB_VTOP{contextp.get()}};
  while (!contextp->gotFinish()) {
    topp->eval();
    if (!topp->eventsPending()) break;
    contextp->time(topp->nextTimeSlot());
  }
  topp->final();
#if VM_COVERAGE
  // written after final() so that final blocks' coverage counts; a run stopped by $fatal or
  // an error exits inside the model and writes none (only passing runs are merged)
  const char *arg = contextp->commandArgsPlusMatch("mxb_cov_file=");
  std::string path = (arg && *arg) ? std::string(arg).substr(sizeof "+mxb_cov_file=" - 1)
                                   : std::string("coverage.dat");
  contextp->coveragep()->write(path.c_str());
#endif
  return 0;
}
