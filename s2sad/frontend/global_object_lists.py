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
holding a list or tuple of 1 to ``MAX_ITEMS`` of the user's objects (instances of the user's
classes, callable or not; functions, lambdas, NumPy's and math's functions: not library objects
that are data), never stored or declared ``global`` in the function, and whose name is in no
code of the user's the function or the items' classes and functions reach (``names_reached``:
nothing the function runs can change ``G``). ``G[k]`` (a constant ``k`` in range) is the
item's cell name and ``len(G)`` the number of items. When ``G`` is read only so and as what the
loops ``item_loops`` unrolls run over (``for`` statements, breaking out or not, nested or not,
and one-generator comprehensions, over ``G``, ``enumerate(G)``, ``range(len(G))`` with ``G[i]``
read in the body, or ``zip`` of ``G`` with another such global list or with the rows of a
sequence parameter never rebound, ``x`` or ``x[0]``), each loop is its body (or element) once
per item, in order, the loop name replaced by the item's cell name (``item_loops.unrolled``);
otherwise those loops are left as written (refused later, located). ``m.G``, a list of a module of
the user's read through the module (``for s in objs.SPRINGS``, never written through ``m`` in the
function, ``G`` in no code it reaches), is read so too (``_module_lists``: a free name standing for
it while it is unrolled; left as written otherwise), the guard recording the items at ``m.G``.
The build depends on ``G``'s items
themselves (and on a zipped global list's): ``Source.same_objects`` records them, and the guard
rebuilds the adjoint when ``G`` is rebound, grows, shrinks or holds another object at any place
(identity); the items' attributes are read afresh at each call, as a global object's are.
"""
import ast
import builtins
import copy
import types

import numpy as np

from .. import astutil as A
from ..scopes import is_library
from .global_records import _records_of
from .item_loops import constant_int, loops_over, unrolled
from .names_reached import names_reached
from .resolve import Resolver
from .row_comprehensions import rows_as_loops

MAX_ITEMS = 32


def global_object_lists(src, fdef, namer, rows=()):
    """Unroll, in place, the loops of ``fdef`` over global lists of objects (module docstring);
    ``rows``: the parameters given a sequence (an array, a list, a tuple)."""
    while _one_list(src, fdef, namer, rows):      # one at a time: an unrolled body copies what it holds
        pass


def _one_list(src, fdef, namer, rows):
    params = {a.arg for a in A.walk(fdef) if isinstance(a, ast.arg)}
    _zipped_rows_as_loops(src, fdef, namer, rows)
    local = set(A.assigned_locals(fdef))
    modules = _module_lists(src, fdef, namer, local | params)
    resolver, stores = Resolver(src, local), A.stores(fdef)
    done = None
    for name in sorted({n.id for n in A.walk(fdef) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
                       - local - params):
        items = _listed(src, resolver, fdef, name, stores, modules)
        partner = _Partners(src, resolver, fdef, stores, {r for r in rows if r not in stores}, modules)
        loops = None if items is None else \
            loops_over(resolver, fdef, name, len(items), stores, params, partner, index_reads=True)
        if loops is None:
            continue
        cells = [namer.fresh(f"{name}_item") for _ in items]
        _same_objects(src, name, modules)
        src.cells = {**src.cells, **{c: types.CellType(v) for c, v in zip(cells, items, strict=True)}}
        unrolled(fdef, loops, cells, namer)
        for site, k in _index_sites(resolver, fdef, name, len(items)):
            A.replaced(fdef, site, A.at(A.name(cells[k]) if k is not None else A.const(len(cells)), site))
        done = name
        break
    _restore(src, modules, {n for n in modules if n == done or partner.used(n)} if done else ())
    return done is not None


def _zipped_rows_as_loops(src, fdef, namer, rows):
    """A comprehension over ``zip`` of global lists of objects with a parameter's rows (``sum(s.k *
    v for s, v in zip(SPRINGS, x))``) as the ``for`` loop it is (``row_comprehensions``), which the
    caller then unrolls (its copies stop where ``zip`` stops)."""
    local = set(A.assigned_locals(fdef))
    resolver, stores = Resolver(src, local), A.stores(fdef)
    partner = _Partners(src, resolver, fdef, stores, {r for r in rows if r not in stores}, {})

    def wanted(call):
        lists = [a for a in call.args if isinstance(a, ast.Name) and a.id not in local
                 and _listed(src, resolver, fdef, a.id, stores, {}) is not None]
        others = [partner(a) if not isinstance(a, ast.Starred) else None for a in call.args if a not in lists]
        return bool(lists) and bool(others) and all(p is not None and p[2] for p in others)
    rows_as_loops(fdef, namer, resolver, wanted)


def _module_lists(src, fdef, namer, local):
    """Each ``m.G`` read (``m`` a free name holding a module of the user's, ``G`` a list or tuple
    there, never written through ``m`` in the function) -> a fresh free name held by a cell
    holding that list. Returns {fresh name: (the reads replaced, with their old fields; where
    the guard reads ``m.G``; ``G``)}: the caller records the items at ``m.G`` itself (rebinding
    it or changing its items rebuilds) and undoes what it does not unroll (``_restore``)."""
    sites = {}
    for node in A.walk(fdef):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id not in local:
            sites.setdefault((node.value.id, node.attr), []).append(node)
    out = {}
    for (m, attr), nodes in sorted(sites.items()):
        origin = src.origin(m)
        module = origin.current() if origin.kind != "builtin" else None
        value = getattr(module, attr, None) if isinstance(module, types.ModuleType) and not is_library(module) \
            else None
        if type(value) not in (list, tuple) or not all(isinstance(n.ctx, ast.Load) for n in nodes):
            continue
        name = namer.fresh(attr)
        src.cells = {**src.cells, name: types.CellType(value)}
        out[name] = ([(n, copy.copy(n)) for n in nodes], origin.with_attrs([attr]), attr)
        for n in nodes:
            A.become(n, A.at(A.name(name), n))
    return out


def _restore(src, modules, kept):
    """Undo ``_module_lists`` for the fresh names not in ``kept``."""
    for name, (reads, _, _) in modules.items():
        if name in kept:
            continue
        for node, old in reads:
            A.become(node, old)
        src.cells = {k: v for k, v in src.cells.items() if k != name}


def _same_objects(src, name, modules):
    """Record that the build used the items of free name ``name`` (at ``m.G`` for one of
    ``_module_lists``')."""
    if name not in modules:
        src.same_objects(name)
        return
    origin = modules[name][1]
    value = origin.current()
    src.values[origin.key()] = (origin, (type(value), tuple(value), "is"))


def _listed(src, resolver, fdef, name, stores, modules):
    """The items of global ``name`` if it is a list of objects nothing the function runs changes
    (``modules``: ``_module_lists``' names, each standing for ``m.G``: nothing may reach ``G``)."""
    items = _objects(src, name)
    if items is None or name not in modules and _records_of(resolver, A.name(name)) is not None:
        return None
    reached = modules[name][2] if name in modules else name
    if name in stores or _declared(fdef, name) or not _unchanged(resolver, fdef, reached, items):
        return None
    return items


class _Partners:
    """What ``zip(G, P)`` reads of its other argument ``P`` at item ``k``: (its length or None,
    ``k`` -> the read, bound at the start of the copy?); None for an unknown partner. ``P`` is
    another global list of objects (``P[k]``, its cell once ``P`` is unrolled; its items are
    recorded for the guard) or the rows of a sequence parameter never rebound (``x[k]``,
    ``x[0][k]``, read where the iterator reads it)."""

    def __init__(self, src, resolver, fdef, stores, rows, modules):
        self.src, self.resolver, self.fdef, self.stores, self.rows = src, resolver, fdef, stores, rows
        self.modules, self.recorded = modules, set()

    def used(self, name):
        """Was ``name`` (one of ``_module_lists``') zipped with the list unrolled?"""
        return name in self.recorded

    def __call__(self, node):
        def read(k):
            return ast.Subscript(value=A.clone(node), slice=A.const(k), ctx=ast.Load())
        if isinstance(node, ast.Name) and node.id not in self.rows:
            items = _listed(self.src, self.resolver, self.fdef, node.id, self.stores, self.modules)
            if items is None:
                return None
            _same_objects(self.src, node.id, self.modules)
            self.recorded.add(node.id)
            return len(items), read, False
        names = [n for n in ast.walk(node) if isinstance(n, ast.Name)]
        if names and all(n.id in self.rows for n in names) \
                and all(isinstance(n, (ast.Name, ast.Subscript, ast.Constant, ast.Slice, ast.Tuple, ast.Load,
                                       ast.UnaryOp, ast.USub)) for n in ast.walk(node)):
            return None, read, True
        return None


def _index_sites(resolver, fdef, name, n):
    """[(``G[k]``, k)] for a constant ``k`` in range (read as the item's cell name) and
    [(``len(G)``, None)] (the number of items: the guard checks them)."""
    parents = {id(c): p for p in A.walk(fdef) for c in ast.iter_child_nodes(p)}
    out = []
    for node in A.walk(fdef):
        parent = parents.get(id(node)) if isinstance(node, ast.Name) and node.id == name else None
        k = constant_int(parent.slice) if isinstance(parent, ast.Subscript) and isinstance(parent.ctx, ast.Load) \
            and parent.value is node else None
        if k is not None and -n <= k < n:
            out.append((parent, k))
        elif isinstance(parent, ast.Call) and parent.args == [node] and not parent.keywords \
                and resolver.obj(parent.func) is builtins.len:
            out.append((parent, None))
    return out


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
    """An object of the user's (data or callable), or a function (the user's, a lambda, NumPy's)."""
    if isinstance(v, (types.FunctionType, np.ufunc)):
        return True
    if isinstance(v, types.BuiltinFunctionType):        # math.sin, not a bound method (`xs.append`)
        return isinstance(v.__self__, (types.ModuleType, type(None)))
    return not isinstance(v, (types.ModuleType, property, staticmethod, classmethod, type)) \
        and not is_library(v) and type(v).__module__ != "builtins" \
        and not isinstance(v, (np.ndarray, np.generic, types.MethodType))


def _unchanged(resolver, fdef, name, items):
    """Can nothing the function runs change ``name``'s list: its name is in no code of the user's
    called in ``fdef``, nor in the items' classes (their methods are inlined) or functions?"""
    reached = set()
    for c in A.walk(fdef):
        if isinstance(c, ast.Call):
            reached |= names_reached(resolver.obj(c.func))
    for code in dict.fromkeys(v if isinstance(v, types.FunctionType) else type(v) for v in items):
        reached |= names_reached(code)
    return name not in reached
