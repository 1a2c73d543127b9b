"""numba versions of the helpers that reorder or repeat elements (:mod:`s2sad.rules.runtime_arrays`:
diag, diagonal, roll, diff, repeat and Kronecker-product gradients), and the NumPy calls numba lacks
in those forms: ``np.roll``/``np.repeat``/``np.diff``/``np.flip`` with an ``axis``, ``np.squeeze``
with a constant ``axis``, ``np.atleast_*d`` of a number, ``np.diagonal`` (a copy: NumPy's view is
read-only, so no code can tell them apart) and ``np.kron`` of arrays of more than 2 dimensions or
of non-contiguous arrays (slices).
"""
import numpy as np
from numba import types
from numba.cpython.unsafe.tuple import tuple_setitem
from numba.extending import overload, register_jitable

from ...rules import runtime as rt
from .numba_numpy import shift_total
from .numba_rules_base import gen, helper, is_array, is_none, literal, refuse


# ------------------------------------------------------------ the other layout calls (primal)
def _axis_impl(name, params, body):
    """``name(params)`` along an integer ``axis`` of ``a``: ``body`` sees ``ax`` and
    ``rows = np.moveaxis(a, ax, 0)``."""
    src = f"def {name}({params}):\n    ax = axis % a.ndim\n    rows = np.moveaxis(a, ax, 0)\n{body}"
    return gen(src, name, {"_counts": _counts})


@overload(np.roll)
def _ov_roll(a, shift, axis=None):
    if not is_array(a) or not isinstance(axis, types.Integer) or not isinstance(shift, types.Integer):
        return None
    return _axis_impl("roll", "a, shift, axis=None", """    n = a.shape[ax]
    out = np.empty(a.shape)
    if n == 0:
        return out
    s = shift % n
    dst = np.moveaxis(out, ax, 0)
    dst[s:] = rows[:n - s]
    dst[:s] = rows[n - s:]
    return out
""")


@overload(np.repeat)
def _ov_repeat(a, repeats, axis=None):
    if not is_array(a) or not isinstance(axis, types.Integer):
        return None
    return _axis_impl("repeat", "a, repeats, axis=None", """    reps = _counts(repeats, a.shape[ax])
    out = np.empty(tuple_setitem(a.shape, ax, np.sum(reps)))
    dst = np.moveaxis(out, ax, 0)
    j = 0
    for i in range(a.shape[ax]):
        for _ in range(reps[i]):
            dst[j] = rows[i]
            j += 1
    return out
""")


@overload(np.diff)
def _ov_diff(a, n=1, axis=-1):
    if not is_array(a) or not isinstance(axis, types.Integer) or literal(axis) == -1:
        return None
    return _axis_impl("diff", "a, n=1, axis=-1", """    out = np.ascontiguousarray(a) * 1.0
    for _ in range(n):
        moved = np.moveaxis(out, ax, 0)
        out = np.ascontiguousarray(np.moveaxis(moved[1:] - moved[:-1], 0, ax))
    return out
""")


def _counts(repeats, n):
    """``repeats`` (a count, or one count per element) as an array of ``n`` counts."""


@overload(_counts)
def _ov_counts(repeats, n):
    if isinstance(repeats, types.Integer):
        return lambda repeats, n: np.full(n, repeats)
    return lambda repeats, n: np.asarray(repeats) + np.zeros(n, np.int64)


@overload(np.flip)
def _ov_flip(m, axis=None):
    if not is_array(m) or isinstance(axis, types.Omitted):
        return None
    if is_none(axis):
        rev = ", ".join(["::-1"] * m.ndim)
        return gen(f"def flip(m, axis=None):\n    return m[{rev}].copy()\n", "flip")
    if isinstance(axis, types.Integer):
        return lambda m, axis=None: np.ascontiguousarray(np.moveaxis(np.moveaxis(m, axis, 0)[::-1], 0, axis))
    return refuse(f"np.flip with axis {axis}")


@overload(np.squeeze)
def _ov_squeeze(a, axis=None):
    if not is_array(a):
        return None
    ax = literal(axis)
    if not isinstance(ax, int):
        refuse("np.squeeze needs a constant integer `axis` (without it the rank depends on the data)")
    ax %= a.ndim
    keep = [f"s[{k}]" for k in range(a.ndim) if k != ax]
    src = (f"def squeeze(a, axis=None):\n    s = a.shape\n    if s[{ax}] != 1:\n"
           f"        raise ValueError('cannot select an axis to squeeze out which has size not equal to one')\n"
           f"    return np.ascontiguousarray(a).reshape(({', '.join(keep)}{',' if len(keep) == 1 else ''}))\n")
    return gen(src, "squeeze")


def _atleast_overload(fn, shape):
    @overload(fn)
    def _ov(x):
        if isinstance(x, types.Number):
            return gen(f"def atleast(x):\n    return np.full({shape}, x * 1.0)\n", "atleast")
        return None
    return _ov


for _fn, _shape in [(np.atleast_1d, "(1,)"), (np.atleast_2d, "(1, 1)"), (np.atleast_3d, "(1, 1, 1)")]:
    _atleast_overload(_fn, _shape)


# ------------------------------------------------------------ reordering gradients
@helper(rt.diag_grad)
def _ov_diag_grad(g, v, k=0):
    if is_array(v) and v.ndim == 1:
        return lambda g, v, k=0: np.diag(g, k).copy()

    def diag_grad(g, v, k=0):
        out = np.zeros(v.shape)
        for i in range(g.shape[0]):
            if k >= 0:
                out[i, i + k] = g[i]
            else:
                out[i - k, i] = g[i]
        return out
    return diag_grad


@helper(rt.roll_grad)
def _ov_roll_grad(g, shift, axis=None):
    if not isinstance(shift, types.Integer):
        if is_none(axis) and (is_array(shift) or isinstance(shift, (types.Float, types.List, types.UniTuple))):
            # NumPy adds the shifts, each truncated (int(-s) == -int(s)): one shift back
            return lambda g, shift, axis=None: np.roll(g, -shift_total(shift))
        refuse("np.roll with several shifts along axes")
    if is_none(axis):
        return lambda g, shift, axis=None: np.roll(g, -shift)
    return lambda g, shift, axis=None: np.roll(g, -shift, axis)


@helper(rt.diff_grad)
def _ov_diff_grad(g, x, n=1, axis=-1):
    def diff_grad(g, x, n=1, axis=-1):
        ax = axis % x.ndim
        out = np.ascontiguousarray(g) * 1.0
        for _ in range(n):
            new = np.zeros(tuple_setitem(out.shape, ax, out.shape[ax] + 1))
            dst, src = np.moveaxis(new, ax, 0), np.moveaxis(out, ax, 0)
            dst[:-1] -= src
            dst[1:] += src
            out = new
        return out
    return diff_grad


@helper(rt.diff_edge)
def _ov_diff_edge(v, a, axis=-1):
    if not is_array(a):
        return None
    if isinstance(v, types.Number):   # broadcast to a's shape with the axis of length 1
        return lambda v, a, axis=-1: np.full(tuple_setitem(a.shape, axis % a.ndim, 1), v)
    if is_array(v) and v.ndim > 0:
        return lambda v, a, axis=-1: np.copy(v)
    return None


@helper(rt.repeat_grad)
def _ov_repeat_grad(g, x, repeats, axis=None):
    if isinstance(x, types.Number):
        return lambda g, x, repeats, axis=None: np.sum(g)
    if is_none(axis):
        def repeat_grad(g, x, repeats, axis=None):
            reps = _counts(repeats, x.size)
            flat = np.ascontiguousarray(g).reshape(g.size)
            out = np.zeros(x.size)
            j = 0
            for i in range(x.size):
                for _ in range(reps[i]):
                    out[i] += flat[j]
                    j += 1
            return out.reshape(x.shape)
        return repeat_grad

    def repeat_grad_axis(g, x, repeats, axis=None):
        ax = axis % x.ndim
        reps = _counts(repeats, x.shape[ax])
        out = np.zeros(x.shape)
        dst, src = np.moveaxis(out, ax, 0), np.moveaxis(g, ax, 0)
        j = 0
        for i in range(x.shape[ax]):
            for _ in range(reps[i]):
                dst[i] += src[j]
                j += 1
        return out
    return repeat_grad_axis


# ------------------------------------------------------------ diagonals (np.diagonal and its gradient)
@register_jitable
def _moved_axes(nd, axis1, axis2):
    """``(ax1, p2)``: ``np.moveaxis(np.moveaxis(x, ax1, -1), p2, -1)`` moves axes ``axis1`` and
    ``axis2`` of an ``nd``-d array ``x`` last, in that order (the others keep theirs)."""
    ax1, ax2 = axis1 % nd, axis2 % nd
    if ax1 == ax2:
        raise ValueError("axis1 and axis2 cannot be the same")
    return ax1, ax2 if ax2 < ax1 else ax2 - 1


@register_jitable
def _diagonal_start(offset, s1, s2):
    """Where the diagonal ``offset`` of an ``s1`` x ``s2`` matrix starts, and its length."""
    i0, j0 = max(-offset, 0), max(offset, 0)
    return i0, j0, max(min(s1 - i0, s2 - j0), 0)


@overload(np.diagonal)
def _ov_diagonal(a, offset=0, axis1=0, axis2=1):
    if not is_array(a):
        return None
    if a.ndim < 2:
        refuse("np.diagonal of an array with fewer than 2 dimensions")

    def diagonal(a, offset=0, axis1=0, axis2=1):
        ax1, p2 = _moved_axes(a.ndim, axis1, axis2)
        m = np.moveaxis(np.moveaxis(a, ax1, -1), p2, -1)
        s1, s2 = m.shape[-2], m.shape[-1]
        i0, j0, n = _diagonal_start(offset, s1, s2)
        sq = np.ascontiguousarray(m).reshape((m.size // max(s1 * s2, 1), s1, s2))
        out = np.empty((sq.shape[0], n))
        for r in range(sq.shape[0]):
            for i in range(n):
                out[r, i] = sq[r, i0 + i, j0 + i]
        return out.reshape(tuple_setitem(m.shape[:-1], a.ndim - 2, n))
    return diagonal


@helper(rt.diagonal_grad)
def _ov_diagonal_grad(g, a, offset=0, axis1=0, axis2=1):
    if not is_array(g) or not is_array(a):
        refuse(f"the gradient of np.diagonal of {a}")

    def diagonal_grad(g, a, offset=0, axis1=0, axis2=1):
        ax1, p2 = _moved_axes(a.ndim, axis1, axis2)
        work = np.zeros(np.moveaxis(np.moveaxis(a, ax1, -1), p2, -1).shape)
        s1, s2 = work.shape[-2], work.shape[-1]
        i0, j0, n = _diagonal_start(offset, s1, s2)
        sq = work.reshape((work.size // max(s1 * s2, 1), s1, s2))
        flat = np.ascontiguousarray(g).reshape((sq.shape[0], n))
        for r in range(sq.shape[0]):
            for i in range(n):
                sq[r, i0 + i, j0 + i] = flat[r, i]
        return np.ascontiguousarray(np.moveaxis(np.moveaxis(work, -1, p2), -1, ax1))
    return diagonal_grad


# ------------------------------------------------------------ Kronecker products
def _kron_shapes(a, b):
    """The shapes of ``a`` and ``b`` (source text, one item per axis) prepended with 1s to one rank."""
    na, nb = getattr(a, "ndim", 0), getattr(b, "ndim", 0)
    nd = max(na, nb)
    return (["1"] * (nd - na) + [f"a.shape[{k}]" for k in range(na)],
            ["1"] * (nd - nb) + [f"b.shape[{k}]" for k in range(nb)])


def _tuple(items):
    return f"({', '.join(items)},)" if items else "()"


def _flat(name, x, shape):
    """Source of operand ``name`` reshaped to ``shape`` (a number stays a number)."""
    return f"np.ascontiguousarray({name}).reshape({_tuple(shape)})" if is_array(x) else f"({name} * 1.0)"


@overload(np.kron)
def _ov_kron(a, b):
    operands = (a, b)
    if all(isinstance(x, types.Number) for x in operands):
        return lambda a, b: a * b    # NumPy's kron of two numbers is a number (numba's: a 1-element array)
    if not all(is_array(x) or isinstance(x, types.Number) for x in operands) or max(
            getattr(x, "ndim", 0) for x in operands) <= 2 and all(getattr(x, "layout", "C") != "A" for x in operands):
        return None    # numba's own np.kron covers contiguous operands of up to 2 dimensions
    sa, sb = _kron_shapes(a, b)
    spread_a = [n for s in sa for n in (s, "1")]
    spread_b = [n for s in sb for n in ("1", s)]
    src = (f"def kron(a, b):\n    out = {_flat('a', a, spread_a)} * {_flat('b', b, spread_b)}\n"
           f"    return out.reshape({_tuple([f'{x} * {y}' for x, y in zip(sa, sb)])})\n")
    return gen(src, "kron")


def _kron_grad(name, g, a, b, left):
    """``kron_grad_left``/``_right`` for these operand types: ``g`` as a matrix of blocks (one
    row per element of ``a``, one column per element of ``b``) times the other operand."""
    if all(isinstance(x, types.Number) for x in (g, a, b)):     # kron of two numbers: their product
        return gen(f"def {name}(g, a, b):\n    return g * {'b' if left else 'a'}\n", name)
    if not is_array(g) or not all(is_array(x) or isinstance(x, types.Number) for x in (a, b)):
        refuse(f"the gradient of np.kron of {a} and {b}")
    sa, sb = _kron_shapes(a, b)
    nd = len(sa)
    split = [n for pair in zip(sa, sb) for n in pair]
    perm = list(range(0, 2 * nd, 2)) + list(range(1, 2 * nd, 2))
    na, nb = " * ".join(["1"] + sa), " * ".join(["1"] + sb)
    blocks = (f"np.ascontiguousarray(np.transpose(np.ascontiguousarray(g).reshape({_tuple(split)}), "
              f"{_tuple([str(p) for p in perm])})).reshape(({na}, {nb}))")
    vector = {"a": _flat("a", a, [na]) if is_array(a) else "np.full(1, a * 1.0)",
              "b": _flat("b", b, [nb]) if is_array(b) else "np.full(1, b * 1.0)"}
    product = f"blocks @ {vector['b']}" if left else f"{vector['a']} @ blocks"
    x = a if left else b
    shaped = f"out.reshape({'a' if left else 'b'}.shape)" if is_array(x) else "out[0]"
    src = f"def {name}(g, a, b):\n    blocks = {blocks}\n    out = {product}\n    return {shaped}\n"
    return gen(src, name)


@helper(rt.kron_grad_left)
def _ov_kron_grad_left(g, a, b):
    return _kron_grad("kron_grad_left", g, a, b, True)


@helper(rt.kron_grad_right)
def _ov_kron_grad_right(g, a, b):
    return _kron_grad("kron_grad_right", g, a, b, False)


@helper(rt.window_sums)
def _ov_window_sums(g, x, window_shape, axis=None):
    """``runtime_windows.window_sums`` as it is written (numba has ``sliding_window_view`` and
    ``np.bincount`` with weights)."""
    if not is_array(g) or not is_array(x):
        refuse(f"the adjoint of sliding_window_view of {x}")

    def window_sums(g, x, window_shape, axis=None):
        index = np.lib.stride_tricks.sliding_window_view(np.arange(x.size).reshape(x.shape), window_shape, axis)
        return np.bincount(index.ravel(), weights=np.ascontiguousarray(g).ravel(),
                           minlength=x.size).reshape(x.shape)
    return window_sums
