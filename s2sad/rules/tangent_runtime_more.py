"""Helpers the forward rules of ``tangents_adjoint_more.py`` call at run time (plain NumPy): the
changes of the gradient helpers of ``np.cumprod``, ``np.trapezoid``, ``np.interp``, ``np.average``
and ``np.polyval`` along a primal's tangent (what hvp, forward over reverse, needs beyond applying a
helper to the incoming gradient's tangent).

Each is linear in the tangent(s) it is given. ``cumprod_grad_dx`` is exact where ``x`` has zeros
(prefix products and their tangents, never a division). Like the other helpers they live in
``s2sad.rules.runtime`` for the backends; their numba versions are in
``backends/numba_helpers/numba_rules_tangents_more.py``.
"""
import numpy as np

from .runtime import _out, _public, sum_grad, unbroadcast
from .runtime_numeric import _segments, trapz_grad_y
from .runtime_stats import _full_weights, _weights_shaped


@_public
def cumprod_grad_dx(g, x, t, axis=None):
    """Change of ``cumprod_grad(g, cumprod(x), x, axis)`` when ``x`` moves by ``t``: element i gets
    sum_{j>=i} g_j d(prod_{k<=j, k!=i} x_k), the products of the others carried with their tangents."""
    shape = np.shape(x)
    x = np.asarray(x, dtype=float)
    t = np.broadcast_to(np.asarray(t, dtype=float), shape)
    if axis is None or not shape:
        return _cumprod_dx_rows(np.ravel(g)[None], np.ravel(x)[None], np.ravel(t)[None])[0].reshape(shape)
    moved = [np.moveaxis(np.asarray(a, dtype=float), axis, -1) for a in (g, x, t)]
    inner = moved[1].shape
    rows = [m.reshape(-1, inner[-1]) for m in moved]
    return np.moveaxis(_cumprod_dx_rows(*rows).reshape(inner), -1, axis)


def _cumprod_dx_rows(g, x, t):
    """Rows: column i carries prod_{k<=j, k!=i} x_k and its tangent as j runs along the row."""
    n = x.shape[-1]
    p, dp, out = np.ones(x.shape), np.zeros(x.shape), np.zeros(x.shape)
    cols = np.arange(n)
    for k in range(n):
        other = cols != k
        xk, tk = x[:, k:k + 1], t[:, k:k + 1]
        dp = np.where(other, dp * xk + p * tk, dp)
        p = np.where(other, p * xk, p)
        out += np.where(cols <= k, g[:, k:k + 1] * dp, 0.0)
    return out


@_public
def trapz_grad_y_ddx(g, y, x, t_dx, axis=-1):
    """Change of ``trapz_grad_y(g, y, x, dx, axis)`` when ``dx`` moves by ``t_dx`` (none if ``x``
    is given: numpy then ignores ``dx``)."""
    if x is not None:
        return np.zeros(np.shape(y))
    return trapz_grad_y(g, y, None, t_dx, axis)


def _interp_moves(x, xp, fp, t_x, t_xp):
    """Per point: its segment ``j``, position ``s``, the slope ``m``, whether inside, and the
    changes ``ds``, ``dm`` of ``s`` and ``m`` when ``x``, ``xp`` move by ``t_x``, ``t_xp``."""
    fp = np.asarray(fp, dtype=float)
    t_xp = np.asarray(t_xp, dtype=float)
    j, s, h, _, _, inside = _segments(x, xp)
    dh = t_xp[j + 1] - t_xp[j]
    m = (fp[j + 1] - fp[j]) / h
    ds = (np.asarray(t_x, dtype=float) - t_xp[j]) / h - s * dh / h
    return j, s, m, inside, ds, -m * dh / h


@_public
def interp_grad_x_tangent(g, x, xp, fp, t_xp):
    """Change of ``interp_grad_x(g, x, xp, fp)`` (``g`` times the slope) when ``xp`` moves by ``t_xp``."""
    _, _, _, inside, _, dm = _interp_moves(x, xp, fp, np.zeros(np.shape(x)), t_xp)
    return _out(np.where(inside, g * dm, 0.0))


def _scatter(xp, j, at_j, at_next):
    out = np.zeros(np.shape(xp))
    np.add.at(out, np.ravel(j), np.ravel(at_j))
    np.add.at(out, np.ravel(j + 1), np.ravel(at_next))
    return out


@_public
def interp_grad_xp_tangent(g, x, xp, fp, t_x, t_xp):
    """Change of ``interp_grad_xp(g, x, xp, fp)`` when ``x`` and ``xp`` move by ``t_x``, ``t_xp``."""
    j, s, m, inside, ds, dm = _interp_moves(x, xp, fp, t_x, t_xp)
    g = np.broadcast_to(np.asarray(g, dtype=float), np.shape(j))
    at_j = np.where(inside, g * (dm * (s - 1.0) + m * ds), 0.0)
    at_next = np.where(inside, -g * (dm * s + m * ds), 0.0)
    return _scatter(xp, j, at_j, at_next)


@_public
def interp_grad_fp_tangent(g, x, xp, fp, t_x, t_xp):
    """Change of ``interp_grad_fp(g, x, xp, fp, ...)`` when ``x`` and ``xp`` move (the weights
    ``1 - s`` and ``s`` of the points inside; the ends' share is piecewise constant)."""
    j, _, _, inside, ds, _ = _interp_moves(x, xp, fp, t_x, t_xp)
    g = np.broadcast_to(np.asarray(g, dtype=float), np.shape(j))
    moved = np.where(inside, g * ds, 0.0)
    return _scatter(xp, j, -moved, moved)


@_public
def average_grad_a_dw(g, a, axis, weights, t_w, keepdims=False):
    """Change of ``average_grad_a(g, a, axis, weights, keepdims)`` (g w / sum(w)) when the
    weights move by ``t_w``: g (t_w - w sum(t_w) / sum(w)) / sum(w)."""
    w, tw = _full_weights(a, axis, weights), _full_weights(a, axis, t_w)
    total = np.sum(w, axis=axis, keepdims=True)
    return _out(sum_grad(g, a, axis, keepdims) * (tw - w * np.sum(tw, axis=axis, keepdims=True) / total) / total)


@_public
def average_grad_weights_dw(g, y, a, axis, weights, t_w, keepdims=False):
    """Change of ``average_grad_weights(g, y, a, axis, weights, keepdims)`` (g (a - y) / sum(w))
    through its ``1 / sum(w)`` when the weights move by ``t_w``."""
    w, tw = _full_weights(a, axis, weights), _full_weights(a, axis, t_w)
    total = np.sum(w, axis=axis, keepdims=True)
    full = sum_grad(g, a, axis, keepdims) * (a - sum_grad(y, a, axis, keepdims)) \
        * (-np.sum(tw, axis=axis, keepdims=True) / (total * total))
    return _weights_shaped(full, a, axis, weights)


@_public
def polyval_grad_p_dx(g, p, x, t_x):
    """Change of ``polyval_grad_p(g, p, x)`` (row i: g x**(n-1-i)) when ``x`` moves by ``t_x``."""
    p = np.asarray(p, dtype=float)
    n = p.shape[0]
    g, x, t_x = np.asarray(g, dtype=float), np.asarray(x, dtype=float), np.asarray(t_x, dtype=float)
    rows = []
    for i in range(n):
        k = n - 1 - i
        change = g * k * x ** max(k - 1, 0) * t_x if k else np.zeros(np.broadcast_shapes(g.shape, x.shape))
        rows.append(_to_row(change, p[i]))
    return np.stack(rows) if rows else np.zeros(p.shape)


def _to_row(v, row):
    return unbroadcast(v, row) * np.ones(np.shape(row))


@_public
def polyval_curvature(p, x):
    """The second derivative of the polynomial(s) ``p`` at ``x``, in the shape of ``np.polyval(p, x)``."""
    p = np.asarray(p, dtype=float)
    n = p.shape[0]
    if n < 3:
        return _out(np.zeros(np.broadcast_shapes(p.shape[1:], np.shape(x))))
    k = np.arange(n - 1, 1, -1, dtype=float)
    powers = (k * (k - 1)).reshape((-1,) + (1,) * (p.ndim - 1))
    return _out(np.polyval(p[:-2] * powers, x))
