"""numba twin of :mod:`s2sad.rules.ties` (one matrix's values, a vector): the same ``TIE``,
the same test. A tie (or a zero) used where the derivative does not exist raises
``NoDerivativeError`` in the compiled code; ``jit=True`` then reports the Python helper's
located message.
"""
import numpy as np
from numba import njit

from ...errors import NoDerivativeError
from ...rules.ties import TIE


@njit
def scale(values):
    """The largest magnitude of ``values``."""
    return np.max(np.abs(values)) if values.size else 0.0


@njit
def check_ties(values, used, any_tie):
    """Raise where two of ``values`` tie and are used unevenly (``used[i]`` and ``used[j]`` more
    than ``TIE`` apart relative to the largest), or, ``any_tie``, where any two tie."""
    s, u = scale(values), scale(used)
    for i in range(values.size):
        for j in range(values.size):
            if i != j and abs(values[i] - values[j]) <= TIE * s and (any_tie or abs(used[i] - used[j]) > TIE * u):
                raise NoDerivativeError("s2sad: repeated eigenvalues or singular values used unevenly, "
                                        "where the derivative does not exist")


@njit
def check_zeros(values, used, any_zero):
    """Raise where one of ``values`` is negligible (within ``TIE`` of 0 relative to the largest)
    and used (``used[i] != 0``), or, ``any_zero``, where any is."""
    s = scale(values)
    for i in range(values.size):
        if abs(values[i]) <= TIE * s and (any_zero or used[i] != 0.0):
            raise NoDerivativeError("s2sad: a zero singular value (or zero on R's diagonal), where the "
                                    "derivative does not exist")
