"""Arguments that share memory with what the function writes: checked on every call.

The alias stage copies a parameter the function writes into (the caller's array never changes)
and lists it, with the globals the function writes, in ``Built.written``. In Python the write
would also change any other argument or global sharing that memory (``f(x, x)``,
``f(x, x[1:])``, ``f(G)``); s2sad's copy keeps the write from the other, so such a call is
refused here (grad, vjp, jvp, hvp, jacobian and hessian call :func:`check_apart`), and so is a
list, tuple or dict written into whose own items share memory (``f([x, x])``).

Invariant: a call is refused exactly when two such arrays have an element in common, or when
NumPy cannot decide that within a bounded amount of work (then the call is refused too, never
let through). Interleaved views of one base (``x[::2]`` and ``x[1::2]``) share no element and
are accepted.
"""
import numpy as np

from .errors import ArgumentError

#: bound on ``np.shares_memory``'s work for two strided views; beyond it the answer is "shared".
MAX_WORK = 100_000


def check_apart(args, params, fname, built, data):
    """Refuse a call passing a parameter the function writes into (``built.written``) and another
    argument, or a global the function reads (``data``: the values of ``built.data``), that has
    an element in common with it."""
    others = [(q, f"argument `{q}`", v) for q, v in zip(params, args)] + \
        [(n, f"the global `{n}`", v) for (n, _), v in zip(built.data, data)]
    values = {q: v for q, _, v in others}
    for p in built.written:
        _items_apart(values.get(p), p, fname)
        for a in _arrays(values.get(p)):
            for q, what, other in others:
                if q != p and any(overlap(a, b) for b in _arrays(other)):
                    raise ArgumentError(
                        f"{fname}(): {what} shares memory with "
                        f"{'argument' if p in params else 'the global'} `{p}`, which `{fname}` writes "
                        f"into: in Python the write changes both, which s2sad (it writes into a copy of "
                        f"an argument, never the caller's array) does not follow. Pass a copy "
                        f"(`.copy()`) or write into a copy in the function.")


def _items_apart(value, p, fname):
    """Refuse a list, tuple or dict written into whose items share memory (``[x, x]``): s2sad
    copies each item on entry, so a write through one would not reach the other as in Python."""
    items = list(_arrays(value))
    for i, a in enumerate(items):
        for b in items[i + 1:]:
            if overlap(a, b):
                raise ArgumentError(
                    f"{fname}(): two items of argument `{p}` share memory, and `{fname}` writes into "
                    f"`{p}`'s items: in Python a write through one changes the other, which s2sad (it "
                    f"writes into copies, never the caller's arrays) does not follow. Pass distinct "
                    f"arrays (`[x, x.copy()]`).")


def overlap(a, b):
    """Whether arrays ``a`` and ``b`` may have an element in common: the cheap bounds test
    first, then NumPy's exact test within :data:`MAX_WORK` (too hard counts as shared)."""
    if not np.may_share_memory(a, b):
        return False
    try:
        return bool(np.shares_memory(a, b, max_work=MAX_WORK))
    except np.exceptions.TooHardError:
        return True


def _arrays(value):
    if isinstance(value, np.ndarray):
        yield value
    elif isinstance(value, (tuple, list)):
        for v in value:
            yield from _arrays(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from _arrays(v)
