"""numba versions of NumPy forms users call that numba lacks: ``np.heaviside``,
``np.maximum.accumulate``/``np.minimum.accumulate`` (and ``fmax``/``fmin``; with the adjoint and
tangent helpers, which ``numba_rules_stats`` refuses), ``np.logaddexp.reduce`` along one axis, ``np.sort(x, axis=k)``
of an array of any rank (with its adjoint and tangent helpers), ``np.linalg.lstsq(a, b,
rcond=None)``, ``@`` of a float array and an integer array (``np.tensordot``: ``numba_rules_tensordot``).

Each overload declines (returns None) the forms numba compiles itself, so numba's own
implementations stay in use; a form not covered (an axis that is not a constant) raises
``TypingError``, which ``jit=True`` reports as a located ``JitError``. The accumulations are
methods of ufuncs, which numba cannot overload: the ``jit`` stage calls the stand-ins of
``SUBSTITUTES`` instead (``stand_ins.Substitute``). Values agree with NumPy, NaN included
(``np.maximum`` propagates NaN, ``np.fmax`` ignores it).
"""
import operator

import numpy as np
from numba import types
from numba.extending import overload

from ...rules import runtime as rt
from ...rules import tangent_runtime as trt
from .numba_lists import SUBSTITUTES
from .numba_rules_base import constant, elementwise_binary, gen, helper, is_array, is_none, reduced, refuse, rows, unrows


# ---- np.heaviside ---------------------------------------------------------------------------
def _heaviside1(x1, x2):
    """NumPy's step at one point: nan at nan, 0 below, 1 above, ``x2`` at 0."""


@overload(_heaviside1)
def _ov_heaviside1(x1, x2):
    def step(x1, x2):
        if x1 != x1:
            return np.nan
        return 0.0 if x1 < 0 else 1.0 if x1 > 0 else x2 * 1.0
    return step


elementwise_binary(np.heaviside, _heaviside1)


# ---- np.maximum.accumulate and the other running extremes --------------------------------------
_KEEP = {"maximum": "acc if acc >= v or acc != acc else v", "minimum": "acc if acc <= v or acc != acc else v",
         "fmax": "acc if acc >= v or v != v else v", "fmin": "acc if acc <= v or v != v else v",
         "logaddexp": "np.logaddexp(acc, v) if j else acc"}   # (numba_rules_logaddexp: logaddexp(a, a) is not a)


def accumulate_source(kind):
    """Source of ``accumulate(array, axis, dtype, out)``: the running ``_KEEP[kind]`` along ``axis``."""
    return f"""
def accumulate(array, axis=0, dtype=None, out=None):
    r = rows(array * 1.0, axis)
    res = np.empty(r.shape)
    for i in range(r.shape[0]):
        acc = r[i, 0]
        for j in range(r.shape[1]):
            v = r[i, j]
            acc = {_KEEP[kind]}
            res[i, j] = acc
    return unrows(res, array, axis)
"""


def maximum_accumulate(array, axis=0, dtype=None, out=None):
    """Stand-in for ``np.maximum.accumulate`` in compiled code (``SUBSTITUTES``)."""
    return np.maximum.accumulate(array, axis, dtype, out)


def minimum_accumulate(array, axis=0, dtype=None, out=None):
    """Stand-in for ``np.minimum.accumulate`` in compiled code (``SUBSTITUTES``)."""
    return np.minimum.accumulate(array, axis, dtype, out)


def fmax_accumulate(array, axis=0, dtype=None, out=None):
    """Stand-in for ``np.fmax.accumulate`` in compiled code (``SUBSTITUTES``)."""
    return np.fmax.accumulate(array, axis, dtype, out)


def fmin_accumulate(array, axis=0, dtype=None, out=None):
    """Stand-in for ``np.fmin.accumulate`` in compiled code (``SUBSTITUTES``)."""
    return np.fmin.accumulate(array, axis, dtype, out)


def _register_accumulate(kind, stand_in):
    @overload(stand_in)
    def _ov(array, axis=0, dtype=None, out=None):
        if not (is_array(array) and array.ndim >= 1 and isinstance(array.dtype, (types.Float, types.Integer))):
            refuse(f"np.{kind}.accumulate of {array}")
        if not (is_none(dtype) and is_none(out)):
            refuse(f"np.{kind}.accumulate with dtype= or out=")
        src = accumulate_source(kind)
        if array.ndim == 1:
            src = src.replace("rows(array * 1.0, axis)", "(array * 1.0).reshape(1, array.size)").replace(
                "unrows(res, array, axis)", "res.reshape(array.size)")
        else:
            constant(axis, f"the axis of np.{kind}.accumulate")
        return gen(src, "accumulate", {"rows": rows, "unrows": unrows})
    SUBSTITUTES[getattr(np, kind).accumulate] = stand_in


for _kind, _stand_in in (("maximum", maximum_accumulate), ("minimum", minimum_accumulate),
                         ("fmax", fmax_accumulate), ("fmin", fmin_accumulate)):
    _register_accumulate(_kind, _stand_in)


def logaddexp_reduce(array, axis=0, dtype=None, out=None, keepdims=False):
    """Stand-in for ``np.logaddexp.reduce`` in compiled code (``SUBSTITUTES``)."""
    return np.logaddexp.reduce(array, axis, dtype, out, keepdims)


@overload(logaddexp_reduce)
def _ov_logaddexp_reduce(array, axis=0, dtype=None, out=None, keepdims=False):
    """NumPy's order: logaddexp of the running value and the next element, along one axis."""
    if not (is_array(array) and array.ndim >= 1 and isinstance(array.dtype, (types.Float, types.Integer))):
        refuse(f"np.logaddexp.reduce of {array}")
    if not (is_none(dtype) and is_none(out)) or array.ndim > 1 and not isinstance(axis, types.Integer):
        refuse("np.logaddexp.reduce with dtype=, out= or an axis that is not an integer")

    def logaddexp_reduce(array, axis=0, dtype=None, out=None, keepdims=False):
        r = rows(array * 1.0, axis)
        res = np.empty(r.shape[0])
        for i in range(r.shape[0]):
            acc = -np.inf
            for j in range(r.shape[1]):
                acc = np.logaddexp(acc, r[i, j])
            res[i] = acc
        return reduced(res, array, axis, keepdims)
    return logaddexp_reduce


SUBSTITUTES[np.logaddexp.reduce] = logaddexp_reduce


def _source_rows(x, axis, largest, skip_nan):
    """``rows(x, axis)`` and, at each place, the index of the element the running extreme holds
    there (``runtime_stats.accumulate_source``: on a tie the earlier one)."""


@overload(_source_rows)
def _ov_source_rows(x, axis, largest, skip_nan):
    def source_rows(x, axis, largest, skip_nan):
        r = rows(x * 1.0, axis)
        src = np.zeros(r.shape, dtype=np.int64)
        for i in range(r.shape[0]):
            at = 0
            for j in range(r.shape[1]):
                if ((r[i, j] > r[i, at]) if largest else (r[i, j] < r[i, at])) \
                        or (skip_nan and np.isnan(r[i, at]) and not np.isnan(r[i, j])):
                    at = j
                src[i, j] = at
        return r, src
    return source_rows


def _accumulated(x):
    if not (is_array(x) and x.ndim >= 1):
        refuse(f"np.maximum.accumulate / np.minimum.accumulate of {x}")


@helper(rt.accumulate_source)
def _ov_accumulate_source_rows(x, axis=0, largest=True, skip_nan=False):
    _accumulated(x)
    return lambda x, axis=0, largest=True, skip_nan=False: unrows(_source_rows(x, axis, largest, skip_nan)[1], x, axis)


@helper(rt.accumulate_extreme_grad)
def _ov_accumulate_extreme_grad_rows(g, x, axis=0, largest=True, skip_nan=False):
    _accumulated(x)

    def accumulate_extreme_grad(g, x, axis=0, largest=True, skip_nan=False):
        r, src = _source_rows(x, axis, largest, skip_nan)
        gr = rows(np.zeros(x.shape) + g, axis)
        out = np.zeros(r.shape)
        for i in range(r.shape[0]):
            for j in range(r.shape[1]):
                out[i, src[i, j]] += gr[i, j]
        return unrows(out, x, axis)
    return accumulate_extreme_grad


@helper(rt.accumulate_extreme_tangent)
def _ov_accumulate_extreme_tangent_rows(t, x, axis=0, largest=True, skip_nan=False):
    _accumulated(x)

    def accumulate_extreme_tangent(t, x, axis=0, largest=True, skip_nan=False):
        r, src = _source_rows(x, axis, largest, skip_nan)
        tr = rows(np.zeros(x.shape) + t, axis)
        out = np.empty(r.shape)
        for i in range(r.shape[0]):
            for j in range(r.shape[1]):
                out[i, j] = tr[i, src[i, j]]
        return unrows(out, x, axis)
    return accumulate_extreme_tangent


# ---- np.sort along an axis of an array of any rank -------------------------------------------
def _sorted_along(x, axis):
    """``np.sort(x, axis)`` (an integer axis) and the order it took, as rows along the axis."""


@overload(_sorted_along)
def _ov_sorted_along(x, axis):
    def sorted_along(x, axis):
        r = rows(x * 1.0, axis)
        order = np.empty(r.shape, dtype=np.int64)
        for i in range(r.shape[0]):
            order[i] = np.argsort(r[i], kind="mergesort")
        return r, order
    return sorted_along


def _axis_form(x, axis):
    """True for ``np.sort``'s forms numba lacks: an array of rank 2 or more and an axis given."""
    return is_array(x) and x.ndim >= 2 and not is_none(axis) and not isinstance(axis, types.Omitted)


@overload(np.sort)
def _ov_sort(a, axis=-1, kind=None):
    if not _axis_form(a, axis):
        return None

    def sort(a, axis=-1, kind=None):
        r, order = _sorted_along(a, axis)
        out = np.empty(r.shape)
        for i in range(r.shape[0]):
            out[i] = r[i][order[i]]
        return unrows(out, a, axis)
    return sort


@helper(rt.sort_grad)
def _ov_sort_grad_axis(g, x, axis=-1):
    if not _axis_form(x, axis):
        return None

    def sort_grad(g, x, axis=-1):
        r, order = _sorted_along(x, axis)
        gr = rows(np.zeros(x.shape) + g, axis)
        out = np.zeros(r.shape)
        for i in range(r.shape[0]):
            out[i][order[i]] = gr[i]
        return unrows(out, x, axis)
    return sort_grad


def sort_tangent(t, x, axis=-1):
    """Stand-in for ``tangent_runtime.sort_tangent`` in compiled code (``SUBSTITUTES``: numba has
    no ``np.argsort(x, axis)`` for the Python version's ``take_along_axis``)."""
    return trt.sort_tangent(t, x, axis)


SUBSTITUTES[trt.sort_tangent] = sort_tangent


@overload(sort_tangent)
def _ov_sort_tangent(t, x, axis=-1):
    if is_array(x) and x.ndim == 1 and not is_none(axis):
        return lambda t, x, axis=-1: (np.zeros(x.shape) + t)[np.argsort(x, kind="mergesort")]
    if not _axis_form(x, axis):
        return None

    def sort_tangent(t, x, axis=-1):
        r, order = _sorted_along(x, axis)
        tr = rows(np.zeros(x.shape) + t, axis)
        out = np.empty(r.shape)
        for i in range(r.shape[0]):
            out[i] = tr[i][order[i]]
        return unrows(out, x, axis)
    return sort_tangent


# ---- np.linalg.lstsq(a, b, rcond=None) ---------------------------------------------------------
@overload(np.linalg.lstsq)
def _ov_lstsq(a, b, rcond=-1.0):
    if not (is_none(rcond) and not isinstance(rcond, types.Omitted)):
        return None      # numba's own (its default rcond=-1 is machine precision)
    # NumPy 2's rcond=None: singular values below eps * max(M, N) * the largest are dropped
    return lambda a, b, rcond=-1.0: np.linalg.lstsq(a, b, np.finfo(np.float64).eps * max(a.shape[0], a.shape[1]))


# ---- a float array @ an integer array ----------------------------------------------------------
def _mixed(a, b):
    return is_array(a) and is_array(b) and isinstance(a.dtype, types.Float) and isinstance(b.dtype, types.Integer)


@overload(operator.matmul)
def _ov_matmul_mixed(a, b):
    if _mixed(a, b):
        return lambda a, b: a @ b.astype(np.float64)
    if _mixed(b, a):
        return lambda a, b: a.astype(np.float64) @ b
    return None


@overload(np.matmul)
def _ov_np_matmul_mixed(a, b):
    return _ov_matmul_mixed(a, b)


@overload(np.dot)
def _ov_dot_mixed(a, b):
    return _ov_matmul_mixed(a, b)


# ---- np.insert's adjoint helpers (numba's own np.insert computes the call) ---------------------
def _insert_ids(arr, obj, values, axis):
    """``runtime_pieces._insert_ids`` in compiled code: -1 at ``arr``'s items, ``k`` at item k of values."""


@overload(_insert_ids)
def _ov_insert_ids(arr, obj, values, axis):
    if is_array(values):
        return lambda arr, obj, values, axis: np.insert(
            np.full(np.shape(arr), -1.0), obj, np.arange(values.size).astype(np.float64).reshape(values.shape), axis=axis)
    return lambda arr, obj, values, axis: np.insert(np.full(np.shape(arr), -1.0), obj, 0.0, axis=axis)


def _flat_parts(g, ids):
    """(``g`` broadcast to ``ids``'s shape, ``ids``) as 1-d arrays in C order."""


@overload(_flat_parts)
def _ov_flat_parts(g, ids):
    return lambda g, ids: ((np.zeros(ids.shape) + g).ravel(), ids.ravel())


@helper(rt.insert_grad_arr)
def _ov_insert_grad_arr(g, arr, obj, values, axis=None):
    shaped = "out.reshape(arr.shape)" if is_array(arr) else "out[0]"
    src = f"""
def insert_grad_arr(g, arr, obj, values, axis=None):
    gf, idf = _flat_parts(g, _insert_ids(arr, obj, values, axis))
    out = gf[idf < 0].copy()
    return {shaped}
"""
    return gen(src, "insert_grad_arr", {"_flat_parts": _flat_parts, "_insert_ids": _insert_ids})


@helper(rt.insert_grad_values)
def _ov_insert_grad_values(g, arr, obj, values, axis=None):
    shaped = "out.reshape(values.shape)" if is_array(values) else "out[0]"
    size = "values.size" if is_array(values) else "1"
    src = f"""
def insert_grad_values(g, arr, obj, values, axis=None):
    gf, idf = _flat_parts(g, _insert_ids(arr, obj, values, axis))
    out = np.zeros({size})
    for i in range(idf.size):
        if idf[i] >= 0:
            out[int(idf[i])] += gf[i]
    return {shaped}
"""
    return gen(src, "insert_grad_values", {"_flat_parts": _flat_parts, "_insert_ids": _insert_ids})


# ---- a derivative's quotients and powers (rules/runtime_ieee.py): NumPy's inf where Python raises
@helper(rt.ieee_div)
def _ov_ieee_div(a, b):     # numba's division of numbers raises at 0, as Python's; np.divide's does not
    if isinstance(a, types.Number) and isinstance(b, types.Number):
        return lambda a, b: np.divide(a, b)
    return lambda a, b: a / b


@helper(rt.zero_nan)
def _ov_zero_nan(g, v):     # (rules/runtime_ieee.py: v, 0 where g is 0 and v is NaN)
    if isinstance(g, types.Number) and isinstance(v, types.Number):
        return lambda g, v: 0.0 if g == 0 and v != v else v + 0.0
    if isinstance(g, types.Number) and isinstance(v, types.Array):
        return lambda g, v: np.where((g == 0) & np.isnan(v), 0.0, v)
    if not (isinstance(g, types.Array) and isinstance(v, types.Array) and g.ndim == v.ndim):
        return lambda g, v: v       # (entries that are not g's: left as they are)

    def zero_nan(g, v):
        if g.shape != v.shape:
            return np.where(np.isnan(v), v, v)      # (a copy of v, the type of the other branch)
        return np.where((g == 0) & np.isnan(v), 0.0, v)
    return zero_nan


@helper(rt.ieee_pow)
def _ov_ieee_pow(a, b):     # numba's power of a float is C's pow (inf at 0 to a negative power)
    if isinstance(a, types.Integer) and isinstance(b, types.Number):
        return lambda a, b: (a + 0.0) ** b
    return lambda a, b: a ** b
