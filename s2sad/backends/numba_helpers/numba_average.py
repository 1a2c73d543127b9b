"""``np.average`` for compiled adjoints: numba's own takes no ``axis`` (and no ``keepdims``).

The ``jit`` stage (:mod:`s2sad.backends.numba_lower`, through ``numba_lists.SUBSTITUTES``)
replaces every ``np.average(...)`` call of an adjoint by :func:`average`, a Python function
that is ``np.average`` itself (so the rewritten adjoint still runs without numba), and whose
numba overload below computes NumPy's average over an integer ``axis``: without weights,
with weights of ``a``'s shape, or with 1-d weights along ``axis``; ``keepdims`` too.
numba 0.68's ``np.average(a, axis=k)`` raises at run time and is typed as ``None`` (earlier
versions returned the mean of all the elements), which is how a non-differentiated average
over an axis broke a compiled adjoint.

Invariant: the overload either computes what NumPy computes (raising where NumPy raises:
weights summing to zero, weights of an incompatible length) or refuses at typing time
(``returned=True``, a tuple ``axis``, ``keepdims`` with ``axis=None``), which s2sad reports
as a ``JitError`` naming the line; it never returns another quantity.
"""
import numpy as np
from numba import types
from numba.core.errors import TypingError
from numba.extending import overload, register_jitable

from .numba_support import is_array, is_none, literal_bool


def average(a, axis=None, weights=None, returned=False, keepdims=False):
    """``np.average`` (its parameters in its order; ``keepdims`` passed only when given)."""
    if keepdims:
        return np.average(a, axis=axis, weights=weights, returned=returned, keepdims=True)
    return np.average(a, axis=axis, weights=weights, returned=returned)


def _refuse(what):
    raise TypingError(f"s2sad (jit): numba cannot compute np.average {what}; use jit=False")


@register_jitable
def _check_sum(s):
    if np.any(s == 0.0):
        raise ZeroDivisionError("Weights sum to zero, can't be normalized")


def _whole(a, weights):
    """The average of all of ``a`` (``axis=None``)."""
    if is_none(weights):
        return lambda a, axis=None, weights=None, returned=False, keepdims=False: np.mean(a)

    def weighted(a, axis=None, weights=None, returned=False, keepdims=False):
        if a.shape != weights.shape:
            raise TypeError("Axis must be specified when shapes of a and weights differ.")
        s = np.sum(weights)
        _check_sum(s)
        return np.sum(a * weights) / s
    return weighted


def _vector(weights, keep):
    """Over axis 0 (or -1) of a 1-d ``a``: a number, or an array of one element (``keepdims``)."""
    if is_none(weights):
        def value(a, weights):
            return np.mean(a)
    elif weights.ndim == 1:
        def value(a, weights):
            if weights.shape[0] != a.shape[0]:
                raise ValueError("Shape of weights must be consistent with shape of a along specified axis.")
            s = np.sum(weights)
            _check_sum(s)
            return np.sum(a * weights) / s
    else:
        _refuse("with weights of another rank than a")
    value = register_jitable(value)
    if keep:
        return lambda a, axis=None, weights=None, returned=False, keepdims=False: np.full(1, value(a, weights))
    return lambda a, axis=None, weights=None, returned=False, keepdims=False: value(a, weights)


def _over_axis(a, weights, keep):
    """Over an integer axis of an array of rank >= 2: the axis moved last, then summed."""
    last = a.ndim - 1
    if is_none(weights):
        def plain(a, axis=None, weights=None, returned=False, keepdims=False):
            k = axis % a.ndim
            r = np.sum(np.moveaxis(a, k, -1), axis=last) / a.shape[k]
            return np.expand_dims(r, k) if keep else r
        return plain
    if weights.ndim == 1:
        def along(a, axis=None, weights=None, returned=False, keepdims=False):
            k = axis % a.ndim
            if weights.shape[0] != a.shape[k]:
                raise ValueError("Shape of weights must be consistent with shape of a along specified axis.")
            s = np.sum(weights)
            _check_sum(s)
            r = np.sum(np.moveaxis(a, k, -1) * weights, axis=last) / s
            return np.expand_dims(r, k) if keep else r
        return along
    if weights.ndim != a.ndim:
        _refuse("with weights that are neither 1-d nor of a's shape")

    def full(a, axis=None, weights=None, returned=False, keepdims=False):
        if a.shape != weights.shape:
            raise ValueError("Shape of weights must be consistent with shape of a along specified axis.")
        k = axis % a.ndim
        s = np.sum(np.moveaxis(weights, k, -1), axis=last)
        _check_sum(s)
        r = np.sum(np.moveaxis(a * weights, k, -1), axis=last) / s
        return np.expand_dims(r, k) if keep else r
    return full


@overload(average)
def _ov_average(a, axis=None, weights=None, returned=False, keepdims=False):
    if literal_bool(returned) is not False:
        if isinstance(returned, types.Boolean) and not isinstance(returned, types.BooleanLiteral):
            return None                       # numba retries with the constant's literal type
        _refuse("with returned=True")
    keep = literal_bool(keepdims)
    if keep is None:
        if isinstance(keepdims, types.Boolean) and not isinstance(keepdims, types.BooleanLiteral):
            return None
        _refuse("with a keepdims that is not True or False")
    if not is_array(a):
        _refuse("of a value that is not an array")
    if is_none(axis):
        if keep:
            _refuse("with keepdims and no axis")
        return _whole(a, weights)
    if not isinstance(axis, types.Integer):
        _refuse("over a tuple of axes")
    if a.ndim == 1:
        return _vector(weights, keep)
    return _over_axis(a, weights, keep)
