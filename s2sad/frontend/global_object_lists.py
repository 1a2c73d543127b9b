"""Stage 1c'0, a module-global list of the user's objects only looped over, unrolled so each item
is an object of its own, held by a closure cell of the function's (then followed as a global
object is: ``own_methods.py`` inlines its methods, ``scopes._DataPaths`` reads its attributes)::

    SPRINGS = [Spring(1.0, 2.0), Spring(3.0, 0.5)]           (module)
    e = sum(s.energy(x[0]) for s in SPRINGS)       ->      e = sum([SPRINGS_item.energy(x[0]),
                                                                    SPRINGS_item2.energy(x[0])])

with ``SPRINGS_item`` a free name held by a cell holding ``SPRINGS[0]``. The items may be
dataclass instances, plain objects, namedtuples of several classes: anything ``global_records``
(one plain namedtuple class, read by index) does not take.

Invariant (Python's run is unchanged): applied to a free name ``G`` (not a local, not a parameter)
holding a list or tuple of 1 to ``MAX_ITEMS`` instances of the user's classes (data, not callables,
not library objects), never stored or declared ``global`` in the function, and whose name is in no code of the user's the function or the items' classes reach
(``global_records._unchanged_while_running``: nothing the function runs can change ``G``).
``G[k]`` (a constant ``k`` in range) is the item's cell name and ``len(G)`` the number of items.
When ``G`` is then read only as what the loops ``object_lists`` unrolls run over (a ``for``
statement or a one-generator comprehension consumed whole, over ``G`` or ``enumerate(G)``; each
loop name kept inside its loop), each loop is its body (or element) once per item, in order, the
loop name replaced by the item's cell name (``object_lists.unrolled``); otherwise those loops are left as written (refused later, located). The build depends on ``G``'s items themselves: ``Source.same_objects`` records them, and the
guard rebuilds the adjoint when ``G`` is rebound, grows, shrinks or holds another object at any
place (identity); the items' attributes are read afresh at each call, as a global object's are.
"""
import ast
import builtins
import types

import numpy as np

from .. import astutil as A
from ..scopes import is_data, is_library
from .global_records import _names_reached, _records_of
from .object_lists import _loops, unrolled
from .resolve import Resolver

MAX_ITEMS = 32


def global_object_lists(src, fdef, namer):
    """Unroll, in place, the loops of ``fdef`` over global lists of objects (module docstring)."""
    while _one_list(src, fdef, namer):      # one at a time: an unrolled body copies what it holds
        pass


def _one_list(src, fdef, namer):
    local = set(A.assigned_locals(fdef))
    resolver, stores = Resolver(src, local), A.stores(fdef)
    params = {a.arg for a in A.walk(fdef) if isinstance(a, ast.arg)}
    for name in sorted({n.id for n in A.walk(fdef) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
                       - local - params):
        items = _objects(src, name)
        if items is None or _records_of(resolver, A.name(name)) is not None:
            continue
        if name in stores or _declared(fdef, name) or not _unchanged(resolver, fdef, name, items):
            continue
        sites = _index_sites(resolver, fdef, name, len(items))
        loops = None if sites else _loops(resolver, fdef, name, stores, params)
        if not sites and loops is None:
            continue
        cells = [namer.fresh(f"{name}_item") for _ in items]
        src.same_objects(name)
        src.cells = {**src.cells, **{c: types.CellType(v) for c, v in zip(cells, items, strict=True)}}
        for site, k in sites:
            A.replaced(fdef, site, A.at(A.name(cells[k]) if k is not None else A.const(len(cells)), site))
        unrolled(fdef, _loops(resolver, fdef, name, stores, params) or [] if sites else loops, cells)
        return True
    return False


def _index_sites(resolver, fdef, name, n):
    """[(``G[k]``, k)] for a constant ``k`` in range (read as the item's cell name) and
    [(``len(G)``, None)] (the number of items: the guard checks them)."""
    parents = {id(c): p for p in A.walk(fdef) for c in ast.iter_child_nodes(p)}
    out = []
    for node in A.walk(fdef):
        parent = parents.get(id(node)) if isinstance(node, ast.Name) and node.id == name else None
        k = _int(parent.slice) if isinstance(parent, ast.Subscript) and isinstance(parent.ctx, ast.Load) \
            and parent.value is node else None
        if k is not None and -n <= k < n:
            out.append((parent, k))
        elif isinstance(parent, ast.Call) and parent.args == [node] and not parent.keywords \
                and resolver.obj(parent.func) is builtins.len:
            out.append((parent, None))
    return out


def _int(node):
    """The int ``node`` writes (``2``, ``-1``), or None."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        k = _int(node.operand)
        return None if k is None else -k
    return node.value if isinstance(node, ast.Constant) and type(node.value) is int else None


def _objects(src, name):
    """The items of the free name ``name`` if it holds a list or tuple of 1 to ``MAX_ITEMS`` of the
    user's objects, else None (not recorded: only ``same_objects`` records)."""
    origin = src.origin(name)
    if origin.kind == "builtin":
        return None
    value = origin.current()
    if type(value) not in (list, tuple) or not 0 < len(value) <= MAX_ITEMS:
        return None
    return tuple(value) if all(map(_user_object, value)) else None


def _declared(fdef, name):
    """Does ``fdef`` declare ``name`` ``global``/``nonlocal`` (it may rebind it while it runs)?"""
    return any(isinstance(n, (ast.Global, ast.Nonlocal)) and name in n.names for n in A.walk(fdef))


def _user_object(v):
    return is_data(v) and not is_library(v) and type(v).__module__ != "builtins" \
        and not isinstance(v, (np.ndarray, np.generic, types.ModuleType))


def _unchanged(resolver, fdef, name, items):
    """Can nothing the function runs change ``name``'s list: its name is in no code of the user's
    called in ``fdef``, nor in the items' classes (their methods are inlined)?"""
    reached = set()
    for c in A.walk(fdef):
        if isinstance(c, ast.Call):
            reached |= _names_reached(resolver.obj(c.func))
    for cls in dict.fromkeys(map(type, items)):
        reached |= _names_reached(cls)
    return name not in reached
