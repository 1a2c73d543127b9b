"""``np.nanmean``/``np.nansum`` for compiled adjoints: numba's own take no ``axis``.

As with :mod:`s2sad.backends.numba_helpers.numba_average`, the ``jit`` stage (through
``numba_lists.SUBSTITUTES``) replaces every ``np.nanmean(...)``/``np.nansum(...)`` call of an
adjoint by :func:`nanmean`/:func:`nansum`, Python functions that are NumPy's own (so the
rewritten adjoint still runs without numba), and whose numba overloads below compute them over
an integer ``axis`` (``keepdims`` too) by moving the axis last and summing the non-NaN entries.

Invariant: the overloads compute what NumPy computes (an all-NaN slice's mean is nan) or
refuse at typing time (a ``dtype``/``out``, a tuple ``axis`` other than every axis, ``keepdims``
that is not a constant), which s2sad reports as a ``JitError`` naming the line; never another quantity.
"""
import numpy as np
from numba import types
from numba.core.errors import TypingError
from numba.extending import overload

from .numba_support import is_array, is_none, literal_axes, literal_bool


def nanmean(a, axis=None, dtype=None, out=None, keepdims=False):
    """``np.nanmean`` (its parameters in its order; ``keepdims`` passed only when given)."""
    if keepdims:
        return np.nanmean(a, axis=axis, dtype=dtype, out=out, keepdims=True)
    return np.nanmean(a, axis=axis, dtype=dtype, out=out)


def nansum(a, axis=None, dtype=None, out=None, keepdims=False):
    """``np.nansum`` (its parameters in its order; ``keepdims`` passed only when given)."""
    if keepdims:
        return np.nansum(a, axis=axis, dtype=dtype, out=out, keepdims=True)
    return np.nansum(a, axis=axis, dtype=dtype, out=out)


def every_axis(a, axis):
    """Whether ``axis`` is a constant tuple naming each axis of the array type ``a`` once
    (``(0, 1)`` of a matrix): the reduction over the whole array."""
    return isinstance(axis, types.BaseTuple) and len(axis) == a.ndim and literal_axes(axis, a.ndim) == list(range(a.ndim))


def _refuse(name, what):
    raise TypingError(f"s2sad (jit): numba cannot compute np.{name} {what}; use jit=False")


def _keep(name, a, axis, dtype, out, keepdims):
    """keepdims as a Python bool, or None to let numba retry with the literal type."""
    if not is_none(dtype) or not is_none(out):
        _refuse(name, "with dtype or out")
    keep = literal_bool(keepdims)
    if keep is None:
        if isinstance(keepdims, types.Boolean) and not isinstance(keepdims, types.BooleanLiteral):
            return None
        _refuse(name, "with a keepdims that is not True or False")
    if not is_array(a):
        _refuse(name, "of a value that is not an array")
    if isinstance(axis, types.UniTuple) and literal_axes(axis, a.ndim) is None:
        return None     # numba retries with the literal tuple
    if not is_none(axis) and not isinstance(axis, types.Integer) and not every_axis(a, axis):
        _refuse(name, "over a tuple of axes that is not every axis")
    if is_none(axis) and keep:
        _refuse(name, "with keepdims and no axis")
    return keep


def _implementation(name, whole, mean, a, axis, keep):
    """NumPy's nan-reduction ``name`` over ``axis`` (None: ``whole``, numba's own)."""
    if is_none(axis):
        return lambda a, axis=None, dtype=None, out=None, keepdims=False: whole(a)
    if every_axis(a, axis):
        ones = (1,) * a.ndim
        if keep:
            return lambda a, axis=None, dtype=None, out=None, keepdims=False: np.full(ones, whole(a))
        return lambda a, axis=None, dtype=None, out=None, keepdims=False: whole(a)
    if a.ndim == 1:
        if keep:
            return lambda a, axis=None, dtype=None, out=None, keepdims=False: np.full(1, whole(a))
        return lambda a, axis=None, dtype=None, out=None, keepdims=False: whole(a)
    last = a.ndim - 1

    def over_axis(a, axis=None, dtype=None, out=None, keepdims=False):
        k = axis % a.ndim
        m = np.moveaxis(a, k, -1)
        present = ~np.isnan(m)
        r = np.sum(np.where(present, m, 0.0), axis=last)
        if mean:
            r = r / np.sum(present, axis=last)
        return np.expand_dims(r, k) if keep else r
    return over_axis


@overload(nanmean)
def _ov_nanmean(a, axis=None, dtype=None, out=None, keepdims=False):
    keep = _keep("nanmean", a, axis, dtype, out, keepdims)
    return None if keep is None else _implementation("nanmean", np.nanmean, True, a, axis, keep)


@overload(nansum)
def _ov_nansum(a, axis=None, dtype=None, out=None, keepdims=False):
    keep = _keep("nansum", a, axis, dtype, out, keepdims)
    return None if keep is None else _implementation("nansum", np.nansum, False, a, axis, keep)
