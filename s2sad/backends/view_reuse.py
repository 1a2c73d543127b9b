"""One view for the same constant slice of an unchanged array (part of the ``jit`` stage).

The ODE's adjoint slices ``x[1:]``, ``x[:1]``, ``b_x[1:]`` and ``b_x[:1]`` once per call of the
right-hand side it inlined, four times in each sweep's loop body: under numba each
``v = x[1:]`` builds a new array structure (the bounds clipped, the strides, the data
pointer) and takes a reference count on ``x``'s memory, about 200 LLVM instructions that
LLVM then optimises and turns into machine code again at every repetition. Here, in a
block (one statement list), a later binding ``w = a[<constant index>]`` of the same index
of the same array as an earlier ``v = a[<constant index>]`` becomes ``w = v`` when nothing
between the two rebinds ``a`` or ``v`` (written out, the ODE's adjoint has 15 such
repetitions).

Invariant: ``w`` gets an array with the same memory, shape and strides as before: basic
indexing with the same constants that leaves at least one dimension (a view: an element, ``a[0]``
of a vector, is a number copied out, which a write into ``a`` between the two would change) (ints, ``None``, slices of them) of the same array object
gives the same view whenever it runs (an array object's memory, shape and strides never
change; writes through either view land in ``a``'s elements, seen by both), and ``v`` still
holds the earlier one. Only bases of a known rank of 1 or more are taken, never a name that
may hold a Python list (whose slice is a copy): :func:`~s2sad.analyses.list_names.lists_and_adjoints`.
An index that raises (an int out of range) raised at the earlier binding, which dominates
the later one (same block, earlier). The Python adjoint (``jit=False``) keeps its views.
"""
import ast

from .. import astutil as A
from ..analyses.list_names import lists_and_adjoints
from .inplace import Ranks


def _constant_index(node):
    """True if ``node`` (a subscript's index) is made of int constants, ``None`` and slices of
    them with a nonzero step, in a tuple or not: the same view of the same array each time."""
    items = node.elts if isinstance(node, ast.Tuple) else [node]
    for item in items:
        if isinstance(item, ast.Slice):
            parts = [item.lower, item.upper, item.step]
            if not all(p is None or isinstance(p, ast.Constant) and (p.value is None or type(p.value) is int)
                       for p in parts):
                return False
            if isinstance(item.step, ast.Constant) and item.step.value == 0:
                return False
        elif not (isinstance(item, ast.Constant) and (item.value is None or type(item.value) is int)):
            return False
    return True


def _element(index, rank):
    """True if ``index`` (constant: ``_constant_index``) picks one element of an array of ``rank``:
    a number copied out (``W[0]``), not a view, so a later write into the array (``W[0] = 5.0``,
    which binds no name) changes what the same index reads (stop 49: under jit the second ``W[0]``
    read the first's value)."""
    items = index.elts if isinstance(index, ast.Tuple) else [index]
    ints = sum(isinstance(i, ast.Constant) and type(i.value) is int for i in items)
    news = sum(isinstance(i, ast.Constant) and i.value is None for i in items)
    return rank - ints + news < 1


def _stored(stmt):
    """Names ``stmt`` (with everything nested in it) binds or deletes."""
    return {n.id for n in A.walk(stmt) if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)}


class _Reuse:
    def __init__(self, fdef, ns, ranks, adjoints):
        self.fdef, self.ranks = fdef, Ranks(ranks, adjoints, ns)
        self.lists = lists_and_adjoints(fdef, adjoints)

    def key(self, stmt):
        """``(base, index dump)`` of a binding ``v = a[<constant index>]`` of an array ``a``, else None."""
        if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)
                and isinstance(stmt.value, ast.Subscript) and isinstance(stmt.value.value, ast.Name)):
            return None
        base = stmt.value.value
        rank = self.ranks.of(base)
        if base.id in self.lists or not isinstance(rank, int) or rank < 1 or stmt.targets[0].id == base.id \
                or not _constant_index(stmt.value.slice) or _element(stmt.value.slice, rank):
            return None
        return base.id, ast.dump(stmt.value.slice)

    def block(self, stmts):
        """Rewrite one statement list in place (see the module docstring)."""
        seen = {}           # key -> the name bound to that view, while it and the base hold
        for k, s in enumerate(stmts):
            key = self.key(s)
            if key is not None and seen.get(key) == s.targets[0].id:
                continue        # the same name bound again to the same view: it holds it already
            if key is not None and key in seen:
                stmts[k] = A.at(ast.Assign(targets=s.targets, value=A.name(seen[key])), s)
                target = s.targets[0].id
                seen = {q: v for q, v in seen.items() if target not in (q[0], v)}
                continue
            stored = _stored(s)
            seen = {q: v for q, v in seen.items() if q[0] not in stored and v not in stored}
            if key is not None:
                seen[key] = s.targets[0].id

    def run(self):
        for node in A.walk(self.fdef):
            for field in ("body", "orelse", "finalbody"):
                stmts = getattr(node, field, None)
                if isinstance(stmts, list) and stmts and isinstance(stmts[0], ast.stmt):
                    self.block(stmts)


def rewrite(fdef, ns, ranks, adjoints):
    """Reuse repeated constant views of ``fdef`` (the adjoint, in place); returns it."""
    _Reuse(fdef, ns, ranks, adjoints).run()
    return fdef
