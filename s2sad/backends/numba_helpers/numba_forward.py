"""Numba versions of what forward mode and second order add to the generated code.

``stop_gradient`` is the identity; registering it lets ``s2sad.stop_gradient(x)``
compile when the user's code reaches it as a module attribute (numba then looks
the function up in its typing registry). The tangent helpers of
``rules/tangent_runtime.py`` need nothing here: the compiled code calls them
through ``numba.njit`` like the user's own helpers (they are written with
``runtime`` helpers numba already knows), except ``det_grad_tangent``, whose
NumPy version inserts axes numba cannot: its one-matrix version is a substitute.
"""
import numba
import numpy as np
from numba.extending import overload

from ...errors import NoDerivativeError
from ...higher import stop_gradient
from ...rules.tangent_runtime import det_grad_tangent
from .numba_runtime import SUBSTITUTES


@overload(stop_gradient)
def _ov_stop_gradient(x):
    return lambda x: x



def _det_grad_tangent_2d(tg, tx, g, y, x):
    """``det_grad_tangent`` of one matrix (numba's det gradient is for one matrix too)."""
    c = np.linalg.cond(x)
    if y == 0 or not np.isfinite(c) or c >= 1e12:
        raise NoDerivativeError("second derivative of np.linalg.det at a singular matrix: s2sad "
                                "computes it only where the matrix is invertible")
    inv_t = np.ascontiguousarray(np.linalg.inv(x).T)
    dx_t = np.ascontiguousarray(tx.T)
    trace = np.sum(inv_t * tx)
    return (tg * y + g * y * trace) * inv_t - g * y * np.dot(np.dot(inv_t, dx_t), inv_t)


SUBSTITUTES[det_grad_tangent] = numba.njit(_det_grad_tangent_2d)
