"""mxbar.core's FuseSoC generator (vpi/mxbar_fusesoc_gen.py) on its own: the core it writes
from a build folder, the same without PyYAML (python -S: its own reader of FuseSoC's input),
and its errors. tests/tools/mxb_fusesoc_test.sh runs it inside fusesoc on both simulators."""
import os
import subprocess
import sys

import mxbar
from conftest import ROOT

GEN = os.path.join(ROOT, "vpi", "mxbar_fusesoc_gen.py")


def run_gen(tmp_path, files_root, params, *pyflags, env=None):
    inp = tmp_path / "link_input.yml"
    lines = ["files_root: %s" % files_root, "gapi: '1.0'"]
    lines += ["parameters:"] + ["  %s: %s" % kv for kv in params.items()] if params else ["parameters: {}"]
    lines += ["vlnv: ::mxbar-link:0.2.0"]
    inp.write_text("\n".join(lines) + "\n")
    e = {k: v for k, v in os.environ.items() if k != "MXB_BUILD"}
    e.update(env or {})
    r = subprocess.run([sys.executable, *pyflags, GEN, str(inp)], cwd=tmp_path, env=e,
                       capture_output=True, text=True)
    core = tmp_path / "mxbar-link.core"
    return r, core.read_text() if core.exists() else None


def test_core_from_the_build_folder(tmp_path):
    build = os.path.dirname(mxbar.LIBRARY)
    r, core = run_gen(tmp_path, ROOT, {"build": build})
    assert r.returncode == 0, r.stderr
    ldlibs = open(os.path.join(build, "vpi", "libmxb.ldlibs")).read().split()
    assert "name: ::mxbar-link:0.2.0" in core
    assert "iverilog_options: ['-g2012', '-L%s/vpi', '-m', 'mxb']" % build in core
    libs = ["-Wl,-u,mxb_dpi_now_s", "-Wl,-u,mxb_dpi_plusarg", "-Wl,-u,mxb_dpi_finish",
            build + "/vpi/libmxbdpi.a", build + "/libmxb.a"] + ldlibs
    assert "libs: [%s]" % ", ".join("'%s'" % x for x in libs) in core
    # the same core without PyYAML (its own reader of the input), and from MXB_BUILD
    (tmp_path / "mxbar-link.core").unlink()
    r2, core2 = run_gen(tmp_path, ROOT, {}, "-S", env={"MXB_BUILD": build})
    assert r2.returncode == 0, r2.stderr
    assert core2 == core


def test_errors(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    r, core = run_gen(tmp_path, ROOT, {"build": str(empty)})
    assert r.returncode == 1 and core is None
    assert "mxbar FuseSoC generator: ERROR: mxbar build folder %s lacks vpi/mxb.vpi" % empty in r.stderr
    r, _ = run_gen(tmp_path, ROOT, {"pc": str(tmp_path / "gone" / "mxbar.pc")})
    assert r.returncode == 1 and "the installed mxbar.pc %s is gone" % (tmp_path / "gone" / "mxbar.pc") in r.stderr
    spaced = tmp_path / "a b"
    os.symlink(os.path.dirname(mxbar.LIBRARY), spaced)
    r, core = run_gen(tmp_path, ROOT, {"build": str(spaced)}, "-S")
    assert r.returncode == 1 and core is None and "path with white space" in r.stderr
    r, _ = run_gen(tmp_path, str(tmp_path), {}, env={"PKG_CONFIG_PATH": str(tmp_path), "PKG_CONFIG_LIBDIR": str(tmp_path)})
    assert r.returncode == 1 and "no mxbar found: %s is not a checkout" % tmp_path in r.stderr
