"""Stage 1c'00, a list of objects built in the function and only looped over, unrolled so each
object has a name of its own (then ``local_objects.py`` or ``namedtuples.py`` follows it)::

    springs = [Spring(x[0], x[1]), Spring(x[2], 0.5)]      s_1 = Spring(x[0], x[1])
    e = sum(s.energy(x[3]) for s in springs)       ->      s_2 = Spring(x[2], 0.5)
                                                           e = sum([s_1.energy(x[3]), s_2.energy(x[3])])

Invariant (Python's run is unchanged): applied to a local ``L`` bound once, to a list or tuple
display of calls of the user's classes (``C(...)``, resolved in the function's scope), and read only as what
the loops ``item_loops`` unrolls run over (``for`` statements, one-generator comprehensions, over
``L`` or ``enumerate(L)``, breaking out or not, nested or not). Each item is bound to a fresh name
where ``L`` was bound, in order (the display's own order of evaluation), and each loop is its
body once per item (``item_loops.unrolled``). Otherwise ``L`` is left as written (and refused
later, located, where its items are read).
"""
import ast

from .. import astutil as A
from ..scopes import is_library
from .item_loops import loops_over, unrolled
from .resolve import Resolver


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
        loops = loops_over(resolver, fdef, target.id, len(stmt.value.elts), stores, params)
        if loops is not None:
            _unroll(fdef, stmt, loops, namer)
            return True
    return False


def _object_call(resolver, node):
    """Is ``node`` ``C(...)`` of a class of the user's?"""
    cls = resolver.obj(node.func) if isinstance(node, ast.Call) else None
    return isinstance(cls, type) and not is_library(cls) and cls.__module__ != "builtins"


def _unroll(fdef, stmt, loops, namer):
    names = [namer.fresh(f"{stmt.targets[0].id}_item") for _ in stmt.value.elts]
    bound = [A.at(A.assign(n, e), stmt) for n, e in zip(names, stmt.value.elts, strict=True)]
    unrolled(fdef, loops, names, namer, {id(stmt): bound})
