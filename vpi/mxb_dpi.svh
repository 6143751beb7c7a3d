// mxbar bindings for Verilator: DPI-C imports bound to the $mxb_* names (the
// same names Icarus gets from mxb.vpi) and the three exports the C side
// (mxb_dpi.c) calls back. Included by mxb.svh under `ifdef VERILATOR; do not
// include it directly.
//
// Why an include and not a package: the exports must live in the calling
// module so that mxb_dpi_now_s() divides $realtime by 1s in *that* module's
// time unit, and so the C side reaches them through the caller's scope
// (every import is `context`). Include mxb.svh once in each module body that
// calls $mxb_*.
//
// Handles are int (Icarus 11 has no chandle); 0 is never valid.
//
// Argument kinds are checked by Verilator against these declarations, except
// one case no SV declaration can catch: a string literal where a real is
// expected ($mxb_drive(h, 0, 0, "0.5")) is an integral value in SV and is
// converted to a number (3157557.0) without a warning, even under -Wall and
// through a wrapper function with a `real` argument (checked on 5.006); the
// core's drive range check rejects it at run time. Icarus's compiletf rejects
// it before time 0.

import "DPI-C" context mxb_dpi_open =
  function int \$mxb_open (input string card, input string overrides);
import "DPI-C" context mxb_dpi_close =
  function void \$mxb_close (input int h);
import "DPI-C" context mxb_dpi_drive =
  function void \$mxb_drive (input int h, input int plane, input int line, input real volts);
import "DPI-C" context mxb_dpi_sense =
  function void \$mxb_sense (input int h, input int plane, input int line, input real r_sense);
import "DPI-C" context mxb_dpi_float =
  function void \$mxb_float (input int h, input int plane, input int line);
import "DPI-C" context mxb_dpi_set_end =
  function void \$mxb_set_end (input int h, input int plane, input int line, input int line_end,
                               input int kind, input real value, input real r);
import "DPI-C" context mxb_dpi_advance =
  function void \$mxb_advance (input int h);
import "DPI-C" context mxb_dpi_read =
  function real \$mxb_read (input int h, input int plane, input int line);
import "DPI-C" context mxb_dpi_end_current =
  function real \$mxb_end_current (input int h, input int plane, input int line,
                                   input int line_end);
import "DPI-C" context mxb_dpi_node_v =
  function real \$mxb_node_v (input int h, input int plane, input int line, input int pos);
import "DPI-C" context mxb_dpi_cell_i =
  function real \$mxb_cell_i (input int h, input int layer, input int row, input int col);
import "DPI-C" context mxb_dpi_cell_g =
  function real \$mxb_cell_g (input int h, input int layer, input int row, input int col,
                              input real v_read);
import "DPI-C" context mxb_dpi_energy =
  function real \$mxb_energy (input int h);
import "DPI-C" context mxb_dpi_energy_cells =
  function real \$mxb_energy_cells (input int h);
import "DPI-C" context mxb_dpi_lines =
  function int \$mxb_lines (input int h, input int plane);
import "DPI-C" context mxb_dpi_dump_g =
  function void \$mxb_dump_g (input int h, input int layer, input real v_read, input string path);
import "DPI-C" context mxb_dpi_export_spice =
  function void \$mxb_export_spice (input int h, input string path);
import "DPI-C" context mxb_dpi_now =
  function real \$mxb_now ();
import "DPI-C" context mxb_dpi_fault =
  function void \$mxb_fault (input int h, input int layer, input int row, input int col,
                             input string kind);
import "DPI-C" context mxb_dpi_cell_fault =
  function int \$mxb_cell_fault (input int h, input int layer, input int row, input int col);
import "DPI-C" context mxb_dpi_set_temp =
  function void \$mxb_set_temp (input int h, input real kelvin);
import "DPI-C" context mxb_dpi_set_read_bw =
  function void \$mxb_set_read_bw (input int h, input real hz);
import "DPI-C" context mxb_dpi_fault_map =
  function int \$mxb_fault_map (input int h, input string path);
import "DPI-C" context mxb_dpi_version =
  function string \$mxb_version ();
import "DPI-C" context mxb_dpi_error =
  function void \$mxb_error (input string message);
// issue 19 (appended)
import "DPI-C" context mxb_dpi_cell_state =
  function real \$mxb_cell_state (input int h, input int layer, input int row, input int col,
                                  input string name);
import "DPI-C" context mxb_dpi_mem_g =
  function real \$mxb_mem_g (input int h, input int layer, input int row, input int col,
                             input real v_read);
import "DPI-C" context mxb_dpi_save =
  function void \$mxb_save (input int h, input string path);
import "DPI-C" context mxb_dpi_restore =
  function void \$mxb_restore (input int h, input string path);
import "DPI-C" context mxb_dpi_load_g =
  function void \$mxb_load_g (input int h, input int layer, input real v_read, input string path);
import "DPI-C" context mxb_dpi_stat =
  function real \$mxb_stat (input int h, input string name);
import "DPI-C" context mxb_dpi_stats =
  function void \$mxb_stats (input int h);

// Simulation time in seconds. $realtime is in this module's time unit and the
// literal 1s is one second in that unit, so this works whatever `timescale or
// timeunit the including module has. To get the very double Icarus computes
// (integer ticks / 10^-precision, a correctly rounded quotient), go through
// whole femtoseconds: fs = round($realtime * fs per unit), then fs / 1e15.
// (1s is a power of ten, but release 5.006 of Verilator computes the literal
// inexactly, 999999999.99999988 in a 1 ns module, hence the rounding to an
// integer.) Exact to the femtosecond up to about 9 s of simulated time.
// Beyond 9223 s the femtoseconds leave a longint: whole picoseconds then (to
// 1e2 days), and so on by factors of 1000 (was: the count wrapped, and a call
// at 1 day of simulated time asked the array for -5834 s).
// ($realtime goes through a variable first: in `$realtime * x` release 5.006
// of Verilator used the integer $time.) Units above 1 s are handled too.
export "DPI-C" function mxb_dpi_now_s;
function automatic real mxb_dpi_now_s();
  real per_s, rt, x, per_tick;
  longint fs_per_unit;
  per_s = 1s;
  rt = $realtime;
  if (per_s >= 0.5) fs_per_unit = longint'(1.0e15 / real'(longint'(per_s)));
  else fs_per_unit = longint'(1.0e15 * real'(longint'(1.0 / per_s)));
  x = rt * real'(fs_per_unit);
  per_tick = 1.0e15;
  while (x >= 9.0e18 || x <= -9.0e18) begin
    x = x / 1.0e3;
    per_tick = per_tick / 1.0e3;
  end
  return real'(longint'(x)) / per_tick;
endfunction

// +name=value, for +mxb_seed and +mxb_root.
export "DPI-C" function mxb_dpi_plusarg;
function automatic int mxb_dpi_plusarg(input string name, output string value);
  value = "";
  return $value$plusargs({name, "=%s"}, value);
endfunction

// Called after an ERROR line: end the simulation (the C side sets exit status 1).
export "DPI-C" function mxb_dpi_finish;
function automatic void mxb_dpi_finish();
  $finish;
endfunction
