"""Run-time helpers of the rules of ``scipy.linalg.toeplitz(c, r=None)`` (``grads_scipy_matrices.py``).

``T = toeplitz(c, r)`` is ``T[i, j] = c[i - j]`` on and below the diagonal, ``r[j - i]`` above it
(``r[0]`` is never read; without ``r``, ``r`` is ``c``: a symmetric matrix). It is linear in ``c`` and
``r``, so ``c``'s adjoint is the sums of the adjoint ``g`` along the diagonals at or below the main one
(``toeplitz_grad``: ``np.bincount`` of ``i - j``), ``r``'s along those above it, and the tangent is the
same matrix built from the tangents (``toeplitz_part``). numba has no ``scipy.linalg.toeplitz``:
under ``jit=True`` the call is refused at its line (``numba_rules_uncompiled.NO_NUMBA``).

Invariant: only vectors (and numbers) ``c``, ``r`` are covered: SciPy 1.17 reads a higher-rank
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
