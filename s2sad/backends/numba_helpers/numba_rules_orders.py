"""numba versions of NumPy forms users call that numba lacks, which order or lay out values:
``np.argsort(a, axis=k)`` (numba's sorts a 1-d array and takes no axis), 
``np.lexsort(keys)`` of a tuple of 1-d arrays or of a 2-d array, and ``np.meshgrid(x0, x1)`` of two
arrays (``indexing`` 'xy' or 'ij', written as a constant) with its adjoint and tangent helpers
(``meshgrid_grad``, ``meshgrid_tangent`` of :mod:`s2sad.rules.runtime_pieces`).

Each overload declines (returns None) the forms numba compiles itself; a form not covered (three
grids, ``sparse=True``, an axis that is not a constant) raises ``TypingError``, which ``jit=True``
reports as a located ``JitError``. Values agree with NumPy: the orders are stable sorts
(``kind="mergesort"``), the order NumPy's default sort gives too except among equal values, which
the derivative of what they pick does not see.
"""
import numpy as np
from numba import types
from numba.extending import overload

from ...rules import runtime as rt
from .numba_rules_base import constant, helper, is_array, is_none, refuse, rows, unrows


# ---- np.argsort along an axis ------------------------------------------------------------------
@overload(np.argsort)
def _ov_argsort(a, axis=-1, kind=None):
    left_out = isinstance(axis, types.Omitted) or not isinstance(axis, types.Type)   # (numba passes the default)
    if not is_array(a) or a.ndim < 2 and left_out:
        return None
    if is_none(axis):
        return lambda a, axis=-1, kind=None: np.argsort(a.ravel(), kind="mergesort")

    def argsort(a, axis=-1, kind=None):
        r = rows(a, axis)
        order = np.empty(r.shape, dtype=np.int64)
        for i in range(r.shape[0]):
            order[i] = np.argsort(r[i], kind="mergesort")
        return unrows(order, a, axis)
    return argsort


# ---- np.lexsort ------------------------------------------------------------------------------------
@overload(np.lexsort)
def _ov_lexsort(keys, axis=-1):
    if not (isinstance(keys, types.UniTuple) and is_array(keys.dtype) and keys.dtype.ndim == 1
            or is_array(keys) and keys.ndim == 2):
        refuse(f"np.lexsort of {keys} (s2sad compiles a tuple of 1-d arrays of one type, or a 2-d array)")

    def lexsort(keys, axis=-1):      # the last key sorts first: stable sorts by each key, last one last
        order = np.arange(len(keys[0]))
        for k in range(len(keys)):
            order = order[np.argsort(keys[k][order], kind="mergesort")]
        return order
    return lexsort


# ---- np.meshgrid of two arrays -------------------------------------------------------------------
def _indexing(indexing):
    value = constant(indexing, "np.meshgrid's indexing=")
    if value not in ("xy", "ij"):
        refuse(f"np.meshgrid's indexing={value!r} (NumPy takes 'xy' or 'ij')")
    return value


@overload(np.meshgrid)
def _ov_meshgrid(x0, x1, copy=True, sparse=False, indexing="xy"):
    if not (is_array(x0) and is_array(x1)) or constant(sparse, "np.meshgrid's sparse=") is not False:
        refuse("np.meshgrid of other than two arrays, or sparse=True")
    xy = _indexing(indexing) == "xy"

    def meshgrid(x0, x1, copy=True, sparse=False, indexing="xy"):
        a, b = np.ravel(x0), np.ravel(x1)
        if xy:
            return (np.zeros((b.size, a.size), a.dtype) + a.reshape(1, -1),
                    np.zeros((b.size, a.size), b.dtype) + b.reshape(-1, 1))
        return (np.zeros((a.size, b.size), a.dtype) + a.reshape(-1, 1),
                np.zeros((a.size, b.size), b.dtype) + b.reshape(1, -1))
    return meshgrid


def _grid_axis(k, indexing):
    """The axis of a grid of two along which input ``k`` runs (runtime_pieces._grid_axis)."""
    return 1 - k if indexing == "xy" else k


@helper(rt.meshgrid_grad)
def _ov_meshgrid_grad(g, y, x, k, indexing="xy"):
    if len(y) != 2 or not is_array(x):
        refuse("the gradient of np.meshgrid of other than two arrays")
    i = constant(k, "meshgrid_grad's k")
    other = 1 - _grid_axis(i, _indexing(indexing))

    def meshgrid_grad(g, y, x, k, indexing="xy"):
        return np.sum(g[i] + y[i] * 0.0, axis=other).reshape(x.shape)
    return meshgrid_grad


@helper(rt.meshgrid_tangent)
def _ov_meshgrid_tangent(t0, t1, t2, t3, y, indexing="xy"):
    if len(y) != 2:
        refuse("the tangent of np.meshgrid of other than two arrays")
    xy = _indexing(indexing) == "xy"

    def meshgrid_tangent(t0, t1, t2, t3, y, indexing="xy"):
        a, b = np.ravel(np.asarray(t0) * 1.0), np.ravel(np.asarray(t1) * 1.0)
        zero = y[0] * 0.0
        if xy:
            return zero + a.reshape(1, -1), zero + b.reshape(-1, 1)
        return zero + a.reshape(-1, 1), zero + b.reshape(1, -1)
    return meshgrid_tangent
