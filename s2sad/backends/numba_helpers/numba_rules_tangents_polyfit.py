"""numba versions of the helpers of :mod:`s2sad.rules.tangent_runtime_polyfit` (the changes of
``np.polyfit``'s gradients along tangents of the points, the values and the fit), for
hvp(jit=True). They cover the form ``np.polyfit`` compiles for (a 1-d ``x`` and a 1-d ``y``, an
integer ``deg``); another form raises ``TypingError`` (a located ``JitError``), never a wrong
number; where the points do not determine the fit they raise ``NoDerivativeError`` as the
gradients do.
"""
import numpy as np
from numba import njit

from ...rules import runtime as rt
from ...rules import tangent_runtime_polyfit as tp
from .numba_rules_base import helper
from .numba_rules_polyfit import _covered, _fit_basis, _normal_solve, _slope


@njit(cache=False)
def _fit(g, x, deg):
    """(V, S, R, z = (V^T V)^-1 gc) as the Python helpers' ``_fit``, for a 1-d fit."""
    v, _, r = _fit_basis(x, deg)
    return v, _slope(x * 1.0, deg + 1), r, _normal_solve(r, np.zeros(deg + 1) + g)


@njit(cache=False)
def _moves(v, slope, r, z, x, t_x):
    """(dV, dz) when the points move by ``t_x``."""
    dv = slope * (np.zeros(x.size) + t_x).reshape(-1, 1)
    return dv, -_normal_solve(r, dv.T @ (v @ z) + v.T @ (dv @ z))


@helper(tp.polyfit_grad_y_dx)
def _ov_polyfit_grad_y_dx(g, x, y, deg, t_x):
    _covered(x, y, deg)

    def polyfit_grad_y_dx(g, x, y, deg, t_x):
        v, slope, r, z = _fit(g, x, deg)
        dv, dz = _moves(v, slope, r, z, x, t_x)
        return dv @ z + v @ dz
    return polyfit_grad_y_dx


@helper(tp.polyfit_grad_x_dc)
def _ov_polyfit_grad_x_dc(g, c, x, y, deg, t_c):
    _covered(x, y, deg)

    def polyfit_grad_x_dc(g, c, x, y, deg, t_c):
        v, slope, _, z = _fit(g, x, deg)
        dc = np.zeros(deg + 1) + t_c
        return ((-np.outer(v @ dc, z) - np.outer(v @ z, dc)) * slope).sum(axis=1)
    return polyfit_grad_x_dc


@helper(tp.polyfit_grad_x_dy)
def _ov_polyfit_grad_x_dy(g, c, x, y, deg, t_y):
    _covered(x, y, deg)

    def polyfit_grad_x_dy(g, c, x, y, deg, t_y):
        _, slope, _, z = _fit(g, x, deg)
        return (np.outer(np.zeros(x.size) + t_y, z) * slope).sum(axis=1)
    return polyfit_grad_x_dy


@helper(tp.polyfit_grad_x_dx)
def _ov_polyfit_grad_x_dx(g, c, x, y, deg, t_x):
    _covered(x, y, deg)

    def polyfit_grad_x_dx(g, c, x, y, deg, t_x):
        v, slope, r, z = _fit(g, x, deg)
        dv, dz = _moves(v, slope, r, z, x, t_x)
        e = y - v @ c
        gv = np.outer(e, z) - np.outer(v @ z, c)
        dgv = -np.outer(dv @ c, z) + np.outer(e, dz) - np.outer(dv @ z, c) - np.outer(v @ dz, c)
        dslope = rt.vander_curvature(x * 1.0, deg + 1) * (np.zeros(x.size) + t_x).reshape(-1, 1)
        return (dgv * slope + gv * dslope).sum(axis=1)
    return polyfit_grad_x_dx
