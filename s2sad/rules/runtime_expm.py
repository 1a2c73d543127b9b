"""Run-time helpers of the rules of ``scipy.linalg.expm`` (``grads_expm.py``): its Fréchet
derivative ``L(a, e)`` (the change of ``expm(a)`` along ``e``; SciPy's ``expm_frechet``) and the
second one ``D2(a; e, f)``, the top-right block of ``expm`` of the block matrix
``[[a, e, f, 0], [0, a, 0, f], [0, 0, a, e], [0, 0, 0, a]]`` (Mathias' block form applied twice).
The gradient is ``L(a^T, g)`` (the adjoint of ``e -> L(a, e)`` for real matrices). A square
matrix only (a stack of them is refused). SciPy is never imported here.
"""
import sys

import numpy as np

from ..errors import ShapeError
from .runtime import _public


def _square(a, what):
    if np.ndim(a) != 2 or np.shape(a)[0] != np.shape(a)[1]:
        raise ShapeError(f"{what} of an array of shape {np.shape(a)}: s2sad differentiates scipy.linalg.expm "
                         f"of one square matrix (for a stack, loop over the matrices).")


@_public
def expm_frechet(a, e):
    """``L(a, e)``: the Fréchet derivative of the matrix exponential at ``a`` along ``e``."""
    _square(a, "the derivative of scipy.linalg.expm")
    linalg = sys.modules["scipy.linalg"]
    return linalg.expm_frechet(np.asarray(a, dtype=float), np.asarray(e, dtype=float), compute_expm=False)


@_public
def expm_frechet2(a, e, f):
    """``D2(a; e, f)``: the change of ``L(a, e)`` along ``a``'s tangent ``f`` (symmetric in e, f)."""
    _square(a, "the second derivative of scipy.linalg.expm")
    n = np.shape(a)[0]
    z = np.zeros((n, n))
    big = np.block([[a, e, f, z], [z, a, z, f], [z, z, a, e], [z, z, z, a]])
    return sys.modules["scipy.linalg"].expm(big)[:n, 3 * n:]
