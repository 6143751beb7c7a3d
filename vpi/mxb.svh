// mxbar: the one include a testbench uses to call the crossbar models, on
// Icarus Verilog 11 (VPI module mxb.vpi) and Verilator 5.006 (DPI-C,
// libmxbdpi.a) alike. Include it inside each module body that calls $mxb_*:
//
//   module tb;
//     `include "mxb.svh"
//     int h;
//     initial begin
//       h = $mxb_open("tests/cards/bind_2d_thr.json", "cell.v_set=1.2");
//       $mxb_drive(h, 0, 0, 0.2);  $mxb_sense(h, 1, 0, 0.0);
//       #10ns $display("%g A", $mxb_read(h, 1, 0));
//       $mxb_close(h);
//     end
//   endmodule
//
// API (h: int handle, 0 never valid; plane 0 = rows/word lines, 1 = columns/
// bit lines of a 2D or 1S1R array; end 0 = A (index 0 end), 1 = B; kind 0
// float, 1 voltage, 2 current, 3 sense). Every call acts at the current
// simulation time, in seconds, whatever the module's time unit:
//   int  $mxb_open(string card, string overrides)   +mxb_seed=N, +mxb_root=DIR;
//                                 the override "seed=N" gives the array its own seed;
//                                 card: an array or device card (1x1), looked up from
//                                 the working directory, +mxb_root, $MXB_CARD_PATH, the
//                                 installed cards
//   void $mxb_close(h)
//   void $mxb_drive(h, plane, line, real volts)      ideal source at end A
//   void $mxb_sense(h, plane, line, real r_sense)    0 V through r (0: TIA)
//   void $mxb_float(h, plane, line)
//   void $mxb_set_end(h, plane, line, end, kind, real value, real r)
//   void $mxb_advance(h)                             integrate up to now
//   real $mxb_read(h, plane, line)                   A into the sense load(s)
//   real $mxb_end_current(h, plane, line, end)       A from the source into the line
//   real $mxb_node_v(h, plane, line, pos)            V of a line node
//   real $mxb_cell_i(h, layer, row, col)             A through a cell, top to bottom
//   real $mxb_cell_g(h, layer, row, col, real v_read)  S of a cell at v_read
//   real $mxb_energy(h)                              J drawn from the sources
//   real $mxb_energy_cells(h)                        J dissipated in the cells
//   int  $mxb_lines(h, plane)                        lines in a plane
//   void $mxb_dump_g(h, layer, real v_read, string path)   conductance map file
//   void $mxb_export_spice(h, string path)           ngspice netlist of now
//   real $mxb_now()                                  simulation time in seconds
//   string $mxb_version()                            mxbar's version, "MAJOR.MINOR.PATCH"
//   void $mxb_error(string message)                  report a testbench-detected error
//                                                    the mxbar way and stop (see below)
// Probes (issue 19):
//   real $mxb_cell_state(h, layer, row, col, string name)  a stored state value now:
//                                                    "w" (memory first, then selector),
//                                                    "memory.w", "selector.x"
//   real $mxb_mem_g(h, layer, row, col, real v_read) S of the memory alone (selector
//                                                    ON): what program-and-verify aims at
// Checkpoints (issue 19; the file is checked against the card, shape and format on load):
//   void $mxb_save(h, string path)                   the array's whole state now
//   void $mxb_restore(h, string path)                back to a saved state; the array's clock
//                                                    then runs on from its saved time (a call
//                                                    d after the restore acts at t_saved + d)
//   void $mxb_load_g(h, layer, real v_read, string path)  set a layer from a conductance
//                                                    map ($mxb_dump_g's format)
// What the solver did (issue 19; totals since open, C: mxb_array_solver_stats):
//   real $mxb_stat(h, string name)                   op_solves, op_fast, op_lean, net_solves,
//                                                    net_iterative, net_klu, fallbacks, newton,
//                                                    cg, factorisations, refactorisations,
//                                                    advances, solve_s, advance_s, last_path
//                                                    (0 none 1 fast 2 lean 3 iterative 4 klu),
//                                                    last_newton, last_cg
//   void $mxb_stats(h)                               print them on one "[mxb] solver" line
// Non-idealities (docs/nonideal.md; card section "nonideal", overrides
// "nonideal.<key>", e.g. "nonideal.read_noise=1,nonideal.faults=1"):
//   void $mxb_fault(h, layer, row, col, string kind)  kind: none (heals), stuck_on,
//                                                    stuck_off, open, short; from now on
//   int  $mxb_cell_fault(h, layer, row, col)         0 none, 1 stuck_on, 2 stuck_off,
//                                                    3 open, 4 short (wear-outs included)
//   void $mxb_set_temp(h, real kelvin)               array temperature from now on
//   void $mxb_set_read_bw(h, real hz)                read-noise sense bandwidth
//   int  $mxb_fault_map(h, string path)              write the fault map; returns the
//                                                    number of faulty cells
// Errors print "ERROR: file:line: $mxb_<task>: ..." and end the simulation
// with exit status 1; a failed real read returns NaN (test with mxb_is_nan,
// not x != x, which Verilator folds). The first error stops the run: later
// $mxb_* calls return 0 or NaN without acting or printing. (Icarus ends the
// calling process at the failed call; Verilator still runs the rest of the
// time step, so a $display right after a failed read shows nan there.) Call from clocked or event processes,
// never from always_comb or continuous assignments.
//
// Build: see the README, "Simulator bindings". No include guard on purpose:
// each including module needs its own copy of the declarations.

`ifdef VERILATOR
`include "mxb_dpi.svh"
`endif

// 1 if x is NaN (the models' "unknown"): exponent all ones, mantissa non-zero, i.e. the bits
// without the sign above those of infinity (every bit used: clean under verilator -Wall).
function automatic bit mxb_is_nan(input real x);
  logic [63:0] b;
  b = $realtobits(x);
  return (b & 64'h7fff_ffff_ffff_ffff) > 64'h7ff0_0000_0000_0000;
endfunction
