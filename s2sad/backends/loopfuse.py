"""Loop fusion across statements for compiled adjoints (part of the ``jit`` stage).

A run of consecutive statements that each compute elementwise over arrays of one
rank, or reduce such a computation with ``np.sum``/``np.mean`` (no axis), becomes
one loop over the elements. The adjoint of ``np.mean((w * x + b - y) ** 2)``::

    t2 = w * x + b;  r = t2 - y;  t3 = r * r;  t = np.mean(t3)
    b_t3 = np.full(t3.shape, (dout + 0.0) / t3.size);  b_r = b_t3 * r;  b_r += b_t3 * r
    b_t2 = unbroadcast(b_r, t2);  b_b = np.sum(b_t2);  b_w = np.sum(b_t2 * x)

makes one pass over ``x`` and ``y`` and allocates nothing: inside the loop
every intermediate array is a float of the current element, the three
reductions are accumulators. Numba otherwise allocates each intermediate and
makes a pass per statement (measured: the fused descent of linear regression
runs at about half the time of the hand-written numba loop, the unfused one at
3-5x it).

Invariant: the fused form computes what the statements compute, elementwise,
under a run-time test that every array the run reads (and every shape a
``unbroadcast``/``np.full``/``zeros_like`` refers to) has the shape of the first
one; when it fails the original statements run (NumPy's broadcasting). Inside
a run only its own intermediates are written, never an array that existed
before it, so no aliasing can be observed. An intermediate that is read
anywhere outside the run (or before its definition inside it) is also
computed as a whole array before the loop, from the run's inputs, and bound
after it; a reduction's result is bound after the loop, and a statement that
reads one starts a new run. Division is fused only by a nonzero constant or
by a ``.size`` (numba's scalar division raises where NumPy gives inf), powers
only by a nonnegative constant.
"""
import ast

import numpy as np

from .. import astutil as A
from ..frontend.resolve import np_ref
from ..rules import runtime
from ..transforms.inplace import ELEMENTWISE, Ranks
from .fuse import MAX_RANK, Names, _at, _loops, _same_shapes

MAX_NODES = 400


class _Fail(Exception):
    """The statement cannot join the current run."""


class _Run:
    """The statements of one run, classified as they are added (``add``)."""

    def __init__(self, owner, rank):
        self.o, self.rank = owner, rank
        self.items, self.stmts, self.leaves = [], [], []
        self.local, self.sym, self.reduced = {}, {}, {}

    # ---- expressions ------------------------------------------------------------
    def array(self, node):
        """A rank-``rank`` name read at the current element."""
        if node.id in self.local:
            return A.name(self.local[node.id])
        self.input(node.id)
        return _at(self.o.names, node.id, self.rank)

    def input(self, n):
        if n not in self.leaves:
            self.leaves.append(n)

    def shape_of(self, node):
        """The name whose shape is ``node``'s (a rank-``rank`` name of the run, or an input)."""
        if not isinstance(node, ast.Name) or self.o.ranks.of(node) != self.rank:
            raise _Fail
        if node.id in self.local:
            return self.leaves[0]
        self.input(node.id)
        return node.id

    def elem(self, e):
        """``(element expression, whether it reads an array)``; raises _Fail."""
        if isinstance(e, ast.Constant):
            if type(e.value) not in (int, float):
                raise _Fail
            return A.clone(e), False
        if isinstance(e, ast.Name):
            r = self.o.ranks.of(e)
            if e.id in self.reduced or r not in (0, self.rank):
                raise _Fail
            return (A.clone(e), False) if r == 0 else (self.array(e), True)
        if isinstance(e, ast.BinOp):
            if not isinstance(e.op, (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow)) \
                    or isinstance(e.op, ast.Div) and not self.safe_divisor(e.right) \
                    or isinstance(e.op, ast.Pow) and not _nonnegative(e.right):
                raise _Fail
            (left, a), (right, b) = self.elem(e.left), self.elem(e.right)
            return ast.BinOp(left=left, op=e.op, right=right), a or b
        if isinstance(e, ast.UnaryOp) and isinstance(e.op, (ast.USub, ast.UAdd)):
            inner, a = self.elem(e.operand)
            return ast.UnaryOp(op=e.op, operand=inner), a
        if isinstance(e, ast.Attribute) and e.attr == "size":
            return ast.Attribute(value=A.name(self.shape_of(e.value)), attr="size", ctx=ast.Load()), False
        if isinstance(e, ast.Call) and not e.keywords:
            return self.call(e)
        raise _Fail

    def call(self, e):
        fn = self.o.ranks.function(e)
        if fn is runtime.unbroadcast and len(e.args) == 2:
            self.shape_of(e.args[1])
            return self.elem(e.args[0])
        if fn is runtime.zeros_like and len(e.args) == 1:
            self.shape_of(e.args[0])
            return A.const(0.0), True
        if fn is np.full and len(e.args) == 2 and isinstance(e.args[0], ast.Attribute) and e.args[0].attr == "shape":
            self.shape_of(e.args[0].value)
            value, arrays = self.elem(e.args[1])
            if arrays:
                raise _Fail
            return value, True
        if getattr(fn, "__name__", None) in ELEMENTWISE and fn.__name__ != "where" \
                and (getattr(fn, "__module__", None) or "numpy").startswith("numpy"):
            parts = [self.elem(a) for a in e.args]
            return ast.Call(func=A.clone(e.func), args=[p[0] for p in parts], keywords=[]), any(p[1] for p in parts)
        raise _Fail

    def safe_divisor(self, e):
        if isinstance(e, ast.Constant):
            return type(e.value) in (int, float) and e.value != 0
        return isinstance(e, ast.Attribute) and e.attr == "size"

    # ---- statements -------------------------------------------------------------
    def add(self, s):
        """Adds statement ``s``; raises _Fail, the run unchanged, if it cannot join."""
        saved = (list(self.leaves), len(self.items))
        try:
            self._add(s)
        except _Fail:
            self.leaves[:] = saved[0]
            del self.items[saved[1]:]
            raise
        self.stmts.append(s)

    def _add(self, s):
        if A.is_comment(s):
            if not self.items:
                raise _Fail
            self.items.append(("comment", s))
            return
        t = s.target if isinstance(s, ast.AugAssign) else s.targets[0] \
            if isinstance(s, ast.Assign) and len(s.targets) == 1 else None
        if not isinstance(t, ast.Name) or t.id in self.reduced:
            raise _Fail
        if self.items and not set(A.names_in(s.value)) & (set(self.local) | set(self.leaves)):
            raise _Fail                          # unrelated: may run over other shapes
        reduction = self.reduction(s.value) if isinstance(s, ast.Assign) else None
        if reduction is not None:
            if t.id in self.local or t.id in self.leaves:
                raise _Fail
            element, _ = self.elem(reduction[1])
            self.items.append(("reduce", t.id, reduction[0], element))
            self.reduced[t.id] = self.o.names.fresh(f"{t.id}_acc")
            return
        if self.o.ranks.name(t.id) != self.rank:
            raise _Fail
        if isinstance(s, ast.AugAssign):
            if t.id not in self.local or not isinstance(s.op, (ast.Add, ast.Sub, ast.Mult, ast.Div)) \
                    or isinstance(s.op, ast.Div) and not self.safe_divisor(s.value):
                raise _Fail
            element, _ = self.elem(s.value)
            self.sym[t.id] = self.symbolic(ast.BinOp(left=A.name(t.id), op=s.op, right=s.value))
            self.items.append(("update", t.id, s.op, element))
            return
        element, arrays = self.elem(s.value)
        if not arrays:
            raise _Fail
        self.sym[t.id] = self.symbolic(s.value)
        self.local.setdefault(t.id, self.o.names.fresh(f"{t.id}_i"))
        self.items.append(("def", t.id, element))

    def reduction(self, value):
        """``(kind, argument)`` of ``np.sum(E)``/``np.mean(E)`` over a rank-``rank`` ``E``."""
        if not (isinstance(value, ast.Call) and len(value.args) == 1 and not value.keywords):
            return None
        fn = self.o.ranks.function(value)
        kind = "sum" if fn is np.sum else "mean" if fn is np.mean else None
        if kind is None or self.o.ranks.of(value.args[0]) != self.rank and not (
                isinstance(value.args[0], ast.Name) and value.args[0].id in self.local):
            return None
        return kind, value.args[0]

    def symbolic(self, e):
        """``e`` over whole arrays, the run's intermediates replaced by their values (a run
        whose values grow past MAX_NODES ends: ``t2 = t1 * t1`` doubles them)."""
        whole = _Whole(self).visit(A.clone(e))
        if sum(1 for _ in ast.walk(whole)) > MAX_NODES:
            raise _Fail
        return whole


class _Whole(ast.NodeTransformer):
    """An element expression's source as a whole-array expression of the run's inputs."""

    def __init__(self, run):
        self.run = run

    def visit_Name(self, node):
        return A.clone(self.run.sym[node.id]) if node.id in self.run.local else node

    def visit_Attribute(self, node):
        if node.attr in ("size", "shape") and isinstance(node.value, ast.Name) and node.value.id in self.run.local:
            return ast.Attribute(value=A.name(self.run.leaves[0]), attr=node.attr, ctx=ast.Load())
        self.generic_visit(node)
        return node

    def visit_Call(self, node):
        fn = self.run.o.ranks.function(node)
        if fn is runtime.unbroadcast and len(node.args) == 2:     # equal shapes: the gradient itself
            return self.visit(node.args[0])
        self.generic_visit(node)
        return node


def _nonnegative(e):
    return isinstance(e, ast.Constant) and type(e.value) in (int, float) and e.value >= 0


class LoopFuse:
    """Rewrites the adjoint ``fdef`` in place (see the module docstring)."""

    def __init__(self, ns, ranks, adjoints):
        self.ranks, self.names, self.adjoints = Ranks(ranks, adjoints, ns), Names(ns), adjoints

    def run(self, fdef):
        self.loads, self.shape_reads = _reads(fdef)
        fdef.body = self.block(fdef.body)
        return fdef

    def block(self, stmts):
        out, run = [], None
        for s in stmts:
            if run is not None:
                try:
                    run.add(s)
                    continue
                except _Fail:
                    out += self.emit(run)
                    run = None
            if isinstance(s, (ast.If, ast.For, ast.While)):
                s.body, s.orelse = self.block(s.body), self.block(s.orelse)
                out.append(s)
                continue
            run = self.start(s)
            if run is None:
                out.append(s)
        return out + (self.emit(run) if run is not None else [])

    def start(self, s):
        """A new run holding ``s``, or None if ``s`` cannot start one."""
        if not isinstance(s, ast.Assign) or len(s.targets) != 1 or not isinstance(s.targets[0], ast.Name):
            return None
        rank = self.ranks.name(s.targets[0].id)
        if rank == 0 and isinstance(s.value, ast.Call) and len(s.value.args) == 1:
            rank = self.ranks.of(s.value.args[0])
        if not rank or rank > MAX_RANK:
            return None
        run = _Run(self, rank)
        try:
            run.add(s)
        except _Fail:
            return None
        return run

    # ---- the fused form -----------------------------------------------------------
    def kept(self, run):
        """``(kept, shaped)``: the intermediates read outside the run (or inside it before their
        definition), and those of them read there only for ``.shape``/``.size``."""
        inside, inside_shape, defined = {}, {}, set()
        for s in run.stmts:
            loads, shapes = _reads(s)
            for n in defined:
                inside[n] = inside.get(n, 0) + loads.get(n, 0)
                inside_shape[n] = inside_shape.get(n, 0) + shapes.get(n, 0)
            if isinstance(s, ast.Assign) and s.targets[0].id in run.local:
                defined.add(s.targets[0].id)
        kept = [n for n in run.local if self.loads.get(n, 0) > inside.get(n, 0)]
        shaped = [n for n in kept if self.loads[n] - inside.get(n, 0)
                  == self.shape_reads.get(n, 0) - inside_shape.get(n, 0)]
        return kept, shaped

    def emit(self, run):
        trailing = []
        while A.is_comment(run.stmts[-1]):                # a comment belongs to what follows the run
            trailing.insert(0, run.stmts.pop())
            run.items.pop()
        return self.fused(run) + trailing

    @staticmethod
    def invariant(run, item, kept):
        """A definition the same at every element (``np.full(t.shape, c)``), never updated or
        defined again in the run: computed once, before the loop (the run is not empty there)."""
        scalars = set(run.local.values())
        if item[1] in kept or any(isinstance(n, ast.Subscript) or isinstance(n, ast.Name) and n.id in scalars
                                  for n in ast.walk(item[2])):
            return False
        return sum(1 for i in run.items if i[0] in ("def", "update") and i[1] == item[1]) == 1

    def body(self, run, kept, whole):
        """The loop's statements and the invariant ones (before it); each kept intermediate
        is stored into its array after its last definition or update."""
        body, hoisted, last = [], [], {}
        for item in run.items:
            if item[0] == "comment":
                body.append(A.clone(item[1]))
            elif item[0] == "def" and self.invariant(run, item, kept):
                hoisted.append(A.assign(run.local[item[1]], item[2]))
            elif item[0] == "def":
                body.append(A.assign(run.local[item[1]], item[2]))
            elif item[0] == "update":
                body.append(ast.AugAssign(target=A.name(run.local[item[1]], store=True), op=item[2], value=item[3]))
            else:
                body.append(ast.AugAssign(target=A.name(run.reduced[item[1]], store=True), op=ast.Add(),
                                          value=item[3]))
            if item[0] in ("def", "update") and item[1] in kept:
                last[item[1]] = len(body)
        for n in sorted(kept, key=lambda n: -last[n]):
            body.insert(last[n], A.assign(_at(self.names, whole[n], run.rank, store=True), A.name(run.local[n])))
        return body, hoisted

    def dtype(self, run, n):
        """``[]`` for an adjoint (float64: numba computes every adjoint from ``dout`` or a float
        seed), else ``[<n's value over empty slices of the inputs>.dtype]``."""
        if n in self.adjoints:
            return []
        return [ast.Attribute(value=_Prototype(run).visit(A.clone(run.sym[n])), attr="dtype", ctx=ast.Load())]

    def fused(self, run):
        kept, shaped = self.kept(run)
        reductions = [i for i in run.items if i[0] == "reduce"]
        if len(kept) - len(shaped) == len(run.local) and len(reductions) < 2:
            return run.stmts                         # nothing saved: leave the statements alone
        first = run.leaves[0]
        whole = {n: self.names.fresh(f"{n}_all") for n in kept}
        body, hoisted = self.body(run, [n for n in kept if n not in shaped], whole)
        shape = ast.Attribute(value=A.name(first), attr="shape", ctx=ast.Load())
        pre = [A.assign(whole[n], A.call(np_ref("np.empty"), A.clone(shape), *self.dtype(run, n))) for n in kept]
        pre += [A.assign(run.reduced[i[1]], A.const(0.0)) for i in reductions] + hoisted
        post = []
        for _, target, kind, _ in reductions:
            total = A.name(run.reduced[target])
            if kind == "mean":
                total = ast.BinOp(left=total, op=ast.Div(), right=ast.Attribute(
                    value=A.name(first), attr="size", ctx=ast.Load()))
            post.append(A.assign(target, total))
        post += [A.assign(n, whole[n]) for n in kept]
        fused = pre + _loops(self.names, first, run.rank, body) + post
        like = next(s for s in run.stmts if not A.is_comment(s))
        return [A.at(ast.If(test=_test(run.leaves), body=fused, orelse=run.stmts), like)]


def _test(leaves):
    """``a.shape == x.shape and ... and x.size > 0``"""
    first = leaves[0]
    same = _same_shapes(leaves, first)
    tests = same.values if isinstance(same, ast.BoolOp) else [same] if len(leaves) > 1 else []
    tests.append(ast.Compare(left=ast.Attribute(value=A.name(first), attr="size", ctx=ast.Load()),
                             ops=[ast.Gt()], comparators=[A.const(0)]))
    return tests[0] if len(tests) == 1 else ast.BoolOp(op=ast.And(), values=tests)


class _Prototype(ast.NodeTransformer):
    """A kept intermediate's whole-array value over empty slices (``x[:0]``) of the run's inputs:
    an array of no elements whose dtype is the one NumPy (and numba) give the value."""

    def __init__(self, run):
        self.run = run

    def empty(self, name):
        return ast.Subscript(value=A.name(name), slice=ast.Slice(upper=A.const(0)), ctx=ast.Load())

    def visit_Attribute(self, node):
        if node.attr == "shape" and isinstance(node.value, ast.Name):
            return ast.Attribute(value=self.empty(self.run.leaves[0]), attr="shape", ctx=ast.Load())
        return node                                  # a.size: a number, the same for every input

    def visit_Name(self, node):
        if node.id in self.run.leaves and self.run.o.ranks.of(node) == self.run.rank:
            return self.empty(node.id)
        return node


def loopfuse(fdef, ns, ranks, adjoints):
    return LoopFuse(ns, ranks, adjoints).run(fdef)


def _reads(node):
    """``({name: loads}, {name: loads that are a.shape or a.size})`` in ``node``."""
    loads, shapes = {}, {}
    for n in ast.walk(node):
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) \
                or isinstance(n, ast.AugAssign) and isinstance(n.target, ast.Name):   # t += e reads t
            name = n.id if isinstance(n, ast.Name) else n.target.id
            loads[name] = loads.get(name, 0) + 1
        elif isinstance(n, ast.Attribute) and n.attr in ("shape", "size") and isinstance(n.value, ast.Name):
            shapes[n.value.id] = shapes.get(n.value.id, 0) + 1
    return loads, shapes
