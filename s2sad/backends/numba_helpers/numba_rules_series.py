"""numba versions of NumPy's series evaluators ``np.polynomial.polynomial.polyval``,
``chebyshev.chebval``, ``legendre.legval``, ``hermite.hermval``, ``hermite_e.hermeval`` (numba has
none) and of their rule helpers (``rules/runtime_series.py``).

Invariant: the same recurrences as NumPy's (Horner, and Clenshaw with NumPy's coefficients),
NumPy's derivative series (``chebder`` and its kin, order by order, a series of one coefficient
differentiating to ``[0.0]``); a ``c`` that is not a 1-d array, or an ``x`` that is neither a number
nor an array, is refused at typing (a located ``JitError``).
"""
import numpy as np
from numba import njit, types
from numba.extending import overload

from ...rules import runtime as rt
from .numba_rules_base import flat, helper, is_array, refuse

POLY, CHEB, LEG, HERM, HERME = range(5)


@njit
def _der_once(kind, c):
    """The coefficients of the derivative of the series ``c`` (length >= 2) of family ``kind``."""
    c = c.copy()
    n = c.size - 1
    der = np.zeros(n)
    if kind == CHEB or kind == LEG:
        for j in range(n, 2, -1):
            der[j - 1] = (2 * j if kind == CHEB else 2 * j - 1) * c[j]
            c[j - 2] += c[j] * j / (j - 2) if kind == CHEB else c[j]
        if n > 1:
            der[1] = (4.0 if kind == CHEB else 3.0) * c[2]
        der[0] = c[1]
        return der
    for j in range(n):
        der[j] = (2 * (j + 1) if kind == HERM else j + 1) * c[j + 1]
    return der


@njit
def _der(kind, c, m):
    """The coefficients of the ``m``-th derivative of the series ``c`` (NumPy's lengths)."""
    c = c * 1.0
    for _ in range(m):
        if c.size < 2:
            return np.zeros(1)
        c = _der_once(kind, c)
    return c


@njit
def _val(kind, x, c):
    """The series ``c`` of family ``kind`` at ``x`` (a number or an array)."""
    z, n = x * 0.0, c.size
    if n == 0:
        raise IndexError("index -1 is out of bounds for axis 0 with size 0")
    if kind == POLY or n == 1:
        y = z + c[n - 1]
        for i in range(n - 2, -1, -1):
            y = y * x + c[i]
        return y
    x2 = 2.0 * x if kind == CHEB or kind == HERM else x * 1.0
    c0, c1 = z + c[n - 2], z + c[n - 1]
    for i in range(n - 3, -1, -1):
        nd = i + 2          # NumPy's nd after its decrement
        tmp = c0
        if kind == CHEB:
            c0, c1 = c[i] - c1, tmp + c1 * x2
        elif kind == LEG:
            c0, c1 = c[i] - c1 * (nd - 1) / nd, tmp + c1 * x * (2 * nd - 1) / nd
        elif kind == HERM:
            c0, c1 = c[i] - c1 * (2.0 * (nd - 1)), tmp + c1 * x2
        else:
            c0, c1 = c[i] - c1 * (nd - 1.0), tmp + c1 * x2
    return c0 + c1 * (x2 if kind == HERM else x)


@njit
def _basis_grad(kind, g, x, n, m):
    """Entry k: sum(g * B_k^(m)(x)) over the points of ``x``."""
    xs = flat(x)
    gs = flat(g) + np.zeros(xs.size)
    out = np.zeros(n)
    for k in range(n):
        e = np.zeros(n)
        e[k] = 1.0
        out[k] = np.sum(gs * _val(kind, xs, _der(kind, e, m)))
    return out


def _check(x, c, what):
    if not (is_array(c) and c.ndim == 1):
        refuse(f"{what} with coefficients {c}: a 1-d array only")
    if not (is_array(x) or isinstance(x, types.Number)):
        refuse(f"{what} at {x}: a number or an array only")


def _family(kind, evaluator, series, series_grad):
    name = evaluator.__name__

    @overload(evaluator)
    def _ov_evaluator(x, c, tensor=True):
        _check(x, c, f"np.polynomial's {name}")
        return lambda x, c, tensor=True: _val(kind, x, c)

    @helper(series)
    def _ov_series(x, c, m=0):
        _check(x, c, f"the derivative of {name}")
        return lambda x, c, m=0: _val(kind, x, _der(kind, c, m))

    @helper(series_grad)
    def _ov_series_grad(g, x, c, m=0):
        _check(x, c, f"the gradient of {name}")
        return lambda g, x, c, m=0: _basis_grad(kind, g, x, c.size, m)


_family(POLY, np.polynomial.polynomial.polyval, rt.poly_series, rt.poly_series_grad)
_family(CHEB, np.polynomial.chebyshev.chebval, rt.cheb_series, rt.cheb_series_grad)
_family(LEG, np.polynomial.legendre.legval, rt.leg_series, rt.leg_series_grad)
_family(HERM, np.polynomial.hermite.hermval, rt.herm_series, rt.herm_series_grad)
_family(HERME, np.polynomial.hermite_e.hermeval, rt.herme_series, rt.herme_series_grad)
