"""The run-time check of NumPy 2's spellings written as other calls (frontend/numpy2_forms.py):
``np.vecdot(a, b, axis=i)`` is written as ``np.sum(np.conj(a) * b, axis=i)``, which broadcasts a
length 1 along ``i`` where NumPy's gufunc refuses it. Invariant: the check raises NumPy's
ValueError for those arguments, or returns True; it carries no derivative. Its numba version is
in :mod:`s2sad.backends.numba_helpers.numba_rules_checks`."""
import numpy as np

from .registry import nondifferentiable
from .runtime import _public


@_public
def contractible(a, b, axis):
    """True if ``np.vecdot(a, b, axis=axis)`` accepts ``a`` and ``b``: both have the axis ``axis``,
    of the same length, else NumPy's ValueError."""
    na, nb = np.shape(a), np.shape(b)
    if not -len(na) <= axis < len(na) or not -len(nb) <= axis < len(nb):
        raise np.exceptions.AxisError(f"axis {axis} is out of bounds for array of dimension {min(len(na), len(nb))}")
    if na[axis] != nb[axis]:
        raise ValueError(f"vecdot: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature "
                         f"(n),(n)->() (size {nb[axis]} is different from {na[axis]})")
    return True


nondifferentiable(contractible, reason="checks NumPy's arguments (frontend/numpy2_forms.py): raises, or returns True")
