// Bindings: open / drive / sense / read on a 2D crossbar of linear resistors
// (exact expected values), card overrides, energy, the conductance map file,
// SPICE export and close. Same text on Icarus (mxb.vpi) and Verilator (DPI).
`timescale 1ns/1ps
module tb_mxb_bind_2d;
`include "mxb.svh"
  localparam real G = 2e-5;    // siemens, from the override below
  localparam real VSel = 0.5;  // volts on the selected row
  int h, n_bad, fd, n_lines, code;
  real p_w;
  int ch, prev;

  function automatic real absr(input real x);
    return x < 0.0 ? -x : x;
  endfunction

  task automatic check(input string what, input real got, input real want, input real rtol);
    if (mxb_is_nan(got) || absr(got - want) > rtol * absr(want) + 1e-30) begin
      $display("FAIL: %s: got %g, want %g", what, got, want);
      n_bad++;
    end else $display("ok: %s = %g", what, got);
  endtask

  initial begin
    h = $mxb_open("tests/cards/bind_2d_lin.json", "cell.g=2e-5");
    if (h == 0) n_bad++;
    check("rows", $mxb_lines(h, 0), 4, 0.0);
    check("cols", $mxb_lines(h, 1), 4, 0.0);
    // Row 1 at VSel, the other rows at 0 V, every column to a virtual ground.
    for (int r = 0; r < 4; r++) $mxb_drive(h, 0, r, r == 1 ? VSel : 0.0);
    for (int c = 0; c < 4; c++) $mxb_sense(h, 1, c, 0.0);
    #10;
    check("now", $mxb_now(), 10e-9, 1e-12);
    begin
      string ver;   // (assigned below: an initializer here is static, IMPLICITSTATIC in 5.049)
      int maj, min, pat;
      ver = $mxb_version();
      if ($sscanf(ver, "%d.%d.%d", maj, min, pat) != 3) begin
        $display("FAIL: version: got \"%s\", want MAJOR.MINOR.PATCH", ver);
        n_bad++;
      end else $display("ok: version = %s", ver);
    end
    for (int c = 0; c < 4; c++) check($sformatf("read col %0d", c), $mxb_read(h, 1, c), VSel * G, 1e-12);
    check("cell_i(1,2)", $mxb_cell_i(h, 0, 1, 2), VSel * G, 1e-12);
    check("cell_i(0,2)", $mxb_cell_i(h, 0, 0, 2), 0.0, 0.0);
    check("cell_g(1,2)", $mxb_cell_g(h, 0, 1, 2, 0.2), G, 1e-12);
    check("end_current row 1", $mxb_end_current(h, 0, 1, 0), 4 * VSel * G, 1e-12);
    check("node_v row 1", $mxb_node_v(h, 0, 1, 3), VSel, 1e-12);
    // Power 4 cells * VSel^2 * G for 110 ns.
    p_w = 4 * VSel * VSel * G;
    #100;
    check("energy sources", $mxb_energy(h), p_w * 110e-9, 1e-9);
    check("energy cells", $mxb_energy_cells(h), p_w * 110e-9, 1e-9);
    // Re-drive: row 1 floats... not on ideal-wire fast path; move the selection instead.
    $mxb_drive(h, 0, 1, 0.0);
    $mxb_set_end(h, 0, 3, 0, 1, -VSel, 0.0);  // kind 1 = voltage source, end A
    #1;
    check("read col 0 after re-drive", $mxb_read(h, 1, 0), -VSel * G, 1e-12);
    $mxb_dump_g(h, 0, 0.2, "g_map.txt");
    fd = $fopen("g_map.txt", "r");
    n_lines = 0;
    if (fd == 0) begin $display("FAIL: g_map.txt not written"); n_bad++; end
    else begin
      // count the lines that do not start with '#' (character by character:
      // $fgets and string handling differ between the two simulators)
      prev = "\n";
      for (ch = $fgetc(fd); ch != -1; ch = $fgetc(fd)) begin
        if (prev == "\n" && ch != "#") n_lines++;
        prev = ch;
      end
      $fclose(fd);
    end
    check("g_map rows", n_lines, 4, 0.0);
    $mxb_export_spice(h, "snap.cir");
    fd = $fopen("snap.cir", "r");
    if (fd == 0) begin $display("FAIL: snap.cir not written"); n_bad++; end
    else $fclose(fd);
    $mxb_close(h);
    if (n_bad == 0) $display("*-* All Finished *-*");
    else $display("%0d checks failed", n_bad);
    $finish;
  end
endmodule
