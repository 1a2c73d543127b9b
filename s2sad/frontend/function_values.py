"""Stage 1c'0, functions handed to NumPy's appliers as values, written as calls (open46).

``lift.py`` lifts a nested function (or a lambda bound to a name) and refuses it wherever it is
a value rather than called; ``vectorize_forms.py`` writes ``np.vectorize(f)(x)`` and
``np.apply_along_axis(f, ...)`` as comprehensions calling ``f``, but only later (in ``desugar``),
after the refusal. This stage, before ``lift``, writes these forms as calls:

* ``np.vectorize(g)(x)`` and ``np.apply_along_axis(g, axis, a)`` with ``g`` a lambda written
  there or a nested function: ``vectorize_forms``' comprehension, its arguments bound first by
  statements before the statement (as ``desugar`` does); a lambda written as the argument is
  first bound to a fresh name on a line of its own just before the statement;
* ``f = np.vectorize(g)`` (``g`` as above), ``f`` bound nowhere else and only called: each call
  ``f(...)`` is ``np.vectorize(g)(...)`` and the binding goes (``g`` is bound once, before);
* ``y = np.piecewise(x, [c1, ..., cn], [f1, ..., fn(, f0)])`` (both lists written out; an ``fk``
  a lambda, a function or a constant) is what NumPy computes::

      px = np.asarray(x); pc1 = np.asarray(c1) != 0; ...   # (NumPy: one bool array of them)
      py = np.zeros_like(px)
      pv = px[pc1]                                      # for each k, in order
      if np.size(pv) > 0: py[pc1] = f1(pv)              # (a constant: py[pc1] = c)
      ...                                               # f0 where no condition holds
      y = py

  (a condition that is a number, which NumPy reads with the others as one condition, is refused
  when it runs, located; one of another shape raises IndexError, as in NumPy).

Invariant: only statements that run each of their parts once (an assignment, an expression,
a return: no lambda under ``if``-expressions, ``and``/``or``, comprehensions or other lambdas)
are rewritten; a lambda's defaults must be names or constants (their values are the same on the
line before). Every other form is left as written, and keeps its refusal.
"""
import ast

import numpy as np

from .. import astutil as A
from ..errors import unsupported
from . import vectorize_forms
from .resolve import MISSING, Resolver, np_ref

_SIMPLE = (ast.Assign, ast.Expr, ast.Return, ast.AugAssign)
_COND = (ast.IfExp, ast.BoolOp, ast.Lambda, ast.ListComp, ast.GeneratorExp, ast.SetComp, ast.DictComp)


def function_values(src, fdef, namer):
    resolver = Resolver(src, A.assigned_locals(fdef))

    def resolve(node):
        obj = resolver.obj(node)
        return None if obj is MISSING else obj
    nested = {s.name for s in A.walk(fdef) if isinstance(s, ast.FunctionDef) and s is not fdef}
    nested |= {s.targets[0].id for s in A.walk(fdef) if isinstance(s, ast.Assign) and len(s.targets) == 1
               and isinstance(s.targets[0], ast.Name) and isinstance(s.value, ast.Lambda)}
    stores = _store_counts(fdef)
    vectorized = _vectorized_names(fdef, resolve, nested, stores)
    A.map_blocks(fdef, lambda s: _rewrite(src, s, resolve, namer, nested, vectorized))


def _store_counts(fdef):
    out = {}
    for n in A.walk(fdef):
        if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load):
            out[n.id] = out.get(n.id, 0) + 1
        elif isinstance(n, ast.FunctionDef) and n is not fdef:
            out[n.name] = out.get(n.name, 0) + 1
    return out


def _applied(node, nested, stores):
    """``node`` is a function this stage may write calls of: a lambda, or a nested function (or a
    lambda bound to a name) bound once."""
    return isinstance(node, ast.Lambda) and _plain_defaults(node) or \
        isinstance(node, ast.Name) and node.id in nested and stores.get(node.id) == 1


def _plain_defaults(lam):
    return all(isinstance(d, (ast.Name, ast.Constant)) for d in lam.args.defaults + lam.args.kw_defaults if d)


def _vectorized_names(fdef, resolve, nested, stores):
    """name -> its ``np.vectorize(g)`` call, for ``f = np.vectorize(g)`` bound once and only called."""
    out = {}
    for s in A.walk(fdef):
        if isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], ast.Name) \
                and _is_vectorize(s.value, resolve) and _applied(s.value.args[0], nested, stores) \
                and stores.get(s.targets[0].id) == 1:
            out[s.targets[0].id] = s
    if not out:
        return out
    called = {id(n.func) for n in A.walk(fdef) if isinstance(n, ast.Call)}
    for n in A.walk(fdef):
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and n.id in out and id(n) not in called:
            out.pop(n.id)
    return out


def _is_vectorize(v, resolve):
    return isinstance(v, ast.Call) and len(v.args) == 1 and not v.keywords and resolve(v.func) is np.vectorize


def _rewrite(src, s, resolve, namer, nested, vectorized):
    if isinstance(s, ast.Assign) and isinstance(s.targets[0], ast.Name) and s.targets[0].id in vectorized \
            and vectorized[s.targets[0].id] is s:
        lam = s.value.args[0]
        if isinstance(lam, ast.Lambda):   # the lambda stays, bound to a name of its own
            name = namer.fresh("vectorized")
            s.value.args[0] = A.name(name)
            nested.add(name)
            return [A.at(A.assign(name, lam), s)]
        return []
    if not isinstance(s, _SIMPLE):
        return [s]
    pre = []
    _Calls(src, resolve, namer, nested, vectorized, pre).visit(s)
    return [A.at(p, s) for p in pre] + [s]


class _Calls(ast.NodeTransformer):
    def __init__(self, src, resolve, namer, nested, vectorized, pre):
        self.src, self.resolve, self.namer, self.nested, self.vectorized, self.pre = src, resolve, namer, nested, vectorized, pre
        self.stores = {}

    def generic_visit(self, node):
        return node if isinstance(node, _COND) else super().generic_visit(node)

    def visit_Call(self, node):
        node = super().generic_visit(node)
        f = node.func
        if isinstance(f, ast.Name) and f.id in self.vectorized:
            node.func = A.clone(self.vectorized[f.id].value)
        if isinstance(node.func, ast.Call) and _is_vectorize(node.func, self.resolve) \
                and self.usable(node.func.args[0]):
            return self.applier(node, 0)
        if self.resolve(node.func) is np.apply_along_axis and node.args and self.usable(node.args[0]):
            return self.applier(node, 1)
        if self.resolve(node.func) is np.piecewise:
            return self.piecewise(node) or node
        return node

    def usable(self, fn):
        return isinstance(fn, ast.Lambda) and _plain_defaults(fn) or isinstance(fn, ast.Name) and fn.id in self.nested

    def scalar_condition(self, node, c, x):
        """``if np.ndim(c) == 0 and np.ndim(x) != 0: raise ...``: NumPy reads conditions that are
        numbers as one condition (the list), which this form does not: refused, located."""
        err = unsupported(self.src, node, "`np.piecewise` with a condition that is a number (NumPy then "
                          "reads the whole condition list as one condition)",
                          "Give conditions that are arrays of the shape of `x` (`x < t0`).")
        exc = A.name("UnsupportedSyntaxError")
        exc._s2sad_obj = type(err)
        test = ast.BoolOp(op=ast.And(), values=[
            ast.Compare(left=_np("np.ndim", A.name(c)), ops=[ast.Eq()], comparators=[A.const(0)]),
            ast.Compare(left=_np("np.ndim", A.name(x)), ops=[ast.NotEq()], comparators=[A.const(0)])])
        return ast.If(test=test, body=[ast.Raise(exc=ast.Call(func=exc, args=[A.const(str(err))], keywords=[]),
                                                 cause=None)], orelse=[])

    def named(self, fn):
        """A lambda bound to a fresh name on a line of its own (the name)."""
        if not isinstance(fn, ast.Lambda):
            return fn
        name = self.namer.fresh("applied_fn")
        self.pre.append(A.assign(name, fn))
        return A.name(name)

    def applier(self, node, vectorize):
        holder = node.func if vectorize == 0 else node
        holder.args[0] = self.named(holder.args[0])
        out = vectorize_forms.rewrite(node, self.resolve, self.namer.fresh)
        if out is None:
            return node
        self.pre.extend(out[0])
        return out[1]

    def piecewise(self, node):
        if len(node.args) != 3 or node.keywords or not all(isinstance(a, ast.List) for a in node.args[1:]):
            return None
        conds, funcs = node.args[1].elts, node.args[2].elts
        if len(funcs) not in (len(conds), len(conds) + 1) or not conds or any(
                isinstance(e, ast.Starred) for e in conds + funcs) or not all(
                self.usable(f) or isinstance(f, ast.Constant) for f in funcs):
            return None
        fresh, pre = self.namer.fresh, self.pre
        x = fresh("pw_x")
        pre.append(A.assign(x, _np("np.asarray", node.args[0])))
        cs = [fresh("pw_c") for _ in conds]
        for c, e in zip(cs, conds):   # NumPy's np.asarray(condlist, dtype=bool), one by one
            pre.append(A.assign(c, ast.Compare(left=_np("np.asarray", e), ops=[ast.NotEq()], comparators=[A.const(0)])))
            pre.append(self.scalar_condition(node, c, x))
        if len(funcs) > len(conds):   # where no condition holds
            cs.append(fresh("pw_c"))
            anyc = _np("np.any", ast.List(elts=[A.name(c) for c in cs[:-1]], ctx=ast.Load()))
            anyc.keywords = [ast.keyword(arg="axis", value=A.const(0))]
            pre.append(A.assign(cs[-1], ast.UnaryOp(op=ast.Invert(), operand=anyc)))
        y = fresh("pw_y")
        pre.append(A.assign(y, _np("np.zeros_like", A.name(x))))
        for c, f in zip(cs, funcs):
            target = ast.Subscript(value=A.name(y), slice=A.name(c), ctx=ast.Store())
            if isinstance(f, ast.Constant):
                pre.append(A.assign(target, f))
                continue
            v = fresh("pw_v")
            pre.append(A.assign(v, ast.Subscript(value=A.name(x), slice=A.name(c), ctx=ast.Load())))
            test = ast.Compare(left=_np("np.size", A.name(v)), ops=[ast.Gt()], comparators=[A.const(0)])
            call = ast.Call(func=self.named(f), args=[A.name(v)], keywords=[])
            pre.append(ast.If(test=test, body=[A.assign(target, call)], orelse=[]))
        return A.name(y)


def _np(path, *args):
    return ast.Call(func=np_ref(path), args=list(args), keywords=[])
