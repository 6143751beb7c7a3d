// Unit test of tb/mxb_line_boundary on a 4x4 crossbar of linear resistors
// (tests/cards/bind_2d_lin.json, g = 2e-5 S, ideal wires), where every
// current has a closed form: with rows driven at V_r and column c sensed
// through R, V_c = g sum(V_r) / (4 g + 1/R) and the sensed current V_c / R.
// Checks:
//   - handle 0: the boundary is idle (no model call, probes at 0);
//   - drive (signed DAC codes, negative included) / sense (RSenseOhm) / float
//     reach the model: sensed currents and cell currents as computed;
//   - a code change on a held drive line is applied;
//   - ADC: adc_req at a rising edge gives adc_valid for exactly one rising
//     edge from the next falling edge; every sensed slot's code is
//     round(I / IFullA * (2^W - 1)) of $mxb_read, non-sensed slots read 0, a
//     negative current reads 0, a current above full scale reads the maximum;
//   - a new handle (fresh array, every line floating) gets every slot applied
//     again at the next edge.
// Negative cases (tests/sim.list, both simulators unless said): the undefined
// mode 2'b11 (+bnd_bad_mode), and, Icarus only (Verilator is 2-state), an X
// DAC code on a driven line (+bnd_x_dac), an X mode (+bnd_x_mode) and an X
// ADC request (+bnd_x_req) after the handle is given: each must stop the run
// with one ERROR line naming the line.
`timescale 1ns/1ps
module tb_mxb_line_boundary;
`include "mxb.svh"
  localparam real G = 2e-5, R = 1e3, IFull = 2e-5, Lsb = 0.01;
  localparam int  W = 10, Max = (1 << W) - 1;
  localparam logic [1:0] F = 2'd0, D = 2'd1, S = 2'd2;

  logic clk = 1'b0;
  always #5 clk = ~clk;
  int h = 0, n_bad = 0, n4 = 4;
  logic [7:0][1:0] mode = '0;
  logic [7:0][9:0] dac = '0;
  logic req = 1'b0, valid;
  logic [7:0][W-1:0] code;

  mxb_line_boundary #(.Planes(2), .Lines(4), .DacWidth(10), .DacLsbV(Lsb), .AdcWidth(W),
                      .IFullA(IFull), .RSenseOhm(R)) u_bnd (
    .clk_i(clk), .handle_i(h), .mode_i(mode), .dac_i(dac), .adc_req_i(req),
    .adc_valid_o(valid), .adc_code_o(code));

  function automatic real absr(input real x);
    return x < 0.0 ? -x : x;
  endfunction

  task automatic check(input string what, input real got, input real want, input real atol);
    if (mxb_is_nan(got) || absr(got - want) > atol) begin
      $display("ERROR: %s: got %g, want %g", what, got, want);
      n_bad++;
    end else $display("ok: %s = %g", what, got);
  endtask

  function automatic int adc_of(input real amps);
    real x;
    x = amps / IFull * Max;
    if (x > Max) x = Max;
    if (x < 0.0) x = 0.0;
    return $rtoi(x + 0.5);
  endfunction

  // expected sensed current of a column with rows at v[0..3] (volts)
  function automatic real i_col(input real v0, input real v1, input real v2, input real v3);
    return G * (v0 + v1 + v2 + v3) / (4 * G + 1.0 / R) / R;
  endfunction

  // ADC conversion: request at a rising edge, check the handshake, return after valid
  task automatic convert;
    int n_valid;
    @(negedge clk);
    req = 1'b1;
    @(negedge clk);
    req = 1'b0;
    #1;                                  // after the falling edge's updates
    if (!valid) begin
      $display("ERROR: adc_valid not high on the falling edge after the request");
      n_bad++;
    end
    n_valid = 0;
    repeat (3) begin
      @(posedge clk);
      if (valid) n_valid++;
    end
    if (n_valid != 1) begin
      $display("ERROR: adc_valid seen at %0d rising edges, want 1", n_valid);
      n_bad++;
    end
    @(negedge clk);                      // stimulus changes only at falling edges
  endtask

  task automatic check_codes(input string what);
    real i;
    for (int s = 0; s < 8; s++) begin
      if (s >= 4 && mode[s] == S) begin
        i = $mxb_read(h, 1, s - 4);
        if (int'(code[s]) != adc_of(i)) begin
          $display("ERROR: %s: slot %0d code %0d, want %0d (%g A)", what, s, code[s], adc_of(i), i);
          n_bad++;
        end
      end else if (code[s] != '0) begin
        $display("ERROR: %s: slot %0d is not sensed but reads code %0d", what, s, code[s]);
        n_bad++;
      end
    end
    $display("ok: %s: codes %0d %0d %0d %0d", what, code[4], code[5], code[6], code[7]);
  endtask

  initial begin
    real v_before;
    bit bad_mode;
    $dumpfile("tb_mxb_line_boundary.vcd");
    $dumpvars(0, tb_mxb_line_boundary);
    bad_mode = $test$plusargs("bnd_bad_mode");
    // rows 0..3 at 0.1, 0.2, 0.3, -0.2 V; columns sensed through R
    mode = {{4{S}}, {4{D}}};
    dac = {40'd0, 10'(-20), 10'd30, 10'd20, 10'd10};
    repeat (3) @(negedge clk);
    check("idle with handle 0: row 1 probe", u_bnd.gen_slot[1].v_v, 0.0, 0.0);

    h = $mxb_open("tests/cards/bind_2d_lin.json", "cell.g=2e-5");
    @(negedge clk);
    check("row 1 probe", u_bnd.gen_slot[1].v_v, 0.2, 1e-12);
    check("row 3 probe (negative code)", u_bnd.gen_slot[3].v_v, -0.2, 1e-12);
    for (int c = 0; c < n4; c++)
      check($sformatf("col %0d current", c), $mxb_read(h, 1, c), i_col(0.1, 0.2, 0.3, -0.2), 1e-15);
    check("cell (3,0) current", $mxb_cell_i(h, 0, 3, 0),
          G * (-0.2 - i_col(0.1, 0.2, 0.3, -0.2) * R), 1e-15);
    convert();
    check_codes("ADC, every column sensed");

    // a code change on a held line; a line that keeps its code is not re-applied
    dac[0] = 10'd90;                               // row 0: 0.1 -> 0.9 V
    @(negedge clk);
    check("col 2 after row 0 -> 0.9 V", $mxb_read(h, 1, 2), i_col(0.9, 0.2, 0.3, -0.2), 1e-15);
    convert();
    check_codes("ADC, above full scale clamps");
    // 22.2 uA against a 20 uA full scale
    if (i_col(0.9, 0.2, 0.3, -0.2) <= IFull || int'(code[4]) != Max) begin
      $display("ERROR: code %0d for %g A, want %0d", code[4], i_col(0.9, 0.2, 0.3, -0.2), Max);
      n_bad++;
    end

    // float column 1, drive column 3 at -0.5 V: no code for either
    mode[5] = F;
    mode[7] = D;
    dac[7] = 10'(-50);
    @(negedge clk);
    check("floating col 1 reads 0", $mxb_read(h, 1, 1), 0.0, 0.0);
    check("floating col 1: cell currents sum to 0", $mxb_cell_i(h, 0, 0, 1) + $mxb_cell_i(h, 0, 1, 1) +
          $mxb_cell_i(h, 0, 2, 1) + $mxb_cell_i(h, 0, 3, 1), 0.0, 1e-15);
    check("cell (1,3) at 0.2 - (-0.5) V", $mxb_cell_i(h, 0, 1, 3), G * 0.7, 1e-15);
    convert();
    check_codes("ADC, col 1 floating, col 3 driven");

    // negative sensed current reads 0: every row at -0.3 V
    dac[3:0] = {4{10'(-30)}};
    @(negedge clk);
    check("col 0 current negative", $mxb_read(h, 1, 0), i_col(-0.3, -0.3, -0.3, -0.3), 1e-15);
    convert();
    if (code[4] != '0) begin
      $display("ERROR: negative current gave code %0d", code[4]);
      n_bad++;
    end
    check_codes("ADC, negative current");

    // new handle: the same modes must be applied to the fresh array
    v_before = $mxb_read(h, 1, 0);
    @(negedge clk);
    $mxb_close(h);
    h = $mxb_open("tests/cards/bind_2d_lin.json", "cell.g=2e-5");
    @(negedge clk);
    check("new handle: col 0 current", $mxb_read(h, 1, 0), v_before, 1e-15);
    check("new handle: cell (1,3)", $mxb_cell_i(h, 0, 1, 3), G * (-0.3 + 0.5), 1e-15);

    if (bad_mode) begin
      mode[2] = 2'b11;
      @(negedge clk);
      $display("ERROR: the undefined mode did not stop the run");
      n_bad++;
    end
    if ($test$plusargs("bnd_x_dac")) begin
      dac[1] = 10'b00_0001_x000;       // row 1 is driven: its code is used
      @(negedge clk);
      $display("ERROR: an X DAC code did not stop the run");
      n_bad++;
    end
    if ($test$plusargs("bnd_x_mode")) begin
      mode[6] = 2'bx0;                 // (not z: Verilator would turn mode into a tristate net)
      @(negedge clk);
      $display("ERROR: an X line mode did not stop the run");
      n_bad++;
    end
    if ($test$plusargs("bnd_x_req")) begin
      req = 1'bx;
      @(negedge clk);
      $display("ERROR: an X ADC request did not stop the run");
      n_bad++;
    end
    @(negedge clk);
    $mxb_close(h);
    h = 0;
    if (n_bad == 0) $display("*-* All Finished *-*");
    else $display("ERROR: %0d check(s) failed", n_bad);
    $finish;
  end
endmodule
