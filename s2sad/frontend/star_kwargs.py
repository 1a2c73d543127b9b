"""Stage 1c'', star_kwargs: ``f(a, **d)`` of a dict the function builds with constant keys passes
those keys by name.

``d = {'amp': a, 'decay': k}`` (or ``dict(amp=a, decay=k)``) then ``model(t, **d)`` is
``model(t, amp=d['amp'], decay=d['decay'])``: the entries as they are at the call, which is what
Python passes. The later dict stage (transforms/aggregates.py) makes each entry a variable.

Invariant: rewritten only where ``d``'s keys at the call are known: ``d`` is bound once in the
function, to a dict display with constant string keys or ``dict(k=v, ...)``, and every other use
of ``d`` reads or writes one of those keys (``d['amp']``) or is such a ``**d``; a keyword the call
also passes by name is left as written. Anything else keeps the refusal of ``**`` in a call.
"""
import ast
import collections

from .. import astutil as A


def expand_star_kwargs(src, fdef):
    """Rewrite ``fdef`` in place (see the module's docstring)."""
    local = set(A.assigned_locals(fdef))

    def is_dict(node):
        try:
            return node.id not in local and src.lookup(node.id) is dict
        except KeyError:
            return False
    keys = {name: k for name, k in _built_dicts(fdef, is_dict).items() if _only_keyed_uses(fdef, name, k)}
    for call in (n for n in A.walk(fdef) if isinstance(n, ast.Call)):
        stars = [k for k in call.keywords if k.arg is None and isinstance(k.value, ast.Name) and k.value.id in keys]
        named = {k.arg for k in call.keywords if k.arg is not None}
        if not stars or any(named & set(keys[k.value.id]) for k in stars):
            continue
        out = []
        for k in call.keywords:
            if k in stars:
                out += [A.at(ast.keyword(arg=key, value=ast.Subscript(value=A.name(k.value.id), slice=A.const(key),
                                                                       ctx=ast.Load())), k.value)
                        for key in keys[k.value.id]]
            else:
                out.append(k)
        call.keywords = out


def _built_dicts(fdef, is_dict):
    """name -> its keys, for the names bound exactly once, to a dict of constant string keys."""
    binds, found = collections.Counter(), {}
    for node in A.walk(fdef):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):   # any binding, as assigned_locals
            binds[node.id] += 1
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            v = node.value
            if isinstance(v, ast.Dict) and all(isinstance(k, ast.Constant) and isinstance(k.value, str) for k in v.keys):
                found[node.targets[0].id] = [k.value for k in v.keys]
            elif isinstance(v, ast.Call) and isinstance(v.func, ast.Name) and is_dict(v.func) \
                    and not v.args and all(k.arg for k in v.keywords):
                found[node.targets[0].id] = [k.arg for k in v.keywords]
    return {n: k for n, k in found.items() if binds[n] == 1 and len(set(k)) == len(k)}


def _only_keyed_uses(fdef, name, keys):
    """Every use of ``name`` but its binding is ``name['key']`` of one of ``keys`` or a ``**name``."""
    parents = {id(c): p for p in A.walk(fdef) for c in ast.iter_child_nodes(p)}
    for n in A.walk(fdef):
        if not (isinstance(n, ast.Name) and n.id == name) or isinstance(n.ctx, ast.Store):
            continue
        up = parents.get(id(n))
        if isinstance(up, ast.keyword) and up.arg is None:
            continue
        if isinstance(up, ast.Subscript) and up.value is n and isinstance(up.slice, ast.Constant) \
                and up.slice.value in keys and not isinstance(parents.get(id(up)), ast.Delete):
            continue
        return False
    return True
