"""numba versions of the linear-algebra gradient helpers of :mod:`s2sad.rules.runtime`.

Registered with ``overload`` on import, like :mod:`s2sad.backends.numba_grads`
(whose ``COVERED`` set they join): ``solve_grad_a`` and ``det_grad``. Matrices
only; a stack of matrices is refused at typing time (jit=False handles it).
"""
import numpy as np
from numba.core.errors import TypingError

from ..rules import runtime as rt
from .numba_grads import _c, _helper
from .numba_support import ndim


@_helper(rt.solve_grad_a)
def _ov_solve_grad_a(g, a, z):
    if ndim(z) == 1:
        return lambda g, a, z: -np.outer(np.linalg.solve(np.ascontiguousarray(a.T), g), z)
    return lambda g, a, z: -np.dot(np.linalg.solve(np.ascontiguousarray(a.T), _c(g)),
                                   np.ascontiguousarray(z.T))


@_helper(rt.det_grad)
def _ov_det_grad(g, y, x):
    if ndim(x) != 2:
        raise TypingError("s2sad (jit): det of a stack of matrices is differentiated with jit=False only")

    def det_grad(g, y, x):
        # runtime._cofactors of one matrix: det(x) inv(x)^T where x is well conditioned, else
        # from the SVD with the singular values at rounding level set to exactly 0
        n = x.shape[0]
        if n == 0:
            return np.zeros(x.shape)
        if y != 0 and np.isfinite(y):
            inv = np.linalg.inv(np.ascontiguousarray(x))   # no zero pivot: det's LU had none
            cond = np.max(np.sum(np.abs(x), axis=0)) * np.max(np.sum(np.abs(inv), axis=0))
            if np.isfinite(cond) and cond < 1e8:
                return g * y * np.ascontiguousarray(inv.T)
        if not np.all(np.isfinite(x)):
            return np.full(x.shape, np.nan)                # numba's svd would raise
        u, s, vt = np.linalg.svd(np.ascontiguousarray(x))
        sign = np.linalg.det(u) * np.linalg.det(vt)
        tol = np.max(s) * n * np.finfo(np.float64).eps
        noise = not abs(sign * np.prod(s) - y) <= 1e-3 * abs(y)   # runtime_linalg._noise_level
        others = np.ones(n)
        for i in range(n):
            for j in range(n):
                if j != i:
                    others[i] *= 0.0 if noise and s[j] <= tol else s[j]
        cof = sign * np.dot(np.ascontiguousarray(u * others), np.ascontiguousarray(vt))
        return g * cof
    return det_grad
