"""cocotb test of mxbar (issue 20): the toplevel tb/tb_mxb_cocotb.sv calls $mxb_* on an 8x8
ECM 1S1R array; Python drives its command port and reads the currents back.

Read cell (2, 5), set it with a V/3 pulse (2.4 V, 20 us), let the selectors relax (40 us),
read it again: the read current must rise by more than 100x, and the real-valued output and
its femtoampere copy must agree. Verilator 5.006's VPI gives 0.0 for every real signal (and
cannot take one from Python), so under Verilator the femtoampere integer is what is read.
"""
import cocotb
from cocotb.clock import Clock
from cocotb.triggers import RisingEdge

ROW, COL = 2, 5


async def run(dut, cmd, cycles):
    dut.cmd.value = cmd
    for _ in range(cycles):
        await RisingEdge(dut.clk)


async def read(dut):
    n0 = int(dut.n_reads.value)
    await run(dut, 1, 2)         # one cycle of read bias, sampled at the next edge
    await run(dut, 0, 1)
    assert int(dut.n_reads.value) > n0, "no read was sampled"
    fa = int(dut.i_read_fa.value.signed_integer)
    if cocotb.SIM_NAME.lower().startswith("verilator"):
        return fa * 1e-15
    amps = float(dut.i_read.value)
    assert abs(amps - fa * 1e-15) <= 1e-15 + 1e-9 * abs(amps), (amps, fa)
    return amps


@cocotb.test()
async def set_and_read(dut):
    cocotb.start_soon(Clock(dut.clk, 1, units="us").start())
    dut.row.value = ROW
    dut.col.value = COL
    await run(dut, 0, 2)
    i_off = await read(dut)
    await run(dut, 2, 20)        # 20 us V/3 set pulse
    await run(dut, 0, 40)        # 40 us at rest: the selectors relax
    i_on = await read(dut)
    dut._log.info("cell (%d, %d) at 0.7 V: %.4g A before, %.4g A after the pulse", ROW, COL,
                  i_off, i_on)
    assert i_off > 0 and i_on > 100 * i_off, (i_off, i_on)
