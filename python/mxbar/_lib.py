"""Finding and declaring libmxb (ctypes). Internal: use the names mxbar exports.

The shared library is looked up, in order:
  1. $MXB_LIB: the path of a libmxb.so (an error if it is not there);
  2. the checkout this package sits in: <checkout>/build/rel/libmxb.so (make lib);
  3. an installed mxbar: pkg-config --variable=libdir mxbar (PKG_CONFIG_PATH);
  4. the system's loader path (libmxb.so.<major>).
"""
import ctypes
import ctypes.util
import os
import subprocess

# The C API this package is written against: MAJOR.MINOR of models_c/include/mxb/version.h
# (0.x: a MINOR step may change the API, so the two must match).
API = (0, 2)

c_double_p = ctypes.POINTER(ctypes.c_double)


class mxb_param_def_t(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("unit", ctypes.c_char_p),
                ("default", ctypes.c_double), ("min", ctypes.c_double),
                ("max", ctypes.c_double), ("provenance", ctypes.c_char_p),
                ("doc", ctypes.c_char_p)]


class mxb_state_def_t(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("unit", ctypes.c_char_p),
                ("doc", ctypes.c_char_p), ("min", ctypes.c_double),
                ("max", ctypes.c_double)]


class mxb_dev_rng_t(ctypes.Structure):
    _fields_ = [("seed", ctypes.c_uint64), ("d2d", ctypes.c_uint64),
                ("c2c", ctypes.c_uint64), ("read", ctypes.c_uint64)]


CURRENT_FN = ctypes.CFUNCTYPE(ctypes.c_double, c_double_p, c_double_p, ctypes.c_double,
                              c_double_p)


class mxb_device_class_t(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("doc", ctypes.c_char_p),
                ("n_params", ctypes.c_size_t),
                ("params", ctypes.POINTER(mxb_param_def_t)),
                ("n_state", ctypes.c_size_t),
                ("states", ctypes.POINTER(mxb_state_def_t)),
                ("check", ctypes.c_void_p), ("init", ctypes.c_void_p),
                ("current", CURRENT_FN), ("advance", ctypes.c_void_p),
                ("step_limit", ctypes.c_void_p), ("capacitance", ctypes.c_void_p),
                ("spice_current", ctypes.c_void_p), ("ohmic", ctypes.c_void_p)]


class mxb_array_spec_t(ctypes.Structure):
    _fields_ = [("topology", ctypes.c_int), ("layers", ctypes.c_int),
                ("rows", ctypes.c_int), ("cols", ctypes.c_int),
                ("r_wire_row", ctypes.c_double), ("r_wire_col", ctypes.c_double),
                ("cell", ctypes.c_void_p), ("selector", ctypes.c_void_p)]


class mxb_solver_stats_t(ctypes.Structure):
    _fields_ = [("op_solves", ctypes.c_long), ("op_fast", ctypes.c_long),
                ("op_lean", ctypes.c_long), ("net_solves", ctypes.c_long),
                ("net_iterative", ctypes.c_long), ("net_klu", ctypes.c_long),
                ("fallbacks", ctypes.c_long), ("newton", ctypes.c_long),
                ("cg", ctypes.c_long), ("factorisations", ctypes.c_long),
                ("refactorisations", ctypes.c_long), ("advances", ctypes.c_long),
                ("solve_s", ctypes.c_double), ("advance_s", ctypes.c_double),
                ("last_path", ctypes.c_int), ("last_newton", ctypes.c_long),
                ("last_cg", ctypes.c_long)]


def _candidates():
    """(path, where) pairs to try, in order; MXB_LIB alone when set."""
    env = os.environ.get("MXB_LIB")
    if env:
        return [(env, "$MXB_LIB")]
    out = []
    here = os.path.dirname(os.path.abspath(__file__))
    out.append((os.path.join(here, "..", "..", "build", "rel", "libmxb.so"),
                "the checkout's build/rel (make lib)"))
    try:
        r = subprocess.run(["pkg-config", "--variable=libdir", "mxbar"], capture_output=True,
                           text=True, timeout=30)
        if r.returncode == 0 and r.stdout.strip():
            libdir = r.stdout.strip()
            out.append((os.path.join(libdir, "libmxb.so.%d" % API[0]), "pkg-config mxbar"))
    except (OSError, subprocess.SubprocessError):
        pass
    found = ctypes.util.find_library("mxb")
    out.append((found or "libmxb.so.%d" % API[0], "the system's library path"))
    return out


def load():
    tried = []
    for path, where in _candidates():
        if os.sep in path and not os.path.isfile(path):
            tried.append("%s (%s): no such file" % (os.path.normpath(path), where))
            continue
        try:
            lib = ctypes.CDLL(path)
        except OSError as e:
            tried.append("%s (%s): %s" % (path, where, e))
            continue
        try:
            _declare(lib)
        except AttributeError as e:
            raise ImportError("mxbar: %s (%s) is not libmxb %d.%d: %s"
                              % (path, where, API[0], API[1], e)) from None
        ver = lib.mxb_version().decode()
        got = tuple(int(x) for x in ver.split(".")[:2])
        if got != API:
            raise ImportError("mxbar: %s is libmxb %s; this package needs %d.%d.x"
                              % (path, ver, API[0], API[1]))
        return lib, os.path.abspath(path) if os.sep in path else path
    raise ImportError("mxbar: libmxb.so not found. Tried:\n  " + "\n  ".join(tried) +
                      "\nBuild it (make lib in the checkout), or install it (make install) "
                      "and set PKG_CONFIG_PATH=<prefix>/lib/pkgconfig, or set "
                      "MXB_LIB=/path/to/libmxb.so")


def _fn(lib, name, restype, *argtypes):
    f = getattr(lib, name)
    f.restype = restype
    f.argtypes = list(argtypes)


def _declare(lib):
    I, D, P, S, U64 = ctypes.c_int, ctypes.c_double, ctypes.c_void_p, ctypes.c_char_p, ctypes.c_uint64
    Dp, Ip, Sz = c_double_p, ctypes.POINTER(ctypes.c_int), ctypes.c_size_t
    _fn(lib, "mxb_version", S)
    _fn(lib, "mxb_strerror", S, I)
    _fn(lib, "mxb_errname", S, I)
    _fn(lib, "mxb_card_dir", S)
    _fn(lib, "mxb_card_kind", I, P, S, ctypes.c_char_p, Sz)
    _fn(lib, "mxb_card_find", I, P, S, S, ctypes.c_char_p, Sz)
    # context
    _fn(lib, "mxb_ctx_new", P, U64)
    _fn(lib, "mxb_ctx_free", None, P)
    _fn(lib, "mxb_ctx_seed", U64, P)
    _fn(lib, "mxb_ctx_set_card_root", I, P, S)
    _fn(lib, "mxb_ctx_card_root", S, P)
    _fn(lib, "mxb_ctx_errmsg", S, P)
    _fn(lib, "mxb_ctx_errcode", I, P)
    _fn(lib, "mxb_ctx_clear_error", None, P)
    # devices
    cls_p = ctypes.POINTER(mxb_device_class_t)
    _fn(lib, "mxb_device_classes", ctypes.POINTER(cls_p))
    _fn(lib, "mxb_device_class_find", cls_p, S)
    _fn(lib, "mxb_device_new", P, P, S)
    _fn(lib, "mxb_device_load", P, P, S, S)
    _fn(lib, "mxb_device_free", None, P)
    _fn(lib, "mxb_device_set", I, P, P, S, D)
    _fn(lib, "mxb_device_get", I, P, P, S, Dp)
    _fn(lib, "mxb_device_class", cls_p, P)
    _fn(lib, "mxb_device_params", Dp, P)
    _fn(lib, "mxb_device_origin", S, P)
    _fn(lib, "mxb_device_provenance", S, P, S)
    rng_p = ctypes.POINTER(mxb_dev_rng_t)
    _fn(lib, "mxb_device_init_state", I, P, P, ctypes.c_uint, ctypes.c_uint, ctypes.c_uint,
        Dp, Sz, rng_p)
    _fn(lib, "mxb_device_integrate", I, P, P, Dp, D, D, rng_p)
    # arrays
    _fn(lib, "mxb_array_new", P, P, ctypes.POINTER(mxb_array_spec_t))
    _fn(lib, "mxb_array_load", P, P, S, S)
    _fn(lib, "mxb_array_seed", U64, P)
    _fn(lib, "mxb_array_free", None, P)
    _fn(lib, "mxb_array_shape", None, P, Ip, Ip, Ip, Ip)
    _fn(lib, "mxb_array_plane_lines", I, P, I)
    _fn(lib, "mxb_array_time", D, P)
    _fn(lib, "mxb_array_set_end", I, P, D, I, I, I, I, D, D)
    _fn(lib, "mxb_array_drive", I, P, D, I, I, D, D)
    _fn(lib, "mxb_array_sense", I, P, D, I, I, D)
    _fn(lib, "mxb_array_float", I, P, D, I, I)
    _fn(lib, "mxb_array_advance", I, P, D)
    _fn(lib, "mxb_array_end_current", I, P, D, I, I, I, Dp)
    _fn(lib, "mxb_array_sense_current", I, P, D, I, I, Dp)
    _fn(lib, "mxb_array_node_voltage", I, P, D, I, I, I, Dp)
    _fn(lib, "mxb_array_cell_voltages", I, P, D, I, I, I, Dp, Dp, Dp)
    _fn(lib, "mxb_array_cell_current", I, P, D, I, I, I, Dp)
    _fn(lib, "mxb_array_cell_conductance", I, P, D, I, I, I, D, Dp)
    _fn(lib, "mxb_array_memory_conductance", I, P, D, I, I, I, D, Dp)
    _fn(lib, "mxb_array_conductance_map", I, P, D, I, D, Dp)
    _fn(lib, "mxb_array_load_g", I, P, D, I, D, Dp)
    _fn(lib, "mxb_array_cell_state", I, P, I, I, I, Dp, Sz)
    _fn(lib, "mxb_array_set_cell_state", I, P, I, I, I, Dp, Sz)
    _fn(lib, "mxb_array_state_count", I, P, I)
    _fn(lib, "mxb_array_cell_state_value", I, P, I, I, I, S, Dp)
    _fn(lib, "mxb_array_energy", I, P, D, Dp, Dp)
    _fn(lib, "mxb_array_export_spice", I, P, D, S)
    _fn(lib, "mxb_array_save", I, P, D, S)
    _fn(lib, "mxb_array_restore", I, P, S)
    _fn(lib, "mxb_array_solver_stats", I, P, ctypes.POINTER(mxb_solver_stats_t))
    _fn(lib, "mxb_solve_path_name", S, I)
    _fn(lib, "mxb_fault_name", S, I)
    _fn(lib, "mxb_fault_parse", I, S)
    _fn(lib, "mxb_array_fault", I, P, D, I, I, I, I)
    _fn(lib, "mxb_array_cell_fault", I, P, I, I, I, Ip)
    _fn(lib, "mxb_array_fault_map", I, P, D, Ip, Sz)
    _fn(lib, "mxb_array_set_temp", I, P, D, D)
    _fn(lib, "mxb_array_set_read_bw", I, P, D, D)
    _fn(lib, "mxb_array_nonideal_get", I, P, S, Dp)
