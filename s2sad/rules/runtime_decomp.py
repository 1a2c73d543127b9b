"""Run-time helpers of the factorisation and gather rules (plain NumPy): singular values and the
SVD, QR, the pseudo-inverse, least squares, ``np.take_along_axis``, ``np.pad`` in the modes that
copy elements, ``np.gradient`` and ``math.dist``.

Same contract as :mod:`s2sad.rules.runtime` (to whose namespace each helper is added): one
adjoint or tangent per call, a fresh array, and a refusal (``NoDerivativeError``) where the
derivative does not exist or is not covered, never a guess. Invariant of the factorisations:
each is differentiated only where it is a smooth function of the matrix — distinct, non-zero
singular values when singular vectors are used (a symmetric use of tied singular values is
fine, as for ``eigvalsh``), a full-rank matrix for QR (``m >= n``), ``pinv`` and ``lstsq``
(where the rank drops, the pseudo-inverse jumps). Stacks of matrices work throughout (``@``).
The numba versions are in :mod:`s2sad.backends.numba_helpers.numba_rules_decomp`.
"""
import math

import numpy as np

from ..errors import NoDerivativeError
from .runtime import _out, _public
from .runtime_arrays import pad_grad
from .registry import shape_only
from .ties import TIE, negligible, tied_unevenly


def _mT(m):
    return np.swapaxes(m, -1, -2)


def _diag(v):
    """Stacked diagonal matrices from stacked vectors."""
    return v[..., :, None] * np.eye(v.shape[-1])


def _refuse(what, why, advice):
    raise NoDerivativeError(f"{what}: {why}; s2sad cannot differentiate it there ({advice}).")


# ---- singular values and the SVD -----------------------------------------------------------
def _svd_checks(s, gs, vectors, what):
    """Refuse where the derivative does not exist: tied singular values used unevenly (or through
    the vectors), a zero singular value used (|x| at 0) or its vectors (their sign flips there);
    tied and zero as :mod:`s2sad.rules.ties` decides (within ``ties.TIE`` relative)."""
    if tied_unevenly(s, None if vectors else gs):
        _refuse(what, f"repeated singular values (or nearly: relative gap <= {TIE:g}) used unevenly (or "
                "through the singular vectors)", "use a symmetric function of them, e.g. their sum, or "
                "perturb the matrix")
    zero = negligible(s)
    if np.any(zero & (gs != 0.0)) or (vectors and np.any(zero)):
        _refuse(what, "a zero singular value, where the singular values have a kink and the vectors "
                "are not determined", "the matrix is rank deficient")


@_public
def svdvals_grad(g, a):
    """Gradient of ``np.linalg.svd(a, compute_uv=False)``: U diag(g) V^T (thin factors)."""
    u, s, vt = np.linalg.svd(a, full_matrices=False)
    g = np.broadcast_to(np.asarray(g, dtype=float), s.shape)
    _svd_checks(s, g, False, "the gradient of the singular values")
    return (u * g[..., None, :]) @ vt


@_public
def svdvals_tangent(t, a):
    """Tangent of the singular values: diag(U^T t V). Along a zero tangent (a constant matrix,
    as lstsq's when only its right side moves) zero, even at repeated values."""
    t = np.asarray(t, dtype=float)
    if not np.any(t):
        return np.zeros(np.shape(a)[:-2] + (min(np.shape(a)[-2:]),))
    u, s, vt = np.linalg.svd(a, full_matrices=False)
    # any tie: a tangent's downstream use is unknown, and at a tie the values' order swaps
    _svd_checks(s, np.ones(s.shape), True, "the tangent of the singular values")
    return np.sum(u * (np.asarray(t, dtype=float) @ _mT(vt)), axis=-2)


def _svd_factors(y, a, full_matrices, what):
    u, s, vt = y
    m, n = np.shape(a)[-2:]
    if full_matrices and m != n:
        _refuse(what, "full_matrices=True of a non-square matrix (the extra singular vectors are any basis "
                "of a complement)", "pass full_matrices=False")
    return u, s, vt, m, n


def _svd_F(s):
    d = s[..., None, :] ** 2 - s[..., :, None] ** 2      # F_ij = 1 / (s_j^2 - s_i^2)
    return np.where(np.eye(s.shape[-1]) > 0, 0.0, 1.0 / np.where(d == 0.0, 1.0, d))


@_public
def svd_grad(g, y, a, full_matrices=True, compute_uv=True):
    """Gradient of ``np.linalg.svd(a)``: of the singular values alone (``compute_uv=False``), or
    of ``u, s, vt`` from the adjoints (gu, gs, gvt) (Townsend 2016):
    U [(F o (U^T gU - gU^T U)) S + diag(gs) + S (F o (V^T gV - gV^T V))] V^T plus, for a
    rectangular matrix, the parts of gU, gV outside the spans of U, V."""
    if not compute_uv:
        return svdvals_grad(g, a)
    what = "the gradient of np.linalg.svd"
    gu, gs, gvt = (np.broadcast_to(np.asarray(p, dtype=float), np.shape(q)) for p, q in zip(g, y))
    vectors = bool(np.any(gu != 0.0) or np.any(gvt != 0.0))
    if not vectors:                # only the singular values are used: full_matrices does not matter
        return svdvals_grad(gs, a)
    u, s, vt, m, n = _svd_factors(y, a, full_matrices, what)
    _svd_checks(s, gs, True, what)
    v, gv = _mT(vt), _mT(gvt)
    F, S = _svd_F(s), _diag(s)
    uu, vv = _mT(u) @ gu, vt @ gv
    out = u @ (_diag(gs) + (F * (uu - _mT(uu))) @ S + S @ (F * (vv - _mT(vv)))) @ vt
    if m != n:
        inv = 1.0 / s
        out = out + (gu - u @ (_mT(u) @ gu)) * inv[..., None, :] @ vt \
            + (u * inv[..., None, :]) @ _mT(gv - v @ (vt @ gv))
    return out


@_public
def svd_tangent(t, y, a, full_matrices=True, compute_uv=True):
    """Tangent of the singular values (``compute_uv=False``), or of the triple (U, s, Vt)."""
    if not compute_uv:
        return svdvals_tangent(t, a)
    what = "the tangent of np.linalg.svd"
    u, s, vt, m, n = _svd_factors(y, a, full_matrices, what)
    _svd_checks(s, np.ones(s.shape), True, what)
    v, S, F = _mT(vt), _diag(s), _svd_F(s)
    P = _mT(u) @ np.asarray(t, dtype=float) @ v
    ds = np.diagonal(P, 0, -2, -1).copy()
    du = u @ (F * (P @ S + S @ _mT(P)))
    dv = v @ (F * (S @ P + _mT(P) @ S))
    if m != n:
        inv = 1.0 / s
        du = du + (t @ v - u @ P) * inv[..., None, :]
        dv = dv + (_mT(t) @ u - v @ _mT(P)) * inv[..., None, :]
    return du, ds, _mT(dv)


# ---- QR --------------------------------------------------------------------------------------
def _qr_checks(q, r, a, what):
    m, n = np.shape(a)[-2:]
    if m < n:
        _refuse(what, f"a wide matrix ({m}x{n})", "QR is differentiated for m >= n; factor the transpose")
    if np.any(negligible(np.diagonal(r, 0, -2, -1))):
        _refuse(what, "a rank-deficient matrix (a zero on R's diagonal)", "Q is not determined there")


def _copyltu(M):
    return np.tril(M) + _mT(np.tril(M, -1))


@_public
def qr_grad(g, y, a):
    """Gradient of ``q, r = np.linalg.qr(a)`` (reduced, m >= n, full rank) from (gq, gr):
    (gq + Q copyltu(M)) R^-T with M = R gr^T - gq^T Q (Liao et al. 2019)."""
    q, r = y
    _qr_checks(q, r, a, "the gradient of np.linalg.qr")
    gq, gr = (np.broadcast_to(np.asarray(p, dtype=float), x.shape) for p, x in zip(g, y))
    M = r @ _mT(gr) - _mT(gq) @ q
    rhs = gq + q @ _copyltu(M)      # gA R^T = rhs
    return _mT(np.linalg.solve(r, _mT(rhs)))


@_public
def qr_tangent(t, y, a):
    """Tangents of (Q, R): with C = Q^T t R^-1 and Omega = Q^T dQ (antisymmetric, its strict lower
    triangle that of C, since dR R^-1 is upper triangular): dR = (C - Omega) R and
    dQ = t R^-1 - Q (C - Omega)."""
    q, r = y
    _qr_checks(q, r, a, "the tangent of np.linalg.qr")
    tr = _mT(np.linalg.solve(_mT(r), _mT(np.asarray(t, dtype=float))))    # t R^-1
    C = _mT(q) @ tr
    low = np.tril(C, -1)
    omega = low - _mT(low)
    return q @ omega + tr - q @ C, (C - omega) @ r


# ---- pseudo-inverse and least squares ----------------------------------------------------------
def _full_rank(a, what):
    s = np.linalg.svd(a, compute_uv=False)
    m, n = np.shape(a)[-2:]
    if np.any(s[..., -1] <= max(m, n) * np.finfo(float).eps * s[..., 0]):
        _refuse(what, "a rank-deficient matrix, where the pseudo-inverse jumps",
                "at full rank it is differentiated; regularise, e.g. solve (A^T A + lam I) x = A^T b")


def _pinv_vjp(G, p, a):
    """<G, d pinv(a)> as a gradient wrt a, p = pinv(a) (Golub & Pereyra 1973)."""
    eye_m, eye_n = np.eye(a.shape[-2]), np.eye(a.shape[-1])
    return -_mT(p) @ G @ _mT(p) + (eye_m - a @ p) @ _mT(G) @ p @ _mT(p) \
        + _mT(p) @ p @ _mT(G) @ (eye_n - p @ a)


@_public
def pinv_grad(g, y, a):
    """Gradient of ``np.linalg.pinv(a)`` at a full-rank ``a``."""
    _full_rank(a, "the gradient of np.linalg.pinv")
    return _pinv_vjp(np.asarray(g, dtype=float), y, a)


@_public
def pinv_tangent(t, y, a):
    """Tangent of ``np.linalg.pinv(a)``: -P t P + P P^T t^T (I - A P) + (I - P A) t^T P^T P."""
    _full_rank(a, "the tangent of np.linalg.pinv")
    p, tT = y, _mT(np.asarray(t, dtype=float))
    return -p @ t @ p + p @ _mT(p) @ tT @ (np.eye(a.shape[-2]) - a @ p) \
        + (np.eye(a.shape[-1]) - p @ a) @ tT @ _mT(p) @ p


def _lstsq_parts(g, y):
    gx, gres, _, gs = g
    x, res, _, s = y
    gx = np.broadcast_to(np.asarray(gx, dtype=float), np.shape(x))
    gres = np.broadcast_to(np.asarray(gres, dtype=float), np.shape(res))
    gs = np.broadcast_to(np.asarray(gs, dtype=float), np.shape(s))
    return gx, gres, gs


def _as_matrix(v):
    return v[:, None] if np.ndim(v) == 1 else v


@_public
def lstsq_grad(g, y, a, b, wrt_a=True):
    """Gradient of ``x, residuals, rank, s = np.linalg.lstsq(a, b)`` wrt ``a`` (``wrt_a``) or ``b``
    at a full-rank ``a``: x = pinv(a) b; the residuals |b - a x|^2 (at the optimum, so only their
    explicit dependence counts); ``s`` the singular values of ``a``."""
    _full_rank(a, "the gradient of np.linalg.lstsq")
    gx, gres, gs = _lstsq_parts(g, y)
    x, p = y[0], np.linalg.pinv(a)
    X, GX, B = _as_matrix(x), _as_matrix(gx), _as_matrix(np.asarray(b, dtype=float))
    E = B - a @ X                                           # residual vectors, one column per right side
    GE = 2.0 * E * (gres if np.size(gres) else 0.0)         # d residuals_k / d E[:, k] = 2 E[:, k]
    if not wrt_a:
        return np.reshape(_mT(p) @ GX + GE, np.shape(b))
    out = _pinv_vjp(GX @ _mT(B), p, a) - GE @ _mT(X)
    return out + svdvals_grad(gs, a) if np.any(gs != 0.0) else out


@_public
def lstsq_tangent(ta, tb, y, a, b):
    """Tangents of lstsq's (x, residuals, rank, s) from tangents of ``a`` and ``b`` (full rank)."""
    _full_rank(a, "the tangent of np.linalg.lstsq")
    x, res, rank, s = y
    p = np.linalg.pinv(a)
    ta, tb = np.broadcast_to(np.asarray(ta, dtype=float), np.shape(a)), np.asarray(tb, dtype=float)
    tb = np.broadcast_to(tb, np.shape(b))
    tx = pinv_tangent(ta, p, a) @ b + p @ tb
    E = _as_matrix(np.asarray(b, dtype=float) - a @ x)
    dE = _as_matrix(tb - ta @ x)           # at the optimum d|E|^2 = 2 <E, db - da x>
    tres = 2.0 * np.sum(E * dE, axis=0) if np.size(res) else np.zeros(np.shape(res))
    return tx, np.reshape(tres, np.shape(res)), 0, svdvals_tangent(ta, a)


# ---- gathers along an axis, padding by copies -------------------------------------------------
@_public
@shape_only(1)
def take_along_axis_grad(g, arr, indices, axis=-1):
    """Gradient of ``np.take_along_axis(arr, indices, axis)``: each ``g`` added back where its value
    was read (repeated indices add up)."""
    shape = np.shape(arr)
    out = np.zeros(int(np.prod(shape, dtype=int)) if axis is None else shape)
    g = np.asarray(g, dtype=float)
    if axis is None:
        np.add.at(out, indices, g)
        return out.reshape(shape)
    axis = axis % len(shape)
    idx = []
    for k, n in enumerate(shape):
        if k == axis:
            idx.append(indices)
        else:
            idx.append(np.arange(n).reshape([n if j == k else 1 for j in range(len(shape))]))
    np.add.at(out, tuple(idx), np.broadcast_to(g, np.broadcast_shapes(*(np.shape(i) for i in idx))))
    return out


PAD_COPIES = ("edge", "reflect", "symmetric", "wrap")   # the modes whose padding copies elements


@_public
@shape_only(1)
def pad_copies_grad(g, x, pad_width, mode="constant"):
    """Gradient of ``np.pad(x, pad_width, mode)`` wrt ``x``: the middle of ``g`` (mode 'constant'),
    and for the modes that copy elements, the adjoint of every place each element was copied to."""
    if mode == "constant":
        return pad_grad(g, x, pad_width)
    if mode not in PAD_COPIES:
        raise NoDerivativeError(f"np.pad(mode={mode!r}) is differentiated in modes 'constant' and "
                                f"{', '.join(map(repr, PAD_COPIES))} only.")
    shape = np.shape(x)
    size = int(np.prod(shape, dtype=int))
    where = np.pad(np.arange(size).reshape(shape), pad_width, mode=mode)
    return _out(np.bincount(where.ravel(), np.ravel(g), minlength=size).reshape(shape))


# ---- np.gradient (uniform spacing), math.dist -------------------------------------------------
def _per_axis(y, f, axis):
    """``np.gradient(f)`` of an n-d ``f`` without ``axis``: the tuple of its n one-axis gradients,
    each handled as ``np.gradient(f, axis=k)`` (True), else False."""
    return axis is None and np.ndim(f) > 1 and isinstance(y, (list, tuple)) and len(y) == np.ndim(f)


def _gradient_form(y, f, spacing, axis, edge_order):
    if not isinstance(y, np.ndarray) or np.ndim(spacing) != 0 or edge_order not in (1, 2) \
            or not (axis is None and np.ndim(f) == 1 or isinstance(axis, (int, np.integer))):
        raise NoDerivativeError(
            "np.gradient is differentiated with one scalar spacing (a number) and edge_order 1 or 2, along "
            "one axis (`axis=k`, or a 1-d array) or along every axis of an n-d array (no `axis`); call it "
            "once per axis (`gx, gy = np.gradient(u, h, axis=0), np.gradient(u, h, axis=1)`) otherwise.")
    return 0 if axis is None else axis % np.ndim(f)


@_public
@shape_only(2)
def gradient_grad(g, y, f, spacing=1.0, axis=None, edge_order=1):
    """Gradient of ``np.gradient(f, h, axis=k)`` wrt ``f``: the transpose of its difference stencil
    (central inside, one-sided of order ``edge_order`` at both ends); of an n-d ``f`` without
    ``axis``, the sum of the n one-axis gradients' (``g`` one adjoint per axis)."""
    if _per_axis(y, f, axis):
        return sum(gradient_grad(g[k], y[k], f, spacing, k, edge_order) for k in range(len(y)))
    k = _gradient_form(y, f, spacing, axis, edge_order)
    G = np.moveaxis(np.asarray(g, dtype=float) + np.zeros(np.shape(y)), k, 0) / spacing
    out = np.zeros(G.shape)
    out[2:] += 0.5 * G[1:-1]
    out[:-2] -= 0.5 * G[1:-1]
    ends = ((-1.0, 1.0), (1.0, -1.0)) if edge_order == 1 else ((-1.5, 2.0, -0.5), (1.5, -2.0, 0.5))
    for j, c in enumerate(ends[0]):
        out[j] += c * G[0]
    for j, c in enumerate(ends[1]):
        out[-1 - j] += c * G[-1]
    return np.moveaxis(out, 0, k)


@_public
def gradient_grad_spacing(g, y, f, spacing=1.0, axis=None, edge_order=1):
    """Gradient of ``np.gradient(f, h, ...)`` wrt the scalar spacing ``h``: the result is y ~ 1/h."""
    if _per_axis(y, f, axis):
        return float(sum(gradient_grad_spacing(g[k], y[k], f, spacing, k, edge_order) for k in range(len(y))))
    _gradient_form(y, f, spacing, axis, edge_order)
    return float(-np.sum(np.asarray(g) * y) / spacing)


@_public
def gradient_tangent(t, y, f, spacing=1.0, axis=None, edge_order=1):
    """Tangent of ``np.gradient(f, h, ...)`` from that of ``f`` (the same stencil), the forms covered
    as in reverse mode (of an n-d ``f`` without ``axis``: the tuple of the one-axis tangents)."""
    if _per_axis(y, f, axis):
        return tuple(gradient_tangent(t, y[k], f, spacing, k, edge_order) for k in range(len(y)))
    _gradient_form(y, f, spacing, axis, edge_order)
    return np.gradient(np.asarray(t, dtype=float) + np.zeros(np.shape(f)), spacing, axis=axis, edge_order=edge_order)


@_public
def gradient_tangent_spacing(t, y, f, spacing=1.0, axis=None, edge_order=1):
    """Tangent of ``np.gradient(f, h, ...)`` from that of the scalar spacing ``h``: -y t / h."""
    if _per_axis(y, f, axis):
        return tuple(gradient_tangent_spacing(t, y[k], f, spacing, k, edge_order) for k in range(len(y)))
    _gradient_form(y, f, spacing, axis, edge_order)
    return -y * (t / spacing)


@_public
def dist_grad(g, y, p, q):
    """Gradient of ``math.dist(p, q)`` wrt ``p`` (that of ``q`` is its negative): g (p - q) / y,
    the zero subgradient where p == q (as for np.linalg.norm)."""
    diff = np.asarray(p, dtype=float) - np.asarray(q, dtype=float)
    return diff * (g / y if y != 0.0 else 0.0)


@_public
def hypot_of(w):
    """``math.hypot(*w)`` of a 1-d array ``w`` (frontend/starred_extrema.py), computed by
    ``math.hypot`` itself: the same bits as the user's call."""
    return math.hypot(*w)
