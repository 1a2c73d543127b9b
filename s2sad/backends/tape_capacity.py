"""How many times a tape can be pushed, as an expression, when counted loops bound it.

``capacity(fdef, ns, pushes)`` is an expression that evaluates, at the first push, to
at least the number of pushes the statements ``pushes`` make in one call of ``fdef``,
or None when no such bound is cheap to write. A push in ``for r in range(d)`` inside
``for i in range(n)`` makes at most ``max(n, 0) * max(d, 0)`` pushes; the bound is the
sum of such products over the push statements (a push under an ``if``, or skipped by
``break``/``continue``, makes fewer). ``array_tapes`` allocates a tape with that many
rows at the first push: no growth test in the loop, which numba compiles into slower
code (measured on GMM's forward sweep, d=2, k=5: 10.9x the hand-written adjoint with
the growing helpers, 6.2x with the same pushes written out with a growth test, 4.2-4.5x
with the capacity known).

Invariant: a bound is given only when every loop around each push is a ``for`` over
``range(b)`` or ``range(a, b)`` (no step), not a ``while``, and each name in ``a``/``b``
keeps one value from before the first push on: a parameter never assigned in ``fdef``,
or a name assigned exactly once in the function, by a plain ``name = value`` statement
of the function's top level that comes before the top-level statement holding the first
push. The bounds are then the trip counts of those loops, evaluated with the same values.
"""
import ast

from .. import astutil as A
from ..analyses.ir import resolve

_OPS = (ast.Add, ast.Sub, ast.Mult, ast.FloorDiv)


def capacity(fdef, ns, pushes):
    """The bound (an expression) on the pushes ``pushes`` make, or None (module docstring)."""
    parents = _parents(fdef)
    first = _first_top(fdef, pushes)
    if first is None:
        return None
    fixed = _fixed_names(fdef, first)
    total = None
    for push in pushes:
        term = _count(push, parents, fixed, ns, fdef)
        if term is None:
            return None
        total = term if total is None else ast.BinOp(total, ast.Add(), term)
    return total


def _parents(fdef):
    out = {}
    for node in A.walk(fdef):
        for child in ast.iter_child_nodes(node):
            out[id(child)] = node
    return out


def _first_top(fdef, pushes):
    """The index of the first top-level statement holding one of ``pushes``."""
    ids = {id(p) for p in pushes}
    for k, s in enumerate(fdef.body):
        if any(id(n) in ids for n in A.walk(s)):
            return k
    return None


def _fixed_names(fdef, first):
    """Names that keep one value from statement ``first`` of the top level on."""
    stores = {}
    for node in A.walk(fdef):
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            stores[node.id] = stores.get(node.id, 0) + 1
    params = {a.arg for a in fdef.args.args + fdef.args.kwonlyargs + fdef.args.posonlyargs}
    fixed = {p for p in params if p not in stores}
    for s in fdef.body[:first]:
        if isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], ast.Name) \
                and stores.get(s.targets[0].id) == 1 and s.targets[0].id not in params:
            fixed.add(s.targets[0].id)
    return fixed


def _count(push, parents, fixed, ns, fdef):
    """``max(trip, 0) * ...`` over the loops around ``push``, or None."""
    term = None
    node = parents.get(id(push))
    while node is not None and node is not fdef:
        if isinstance(node, (ast.While, ast.AsyncFor)):
            return None
        if isinstance(node, ast.For):
            trip = _trip(node, fixed, ns)
            if trip is None:
                return None
            count = A.call("max", trip, A.const(0))
            term = count if term is None else ast.BinOp(count, ast.Mult(), term)
        node = parents.get(id(node))
    return A.const(1) if term is None else term


def _trip(loop, fixed, ns):
    it = loop.iter
    if not (isinstance(it, ast.Call) and isinstance(it.func, (ast.Name, ast.Attribute))
            and resolve(ns, it.func) is range) or loop.orelse or loop.iter.keywords or len(loop.iter.args) not in (1, 2):
        return None
    args = loop.iter.args
    if not all(_bound(a, fixed) for a in args):
        return None
    if len(args) == 1:
        return A.clone(args[0])
    return ast.BinOp(A.clone(args[1]), ast.Sub(), A.clone(args[0]))


def _bound(e, fixed):
    """Whether ``e`` is an int expression of fixed names and constants."""
    if isinstance(e, ast.Constant):
        return type(e.value) is int
    if isinstance(e, ast.Name):
        return e.id in fixed
    if isinstance(e, ast.BinOp) and isinstance(e.op, _OPS):
        return _bound(e.left, fixed) and _bound(e.right, fixed)
    if isinstance(e, ast.UnaryOp) and isinstance(e.op, ast.USub):
        return _bound(e.operand, fixed)
    return False
