"""mxbar from Python: the same C core (libmxb) the simulators load, through ctypes.

    import mxbar
    a = mxbar.Array.load("ecm_1s1r_4x4.json", rows=8, cols=8, seed=7)
    a.sense_all(1)                        # bit lines to a virtual ground (TIA), at t = 0
    a.drive_all(0, [0.7 if r == 2 else 0.0 for r in range(8)], t=1e-6)
    i = a.read_all(1, t=2e-6)             # numpy array: A into each bit line's sense load
    g = a.conductance_map(v_read=0.2)     # numpy (rows, cols), S

Times are seconds and never go back (array.h "Time"): each call taking t first advances the
array to t under the settings held since the last call; t=None acts at the array's present
time (no advance). Every failing call raises MxbError carrying the library's message (the
context's mxb_ctx_errmsg) and code. Objects belong to a Context (seed, card root); one is
made for you when none is given. Contexts are not thread-safe.
"""
import ctypes
import operator
import weakref

import numpy as np

from . import _lib

_L, LIBRARY = _lib.load()
__all__ = ["MxbError", "Context", "Device", "DeviceState", "Array", "version", "card_dir",
           "device_classes", "device_class", "find_card", "card_kind", "LIBRARY",
           "PLANE_ROWS", "PLANE_COLS", "END_A", "END_B", "FLOAT", "VOLTAGE", "CURRENT",
           "SENSE", "FAULTS"]

PLANE_ROWS, PLANE_COLS = 0, 1          # 2D / 1S1R: word lines, bit lines
END_A, END_B = 0, 1                    # index-0 end, far end of a line
FLOAT, VOLTAGE, CURRENT, SENSE = 0, 1, 2, 3   # mxb_term_kind_t
TOPOLOGIES = {"2d": 0, "1s1r": 1, "3d": 2}
FAULTS = ("none", "stuck_on", "stuck_off", "open", "short")
_MEMORY = 0


def _s(x):
    return None if x is None else x.decode()


def _b(x):
    return None if x is None else str(x).encode()


def version():
    """Version of the loaded libmxb, "MAJOR.MINOR.PATCH"."""
    return _s(_L.mxb_version())


__version__ = version()


def card_dir():
    """The shipped cards' folder compiled into libmxb (checkout or installed)."""
    return _s(_L.mxb_card_dir())


class MxbError(Exception):
    """A failed libmxb call. code: the negative MXB_E* status; name: "MXB_EKEY";
    message: the library's detailed message (mxb_ctx_errmsg), or its code's text."""

    def __init__(self, code, message):
        self.code = code
        self.name = _s(_L.mxb_errname(code))
        self.message = message or _s(_L.mxb_strerror(code))
        super().__init__("%s: %s" % (self.name, self.message))


_EINVAL, _EHANDLE, _EINDEX = -1, -10, -11


def _int(x, what):
    try:
        return operator.index(x)
    except TypeError:
        raise TypeError("%s must be an integer, not %s" % (what, type(x).__name__)) from None


def _overrides(overrides, kw):
    """"key=value,..." from a string, a dict and keyword arguments (dotted keys: the dict)."""
    items = []
    if isinstance(overrides, str):
        if overrides:
            items.append(overrides)
    elif isinstance(overrides, dict):
        kw = {**overrides, **kw}
    elif overrides is not None:
        raise TypeError("overrides must be a str or a dict, not %s" % type(overrides).__name__)
    for k, v in kw.items():
        if isinstance(v, bool) or not isinstance(v, (int, float, np.integer, np.floating)):
            raise TypeError("override %s: a number, not %r" % (k, v))
        items.append("%s=%s" % (k, repr(int(v)) if isinstance(v, (int, np.integer)) else repr(float(v))))
    return ",".join(items)


class Context:
    """Seed of every random stream and the last error (mxb_ctx_t). Arrays loaded with the
    override seed=N use N instead."""

    def __init__(self, seed=1, card_root=None):
        seed = _int(seed, "seed")
        if not 0 <= seed < 2 ** 64:
            raise ValueError("seed must be in [0, 2**64), not %d" % seed)
        self._p = _L.mxb_ctx_new(seed)
        if not self._p:
            raise MemoryError("mxb_ctx_new: out of memory")
        self._children = weakref.WeakSet()
        if card_root is not None:
            self.card_root = card_root

    def _ptr(self):
        if not self._p:
            raise MxbError(_EHANDLE, "mxbar.Context used after close()")
        return self._p

    def _raise(self, rc=None):
        code = rc if rc is not None else _L.mxb_ctx_errcode(self._p)
        msg = _s(_L.mxb_ctx_errmsg(self._p))
        _L.mxb_ctx_clear_error(self._p)
        raise MxbError(code or _EINVAL, msg)

    def _check(self, rc):
        if rc < 0:
            self._raise(rc)
        return rc

    @property
    def seed(self):
        return _L.mxb_ctx_seed(self._ptr())

    @property
    def card_root(self):
        """Folder searched for cards after the referring card's own (card.h); "" none."""
        return _s(_L.mxb_ctx_card_root(self._ptr()))

    @card_root.setter
    def card_root(self, d):
        self._check(_L.mxb_ctx_set_card_root(self._ptr(), _b(d or "")))

    def close(self):
        """Free the context and every device and array made in it (they become unusable)."""
        if self._p:
            for c in list(self._children):
                c.close()
            _L.mxb_ctx_free(self._p)
            self._p = None

    def __del__(self):
        if getattr(self, "_p", None):
            self.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _ctx(ctx):
    return ctx if ctx is not None else Context()


def card_kind(path, ctx=None):
    """A card's "kind": "device", "cell_1s1r" or "array" (looked up as card.h says)."""
    ctx = _ctx(ctx)
    buf = ctypes.create_string_buffer(64)
    ctx._check(_L.mxb_card_kind(ctx._ptr(), _b(path), buf, len(buf)))
    return _s(buf.value)


def find_card(name, ctx=None):
    """The path of the card a call would open for name (working directory, card root,
    $MXB_CARD_PATH, the installed cards); MxbError (MXB_EIO) listing the folders tried."""
    ctx = _ctx(ctx)
    buf = ctypes.create_string_buffer(4096)
    ctx._check(_L.mxb_card_find(ctx._ptr(), _b(name), None, buf, len(buf)))
    return _s(buf.value)


def _class_info(cp):
    c = cp.contents
    params = [dict(name=_s(p.name), unit=_s(p.unit), default=p.default, min=p.min, max=p.max,
                   provenance=_s(p.provenance), doc=_s(p.doc))
              for p in (c.params[i] for i in range(c.n_params))]
    states = [dict(name=_s(s.name), unit=_s(s.unit), doc=_s(s.doc), min=s.min, max=s.max)
              for s in (c.states[i] for i in range(c.n_state))]
    return dict(name=_s(c.name), doc=_s(c.doc), params=params, states=states)


def device_classes():
    """Names of the registered device classes."""
    arr, out, i = _L.mxb_device_classes(), [], 0
    while arr[i]:
        out.append(_s(arr[i].contents.name))
        i += 1
    return out


def device_class(name):
    """A class's doc, parameters (name, unit, default, min, max, provenance, doc) and states."""
    cp = _L.mxb_device_class_find(_b(name))
    if not cp:
        raise MxbError(-9, "unknown device class '%s' (known: %s)" % (name, ", ".join(device_classes())))
    return _class_info(cp)


class DeviceState:
    """State vector and random streams of one lone device (mxb_device_init_state)."""

    def __init__(self, values, rng):
        self.values = values  # numpy float64, the class's states in order
        self.rng = rng

    def __repr__(self):
        return "DeviceState(%s)" % self.values


class Device:
    """A device model: a class bound to parameter values (mxb_device_t)."""

    def __init__(self, ptr, ctx):
        self._p, self.ctx = ptr, ctx
        ctx._children.add(self)
        cp = _L.mxb_device_class(ptr)
        self._cls = cp
        self.info = _class_info(cp)

    @classmethod
    def new(cls, class_name, ctx=None):
        """Every parameter at its class default."""
        ctx = _ctx(ctx)
        p = _L.mxb_device_new(ctx._ptr(), _b(class_name))
        if not p:
            ctx._raise()
        return cls(p, ctx)

    @classmethod
    def load(cls, card, overrides=None, ctx=None, **kw):
        """From a device card, with overrides ("key=value,...", a dict, or keywords)."""
        ctx = _ctx(ctx)
        p = _L.mxb_device_load(ctx._ptr(), _b(card), _b(_overrides(overrides, kw)))
        if not p:
            ctx._raise()
        return cls(p, ctx)

    def _ptr(self):
        if not self._p:
            raise MxbError(_EHANDLE, "mxbar.Device used after close()")
        return self._p

    def close(self):
        if self._p:
            _L.mxb_device_free(self._p)
            self._p = None

    def __del__(self):
        if getattr(self, "_p", None) and self.ctx._p:
            self.close()

    @property
    def class_name(self):
        return self.info["name"]

    @property
    def origin(self):
        """The card path, or "<class>" for Device.new."""
        return _s(_L.mxb_device_origin(self._ptr()))

    @property
    def params(self):
        """Every parameter by name (a copy)."""
        vals = _L.mxb_device_params(self._ptr())
        return {p["name"]: vals[i] for i, p in enumerate(self.info["params"])}

    def __getitem__(self, key):
        v = ctypes.c_double()
        self.ctx._check(_L.mxb_device_get(self.ctx._ptr(), self._ptr(), _b(key), ctypes.byref(v)))
        return v.value

    def __setitem__(self, key, value):
        self.ctx._check(_L.mxb_device_set(self.ctx._ptr(), self._ptr(), _b(key), float(value)))

    def provenance(self, key):
        s = _L.mxb_device_provenance(self._ptr(), _b(key))
        if s is None:
            raise MxbError(-5, "%s has no parameter '%s'" % (self.class_name, key))
        return _s(s)

    def init_state(self, layer=0, row=0, col=0):
        """Initial state as an array would give its memory at (layer, row, col) in a context
        of the same seed (device-to-device draw included)."""
        n = max(1, len(self.info["states"]))
        s = np.zeros(n)
        rng = _lib.mxb_dev_rng_t()
        self.ctx._check(_L.mxb_device_init_state(
            self.ctx._ptr(), self._ptr(), _int(layer, "layer"), _int(row, "row"),
            _int(col, "col"), s.ctypes.data_as(_lib.c_double_p), n, ctypes.byref(rng)))
        return DeviceState(s[:len(self.info["states"])].copy() if self.info["states"] else
                           np.zeros(0), rng)

    def _svec(self, state):
        buf = np.zeros(max(1, len(self.info["states"])))
        buf[:len(state.values)] = state.values
        return buf

    def current(self, v, state):
        """(I, dI/dV) of the device at voltage v (top minus bottom) in state."""
        self._ptr()
        s = self._svec(state)
        d = ctypes.c_double()
        i = self._cls.contents.current(_L.mxb_device_params(self._p),
                                       s.ctypes.data_as(_lib.c_double_p), float(v),
                                       ctypes.byref(d))
        return i, d.value

    def integrate(self, state, v, dt):
        """Advance state in place under a constant v for dt seconds (adaptive sub-steps)."""
        s = self._svec(state)
        self.ctx._check(_L.mxb_device_integrate(self.ctx._ptr(), self._ptr(),
                                                s.ctypes.data_as(_lib.c_double_p), float(v),
                                                float(dt), ctypes.byref(state.rng)))
        state.values[:] = s[:len(state.values)]
        return state

    def sweep(self, voltages, dt, state=None):
        """Quasi-static sweep: for each voltage in turn, hold it dt seconds (integrating the
        state), then take the current. Returns (currents, states): numpy arrays of
        len(voltages) and (len(voltages), n_state). state (default init_state()) is moved."""
        st = state if state is not None else self.init_state()
        v = np.asarray(voltages, dtype=float)
        cur = np.empty(v.shape[0])
        traj = np.empty((v.shape[0], len(st.values)))
        for k, vk in enumerate(v):
            self.integrate(st, vk, dt)
            cur[k] = self.current(vk, st)[0]
            traj[k] = st.values
        return cur, traj


class Array:
    """A crossbar array (mxb_array_t): planes of lines, each end floating, driven or sensed.
    Plane 0 holds the word lines (rows), plane 1 the bit lines (columns) of a 2D or 1S1R
    array; a 3D array of L layers has L+1 planes (array.h "Geometry")."""

    def __init__(self, ptr, ctx):
        self._p, self.ctx = ptr, ctx
        ctx._children.add(self)
        t, lay, r, c = (ctypes.c_int() for _ in range(4))
        _L.mxb_array_shape(ptr, ctypes.byref(t), ctypes.byref(lay), ctypes.byref(r), ctypes.byref(c))
        self.topology = {v: k for k, v in TOPOLOGIES.items()}[t.value]
        self.layers, self.rows, self.cols = lay.value, r.value, c.value

    @classmethod
    def load(cls, card, overrides=None, ctx=None, **kw):
        """From an array card (or a device card: a 1 x 1 array) with overrides, given as
        "key=value,..." and/or a dict (dotted keys: {"cell.memory.v_set": 1.2}) and/or
        keywords (rows=8, seed=3). Unknown keys and bad values raise MxbError naming them."""
        ctx = _ctx(ctx)
        p = _L.mxb_array_load(ctx._ptr(), _b(card), _b(_overrides(overrides, kw)))
        if not p:
            ctx._raise()
        return cls(p, ctx)

    @classmethod
    def new(cls, cell, rows, cols, topology="2d", layers=1, selector=None, r_wire_row=0.0,
            r_wire_col=0.0, ctx=None):
        """From device models (copied: they may be closed afterwards)."""
        if topology not in TOPOLOGIES:
            raise ValueError("topology must be one of %s, not %r" % (", ".join(TOPOLOGIES), topology))
        ctx = ctx if ctx is not None else cell.ctx
        spec = _lib.mxb_array_spec_t(TOPOLOGIES[topology], _int(layers, "layers"),
                                     _int(rows, "rows"), _int(cols, "cols"), float(r_wire_row),
                                     float(r_wire_col), cell._ptr(),
                                     selector._ptr() if selector is not None else None)
        p = _L.mxb_array_new(ctx._ptr(), ctypes.byref(spec))
        if not p:
            ctx._raise()
        return cls(p, ctx)

    def _ptr(self):
        if not self._p:
            raise MxbError(_EHANDLE, "mxbar.Array used after close()")
        return self._p

    def close(self):
        if self._p:
            _L.mxb_array_free(self._p)
            self._p = None

    def __del__(self):
        if getattr(self, "_p", None) and self.ctx._p:
            self.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self):
        return "<mxbar.Array %s %dx%dx%d t=%g s>" % (self.topology, self.layers, self.rows,
                                                     self.cols, self.time if self._p else -1)

    # ---- helpers
    def _t(self, t):
        return _L.mxb_array_time(self._ptr()) if t is None else float(t)

    def _call(self, fn, *args):
        return self.ctx._check(fn(self._ptr(), *args))

    @property
    def time(self):
        """The array's present time t_last (s)."""
        return _L.mxb_array_time(self._ptr())

    @property
    def seed(self):
        return _L.mxb_array_seed(self._ptr())

    def lines(self, plane):
        """Number of lines in a plane."""
        n = _L.mxb_array_plane_lines(self._ptr(), _int(plane, "plane"))
        if n < 0:
            raise MxbError(_EINDEX, "plane %d out of range [0, %d]" % (plane, self.layers))
        return n

    # ---- line ends
    def set_end(self, plane, line, end, kind, value=0.0, r=0.0, t=None):
        self._call(_L.mxb_array_set_end, self._t(t), _int(plane, "plane"), _int(line, "line"),
                   _int(end, "end"), _int(kind, "kind"), float(value), float(r))

    def drive(self, plane, line, volts, t=None, r=0.0):
        """End A of a line to an ideal (r = 0) or resistive voltage source; end B unchanged."""
        self._call(_L.mxb_array_drive, self._t(t), _int(plane, "plane"), _int(line, "line"),
                   float(volts), float(r))

    def sense(self, plane, line, t=None, r=0.0):
        """End A of a line to ground through a sense load (r = 0: virtual-ground TIA)."""
        self._call(_L.mxb_array_sense, self._t(t), _int(plane, "plane"), _int(line, "line"), float(r))

    def float(self, plane, line, t=None):
        """Both ends of a line floating."""
        self._call(_L.mxb_array_float, self._t(t), _int(plane, "plane"), _int(line, "line"))

    def drive_all(self, plane, volts, t=None, r=0.0):
        """Drive every line of a plane: volts is one value or one per line."""
        n = self.lines(plane)
        v = np.asarray(volts, dtype=float)
        if v.ndim > 1 or (v.ndim == 1 and v.size != n):
            raise ValueError("volts: %s values for the %d lines of plane %d"
                             % (v.shape, n, plane))
        v = np.broadcast_to(v, (n,))
        t = self._t(t)
        for k in range(n):
            self.drive(plane, k, v[k], t=t, r=r)

    def sense_all(self, plane, t=None, r=0.0):
        t = self._t(t)
        for k in range(self.lines(plane)):
            self.sense(plane, k, t=t, r=r)

    def float_all(self, plane, t=None):
        t = self._t(t)
        for k in range(self.lines(plane)):
            self.float(plane, k, t=t)

    def advance(self, t):
        """Integrate up to t under the present settings."""
        self._call(_L.mxb_array_advance, float(t))

    # ---- reads
    def _read1(self, fn, *args):
        v = ctypes.c_double()
        self._call(fn, *args, ctypes.byref(v))
        return v.value

    def read(self, plane, line, t=None):
        """Current (A) into a line's sense load(s) ($mxb_read)."""
        return self._read1(_L.mxb_array_sense_current, self._t(t), _int(plane, "plane"), _int(line, "line"))

    def read_all(self, plane, t=None):
        """read() of every line of a plane, as a numpy array."""
        t = self._t(t)
        return np.array([self.read(plane, k, t=t) for k in range(self.lines(plane))])

    def end_current(self, plane, line, end=END_A, t=None):
        """Current (A) from an end's source into the line (a sensed end reads negative)."""
        return self._read1(_L.mxb_array_end_current, self._t(t), _int(plane, "plane"),
                           _int(line, "line"), _int(end, "end"))

    def node_voltage(self, plane, line, pos, t=None):
        return self._read1(_L.mxb_array_node_voltage, self._t(t), _int(plane, "plane"),
                           _int(line, "line"), _int(pos, "pos"))

    def cell_voltages(self, row, col, layer=0, t=None):
        """(v_top, v_bottom, v_mid) of a cell; v_mid is NaN but for 1S1R."""
        a, b, m = ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
        self._call(_L.mxb_array_cell_voltages, self._t(t), _int(layer, "layer"), _int(row, "row"),
                   _int(col, "col"), ctypes.byref(a), ctypes.byref(b), ctypes.byref(m))
        return a.value, b.value, m.value

    def cell_current(self, row, col, layer=0, t=None):
        return self._read1(_L.mxb_array_cell_current, self._t(t), _int(layer, "layer"),
                           _int(row, "row"), _int(col, "col"))

    def cell_conductance(self, row, col, v_read, layer=0, t=None):
        """I(v_read)/v_read of the cell alone (1S1R: with its selector as it is at t)."""
        return self._read1(_L.mxb_array_cell_conductance, self._t(t), _int(layer, "layer"),
                           _int(row, "row"), _int(col, "col"), float(v_read))

    def memory_conductance(self, row, col, v_read, layer=0, t=None):
        """Conductance of the cell's memory alone (selector taken as ON)."""
        return self._read1(_L.mxb_array_memory_conductance, self._t(t), _int(layer, "layer"),
                           _int(row, "row"), _int(col, "col"), float(v_read))

    def conductance_map(self, v_read, layer=0, t=None):
        """Conductance (S) of every cell of a layer as a (rows, cols) numpy array."""
        g = np.empty((self.rows, self.cols))
        self._call(_L.mxb_array_conductance_map, self._t(t), _int(layer, "layer"), float(v_read),
                   g.ctypes.data_as(_lib.c_double_p))
        return g

    def load_g(self, g, v_read, layer=0, t=None):
        """Set a layer from a (rows, cols) conductance map (S), as read at v_read."""
        g = np.ascontiguousarray(g, dtype=float)
        if g.shape != (self.rows, self.cols):
            raise ValueError("conductance map of shape %s, the array is %d x %d"
                             % (g.shape, self.rows, self.cols))
        self._call(_L.mxb_array_load_g, self._t(t), _int(layer, "layer"), float(v_read),
                   g.ctypes.data_as(_lib.c_double_p))

    def cell_state(self, row, col, layer=0):
        """State vector of a cell's memory (a selector's values: state_value("selector.x"))."""
        n = self.ctx._check(_L.mxb_array_state_count(self._ptr(), _MEMORY))
        s = np.zeros(max(n, 1))
        self._call(_L.mxb_array_cell_state, _int(layer, "layer"), _int(row, "row"),
                   _int(col, "col"), s.ctypes.data_as(_lib.c_double_p), n)
        return s[:n].copy()

    def set_cell_state(self, row, col, values, layer=0):
        s = np.ascontiguousarray(values, dtype=float)
        self._call(_L.mxb_array_set_cell_state, _int(layer, "layer"), _int(row, "row"),
                   _int(col, "col"), s.ctypes.data_as(_lib.c_double_p), s.size)

    def state_value(self, row, col, name, layer=0):
        """One state value by name: "w", "memory.w", "selector.x"."""
        v = ctypes.c_double()
        self._call(_L.mxb_array_cell_state_value, _int(layer, "layer"), _int(row, "row"),
                   _int(col, "col"), _b(name), ctypes.byref(v))
        return v.value

    def energy(self, t=None):
        """(J drawn from every source, J dissipated in the cells) since creation."""
        a, b = ctypes.c_double(), ctypes.c_double()
        self._call(_L.mxb_array_energy, self._t(t), ctypes.byref(a), ctypes.byref(b))
        return a.value, b.value

    # ---- files
    def export_spice(self, path, t=None):
        self._call(_L.mxb_array_export_spice, self._t(t), _b(path))

    def save(self, path, t=None):
        self._call(_L.mxb_array_save, self._t(t), _b(path))

    def restore(self, path):
        self._call(_L.mxb_array_restore, _b(path))

    # ---- non-idealities and solver statistics
    def fault(self, row, col, kind, layer=0, t=None):
        """Make a cell faulty from t on: kind is one of FAULTS ("none" heals)."""
        k = _L.mxb_fault_parse(_b(kind)) if isinstance(kind, str) else _int(kind, "kind")
        if k < 0:
            raise MxbError(-7, "fault kind '%s' is not one of %s" % (kind, ", ".join(FAULTS)))
        self._call(_L.mxb_array_fault, self._t(t), _int(layer, "layer"), _int(row, "row"),
                   _int(col, "col"), k)

    def cell_fault(self, row, col, layer=0):
        k = ctypes.c_int()
        self._call(_L.mxb_array_cell_fault, _int(layer, "layer"), _int(row, "row"),
                   _int(col, "col"), ctypes.byref(k))
        return FAULTS[k.value]

    def fault_map(self, t=None):
        """Fault kind of every cell (index into FAULTS) as a (layers, rows, cols) array."""
        k = np.zeros((self.layers, self.rows, self.cols), dtype=np.intc)
        self._call(_L.mxb_array_fault_map, self._t(t),
                   k.ctypes.data_as(ctypes.POINTER(ctypes.c_int)), k.size)
        return k

    def set_temp(self, kelvin, t=None):
        self._call(_L.mxb_array_set_temp, self._t(t), float(kelvin))

    def set_read_bw(self, hz, t=None):
        self._call(_L.mxb_array_set_read_bw, self._t(t), float(hz))

    def nonideal(self, key):
        return self._read1(_L.mxb_array_nonideal_get, _b(key))

    def solver_stats(self):
        """What the solver did since creation (mxb_solver_stats_t) as a dict."""
        st = _lib.mxb_solver_stats_t()
        self._call(_L.mxb_array_solver_stats, ctypes.byref(st))
        d = {f: getattr(st, f) for f, _ in st._fields_}
        d["last_path"] = _s(_L.mxb_solve_path_name(st.last_path))
        return d
