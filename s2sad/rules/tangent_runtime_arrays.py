"""Helpers the forward rules of the array functions call at run time (plain NumPy).

Each returns the tangent of one function's result for the tangent of one argument,
linear in that tangent: ``cumprod_tangent`` (exact where ``x`` has zeros: running
products and their tangents, never a division), ``interp_tangent_xp``/``_fp``/``_bound``
(the three ways ``np.interp``'s value moves besides ``x``) and ``slogdet_tangent`` (the pair's tangents: the sign is
piecewise constant), and ``slogdet_grad_tangent`` (of slogdet's gradient, for second
order). Like ``runtime.py``'s helpers they live in ``s2sad.rules.runtime`` for
the backends; their numba versions are in ``backends/numba_helpers/numba_rules_tangents.py``.
"""
import numpy as np

from .runtime_arrays import _public
from .runtime_numeric import _segments


@_public
def cumprod_tangent(t, x, axis=None):
    """Tangent of ``np.cumprod(x, axis)`` for the tangent ``t`` of ``x``."""
    x = np.asarray(x, dtype=float)
    t = np.broadcast_to(np.asarray(t, dtype=float), x.shape)
    if axis is None or x.ndim == 0:     # np.cumprod(number, axis=0) is [number]
        x, t, axis = np.ravel(x), np.ravel(t), 0
    x, t = np.moveaxis(x, axis, -1), np.moveaxis(t, axis, -1)
    out = np.empty(x.shape)
    p, dp = np.ones(x.shape[:-1]), np.zeros(x.shape[:-1])
    for k in range(x.shape[-1]):
        p, dp = p * x[..., k], dp * x[..., k] + p * t[..., k]
        out[..., k] = dp
    return np.moveaxis(out, -1, axis)


@_public
def interp_tangent_xp(t_xp, x, xp, fp):
    """Change of ``np.interp(x, xp, fp)`` when the breakpoints ``xp`` move by ``t_xp``."""
    fp, t_xp = np.asarray(fp, dtype=float), np.asarray(t_xp, dtype=float)
    j, s, h, _, _, inside = _segments(x, xp)
    slope = (fp[j + 1] - fp[j]) / h
    return np.where(inside, slope * ((s - 1.0) * t_xp[j] - s * t_xp[j + 1]), 0.0)


@_public
def interp_tangent_fp(t_fp, x, xp, left=None, right=None):
    """Change of ``np.interp(x, xp, fp, left, right)`` when the values ``fp`` move by ``t_fp``:
    interpolated inside, the end value outside unless ``left``/``right`` replace it."""
    j, s, _, below, above, inside = _segments(x, xp)
    t_fp = np.asarray(t_fp, dtype=float)
    out = np.where(inside, (1.0 - s) * t_fp[j] + s * t_fp[j + 1], 0.0)
    if left is None:
        out = out + np.where(below, t_fp[0], 0.0)
    if right is None:
        out = out + np.where(above, t_fp[-1], 0.0)
    return out


@_public
def interp_tangent_bound(t_bound, x, xp, right):
    """Change of ``np.interp(x, xp, fp, left, right)`` when ``left`` (or ``right``) moves."""
    x, xp = np.asarray(x, dtype=float), np.asarray(xp, dtype=float)
    hit = x > xp[-1] if right else x < xp[0]
    return np.where(hit, t_bound, 0.0)


@_public
def slogdet_tangent(t, x):
    """Tangents of ``np.linalg.slogdet(x)``'s pair (sign, log|det x|): 0 and tr(x^-1 t)."""
    logdet = np.trace(np.linalg.solve(x, t), axis1=-2, axis2=-1)
    return np.zeros(np.shape(logdet)) if np.ndim(logdet) else 0.0, logdet


@_public
def slogdet_grad_tangent(t_g, t_x, g, x):
    """Tangent of ``slogdet_grad(g, x) = g[1] inv(x)^T`` for the tangents ``t_g`` of ``g`` and
    ``t_x`` of ``x``: ``(t_g[1] inv - g[1] inv t_x inv)^T``, per matrix of a stack."""
    inv = np.linalg.inv(np.asarray(x, dtype=float))
    g1 = np.expand_dims(np.asarray(g[1], dtype=float), (-1, -2))
    tg1 = np.expand_dims(np.asarray(t_g[1], dtype=float), (-1, -2))
    return np.swapaxes(tg1 * inv - g1 * (inv @ np.asarray(t_x, dtype=float) @ inv), -1, -2)
