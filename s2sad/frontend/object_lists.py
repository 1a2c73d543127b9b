"""Stage 1c'00, a list of objects built in the function and only looped over, unrolled so each
object has a name of its own (then ``local_objects.py`` or ``namedtuples.py`` follows it)::

    springs = [Spring(x[0], x[1]), Spring(x[2], 0.5)]      s_1 = Spring(x[0], x[1])
    e = sum(s.energy(x[3]) for s in springs)       ->      s_2 = Spring(x[2], 0.5)
                                                           e = sum([s_1.energy(x[3]), s_2.energy(x[3])])

Invariant (Python's run is unchanged): applied to a local ``L`` bound once, to a list or tuple
display of calls of the user's classes (``C(...)``, resolved in the function's scope), and read only as what
a ``for`` statement or a one-generator comprehension runs over (none inside another). Each item is bound to a fresh name
where ``L`` was bound, in order (the display's own order of evaluation). A ``for`` statement is
its body once per item, the loop name replaced by the item's name: each loop name is bound only as
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


def _names_kept_inside(fdef, loops, stores, params):
    """Is each loop name bound only as the target of these loops and read only inside them?"""
    targets = {id(_target(loop)) for loop in loops}
    inside = {id(n) for loop in loops for part in (loop.body if isinstance(loop, ast.For) else [loop.elt])
              for n in ast.walk(part)}
    for name in {_target(loop).id for loop in loops}:
        if name in params or not all(s is not None and id(s) in targets for s in stores.get(name, ())) \
                or any(id(n) not in inside for n in A.walk(fdef) if isinstance(n, ast.Name) and n.id == name
                       and isinstance(n.ctx, ast.Load)):
            return False
    return True


def _unrollable_for(loop):
    return isinstance(loop.target, ast.Name) and not loop.orelse \
        and not any(isinstance(n, _STOPS) for s in loop.body for n in ast.walk(s))


def _unrollable_comprehension(resolver, comp, parents):
    if not isinstance(comp, (ast.ListComp, ast.GeneratorExp)) or len(comp.generators) != 1:
        return False
    gen = comp.generators[0]
    if gen.ifs or gen.is_async or not isinstance(gen.target, ast.Name) \
            or any(isinstance(n, _STOPS + (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp, ast.NamedExpr))
                   for n in ast.walk(comp.elt)):
        return False
    if isinstance(comp, ast.ListComp):
        return True
    call = parents.get(id(comp))
    return isinstance(call, ast.Call) and call.args == [comp] and not call.keywords \
        and resolver.obj(call.func) in _CONSUMERS


def _unroll(fdef, stmt, loops, namer):
    base = {id(loop): _target(loop).id for loop in loops}
    names = [namer.fresh(f"{stmt.targets[0].id}_item") for _ in stmt.value.elts]
    bound = [A.at(A.assign(n, e), stmt) for n, e in zip(names, stmt.value.elts, strict=True)]
    ids = {id(loop) for loop in loops}

    def make(s):
        if s is stmt:
            return bound
        if id(s) in ids:
            return [_Renamed(base[id(s)], n).visit(A.clone(b)) for n in names for b in s.body]
        return [s]
    _in_lists(fdef, make)
    for comp in (loop for loop in loops if not isinstance(loop, ast.For)):
        display = ast.List(elts=[_Renamed(base[id(comp)], n).visit(A.clone(comp.elt)) for n in names],
                           ctx=ast.Load())
        A.replaced(fdef, comp, A.at(display, comp))


def _in_lists(node, make):
    for field, value in ast.iter_fields(node):
        if isinstance(value, list) and value and isinstance(value[0], ast.stmt):
            out = []
            for s in value:
                _in_lists(s, make)
                out += make(s)
            setattr(node, field, out)


class _Renamed(ast.NodeTransformer):
    def __init__(self, old, new):
        self.old, self.new = old, new

    def visit_Name(self, node):
        return A.at(A.name(self.new), node) if node.id == self.old else node
