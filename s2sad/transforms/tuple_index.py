"""A differentiated tuple parameter read at an index that is not a constant.

A tuple argument arrives as a dict of its positions (``arguments.TupleArgument``), taken apart
into one leaf per position by the aggregates stage, which reads entries by constant keys only.
``for w in ws`` (lowered to ``for i in range(len(ws)): w = ws[i]``) and ``ws[i]`` read it at a
position known only when the code runs: that read becomes the same index into a list display
of its leaves (``[ws_k0, ws_k1, ws_k2][i]``; an item that is itself a tuple, a tuple display of
its leaves), which the later stages differentiate like any list of arrays.

Invariant: only layouts built from a *tuple* (``kind[2] == "tuple"``, see ``aggregates.structure``)
are read so: a tuple's items are never rebound (Python cannot assign into a tuple), so the leaves
are its items wherever it is read, and indexing the display behaves as indexing the tuple for
every integer (negative ones included) and raises IndexError where it does.
"""
import ast

from .. import astutil as A


def is_tuple_kind(kind):
    return isinstance(kind, tuple) and len(kind) > 2 and kind[2] == "tuple"


def hoisted(agg, s):
    """``([display statements], s)``: each read of a tuple parameter at a non-constant index in
    the simple statement ``s`` made an index into a new name holding the display of its leaves
    (``t = [ws_k0, ws_k1]`` before ``w = t[i]``: a display inside an expression would be seen by
    no later stage)."""
    if getattr(s, "_s2sad_entry", False) or not agg.tuples:
        return [], s
    pre = []

    class Hoist(ast.NodeTransformer):
        def visit_Subscript(self, n):
            self.generic_visit(n)
            shown = _indexed(agg, n, pre, s)
            if shown is None:
                return n
            name = agg.namer.fresh(f"{n.value.id}_items")
            pre.append(A.at(A.assign(name, shown), s))
            n.value = ast.copy_location(A.name(name), n.value)
            return n
    s = Hoist().visit(s)
    return pre, s


def _indexed(agg, node, pre, s):
    """The display of the leaves of the tuple parameter ``node`` (a Subscript) reads at a
    non-constant integer index, or None when it is no such read."""
    if not (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name)
            and node.value.id in agg.objects and isinstance(node.ctx, ast.Load)):
        return None
    layout = agg.objects[node.value.id]
    if id(layout) not in agg.tuples or isinstance(node.slice, (ast.Constant, ast.Slice, ast.Tuple)):
        return None
    mark = len(pre)
    shown = _display(agg, layout, ast.List, pre, s)
    if shown is None:       # an item is a dict: left to the aggregates stage's refusal
        del pre[mark:]
    return shown


def _display(agg, layout, cls, pre, s):
    """The display of ``layout``'s leaves; an item that is itself a tuple first named by a
    statement of its own in ``pre`` (the later stages follow displays of names only)."""
    elts = []
    for key in range(len(layout)):
        leaf = layout[key]
        if isinstance(leaf, dict):
            if id(leaf) not in agg.tuples:
                return None
            inner = _display(agg, leaf, ast.Tuple, pre, s)
            if inner is None:
                return None
            name = agg.namer.fresh("item")
            pre.append(A.at(A.assign(name, inner), s))
            leaf = name
        elts.append(A.name(leaf))
    return cls(elts=elts, ctx=ast.Load())
