"""The README's examples, run as they are: the device sweep script, and the cocotb scoreboard
(python/examples/test_mxb_scoreboard.py on tb/tb_mxb_cocotb.sv through tests/cocotb/Makefile)
on each simulator of $MXB_SIMS (default: icarus verilator)."""
import os
import re
import subprocess
import sys

import numpy as np
import pytest

import mxbar
from conftest import ROOT

EXAMPLES = os.path.join(ROOT, "python", "examples")


def test_sweep_device_script(tmp_path):
    out = tmp_path / "sweep.csv"
    env = dict(os.environ, PYTHONPATH=os.path.join(ROOT, "python"))
    r = subprocess.run([sys.executable, os.path.join(EXAMPLES, "sweep_device.py"),
                        "threshold_memristor.json", "--points", "81", "--out", str(out)],
                       env=env, capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "(threshold_memristor): 81 points" in r.stdout
    head = out.read_text().splitlines()[0]
    assert head == "v_V,i_A,w,v_set_dev"
    t = np.loadtxt(out, delimiter=",", skiprows=1)
    v, i, w = t[:, 0], t[:, 1], t[:, 2]
    assert len(v) == 81 and v.max() == pytest.approx(1.5) and v.min() == pytest.approx(-1.5)
    assert w.max() > 0.1 and np.all(np.sign(i[v != 0]) == np.sign(v[v != 0]))
    # a card that is not there: the library's message, exit status 1
    r = subprocess.run([sys.executable, os.path.join(EXAMPLES, "sweep_device.py"), "nope.json"],
                       env=env, capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 1 and "MXB_EIO: card nope.json not found" in r.stderr


SIMS = os.environ.get("MXB_SIMS", "icarus verilator").split()


@pytest.mark.parametrize("sim", SIMS)
def test_cocotb_scoreboard(sim, tmp_path):
    venv_bin = os.path.dirname(sys.executable)
    assert os.path.isfile(os.path.join(venv_bin, "cocotb-config")), \
        "cocotb not in %s: make deps" % venv_bin
    build = os.path.dirname(mxbar.LIBRARY)
    env = dict(os.environ, PATH=venv_bin + os.pathsep + os.environ["PATH"])
    env.pop("PYTHONPATH", None)
    r = subprocess.run(["make", "-f", os.path.join(ROOT, "tests", "cocotb", "Makefile"),
                        "SIM=" + sim, "MXB_BUILD=" + build, "MODULE=test_mxb_scoreboard",
                        "PYTHONPATH=%s:%s" % (EXAMPLES, os.path.join(ROOT, "python"))],
                       cwd=tmp_path, env=env, capture_output=True, text=True)
    log = r.stdout + r.stderr
    assert r.returncode == 0, log[-3000:]
    xml = (tmp_path / "results.xml").read_text()
    assert xml.count("<testcase") == 1 and "<failure" not in xml and "<error" not in xml, xml
    m = re.search(r"scoreboard: (\d+) reads predicted exactly", log)
    assert m and int(m.group(1)) >= 2, log[-3000:]
