"""Arrays: line currents against Kirchhoff's law on a conductance map, energy, faults,
checkpoints, and the quick-start testbench's currents predicted exactly."""
import os
import re
import shutil
import subprocess

import numpy as np
import pytest

import mxbar
from conftest import ROOT


def test_load_and_shape():
    a = mxbar.Array.load("ecm_1s1r_4x4.json", "rows=8", cols=6, seed=9)
    assert (a.topology, a.layers, a.rows, a.cols) == ("1s1r", 1, 8, 6)
    assert a.lines(0) == 8 and a.lines(1) == 6 and a.seed == 9 and a.time == 0.0
    assert mxbar.Array.load("ecm_1s1r_4x4.json", ctx=mxbar.Context(seed=4)).seed == 4


def test_line_currents_follow_the_conductance_map():
    rng = np.random.default_rng(1)
    d = mxbar.Device.load("threshold_memristor.json")
    a = mxbar.Array.new(d, rows=5, cols=7)
    g = rng.uniform(2e-6, 9e-5, size=(5, 7))
    a.load_g(g, v_read=0.1)
    got = a.conductance_map(v_read=0.1)
    assert got.shape == (5, 7)
    np.testing.assert_allclose(got, g, rtol=1e-6)
    v = rng.uniform(-0.5, 0.5, size=5)                         # below the 1 V thresholds
    a.sense_all(1, t=1e-6)
    a.drive_all(0, v, t=1e-6)
    i = a.read_all(1, t=2e-6)
    np.testing.assert_allclose(i, got.T @ v, rtol=1e-9, atol=1e-18)
    # a sensed end reads the same current with the source's sign convention
    assert a.end_current(1, 3) == pytest.approx(-i[3], rel=1e-12)
    assert a.cell_current(2, 3) == pytest.approx(got[2, 3] * v[2], rel=1e-9)
    assert a.cell_voltages(2, 3)[:2] == pytest.approx((v[2], 0.0), abs=1e-12)
    assert a.node_voltage(0, 4, 6) == pytest.approx(v[4], abs=1e-12)


def test_energy_of_a_resistor():
    a = mxbar.Array.load("linear_resistor.json")             # g = 1e-5 S, 1 x 1
    a.drive(0, 0, 0.5, t=0.0)
    a.sense(1, 0, t=0.0)
    a.advance(1e-3)
    e_src, e_cells = a.energy()
    assert e_src == pytest.approx(0.25 * 1e-5 * 1e-3, rel=1e-9)
    assert e_cells == pytest.approx(e_src, rel=1e-9)
    a.drive(0, 0, 0.0, t=1e-3)
    a.advance(2e-3)
    assert a.energy() == pytest.approx((e_src, e_cells), rel=1e-12)   # 0 V: no more energy


def test_faults_and_stats():
    a = mxbar.Array.load("ecm_1s1r_4x4.json")
    a.fault(1, 2, "stuck_on", t=0.0)
    m = a.fault_map()
    assert m.shape == (1, 4, 4) and m[0, 1, 2] == mxbar.FAULTS.index("stuck_on")
    assert m.sum() == m[0, 1, 2] and a.cell_fault(1, 2) == "stuck_on"
    with pytest.raises(mxbar.MxbError, match="fault kind 'melted'"):
        a.fault(0, 0, "melted")
    a.sense_all(1)
    a.drive_all(0, 0.7)
    a.read_all(1, t=1e-6)
    st = a.solver_stats()
    assert st["op_solves"] > 0 and st["last_path"] in ("fast", "lean", "iterative", "klu")


def test_save_restore_continues_the_same(tmp_path):
    """The quick start's set pulse after a checkpoint, twice: the same currents to the bit."""
    N, Row, Col = 8, 2, 5

    def pulse_and_read(a, t0):
        a.drive_all(0, [2.4 if r == Row else 0.8 for r in range(N)], t=t0)
        a.drive_all(1, [0.0 if c == Col else 1.6 for c in range(N)], t=t0)
        a.drive_all(0, 0.0, t=t0 + 20e-6)
        a.drive_all(1, 0.0, t=t0 + 20e-6)
        a.sense_all(1, t=t0 + 60e-6)
        a.drive_all(0, [0.7 if r == Row else 0.0 for r in range(N)], t=t0 + 60e-6)
        return a.read_all(1, t=t0 + 61e-6)

    a = mxbar.Array.load("ecm_1s1r_4x4.json", rows=N, cols=N, seed=7)
    a.drive_all(0, 0.0, t=0.0)
    a.drive_all(1, 0.0, t=0.0)
    a.save(str(tmp_path / "a.ckpt"), t=1e-6)
    first = pulse_and_read(a, 2e-6)
    a.restore(str(tmp_path / "a.ckpt"))
    assert a.time == 1e-6
    again = pulse_and_read(a, 2e-6)
    assert np.array_equal(first, again)
    assert first[Col] > 1000 * np.delete(first, Col).max()      # the pulse set the cell
    a.export_spice(str(tmp_path / "a.cir"))
    assert ".op" in (tmp_path / "a.cir").read_text()


def quickstart_in_python(seed):
    """tb/tb_mxb_quickstart.sv, call for call, at the same times (1 ns units)."""
    N, Row, Col, ns = 8, 2, 5, 1e-9
    a = mxbar.Array.load("ecm_1s1r_4x4.json", rows=8, cols=8, ctx=mxbar.Context(seed))

    def bias(t, v_row, v_rows, v_col, v_cols):
        a.drive_all(0, [v_row if r == Row else v_rows for r in range(N)], t=t)
        a.drive_all(1, [v_col if c == Col else v_cols for c in range(N)], t=t)

    def read(t0):
        a.sense_all(1, t=t0)
        a.drive_all(0, [0.7 if r == Row else 0.0 for r in range(N)], t=t0)
        return a.read(1, Col, t=t0 + 1000 * ns)

    bias(0.0, 0.0, 0.0, 0.0, 0.0)
    i_off = read(1000 * ns)
    bias(2000 * ns, 2.4, 0.8, 0.0, 1.6)
    bias(22000 * ns, 0.0, 0.0, 0.0, 0.0)
    i_on = read(62000 * ns)
    return i_off, i_on


def test_predicts_the_quickstart_testbench(tmp_path):
    """The scoreboard case without cocotb: the testbench on Icarus prints its two currents
    (%g); the package predicts them from the same card and seed."""
    vpi = os.path.join(os.path.dirname(mxbar.LIBRARY), "vpi")
    assert os.path.isfile(os.path.join(vpi, "mxb.vpi")), "make vpi"
    assert shutil.which("iverilog"), "iverilog not found"
    subprocess.run(["iverilog", "-g2012", "-I" + os.path.join(ROOT, "vpi"), "-L" + vpi, "-m", "mxb",
                    "-o", "qs.vvp", os.path.join(ROOT, "tb", "tb_mxb_quickstart.sv")],
                   cwd=tmp_path, check=True)
    for seed in (3, 7):
        out = subprocess.run(["vvp", "-n", "qs.vvp", "+mxb_seed=%d" % seed], cwd=tmp_path,
                             check=True, capture_output=True, text=True).stdout
        m = re.search(r"cell \(2, 5\) at 0.7 V: (\S+) A before the pulse, (\S+) A after", out)
        assert m, out
        i_off, i_on = quickstart_in_python(seed)
        assert (m.group(1), m.group(2)) == ("%g" % i_off, "%g" % i_on)
