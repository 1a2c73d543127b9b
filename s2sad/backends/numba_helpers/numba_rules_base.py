"""What the numba versions of the array rules share: registering an overload of a run-time
helper (``helper``: also recorded in ``numba_runtime.COVERED``), compiling a helper generated
for the argument types (``gen``), reading constant arguments at typing time (``literal``,
``constant``: an argument that must be constant and is not is refused), and viewing an array
as rows along one axis (``rows``/``unrows``/``reduced``) so one loop serves every rank.

A form an overload does not cover raises ``TypingError`` (``refuse``), which ``jit=True``
reports as a ``JitError``: a refusal, never a guess. Overloads of NumPy functions return None
for the forms numba already has, so numba's own implementations stay in use.
"""
import numpy as np
from numba import types
from numba.core.errors import TypingError
from numba.cpython.unsafe.tuple import tuple_setitem
from numba.extending import overload

from .numba_runtime import COVERED

FILES = ("numba_rules_base.py", "numba_rules_arrays.py", "numba_rules_reorder.py", "numba_rules_index.py",
         "numba_rules_numeric.py", "numba_rules_interp.py", "numba_rules_tangents.py", "numba_rules_tangents_more.py", "numba_rules_tangents_linalg.py",
         "numba_rules_tangents_polyfit.py", "numba_rules_linalg.py",
         "numba_rules_stats.py", "numba_rules_decomp.py", "numba_rules_gathers.py", "numba_rules_norms.py",
         "numba_rules_einsum.py", "numba_rules_joins.py", "numba_rules_pieces.py", "numba_rules_sequences.py",
         "numba_rules_missing.py", "numba_rules_number_joins.py", "numba_rules_polyfit.py", "numba_ties.py",
         "numba_rules_quantile_axis.py", "numba_rules_tensordot.py", "numba_rules_special.py", "numba_rules_special_more.py", "numba_rules_special_extra.py",
         "numba_cython_special.py", "numba_rules_bessel.py", "numba_rules_signal.py",
         "numba_rules_checks.py",
         "numba_rules_triangular.py", "numba_rules_logaddexp.py", "numba_rules_poly.py",
         "numba_rules_orders.py", "numba_rules_uncompiled.py", "numba_rules_reduceat.py", "numba_rules_ufunc_at.py",
         "numba_rules_series.py", "numba_rules_scipy_solve.py")
"""The modules of the array rules' numba versions, in this package (part of the disk-cache key)."""
_GEN = {}


def helper(fn):
    """``overload(fn)`` for an s2sad run-time helper, recorded in ``COVERED``."""
    COVERED.add(fn.__name__)
    return overload(fn)


def gen(src, name, extra=None):
    """Compile generated helper source ``src`` (a template filled in at typing time) once."""
    if src not in _GEN:
        scope = {"np": np, "tuple_setitem": tuple_setitem, "__name__": __name__}
        scope.update(extra or {})
        exec(compile(src, f"<s2sad numba helper {name}>", "exec"), scope)
        _GEN[src] = scope[name]
    return _GEN[src]


def window_grad_source(name, mode, offset, back):
    """Source of the numba version of ``name(g, a, v, mode, left)``, the adjoint of one operand
    of ``np.convolve``/``np.correlate`` (of 1-d ``a``, ``v``): ``g`` placed at ``offset`` (an
    expression of ``n = a.size``, ``m = v.size``) in a zero array as long as the 'full' result,
    then ``back`` (an expression of ``full``, ``a``, ``v``) returned."""
    return f"""
def {name}(g, a, v, mode="{mode}", left=True):
    n, m = a.size, v.size
    full = np.zeros(n + m - 1)
    offset = {offset}
    full[offset:offset + g.size] = g
    return {back}
"""


def is_array(t):
    return isinstance(t, types.Array)


def is_none(t):
    return t is None or isinstance(t, types.NoneType) or isinstance(t, types.Omitted) and t.value is None


def literal(t, default=None):
    """The value of a compile-time constant argument (or its default), else ``default``."""
    if isinstance(t, types.Omitted):
        return t.value
    if isinstance(t, types.Literal):
        return t.literal_value
    if isinstance(t, (bool, int, float, str)):
        return t
    return default


def constant(t, what):
    """The compile-time value of argument ``t`` (refused if it is not a constant)."""
    value = literal(t, _UNKNOWN)
    if value is _UNKNOWN:
        refuse(f"{what} must be a constant")
    return value


_UNKNOWN = object()


def refuse(what):
    raise TypingError(f"s2sad (jit): {what}; use jit=False")


def array_list(t):
    """The item type of a list (or homogeneous tuple) of arrays, else None."""
    if isinstance(t, (types.List, types.UniTuple)) and is_array(t.dtype):
        return t.dtype
    return None


def rows(x, axis):
    """``x`` with ``axis`` moved last, as a contiguous 2-d array of rows."""


@overload(rows)
def _ov_rows(x, axis):
    if is_none(axis):
        return lambda x, axis: np.ascontiguousarray(x).reshape(1, x.size)
    return lambda x, axis: np.ascontiguousarray(np.moveaxis(x, axis, -1)).reshape(
        x.size // max(x.shape[axis], 1), x.shape[axis])


def unrows(r, x, axis):
    """The inverse of ``rows``: rows ``r`` back to ``x``'s shape."""


@overload(unrows)
def _ov_unrows(r, x, axis):
    if is_none(axis):
        return lambda r, x, axis: r.reshape(x.shape)
    src = """
def unrows(r, x, axis):
    moved = np.moveaxis(x, axis, -1)
    return np.ascontiguousarray(np.moveaxis(r.reshape(moved.shape), -1, axis))
"""
    return gen(src, "unrows")


def flat(v):
    """A number or an array as a contiguous 1-d array."""


@overload(flat)
def _ov_flat(v):
    if is_array(v):
        return lambda v: np.ascontiguousarray(v).reshape(v.size) * 1.0
    return lambda v: np.full(1, v * 1.0)


def like(out, x):
    """A 1-d result back in the shape of ``x`` (a number for a number)."""


@overload(like)
def _ov_like(out, x):
    if is_array(x):
        return lambda out, x: out.reshape(x.shape)
    return lambda out, x: out[0]


def reduced(out, x, axis, keepdims):
    """One result per row of ``rows(x, axis)`` in the shape of a reduction of ``x`` over ``axis``."""


@overload(reduced)
def _ov_reduced(out, x, axis, keepdims):
    nd, keep = x.ndim, constant(keepdims, "keepdims")
    if nd == 1 and not keep:
        return lambda out, x, axis, keepdims: out[0]
    if keep:
        return lambda out, x, axis, keepdims: out.reshape(tuple_setitem(x.shape, axis % nd, 1))
    lines = ["def reduced(out, x, axis, keepdims):", "    s = x.shape", f"    ax = axis % {nd}"]
    for a in range(nd):
        rest = [f"s[{k}]" for k in range(nd) if k != a]
        lines += [f"    {'if' if a == 0 else 'elif'} ax == {a}:",
                  f"        return out.reshape(({', '.join(rest)},))"]
    lines.append(f"    return out.reshape(({', '.join(f's[{k}]' for k in range(1, nd))},))")
    return gen("\n".join(lines) + "\n", "reduced")


def elementwise_binary(fn, scalar):
    """Overload ``fn(x1, x2)`` as the jitted ``scalar`` applied to two numbers, or to each pair of
    elements of its arguments broadcast together (a float array); other types: no implementation."""
    @overload(fn)
    def _ov(x1, x2):
        if isinstance(x1, types.Number) and isinstance(x2, types.Number):
            return lambda x1, x2: scalar(x1 * 1.0, x2 * 1.0)
        if not all(is_array(v) or isinstance(v, types.Number) for v in (x1, x2)):
            return None

        def arrays(x1, x2):
            a, b = np.broadcast_arrays(np.asarray(x1) * 1.0, np.asarray(x2) * 1.0)
            out = np.empty(a.shape)
            fa, fb, fo = a.ravel(), b.ravel(), out.reshape(out.size)
            for i in range(fo.size):
                fo[i] = scalar(fa[i], fb[i])
            return out
        return arrays
    return _ov
