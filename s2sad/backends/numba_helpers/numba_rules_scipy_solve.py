"""numba versions of ``scipy.linalg.solve`` (numba has no scipy.linalg; installed once a program has
imported it, ``registry.defer``) and of the helpers of its rules (``rules/runtime_scipy_solve.py``):
``np.linalg.solve`` of the matrix SciPy solves with (``a``, or the symmetric matrix spelled by the
triangle read), for a square float matrix ``a`` and a vector or matrix ``b``.

Invariant: the value is SciPy's up to rounding, with SciPy's exceptions: ValueError for inf or NaN
(``check_finite``), LinAlgError for a singular matrix and, under ``assume_a='pos'``, for one that is
not positive definite (numba's Cholesky checks it). ``assume_a`` not written as one of the covered
constants, ``overwrite_a``/``overwrite_b``/``transposed`` other than a constant False, and stacks of
matrices are refused at typing (a located ``JitError``).
"""
import numpy as np
from numba import njit
from numba.extending import overload

from ...rules import runtime as rt
from ...rules.registry import defer
from ...rules.runtime_scipy_solve import GENERAL, SYMMETRIC
from .numba_rules_base import helper, is_array, is_none, literal, refuse
from .numba_rules_linalg import _read_triangle, _symmetric   # (numba's twins of runtime_linalg's: upper=)


def _kind(assume_a):
    """0 for a general solve, 1 for a symmetric one, 2 for a positive definite one (a constant)."""
    value = None if is_none(assume_a) else literal(assume_a, "?")
    if value not in GENERAL + SYMMETRIC:
        refuse(f"scipy.linalg.solve with assume_a={value if value != '?' else assume_a} (covered: a constant "
               "None, 'gen', 'sym', 'her' or 'pos', or their long names)")
    return 0 if value in GENERAL else 2 if value in ("pos", "positive definite") else 1


@njit
def _matrix(a, lower, kind):
    return _symmetric(a * 1.0, not lower) if kind else a * 1.0


def _ov_solve(fn):
    @overload(fn)
    def _ov(a, b, lower=False, overwrite_a=False, overwrite_b=False, check_finite=True, assume_a=None, transposed=False):
        if not is_array(a) or not is_array(b) or a.ndim != 2 or b.ndim not in (1, 2):
            refuse("scipy.linalg.solve of a matrix a and a vector or matrix b only (no stacks)")
        for name, flag in (("overwrite_a", overwrite_a), ("overwrite_b", overwrite_b), ("transposed", transposed)):
            if literal(flag, "?") is not False:
                refuse(f"scipy.linalg.solve with {name} other than a constant False")
        kind = _kind(assume_a)

        def solve(a, b, lower=False, overwrite_a=False, overwrite_b=False, check_finite=True, assume_a=None, transposed=False):
            if check_finite and not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
                raise ValueError("array must not contain infs or NaNs")
            m = _matrix(a, lower, kind)
            if kind == 2:
                np.linalg.cholesky(m)       # LinAlgError unless positive definite, as SciPy's solver
            return np.linalg.solve(m, b * 1.0)
        return solve
    return _ov


defer("scipy.linalg.solve", _ov_solve)


def _square(a, what):
    if not is_array(a) or a.ndim != 2:
        refuse(f"{what} of a stack of matrices (scipy.linalg.solve of one matrix only)")


@helper(rt.solved_matrix)
def _ov_solved_matrix(a, lower=False, assume_a=None):
    _square(a, "scipy.linalg.solve")
    kind = _kind(assume_a)
    return lambda a, lower=False, assume_a=None: _matrix(a, lower, kind)


@helper(rt.read_entries_grad)
def _ov_read_entries_grad(G, lower=False, assume_a=None):
    _square(G, "the adjoint of scipy.linalg.solve")
    kind = _kind(assume_a)
    return lambda G, lower=False, assume_a=None: _read_triangle(G * 1.0, not lower) if kind else G * 1.0
