"""The statements of one run of :mod:`s2sad.backends.loopfuse`, classified as they come.

``Run.add(s)`` takes statement ``s`` into the run, as its element form (a float
of the current element, read ``x[_i0]`` for an input ``x``) and its whole-array
value (for the dtype of an intermediate kept after the run), or raises
``Fail`` and leaves the run unchanged. ``Run.move(s)`` takes a statement that
is independent of the run out of its way. The rules (what is elementwise, which
divisions, what may be read after what) are the invariant of ``loopfuse``.
A statement giving an input another name (``hidden = t14``) joins no run: it has no
element to compute, and as a run's intermediate it was copied into a new array
(``hidden_all``) at every run; outside, it is the alias the statements as written make.
An adjoint ``b = unbroadcast(g, x)`` is recorded in ``aliases`` (``g`` and the item's index):
under the run's shape test it is ``g`` itself, as the statement as written makes it.
"""
import ast

import numpy as np

from .. import astutil as A
from ..rules import runtime
from .inplace import ELEMENTWISE
from .fuse import _at, _calls_outside_branches, divide
from .specialize import is_safe_size

MAX_NODES = 400                  # a run's whole-array values grow no larger (t2 = t1 * t1 doubles them)
MOVABLE = (runtime.zeros_like, np.zeros, np.empty)


class Fail(Exception):
    """The statement cannot join the current run."""


class Run:
    """The statements of one run, classified as they are added (``add``)."""

    def __init__(self, owner, rank):
        self.o, self.rank = owner, rank
        self.items, self.stmts, self.leaves, self.moved, self.order = [], [], [], [], []
        self.local, self.sym, self.written, self.aliases = {}, {}, set(), {}

    # ---- expressions ------------------------------------------------------------
    def array(self, node):
        """A rank-``rank`` name read at the current element."""
        if node.id in self.local:
            return A.name(self.local[node.id])
        self.input(node.id)
        return _at(self.o.names, node.id, self.rank)

    def input(self, n):
        if n in self.o.lists:        # a Python list of numbers has rank 1 but no shape or elements to loop on
            raise Fail
        if n not in self.leaves:
            self.leaves.append(n)

    def shape_of(self, node):
        """The name whose shape is ``node``'s (a rank-``rank`` name of the run, or an input)."""
        if not isinstance(node, ast.Name) or self.o.ranks.of(node) != self.rank:
            raise Fail
        if node.id in self.local:
            return self.leaves[0]
        self.input(node.id)
        return node.id

    def elem(self, e):
        """``(element expression, whether it reads an array)``; raises Fail."""
        if isinstance(e, ast.Constant):
            if type(e.value) not in (int, float):
                raise Fail
            return A.clone(e), False
        if isinstance(e, ast.Name):
            r = self.o.ranks.of(e)
            if e.id in self.written or r not in (0, self.rank):
                raise Fail
            return (A.clone(e), False) if r == 0 else (self.array(e), True)
        if isinstance(e, ast.BinOp):
            if not isinstance(e.op, (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow)):
                raise Fail
            (left, a), (right, b) = self.elem(e.left), self.elem(e.right)
            if (a or b) and isinstance(e.op, ast.Pow) and not _nonnegative(e.right):
                raise Fail     # number by number (``dout / t3``): numba's scalar operation either way
            if (a or b) and isinstance(e.op, ast.Div) and not self.safe_divisor(e.right):
                return divide(left, right), True
            return ast.BinOp(left=left, op=e.op, right=right), a or b
        if isinstance(e, ast.UnaryOp) and isinstance(e.op, (ast.USub, ast.UAdd)):
            inner, a = self.elem(e.operand)
            return ast.UnaryOp(op=e.op, operand=inner), a
        if isinstance(e, ast.Attribute) and e.attr == "size":
            return ast.Attribute(value=A.name(self.shape_of(e.value)), attr="size", ctx=ast.Load()), False
        if is_safe_size(e, self.o.ranks):        # max(x.size, 1): x.size inside a run (never empty)
            size, _ = self.elem(e.args[0])
            return ast.Call(func=A.clone(e.func), args=[size, A.const(1)], keywords=[]), False
        if isinstance(e, ast.Call) and not e.keywords:
            return self.call(e)
        raise Fail

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
                raise Fail
            return value, True
        if getattr(fn, "__name__", None) in ELEMENTWISE and fn.__name__ != "where" \
                and (getattr(fn, "__module__", None) or "numpy").startswith("numpy"):
            parts = [self.elem(a) for a in e.args]
            return ast.Call(func=A.clone(e.func), args=[p[0] for p in parts], keywords=[]), any(p[1] for p in parts)
        raise Fail

    def safe_divisor(self, e):
        if isinstance(e, ast.Constant):
            return type(e.value) in (int, float) and e.value != 0
        return isinstance(e, ast.Attribute) and e.attr == "size" or is_safe_size(e, self.o.ranks)

    # ---- statements -------------------------------------------------------------
    def add(self, s):
        """Adds statement ``s``; raises Fail, the run unchanged, if it cannot join."""
        saved = (list(self.leaves), len(self.items))
        try:
            self._add(s)
        except Fail:
            self.leaves[:] = saved[0]
            del self.items[saved[1]:]
            raise
        self.stmts.append(s)
        self.order.append(s)

    def move(self, s):
        """Takes ``s`` out of the way, to run before the run's statements, if that changes
        nothing: it binds a name (it writes into no array: `Q = C; Q[0] = v` writes into a leaf
        `C`, which this stage cannot see), reads nothing the run binds or writes and binds
        nothing the run reads or binds, and calls only the helpers that allocate
        (``b_p = zeros_like(p)``)."""
        if not isinstance(s, ast.Assign) or not self.stmts or isinstance(s.targets[0], ast.Subscript):
            return False    # a write into an array (`Q[0] = v`, `q += v`) may reach a leaf through an alias
        if any(isinstance(n, ast.Call) and self.o.ranks.function(n) not in MOVABLE for n in ast.walk(s)):
            return False
        stored = {A.base_name(t) for t in (s.targets if isinstance(s, ast.Assign) else [s.target])}
        run_names = {n for st in self.stmts for n in A.names_in(st)}
        if None in stored or stored & run_names or set(A.names_in(s)) & (set(self.local) | self.written):
            return False
        self.moved.append(s)
        self.order.append(s)
        return True

    def _add(self, s):
        if A.is_comment(s):
            if not self.items:
                raise Fail
            self.items.append(("comment", s))
            return
        t = s.target if isinstance(s, ast.AugAssign) else s.targets[0] \
            if isinstance(s, ast.Assign) and len(s.targets) == 1 else None
        if t is None:
            raise Fail
        if self.items and not set(A.names_in(s.value)) & (set(self.local) | set(self.leaves)):
            raise Fail                          # unrelated: may run over other shapes
        if self.after(s, t):
            return
        if not isinstance(t, ast.Name) or t.id in self.written or self.o.ranks.name(t.id) != self.rank:
            raise Fail
        if isinstance(s, ast.AugAssign):
            if t.id not in self.local or not isinstance(s.op, (ast.Add, ast.Sub, ast.Mult, ast.Div)) \
                    or isinstance(s.op, ast.Div) and not self.safe_divisor(s.value):
                raise Fail
            element, _ = self.elem(s.value)
            self.sym[t.id] = self.symbolic(ast.BinOp(left=A.name(t.id), op=s.op, right=s.value))
            self.items.append(("update", t.id, s.op, element))
            return
        if isinstance(s.value, ast.Name) and s.value.id not in self.local:
            raise Fail                          # another name for an input: no element to compute
        element, arrays = self.elem(s.value)
        if not arrays:
            raise Fail
        self.sym[t.id] = self.symbolic(s.value)
        self.local.setdefault(t.id, self.o.names.fresh(f"{t.id}_i"))
        self.items.append(("def", t.id, element))
        g = s.value.args[0] if isinstance(s.value, ast.Call) and s.value.args else None
        if t.id in self.o.adjoints and isinstance(g, ast.Name) and g.id != t.id \
                and self.o.ranks.function(s.value) is runtime.unbroadcast:
            self.aliases[t.id] = (g.id, len(self.items) - 1)     # the gradient itself: loopfuse's ``alias``

    def after(self, s, t):
        """``s`` with its reductions over the run's elements (``np.sum(E)``, ``np.mean(E)``)
        accumulated in the loop and the rest run after it; False if it has none."""
        new = A.clone(s)
        inside = {id(n) for n in ast.walk(new.value)}
        found = [c for c in _calls_outside_branches(new) if id(c[0]) in inside and self.reduction(c[0])
                 and not self.apart(c[0])]
        if not found:
            return False
        base = A.base_name(t)
        if base is None or base in self.local or base in self.leaves:
            raise Fail
        accs = []
        for call, holder, field, index in found:
            kind, arg = self.reduction(call)
            element, _ = self.elem(arg)
            acc = self.o.names.fresh(f"{base}_acc")
            accs.append(("acc", acc, element))
            total = A.name(acc) if kind == "sum" else ast.BinOp(left=A.name(acc), op=ast.Div(), right=ast.Attribute(
                value=A.name(self.leaves[0]), attr="size", ctx=ast.Load()))
            if index is None:
                setattr(holder, field, total)
            else:
                getattr(holder, field)[index] = total
        if set(A.names_in(new)) & set(self.local):
            raise Fail                          # the rest reads an intermediate: not after the loop
        self.items += accs + [("after", new)]
        self.written.add(base)
        return True

    def apart(self, call):
        """True for the reduction of an array the run does not compute (``np.sum(t28)``): its own
        call makes the one pass the loop would, and as a leaf its shape would have to be the
        run's (GMM's prior: ``np.sum(qdiag * qdiag) + np.sum(icf[:, d:] ** 2)``, shapes (k, d)
        and (k, d(d-1)/2), took the fallback at every call)."""
        arg = call.args[0]
        return isinstance(arg, ast.Name) and arg.id not in self.local

    def reduction(self, call):
        """``(kind, argument)`` of ``np.sum(E)``/``np.mean(E)`` over a rank-``rank`` ``E``, or None."""
        if not (isinstance(call, ast.Call) and len(call.args) == 1 and not call.keywords):
            return None
        fn = self.o.ranks.function(call)
        kind = "sum" if fn is np.sum else "mean" if fn is np.mean else None
        if kind is None or self.o.ranks.of(call.args[0]) != self.rank and not (
                isinstance(call.args[0], ast.Name) and call.args[0].id in self.local):
            return None
        return kind, call.args[0]

    def symbolic(self, e):
        """``e`` over whole arrays, the run's intermediates replaced by their values (a run
        whose values grow past MAX_NODES ends: ``t2 = t1 * t1`` doubles them)."""
        whole = _Whole(self).visit(A.clone(e))
        if sum(1 for _ in ast.walk(whole)) > MAX_NODES:
            raise Fail
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
