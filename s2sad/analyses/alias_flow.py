"""The program-order facts the alias stage reads: statements flattened in order, what each
stores, which names hold lists, which may hold 0-d arrays, and liveness.

Invariant: everything here reads the tree and never changes it; ``analyses/alias.py``
decides from these facts what to rewrite or refuse.
"""
import ast

import numpy as np

from .. import astutil as A
from .alias_views import _lookup


class _Entry:
    """A simple statement (or a compound statement's header) in program order."""

    def __init__(self, stmt, block, index, loops, header=False):
        self.stmt, self.block, self.index, self.loops, self.header = stmt, block, index, loops, header


def _flatten(stmts, loops=(), out=None):
    out = [] if out is None else out
    for i, s in enumerate(stmts):
        if isinstance(s, (ast.If, ast.For, ast.While)):
            inner = loops + (id(s),) if isinstance(s, (ast.For, ast.While)) else loops
            out.append(_Entry(s, stmts, i, inner if not isinstance(s, ast.If) else loops, header=True))
            _flatten(s.body, inner, out)
            _flatten(s.orelse, inner, out)
        else:
            out.append(_Entry(s, stmts, i, loops))
    return out


def _stores(e):
    if e.header:
        return [e.stmt.target.id] if isinstance(e.stmt, ast.For) else []
    s = e.stmt
    if hasattr(s, "_s2sad_append"):
        return [s._s2sad_append[0]]
    if isinstance(s, ast.Assign):
        t = s.targets[0]
        return [t.value.id] if isinstance(t, ast.Subscript) else [n.id for n in ast.walk(t) if isinstance(n, ast.Name)]
    return []


def _has_slice(idx):
    """True if an index has a slice (``x[1:]``, ``x[:, 0]``): reading with it gives a view."""
    return any(isinstance(p, ast.Slice) for p in (idx.elts if isinstance(idx, ast.Tuple) else [idx]))


def _lists(flat):
    """Names that hold Python lists (built with append, a list display, or ``+``/``*`` of lists:
    ``[a] * 3``, ``xs + ys``)."""
    out, changed = set(), True
    while changed:
        changed = False
        for e in flat:
            s = e.stmt
            name = s._s2sad_append[0] if hasattr(s, "_s2sad_append") else None
            if name is None and not e.header and isinstance(s, ast.Assign) and isinstance(s.targets[0], ast.Name) \
                    and (isinstance(s.value, ast.List) or _list_arithmetic(s.value, out)):
                name = s.targets[0].id
            if name is not None and name not in out:
                out.add(name)
                changed = True
    return out


def _list_arithmetic(v, lists):
    """True if ``v`` is ``xs * k``, ``k * xs`` or ``xs + ys`` of a list ``xs``: a list whose
    positions may hold one object more than once."""
    return isinstance(v, ast.BinOp) and isinstance(v.op, (ast.Add, ast.Mult)) and any(
        isinstance(o, ast.List) or isinstance(o, ast.Name) and o.id in lists for o in (v.left, v.right))


def _same_list(n, flat, lists):
    """The names bound to the same list object as ``n`` (``m = n`` copies, transitively)."""
    group, changed = {n}, True
    while changed:
        changed = False
        for e in flat:
            s = e.stmt
            if not e.header and isinstance(s, ast.Assign) and isinstance(s.targets[0], ast.Name) \
                    and isinstance(s.value, ast.Name) and s.value.id in lists | group:
                pair = {s.targets[0].id, s.value.id}
                if pair & group and not pair <= group:
                    group |= pair
                    changed = True
    return group


# calls that return an array even of a number (a 0-d array: rank 0, but mutable in place)
ARRAY_MAKERS = ("copy", "array", "asarray", "ascontiguousarray", "asfortranarray", "zeros", "ones", "empty",
                "full", "zeros_like", "ones_like", "empty_like", "full_like")


def _makes_0d_array(op):
    """True if ``op`` gives an array even when it has no axes: an array maker (``np.copy(b)`` of
    a number), a view NumPy makes (``np.reshape(y, ())``, ``np.squeeze(y)`` of a one-element
    array: a 0-d view of ``y``), or an index with ``...`` (``y[0, ...]``)."""
    if op.kind in ("call", "unknown") and getattr(op.func, "__name__", "") in ARRAY_MAKERS:
        return True
    if op.kind in ("call", "unknown") and _lookup(op.func) is not None and op.func is not np.float64 \
            and (getattr(op.func, "__module__", None) or "").startswith("numpy"):
        return True   # (np.float64(b), x.item(), max(a, b) of numbers give numbers)
    v = getattr(op.stmt, "value", None)
    return op.kind == "getitem" and isinstance(v, ast.Subscript) and any(
        isinstance(p, ast.Constant) and p.value is Ellipsis for p in ast.walk(v.slice))


def _zero_d_arrays(ops, ranks):
    """Names of rank 0 that may hold a 0-d array (``t = np.copy(b)`` of a number, ``s =
    np.reshape(y, ())``, and names copied from one): ``r = t; r -= 1`` then changes ``t`` too,
    unlike for a float."""
    out = set()
    for op in ops:
        if len(op.targets) == 1 and ranks.get(op.targets[0]) == 0 and _makes_0d_array(op):
            out.add(op.targets[0])
    return _through_copies(ops, out)


def _ambiguous_zero_d(ops, ranks, zero_d):
    """Names of ``zero_d`` that may also hold a number: assigned the result of an operator, a
    ufunc or a reduction somewhere (NumPy returns a number there, also for 0-d operands), or
    copied from such a name. ``r = t; r -= 1`` then changes ``t`` in one case and not in the
    other, which no static rank tells apart."""
    numbers = set()
    for op in ops:
        if op.kind == "copy" or getattr(op.stmt, "_s2sad_inplace", False):
            continue   # `r -= 1` keeps whatever r holds
        if _makes_0d_array(op):
            continue
        numbers |= {t for t in op.targets if ranks.get(t) == 0}
    return zero_d & _through_copies(ops, numbers)


def _through_copies(ops, names):
    """``names`` with every name copied from one of them (``r = t``), transitively; the copy
    that ends ``r op= v`` keeps ``r``'s own value, so it passes nothing on."""
    out = set(names)
    for _ in range(len(ops)):
        more = {op.targets[0] for op in ops if op.kind == "copy" and op.operands[0] in out
                and not getattr(op.stmt, "_s2sad_inplace", False)} - out
        if not more:
            break
        out |= more
    return out


def _uses(s):
    """Names whose value (or buffer) statement ``s`` uses, and names it rebinds."""
    if isinstance(s, ast.Assign):
        t = s.targets[0]
        if isinstance(t, ast.Subscript):
            return set(A.names_in(s.value)) | set(A.names_in(t)), set()
        return set(A.names_in(s.value)), {n.id for n in ast.walk(t) if isinstance(n, ast.Name)}
    return set(A.names_in(s)), set()


def _liveness(stmts, live, out):
    """Backward liveness over structured code; records each simple statement's live-out set."""
    for s in reversed(stmts):
        if isinstance(s, ast.If):
            live = _liveness(s.body, set(live), out) | _liveness(s.orelse, set(live), out) | set(A.names_in(s.test))
        elif isinstance(s, (ast.For, ast.While)):
            head = set(A.names_in(s.iter if isinstance(s, ast.For) else s.test))
            target = {s.target.id} if isinstance(s, ast.For) else set()
            end = set(live) | head
            for _ in range(50):
                start = _liveness(s.body, set(end), out) - target
                if start <= end:
                    break
                end |= start
            live = set(live) | head | start
        else:
            out[id(s)] = set(live)
            used, killed = _uses(s)
            live = (live - killed) | used
    return live


def _block_chain_contains(block, target, flat):
    """``block`` is target's own block or an enclosing one."""
    node = target
    blocks = {id(target.block)}
    parents = {}
    for e in flat:
        if e.header:
            for child in e.stmt.body + e.stmt.orelse:
                parents[id(child)] = e
    while id(node.stmt) in parents:
        node = parents[id(node.stmt)]
        blocks.add(id(node.block))
    return id(block) in blocks
