"""Python lists of integers (or booleans) as array indices, for numba: ``b[[k, p]] = b[[p, k]]``.

NumPy reads a list index (``b[[k, p]]``, ``A[[k, p], :]``) as the array of its items; numba indexes
with arrays only, and a list built from values known only at run time (the row swap of partial
pivoting, ``p`` from ``np.argmax``) is not made an array by ``index_lists`` (which rewrites constant
lists only). Importing this module teaches numba ``a[idx]`` and ``a[idx] = v`` of an array for an
index that is such a list, or a tuple holding one, and ``array_index(idx)``: the index with every
list item made an array, which the index helpers (``last_write_grad``, ``add_at``) apply first.

Invariant: an index is changed only where it is a list of integers or booleans (or a tuple with
one); ``np.array`` of that list is exactly the array NumPy reads it as. Every other index type is
left to numba's own ``getitem``/``setitem`` (the overloads return None for it).
"""
import operator

import numpy as np
from numba import types
from numba.extending import overload

from .numba_support import gen, is_array


def _listed(t):
    return isinstance(t, types.List) and isinstance(t.dtype, (types.Integer, types.Boolean))


def has_list(idx):
    """``idx`` (a numba type) is a list index or a tuple index with a list item."""
    return _listed(idx) or isinstance(idx, types.BaseTuple) and any(_listed(t) for t in idx.types)


def array_index(idx):
    """``idx`` with each list of integers (booleans) in it made an array (what NumPy reads)."""
    return idx


@overload(array_index)
def _ov_array_index(idx):
    if _listed(idx):
        return lambda idx: np.array(idx)
    if not has_list(idx):
        return lambda idx: idx
    items = ", ".join(f"np.array(idx[{i}])" if _listed(t) else f"idx[{i}]" for i, t in enumerate(idx.types))
    return gen(f"def array_index(idx):\n    return ({items},)\n", "array_index", {"np": np}, __name__)


@overload(operator.getitem)
def _ov_getitem(a, idx):
    if is_array(a) and has_list(idx):
        return lambda a, idx: a[array_index(idx)]
    return None


@overload(operator.setitem)
def _ov_setitem(a, idx, v):
    if is_array(a) and has_list(idx):
        def setitem(a, idx, v):
            a[array_index(idx)] = v
        return setitem
    return None
