"""Numba versions of the run-time helpers in :mod:`s2sad.rules.runtime`.

Importing this module registers, with ``numba.extending.overload``, a
nopython implementation for every helper a generated adjoint may call
(``zeros_like``, ``unbroadcast``, ``sum_grad``, ...). The generated code keeps
calling the very same Python functions; inside ``numba.njit`` code numba picks
the implementation registered here. Numba cannot hold a float and an array in
one variable, so each overload chooses its implementation at typing time from
the argument types (scalar or array, number of dimensions, ``axis`` None or an
integer). Where the code depends on the number of dimensions it is generated
as text for that ``ndim`` (see ``_gen``).

It also teaches numba a few NumPy reductions it lacks and that adjoints of
common code need: ``np.max``/``np.min``/``np.amax``/``np.amin``/``np.mean``/
``np.prod``/``np.var``/``np.std`` with an integer ``axis``, and ``np.sum``/
``np.max``/... with ``keepdims=True``. Only signatures numba rejects are
added; numba's own implementations are left alone.
"""
import builtins
import math

import numpy as np
from numba import njit, types
from numba.core.errors import TypingError
from numba.extending import overload

from ..rules import runtime as rt

_GEN_CACHE = {}
COVERED = set()          # names of the s2sad.rules.runtime helpers implemented here


def _helper(fn):
    """``overload(fn)`` for an s2sad.rules.runtime helper, recorded in COVERED."""
    COVERED.add(fn.__name__)
    return overload(fn)


def _gen(src, name, extra=None):
    """Compile generated helper source ``src`` once and return function ``name``."""
    key = (src, name)
    if key not in _GEN_CACHE:
        glb = {"np": np, "_expand_to": _expand_to, "_reduced_count": _reduced_count,
               "unbroadcast": rt.unbroadcast, "_axis_reduce": _axis_reduce,
               "_prod_of_others": _prod_of_others, "_rows": _rows}
        glb.update(extra or {})
        glb["__name__"] = __name__     # numba's disk cache re-imports a function's module by this name
        exec(compile(src, f"<s2sad numba helper {name}>", "exec"), glb)
        _GEN_CACHE[key] = glb[name]
    return _GEN_CACHE[key]


def _jit_error():
    from .jit import JitError
    return JitError


def _is_none(t):
    if isinstance(t, types.Omitted):
        return t.value is None
    return t is None or isinstance(t, types.NoneType)


def _literal_bool(t):
    """The value of a compile-time constant bool argument, else None."""
    if isinstance(t, bool):
        return t
    if isinstance(t, types.Omitted):
        return bool(t.value)
    if isinstance(t, types.BooleanLiteral):
        return t.literal_value
    return None


def _literal_axes(axis, n):
    """The sorted non-negative axes of a constant tuple ``axis`` (e.g. ``(0, -1)``), else None."""
    if isinstance(axis, types.BaseTuple) and len(axis) and \
            all(isinstance(t, types.IntegerLiteral) for t in axis.types):
        return sorted({t.literal_value % max(n, 1) for t in axis.types})
    return None


def _is_array(t):
    return isinstance(t, types.Array)


def _is_scalar(t):
    return isinstance(t, (types.Number, types.Boolean))


def _ndim(t):
    return t.ndim if _is_array(t) else 0


def _idx(names):
    return ", ".join(names) + ("," if len(names) == 1 else "")


# ----------------------------------------------------------------- private helpers
def _expand_to(g, x, axis):
    """``g``, the result of a reduction of ``x`` over ``axis``, with the reduced axis
    reinserted as a size-1 axis, so that it broadcasts against ``x``."""


@overload(_expand_to)
def _ov_expand_to(g, x, axis):
    n = _ndim(x)
    if not _is_array(g) or _is_none(axis) or _ndim(g) == n:
        return lambda g, x, axis: g
    axes = _literal_axes(axis, n)
    if axes is not None:
        if _ndim(g) != n - len(axes):
            raise TypingError(f"s2sad (jit): cannot expand a {_ndim(g)}-d gradient to {n} dimensions")
        shape, j = [], 0
        for k in range(n):
            shape.append("1" if k in axes else f"s[{j}]")
            j += k not in axes
        return _gen(f"def expand(g, x, axis):\n    s = g.shape\n"
                    f"    return np.ascontiguousarray(g).reshape(({_idx(shape)}))\n", "expand")
    if not isinstance(axis, types.Integer):
        return None
    if _ndim(g) != n - 1:
        raise TypingError(f"s2sad (jit): cannot expand a {_ndim(g)}-d gradient to {n} dimensions")
    lines = ["def expand(g, x, axis):", f"    ax = axis % {n}", "    gc = np.ascontiguousarray(g)",
             "    s = g.shape"]
    for a in range(n):
        shape = [f"s[{k}]" for k in range(n - 1)]
        shape.insert(a, "1")
        lines.append(f"    {'if' if a == 0 else 'elif'} ax == {a}:")
        lines.append(f"        return gc.reshape(({_idx(shape)}))")
    lines.append(f"    return gc.reshape(({_idx(['1'] * n)}))")
    return _gen("\n".join(lines) + "\n", "expand")


def _reduced_count(x, axis):
    """How many elements of ``x`` each result of a reduction over ``axis`` combines."""


@overload(_reduced_count)
def _ov_reduced_count(x, axis):
    if not _is_array(x):
        return lambda x, axis: 1.0
    if _is_none(axis):
        return lambda x, axis: float(x.size)
    n = x.ndim
    axes = _literal_axes(axis, n)
    if axes is not None:
        prod = " * ".join(f"x.shape[{a}]" for a in axes)
        return _gen(f"def count(x, axis):\n    return float({prod})\n", "count")
    if not isinstance(axis, types.Integer):
        return None
    return lambda x, axis: float(x.shape[axis % n])


def _axis_reduce(x, axis, op):
    """Reduce array ``x`` over one integer ``axis`` with ``op`` (a literal string)."""


@overload(_axis_reduce)
def _ov_axis_reduce(x, axis, op):
    if not isinstance(op, types.StringLiteral):
        raise TypingError("op must be a literal")
    n, kind = x.ndim, op.literal_value
    axes = _literal_axes(axis, n)
    if axes is not None:                  # one axis at a time, the highest first
        expr = "x"
        for a in reversed(axes):
            expr = f"_axis_reduce({expr}, {a}, op)"
        return _gen(f"def reduce(x, axis, op):\n    return {expr}\n", "reduce")
    if not isinstance(axis, types.Integer):
        return None
    init = {"sum": "0.0", "prod": "1.0", "max": "-np.inf", "min": "np.inf"}[kind]
    upd = {"sum": "acc += v", "prod": "acc *= v", "max": "acc = v if v > acc or v != v else acc",
           "min": "acc = v if v < acc or v != v else acc"}[kind]
    lines = ["def reduce(x, axis, op):", "    s = x.shape"]
    if n == 1:
        lines += [f"    acc = {init}", "    for i0 in range(s[0]):", "        v = x[i0]",
                  f"        {upd}", "    return acc"]
        return _gen("\n".join(lines) + "\n", "reduce")
    lines.append(f"    ax = axis % {n}")
    for a in range(n):
        keep = [k for k in range(n) if k != a]
        lines.append(f"    {'if' if a == 0 else 'elif' if a < n - 1 else 'else'}"
                     f"{f' ax == {a}' if a < n - 1 else ''}:")
        ind = " " * 8
        lines.append(f"{ind}out = np.empty(({_idx([f's[{k}]' for k in keep])}))")
        for k in keep:
            lines.append(f"{ind}for i{k} in range(s[{k}]):")
            ind += "    "
        lines += [f"{ind}acc = {init}", f"{ind}for i{a} in range(s[{a}]):",
                  f"{ind}    v = x[{_idx([f'i{k}' for k in range(n)])}]", f"{ind}    {upd}",
                  f"{ind}out[{_idx([f'i{k}' for k in keep])}] = acc"]
    lines.append("    return out")
    return _gen("\n".join(lines) + "\n", "reduce")


# ----------------------------------------------------------------- the helpers
@_helper(rt.zeros_like)
def _ov_zeros_like(x):
    if _is_array(x):
        return lambda x: np.zeros(x.shape)
    if isinstance(x, (types.List, types.UniTuple)):
        # a list built with append: one gradient row per element (np.zeros(np.shape(x)))
        item = x.dtype
        if _is_array(item):
            inner = [f"x[0].shape[{k}] if len(x) else 0" for k in range(item.ndim)]
            check = (f"    for e in x:\n        if e.shape != x[0].shape:\n            raise _JitError("
                     f"'s2sad (jit): a list of arrays of different shapes; use jit=False')\n")
            return _gen(f"def zeros_like(x):\n{check}    return np.zeros(({_idx(['len(x)'] + inner)}))\n",
                        "zeros_like", {"_JitError": _jit_error()})
        return lambda x: np.zeros(len(x))
    return lambda x: 0.0


@_helper(rt.unbroadcast)
def _ov_unbroadcast(g, x):
    if not _is_array(g):
        return lambda g, x: g
    if not _is_array(x):
        return lambda g, x: np.sum(g)
    gn, xn = g.ndim, x.ndim
    if gn < xn:
        raise TypingError(f"s2sad (jit): unbroadcast of a {gn}-d gradient to a {xn}-d argument")
    lead = gn - xn
    i = [f"i{k}" for k in range(gn)]
    lines = ["def unbroadcast(g, x):", "    xs = x.shape", "    gs = g.shape"]
    if gn == xn:
        lines.append("    if gs == xs:")
        lines.append("        return g")
    lines.append("    out = np.zeros(xs)")
    ind = "    "
    for k in range(gn):
        lines.append(f"{ind}for i{k} in range(gs[{k}]):")
        ind += "    "
        if k >= lead:
            lines.append(f"{ind}j{k} = 0 if xs[{k - lead}] == 1 else i{k}")
    j = [f"j{k}" for k in range(lead, gn)]
    lines.append(f"{ind}out[{_idx(j)}] += g[{_idx(i)}]")
    lines.append("    return out")
    return _gen("\n".join(lines) + "\n", "unbroadcast")


@_helper(rt.add_at)
def _ov_add_at(b, idx, g):
    if isinstance(idx, types.Integer) or isinstance(idx, types.BaseTuple) and \
            all(isinstance(t, (types.Integer, types.SliceType)) for t in idx):
        def add_at(b, idx, g):
            b[idx] += g
        return add_at
    if _is_array(idx) and idx.ndim == 1 and isinstance(idx.dtype, types.Integer):
        if _is_array(g):
            def add_at(b, idx, g):
                for k in range(idx.shape[0]):
                    b[idx[k]] += g[k]
        else:
            def add_at(b, idx, g):
                for k in range(idx.shape[0]):
                    b[idx[k]] += g
        return add_at
    if _is_array(idx) and idx.ndim == 1 and isinstance(idx.dtype, types.Boolean):
        if _is_array(g):
            def add_at(b, idx, g):
                j = 0
                for k in range(idx.shape[0]):
                    if idx[k]:
                        b[k] += g[j]
                        j += 1
        else:
            def add_at(b, idx, g):
                for k in range(idx.shape[0]):
                    if idx[k]:
                        b[k] += g
        return add_at
    raise TypingError(f"s2sad (jit): indexed gradient accumulation with an index of type {idx} "
                      "is not supported")


@_helper(rt.safe_log)
def _ov_safe_log(x):
    if _is_array(x):
        return lambda x: np.log(np.where(x > 0, x, 1.0))
    return lambda x: np.log(x) if x > 0 else 0.0


@_helper(rt.sum_grad)
def _ov_sum_grad(g, x, axis=None, keepdims=False):
    if not _is_array(x):
        return lambda g, x, axis=None, keepdims=False: g + 0.0
    return lambda g, x, axis=None, keepdims=False: np.zeros(x.shape) + _expand_to(g, x, axis)


@_helper(rt.mean_grad)
def _ov_mean_grad(g, x, axis=None, keepdims=False):
    if not _is_array(x):
        return lambda g, x, axis=None, keepdims=False: g + 0.0
    return lambda g, x, axis=None, keepdims=False: \
        (np.zeros(x.shape) + _expand_to(g, x, axis)) / _reduced_count(x, axis)


def _prod_of_others(x, axis):
    """For each element of ``x``, the product of the others along ``axis`` (all if None)."""


@overload(_prod_of_others)
def _ov_prod_of_others(x, axis):
    if _is_none(axis):
        def others(x, axis):
            flat = np.ravel(x)
            n = flat.shape[0]
            out = np.empty(n)
            acc = 1.0
            for k in range(n):
                out[k] = acc
                acc *= flat[k]
            acc = 1.0
            for k in range(n - 1, -1, -1):
                out[k] *= acc
                acc *= flat[k]
            return out.reshape(x.shape)
        return others
    n = x.ndim
    lines = ["def others(x, axis):", "    s = x.shape", "    out = np.empty(s)", f"    ax = axis % {n}"]
    for a in range(n):
        keep = [k for k in range(n) if k != a]
        lines.append(f"    {'if' if a == 0 else 'elif'} ax == {a}:")
        ind = " " * 8
        for k in keep:
            lines.append(f"{ind}for i{k} in range(s[{k}]):")
            ind += "    "
        idx = _idx([f"i{k}" for k in range(n)])
        lines += [f"{ind}acc = 1.0", f"{ind}for i{a} in range(s[{a}]):",
                  f"{ind}    out[{idx}] = acc", f"{ind}    acc *= x[{idx}]",
                  f"{ind}acc = 1.0", f"{ind}for i{a} in range(s[{a}] - 1, -1, -1):",
                  f"{ind}    out[{idx}] *= acc", f"{ind}    acc *= x[{idx}]"]
    lines.append("    return out")
    return _gen("\n".join(lines) + "\n", "others")


@_helper(rt.prod_grad)
def _ov_prod_grad(g, y, x, axis=None, keepdims=False):
    """g times the product of the *other* elements (exact where x has zeros)."""
    if not _is_array(x):
        return lambda g, y, x, axis=None, keepdims=False: g + 0.0
    if not (_is_none(axis) or isinstance(axis, types.Integer)):
        return lambda g, y, x, axis=None, keepdims=False: _expand_to(g * y, x, axis) / x
    return lambda g, y, x, axis=None, keepdims=False: \
        _expand_to(g, x, axis) * _prod_of_others(x * 1.0, axis)


@_helper(rt.extreme_grad)
def _ov_extreme_grad(g, y, x, axis=None, keepdims=False):
    if not _is_array(x):
        return lambda g, y, x, axis=None, keepdims=False: g + 0.0
    if _is_none(axis):
        def extreme_grad(g, y, x, axis=None, keepdims=False):
            hit = (x == _expand_to(y, x, axis)) * 1.0
            return hit * _expand_to(g, x, axis) / np.sum(hit)
        return extreme_grad

    def extreme_grad(g, y, x, axis=None, keepdims=False):
        hit = (x == _expand_to(y, x, axis)) * 1.0
        count = _expand_to(_axis_reduce(hit, axis, "sum"), x, axis)
        return hit * _expand_to(g, x, axis) / count
    return extreme_grad


@_helper(rt.var_grad)
def _ov_var_grad(g, x, axis=None, ddof=0, keepdims=False):
    if not _is_array(x):
        return lambda g, x, axis=None, ddof=0, keepdims=False: g * 0.0
    if _is_none(axis):
        def var_grad(g, x, axis=None, ddof=0, keepdims=False):
            n = float(x.size)
            return _expand_to(g, x, axis) * 2.0 * (x - np.mean(x)) / (n - ddof)
        return var_grad

    def var_grad(g, x, axis=None, ddof=0, keepdims=False):
        n = _reduced_count(x, axis)
        centered = x - _expand_to(_axis_reduce(x, axis, "sum"), x, axis) / n
        return _expand_to(g, x, axis) * 2.0 * centered / (n - ddof)
    return var_grad


@_helper(rt.norm_grad)
def _ov_norm_grad(g, y, x, ord=None, axis=None, keepdims=False):
    plain = _is_none(ord) or isinstance(ord, (types.StringLiteral, types.UnicodeType))
    if not plain and not (isinstance(ord, (types.Integer, types.Float)) and _ndim(x) == 1 and _is_none(axis)):
        raise TypingError("s2sad (jit): np.linalg.norm with this `ord` is differentiated for 1-d "
                          "vectors only; use jit=False for matrix norms")
    if not _is_array(x):
        return lambda g, y, x, ord=None, axis=None, keepdims=False: \
            g * (0.0 if y == 0 else x / y)
    if not plain:
        return _vector_norm_grad
    if _is_none(axis):
        return lambda g, y, x, ord=None, axis=None, keepdims=False: \
            g * (x * 0.0 if y == 0 else x / y)

    def norm_grad(g, y, x, ord=None, axis=None, keepdims=False):
        yy = _expand_to(y, x, axis)
        return _expand_to(g, x, axis) * np.where(yy == 0, 0.0, x / np.where(yy == 0, 1.0, yy))
    return norm_grad


def _vector_norm_grad(g, y, x, ord=None, axis=None, keepdims=False):
    """The p-norm of a 1-d vector (the same cases as runtime._vector_norm_grad)."""
    p = float(ord)
    if y == 0 and p > 0:
        return np.sign(x) * g if p == 1.0 else x * 0.0
    if p == 2.0:
        return g * x / y
    if p == 1.0:
        return g * np.sign(x)
    if p == np.inf or p == -np.inf:
        hit = (np.abs(x) == y) * 1.0
        return g * np.sign(x) * hit / np.sum(hit)
    if p == 0.0:
        return x * 0.0
    return g * np.sign(x) * (np.abs(x) / y) ** (p - 1.0)


def _c(a):
    """Contiguous (np.dot on non-contiguous operands is slow and warns)."""


@overload(_c)
def _ov_c(a):
    if _is_array(a) and a.layout != "C":
        return lambda a: np.ascontiguousarray(a)
    return lambda a: a


def _two_d_at_most(a, b):
    if _ndim(a) > 2 or _ndim(b) > 2:
        raise TypingError("s2sad (jit): products of arrays with more than 2 dimensions are "
                          "differentiated with jit=False only")


@_helper(rt.dot_grad_left)
def _ov_dot_grad_left(g, a, b, stacks=True):
    _two_d_at_most(a, b)
    na, nb = _ndim(a), _ndim(b)
    if na == 0 or nb == 0:
        return lambda g, a, b, stacks=True: rt.unbroadcast(g * b, a)
    if nb == 1:
        if na == 2:
            return lambda g, a, b, stacks=True: np.outer(g, b)
        return lambda g, a, b, stacks=True: g * b
    if na == 2:
        return lambda g, a, b, stacks=True: np.dot(_c(g), np.ascontiguousarray(b.T))
    return lambda g, a, b, stacks=True: np.dot(_c(b), _c(g))


@_helper(rt.dot_grad_right)
def _ov_dot_grad_right(g, a, b, stacks=True):
    _two_d_at_most(a, b)
    na, nb = _ndim(a), _ndim(b)
    if na == 0 or nb == 0:
        return lambda g, a, b, stacks=True: rt.unbroadcast(g * a, b)
    if na == 1:
        if nb == 2:
            return lambda g, a, b, stacks=True: np.outer(a, g)
        return lambda g, a, b, stacks=True: g * a
    if nb == 2:
        return lambda g, a, b, stacks=True: np.dot(np.ascontiguousarray(a.T), _c(g))
    return lambda g, a, b, stacks=True: np.dot(_c(g), _c(a))


@_helper(rt.outer_grad_left)
def _ov_outer_grad_left(g, a, b):
    if not _is_array(a):
        return lambda g, a, b: np.sum(np.dot(_c(g), np.ravel(b)))
    return lambda g, a, b: np.dot(_c(g), np.ravel(b)).reshape(a.shape)


@_helper(rt.outer_grad_right)
def _ov_outer_grad_right(g, a, b):
    if not _is_array(b):
        return lambda g, a, b: np.sum(np.dot(np.ravel(a), _c(g)))
    return lambda g, a, b: np.dot(np.ravel(a), _c(g)).reshape(b.shape)


@_helper(rt.sum_list_grad)
def _ov_sum_list_grad(g, x):
    """Gradient of the builtin ``sum`` over a list (or an array's first axis)."""
    if _is_array(x):
        return lambda g, x: np.zeros(x.shape) + g
    if isinstance(x, (types.List, types.UniTuple)):
        return lambda g, x: rt.zeros_like(x) + g
    return None


@_helper(rt.stack_grad)
def _ov_stack_grad(g, axis=0):
    """Gradient of ``np.stack(xs, axis)`` wrt xs: the stacked axis moved first."""
    if not _is_array(g):
        return None
    if isinstance(axis, (int, types.Omitted)) and int(getattr(axis, "value", axis) or 0) == 0:
        return lambda g, axis=0: g
    n = g.ndim
    lines = ["def stack_grad(g, axis=0):", f"    ax = axis % {n}"]
    for a in range(n):
        perm = [a] + [k for k in range(n) if k != a]
        lines.append(f"    {'if' if a == 0 else 'elif' if a < n - 1 else 'else'}"
                     f"{f' ax == {a}' if a < n - 1 else ''}:")
        lines.append(f"        return np.transpose(g, ({_idx([str(k) for k in perm])}))")
    return _gen("\n".join(lines) + "\n", "stack_grad")


@_helper(rt.transpose_grad)
def _ov_transpose_grad(g, axes=None):
    if not _is_array(g):
        return lambda g, axes=None: g
    if _is_none(axes):
        return lambda g, axes=None: np.transpose(g)
    n = g.ndim
    src = (f"def transpose_grad(g, axes=None):\n    inv = np.argsort(np.array(axes))\n"
           f"    return np.transpose(g, ({_idx([f'inv[{k}]' for k in range(n)])}))\n")
    return _gen(src, "transpose_grad")


@_helper(rt.reshape_grad)
def _ov_reshape_grad(g, x):
    if _is_array(x):
        if _is_array(g):
            return lambda g, x: np.ascontiguousarray(g).reshape(x.shape)
        return lambda g, x: np.full(x.shape, g)
    if _is_array(g):
        return lambda g, x: np.sum(g)
    return lambda g, x: g


@_helper(rt.clip_mask)
def _ov_clip_mask(x, lo, hi):
    def part(bound, op):
        if _is_none(bound):
            return ""
        return f" * (x {op} {'lo' if op == '>=' else 'hi'})"
    if _is_array(x):
        src = f"def clip_mask(x, lo, hi):\n    return np.ones(x.shape){part(lo, '>=')}{part(hi, '<=')}\n"
    else:
        src = f"def clip_mask(x, lo, hi):\n    return float(1.0{part(lo, '>=')}{part(hi, '<=')})\n"
    return _gen(src, "clip_mask")


@_helper(rt.cumsum_grad)
def _ov_cumsum_grad(g, x, axis=None):
    if not _is_array(x):
        return lambda g, x, axis=None: g
    if _is_none(axis) or x.ndim == 1:
        return lambda g, x, axis=None: np.cumsum(np.ravel(g)[::-1])[::-1].copy().reshape(x.shape)
    raise TypingError("s2sad (jit): np.cumsum with an axis on a multi-dimensional array is not supported")


@_helper(rt.trace_grad)
def _ov_trace_grad(g, x):
    return lambda g, x: g * np.eye(x.shape[0], x.shape[1])


@_helper(rt.solve_grad_a)
def _ov_solve_grad_a(g, a, z):
    if _ndim(z) == 1:
        return lambda g, a, z: -np.outer(np.linalg.solve(np.ascontiguousarray(a.T), g), z)
    return lambda g, a, z: -np.dot(np.linalg.solve(np.ascontiguousarray(a.T), _c(g)),
                                   np.ascontiguousarray(z.T))


# ------------------------------------------- NumPy reductions numba does not provide
def _reduction(fn, kind):
    """Add ``fn(a, axis=<int>)`` and ``fn(a, axis=..., keepdims=True)`` for arrays."""

    @overload(fn)
    def _ov(a, axis=None, keepdims=False):
        if not _is_array(a) or not (_is_none(axis) or isinstance(axis, types.Integer)
                                    or _literal_axes(axis, a.ndim) is not None):
            return None
        keep = _literal_bool(keepdims)
        if keep is None:
            return None
        if _is_none(axis) and not keep or kind == "sum" and not keep and isinstance(axis, types.Integer):
            return None                                 # numba's own implementation
        if kind in ("sum", "prod", "max", "min"):
            whole, body = f"np.{kind}(a)", f"_axis_reduce(a, axis, {kind!r})"
        else:                                           # mean, var, std
            whole = f"np.{kind}(a)"
            body = "_axis_reduce(a, axis, 'sum') / _reduced_count(a, axis)"
            if kind in ("var", "std"):
                body = (f"_axis_reduce((a - _expand_to({body}, a, axis)) ** 2, axis, 'sum')"
                        " / _reduced_count(a, axis)")
            if kind == "std":
                body = f"np.sqrt({body})"
        if _is_none(axis):
            result = f"np.full(({_idx(['1'] * a.ndim)}), {whole})"
        else:
            result = f"_expand_to({body}, a, axis)" if keep else body
        return _gen(f"def red(a, axis=None, keepdims=False):\n    return {result}\n", "red")
    return _ov


for _fn, _kind in [(np.max, "max"), (np.amax, "max"), (np.min, "min"), (np.amin, "min"),
                   (np.sum, "sum"), (np.prod, "prod"), (np.mean, "mean"), (np.var, "var"),
                   (np.std, "std")]:
    _reduction(_fn, _kind)



@overload(np.linalg.norm)
def _ov_norm_axis(x, ord=None, axis=None, keepdims=False):
    """``np.linalg.norm(x, axis=<int>)`` (the 2-norm along one axis)."""
    if not _is_array(x) or not _is_none(ord) or not isinstance(axis, types.Integer):
        return None
    keep = _literal_bool(keepdims)
    if keep is None:
        return None
    if keep:
        return lambda x, ord=None, axis=None, keepdims=False: \
            _expand_to(np.sqrt(_axis_reduce(x * x, axis, "sum")), x, axis)
    return lambda x, ord=None, axis=None, keepdims=False: np.sqrt(_axis_reduce(x * x, axis, "sum"))


@njit
def matmul(a, b):
    """``np.matmul`` for 1-d and 2-d operands. s2sad.backends.jit calls this instead of
    ``np.matmul``: numba only has the ``@`` operator, and an overload of the
    ``np.matmul`` ufunc would be fused elementwise into array expressions."""
    return a @ b


def array(obj, dtype=None):
    """``np.array``, compiled out of line. numba rewrites ``np.array(lst)`` of a list
    built by ``append`` in a loop into a preallocated array, and then evaluates
    ``len(lst)`` inside that loop wrongly (it reads the final length); the adjoint
    of ``vals.append(...)`` records ``len(vals)``, so s2sad.backends.jit calls this instead."""
    return np.array(obj, dtype=dtype)


def _rows(x):
    """A list (or tuple) of equally shaped arrays as one array, one row per element."""


@overload(_rows)
def _ov_rows(x):
    item = x.dtype if isinstance(x, (types.List, types.UniTuple)) else None
    if not _is_array(item):
        return None
    inner = [f"x[0].shape[{k}] if len(x) else 0" for k in range(item.ndim)]
    src = (f"def rows(x):\n    out = np.empty(({_idx(['len(x)'] + inner)}))\n"
           f"    for k in range(len(x)):\n        out[k] = x[k]\n    return out\n")
    return _gen(src, "rows")


@overload(array)
def _ov_array(obj, dtype=None):
    if isinstance(obj, (types.List, types.UniTuple)) and _is_array(obj.dtype):
        return lambda obj, dtype=None: _rows(obj)
    if _is_none(dtype):
        return lambda obj, dtype=None: np.array(obj)
    if isinstance(dtype, types.Function) and dtype.typing_key in (float, int, bool):
        kind = {float: np.float64, int: np.int64, bool: np.bool_}[dtype.typing_key]
        if _is_array(obj):
            return lambda obj, dtype=None: obj.astype(kind)
        return lambda obj, dtype=None: np.array(obj).astype(kind)
    return lambda obj, dtype=None: np.array(obj, dtype)


def stack(arrays, axis=0):
    """``np.stack``; numba's needs a tuple, the adjoints of list code pass lists."""
    return np.stack(arrays, axis=axis)


@overload(stack)
def _ov_stack(arrays, axis=0):
    if isinstance(arrays, types.List) and _is_array(arrays.dtype):
        if isinstance(axis, (int, types.Omitted)) or isinstance(axis, types.IntegerLiteral) \
                and axis.literal_value == 0:
            return lambda arrays, axis=0: _rows(arrays)
        if arrays.dtype.ndim == 1 and isinstance(axis, types.IntegerLiteral) and axis.literal_value in (1, -1):
            return lambda arrays, axis=0: np.ascontiguousarray(_rows(arrays).T)
        return None
    return lambda arrays, axis=0: np.stack(arrays, axis=axis)


def copy(x):
    """``np.copy``; of a list (the tape of a list built with append) a list of copies."""
    return np.copy(x)


@overload(copy)
def _ov_copy(x):
    if _is_array(x):
        return lambda x: np.copy(x)
    if isinstance(x, types.List):
        if _is_array(x.dtype):
            return lambda x: [np.copy(e) for e in x]
        return lambda x: [e for e in x]
    return lambda x: x


def sum_(x, start=0):
    """The builtin ``sum``; numba's starts from the int 0 and cannot add arrays to it."""
    return sum(x, start)


@overload(sum_)
def _ov_sum(x, start=0):
    if isinstance(x, (types.List, types.UniTuple)) and _is_array(x.dtype):
        def sum_arrays(x, start=0):
            acc = start + x[0]
            for k in range(1, len(x)):
                acc = acc + x[k]
            return acc
        return sum_arrays
    if _is_array(x) and x.ndim >= 2:
        return lambda x, start=0: start + _axis_reduce(x, 0, "sum")
    return lambda x, start=0: sum(x) + start


@_helper(rt.sort_grad)
def _ov_sort_grad(g, x, axis=-1):
    if _ndim(x) != 1:
        raise TypingError("s2sad (jit): np.sort is differentiated for 1-d arrays only; use jit=False")

    def sort_grad(g, x, axis=-1):
        out = np.zeros(x.shape)
        out[np.argsort(x)] = g
        return out
    return sort_grad


@_helper(rt.linspace_weights)
def _ov_linspace_weights(y, endpoint=True):
    if _ndim(y) != 1:
        raise TypingError("s2sad (jit): np.linspace with array endpoints is not supported; use jit=False")

    def linspace_weights(y, endpoint=True):
        n = y.shape[0]
        if endpoint:
            return np.linspace(0.0, 1.0, n)
        return np.arange(n) / n
    return linspace_weights


@_helper(rt.clip_bound_mask)
def _ov_clip_bound_mask(x, lo, hi, upper):
    m = "x" if _is_none(lo) else "np.maximum(x, lo)"
    if _literal_bool(upper) is None:
        raise TypingError("s2sad (jit): clip_bound_mask needs a constant `upper`")
    if _literal_bool(upper):
        hit = f"({m} > hi)"
    else:
        hit = "(x < lo)" if _is_none(hi) else f"(x < lo) & ({m} <= hi)"
    conv = "* 1.0" if _is_array(x) or _is_array(lo) or _is_array(hi) else ""
    src = f"def clip_bound_mask(x, lo, hi, upper):\n    return float({hit})\n" if not conv else \
        f"def clip_bound_mask(x, lo, hi, upper):\n    return ({hit}) {conv}\n"
    return _gen(src, "clip_bound_mask")


@_helper(rt.item)
def _ov_item(x):
    if _is_array(x):
        return lambda x: x.item()
    return lambda x: x


@_helper(rt.safe_reciprocal)
def _ov_safe_reciprocal(y):
    if _is_array(y):
        return lambda y: np.where(y == 0, 0.0, 1.0 / np.where(y == 0, 1.0, y))
    return lambda y: 0.0 if y == 0 else 1.0 / y


@_helper(rt.det_grad)
def _ov_det_grad(g, y, x):
    if _ndim(x) != 2:
        raise TypingError("s2sad (jit): det of a stack of matrices is differentiated with jit=False only")

    def det_grad(g, y, x):
        u, s, vt = np.linalg.svd(np.ascontiguousarray(x))
        n = s.shape[0]
        others = np.ones(n)
        for i in range(n):
            for j in range(n):
                if j != i:
                    others[i] *= s[j]
        adj = np.linalg.det(u) * np.linalg.det(vt) * np.dot(np.ascontiguousarray(vt.T * others),
                                                             np.ascontiguousarray(u.T))
        return g * np.ascontiguousarray(adj.T)
    return det_grad


SUBSTITUTES = {np.matmul: matmul, np.array: array, np.copy: copy, np.stack: stack, builtins.sum: sum_}


@overload(math.factorial)
def _ov_factorial(n):
    if isinstance(n, types.Integer):
        def factorial(n):
            if n < 0:
                raise ValueError("factorial() not defined for negative values")
            out = 1
            for k in range(2, n + 1):
                out *= k
            return out
        return factorial
    return None


from . import numba_rules_arrays, numba_rules_index, numba_rules_numeric, numba_rules_reorder  # noqa: E402,F401,I001
from . import numba_forward  # noqa: E402,F401  (numba versions of forward mode's additions)
from . import numba_rules_tangents  # noqa: E402,F401,I001  (numba versions of the array rules' forward helpers)
