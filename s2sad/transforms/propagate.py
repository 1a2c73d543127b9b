"""Copy propagation and re-nesting (part of stage 8, optimize).

``propagate`` replaces a name assigned once from an expression and read once, in
the same block, by that expression (``t = x * y; z = t + 1`` -> ``z = x * y + 1``),
and a once-assigned copy of a once-assigned name by the name itself; this undoes
most of the temporaries the normal form needed. Invariant: a value is never moved
past a statement that assigns, or writes into, anything it reads — names that may
share memory with what it reads (``aliases`` from the alias analysis, views found
here, in both directions: what it reads is a view of, and what is a view of it)
count as read.
"""
import ast

from .. import astutil as A
from ..analyses.alias_views import FIRST, named_view
from .purity import pure, uses

_VIEWS = {}  # name -> names it may share memory with (for the pass under way)
_LOADS = {}  # id(statement) -> {name: number of loads}; dropped when a substitution edits it
_ALIASES = {}  # name -> names that may share its memory (set by optimize's caller)
_STORES = {}  # id(statement) -> names it assigns or mutates (substitution never changes this)


def reset(aliases=None):
    """Clear the per-function caches; ``aliases``: name -> names that may share its memory."""
    _STORES.clear()
    _ALIASES.clear()
    _LOADS.clear()
    _VIEWS.clear()
    _ALIASES.update(aliases or {})


def propagate(fdef, ns):
    changed = False
    for _ in range(100):
        if not _propagate_pass(fdef, ns):
            return changed
        changed = True
    return changed


def _scan(fdef):
    """One walk over the function: (stores, loads, views, blocks). ``stores``/``loads``: name ->
    number of stores (an assignment into ``name[...]`` counts two) and loads; ``views``: see
    ``_view_bases``; ``blocks``: every statement list, the function's body first."""
    stores, loads, parent = {}, {}, {}
    blocks = [fdef.body]
    for node in A.walk(fdef):
        if isinstance(node, ast.Name):
            d = stores if isinstance(node.ctx, ast.Store) else loads
            d[node.id] = d.get(node.id, 0) + 1
            continue
        if isinstance(node, (ast.AugAssign, ast.Assign)):
            _count_subscript_stores(node, stores)
            if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
                bases = _view_base(node.value) - {node.targets[0].id}
                if bases:
                    parent.setdefault(node.targets[0].id, set()).update(bases)
        if node is not fdef:
            blocks.extend(getattr(node, f) for f in ("body", "orelse") if isinstance(getattr(node, f, None), list))
    return stores, loads, _view_bases(parent), blocks


def _count_subscript_stores(node, stores):
    for base in (node.targets if isinstance(node, ast.Assign) else [node.target]):
        if isinstance(node, ast.Assign) and not isinstance(base, ast.Subscript):
            continue
        name = A.base_name(base)
        if name is not None:
            stores[name] = stores.get(name, 0) + 2


def _view_bases(parent):
    """name -> the names whose memory it may share (``t = W[:, 1]``, ``v = x``, ``r = x.T``,
    ``r = x.reshape(n)``), so that a value is never moved past a write into an array it views;
    ``parent``: name -> the names it is assigned a view of."""
    closure = {}
    for name in parent:
        seen, todo = set(), [name]
        while todo:
            for p in parent.get(todo.pop(), ()):
                if p not in seen:
                    seen.add(p)
                    todo.append(p)
        closure[name] = seen
    return closure


def _view_base(v):
    """The names whose memory the value of expression ``v`` may share (empty if it is fresh).
    Which calls may return a view: ``analyses/alias_views.py``, seen here by name (``np.flip``,
    ``x.reshape(...)``); one that may share any argument (``np.einsum``) shares all of them."""
    while True:
        if isinstance(v, ast.Name):
            return {v.id}
        if isinstance(v, (ast.Subscript, ast.Attribute)):
            v = v.value
        elif isinstance(v, ast.Call) and named_view(v) is not None:
            module = isinstance(v.func.value, ast.Name) and v.func.value.id == "np"
            if not module:
                v = v.func.value
            elif named_view(v) == FIRST:
                if not v.args:
                    return set()
                v = v.args[0]
            else:
                return {n.id for a in v.args + [k.value for k in v.keywords] for n in A.walk(a)
                        if isinstance(n, ast.Name)}
        else:
            return set()


def _propagate_pass(fdef, ns):
    """Make every safe substitution, keeping the use counts exact as it goes."""
    stores, loads, views, blocks = _scan(fdef)
    _VIEWS.clear()
    _VIEWS.update(views)
    params = {a.arg for a in fdef.args.args}
    changed = False
    for block in blocks:
        i = 0
        while i < len(block):
            s = block[i]
            if _candidate(s, stores, loads, params, ns) and _apply(block, i, stores, loads):
                changed = True
                continue
            i += 1
    return changed


def _apply(block, i, stores, loads):
    name, value = block[i].targets[0].id, block[i].value
    j = _single_use(block, i, name, value, stores, loads)
    if j is None:
        return False
    if isinstance(value, ast.Name):
        for later in block[i + 1:]:
            if name in _loads_of(later):
                _Replace(name, value).visit(later)
                _edited(later)
        loads[value.id] = loads.get(value.id, 0) + loads.get(name, 0) - 1
    elif not _substitute(block[j], name, value):
        return False
    else:
        _edited(block[j])
    loads[name], stores[name] = 0, 0
    del block[i]
    return True


def _candidate(s, stores, loads, params, ns):
    if not (isinstance(s, ast.Assign) and isinstance(s.targets[0], ast.Name)):
        return False
    name = s.targets[0].id
    if stores.get(name, 0) != 1 or name in params or name.startswith("tape_"):
        return False
    if isinstance(s.value, ast.Name):
        return loads.get(name, 0) >= 1 and not s.value.id.startswith("tape_")
    return loads.get(name, 0) == 1 and pure(s.value, ns) and not isinstance(s.value, ast.List)


def _single_use(block, i, name, value, stores, loads):
    """Index j > i of the one direct statement using ``name`` if moving ``value`` there is safe."""
    deps = uses(value)
    deps = deps | {m for d in deps for m in _ALIASES.get(d, ())}
    deps = deps | {b for d in deps for b in _VIEWS.get(d, ())}
    deps = deps | {v for v, bases in _VIEWS.items() if bases & deps}  # a write into a view of it (Q = C; Q[0] = 1)
    for j in range(i + 1, len(block)):
        s = block[j]
        if A.is_comment(s) and not A.is_silent(s) and not isinstance(value, ast.Name):
            return None  # keep each source line's adjoint block on its own (a silent one prints none)
        used = name in _loads_of(s)
        if used:
            if isinstance(s, (ast.If, ast.For, ast.While)) and not isinstance(value, ast.Name):
                return None
            if isinstance(value, ast.Name):
                return j if _only_loads_after(block, i, name, value.id, stores, loads) else None
            return j
        if _stores_any(s, deps) or _stores_any(s, {name}):
            return None
    return None


def _only_loads_after(block, i, name, source, stores, loads):
    """For a copy ``name = source``: every use of ``name`` can read ``source`` instead.

    All uses must follow in this block, before ``source`` is next assigned (a use on
    the right-hand side of that very assignment is still fine)."""
    seen = 0
    for s in block[i + 1:]:
        if isinstance(s, (ast.Assign, ast.AugAssign)) and not isinstance(
                s.targets[0] if isinstance(s, ast.Assign) else s.target, ast.Subscript):
            seen += _value_loads(s, name)
            if _stores_any(s, {source}):
                return seen == loads.get(name, 0) and not _count_loads(
                    s.targets[0] if isinstance(s, ast.Assign) else s.target, name)
            continue
        if _stores_any(s, {source}):
            return seen == loads.get(name, 0)
        seen += _count_loads(s, name)
    return seen == loads.get(name, 0)


def _value_loads(s, name):
    """Loads of ``name`` in the value of an assignment (its statement's, when the targets are names)."""
    targets = s.targets if isinstance(s, ast.Assign) else [s.target]
    if all(isinstance(t, ast.Name) for t in targets):
        return _loads_of(s).get(name, 0)
    return _count_loads(s.value, name)


def _loads_of(s):
    key = id(s)
    if key not in _LOADS:
        counts = {}
        for n in A.walk(s):
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load):
                counts[n.id] = counts.get(n.id, 0) + 1
        _LOADS[key] = (s, counts)
    return _LOADS[key][1]


def _edited(s):
    for node in A.walk(s):
        if isinstance(node, ast.stmt):
            _LOADS.pop(id(node), None)


def _count_loads(node, name):
    if isinstance(node, ast.stmt):
        return _loads_of(node).get(name, 0)
    return sum(1 for n in A.walk(node) if isinstance(n, ast.Name) and n.id == name
               and isinstance(n.ctx, ast.Load))


def _stores_any(s, names):
    key = id(s)
    if key not in _STORES:
        _STORES[key] = (s, stored_names(s))
    return not names.isdisjoint(_STORES[key][1])


def stored_names(s):
    """Names ``s`` assigns, or assigns into (``x[i] = v``, ``x += v``)."""
    out = set()
    for node in A.walk(s):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            out.add(node.id)
        elif isinstance(node, (ast.Assign, ast.AugAssign)):
            for t in (node.targets if isinstance(node, ast.Assign) else [node.target]):
                base = A.base_name(t)
                if base:
                    out.add(base)
    return out


def _substitute(stmt, name, value):
    """Replace loads of ``name`` in ``stmt`` by ``value``; False if it would change meaning."""
    if isinstance(value, ast.Name):
        _Replace(name, value).visit(stmt)
        return True
    targets = stmt.targets if isinstance(stmt, ast.Assign) else [getattr(stmt, "target", None)]
    for t in targets:
        if isinstance(t, ast.Subscript) and name in uses(t):
            return False
    if not isinstance(stmt, (ast.Assign, ast.AugAssign)) or _size(value) > 6:
        return False
    _Replace(name, value).visit(stmt)
    return True


class _Replace(ast.NodeTransformer):
    def __init__(self, name, value):
        self.name, self.value = name, value

    def visit_Name(self, node):
        if node.id == self.name and isinstance(node.ctx, ast.Load):
            return A.clone(self.value)
        return node


def _size(expr):
    return sum(isinstance(n, (ast.BinOp, ast.UnaryOp, ast.Call, ast.Subscript)) for n in A.walk(expr))
