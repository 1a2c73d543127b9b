"""Run-time helpers of the gather, statistics and special-function rules (plain NumPy):
``np.take``, ``np.average`` with weights, ``np.nanmean``, ``np.cov``, ``np.add.reduceat``, and the digamma and
trigamma functions the log-gamma rules need.

Same contract as :mod:`s2sad.rules.runtime` (to whose namespace each helper is added): one
adjoint per call, a float for a scalar, a fresh array otherwise. Invariant: every repeated
index of a gather receives every contribution (``np.add.at``), and an entry that is NaN
gets no gradient from the NaN-ignoring reductions (they treat it as absent). ``digamma``
and ``trigamma`` are written with ``math`` and loops only, so numba compiles the same
bodies (:mod:`s2sad.backends.numba_helpers.numba_rules_linalg`).
"""
import math

import numpy as np

from .registry import shape_only
from .runtime import _out, _public, sum_grad


# ---- gathers ---------------------------------------------------------------------------
@_public
@shape_only(1)
def take_grad(g, a, indices, axis=None):
    """Gradient of ``np.take(a, indices, axis)``: ``g`` added back at each index, repeats included."""
    shape = np.shape(a)
    out = np.zeros(shape)
    if axis is None:
        flat = out.reshape(-1)
        np.add.at(flat, np.ravel(indices), np.ravel(g))
        return _out(flat.reshape(shape))
    axis = int(axis) % len(shape)
    moved = np.moveaxis(out, axis, 0)            # a view: adding into it adds into out
    gm = np.moveaxis(np.asarray(g, dtype=float), list(range(axis, axis + np.ndim(indices))),
                     list(range(np.ndim(indices))))
    np.add.at(moved, np.asarray(indices), gm)
    return out


# ---- statistics ------------------------------------------------------------------------
def _full_weights(a, axis, weights):
    """The weights of ``np.average`` spread to ``a``'s shape (1-d weights lie along ``axis``)."""
    w = np.asarray(weights, dtype=float)
    if np.shape(w) != np.shape(a) and axis is not None and w.ndim == 1:
        shape = [1] * np.ndim(a)
        shape[int(axis) % np.ndim(a)] = w.shape[0]
        w = w.reshape(shape)
    return np.broadcast_to(w, np.shape(a))


@_public
def average_grad_a(g, a, axis=None, weights=None, keepdims=False):
    """Gradient of ``np.average(a, axis, weights)`` wrt ``a``: g * w / sum(w)."""
    if weights is None:
        return _out(sum_grad(g, a, axis, keepdims) / (np.size(a) / max(np.size(np.sum(a, axis=axis)), 1)))
    w = _full_weights(a, axis, weights)
    return _out(sum_grad(g, a, axis, keepdims) * w / np.sum(w, axis=axis, keepdims=True))


def _weights_shaped(full, a, axis, weights):
    """A contribution over ``a``'s shape summed to ``weights``' shape."""
    if np.shape(weights) == np.shape(a):
        return _out(full)
    keep = int(axis) % np.ndim(a)
    return np.sum(full, axis=tuple(k for k in range(np.ndim(a)) if k != keep))


@_public
def average_grad_weights(g, y, a, axis=None, weights=None, keepdims=False):
    """Gradient of ``np.average(a, axis, weights)`` wrt the weights: g * (a - y) / sum(w)."""
    w = _full_weights(a, axis, weights)
    full = sum_grad(g, a, axis, keepdims) * (a - sum_grad(y, a, axis, keepdims)) / np.sum(w, axis=axis, keepdims=True)
    return _weights_shaped(full, a, axis, weights)


@_public
def average_tangent_weights(t, y, a, axis=None, weights=None, keepdims=False):
    """Tangent of ``np.average(a, axis, weights)`` along a tangent ``t`` of the weights."""
    w = _full_weights(a, axis, weights)
    tw = _full_weights(a, axis, t)
    return _out(np.sum(tw * (a - sum_grad(y, a, axis, keepdims)), axis=axis, keepdims=keepdims)
                / np.sum(w, axis=axis, keepdims=keepdims))


@_public
def nanmean_grad(g, x, axis=None, keepdims=False):
    """Gradient of ``np.nanmean(x, axis)``: g / (count of non-NaN entries) on those entries, 0 on NaN."""
    present = ~np.isnan(np.asarray(x, dtype=float))
    return _out(sum_grad(g, x, axis, keepdims) * present / np.sum(present, axis=axis, keepdims=True))


# ---- the digamma and trigamma functions ---------------------------------------------------
def _digamma1(x):
    """psi(x) = d/dx log Gamma(x): reflection for x < 0.5, the recurrence up to x >= 10, then the
    asymptotic series (error below 1e-14 there); the poles (0, -1, ...) give nan."""
    if x <= 0.0 and x == math.floor(x):
        return math.nan
    acc = 0.0
    if x < 0.5:                       # psi(x) = psi(1 - x) - pi / tan(pi x)
        acc = -math.pi / math.tan(math.pi * x)
        x = 1.0 - x
    while x < 10.0:
        acc -= 1.0 / x
        x += 1.0
    r = 1.0 / (x * x)
    return acc + math.log(x) - 0.5 / x - r * (1.0 / 12 - r * (1.0 / 120 - r * (1.0 / 252 - r * (
        1.0 / 240 - r * (1.0 / 132)))))


def _trigamma1(x):
    """psi'(x): reflection for x < 0.5, the recurrence up to x >= 10, then the asymptotic series."""
    if x <= 0.0 and x == math.floor(x):
        return math.nan
    acc, sign = 0.0, 1.0
    if x < 0.5:                       # psi'(x) = pi^2 / sin^2(pi x) - psi'(1 - x)
        q = math.pi / math.sin(math.pi * x)     # (not / (s * s): s * s underflows to 0 for |x| < 1e-154)
        acc, sign = q * q, -1.0
        x = 1.0 - x
    rest = 0.0
    while x < 10.0:
        rest += 1.0 / (x * x)
        x += 1.0
    r = 1.0 / (x * x)
    rest += 1.0 / x + 0.5 * r + r / x * (1.0 / 6 - r * (1.0 / 30 - r * (1.0 / 42 - r * (1.0 / 30))))
    return acc + sign * rest


@_public
def digamma(x):
    """The digamma function of a number or (elementwise) an array."""
    if np.ndim(x) == 0:
        return _digamma1(float(x))
    with np.errstate(invalid="ignore"):     # a NaN argument (compared in _digamma1) gives NaN, no warning
        return np.vectorize(_digamma1, otypes=[float])(x)


@_public
def trigamma(x):
    """The trigamma function (the derivative of digamma) of a number or an array."""
    if np.ndim(x) == 0:
        return _trigamma1(float(x))
    with np.errstate(invalid="ignore"):
        return np.vectorize(_trigamma1, otypes=[float])(x)


def digamma_drop_far(a, b, c):
    """psi(a) - psi(c), c = a + b, for a and c >= 1e3: the asymptotic series' terms subtracted one by one
    (log(a / c) = -log1p(b / a), ...), exact where the two psi (~log a) would cancel (a past 1e8, b ~ 1)."""
    return -math.log1p(b / a) - b / (2.0 * a * c) - b * (a + c) / (12.0 * a * a * c * c)


def _digamma_drop1(a, b):
    c = a + b
    return digamma_drop_far(a, b, c) if a >= 1e3 and c >= 1e3 else _digamma1(a) - _digamma1(c)


@_public
def digamma_drop(a, b):
    """``psi(a) - psi(a + b)`` (the slope of ``betaln(a, b)`` in ``a``), elementwise, without the
    cancellation of the difference for a large ``a``: ``digamma_drop_far`` there."""
    if np.ndim(a) == 0 and np.ndim(b) == 0:
        return _digamma_drop1(float(a), float(b))
    with np.errstate(invalid="ignore"):
        return np.vectorize(_digamma_drop1, otypes=[float])(a, b)


# ---- running extremes (np.maximum.accumulate, np.minimum.accumulate) ------------------------
@_public
def accumulate_source(x, axis=0, largest=True, skip_nan=False):
    """For each position of ``np.maximum.accumulate(x, axis)`` (``largest``) or of the minimum,
    the index along ``axis`` of the element the running extreme holds there (on a tie the
    earlier one, as ``np.maximum(a, b)``'s rule gives the derivative to ``a``). ``skip_nan``: of
    ``np.fmax.accumulate``/``np.fmin.accumulate``, which keep the value that is not NaN."""
    xm = np.moveaxis(np.asarray(x, dtype=float), axis, -1)
    src = np.zeros(xm.shape, dtype=np.int64)
    best, at = xm[..., 0].copy(), np.zeros(xm.shape[:-1], dtype=np.int64)
    for i in range(xm.shape[-1]):
        better = xm[..., i] > best if largest else xm[..., i] < best
        if skip_nan:
            better = better | (np.isnan(best) & ~np.isnan(xm[..., i]))
        best = np.where(better, xm[..., i], best)
        at = np.where(better, i, at)
        src[..., i] = at
    return np.moveaxis(src, -1, axis)


@_public
def accumulate_extreme_grad(g, x, axis=0, largest=True, skip_nan=False):
    """Gradient of ``np.maximum.accumulate(x, axis)`` (or the minimum's): each ``g[i]`` goes to
    the element the running extreme holds at ``i`` (``accumulate_source``)."""
    src = np.moveaxis(accumulate_source(x, axis, largest, skip_nan), axis, -1)
    n = src.shape[-1]
    rows = src.reshape(-1, n)
    out = np.zeros(rows.shape)
    gm = np.moveaxis(np.broadcast_to(np.asarray(g, dtype=float), np.shape(x)), axis, -1).reshape(rows.shape)
    np.add.at(out, (np.arange(rows.shape[0])[:, None], rows), gm)
    return np.moveaxis(out.reshape(src.shape), -1, axis)


# ---- sums over segments (np.add.reduceat) ----------------------------------------------------
@_public
def add_reduceat_grad(g, array, indices, axis=0):
    """Gradient of ``np.add.reduceat(array, indices, axis)``: each ``g[i]`` (along ``axis``) goes
    to every element its sum read, ``indices[i]`` up to ``indices[i + 1]`` (the end for the last)
    or ``indices[i]`` alone where the next index is not larger, as NumPy sums them."""
    x = np.asarray(array, dtype=float)
    starts = np.asarray(indices, dtype=np.int64)
    n = np.shape(x)[axis]
    ends = np.append(starts[1:], n)
    ends = np.where(starts < ends, ends, starts + 1)
    xm = np.moveaxis(x, axis, 0)
    gm = np.broadcast_to(np.moveaxis(np.asarray(g, dtype=float) + np.zeros((len(starts),) + xm.shape[1:])
                                     if np.ndim(g) == 0 else np.asarray(g, dtype=float), axis, 0),
                         (len(starts),) + xm.shape[1:])
    edges = np.zeros((n + 1,) + xm.shape[1:])
    np.add.at(edges, starts, gm)          # a difference array: +g from each start, -g from each end
    np.add.at(edges, ends, -gm)
    return np.moveaxis(np.cumsum(edges, axis=0)[:n], 0, axis)


# ---- quantiles with linear interpolation (np.quantile, np.percentile) -----------------------
def _quantile_rows(a, q, axis, scale):
    """(rows of ``a`` along the reduced axes, their sorting order, the positions lo and hi each
    quantile interpolates between, its fraction, how to put rows back in ``a``'s shape)."""
    x = np.asarray(a, dtype=float)
    axes = tuple(range(x.ndim)) if axis is None else tuple(k % x.ndim for k in np.atleast_1d(axis))
    rest = [k for k in range(x.ndim) if k not in axes]
    moved = np.transpose(x, rest + list(axes))
    n = int(np.prod([x.shape[k] for k in axes], dtype=int))
    rows = moved.reshape(-1, n)
    h = (n - 1) * np.ravel(np.asarray(q, dtype=float)) / scale
    lo = np.clip(np.floor(h).astype(np.int64), 0, n - 1)
    hi = np.minimum(lo + 1, n - 1)
    return rows, np.argsort(rows, axis=1, kind="stable"), lo, hi, h - lo, (moved.shape, np.argsort(rest + list(axes)))


@_public
def quantile_grad(g, a, q, axis=None, keepdims=False, scale=1.0):
    """Gradient of ``np.quantile(a, q, axis)`` (``scale`` 1) or ``np.percentile`` (100) wrt ``a``,
    method 'linear': each quantile's ``g`` split between the two order statistics it interpolates."""
    rows, order, lo, hi, frac, (shape, back) = _quantile_rows(a, q, axis, scale)
    gq = np.reshape(np.asarray(g, dtype=float), (lo.size, rows.shape[0]))
    return _out(np.transpose(_spread(gq, order, lo, hi, frac).reshape(shape), back))


def _spread(gq, order, lo, hi, frac):
    """Each quantile k's adjoint ``gq[k]`` (one per row) split between the order statistics it
    interpolates: ``1 - frac[k]`` to the ``lo[k]``-th smallest of each row, ``frac[k]`` to the
    ``hi[k]``-th (``order``: each row's sorting order; ``lo[k]``, ``hi[k]``, ``frac[k]`` a number or
    one per row, as ``np.nanquantile``'s rows count their own values)."""
    w = np.zeros(order.shape)
    r = np.arange(order.shape[0])
    for k in range(len(gq)):
        np.add.at(w, (r, order[r, lo[k]]), (1.0 - frac[k]) * gq[k])
        np.add.at(w, (r, order[r, hi[k]]), frac[k] * gq[k])
    return w


def _quantile_slopes(a, q, axis, scale):
    """d(quantile)/dq: (s[hi] - s[lo]) (n - 1) / scale, one row per quantile (the slope of the
    piece to the right of q where q falls on an order statistic)."""
    rows, order, lo, hi, frac, _ = _quantile_rows(a, q, axis, scale)
    s = np.take_along_axis(rows, order, 1)
    lo2 = np.minimum(lo, max(rows.shape[1] - 2, 0))        # at q = 1 the piece to the left
    hi2 = np.minimum(lo2 + 1, rows.shape[1] - 1)
    return (s[:, hi2] - s[:, lo2]).T * ((rows.shape[1] - 1) / scale)


@_public
def quantile_grad_q(g, a, q, axis=None, keepdims=False, scale=1.0):
    """Gradient of ``np.quantile(a, q, axis)`` wrt ``q`` (method 'linear')."""
    slopes = _quantile_slopes(a, q, axis, scale)
    gq = np.reshape(np.asarray(g, dtype=float), slopes.shape)
    return _out(np.reshape(np.sum(gq * slopes, axis=1), np.shape(q)))


@_public
def quantile_tangent_q(t, a, q, axis=None, keepdims=False, scale=1.0):
    """Tangent of ``np.quantile(a, q, axis)`` along a tangent ``t`` of ``q``; the result's shape
    is ``np.quantile``'s."""
    slopes = _quantile_slopes(a, q, axis, scale)
    y = np.quantile(a, np.asarray(q, dtype=float) / scale, axis=axis, keepdims=keepdims)   # for its shape
    return _out(np.reshape(slopes * np.reshape(np.asarray(t, dtype=float), (-1, 1)), np.shape(y)))


@_public
def quantile_tangent_a(t, a, q, axis=None, keepdims=False, scale=1.0):
    """Tangent of ``np.quantile(a, q, axis)`` along a tangent ``t`` of ``a`` (the same
    interpolation of ``t``'s entries at the order statistics of ``a``)."""
    rows, order, lo, hi, frac, (shape, back) = _quantile_rows(a, q, axis, scale)
    trows = np.transpose(np.broadcast_to(np.asarray(t, dtype=float), np.shape(a)),
                         np.argsort(back)).reshape(rows.shape)
    ts = np.take_along_axis(trows, order, 1)
    out = (1.0 - frac)[:, None] * ts[:, lo].T + frac[:, None] * ts[:, hi].T
    y = np.quantile(a, np.asarray(q, dtype=float) / scale, axis=axis, keepdims=keepdims)   # for its shape
    return _out(np.reshape(out, np.shape(y)))


@_public
def accumulate_extreme_tangent(t, x, axis=0, largest=True, skip_nan=False):
    """Tangent of ``np.maximum.accumulate(x, axis)`` (or the minimum's): at each position, the
    tangent of the element the running extreme holds there (``accumulate_source``)."""
    return np.take_along_axis(np.broadcast_to(np.asarray(t, dtype=float), np.shape(x)),
                              accumulate_source(x, axis, largest, skip_nan), axis)


# ---- covariance ------------------------------------------------------------------------
def _cov_rows(m, rowvar, bias, ddof):
    """(the variables as centred rows, the divisor) of ``np.cov(m, rowvar=, bias=, ddof=)``."""
    x = np.atleast_2d(np.asarray(m, dtype=float))
    x = x if rowvar else x.T
    n = x.shape[1]
    divisor = n - (ddof if ddof is not None else (0 if bias else 1))
    return x - np.mean(x, axis=1, keepdims=True), divisor


@_public
def cov_grad(g, m, rowvar=True, bias=False, ddof=None):
    """Gradient of ``np.cov(m)``: ``(G + G^T) @ Xc / divisor`` for the centred rows ``Xc`` (whose
    rows sum to zero, so the centring's own adjoint leaves this unchanged)."""
    xc, divisor = _cov_rows(m, rowvar, bias, ddof)
    gg = np.reshape(np.asarray(g, dtype=float), (xc.shape[0], xc.shape[0]))
    out = (gg + gg.T) @ xc / divisor
    return _out(np.reshape(out if rowvar else out.T, np.shape(m)))


@_public
def cov_tangent(t, m, rowvar=True, bias=False, ddof=None):
    """Tangent of ``np.cov(m)`` along ``t``: ``(Tc Xc^T + Xc Tc^T) / divisor``."""
    xc, divisor = _cov_rows(m, rowvar, bias, ddof)
    tc, _ = _cov_rows(np.broadcast_to(t, np.shape(m)), rowvar, bias, ddof)
    out = (tc @ xc.T + xc @ tc.T) / divisor
    return _out(np.squeeze(out))           # as np.cov squeezes one variable's 1x1 to a number
