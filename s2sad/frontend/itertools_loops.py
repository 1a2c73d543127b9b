"""Stage 2, lower, loop headers over ``itertools.pairwise`` and ``itertools.product``: planned
and indexed like ``zip`` and ``enumerate`` (``lower_loops.ForHeaders.source``).

``for a, b in itertools.pairwise(S)`` runs ``len(S) - 1`` times (none when ``S`` has fewer than
two items), binding ``a = S[k]``, ``b = S[k + 1]``; ``for a, b in itertools.product(S, T)`` runs
``len(S) * len(T)`` times, binding ``a = S[k // len(T) % len(S)]``, ``b = T[k % len(T)]`` (the
last iterable varies fastest, as in Python). Each iterable is one of the plans ``source`` makes
(a sequence evaluated once before the loop, a ``range``, an ``enumerate``/``zip``...), and the
lengths are read once, before the loop.

Invariant: the counted loop visits the tuples Python's loop yields, in its order; only the real
``itertools`` functions are planned (a name that shadows them is called as written), and only
the forms without keywords but ``product(S, T, repeat=n)`` of a constant ``n >= 1`` (the iterables
repeated ``n`` times); others are left to the refusal of an iterator.
"""
import ast
import itertools

from .. import astutil as A
from .resolve import MISSING, Resolver

_FUNCS = {itertools.pairwise: "pairwise", itertools.product: "product"}


def itertools_kind(lowerer, it):
    """"pairwise" or "product" when call ``it`` is that ``itertools`` function with plain
    positional arguments, else None."""
    if not isinstance(it, ast.Call) or any(isinstance(a, ast.Starred) for a in it.args) \
            or it.keywords and _repeat(it) is None:
        return None
    fn = Resolver(lowerer.src, getattr(lowerer, "assigned", ())).obj(it.func)
    try:
        kind = _FUNCS.get(fn) if fn is not MISSING else None
    except TypeError:       # an unhashable global
        return None
    if kind == "pairwise" and (len(it.args) != 1 or it.keywords) or kind == "product" and not it.args:
        return None
    return kind


def _repeat(it):
    """``n`` of ``product(..., repeat=n)``, a constant int of at least 1, or None."""
    if [k.arg for k in it.keywords] != ["repeat"]:
        return None
    v = it.keywords[0].value
    ok = isinstance(v, ast.Constant) and type(v.value) is int and v.value >= 1
    return v.value if ok else None


def itertools_plan(lowerer, kind, it, pre, s):
    """The plan of ``itertools.<kind>(...)``: ("pairwise", plan) or ("product", plans, lengths),
    the lengths named once before the loop."""
    plans = [lowerer.source(a, pre, s) for a in it.args]
    if kind == "pairwise":
        return ("pairwise", plans[0])
    plans = plans * (_repeat(it) if it.keywords else 1)     # each iterable evaluated once, as Python does
    lengths = [lowerer.once(lowerer.length(p), pre, s, "r") for p in plans]
    return ("product", plans, lengths)


def itertools_length(lowerer, src):
    """How many times the loop runs (``range`` of a negative count runs none)."""
    if src[0] == "pairwise":
        return ast.BinOp(lowerer.length(src[1]), ast.Sub(), A.const(1))
    total = A.clone(src[2][0])
    for n in src[2][1:]:
        total = ast.BinOp(total, ast.Mult(), A.clone(n))
    return total


def itertools_element(lowerer, src, i):
    """The tuple yielded at count ``i``: ("tuple", [elements])."""
    if src[0] == "pairwise":
        after = ast.BinOp(A.clone(i), ast.Add(), A.const(1))
        return ("tuple", [lowerer.element(src[1], A.clone(i)), lowerer.element(src[1], after)])
    plans, lengths = src[1], src[2]
    elems = []
    for j, plan in enumerate(plans):
        index = A.clone(i)
        stride = lengths[j + 1:]
        if stride:
            inner = A.clone(stride[0])
            for n in stride[1:]:
                inner = ast.BinOp(inner, ast.Mult(), A.clone(n))
            index = ast.BinOp(index, ast.FloorDiv(), inner)
        if j > 0:
            index = ast.BinOp(index, ast.Mod(), A.clone(lengths[j]))
        elems.append(lowerer.element(plan, index))
    return ("tuple", elems)
