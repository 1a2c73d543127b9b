"""numba versions of the helpers of :mod:`s2sad.rules.runtime_stats` (take, running extremes,
average, nanmean, quantiles, digamma/trigamma) and the NumPy/SciPy forms around them numba
lacks: ``np.rot90`` with ``axes`` of a matrix, ``scipy.special.gammaln``/``digamma``/``psi``
(installed once a program has imported SciPy, see ``registry.defer``).

As in :mod:`s2sad.backends.numba_helpers.numba_rules_arrays`, a form an overload does not cover raises
``TypingError`` (reported as a ``JitError``): ``np.take`` gradients with indices that are not
an integer or a vector, averages, NaN-ignoring means and quantiles over an axis (numba's own
``np.average``/``np.quantile`` take none), and ``np.maximum.accumulate`` (numba has no
``ufunc.accumulate``). ``digamma``/``trigamma`` compile the Python helpers' own scalar bodies.
"""
import math

import numpy as np
from numba import njit, types
from numba.extending import overload

from ...rules import runtime as rt
from ...rules.registry import defer
from ...rules.runtime_stats import _digamma1, _trigamma1, digamma_drop_far
from .numba_grads import COVERED
from .numba_rules_base import elementwise_binary, flat, helper, is_array, is_none, like, refuse
from .numba_nan import every_axis

_digamma_nb, _trigamma_nb = njit(_digamma1), njit(_trigamma1)


def _elementwise(scalar):
    """An implementation applying the jitted ``scalar`` to a number or each element of an array."""
    def numbers(x):
        return scalar(x * 1.0)

    def arrays(x):
        src = flat(x)
        out = np.empty(src.size)
        for k in range(src.size):
            out[k] = scalar(src[k])
        return out.reshape(x.shape)
    return numbers, arrays


def _unary(fn, scalar):
    numbers, arrays = _elementwise(scalar)

    @overload(fn)
    def _ov(x):
        if isinstance(x, types.Number):
            return numbers
        if is_array(x) and x.ndim == 0:     # a number, as NumPy's ufunc gives (and numba's ufunc call fails on it)
            return lambda x: scalar(x.item() * 1.0)
        return arrays if is_array(x) else None
    return _ov


_drop_far_nb = njit(digamma_drop_far)


@njit
def _digamma_drop_nb(a, b):     # runtime_stats._digamma_drop1
    c = a + b
    return _drop_far_nb(a, b, c) if a >= 1e3 and c >= 1e3 else _digamma_nb(a) - _digamma_nb(c)


elementwise_binary(rt.digamma_drop, _digamma_drop_nb)
_unary(rt.digamma, _digamma_nb)
_unary(rt.trigamma, _trigamma_nb)
for _name in ("digamma", "psi"):
    defer("scipy.special." + _name, lambda fn: _unary(fn, _digamma_nb))
defer("scipy.special.gammaln", lambda fn: _unary(fn, njit(lambda x: math.lgamma(x))))
COVERED.update({"digamma", "trigamma", "digamma_drop"})


# ---- gathers, rotations ----------------------------------------------------------------
def _indices(indices):
    """An integer index or an array of them as a 1-d integer array."""


@overload(_indices)
def _ov_indices(indices):
    if is_array(indices):
        return lambda indices: np.ascontiguousarray(indices).reshape(indices.size)
    if _int_list(indices):
        return _int_list_as_array
    return lambda indices: np.full(1, indices)


def _int_list(t):
    """A list (or tuple) of integers, as ``np.take(x, [0, 2], axis=1)`` passes its indices."""
    return isinstance(t, (types.List, types.UniTuple)) and isinstance(t.dtype, types.Integer)


def _int_list_as_array(indices):
    out = np.empty(len(indices), np.int64)
    for k in range(len(indices)):
        out[k] = indices[k]
    return out


@helper(rt.take_grad)
def _ov_take_grad(g, a, indices, axis=None):
    vector = is_array(indices) and indices.ndim == 1 or _int_list(indices)
    if not is_array(a) or not (vector or isinstance(indices, types.Integer)):
        refuse("the gradient of np.take with indices other than an integer or a vector of integers")

    if is_none(axis):
        def take_all(g, a, indices, axis=None):
            idx, gs = _indices(indices), flat(g)
            out = np.zeros(a.size)
            n = a.size
            for k in range(idx.size):
                out[idx[k] + n if idx[k] < 0 else idx[k]] += gs[k]
            return like(out, a)
        return take_all

    if vector:
        def take_along(g, a, indices, axis=None):
            idx = _indices(indices)
            out = np.zeros(a.shape)
            dst, src = np.swapaxes(out, 0, axis), np.swapaxes(g * 1.0, 0, axis)   # views
            n = dst.shape[0]
            for k in range(idx.size):
                dst[idx[k] + n if idx[k] < 0 else idx[k]] += src[k]
            return out
        return take_along

    def take_one(g, a, indices, axis=None):    # g lacks the axis: put it back as a size-1 axis
        out = np.zeros(a.shape)
        dst = np.swapaxes(out, 0, axis)
        n = dst.shape[0]
        dst[indices + n if indices < 0 else indices] += np.swapaxes(np.expand_dims(g * 1.0, axis), 0, axis)[0]
        return out
    return take_one


@helper(rt.accumulate_source)
def _ov_accumulate_source(x, axis=0, largest=True, skip_nan=False):
    refuse("np.maximum.accumulate / np.minimum.accumulate (numba has no ufunc.accumulate)")


@helper(rt.accumulate_extreme_tangent)
def _ov_accumulate_extreme_tangent(t, x, axis=0, largest=True, skip_nan=False):
    refuse("np.maximum.accumulate / np.minimum.accumulate (numba has no ufunc.accumulate)")


@helper(rt.accumulate_extreme_grad)
def _ov_accumulate_extreme_grad(g, x, axis=0, largest=True, skip_nan=False):
    refuse("np.maximum.accumulate / np.minimum.accumulate (numba has no ufunc.accumulate)")


@overload(np.rot90)
def _ov_rot90(m, k=1, axes=None):
    if is_none(axes):
        return None
    if not is_array(m) or m.ndim != 2:
        refuse("np.rot90 with axes of an array that is not a matrix")
    return lambda m, k=1, axes=None: np.rot90(m, k if axes[0] % 2 == 0 else -k)


# ---- statistics over the whole array ------------------------------------------------------
def _whole(what, axis, derivative="the gradient"):
    if not is_none(axis):
        refuse(f"{derivative} of {what} over an axis")


def _nanmean_grad_axis(x, axis):
    """g / (count of non-NaN entries along the axis) on those entries, 0 on NaN."""
    if not is_array(x) or not isinstance(axis, types.Integer):
        refuse("the gradient of np.nanmean over a tuple of axes, or of a value that is not an array")
    last = x.ndim - 1
    if x.ndim == 1:
        return lambda g, x, axis=None, keepdims=False: \
            rt.sum_grad(g, x, axis, keepdims) * (1.0 - np.isnan(x)) / np.sum(1.0 - np.isnan(x))

    def over_axis(g, x, axis=None, keepdims=False):
        present = 1.0 - np.isnan(x)
        k = axis % x.ndim
        count = np.expand_dims(np.sum(np.moveaxis(present, k, -1), axis=last), k)
        return rt.sum_grad(g, x, axis, keepdims) * present / count
    return over_axis


@helper(rt.nanmean_grad)
def _ov_nanmean_grad(g, x, axis=None, keepdims=False):
    if not is_none(axis) and not (is_array(x) and every_axis(x, axis)):
        return _nanmean_grad_axis(x, axis)

    def nanmean_grad(g, x, axis=None, keepdims=False):
        present = (flat(x) == flat(x)) * 1.0
        return like(present * (np.sum(flat(g)) / np.sum(present)), x)
    return nanmean_grad


def _average_axis(a, axis, weights):
    """Refuse an average over an axis that the axis forms below do not cover."""
    if not is_array(a) or not isinstance(axis, types.Integer):
        refuse("the gradient of np.average over a tuple of axes, or of a value that is not an array")
    if not is_none(weights) and weights.ndim not in (1, a.ndim):
        refuse("the gradient of np.average with weights that are neither 1-d nor of a's shape")


def _average_grad_a_axis(a, weights):
    """g w / sum(w) over an integer axis (w: none, 1-d along the axis, or of a's shape)."""
    if is_none(weights):
        return lambda g, a, axis=None, weights=None, keepdims=False: \
            rt.sum_grad(g, a, axis, keepdims) / a.shape[axis % a.ndim]
    last = a.ndim - 1
    if weights.ndim == 1:
        def along(g, a, axis=None, weights=None, keepdims=False):
            full = rt.sum_grad(g, a, axis, keepdims)          # a fresh array: scaled in place
            view = np.moveaxis(full, axis % a.ndim, -1)
            view *= weights / np.sum(weights)
            return full
        return along

    def full_weights(g, a, axis=None, weights=None, keepdims=False):
        k = axis % a.ndim
        total = np.expand_dims(np.sum(np.moveaxis(weights, k, -1), axis=last), k)
        return rt.sum_grad(g, a, axis, keepdims) * weights / total
    return full_weights


@helper(rt.average_grad_a)
def _ov_average_grad_a(g, a, axis=None, weights=None, keepdims=False):
    if not is_none(axis):
        _average_axis(a, axis, weights)
        return _average_grad_a_axis(a, weights)
    if is_none(weights):
        return lambda g, a, axis=None, weights=None, keepdims=False: like(
            np.zeros(flat(a).size) + np.sum(flat(g)) / flat(a).size, a)
    return lambda g, a, axis=None, weights=None, keepdims=False: like(
        flat(weights) * (np.sum(flat(g)) / np.sum(flat(weights))), a)


def _average_grad_weights_axis(a, weights):
    """g (a - y) / sum(w) over an integer axis, summed to the weights' shape."""
    last = a.ndim - 1
    if weights.ndim == a.ndim:
        def full_weights(g, y, a, axis=None, weights=None, keepdims=False):
            k = axis % a.ndim
            total = np.expand_dims(np.sum(np.moveaxis(weights, k, -1), axis=last), k)
            return rt.sum_grad(g, a, axis, keepdims) * (a - rt.sum_grad(y, a, axis, keepdims)) / total
        return full_weights

    def along(g, y, a, axis=None, weights=None, keepdims=False):
        k = axis % a.ndim
        full = rt.sum_grad(g, a, axis, keepdims) * (a - rt.sum_grad(y, a, axis, keepdims)) / np.sum(weights)
        rows = np.ascontiguousarray(np.moveaxis(full, k, -1)).reshape((-1, a.shape[k]))
        return np.sum(rows, axis=0)
    return along


@helper(rt.average_grad_weights)
def _ov_average_grad_weights(g, y, a, axis=None, weights=None, keepdims=False):
    if not is_none(axis):
        _average_axis(a, axis, weights)
        return _average_grad_weights_axis(a, weights)
    return lambda g, y, a, axis=None, weights=None, keepdims=False: like(
        (flat(a) - np.sum(flat(y))) * (np.sum(flat(g)) / np.sum(flat(weights))), weights)


@helper(rt.average_tangent_weights)
def _ov_average_tangent_weights(t, y, a, axis=None, weights=None, keepdims=False):
    _whole("np.average", axis)
    return lambda t, y, a, axis=None, weights=None, keepdims=False: \
        np.sum(flat(t) * (flat(a) - np.sum(flat(y)))) / np.sum(flat(weights))


# ---- quantiles over the whole array (numba's np.quantile/np.percentile take no axis) ----------
@njit
def _quantile_piece(n, q):
    """(lo, hi, fraction) of the linear interpolation at quantile ``q`` of ``n`` sorted values."""
    h = (n - 1) * q
    lo = min(max(math.floor(h), 0), n - 1)
    return lo, min(lo + 1, n - 1), h - lo


@njit
def _quantile_slope(s, q, scale):
    n = s.size
    lo, _, _ = _quantile_piece(n, q)
    lo = min(lo, max(n - 2, 0))
    return (s[min(lo + 1, n - 1)] - s[lo]) * ((n - 1) / scale)


@helper(rt.quantile_grad)
def _ov_quantile_grad(g, a, q, axis=None, keepdims=False, scale=1.0):
    if not is_none(axis):       # over one axis: numba_rules_quantile_axis (imported after this module)
        from .numba_rules_quantile_axis import grad_over_axis
        return grad_over_axis(g, a, q, axis, keepdims, scale)

    def quantile_grad(g, a, q, axis=None, keepdims=False, scale=1.0):
        xs, qs, gs = flat(a), flat(q) / scale, flat(g)
        order = np.argsort(xs, kind="mergesort")
        out = np.zeros(xs.size)
        for k in range(qs.size):
            lo, hi, frac = _quantile_piece(xs.size, qs[k])
            out[order[lo]] += (1.0 - frac) * gs[k]
            out[order[hi]] += frac * gs[k]
        return like(out, a)
    return quantile_grad


@helper(rt.quantile_grad_q)
def _ov_quantile_grad_q(g, a, q, axis=None, keepdims=False, scale=1.0):
    _whole("np.quantile/np.percentile", axis)

    def quantile_grad_q(g, a, q, axis=None, keepdims=False, scale=1.0):
        s, qs, gs = np.sort(flat(a)), flat(q) / scale, flat(g)
        out = np.empty(qs.size)
        for k in range(qs.size):
            out[k] = gs[k] * _quantile_slope(s, qs[k], scale)
        return like(out, q)
    return quantile_grad_q


@helper(rt.quantile_tangent_a)
def _ov_quantile_tangent_a(t, a, q, axis=None, keepdims=False, scale=1.0):
    _whole("np.quantile/np.percentile", axis)

    def quantile_tangent_a(t, a, q, axis=None, keepdims=False, scale=1.0):
        xs, qs, ts = flat(a), flat(q) / scale, flat(t) + np.zeros(flat(a).size)
        order = np.argsort(xs, kind="mergesort")
        out = np.empty(qs.size)
        for k in range(qs.size):
            lo, hi, frac = _quantile_piece(xs.size, qs[k])
            out[k] = (1.0 - frac) * ts[order[lo]] + frac * ts[order[hi]]
        return like(out, q)
    return quantile_tangent_a


@helper(rt.quantile_tangent_q)
def _ov_quantile_tangent_q(t, a, q, axis=None, keepdims=False, scale=1.0):
    _whole("np.quantile/np.percentile", axis)

    def quantile_tangent_q(t, a, q, axis=None, keepdims=False, scale=1.0):
        s, qs, ts = np.sort(flat(a)), flat(q) / scale, flat(t)
        out = np.empty(qs.size)
        for k in range(qs.size):
            out[k] = ts[k] * _quantile_slope(s, qs[k], scale)
        return like(out, q)
    return quantile_tangent_q


# ---- covariance ---------------------------------------------------------------------------
@njit(cache=True)
def _cov_centred(m, rowvar, bias, ddof):
    """(the variables as centred C-ordered rows, the divisor), as rt._cov_rows; ``ddof`` < 0: None."""
    x = np.ascontiguousarray(m) if rowvar else np.ascontiguousarray(m.T)
    k, n = x.shape
    xc = x - (np.sum(x, axis=1) / n).reshape(k, 1)
    return xc, n - (ddof if ddof >= 0 else (0 if bias else 1))


def _cov_form(m, ddof, what):
    """Whether ``m`` is one variable (a vector); refuses what the overloads below do not cover."""
    if not (is_array(m) and m.ndim in (1, 2)):
        refuse(f"the {what} of np.cov of {m}")
    if not (is_none(ddof) or isinstance(ddof, types.Integer)):
        refuse(f"np.cov with ddof={ddof}")
    return m.ndim == 1


@helper(rt.cov_grad)
def _ov_cov_grad(g, m, rowvar=True, bias=False, ddof=None):
    one = _cov_form(m, ddof, "gradient")
    square = _square_of_array if is_array(g) else _square_of_number

    def cov_grad(g, m, rowvar=True, bias=False, ddof=None):
        d = -1 if ddof is None else ddof
        xc, divisor = _cov_centred(m.reshape(1, m.size) if one else m, rowvar or one, bias, d)
        gg = square(g, xc.shape[0])
        out = (gg + gg.T) @ xc / divisor
        return out.reshape(m.shape) if one or rowvar else np.ascontiguousarray(out.T)
    return cov_grad


@njit(cache=True)
def _square_of_array(g, k):
    return np.ascontiguousarray(g).reshape(k, k) * 1.0


@njit(cache=True)
def _square_of_number(g, k):
    return np.zeros((k, k)) + g


@helper(rt.cov_tangent)
def _ov_cov_tangent(t, m, rowvar=True, bias=False, ddof=None):
    one = _cov_form(m, ddof, "tangent")

    def cov_tangent(t, m, rowvar=True, bias=False, ddof=None):
        d = -1 if ddof is None else ddof
        xc, divisor = _cov_centred(m.reshape(1, m.size) if one else m, rowvar or one, bias, d)
        tt = np.zeros(m.shape) + t
        tc, _ = _cov_centred(tt.reshape(1, m.size) if one else tt, rowvar or one, bias, d)
        return (tc @ xc.T + xc @ tc.T) / divisor
    return cov_tangent
