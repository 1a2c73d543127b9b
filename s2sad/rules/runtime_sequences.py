"""Run-time helpers (plain NumPy) of Python's builtins over one sequence: ``max(xs)``,
``min(xs)`` and ``sorted(xs)`` of a list, tuple or 1-d array of numbers (also of a list
comprehension or generator, which the frontend makes a list).

The frontend (``frontend/calls.py::sequence_call``) writes such a call as ``seq_max(xs)``,
``seq_min(xs)``, ``seq_sorted(xs)``, which compute what the builtin computes (the same
element, chosen by the same comparisons), so the rules of ``grads_reductions.py`` can give
them a derivative. Invariants: the item chosen is the one CPython returns (the first that
compares strictly greater, resp. less, than every earlier best; ``sorted`` is stable), so
the adjoint goes to that one item; the item itself is returned, as the builtin does. The adjoint of a sequence is an array shaped
``np.shape(xs)`` (a list's adjoint, as ``zeros_like`` makes it). The numba versions are in
:mod:`s2sad.backends.numba_helpers.numba_rules_sequences`.
"""
import builtins

import numpy as np

from .runtime import GradList, _public, own


@_public
def set_items(s):
    """The elements of set ``s`` in the order Python's loop over it visits them (a loop over a
    set: ``frontend/set_values.py``)."""
    return list(s)


@_public
def seq_max(xs):
    """``max(xs)``: the builtin's result."""
    return builtins.max(xs)


@_public
def seq_min(xs):
    """``min(xs)``: the builtin's result."""
    return builtins.min(xs)


@_public
def seq_sorted(xs):
    """``sorted(xs)``: the builtin's list."""
    return builtins.sorted(xs)


@_public
def copy_method(x):
    """``x.copy()`` of a value the compiler cannot prove a list or an array (a helper's result,
    ``np.split``'s pieces): a list's is a new list of the same items (a shallow copy), an
    array's ``np.copy`` in C order (``np.copy`` of a list would stack it into one array)."""
    if isinstance(x, list):
        return list(x)
    return x.copy() if isinstance(x, np.ndarray) else np.copy(x)


@_public
def seq_extreme_index(xs, largest):
    """The position of the item ``max(xs)`` (``largest``) or ``min(xs)`` returns: CPython keeps
    the running best and replaces it only by an item comparing strictly greater (less)."""
    k = 0
    for i in range(1, len(xs)):
        if (xs[i] > xs[k]) if largest else (xs[i] < xs[k]):
            k = i
    return k


@_public
def seq_extreme_grad(g, xs, largest):
    """Adjoint of ``xs`` in ``max(xs)`` / ``min(xs)``: ``g`` at the item returned, 0 elsewhere."""
    out = np.zeros(np.shape(xs))
    out[seq_extreme_index(xs, largest)] = g
    return out


@_public
def seq_extreme_tangent(t, xs, largest):
    """Tangent of ``max(xs)`` / ``min(xs)``: the tangent of the item returned."""
    return t[seq_extreme_index(xs, largest)]


@_public
def seq_order(xs):
    """The positions of ``xs``'s items in the order ``sorted`` puts them (stable)."""
    return np.array(builtins.sorted(range(len(xs)), key=lambda i: xs[i]), dtype=np.int64)


@_public
def seq_sorted_grad(g, xs):
    """Adjoint of ``xs`` in ``sorted(xs)``: the adjoint of result item ``j`` goes to the item
    that was put there."""
    out = np.zeros(np.shape(xs))
    out[seq_order(xs)] = np.asarray(g, dtype=float)
    return out


@_public
def seq_sorted_tangent(t, xs):
    """Tangent of ``sorted(xs)``: the items' tangents in sorted order (a list, as the result)."""
    return [t[i] for i in seq_order(xs)]


@_public
def tuple_grad(g, xs):
    """Adjoint of ``xs`` in ``tuple(xs)`` (the same items in a tuple): the result's adjoint, a
    fresh one, as the adjoint of ``xs`` is made (an array shaped ``np.shape(xs)``, or a
    ``GradList`` when the items' shapes differ)."""
    if isinstance(g, GradList) or isinstance(g, (list, tuple)):
        return GradList(own(e) for e in g)
    return np.array(g, dtype=float).reshape(np.shape(xs))


@_public
def tuple_tangent(t):
    """Tangent of ``tuple(xs)``: the items' tangents, in a tuple as the result."""
    return builtins.tuple(t)
