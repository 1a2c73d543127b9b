"""numba versions of the helpers of :mod:`s2sad.rules.tangent_runtime_linalg` (the second-order
changes of the gradients of ``np.corrcoef``, ``np.linalg.matrix_power`` and ``np.linalg.pinv``, and
the tetragamma function), for hvp(jit=True). They cover the forms the first-order numba helpers
cover (one matrix, not a stack; ``np.corrcoef`` of a 2-d array); another form raises
``TypingError`` (a located ``JitError`` for the user), never a wrong number.
"""
import numpy as np
from numba import njit

from ..rules import runtime as rt
from ..rules import tangent_runtime_linalg as tl
from .numba_rules_base import helper
from .numba_rules_decomp import _full_rank, _matrix
from .numba_rules_pieces import _centred, _square, _variables
from .numba_rules_stats import _unary
from .numba_runtime import COVERED

_tetragamma_nb = njit(tl._tetragamma1)
_unary(rt.tetragamma, _tetragamma_nb)
COVERED.add("tetragamma")


@njit(cache=False)
def _cov_back(gc, xc, rowvar):
    """np.cov's adjoint (divisor n - 1) of ``gc`` for the centred rows ``xc``, in x's layout."""
    out = (gc + gc.T) @ xc / (xc.shape[1] - 1)
    return np.ascontiguousarray(out) if rowvar else np.ascontiguousarray(out.T)


@helper(tl.corrcoef_grad_dx)
def _ov_corrcoef_grad_dx(g, x, t, rowvar=True):
    _variables("the second derivative of np.corrcoef", x)

    def corrcoef_grad_dx(g, x, t, rowvar=True):
        xc, c = _centred(x, rowvar)
        tcr, _ = _centred(t + np.zeros(x.shape), rowvar)
        tc = (tcr @ xc.T + xc @ tcr.T) / (xc.shape[1] - 1)
        d = np.diag(c).copy()
        s = np.sqrt(d)
        ss = np.outer(s, s)
        gg = g + np.zeros(c.shape)
        r = c / ss
        u = np.diag(tc) / (2.0 * d)
        uu = u.reshape(-1, 1) + u.reshape(1, -1)
        tr = tc / ss - r * uu
        w = (gg * r).sum(axis=1) + (gg * r).sum(axis=0)
        dw = (gg * tr).sum(axis=1) + (gg * tr).sum(axis=0)
        gc = gg / ss - np.diag(w / (2.0 * d))
        dgc = -gg / ss * uu - np.diag(dw / (2.0 * d) - w * u / d)
        return _cov_back(dgc, xc, rowvar) + _cov_back(gc, tcr, rowvar)
    return corrcoef_grad_dx


@njit(cache=False)
def _blocks(top_left, top_right, bottom_left, bottom_right):
    m = top_left.shape[0]
    out = np.empty((2 * m, 2 * m))
    out[:m, :m], out[:m, m:] = top_left, top_right
    out[m:, :m], out[m:, m:] = bottom_left, bottom_right
    return out


@helper(tl.matrix_power_grad_da)
def _ov_matrix_power_grad_da(g, a, n, t):
    _square("the second derivative of np.linalg.matrix_power", a)

    def matrix_power_grad_da(g, a, n, t):     # as the Python helper: the block matrix's upper right
        a = a * 1.0
        z = np.zeros(a.shape)
        gg, tt = g + z, t + z
        m = a.shape[0]
        return np.ascontiguousarray(rt.matrix_power_grad(_blocks(gg, z, z, gg), _blocks(a, z, tt, a), n)[:m, m:])
    return matrix_power_grad_da


@helper(tl.pinv_grad_da)
def _ov_pinv_grad_da(g, y, a, t):
    _matrix("the second derivative of np.linalg.pinv", a)

    def pinv_grad_da(g, y, a, t):
        _full_rank(a)
        p = y * 1.0
        da, G = t + np.zeros(a.shape), g + np.zeros(p.shape)
        dp = rt.pinv_tangent(da, p, a)
        pT, dpT, GT = np.ascontiguousarray(p.T), np.ascontiguousarray(dp.T), np.ascontiguousarray(G.T)
        em, dem = np.eye(a.shape[0]) - a @ p, -(da @ p + a @ dp)
        en, den = np.eye(a.shape[1]) - p @ a, -(dp @ a + p @ da)
        return -(dpT @ G @ pT + pT @ G @ dpT) \
            + dem @ GT @ p @ pT + em @ GT @ (dp @ pT + p @ dpT) \
            + (dpT @ p + pT @ dp) @ GT @ en + pT @ p @ GT @ den
    return pinv_grad_da
