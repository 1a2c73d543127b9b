"""``np.polyfit`` for numba, which has none, and the numba versions of its gradient and tangent
helpers (``polyfit_grad_x``, ``polyfit_grad_y``, ``polyfit_tangent_x``).

Covered: ``np.polyfit(x, y, deg)`` of a 1-d ``x`` and a 1-d ``y`` of the same length, an integer
``deg`` and the defaults ``rcond=None, full=False, w=None, cov=False``. Every other form raises
``TypingError`` (``refuse``), which ``jit=True`` reports as a located ``JitError`` naming the
line. Invariant: the value is NumPy's (the same column-scaled least squares with NumPy's default
cutoff ``len(x) * eps``); the helpers are those of ``rules.runtime_pieces`` written with numba's
``np.linalg``, and raise ``NoDerivativeError`` where the points do not determine the polynomial
(fewer distinct points than coefficients), as the pure-Python ones do.
"""
import numpy as np
from numba import njit, types
from numba.extending import overload

from ...errors import NoDerivativeError
from ...rules import runtime as rt
from .numba_rules_base import helper, is_array, is_none, literal, refuse
from .numba_rules_numeric import vander_derivative

_WORKS = ("np.polyfit is compiled for a 1-d x and a 1-d y, an integer deg, and rcond=None, full=False, "
          "w=None, cov=False; for a 2-d y fit each column (np.polyfit(x, y[:, k], deg)), for weights w write "
          "np.linalg.lstsq(w[:, None] * np.vander(x, deg + 1), w * y, rcond=None)[0]")
_EPS = float(np.finfo(np.float64).eps)


def _covered(x, y, deg):
    vector = all(is_array(a) and a.ndim == 1 and isinstance(a.dtype, (types.Float, types.Integer)) for a in (x, y))
    if not vector or not isinstance(deg, types.Integer):
        refuse(_WORKS)


@overload(np.polyfit)
def _ov_polyfit(x, y, deg, rcond=None, full=False, w=None, cov=False):
    _covered(x, y, deg)
    if not (is_none(rcond) and literal(full) is False and is_none(w) and literal(cov) is False):
        refuse(_WORKS)

    def polyfit(x, y, deg, rcond=None, full=False, w=None, cov=False):
        if deg < 0:
            raise ValueError("expected deg >= 0")
        if x.size == 0 or x.size != y.size:
            raise TypeError("expected non-empty x and y of the same length")
        lhs = np.vander(x * 1.0, deg + 1)
        scale = np.sqrt((lhs * lhs).sum(axis=0))
        c = np.linalg.lstsq(lhs / scale, y * 1.0, x.size * _EPS)[0]
        return c / scale
    return polyfit


@njit
def _fit_basis(x, deg):
    """(V = vander(x, deg + 1), Q, R with V = QR); NoDerivativeError where V has not full column rank."""
    v = np.vander(x * 1.0, deg + 1)
    q, r = np.linalg.qr(v)
    diag = np.abs(np.diag(r))
    if diag.size == 0 or v.shape[0] < v.shape[1] or diag.min() <= diag.max() * v.shape[0] * _EPS:
        raise NoDerivativeError("the derivative of np.polyfit where the points x do not determine the "
                                "polynomial (fewer distinct points than coefficients): the fit is not unique")
    return v, q, r


@njit
def _slope(x, p):
    """d V_ij / d x_i for V = vander(x, p)."""
    return vander_derivative(x, p, False, 1)


@njit
def _normal_solve(r, b):
    """(V^T V)^-1 b for V = QR."""
    return np.linalg.solve(r, np.linalg.solve(r.T, b))


@helper(rt.polyfit_grad_y)
def _ov_polyfit_grad_y(g, x, y, deg):
    _covered(x, y, deg)

    def polyfit_grad_y(g, x, y, deg):
        _, q, r = _fit_basis(x, deg)
        gc = np.zeros(deg + 1) + g
        return np.ascontiguousarray(q) @ np.linalg.solve(r.T, gc)
    return polyfit_grad_y


@helper(rt.polyfit_grad_x)
def _ov_polyfit_grad_x(g, c, x, y, deg):
    _covered(x, y, deg)

    def polyfit_grad_x(g, c, x, y, deg):
        v, _, r = _fit_basis(x, deg)
        z = _normal_solve(r, np.zeros(deg + 1) + g)
        gv = np.outer(y - v @ c, z) - np.outer(v @ z, c)
        return (gv * _slope(x * 1.0, deg + 1)).sum(axis=1)
    return polyfit_grad_x


@helper(rt.polyfit_tangent_x)
def _ov_polyfit_tangent_x(t, c, x, y, deg):
    _covered(x, y, deg)

    def polyfit_tangent_x(t, c, x, y, deg):
        v, _, r = _fit_basis(x, deg)
        dv = _slope(x * 1.0, deg + 1) * (np.zeros(x.size) + t).reshape(-1, 1)
        rhs = dv.T @ (y - v @ c) - v.T @ (dv @ c)
        return _normal_solve(r, rhs)
    return polyfit_tangent_x
