"""Devices: parameters and provenance from cards, the current, state integration and a
quasi-static sweep (the characterisation use case), and the same state as an array cell."""
import numpy as np
import pytest

import mxbar


def test_classes_and_params():
    assert "threshold_memristor" in mxbar.device_classes()
    info = mxbar.device_class("linear_resistor")
    assert [p["name"] for p in info["params"]][:1] == ["g"] and info["params"][0]["unit"] == "S"
    d = mxbar.Device.load("threshold_memristor.json", v_set=1.2)
    assert d.class_name == "threshold_memristor"
    assert d["v_set"] == 1.2 and d.provenance("v_set") == "override"
    assert d.provenance("g_on") == "illustrative: 10 kohm LRS"
    assert d.params["g_off"] == 1e-6


def test_linear_current():
    d = mxbar.Device.new("linear_resistor")
    d["g"] = 2e-5
    st = d.init_state()
    for v in (-1.0, 0.0, 0.3):
        i, didv = d.current(v, st)
        assert i == pytest.approx(2e-5 * v, abs=1e-20) and didv == pytest.approx(2e-5)


def test_sweep_is_a_hysteresis_loop():
    d = mxbar.Device.load("threshold_memristor.json")
    up = np.linspace(0, 1.5, 16)
    v = np.concatenate([up, up[::-1], -up, -up[::-1]])
    i, states = d.sweep(v, 1e-7)
    assert states.shape == (len(v), len(d.info["states"]))
    w = states[:, 0]
    assert w[0] == 0 and w.max() > 0.1                 # set above v_set = 1 V
    k_up, k_down = 6, len(up) + len(up) - 1 - 6      # the same 0.6 V going up and down
    assert v[k_up] == pytest.approx(v[k_down])
    assert i[k_down] > 5 * i[k_up] > 0                 # more conductive after the set
    assert w[-1] < w[2 * len(up) - 1]                  # reset by the negative half


def test_lone_device_state_is_the_array_cell_state():
    ctx = mxbar.Context(seed=11)
    d = mxbar.Device.load("ecm_memory.json", ctx=ctx)
    a = mxbar.Array.new(d, rows=3, cols=4, ctx=ctx)
    for (r, c) in [(0, 0), (2, 3)]:
        assert np.array_equal(d.init_state(row=r, col=c).values, a.cell_state(r, c))
    assert not np.array_equal(a.cell_state(0, 0), a.cell_state(2, 3))   # d2d variation
