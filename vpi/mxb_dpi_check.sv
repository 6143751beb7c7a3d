// Compiled only by `make dpi-check` (verilator --dpi-hdr-only): a module that
// includes mxb.svh, so Verilator writes the C prototypes of every $mxb_*
// import and export into Vmxb_dpi_check__Dpi.h.
`timescale 1ns/1ps
module mxb_dpi_check;
`include "mxb.svh"
endmodule
