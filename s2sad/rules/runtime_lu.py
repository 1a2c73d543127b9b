"""Run-time helpers of the rules of ``scipy.linalg.lu_factor`` and ``lu_solve`` (``grads_lu.py``).

``lu, piv = lu_factor(a)`` packs ``a = P L U`` (``L`` unit lower triangular below the diagonal,
``U`` upper triangular on and above it; ``piv`` the row interchanges, ``P`` the permutation they
make). ``lu_solve((lu, piv), b, trans)`` (the frontend writes it ``lu_solve_of(lu, piv, b, trans)``,
``frontend/scipy_linalg_forms.py``) solves ``A x = b`` (``A^T x = b`` when ``trans`` transposes)
with ``A = P L U`` rebuilt from ``lu``. With ``M = L^-1 P^T dA U^-1`` the factors move by
``dL = L tril(M, -1)`` and ``dU = triu(M) U``; the adjoint of ``a`` from the adjoint ``G`` of
``lu`` is ``P L^-T (tril(L^T tril(G, -1), -1) + triu(triu(G) U^T)) U^-T``. Invariant: a square,
nonsingular ``a`` only (a zero on ``U``'s diagonal, or a rectangular ``a``, is refused with
``NoDerivativeError``); the values are SciPy's (SciPy is never imported here: a program that called
it has).
"""
import sys

import numpy as np

from ..errors import NoDerivativeError
from .runtime import _public
from .runtime_triangular import transposes

_SQUARE = ("the derivative of scipy.linalg.lu_factor/lu_solve covers a square nonsingular matrix only; "
           "write np.linalg.solve(a, b) (or scipy.linalg.solve) for a system")


def _linalg():
    return sys.modules["scipy.linalg"]


def _factors(lu, piv):
    """(perm, L, U): ``P^T X`` is ``X[perm]``; ``L`` unit lower, ``U`` upper triangular."""
    lu = np.asarray(lu, dtype=float)
    n = lu.shape[0]
    if lu.ndim != 2 or lu.shape[1] != n or np.any(np.diagonal(lu) == 0):
        raise NoDerivativeError(_SQUARE)
    perm = np.arange(n)
    for i, p in enumerate(np.asarray(piv)):
        perm[i], perm[p] = perm[p], perm[i]
    return perm, np.tril(lu, -1) + np.eye(n), np.triu(lu)


def _tri(a, b, lower, trans=0):
    return _linalg().solve_triangular(a, b, lower=lower, trans=trans, unit_diagonal=lower)


def _unpermute(perm, x):
    """``P x`` (the rows of ``x`` put back in ``a``'s order)."""
    out = np.empty_like(x)
    out[perm] = x
    return out


def _a_grad_to_lu(ga, perm, L, U):
    """The adjoint of ``lu`` from the adjoint ``ga`` of ``A = P L U`` (``dA = P (dL U + L dU)``)."""
    pga = ga[perm]
    return np.tril(pga @ U.T, -1) + np.triu(L.T @ pga)


@_public
def lu_solve_of(lu, piv, b, trans=0):
    """``scipy.linalg.lu_solve((lu, piv), b, trans)``, after the checks SciPy leaves to LAPACK: a
    square ``lu`` and pivots that are row numbers of it (other pivots made LAPACK write outside
    its arrays: a corrupted heap, not an error)."""
    lu, piv = np.asarray(lu), np.asarray(piv)
    n = lu.shape[0] if lu.ndim == 2 else -1
    if lu.ndim != 2 or lu.shape[1] != n or piv.shape != (n,) or piv.dtype.kind not in "iu" \
            or (n and (piv.min() < 0 or piv.max() >= n)):
        raise ValueError("lu_solve needs (lu, piv) as scipy.linalg.lu_factor returns them: a square lu "
                         f"and {max(n, 0)} integer pivots below {max(n, 0)}")
    return _linalg().lu_solve((lu, piv), b, trans=trans)


@_public
def lu_solve_grad_lu(g, x, lu, piv, trans=0):
    """Adjoint of ``lu`` in ``x = lu_solve_of(lu, piv, b, trans)`` from ``x``'s adjoint ``g``:
    ``A``'s adjoint is ``-v x^T`` with ``v = A^-T g`` (``-x v^T`` with ``v = A^-1 g`` when transposed)."""
    perm, L, U = _factors(lu, piv)
    t = transposes(trans)
    v = lu_solve_of(lu, piv, np.asarray(g, dtype=float), 0 if t else 1)
    vm, xm = v.reshape(v.shape[0], -1), np.asarray(x, dtype=float).reshape(v.shape[0], -1)
    ga = -(xm @ vm.T if t else vm @ xm.T)
    return _a_grad_to_lu(ga, perm, L, U)


@_public
def lu_solve_tangent_lu(t_lu, x, lu, piv, trans=0):
    """Tangent of ``x`` along a tangent ``t_lu`` of ``lu``: ``-A^-1 dA x`` (``A^-T dA^T x``)."""
    perm, L, U = _factors(lu, piv)
    t_lu = np.asarray(t_lu, dtype=float)
    da = _unpermute(perm, np.tril(t_lu, -1) @ U + L @ np.triu(t_lu))
    t = transposes(trans)
    return -lu_solve_of(lu, piv, (da.T if t else da) @ np.asarray(x, dtype=float), trans)


@_public
def lu_factor_grad(g, y, a):
    """Adjoint of ``a`` in ``lu, piv = lu_factor(a)`` from the pair of adjoints (``piv``'s unread)."""
    lu, piv = y
    perm, L, U = _factors(lu, piv)
    h = np.broadcast_to(np.asarray(g[0], dtype=float), lu.shape)
    m = np.tril(L.T @ np.tril(h, -1), -1) + np.triu(np.triu(h) @ U.T)
    return _unpermute(perm, _tri(L, _tri(U, m.T, False, 0).T, True, 1))


@_public
def lu_factor_tangent(t, y, a):
    """Tangents of ``(lu, piv)`` along a tangent ``t`` of ``a``: ``piv``'s is 0 (integers)."""
    lu, piv = y
    perm, L, U = _factors(lu, piv)
    m = _tri(U, _tri(L, np.asarray(t, dtype=float)[perm], True, 0).T, False, 1).T     # L^-1 P^T t U^-1
    return np.tril(L @ np.tril(m, -1), -1) + np.triu(m) @ U, np.zeros(np.shape(piv))
