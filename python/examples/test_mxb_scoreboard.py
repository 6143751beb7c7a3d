"""A cocotb scoreboard that predicts, with mxbar's Python package on the same C core, the
currents the toplevel tb/tb_mxb_cocotb.sv reads through $mxb_*; every read must match
the prediction to the femtoampere (to the bit under Icarus, which passes reals).

At each rising edge the toplevel reads bit line `col` if the cycle that ends was a read,
then applies the bias of the new command. The model watches the same edges, after the
toplevel has acted (ReadOnly): a read happened when n_reads went up, and the command now
in force is last_cmd; it does the same at the same simulation time, in seconds computed as
mxb.vpi and mxb_dpi.svh do (ticks / 10^-precision, correctly rounded).

Run (tests/cocotb/Makefile, from a scratch folder):
    make -f <checkout>/tests/cocotb/Makefile SIM=icarus MODULE=test_mxb_scoreboard \
        PYTHONPATH=<checkout>/python/examples:<checkout>/python
"""
import cocotb
from cocotb.clock import Clock
from cocotb.triggers import ReadOnly, RisingEdge
from cocotb.utils import get_sim_time

import mxbar

N, VREAD, VSET = 8, 0.7, 2.4
ROW, COL = 2, 5


def now_s():
    ticks = get_sim_time("step")
    p = cocotb.simulator.get_precision()       # 10^p s per tick, e.g. -12
    return ticks / 10 ** -p if p < 0 else float(ticks * 10 ** p)


def to_fa(amps):
    """longint'(amps * 1e15): SV rounds a real to the nearest integer, halves away from 0."""
    x = amps * 1e15
    return int(x + 0.5) if x >= 0 else -int(-x + 0.5)


class Scoreboard:
    def __init__(self, dut):
        self.dut = dut
        # the toplevel's array: same card, overrides and seed (+mxb_seed, default 1)
        self.model = mxbar.Array.load("ecm_1s1r_4x4.json", rows=N, cols=N)
        self.n_reads = 0
        self.checked = []

    def bias(self, cmd, row, col, t):
        m = self.model
        if cmd == 1:
            m.sense_all(1, t=t)
            m.drive_all(0, [VREAD if r == row else 0.0 for r in range(N)], t=t)
        elif cmd == 2:  # V/3 set of (row, col)
            m.drive_all(0, [VSET if r == row else VSET / 3 for r in range(N)], t=t)
            m.drive_all(1, [0.0 if c == col else 2 * VSET / 3 for c in range(N)], t=t)
        else:
            m.drive_all(0, 0.0, t=t)
            m.drive_all(1, 0.0, t=t)

    async def watch(self):
        dut = self.dut
        while True:
            await RisingEdge(dut.clk)
            await ReadOnly()
            t, row, col = now_s(), int(dut.row.value), int(dut.col.value)
            n = int(dut.n_reads.value)
            if n != self.n_reads:                  # the toplevel read at this edge
                self.n_reads = n
                want = self.model.read(1, col, t=t)
                got_fa = int(dut.i_read_fa.value.signed_integer)
                assert got_fa == to_fa(want), \
                    "t=%.9g s: toplevel read %d fA, model predicts %r A" % (t, got_fa, want)
                if not cocotb.SIM_NAME.lower().startswith("verilator"):
                    assert float(dut.i_read.value) == want, (float(dut.i_read.value), want)
                self.checked.append((t, want))
            self.bias(int(dut.last_cmd.value), row, col, t)


async def run(dut, cmd, cycles):
    dut.cmd.value = cmd
    for _ in range(cycles):
        await RisingEdge(dut.clk)


@cocotb.test()
async def scoreboard_set_and_read(dut):
    dut.cmd.value = 0
    dut.row.value = ROW
    dut.col.value = COL
    sb = Scoreboard(dut)
    cocotb.start_soon(sb.watch())                    # before the clock: sees every edge
    cocotb.start_soon(Clock(dut.clk, 1, units="us").start())
    await run(dut, 0, 2)
    await run(dut, 1, 2)                             # read
    await run(dut, 2, 20)                            # 20 us V/3 set pulse
    await run(dut, 0, 40)                            # the selectors relax
    await run(dut, 1, 2)                             # read again
    await run(dut, 0, 2)
    assert len(sb.checked) >= 2, "the scoreboard checked %d reads" % len(sb.checked)
    (_, i_off), (_, i_on) = sb.checked[0], sb.checked[-1]
    assert i_on > 100 * i_off > 0, (i_off, i_on)
    dut._log.info("scoreboard: %d reads predicted exactly (%.4g A before, %.4g A after the "
                  "pulse)", len(sb.checked), i_off, i_on)
