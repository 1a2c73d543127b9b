"""numba versions of the reduction gradient helpers in :mod:`s2sad.rules.runtime`
(``sum_grad``, ``mean_grad``, ``prod_grad``, ``extreme_grad``, ``var_grad``, ``norm_grad``,
``cumsum_grad``, ``trace_grad``, ``sort_grad``).

Registered with ``overload`` on import, like the rest of :mod:`s2sad.backends.numba_helpers.numba_grads`
(which imports this module), and recorded in its ``COVERED``. Invariant: each returns
an array of ``x``'s shape (a float for a scalar ``x``), the reduced axes restored, or
raises numba's TypingError with what to write instead.
"""
import numpy as np
from numba import types
from numba.core.errors import TypingError
from numba.extending import register_jitable

from ...rules import runtime as rt
from .numba_grads import _helper
from .numba_reduce import axis_reduce, expand_to, prod_of_others, reduced_count
from .numba_support import is_array, is_none, ndim


def _numbers(x, axis):
    """``x`` a list or homogeneous tuple of numbers reduced whole (``np.max(env)`` of a list the
    loop appended to): its gradient is an array with one item per element, as with ``jit=False``."""
    if isinstance(x, (types.List, types.UniTuple)) and isinstance(x.dtype, (types.Float, types.Integer)):
        if not is_none(axis):
            raise TypingError("s2sad (jit): a reduction of a list along an axis; use np.array(xs) or jit=False")
        return True
    return False


@_helper(rt.sum_grad)
def _ov_sum_grad(g, x, axis=None, keepdims=False):
    if _numbers(x, axis):           # np.sum(xs) of a list: one gradient per item
        return lambda g, x, axis=None, keepdims=False: np.full(len(x), g + 0.0)
    if not is_array(x):
        return lambda g, x, axis=None, keepdims=False: g + 0.0
    return lambda g, x, axis=None, keepdims=False: np.zeros(x.shape) + expand_to(g, x, axis)


@_helper(rt.mean_grad)
def _ov_mean_grad(g, x, axis=None, keepdims=False):
    if _numbers(x, axis):
        return lambda g, x, axis=None, keepdims=False: np.full(len(x), (g + 0.0) / max(len(x), 1))
    if not is_array(x):
        return lambda g, x, axis=None, keepdims=False: g + 0.0
    return lambda g, x, axis=None, keepdims=False: \
        (np.zeros(x.shape) + expand_to(g, x, axis)) / reduced_count(x, axis)


@_helper(rt.prod_grad)
def _ov_prod_grad(g, y, x, axis=None, keepdims=False):
    """g times the product of the *other* elements (exact where x has zeros); for a list of
    numbers (``math.prod(xs)``) an array with one gradient per element."""
    if isinstance(x, (types.List, types.UniTuple)) and isinstance(x.dtype, (types.Float, types.Integer)):
        def prod_grad_of_list(g, y, x, axis=None, keepdims=False):
            a = np.empty(len(x))
            for i in range(len(x)):
                a[i] = x[i]
            return g * prod_of_others(a, None)
        return prod_grad_of_list
    if not is_array(x):
        return lambda g, y, x, axis=None, keepdims=False: g + 0.0
    if not (is_none(axis) or isinstance(axis, types.Integer)):
        return lambda g, y, x, axis=None, keepdims=False: expand_to(g * y, x, axis) / x
    return lambda g, y, x, axis=None, keepdims=False: \
        expand_to(g, x, axis) * prod_of_others(x * 1.0, axis)


@_helper(rt.extreme_grad)
def _ov_extreme_grad(g, y, x, axis=None, keepdims=False):
    if _numbers(x, axis):
        return lambda g, y, x, axis=None, keepdims=False: _extreme_grad_whole(g, y, np.array(x))
    if not is_array(x):
        return lambda g, y, x, axis=None, keepdims=False: g + 0.0
    if is_none(axis) and isinstance(g, (types.Float, types.Integer)) and isinstance(y, (types.Float, types.Integer)):
        return _extreme_grad_whole
    if is_none(axis):
        def extreme_grad(g, y, x, axis=None, keepdims=False):
            hit = (x == expand_to(y, x, axis)) * 1.0
            return hit * expand_to(g, x, axis) / np.sum(hit)
        return extreme_grad

    def extreme_grad(g, y, x, axis=None, keepdims=False):
        hit = (x == expand_to(y, x, axis)) * 1.0
        count = expand_to(axis_reduce(hit, axis, "sum"), x, axis)
        return hit * expand_to(g, x, axis) / count
    return extreme_grad


@register_jitable
def _extreme_grad_whole(g, y, x, axis=None, keepdims=False):
    """``hit * g / np.sum(hit)`` (``hit``: 1.0 where ``x == y``) for a number ``g``: two passes
    over ``x`` and one array, where the array expression made four (GMM's logsumexp runs it once
    per point). Each element is ``(1.0 * g) / count`` or ``(0.0 * g) / count``, as there; with no
    hit (``y`` NaN) the expression itself runs (NumPy's division by zero, not numba's raise)."""
    count = 0
    for v in x.flat:
        if v == y:
            count += 1
    if count == 0:
        hit = (x == y) * 1.0
        return hit * g / np.sum(hit)
    on, off = (1.0 * g) / count, (0.0 * g) / count
    out = np.empty(x.shape)
    flat = out.reshape(out.size)
    for i, v in enumerate(x.flat):
        flat[i] = on if v == y else off
    return out


@_helper(rt.var_grad)
def _ov_var_grad(g, x, axis=None, ddof=0, keepdims=False):
    if not is_array(x):
        return lambda g, x, axis=None, ddof=0, keepdims=False: g * 0.0
    if is_none(axis):
        def var_grad(g, x, axis=None, ddof=0, keepdims=False):
            n = float(x.size)
            return expand_to(g, x, axis) * 2.0 * (x - np.mean(x)) / (n - ddof)
        return var_grad

    def var_grad(g, x, axis=None, ddof=0, keepdims=False):
        n = reduced_count(x, axis)
        centered = x - expand_to(axis_reduce(x, axis, "sum"), x, axis) / n
        return expand_to(g, x, axis) * 2.0 * centered / (n - ddof)
    return var_grad


@_helper(rt.norm_grad)
def _ov_norm_grad(g, y, x, ord=None, axis=None, keepdims=False):
    from .numba_rules_norms import (
        is_matrix_form,
        matrix_norm_grad,
        vector_norm_grad_along,
    )
    if is_matrix_form(x, ord, axis):        # 1, -1, inf, -inf, 2, -2, 'fro', 'nuc' of a matrix
        return lambda g, y, x, ord=None, axis=None, keepdims=False: matrix_norm_grad(g, y, x, ord)
    if isinstance(ord, (types.Integer, types.Float)) and isinstance(axis, types.Integer):
        return lambda g, y, x, ord=None, axis=None, keepdims=False: \
            vector_norm_grad_along(g, y, x, ord, axis, keepdims)
    plain = is_none(ord) or isinstance(ord, types.StringLiteral) and ord.literal_value == "fro"
    if not plain and not (isinstance(ord, (types.Integer, types.Float)) and ndim(x) == 1 and is_none(axis)):
        raise TypingError("s2sad (jit): the gradient of np.linalg.norm is compiled for vectors (any number "
                          "`ord`, along one integer axis too) and matrices (ord None, 'fro', 'nuc', 1, -1, 2, -2, "
                          "np.inf, -np.inf); use jit=False for this form")
    if not is_array(x):
        return lambda g, y, x, ord=None, axis=None, keepdims=False: \
            g * (0.0 if y == 0 else x / y)
    if not plain:
        return _vector_norm_grad
    if is_none(axis):
        return lambda g, y, x, ord=None, axis=None, keepdims=False: \
            g * (x * 0.0 if y == 0 else x / y)

    def norm_grad(g, y, x, ord=None, axis=None, keepdims=False):
        yy = expand_to(y, x, axis)
        return expand_to(g, x, axis) * np.where(yy == 0, 0.0, x / np.where(yy == 0, 1.0, yy))
    return norm_grad


def _vector_norm_grad(g, y, x, ord=None, axis=None, keepdims=False):
    """The p-norm of a 1-d vector (the same cases as runtime._vector_norm_grad)."""
    p = float(ord)
    if y == 0 and p > 0:
        return np.sign(x) * g if p == 1.0 else x * 0.0
    if p == 2.0:
        return g * x / y
    if p == 1.0:
        return g * np.sign(x)
    if p == np.inf or p == -np.inf:
        hit = (np.abs(x) == y) * 1.0
        return g * np.sign(x) * hit / np.sum(hit)
    if p == 0.0:
        return x * 0.0
    return g * np.sign(x) * (np.abs(x) / y) ** (p - 1.0)


@_helper(rt.cumsum_grad)
def _ov_cumsum_grad(g, x, axis=None):
    if not is_array(x):
        return lambda g, x, axis=None: g
    if is_none(axis) or x.ndim == 1:
        return lambda g, x, axis=None: np.cumsum(np.ravel(g)[::-1])[::-1].copy().reshape(x.shape)
    if not isinstance(axis, types.Integer):
        raise TypingError("s2sad (jit): np.cumsum over this axis is compiled for one integer axis; use jit=False")

    def cumsum_grad_along(g, x, axis=None):
        moved = np.ascontiguousarray(np.moveaxis(g + np.zeros(x.shape), axis, -1))
        r = moved.reshape(moved.size // max(moved.shape[-1], 1), moved.shape[-1])
        for k in range(r.shape[0]):      # the reversed running sum of each row along the axis
            r[k] = np.cumsum(r[k][::-1])[::-1]
        return np.ascontiguousarray(np.moveaxis(r.reshape(moved.shape), -1, axis))
    return cumsum_grad_along


@_helper(rt.trace_grad)
def _ov_trace_grad(g, x, offset=0, axis1=0, axis2=1):
    if ndim(x) != 2:   # numba's np.trace takes one matrix
        raise TypingError("s2sad (jit): np.trace of a stack of matrices is differentiated with jit=False only")

    def trace_grad(g, x, offset=0, axis1=0, axis2=1):
        if axis1 % 2 == 0:
            return g * np.eye(x.shape[0], x.shape[1], offset)
        return g * np.ascontiguousarray(np.eye(x.shape[1], x.shape[0], offset).T)
    return trace_grad


@_helper(rt.sort_grad)
def _ov_sort_grad(g, x, axis=-1):
    if ndim(x) != 1:
        raise TypingError("s2sad (jit): np.sort is differentiated for 1-d arrays only; use jit=False")

    def sort_grad(g, x, axis=-1):
        out = np.zeros(x.shape)
        out[np.argsort(x)] = g
        return out
    return sort_grad
