"""numba versions of ``np.add.reduceat`` of a vector or a matrix and of its gradient helper
(``runtime_stats.add_reduceat_grad``).

A ufunc's method cannot be overloaded: the ``jit`` stage calls the stand-in ``add_reduceat``
instead (``numba_lists.SUBSTITUTES``, as for ``np.maximum.accumulate``). Both walk the segments
NumPy sums: ``indices[i]`` up to ``indices[i + 1]`` (the end for the last), or ``indices[i]`` alone
where the next index is not larger; an index out of ``[0, n)`` raises ``IndexError`` as NumPy
does. Invariant: the values are NumPy's (same order of additions); any other form (3 axes or more,
indices that are not a vector of integers, ``dtype=``/``out=``) raises ``TypingError``, which
``jit=True`` reports as a located ``JitError``.
"""
import numpy as np
from numba import types
from numba.extending import overload, register_jitable

from ...rules import runtime as rt
from .numba_lists import SUBSTITUTES
from .numba_rules_base import helper, is_array, is_none, refuse


def add_reduceat(array, indices, axis=0, dtype=None, out=None):
    """Stand-in for ``np.add.reduceat`` in compiled code (``SUBSTITUTES``)."""
    return np.add.reduceat(array, indices, axis, dtype, out)


SUBSTITUTES[np.add.reduceat] = add_reduceat


def _vector_form(array, indices, axis):
    if not (is_array(array) and array.ndim in (1, 2) and is_array(indices) and indices.ndim == 1
            and isinstance(indices.dtype, types.Integer)):
        refuse("np.add.reduceat is compiled for a vector or a matrix and a vector of integer indices")
    if not isinstance(axis, (int, types.Integer, types.Omitted)):
        refuse("np.add.reduceat's axis must be an integer")


@register_jitable
def _segment(indices, i, n):
    """The bounds ``(start, end)`` of the ``i``-th segment NumPy sums."""
    start = indices[i]
    if start < 0 or start >= n:
        raise IndexError("index out-of-bounds in add.reduceat")
    end = indices[i + 1] if i + 1 < indices.size else n
    return start, end if end > start else start + 1


@register_jitable
def _matrix_axis(axis):
    """``axis`` of a matrix as 0 or 1 (NumPy's error for another)."""
    if axis < -2 or axis > 1:
        raise ValueError("axis out of bounds for a matrix")
    return axis % 2


@register_jitable
def _matrix_sums(array, indices, ax, out, g, back):
    """The segment sums of a matrix along ``ax`` into ``out`` (``back`` False), or (``back``
    True) each ``g[i]`` added to every element its segment read, into ``out`` shaped like ``array``."""
    n, other = array.shape[ax], array.shape[1 - ax]
    for i in range(indices.size):
        start, end = _segment(indices, i, n)
        for k in range(other):
            for j in range(start, end):
                if back:
                    out[j if ax == 0 else k, k if ax == 0 else j] += g[i if ax == 0 else k, k if ax == 0 else i]
                else:
                    out[i if ax == 0 else k, k if ax == 0 else i] += array[j if ax == 0 else k, k if ax == 0 else j]


@overload(add_reduceat)
def _ov_add_reduceat(array, indices, axis=0, dtype=None, out=None):
    _vector_form(array, indices, axis)
    if not (is_none(dtype) and is_none(out)):
        refuse("np.add.reduceat with dtype= or out=")
    if array.ndim == 2:
        def add_reduceat_matrix(array, indices, axis=0, dtype=None, out=None):
            ax = _matrix_axis(axis)
            other = array.shape[1 - ax]
            res = np.zeros((indices.size, other) if ax == 0 else (other, indices.size), array.dtype)
            _matrix_sums(array, indices, ax, res, res, False)
            return res
        return add_reduceat_matrix

    def add_reduceat(array, indices, axis=0, dtype=None, out=None):
        if axis != 0 and axis != -1:
            raise ValueError("axis out of bounds for a vector")
        res = np.zeros(indices.size, array.dtype)
        for i in range(indices.size):
            start, end = _segment(indices, i, array.size)
            acc = array[start]
            for j in range(start + 1, end):
                acc += array[j]
            res[i] = acc
        return res
    return add_reduceat


@helper(rt.add_reduceat_grad)
def _ov_add_reduceat_grad(g, array, indices, axis=0):
    _vector_form(array, indices, axis)
    if array.ndim == 2:
        def add_reduceat_grad_matrix(g, array, indices, axis=0):
            ax = _matrix_axis(axis)
            other = array.shape[1 - ax]
            gs = g + np.zeros((indices.size, other) if ax == 0 else (other, indices.size))
            res = np.zeros(array.shape)
            _matrix_sums(array, indices, ax, res, gs, True)
            return res
        return add_reduceat_grad_matrix

    def add_reduceat_grad(g, array, indices, axis=0):
        gs = g + np.zeros(indices.size)
        res = np.zeros(array.size)
        for i in range(indices.size):
            start, end = _segment(indices, i, array.size)
            for j in range(start, end):
                res[j] += gs[i]
        return res
    return add_reduceat_grad
