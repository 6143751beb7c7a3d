"""Every failing call raises MxbError with the library's code and message (the context's
mxb_ctx_errmsg), and the array stays usable afterwards."""
import numpy as np
import pytest

import mxbar


@pytest.fixture
def lin():
    return mxbar.Array.load("linear_resistor.json")     # a device card: a 1 x 1 array


def test_unknown_override_names_card_and_key():
    with pytest.raises(mxbar.MxbError) as e:
        mxbar.Array.load("ecm_1s1r_4x4.json", {"cell.v_set": 1.2})
    assert e.value.name == "MXB_EKEY" and e.value.code == -5
    assert "ecm_1s1r_4x4.json: override 'cell.v_set' matches no key of the card" in str(e.value)


def test_model_limit_names_the_limit():
    with pytest.raises(mxbar.MxbError) as e:
        mxbar.Array.load("ecm_1s1r_4x4.json", {"cell.memory.v_set": 0.9})
    assert e.value.name == "MXB_ERANGE"
    assert "v_grow (1 V) must be below v_set (0.9 V)" in e.value.message


def test_card_not_found_lists_the_folders(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(mxbar.MxbError) as e:
        mxbar.Device.load("no_such_card.json")
    assert e.value.name == "MXB_EIO"
    assert "card no_such_card.json not found; looked in: %s (working directory)" % tmp_path \
        in e.value.message


def test_drive_out_of_range(lin):
    with pytest.raises(mxbar.MxbError) as e:
        lin.drive(0, 0, 1e6, t=0.0)
    assert e.value.name == "MXB_ERANGE"
    assert e.value.message == ("mxb_array_drive: plane 0 line 0 end A (voltage): 1e+06 V is "
                               "out of range [-100, 100] V")
    with pytest.raises(mxbar.MxbError, match="MXB_ENAN"):
        lin.drive(0, 0, float("nan"), t=0.0)


def test_index_time_and_recovery(lin):
    with pytest.raises(mxbar.MxbError) as e:
        lin.drive(0, 3, 0.5, t=0.0)
    assert e.value.name == "MXB_EINDEX" and "line 3" in e.value.message
    with pytest.raises(mxbar.MxbError, match="plane 5 out of range"):
        lin.lines(5)
    lin.drive(0, 0, 0.5, t=1e-6)
    with pytest.raises(mxbar.MxbError) as e:
        lin.advance(0.5e-6)
    assert e.value.name == "MXB_ETIME"
    # nothing changed: the array still works at its own time
    lin.sense(1, 0, t=1e-6)
    assert lin.read(1, 0) == pytest.approx(0.5 * 1e-5, rel=1e-12)


def test_bad_python_arguments(lin):
    with pytest.raises(TypeError, match="line must be an integer, not float"):
        lin.drive(0, 0.0, 0.5)
    with pytest.raises(TypeError, match="override rows: a number"):
        mxbar.Array.load("ecm_1s1r_4x4.json", rows="8")
    with pytest.raises(ValueError, match=r"volts: \(3,\) values for the 1 lines of plane 0"):
        lin.drive_all(0, [0.1, 0.2, 0.3])
    with pytest.raises(ValueError, match="conductance map of shape"):
        lin.load_g(np.ones((2, 2)), v_read=0.1)


def test_device_errors():
    d = mxbar.Device.load("threshold_memristor.json")
    with pytest.raises(mxbar.MxbError) as e:
        d["nonesuch"]
    assert e.value.name == "MXB_EKEY" and "nonesuch" in e.value.message
    with pytest.raises(mxbar.MxbError, match="MXB_ERANGE"):
        d["g_on"] = -1.0
    assert d["g_on"] == 1e-4              # unchanged
    with pytest.raises(mxbar.MxbError, match="MXB_ECLASS"):
        mxbar.Device.new("no_such_class")


def test_closed_objects():
    ctx = mxbar.Context(seed=3)
    a = mxbar.Array.load("linear_resistor.json", ctx=ctx)
    ctx.close()                           # frees the array too
    with pytest.raises(mxbar.MxbError, match="MXB_EHANDLE: mxbar.Array used after close"):
        a.read(1, 0)
