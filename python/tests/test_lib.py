"""Loading libmxb: version, API, where the library and the cards come from, and the
error when it cannot be found."""
import os
import re
import subprocess
import sys

import mxbar
from mxbar import _lib
from conftest import ROOT


def version_h():
    text = open(os.path.join(ROOT, "models_c", "include", "mxb", "version.h")).read()
    return re.search(r'#define MXB_VERSION_STRING "([^"]+)"', text).group(1)


def test_version_is_version_h():
    assert mxbar.version() == version_h() == mxbar.__version__


def test_api_is_the_headers():
    # the package declares the 0.MINOR API it was written for: bump both together
    assert ".".join(map(str, _lib.API)) == ".".join(version_h().split(".")[:2])


def test_library_and_cards():
    want = os.environ.get("MXB_LIB") or os.path.join(ROOT, "build", "rel", "libmxb.so")
    assert os.path.samefile(mxbar.LIBRARY, want)
    assert os.path.isfile(os.path.join(mxbar.card_dir(), "ecm_1s1r_4x4.json"))
    assert mxbar.find_card("ecm_1s1r_4x4.json") == os.path.join(mxbar.card_dir(), "ecm_1s1r_4x4.json")
    assert mxbar.card_kind("ecm_1s1r_4x4.json") == "array"
    assert mxbar.card_kind("threshold_memristor.json") == "device"


def test_missing_library_is_a_clear_import_error(tmp_path):
    env = dict(os.environ, MXB_LIB=str(tmp_path / "nowhere" / "libmxb.so"),
               PYTHONPATH=os.path.join(ROOT, "python"))
    r = subprocess.run([sys.executable, "-c", "import mxbar"], env=env, capture_output=True,
                       text=True)
    assert r.returncode != 0
    assert "ImportError: mxbar: libmxb.so not found" in r.stderr
    assert str(tmp_path / "nowhere" / "libmxb.so") + " ($MXB_LIB): no such file" in r.stderr
    assert "MXB_LIB=/path/to/libmxb.so" in r.stderr


def test_wrong_library_is_an_import_error(tmp_path):
    env = dict(os.environ, MXB_LIB="libm.so.6", PYTHONPATH=os.path.join(ROOT, "python"))
    r = subprocess.run([sys.executable, "-c", "import mxbar"], env=env, capture_output=True,
                       text=True)
    assert r.returncode != 0 and "ImportError" in r.stderr and "libm.so.6" in r.stderr


def test_installed_library_through_pkg_config(tmp_path):
    """The package installed with pip (python/pyproject.toml) outside the checkout finds an
    installed libmxb with pkg-config alone."""
    prefix, user = tmp_path / "prefix", tmp_path / "user"
    r = subprocess.run(["make", "-C", ROOT, "--no-print-directory", "install",
                        "PREFIX=%s" % prefix], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    try:
        site = tmp_path / "site"   # offline: the virtualenv's setuptools and wheel build it
        r = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps",
                            "--no-build-isolation", "--no-index", "--target", str(site),
                            os.path.join(ROOT, "python")], capture_output=True, text=True)
        assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
        assert (site / "mxbar" / "_lib.py").is_file()
        user.mkdir()
        env = {k: v for k, v in os.environ.items() if k not in ("MXB_LIB", "PYTHONPATH")}
        env["PYTHONPATH"] = str(site)
        env["PKG_CONFIG_PATH"] = str(prefix / "lib" / "pkgconfig")
        code = ("import mxbar; a = mxbar.Array.load('ecm_1s1r_4x4.json'); "
                "print(mxbar.LIBRARY); print(mxbar.card_dir()); print(a.rows)")
        r = subprocess.run([sys.executable, "-c", code], cwd=user, env=env, capture_output=True,
                           text=True)
        assert r.returncode == 0, r.stderr
        lib, cards, rows = r.stdout.split()
        assert lib == str(prefix / "lib" / ("libmxb.so.%d" % _lib.API[0]))
        assert cards == str(prefix / "share" / "mxbar" / "cards") and rows == "4"
    finally:
        subprocess.run(["make", "-C", ROOT, "--no-print-directory", "uninstall",
                        "PREFIX=%s" % prefix], capture_output=True)


def test_package_version_is_the_library_s():
    """python/pyproject.toml carries the version of models_c/include/mxb/version.h."""
    with open(os.path.join(ROOT, "python", "pyproject.toml")) as f:
        pkg = re.search(r'^version = "([^"]+)"', f.read(), re.M).group(1)
    with open(os.path.join(ROOT, "models_c", "include", "mxb", "version.h")) as f:
        lib = re.search(r'#define MXB_VERSION_STRING "([^"]+)"', f.read()).group(1)
    assert pkg == lib
