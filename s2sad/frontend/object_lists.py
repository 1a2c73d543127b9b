"""Stage 1c'00, a list of objects built in the function and only looped over, unrolled so each
object has a name of its own (then ``local_objects.py`` or ``namedtuples.py`` follows it)::

    springs = [Spring(x[0], x[1]), Spring(x[2], 0.5)]      s_1 = Spring(x[0], x[1])
    e = sum(s.energy(x[3]) for s in springs)       ->      s_2 = Spring(x[2], 0.5)
                                                           e = sum([s_1.energy(x[3]), s_2.energy(x[3])])

A list comprehension of such calls over a constant ``range`` (``[Spring(k[i], L) for i in
range(3)]``: one generator, no ``if``, its name a plain target) is read as the display of its
items (``[Spring(k[0], L), Spring(k[1], L), Spring(k[2], L)]``): Python binds ``i`` to those ints
in that order, and the element holds no scope or ``:=`` that could see ``i`` otherwise.

Invariant (Python's run is unchanged): applied to a local ``L`` bound once, to a list or tuple
display of calls of the user's classes (``C(...)``, resolved in the function's scope), and read only as what
the loops ``item_loops`` unrolls run over (``for`` statements, one-generator comprehensions, over
``L`` or ``enumerate(L)``, breaking out or not, nested or not). Each item is bound to a fresh name
where ``L`` was bound, in order (the display's own order of evaluation), and each loop is its
body once per item (``item_loops.unrolled``). Otherwise ``L`` is left as written (and refused
later, located, where its items are read).
"""
import ast
import builtins

from .. import astutil as A
from ..scopes import is_library
from .item_loops import constant_int, loops_over, unrolled
from .resolve import Resolver

MAX_ITEMS = 32


def object_lists(src, fdef, namer):
    """Unroll, in place, the loops over the lists of objects of ``fdef`` (module docstring)."""
    while _one_list(src, fdef, namer):      # one at a time: an unrolled body copies what it holds
        pass


def _one_list(src, fdef, namer):
    resolver, stores = Resolver(src, set(A.assigned_locals(fdef))), A.stores(fdef)
    params = {a.arg for a in A.walk(fdef) if isinstance(a, ast.arg)}
    for stmt in [s for s in A.walk(fdef) if isinstance(s, ast.Assign)]:
        target = stmt.targets[0] if len(stmt.targets) == 1 else None
        items = _items(resolver, stmt.value)
        if not (isinstance(target, ast.Name) and len(stores.get(target.id, ())) == 1 and target.id not in params
                and items and all(_object_call(resolver, e) for e in items)):
            continue
        loops = loops_over(resolver, fdef, target.id, len(items), stores, params)
        if loops is not None:
            _unroll(fdef, stmt, items, loops, namer)
            return True
    return False


def _items(resolver, value):
    """The items of a display, or of a comprehension over a constant ``range`` (its element once
    per int, the int written in; module docstring); None otherwise."""
    if isinstance(value, (ast.List, ast.Tuple)):
        return value.elts
    gen = value.generators[0] if isinstance(value, ast.ListComp) and len(value.generators) == 1 else None
    if gen is None or gen.ifs or gen.is_async or not isinstance(gen.target, ast.Name) \
            or any(isinstance(n, _SCOPES) for n in ast.walk(value.elt)):
        return None
    bounds = _constant_range(resolver, gen.iter)
    if bounds is None:
        return None
    name = gen.target.id
    return [_Ints(name, k).visit(A.clone(value.elt)) for k in range(*bounds)]


_SCOPES = (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp, ast.NamedExpr)


def _constant_range(resolver, node):
    """``(start, stop)`` of ``range(n)`` / ``range(a, b)`` written with int constants (at most
    ``MAX_ITEMS`` ints), else None."""
    if not (isinstance(node, ast.Call) and not node.keywords and 1 <= len(node.args) <= 2
            and resolver.obj(node.func) is builtins.range):
        return None
    ints = [constant_int(a) for a in node.args]
    if any(k is None for k in ints):
        return None
    bounds = (0, *ints) if len(ints) == 1 else tuple(ints)
    return bounds if 0 < bounds[1] - bounds[0] <= MAX_ITEMS else None


class _Ints(ast.NodeTransformer):
    """Each read of ``name`` -> the int constant ``k``."""

    def __init__(self, name, k):
        self.name, self.k = name, k

    def visit_Name(self, node):
        return A.at(A.const(self.k), node) if node.id == self.name else node


def _object_call(resolver, node):
    """Is ``node`` ``C(...)`` of a class of the user's?"""
    cls = resolver.obj(node.func) if isinstance(node, ast.Call) else None
    return isinstance(cls, type) and not is_library(cls) and cls.__module__ != "builtins"


def _unroll(fdef, stmt, items, loops, namer):
    names = [namer.fresh(f"{stmt.targets[0].id}_item") for _ in items]
    bound = [A.at(A.assign(n, e), stmt) for n, e in zip(names, items, strict=True)]
    unrolled(fdef, loops, names, namer, {id(stmt): bound})
