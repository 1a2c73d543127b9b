"""Run-time helpers of the rules of ``scipy.linalg.sqrtm`` and ``np.linalg.tensorsolve``
(``grads_linalg_more.py``).

``X = sqrtm(A)`` solves ``X X = A``, so ``X dX + dX X = dA``: the tangent solves that Sylvester
equation (``sqrtm_tangent``) and the adjoint its transpose, ``X^T W + W X^T = G`` (``sqrtm_grad``),
both with SciPy's ``solve_sylvester``. A real ``A`` whose square root is complex (a negative
eigenvalue: SciPy returns a complex matrix) is refused, as is a singular root (the equation has no
unique solution where two eigenvalues of ``X`` sum to 0). ``x = tensorsolve(a, b)`` is the solve of
the matrix ``a.reshape(b.size, x.size)`` (``_matrix``): ``b``'s adjoint solves the transpose, ``a``'s
is ``-outer(b's adjoint, x)``. SciPy is never imported here; numba has neither function: under
``jit=True`` the call is refused at its line (``numba_rules_uncompiled.NO_NUMBA``).
"""
import sys

import numpy as np

from ..errors import NoDerivativeError
from .runtime import _public


def _real_root(y, what):
    if np.iscomplexobj(y):
        raise NoDerivativeError(f"{what}: the square root is complex (the matrix has a negative eigenvalue); "
                                "s2sad differentiates real values only (shift the matrix, e.g. A + c I, to make it "
                                "positive definite)")
    s = np.linalg.svd(y, compute_uv=False)
    if s[-1] <= np.size(y) * np.finfo(float).eps * s[0]:
        raise NoDerivativeError(f"{what}: the square root is singular, where it has no derivative; s2sad cannot "
                                "differentiate it there (add a multiple of the identity to the matrix)")


def _sylvester(x, q):
    return sys.modules["scipy.linalg"].solve_sylvester(x, x, q)


@_public
def sqrtm_grad(g, y):
    """The adjoint of ``A`` for ``y = sqrtm(A)`` and ``y``'s adjoint ``g``: ``W`` with ``y^T W + W y^T = g``."""
    _real_root(y, "the gradient of scipy.linalg.sqrtm")
    return _sylvester(np.transpose(y), np.asarray(g, dtype=float))


@_public
def sqrtm_tangent(t, y):
    """The tangent of ``y = sqrtm(A)`` along a tangent ``t`` of ``A``: ``Z`` with ``y Z + Z y = t``."""
    _real_root(y, "the tangent of scipy.linalg.sqrtm")
    return _sylvester(y, np.broadcast_to(np.asarray(t, dtype=float), np.shape(y)))


def _matrix(a, b):
    return np.reshape(np.asarray(a, dtype=float), (np.size(b), -1))


@_public
def tensorsolve_grad_b(g, a, b):
    """The adjoint of ``b`` for ``x = np.linalg.tensorsolve(a, b)``: the transposed system solved for ``g``."""
    return np.reshape(np.linalg.solve(_matrix(a, b).T, np.ravel(g)), np.shape(b))


@_public
def tensorsolve_grad_a(g, x, a, b):
    """The adjoint of ``a`` for ``x = np.linalg.tensorsolve(a, b)``: ``-outer(b's adjoint, x)`` in ``a``'s shape."""
    return np.reshape(-np.outer(tensorsolve_grad_b(g, a, b), np.ravel(x)), np.shape(a))


@_public
def tensorsolve_tangent(ta, tb, x, a, b):
    """The tangent of ``x = np.linalg.tensorsolve(a, b)``: ``solve(A, tb - tA x)``."""
    rhs = np.ravel(np.broadcast_to(tb, np.shape(b))) - _matrix(np.broadcast_to(ta, np.shape(a)), b) @ np.ravel(x)
    return np.reshape(np.linalg.solve(_matrix(a, b), rhs), np.shape(x))
