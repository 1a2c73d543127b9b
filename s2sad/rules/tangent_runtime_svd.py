"""The change of ``svd_grad`` (the gradient of ``u, s, vt = np.linalg.svd(a)``) through the singular
vectors when ``a`` moves by ``t``: the product rule of its closed form (Townsend 2016, as
``runtime_decomp.svd_grad`` writes it), with the factors' tangents from ``svd_tangent`` (which
refuses repeated and zero singular values, where the vectors are not determined). Plain NumPy,
stacks included; called by ``tangent_runtime_linalg.svd_grad_da``.
"""
import numpy as np

from .runtime_decomp import _diag, _mT, _svd_F, _svd_factors, svd_tangent


def _dF(F, s, ds):
    """Change of F_ij = 1 / (s_j^2 - s_i^2): -F_ij^2 (2 s_j ds_j - 2 s_i ds_i)."""
    sds = 2.0 * s * ds
    return -F * F * (sds[..., None, :] - sds[..., :, None])


def _antisym(F, m):
    return F * (m - _mT(m))


def svd_vectors_change(g, y, a, t, full_matrices):
    """Change of U [diag(gs) + (F o (U^T gU - gU^T U)) S + S (F o (V^T gV - gV^T V))] V^T (plus,
    for a rectangular matrix, the parts of gU, gV outside the spans of U, V) along ``t``."""
    u, s, vt, m, n = _svd_factors(y, a, full_matrices, "the second derivative of np.linalg.svd")
    gu, gs, gvt = (np.broadcast_to(np.asarray(p, dtype=float), np.shape(q)) for p, q in zip(g, y))
    du, ds, dvt = svd_tangent(np.broadcast_to(np.asarray(t, dtype=float), np.shape(a)), y, a, full_matrices, True)
    gv, dv = _mT(gvt), _mT(dvt)
    F, S, dS = _svd_F(s), _diag(s), _diag(ds)
    dF = _dF(F, s, ds)
    uu, vv, duu, dvv = _mT(u) @ gu, vt @ gv, _mT(du) @ gu, dvt @ gv
    J, K = _antisym(F, uu), _antisym(F, vv)
    dJ, dK = _antisym(dF, uu) + _antisym(F, duu), _antisym(dF, vv) + _antisym(F, dvv)
    inner = _diag(gs) + J @ S + S @ K
    dinner = dJ @ S + J @ dS + dS @ K + S @ dK
    out = du @ inner @ vt + u @ dinner @ vt + u @ inner @ dvt
    if m != n:
        out = out + _outside_change(u, s, vt, gu, gv, du, ds, dv, uu, vv, duu, dvv)
    return out


def _outside_change(u, s, vt, gu, gv, du, ds, dv, uu, vv, duu, dvv):
    """Change of (gU - U U^T gU) S^-1 V^T + U S^-1 (gV - V V^T gV)^T."""
    v, dvt = _mT(vt), _mT(dv)
    inv, dinv = 1.0 / s, -ds / (s * s)
    ru, dru = gu - u @ uu, -(du @ uu + u @ duu)
    rv, drv = gv - v @ vv, -(dv @ vv + v @ dvv)
    return (dru * inv[..., None, :] + ru * dinv[..., None, :]) @ vt + (ru * inv[..., None, :]) @ dvt \
        + (du * inv[..., None, :] + u * dinv[..., None, :]) @ _mT(rv) + (u * inv[..., None, :]) @ _mT(drv)
