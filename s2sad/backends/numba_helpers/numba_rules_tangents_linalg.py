"""numba versions of the helpers of :mod:`s2sad.rules.tangent_runtime_linalg` (the second-order
changes of the gradients of ``np.corrcoef``, ``np.linalg.matrix_power``, ``pinv``, ``cholesky``,
``eigvalsh``, ``eigh``, the singular values, ``np.vander`` and ``np.quantile``, and the
tetragamma function), for hvp(jit=True). They cover the forms the first-order numba helpers
cover (one matrix, not a stack; ``np.corrcoef`` of a 2-d array); another form raises
``TypingError`` (a located ``JitError`` for the user), never a wrong number.
"""
import numpy as np
from numba import njit

from ...rules import runtime as rt
from ...rules import tangent_runtime_linalg as tl
from .numba_rules_base import flat, helper, is_array, like, refuse
from .numba_rules_decomp import _check_values, _full_rank, _matrix, _values_only
from .numba_rules_linalg import _gaps, _phi, _read_triangle, _symmetric, _ties
from .numba_rules_linalg import _matrix as _one_matrix
from .numba_rules_numeric import vander_derivative
from .numba_rules_pieces import _centred, _square, _variables
from .numba_rules_stats import _quantile_piece, _unary, _whole
from .numba_runtime import COVERED

_tetragamma_nb = njit(tl._tetragamma1)
_unary(rt.tetragamma, _tetragamma_nb)
COVERED.add("tetragamma")


@njit(cache=False)
def _cov_back(gc, xc, rowvar):
    """np.cov's adjoint (divisor n - 1) of ``gc`` for the centred rows ``xc``, in x's layout."""
    out = (gc + gc.T) @ xc / (xc.shape[1] - 1)
    return np.ascontiguousarray(out) if rowvar else np.ascontiguousarray(out.T)


@helper(tl.corrcoef_grad_dx)
def _ov_corrcoef_grad_dx(g, x, t, rowvar=True):
    _variables("the second derivative of np.corrcoef", x)

    def corrcoef_grad_dx(g, x, t, rowvar=True):
        xc, c = _centred(x, rowvar)
        tcr, _ = _centred(t + np.zeros(x.shape), rowvar)
        tc = (tcr @ xc.T + xc @ tcr.T) / (xc.shape[1] - 1)
        d = np.diag(c).copy()
        s = np.sqrt(d)
        ss = np.outer(s, s)
        gg = g + np.zeros(c.shape)
        r = c / ss
        u = np.diag(tc) / (2.0 * d)
        uu = u.reshape(-1, 1) + u.reshape(1, -1)
        tr = tc / ss - r * uu
        w = (gg * r).sum(axis=1) + (gg * r).sum(axis=0)
        dw = (gg * tr).sum(axis=1) + (gg * tr).sum(axis=0)
        gc = gg / ss - np.diag(w / (2.0 * d))
        dgc = -gg / ss * uu - np.diag(dw / (2.0 * d) - w * u / d)
        return _cov_back(dgc, xc, rowvar) + _cov_back(gc, tcr, rowvar)
    return corrcoef_grad_dx


@njit(cache=False)
def _blocks(top_left, top_right, bottom_left, bottom_right):
    m = top_left.shape[0]
    out = np.empty((2 * m, 2 * m))
    out[:m, :m], out[:m, m:] = top_left, top_right
    out[m:, :m], out[m:, m:] = bottom_left, bottom_right
    return out


@helper(tl.matrix_power_grad_da)
def _ov_matrix_power_grad_da(g, a, n, t):
    _square("the second derivative of np.linalg.matrix_power", a)

    def matrix_power_grad_da(g, a, n, t):     # as the Python helper: the block matrix's upper right
        a = a * 1.0
        z = np.zeros(a.shape)
        gg, tt = g + z, t + z
        m = a.shape[0]
        return np.ascontiguousarray(rt.matrix_power_grad(_blocks(gg, z, z, gg), _blocks(a, z, tt, a), n)[:m, m:])
    return matrix_power_grad_da


@helper(tl.pinv_grad_da)
def _ov_pinv_grad_da(g, y, a, t):
    _matrix("the second derivative of np.linalg.pinv", a)

    def pinv_grad_da(g, y, a, t):
        _full_rank(a)
        p = y * 1.0
        da, G = t + np.zeros(a.shape), g + np.zeros(p.shape)
        dp = rt.pinv_tangent(da, p, a)
        pT, dpT, GT = np.ascontiguousarray(p.T), np.ascontiguousarray(dp.T), np.ascontiguousarray(G.T)
        em, dem = np.eye(a.shape[0]) - a @ p, -(da @ p + a @ dp)
        en, den = np.eye(a.shape[1]) - p @ a, -(dp @ a + p @ da)
        return -(dpT @ G @ pT + pT @ G @ dpT) \
            + dem @ GT @ p @ pT + em @ GT @ (dp @ pT + p @ dpT) \
            + (dpT @ p + pT @ dp) @ GT @ en + pT @ p @ GT @ den
    return pinv_grad_da


# ---- Cholesky, eigvalsh, singular values (one matrix) ------------------------------------------
@helper(tl.cholesky_grad_dL)
def _ov_cholesky_grad_dL(g, L, t):
    _one_matrix("the second derivative of np.linalg.cholesky", L)

    def cholesky_grad_dL(g, L, t):
        gg, tt = g + np.zeros(L.shape), t + np.zeros(L.shape)
        Li = np.linalg.inv(np.ascontiguousarray(L))
        dLi = -Li @ tt @ Li
        phi, dphi = _phi(L.T @ gg), _phi(tt.T @ gg)
        return _read_triangle(dLi.T @ phi @ Li + Li.T @ dphi @ Li + Li.T @ phi @ dLi, False)
    return cholesky_grad_dL


@helper(tl.eigvalsh_grad_da)
def _ov_eigvalsh_grad_da(g, a, t, UPLO="L"):
    _one_matrix("the second derivative of np.linalg.eigvalsh", a)

    def eigvalsh_grad_da(g, a, t, UPLO="L"):
        upper = UPLO == "U"
        w, V = np.linalg.eigh(_symmetric(a * 1.0, upper))
        gw = flat(g) + np.zeros(w.size)
        _ties(w, w, True)
        P = V.T @ _symmetric(t + np.zeros(a.shape), upper) @ V
        D = np.zeros(P.shape)
        for i in range(w.size):
            for j in range(w.size):
                if i != j:
                    D[i, j] = (gw[j] - gw[i]) / (w[j] - w[i])
        return _read_triangle(V @ (P * D) @ V.T, upper)
    return eigvalsh_grad_da


@njit(cache=False)
def _svd_factor_tangents(t, u, s, vt):
    """(dU, dVt) of the thin SVD along ``t``, as runtime_decomp.svd_tangent."""
    v = np.ascontiguousarray(vt.T)
    P = u.T @ t @ v
    S = np.diag(s)
    F = np.zeros(P.shape)
    for i in range(s.size):
        for j in range(s.size):
            if i != j:
                F[i, j] = 1.0 / (s[j] ** 2 - s[i] ** 2)
    du = u @ (F * (P @ S + S @ P.T))
    dv = v @ (F * (S @ P + P.T @ S))
    if t.shape[0] != t.shape[1]:
        du = du + (t @ v - u @ P) / s.reshape(1, -1)
        dv = dv + (t.T @ u - v @ P.T) / s.reshape(1, -1)
    return du, np.ascontiguousarray(dv.T)


@helper(tl.svdvals_grad_da)
def _ov_svdvals_grad_da(g, a, t):
    _one_matrix("the second derivative of the singular values", a)

    def svdvals_grad_da(g, a, t):
        u, s, vt = np.linalg.svd(np.ascontiguousarray(a * 1.0), False)
        gs = (flat(g) + np.zeros(s.size)).reshape(1, -1)
        _check_values(s, np.ones(s.size), True)
        du, dvt = _svd_factor_tangents(t + np.zeros(a.shape), u, s, vt)
        return (du * gs) @ vt + (u * gs) @ dvt
    return svdvals_grad_da


@helper(tl.svd_grad_da)
def _ov_svd_grad_da(g, y, a, t, full_matrices=True, compute_uv=True):
    _values_only("the second derivative of np.linalg.svd", compute_uv)
    _one_matrix("the second derivative of np.linalg.svd", a)
    return lambda g, y, a, t, full_matrices=True, compute_uv=True: tl.svdvals_grad_da(g, a, t)


@helper(tl.eigh_grad_da)
def _ov_eigh_grad_da(g, y, a, t, UPLO="L"):
    _one_matrix("the second derivative of np.linalg.eigh", a)

    def eigh_grad_da(g, y, a, t, UPLO="L"):     # as the Python helper, for one matrix
        w, V = y
        _ties(w, w, True)
        upper = UPLO == "U"
        gw = flat(g[0]) + np.zeros(w.size)
        vg = V.T @ (g[1] + np.zeros(V.shape))
        P = V.T @ _symmetric(t + np.zeros(a.shape), upper) @ V
        F = _gaps(w)
        dw = np.diag(P).copy()
        K = F * P
        M = np.diag(gw) + F * vg
        dM = -F * F * (dw.reshape(1, -1) - dw.reshape(-1, 1)) * vg + F * (K.T @ vg)
        return _read_triangle(V @ (K @ M + M @ K.T + dM) @ V.T, upper)
    return eigh_grad_da


# ---- np.vander ----------------------------------------------------------------------------------
@helper(tl.vander_curvature)
def _ov_vander_curvature(x, N=None, increasing=False):
    if not (is_array(x) and x.ndim == 1):
        refuse(f"the second derivative of np.vander of {x}")

    def vander_curvature(x, N=None, increasing=False):
        return vander_derivative(x * 1.0, x.shape[0] if N is None else N, increasing, 2)
    return vander_curvature


# ---- quantiles over the whole array (as the first-order numba helpers) ----------------------------
@njit(cache=False)
def _left_piece(n, q):
    """The order statistics (lo, hi) of the piece quantile ``q`` interpolates on (the left one at 1)."""
    lo, _, _ = _quantile_piece(n, q)
    lo = min(lo, max(n - 2, 0))
    return lo, min(lo + 1, n - 1)


@helper(tl.quantile_grad_dq)
def _ov_quantile_grad_dq(g, a, q, t_q, axis=None, keepdims=False, scale=1.0):
    _whole("np.quantile/np.percentile", axis, "the second derivative")

    def quantile_grad_dq(g, a, q, t_q, axis=None, keepdims=False, scale=1.0):
        xs, qs, gs = flat(a), flat(q) / scale, flat(g)
        ts = flat(t_q) + np.zeros(qs.size)
        order = np.argsort(xs, kind="mergesort")
        out = np.zeros(xs.size)
        for k in range(qs.size):
            lo, hi = _left_piece(xs.size, qs[k])
            moved = ts[k] * ((xs.size - 1) / scale) * gs[k]
            out[order[lo]] -= moved
            out[order[hi]] += moved
        return like(out, a)
    return quantile_grad_dq


@helper(tl.quantile_grad_q_da)
def _ov_quantile_grad_q_da(g, a, q, t_a, axis=None, keepdims=False, scale=1.0):
    _whole("np.quantile/np.percentile", axis, "the second derivative")

    def quantile_grad_q_da(g, a, q, t_a, axis=None, keepdims=False, scale=1.0):
        xs, qs, gs = flat(a), flat(q) / scale, flat(g)
        ts = flat(t_a) + np.zeros(xs.size)
        order = np.argsort(xs, kind="mergesort")
        out = np.empty(qs.size)
        for k in range(qs.size):
            lo, hi = _left_piece(xs.size, qs[k])
            out[k] = gs[k] * (ts[order[hi]] - ts[order[lo]]) * ((xs.size - 1) / scale)
        return like(out, q)
    return quantile_grad_q_da


# ---- np.linalg.lstsq: its adjoint is a tuple of arrays of different shapes, which numba cannot hold
# (the first derivative is refused before these are reached); refused, never compiled half-way
@helper(tl.lstsq_grad_da)
def _ov_lstsq_grad_da(g, y, a, b, t, wrt_a=True):
    refuse("the second derivative of np.linalg.lstsq (its adjoint is a tuple numba cannot hold)")


@helper(tl.lstsq_grad_db)
def _ov_lstsq_grad_db(g, y, a, b, t, wrt_a=True):
    refuse("the second derivative of np.linalg.lstsq (its adjoint is a tuple numba cannot hold)")


@helper(tl.qr_grad_da)
def _ov_qr_grad_da(g, y, a, t):
    """As tangent_runtime_linalg.qr_grad_da: the adjoint pair (gQ, gR) arrives as a tuple
    (numba_tuples), the tangents (dQ, dR) from qr_tangent's numba version."""
    _matrix("the second derivative of np.linalg.qr", a)

    def qr_grad_da(g, y, a, t):
        q, r = y
        gq, gr = g[0] + np.zeros(q.shape), g[1] + np.zeros(r.shape)
        dq, dr = rt.qr_tangent(t + np.zeros(a.shape), y, a)
        M, dM = r @ gr.T - gq.T @ q, dr @ gr.T - gq.T @ dq
        gA = np.linalg.solve(r, (gq + q @ (np.tril(M) + np.tril(M, -1).T)).T).T
        drhs = dq @ (np.tril(M) + np.tril(M, -1).T) + q @ (np.tril(dM) + np.tril(dM, -1).T)
        return np.linalg.solve(r, (drhs - gA @ dr.T).T).T
    return qr_grad_da
