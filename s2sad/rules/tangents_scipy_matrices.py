"""Forward (tangent) rules of the functions of ``grads_scipy_matrices.py``, in the same order, and of
``toeplitz``'s helpers (linear in the adjoint, resp. the tangent: for hvp)."""
from .forward_registry import tangent
from .grads_scipy_matrices import LSTSQ, PINV
from .runtime_decomp import lstsq_tangent, pinv_tangent
from .runtime_scipy_matrices import block_diag_grad, block_diag_part, toeplitz_grad, toeplitz_part

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


@tangent("scipy.linalg.block_diag")
def block_diag(y, a0, a1=None, a2=None, a3=None, a4=None, a5=None, a6=None, a7=None):
    t[y] = block_diag_part(t[a0], 0, a0, a1, a2, a3, a4, a5, a6, a7) + block_diag_part(t[a1], 1, a0, a1, a2, a3, a4, a5, a6, a7) \
        + block_diag_part(t[a2], 2, a0, a1, a2, a3, a4, a5, a6, a7) + block_diag_part(t[a3], 3, a0, a1, a2, a3, a4, a5, a6, a7) \
        + block_diag_part(t[a4], 4, a0, a1, a2, a3, a4, a5, a6, a7) + block_diag_part(t[a5], 5, a0, a1, a2, a3, a4, a5, a6, a7) \
        + block_diag_part(t[a6], 6, a0, a1, a2, a3, a4, a5, a6, a7) + block_diag_part(t[a7], 7, a0, a1, a2, a3, a4, a5, a6, a7)


BLOCK_SHAPES = {"k": "which block (an integer)", **{f"a{i}": "read for its shape only" for i in range(8)}}


@tangent(block_diag_grad, nondiff=BLOCK_SHAPES)       # linear in the adjoint
def block_diag_grad_(r, g, k, a0, a1=None, a2=None, a3=None, a4=None, a5=None, a6=None, a7=None):
    t[r] = block_diag_grad(t[g], k, a0, a1, a2, a3, a4, a5, a6, a7)


@tangent(block_diag_part, nondiff=BLOCK_SHAPES)       # linear in the tangent
def block_diag_part_(r, u, k, a0, a1=None, a2=None, a3=None, a4=None, a5=None, a6=None, a7=None):
    t[r] = block_diag_part(t[u], k, a0, a1, a2, a3, a4, a5, a6, a7)
