"""Run-time helpers of the rules of ``scipy.linalg.toeplitz(c, r=None)`` and ``block_diag(*arrs)``
(``grads_scipy_matrices.py``).

``T = toeplitz(c, r)`` is ``T[i, j] = c[i - j]`` on and below the diagonal, ``r[j - i]`` above it
(``r[0]`` is never read; without ``r``, ``r`` is ``c``: a symmetric matrix). It is linear in ``c`` and
``r``, so ``c``'s adjoint is the sums of the adjoint ``g`` along the diagonals at or below the main one
(``toeplitz_grad``: ``np.bincount`` of ``i - j``), ``r``'s along those above it, and the tangent is the
same matrix built from the tangents (``toeplitz_part``). numba has no ``scipy.linalg.toeplitz``:
under ``jit=True`` the call is refused at its line (``numba_rules_uncompiled.NO_NUMBA``).

``block_diag`` places its arguments (a number read as 1 x 1, a vector as one row) along the diagonal:
an argument's adjoint is its block of the result's adjoint (``block_diag_grad``), the tangent the
tangents placed so (``block_diag_part``, one term per argument); numba has no ``block_diag`` either.

Invariant: ``toeplitz``'s rules cover only vectors (and numbers) ``c``, ``r`` are covered: SciPy 1.17 reads a higher-rank
argument as a batch of vectors where older SciPy flattened it, so such a call is refused here.
"""
import numpy as np

from ..errors import NoDerivativeError
from .runtime import _public

WHAT = "scipy.linalg.toeplitz"


def _vectors(*vs):
    if any(v is not None and np.ndim(v) > 1 for v in vs):
        raise NoDerivativeError(f"the derivative of {WHAT}(c, r): c and r of more than one axis (SciPy 1.17 reads "
                                "them as batches of vectors, older SciPy flattened them); s2sad covers vectors only "
                                "(build each matrix from a vector, e.g. in a loop or with np.stack)")


def _offsets(m, n):
    return np.subtract.outer(np.arange(m), np.arange(n))      # i - j


@_public
def toeplitz_grad(g, c, r=None, wrt_c=True):
    """The adjoint of ``toeplitz(c, r)``'s first column ``c`` (``wrt_c``) or first row ``r`` for the
    result's adjoint ``g``, shaped like the argument (without ``r``, ``c`` is both)."""
    _vectors(c, r)
    m = np.size(c)
    n = m if r is None else np.size(r)
    g = np.reshape(np.asarray(g, dtype=float), (m, n))
    k = _offsets(m, n)
    below, above = k >= 0, k < 0
    out = np.zeros(m if wrt_c else n)
    if wrt_c:
        out += np.bincount(k[below], weights=g[below], minlength=m)
    if r is None or not wrt_c:
        up = np.bincount(-k[above], weights=g[above], minlength=n)
        out += up[:out.size]
    return float(out[0]) if np.ndim(c if wrt_c else r) == 0 else out


@_public
def toeplitz_part(t, c, r=None, wrt_c=True):
    """The tangent of ``toeplitz(c, r)`` along a tangent ``t`` of ``c`` (``wrt_c``) or of ``r``."""
    _vectors(c, r)
    m = np.size(c)
    n = m if r is None else np.size(r)
    tv = np.ravel(np.broadcast_to(np.asarray(t, dtype=float), np.shape(c if wrt_c else r)))
    k = _offsets(m, n)
    if wrt_c:
        below = np.where(k >= 0, tv[np.clip(k, 0, m - 1)], 0.0)
        return below if r is not None else below + np.where(k < 0, tv[np.clip(-k, 0, m - 1)], 0.0)
    return np.where(k < 0, tv[np.clip(-k, 0, n - 1)], 0.0)


def _blocks(arrs, k):
    """(rows, columns) where block ``k`` of ``block_diag(*arrs)`` starts, and its 2-d shape
    (SciPy reads a number as 1 x 1, a vector as one row)."""
    shapes = [np.shape(np.atleast_2d(a)) for a in arrs if a is not None]
    return sum(s[0] for s in shapes[:k]), sum(s[1] for s in shapes[:k]), shapes[k]


@_public
def block_diag_grad(g, k, *arrs):
    """The adjoint of block ``k`` of ``scipy.linalg.block_diag(*arrs)`` for the result's adjoint ``g``:
    its block of ``g``, in the argument's shape."""
    r, c, (m, n) = _blocks(arrs, k)
    block = np.asarray(g, dtype=float)[r:r + m, c:c + n]
    return float(block[0, 0]) if np.ndim(arrs[k]) == 0 else np.reshape(block, np.shape(arrs[k]))


@_public
def block_diag_part(t, k, *arrs):
    """The tangent of ``scipy.linalg.block_diag(*arrs)`` along a tangent ``t`` of block ``k``: zeros
    but that block."""
    r, c, (m, n) = _blocks(arrs, k)
    shapes = [np.shape(np.atleast_2d(a)) for a in arrs if a is not None]
    out = np.zeros((sum(s[0] for s in shapes), sum(s[1] for s in shapes)))
    out[r:r + m, c:c + n] = np.reshape(np.broadcast_to(np.asarray(t, dtype=float), np.shape(arrs[k])), (m, n))
    return out
