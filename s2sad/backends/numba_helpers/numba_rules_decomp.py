"""numba versions of the helpers of :mod:`s2sad.rules.runtime_decomp` and the NumPy/``math``
forms around them numba lacks: ``np.linalg.svd(a, compute_uv=False)`` (and ``svdvals``),
``np.gradient`` of a vector, ``math.fsum``/``prod``/``dist`` of a list or a vector, ``math.hypot``
of more than two numbers.

Covered for one matrix (not stacks): the singular values, the pseudo-inverse; ``np.take_along_axis``
of a vector or a matrix with indices of the array's rank;
``np.pad``'s gradient in mode 'constant' (numba's ``np.pad`` itself has no other mode). The
singular vectors (``compute_uv=True``), QR and least squares (a tuple result: its adjoint is a
tuple of arrays of different shapes, which numba cannot hold) are refused (``TypingError`` ->
``JitError``, naming the line and ``jit=False``), as is any other form; their helpers' numba
versions below are ready for the day the tuple adjoint compiles. The points
where the derivative does not exist raise ``NoDerivativeError`` in the compiled code too.
"""
import math

import numpy as np
from numba import njit, types
from numba.extending import overload

from ...errors import NoDerivativeError
from ...rules import runtime as rt
from .numba_rules_base import (
    constant,
    flat,
    gen,
    helper,
    is_array,
    is_none,
    literal,
    refuse,
)
from .numba_support import literal_bool
from .numba_ties import check_ties, check_zeros


def _matrix(what, *ms):
    if not all(is_array(m) and m.ndim == 2 for m in ms):
        refuse(f"{what} of anything but one matrix")


# ---- singular values -------------------------------------------------------------------------
@overload(np.linalg.svd)
def _ov_svd(a, full_matrices=True, compute_uv=True, hermitian=False):
    if literal(compute_uv, True) is not False or not is_array(a):
        return None      # numba's own svd (which takes no compute_uv)

    def svdvals(a, full_matrices=True, compute_uv=True, hermitian=False):
        return np.linalg.svd(a, False)[1]
    return svdvals


@overload(np.linalg.svdvals)
def _ov_svdvals(x):
    if is_array(x) and x.ndim == 2:
        return lambda x: np.linalg.svd(x, False)[1]
    return None


@njit
def _check_values(s, g, every):
    """As runtime_decomp._svd_checks: tied values used unevenly, a zero value used (``every``: any)."""
    check_ties(s, g, every)
    check_zeros(s, g, every)


@njit
def _svdvals_grad(g, a):
    u, s, vt = np.linalg.svd(np.ascontiguousarray(a), False)
    gs = flat(g) + np.zeros(s.size)
    _check_values(s, gs, False)
    return (u * gs.reshape(1, s.size)) @ vt


@helper(rt.svdvals_grad)
def _ov_svdvals_grad(g, a):
    _matrix("the gradient of the singular values", a)
    return lambda g, a: _svdvals_grad(g, a)


@helper(rt.svdvals_tangent)
def _ov_svdvals_tangent(t, a):
    _matrix("the tangent of the singular values", a)

    def svdvals_tangent(t, a):
        u, s, vt = np.linalg.svd(np.ascontiguousarray(a), False)
        _check_values(s, np.ones(s.size), True)
        return np.sum(u * ((t + np.zeros(a.shape)) @ vt.T), axis=0)
    return svdvals_tangent


def _values_only(what, compute_uv):
    if constant(compute_uv, "compute_uv") is not False:
        refuse(f"{what} through the singular vectors (compute_uv=True) is not compiled; the singular "
               "values alone (np.linalg.svd(a, compute_uv=False)) are")


@helper(rt.svd_grad)
def _ov_svd_grad(g, y, a, full_matrices=True, compute_uv=True):
    _matrix("the gradient of np.linalg.svd", a)
    if isinstance(y, types.BaseTuple) and len(y) == 3:      # u, s, vt: the vectors may be used
        return lambda g, y, a, full_matrices=True, compute_uv=True: _svd_grad_uv(g, y, a)
    _values_only("the gradient of np.linalg.svd", compute_uv)
    return lambda g, y, a, full_matrices=True, compute_uv=True: _svdvals_grad(g, a)


@njit
def _svd_grad_uv(g, y, a):
    """As runtime_decomp.svd_grad with the vectors (Townsend 2016), for one matrix: the values'
    gradient alone when the vectors' adjoints are zero, else refused where runtime_decomp refuses
    (full_matrices=True of a non-square matrix, tied or zero singular values)."""
    u, s, vt = y
    gu, gvt = g[0] + np.zeros(u.shape), g[2] + np.zeros(vt.shape)
    gs = flat(g[1]) + np.zeros(s.size)
    if not (np.any(gu != 0.0) or np.any(gvt != 0.0)):
        return _svdvals_grad(gs, a)
    k = s.size
    if u.shape[1] != k or vt.shape[0] != k:
        raise NoDerivativeError("s2sad: the gradient of np.linalg.svd through the vectors of a non-square matrix "
                                "with full_matrices=True (the extra vectors are any basis): pass full_matrices=False")
    _check_values(s, gs, True)
    F = np.zeros((k, k))
    for i in range(k):
        for j in range(k):
            if i != j:
                F[i, j] = 1.0 / (s[j] ** 2 - s[i] ** 2)
    S, uu, vv = np.diag(s), u.T @ gu, vt @ gvt.T
    out = u @ (np.diag(gs) + (F * (uu - uu.T)) @ S + S @ (F * (vv - vv.T))) @ vt
    if a.shape[0] != a.shape[1]:
        inv = (1.0 / s).reshape(1, k)
        out = out + ((gu - u @ (u.T @ gu)) * inv) @ vt + (u * inv) @ (gvt.T - vt.T @ (vt @ gvt.T)).T
    return out


@helper(rt.svd_tangent)
def _ov_svd_tangent(t, y, a, full_matrices=True, compute_uv=True):
    _values_only("the tangent of np.linalg.svd", compute_uv)
    _matrix("the tangent of np.linalg.svd", a)
    return lambda t, y, a, full_matrices=True, compute_uv=True: rt.svdvals_tangent(t, a)


# ---- pseudo-inverse, QR, least squares --------------------------------------------------------
@njit
def _full_rank(a):
    s = np.linalg.svd(np.ascontiguousarray(a), False)[1]
    if s[-1] <= max(a.shape[0], a.shape[1]) * np.finfo(np.float64).eps * s[0]:
        raise NoDerivativeError("s2sad: a rank-deficient matrix, where the pseudo-inverse jumps")


@njit
def _pinv_vjp(G, p, a):
    im, jn = np.eye(a.shape[0]), np.eye(a.shape[1])
    return -p.T @ G @ p.T + (im - a @ p) @ G.T @ p @ p.T + p.T @ p @ G.T @ (jn - p @ a)


@helper(rt.pinv_grad)
def _ov_pinv_grad(g, y, a):
    _matrix("the gradient of np.linalg.pinv", a)

    def pinv_grad(g, y, a):
        _full_rank(a)
        return _pinv_vjp(g + np.zeros(y.shape), y, a)
    return pinv_grad


@helper(rt.pinv_tangent)
def _ov_pinv_tangent(t, y, a):
    _matrix("the tangent of np.linalg.pinv", a)

    def pinv_tangent(t, y, a):
        _full_rank(a)
        t = t + np.zeros(a.shape)
        p = y
        return -p @ t @ p + p @ p.T @ t.T @ (np.eye(a.shape[0]) - a @ p) + (np.eye(a.shape[1]) - p @ a) @ t.T @ p.T @ p
    return pinv_tangent


@njit
def _qr_check(a, r):
    if a.shape[0] < a.shape[1]:
        raise NoDerivativeError("s2sad: QR of a wide matrix is not differentiated (factor the transpose)")
    d = np.diag(r).copy()
    check_zeros(d, d, True)


@helper(rt.qr_grad)
def _ov_qr_grad(g, y, a):
    _matrix("the gradient of np.linalg.qr", a)

    def qr_grad(g, y, a):
        q, r = y
        _qr_check(a, r)
        gq, gr = g[0] + np.zeros(q.shape), g[1] + np.zeros(r.shape)
        M = r @ gr.T - gq.T @ q
        rhs = gq + q @ (np.tril(M) + np.tril(M, -1).T)
        return np.linalg.solve(r, rhs.T).T
    return qr_grad


@helper(rt.qr_tangent)
def _ov_qr_tangent(t, y, a):
    _matrix("the tangent of np.linalg.qr", a)

    def qr_tangent(t, y, a):
        q, r = y
        _qr_check(a, r)
        tr = np.linalg.solve(r.T, (t + np.zeros(a.shape)).T).T
        C = q.T @ tr
        low = np.tril(C, -1)
        omega = low - low.T
        return q @ omega + tr - q @ C, (C - omega) @ r
    return qr_tangent


@helper(rt.lstsq_grad)
def _ov_lstsq_grad(g, y, a, b, wrt_a=True):
    _matrix("the gradient of np.linalg.lstsq", a)
    if not (is_array(b) and b.ndim == 1):
        refuse("the gradient of np.linalg.lstsq with a right-hand side that is not a vector")

    wrt = literal_bool(wrt_a)     # the two results differ in rank: one implementation each
    if wrt is None:
        refuse("the gradient of np.linalg.lstsq with `wrt_a` not a constant")

    def lstsq_grad(g, y, a, b, wrt_a=True):
        p, gx = _lstsq_parts(g, a)
        return _pinv_vjp(np.outer(gx, b), p, a)

    def lstsq_grad_b(g, y, a, b, wrt_a=True):
        p, gx = _lstsq_parts(g, a)
        return p.T @ gx
    return lstsq_grad if wrt else lstsq_grad_b


@njit
def _lstsq_parts(g, a):
    """The pseudo-inverse of ``a`` and the solution's gradient, refusing any gradient reaching
    lstsq's residuals or singular values (``g[1]``, ``g[3]``)."""
    for k in range(g[1].size):
        if g[1].flat[k] != 0.0:
            raise NoDerivativeError("s2sad (jit): the gradient of lstsq's residuals is not compiled")
    for k in range(g[3].size):
        if g[3].flat[k] != 0.0:
            raise NoDerivativeError("s2sad (jit): the gradient of lstsq's singular values is not compiled")
    _full_rank(a)
    return np.linalg.pinv(a), flat(g[0]) + np.zeros(a.shape[1])


@helper(rt.lstsq_tangent)
def _ov_lstsq_tangent(ta, tb, y, a, b):
    refuse("the tangent of np.linalg.lstsq (a tuple of arrays of different shapes) is not compiled")


# ---- gathers along an axis, padding --------------------------------------------------------
@helper(rt.take_along_axis_grad)
def _ov_take_along_axis_grad(g, arr, indices, axis=-1):
    if not (is_array(arr) and is_array(indices) and indices.ndim == arr.ndim and arr.ndim in (1, 2)):
        refuse("the gradient of np.take_along_axis is compiled for vectors and matrices, with indices of the "
               "array's rank")
    if arr.ndim == 1:
        def along_vector(g, arr, indices, axis=-1):
            out = np.zeros(arr.shape)
            gs = g + np.zeros(indices.shape)
            for j in range(indices.size):
                out[indices[j]] += gs[j]
            return out
        return along_vector

    def along_matrix(g, arr, indices, axis=-1):
        out = np.zeros(arr.shape)
        gs = g + np.zeros(indices.shape)
        ax = axis % 2
        n_other = arr.shape[1 - ax]
        if indices.shape[1 - ax] != n_other:
            raise NoDerivativeError("s2sad (jit): np.take_along_axis with indices broadcast against the array")
        for r in range(indices.shape[0]):
            for c in range(indices.shape[1]):
                if ax == 0:
                    out[indices[r, c], c] += gs[r, c]
                else:
                    out[r, indices[r, c]] += gs[r, c]
        return out
    return along_matrix


@helper(rt.pad_copies_grad)
def _ov_pad_copies_grad(g, x, pad_width, mode="constant"):
    def pad_copies_grad(g, x, pad_width, mode="constant"):
        if mode != "constant":
            raise NoDerivativeError("s2sad (jit): np.pad is compiled in mode='constant' only")
        return rt.pad_grad(g, x, pad_width)
    return pad_copies_grad


# ---- np.gradient of a vector -----------------------------------------------------------------
def _gradient_form(f, varargs, axis, edge_order):
    if not (is_array(f) and f.ndim == 1 and isinstance(varargs, (types.Number, types.Omitted, float, int))
            and (is_none(axis) or literal(axis, None) in (0, -1))):
        refuse("np.gradient is compiled for a vector with one number as the spacing")
    if constant(edge_order, "edge_order") not in (1, 2):
        refuse("np.gradient with edge_order other than 1 or 2")


@overload(np.gradient)
def _ov_gradient(f, varargs=1.0, axis=None, edge_order=1):
    _gradient_form(f, varargs, axis, edge_order)
    second = literal(edge_order, 1) == 2

    def gradient(f, varargs=1.0, axis=None, edge_order=1):
        n = f.size
        if n < (3 if second else 2):
            raise ValueError("Shape of array too small to calculate a numerical gradient")
        out = np.empty(n)
        for i in range(1, n - 1):
            out[i] = (f[i + 1] - f[i - 1]) / (2.0 * varargs)
        if second:
            out[0] = (-1.5 * f[0] + 2.0 * f[1] - 0.5 * f[2]) / varargs
            out[n - 1] = (1.5 * f[n - 1] - 2.0 * f[n - 2] + 0.5 * f[n - 3]) / varargs
        else:
            out[0] = (f[1] - f[0]) / varargs
            out[n - 1] = (f[n - 1] - f[n - 2]) / varargs
        return out
    return gradient


@helper(rt.gradient_grad)
def _ov_gradient_grad(g, y, f, spacing=1.0, axis=None, edge_order=1):
    _gradient_form(f, spacing, axis, edge_order)
    second = literal(edge_order, 1) == 2

    def gradient_grad(g, y, f, spacing=1.0, axis=None, edge_order=1):
        G = (g + np.zeros(y.shape)) / spacing
        n = G.size
        out = np.zeros(n)
        for i in range(1, n - 1):
            out[i + 1] += 0.5 * G[i]
            out[i - 1] -= 0.5 * G[i]
        if second:
            out[0] -= 1.5 * G[0]
            out[1] += 2.0 * G[0]
            out[2] -= 0.5 * G[0]
            out[n - 1] += 1.5 * G[n - 1]
            out[n - 2] -= 2.0 * G[n - 1]
            out[n - 3] += 0.5 * G[n - 1]
        else:
            out[0] -= G[0]
            out[1] += G[0]
            out[n - 1] += G[n - 1]
            out[n - 2] -= G[n - 1]
        return out
    return gradient_grad


@helper(rt.gradient_grad_spacing)
def _ov_gradient_grad_spacing(g, y, f, spacing=1.0, axis=None, edge_order=1):
    _gradient_form(f, spacing, axis, edge_order)
    return lambda g, y, f, spacing=1.0, axis=None, edge_order=1: -np.sum(g * y) / spacing


@helper(rt.gradient_tangent)
def _ov_gradient_tangent(t, y, f, spacing=1.0, axis=None, edge_order=1):
    _gradient_form(f, spacing, axis, edge_order)
    return lambda t, y, f, spacing=1.0, axis=None, edge_order=1: np.gradient(t + np.zeros(f.shape), spacing,
                                                                              axis, edge_order)


@helper(rt.gradient_tangent_spacing)
def _ov_gradient_tangent_spacing(t, y, f, spacing=1.0, axis=None, edge_order=1):
    _gradient_form(f, spacing, axis, edge_order)
    return lambda t, y, f, spacing=1.0, axis=None, edge_order=1: -y * (t / spacing)


# ---- math functions of sequences -------------------------------------------------------------
def _numbers(seq):
    return is_array(seq) and seq.ndim == 1 or isinstance(seq, (types.List, types.UniTuple)) and isinstance(
        seq.dtype, types.Number)


@overload(math.fsum)
def _ov_fsum(seq):
    if not _numbers(seq):
        return None

    def fsum(seq):      # Neumaier's compensated sum (math.fsum is exactly rounded; this is within an ulp)
        total, comp = 0.0, 0.0
        for v in seq:
            v = v * 1.0
            t = total + v
            comp += (total - t) + v if abs(total) >= abs(v) else (v - t) + total
            total = t
        return total + comp
    return fsum


@overload(math.prod)
def _ov_prod(iterable, start=1):
    if not _numbers(iterable):
        return None

    def prod(iterable, start=1):
        out = start * 1.0
        for v in iterable:
            out *= v
        return out
    return prod


@overload(math.dist)
def _ov_dist(p, q):
    if not (_numbers(p) and _numbers(q)):
        return None

    def dist(p, q):
        if len(p) != len(q):
            raise ValueError("both points must have the same number of dimensions")
        total = 0.0
        for k in range(len(p)):
            total += (p[k] - q[k]) ** 2
        return math.sqrt(total)
    return dist


@helper(rt.dist_grad)
def _ov_dist_grad(g, y, p, q):
    def dist_grad(g, y, p, q):
        diff = np.empty(len(p))
        for k in range(len(p)):
            diff[k] = (p[k] - q[k]) * (g / y if y != 0.0 else 0.0)
        return diff
    return dist_grad


@overload(math.hypot)
def _ov_hypot(x, y=0.0, c2=None, c3=None, c4=None, c5=None):
    given = [n for n, t in zip(("c2", "c3", "c4", "c5"), (c2, c3, c4, c5)) if not is_none(t)]
    lone = isinstance(y, types.Omitted) or not isinstance(y, types.Type)    # hypot(x): y left out
    if not given and not lone:
        return None      # numba's own hypot of two numbers
    squares = " + ".join(f"{n} * {n}" for n in ["x"] + ([] if lone else ["y"]) + given)
    src = f"def hypot(x, y=0.0, c2=None, c3=None, c4=None, c5=None):\n    return math.sqrt({squares})\n"
    return gen(src, "hypot", {"math": math})
