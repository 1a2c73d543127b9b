"""numba versions of the linear-algebra gradient helpers of :mod:`s2sad.rules.runtime`.

Registered with ``overload`` on import, like :mod:`s2sad.backends.numba_helpers.numba_grads`
(whose ``COVERED`` set they join): ``solve``'s helpers (its gradients, their tangents, its
tangent), ``det_grad``, and ``np.inner`` (numba has none) with ``inner_grad``, for numbers,
vectors and matrices (more axes: refused at typing time). Matrices only, but for ``np.linalg.det``
and ``det_grad``, which take a stack too (one matrix at a time); other stacks are refused at typing
time (numba's own ``np.linalg.solve``/``inv`` take one matrix; jit=False handles stacks).
"""
import numpy as np
from numba import types
from numba.core.errors import TypingError
from numba.extending import overload, register_jitable

from ...rules import runtime as rt
from .numba_grads import _c, _helper
from .numba_support import gen, is_array, literal_bool, ndim


def _one_matrix(what, a):
    if ndim(a) != 2:
        raise TypingError(f"s2sad (jit): {what} of a stack of matrices is differentiated with jit=False only")


@register_jitable
def _solve_t(a, r):
    """a^-T r (r a vector or a matrix), on contiguous operands."""
    return np.linalg.solve(np.ascontiguousarray(a.T), np.ascontiguousarray(r))


@register_jitable
def _outer_z(v, z):
    """-(v z^T) for a vector right-hand side z."""
    return -np.outer(v, z)


@register_jitable
def _times_zt(v, z):
    """-(v z^T) for a matrix right-hand side z."""
    return -np.dot(np.ascontiguousarray(v), np.ascontiguousarray(z.T))


def _times_z(z):
    return _outer_z if ndim(z) == 1 else _times_zt


@_helper(rt.solve_grad_a)
def _ov_solve_grad_a(g, a, z):
    _one_matrix("np.linalg.solve", a)
    times = _times_z(z)
    return lambda g, a, z: times(_solve_t(a, g), z)


@_helper(rt.solve_grad_b)
def _ov_solve_grad_b(g, a, b):
    _one_matrix("np.linalg.solve", a)
    return lambda g, a, b: _solve_t(a, g)


@_helper(rt.solve_grad_a_da)
def _ov_solve_grad_a_da(ta, g, a, z):
    _one_matrix("np.linalg.solve", a)
    times = _times_z(z)
    return lambda ta, g, a, z: -times(_solve_t(a, np.dot(np.ascontiguousarray(ta.T), _solve_t(a, g))), z)


@_helper(rt.solve_grad_b_da)
def _ov_solve_grad_b_da(ta, g, a, b):
    _one_matrix("np.linalg.solve", a)
    return lambda ta, g, a, b: -_solve_t(a, np.dot(np.ascontiguousarray(ta.T), _solve_t(a, g)))


@_helper(rt.solve_tangent_b)
def _ov_solve_tangent_b(tb, a, z):
    _one_matrix("np.linalg.solve", a)
    return lambda tb, a, z: np.linalg.solve(_c(a), _c(tb + np.zeros(z.shape)))


@_helper(rt.solve_tangent_a)
def _ov_solve_tangent_a(ta, a, z):
    _one_matrix("np.linalg.solve", a)
    return lambda ta, a, z: -np.linalg.solve(_c(a), np.dot(_c(ta), _c(z)))


@overload(np.linalg.det)
def _ov_det_stack(a):
    """``np.linalg.det`` of a stack of float matrices (numba's takes one): one det per matrix."""
    if not (is_array(a) and a.ndim >= 3 and isinstance(a.dtype, types.Float)):
        return None

    def det(a):
        xs = np.ascontiguousarray(a).reshape((-1, a.shape[-2], a.shape[-1]))
        out = np.empty(xs.shape[0])
        for i in range(xs.shape[0]):
            out[i] = np.linalg.det(xs[i])
        return out.reshape(a.shape[:-2])
    return det


@_helper(rt.det_grad)
def _ov_det_grad(g, y, x):
    if ndim(x) == 2:
        return lambda g, y, x: _det_grad_one(g, y, x)
    if ndim(x) < 2:
        raise TypingError(f"s2sad (jit): det of {x}")

    def det_grad(g, y, x):     # a stack: each matrix's, g broadcast against y (det's result)
        xs = np.ascontiguousarray(x).reshape((-1, x.shape[-2], x.shape[-1]))
        ys = np.ascontiguousarray(y).reshape(-1)
        gs = np.ascontiguousarray(g + np.zeros(y.shape)).reshape(-1)
        out = np.empty(xs.shape)
        for i in range(xs.shape[0]):
            out[i] = _det_grad_one(gs[i], ys[i], xs[i])
        return out.reshape(x.shape)
    return det_grad


@register_jitable
def _det_grad_one(g, y, x):
    """det_grad of one matrix ``x`` (``y = det(x)``, ``g`` a number)."""
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


# ---- np.inner: the last axes contracted (a number: a product) ---------------------------
_INNER = {(1, 1): "np.dot(a, b)", (2, 1): "np.dot(_c(a), b)", (1, 2): "np.dot(_c(b), a)",
          (2, 2): "np.dot(_c(a), np.ascontiguousarray(b.T))"}
_INNER_GRAD = {(1, 1, True): "g * b", (1, 1, False): "g * a",
               (2, 1, True): "np.outer(g, b)", (2, 1, False): "np.dot(np.ascontiguousarray(a.T), g)",
               (1, 2, True): "np.dot(np.ascontiguousarray(b.T), g)", (1, 2, False): "np.outer(g, a)",
               (2, 2, True): "np.dot(_c(g), _c(b))", (2, 2, False): "np.dot(np.ascontiguousarray(g.T), _c(a))"}


def _inner_ranks(a, b):
    ranks = (ndim(a), ndim(b))
    if 0 not in ranks and ranks not in _INNER:
        raise TypingError(f"s2sad (jit): np.inner of {a} and {b} (more than 2 dimensions) is differentiated "
                          "with jit=False only")
    return ranks


@overload(np.inner)
def _ov_inner(a, b):
    ranks = _inner_ranks(a, b)
    body = "a * b" if 0 in ranks else _INNER[ranks]
    return _gen(f"def inner(a, b):\n    return {body}\n", "inner")


def _gen(src, name):
    return gen(src, name, {"np": np, "_c": _c, "unbroadcast": rt.unbroadcast}, __name__)


@_helper(rt.inner_grad)
def _ov_inner_grad(g, a, b, left=True):
    ranks, side = _inner_ranks(a, b), literal_bool(left)
    if side is None:
        raise TypingError("s2sad (jit): inner_grad's `left` must be a constant")
    body = ("unbroadcast(g * b, a)" if side else "unbroadcast(g * a, b)") if 0 in ranks else _INNER_GRAD[ranks + (side,)]
    return _gen(f"def inner_grad(g, a, b, left=True):\n    return {body}\n", "inner_grad")
