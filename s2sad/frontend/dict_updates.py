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
"""
import ast

from .. import astutil as A

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def dict_updates(fdef, namer):
    """Rewrite, in place, each ``d.update(...)`` statement of ``fdef`` (module docstring)."""
    dicts = _known_dicts(fdef)
    if dicts:
        A.map_blocks(fdef, lambda s: _stores(s, dicts, namer))


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


def _stores(s, dicts, namer):
    c = s.value if isinstance(s, ast.Expr) else None
    if not (isinstance(c, ast.Call) and isinstance(c.func, ast.Attribute) and c.func.attr == "update"
            and isinstance(c.func.value, ast.Name) and c.func.value.id in dicts):
        return [s]
    pairs = _entries(c)
    if not pairs:
        return [s]
    name = c.func.value.id
    temps = []
    if len(pairs) > 1:
        values = [namer.fresh("t") for _ in pairs]
        temps = [A.at(A.assign(t, v), s) for t, (_, v) in zip(values, pairs)]
        pairs = [(k, A.name(t)) for t, (k, _) in zip(values, pairs)]
    stores = [A.at(A.assign(ast.Subscript(value=A.name(name), slice=ast.Constant(k), ctx=ast.Store()), v), s)
              for k, v in pairs]
    return temps + stores
