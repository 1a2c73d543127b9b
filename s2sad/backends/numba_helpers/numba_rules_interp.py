"""numba versions of the interpolation and trapezoid-rule helpers (:mod:`s2sad.rules.runtime_numeric`):
``np.interp`` and the gradients in ``x``, ``xp``, ``fp`` and the bounds; the trapezoid rule's in
``y``, ``x`` and ``dx``; and ``np.interp``/``np.trapezoid`` with the arguments numba lacks.

As in :mod:`s2sad.backends.numba_helpers.numba_rules_numeric`, a form an overload does not cover raises
``TypingError`` (reported as a ``JitError``).
"""
import numpy as np
from numba import types
from numba.extending import overload, register_jitable

from ...rules import runtime as rt
from .numba_rules_base import constant, flat, gen, helper, is_array, is_none, like, literal, reduced, refuse, rows, unrows


# ------------------------------------------------------------ interpolation
@register_jitable
def _segment(xv, xp):
    """The segment ``j`` of ``xp`` holding ``xv``, the position ``t`` in it, its length, and
    whether ``xv`` lies inside ``[xp[0], xp[-1]]`` (np.interp's conventions)."""
    n = xp.shape[0]
    if xv < xp[0] or xv > xp[n - 1]:
        return 0, 0.0, 1.0, False
    j = min(max(np.searchsorted(xp, xv, side="right") - 1, 0), n - 2)
    h = xp[j + 1] - xp[j]
    return j, (xv - xp[j]) / h, h, True


@overload(np.interp)
def _ov_interp(x, xp, fp, left=None, right=None, period=None):
    """``np.interp`` with ``left``/``right`` numbers (numba has the 3-argument form)."""
    if is_none(left) and is_none(right) or not is_none(period):
        return None
    if not all(is_none(b) or isinstance(b, types.Number) for b in (left, right)):
        refuse("np.interp with left/right other than numbers")
    lo = "y = np.where(xs < xp[0], left, y)" if not is_none(left) else ""
    hi = "y = np.where(xs > xp[xp.shape[0] - 1], right, y)" if not is_none(right) else ""
    src = f"""
def interp(x, xp, fp, left=None, right=None, period=None):
    xs = flat(x)
    y = np.interp(xs, xp, fp)
    {lo}
    {hi}
    return like(y, x)
"""
    return gen(src, "interp", {"flat": flat, "like": like})


@helper(rt.interp_grad_x)
def _ov_interp_grad_x(g, x, xp, fp):
    def interp_grad_x(g, x, xp, fp):
        xs, gs = flat(x), flat(g) + np.zeros(flat(x).size)
        out = np.zeros(xs.size)
        for k in range(xs.size):
            j, _t, h, inside = _segment(xs[k], xp)
            if inside:
                out[k] = gs[k] * (fp[j + 1] - fp[j]) / h
        return like(out, x)
    return interp_grad_x


@helper(rt.interp_grad_xp)
def _ov_interp_grad_xp(g, x, xp, fp):
    def interp_grad_xp(g, x, xp, fp):
        xs, gs = flat(x), flat(g) + np.zeros(flat(x).size)
        out = np.zeros(xp.shape)
        for k in range(xs.size):
            j, t, h, inside = _segment(xs[k], xp)
            if inside:
                slope = gs[k] * (fp[j + 1] - fp[j]) / h
                out[j] += slope * (t - 1.0)
                out[j + 1] -= slope * t
        return out
    return interp_grad_xp


@helper(rt.interp_grad_fp)
def _ov_interp_grad_fp(g, x, xp, fp, left=None, right=None):
    free_left, free_right = is_none(left), is_none(right)

    def interp_grad_fp(g, x, xp, fp, left=None, right=None):
        xs, gs = flat(x), flat(g) + np.zeros(flat(x).size)
        out = np.zeros(fp.shape)
        n = xp.shape[0]
        for k in range(xs.size):
            j, t, _h, inside = _segment(xs[k], xp)
            if inside:
                out[j] += gs[k] * (1.0 - t)
                out[j + 1] += gs[k] * t
            elif xs[k] < xp[0] and free_left:
                out[0] += gs[k]
            elif xs[k] > xp[n - 1] and free_right:
                out[n - 1] += gs[k]
        return out
    return interp_grad_fp


@helper(rt.interp_grad_bound)
def _ov_interp_grad_bound(g, x, xp, right):
    upper = constant(right, "interp_grad_bound's `right`")

    def interp_grad_bound(g, x, xp, right):
        xs, gs = flat(x), flat(g) + np.zeros(flat(x).size)
        total = 0.0
        for k in range(xs.size):
            if (xs[k] > xp[xp.shape[0] - 1]) if upper else (xs[k] < xp[0]):
                total += gs[k]
        return total
    return interp_grad_bound


# ------------------------------------------------------------ the trapezoid rule
def _spacings(y, x, dx, axis, r):
    """The widths of the trapezoids: rows ``(r, n - 1)`` (or one row for all)."""


@overload(_spacings)
def _ov_spacings(y, x, dx, axis, r):
    if is_none(x):
        return lambda y, x, dx, axis, r: np.full((1, y.shape[axis] - 1), dx * 1.0)
    if is_array(x) and x.ndim == 1:
        return lambda y, x, dx, axis, r: (x[1:] - x[:-1]).reshape(1, x.shape[0] - 1) * 1.0
    if is_array(x) and is_array(y) and x.ndim == y.ndim:
        return lambda y, x, dx, axis, r: rows(x, axis)[:, 1:] - rows(x, axis)[:, :-1]
    refuse(f"np.trapezoid with sample points of type {x}")


@helper(rt.trapz_grad_y)
def _ov_trapz_grad_y(g, y, x=None, dx=1.0, axis=-1):
    def trapz_grad_y(g, y, x=None, dx=1.0, axis=-1):
        yr = rows(y, axis)
        r, n = yr.shape
        gs = flat(g) + np.zeros(r)
        d = _spacings(y, x, dx, axis, r)
        out = np.zeros(yr.shape)
        for i in range(r):
            row = d[i % d.shape[0]]
            for k in range(n - 1):
                out[i, k] += 0.5 * row[k] * gs[i]
                out[i, k + 1] += 0.5 * row[k] * gs[i]
        return unrows(out, y, axis)
    return trapz_grad_y


@helper(rt.trapz_grad_x)
def _ov_trapz_grad_x(g, y, x, axis=-1):
    shared = is_array(x) and x.ndim == 1 and is_array(y) and y.ndim > 1

    def trapz_grad_x(g, y, x, axis=-1):
        yr = rows(y, axis)
        r, n = yr.shape
        gs = flat(g) + np.zeros(r)
        out = np.zeros(yr.shape)
        for i in range(r):
            for k in range(n - 1):
                s = 0.5 * (yr[i, k] + yr[i, k + 1]) * gs[i]
                out[i, k] -= s
                out[i, k + 1] += s
        if shared:
            return _sum_rows(out)
        return unrows(out, x, axis)
    return trapz_grad_x


@register_jitable
def _sum_rows(out):
    total = np.zeros(out.shape[1])
    for i in range(out.shape[0]):
        total += out[i]
    return total


@helper(rt.trapz_grad_dx)
def _ov_trapz_grad_dx(g, y, x=None, axis=-1):
    if not is_none(x):
        return lambda g, y, x=None, axis=-1: 0.0

    def trapz_grad_dx(g, y, x=None, axis=-1):
        yr = rows(y, axis)
        r, n = yr.shape
        gs = flat(g) + np.zeros(r)
        total = 0.0
        for i in range(r):
            for k in range(n - 1):
                total += 0.5 * (yr[i, k] + yr[i, k + 1]) * gs[i]
        return total
    return trapz_grad_dx


@overload(np.trapezoid)
def _ov_trapezoid(y, x=None, dx=1.0, axis=-1):
    if not is_array(y) or not isinstance(axis, types.Integer) or literal(axis) == -1:
        return None

    def trapezoid(y, x=None, dx=1.0, axis=-1):
        yr = rows(y, axis)
        r, n = yr.shape
        d = _spacings(y, x, dx, axis, r)
        out = np.zeros(r)
        for i in range(r):
            row = d[i % d.shape[0]]
            for k in range(n - 1):
                out[i] += 0.5 * row[k] * (yr[i, k] + yr[i, k + 1])
        return reduced(out, y, axis, False)
    return trapezoid
