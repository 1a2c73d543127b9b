"""Gradient helpers written out where the ranks decide them (part of the ``jit`` stage).

With the ranks of their arguments known, some run-time helpers are one NumPy
call, and numba compiles a NumPy call faster than an overload of ours (and runs
it without the call boundary that stops array-expression fusion):

* ``sum_grad(g, x, None, False)`` -> ``np.full(x.shape, g + 0.0)`` (``g`` if ``x`` is a scalar);
* ``mean_grad(g, x, None, False)`` -> ``np.full(x.shape, (g + 0.0) / max(x.size, 1))`` (an
  empty ``x`` has an empty gradient, and numba's scalar division by 0 raises);
* ``unbroadcast(g, x)`` with a scalar ``x`` -> ``g``, or ``np.sum(g)`` for an array ``g``;
* ``x ** 2`` -> ``x * x`` (what NumPy computes; numba would call ``pow``);
* ``ieee_div(a, b)`` / ``ieee_pow(a, b)`` (a derivative's, ``rules/runtime_ieee.py``) -> ``a / b``
  with an array operand (numba's array operators have NumPy's semantics), ``np.divide(a, b)`` of
  numbers, ``a ** b``;
* ``dot_grad_left/right(g, a, b)`` of vectors and matrices -> ``np.outer``, ``np.dot`` or ``*``.

Everything else keeps its helper, which chooses at typing time.
"""
import ast
import builtins

from .. import astutil as A
from ..frontend.resolve import np_ref
from ..rules import runtime
from ..analyses.list_names import list_names
from .inplace import Ranks


class _Specialize(ast.NodeTransformer):
    def __init__(self, ranks, lists=frozenset()):
        self.ranks, self.lists = ranks, lists      # lists: names that may hold a Python list

    def visit_BinOp(self, node):
        self.generic_visit(node)
        if isinstance(node.op, ast.Pow) and isinstance(node.left, ast.Name) and isinstance(node.right, ast.Constant) \
                and node.right.value == 2 and type(node.right.value) in (int, float) \
                and self.ranks.of(node.left) is not None:
            return A.at(ast.BinOp(left=node.left, op=ast.Mult(), right=A.name(node.left.id)), node)
        return node

    def visit_Call(self, node):
        self.generic_visit(node)
        fn = self.ranks.function(node)
        if node.keywords:
            return node
        if fn in (runtime.sum_grad, runtime.mean_grad) and len(node.args) == 4 and _none_false(node.args[2:]):
            return self.spread(node, fn is runtime.mean_grad) or node
        if fn in (runtime.dot_grad_left, runtime.dot_grad_right) and len(node.args) in (3, 4) \
                and all(isinstance(a, ast.Name) for a in node.args[:3]):     # (4th: stacks, moot for <= 2-d)
            return self.dot(node, fn is runtime.dot_grad_left) or node
        if fn in (runtime.ieee_div, runtime.ieee_pow) and len(node.args) == 2:
            return self.ieee(node, fn is runtime.ieee_div)
        if fn is runtime.unbroadcast and len(node.args) == 2 and self.ranks.of(node.args[1]) == 0:
            g = self.ranks.of(node.args[0])
            if g == 0:
                return node.args[0]
            if g:
                return A.at(ast.Call(func=np_ref("np.sum"), args=[node.args[0]], keywords=[]), node)
        return node

    def ieee(self, node, div):
        """A derivative's ``ieee_div(a, b)`` or ``ieee_pow(a, b)`` in operators numba's fusion reads:
        ``a ** b`` (numba's power of floats is C's), ``a / b`` with an array operand, ``np.divide(a, b)``
        of numbers (numba's ``/`` of numbers raises at 0); with a rank unknown, the helper."""
        ranks = [self.ranks.of(a) for a in node.args]
        if not div or any(ranks):
            return A.at(ast.BinOp(left=node.args[0], op=ast.Div() if div else ast.Pow(), right=node.args[1]), node)
        if ranks == [0, 0]:
            return A.at(_np("divide", *node.args), node)
        return node

    def spread(self, node, mean):
        g, x = node.args[0], node.args[1]
        if self.ranks.of(g) != 0 or self.ranks.of(x) is None:
            return None
        if self.ranks.of(x) == 0:
            return g
        if not isinstance(x, ast.Name) or x.id in self.lists:     # a list has no .shape: the helper
            return None
        shape = ast.Attribute(value=A.name(x.id), attr="shape", ctx=ast.Load())
        g = ast.BinOp(left=g, op=ast.Add(), right=A.const(0.0))       # a float, as np.zeros(shape) + g
        if mean:       # max(.., 1): numba's scalar division raises on an empty x (whose gradient is empty)
            g = ast.BinOp(left=g, op=ast.Div(), right=safe_size(x.id, self.ranks.ns))
        return A.at(ast.Call(func=np_ref("np.full"), args=[shape, g], keywords=[]), node)


    def dot(self, node, left):
        """The gradient of ``np.dot(a, b)`` wrt ``a`` (left) or ``b`` for 1-d and 2-d operands."""
        g, a, b = (A.name(n.id) for n in node.args[:3])
        ra, rb = self.ranks.of(node.args[1]), self.ranks.of(node.args[2])
        if ra not in (1, 2) or rb not in (1, 2):
            return None
        if ra == 1 and rb == 1:
            return ast.BinOp(left=g, op=ast.Mult(), right=b if left else a)
        if left:
            return _np("outer", g, b) if rb == 1 else _np("dot", b, g) if ra == 1 else _np("dot", g, _t(b))
        return _np("dot", g, a) if rb == 1 else _np("outer", a, g) if ra == 1 else _np("dot", _t(a), g)


def safe_size(name, ns):
    """``max(name.size, 1)``: a divisor that is never zero (``max`` bound in ``ns``)."""
    size = ast.Attribute(value=A.name(name), attr="size", ctx=ast.Load())
    fn = A.name(ns.bind("max", builtins.max))
    fn._s2sad_bound = True
    return ast.Call(func=fn, args=[size, A.const(1)], keywords=[])


def is_safe_size(e, ranks=None):
    """``e`` is ``max(name.size, 1)`` (as ``safe_size`` writes it). ``ranks``: a ``Ranks`` resolving
    ``max``; without it, ``max`` must be spelled ``max`` (the name ``safe_size`` binds unless taken)."""
    if not isinstance(e, ast.Call):
        return False
    fn = ranks.function(e) if ranks is not None else builtins.max if A.dotted_path(e.func) == "max" else None
    return fn is builtins.max and not e.keywords \
        and len(e.args) == 2 and isinstance(e.args[0], ast.Attribute) and e.args[0].attr == "size" \
        and isinstance(e.args[0].value, ast.Name) and isinstance(e.args[1], ast.Constant) and e.args[1].value == 1


def _np(fn, *args):
    return ast.Call(func=np_ref(f"np.{fn}"), args=list(args), keywords=[])


def _t(x):
    """``np.ascontiguousarray(x.T)`` (numba's np.dot wants contiguous operands)."""
    return _np("ascontiguousarray", ast.Attribute(value=x, attr="T", ctx=ast.Load()))


def _none_false(args):
    return isinstance(args[0], ast.Constant) and args[0].value is None \
        and isinstance(args[1], ast.Constant) and args[1].value is False


def specialize(fdef, ns, ranks, adjoints):
    _Specialize(Ranks(ranks, adjoints, ns), list_names(fdef)).visit(fdef)
    return fdef

