"""numba versions of ``scipy.linalg.solve_triangular`` (numba has no scipy.linalg; installed once a
program has imported it, ``registry.defer``) and of the helpers of its rules
(``rules/runtime_triangular.py``): substitution over the triangle read, for a vector or a matrix
``b`` of a square float ``a``.

Invariant: the value is SciPy's up to rounding, with SciPy's exceptions: ValueError for inf or
NaN (``check_finite=True``) and for shapes that do not match, LinAlgError at a zero diagonal
entry. ``trans``, ``lower`` and ``unit_diagonal`` must be constants (a value known only at run
time is refused at typing, a located ``JitError``), as must ``overwrite_b`` (only False).
"""
import numpy as np
from numba import njit
from numba.extending import overload

from ...rules import runtime as rt
from ...rules.registry import defer
from .numba_rules_base import helper, is_array, literal, refuse

_TRANS = {0: False, "N": False, 1: True, "T": True, 2: True, "C": True}


def _flags(trans, lower, unit_diagonal):
    """(transposes, lower, unit) read at typing time, refused unless constants SciPy takes."""
    t, low, unit = literal(trans, "?"), literal(lower, "?"), literal(unit_diagonal, "?")
    if isinstance(t, bool) or t not in _TRANS or not isinstance(low, bool) or not isinstance(unit, bool):
        refuse("scipy.linalg.solve_triangular with trans, lower or unit_diagonal not written as constants "
               "(trans one of 0, 1, 2, 'N', 'T', 'C')")
    return _TRANS[t], low, unit


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


def _solver(transposed, low, unit, check):
    def solve(a, b):
        if check and not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
            raise ValueError("array must not contain infs or NaNs")
        if b.ndim == 1:
            return _substitute(a, b.reshape((b.shape[0], 1)), transposed, low, unit).reshape(b.shape[0])
        return _substitute(a, b, transposed, low, unit)
    return solve


def _ov_solve_triangular(fn):
    @overload(fn)
    def _ov(a, b, trans=0, lower=False, unit_diagonal=False, overwrite_b=False, check_finite=True):
        if not is_array(a) or not is_array(b) or a.ndim != 2 or b.ndim not in (1, 2):
            refuse("scipy.linalg.solve_triangular of a matrix a and a vector or matrix b only")
        if literal(overwrite_b, "?") is not False:
            refuse("scipy.linalg.solve_triangular with overwrite_b other than False")
        check = literal(check_finite, "?")
        if not isinstance(check, bool):
            refuse("scipy.linalg.solve_triangular with check_finite not written as a constant")
        solve = njit(_solver(*_flags(trans, lower, unit_diagonal), check))
        return lambda a, b, trans=0, lower=False, unit_diagonal=False, overwrite_b=False, check_finite=True: \
            solve(a, b)
    return _ov


defer("scipy.linalg.solve_triangular", _ov_solve_triangular)


@helper(rt.tri_solve)
def _ov_tri_solve(a, b, trans=0, lower=False, unit_diagonal=False):
    solve = njit(_solver(*_flags(trans, lower, unit_diagonal), False))
    return lambda a, b, trans=0, lower=False, unit_diagonal=False: solve(a, b)


@helper(rt.flip_trans)
def _ov_flip_trans(trans):
    flipped = 0 if _flags(trans, False, False)[0] else 1
    return lambda trans: flipped


def _read_part(lower, unit):
    @njit
    def part(m):
        p = np.tril(m) if lower else np.triu(m)
        if unit:
            for i in range(min(p.shape[0], p.shape[1])):
                p[i, i] = 0.0
        return p
    return part


@helper(rt.triangular_outer)
def _ov_triangular_outer(gb, x, trans=0, lower=False, unit_diagonal=False):
    transposed, low, unit = _flags(trans, lower, unit_diagonal)
    part = _read_part(low, unit)
    if not is_array(x) or not is_array(gb):
        refuse("the adjoint of scipy.linalg.solve_triangular of a b that is not an array")

    def outer(gb, x, trans=0, lower=False, unit_diagonal=False):
        o = np.outer(gb, x) if x.ndim == 1 else np.ascontiguousarray(gb) @ np.ascontiguousarray(x.T)
        return -part(np.ascontiguousarray(o.T) if transposed else o)
    return outer


@helper(rt.triangular_tangent)
def _ov_triangular_tangent(ta, x, a, trans=0, lower=False, unit_diagonal=False):
    transposed, low, unit = _flags(trans, lower, unit_diagonal)
    part, solve = _read_part(low, unit), njit(_solver(transposed, low, unit, False))

    def tangent(ta, x, a, trans=0, lower=False, unit_diagonal=False):
        p = part(ta * 1.0)
        p = np.ascontiguousarray(p.T) if transposed else p
        return -solve(a, p @ np.ascontiguousarray(x))
    return tangent


