"""numba versions of the helpers of :mod:`s2sad.rules.runtime_pieces`: ``divmod``, ``np.modf`` (and
``np.modf`` itself, which numba lacks), the
``np.split`` family, ``np.ediff1d``, ``np.linalg.matrix_power`` and ``np.corrcoef``.

Same contract as the Python helpers (one adjoint per call, a fresh array). Forms numba cannot
run or these do not cover raise ``TypingError`` (``refuse``), which ``jit=True`` reports as a
located ``JitError``: a matrix power of a stack of matrices,
``np.corrcoef`` of one variable (a 1-d array, whose result NumPy squeezes to a number).
"""
import numpy as np
from numba import njit, types
from numba.extending import overload
from numba.cpython.unsafe.tuple import tuple_setitem

from ...rules import runtime as rt
from .numba_rules_base import constant, helper, is_array, refuse


# ---- divmod ------------------------------------------------------------------------------
@helper(rt.divmod_grad)
def _ov_divmod_grad(g, z, left):
    if constant(left, "divmod_grad's `left`"):
        return lambda g, z, left: g[1] + z[1] * 0.0
    return lambda g, z, left: -(g[1] + z[1] * 0.0) * z[0]


@helper(rt.divmod_tangent)
def _ov_divmod_tangent(tx, ty, z):
    return lambda tx, ty, z: (z[0] * 0.0, tx - ty * z[0] + z[1] * 0.0)


@helper(rt.modf_grad)
def _ov_modf_grad(g, z):
    return lambda g, z: g[0] + z[0] * 0.0


@helper(rt.modf_tangent)
def _ov_modf_tangent(tx, z):
    return lambda tx, z: (tx + z[0] * 0.0, z[1] * 0.0)


def _modf1(x):
    """``np.modf`` of one number (C's modf: ``(copysign(0, x), x)`` at infinity)."""


@overload(_modf1)
def _ov_modf1(x):
    def modf1(x):
        whole = np.trunc(x * 1.0)
        return np.copysign(0.0 if np.isinf(x) else x - whole, x), whole      # (the sign of x, as C)
    return modf1


@overload(np.modf)
def _ov_modf(x):      # numba has no np.modf
    if is_array(x):
        def modf(x):
            frac, whole = np.empty(x.shape), np.empty(x.shape)
            flat_f, flat_w, flat_x = frac.reshape(-1), whole.reshape(-1), x.reshape(-1)
            for i in range(x.size):
                flat_f[i], flat_w[i] = _modf1(flat_x[i])
            return frac, whole
        return modf
    if isinstance(x, (types.Float, types.Integer)):
        return lambda x: _modf1(x)
    return None


# ---- np.delete (numba's own takes a 1-d array, or flattens: no axis) ---------------------------
@helper(rt.delete_grad)
def _ov_delete_grad(g, arr, obj, axis=None):
    if not (axis is None or isinstance(axis, types.NoneType) or isinstance(axis, types.Omitted)):
        refuse("the gradient of np.delete along an axis")

    def delete_grad(g, arr, obj, axis=None):
        out = np.zeros(arr.size)
        out[np.delete(np.arange(arr.size), obj)] = np.ravel(g + np.zeros(1))
        return out.reshape(arr.shape)
    return delete_grad


# ---- splitting into pieces, grids --------------------------------------------------------
@helper(rt.split_grad)
def _ov_split_grad(g, y, axis):
    def split_grad(g, y, axis):
        ax = axis % y[0].ndim
        total = 0
        for i in range(len(y)):
            total += y[i].shape[ax]
        out = np.zeros(tuple_setitem(y[0].shape, ax, total))
        front = np.moveaxis(out, ax, 0)
        start = 0
        for i in range(len(y)):
            k = y[i].shape[ax]
            front[start:start + k] = np.moveaxis(g[i] + np.zeros(y[i].shape), ax, 0)
            start += k
        return out
    return split_grad


# ---- differences -------------------------------------------------------------------------
@helper(rt.ediff1d_grad)
def _ov_ediff1d_grad(g, ary):
    if not is_array(ary):
        refuse(f"the gradient of np.ediff1d of {ary}")

    def ediff1d_grad(g, ary):
        n = ary.size
        gg = g + np.zeros(max(n - 1, 0))
        out = np.zeros(n)
        out[1:] += gg
        out[:-1] -= gg
        return out.reshape(ary.shape)
    return ediff1d_grad


# ---- matrix powers -----------------------------------------------------------------------
@njit(cache=False)
def _power_sum(g, a, n):
    """sum_k (a^T)^k g (a^T)^(n-1-k), k = 0..n-1 (n >= 1), as runtime_pieces._power_sum."""
    at = np.ascontiguousarray(a.T)
    m = a.shape[0]
    powers = [np.eye(m)]
    for _ in range(n - 1):
        powers.append(powers[-1] @ at)
    out = np.zeros((m, m))
    for k in range(n):
        out += powers[k] @ g @ powers[n - 1 - k]
    return out


def _square(what, a):
    if not (is_array(a) and a.ndim == 2):
        refuse(f"{what} of {a} (numba's version covers one matrix, not a stack)")


@helper(rt.matrix_power_grad)
def _ov_matrix_power_grad(g, a, n):
    _square("the gradient of np.linalg.matrix_power", a)

    def matrix_power_grad(g, a, n):
        a = np.ascontiguousarray(a * 1.0)
        g = g + np.zeros(a.shape)
        if n == 0:
            return np.zeros(a.shape)
        if n > 0:
            return _power_sum(g, a, n)
        b = np.linalg.inv(a)
        bt = np.ascontiguousarray(b.T)
        return -(bt @ _power_sum(g, b, -n) @ bt)
    return matrix_power_grad


@helper(rt.matrix_power_tangent)
def _ov_matrix_power_tangent(t, a, n):
    _square("the tangent of np.linalg.matrix_power", a)

    def matrix_power_tangent(t, a, n):
        a = np.ascontiguousarray(a * 1.0)
        t = t + np.zeros(a.shape)
        if n == 0:
            return np.zeros(a.shape)
        if n > 0:
            return _power_sum(t, np.ascontiguousarray(a.T), n)
        b = np.linalg.inv(a)
        return _power_sum(-(b @ t @ b), np.ascontiguousarray(b.T), -n)
    return matrix_power_tangent


# ---- correlation coefficients --------------------------------------------------------------
@njit(cache=False)
def _centred(x, rowvar):
    """The variables as centred rows, their covariance (divisor n - 1: R does not depend on it)."""
    xr = np.ascontiguousarray(x * 1.0) if rowvar else np.ascontiguousarray(x.T * 1.0)
    n = xr.shape[1]
    xc = xr - (np.sum(xr, axis=1) / n).reshape(xr.shape[0], 1)
    return xc, xc @ xc.T / (n - 1)


def _variables(what, x):
    if not (is_array(x) and x.ndim == 2):
        refuse(f"{what} of {x} (numba's version covers a 2-d array of several variables)")


@helper(rt.corrcoef_grad)
def _ov_corrcoef_grad(g, x, rowvar=True):
    _variables("the gradient of np.corrcoef", x)

    def corrcoef_grad(g, x, rowvar=True):
        xc, c = _centred(x, rowvar)
        s = np.sqrt(np.diag(c))
        ss = np.outer(s, s)
        gg = g + np.zeros(c.shape)
        gr = gg * (c / ss)
        gc = gg / ss - np.diag((gr.sum(axis=1) + gr.sum(axis=0)) / (2.0 * np.diag(c)))
        out = (gc + gc.T) @ xc / (xc.shape[1] - 1)
        return np.ascontiguousarray(out) if rowvar else np.ascontiguousarray(out.T)
    return corrcoef_grad


@helper(rt.corrcoef_tangent)
def _ov_corrcoef_tangent(t, x, rowvar=True):
    _variables("the tangent of np.corrcoef", x)

    def corrcoef_tangent(t, x, rowvar=True):
        xc, c = _centred(x, rowvar)
        tcr, _ = _centred(t + np.zeros(x.shape), rowvar)
        tc = (tcr @ xc.T + xc @ tcr.T) / (xc.shape[1] - 1)
        s = np.sqrt(np.diag(c))
        ss = np.outer(s, s)
        u = np.diag(tc) / (2.0 * np.diag(c))
        return tc / ss - (c / ss) * (u.reshape(-1, 1) + u.reshape(1, -1))
    return corrcoef_tangent


@helper(rt.polyfit_grad_y)
def _ov_polyfit_grad_y(g, x, y, deg):
    refuse("np.polyfit (numba has no np.polyfit)")


@helper(rt.polyfit_grad_x)
def _ov_polyfit_grad_x(g, c, x, y, deg):
    refuse("np.polyfit (numba has no np.polyfit)")


@helper(rt.polyfit_tangent_x)
def _ov_polyfit_tangent_x(t, c, x, y, deg):
    refuse("np.polyfit (numba has no np.polyfit)")
