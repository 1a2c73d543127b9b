"""``np.hstack`` and ``np.column_stack`` of a list or tuple of numbers (``np.hstack([np.sum(x), np.max(x)])``,
``np.c_[a, b]``), which numba lacks, and the numba version of its gradient helper (``join_grad`` with kind 'hstack' of such a
sequence: one number per item).

NumPy makes each number a 1-d array of one item and joins them, so the value is the 1-d array
of the numbers (floats: the items' common type is a float or an integer, converted as
``np.array`` converts them). Sequences that mix numbers and arrays are
``numba_rules_arrays``' (``_join_mixed``); ``np.concatenate`` of numbers is an error in NumPy and
stays one.
"""
import numpy as np
from numba import types
from numba.extending import overload

from .numba_rules_base import gen


def numbers(t):
    """A list or a tuple whose items are all numbers (one type, or a tuple of several)."""
    if isinstance(t, (types.List, types.UniTuple)):
        return isinstance(t.dtype, types.Number)
    return isinstance(t, types.Tuple) and all(isinstance(i, types.Number) for i in t.types)


@overload(np.hstack)
def _ov_hstack_numbers(tup):
    if not numbers(tup):
        return None
    if isinstance(tup, types.List):
        def hstack(tup):
            out = np.empty(len(tup))
            for i in range(len(tup)):
                out[i] = tup[i]
            return out
        return hstack
    fill = "".join(f"    out[{k}] = tup[{k}]\n" for k in range(len(tup)))
    return gen(f"def hstack(tup):\n    out = np.empty({len(tup)})\n{fill}    return out\n", "hstack")


@overload(np.column_stack)
def _ov_column_stack_numbers(tup):
    """NumPy makes each number a column of one row: the numbers in one row, ``(1, n)``
    (``np.c_[a, b]`` of numbers is written so, frontend/index_tricks.py)."""
    if not numbers(tup):
        return None
    if isinstance(tup, types.List):
        def column_stack(tup):
            out = np.empty((1, len(tup)))
            for i in range(len(tup)):
                out[0, i] = tup[i]
            return out
        return column_stack
    fill = "".join(f"    out[0, {k}] = tup[{k}]\n" for k in range(len(tup)))
    return gen(f"def column_stack(tup):\n    out = np.empty((1, {len(tup)}))\n{fill}    return out\n", "column_stack")


def join_grad_numbers(xs, row=False):
    """The numba ``join_grad`` of an hstack of numbers ``xs`` (``row``: a column_stack of them, one
    row): ``g``'s items, one per number (a list for a list, a tuple for a tuple)."""
    if isinstance(xs, types.List):
        if row:
            return lambda g, xs, axis=0, kind="concatenate": [g[0, i] for i in range(len(xs))]
        return lambda g, xs, axis=0, kind="concatenate": [g[i] for i in range(len(xs))]
    items = "".join(f"g[0, {k}], " if row else f"g[{k}], " for k in range(len(xs)))
    return gen(f'def join_grad(g, xs, axis=0, kind="concatenate"):\n    return ({items})\n', "join_grad")
