"""Tape layout for compiled adjoints: arrays instead of lists in counted loops.

In a ``for i in range(...)`` loop that no other loop encloses, a scalar the body
saves k times per iteration can live in an array of shape (n, k), written and read
at row ``i`` — what a hand-written adjoint does, and much faster under numba than a
list grown with append. Used with ``jit=True`` only: in plain Python ``list.append``
is the faster of the two.
"""
import ast

from .. import astutil as A
from ..frontend.resolve import np_ref


class Layout:
    """Which saved values go to preallocated arrays, and where."""

    def __init__(self):
        self.slots = {}    # (id(statement), name) -> (loop, column)
        self.arrays = {}   # id(loop) -> [(name, columns)]

    def row(self, loop):
        start = loop.iter.args[0] if len(loop.iter.args) == 2 else None
        i = A.name(loop.target.id)
        return i if start is None else ast.BinOp(i, ast.Sub(), A.clone(start))

    def allocations(self, loop, tape_of):
        args = loop.iter.args
        n = A.clone(args[0]) if len(args) == 1 else ast.BinOp(A.clone(args[1]), ast.Sub(), A.clone(args[0]))
        rows = A.call("max", n, A.const(0))
        return [A.at(A.assign(tape_of(v), ast.Call(func=np_ref("np.empty"), args=[
            ast.Tuple(elts=[A.clone(rows), A.const(k)], ctx=ast.Load())], keywords=[])), loop)
            for v, k in self.arrays.get(id(loop), [])]

    def cell(self, s, v, tape_name, store):
        loop, j = self.slots[(id(s), v)]
        return ast.Subscript(value=A.name(tape_name), slice=ast.Tuple(elts=[self.row(loop), A.const(j)],
                             ctx=ast.Load()), ctx=ast.Store() if store else ast.Load())


def plan(body, active, ranks):
    layout = Layout()
    sites = {}
    for s in (n for st in body for n in ast.walk(st) if isinstance(n, ast.stmt)):
        for v in getattr(s, "_s2sad_saves", []):
            sites.setdefault(v, []).append(s)
    for loop in _outer_counted_loops(body):
        direct = {id(s) for s in loop.body}
        columns = {}
        for v, where in sites.items():
            if v in active and ranks.get(v) == 0 and all(id(s) in direct for s in where):
                for j, s in enumerate(where):
                    layout.slots[(id(s), v)] = (loop, j)
                columns[v] = len(where)
        layout.arrays[id(loop)] = sorted(columns.items())
    return layout


def _outer_counted_loops(stmts):
    """``for`` loops over range(n) or range(a, b) that no loop encloses, whose index the body keeps."""
    for s in stmts:
        if isinstance(s, ast.If):
            yield from _outer_counted_loops(s.body)
            yield from _outer_counted_loops(s.orelse)
        elif isinstance(s, ast.For) and len(s.iter.args) <= 2:
            stored = {n.id for n in ast.walk(ast.Module(body=s.body, type_ignores=[]))
                      if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
            if s.target.id not in stored:
                yield s
