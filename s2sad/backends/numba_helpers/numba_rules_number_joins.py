"""``np.hstack`` of a list or tuple of numbers (``np.hstack([np.sum(x), np.max(x)])``), which numba
lacks, and the numba version of its gradient helper (``join_grad`` with kind 'hstack' of such a
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


def join_grad_numbers(xs):
    """The numba ``join_grad`` of an hstack of numbers ``xs``: ``g``'s items, one per
    number (a list for a list, a tuple for a tuple)."""
    if isinstance(xs, types.List):
        return lambda g, xs, axis=0, kind="concatenate": [g[i] for i in range(len(xs))]
    items = "".join(f"g[{k}], " for k in range(len(xs)))
    return gen(f'def join_grad(g, xs, axis=0, kind="concatenate"):\n    return ({items})\n', "join_grad")
