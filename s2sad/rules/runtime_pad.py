"""``np.pad`` in the modes that pad with a statistic of the edge ('mean', 'maximum', 'minimum',
'median') or a ramp to it ('linear_ramp'): the call ``frontend/numpy_forms`` writes for it
(``pad_stat``), its gradient and its tangent.

NumPy pads one axis after the other, each statistic taken over a window (``stat_length``, the whole
axis by default) of the array padded so far (the earlier axes padded, the later ones not), so the
padding is a chain of one-axis steps, each linear given its weights: ``1 / length`` for 'mean', the
window's elements that attain its maximum (minimum) sharing 1 evenly for 'maximum' ('minimum'), as
``np.max``'s rule shares ties. Invariant: ``pad_stat`` is ``np.pad``'s value; the gradient runs the
steps' transposes in reverse order, the tangent the steps themselves, with the weights of the same
values.
"""
import numpy as np

from .runtime import _out, _public
from .runtime_numeric import median_grad

PAD_STATS = ("mean", "maximum", "minimum", "median", "linear_ramp")


@_public
def pad_stat(array, pad_width, mode, stat_length=None, end_values=None):
    """``np.pad(array, pad_width, mode, stat_length=stat_length, end_values=end_values)`` for a
    mode of ``PAD_STATS``, each keyword passed only when not None (NumPy refuses those a mode lacks)."""
    given = {"stat_length": stat_length, "end_values": end_values}
    return np.pad(array, pad_width, mode=mode, **{k: v for k, v in given.items() if v is not None})


def _along(a, start, stop, axis):
    return a[(slice(None),) * axis + (slice(start, stop),)]


def _weights(window, mode, axis):
    if mode == "mean":
        return np.full(window.shape, 1.0 / window.shape[axis])
    if mode == "median":
        return median_grad(np.ones(np.delete(window.shape, axis)), window, axis)
    hit = window == (np.max if mode == "maximum" else np.min)(window, axis=axis, keepdims=True)
    return hit / np.sum(hit, axis=axis, keepdims=True)


def _ramps(b, a, mode, k, nd):
    """The weights of the edge's statistic at each padded position before and after, along axis ``k``."""
    def along_k(v):
        return np.reshape(v, (1,) * k + (len(v),) + (1,) * (nd - k - 1))
    if mode != "linear_ramp":
        return along_k(np.ones(b)), along_k(np.ones(a))
    return along_k(np.arange(b) / max(b, 1)), along_k(1.0 - np.arange(1, a + 1) / max(a, 1))


def _steps(x, pad_width, mode, stat_length):
    """Per axis: ``(axis, before, after, left window, right window, left weights, right weights,
    ramps before, ramps after)``."""
    vals = np.asarray(x, dtype=float)
    nd = vals.ndim
    widths = np.broadcast_to(np.asarray(pad_width, dtype=int), (nd, 2))
    lengths = [(None, None)] * nd if stat_length is None else np.broadcast_to(np.asarray(stat_length, dtype=int), (nd, 2))
    steps = []
    for k in range(nd):
        n = vals.shape[k]
        b, a = (int(w) for w in widths[k])
        lb, la = (1, 1) if mode == "linear_ramp" else (n if s is None or s > n else int(s) for s in lengths[k])
        left, right = _along(vals, 0, lb, k), _along(vals, n - la, n, k)
        wl, wr = _weights(left, mode, k), _weights(right, mode, k)
        steps.append((k, b, a, lb, la, wl, wr) + _ramps(b, a, mode, k, nd))
        vals = _padded(vals, *steps[-1])
    return steps


def _padded(vals, k, b, a, lb, la, wl, wr, cb, ca):
    """One step: ``vals`` padded along axis ``k`` with the weighted sums of its windows, times the ramps."""
    n = vals.shape[k]
    lv = np.sum(wl * _along(vals, 0, lb, k), axis=k, keepdims=True)
    rv = np.sum(wr * _along(vals, n - la, n, k), axis=k, keepdims=True)
    return np.concatenate([lv * cb, vals, rv * ca], axis=k)


@_public
def pad_stat_grad(g, x, pad_width, mode, stat_length=None):
    """Gradient of ``pad_stat(x, pad_width, mode, stat_length)`` wrt ``x``."""
    steps = _steps(x, pad_width, mode, stat_length)
    G = np.asarray(g, dtype=float)
    for k, b, a, lb, la, wl, wr, cb, ca in reversed(steps):
        n = G.shape[k] - b - a
        mid = _along(G, b, b + n, k).copy()
        _along(mid, 0, lb, k)[...] += wl * np.sum(cb * _along(G, 0, b, k), axis=k, keepdims=True)
        _along(mid, n - la, n, k)[...] += wr * np.sum(ca * _along(G, b + n, b + n + a, k), axis=k, keepdims=True)
        G = mid
    return _out(G.reshape(np.shape(x)))


@_public
def pad_stat_tangent(t, x, pad_width, mode, stat_length=None):
    """Tangent of ``pad_stat(x, pad_width, mode, stat_length)`` along ``t``."""
    T = np.asarray(t, dtype=float) + np.zeros(np.shape(x))
    for step in _steps(x, pad_width, mode, stat_length):
        T = _padded(T, *step)
    return _out(T)
