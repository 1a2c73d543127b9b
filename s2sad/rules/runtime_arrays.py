"""Run-time helpers of the array-layout rules (plain NumPy): joining and splitting, diagonals,
padding, rolls, differences, tiles and repeats, Kronecker products (writes through index arrays:
:mod:`s2sad.rules.runtime_index_writes`).

Same contract as :mod:`s2sad.rules.runtime`, to whose namespace every helper here is
added (the backends look helpers up there): each one computes one adjoint that NumPy
has no single call for, returns a float for a scalar argument and a fresh array
(never a view of its input) otherwise, and raises ``NoDerivativeError`` for a form
its rule does not cover rather than return a guess. The numba versions are in
:mod:`s2sad.backends.numba_helpers.numba_rules_arrays`.
"""
import numpy as np

from ..errors import NoDerivativeError
from .registry import shape_only
from .runtime import _out, _public



# ---- joining: one gradient per piece -------------------------------------------
def _joined_axis(kind, first, axis):
    if kind == "concatenate":
        return axis
    if kind == "hstack":
        return 0 if np.ndim(first) <= 1 else 1
    return {"vstack": 0, "dstack": 2, "column_stack": 1}[kind]


def _promoted_shape(kind, x):
    """The shape piece ``x`` has once hstack/vstack/dstack/column_stack raised its rank."""
    shape = tuple(np.shape(x))
    if kind == "concatenate" or len(shape) >= {"hstack": 1, "vstack": 2, "dstack": 3, "column_stack": 2}[kind]:
        return shape
    if kind == "column_stack":
        return (shape[0], 1) if shape else (1, 1)
    if kind == "hstack":
        return (1,)
    if kind == "vstack":
        return (1,) + shape if shape else (1, 1)
    return {0: (1, 1, 1), 1: (1,) + shape + (1,), 2: shape + (1,)}[len(shape)]


@_public
@shape_only(1)
def join_grad(g, xs, axis=0, kind="concatenate"):
    """Gradient of ``np.concatenate(xs, axis)`` (or hstack/vstack/dstack/column_stack,
    ``kind``) wrt the sequence ``xs``: a list with one fresh gradient per piece."""
    g = np.asarray(g, dtype=float)
    if not isinstance(xs, (list, tuple, np.ndarray)):   # a number: joined alone, one element
        return float(np.reshape(g, -1)[0])
    if isinstance(xs, np.ndarray):   # an array is the sequence of its rows: its gradient is an array
        return np.array(join_grad(g, list(xs), axis, kind), dtype=float).reshape(xs.shape)
    if kind == "concatenate" and axis is None:
        sizes = [int(np.size(x)) for x in xs]
        flat = np.split(g, np.cumsum(sizes)[:-1])
        return [_out(np.reshape(p, np.shape(x)).copy()) for p, x in zip(flat, xs)]
    ax = _joined_axis(kind, xs[0], axis)
    widths = [_promoted_shape(kind, x)[ax] for x in xs]
    parts = np.split(g, np.cumsum(widths)[:-1], axis=ax)
    return [_out(np.reshape(p, np.shape(x)).copy()) for p, x in zip(parts, xs)]


def _like(part, x):
    """``part`` in the form of ``x``: a float for a number, a list (of lists) for a list, else a
    fresh array of ``x``'s shape (the gradient of a list literal is a list, one per element)."""
    if isinstance(x, (list, tuple)):
        part = np.reshape(part, np.shape(x))
        return [_like(p, xi) for p, xi in zip(part, x)]
    return _out(np.reshape(part, np.shape(x)).copy())


@_public
@shape_only(1, 2)
def append_grad(g, arr, values, axis=None, left=True):
    """Gradient of ``np.append(arr, values, axis)`` wrt ``arr`` (``left``) or ``values``: with no
    axis both are flattened and joined, else joined along ``axis`` (NumPy's concatenate)."""
    g = np.asarray(g, dtype=float)
    if axis is None:
        n = int(np.size(arr))
        return _like(g[:n] if left else g[n:], arr if left else values)
    n = np.shape(arr)[axis]
    part = np.split(g, [n], axis=axis)[0 if left else 1]
    return _like(part, arr if left else values)


def _depth(x):
    """How deep lists nest in a ``np.block`` argument (0 for an array or a number)."""
    return 1 + _depth(x[0]) if isinstance(x, list) and x else 0


@_public
@shape_only(1)
def block_grad(g, arrays):
    """Gradient of ``np.block(arrays)`` wrt the nested list: the same nesting, each leaf getting
    its block of ``g``. The innermost lists are joined along the last axis, each level out one
    axis further left, every leaf first raised to the result's rank with leading 1s."""
    depth = _depth(arrays)
    g = np.asarray(g, dtype=float)

    def split(part, item, level):
        if level > depth:
            return _like(part, item)
        axis = level - depth - 1
        widths = [_extent(x, axis) for x in item]
        return [split(p, x, level + 1) for p, x in zip(np.split(part, np.cumsum(widths)[:-1], axis=axis), item)]
    return split(g, arrays, 1)


@_public
def block_tangent(t, arrays):
    """Tangent of ``np.block(arrays)`` from ``t``, the tangents in the nesting of ``arrays``;
    a zero tangent of a list of same-shaped pieces comes as one array (``zeros_like``), which
    ``np.block`` would read one level too shallow: its rows are put back in the list's place."""
    def nest(tx, x):
        return [nest(ti, xi) for ti, xi in zip(tx, x)] if isinstance(x, list) else tx
    return np.block(nest(t, arrays))


def _extent(x, axis):
    """The length along the negative ``axis`` of what ``np.block`` makes of ``x`` (1 where the
    leading 1s it adds are)."""
    shape = np.shape(np.block(x)) if isinstance(x, list) else np.shape(x)
    return shape[axis] if -axis <= len(shape) else 1


# ---- diagonals, flips, rolls, differences ----------------------------------------
@_public
@shape_only(1)
def diag_grad(g, v, k=0):
    """Gradient of ``np.diag(v, k)``: the k-th diagonal of ``g`` for a vector ``v``; for a
    matrix ``v``, ``g`` placed on its k-th diagonal."""
    if np.ndim(v) == 1:
        return np.diagonal(g, k).copy()
    out = np.zeros(np.shape(v))
    i = np.arange(len(g))
    if k >= 0:
        out[i, i + k] = g
    else:
        out[i - k, i] = g
    return out


@_public
@shape_only(1)
def diagonal_grad(g, a, offset=0, axis1=0, axis2=1):
    """Gradient of ``np.diagonal(a, offset, axis1, axis2)``: zeros shaped like ``a`` with ``g``
    (whose last axis runs along the diagonal, the others being ``a``'s remaining axes) placed
    back on that diagonal."""
    out = np.zeros(np.shape(a))
    square = np.moveaxis(out, (axis1, axis2), (-2, -1))   # a view: writing it writes `out`
    i = np.arange(np.shape(g)[-1])
    square[..., i + max(-offset, 0), i + max(offset, 0)] = g
    return out


@_public
def roll_grad(g, shift, axis=None):
    """Gradient of ``np.roll(x, shift, axis)``: ``g`` rolled back (a number for a number: np.roll
    makes a 0-d array, which the sweep would share where it adds to the adjoint in place)."""
    return _out(np.roll(g, np.negative(shift), axis))


@_public
@shape_only(1)
def diff_grad(g, x, n=1, axis=-1):
    """Gradient of ``np.diff(x, n, axis)``: the transpose of the difference, ``n`` times (none
    when ``x`` has fewer than ``n`` entries along ``axis``: the difference is empty)."""
    if np.shape(x)[axis] < n:
        return np.zeros(np.shape(x))
    for _ in range(n):
        g = -np.diff(g, axis=axis, prepend=0.0, append=0.0)
    return np.reshape(g, np.shape(x))


@_public
@shape_only(1)
def diff_edge(v, a, axis=-1):
    """``np.diff``'s ``prepend=``/``append=`` value as NumPy joins it to ``a`` (a fresh array): a
    number broadcast to ``a``'s shape with ``axis`` of length 1, any other value as it is."""
    v = np.asarray(v)
    if v.ndim == 0:
        shape = list(np.shape(a))
        shape[axis] = 1
        return np.full(tuple(shape), v)
    return np.array(v)


# ---- padding -----------------------------------------------------------------------
def _pad_slices(x, pad_width):
    widths = np.broadcast_to(np.asarray(pad_width, dtype=int), (np.ndim(x), 2))
    return tuple(slice(int(before), int(before) + n) for (before, _), n in zip(widths, np.shape(x)))


@_public
@shape_only(1)
def pad_grad(g, x, pad_width):
    """Gradient of ``np.pad(x, pad_width)`` wrt ``x``: the middle of ``g`` (all of it for a number,
    which np.pad returns unpadded)."""
    return _out(np.asarray(g)[_pad_slices(x, pad_width)].copy())


@_public
@shape_only(1)
def pad_value_grad(g, x, pad_width, value):
    """Gradient of ``np.pad(x, pad_width, constant_values=value)`` wrt a scalar ``value``:
    the sum of ``g`` over the padding."""
    if np.ndim(value) != 0:
        raise NoDerivativeError("s2sad differentiates np.pad's constant_values when it is one number; "
                                "pad with a number and set the borders by assignment instead.")
    return float(np.sum(g) - np.sum(np.asarray(g)[_pad_slices(x, pad_width)]))


# ---- tiling and repeating ------------------------------------------------------------
@_public
@shape_only(1)
def tile_grad(g, x, reps):
    """Gradient of ``np.tile(x, reps)``: the sum of ``g`` over the copies."""
    shape, reps = np.shape(x), tuple(np.atleast_1d(reps))
    d = max(len(reps), len(shape))
    base = (1,) * (d - len(shape)) + tuple(shape)
    reps = (1,) * (d - len(reps)) + reps
    split = [n for pair in zip(reps, base) for n in pair]
    return _out(np.sum(np.reshape(g, split), axis=tuple(range(0, 2 * d, 2))).reshape(shape))


@_public
@shape_only(1)
def repeat_grad(g, x, repeats, axis=None):
    """Gradient of ``np.repeat(x, repeats, axis)``: the sum of ``g`` over each repeated group."""
    shape = np.shape(x)
    if axis is None:
        n = int(np.prod(shape, dtype=int))
        owner = np.repeat(np.arange(n), repeats)
        return _out(np.bincount(owner, weights=np.ravel(g), minlength=n).reshape(shape))
    moved = np.moveaxis(np.asarray(g, dtype=float), axis, 0)
    owner = np.repeat(np.arange(shape[axis]), repeats)
    out = np.zeros((shape[axis],) + moved.shape[1:])
    np.add.at(out, owner, moved)
    return np.moveaxis(out, 0, axis)


# ---- Kronecker products --------------------------------------------------------------
def _kron_blocks(g, a, b):
    """``g``, the gradient of ``np.kron(a, b)``, as a matrix: one row per element of ``a``, one
    column per element of ``b`` (the operand of fewer dimensions is prepended with 1s)."""
    sa, sb = np.shape(a), np.shape(b)
    nd = max(len(sa), len(sb))
    sa, sb = (1,) * (nd - len(sa)) + sa, (1,) * (nd - len(sb)) + sb
    split = np.reshape(g, [n for pair in zip(sa, sb) for n in pair])   # axes a0, b0, a1, b1, ...
    by_operand = np.transpose(split, list(range(0, 2 * nd, 2)) + list(range(1, 2 * nd, 2)))
    return np.reshape(by_operand, (int(np.prod(sa, dtype=int)), int(np.prod(sb, dtype=int))))


@_public
@shape_only(1)
def kron_grad_left(g, a, b):
    """Gradient of ``np.kron(a, b)`` wrt ``a``: each block of ``g`` weighted by ``b``, summed."""
    return _out(np.reshape(_kron_blocks(g, a, b) @ np.ravel(b), np.shape(a)))


@_public
@shape_only(2)
def kron_grad_right(g, a, b):
    """Gradient of ``np.kron(a, b)`` wrt ``b``: the blocks of ``g`` weighted by ``a``'s elements, summed."""
    return _out(np.reshape(np.ravel(a) @ _kron_blocks(g, a, b), np.shape(b)))


@_public
@shape_only(0)
def zeros_pieces(xs):
    """A zero gradient for each element of the sequence ``xs`` (a list: shapes may differ; a
    nested list, as ``np.block`` takes, gets the same nesting)."""
    if isinstance(xs, np.ndarray):
        return np.zeros(xs.shape)
    if not isinstance(xs, (list, tuple)):
        return 0.0
    return [zeros_pieces(x) if isinstance(x, list) else np.zeros(np.shape(x)) if np.ndim(x) else 0.0 for x in xs]


@_public
def add_pieces(a, b):
    """The sum, piece by piece, of two gradients of one sequence (lists, or arrays whose
    rows are the pieces): ``a + b`` would concatenate two lists."""
    if not isinstance(a, (list, tuple)) or not isinstance(b, (list, tuple)):
        return np.asarray(a, dtype=float) + np.asarray(b, dtype=float)
    return [add_pieces(p, q) if isinstance(p, list) and isinstance(q, list) else p + q   # np.block: nested
            for p, q in zip(a, b)]
