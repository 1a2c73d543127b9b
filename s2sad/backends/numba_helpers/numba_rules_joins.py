"""numba versions of the helpers of ``np.append`` (``append_grad``) and ``np.correlate``
(``correlate_grad``), beside :mod:`s2sad.backends.numba_helpers.numba_rules_arrays` and ``numba_rules_numeric``.

Each is generated at typing time for its constant arguments (the axis, the mode, which
operand): a form not covered (an axis that is not a constant, a list operand) raises
``TypingError``, which ``jit=True`` reports as a located ``JitError``. ``np.block`` (numba has
none) of one flat list of arrays of one rank is joined along the last axis, as NumPy does, with its
gradient and tangent; a nested list (numba's lists hold one type) is refused.
"""
import numpy as np
from numba import types
from numba.extending import overload, register_jitable

from ...rules import runtime as rt
from .numba_rules_base import constant, gen, helper, is_array, is_none, literal, refuse, window_grad_source

_OFFSET = {"full": "0", "same": "(m - 1) // 2 if n >= m else n // 2", "valid": "min(n, m) - 1"}   # runtime


@helper(rt.correlate_grad)
def _ov_correlate_grad(g, a, v, mode="valid", left=True):
    kind = constant(mode, "np.correlate's mode")
    if kind not in _OFFSET or not (is_array(a) and is_array(v) and a.ndim == v.ndim == 1):
        refuse(f"np.correlate in mode {kind!r} of {a} and {v}")
    # runtime.correlate_grad: a window of the full np.convolve(a, v[::-1])
    back = "np.correlate(full, v[::-1] * 1.0)" if constant(left, "correlate_grad's `left`") else \
        "np.correlate(full, a * 1.0)[::-1].copy()"
    return gen(window_grad_source("correlate_grad", "valid", _OFFSET[kind], back), "correlate_grad")


@helper(rt.append_grad)
def _ov_append_grad(g, arr, values, axis=None, left=True):
    if not is_array(g) or not all(is_array(x) or _number(x) for x in (arr, values)):
        refuse(f"the gradient of np.append of {arr} and {values}")
    side, axis = constant(left, "append_grad's `left`"), None if is_none(axis) else literal(axis, _NOT_CONSTANT)
    x = arr if side else values
    if axis is None:
        n = "arr.size" if is_array(arr) else "1"
        part = f"g[:{n}]" if side else f"g[{n}:]"
        shaped = f"{part}.copy().reshape(x.shape)" if is_array(x) else f"{part}[0]"
    elif axis is _NOT_CONSTANT or not (is_array(arr) and is_array(values)):
        refuse("np.append with an axis that is not a constant, or of a number")
    else:
        k = axis % arr.ndim
        cut = f":arr.shape[{k}]" if side else f"arr.shape[{k}]:"
        index = ", ".join([":"] * k + [cut])
        shaped = f"g[{index}].copy()"
    src = f"""
def append_grad(g, arr, values, axis=None, left=True):
    x = {'arr' if side else 'values'}
    return {shaped}
"""
    return gen(src, "append_grad")


_NOT_CONSTANT = object()


def _number(t):
    return isinstance(t, types.Number)


def _flat_blocks(arrays):
    """``arrays`` is a list (or a tuple of one type) of arrays of one rank, 1 or more: ``np.block``
    joins them along their last axis (a nested list is a list of lists: not this form)."""
    return isinstance(arrays, (types.List, types.UniTuple)) and is_array(arrays.dtype) and arrays.dtype.ndim >= 1


@register_jitable
def _join_last(pieces):
    """``np.block(pieces)`` of a flat sequence of arrays of one rank (or of the rows of one array):
    joined along the last axis; the other axes must match, as NumPy requires."""
    first = pieces[0]
    total = 0
    for i in range(len(pieces)):
        if pieces[i].shape[:-1] != first.shape[:-1]:
            raise ValueError("np.block: the arrays' shapes differ in an axis other than the last")
        total += pieces[i].shape[-1]
    out = np.empty(first.shape[:-1] + (total,), dtype=first.dtype)
    at = 0
    for i in range(len(pieces)):
        w = pieces[i].shape[-1]
        out[..., at:at + w] = pieces[i]
        at += w
    return out


@overload(np.block)
def _ov_block(arrays):
    if _flat_blocks(arrays):
        return lambda arrays: _join_last(arrays)
    refuse("numba has no `np.block` of nested lists or of numbers (its lists hold one type)")


@helper(rt.block_grad)
def _ov_block_grad(g, arrays):
    if not (is_array(g) and _flat_blocks(arrays)):
        refuse("np.block of nested lists (numba's lists hold one type: its gradient is a nested list)")

    def block_grad(g, arrays):
        out = []
        at = 0
        for i in range(len(arrays)):
            w = arrays[i].shape[-1]
            out.append(g[..., at:at + w].copy())
            at += w
        return out
    return block_grad


@helper(rt.block_tangent)
def _ov_block_tangent(t, arrays):
    if not _flat_blocks(arrays) or not (_flat_blocks(t) or is_array(t) and t.ndim == arrays.dtype.ndim + 1):
        refuse("np.block of nested lists")
    return lambda t, arrays: _join_last(t)
