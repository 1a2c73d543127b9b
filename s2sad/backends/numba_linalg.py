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
        # the transposed adjugate from the SVD: defined where x is singular too
        u, s, vt = np.linalg.svd(np.ascontiguousarray(x))
        n = s.shape[0]
        others = np.ones(n)
        for i in range(n):
            for j in range(n):
                if j != i:
                    others[i] *= s[j]
        adj = np.linalg.det(u) * np.linalg.det(vt) * np.dot(np.ascontiguousarray(vt.T * others),
                                                             np.ascontiguousarray(u.T))
        return g * np.ascontiguousarray(adj.T)
    return det_grad
