"""Reductions over one axis for numba: the pieces the gradient helpers share, and
the NumPy reductions numba lacks.

``expand_to`` reinserts a reduced axis, ``reduced_count`` counts what a
reduction combined, ``axis_reduce`` reduces over one (or a constant tuple of)
axes, ``prod_of_others`` is the exact product of the other elements.
Importing the module also teaches numba ``np.max``/``np.min``/``np.amax``/
``np.amin``/``np.mean``/``np.prod``/``np.var``/``np.std``/``np.nanmax``/``np.nanmin`` with an integer
``axis``, ``keepdims=True`` for those and ``np.sum``, and
``np.linalg.norm(x, axis=k)``. Only signatures numba rejects are added;
numba's own implementations are left alone.
"""
import numpy as np
from numba import types
from numba.core.errors import TypingError
from numba.extending import overload

from .numba_support import gen, idx, is_array, is_none, literal_axes, literal_bool, ndim


def _gen(src, name):
    return gen(src, name, {"np": np, "expand_to": expand_to, "reduced_count": reduced_count,
                           "axis_reduce": axis_reduce}, __name__)


def expand_to(g, x, axis):
    """``g``, the result of a reduction of ``x`` over ``axis``, with the reduced axis
    reinserted as a size-1 axis, so that it broadcasts against ``x``."""


@overload(expand_to)
def _ov_expand_to(g, x, axis):
    n = ndim(x)
    if not is_array(g) or is_none(axis) or ndim(g) == n:
        return lambda g, x, axis: g
    axes = literal_axes(axis, n)
    if axes is not None:
        if ndim(g) != n - len(axes):
            raise TypingError(f"s2sad (jit): cannot expand a {ndim(g)}-d gradient to {n} dimensions")
        shape, j = [], 0
        for k in range(n):
            shape.append("1" if k in axes else f"s[{j}]")
            j += k not in axes
        return _gen(f"def expand(g, x, axis):\n    s = g.shape\n"
                    f"    return np.ascontiguousarray(g).reshape(({idx(shape)}))\n", "expand")
    if not isinstance(axis, types.Integer):
        return None
    if ndim(g) != n - 1:
        raise TypingError(f"s2sad (jit): cannot expand a {ndim(g)}-d gradient to {n} dimensions")
    lines = ["def expand(g, x, axis):", f"    ax = axis % {n}", "    gc = np.ascontiguousarray(g)",
             "    s = g.shape"]
    for a in range(n):
        shape = [f"s[{k}]" for k in range(n - 1)]
        shape.insert(a, "1")
        lines.append(f"    {'if' if a == 0 else 'elif'} ax == {a}:")
        lines.append(f"        return gc.reshape(({idx(shape)}))")
    lines.append(f"    return gc.reshape(({idx(['1'] * n)}))")
    return _gen("\n".join(lines) + "\n", "expand")


def reduced_count(x, axis):
    """How many elements of ``x`` each result of a reduction over ``axis`` combines."""


@overload(reduced_count)
def _ov_reduced_count(x, axis):
    if not is_array(x):
        return lambda x, axis: 1.0
    if is_none(axis):
        return lambda x, axis: float(x.size)
    n = x.ndim
    axes = literal_axes(axis, n)
    if axes is not None:
        prod = " * ".join(f"x.shape[{a}]" for a in axes)
        return _gen(f"def count(x, axis):\n    return float({prod})\n", "count")
    if not isinstance(axis, types.Integer):
        return None
    return lambda x, axis: float(x.shape[axis % n])


def axis_reduce(x, axis, op):
    """Reduce array ``x`` over one integer ``axis`` with ``op`` (a literal string)."""


_INIT = {"sum": "0.0", "prod": "1.0", "max": "-np.inf", "min": "np.inf"}
_UPDATE = {"sum": "acc += v", "prod": "acc *= v", "max": "acc = v if v > acc or v != v else acc",
           "min": "acc = v if v < acc or v != v else acc"}


@overload(axis_reduce)
def _ov_axis_reduce(x, axis, op):
    if not isinstance(op, types.StringLiteral):
        raise TypingError("op must be a literal")
    n, kind = x.ndim, op.literal_value
    axes = literal_axes(axis, n)
    if axes is not None:                  # one axis at a time, the highest first
        expr = "x"
        for a in reversed(axes):
            expr = f"axis_reduce({expr}, {a}, op)"
        return _gen(f"def reduce(x, axis, op):\n    return {expr}\n", "reduce")
    if not isinstance(axis, types.Integer):
        return None
    init, upd = _INIT[kind], _UPDATE[kind]
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
        lines.append(f"{ind}out = np.empty(({idx([f's[{k}]' for k in keep])}))")
        for k in keep:
            lines.append(f"{ind}for i{k} in range(s[{k}]):")
            ind += "    "
        lines += [f"{ind}acc = {init}", f"{ind}for i{a} in range(s[{a}]):",
                  f"{ind}    v = x[{idx([f'i{k}' for k in range(n)])}]", f"{ind}    {upd}",
                  f"{ind}out[{idx([f'i{k}' for k in keep])}] = acc"]
    lines.append("    return out")
    return _gen("\n".join(lines) + "\n", "reduce")


def prod_of_others(x, axis):
    """For each element of ``x``, the product of the others along ``axis`` (all if None)."""


@overload(prod_of_others)
def _ov_prod_of_others(x, axis):
    if is_none(axis):
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
        at = idx([f"i{k}" for k in range(n)])
        lines += [f"{ind}acc = 1.0", f"{ind}for i{a} in range(s[{a}]):",
                  f"{ind}    out[{at}] = acc", f"{ind}    acc *= x[{at}]",
                  f"{ind}acc = 1.0", f"{ind}for i{a} in range(s[{a}] - 1, -1, -1):",
                  f"{ind}    out[{at}] *= acc", f"{ind}    acc *= x[{at}]"]
    lines.append("    return out")
    return _gen("\n".join(lines) + "\n", "others")


# ------------------------------------------- NumPy reductions numba does not provide
def _kept(body, a, axis):
    """Source of the reduction ``body`` over ``axis`` with ``keepdims=True``: a tuple of every axis
    (``axis=(1, 0)`` of a matrix) reduces to a number, which ``expand_to`` leaves a number, where
    NumPy keeps an array of 1s in every dimension."""
    if literal_axes(axis, a.ndim) == list(range(a.ndim)):
        return f"np.full(({idx(['1'] * a.ndim)}), {body})"
    return f"expand_to({body}, a, axis)"


def _reduction(fn, kind):
    """Add ``fn(a, axis=<int>)`` and ``fn(a, axis=..., keepdims=True)`` for arrays."""

    @overload(fn)
    def _ov(a, axis=None, keepdims=False):
        if not is_array(a) or not (is_none(axis) or isinstance(axis, types.Integer)
                                   or literal_axes(axis, a.ndim) is not None):
            return None
        keep = literal_bool(keepdims)
        if keep is None:
            return None
        if is_none(axis) and not keep or kind == "sum" and not keep and isinstance(axis, types.Integer):
            return None                                 # numba's own implementation
        if kind in ("sum", "prod", "max", "min"):
            whole, body = f"np.{kind}(a)", f"axis_reduce(a, axis, {kind!r})"
        elif kind in ("nanmax", "nanmin"):              # NaN skipped; an all-NaN slice gives NaN, as NumPy
            whole, (ext, fill) = f"np.{kind}(a)", ("max", "-np.inf") if kind == "nanmax" else ("min", "np.inf")
            body = (f"np.where(axis_reduce((a == a) * 1.0, axis, 'sum') > 0, "
                    f"axis_reduce(np.where(a == a, a, {fill}), axis, {ext!r}), np.nan)")
        else:                                           # mean, var, std
            whole = f"np.{kind}(a)"
            body = "axis_reduce(a, axis, 'sum') / reduced_count(a, axis)"
            if kind in ("var", "std"):
                body = (f"axis_reduce((a - expand_to({body}, a, axis)) ** 2, axis, 'sum')"
                        " / reduced_count(a, axis)")
            if kind == "std":
                body = f"np.sqrt({body})"
        if is_none(axis):
            result = f"np.full(({idx(['1'] * a.ndim)}), {whole})"
        else:
            result = _kept(body, a, axis) if keep else body
        return _gen(f"def red(a, axis=None, keepdims=False):\n    return {result}\n", "red")
    return _ov


def _ddof_reduction(fn, kind):
    """Add ``np.var``/``np.std`` with ``ddof=`` (an integer or float, any ``axis`` and
    ``keepdims`` the forms above take): numba's own takes no ``ddof``."""

    @overload(fn)
    def _ov(a, axis=None, ddof=0, keepdims=False):
        if isinstance(ddof, types.Omitted) or not isinstance(ddof, (types.Integer, types.Float)) \
                or not is_array(a) or not (is_none(axis) or isinstance(axis, types.Integer)
                                           or literal_axes(axis, a.ndim) is not None):
            return None
        keep = literal_bool(keepdims)
        if keep is None:
            return None
        if is_none(axis):
            body = "np.sum((a - np.mean(a)) ** 2) / (a.size - ddof)"
        else:
            mean = "axis_reduce(a, axis, 'sum') / reduced_count(a, axis)"
            body = f"axis_reduce((a - expand_to({mean}, a, axis)) ** 2, axis, 'sum') / (reduced_count(a, axis) - ddof)"
        if kind == "std":
            body = f"np.sqrt({body})"
        if keep:
            body = f"np.full(({idx(['1'] * a.ndim)}), {body})" if is_none(axis) else _kept(body, a, axis)
        return _gen(f"def red(a, axis=None, ddof=0, keepdims=False):\n    return {body}\n", "red")
    return _ov


for _fn, _kind in [(np.var, "var"), (np.std, "std")]:
    _ddof_reduction(_fn, _kind)


for _fn, _kind in [(np.max, "max"), (np.amax, "max"), (np.min, "min"), (np.amin, "min"),
                   (np.sum, "sum"), (np.prod, "prod"), (np.mean, "mean"), (np.var, "var"),
                   (np.std, "std"), (np.nanmax, "nanmax"), (np.nanmin, "nanmin")]:
    _reduction(_fn, _kind)


@overload(np.linalg.norm)
def _ov_norm_axis(x, ord=None, axis=None, keepdims=False):
    """``np.linalg.norm(x, axis=<int>)`` (the 2-norm along one axis)."""
    if not is_array(x) or not is_none(ord) or not isinstance(axis, types.Integer):
        return None
    keep = literal_bool(keepdims)
    if keep is None:
        return None
    if keep:
        return lambda x, ord=None, axis=None, keepdims=False: \
            expand_to(np.sqrt(axis_reduce(x * x, axis, "sum")), x, axis)
    return lambda x, ord=None, axis=None, keepdims=False: np.sqrt(axis_reduce(x * x, axis, "sum"))
