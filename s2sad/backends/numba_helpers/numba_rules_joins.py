"""numba versions of the helpers of ``np.append`` (``append_grad``) and ``np.correlate``
(``correlate_grad``), beside :mod:`s2sad.backends.numba_helpers.numba_rules_arrays` and ``numba_rules_numeric``.

Each is generated at typing time for its constant arguments (the axis, the mode, which
operand): a form not covered (an axis that is not a constant, a list operand) raises
``TypingError``, which ``jit=True`` reports as a located ``JitError``. ``np.inner`` and
``np.block`` (numba has neither) are refused: their primal is the located JitError.
"""
from numba import types

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


@helper(rt.block_grad)
def _ov_block_grad(g, arrays):
    refuse("np.block (numba has no np.block, and its gradient is a nested list)")


@helper(rt.block_tangent)
def _ov_block_tangent(t, arrays):
    refuse("np.block (numba has no np.block)")
