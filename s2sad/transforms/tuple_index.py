"""A differentiated tuple parameter read at an index that is not a constant, or used whole.

A tuple argument arrives as a dict of its positions (``arguments.TupleArgument``), taken apart
into one leaf per position by the aggregates stage, which reads entries by constant keys only.
``for w in ws`` (lowered to ``for i in range(len(ws)): w = ws[i]``) and ``ws[i]`` read it at a
position known only when the code runs: that read becomes the same index into a list display
of its leaves (``ws_items = [ws_k0, ws_k1, ws_k2]`` before ``w = ws_items[i]``; an item that is
itself a tuple, a tuple display of its leaves, named first), which the later stages
differentiate like any list of arrays. ``ws`` used whole (``sum(ws)``, ``np.stack(ws)``,
``ws[1:]``, ``zip(ws, ...)``) is a tuple display of its leaves; ``t[0]`` and ``len(t)`` are left
to the aggregates stage (a leaf, a constant).

Invariant: only layouts built from a *tuple* (``kind[2] == "tuple"``, see ``analyses/expr_ranks.structure``)
are read so: a tuple's items are never rebound (Python cannot assign into a tuple), so the leaves
are its items wherever it is read, and indexing the display behaves as indexing the tuple for
every integer (negative ones included) and raises IndexError where it does.
"""
import ast

from .. import astutil as A


def is_tuple_kind(kind):
    return isinstance(kind, tuple) and len(kind) > 2 and kind[2] == "tuple"


def position(agg, layout, key):
    """``key`` of ``layout`` as the aggregates stage stores it: a negative position of a tuple
    counted from its end (``t[-1]``), as Python does."""
    if id(layout) in agg.tuples and isinstance(key, int) and -len(layout) <= key < 0:
        return key + len(layout)
    return key


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
            if _tuple_name(agg, n.value) and isinstance(n.slice, ast.Constant):
                return n        # t[0]: the aggregates stage reads that leaf
            shown = _indexed(agg, n, pre, s)
            if shown is None:
                return self.generic_visit(n)
            self.visit(n.slice)
            n.value = ast.copy_location(_named(agg, n.value.id, shown, pre, s), n.value)
            return n

        def visit_Call(self, n):
            if isinstance(n.func, ast.Name) and n.func.id == "len" and len(n.args) == 1 and _tuple_name(agg, n.args[0]):
                return n        # len(t): a constant (aggregates._entries)
            return self.generic_visit(n)

        def visit_Name(self, n):    # t itself (sum(t), np.stack(t), t[1:], [*t]): a tuple of its leaves
            if not _tuple_name(agg, n) or not isinstance(n.ctx, ast.Load):
                return n
            shown = _display(agg, agg.objects[n.id], ast.Tuple, pre, s)
            return n if shown is None else ast.copy_location(_named(agg, n.id, shown, pre, s), n)
    s = Hoist().visit(s)
    return pre, s


def _tuple_name(agg, node):
    return isinstance(node, ast.Name) and node.id in agg.objects and id(agg.objects[node.id]) in agg.tuples


def _named(agg, base, shown, pre, s):
    name = agg.namer.fresh(f"{base}_items")
    pre.append(A.at(A.assign(name, shown), s))
    return A.name(name)


def _indexed(agg, node, pre, s):
    """The display of the leaves of the tuple parameter ``node`` (a Subscript) reads at a
    non-constant integer index, or None when it is no such read."""
    if not (isinstance(node, ast.Subscript) and _tuple_name(agg, node.value) and isinstance(node.ctx, ast.Load)):
        return None
    layout = agg.objects[node.value.id]
    if isinstance(node.slice, (ast.Constant, ast.Slice, ast.Tuple)):
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


def packed(agg, layout):
    """The display a dict or tuple the function returns is rebuilt as (``has_aux``'s aux): a
    tuple's as a tuple display of its items, a dict's as a dict display."""
    if id(layout) not in agg.tuples:
        keys = sorted(layout, key=repr)
        return ast.Dict(keys=[A.const(k) for k in keys], values=[
            packed(agg, layout[k]) if isinstance(layout[k], dict) else A.name(layout[k]) for k in keys])
    return ast.Tuple(elts=[packed(agg, layout[k]) if isinstance(layout[k], dict) else A.name(layout[k])
                           for k in range(len(layout))], ctx=ast.Load())
