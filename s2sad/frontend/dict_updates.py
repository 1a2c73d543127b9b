"""Stage 1c''', ``d.update(...)`` of a local dict as the stores Python makes::

    d.update({'b': B, 'c': C}, e=E)   ->  t = B; t2 = C; t3 = E       (every value first, in order)
                                          d['b'] = t; d['c'] = t2; d['e'] = t3
    d.update(b=B)                     ->  d['b'] = B                   (one entry: no temporary)

so the later dict stages follow each entry as a store with a constant key (``constant_keys.py``,
``transforms/aggregates.py``), and a dict whose keys are known only at run time as before.

Invariant: rewritten only for a statement that is the call alone (its ``None`` unused) on a local
``d`` known to be a dict: not a parameter, never declared ``global``/``nonlocal``, not mentioned by
a nested function, lambda or class, and every binding of it anywhere an assignment of the name
alone whose value is a dict display, a dict comprehension or ``dict(...)`` (the builtin: no local
of that name). The arguments are at most one dict display without ``**`` whose keys are constants
(strings, numbers), then keywords without ``**``. Python evaluates the whole display, then the
keywords, then stores the entries in order (a repeated key keeps its last value), which the
temporaries keep when a value reads the dict. Anything else is left as written (refused later,
located, as before).

An entry that is itself a dict is updated the same way, ``d['l1'].update(W=E)`` -> ``d['l1']['W'] = E``
(the ML style ``params = {'l1': {'W': W1, 'b': b1}}``), when ``d['l1']`` is surely a dict: ``d`` is
a parameter whose kind (its keys are part of the build's specialisation) has a dict there, or a
local dict as above bound only by displays giving ``'l1'`` a dict display, comprehension or
``dict(...)``; and every mention of ``d`` is ``d[K]`` with a constant ``K`` (never seen whole, so no
alias or helper can rebind the entry), ``d`` itself never rebound if a parameter, and every store
``d['l1'] = v`` stores such a dict value (none ``+=``/``del``).
"""
import ast

from .. import astutil as A

_SCOPES = A.SCOPES


def dict_updates(fdef, namer, kinds=None):
    """Rewrite, in place, each ``d.update(...)`` statement of ``fdef`` (module docstring);
    ``kinds``: the build's parameter kinds (a dict parameter's: ``('dict', ((key, kind), ...))``)."""
    if not any(isinstance(s, ast.Expr) and _update_call(s.value) for s in A.walk(fdef)):
        return      # (only such a statement is rewritten: `_stores`; the analyses below only read)
    dicts = _known_dicts(fdef)
    entries = _dict_entries(fdef, dicts, kinds or {})
    if dicts or entries:
        A.map_blocks(fdef, lambda s: _stores(s, dicts, entries, namer))


def _known_dicts(fdef):
    params = {a.arg for a in ast.walk(fdef.args) if isinstance(a, ast.arg)}
    local = set(A.assigned_locals(fdef))
    binds = {}
    for s in ast.walk(fdef):
        name = A.bound_name(s)
        if name is not None:
            binds.setdefault(name, []).append(s.value)
    nested = {n.id for scope in ast.walk(fdef) if scope is not fdef and isinstance(scope, _SCOPES)
              for n in ast.walk(scope) if isinstance(n, ast.Name)}
    out = set()
    for name, nodes in A.stores(fdef).items():
        values = binds.get(name, [])
        if name in params or name in nested or None in nodes or len(values) != len(nodes):
            continue
        if all(_is_dict(v, local) for v in values):
            out.add(name)
    return out


def _dict_entries(fdef, dicts, kinds):
    """``{(d, K)}``: the entries ``d[K]`` surely holding a dict wherever read (module docstring)."""
    local, out = set(A.assigned_locals(fdef)), set()
    mentions = {}
    for n in ast.walk(fdef):
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load):      # (bindings: checked below)
            mentions.setdefault(n.id, []).append(n)
    parents = {id(c): p for p in ast.walk(fdef) for c in ast.iter_child_nodes(p)}
    for name, nodes in mentions.items():
        subs = [parents.get(id(n)) for n in nodes]
        if not all(isinstance(p, ast.Subscript) and p.value is n and _key(p) is not None for p, n in zip(subs, nodes)):
            continue
        kind = kinds.get(name)
        if isinstance(kind, tuple) and kind[:1] == ("dict",) and name not in A.stores(fdef):
            candidates = {k for k, v in kind[1] if isinstance(v, tuple) and v[:1] == ("dict",)}
        elif name in dicts:
            candidates = _display_dict_keys(fdef, name, local)
        else:
            continue
        for key in candidates:
            written = [p for p in subs if _key(p) == key and not isinstance(p.ctx, ast.Load)]
            if all(_stores_dict(parents.get(id(p)), p, local) for p in written):
                out.add((name, key))
    return out


def _key(sub):
    k = sub.slice
    return k.value if isinstance(k, ast.Constant) and type(k.value) in (str, int) else None


def _display_dict_keys(fdef, name, local):
    """The keys every display binding the local dict ``name`` gives a dict value."""
    values = [s.value for s in ast.walk(fdef) if A.bound_name(s) == name]
    if not values or not all(isinstance(v, ast.Dict) and None not in v.keys for v in values):
        return set()
    keyed = [{k.value: e for k, e in zip(v.keys, v.values) if isinstance(k, ast.Constant)} for v in values]
    return {k for k in keyed[0] if all(k in d and _is_dict(d[k], local) for d in keyed)}


def _stores_dict(stmt, target, local):
    return isinstance(stmt, ast.Assign) and stmt.targets == [target] and _is_dict(stmt.value, local)


def _is_dict(v, local):
    return isinstance(v, (ast.Dict, ast.DictComp)) or (
        isinstance(v, ast.Call) and isinstance(v.func, ast.Name) and v.func.id == "dict" and "dict" not in local)


def _entries(call):
    """The (key, value) pairs ``call``'s arguments store, in order, or None when not all known."""
    if len(call.args) > 1 or any(k.arg is None for k in call.keywords):
        return None
    pairs = []
    if call.args:
        d = call.args[0]
        if not isinstance(d, ast.Dict) or any(k is None or not isinstance(k, ast.Constant)
                                              or type(k.value) not in (str, int, float) for k in d.keys):
            return None
        pairs = [(k.value, v) for k, v in zip(d.keys, d.values)]
    return pairs + [(k.arg, k.value) for k in call.keywords]


def _update_call(c):
    return isinstance(c, ast.Call) and isinstance(c.func, ast.Attribute) and c.func.attr == "update"


def _updated(c, dicts, entries):
    """The dict ``c`` updates (a name of ``dicts`` or an entry of ``entries``), or None."""
    if not _update_call(c):
        return None
    d = c.func.value
    if isinstance(d, ast.Name) and d.id in dicts:
        return d
    if isinstance(d, ast.Subscript) and isinstance(d.value, ast.Name) and (d.value.id, _key(d)) in entries:
        return d
    return None


def _stores(s, dicts, entries, namer):
    c = s.value if isinstance(s, ast.Expr) else None
    target = _updated(c, dicts, entries)
    pairs = _entries(c) if target is not None else None
    if not pairs:
        return [s]
    temps = []
    if len(pairs) > 1:
        values = [namer.fresh("t") for _ in pairs]
        temps = [A.at(A.assign(t, v), s) for t, (_, v) in zip(values, pairs)]
        pairs = [(k, A.name(t)) for t, (k, _) in zip(values, pairs)]
    stores = [A.at(A.assign(ast.Subscript(value=A.clone(target), slice=ast.Constant(k), ctx=ast.Store()), v), s)
              for k, v in pairs]
    return temps + stores
