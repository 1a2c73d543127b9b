"""Stage 1c, global records: a loop over a module-global list or tuple of namedtuples reads its
items' fields by index.

``SCHEDULE = [Dose(1.0, 0.5), Dose(3.0, 0.2)]`` then ``for d in SCHEDULE: c += d.amount * ...``:
every item is an instance of one namedtuple class, a tuple whose field ``amount`` is its item 1,
so ``d.amount`` is ``d[1]``, which the compiler follows (the list is a data parameter of the
adjoint, read afresh at each call; its items are constants, not differentiated).

Invariant: a name ``d`` is rewritten only when every binding of it in the function is the target
of a ``for`` or a comprehension over a global list or tuple ``G`` (a dotted name resolved in the
function's scope; alone, or at ``G``'s place in ``enumerate(G)`` / ``zip(..., G, ...)``) whose
items are now all instances of one namedtuple class, the same for every binding, whose field
attributes are the ones ``namedtuple`` made (``_tuplegetter``s of their index, no attribute hook),
and nothing the function runs can change ``G`` (read only as a loop's iterable, ``G[i]`` or
``len(G)``, its name in no code of the user's the function calls); only its reads ``d.<field>``
change. The class is an assumption of the build, which the guard
checks: ``scopes.kind_of`` of a list or tuple holding records names the classes of its items with
their fields, and a list's kind is checked at each call (``scope_guard``: it changes in place), so
rebinding ``G`` to records of another class, or storing one in it, rebuilds the adjoint.
"""
import ast
import builtins
import collections
import inspect

from .. import astutil as A
from .names_reached import names_reached
from .records import FieldReads
from .resolve import Resolver

_GETTER = type(collections.namedtuple("_P", "a").a)


def global_records(src, fdef):
    """Rewrite, in place, ``d.<field>`` of the loop names over global records (module docstring)."""
    resolver = Resolver(src, set(A.assigned_locals(fdef)))
    found = {}          # name -> [(its Store node, the class of the records it takes)]
    loops = [n for n in A.walk(fdef) if isinstance(n, (ast.For, ast.comprehension))]
    for node in loops:
        for target, cls in _targets(resolver, node.target, node.iter):
            found.setdefault(target.id, []).append((target, cls))
    if not found:
        return
    stores, params = A.stores(fdef), {a.arg for a in A.walk(fdef) if isinstance(a, ast.arg)}
    chosen = {}
    for name, binds in found.items():
        classes = {cls for _, cls in binds}
        ids = {id(t) for t, _ in binds}
        if len(classes) == 1 and None not in classes and name not in params \
                and all(s is not None and id(s) in ids for s in stores.get(name, ())):
            chosen[name] = classes.pop()
    if chosen and not _unchanged_while_running(resolver, fdef, {id(n.iter) for n in loops}):
        return
    if chosen:
        FieldReads(chosen, loads_only=True).visit(fdef)


def _unchanged_while_running(resolver, fdef, iters):
    """Can nothing the function runs change the globals it loops over (``SCHEDULE.append(...)``
    before the loop would put another class in it)? Each global looped over is read in ``fdef``
    only as a loop's iterable, ``G[i]`` or ``len(G)``, and its name is in no code of the user's
    that ``fdef`` calls (followed through the names each reads)."""
    roots = set()
    for it in iters:
        node = next(n for n in A.walk(fdef) if id(n) == it)
        node = node.args[0] if isinstance(node, ast.Call) and node.args else node
        roots |= {A.base_name(node)} if A.dotted_path(node) else set()
    parents = {id(c): p for p in A.walk(fdef) for c in ast.iter_child_nodes(p)}
    for n in A.walk(fdef):
        if isinstance(n, ast.Name) and n.id in roots and not _plain_read(n, parents, iters, resolver):
            return False
    return not any(roots & names_reached(resolver.obj(c.func)) for c in A.walk(fdef) if isinstance(c, ast.Call))


def _plain_read(name, parents, iters, resolver):
    node = name
    while isinstance(parents.get(id(node)), ast.Attribute):     # the dotted path of a module's global
        node = parents[id(node)]
    parent = parents.get(id(node))
    in_loop = id(node) in iters or isinstance(parent, ast.Call) and id(parent) in iters and node in parent.args
    return in_loop or isinstance(parent, ast.Subscript) and parent.value is node and isinstance(parent.ctx, ast.Load) \
        or isinstance(parent, ast.Call) and parent.args == [node] and resolver.obj(parent.func) is builtins.len


def _targets(resolver, target, it):
    """[(a Name target, the record class of the items it takes, or None)] of one loop."""
    if isinstance(target, ast.Name):
        return [(target, _records_of(resolver, it))]
    if not (isinstance(target, ast.Tuple) and isinstance(it, ast.Call) and not it.keywords
            and all(isinstance(e, ast.Name) for e in target.elts)
            and not any(isinstance(a, ast.Starred) for a in it.args)):
        return []
    fn = resolver.obj(it.func)
    if fn is builtins.enumerate and len(it.args) == 1 and len(target.elts) == 2:
        return [(target.elts[0], None), (target.elts[1], _records_of(resolver, it.args[0]))]
    if fn is builtins.zip and len(it.args) == len(target.elts):
        return [(t, _records_of(resolver, a)) for t, a in zip(target.elts, it.args)]
    return [(t, None) for t in target.elts]


def _records_of(resolver, node):
    """The one namedtuple class of every item of the global list or tuple ``node`` names, or None."""
    if A.dotted_path(node) is None:
        return None
    seq = resolver.obj(node)
    if type(seq) not in (list, tuple) or not seq:
        return None
    classes = set(map(type, seq))
    cls = classes.pop() if len(classes) == 1 else None
    return cls if cls is not None and plain_namedtuple(cls) else None


def plain_namedtuple(cls):
    """Is ``cls`` a namedtuple class whose field ``f`` reads item ``_fields.index(f)`` (the
    getters ``namedtuple`` made, no ``__getattribute__``/``__getattr__`` of its own)?"""
    fields = getattr(cls, "_fields", None)
    if not (isinstance(cls, type) and issubclass(cls, tuple) and isinstance(fields, tuple) and hasattr(cls, "_make")):
        return False
    if any(m in vars(c) for c in cls.__mro__ if c not in (tuple, object)
           for m in ("__getattribute__", "__getattr__")):
        return False
    getters = [inspect.getattr_static(cls, f, None) for f in fields]
    return all(type(g) is _GETTER and g.__reduce__()[1][0] == i for i, g in enumerate(getters))
