// mxb_wait_timer.sv -- the wait counter of the controller FSMs (mxb_ctrl_1s1r, mxb_ctrl_3d).
//
// Both controllers sequence a cell operation as timed phases: a settling time (bias before a
// read or a pulse, relaxation after it), a pulse width, and the timeout of an ADC answer.
// This block holds the one down counter they share and the three wait lengths, in clock
// cycles (the controllers convert their seconds with mxb_pkg::secs_to_cycles).
//
//   start_settle_i / start_pulse_i / start_timeout_i   start a wait of SettleCycles /
//       PulseCycles / TimeoutCycles cycles at this clock edge (at most one at a time;
//       starting a wait abandons the one running);
//   done_o   high in the last cycle of the wait (registered: cnt_q == 0), and from then on
//       until the next start.
// A wait of N cycles started at edge t (the edge where the FSM enters its waiting state)
// gives done_o high from edge t + N - 1, so an FSM that leaves the state on done_o spends
// exactly N cycles in it.  Without a start the counter runs down to 0 and stays there.

`include "mxb_assert.svh"

module mxb_wait_timer #(
  parameter int SettleCycles  = 1,   // settling wait, clock cycles (>= 1)
  parameter int PulseCycles   = 1,   // pulse width, clock cycles (>= 1)
  parameter int TimeoutCycles = 1    // ADC answer timeout, clock cycles (>= 1)
) (
  input  logic clk_i,
  input  logic rst_ni,
  input  logic start_settle_i,
  input  logic start_pulse_i,
  input  logic start_timeout_i,
  output logic done_o
);
  timeunit 1ns;
  timeprecision 1ps;
  import mxb_pkg::*;

  localparam int CntMax = (PulseCycles > SettleCycles)
                        ? ((PulseCycles > TimeoutCycles) ? PulseCycles : TimeoutCycles)
                        : ((SettleCycles > TimeoutCycles) ? SettleCycles : TimeoutCycles);
  localparam int CntW   = cnt_width(CntMax);
  localparam logic [CntW-1:0] SettleLast  = CntW'(SettleCycles - 1);
  localparam logic [CntW-1:0] PulseLast   = CntW'(PulseCycles - 1);
  localparam logic [CntW-1:0] TimeoutLast = CntW'(TimeoutCycles - 1);

  logic [CntW-1:0] cnt_d, cnt_q;

  always_comb begin
    cnt_d = cnt_q;
    if (start_settle_i) begin
      cnt_d = SettleLast;
    end else if (start_pulse_i) begin
      cnt_d = PulseLast;
    end else if (start_timeout_i) begin
      cnt_d = TimeoutLast;
    end else if (cnt_q != '0) begin
      cnt_d = cnt_q - 1'b1;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      cnt_q <= '0;
    end else begin
      cnt_q <= cnt_d;
    end
  end

  assign done_o = (cnt_q == '0);

  `ASSERT_INIT(ParamCycles, SettleCycles >= 1 && PulseCycles >= 1 && TimeoutCycles >= 1)
  `ASSERT(OneStart, $onehot0({start_settle_i, start_pulse_i, start_timeout_i}))

endmodule
