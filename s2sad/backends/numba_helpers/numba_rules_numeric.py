"""numba versions of the numeric array helpers (:mod:`s2sad.rules.runtime_numeric`): cross
and cumulative products, convolution, median, slogdet, erf; and the NumPy/SciPy calls around
them numba lacks (``np.cumprod``/``np.median`` with an ``axis``, ``scipy.special.erf``/``erfc``).
Interpolation and the trapezoid rule: ``numba_rules_interp.py``.

As in :mod:`s2sad.backends.numba_helpers.numba_rules_arrays`, a form an overload does not cover raises
``TypingError`` (reported as a ``JitError``). ``np.einsum`` and its gradient: ``numba_rules_einsum.py``.
"""
import math

import numpy as np
from numba import types
from numba.extending import overload, register_jitable
from numba.np.numpy_support import as_dtype

from ...rules import runtime as rt
from ...rules.registry import defer
from .numba_rules_base import (
    constant,
    flat,
    gen,
    helper,
    is_array,
    is_none,
    literal,
    reduced,
    refuse,
    rows,
    unrows,
    window_grad_source,
)


@helper(rt.cast_like)
def _ov_cast_like(v, like):
    """``v`` in the array ``like``'s type (float32: rounded), NumPy's ValueError when its shape differs;
    a cast ``same_kind`` forbids (a float into an integer array) is refused when typing, as NumPy raises;
    ``like`` not an array: ``v`` itself."""
    if not is_array(like):
        return lambda v, like: v
    source = v.dtype if is_array(v) else v
    if not isinstance(source, (types.Number, types.Boolean)) or is_array(v) and v.ndim != like.ndim \
            or not is_array(v) and like.ndim != 0:
        refuse(f"storing {v} into the array {like} (NumPy raises ValueError or TypeError)")
    if not np.can_cast(as_dtype(source), as_dtype(like.dtype), "same_kind"):
        refuse(f"storing {v} into the array {like}: NumPy raises TypeError (casting rule 'same_kind')")
    if not is_array(v):
        if like.dtype == types.float32:
            return lambda v, like: np.float32(v)
        return lambda v, like: v
    if source == like.dtype:
        def same_type(v, like):
            if v.shape != like.shape:
                raise ValueError("non-broadcastable output operand: an in-place update's result has another shape")
            return v
        return same_type

    def cast_like(v, like):
        if v.shape != like.shape:
            raise ValueError("non-broadcastable output operand: an in-place update's result has another shape")
        return v.astype(like.dtype)
    return cast_like


# ------------------------------------------------------------ products
@helper(rt.cross_grad)
def _ov_cross_grad(g, a, b, axisa=-1, axisb=-1, axisc=-1, axis=None, left=True):
    if [literal(t) for t in (axisa, axisb, axisc)] != [-1, -1, -1] or not is_none(axis):
        refuse("np.cross with axes other than the last")
    if constant(left, "cross_grad's `left`"):
        return lambda g, a, b, axisa=-1, axisb=-1, axisc=-1, axis=None, left=True: \
            rt.unbroadcast(np.cross(b, g), a)
    return lambda g, a, b, axisa=-1, axisb=-1, axisc=-1, axis=None, left=True: \
        rt.unbroadcast(np.cross(g, a), b)


@register_jitable
def _cumprod_row(g, y, x, out):
    """One row of the cumprod gradient (the same formula as runtime_numeric._cumprod_rows)."""
    n = x.shape[0]
    z = n
    for i in range(n):
        if x[i] == 0.0:
            z = i
            break
    tail = 0.0
    for i in range(n - 1, -1, -1):
        tail += g[i] * y[i]
        if i < z:
            out[i] = tail / x[i]
    if z < n:
        acc, total = (y[z - 1] if z > 0 else 1.0), 0.0
        for j in range(z, n):
            if j > z:
                acc *= x[j]
            total += g[j] * acc
        out[z] = total


@helper(rt.cumprod_grad)
def _ov_cumprod_grad(g, y, x, axis=None):
    if not is_array(x):
        return lambda g, y, x, axis=None: g * 1.0

    def cumprod_grad(g, y, x, axis=None):
        gr, yr, xr = rows(g, axis), rows(y, axis), rows(x * 1.0, axis)
        out = np.zeros(xr.shape)
        for r in range(xr.shape[0]):
            _cumprod_row(gr[r], yr[r], xr[r], out[r])
        return unrows(out, x, axis)
    return cumprod_grad


def _number_cumulated(a, axis):
    """NumPy's cumsum/cumprod of a number (no axis): a 1-element array. numba's cumsum gives
    the number itself and its cumprod refuses it."""
    if isinstance(a, types.Number) and (axis is None or isinstance(axis, (types.NoneType, types.Omitted))):
        return lambda a, axis=None: np.full(1, a)
    return None


@overload(np.cumprod)
def _ov_cumprod(a, axis=None):
    if not is_array(a) or not isinstance(axis, types.Integer):
        return _number_cumulated(a, axis)

    def cumprod(a, axis=None):
        r = rows(a * 1.0, axis)
        for k in range(r.shape[0]):
            r[k] = np.cumprod(r[k])
        return unrows(r, a, axis)
    return cumprod


@overload(np.cumsum)
def _ov_cumsum(a, axis=None):
    """``np.cumsum(a, axis=k)`` of a multi-dimensional array (numba's takes no axis)."""
    if not is_array(a) or not isinstance(axis, types.Integer):
        return _number_cumulated(a, axis)

    def cumsum(a, axis=None):
        r = rows(a * 1.0, axis)
        for k in range(r.shape[0]):
            r[k] = np.cumsum(r[k])
        return unrows(r, a, axis)
    return cumsum


# ------------------------------------------------------------ convolution, statistics, linear algebra
_OFFSET = {"full": "0", "same": "(min(n, m) - 1) // 2", "valid": "min(n, m) - 1"}


@helper(rt.convolve_grad)
def _ov_convolve_grad(g, a, v, mode="full", left=True):
    kind = constant(mode, "np.convolve's mode")
    if kind not in _OFFSET or not (is_array(a) and is_array(v) and a.ndim == v.ndim == 1):
        refuse(f"np.convolve in mode {kind!r} of {a} and {v}")
    other = "v" if constant(left, "convolve_grad's `left`") else "a"
    return gen(window_grad_source("convolve_grad", "full", _OFFSET[kind], f"np.correlate(full, {other} * 1.0)"),
               "convolve_grad")


@register_jitable
def vander_derivative(x, n, increasing, order):
    """The ``order``-th derivative of each column of ``np.vander(x, n, increasing)`` in ``x``
    (``rt.vander_derivative``)."""
    out = np.zeros((x.shape[0], n))
    for i in range(x.shape[0]):
        for j in range(n):
            p = j if increasing else n - 1 - j
            if p >= order:
                factor = 1.0
                for k in range(order):
                    factor *= p - k
                out[i, j] = factor * x[i] ** (p - order)
    return out


@helper(rt.vander_slope)
def _ov_vander_slope(x, N=None, increasing=False):
    if not (is_array(x) and x.ndim == 1):
        refuse(f"the gradient of np.vander of {x}")

    def vander_slope(x, N=None, increasing=False):
        return vander_derivative(x * 1.0, x.shape[0] if N is None else N, increasing, 1)
    return vander_slope


@helper(rt.median_grad)
def _ov_median_grad(g, x, axis=None, keepdims=False):
    if isinstance(x, types.Number) and isinstance(g, types.Number) and is_none(axis):
        return lambda g, x, axis=None, keepdims=False: g * 1.0     # the median of a number is the number
    if not is_array(x) or not (is_none(axis) or isinstance(axis, types.Integer)):
        refuse(f"the gradient of np.median of {x} over axis {axis}")

    def median_grad(g, x, axis=None, keepdims=False):
        xr = rows(x, axis)
        r, n = xr.shape
        gs = flat(g) + np.zeros(r)
        out = np.zeros(xr.shape)
        for i in range(r):
            order = np.argsort(xr[i], kind="mergesort")
            if n % 2:
                out[i, order[n // 2]] = gs[i]
            else:
                out[i, order[n // 2 - 1]] = 0.5 * gs[i]
                out[i, order[n // 2]] = 0.5 * gs[i]
        return unrows(out, x, axis)
    return median_grad


@overload(np.median)
def _ov_median(a, axis=None, out=None, overwrite_input=False, keepdims=False):
    if not is_array(a) or not isinstance(axis, types.Integer) or not is_none(out):
        return None

    def median(a, axis=None, out=None, overwrite_input=False, keepdims=False):
        r = rows(a, axis)
        res = np.empty(r.shape[0])
        for i in range(r.shape[0]):
            res[i] = np.median(r[i])
        return reduced(res, a, axis, keepdims)
    return median


@helper(rt.slogdet_grad)
def _ov_slogdet_grad(g, x):
    if not is_array(x) or x.ndim != 2:
        refuse("np.linalg.slogdet of a stack of matrices")

    def slogdet_grad(g, x):
        if g[1] == 0:          # log|det| unused: 0, singular or not (as the Python helper)
            return np.zeros(x.shape)
        return g[1] * np.ascontiguousarray(np.linalg.inv(x).T)   # raises at a singular matrix
    return slogdet_grad


@helper(rt.erf_slope)
def _ov_erf_slope(x):
    c = 2.0 / math.sqrt(math.pi)
    if is_array(x):
        return lambda x: c * np.exp(-x * x)
    return lambda x: c * math.exp(-x * x)


def _erf_overload(fn, scalar):
    @overload(fn)
    def _ov(x):
        if isinstance(x, types.Number):
            return lambda x: scalar(x)
        if not is_array(x):
            return None

        def elementwise(x):
            out = np.empty(x.shape)
            src, dst = np.ascontiguousarray(x).reshape(x.size), out.reshape(out.size)
            for k in range(x.size):
                dst[k] = scalar(src[k])
            return out
        return elementwise
    return _ov


# scipy.special's, once a program has imported it (never imported here: see registry.defer)
defer("scipy.special.erf", lambda fn: _erf_overload(fn, math.erf))
defer("scipy.special.erfc", lambda fn: _erf_overload(fn, math.erfc))
