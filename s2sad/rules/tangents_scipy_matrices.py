"""Forward (tangent) rules of the functions of ``grads_scipy_matrices.py``, in the same order, and of
``toeplitz``'s helpers (linear in the adjoint, resp. the tangent: for hvp)."""
from .forward_registry import tangent
from .grads_scipy_matrices import LSTSQ, PINV
from .runtime_decomp import lstsq_tangent, pinv_tangent
from .runtime_scipy_matrices import toeplitz_grad, toeplitz_part

TOEPLITZ_SHAPE = {"c": "read for its shape only", "r": "read for its shape only (or None: r is c)",
                  "wrt_c": "which argument (a flag)"}


@tangent("scipy.linalg.toeplitz")
def toeplitz(y, c, r=None):
    t[y] = toeplitz_part(t[c], c, r, True) + toeplitz_part(t[r], c, r, False)


@tangent(toeplitz_grad, nondiff=TOEPLITZ_SHAPE)
def toeplitz_grad_(s, g, c, r=None, wrt_c=True):
    t[s] = toeplitz_grad(t[g], c, r, wrt_c)


@tangent(toeplitz_part, nondiff=TOEPLITZ_SHAPE)
def toeplitz_part_(s, u, c, r=None, wrt_c=True):
    t[s] = toeplitz_part(t[u], c, r, wrt_c)


@tangent("scipy.linalg.pinv", nondiff=PINV)
def pinv(y, a, atol=None, rtol=None, return_rank=False, check_finite=True):
    t[y] = pinv_tangent(t[a], y, a)


@tangent("scipy.linalg.lstsq", nondiff=LSTSQ)
def lstsq(y, a, b, cond=None, overwrite_a=False, overwrite_b=False, check_finite=True, lapack_driver=None):
    t[y] = lstsq_tangent(t[a], t[b], y, a, b)     # one term: the tangent is a tuple, not a sum
