"""Helpers the forward rules call at run time (plain NumPy), beside ``runtime.py``'s.

``pop`` and ``added_at`` are the tape operations of an adjoint written as calls,
so that forward mode over an adjoint (``hvp``) can give them tangents;
``ones_like`` seeds a reduction's gradient helper to get its elementwise
derivative; ``det_tangent`` is the tangent of ``np.linalg.det`` (also at singular
matrices); ``sort_tangent`` is the tangent of ``np.sort``; ``prod_grad_dx``/
``prod_grad_dy`` and ``norm_grad_dx``/``norm_grad_dy`` are the derivatives of the
gradients of ``np.prod`` (exact with zeros, like the first) and of
``np.linalg.norm`` (second order).
"""
import numpy as np

from ..errors import NoDerivativeError
from .runtime import _expand, add_at, det_grad, zeros_like


def pop(lst):
    """``lst.pop()`` as a call: how a tape pop reads when an adjoint is differentiated."""
    return lst.pop()


def added_at(b, idx, g):
    """``add_at(b, idx, g)`` (``b[idx] += g`` counting repeated indices), returning ``b``."""
    add_at(b, idx, g)
    return b


def zeros_list(x):
    """The zero tangent of a list the code appends to: a list of zeros (``zeros_like`` makes
    one array of a list of equally shaped arrays, and an array has no ``append``); a list of
    lists gets lists (``tab[i][0] = y`` may put an array into a row of numbers)."""
    if isinstance(x, (list, tuple)):
        if x and isinstance(x[0], list):   # (not recursive: numba compiles this function too)
            return [[zeros_like(v) for v in e] if isinstance(e, list) else zeros_like(e) for e in x]
        return [zeros_like(e) for e in x]
    return zeros_like(x)


def joined_tangent(t_a, a, t_b, b):
    """The tangent of ``a + b`` of two lists or two tuples (a join): the items' tangents in order,
    zeros for the items of an operand that does not depend on the inputs (its tangent None)."""
    out = list(t_a) if t_a is not None else zeros_list(a)
    out += list(t_b) if t_b is not None else zeros_list(b)
    return tuple(out) if isinstance(a, tuple) else out


def ones_like(y):
    """1.0 for a scalar, an array of ones shaped like ``y`` otherwise."""
    return zeros_like(y) + 1.0


def _tuple_axis(axis):
    return axis is not None and np.ndim(axis) != 0


def prod_grad_dy(g, t_y, x, axis=None, keepdims=False):
    """Change of ``prod_grad(g, y, x, axis, keepdims)`` when ``y`` moves by ``t_y``."""
    shape = np.shape(x)
    if shape != () and _tuple_axis(axis):
        return _expand(g * t_y, shape, axis, keepdims) / x
    return zeros_like(x)


def prod_grad_dx(g, y, x, t_x, axis=None, keepdims=False):
    """Change of ``prod_grad(g, y, x, axis, keepdims)`` when ``x`` moves by ``t_x``."""
    shape = np.shape(x)
    if shape == ():
        return 0.0 * t_x
    if _tuple_axis(axis):
        return -_expand(g * y, shape, axis, keepdims) * t_x / (x * x)
    x, t_x = np.asarray(x, dtype=float), np.asarray(t_x, dtype=float)
    if axis is None:
        others = _others_tangent(np.ravel(x), np.ravel(t_x), 0).reshape(shape)
    else:
        others = _others_tangent(x, t_x, axis)
    return _expand(g, shape, axis, keepdims) * others


def _others_tangent(x, t, axis):
    """For each element, the change of the product of all *other* elements along ``axis``
    (``runtime._prod_of_others``) when ``x`` moves by ``t``: prefix and suffix products
    and their tangents, so zeros in ``x`` are exact."""
    x, t = np.moveaxis(x, axis, -1), np.moveaxis(t, axis, -1)
    n = x.shape[-1]
    before, d_before = np.empty(x.shape), np.empty(x.shape)
    after, d_after = np.empty(x.shape), np.empty(x.shape)
    p, dp = np.ones(x.shape[:-1]), np.zeros(x.shape[:-1])
    q, dq = np.ones(x.shape[:-1]), np.zeros(x.shape[:-1])
    for k in range(n):
        before[..., k], d_before[..., k] = p, dp
        p, dp = p * x[..., k], dp * x[..., k] + p * t[..., k]
        j = n - 1 - k
        after[..., j], d_after[..., j] = q, dq
        q, dq = q * x[..., j], dq * x[..., j] + q * t[..., j]
    return np.moveaxis(d_before * after + before * d_after, -1, axis)


def det_tangent(tx, y, x):
    """Tangent of ``np.linalg.det(x)``: ``t[x]`` against det's gradient (the transposed
    adjugate), summed over each matrix; exact where ``x`` is singular."""
    return np.sum(np.sum(det_grad(ones_like(y), y, x) * tx, axis=-1), axis=-1)


def det_grad_tangent(tg, tx, g, y, x):
    """Tangent of ``det_grad(g, y, x) = g det(x) inv(x)^T`` along ``tg`` and ``tx`` (the
    dependence on ``y = det(x)`` is taken through ``x``). At a singular ``x`` the
    adjugate's derivative is not computed: refused rather than guessed."""
    if np.any(y == 0) or not np.all(np.isfinite(np.linalg.cond(x))) or np.max(np.linalg.cond(x)) >= 1e12:
        raise NoDerivativeError("second derivative of np.linalg.det at a singular matrix: s2sad computes "
                                "it only where the matrix is invertible")
    inv_t = np.swapaxes(np.linalg.inv(x), -1, -2)
    dx_t = np.swapaxes(tx, -1, -2)
    trace = np.sum(np.sum(inv_t * tx, axis=-1), axis=-1)  # trace(inv(x) @ tx)
    scale = np.expand_dims(np.expand_dims(tg * y + g * y * trace, -1), -1)
    gy = np.expand_dims(np.expand_dims(g * y, -1), -1)
    return scale * inv_t - gy * (inv_t @ dx_t @ inv_t)


def sort_tangent(t, x, axis=-1):
    """Tangent of ``np.sort(x, axis)``: ``t`` put in the order the values of ``x`` are sorted."""
    x = np.asarray(x)
    if axis is None:
        return np.ravel(t)[np.argsort(x, axis=None)]
    return np.take_along_axis(np.asarray(t, dtype=float), np.argsort(x, axis=axis), axis=axis)


def _norm_case(ord, x, axis):
    """Which formula ``runtime.norm_grad`` uses: 'two' (g x / |x|), 'flat' (piecewise constant
    in x and y), 'p' (a general vector p-norm) or 'svd' (matrix 2, -2 and nuclear norms)."""
    if ord is None or ord == "fro":
        return "two"
    if axis is None and np.ndim(x) == 2:
        return "svd" if ord in (2, -2, "nuc") else "flat"
    if ord == 2:
        return "two"
    return "flat" if ord in (0, 1, np.inf, -np.inf) else "p"


def _no_second_order(ord):
    from ..errors import NoDerivativeError
    return NoDerivativeError(f"s2sad has no second-order rule for np.linalg.norm(x, ord={ord!r}) of a "
                             "matrix (the derivative of its singular vectors); use ord='fro'.")


def norm_grad_dx(g, y, x, t_x, ord=None, axis=None, keepdims=False):
    """Change of ``norm_grad(g, y, x, ord, axis, keepdims)`` when ``x`` moves by ``t_x``."""
    case, shape = _norm_case(ord, x, axis), np.shape(x)
    if case == "svd":
        raise _no_second_order(ord)
    if case == "flat":
        return zeros_like(x)
    gg, yy = _expand(g, shape, axis, keepdims), _expand(y, shape, axis, keepdims)
    safe = np.where(yy == 0, 1.0, yy)
    if case == "two":
        return gg * np.where(yy == 0, 0.0, t_x / safe)
    return gg * np.where(yy == 0, 0.0, (ord - 1) * (np.abs(x) / safe) ** (ord - 2) * t_x / safe)


def norm_grad_dy(g, y, x, t_y, ord=None, axis=None, keepdims=False):
    """Change of ``norm_grad(g, y, x, ord, axis, keepdims)`` when ``y`` moves by ``t_y``."""
    case, shape = _norm_case(ord, x, axis), np.shape(x)
    if case in ("svd", "flat"):
        return zeros_like(x)
    gg, yy = _expand(g, shape, axis, keepdims), _expand(y, shape, axis, keepdims)
    ty, safe = _expand(t_y, shape, axis, keepdims), np.where(yy == 0, 1.0, yy)
    if case == "two":
        return gg * np.where(yy == 0, 0.0, -x * ty / (safe * safe))
    return gg * np.where(yy == 0, 0.0, -(ord - 1) * np.sign(x) * (np.abs(x) / safe) ** (ord - 1) * ty / safe)
