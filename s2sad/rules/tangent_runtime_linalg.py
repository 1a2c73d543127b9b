"""Helpers the forward rules of ``tangents_adjoint_linalg.py`` call at run time (plain NumPy): the
changes of the gradient helpers of ``np.corrcoef``, ``np.quantile``, ``np.vander`` and
``np.linalg``'s ``matrix_power``, ``pinv``, ``cholesky``, ``eigvalsh``, ``eigh`` and the singular
values, ``lstsq`` and ``qr`` along a primal's tangent, and the tetragamma function (the derivative of ``trigamma``). What hvp (forward over reverse) needs beyond applying a helper to the incoming
gradient's tangent.

Each change is linear in the tangent it is given and exact (no differences): a product rule of the
gradient's closed form. Like the other helpers they live in ``s2sad.rules.runtime`` for the
backends; their numba versions are in ``backends/numba_helpers/numba_rules_tangents_linalg.py``.
"""
import math

import numpy as np

from .runtime import _out, _public
from .runtime_decomp import (
    _as_matrix,
    _copyltu,
    _full_rank,
    _lstsq_parts,
    _mT,
    _pinv_vjp,
    _qr_checks,
    _svd_checks,
    pinv_tangent,
    qr_tangent,
    svd_tangent,
)
from .runtime_linalg import _check_ties, _eigh, _phi, _read_triangle, _symmetric
from .runtime_numeric import vander_derivative
from .runtime_pieces import _corr, matrix_power_grad
from .runtime_stats import _quantile_rows, cov_grad, cov_tangent
from .tangent_runtime_svd import svd_vectors_change


# ---- np.corrcoef --------------------------------------------------------------------------
@_public
def corrcoef_grad_dx(g, x, t, rowvar=True):
    """Change of ``corrcoef_grad(g, x, rowvar)`` when ``x`` moves by ``t``. That gradient is
    cov_grad(gC, x) with gC = G / (s s^T) - diag(w / (2 d)), d = diag C, s = sqrt(d),
    w = rowsum(G R) + colsum(G R); cov_grad is bilinear, so the change is
    cov_grad(dgC, x) + cov_grad(gC, t), where with u = diag(dC) / (2 d):
    dgC = -G / (s s^T) (u_i + u_j) - diag(dw / (2 d) - w u / d), dw that of w with dR for R."""
    if np.ndim(np.cov(x, rowvar=rowvar)) == 0:     # one variable: R = 1, its gradient 0
        return _out(np.zeros(np.shape(x)))
    c, ss, r = _corr(x, rowvar)
    t = np.broadcast_to(np.asarray(t, dtype=float), np.shape(x))
    gg = np.broadcast_to(np.asarray(g, dtype=float), c.shape)
    d = np.diagonal(c)
    tc = np.atleast_2d(cov_tangent(t, x, rowvar, False, None))
    u = np.diagonal(tc) / (2.0 * d)
    uu = u[:, None] + u[None, :]
    tr = tc / ss - r * uu
    w = (gg * r).sum(axis=1) + (gg * r).sum(axis=0)
    dw = (gg * tr).sum(axis=1) + (gg * tr).sum(axis=0)
    gc = gg / ss - np.diag(w / (2.0 * d))
    dgc = -gg / ss * uu - np.diag(dw / (2.0 * d) - w * u / d)
    return cov_grad(dgc, x, rowvar, False, None) + cov_grad(gc, t, rowvar, False, None)


# ---- np.linalg.matrix_power ------------------------------------------------------------------
def _blocks(top_left, top_right, bottom_left, bottom_right):
    return np.concatenate([np.concatenate([top_left, top_right], axis=-1),
                           np.concatenate([bottom_left, bottom_right], axis=-1)], axis=-2)


@_public
def matrix_power_grad_da(g, a, n, t):
    """Change of ``matrix_power_grad(g, a, n)`` when ``a`` moves by ``t``. The gradient is built
    from products of A^T (n > 0), or of B^T, B = inv(A) (n < 0), around g. Evaluated at the
    block matrix [[A, 0], [t, A]] with g on both diagonal blocks, every A^T (and B^T) becomes
    [[A^T, dA^T], [0, A^T]] (upper block triangular), and a product of such blocks carries the
    product rule in its upper right block: that block is the change."""
    a = np.asarray(a, dtype=float)
    t = np.broadcast_to(np.asarray(t, dtype=float), a.shape)
    g = np.broadcast_to(np.asarray(g, dtype=float), a.shape)
    z = np.zeros(a.shape)
    m = a.shape[-1]
    return matrix_power_grad(_blocks(g, z, z, g), _blocks(a, z, t, a), n)[..., :m, m:]


# ---- np.linalg.pinv -------------------------------------------------------------------------
def _pinv_vjp_d(G, p, a, dp, da):
    """Change of ``runtime_decomp._pinv_vjp(G, p, a)`` = -P^T G P^T + (I - A P) G^T P P^T
    + P^T P G^T (I - P A) when P and A move by ``dp``, ``da`` (G fixed): its product rule."""
    pT, dpT, GT = _mT(p), _mT(dp), _mT(G)
    em, dem = np.eye(a.shape[-2]) - a @ p, -(da @ p + a @ dp)
    en, den = np.eye(a.shape[-1]) - p @ a, -(dp @ a + p @ da)
    return -(dpT @ G @ pT + pT @ G @ dpT) \
        + dem @ GT @ p @ pT + em @ GT @ (dp @ pT + p @ dpT) \
        + (dpT @ p + pT @ dp) @ GT @ en + pT @ p @ GT @ den


@_public
def pinv_grad_da(g, y, a, t):
    """Change of ``pinv_grad(g, y, a)`` (y = pinv(a)) when ``a`` moves by ``t``, P = pinv(a)
    moving by ``pinv_tangent``."""
    _full_rank(a, "the second derivative of np.linalg.pinv")
    a, p = np.asarray(a, dtype=float), np.asarray(y, dtype=float)
    da = np.broadcast_to(np.asarray(t, dtype=float), a.shape)
    return _pinv_vjp_d(np.broadcast_to(np.asarray(g, dtype=float), p.shape), p, a, pinv_tangent(da, p, a), da)


# ---- np.linalg.lstsq ------------------------------------------------------------------------
def _lstsq_change(g, y, a, b, ta, tb, wrt_a):
    """Change of ``lstsq_grad(g, y, a, b, wrt_a)`` when ``a``, ``b`` move by ``ta``, ``tb`` (full
    rank): x = P b moves by dX = dP B + P dB, the residual E = B - A X by dE = dB - dA X - A dX."""
    _full_rank(a, "the second derivative of np.linalg.lstsq")
    gx, gres, gs = _lstsq_parts(g, y)
    a = np.asarray(a, dtype=float)
    p = np.linalg.pinv(a)
    da = np.broadcast_to(np.asarray(ta, dtype=float), a.shape)
    X, GX, B = _as_matrix(y[0]), _as_matrix(gx), _as_matrix(np.asarray(b, dtype=float))
    dB = _as_matrix(np.broadcast_to(np.asarray(tb, dtype=float), np.shape(b)))
    dp = pinv_tangent(da, p, a)
    dX = dp @ B + p @ dB
    E, dE = B - a @ X, dB - da @ X - a @ dX
    scale = 2.0 * (gres if np.size(gres) else 0.0)      # the residuals' adjoint: 2 E gres
    if not wrt_a:
        return np.reshape(_mT(dp) @ GX + dE * scale, np.shape(b))
    out = _pinv_vjp_d(GX @ _mT(B), p, a, dp, da) + _pinv_vjp(GX @ _mT(dB), p, a) \
        - (dE * scale) @ _mT(X) - (E * scale) @ _mT(dX)
    return out + svdvals_grad_da(gs, a, da) if np.any(gs != 0.0) else out


@_public
def lstsq_grad_da(g, y, a, b, t, wrt_a=True):
    """Change of ``lstsq_grad(g, y, a, b, wrt_a)`` when ``a`` moves by ``t``."""
    return _lstsq_change(g, y, a, b, t, 0.0, wrt_a)


@_public
def lstsq_grad_db(g, y, a, b, t, wrt_a=True):
    """Change of ``lstsq_grad(g, y, a, b, wrt_a)`` when ``b`` moves by ``t``."""
    return _lstsq_change(g, y, a, b, 0.0, t, wrt_a)


# ---- np.linalg.qr ---------------------------------------------------------------------------
@_public
def qr_grad_da(g, y, a, t):
    """Change of ``qr_grad(g, y, a)`` when ``a`` moves by ``t`` (reduced QR, m >= n, full rank). The
    gradient is gA = rhs R^-T, rhs = gQ + Q copyltu(M), M = R gR^T - gQ^T Q; with (dQ, dR) from
    ``qr_tangent``: dM = dR gR^T - gQ^T dQ, drhs = dQ copyltu(M) + Q copyltu(dM), and the change is
    (drhs - gA dR^T) R^-T."""
    q, r = y
    _qr_checks(q, r, a, "the second derivative of np.linalg.qr")
    gq, gr = (np.broadcast_to(np.asarray(p, dtype=float), x.shape) for p, x in zip(g, y))
    dq, dr = qr_tangent(np.broadcast_to(np.asarray(t, dtype=float), np.shape(a)), y, a)
    M, dM = r @ _mT(gr) - _mT(gq) @ q, dr @ _mT(gr) - _mT(gq) @ dq
    gA = _mT(np.linalg.solve(r, _mT(gq + q @ _copyltu(M))))
    drhs = dq @ _copyltu(M) + q @ _copyltu(dM)
    return _mT(np.linalg.solve(r, _mT(drhs - gA @ _mT(dr))))


# ---- np.linalg.cholesky, eigvalsh, svdvals ----------------------------------------------------
@_public
def cholesky_grad_dL(g, L, t):
    """Change of ``cholesky_grad(g, L)`` (the triangle read of L^-T Phi(L^T g) L^-1) when the factor
    ``L`` moves by ``t`` (the tangent of cholesky(a)): L^-1 moves by -L^-1 t L^-1, Phi is linear."""
    L = np.asarray(L, dtype=float)
    g, t = (np.broadcast_to(np.asarray(v, dtype=float), L.shape) for v in (g, t))
    Li = np.linalg.inv(L)
    dLi = -Li @ t @ Li
    phi, dphi = _phi(_mT(L) @ g), _phi(_mT(t) @ g)
    return _read_triangle(_mT(dLi) @ phi @ Li + _mT(Li) @ dphi @ Li + _mT(Li) @ phi @ dLi)


@_public
def eigvalsh_grad_da(g, a, t, UPLO="L"):
    """Change of ``eigvalsh_grad(g, a)`` (V diag(g) V^T) when ``a`` moves by ``t``: with
    P = V^T t V, dV = V (F * P), F_ij = 1 / (w_j - w_i), it is V (P * D) V^T with
    D_ij = (g_j - g_i) / (w_j - w_i) (0 on the diagonal). Refused at repeated eigenvalues (the
    eigenvectors, and so this change, are not determined there)."""
    w, V = _eigh(a, UPLO)
    g = np.broadcast_to(np.asarray(g, dtype=float), w.shape)
    _check_ties(w, None, "the second derivative of np.linalg.eigvalsh")
    P = _mT(V) @ _symmetric(np.broadcast_to(np.asarray(t, dtype=float), np.shape(a)), UPLO == "U") @ V
    eye = np.eye(w.shape[-1])
    gaps = w[..., None, :] - w[..., :, None]
    D = np.where(eye > 0, 0.0, (g[..., None, :] - g[..., :, None]) / np.where(eye > 0, 1.0, gaps))
    return _read_triangle(V @ (P * D) @ _mT(V), UPLO == "U")


@_public
def svdvals_grad_da(g, a, t):
    """Change of ``svdvals_grad(g, a)`` (U diag(g) V^T, thin factors) when ``a`` moves by ``t``:
    dU diag(g) V^T + U diag(g) dV^T from the factors' tangents (``svd_tangent``, which refuses
    repeated and zero singular values: the singular vectors are not determined there)."""
    a = np.asarray(a, dtype=float)
    u, s, vt = np.linalg.svd(a, full_matrices=False)
    g = np.broadcast_to(np.asarray(g, dtype=float), s.shape)
    _svd_checks(s, np.ones(s.shape), True, "the second derivative of the singular values")
    du, _, dvt = svd_tangent(np.broadcast_to(np.asarray(t, dtype=float), a.shape), (u, s, vt), a, False)
    return (du * g[..., None, :]) @ vt + (u * g[..., None, :]) @ dvt


@_public
def svd_grad_da(g, y, a, t, full_matrices=True, compute_uv=True):
    """Change of ``svd_grad(g, y, a, ...)`` when ``a`` moves by ``t``: that of ``svdvals_grad``
    where only the singular values are used, else through the vectors (``tangent_runtime_svd``)."""
    if not compute_uv:
        return svdvals_grad_da(g, a, t)
    gu, gs, gvt = g
    if np.any(np.asarray(gu) != 0.0) or np.any(np.asarray(gvt) != 0.0):
        return svd_vectors_change(g, y, a, t, full_matrices)
    return svdvals_grad_da(gs, a, t)


@_public
def eigh_grad_da(g, y, a, t, UPLO="L"):
    """Change of ``eigh_grad(g, y, a)`` (the triangle read of V M V^T, M = diag(gw) + F * (V^T gV),
    F_ij = 1 / (w_j - w_i)) when ``a`` moves by ``t``: with P = V^T t V, dw = diag(P) and
    dV = V K, K = F * P, it is V (K M + M K^T + dM) V^T, dM = dF * (V^T gV) + F * (K^T V^T gV),
    dF_ij = -F_ij^2 (dw_j - dw_i). Refused at repeated eigenvalues."""
    w, V = y
    _check_ties(w, None, "the second derivative of np.linalg.eigh")
    gw = np.broadcast_to(np.asarray(g[0], dtype=float), w.shape)
    vg = _mT(V) @ np.broadcast_to(np.asarray(g[1], dtype=float), V.shape)
    P = _mT(V) @ _symmetric(np.broadcast_to(np.asarray(t, dtype=float), np.shape(a)), UPLO == "U") @ V
    eye = np.eye(w.shape[-1])
    F = np.where(eye > 0, 0.0, 1.0 / np.where(eye > 0, 1.0, w[..., None, :] - w[..., :, None]))
    dw = np.diagonal(P, 0, -2, -1)
    K = F * P
    M = gw[..., :, None] * eye + F * vg
    dM = -F * F * (dw[..., None, :] - dw[..., :, None]) * vg + F * (_mT(K) @ vg)
    return _read_triangle(V @ (K @ M + M @ _mT(K) + dM) @ _mT(V), UPLO == "U")


# ---- np.vander ------------------------------------------------------------------------------
@_public
def vander_curvature(x, N=None, increasing=False):
    """The second derivative of each column of ``np.vander(x, N, increasing)`` in ``x``:
    ``p (p - 1) x**(p - 2)`` for the column of power ``p``."""
    return vander_derivative(x, N, increasing, 2)


# ---- np.quantile, np.percentile (method 'linear') ------------------------------------------------
def _pieces_left_at_one(lo, n):
    """The order statistics (lo, lo + 1) of each quantile's piece, the piece to the left at q = 1
    (as ``_quantile_slopes`` takes)."""
    lo2 = np.minimum(lo, max(n - 2, 0))
    return lo2, np.minimum(lo2 + 1, n - 1)


@_public
def quantile_grad_dq(g, a, q, t_q, axis=None, keepdims=False, scale=1.0):
    """Change of ``quantile_grad(g, a, q, ...)`` when ``q`` moves by ``t_q``: each quantile's
    fraction moves by (n - 1) t_q / scale, taking that share of ``g`` from its lower order
    statistic to its upper one (which ones is piecewise constant in ``a`` and ``q``)."""
    rows, order, lo, _, _, (shape, back) = _quantile_rows(a, q, axis, scale)
    n = rows.shape[1]
    lo2, hi2 = _pieces_left_at_one(lo, n)
    gq = np.reshape(np.asarray(g, dtype=float), (lo.size, rows.shape[0]))
    dfrac = np.ravel(np.broadcast_to(np.asarray(t_q, dtype=float), np.shape(q))) * ((n - 1) / scale)
    w = np.zeros(rows.shape)
    r = np.arange(rows.shape[0])
    for k in range(lo.size):
        np.add.at(w, (r, order[:, lo2[k]]), -dfrac[k] * gq[k])
        np.add.at(w, (r, order[:, hi2[k]]), dfrac[k] * gq[k])
    return _out(np.transpose(w.reshape(shape), back))


@_public
def quantile_grad_q_da(g, a, q, t_a, axis=None, keepdims=False, scale=1.0):
    """Change of ``quantile_grad_q(g, a, q, ...)`` (g times the slope (s[hi] - s[lo]) (n - 1) / scale
    of the sorted values s) when ``a`` moves by ``t_a``: the same slope of ``t_a`` taken in a's order."""
    rows, order, lo, _, _, (_, back) = _quantile_rows(a, q, axis, scale)
    n = rows.shape[1]
    lo2, hi2 = _pieces_left_at_one(lo, n)
    trows = np.transpose(np.broadcast_to(np.asarray(t_a, dtype=float), np.shape(a)), np.argsort(back))
    ts = np.take_along_axis(trows.reshape(rows.shape), order, 1)
    slopes = (ts[:, hi2] - ts[:, lo2]).T * ((n - 1) / scale)
    gq = np.reshape(np.asarray(g, dtype=float), slopes.shape)
    return _out(np.reshape(np.sum(gq * slopes, axis=1), np.shape(q)))


# ---- the tetragamma function ------------------------------------------------------------------
def _tetragamma1(x):
    """psi''(x): reflection for x < 0.5 (psi''(x) = psi''(1 - x) - 2 pi^3 cos(pi x) / sin^3(pi x)),
    the recurrence psi''(x) = psi''(x + 1) - 2 / x^3 up to x >= 10, then the asymptotic series
    -1/x^2 - 1/x^3 - sum_k B_2k (2k + 1) / x^(2k + 2); the poles (0, -1, ...) give nan."""
    if x <= 0.0 and x == math.floor(x):
        return math.nan
    acc = 0.0
    if x < 0.5:
        q = math.pi / math.sin(math.pi * x)     # (not / s**3: s * s * s underflows to 0 for |x| < 1e-103)
        acc = -2.0 * math.cos(math.pi * x) * q * q * q
        x = 1.0 - x
    while x < 10.0:
        acc -= 2.0 / (x * x * x)
        x += 1.0
    r = 1.0 / (x * x)
    series = 1.0 + 1.0 / x + r * (0.5 - r * (1.0 / 6 - r * (1.0 / 6 - r * (3.0 / 10 - r * (5.0 / 6)))))
    return acc - r * series


@_public
def tetragamma(x):
    """The tetragamma function psi''(x) (the derivative of trigamma) of a number or an array."""
    if np.ndim(x) == 0:
        return _tetragamma1(float(x))
    return np.vectorize(_tetragamma1, otypes=[float])(x)
