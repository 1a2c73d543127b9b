"""numba versions of ``scipy.linalg.solve_triangular`` (numba has no scipy.linalg; installed once a
program has imported it, ``registry.defer``) and of the helpers of its rules
(``rules/runtime_triangular.py``): substitution over the triangle read, for a vector or a matrix
``b`` of a square float ``a``; ``lower``/``unit_diagonal`` booleans, ``trans`` a constant or an
integer (read at run time: ``scipy.linalg.cho_solve`` of a pair held in a name passes them so).

Invariant: the value is SciPy's up to rounding, with SciPy's exceptions: ValueError for inf or
NaN (``check_finite=True``) and for shapes that do not match, LinAlgError at a zero diagonal
entry. Any other type of flag, and ``overwrite_b`` other than
a constant False, is refused at typing (a located ``JitError``).
"""
import numpy as np
from numba import njit, types
from numba.extending import overload

from ...rules import runtime as rt
from ...rules.registry import defer
from .numba_rules_base import helper, is_array, literal, refuse

_TRANS = {0: False, "N": False, 1: True, "T": True, 2: True, "C": True}


@njit
def _int_transposes(trans):
    if trans == 0:
        return False
    if trans == 1 or trans == 2:
        return True
    raise ValueError("invalid trans argument: 0, 1, 2, 'N', 'T' or 'C'")


def _transposer(trans):
    """A compiled ``trans -> transposes``: the constant's value, or an integer read at run time."""
    t = literal(trans, "?")
    if t == "?" and isinstance(trans, types.Integer):
        return _int_transposes
    if not isinstance(t, (int, str)) or t not in _TRANS:     # True is 1, as for SciPy
        refuse("scipy.linalg.solve_triangular with trans neither an integer nor a constant of 0, 1, 2, 'N', 'T', 'C'")
    value = _TRANS[t]
    return njit(lambda trans: value)


def _flags(trans, *flags):
    """The compiled reader of ``trans``; ``lower``/``unit_diagonal`` (``flags``) must be booleans."""
    for flag in flags:
        if not isinstance(flag, (types.Boolean, types.Omitted)) and not isinstance(literal(flag, "?"), bool):
            refuse(f"scipy.linalg.solve_triangular with lower or unit_diagonal of type {flag}, not a boolean")
    return _transposer(trans)


@njit
def _substitute(a, b, transposed, lower, unit):
    """x with op(T) x = b (b a matrix), T the triangle of ``a`` read."""
    n = a.shape[0]
    if a.ndim != 2 or a.shape[1] != n:
        raise ValueError("expected square matrix")
    if b.shape[0] != n:
        raise ValueError("shapes of a and b are incompatible")
    x = b.astype(np.float64)
    forward = lower != transposed          # op(T) is lower triangular
    for step in range(n):
        i = step if forward else n - 1 - step
        lo, hi = (0, i) if forward else (i + 1, n)
        diag = 1.0 if unit else a[i, i]
        if diag == 0.0:
            raise np.linalg.LinAlgError("singular matrix: resolution failed at a zero diagonal entry")
        for col in range(x.shape[1]):
            s = x[i, col]
            for j in range(lo, hi):
                s -= (a[j, i] if transposed else a[i, j]) * x[j, col]
            x[i, col] = s / diag
    return x


@njit
def _solve(a, b, transposed, lower, unit, check):
    if check and not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        raise ValueError("array must not contain infs or NaNs")
    if b.ndim == 1:
        return _substitute(a, np.ascontiguousarray(b).reshape((b.shape[0], 1)), transposed, lower, unit).reshape(b.shape[0])
    return _substitute(a, b, transposed, lower, unit)


def _ov_solve_triangular(fn):
    @overload(fn)
    def _ov(a, b, trans=0, lower=False, unit_diagonal=False, overwrite_b=False, check_finite=True):
        if not is_array(a) or not is_array(b) or a.ndim != 2 or b.ndim not in (1, 2):
            refuse("scipy.linalg.solve_triangular of a matrix a and a vector or matrix b only")
        if literal(overwrite_b, "?") is not False:
            refuse("scipy.linalg.solve_triangular with overwrite_b other than False")
        transposes = _flags(trans, lower, unit_diagonal, check_finite)

        def solve_triangular(a, b, trans=0, lower=False, unit_diagonal=False, overwrite_b=False, check_finite=True):
            return _solve(a, b, transposes(trans), lower, unit_diagonal, check_finite)
        return solve_triangular
    return _ov


defer("scipy.linalg.solve_triangular", _ov_solve_triangular)


@helper(rt.tri_solve)
def _ov_tri_solve(a, b, trans=0, lower=False, unit_diagonal=False):
    transposes = _flags(trans, lower, unit_diagonal)
    return lambda a, b, trans=0, lower=False, unit_diagonal=False: \
        _solve(a, b, transposes(trans), lower, unit_diagonal, False)


@helper(rt.flip_trans)
def _ov_flip_trans(trans):
    transposes = _flags(trans)
    return lambda trans: 0 if transposes(trans) else 1


@njit
def _read_part(m, lower, unit):
    """The entries of ``m`` the solver reads (the rest 0; the diagonal 0 under ``unit``)."""
    p = np.tril(m) if lower else np.triu(m)
    if unit:
        for i in range(min(p.shape[0], p.shape[1])):
            p[i, i] = 0.0
    return p


@helper(rt.triangular_outer)
def _ov_triangular_outer(gb, x, trans=0, lower=False, unit_diagonal=False):
    transposes = _flags(trans, lower, unit_diagonal)
    if not is_array(x) or not is_array(gb):
        refuse("the adjoint of scipy.linalg.solve_triangular of a b that is not an array")

    def outer(gb, x, trans=0, lower=False, unit_diagonal=False):
        o = np.outer(gb, x) if x.ndim == 1 else np.ascontiguousarray(gb) @ np.ascontiguousarray(x.T)
        return -_read_part(np.ascontiguousarray(o.T) if transposes(trans) else o, lower, unit_diagonal)
    return outer


@helper(rt.triangular_tangent)
def _ov_triangular_tangent(ta, x, a, trans=0, lower=False, unit_diagonal=False):
    transposes = _flags(trans, lower, unit_diagonal)

    def tangent(ta, x, a, trans=0, lower=False, unit_diagonal=False):
        p = _read_part(ta * 1.0, lower, unit_diagonal)
        p = np.ascontiguousarray(p.T) if transposes(trans) else p
        return -_solve(a, p @ np.ascontiguousarray(x), transposes(trans), lower, unit_diagonal, False)
    return tangent
