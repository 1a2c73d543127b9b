"""numba version of ``np.logaddexp.accumulate`` (a ufunc method, which numba can neither compile
nor overload: the ``jit`` stage calls the stand-in of ``SUBSTITUTES``, as for
``np.maximum.accumulate``) and of its rule helpers ``logaddexp_accumulate_grad``/``_tangent``
(``rules/runtime_special.py``): the same recursions, row by row along the axis.

Invariant: values are NumPy's (logaddexp of the running value and the next element, NaN
included); the helpers compute what the Python ones compute (factors ``exp(y_j - y_{j+1}) <= 1``,
0 on an all ``-inf`` prefix, both from ``x`` and its running maximum, never from the rounded ``y``). ``dtype=``/``out=`` and an axis that is not an integer are refused at
typing (a located ``JitError``).
"""
import math

import numpy as np
from numba import njit, types
from numba.extending import overload

from ...rules import runtime as rt
from .numba_lists import SUBSTITUTES
from .numba_rules_base import gen, helper, is_array, is_none, refuse, rows, unrows
from .numba_rules_missing import accumulate_source


def logaddexp_accumulate(array, axis=0, dtype=None, out=None):
    """Stand-in for ``np.logaddexp.accumulate`` in compiled code (``SUBSTITUTES``)."""
    return np.logaddexp.accumulate(array, axis, dtype, out)


def _axis_ok(array, axis, what):
    if not (is_array(array) and array.ndim >= 1 and isinstance(array.dtype, (types.Float, types.Integer))):
        refuse(f"{what} of {array}")
    if array.ndim > 1 and not isinstance(axis, (types.Integer, types.Omitted)):
        refuse(f"{what} with an axis that is not an integer")


@overload(logaddexp_accumulate)
def _ov_logaddexp_accumulate(array, axis=0, dtype=None, out=None):
    _axis_ok(array, axis, "np.logaddexp.accumulate")
    if not (is_none(dtype) and is_none(out)):
        refuse("np.logaddexp.accumulate with dtype= or out=")
    return gen(accumulate_source("logaddexp"), "accumulate", {"rows": rows, "unrows": unrows})


SUBSTITUTES[np.logaddexp.accumulate] = logaddexp_accumulate


@njit
def _shares(xr):
    """Per row of ``xr``: (exp(y_j - y_{j+1}), exp(x_j - y_j)) from the running maximum m and the
    sums S_j of exp(x_i - m_j), as ``runtime_special._shares`` (exact where y is rounded)."""
    decay, w = np.zeros(xr.shape), np.empty(xr.shape)
    for i in range(xr.shape[0]):
        m, s = -np.inf, 0.0
        for j in range(xr.shape[1]):
            nxt = max(m, xr[i, j]) if not (math.isnan(m) or math.isnan(xr[i, j])) else math.nan
            carry = 0.0 if m == -np.inf else math.exp(m - nxt)
            own = math.exp(xr[i, j] - (nxt if math.isfinite(nxt) else 0.0))
            s_next = s * carry + own
            safe = 1.0 if s_next == 0.0 else s_next
            if j:
                decay[i, j - 1] = carry * s / safe
            w[i, j] = own / safe
            m, s = nxt, s_next
    return decay, w


@helper(rt.logaddexp_accumulate_grad)
def _ov_logaddexp_accumulate_grad(g, x, y, axis=0):
    _axis_ok(x, axis, "the gradient of np.logaddexp.accumulate")

    def grad(g, x, y, axis=0):
        gr = rows(g * 1.0, axis)
        decay, w = _shares(rows(x * 1.0, axis))
        res = np.empty(gr.shape)
        n = gr.shape[1]
        for i in range(gr.shape[0]):
            s = 0.0
            for j in range(n - 1, -1, -1):
                s = gr[i, j] + (s * decay[i, j] if j + 1 < n else 0.0)
                res[i, j] = s * w[i, j]
        return unrows(res, x, axis)
    return grad


@helper(rt.logaddexp_accumulate_tangent)
def _ov_logaddexp_accumulate_tangent(tx, x, y, axis=0):
    _axis_ok(x, axis, "the tangent of np.logaddexp.accumulate")

    def tangent(tx, x, y, axis=0):
        tr = rows(tx * 1.0, axis)
        decay, w = _shares(rows(x * 1.0, axis))
        res = np.empty(tr.shape)
        for i in range(tr.shape[0]):
            acc = 0.0
            for j in range(tr.shape[1]):
                acc = tr[i, j] * w[i, j] + (acc * decay[i, j - 1] if j else 0.0)
                res[i, j] = acc
        return unrows(res, x, axis)
    return tangent


@helper(rt.logsumexp_weights)
def _ov_logsumexp_weights(x, axis=None):
    """The slope of a log-sum-exp, ``e / sum(e)`` with ``e = exp(x - max)`` (the maximum read as 0
    where it is not finite), 0 where every value is -inf: ``runtime_special.logsumexp_weights``."""
    if isinstance(x, types.Number):
        def one(x, axis=None):
            e = math.exp(x - (x if math.isfinite(x) else 0.0))
            return e / e if e != 0.0 else 0.0
        return one
    if not is_array(x):
        refuse(f"the slope of a log-sum-exp of {x}")

    def weights(x, axis=None):
        m = np.max(x, axis=axis, keepdims=True)
        e = np.exp(x - np.where(np.isfinite(m), m, 0.0))
        s = np.sum(e, axis=axis, keepdims=True)
        return e / np.where(s == 0.0, 1.0, s)
    return weights
