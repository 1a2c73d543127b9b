"""Run-time helpers of the rules of ``scipy.linalg.solve`` (``grads_scipy_solve.py``).

``z = scipy.linalg.solve(a, b, lower, assume_a=...)`` is ``M^-1 b`` for the matrix ``M`` SciPy
solves with (``solved_matrix``): ``a`` itself for a general solve (``assume_a`` None, 'gen' or
'general'; SciPy's detection of structure when it is None picks another solver only where that
solver's answer is ``a^-1 b``), and for 'sym'/'her'/'pos' (and their long names) the symmetric matrix
spelled by the one triangle SciPy reads (the upper one unless ``lower``): the other triangle is never
read, so it gets exactly 0 (``read_entries_grad``). ``b`` is a vector only when 1-d (as NumPy 2's
``solve``, whose helpers in ``runtime_linalg`` do the rest). SciPy is never imported here.
"""
import numpy as np

from .runtime import _public
from .runtime_linalg import _read_triangle, _symmetric

SYMMETRIC = ("sym", "symmetric", "her", "hermitian", "pos", "positive definite")
GENERAL = (None, "gen", "general")


@_public
def solved_matrix(a, lower=False, assume_a=None):
    """The matrix ``scipy.linalg.solve(a, b, lower=lower, assume_a=assume_a)`` solves with."""
    a = np.array(a, dtype=float)        # a fresh array, as every run-time helper returns
    return _symmetric(a, not lower) if assume_a in SYMMETRIC else a


@_public
def read_entries_grad(G, lower=False, assume_a=None):
    """The gradient with respect to the entries of ``a`` SciPy reads, from ``G``, that with respect to
    the matrix solved with (``solved_matrix``): ``G`` itself for a general solve; for a symmetric one,
    both symmetric contributions on the triangle read, the other triangle 0."""
    G = np.array(G, dtype=float)        # a fresh array, as every run-time helper returns
    return _read_triangle(G, not lower) if assume_a in SYMMETRIC else G
