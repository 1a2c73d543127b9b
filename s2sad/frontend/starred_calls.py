"""Stage 1c'''', starred call arguments: ``f(*e, ...)`` written out as plain positional arguments.

Later stages follow a call's arguments one by one; a ``*e`` among them hides which parameter gets
what, so it is refused there. Each ``*e`` among a call's positional arguments is written out, in
this order of forms:

* ``e`` is a list or tuple display with no ``*`` item: its items, in place (Python evaluates them
  there, in that order).
* ``e`` is a local of known length ``n`` (``starred_displays.known_lengths``: bound only to
  displays of length ``n``, never grown or shrunk): ``e[0], ..., e[n - 1]``.
* otherwise, when it is the call's only ``*`` argument left, the callee takes a fixed number
  ``n`` of positional arguments (a Python function whose positional parameters have no defaults
  and no ``*args``, or a NumPy ufunc's ``nin``), and the call runs unconditionally at the start
  of its statement (a comprehension's first iterable included): ``e`` reads a local (names,
  attributes, subscripts, arithmetic) that no call run before it in the statement may write
  (``lazy_generators.call_writes``), or is a call of such reads (``g(x)``) before which no call
  of the statement runs::

      _item1, _item2 = e          # Python raises here if e has another length, as the call would
      y = f(_item1, _item2)

  ``n`` counts out the call's other positional arguments and the positional parameters it
  passes by name.

Anything else is left as written (refused later, located). Invariant: every call rewritten passes
the callee the same values in the same positions as Python's ``*`` would.
"""
import ast
import collections
import inspect

import numpy as np

from .. import astutil as A
from ..scopes import is_library
from .lazy_generators import call_writes, root_name
from .resolve import MISSING, Resolver
from .starred_displays import COMPREHENSIONS, CONDITIONAL, ONCE, known_lengths


def starred_calls(src, fdef, namer):
    """Rewrite, in place, the starred positional arguments of the calls in ``fdef`` (module docstring)."""
    calls = [n for n in A.walk(fdef) if isinstance(n, ast.Call) and any(isinstance(a, ast.Starred) for a in n.args)]
    if not calls:
        return
    resolver = Resolver(src, set(A.assigned_locals(fdef)))
    parents = {id(c): p for p in A.walk(fdef) for c in ast.iter_child_nodes(p)}
    lengths = known_lengths(fdef, parents, resolver)
    for call in calls:
        call.args = [x for a in call.args for x in _spelled(a, lengths)]
    defs = _local_defs(fdef)
    local = set(A.assigned_locals(fdef)) | {a.arg for a in ast.walk(fdef.args) if isinstance(a, ast.arg)}
    A.map_blocks(fdef, _Unpacker(src, namer, resolver, defs, local).statement)


def _spelled(a, lengths):
    if not isinstance(a, ast.Starred):
        return [a]
    e = a.value
    if isinstance(e, (ast.List, ast.Tuple)) and not any(isinstance(x, ast.Starred) for x in e.elts):
        return list(e.elts)
    if isinstance(e, ast.Name) and e.id in lengths:
        return [A.at(ast.Subscript(value=A.name(e.id), slice=A.const(k), ctx=ast.Load()), a)
                for k in range(lengths[e.id])]
    return [a]


def _local_defs(fdef):
    """Name -> parameters (``ast.arguments``) of the functions ``fdef`` defines by ``def`` or
    ``name = lambda ...`` whose name is bound nowhere else."""
    bound = collections.Counter(n.id for n in A.walk(fdef) if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load))
    defs = {n.name: n.args for n in A.walk(fdef) if isinstance(n, ast.FunctionDef) and n is not fdef}
    bound.update(list(defs))
    defs.update({n.targets[0].id: n.value.args for n in A.walk(fdef)
                 if A.bound_name(n) is not None and isinstance(n.value, ast.Lambda)})
    return {name: args for name, args in defs.items() if bound[name] == 1}


def _fixed_arity(call, resolver, defs):
    """How many positional arguments the callee of ``call`` takes, when that is one number; else None."""
    if isinstance(call.func, ast.Name) and call.func.id in defs:
        args = defs[call.func.id]
        if args.vararg is not None or args.defaults:
            return None
        names = [p.arg for p in args.posonlyargs + args.args]
    else:
        fn = resolver.obj(call.func)
        if isinstance(fn, np.ufunc):
            return fn.nin
        if fn is MISSING or not callable(fn) or is_library(fn):
            return None
        try:
            params = inspect.signature(fn).parameters.values()
        except (TypeError, ValueError):
            return None
        if any(p.kind is p.VAR_POSITIONAL for p in params):
            return None
        positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        if any(p.default is not p.empty for p in positional):
            return None
        names = [p.name for p in positional]
    by_name = sum(1 for k in call.keywords if k.arg in names)
    return len(names) - by_name


def _reads(e):
    """``e`` runs no code of its own: names, attributes, subscripts and arithmetic of them."""
    return not any(isinstance(n, (ast.Call, ast.NamedExpr, ast.Lambda, ast.Await, ast.Yield, ast.YieldFrom,
                                  ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)) for n in A.walk(e))


class _Unpacker:
    """The third form of the module docstring: ``_item1, ... = e`` before the statement."""

    def __init__(self, src, namer, resolver, defs, local):
        self.src, self.namer, self.resolver, self.defs, self.local = src, namer, resolver, defs, local

    def statement(self, s):
        field = ONCE.get(type(s))
        expr = getattr(s, field, None) if field is not None else None
        if expr is None or not self._movable(expr):
            return [s]
        starred = [c for c in A.walk(expr) if isinstance(c, ast.Call) and _stars(c)]
        return [p for c in starred for p in self.unpack(c, s)] + [s]

    def _movable(self, expr):
        """Reading each ``e`` before the statement gives what Python's ``*e`` reads in place: no
        call run before the last ``*e`` is read may write what an ``e`` reads (``call_writes``)."""
        order = {id(n): i for i, n in enumerate(_post_order(expr))}
        calls = [c for c in A.walk(expr) if isinstance(c, ast.Call)]
        stars = [a for c in calls for a in c.args if isinstance(a, ast.Starred)]
        if not stars or any(isinstance(n, ast.NamedExpr) for n in A.walk(expr)) \
                or not all(self._unconditional(expr, a) for a in stars):
            return False
        inside = {id(n) for a in stars for n in A.walk(a.value)}
        before = [c for c in calls if id(c) not in inside and order[id(c)] < max(order[id(a)] for a in stars)]
        if len(stars) == 1 and isinstance(stars[0].value, ast.Call):      # `f(*g(x))`: nothing runs before g
            e = stars[0].value
            return not before and _reads(e.func) and all(_reads(a) for a in e.args + [k.value for k in e.keywords])
        roots = {root_name(a.value) for a in stars}
        written = {r for c in before for r in call_writes(c, self.src)}
        return all(_reads(a.value) for a in stars) and roots <= self.local and not roots & written

    def _unconditional(self, node, call):
        if node is call:
            return True
        if isinstance(node, COMPREHENSIONS):     # its first iterable is evaluated at once, where it stands
            return self._unconditional(node.generators[0].iter, call)
        if isinstance(node, CONDITIONAL):
            return False
        return any(self._unconditional(c, call) for c in ast.iter_child_nodes(node))

    def unpack(self, call, s):
        stars = _stars(call)
        arity = _fixed_arity(call, self.resolver, self.defs) if len(stars) == 1 else None
        n = None if arity is None else arity - (len(call.args) - 1)
        if n is None or n < 1:
            return []
        names = [self.namer.fresh("item") for _ in range(n)]
        target = ast.Tuple(elts=[A.name(v, store=True) for v in names], ctx=ast.Store())
        pre = A.at(ast.Assign(targets=[target], value=stars[0]), s)
        call.args = [x for a in call.args
                     for x in ([A.at(A.name(v), a) for v in names] if isinstance(a, ast.Starred) else [a])]
        return [pre]


def _post_order(node):
    """The nodes under ``node`` in the order Python finishes evaluating them (a call after its arguments)."""
    out = []
    for child in ast.iter_child_nodes(node):
        out += _post_order(child)
    return out + [node]


def _stars(call):
    return [a.value for a in call.args if isinstance(a, ast.Starred)]
