"""numba versions of the helpers of Python's ``max(xs)``, ``min(xs)`` and ``sorted(xs)`` of one
sequence (:mod:`s2sad.rules.runtime_sequences`), beside the other ``numba_rules_*`` modules.

Covered: a list, a homogeneous tuple or a 1-d array of numbers (a list comprehension is a
list); the order ``sorted`` puts a list of homogeneous tuples of numbers in (``seq_order``), and
``max``/``min`` of such a list (compared as CPython compares tuples), its adjoint and its tangent. The item
picked is found by the loop CPython runs (``seq_extreme_index``), so the value and its adjoint
agree with ``jit=False``; so is ``sorted``'s order (``_python_order``: CPython's own steps below
64 items, where a NaN makes ``<`` no order too; a stable argsort from 64, a NaN there refused).
``sorted`` of a list or tuple of strings (a dict's keys) is numba's own, which orders them as
CPython does (by code point).
``max``/``min`` of anything else (a ``range``) is numba's own builtin;
``sorted`` or an adjoint of another sequence (a list of arrays) raises ``TypingError``, which
``jit=True`` reports as a located ``JitError``; so does a loop over a set (``set_items``:
numba's sets visit their elements in another order than CPython's).
"""
import sys

import numpy as np
from numba import njit, types
from numba.extending import overload

from ...errors import NoDerivativeError

from ...rules import runtime as rt
from .numba_rules_base import gen, helper, is_array, refuse


def _numbers(xs):
    """A list, homogeneous tuple or 1-d array of numbers."""
    if is_array(xs):
        return xs.ndim == 1 and isinstance(xs.dtype, types.Number)
    return isinstance(xs, (types.List, types.UniTuple)) and isinstance(xs.dtype, types.Number)


def _strings(xs):
    """A list or homogeneous tuple of strings."""
    return isinstance(xs, (types.List, types.UniTuple)) and isinstance(xs.dtype, types.UnicodeType)


def _covered(xs, what):
    if not _numbers(xs):
        refuse(f"{what} of {xs} (s2sad covers a list, tuple or 1-d array of numbers)")


@helper(rt.set_items)
def _ov_set_items(s):
    """Refused: numba's sets visit their elements in another order than CPython's, so a loop
    over one would compute another value than the function (``frontend/set_values.py``)."""
    refuse("a loop over a set (numba's sets visit their elements in another order than Python's; "
           "loop over `sorted(s)` or a list)")


@helper(rt.seq_extreme_index)
def _ov_seq_extreme_index(xs, largest):
    if _number_tuples(xs):
        return _tuple_extreme(xs.dtype.count)
    _covered(xs, "max/min")

    def index(xs, largest):
        k = 0
        for i in range(1, len(xs)):
            if (xs[i] > xs[k]) if largest else (xs[i] < xs[k]):
                k = i
        return k
    return index


def _tuple_extreme(width):
    """CPython's ``max``/``min`` of tuples: the running best replaced only by an item that
    compares strictly greater (less), tuples compared item by item from the first that differs."""
    def index(xs, largest):
        k = 0
        for i in range(1, len(xs)):
            for c in range(width):
                if xs[i][c] != xs[k][c]:
                    if (xs[i][c] > xs[k][c]) if largest else (xs[i][c] < xs[k][c]):
                        k = i
                    break
        return k
    return index


@helper(rt.seq_max)
def _ov_seq_max(xs):
    if _numbers(xs) or _number_tuples(xs):
        return lambda xs: xs[rt.seq_extreme_index(xs, True)]
    return lambda xs: max(xs)


@helper(rt.seq_min)
def _ov_seq_min(xs):
    if _numbers(xs) or _number_tuples(xs):
        return lambda xs: xs[rt.seq_extreme_index(xs, False)]
    return lambda xs: min(xs)


@helper(rt.seq_extreme_grad)
def _ov_seq_extreme_grad(g, xs, largest):
    if _number_tuples(xs):      # the adjoint of the tuple picked, in its row; 0 elsewhere
        width = xs.dtype.count

        def rows(g, xs, largest):
            out = np.zeros((len(xs), width))
            k = rt.seq_extreme_index(xs, largest)
            for c in range(width):
                out[k, c] = g[c]
            return out
        return rows
    _covered(xs, "the adjoint of max/min")

    def grad(g, xs, largest):
        out = np.zeros(len(xs))
        out[rt.seq_extreme_index(xs, largest)] = g
        return out
    return grad


@helper(rt.seq_extreme_tangent)
def _ov_seq_extreme_tangent(t, xs, largest):
    if not _number_tuples(xs):  # the tangent of the tuple picked: its item of t (rows or tuples)
        _covered(xs, "the tangent of max/min")
    return lambda t, xs, largest: t[rt.seq_extreme_index(xs, largest)]


def _python_lt(keys, i, j):
    """Python's ``<`` of items ``i`` and ``j`` (rows of ``keys``): of numbers, or of tuples (the
    first items that are not equal decide, NaN included: ``nan == nan`` is False)."""
    for c in range(keys.shape[1]):
        a, b = keys[i, c], keys[j, c]
        if not (a == b):
            return a < b
    return False


_python_lt = njit(_python_lt)
PYTHON_RUN = sys.version_info < (3, 13)     # count_run as CPython 3.11 and 3.12 write it


def _python_order(keys):
    """The positions ``sorted`` puts the rows of ``keys`` in, as CPython's sort computes them with
    ``<`` alone (so also where a NaN makes ``<`` no order): below 64 items CPython's timsort is its
    first run (strictly descending: reversed) then a binary insertion of each further item. From
    64 items, or on another CPython, a stable argsort by column (exact when no NaN is present;
    with a NaN, refused: numba cannot reproduce the order CPython's merges give then)."""
    n = keys.shape[0]
    idx = np.arange(n)
    if n >= 64 or not PYTHON_RUN:
        if np.isnan(keys).any():
            raise NoDerivativeError("s2sad (jit): sorted() of values holding a NaN; with 64 items or more "
                                    "CPython's order cannot be reproduced under numba: use jit=False")
        for c in range(keys.shape[1] - 1, -1, -1):
            idx = idx[np.argsort(keys[idx, c], kind="mergesort")]
        return idx
    if n < 2:
        return idx
    run = 2
    if _python_lt(keys, 1, 0):
        while run < n and _python_lt(keys, run, run - 1):
            run += 1
        idx[:run] = idx[:run][::-1].copy()
    else:
        while run < n and not _python_lt(keys, run, run - 1):
            run += 1
    for start in range(run, n):
        pivot, lo, hi = idx[start], 0, start
        while lo < hi:
            mid = lo + ((hi - lo) >> 1)
            if _python_lt(keys, pivot, idx[mid]):
                hi = mid
            else:
                lo = mid + 1
        for p in range(start, lo, -1):
            idx[p] = idx[p - 1]
        idx[lo] = pivot
    return idx


_python_order = njit(_python_order)


def _number_tuples(xs):
    """A list of homogeneous tuples of numbers (``sorted(zip(a, b))``'s keys)."""
    return isinstance(xs, types.List) and isinstance(xs.dtype, types.UniTuple) \
        and isinstance(xs.dtype.dtype, types.Number)


def _tuple_order(width):
    """The order of tuples compared as Python compares them (item 0 first, ties by the next...)."""
    def order(xs):
        keys = np.empty((len(xs), width))
        for j in range(len(xs)):
            for c in range(width):
                keys[j, c] = xs[j][c]
        return _python_order(keys)
    return order


@helper(rt.seq_order)
def _ov_seq_order(xs):
    if _number_tuples(xs):
        return _tuple_order(xs.dtype.count)
    _covered(xs, "sorted")

    def order(xs):
        keys = np.empty((len(xs), 1))
        for i in range(len(xs)):
            keys[i, 0] = xs[i]
        return _python_order(keys)
    return order


@helper(rt.copy_method)
def _ov_copy_method(x):
    """``x.copy()``: a list's shallow copy, an array's C-ordered copy."""
    if isinstance(x, types.List):
        return lambda x: list(x)
    if is_array(x):
        return lambda x: np.ascontiguousarray(x).copy()
    return lambda x: x


@helper(rt.seq_sorted)
def _ov_seq_sorted(xs):
    if _strings(xs):        # (a dict's keys, never differentiated: numba's sorted orders str as CPython)
        return lambda xs: sorted(xs)
    _covered(xs, "sorted")
    return lambda xs: [xs[i] for i in rt.seq_order(xs)]


@helper(rt.seq_sorted_grad)
def _ov_seq_sorted_grad(g, xs):
    _covered(xs, "the adjoint of sorted")
    if is_array(g) or isinstance(g, (types.List, types.UniTuple)):
        def grad(g, xs):
            out = np.zeros(len(xs))
            order = rt.seq_order(xs)
            for j in range(len(xs)):
                out[order[j]] = g[j]
            return out
        return grad
    return lambda g, xs: np.zeros(len(xs)) + g


@helper(rt.seq_sorted_tangent)
def _ov_seq_sorted_tangent(t, xs):
    _covered(xs, "the tangent of sorted")
    return lambda t, xs: [t[i] for i in rt.seq_order(xs)]


# ---- NumPy reductions of a list or tuple of numbers ------------------------------------------
REDUCTIONS = ("sum", "prod", "mean", "max", "min", "amax", "amin", "std", "var", "median", "ptp")
"""``np.<name>(xs)`` of a list (``np.max(env)`` of a list the loop appended to) or a homogeneous
tuple of numbers, without other arguments, is ``np.<name>(np.array(xs))`` as NumPy computes it;
numba's own take arrays only. Other forms stay numba's (or a located ``JitError``)."""


def _list_reduction(name):
    fn = getattr(np, name)
    impl = gen(f"def {name}_of_numbers(a):\n    return np.{name}(np.array(a))\n", f"{name}_of_numbers")

    @overload(fn)
    def _ov(a):
        if isinstance(a, (types.List, types.UniTuple)) and isinstance(a.dtype, types.Number):
            return impl
        return None
    return _ov


for _name in REDUCTIONS:
    _list_reduction(_name)
