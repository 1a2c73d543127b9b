"""An instrumented copy of a program that records every piecewise decision.

``instrument(source)`` returns a module namespace whose functions compute the
same values as the original but log, for each comparison, ``abs``,
``max``/``min`` (binary and reductions), ``clip``, ``sort``, ``floor``/``round``,
``%`` and ``//``, ``sign``, ``norm``, ``interp`` (the grid
interval) and ``slogdet`` (the sign): the *decision* taken (which branch,
which argmax, which integer) and its *margin* (how far the inputs were from
changing it). The oracle runs this copy at the test point and at every
finite-difference point: if any decision differs, the function is not smooth
there and the sample is classified ``nonsmooth`` instead of being compared.
It also notes (``Tracer.near_kink``) a ``std`` of values that are equal up to
rounding but not exactly: std is ``sqrt`` of a variance at its minimum there,
so its derivative is rounding noise of order one, for s2sad and any reference.

Invariant: the instrumented functions return exactly what the originals
return (the wrappers call the real functions and only observe).
"""
import ast
import builtins
import math
import types

import numpy as np

from .forms import scipy_namespace, stdlib_modules
from .ranges import ARITH, Watch

__all__ = ["Tracer", "instrument"]


class Tracer:
    def __init__(self):
        self.watch = Watch()          # floating-point range findings, switched on at the test point
        self.reset()

    def reset(self):
        self.events = []
        self.margin = math.inf
        self.near_kink = None
        self.watch.finding = None

    def log(self, kind, decision, margin):
        self.events.append((kind, _key(decision)))
        margin = float(np.min(margin)) if np.size(margin) else math.inf
        if margin < self.margin:
            self.margin = margin

    def snapshot(self):
        return list(self.events), self.margin


def _key(decision):
    arr = np.asarray(decision)
    return arr.shape, arr.tobytes()


def _f(x):
    return np.asarray(x, dtype=np.float64)


def _gap(x, axis):
    """Distance between the two largest values along ``axis`` (inf for one value)."""
    a = np.sort(_f(x), axis=axis) if axis is not None else np.sort(_f(x).ravel())
    ax = -1 if axis is None else axis
    if a.shape[ax] < 2:
        return math.inf
    return np.take(a, -1, axis=ax) - np.take(a, -2, axis=ax)


def _numbers(items):
    """The operands of builtin ``min``/``max`` as one float array (a size-1 array counts as its number)."""
    return np.array([float(np.reshape(i, -1)[0]) if np.size(i) == 1 else np.nan for i in items])


def _frac(x):
    """Distance of ``x`` to the nearest integer (where floor/ceil/trunc jump)."""
    x = _f(x)
    return np.abs(x - np.round(x))


class _NumpyProxy:
    """``np`` for the instrumented copy: piecewise functions observed, the rest passed through."""

    def __init__(self, tracer, module=np, prefix=""):
        self._t, self._m, self._p = tracer, module, prefix

    def __getattr__(self, attr):
        real = getattr(self._m, attr)
        if attr == "linalg":
            return _NumpyProxy(self._t, np.linalg, "linalg.")
        return _observe(self._t, "np." + self._p + attr, real, _WRAPPERS.get(self._p + attr))


_FUNCTIONS = (types.FunctionType, types.BuiltinFunctionType, np.ufunc, type(np.sum))  # numpy 2: a dispatcher


def _observe(t, name, real, wrap):
    """``real`` itself, or a stand-in that also logs its decision (``wrap``) and watches its range."""
    if wrap is None and not (t.watch.on and isinstance(real, _FUNCTIONS)):
        return real

    def observed(*args, **kwargs):
        out = real(*args, **kwargs)
        if wrap is not None:
            wrap(t, out, args, kwargs)
        t.watch.call(name, args, out, kwargs)
        return out
    if isinstance(real, np.ufunc):        # np.maximum.accumulate: the method, its decisions logged
        for method in ("accumulate", "reduce"):
            setattr(observed, method, _observe(t, f"{name}.{method}", getattr(real, method), _WRAPPERS.get(
                f"{name[3:]}.{method}")))
        for method in ("outer", "at", "reduceat"):
            setattr(observed, method, getattr(real, method))
    return observed


def _w_abs(t, out, args, kw):
    t.log("abs", np.sign(args[0]), np.abs(_f(args[0])))


def _w_maximum(t, out, args, kw):
    a, b = _f(args[0]), _f(args[1])
    t.log("max2", a >= b, np.abs(a - b))


def _w_reduce(kind):
    def wrap(t, out, args, kw):
        x, axis = _f(args[0]), kw.get("axis", args[1] if len(args) > 1 else None)
        sign = 1.0 if kind == "max" else -1.0
        if isinstance(axis, tuple) or x.ndim == 0:      # np.max(number, axis=0) is the number
            axis = None
        t.log(kind, np.argmax(sign * x, axis=axis), _gap(sign * x, axis))
    return wrap


def _w_ufunc_reduce(kind):
    """np.maximum.reduce(x, axis=0): np.max's decision, with the method's default axis 0."""
    def wrap(t, out, args, kw):
        _w_reduce(kind)(t, out, (args[0], kw.get("axis", args[1] if len(args) > 1 else 0)), {})
    return wrap


def _w_ptp(t, out, args, kw):
    _w_reduce("max")(t, out, args, kw)
    _w_reduce("min")(t, out, args, kw)


def _w_sort(t, out, args, kw):
    x = _f(args[0])
    axis = kw.get("axis", args[1] if len(args) > 1 else -1)
    if x.ndim == 0 or axis is None:   # one value (NumPy sorts a 0-d array as itself), or flattened
        x, axis = x.ravel(), -1
    t.log("sort", np.argsort(x, axis=axis, kind="stable"), np.abs(np.diff(np.sort(x, axis=axis), axis=axis)))


def _w_clip(t, out, args, kw):
    x = _f(args[0])
    lo = kw.get("a_min", args[1] if len(args) > 1 else None)
    hi = kw.get("a_max", args[2] if len(args) > 2 else None)
    parts, margins = [], []
    for bound in (lo, hi):
        if bound is not None:
            parts.append(x < _f(bound))
            margins.append(np.abs(x - _f(bound)).ravel())
    t.log("clip", np.stack(np.broadcast_arrays(*parts)) if parts else 0,
          np.concatenate(margins) if margins else math.inf)


def _w_step(t, out, args, kw):
    t.log("step", np.floor(_f(args[0])), _frac(args[0]))


def _w_round(t, out, args, kw):
    x = _f(args[0])
    t.log("round", np.round(x), _frac(x - 0.5))


def _w_mod(t, out, args, kw):
    a, b = _f(args[0]), _f(args[1])
    q = a / b
    t.log("mod", np.floor(q), _frac(q) * np.abs(b))


def _w_norm(t, out, args, kw):
    x = _f(args[0])
    order = kw.get("ord", args[1] if len(args) > 1 else None)
    if order in (1, np.inf, -np.inf) or order == "nuc":
        t.log("norm", np.sign(x), np.abs(x))
    if order in (np.inf, -np.inf):
        t.log("norm", np.argmax(np.abs(x)), _gap(np.abs(x), None))
    t.log("norm0", 0, np.sqrt(np.sum(x * x)))


def _w_std(t, out, args, kw):
    """A std whose values differ only by rounding (relative spread <= 1e-9, not 0)."""
    x = _f(args[0])
    axis = kw.get("axis", args[1] if len(args) > 1 else None)
    if x.size == 0:
        return
    spread = np.std(x, axis=axis)
    scale = np.max(np.abs(x), axis=axis)
    if np.any((spread > 0) & (spread <= 1e-9 * scale)) and t.near_kink is None:
        t.near_kink = "std of values equal up to rounding (its derivative there is rounding noise)"


def _w_interp(t, out, args, kw):
    """Which interval of the grid each point lies in (the kinks are at the knots)."""
    x, xp = _f(args[0]), _f(kw.get("xp", args[1] if len(args) > 1 else None))
    t.log("interp", np.searchsorted(xp, x, side="right"),   # no points (x empty): no knot is near
          np.min(np.abs(np.subtract.outer(x, xp)), initial=np.inf))


def _w_slogdet(t, out, args, kw):
    t.log("slogdet", out[0], np.abs(np.linalg.det(_f(args[0]))))


def _w_sqrt(t, out, args, kw):
    t.log("sqrt", 0, _f(args[0]))


def _w_accumulate(largest):
    def wrap(t, out, args, kw):
        x = np.moveaxis(_f(args[0]), kw.get("axis", args[1] if len(args) > 1 else 0), -1)
        best = np.moveaxis(_f(out), kw.get("axis", args[1] if len(args) > 1 else 0), -1)
        before = best[..., :-1]
        t.log("accumulate", (x[..., 1:] > before) if largest else (x[..., 1:] < before),
              np.min(np.abs(x[..., 1:] - before)) if x.shape[-1] > 1 else math.inf)
    return wrap


_WRAPPERS = {
    "abs": _w_abs, "absolute": _w_abs, "fabs": _w_abs, "sign": _w_abs,
    "maximum": _w_maximum, "fmax": _w_maximum, "minimum": _w_maximum, "fmin": _w_maximum,
    "max": _w_reduce("max"), "amax": _w_reduce("max"), "argmax": _w_reduce("max"),
    "min": _w_reduce("min"), "amin": _w_reduce("min"), "argmin": _w_reduce("min"),
    "sort": _w_sort, "argsort": _w_sort, "median": _w_sort, "clip": _w_clip,
    "floor": _w_step, "ceil": _w_step, "trunc": _w_step, "fix": _w_step, "floor_divide": _w_mod,
    "rint": _w_round, "round": _w_round, "around": _w_round,
    "mod": _w_mod, "remainder": _w_mod, "fmod": _w_mod,
    "maximum.accumulate": _w_accumulate(True), "fmax.accumulate": _w_accumulate(True),
    "minimum.accumulate": _w_accumulate(False), "fmin.accumulate": _w_accumulate(False),
    "maximum.reduce": _w_ufunc_reduce("max"), "fmax.reduce": _w_ufunc_reduce("max"),
    "minimum.reduce": _w_ufunc_reduce("min"), "fmin.reduce": _w_ufunc_reduce("min"), "ptp": _w_ptp,
    "linalg.norm": _w_norm, "linalg.slogdet": _w_slogdet, "interp": _w_interp, "sqrt": _w_sqrt, "cbrt": _w_abs, "std": _w_std,
}


class _Runtime:
    """The ``_fz`` object instrumented code calls for operators and methods."""

    def __init__(self, tracer):
        self.t = tracer

    def compare(self, ops, first, *rest):
        left, result = first, True
        for k, (op, right) in enumerate(zip(ops, rest)):
            value = _COMPARE[op](left, right)
            if op not in ("is", "is not", "in", "not in"):
                try:
                    margin = np.abs(_f(left) - _f(right))
                except (TypeError, ValueError):
                    margin = math.inf
                self.t.log("cmp", value, margin)
            if k < len(ops) - 1 and not value:   # a chain stops at a false link, as Python's does
                return value                     # (a 1-element array of any rank has a truth value)
            result = value
            left = right
        return result

    def arith(self, op, a, b):
        return self.t.watch.arith(op, a, b)

    def before(self, target, value):
        return self.t.watch.before(target, value)

    def after(self, was_finite, op, target):
        self.t.watch.after(was_finite, op, target)

    def mod(self, a, b):
        _w_mod(self.t, None, (a, b), {})
        return a % b

    def floordiv(self, a, b):
        _w_mod(self.t, None, (a, b), {})
        return a // b

    def method(self, obj, attr, *args, **kwargs):
        out = getattr(obj, attr)(*args, **kwargs)
        wrap = _WRAPPERS.get(attr) if isinstance(obj, np.ndarray) else None
        if wrap is not None:
            wrap(self.t, out, (obj,) + args, kwargs)
        return out


_COMPARE = {"<": lambda a, b: a < b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b,
            ">=": lambda a, b: a >= b, "==": lambda a, b: a == b, "!=": lambda a, b: a != b,
            "is": lambda a, b: a is b, "is not": lambda a, b: a is not b,
            "in": lambda a, b: a in b, "not in": lambda a, b: a not in b}
_OPNAMES = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!=",
            ast.Is: "is", ast.IsNot: "is not", ast.In: "in", ast.NotIn: "not in"}
_METHODS = {"max", "min", "argmax", "argmin", "clip", "round", "sort", "std"}


class _Instrument(ast.NodeTransformer):
    def visit_Compare(self, node):
        self.generic_visit(node)
        ops = ast.Tuple(elts=[ast.Constant(_OPNAMES[type(op)]) for op in node.ops], ctx=ast.Load())
        return _call("compare", [ops, node.left] + node.comparators)

    def visit_BinOp(self, node):
        self.generic_visit(node)
        if isinstance(node.op, ast.Mod):
            return _call("mod", [node.left, node.right])
        if isinstance(node.op, ast.FloorDiv):
            return _call("floordiv", [node.left, node.right])
        op = type(node.op).__name__
        if op in ARITH:
            return _call("arith", [ast.Constant(op), node.left, node.right])
        return node

    def visit_AugAssign(self, node):
        self.generic_visit(node)
        if isinstance(node.op, (ast.Mod, ast.FloorDiv)):
            load = ast.fix_missing_locations(_load(node.target))
            fn = "mod" if isinstance(node.op, ast.Mod) else "floordiv"
            return ast.copy_location(ast.Assign(targets=[node.target], value=_call(fn, [load, node.value])), node)
        op = type(node.op).__name__
        if op not in ARITH:
            return node
        # v = value; w = before(target, v); target op= v; after(w, op, target)   (value evaluated once)
        value, was = ast.Name(id="_fz_v", ctx=ast.Store()), ast.Name(id="_fz_w", ctx=ast.Store())
        stmts = [ast.Assign(targets=[value], value=node.value),
                 ast.Assign(targets=[was], value=_call("before", [_load(node.target), _load(value)])),
                 ast.AugAssign(target=node.target, op=node.op, value=_load(value)),
                 ast.Expr(value=_call("after", [_load(was), ast.Constant(op), _load(node.target)]))]
        return [ast.fix_missing_locations(ast.copy_location(s, node)) for s in stmts]

    def visit_Call(self, node):
        self.generic_visit(node)
        f = node.func
        if isinstance(f, ast.Attribute) and f.attr in _METHODS and not _is_module(f.value):
            call = _call("method", [f.value, ast.Constant(f.attr)] + node.args)
            call.keywords = node.keywords
            return call
        return node


def _is_module(node):
    return isinstance(node, ast.Name) and node.id in ("np", "math")


def _load(target):
    import copy
    new = copy.deepcopy(target)
    for n in ast.walk(new):
        if hasattr(n, "ctx"):
            n.ctx = ast.Load()
    return new


def _call(attr, args):
    return ast.Call(func=ast.Attribute(value=ast.Name(id="_fz", ctx=ast.Load()), attr=attr, ctx=ast.Load()),
                    args=args, keywords=[])


def _builtins(tracer):
    def t_abs(x):
        _w_abs(tracer, None, (x,), {})
        return builtins.abs(x)

    def t_max(*args, **kw):
        items = list(args) if len(args) > 1 else list(args[0])     # a generator is read once
        out = builtins.max(*(items if len(args) > 1 else [items]), **kw)
        tracer.log("bmax", _index(items, out), _gap(_numbers(_firsts(_keys(items, kw))), None))
        return out

    def t_min(*args, **kw):
        items = list(args) if len(args) > 1 else list(args[0])
        out = builtins.min(*(items if len(args) > 1 else [items]), **kw)
        tracer.log("bmin", _index(items, out), _gap(-_numbers(_firsts(_keys(items, kw))), None))
        return out

    def t_sorted(xs, **kw):
        items = list(xs)
        keys = _firsts(_keys(items, kw))        # sorted(zip(a, b))
        if not all(isinstance(i, (int, float, np.number, np.ndarray)) for i in keys):
            return builtins.sorted(items, **kw)     # dict keys (flows.py): no data decides the order
        values = _numbers(keys)
        tracer.log("bsorted", np.argsort(values, kind="stable"),
                   np.min(np.abs(np.diff(np.sort(values)))) if len(items) > 1 else math.inf)
        return builtins.sorted(items, **kw)

    def t_round(x, *a):
        _w_round(tracer, None, (x,), {})
        return builtins.round(x, *a)

    def t_int(x):
        _w_step(tracer, None, (x,), {})
        return builtins.int(x)
    return {"abs": t_abs, "max": t_max, "min": t_min, "sorted": t_sorted, "round": t_round, "int": t_int}


def _keys(items, kw):
    """What ``max``/``min``/``sorted`` compare: the items, or their ``key=`` values (fuzz39)."""
    key = kw.get("key")
    return [key(i) for i in items] if key is not None else items


def _firsts(keys):
    """Tuples compare by their first item (ties of random floats do not happen): that item decides."""
    return [k[0] if isinstance(k, tuple) and k else k for k in keys]


def _index(items, out):
    """The position of the item ``max``/``min`` returned (by identity: ``in`` would compare arrays)."""
    return next((k for k, i in enumerate(items) if i is out), -1)


class _MathProxy:
    def __init__(self, tracer):
        self._t = tracer

    def __getattr__(self, attr):
        real = getattr(math, attr)
        wrap = {"fabs": _w_abs, "floor": _w_step, "ceil": _w_step, "trunc": _w_step, "fmod": _w_mod,
                "sqrt": _w_sqrt}.get(attr)
        return _observe(self._t, "math." + attr, real, wrap)


def instrument(source, filename="<instrumented>"):
    """(namespace, tracer): the program's module namespace, every decision observed."""
    tree = ast.parse(source)
    tree.body = [s for s in tree.body if not isinstance(s, (ast.Import, ast.ImportFrom))]
    tree = ast.fix_missing_locations(_Instrument().visit(tree))
    tracer = Tracer()
    namespace = {"__name__": "fz_instrumented", "_fz": _Runtime(tracer), "np": _NumpyProxy(tracer),
                 "math": _MathProxy(tracer), "scipy": scipy_namespace()}
    namespace.update(_builtins(tracer))
    namespace.update(stdlib_modules())
    exec(compile(tree, filename, "exec"), namespace)
    return namespace, tracer
