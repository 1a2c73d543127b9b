"""numba versions of the matrix decompositions' helpers of :mod:`s2sad.rules.runtime_decomp`
and the forms numba lacks around them (``np.linalg.svd(a, compute_uv=False)``, ``svdvals``).

Covered for one matrix (not stacks): the singular values and vectors, the pseudo-inverse, QR,
least squares (their tuple adjoints are tuples of arrays updated item by item,
:mod:`s2sad.backends.numba_tuples`). The tangent of lstsq is refused (``TypingError`` ->
``JitError``, naming the line and ``jit=False``), as is any other form. The points where the
derivative does not exist raise ``NoDerivativeError`` in the compiled code too. The other
helpers of ``runtime_decomp`` (gathers, padding, ``np.gradient``, ``math``'s sequence
functions) are in :mod:`.numba_rules_gathers`.
"""

import numpy as np
from numba import njit, types
from numba.extending import overload

from ...errors import NoDerivativeError
from ...rules import runtime as rt
from .numba_rules_base import (
    constant,
    flat,
    helper,
    is_array,
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
    refuse("the tangent of np.linalg.lstsq (a tuple of arrays of different shapes) is not compiled: for a "
           "matrix `A` of full column rank write the solution as `np.linalg.solve(A.T @ A, A.T @ b)`, "
           "whose hvp compiles")
