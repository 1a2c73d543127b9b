"""Stage 1c''', starred displays: ``[*xs, v]``, ``[v, *xs]``, ``(*a, *b)`` written out.

Two forms, tried in this order for each ``*e`` of a list or tuple display:

* ``e`` is a local of known length: every store of the name in the function binds a list or
  tuple display of the same length ``n`` with no ``*`` item (or a call of the user's own function
  that always returns one: ``starred_targets.helper_length``), and the name is never changed in
  place (no method call on it, no ``del``, no ``+=``: its loads are item reads or writes,
  ``*`` items, what a loop runs over, arguments of a library call). Then ``*e`` is
  ``e[0], ..., e[n - 1]``: the display keeps its kind (a tuple stays a tuple, numba included).
* otherwise, in a *list* display only, evaluated once at the start of its statement (``=``,
  ``+=``, an expression, ``return``, an ``if`` test, what a ``for`` loops over; not under
  ``a if c else b``, ``and``/``or``, a lambda or a comprehension)::

      t = []
      t.append(a)                 # each item in Python's order
      for v in e:                 # each *e: the items its iteration gives
          t.append(v)

  and the display becomes ``t`` (the same convention as a comprehension: evaluated just before
  its statement), which the compiler follows as any list grown by appends.

A tuple display with a ``*e`` of unknown length, and any other place, is left as written
(refused later by ``check``, located). ``[*xs]`` alone is left to ``desugar`` (``list(xs)``).
"""
import ast
import inspect

from .. import astutil as A
from ..scopes import is_library
from .resolve import MISSING, Resolver

ONCE = {ast.Assign: "value", ast.AugAssign: "value", ast.Expr: "value", ast.Return: "value", ast.If: "test",
         ast.For: "iter"}
COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
CONDITIONAL = (ast.IfExp, ast.BoolOp, ast.Lambda) + COMPREHENSIONS


def starred_displays(src, fdef, namer):
    """Rewrite, in place, the starred items of displays in ``fdef`` (module docstring)."""
    displays = [n for n in A.walk(fdef) if _starred_display(n)]
    if not displays:
        return
    resolver = Resolver(src, set(A.assigned_locals(fdef)))
    parents = {id(c): p for p in A.walk(fdef) for c in ast.iter_child_nodes(p)}
    changed = True
    while changed:      # a display written out may give its name a known length (`u = (*t, v)`)
        lengths = known_lengths(fdef, parents, resolver)
        changed = False
        for d in displays:
            elts = [x for e in d.elts for x in _spelled(e, lengths)]
            changed = changed or len(elts) != len(d.elts) or any(a is not b for a, b in zip(elts, d.elts))
            d.elts = elts
        parents = {id(c): p for p in A.walk(fdef) for c in ast.iter_child_nodes(p)}
    A.map_blocks(fdef, _Hoister(namer).statement)


def _starred_display(node):
    return isinstance(node, (ast.List, ast.Tuple)) and isinstance(node.ctx, ast.Load) \
        and any(isinstance(e, ast.Starred) for e in node.elts) \
        and not (isinstance(node, ast.List) and len(node.elts) == 1)


def _spelled(e, lengths):
    if isinstance(e, ast.Starred) and isinstance(e.value, ast.Name) and e.value.id in lengths:
        return [A.at(ast.Subscript(value=A.name(e.value.id), slice=A.const(k), ctx=ast.Load()), e)
                for k in range(lengths[e.value.id])]
    return [e]


def known_lengths(fdef, parents, resolver, depth=0):
    """Name -> n for the locals of known length ``n`` (module docstring; a store may also bind a
    call of the user's own function that always returns a display of ``n`` items:
    ``starred_targets.helper_length``, followed ``depth`` helpers deep)."""
    from .starred_targets import DEPTH, helper_length
    params = {a.arg for a in ast.walk(fdef.args) if isinstance(a, ast.arg)}
    declared = {n for s in A.walk(fdef) if isinstance(s, (ast.Global, ast.Nonlocal)) for n in s.names}
    sizes, bad = {}, set(params) | declared
    for node in A.walk(fdef):
        if not isinstance(node, ast.Name):
            continue
        parent = parents.get(id(node))
        if isinstance(node.ctx, ast.Load):
            if not _fixed_use(node, parent, parents, resolver):
                bad.add(node.id)
            continue
        value = parent.value if isinstance(parent, ast.Assign) and parent.targets == [node] else None
        if isinstance(value, (ast.List, ast.Tuple)) and not any(isinstance(e, ast.Starred) for e in value.elts):
            sizes.setdefault(node.id, set()).add(len(value.elts))
        elif isinstance(value, ast.Call) and depth < DEPTH and user_function(resolver.obj(value.func)) \
                and helper_length(resolver.obj(value.func), depth + 1) is not None:
            sizes.setdefault(node.id, set()).add(helper_length(resolver.obj(value.func), depth + 1))
        else:
            bad.add(node.id)
    return {name: next(iter(ns)) for name, ns in sizes.items() if name not in bad and len(ns) == 1}


def user_function(fn):
    return fn is not MISSING and inspect.isfunction(fn) and not is_library(fn)


def _fixed_use(node, parent, parents, resolver):
    """A load that cannot change the length of what the name holds."""
    if isinstance(parent, ast.Subscript) and parent.value is node:    # not `del xs[i]`, `xs[a:b] = ...`
        return isinstance(parent.ctx, ast.Load) or isinstance(parent.ctx, ast.Store) \
            and not isinstance(parent.slice, ast.Slice)
    if isinstance(parent, ast.Starred):
        return True
    if isinstance(parent, ast.Call) and node in parent.args:
        fn = resolver.obj(parent.func)      # a builtin's or NumPy's: it does not grow or shrink a list
        return fn is not MISSING and is_library(fn)
    if isinstance(parent, (ast.For, ast.comprehension)) and parent.iter is node:
        return True
    return False


class _Hoister:
    """The appends each remaining list display with ``*`` items becomes (module docstring)."""

    def __init__(self, namer):
        self.namer = namer

    def statement(self, s):
        field = ONCE.get(type(s))
        if field is None or getattr(s, field, None) is None:
            return [s]
        pre = []
        setattr(s, field, self.expression(getattr(s, field), pre, s))
        return pre + [s]

    def expression(self, node, pre, s):
        """``node`` with its unconditional starred list displays (innermost first) replaced."""
        if isinstance(node, COMPREHENSIONS):    # its first iterable is evaluated at once, where it stands
            node.generators[0].iter = self.expression(node.generators[0].iter, pre, s)
            return node
        if isinstance(node, CONDITIONAL):
            return node
        for field, value in ast.iter_fields(node):
            if isinstance(value, ast.AST):
                setattr(node, field, self.expression(value, pre, s))
            elif isinstance(value, list):
                setattr(node, field, [self.expression(v, pre, s) if isinstance(v, ast.AST) else v for v in value])
        if isinstance(node, ast.List) and isinstance(node.ctx, ast.Load) \
                and any(isinstance(e, ast.Starred) for e in node.elts) and len(node.elts) > 1:
            return self.appends(node, pre, s)
        return node

    def appends(self, display, pre, s):
        t = self.namer.fresh("joined")
        pre.append(A.at(A.assign(t, ast.List(elts=[], ctx=ast.Load())), s))

        def append(v):
            return A.at(ast.Expr(value=A.call(ast.Attribute(value=A.name(t), attr="append", ctx=ast.Load()), v)), s)
        for e in display.elts:
            if isinstance(e, ast.Starred):
                v = self.namer.fresh("item")
                loop = ast.For(target=A.name(v, store=True), iter=e.value, body=[append(A.name(v))], orelse=[])
                loop._s2sad_comprehension = True      # not a loop the user wrote (checkpointing leaves it alone)
                pre.append(A.at(loop, s))
            else:
                pre.append(append(e))
        return A.at(A.name(t), display)
