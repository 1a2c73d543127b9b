"""Stage 2, lower, loop headers over ``itertools.pairwise`` and ``itertools.product``: planned
and indexed like ``zip`` and ``enumerate`` (``lower_loops.ForHeaders.source``).

``for a, b in itertools.pairwise(S)`` runs ``len(S) - 1`` times (none when ``S`` has fewer than
two items), binding ``a = S[k]``, ``b = S[k + 1]``; ``for a, b in itertools.product(S, T)`` runs
``len(S) * len(T)`` times, binding ``a = S[k // len(T) % len(S)]``, ``b = T[k % len(T)]`` (the
last iterable varies fastest, as in Python). Each iterable is one of the plans ``source`` makes
(a sequence evaluated once before the loop, a ``range``, an ``enumerate``/``zip``...), and the
lengths are read once, before the loop.

``product`` reads all its items before the loop runs and ``pairwise`` each item an iteration
ahead, where the counted loop reads them when each iteration begins: a loop whose body may change
an iterable in place (an item stored, ``xs.append(...)``, ``out=``, passed to a user's function)
is refused, located, with the copy to loop over instead.

Invariant: the counted loop visits the tuples Python's loop yields, in its order; only the real
``itertools`` functions are planned (a name that shadows them is called as written), and only
the forms without keywords but ``product(S, T, repeat=n)`` of a constant ``n >= 1`` (the iterables
repeated ``n`` times); others are left to the refusal of an iterator.
"""
import ast
import itertools

from .. import astutil as A
from ..errors import unsupported
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
    changed = _changed_in_body(lowerer, s, {n.id for a in it.args for n in ast.walk(a) if isinstance(n, ast.Name)})
    if changed:
        raise unsupported(lowerer.src, s, f"a loop over `{kind}(...)` whose body may change `{changed}` (`{kind}` "
                          "read its items before the body ran: " + ("all of them" if kind == "product" else
                                                                    "each one an iteration ahead") + ")",
                          f"Loop over a copy made before the loop (`{changed}_0 = {changed}.copy()`, or "
                          f"`list({changed})`), or index `{changed}` in a `range` loop.")
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


_CHANGERS = {"append", "extend", "insert", "pop", "remove", "clear", "sort", "reverse", "fill", "resize", "put",
             "itemset", "setfield", "update", "setdefault", "popitem", "add", "discard", "__setitem__", "__iadd__"}


def _changed_in_body(lowerer, s, names):
    """A name the loop body may change in place that may share memory with an iterable of
    ``names`` (an item or attribute stored, an augmented assignment, a method that changes it,
    ``out=``, passed to a function of the user's), or None. Rebinding a name is not a change (the
    loop iterates what it held when it began); the names that may share memory are ``names``, the
    loop's targets, the function's parameters and every name bound to one of those, its items,
    attributes or methods' results (``ys = y``, ``r = y[1:]``, ``m = y.reshape(2, 2)``)."""
    fdef = lowerer.src.tree
    shared = set(names) | {n.id for n in ast.walk(s.target) if isinstance(n, ast.Name)} \
        | {a.arg for a in ast.walk(fdef.args) if isinstance(a, ast.arg)}
    binds = [(t.id, n.value) for n in ast.walk(fdef) if isinstance(n, ast.Assign) for t in n.targets
             if isinstance(t, ast.Name)]
    grown = True
    while grown:
        grown = False
        for target, value in binds:     # both ways: `ys = y` shares y's memory, and y ys'
            root = _root(value)
            if root is not None and (target in shared) != (root in shared):
                shared |= {target, root}
                grown = True
    resolver = Resolver(lowerer.src, getattr(lowerer, "assigned", ()))
    for n in (n for stmt in s.body for n in ast.walk(stmt)):
        targets = n.targets if isinstance(n, ast.Assign) else [n.target] if isinstance(n, (ast.AugAssign,
                                                                                             ast.AnnAssign)) else []
        for t in targets:
            if _root(t) in shared and (not isinstance(t, ast.Name) or isinstance(n, ast.AugAssign)):
                return _root(t)
        if isinstance(n, ast.Call):
            if isinstance(n.func, ast.Attribute) and n.func.attr in _CHANGERS and _root(n.func.value) in shared:
                return _root(n.func.value)
            passed = [a for a in n.args + [k.value for k in n.keywords] if _root(a) in shared]
            kind = resolver.call_kind(n) if passed else None
            if passed and (kind in ("helper", "unknown") or any(k.arg == "out" for k in n.keywords)):
                return _root(passed[0])
    return None


_VIEWS = {"reshape", "ravel", "view", "transpose", "squeeze", "swapaxes", "moveaxis", "asarray", "asanyarray",
          "atleast_1d", "atleast_2d", "atleast_3d", "expand_dims", "broadcast_to", "diagonal", "real", "imag"}


def _root(node):
    """The name whose memory an expression may share: through items, attributes and the calls that
    may return a view (``xs[0].a``, ``y.reshape(2, 2)``, ``np.ravel(y)`` -> xs, y, y), or None
    (a copy, a fresh result)."""
    while isinstance(node, (ast.Subscript, ast.Attribute, ast.Starred, ast.Call)):
        if isinstance(node, ast.Call):
            func = node.func
            if not (isinstance(func, ast.Attribute) and func.attr in _VIEWS):
                return None
            library = isinstance(func.value, ast.Name) and func.value.id in ("np", "numpy")
            node = (node.args[0] if node.args else None) if library else func.value
        else:
            node = node.value
    return node.id if isinstance(node, ast.Name) else None
