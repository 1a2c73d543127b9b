"""Stage 1c'00, a list of objects built in the function and only looped over, unrolled so each
object has a name of its own (then ``local_objects.py`` or ``namedtuples.py`` follows it)::

    springs = [Spring(x[0], x[1]), Spring(x[2], 0.5)]      s_1 = Spring(x[0], x[1])
    e = sum(s.energy(x[3]) for s in springs)       ->      s_2 = Spring(x[2], 0.5)
                                                           e = sum([s_1.energy(x[3]), s_2.energy(x[3])])

Invariant (Python's run is unchanged): applied to a local ``L`` bound once, to a list or tuple
display of calls of the user's classes (``C(...)``, resolved in the function's scope), and read only as what
a ``for`` statement or a one-generator comprehension runs over (none inside another), directly or
through ``enumerate(L)`` (no ``start``; its target two distinct names). Each item is bound to a fresh name
where ``L`` was bound, in order (the display's own order of evaluation). A ``for`` statement is
its body once per item, the loop name replaced by the item's name (an ``enumerate`` index by the
item's position, the constant Python binds): each loop name is bound only as
the target of these loops and read only inside them (not rebound in a body), and a body holds no ``break``,
``continue``, ``return``, ``else``, nor a function, lambda or class (which could read the loop
name later). A comprehension (no ``if``, its element holding no lambda or comprehension) is the
list display of its element for each item: a list comprehension always, a generator expression
only as the one argument of ``sum``, ``list``, ``tuple``, ``min`` or ``max``, which consume every
item, in order, before anything else runs. Otherwise ``L`` is left as written (and refused later,
located, where its items are read).
"""
import ast
import builtins

from .. import astutil as A
from ..scopes import is_library
from .resolve import Resolver

_CONSUMERS = (builtins.sum, builtins.list, builtins.tuple, builtins.min, builtins.max)
_STOPS = (ast.Break, ast.Continue, ast.Return, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda,
          ast.Yield, ast.YieldFrom)


def object_lists(src, fdef, namer):
    """Unroll, in place, the loops over the lists of objects of ``fdef`` (module docstring)."""
    while _one_list(src, fdef, namer):      # one at a time: an unrolled body copies what it holds
        pass


def _one_list(src, fdef, namer):
    resolver, stores = Resolver(src, set(A.assigned_locals(fdef))), A.stores(fdef)
    params = {a.arg for a in A.walk(fdef) if isinstance(a, ast.arg)}
    for stmt in [s for s in A.walk(fdef) if isinstance(s, ast.Assign)]:
        target = stmt.targets[0] if len(stmt.targets) == 1 else None
        if not (isinstance(target, ast.Name) and len(stores.get(target.id, ())) == 1 and target.id not in params
                and isinstance(stmt.value, (ast.List, ast.Tuple)) and stmt.value.elts
                and all(_object_call(resolver, e) for e in stmt.value.elts)):
            continue
        loops = _loops(resolver, fdef, target.id, stores, params)
        if loops is not None:
            _unroll(fdef, stmt, loops, namer)
            return True
    return False


def _object_call(resolver, node):
    """Is ``node`` ``C(...)`` of a class of the user's?"""
    cls = resolver.obj(node.func) if isinstance(node, ast.Call) else None
    return isinstance(cls, type) and not is_library(cls) and cls.__module__ != "builtins"


def _loops(resolver, fdef, name, stores, params):
    """The loops and comprehensions over ``name``, if they are its only reads and can be unrolled."""
    reads = [n for n in A.walk(fdef) if isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load)]
    parents = {id(c): p for p in A.walk(fdef) for c in ast.iter_child_nodes(p)}
    loops = []
    for r in reads:
        loop = parents.get(id(r))
        if isinstance(loop, ast.Call) and loop.args == [r] and not loop.keywords \
                and resolver.obj(loop.func) is builtins.enumerate:      # `for i, s in enumerate(L)`
            r, loop = loop, parents.get(id(loop))
        if isinstance(loop, ast.For) and loop.iter is r and _unrollable_for(loop):
            loops.append(loop)
        elif isinstance(loop, ast.comprehension) and loop.iter is r \
                and _unrollable_comprehension(resolver, parents.get(id(loop)), parents):
            loops.append(parents[id(loop)])
        else:
            return None
    inside = [{id(n) for n in ast.walk(loop)} - {id(loop)} for loop in loops]
    if any(id(other) in nodes for nodes in inside for other in loops):
        return None
    return loops if _names_kept_inside(fdef, loops, stores, params) else None


def _target(loop):
    return loop.target if isinstance(loop, ast.For) else loop.generators[0].target


def _bound(target, enumerated):
    """The Name nodes a loop's target binds, the index first: ``s``, or ``i, s`` over ``enumerate``."""
    if isinstance(target, ast.Name) and not enumerated:
        return [target]
    ok = enumerated and isinstance(target, ast.Tuple) and len(target.elts) == 2 \
        and all(isinstance(e, ast.Name) for e in target.elts) and target.elts[0].id != target.elts[1].id
    return list(target.elts) if ok else None


def _names(loop):
    iterated = loop.iter if isinstance(loop, ast.For) else loop.generators[0].iter
    return _bound(_target(loop), isinstance(iterated, ast.Call))


def _names_kept_inside(fdef, loops, stores, params):
    """Is each loop name bound only as the target of these loops and read only inside them?"""
    targets = {id(n) for loop in loops for n in _names(loop)}
    inside = {id(n) for loop in loops for part in (loop.body if isinstance(loop, ast.For) else [loop.elt])
              for n in ast.walk(part)}
    for name in {n.id for loop in loops for n in _names(loop)}:
        if name in params or not all(s is not None and id(s) in targets for s in stores.get(name, ())) \
                or any(id(n) not in inside for n in A.walk(fdef) if isinstance(n, ast.Name) and n.id == name
                       and isinstance(n.ctx, ast.Load)):
            return False
    return True


def _unrollable_for(loop):
    return _names(loop) is not None and not loop.orelse \
        and not any(isinstance(n, _STOPS) for s in loop.body for n in ast.walk(s))


def _unrollable_comprehension(resolver, comp, parents):
    if not isinstance(comp, (ast.ListComp, ast.GeneratorExp)) or len(comp.generators) != 1:
        return False
    gen = comp.generators[0]
    if gen.ifs or gen.is_async or _names(comp) is None \
            or any(isinstance(n, _STOPS + (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp, ast.NamedExpr))
                   for n in ast.walk(comp.elt)):
        return False
    if isinstance(comp, ast.ListComp):
        return True
    call = parents.get(id(comp))
    return isinstance(call, ast.Call) and call.args == [comp] and not call.keywords \
        and resolver.obj(call.func) in _CONSUMERS


def _unroll(fdef, stmt, loops, namer):
    names = [namer.fresh(f"{stmt.targets[0].id}_item") for _ in stmt.value.elts]
    bound = [A.at(A.assign(n, e), stmt) for n, e in zip(names, stmt.value.elts, strict=True)]
    unrolled(fdef, loops, names, {id(stmt): bound})


def unrolled(fdef, loops, names, replaced=None):
    """Rewrite, in place, each loop of ``loops`` (a ``for`` statement or a comprehension, over the
    items ``names`` hold) as its body (element) once per item, in order: the loop name that item's
    name, an ``enumerate`` index the item's position; ``replaced``: other statements' ids -> what
    replaces them."""
    ids, replaced = {id(loop): loop for loop in loops}, replaced or {}

    def copies(loop, part):
        bound = [n.id for n in _names(loop)]
        return [_Renamed(dict(zip(bound, ([A.const(k)] if len(bound) == 2 else []) + [A.name(n)], strict=True)))
                .visit(A.clone(p)) for k, n in enumerate(names) for p in part]

    def make(s):
        loop = ids.get(id(s))
        return replaced.get(id(s), [s]) if loop is None else copies(loop, loop.body)
    _in_lists(fdef, make)
    for comp in (loop for loop in loops if not isinstance(loop, ast.For)):
        A.replaced(fdef, comp, A.at(ast.List(elts=copies(comp, [comp.elt]), ctx=ast.Load()), comp))


def _in_lists(node, make):
    for field, value in ast.iter_fields(node):
        if isinstance(value, list) and value and isinstance(value[0], ast.stmt):
            out = []
            for s in value:
                _in_lists(s, make)
                out += make(s)
            setattr(node, field, out)


class _Renamed(ast.NodeTransformer):
    """Each read of a name of ``values`` -> a copy of its node there."""

    def __init__(self, values):
        self.values = values

    def visit_Name(self, node):
        value = self.values.get(node.id)
        return A.at(A.clone(value), node) if value is not None else node
