"""Forward (tangent) rules of the functions of ``grads_linalg_more.py``, in the same order, and of
their helpers (for hvp: ``sqrtm_grad`` is linear in the adjoint, its slope in the root is the
derivative of a Sylvester solve, not written: ``NO_FORWARD_RULE``)."""
import numpy as np

from .forward_registry import tangent
from .grads_linalg_more import SQRTM, TENSORSOLVE
from .runtime_linalg_more import sqrtm_tangent, tensorsolve_tangent
from .tangents_adjoint import NO_FORWARD_RULE


@tangent("scipy.linalg.sqrtm", nondiff=SQRTM)
def sqrtm(y, A, disp=None, blocksize=None):
    t[y] = sqrtm_tangent(t[A], y)


@tangent(np.linalg.tensorsolve, nondiff=TENSORSOLVE)
def tensorsolve(x, a, b, axes=None):
    t[x] = tensorsolve_tangent(t[a], t[b], x, a, b)


_SYLVESTER = "its slope in the root (the derivative of a Sylvester solve) has no forward rule yet: hvp through sqrtm is refused"
_SOLVE = "its slope in the matrix has no forward rule yet: hvp through tensorsolve is refused"
NO_FORWARD_RULE.update({"sqrtm_grad": _SYLVESTER, "sqrtm_tangent": _SYLVESTER, "tensorsolve_grad_a": _SOLVE,
                        "tensorsolve_grad_b": _SOLVE, "tensorsolve_tangent": _SOLVE})
