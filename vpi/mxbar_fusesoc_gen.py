#!/usr/bin/env python3
"""FuseSoC generator of mxbar.core (issue 20): the simulator settings of mxbar as a core.

FuseSoC runs it with one argument, the generator input (YAML: files_root, the folder of
the calling mxbar.core; vlnv, the name to give the generated core; parameters). It writes
<name>.core into the current folder (the work root) with absolute paths, found at run time:

  1. parameter "build": a build folder (relative to files_root, or absolute);
  2. parameter "pc": an installed mxbar.pc (`make install` sets it in the core it installs);
  3. the environment variable MXB_BUILD: a build folder;
  4. files_root/build/rel when files_root is a checkout (after `make lib vpi dpi`);
  5. `pkg-config mxbar` (an installed mxbar found through PKG_CONFIG_PATH).

The core's default target gives every core that depends on mxbar:
  icarus:    iverilog -g2012 -L<vpi dir> -m mxb   (mxb.vpi loaded at compile time, so the
             $mxb_* functions return real; vvp then loads it from the path in the .vvp)
  verilator: -LDFLAGS <libmxbdpi.a> <libmxb.a> <its libraries>, and -u for the three
             functions mxb.svh exports to the C side, so the linker takes them from the
             model archive linked before libmxbdpi.a even when Verilator splits the model.
Anything missing is an error naming what was looked for and how to fix it.
"""
import os
import shlex
import subprocess
import sys

# the functions vpi/mxb_dpi.svh exports to vpi/mxb_dpi.c ("export DPI-C")
DPI_EXPORTS = ("mxb_dpi_now_s", "mxb_dpi_plusarg", "mxb_dpi_finish")


class GenError(Exception):
    pass


def read_input(path):
    """The generator input. PyYAML when the interpreter has it (FuseSoC's own does);
    otherwise the flat block YAML FuseSoC writes (scalars and one level of parameters)."""
    with open(path) as f:
        text = f.read()
    try:
        import yaml  # noqa: PLC0415
        return yaml.safe_load(text)
    except ImportError:
        pass
    data, params = {}, None

    def scalar(v):
        v = v.strip()
        if len(v) >= 2 and v[0] == v[-1] and v[0] in "'\"":
            v = v[1:-1].replace("''", "'") if v[0] == "'" else v[1:-1]
        return v

    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, _, val = line.strip().partition(":")
        if line.startswith((" ", "\t")) and params is not None:
            params[key.strip()] = scalar(val)
            continue
        params = None
        if key == "parameters" and val.strip() in ("", "{}"):
            data["parameters"] = params = {}
        else:
            data[key] = scalar(val)
    return data


def pkg_config(pc, var):
    try:
        out = subprocess.run(["pkg-config", "--variable=" + var, pc], check=True,
                             capture_output=True, text=True)
    except FileNotFoundError:
        raise GenError("pkg-config not found (Debian: apt-get install pkg-config)")
    except subprocess.CalledProcessError as e:
        raise GenError("pkg-config --variable=%s %s failed: %s" % (var, pc, e.stderr.strip()))
    val = out.stdout.strip()
    if not val:
        raise GenError("pkg-config: %s has no variable %s (an mxbar.pc older than 0.2?)" % (pc, var))
    return val


def from_build(build):
    need = [os.path.join(build, "vpi", f) for f in ("mxb.vpi", "libmxbdpi.a", "libmxb.ldlibs")]
    need.append(os.path.join(build, "libmxb.a"))
    missing = [f for f in need if not os.path.isfile(f)]
    if missing:
        raise GenError("mxbar build folder %s lacks %s: run `make lib vpi dpi` in the checkout"
                       % (build, ", ".join(os.path.relpath(f, build) for f in missing)))
    with open(os.path.join(build, "vpi", "libmxb.ldlibs")) as f:
        ldlibs = f.read().split()
    libs = [os.path.join(build, "vpi", "libmxbdpi.a"), os.path.join(build, "libmxb.a")] + ldlibs
    return os.path.join(build, "vpi"), libs, "build folder " + build


def from_pc(pc):
    vpidir = pkg_config(pc, "vpidir")
    libs = shlex.split(pkg_config(pc, "dpi_libs"))
    if not os.path.isfile(os.path.join(vpidir, "mxb.vpi")):
        raise GenError("%s names vpidir %s, which has no mxb.vpi" % (pc, vpidir))
    return vpidir, libs, "installed mxbar (" + pc + ")"


def locate(files_root, params):
    if params.get("build"):
        return from_build(os.path.join(files_root, params["build"]))
    if params.get("pc"):
        if not os.path.isfile(params["pc"]):
            raise GenError("the installed mxbar.pc %s is gone (was mxbar uninstalled?)" % params["pc"])
        return from_pc(params["pc"])
    if os.environ.get("MXB_BUILD"):
        return from_build(os.path.join(files_root, os.environ["MXB_BUILD"]))
    if os.path.isdir(os.path.join(files_root, "models_c")):  # a checkout
        return from_build(os.path.join(files_root, "build", "rel"))
    if subprocess.run(["pkg-config", "--exists", "mxbar"], capture_output=True).returncode == 0:
        return from_pc("mxbar")
    raise GenError("no mxbar found: %s is not a checkout and pkg-config finds no mxbar.pc "
                   "(set PKG_CONFIG_PATH=<prefix>/lib/pkgconfig)" % files_root)


def yaml_list(items):
    # every item is a path or an option without spaces (checked), quoted for YAML
    return "[" + ", ".join("'" + i.replace("'", "''") + "'" for i in items) + "]"


def main(argv):
    if len(argv) != 2:
        print("usage: %s <fusesoc generator input.yml>" % argv[0], file=sys.stderr)
        return 2
    try:
        gin = read_input(argv[1])
        files_root, vlnv = gin["files_root"], gin["vlnv"]
        params = gin.get("parameters") or {}
        vpidir, libs, origin = locate(files_root, params)
        libs = ["-Wl,-u," + s for s in DPI_EXPORTS] + libs
        for item in [vpidir] + libs:
            if any(c.isspace() for c in item):
                raise GenError("path with white space: '%s' (FuseSoC's Makefiles and Verilator's "
                               "option file split it); move mxbar to a path without spaces" % item)
    except GenError as e:
        print("mxbar FuseSoC generator: ERROR: %s" % e, file=sys.stderr)
        return 1
    name = vlnv.split(":")[2] if vlnv.count(":") >= 2 else "mxbar-link"
    core = """CAPI=2:
# written by mxbar's FuseSoC generator (vpi/mxbar_fusesoc_gen.py) from the {origin}
name: {vlnv}
description: mxbar simulator settings ({origin})
targets:
  default:
    tools:
      icarus:
        iverilog_options: {icarus}
      verilator:
        libs: {libs}
""".format(origin=origin, vlnv=vlnv, icarus=yaml_list(["-g2012", "-L" + vpidir, "-m", "mxb"]),
           libs=yaml_list(libs))
    with open(name + ".core", "w") as f:
        f.write(core)
    print("mxbar FuseSoC generator: %s.core from the %s" % (name, origin))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
