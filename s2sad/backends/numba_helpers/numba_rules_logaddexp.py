"""numba version of ``np.logaddexp.accumulate`` (a ufunc method, which numba can neither compile
nor overload: the ``jit`` stage calls the stand-in of ``SUBSTITUTES``, as for
``np.maximum.accumulate``) and of its rule helpers ``logaddexp_accumulate_grad``/``_tangent``
(``rules/runtime_special.py``): the same recursions, row by row along the axis.

Invariant: values are NumPy's (logaddexp of the running value and the next element, NaN
included); the helpers compute what the Python ones compute (factors ``exp(y_j - y_{j+1}) <= 1``,
0 on an all ``-inf`` prefix). ``dtype=``/``out=`` and an axis that is not an integer are refused at
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
def _decay(lead, nxt):
    return 0.0 if lead == -np.inf else math.exp(lead - nxt)


@njit
def _weight(x, y):
    return math.exp(x - (0.0 if y == -np.inf else y))


@helper(rt.logaddexp_accumulate_grad)
def _ov_logaddexp_accumulate_grad(g, x, y, axis=0):
    _axis_ok(x, axis, "the gradient of np.logaddexp.accumulate")

    def grad(g, x, y, axis=0):
        gr, xr, yr = rows(g * 1.0, axis), rows(x * 1.0, axis), rows(y * 1.0, axis)
        res = np.empty(gr.shape)
        n = gr.shape[1]
        for i in range(gr.shape[0]):
            s = 0.0
            for j in range(n - 1, -1, -1):
                s = gr[i, j] + (s * _decay(yr[i, j], yr[i, j + 1]) if j + 1 < n else 0.0)
                res[i, j] = s * _weight(xr[i, j], yr[i, j])
        return unrows(res, x, axis)
    return grad


@helper(rt.logaddexp_accumulate_tangent)
def _ov_logaddexp_accumulate_tangent(tx, x, y, axis=0):
    _axis_ok(x, axis, "the tangent of np.logaddexp.accumulate")

    def tangent(tx, x, y, axis=0):
        tr, xr, yr = rows(tx * 1.0, axis), rows(x * 1.0, axis), rows(y * 1.0, axis)
        res = np.empty(tr.shape)
        for i in range(tr.shape[0]):
            acc = 0.0
            for j in range(tr.shape[1]):
                acc = tr[i, j] * _weight(xr[i, j], yr[i, j]) + (acc * _decay(yr[i, j - 1], yr[i, j]) if j else 0.0)
                res[i, j] = acc
        return unrows(res, x, axis)
    return tangent
