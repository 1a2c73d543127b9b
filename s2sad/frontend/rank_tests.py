"""Stage 1b, rank tests: a test of a parameter's rank is a constant of the specialisation built.

An adjoint is built for the ranks its arguments are called with (``api._rank``: 0 for a
number, which is never an ndarray; ``ndim >= 1`` for an array, plain ``np.ndarray`` or a
subclass). So in the build for those ranks, for a parameter ``x`` the function does not
rebind (but see below), these tests have one value, and each is replaced by it:

* ``np.ndim(x)``, ``len(np.shape(x))`` (any rank); ``x.ndim``, ``len(x.shape)`` (rank >= 1 only:
  a Python float has no ``.ndim``, the function would raise, and so must its gradient);
* ``np.isscalar(x)``: True at rank 0 (a number), False at rank >= 1 (an array);
* ``isinstance(x, T)`` (``T`` a class or a tuple of classes the function names): at rank >= 1
  True when ``np.ndarray`` is a subclass of one of them, False when none of them is a class of
  arrays (a subclass of ``np.ndarray`` or a base class of it); at rank 0 False when none of
  them is a class of numbers (a subclass or base class of ``int``, ``float`` or ``np.generic``).
  Any other ``isinstance`` stays as written (``isinstance(x, float)`` of a number: it may be an int).

A parameter the function's body rebinds only by its own statements ``x = np.asarray(x)``
(``np.array``, ``np.atleast_1d``, ``np.atleast_2d``; ``dtype=`` at most) keeps a known rank, and is an
ndarray after the first (``x.ndim`` of a number is then 0; ``np.isscalar(x)`` is False); a parameter
bound anywhere else (a branch, a loop, ``x = x * 2``) has no known rank and its tests stay.

A local bound once, by a statement of the function's body itself (not in a branch or a loop), to
an expression whose rank follows from ranks known there (``y = x * 2``, ``z = np.tanh(x * w) + 1.0``:
numbers, names of known rank, ``+ - * / // % **``, unary ``-``/``+``, NumPy ufuncs) has that rank
from that statement on: a number when every operand is one, else an ndarray of the largest rank of
its operands (as NumPy broadcasts; where it cannot, the statement raises first). An operand that is
a 0-d array (``x = np.asarray(x)`` of a number) makes the rank unknown (NumPy gives a scalar there).

``hasattr(mod, "name")`` of a module ``mod`` the function reads as a global (``hasattr(np,
"trapezoid")``: code written for several NumPy versions) is the module's answer when the
adjoint is built, whatever the parameters' ranks.

Then comparisons of constants, ``not``, ``and``/``or`` and ``a if c else b`` of constants are
folded, and an ``if`` whose test became a constant is replaced by the branch taken (the
statements a ``return``, ``raise``, ``break`` or ``continue`` leaves unreachable in that block
go with it). A test of something whose rank is not known (a local, a parameter of unknown kind,
a nested function's name) stays as written, and so do its two branches.

Invariant: every replaced test has, for every argument of the ranks built for, the value it
is replaced with, so the function computes what it computed, on the arguments of those ranks.
"""
import ast
import builtins
import operator
import types

import numpy as np

from .resolve import Resolver
from .. import astutil as A

_COMPARE = {ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le,
            ast.Gt: operator.gt, ast.GtE: operator.ge}
_ENDS = (ast.Return, ast.Raise, ast.Break, ast.Continue)
_UNKNOWN = object()
_REBINDS = {np.asarray: 0, np.array: 0, np.atleast_1d: 1, np.atleast_2d: 2}


def fold_rank_tests(src, fdef, kinds):
    """Fold, in place, the rank tests of ``fdef``'s parameters of known rank (``kinds``)."""
    resolver = Resolver(src, set(A.assigned_locals(fdef)))
    stores = A.stores(fdef)
    rebinds = {id(s): (t, k) for s in fdef.body for t, k in [_rebind(s, resolver)] if t is not None}
    rebound = {id(s.targets[0]) for s in fdef.body if id(s) in rebinds}
    ranks = {a.arg: kinds[a.arg] for a in fdef.args.args if type(kinds.get(a.arg)) is int
             and all(id(p) in rebound for p in stores.get(a.arg, ()))}
    if ranks or any(isinstance(n, ast.Call) and resolver.obj(n.func) is builtins.hasattr for n in A.walk(fdef)):
        folder = _Folder(resolver, ranks, rebinds)
        folder.once = {id(s) for s in fdef.body if _bound_once(s, stores)}
        fdef.body = folder.block(fdef.body)
    return fdef


def _rebind(s, resolver):
    """(x, least rank) for ``x = np.asarray(x)`` (``np.array``, ``np.atleast_1d``, ``np.atleast_2d``; a
    ``dtype=`` at most): ``x`` is an ndarray from there on, of its rank or that least one."""
    v = s.value if isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], ast.Name) \
        else None
    if not (isinstance(v, ast.Call) and len(v.args) == 1 and isinstance(v.args[0], ast.Name)
            and v.args[0].id == s.targets[0].id and all(k.arg == "dtype" for k in v.keywords)):
        return None, None
    least = _REBINDS.get(resolver.obj(v.func)) if _hashable(resolver.obj(v.func)) else None
    return (s.targets[0].id, least) if least is not None else (None, None)


def _bound_once(s, stores):
    """Is ``s`` a statement ``y = e`` binding a name no other statement or scope binds?"""
    return isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], ast.Name) \
        and stores.get(s.targets[0].id) == [s.targets[0]]


def _hashable(obj):
    try:
        hash(obj)
    except TypeError:
        return False
    return True


class _Folder(ast.NodeTransformer):
    def __init__(self, resolver, ranks, rebinds):
        self.resolver, self.ranks, self.rebinds = resolver, dict(ranks), rebinds
        self.arrays = set()        # parameters rebound to an ndarray so far (np.asarray(x))
        self.once = set()          # the body's own statements binding a local once (``_bound_once``)

    def block(self, stmts):
        out = []
        for s in stmts:
            spliced = self.statement(s)
            out += spliced
            if any(isinstance(t, _ENDS) for t in spliced):
                break            # what follows the branch's return is not reached
        return out or [A.at(ast.Pass(), stmts[0])]

    def statement(self, s):
        if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            return [s]           # its own scope: its names may not be the parameters
        s = self.visit(s)
        param, least = self.rebinds.get(id(s), (None, None))
        if param in self.ranks:        # (a statement of the function's body itself: in program order)
            self.ranks[param] = max(self.ranks[param], least)
            self.arrays.add(param)
        if id(s) in self.once:         # (likewise: the local has this rank from here on)
            rank = self._expr_rank(s.value)
            if rank is not None:
                self.ranks[s.targets[0].id] = rank
        if isinstance(s, ast.If) and isinstance(s.test, ast.Constant):
            taken = s.body if s.test.value else s.orelse
            return self.block(taken) if taken else []
        for field in ("body", "orelse", "finalbody"):
            body = getattr(s, field, None)
            if isinstance(body, list) and body and isinstance(body[0], ast.stmt):
                setattr(s, field, self.block(body))
        if isinstance(s, ast.Try):
            for h in s.handlers:
                h.body = self.block(h.body)
        return [s]

    def generic_visit(self, node):
        if isinstance(node, (ast.Lambda, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            return node
        for field, value in ast.iter_fields(node):
            if isinstance(value, ast.AST) and not isinstance(value, ast.stmt):
                setattr(node, field, self.visit(value))
            elif isinstance(value, list) and not (value and isinstance(value[0], ast.stmt)):
                setattr(node, field, [self.visit(v) if isinstance(v, ast.expr) else v for v in value])
        return node

    def visit_Call(self, node):
        self.generic_visit(node)
        return self._constant(self._call_value(node), node)

    def visit_Attribute(self, node):
        self.generic_visit(node)
        ok = isinstance(node.ctx, ast.Load) and node.attr == "ndim" and self._an_array(node.value)
        return self._constant(self._rank(node.value) if ok else _UNKNOWN, node)

    def visit_UnaryOp(self, node):
        self.generic_visit(node)
        ok = isinstance(node.op, ast.Not) and isinstance(node.operand, ast.Constant)
        return self._constant(not node.operand.value if ok else _UNKNOWN, node)

    def visit_Compare(self, node):
        self.generic_visit(node)
        parts = [node.left] + node.comparators
        if not all(isinstance(p, ast.Constant) and type(p.value) in (int, bool) for p in parts) \
                or not all(type(op) in _COMPARE for op in node.ops):
            return node
        return ast.copy_location(ast.Constant(all(_COMPARE[type(op)](a.value, b.value)
                                                  for op, a, b in zip(node.ops, parts, parts[1:]))), node)

    def visit_BoolOp(self, node):
        self.generic_visit(node)
        values = node.values
        decided = (lambda v: not v) if isinstance(node.op, ast.And) else bool   # the value that ends it
        while values and isinstance(values[0], ast.Constant):
            if decided(values[0].value) or len(values) == 1:
                return values[0]
            values = values[1:]
        if len(values) == 1:
            return values[0]
        node.values = values
        return node

    def visit_IfExp(self, node):
        self.generic_visit(node)
        if isinstance(node.test, ast.Constant):
            return node.body if node.test.value else node.orelse
        return node

    _ARITHMETIC = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Mod, ast.Pow)

    def _expr_rank(self, e):
        """The rank of the value of ``e`` where it is proven (see the module docstring), else None."""
        if isinstance(e, ast.Constant):
            return 0 if type(e.value) in (int, float, bool) else None
        if isinstance(e, ast.Name):
            return None if e.id in self.arrays and not self._rank(e) else self._rank(e)
        if isinstance(e, ast.UnaryOp) and isinstance(e.op, (ast.USub, ast.UAdd)):
            return self._expr_rank(e.operand)
        if isinstance(e, ast.BinOp) and isinstance(e.op, self._ARITHMETIC):
            parts = [e.left, e.right]
        elif isinstance(e, ast.Call) and not e.keywords and not any(isinstance(a, ast.Starred) for a in e.args):
            fn = self.resolver.obj(e.func)
            ok = isinstance(fn, np.ufunc) and fn.nout == 1 and fn.nin == len(e.args)
            parts = e.args if ok else None
        else:
            return None
        if parts is None:
            return None
        ranks = [self._expr_rank(p) for p in parts]
        return None if None in ranks else max(ranks)

    def _rank(self, node):
        return self.ranks.get(node.id) if isinstance(node, ast.Name) else None

    def _an_array(self, node):
        """``node`` names a parameter that is surely an ndarray here (not a number)."""
        return bool(self._rank(node)) or isinstance(node, ast.Name) and node.id in self.arrays and \
            self._rank(node) is not None

    def _call_value(self, node):
        if node.keywords or not node.args:
            return _UNKNOWN
        fn = self.resolver.obj(node.func)
        rank = self._rank(node.args[0])
        if fn is builtins.hasattr:                     # hasattr(np, "trapezoid"): NumPy's version
            return self._module_has(node.args)
        if len(node.args) == 1 and fn is len:          # len(x.shape), len(np.shape(x))
            return self._shape_rank(node.args[0])
        if rank is None:
            return _UNKNOWN
        if len(node.args) == 1 and fn is np.ndim:
            return rank
        if len(node.args) == 1 and fn is np.isscalar:
            return not self._an_array(node.args[0])
        if len(node.args) == 2 and fn is builtins.isinstance:
            return self._isinstance(self._an_array(node.args[0]), node.args[1])
        return _UNKNOWN

    def _module_has(self, args):
        module = self.resolver.obj(args[0])
        if len(args) != 2 or not isinstance(module, types.ModuleType) \
                or not (isinstance(args[1], ast.Constant) and isinstance(args[1].value, str)):
            return _UNKNOWN
        return hasattr(module, args[1].value)

    def _shape_rank(self, node):
        if isinstance(node, ast.Attribute) and node.attr == "shape" and self._an_array(node.value):
            return self._rank(node.value)
        if isinstance(node, ast.Call) and len(node.args) == 1 and not node.keywords \
                and self.resolver.obj(node.func) is np.shape and self._rank(node.args[0]) is not None:
            return self._rank(node.args[0])
        return _UNKNOWN

    def _isinstance(self, array, spec):
        classes = [self.resolver.obj(e) for e in (spec.elts if isinstance(spec, ast.Tuple) else [spec])]
        if not all(isinstance(c, type) for c in classes):
            return _UNKNOWN
        arrays = [issubclass(c, np.ndarray) or issubclass(np.ndarray, c) for c in classes]
        if not array:      # a number: a bool, int, float or NumPy scalar
            numbers = [any(issubclass(t, c) or issubclass(c, t) for t in (int, float, np.generic)) for c in classes]
            return False if not any(numbers) else _UNKNOWN
        if any(issubclass(np.ndarray, c) for c in classes):
            return True
        return False if not any(arrays) else _UNKNOWN

    @staticmethod
    def _constant(value, node):
        return node if value is _UNKNOWN else ast.copy_location(ast.Constant(value), node)
