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

from ...errors import NoDerivativeError
from ...rules import tangent_runtime as trt
from .numba_lists import SUBSTITUTES
from .numba_reduce import axis_reduce, expand_to
from .numba_support import is_array, is_none, literal_bool, ndim


# ---- values ---------------------------------------------------------------------------------
@overload(np.linalg.norm, prefer_literal=True)
def _ov_nuclear(x, ord=None, axis=None, keepdims=False):
    """``ord='nuc'`` and ``ord='fro'`` of a matrix (numba's raises "Invalid norm order" at run time
    on a string ``ord``; 'fro' of a matrix is its default norm). 'fro' of another rank is left to
    numba, which raises as NumPy does."""
    if not (isinstance(ord, types.StringLiteral) and is_array(x) and x.ndim == 2 and is_none(axis)
            and not literal_bool(keepdims)):
        return None
    if ord.literal_value == "nuc":
        return lambda x, ord=None, axis=None, keepdims=False: np.sum(np.linalg.svd(np.ascontiguousarray(x), False)[1])
    if ord.literal_value == "fro":
        return lambda x, ord=None, axis=None, keepdims=False: np.linalg.norm(x)
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
            u, _s, vt = np.linalg.svd(np.ascontiguousarray(x), False)
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


# ---- second order (forward over the adjoint) ------------------------------------------------
def _second_order_case(x, ord, axis):
    """'two' (g x / |x|), 'p' (a vector p-norm, p a number) or None (not compiled), as
    ``tangent_runtime._norm_case`` decides it at run time."""
    if not is_array(x):
        return None
    if is_none(ord) or isinstance(ord, (types.UnicodeType, types.StringLiteral)):
        return "two"    # 'fro' (another string is refused at run time by _order)
    if is_matrix_form(x, ord, axis):
        return None
    if isinstance(ord, (types.Integer, types.Float)) and (is_none(axis) and ndim(x) == 1 or isinstance(axis, types.Integer)):
        return "p"
    return None


def _refuse_second_order():
    raise TypingError("s2sad (jit): the second derivative of np.linalg.norm is compiled for a vector norm "
                      "(ord None, 'fro' or a number, axis None or one integer); use jit=False")


def norm_grad_dx(g, y, x, t_x, ord=None, axis=None, keepdims=False):
    """Stand-in for ``tangent_runtime.norm_grad_dx`` in compiled code (``SUBSTITUTES``: the
    Python version picks its formula from ``ord`` at run time, which numba cannot type)."""
    return trt.norm_grad_dx(g, y, x, t_x, ord, axis, keepdims)


def norm_grad_dy(g, y, x, t_y, ord=None, axis=None, keepdims=False):
    """Stand-in for ``tangent_runtime.norm_grad_dy`` in compiled code (as ``norm_grad_dx``)."""
    return trt.norm_grad_dy(g, y, x, t_y, ord, axis, keepdims)


SUBSTITUTES[trt.norm_grad_dx] = norm_grad_dx
SUBSTITUTES[trt.norm_grad_dy] = norm_grad_dy


@overload(norm_grad_dx)
def _ov_norm_grad_dx(g, y, x, t_x, ord=None, axis=None, keepdims=False):
    """``tangent_runtime.norm_grad_dx``: the change of the gradient when ``x`` moves by ``t_x``."""
    case = _second_order_case(x, ord, axis)
    if case is None:
        _refuse_second_order()

    def dx(g, y, x, t_x, ord=None, axis=None, keepdims=False):
        gg, yy = expand_to(g, x, axis), expand_to(y, x, axis)
        safe = np.where(yy == 0.0, 1.0, yy)
        p = _order(ord)
        if p == 2.0:
            return gg * np.where(yy == 0.0, 0.0, t_x / safe)
        if p == 0.0 or p == 1.0 or p == np.inf or p == -np.inf:
            return x * 0.0
        return gg * np.where(yy == 0.0, 0.0, (p - 1.0) * (np.abs(x) / safe) ** (p - 2.0) * t_x / safe)
    return dx


@overload(norm_grad_dy)
def _ov_norm_grad_dy(g, y, x, t_y, ord=None, axis=None, keepdims=False):
    """``tangent_runtime.norm_grad_dy``: the change of the gradient when ``y`` moves by ``t_y``."""
    case = _second_order_case(x, ord, axis)
    if case is None:
        _refuse_second_order()

    def dy(g, y, x, t_y, ord=None, axis=None, keepdims=False):
        gg, yy, ty = expand_to(g, x, axis), expand_to(y, x, axis), expand_to(t_y, x, axis)
        safe = np.where(yy == 0.0, 1.0, yy)
        p = _order(ord)
        if p == 2.0:
            return gg * np.where(yy == 0.0, 0.0, -x * ty / (safe * safe))
        if p == 0.0 or p == 1.0 or p == np.inf or p == -np.inf:
            return x * 0.0
        return gg * np.where(yy == 0.0, 0.0, -(p - 1.0) * np.sign(x) * (np.abs(x) / safe) ** (p - 1.0) * ty / safe)
    return dy


def _order(ord):
    """``ord`` as the number p of a p-norm (None and 'fro': 2)."""


@overload(_order)
def _ov_order(ord):
    if is_none(ord):
        return lambda ord: 2.0
    if isinstance(ord, (types.UnicodeType, types.StringLiteral)):
        def order(ord):
            if ord != "fro":
                raise NoDerivativeError("s2sad has no second-order rule for np.linalg.norm(x, ord='nuc') of a "
                                        "matrix (the derivative of its singular vectors); use ord='fro'.")
            return 2.0
        return order
    return lambda ord: float(ord)
