"""numba versions of the ``np.linalg.norm`` forms numba lacks, and the gradients of every form
compiled: the nuclear norm of a matrix (``ord='nuc'``), p-norms along an integer ``axis``
(``ord`` 1, 2, inf, -inf, 0 or any p), and the gradients of the matrix norms (``ord`` 1, -1,
inf, -inf, 2, -2, 'fro', 'nuc') that ``numba_grads_reductions.norm_grad`` hands over.

Invariant: the value and the gradient are NumPy's (``runtime.norm_grad``): at a tie (two
columns with the largest sum, a repeated largest singular value) one subgradient, as there; a
form not covered raises ``TypingError`` at compile time (a ``JitError`` naming the line).
"""
import numpy as np
from numba import types
from numba.core.errors import TypingError
from numba.extending import overload, register_jitable

from .numba_reduce import axis_reduce, expand_to
from .numba_support import is_array, is_none, literal_bool, ndim


# ---- values ---------------------------------------------------------------------------------
@overload(np.linalg.norm, prefer_literal=True)
def _ov_nuclear(x, ord=None, axis=None, keepdims=False):
    if isinstance(ord, types.StringLiteral) and ord.literal_value == "nuc" and is_array(x) and x.ndim == 2 \
            and is_none(axis) and not literal_bool(keepdims):
        return lambda x, ord=None, axis=None, keepdims=False: np.sum(np.linalg.svd(np.ascontiguousarray(x), False)[1])
    return None


@register_jitable
def _pnorm_along(x, p, axis):
    if p == 2.0:
        return np.sqrt(axis_reduce(x * x, axis, "sum"))
    if p == 1.0:
        return axis_reduce(np.abs(x), axis, "sum")
    if p == np.inf:
        return axis_reduce(np.abs(x), axis, "max")
    if p == -np.inf:
        return axis_reduce(np.abs(x), axis, "min")
    if p == 0.0:
        return axis_reduce((x != 0.0) * 1.0, axis, "sum")
    return axis_reduce(np.abs(x) ** p, axis, "sum") ** (1.0 / p)


@overload(np.linalg.norm)
def _ov_norm_ord_axis(x, ord=None, axis=None, keepdims=False):
    """``np.linalg.norm(x, p, axis=k)``: the vector p-norm along one axis."""
    if not (is_array(x) and isinstance(ord, (types.Integer, types.Float)) and isinstance(axis, types.Integer)):
        return None
    keep = literal_bool(keepdims)
    if keep is None:
        return None
    if keep:
        return lambda x, ord=None, axis=None, keepdims=False: expand_to(_pnorm_along(x, float(ord), axis), x, axis)
    return lambda x, ord=None, axis=None, keepdims=False: _pnorm_along(x, float(ord), axis)


# ---- gradients ------------------------------------------------------------------------------
@register_jitable
def _matrix_numeric(g, y, x, p):
    if abs(p) == 1.0 or abs(p) == np.inf:
        ax = 0 if abs(p) == 1.0 else 1
        sums = np.sum(np.abs(x), axis=ax)
        best = np.max(sums) if p > 0 else np.min(sums)
        hit = (sums == best) * 1.0
        hit = hit / np.sum(hit)
        if ax == 0:
            return g * np.sign(x) * hit.reshape(1, hit.size)
        return g * np.sign(x) * hit.reshape(hit.size, 1)
    if abs(p) == 2.0:
        u, s, vt = np.linalg.svd(np.ascontiguousarray(x), False)
        k = 0 if p > 0 else s.size - 1
        return g * np.outer(u[:, k], vt[k])
    raise ValueError("Invalid norm order for matrices.")


def matrix_norm_grad(g, y, x, ord):
    """The gradient of ``np.linalg.norm(x, ord)`` of a matrix (``axis=None``)."""


@overload(matrix_norm_grad)
def _ov_matrix_norm_grad(g, y, x, ord):
    if isinstance(ord, (types.Integer, types.Float)):
        return lambda g, y, x, ord: _matrix_numeric(g, y, x, float(ord))
    if isinstance(ord, types.StringLiteral) and ord.literal_value == "nuc":
        def nuclear(g, y, x, ord):
            u, s, vt = np.linalg.svd(np.ascontiguousarray(x), False)
            return g * (u @ vt)
        return nuclear
    if isinstance(ord, types.StringLiteral) and ord.literal_value == "fro":
        return lambda g, y, x, ord: g * (x * 0.0 if y == 0 else x / y)
    raise TypingError(f"s2sad (jit): the gradient of np.linalg.norm of a matrix with ord of type {ord}: compiled "
                      "for ord None, 'fro', 'nuc', 1, -1, 2, -2, np.inf and -np.inf written as constants; use jit=False")


def vector_norm_grad_along(g, y, x, ord, axis, keepdims):
    """The gradient of ``np.linalg.norm(x, ord, axis=k)`` (a p-norm along one integer axis)."""


@overload(vector_norm_grad_along)
def _ov_vector_norm_grad_along(g, y, x, ord, axis, keepdims):
    if not (is_array(x) and isinstance(axis, types.Integer) and isinstance(ord, (types.Integer, types.Float))):
        raise TypingError("s2sad (jit): the gradient of np.linalg.norm with this `ord` and `axis` is compiled for "
                          "a number `ord` and one integer axis; use jit=False")

    def along(g, y, x, ord, axis, keepdims):
        p = float(ord)
        yy, gg = expand_to(y, x, axis), expand_to(g, x, axis)
        safe = np.where(yy == 0.0, 1.0, yy)
        if p == 2.0:
            return gg * np.where(yy == 0.0, 0.0, x / safe)
        if p == 1.0:
            return gg * np.sign(x)
        if p == np.inf or p == -np.inf:
            hit = (np.abs(x) == yy) * 1.0
            return gg * np.sign(x) * hit / expand_to(axis_reduce(hit, axis, "sum"), x, axis)
        if p == 0.0:
            return x * 0.0
        return gg * np.where(yy == 0.0, 0.0, np.sign(x) * (np.abs(x) / safe) ** (p - 1.0))
    return along


def is_matrix_form(x, ord, axis):
    """True for a matrix norm (a 2-d ``x``, ``axis`` None, an ``ord`` other than None)."""
    return ndim(x) == 2 and is_none(axis) and not is_none(ord)
