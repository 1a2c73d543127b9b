"""numba versions of the gradient helpers in :mod:`s2sad.rules.runtime`.

Importing this module registers, with ``numba.extending.overload``, a nopython
implementation for every helper a generated adjoint may call (``zeros_like``,
``unbroadcast``, ``sum_grad``, ...). The adjoint keeps calling the very same
Python functions; inside ``numba.njit`` code numba picks the implementation
registered here, chosen at typing time from the argument types (see
:mod:`s2sad.backends.numba_support`). ``COVERED`` names the helpers done.
"""
import numpy as np
from numba import types
from numba.core.errors import TypingError
from numba.extending import overload

from ..rules import runtime as rt
from .numba_lists import copy, rows
from .numba_reduce import axis_reduce, expand_to, prod_of_others, reduced_count
from .numba_support import gen, idx, is_array, is_none, literal_bool, ndim

COVERED = set()          # names of the s2sad.rules.runtime helpers implemented here


def _helper(fn, **options):
    """``overload(fn)`` for an s2sad.rules.runtime helper, recorded in COVERED."""
    COVERED.add(fn.__name__)
    return overload(fn, **options)


def _gen(src, name):
    return gen(src, name, {"np": np}, __name__)


# ----------------------------------------------------------------- the helpers
@_helper(rt.zeros_like)
def _ov_zeros_like(x):
    if is_array(x):
        return lambda x: np.zeros(x.shape)
    if isinstance(x, (types.List, types.UniTuple)):
        # a list built with append: one gradient row per element (np.zeros(np.shape(x)))
        item = x.dtype
        if is_array(item):
            return lambda x: np.zeros_like(rows(x))
        return lambda x: np.zeros(len(x))
    return lambda x: 0.0


@_helper(rt.unbroadcast)
def _ov_unbroadcast(g, x):
    if not is_array(g):
        return lambda g, x: g
    if not is_array(x):
        return lambda g, x: np.sum(g)
    gn, xn = g.ndim, x.ndim
    if gn < xn:
        raise TypingError(f"s2sad (jit): unbroadcast of a {gn}-d gradient to a {xn}-d argument")
    lead = gn - xn
    i = [f"i{k}" for k in range(gn)]
    lines = ["def unbroadcast(g, x):", "    xs = x.shape", "    gs = g.shape"]
    if gn == xn:
        lines.append("    if gs == xs:")
        lines.append("        return g")
    lines.append("    out = np.zeros(xs)")
    ind = "    "
    for k in range(gn):
        lines.append(f"{ind}for i{k} in range(gs[{k}]):")
        ind += "    "
        if k >= lead:
            lines.append(f"{ind}j{k} = 0 if xs[{k - lead}] == 1 else i{k}")
    j = [f"j{k}" for k in range(lead, gn)]
    lines.append(f"{ind}out[{idx(j)}] += g[{idx(i)}]")
    lines.append("    return out")
    return _gen("\n".join(lines) + "\n", "unbroadcast")


@_helper(rt.add_at)
def _ov_add_at(b, idx, g):
    if isinstance(idx, types.Integer) or isinstance(idx, types.BaseTuple) and \
            all(isinstance(t, (types.Integer, types.SliceType)) for t in idx):
        def add_at(b, idx, g):
            b[idx] += g
        return add_at
    if is_array(idx) and idx.ndim == 1 and isinstance(idx.dtype, types.Integer):
        if is_array(g):
            def add_at(b, idx, g):
                for k in range(idx.shape[0]):
                    b[idx[k]] += g[k]
        else:
            def add_at(b, idx, g):
                for k in range(idx.shape[0]):
                    b[idx[k]] += g
        return add_at
    if is_array(idx) and idx.ndim == 1 and isinstance(idx.dtype, types.Boolean):
        if is_array(g):
            def add_at(b, idx, g):
                j = 0
                for k in range(idx.shape[0]):
                    if idx[k]:
                        b[k] += g[j]
                        j += 1
        else:
            def add_at(b, idx, g):
                for k in range(idx.shape[0]):
                    if idx[k]:
                        b[k] += g
        return add_at
    raise TypingError(f"s2sad (jit): indexed gradient accumulation with an index of type {idx} "
                      "is not supported")


@_helper(rt.safe_log)
def _ov_safe_log(x):
    if is_array(x):
        return lambda x: np.log(np.where(x > 0, x, 1.0))
    return lambda x: np.log(x) if x > 0 else 0.0


@_helper(rt.safe_reciprocal)
def _ov_safe_reciprocal(y):
    if is_array(y):
        return lambda y: np.where(y == 0, 0.0, 1.0 / np.where(y == 0, 1.0, y))
    return lambda y: 0.0 if y == 0 else 1.0 / y


@_helper(rt.sum_grad)
def _ov_sum_grad(g, x, axis=None, keepdims=False):
    if not is_array(x):
        return lambda g, x, axis=None, keepdims=False: g + 0.0
    return lambda g, x, axis=None, keepdims=False: np.zeros(x.shape) + expand_to(g, x, axis)


@_helper(rt.mean_grad)
def _ov_mean_grad(g, x, axis=None, keepdims=False):
    if not is_array(x):
        return lambda g, x, axis=None, keepdims=False: g + 0.0
    return lambda g, x, axis=None, keepdims=False: \
        (np.zeros(x.shape) + expand_to(g, x, axis)) / reduced_count(x, axis)


@_helper(rt.prod_grad)
def _ov_prod_grad(g, y, x, axis=None, keepdims=False):
    """g times the product of the *other* elements (exact where x has zeros)."""
    if not is_array(x):
        return lambda g, y, x, axis=None, keepdims=False: g + 0.0
    if not (is_none(axis) or isinstance(axis, types.Integer)):
        return lambda g, y, x, axis=None, keepdims=False: expand_to(g * y, x, axis) / x
    return lambda g, y, x, axis=None, keepdims=False: \
        expand_to(g, x, axis) * prod_of_others(x * 1.0, axis)


@_helper(rt.extreme_grad)
def _ov_extreme_grad(g, y, x, axis=None, keepdims=False):
    if not is_array(x):
        return lambda g, y, x, axis=None, keepdims=False: g + 0.0
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
    plain = is_none(ord) or isinstance(ord, (types.StringLiteral, types.UnicodeType))
    if not plain and not (isinstance(ord, (types.Integer, types.Float)) and ndim(x) == 1 and is_none(axis)):
        raise TypingError("s2sad (jit): np.linalg.norm with this `ord` is differentiated for 1-d "
                          "vectors only; use jit=False for matrix norms")
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


def _c(a):
    """Contiguous (np.dot on non-contiguous operands is slow and warns)."""


@overload(_c)
def _ov_c(a):
    if is_array(a) and a.layout != "C":
        return lambda a: np.ascontiguousarray(a)
    return lambda a: a


def _two_d_at_most(a, b):
    if ndim(a) > 2 or ndim(b) > 2:
        raise TypingError("s2sad (jit): products of arrays with more than 2 dimensions are "
                          "differentiated with jit=False only")


@_helper(rt.dot_grad_left)
def _ov_dot_grad_left(g, a, b, stacks=True):
    _two_d_at_most(a, b)
    na, nb = ndim(a), ndim(b)
    if na == 0 or nb == 0:
        return lambda g, a, b, stacks=True: rt.unbroadcast(g * b, a)
    if nb == 1:
        if na == 2:
            return lambda g, a, b, stacks=True: np.outer(g, b)
        return lambda g, a, b, stacks=True: g * b
    if na == 2:
        return lambda g, a, b, stacks=True: np.dot(_c(g), np.ascontiguousarray(b.T))
    return lambda g, a, b, stacks=True: np.dot(_c(b), _c(g))


@_helper(rt.dot_grad_right)
def _ov_dot_grad_right(g, a, b, stacks=True):
    _two_d_at_most(a, b)
    na, nb = ndim(a), ndim(b)
    if na == 0 or nb == 0:
        return lambda g, a, b, stacks=True: rt.unbroadcast(g * a, b)
    if na == 1:
        if nb == 2:
            return lambda g, a, b, stacks=True: np.outer(a, g)
        return lambda g, a, b, stacks=True: g * a
    if nb == 2:
        return lambda g, a, b, stacks=True: np.dot(np.ascontiguousarray(a.T), _c(g))
    return lambda g, a, b, stacks=True: np.dot(_c(g), _c(a))


@_helper(rt.outer_grad_left)
def _ov_outer_grad_left(g, a, b):
    if not is_array(a):
        return lambda g, a, b: np.sum(np.dot(_c(g), np.ravel(b)))
    return lambda g, a, b: np.dot(_c(g), np.ravel(b)).reshape(a.shape)


@_helper(rt.outer_grad_right)
def _ov_outer_grad_right(g, a, b):
    if not is_array(b):
        return lambda g, a, b: np.sum(np.dot(np.ravel(a), _c(g)))
    return lambda g, a, b: np.dot(np.ravel(a), _c(g)).reshape(b.shape)


@_helper(rt.sum_list_grad)
def _ov_sum_list_grad(g, x):
    """Gradient of the builtin ``sum`` over a list (or an array's first axis)."""
    if is_array(x):
        return lambda g, x: np.zeros(x.shape) + g
    if isinstance(x, (types.List, types.UniTuple)):
        return lambda g, x: rt.zeros_like(x) + g
    return None


@_helper(rt.stack_grad)
def _ov_stack_grad(g, axis=0):
    """Gradient of ``np.stack(xs, axis)`` wrt xs: the stacked axis moved first."""
    if not is_array(g):
        return None
    if isinstance(axis, (int, types.Omitted)) and int(getattr(axis, "value", axis) or 0) == 0:
        return lambda g, axis=0: g
    n = g.ndim
    lines = ["def stack_grad(g, axis=0):", f"    ax = axis % {n}"]
    for a in range(n):
        perm = [a] + [k for k in range(n) if k != a]
        lines.append(f"    {'if' if a == 0 else 'elif' if a < n - 1 else 'else'}"
                     f"{f' ax == {a}' if a < n - 1 else ''}:")
        lines.append(f"        return np.transpose(g, ({idx([str(k) for k in perm])}))")
    return _gen("\n".join(lines) + "\n", "stack_grad")


@_helper(rt.transpose_grad)
def _ov_transpose_grad(g, axes=None):
    if not is_array(g):
        return lambda g, axes=None: g
    if is_none(axes):
        return lambda g, axes=None: np.transpose(g)
    n = g.ndim
    src = (f"def transpose_grad(g, axes=None):\n    inv = np.argsort(np.array(axes))\n"
           f"    return np.transpose(g, ({idx([f'inv[{k}]' for k in range(n)])}))\n")
    return _gen(src, "transpose_grad")


@_helper(rt.reshape_grad)
def _ov_reshape_grad(g, x):
    if is_array(x):
        if is_array(g):
            return lambda g, x: np.ascontiguousarray(g).reshape(x.shape)
        return lambda g, x: np.full(x.shape, g)
    if is_array(g):
        return lambda g, x: np.sum(g)
    return lambda g, x: g


@_helper(rt.clip_mask)
def _ov_clip_mask(x, lo, hi):
    def part(bound, op):
        if is_none(bound):
            return ""
        return f" * (x {op} {'lo' if op == '>=' else 'hi'})"
    if is_array(x):
        src = f"def clip_mask(x, lo, hi):\n    return np.ones(x.shape){part(lo, '>=')}{part(hi, '<=')}\n"
    else:
        src = f"def clip_mask(x, lo, hi):\n    return float(1.0{part(lo, '>=')}{part(hi, '<=')})\n"
    return _gen(src, "clip_mask")


@_helper(rt.cumsum_grad)
def _ov_cumsum_grad(g, x, axis=None):
    if not is_array(x):
        return lambda g, x, axis=None: g
    if is_none(axis) or x.ndim == 1:
        return lambda g, x, axis=None: np.cumsum(np.ravel(g)[::-1])[::-1].copy().reshape(x.shape)
    raise TypingError("s2sad (jit): np.cumsum with an axis on a multi-dimensional array is not supported")


@_helper(rt.trace_grad)
def _ov_trace_grad(g, x):
    return lambda g, x: g * np.eye(x.shape[0], x.shape[1])


@_helper(rt.sort_grad)
def _ov_sort_grad(g, x, axis=-1):
    if ndim(x) != 1:
        raise TypingError("s2sad (jit): np.sort is differentiated for 1-d arrays only; use jit=False")

    def sort_grad(g, x, axis=-1):
        out = np.zeros(x.shape)
        out[np.argsort(x)] = g
        return out
    return sort_grad


@_helper(rt.linspace_weights)
def _ov_linspace_weights(y, endpoint=True):
    if ndim(y) != 1:
        raise TypingError("s2sad (jit): np.linspace with array endpoints is not supported; use jit=False")

    def linspace_weights(y, endpoint=True):
        n = y.shape[0]
        if endpoint:
            return np.linspace(0.0, 1.0, n)
        return np.arange(n) / n
    return linspace_weights


@_helper(rt.clip_bound_mask)
def _ov_clip_bound_mask(x, lo, hi, upper):
    m = "x" if is_none(lo) else "np.maximum(x, lo)"
    if literal_bool(upper) is None:
        raise TypingError("s2sad (jit): clip_bound_mask needs a constant `upper`")
    if literal_bool(upper):
        hit = f"({m} > hi)"
    else:
        hit = "(x < lo)" if is_none(hi) else f"(x < lo) & ({m} <= hi)"
    conv = "* 1.0" if is_array(x) or is_array(lo) or is_array(hi) else ""
    src = f"def clip_bound_mask(x, lo, hi, upper):\n    return float({hit})\n" if not conv else \
        f"def clip_bound_mask(x, lo, hi, upper):\n    return ({hit}) {conv}\n"
    return _gen(src, "clip_bound_mask")


@_helper(rt.own)
def _ov_own(x):
    return lambda x: copy(x)   # numba has no 0-d arrays to turn into numbers: np.copy's stand-in


@_helper(rt.item)
def _ov_item(x):
    if is_array(x):
        return lambda x: x.item()
    return lambda x: x
