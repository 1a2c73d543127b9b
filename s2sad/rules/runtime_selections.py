"""Run-time helpers of the rules of ``grads_selections.py``: ``np.resize`` (the flat array repeated),
``np.choose`` (each element picked from one of the choices), ``np.nanmedian`` (the median of the
values that are not NaN) and ``np.histogram``'s ``weights`` (each weight added to its sample's bin).

Each result element is one input element (or, for the median of an even count, the mean of two;
for the histogram a sum of weights), chosen by integers that do not move under small changes of
the values differentiated. Invariant: each gradient sends every element of the adjoint back to
the element(s) it was read from, with the same weights, as NumPy's own definition reads them; it
is linear in the adjoint, so its tangent is itself applied to the adjoint's tangent.
"""
import numpy as np

from .runtime import _out, _public, unbroadcast
from .runtime_numeric import _as_rows


@_public
def resize_grad(g, x, new_shape):
    """Gradient of ``np.resize(x, new_shape)``: the adjoint of each copy of ``x``'s flat elements
    added back to them (zero for an empty ``x``, which NumPy resizes to zeros)."""
    n = int(np.size(x))
    g = np.ravel(np.asarray(g, dtype=float))
    if n == 0:
        return _out(np.zeros(np.shape(x)))
    return _out(np.bincount(np.arange(g.size) % n, weights=g, minlength=n).reshape(np.shape(x)))


def _picked(a, n, mode):
    """``a`` as np.choose reads it for ``n`` choices (``mode`` 'raise' has refused out-of-range ones)."""
    a = np.asarray(a)
    return a % n if mode == "wrap" else np.clip(a, 0, n - 1) if mode == "clip" else a


@_public
def choose_grad(g, a, choices, mode="raise"):
    """Gradient of ``np.choose(a, choices, mode=mode)`` wrt ``choices``: each choice gets the
    adjoint where it was picked, summed over the axes it was broadcast along; a list (tuple) of
    choices gets a list, an array of choices an array."""
    seq = list(choices)
    g = np.asarray(g, dtype=float)
    idx = np.broadcast_to(_picked(a, len(seq), mode), g.shape)
    out = [unbroadcast(np.where(idx == k, g, 0.0), c) for k, c in enumerate(seq)]
    if isinstance(choices, np.ndarray):
        return np.array(out, dtype=float).reshape(choices.shape)
    return [_out(o) for o in out]


@_public
def nanmedian_grad(g, x, axis=None, keepdims=False):
    """Gradient of ``np.nanmedian(x, axis, keepdims)``: ``g`` on the middle value that is not
    NaN, or halves on the two middle ones of an even count; NaN where only NaNs were (the
    median is NaN there, as its derivative)."""
    rows, back = _as_rows(x, axis)
    order = np.argsort(rows, axis=1, kind="stable")      # NaNs last
    counts = np.sum(~np.isnan(rows), axis=1)
    w = np.zeros(rows.shape)
    for r, n in enumerate(counts):
        mid = [n // 2] if n % 2 else [n // 2 - 1, n // 2]
        if n:
            w[r, order[r, mid]] = 1.0 / len(mid)
        else:
            w[r] = np.nan
    gg = np.reshape(np.asarray(g, dtype=float), (-1, 1))
    return _out(back(w * gg))


def _bin_of(a, bins, range_):
    """The bin of each of ``a``'s samples in ``np.histogram(a, bins, range_)`` (-1 outside)."""
    edges = np.histogram_bin_edges(a, bins, range_)
    a = np.ravel(a)
    k = np.searchsorted(edges, a, side="right") - 1
    k = np.where(a == edges[-1], len(edges) - 2, k)       # the last bin holds its right edge
    return np.where((a < edges[0]) | (a > edges[-1]), -1, k)


@_public
def histogram_weights_grad(g, a, bins=10, range=None, weights=None):
    """Gradient of ``np.histogram(a, bins, range, weights=weights)[0]`` wrt ``weights``: each
    weight gets the adjoint of its sample's bin (zero for a sample outside every bin)."""
    k = _bin_of(a, bins, range)
    g = np.asarray(g, dtype=float)
    return _out(np.where(k >= 0, g[np.maximum(k, 0)], 0.0).reshape(np.shape(weights)))


@_public
def histogram_weights_tangent(t, a, bins=10, range=None, weights=None):
    """Tangent of ``np.histogram(a, bins, range, weights=weights)`` along ``t`` (the weights' tangent):
    the histogram of ``t``, and zeros for the edges (``a``, ``bins`` and ``range`` are constants)."""
    hist, edges = np.histogram(a, bins, range, weights=np.broadcast_to(t, np.shape(weights)))
    return hist.astype(float), np.zeros(edges.shape)
