"""numba versions of the gradient helpers in :mod:`s2sad.rules.runtime`.

Importing this module registers, with ``numba.extending.overload``, a nopython
implementation for every helper a generated adjoint may call (``zeros_like``,
``unbroadcast``, ``sum_grad``, ...). The adjoint keeps calling the very same
Python functions; inside ``numba.njit`` code numba picks the implementation
registered here, chosen at typing time from the argument types (see
:mod:`s2sad.backends.numba_helpers.numba_support`); the reductions' are in ``numba_grads_reductions.py``.
``COVERED`` names the helpers done.
"""
import numpy as np
from numba import types
from numba.core.errors import TypingError
from numba.extending import overload

from ...rules import runtime as rt
from ..errors import JitError
from .numba_lists import copy, matmul, outer, rows
from .numba_matmul import outer_products, summed_products
from .numba_buffers import tuple_shape
from .numba_support import gen, idx, is_array, is_array_tuple, is_none, is_sequence, literal_bool, ndim

COVERED = set()          # names of the s2sad.rules.runtime helpers implemented here


def _helper(fn, **options):
    """``overload(fn)`` for an s2sad.rules.runtime helper, recorded in COVERED."""
    COVERED.add(fn.__name__)
    return overload(fn, **options)


def _gen(src, name, **glb):
    return gen(src, name, {"np": np, **glb}, __name__)


# ----------------------------------------------------------------- the helpers
def _numbers(t):
    """A tuple type whose items are all numbers."""
    return isinstance(t, types.BaseTuple) and all(isinstance(i, types.Number) for i in t.types)


@_helper(rt.zeros_like)
def _ov_zeros_like(x):
    if is_array(x):
        return lambda x: np.zeros(x.shape)
    if isinstance(x, types.Optional) and is_array(x.type):
        # a helper's result that is None on one path, an array on the other: an array on both (one
        # type per variable), empty where the value is None (no derivative reaches it there)
        empty = "(" + "0, " * x.type.ndim + ")"
        return _gen(f"def zeros_or_empty(x):\n    if x is None:\n        return np.zeros({empty})\n"
                    "    return np.zeros(x.shape)\n", "zeros_or_empty")
    if isinstance(x, (types.List, types.UniTuple)):
        # a list built with append: one gradient row per element (np.zeros(np.shape(x)))
        item = x.dtype
        if is_array(item):
            return lambda x: np.zeros_like(rows(x))
        if _numbers(item):         # a list of tuples of numbers: one row of adjoints per tuple
            n = len(item.types)
            return lambda x: np.zeros((len(x), n))
        if isinstance(item, (types.List, types.UniTuple)) and isinstance(item.dtype, types.Number):
            return _zeros_of_rows     # [[a, b], [c, d]]: one row of adjoints per inner list, as NumPy's
        if is_array_tuple(item):      # a list of tuples of arrays: one stack of adjoints per tuple
            return _gen(f"def zeros_of_tuples(x):\n    shape = ({len(item)},{' 0,' * item.dtype.ndim})\n"
                        "    for t in x:\n        shape = tuple_shape(t)\n"
                        "        if shape != tuple_shape(x[0]):\n            raise ValueError('setting an array "
                        "element with a sequence: a list holds tuples of arrays of different shapes')\n"
                        "    return np.zeros((len(x),) + shape)\n", "zeros_of_tuples", tuple_shape=tuple_shape)
        return lambda x: np.zeros(len(x))
    if _numbers(x):                  # (x[0], 1): numbers of different types, one adjoint each
        return lambda x: np.zeros(len(x))
    if isinstance(x, types.Tuple):   # items of different types (eigh's (w, V)): a tuple of zeros (numba_tuples)
        items = "".join(f"zeros(x[{k}]), " for k in range(len(x.types)))
        return gen(f"def zeros_of_items(x):\n    return ({items})\n", "zeros_of_items", {"zeros": rt.zeros_like},
                   __name__)
    return lambda x: 0.0


def _zeros_of_rows(x):
    """np.zeros_like of a list of equally long lists of numbers; a ragged one (Pascal's triangle) is
    refused as s2sad's (``jit_replay`` names the user's statement that made it)."""
    n = len(x[0]) if len(x) else 0
    for row in x:
        if len(row) != n:
            raise JitError("s2sad (jit): a list holds lists of different lengths; numba stores their "
                           "adjoint as one array. Use jit=False, or keep such lists in separate variables.")
    return np.zeros((len(x), n))


@_helper(rt.unbroadcast)
def _ov_unbroadcast(g, x):
    if not is_array(g):
        return lambda g, x: g
    if is_sequence(x) and isinstance(x.dtype, types.Number) or _numbers(x):   # `H[:3, 3] = [a, 0.0, b]`
        return lambda g, x: rt.unbroadcast(g, np.zeros(len(x)))       # a vector of the list's length
    if isinstance(x, types.Optional) and is_array(x.type):   # numba's np.linalg.matrix_power: read as the array
        x = x.type                                            # (summing g to a number would be silently wrong)
    if not is_array(x) or x.ndim == 0:     # a 0-d array's adjoint is a number, as runtime.unbroadcast's
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
    if is_array(idx) and idx.ndim == 0 and isinstance(idx.dtype, types.Integer):
        def add_at(b, idx, g):      # `x[n.astype(int)]` of a number n: NumPy indexes by the one integer
            b[idx[()]] += g
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


@_helper(rt.logaddexp_share)
def _ov_logaddexp_share(x, y):
    if is_array(x) or is_array(y):
        return lambda x, y: np.where(x == y, 0.5, 1.0 / (1.0 + np.exp(y - x)))
    return lambda x, y: 0.5 if x == y else 1.0 / (1.0 + np.exp(y - x))


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
                          "differentiated with jit=False only (but for `@` of stacks of matrices)")


def _stack_and_vector(a, b, stacks):
    """``a @ b`` of a stack of matrices (3-d or more) and a vector, either side."""
    return literal_bool(stacks) is not False and min(ndim(a), ndim(b)) == 1 and max(ndim(a), ndim(b)) > 2


def _stacked(a, b, stacks):
    """``a @ b`` of stacks of matrices (both 2-d or more, one more): its gradients are products of
    stacks, unbroadcast (numba_lists' ``matmul``)."""
    return literal_bool(stacks) is not False and min(ndim(a), ndim(b)) >= 2 and max(ndim(a), ndim(b)) > 2


def _full(g, a, b):
    """The adjoint ``g`` of ``a @ b`` as an array (a uniform adjoint is carried as a number)."""


@overload(_full)
def _ov_full(g, a, b):
    if is_array(g):
        return lambda g, a, b: g
    return lambda g, a, b: g + np.zeros_like(matmul(a, b))


def _rank(t):
    """ndim, reading numba's Optional array (np.linalg.matrix_power's result) as the array: as a
    number (rank 0) its product's gradient was unbroadcast to a 2-d array, a TypingError."""
    return ndim(t.type if isinstance(t, types.Optional) else t)


@_helper(rt.dot_grad_left)
def _ov_dot_grad_left(g, a, b, stacks=True):
    if _stack_and_vector(a, b, stacks):       # a's gradient: of the stack a, or of the vector a
        if ndim(a) > 2:
            return lambda g, a, b, stacks=True: outer_products(_full(g, a, b), a, b, True)
        return lambda g, a, b, stacks=True: summed_products(_full(g, a, b), b, False)
    if _stacked(a, b, stacks):
        return lambda g, a, b, stacks=True: rt.unbroadcast(matmul(_full(g, a, b), np.swapaxes(b, -1, -2)), a)
    _two_d_at_most(a, b)
    na, nb = _rank(a), _rank(b)
    if na == 0 or nb == 0:
        return lambda g, a, b, stacks=True: rt.unbroadcast(g * b, a)
    if nb == 1:
        if na == 2:
            return lambda g, a, b, stacks=True: outer(g, b)
        return lambda g, a, b, stacks=True: g * b
    if na == 2:
        return lambda g, a, b, stacks=True: np.dot(_c(g), np.ascontiguousarray(b.T))
    return lambda g, a, b, stacks=True: np.dot(_c(b), _c(g))


@_helper(rt.dot_grad_right)
def _ov_dot_grad_right(g, a, b, stacks=True):
    if _stack_and_vector(a, b, stacks):       # b's gradient: of the vector b, or of the stack b
        if ndim(a) > 2:
            return lambda g, a, b, stacks=True: summed_products(_full(g, a, b), a, True)
        return lambda g, a, b, stacks=True: outer_products(_full(g, a, b), b, a, False)
    if _stacked(a, b, stacks):
        return lambda g, a, b, stacks=True: rt.unbroadcast(matmul(np.swapaxes(a, -1, -2), _full(g, a, b)), b)
    _two_d_at_most(a, b)
    na, nb = _rank(a), _rank(b)
    if na == 0 or nb == 0:
        return lambda g, a, b, stacks=True: rt.unbroadcast(g * a, b)
    if na == 1:
        if nb == 2:
            return lambda g, a, b, stacks=True: outer(a, g)
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
        if is_array(g):   # sum(xs, start) with a start of more axes than the rows: their part of g
            return lambda g, x: np.zeros(x.shape) + rt.unbroadcast(g, x[0]) if len(x) else np.zeros(x.shape)
        return lambda g, x: np.zeros(x.shape) + g
    if isinstance(x, (types.List, types.UniTuple)):
        if isinstance(x.dtype, (types.List, types.BaseTuple)):   # sum(xss, []) joins lists
            raise TypingError("s2sad (jit): the builtin sum of lists or tuples; use jit=False")
        if is_array(g) and isinstance(x.dtype, types.Number):   # numbers summed onto an array start
            return lambda g, x: rt.zeros_like(x) + np.sum(g)
        if is_array(g):
            return lambda g, x: rt.zeros_like(x) + rt.unbroadcast(g, x[0]) if len(x) else rt.zeros_like(x)
        return lambda g, x: rt.zeros_like(x) + g
    return None


@_helper(rt.stack_grad)
def _ov_stack_grad(g, axis=0):
    """Gradient of ``np.stack(xs, axis)`` wrt xs: the stacked axis moved first."""
    if not is_array(g):
        return None
    if isinstance(axis, (int, types.Omitted)) and int(getattr(axis, "value", axis) or 0) == 0 or g.ndim == 1 \
            or isinstance(axis, types.IntegerLiteral) and axis.literal_value % g.ndim == 0:
        return lambda g, axis=0: g    # (a 1-d g: numbers stacked, axis 0 or -1; the chain below needs 2 axes)
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
    src = (f"def transpose_grad(g, axes=None):\n    inv = np.argsort(np.array(axes) % {n})\n"
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
    elif is_array(lo) or is_array(hi):      # a number clipped by array bounds: the bounds' shape
        src = f"def clip_mask(x, lo, hi):\n    return 1.0{part(lo, '>=')}{part(hi, '<=')}\n"
    else:
        src = f"def clip_mask(x, lo, hi):\n    return float(1.0{part(lo, '>=')}{part(hi, '<=')})\n"
    return _gen(src, "clip_mask")


@_helper(rt.linspace_weights)
def _ov_linspace_weights(y, endpoint=True):
    if ndim(y) == 2:    # vector endpoints: a column of weights
        return lambda y, endpoint=True: (np.linspace(0.0, 1.0, y.shape[0]) if endpoint
                                         else np.arange(y.shape[0]) / y.shape[0]).reshape((y.shape[0], 1))
    if ndim(y) != 1:
        raise TypingError("s2sad (jit): np.linspace with endpoints of 2 axes or more is not supported; use jit=False")

    def linspace_weights(y, endpoint=True):
        n = y.shape[0]
        if endpoint:
            return np.linspace(0.0, 1.0, n)
        return np.arange(n) / n
    return linspace_weights


@_helper(rt.clip_bound_mask)
def _ov_clip_bound_mask(x, lo, hi, upper):
    m = "x" if is_none(lo) else "np.maximum(x, lo)"
    up = None if is_none(hi) else f"({m} > hi)"
    down = None if is_none(lo) else "(x < lo)" if is_none(hi) else f"(x < lo) & ({m} <= hi)"

    def as_float(hit):          # numba has no float() of a bool
        return f"({hit}) * 1.0"
    if literal_bool(upper) is not None:
        body = f"    return {as_float(up if literal_bool(upper) else down)}\n"
    else:       # `upper` known when it runs (a bound that is a differentiated number, ``hi = 1 + t``)
        never = "(x > np.inf)"      # False, of the broadcast shape once & with the other mask
        up, down = up or f"{down} & {never}", down or f"{up} & {never}"
        body = f"    if upper:\n        return {as_float(up)}\n    return {as_float(down)}\n"
    return _gen(f"def clip_bound_mask(x, lo, hi, upper):\n{body}", "clip_bound_mask")


@_helper(rt.own)
def _ov_own(x):
    return lambda x: copy(x)   # numba has no 0-d arrays to turn into numbers: np.copy's stand-in


@_helper(rt.item)
def _ov_item(x):
    if is_array(x):
        return lambda x: x.item()
    return lambda x: x


@_helper(rt.conj_method)
def _ov_conj_method(x):    # a real array or number: itself, as NumPy's method returns it
    if isinstance(getattr(x, "dtype", x), types.Complex):
        return lambda x: np.conj(x)
    return lambda x: x


from . import numba_grads_reductions  # noqa: F401  (the reductions' helpers, registered on import)
