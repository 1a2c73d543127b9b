"""numba versions of the helpers of :mod:`s2sad.rules.tangent_runtime_more` (the second-order
changes of the gradients of ``np.cumprod``, ``np.trapezoid``, ``np.interp``, ``np.average`` and
``np.polyval``), for hvp(jit=True). They cover the forms the first-order numba helpers cover
(``np.average`` over the whole array, ``np.polyval`` of a coefficient vector); another form raises
``TypingError`` (a located ``JitError`` for the user), never a wrong number.
"""
import numpy as np
from numba.extending import register_jitable

from ...rules import runtime as rt
from ...rules import tangent_runtime_more as tm
from .numba_rules_base import (
    flat,
    helper,
    is_array,
    is_none,
    like,
    rows,
    unrows,
)
from .numba_rules_linalg import _coefficients
from .numba_rules_stats import _whole


@helper(tm.cumprod_grad_dx)
def _ov_cumprod_grad_dx(g, x, t, axis=None):
    if not is_array(x):
        return lambda g, x, t, axis=None: 0.0 * t

    def cumprod_grad_dx(g, x, t, axis=None):
        gr, xr, tr_ = rows(g * 1.0, axis), rows(x * 1.0, axis), rows(t + np.zeros(x.shape), axis)
        out = np.zeros(xr.shape)
        n = xr.shape[1]
        for r in range(xr.shape[0]):
            for i in range(n):
                p, dp, acc = 1.0, 0.0, 0.0
                for k in range(n):
                    if k != i:
                        p, dp = p * xr[r, k], dp * xr[r, k] + p * tr_[r, k]
                    if k >= i:
                        acc += gr[r, k] * dp
                out[r, i] = acc
        return unrows(out, x, axis)
    return cumprod_grad_dx


@helper(tm.trapz_grad_y_ddx)
def _ov_trapz_grad_y_ddx(g, y, x, t_dx, axis=-1):
    if not is_none(x):
        return lambda g, y, x, t_dx, axis=-1: np.zeros(y.shape)
    return lambda g, y, x, t_dx, axis=-1: rt.trapz_grad_y(g, y, None, t_dx, axis)


@register_jitable
def _moves(xi, ti, xp, fp, t_xp):
    """As ``tangent_runtime_more._interp_moves`` for one point: (j, s, m, inside, ds, dm)."""
    n = xp.shape[0]
    j = min(max(np.searchsorted(xp, xi, side="right") - 1, 0), n - 2)
    h = xp[j + 1] - xp[j]
    s = (xi - xp[j]) / h
    dh = t_xp[j + 1] - t_xp[j]
    m = (fp[j + 1] - fp[j]) / h
    inside = not (xi < xp[0] or xi > xp[n - 1])
    return j, s, m, inside, (ti - t_xp[j]) / h - s * dh / h, -m * dh / h


@helper(tm.interp_grad_x_tangent)
def _ov_interp_grad_x_tangent(g, x, xp, fp, t_xp):
    def interp_grad_x_tangent(g, x, xp, fp, t_xp):
        xs, gs = flat(x), flat(g) + np.zeros(flat(x).size)
        xpf, fpf, tf = flat(xp), flat(fp), flat(t_xp)
        out = np.zeros(xs.size)
        for k in range(xs.size):
            _j, _s, _m, inside, _ds, dm = _moves(xs[k], 0.0, xpf, fpf, tf)
            if inside:
                out[k] = gs[k] * dm
        return like(out, x)
    return interp_grad_x_tangent


@helper(tm.interp_grad_xp_tangent)
def _ov_interp_grad_xp_tangent(g, x, xp, fp, t_x, t_xp):
    def interp_grad_xp_tangent(g, x, xp, fp, t_x, t_xp):
        xs, gs, ts = flat(x), flat(g) + np.zeros(flat(x).size), flat(t_x) + np.zeros(flat(x).size)
        xpf, fpf, tf = flat(xp), flat(fp), flat(t_xp)
        out = np.zeros(xpf.size)
        for k in range(xs.size):
            j, s, m, inside, ds, dm = _moves(xs[k], ts[k], xpf, fpf, tf)
            if inside:
                out[j] += gs[k] * (dm * (s - 1.0) + m * ds)
                out[j + 1] -= gs[k] * (dm * s + m * ds)
        return out
    return interp_grad_xp_tangent


@helper(tm.interp_grad_fp_tangent)
def _ov_interp_grad_fp_tangent(g, x, xp, fp, t_x, t_xp):
    def interp_grad_fp_tangent(g, x, xp, fp, t_x, t_xp):
        xs, gs, ts = flat(x), flat(g) + np.zeros(flat(x).size), flat(t_x) + np.zeros(flat(x).size)
        xpf, fpf, tf = flat(xp), flat(fp), flat(t_xp)
        out = np.zeros(xpf.size)
        for k in range(xs.size):
            j, _s, _m, inside, ds, _dm = _moves(xs[k], ts[k], xpf, fpf, tf)
            if inside:
                out[j] -= gs[k] * ds
                out[j + 1] += gs[k] * ds
        return out
    return interp_grad_fp_tangent


@helper(tm.average_grad_a_dw)
def _ov_average_grad_a_dw(g, a, axis, weights, t_w, keepdims=False):
    _whole("np.average", axis, "the second derivative")

    def average_grad_a_dw(g, a, axis, weights, t_w, keepdims=False):
        w, tw = flat(weights), flat(t_w) + np.zeros(flat(weights).size)
        total = np.sum(w)
        return like((tw - w * (np.sum(tw) / total)) * (np.sum(flat(g)) / total), a)
    return average_grad_a_dw


@helper(tm.average_grad_weights_dw)
def _ov_average_grad_weights_dw(g, y, a, axis, weights, t_w, keepdims=False):
    _whole("np.average", axis, "the second derivative")

    def average_grad_weights_dw(g, y, a, axis, weights, t_w, keepdims=False):
        total = np.sum(flat(weights))
        scale = -np.sum(flat(g)) * np.sum(flat(t_w) + np.zeros(flat(weights).size)) / (total * total)
        return like((flat(a) - np.sum(flat(y))) * scale, weights)
    return average_grad_weights_dw


@helper(tm.polyval_grad_p_dx)
def _ov_polyval_grad_p_dx(g, p, x, t_x):
    _coefficients(p, "the second derivative of np.polyval")

    def polyval_grad_p_dx(g, p, x, t_x):
        xs = flat(x)
        gs, ts = flat(g) + np.zeros(xs.size), flat(t_x) + np.zeros(xs.size)
        n = p.shape[0]
        out = np.zeros(n)
        for k in range(xs.size):
            power = 1.0               # x**(m - 1) for the row of power m = 1, 2, ...
            for i in range(n - 2, -1, -1):
                out[i] += gs[k] * (n - 1 - i) * power * ts[k]
                power *= xs[k]
        return out
    return polyval_grad_p_dx


@helper(tm.polyval_curvature)
def _ov_polyval_curvature(p, x):
    _coefficients(p, "the second derivative of np.polyval")

    def polyval_curvature(p, x):
        n = p.shape[0]
        y = x * 0.0
        for i in range(n - 2):
            y = y * x + p[i] * (n - 1 - i) * (n - 2 - i)
        return y
    return polyval_curvature
