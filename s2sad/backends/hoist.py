"""Loop-invariant arrays computed once, before their loop (part of the ``jit`` stage).

GMM's loop over its points computes ``t17 = alphas + sum_qs`` at every pass (the
``alphas + sum_qs - 0.5 * sq`` of its ``logsumexp``): the same array each time, one pass over
``k`` elements, its shape tests and (with :mod:`s2sad.backends.primal_inplace`) its flag per
point. With ``jit=True``, in a loop ``for i in range(a)`` (or ``range(a, b)``)::

    for i in range(n):                      if n > 0:
        ...                                     t17 = alphas + sum_qs
        t17 = alphas + sum_qs       ->      for i in range(n):
        ...                                     ...

Invariant (what makes the hoisted statement bind what each pass bound):

* the statement is ``t = E`` at the top of the loop's body, ``E`` built from ``+ - *``, unary
  minus, NumPy ufuncs called with arrays alone, names and numbers: no call that draws, allocates
  a view or writes anything;
* no name ``E`` reads is bound anywhere in the loop (the loop's counter included), and the loop
  writes into no array but its tapes (``tape[i] = v``, ``tape.append(v)``): every pass computes
  the same value from the same arrays. Every call in the loop is a NumPy ufunc or reduction
  or constructor (``np.exp``, ``np.sum``, ``np.zeros``...), a builtin such as ``len``, or a
  push or pop of a tape; a loop calling anything else keeps its statements;
* ``t`` is bound once in the loop and read in it only after that statement, so every read
  saw this value; the loop has no ``break``, ``continue``, ``return``, ``raise`` nor ``try``
  (each pass reaches the statement once the ones before it ran);
* the ``if`` runs it only when the loop runs at least once, as the statement as written ran:
  after an empty loop ``t`` is what it was before. ``range``'s arguments are names, numbers
  and arithmetic on them and do not read ``t``.

An error ``E`` raises (arrays of shapes that do not broadcast) it raised at the first pass as
written; hoisted it comes before what the statements above it in the loop would have raised.
"""
import ast

import numpy as np

from .. import astutil as A
from ..analyses.ir import resolve

ELEMENTWISE_OPS = (ast.Add, ast.Sub, ast.Mult)
KNOWN_CALLS = {np.sum, np.max, np.min, np.amax, np.amin, np.mean, np.prod, np.zeros, np.ones, np.empty,
               np.full, len, range, float, int, abs, min, max}
FORBIDDEN = (ast.Break, ast.Continue, ast.Return, ast.Raise, ast.Try, ast.With, ast.Delete, ast.Global,
             ast.Nonlocal, ast.FunctionDef, ast.Lambda, ast.ClassDef, ast.NamedExpr, ast.Yield, ast.YieldFrom,
             ast.ListComp, ast.GeneratorExp, ast.DictComp, ast.SetComp)


def rewrite(fdef, ns, ranks, tapes):
    """Hoists the loop-invariant array statements of ``fdef``'s ``for`` loops (in place)."""
    _Hoist(ns, ranks, set(tapes)).block(fdef.body)
    return fdef


class _Hoist:
    def __init__(self, ns, ranks, tapes):
        self.ns, self.ranks, self.tapes = ns, ranks, tapes

    def block(self, stmts):
        i = 0
        while i < len(stmts):
            s = stmts[i]
            for field in ("body", "orelse"):
                if isinstance(getattr(s, field, None), list):
                    self.block(getattr(s, field))
            guard = self.hoisted(s) if isinstance(s, ast.For) else None
            if guard is not None:
                stmts.insert(i, guard)
                i += 1
            i += 1

    def hoisted(self, loop):
        """``if <the loop runs>: <the hoisted statements>`` (taken out of ``loop.body``), or None."""
        test = self._runs(loop)
        if test is None or loop.orelse or not self._plain(loop):
            return None
        taken = []
        while True:
            bound = _bound(loop)
            s = next((s for j, s in enumerate(loop.body) if self._invariant(loop, j, s, bound)), None)
            if s is None:
                break
            loop.body.remove(s)
            taken.append(s)
        if not taken:
            return None
        if not loop.body:
            loop.body.append(A.at(ast.Pass(), loop))
        return A.at(ast.If(test=test, body=taken, orelse=[]), taken[0])

    def _runs(self, loop):
        """``a > 0`` for ``range(a)``, ``b > a`` for ``range(a, b)``: the loop runs once at least."""
        it = loop.iter
        if not (isinstance(it, ast.Call) and isinstance(it.func, ast.Name) and not it.keywords
                and 1 <= len(it.args) <= 2 and resolve(self.ns, it.func) is range
                and all(_arithmetic(a) for a in it.args)):
            return None
        lo, hi = (A.const(0), it.args[0]) if len(it.args) == 1 else it.args
        return ast.Compare(left=A.clone(hi), ops=[ast.Gt()], comparators=[A.clone(lo)])

    def _plain(self, loop):
        """The loop writes into no array but its tapes, calls only what ``KNOWN_CALLS`` and
        ufuncs hold and pushes or pops its tapes, and always runs to the end of its body."""
        for node in A.walk(loop):
            if isinstance(node, FORBIDDEN) or isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                return False
            if isinstance(node, ast.Subscript) and not isinstance(node.ctx, ast.Load) \
                    and A.base_name(node) not in self.tapes:
                return False
            if isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name) \
                    and self.ranks.get(node.target.id) != 0:
                return False            # ``a += v`` of an array writes into it
            if isinstance(node, ast.Call) and not self._known(node):
                return False
        return True

    def _known(self, call):
        f = call.func
        if isinstance(f, ast.Attribute) and f.attr in ("append", "pop") and isinstance(f.value, ast.Name):
            return f.value.id in self.tapes
        fn = resolve(self.ns, f) if isinstance(f, (ast.Name, ast.Attribute)) else None
        if isinstance(fn, np.ufunc):
            return not call.keywords
        try:
            return fn in KNOWN_CALLS and not any(k.arg == "out" for k in call.keywords)
        except TypeError:               # an unhashable object
            return False

    def _invariant(self, loop, j, s, bound):
        if not (isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], ast.Name)):
            return False
        t = s.targets[0].id
        rank = self.ranks.get(t)
        if not isinstance(rank, int) or isinstance(rank, bool) or rank < 1 or t in self.tapes:
            return False
        if bound.get(t) != 1 or t in A.names_in(loop.iter) or not self._elementwise(s.value):
            return False
        if any(n in bound for n in A.names_in(s.value)):
            return False
        return not any(isinstance(n, ast.Name) and n.id == t for st in loop.body[:j] for n in A.walk(st))

    def _elementwise(self, e):
        if isinstance(e, ast.Name):
            return False                # another name for an array, not a new one
        for n in A.walk(e):
            if isinstance(n, ast.BinOp):
                if not isinstance(n.op, ELEMENTWISE_OPS):
                    return False
            elif isinstance(n, ast.UnaryOp):
                if not isinstance(n.op, ast.USub):
                    return False
            elif isinstance(n, ast.Call):
                fn = resolve(self.ns, n.func) if isinstance(n.func, (ast.Name, ast.Attribute)) else None
                if not isinstance(fn, np.ufunc) or n.keywords or fn.nout != 1 or len(n.args) != fn.nin:
                    return False
            elif isinstance(n, ast.Constant):
                if type(n.value) not in (int, float):
                    return False
            elif not isinstance(n, (ast.Name, ast.Load, ast.Attribute, ast.operator, ast.unaryop)):
                return False
        heads = {id(m) for c in A.walk(e) if isinstance(c, ast.Call) for m in A.walk(c.func)}
        return not any(isinstance(n, ast.Attribute) and id(n) not in heads for n in A.walk(e))

def _arithmetic(e):
    """Names, numbers, attributes (``x.shape``), their items and arithmetic: no call."""
    return all(isinstance(n, (ast.Name, ast.Constant, ast.BinOp, ast.UnaryOp, ast.Attribute, ast.Subscript,
                              ast.Load, ast.operator, ast.unaryop)) for n in A.walk(e))


def _bound(loop):
    """Name -> how many statements bind it in ``loop`` (its counter included)."""
    counts = {}
    for node in A.walk(loop):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            counts[node.id] = counts.get(node.id, 0) + 1       # ``a += v``'s target too
    return counts
