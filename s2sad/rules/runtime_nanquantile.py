"""Run-time helpers of the rules of ``np.nanquantile``/``np.nanpercentile`` (``grads_nanquantile.py``),
method 'linear'.

Each slice along the reduced axes is the quantile of its values that are not NaN: with ``n`` of them
sorted (NumPy's sort puts NaNs last, so the order of the row is the order of those values first), the
quantile ``q`` sits at ``h = (n - 1) q`` and interpolates the order statistics ``lo = floor(h)`` and
``hi = lo + 1`` with the fraction ``h - lo``, as ``np.quantile`` of the slice without its NaNs
(``_nan_rows``). A NaN entry gets no adjoint (the value ignores it); a slice of NaNs only has the value
NaN, and NaN as its derivative where it is used (a slice not used gets 0). ``q``'s slope is ``(s[hi] - s[lo]) (n - 1)``
(the piece to the right of ``q``, the left one at ``q = 1``), divided by 100 for a percentile. numba has
no version of these helpers: under ``jit=True`` their call is refused at the user's line
(``numba_rules_uncompiled.NO_NUMBA``).
"""
import numpy as np

from .runtime import _out, _public
from .runtime_stats import _quantile_rows, _spread


def _nan_rows(a, q, axis, scale):
    """(rows, their order (NaNs last), each row's count of values, lo, hi and the fraction per
    quantile and row (K, R), how to put rows back in ``a``'s shape)."""
    rows, order, _, _, _, layout = _quantile_rows(a, q, axis, scale)
    counts = np.sum(~np.isnan(rows), axis=1)
    last = np.maximum(counts - 1, 0)
    h = last[None, :] * np.ravel(np.asarray(q, dtype=float))[:, None] / scale     # np.quantile's (n - 1) q / scale
    lo = np.clip(np.floor(h).astype(np.int64), 0, last)
    hi = np.minimum(lo + 1, last)
    return rows, order, counts, lo, hi, h - lo, layout


@_public
def nanquantile_grad(g, a, q, axis=None, keepdims=False, scale=1.0):
    """Gradient of ``np.nanquantile(a, q, axis)`` (``scale`` 1) or ``np.nanpercentile`` (100) wrt ``a``."""
    rows, order, counts, lo, hi, frac, (shape, back) = _nan_rows(a, q, axis, scale)
    gq = np.reshape(np.asarray(g, dtype=float), lo.shape)
    w = _spread(gq, order, lo, hi, frac)
    w[(counts == 0) & np.any(gq != 0.0, axis=0)] = np.nan      # a slice of NaNs only, used
    return _out(np.transpose(w.reshape(shape), back))


def _nan_slopes(a, q, axis, scale):
    """d(nanquantile)/dq per quantile and row (K, R): NaN for a row of NaNs, 0 for one value."""
    rows, order, counts, lo, _, _, _ = _nan_rows(a, q, axis, scale)
    s = np.take_along_axis(rows, order, 1)
    lo2 = np.minimum(lo, np.maximum(counts - 2, 0))
    hi2 = np.minimum(lo2 + 1, np.maximum(counts - 1, 0))
    r = np.arange(rows.shape[0])
    return (s[r, hi2] - s[r, lo2]) * ((counts - 1.0) / scale)


@_public
def nanquantile_grad_q(g, a, q, axis=None, keepdims=False, scale=1.0):
    """Gradient of ``np.nanquantile(a, q, axis)`` wrt ``q``."""
    slopes = _nan_slopes(a, q, axis, scale)
    gq = np.reshape(np.asarray(g, dtype=float), slopes.shape)
    return _out(np.reshape(np.sum(np.where(gq == 0.0, 0.0, gq * slopes), axis=1), np.shape(q)))


@_public
def nanquantile_tangent_a(t, y, a, q, axis=None, scale=1.0):
    """Tangent of ``y = np.nanquantile(a, q, axis)`` along a tangent ``t`` of ``a``: the same
    interpolation of ``t``'s entries (NaN for a row of NaNs)."""
    rows, order, counts, lo, hi, frac, (shape, back) = _nan_rows(a, q, axis, scale)
    trows = np.transpose(np.broadcast_to(np.asarray(t, dtype=float), np.shape(a)), np.argsort(back)).reshape(rows.shape)
    ts = np.take_along_axis(trows, order, 1)
    r = np.arange(rows.shape[0])
    out = (1.0 - frac) * ts[r, lo] + frac * ts[r, hi]
    return _out(np.reshape(np.where(counts == 0, np.nan, out), np.shape(y)))


@_public
def nanquantile_tangent_q(t, y, a, q, axis=None, scale=1.0):
    """Tangent of ``y = np.nanquantile(a, q, axis)`` along a tangent ``t`` of ``q``."""
    slopes = _nan_slopes(a, q, axis, scale)
    return _out(np.reshape(slopes * np.reshape(np.asarray(t, dtype=float), (-1, 1)), np.shape(y)))
