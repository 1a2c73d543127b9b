"""numba versions of the helpers that reorder or repeat elements (:mod:`s2sad.rules.runtime_arrays`:
diag, roll, diff and repeat gradients), and the NumPy calls numba lacks in those forms:
``np.roll``/``np.repeat``/``np.diff``/``np.flip`` with an ``axis``, ``np.squeeze`` with a
constant ``axis`` and ``np.atleast_*d`` of a number.
"""
import numpy as np
from numba import types
from numba.cpython.unsafe.tuple import tuple_setitem
from numba.extending import overload

from ..rules import runtime as rt
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
        refuse("np.roll with several shifts")
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
