"""numba versions of the forward-mode helpers of the array rules
(:mod:`s2sad.rules.tangent_runtime_arrays`): the tangents of ``np.cumprod`` (rows along the
axis, exact with zeros), ``np.interp`` (in ``xp``, ``fp``, ``left``/``right``) and
``np.linalg.slogdet`` (one square matrix); ``np.einsum``'s is in ``numba_rules_einsum.py``. A form not covered raises ``TypingError`` (a
``JitError`` for the user), never a wrong number.
"""
import numpy as np
from numba import types
from numba.extending import overload, register_jitable

from ...rules import tangent_runtime as trt
from ...rules import tangent_runtime_arrays as tr
from .numba_lists import SUBSTITUTES
from .numba_reduce import expand_to
from .numba_rules_base import (
    constant,
    flat,
    helper,
    is_array,
    is_none,
    like,
    refuse,
    rows,
    unrows,
)


@helper(tr.cumprod_tangent)
def _ov_cumprod_tangent(t, x, axis=None):
    if not is_array(x):
        return lambda t, x, axis=None: t * 1.0

    def cumprod_tangent(t, x, axis=None):
        xr, tr_ = rows(x * 1.0, axis), rows(t + np.zeros(x.shape), axis)
        out = np.empty(xr.shape)
        for r in range(xr.shape[0]):
            p, dp = 1.0, 0.0
            for k in range(xr.shape[1]):
                p, dp = p * xr[r, k], dp * xr[r, k] + p * tr_[r, k]
                out[r, k] = dp
        if axis is None:
            return out.reshape(out.size)
        return unrows(out, x, axis)
    return cumprod_tangent


@register_jitable
def _segment(xi, xp):
    """The segment ``j`` of ``xp`` holding ``xi``, its position ``s`` in it, and where ``xi``
    lies: -1 left of ``xp``, 1 right of it, 0 inside (as np.interp sees it)."""
    n = xp.shape[0]
    j = np.searchsorted(xp, xi, side="right") - 1
    j = min(max(j, 0), n - 2)
    s = (xi - xp[j]) / (xp[j + 1] - xp[j])
    where = -1 if xi < xp[0] else (1 if xi > xp[n - 1] else 0)
    return j, s, where


@helper(tr.interp_tangent_xp)
def _ov_interp_tangent_xp(t_xp, x, xp, fp):
    def interp_tangent_xp(t_xp, x, xp, fp):
        xs, xpf, fpf, tf = flat(x), flat(xp), flat(fp), flat(t_xp)
        out = np.zeros(xs.size)
        for i in range(xs.size):
            j, s, where = _segment(xs[i], xpf)
            if where == 0:
                slope = (fpf[j + 1] - fpf[j]) / (xpf[j + 1] - xpf[j])
                out[i] = slope * ((s - 1.0) * tf[j] - s * tf[j + 1])
        return like(out, x)
    return interp_tangent_xp


@helper(tr.interp_tangent_fp)
def _ov_interp_tangent_fp(t_fp, x, xp, left=None, right=None):
    keep_left, keep_right = is_none(left), is_none(right)

    def interp_tangent_fp(t_fp, x, xp, left=None, right=None):
        xs, xpf, tf = flat(x), flat(xp), flat(t_fp)
        out = np.zeros(xs.size)
        for i in range(xs.size):
            j, s, where = _segment(xs[i], xpf)
            if where == 0:
                out[i] = (1.0 - s) * tf[j] + s * tf[j + 1]
            elif where < 0 and keep_left:
                out[i] = tf[0]
            elif where > 0 and keep_right:
                out[i] = tf[tf.size - 1]
        return like(out, x)
    return interp_tangent_fp


@helper(tr.interp_tangent_bound)
def _ov_interp_tangent_bound(t_bound, x, xp, right):
    on_right = constant(right, "interp_tangent_bound's `right`")

    def interp_tangent_bound(t_bound, x, xp, right):
        xs, xpf = flat(x), flat(xp)
        out = np.zeros(xs.size)
        for i in range(xs.size):
            hit = xs[i] > xpf[xpf.size - 1] if on_right else xs[i] < xpf[0]
            if hit:
                out[i] = t_bound
        return like(out, x)
    return interp_tangent_bound


@helper(tr.slogdet_tangent)
def _ov_slogdet_tangent(t, x):
    if not is_array(x) or x.ndim != 2:
        refuse("the tangent of np.linalg.slogdet of a stack of matrices")
    return lambda t, x: (0.0, np.trace(np.linalg.solve(x, t + np.zeros(x.shape))))


@helper(tr.slogdet_grad_tangent)
def _ov_slogdet_grad_tangent(t_g, t_x, g, x):
    if not is_array(x) or x.ndim != 2:
        refuse("the second derivative of np.linalg.slogdet of a stack of matrices")

    def slogdet_grad_tangent(t_g, t_x, g, x):
        inv = np.linalg.inv(x)
        return np.ascontiguousarray((t_g[1] * inv - g[1] * (inv @ (t_x + np.zeros(x.shape)) @ inv)).T)
    return slogdet_grad_tangent


def prod_grad_dx(g, y, x, t_x, axis=None, keepdims=False):
    """Stand-in for ``tangent_runtime.prod_grad_dx`` in compiled code (``SUBSTITUTES``: the
    Python version moves axes with ``...`` indexing, which numba cannot type)."""
    return trt.prod_grad_dx(g, y, x, t_x, axis, keepdims)


def prod_grad_dy(g, t_y, x, axis=None, keepdims=False):
    """Stand-in for ``tangent_runtime.prod_grad_dy`` in compiled code."""
    return trt.prod_grad_dy(g, t_y, x, axis, keepdims)


SUBSTITUTES[trt.prod_grad_dx] = prod_grad_dx
SUBSTITUTES[trt.prod_grad_dy] = prod_grad_dy


def _prod_form(x, axis):
    if is_array(x) and not (is_none(axis) or isinstance(axis, types.Integer)):
        refuse("the second derivative of np.prod over a tuple of axes")


@overload(prod_grad_dx)
def _ov_prod_grad_dx(g, y, x, t_x, axis=None, keepdims=False):
    """g times the change of the product of the other elements along ``axis``: prefix and
    suffix products and their tangents, exact with zeros (as ``_others_tangent``)."""
    _prod_form(x, axis)
    if not is_array(x):
        return lambda g, y, x, t_x, axis=None, keepdims=False: 0.0 * t_x

    def prod_grad_dx(g, y, x, t_x, axis=None, keepdims=False):
        xr, tr_ = rows(x * 1.0, axis), rows(t_x + np.zeros(x.shape), axis)
        out = np.empty(xr.shape)
        m = xr.shape[1]
        before, d_before = np.empty(m), np.empty(m)
        for r in range(xr.shape[0]):
            p, dp = 1.0, 0.0
            for k in range(m):
                before[k], d_before[k] = p, dp
                p, dp = p * xr[r, k], dp * xr[r, k] + p * tr_[r, k]
            q, dq = 1.0, 0.0
            for j in range(m - 1, -1, -1):
                out[r, j] = d_before[j] * q + before[j] * dq
                q, dq = q * xr[r, j], dq * xr[r, j] + q * tr_[r, j]
        return expand_to(g, x, axis) * unrows(out, x, axis)
    return prod_grad_dx


@overload(prod_grad_dy)
def _ov_prod_grad_dy(g, t_y, x, axis=None, keepdims=False):
    _prod_form(x, axis)
    if not is_array(x):
        return lambda g, t_y, x, axis=None, keepdims=False: 0.0
    return lambda g, t_y, x, axis=None, keepdims=False: np.zeros(x.shape)
