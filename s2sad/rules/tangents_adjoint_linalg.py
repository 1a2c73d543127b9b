"""Forward rules of the gradient helpers of ``np.cov``, ``np.corrcoef``, ``np.quantile``,
``np.vander``, ``np.polyfit``, of ``np.linalg``'s ``matrix_power``, ``pinv``, ``lstsq``, ``qr``,
``cholesky``, ``eigvalsh``, ``eigh``, ``svd`` and ``svdvals``, and of
``trigamma`` (the derivative of digamma), so that hvp (forward over reverse) runs through them.
Same template style as ``tangents_adjoint.py``: each helper is linear in the incoming gradient
``g`` (the first term applies the helper to ``t[g]``); the terms after it are its changes along
the primal values it depends on smoothly (helpers of ``tangent_runtime_linalg.py``,
``tangent_runtime_svd.py`` and ``tangent_runtime_polyfit.py``). A parameter read only as a flag, or a primal result the rule
differentiates through the input it was computed from, says so (``nondiff=``).
"""
import numpy as np

from .forward_registry import tangent
from .runtime_decomp import lstsq_grad, pinv_grad, qr_grad, svd_grad, svdvals_grad
from .runtime_linalg import cholesky_grad, eigh_grad, eigvalsh_grad
from .runtime_numeric import vander_slope
from .runtime_pieces import (
    corrcoef_grad,
    matrix_power_grad,
    polyfit_grad_x,
    polyfit_grad_y,
)
from .runtime_stats import cov_grad, quantile_grad, quantile_grad_q, trigamma
from .tangent_runtime_linalg import (
    cholesky_grad_dL,
    corrcoef_grad_dx,
    eigh_grad_da,
    eigvalsh_grad_da,
    lstsq_grad_da,
    lstsq_grad_db,
    matrix_power_grad_da,
    pinv_grad_da,
    qr_grad_da,
    quantile_grad_dq,
    quantile_grad_q_da,
    svd_grad_da,
    svdvals_grad_da,
    tetragamma,
    vander_curvature,
)
from .tangent_runtime_polyfit import (
    polyfit_grad_x_dc,
    polyfit_grad_x_dx,
    polyfit_grad_x_dy,
    polyfit_grad_y_dx,
)

FLAG = "a flag"
TRIANGLE = "which triangle is read (a constant)"
DEGREE = "the degree of the fit (an integer)"
SCALE = "1 (np.quantile) or 100 (np.percentile): a constant"


@tangent(cov_grad, nondiff={"rowvar": FLAG, "bias": FLAG})     # (G + G^T) Xc / divisor: bilinear in g, m
def cov_grad_(r, g, m, rowvar=True, bias=False, ddof=None):
    t[r] = cov_grad(t[g], m, rowvar, bias, ddof) + cov_grad(g, t[m], rowvar, bias, ddof)


@tangent(corrcoef_grad, nondiff={"rowvar": FLAG})
def corrcoef_grad_(r, g, x, rowvar=True):
    t[r] = corrcoef_grad(t[g], x, rowvar) + corrcoef_grad_dx(g, x, t[x], rowvar)


@tangent(matrix_power_grad, nondiff={"n": "the power (an integer)"})
def matrix_power_grad_(r, g, a, n):
    t[r] = matrix_power_grad(t[g], a, n) + matrix_power_grad_da(g, a, n, t[a])


@tangent(pinv_grad, nondiff={"y": "pinv(a), which the rule differentiates through a"})
def pinv_grad_(r, g, y, a):
    t[r] = pinv_grad(t[g], y, a) + pinv_grad_da(g, y, a, t[a])


@tangent(lstsq_grad, nondiff={"y": "lstsq(a, b), which the rule differentiates through a and b",
                              "wrt_a": "which operand (a flag)"})
def lstsq_grad_(r, g, y, a, b, wrt_a=True):
    t[r] = lstsq_grad(t[g], y, a, b, wrt_a) + lstsq_grad_da(g, y, a, b, t[a], wrt_a) \
        + lstsq_grad_db(g, y, a, b, t[b], wrt_a)


@tangent(qr_grad, nondiff={"y": "qr(a), which the rule differentiates through a"})
def qr_grad_(r, g, y, a):
    t[r] = qr_grad(t[g], y, a) + qr_grad_da(g, y, a, t[a])


@tangent(polyfit_grad_y, nondiff={"y": "read for its shape only", "deg": DEGREE})
def polyfit_grad_y_(r, g, x, y, deg):
    t[r] = polyfit_grad_y(t[g], x, y, deg) + polyfit_grad_y_dx(g, x, y, deg, t[x])


@tangent(polyfit_grad_x, nondiff={"deg": DEGREE})
def polyfit_grad_x_(r, g, c, x, y, deg):
    t[r] = polyfit_grad_x(t[g], c, x, y, deg) + polyfit_grad_x_dc(g, c, x, y, deg, t[c]) \
        + polyfit_grad_x_dx(g, c, x, y, deg, t[x]) + polyfit_grad_x_dy(g, c, x, y, deg, t[y])


@tangent(cholesky_grad)
def cholesky_grad_(r, g, L):
    t[r] = cholesky_grad(t[g], L) + cholesky_grad_dL(g, L, t[L])


@tangent(eigvalsh_grad, nondiff={"UPLO": TRIANGLE})
def eigvalsh_grad_(r, g, a, UPLO="L"):
    t[r] = eigvalsh_grad(t[g], a, UPLO) + eigvalsh_grad_da(g, a, t[a], UPLO)


@tangent(svdvals_grad)
def svdvals_grad_(r, g, a):
    t[r] = svdvals_grad(t[g], a) + svdvals_grad_da(g, a, t[a])


@tangent(svd_grad, nondiff={"y": "svd(a), which the rule differentiates through a", "full_matrices": FLAG,
                            "compute_uv": FLAG})
def svd_grad_(r, g, y, a, full_matrices=True, compute_uv=True):
    t[r] = svd_grad(t[g], y, a, full_matrices, compute_uv) + svd_grad_da(g, y, a, t[a], full_matrices, compute_uv)


@tangent(eigh_grad, nondiff={"y": "eigh(a), which the rule differentiates through a", "UPLO": TRIANGLE})
def eigh_grad_(r, g, y, a, UPLO="L"):
    t[r] = eigh_grad(t[g], y, a, UPLO) + eigh_grad_da(g, y, a, t[a], UPLO)


@tangent(vander_slope, nondiff={"N": "the number of columns (an integer)", "increasing": FLAG})
def vander_slope_(r, x, N=None, increasing=False):
    t[r] = np.expand_dims(t[x], 1) * vander_curvature(x, N, increasing)


@tangent(quantile_grad, nondiff={"a": "its order (which elements each quantile reads): piecewise constant",
                                 "scale": SCALE})
def quantile_grad_(r, g, a, q, axis=None, keepdims=False, scale=1.0):
    t[r] = quantile_grad(t[g], a, q, axis, keepdims, scale) + quantile_grad_dq(g, a, q, t[q], axis, keepdims, scale)


@tangent(quantile_grad_q, nondiff={"q": "which order statistics each quantile lies between: piecewise constant",
                                   "scale": SCALE})
def quantile_grad_q_(r, g, a, q, axis=None, keepdims=False, scale=1.0):
    t[r] = quantile_grad_q(t[g], a, q, axis, keepdims, scale) + quantile_grad_q_da(g, a, q, t[a], axis, keepdims, scale)


@tangent(trigamma)
def trigamma_(y, x):
    t[y] = t[x] * tetragamma(x)
