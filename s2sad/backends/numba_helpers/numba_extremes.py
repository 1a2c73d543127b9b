"""``np.max(v)``/``np.min(v)`` of a vector in compiled adjoints: one loop over its elements.

numba's ``np.max`` walks any array with ``np.nditer``, a 0-d view per element: 12 ns for a
vector of 5 floats against 2.7 ns for a plain loop (measured in a loop over 1000 rows). GMM's
``logsumexp`` takes the maximum of such a vector once per data point. The ``jit`` stage
(:mod:`s2sad.backends.numba_lower`, ``numba_lists.LATE``) replaces ``np.max(v)``,
``np.amax(v)``, ``np.min(v)`` and ``np.amin(v)`` (one argument, no keyword) by :func:`amax` and
:func:`amin`, Python functions that are NumPy's (so the rewritten adjoint still runs without
numba).

Invariant: the value is numba's ``np.max``/``np.min`` (NumPy's): the first NaN met for a float
vector holding one, the empty vector raises NumPy's ``ValueError``; any operand other than a
1-d float or integer array is numba's own ``np.max``/``np.min``.
"""
import numpy as np
from numba import types
from numba.extending import overload

from .numba_support import gen, is_array


def amax(a):
    """``np.max(a)``: a loop for a float or integer vector."""
    return np.max(a)


def amin(a):
    """``np.min(a)``: a loop for a float or integer vector."""
    return np.min(a)


def _extreme(a, name, op, word):
    if not (is_array(a) and a.ndim == 1 and isinstance(a.dtype, (types.Float, types.Integer))):
        return gen(f"def {name}(a):\n    return np.{name[1:]}(a)\n", name, {"np": np}, __name__)
    nan = "        if np.isnan(v):\n            return v\n" if isinstance(a.dtype, types.Float) else ""
    src = (f"def {name}(a):\n"
           f"    if a.shape[0] == 0:\n"
           f"        raise ValueError('zero-size array to reduction operation {word} which has no identity')\n"
           f"    out = a[0]\n"
           f"    for i in range(a.shape[0]):\n"
           f"        v = a[i]\n{nan}"
           f"        if v {op} out:\n"
           f"            out = v\n"
           f"    return out\n")
    return gen(src, name, {"np": np}, __name__)


@overload(amax)
def _ov_amax(a):
    return _extreme(a, "amax", ">", "maximum")


@overload(amin)
def _ov_amin(a):
    return _extreme(a, "amin", "<", "minimum")
