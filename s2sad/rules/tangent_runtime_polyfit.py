"""Helpers the forward rules of ``np.polyfit``'s gradient helpers call at run time (plain NumPy):
the changes of ``polyfit_grad_y`` and ``polyfit_grad_x`` (``runtime_pieces.py``) along tangents of
the points ``x``, the values ``y`` and the fit ``c``, for hvp (forward over reverse).

With V = vander(x, deg + 1) (rows moving with their point: dV = S diag(t_x), S the slopes of the
powers), z = (V^T V)^-1 gc and the residual e = y - V c, the gradients are gy = V z and
gx_i = sum_j (e z^T - V z c^T)_ij S_ij. Each change below is their product rule, exact and linear
in the tangent it is given; where V has not full column rank they are refused as the gradients are.
Their numba versions are in ``backends/numba_helpers/numba_rules_tangents_linalg.py``.
"""
import numpy as np

from .runtime import _public
from .runtime_numeric import vander_slope
from .runtime_pieces import _fit_basis
from .tangent_runtime_linalg import vander_curvature


def _fit(g, c, x, y, deg):
    """(V, S, R, y and c as columns, gc as columns, z = (V^T V)^-1 gc)."""
    v, _, r = _fit_basis(x, deg)
    y2 = np.reshape(np.asarray(y, dtype=float), (v.shape[0], -1))
    c2 = np.reshape(np.asarray(c, dtype=float), (v.shape[1], -1)) if c is not None else None
    gc = np.broadcast_to(np.reshape(np.asarray(g, dtype=float), (v.shape[1], -1)),
                         (v.shape[1], y2.shape[1]))
    z = np.linalg.solve(r, np.linalg.solve(r.T, gc))
    return v, vander_slope(x, v.shape[1]), r, y2, c2, z


def _moved_rows(v, slope, x, t_x):
    """dV: each row of V moved along its point's tangent."""
    return slope * np.reshape(np.broadcast_to(np.asarray(t_x, dtype=float), np.shape(x)), (-1, 1))


def _dz(v, r, z, dv):
    """Change of z = (V^T V)^-1 gc when V moves by dV."""
    return -np.linalg.solve(r, np.linalg.solve(r.T, dv.T @ v @ z + v.T @ dv @ z))


@_public
def polyfit_grad_y_dx(g, x, y, deg, t_x):
    """Change of ``polyfit_grad_y(g, x, y, deg)`` (V z) when ``x`` moves by ``t_x``: dV z + V dz."""
    v, slope, r, _, _, z = _fit(g, None, x, y, deg)
    dv = _moved_rows(v, slope, x, t_x)
    return np.reshape(dv @ z + v @ _dz(v, r, z, dv), np.shape(y))


@_public
def polyfit_grad_x_dc(g, c, x, y, deg, t_c):
    """Change of ``polyfit_grad_x(g, c, x, y, deg)`` when the fit ``c`` moves by ``t_c``:
    the rows of -(V dc) z^T - V z dc^T weighted by the slopes."""
    v, slope, _, _, c2, z = _fit(g, c, x, y, deg)
    dc = np.reshape(np.broadcast_to(np.asarray(t_c, dtype=float), np.shape(c)), c2.shape)
    return np.sum((-(v @ dc) @ z.T - v @ z @ dc.T) * slope, axis=1)


@_public
def polyfit_grad_x_dy(g, c, x, y, deg, t_y):
    """Change of ``polyfit_grad_x(g, c, x, y, deg)`` when ``y`` moves by ``t_y``: rows of dy z^T
    weighted by the slopes."""
    _, slope, _, y2, _, z = _fit(g, c, x, y, deg)
    dy = np.reshape(np.broadcast_to(np.asarray(t_y, dtype=float), np.shape(y)), y2.shape)
    return np.sum((dy @ z.T) * slope, axis=1)


@_public
def polyfit_grad_x_dx(g, c, x, y, deg, t_x):
    """Change of ``polyfit_grad_x(g, c, x, y, deg)`` when ``x`` moves by ``t_x``: V, z and the
    slopes S move (dS = the powers' second derivatives times t_x)."""
    v, slope, r, y2, c2, z = _fit(g, c, x, y, deg)
    dv = _moved_rows(v, slope, x, t_x)
    dz = _dz(v, r, z, dv)
    gv = (y2 - v @ c2) @ z.T - v @ z @ c2.T
    dgv = -(dv @ c2) @ z.T + (y2 - v @ c2) @ dz.T - dv @ z @ c2.T - v @ dz @ c2.T
    return np.sum(dgv * slope + gv * _moved_rows(v, vander_curvature(x, v.shape[1]), x, t_x), axis=1)
