// mxb_ctrl_cmd.svh -- the command handshake of mxb_ctrl_1s1r / mxb_ctrl_3d for testbenches.
//
// `include this file inside a testbench module, after the declarations of
//   clk        the controller's clk_i
//   cmd_valid  the controller's cmd_valid_i (a variable written only by these tasks)
//   cmd_ready  the controller's cmd_ready_o
//   rsp_valid  the controller's rsp_valid_o
// (a testbench with several controllers muxes them onto these names).  One command is
//   ctrl_cmd_open("tb");          // the next falling clock edge; $fatal unless cmd_ready
//   cmd_op = ...; cmd_row = ...;  // the command fields, in the same time step
//   ctrl_cmd_wait("tb", 100000);  // cmd_valid high for one clock, then wait for rsp_valid
// and returns at the falling edge where rsp_valid is high, with the controller's rsp_* outputs
// holding the response.  ctrl_cmd_held in place of ctrl_cmd_wait issues the same command
// twice back to back: cmd_valid stays high while the controller works on the first (it must
// hold cmd_ready low until its response) and the second is taken at its first ready edge;
// returns with the second response.  Stimulus moves on falling edges only, so the controller sees stable
// inputs at its rising edges.  `who` starts every failure message; max_cycles bounds the wait
// (clock cycles after the accepting edge) before $fatal.
// Tasks only (no module, no interface): Icarus 11 and Verilator 5.006 both take them as part
// of the including module, with its own signal widths.

task automatic ctrl_cmd_open(input string who);
  @(negedge clk);
  if (!cmd_ready) $fatal(1, "%s: controller not ready", who);
endtask

task automatic ctrl_cmd_wait(input string who, input int max_cycles);
  int guard;
  cmd_valid = 1'b1;
  @(negedge clk);
  cmd_valid = 1'b0;
  if (cmd_ready) $fatal(1, "%s: controller still ready after accepting a command", who);
  guard = 0;
  while (!rsp_valid) begin
    @(negedge clk);
    guard++;
    if (guard > max_cycles) $fatal(1, "%s: no response from the controller", who);
  end
endtask

task automatic ctrl_cmd_held(input string who, input int max_cycles);
  int guard;
  cmd_valid = 1'b1;
  @(negedge clk);
  if (cmd_ready) $fatal(1, "%s: controller still ready after accepting a command", who);
  guard = 0;
  while (!rsp_valid) begin          // busy: the second command waits with cmd_valid high
    @(negedge clk);
    if (cmd_ready && !rsp_valid) $fatal(1, "%s: controller ready before its response", who);
    guard++;
    if (guard > max_cycles) $fatal(1, "%s: no response from the controller", who);
  end
  @(negedge clk);                   // idle: the held command is taken at the next rising edge
  if (!cmd_ready) $fatal(1, "%s: controller not ready after its response", who);
  ctrl_cmd_wait(who, max_cycles);
endtask
