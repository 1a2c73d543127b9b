"""The one rule deciding where a decomposition's derivative is refused as degenerate: two
eigenvalues (or singular values) tie, or a singular value (or a diagonal entry of QR's R) is
zero, when they are within ``TIE`` of each other relative to the largest magnitude of the same
matrix's values.

Why ``1e-7``: LAPACK returns the vectors of two eigenvalues ``gap`` apart with an error of
about ``eps ||A|| / gap``, and the derivative of a vector (or of one of the two values) is
``1 / gap`` sized, so its relative error is about ``eps / (gap / ||A||)``. Measured on 4x4
matrices against the exact derivative (60-digit arithmetic) and float64 central differences
(the table is in the message of the commit that introduced this module; tests/rules/
test_decomposition_ties.py checks both sides of the threshold): at a relative gap of
1e-7 the gradient's error is ~1e-9 and finite differences still confirm it to ~1e-6; at 1e-8 to
1e-10 the error grows to 1e-8..1e-6 and no float64 finite difference confirms it better than
5e-6..1e-4, the derivative being valid only within ``gap`` of the matrix. Below ``TIE`` the
gradient is refused (unless the tied values are used alike), not guessed.

Used by :mod:`s2sad.rules.runtime_linalg` and :mod:`s2sad.rules.runtime_decomp`; the numba
twin is :mod:`s2sad.backends.numba_helpers.numba_ties`.
"""
import numpy as np

TIE = 1e-7


def _scale(values):
    """The largest magnitude of each matrix's values (axis -1), kept as an axis."""
    values = np.abs(np.asarray(values, dtype=float))
    if values.shape[-1] == 0:
        return np.zeros(values.shape[:-1] + (1,))
    return np.max(values, axis=-1, keepdims=True)


def tied(values):
    """Which pairs ``(i, j)``, ``i != j``, of each matrix's values tie (an ``(..., n, n)`` mask)."""
    values = np.asarray(values, dtype=float)
    scale = _scale(values)[..., None]
    close = np.abs(values[..., :, None] - values[..., None, :]) <= TIE * scale
    return close & ~np.eye(values.shape[-1], dtype=bool)


def tied_unevenly(values, used=None):
    """True when some tied pair is used unevenly: its adjoints ``used`` differ by more than
    ``TIE`` relative to the largest adjoint of the matrix, or ``used`` is None (the vectors are
    used: any tie counts). Adjoints that close (``np.sum(s ** 2)`` at a near tie: 2 s_i and 2 s_j)
    are a symmetric use: the gradient's dependence on the basis of the tied values is at most
    their difference, within ``TIE`` of it."""
    pairs = tied(values)
    if used is None:
        return bool(np.any(pairs))
    used = np.broadcast_to(np.asarray(used, dtype=float), np.shape(values))
    apart = np.abs(used[..., :, None] - used[..., None, :]) > TIE * _scale(used)[..., None]
    return bool(np.any(pairs & apart))


def negligible(values):
    """Which of each matrix's values count as zero (within ``TIE`` of 0 relative to the largest)."""
    return np.abs(np.asarray(values, dtype=float)) <= TIE * _scale(values)
