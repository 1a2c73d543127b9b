"""The run-time checks of the NumPy calls frontend/numpy2_forms.py writes as other calls:
``np.vecdot(a, b, axis=i)`` is written as ``np.sum(np.conj(a) * b, axis=i)``, which broadcasts a
length 1 along ``i`` where NumPy's gufunc refuses it (``contractible``); ``np.geomspace`` as a
``np.logspace`` of logarithms, which would make a NaN sequence where NumPy raises for a 0
(``geometric``); ``np.interp(..., period=p)`` as reductions modulo ``p``, NaN where NumPy raises
for ``p = 0`` (``periodic``); ``np.linalg.matrix_norm(x, ord=p)`` for a ``p`` other than 'fro' as the
``np.linalg.norm(x, p)`` of a matrix, which s2sad differentiates for one matrix only (``one_matrix``:
s2sad's RefusedValuesError for a stack of matrices, NumPy's LinAlgError for fewer than 2 axes). Invariant: each check raises NumPy's exception class for those
arguments (s2sad's RefusedValuesError for a geometric sequence between numbers of opposite signs,
whose ends NumPy sets apart from its NaN middle), or returns True; none carries a derivative.
The numba versions are in :mod:`s2sad.backends.numba_helpers.numba_rules_checks`."""
import numpy as np

from ..errors import RefusedValuesError
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


@_public
def geometric(start, stop):
    """True if ``np.geomspace(start, stop)`` is the ``np.logspace`` of the logarithms of
    ``start / sign(start)`` and ``stop / sign(start)``: no 0 (NumPy's ValueError), the same signs."""
    if np.any(np.asarray(start) == 0) or np.any(np.asarray(stop) == 0):
        raise ValueError("Geometric sequence cannot include zero")
    if np.any(np.sign(start) != np.sign(stop)):
        raise RefusedValuesError("s2sad differentiates np.geomspace between numbers of the same sign only (between "
                                 "opposite signs NumPy's sequence is NaN inside)")
    return True


@_public
def periodic(period):
    """True if ``period`` is a period ``np.interp`` accepts (not 0: NumPy's ValueError)."""
    if period == 0:
        raise ValueError("period must be a non-zero value")
    return True


@_public
def one_matrix(x):
    """True if ``x`` is a matrix (2-d): ``np.linalg.matrix_norm(x, ord=p)`` is then ``np.linalg.norm(x, p)``."""
    if np.ndim(x) < 2:
        raise np.linalg.LinAlgError(f"{np.ndim(x)}-dimensional array given. Array must be at least two-dimensional")
    if np.ndim(x) > 2:
        raise RefusedValuesError(f"s2sad differentiates np.linalg.matrix_norm(x, ord=...) of one matrix only (here a "
                                 f"{np.ndim(x)}-d stack): loop over the matrices, or use ord='fro'")
    return True


nondifferentiable(contractible, geometric, periodic, one_matrix, reason="checks NumPy's arguments (frontend/numpy2_forms.py): raises, or returns True")
