"""The adjoint's own buffers under numba: reuse an array the reverse sweep already owns instead
of allocating per pass, and the run-time checks that decide it.

``zeroed(b, x)`` is zeros shaped like ``x`` written into ``b`` when ``b`` already has that shape
(:mod:`s2sad.backends.inplace`, :mod:`s2sad.backends.views`); ``reused(b, x)`` is ``b`` itself
when it fits ``x``; ``fits`` (:mod:`s2sad.backends.loopfuse`), ``has_shape`` and ``is_float64``
(:mod:`s2sad.backends.primal_inplace`) are the checks. Each is an ordinary Python function with
the NumPy behaviour and an ``overload`` numba compiles instead. Split from ``numba_lists.py``.
"""
import numpy as np
from numba import types
from numba.extending import overload

from .numba_support import gen, is_array, is_array_tuple


def zeroed(b, x):
    """Zeros shaped like ``x``, in the array ``b`` when it already has that shape."""
    if isinstance(b, np.ndarray) and b.shape == np.shape(x):
        b.fill(0.0)
        return b
    return np.zeros(np.shape(x))


@overload(zeroed)
def _ov_zeroed(b, x):
    if is_array(b) and b.ndim == 1 and (isinstance(x, types.BaseTuple) and all(
            isinstance(t, types.Number) for t in x.types) or isinstance(x, types.List)
            and isinstance(x.dtype, types.Number)):
        def zeroed_tuple(b, x):       # a tuple or list of numbers: its adjoint is a vector (zeros_like's)
            if b.shape[0] == len(x):
                b.fill(0.0)
                return b
            return np.zeros(len(x))
        return zeroed_tuple
    if is_array(b) and is_array_tuple(x) and b.ndim == x.dtype.ndim + 1:
        def zeroed_rows(b, x):        # a tuple of equally shaped arrays: its adjoint is their stack
            shape = tuple_shape(x)
            if b.shape == shape:
                b.fill(0.0)
                return b
            return np.zeros(shape)
        return zeroed_rows
    if not (is_array(b) and is_array(x) and b.ndim == x.ndim):
        return None

    def zeroed(b, x):
        if b.shape == x.shape:
            b.fill(0.0)
            return b
        return np.zeros(x.shape)
    return zeroed


def tuple_shape(x):
    """The shape of ``np.array(x)`` for a tuple of equally shaped arrays ``x`` (NumPy's
    ``ValueError`` when their shapes differ, as ``np.zeros(np.shape(x))`` raises)."""
    return np.shape(x)


@overload(tuple_shape)
def _ov_tuple_shape(x):
    if not is_array_tuple(x):
        return None
    inner = ", ".join(f"x[0].shape[{k}]" for k in range(x.dtype.ndim))
    src = (f"def tuple_shape(x):\n"
           f"    for a in x:\n"
           f"        if a.shape != x[0].shape:\n"
           f"            raise ValueError('setting an array element with a sequence: a tuple holds arrays "
           f"of different shapes')\n"
           f"    return ({len(x)}, {inner})\n")
    return gen(src, "tuple_shape", {}, __name__)


def reused(b, x):
    """An array shaped like ``x`` whose elements are about to be written: ``b`` when it already
    has that shape (:mod:`s2sad.backends.reuse`)."""
    if isinstance(b, np.ndarray) and b.shape == np.shape(x) and b.dtype == np.float64:
        return b
    return np.empty(np.shape(x))


@overload(reused)
def _ov_reused(b, x):
    if not (is_array(b) and is_array(x) and b.ndim == x.ndim):
        return None
    if b.dtype != types.float64:
        return lambda b, x: np.empty(x.shape)

    def reused(b, x):
        if b.shape == x.shape:
            return b
        return np.empty(x.shape)
    return reused


def fits(b, x):
    """True if ``reused(b, x)`` would give ``b`` itself: ``b`` a float64 array of ``x``'s shape."""
    return isinstance(b, np.ndarray) and b.shape == np.shape(x) and b.dtype == np.float64


@overload(fits)
def _ov_fits(b, x):
    if not (is_array(b) and is_array(x) and b.ndim == x.ndim):
        return None
    if b.dtype != types.float64:
        return lambda b, x: False
    return lambda b, x: b.shape == x.shape


def has_shape(a, shape):
    """True if ``a`` is an array of shape ``shape`` (an int for one axis, or a tuple): an
    array ``np.zeros(shape)`` may be refilled rather than allocated
    (:mod:`s2sad.backends.primal_inplace`)."""
    want = (shape,) if isinstance(shape, (int, np.integer)) else shape
    return isinstance(a, np.ndarray) and isinstance(want, tuple) and a.shape == want


@overload(has_shape)
def _ov_has_shape(a, shape):
    if is_array(a) and isinstance(shape, types.Integer):
        if a.ndim != 1:
            return lambda a, shape: False
        return lambda a, shape: a.shape[0] == shape
    if is_array(a) and isinstance(shape, types.UniTuple) and isinstance(shape.dtype, types.Integer) \
            and len(shape) == a.ndim:
        return lambda a, shape: a.shape == shape
    return lambda a, shape: False         # another shape's type: a new array, as written


def is_float64(*arrays):
    """True if every one of ``arrays`` is an array of float64 (:mod:`s2sad.backends.primal_inplace`
    updates only those in place). In numba a constant of their types: one call and one branch
    for all the arrays of a statement (a call and a branch each cost compile time)."""
    return all(isinstance(a, np.ndarray) and a.dtype == np.float64 for a in arrays)


@overload(is_float64)
def _ov_is_float64(*arrays):
    kinds = arrays[0] if len(arrays) == 1 and isinstance(arrays[0], types.StarArgTuple) else arrays
    value = all(is_array(a) and a.dtype == types.float64 for a in kinds)
    return lambda *arrays: value
