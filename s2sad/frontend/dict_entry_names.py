"""Stage 1c''', an entry of a local dict changed in place, as a variable of its own::

    d = {'n': N, 'xs': [a, b]}    ->  t = N; d_xs = [a, b]; d = {'n': t}   (Python's order kept)
    d['xs'].append(v)             ->  d_xs.append(v)
    sum(d['xs']), d['xs'] = e     ->  sum(d_xs), d_xs = e

so the list stages follow ``d_xs`` as any list changed in place (appends in loops, extends), where
a list held in a dict entry was refused (``effect_errors.dict_entry_mutation``).

Invariant: rewritten only for a local ``d`` bound once, by a dict display of distinct constant keys
(no ``**``), not a parameter, never declared ``global``/``nonlocal``, not mentioned by a nested
function, lambda or class, every other mention of which is ``d[K]`` (read, written, or the target
of an operator) with ``K`` one of the display's keys: the dict is never seen whole, so no view,
``len``, ``in`` or alias can tell the entry from a variable. Only an entry whose list (or other
value) some method is called on in place (``d['xs'].append(...)``) becomes a variable; the values
before it in the display are taken first, in order, as Python evaluates a display. Anything else
is left as written.
"""
import ast

from .. import astutil as A

_SCOPES = A.SCOPES
_MUTATORS = {"append", "extend", "insert", "pop", "remove", "reverse", "sort", "clear"}


def dict_entry_names(fdef, namer):
    """Rewrite, in place, each dict entry of ``fdef`` changed in place (module docstring)."""
    parents = {id(c): p for p in ast.walk(fdef) for c in ast.iter_child_nodes(p)}
    for name, bind in _dicts(fdef, parents).items():
        keys = [k.value for k in bind.value.keys]
        reads = [parents[id(n)] for n in ast.walk(fdef) if isinstance(n, ast.Name) and n.id == name
                 and isinstance(n.ctx, ast.Load)]
        if not all(_entry(r, keys) and not isinstance(r.ctx, ast.Del) for r in reads):
            continue
        changed = [k for k in keys if any(r.slice.value == k and _mutated(r, parents) for r in reads)]
        if changed:
            _split(fdef, name, bind, changed, reads, namer)


def _dicts(fdef, parents):
    """Name -> its one binding ``d = {...}`` with distinct constant keys, for the locals qualifying."""
    params = {a.arg for a in ast.walk(fdef.args) if isinstance(a, ast.arg)}
    nested = {n.id for scope in ast.walk(fdef) if scope is not fdef and isinstance(scope, _SCOPES)
              for n in ast.walk(scope) if isinstance(n, ast.Name)}
    out = {}
    for name, nodes in A.stores(fdef).items():
        if name in params or name in nested or len(nodes) != 1 or nodes[0] is None:
            continue
        s = parents.get(id(nodes[0]))
        if A.bound_name(s) == name and isinstance(s.value, ast.Dict) and _constant_keys(s.value.keys):
            out[name] = s
    return out


def _constant_keys(keys):
    if not all(isinstance(k, ast.Constant) and type(k.value) in (str, int) for k in keys):
        return False
    return len({(type(k.value), k.value) for k in keys}) == len(keys)


def _entry(node, keys):
    return isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) \
        and type(node.slice.value) in (str, int) and node.slice.value in keys


def _mutated(sub, parents):
    attr = parents.get(id(sub))
    call = parents.get(id(attr))
    return isinstance(attr, ast.Attribute) and attr.attr in _MUTATORS and isinstance(call, ast.Call) \
        and call.func is attr


def _split(fdef, name, bind, changed, reads, namer):
    names = {k: namer.fresh(f"{name}_{k}" if isinstance(k, str) and k.isidentifier() else f"{name}_entry")
             for k in changed}
    d = bind.value
    last = max(i for i, k in enumerate(d.keys) if k.value in names)
    pre, keys, values = [], [], []
    for i, (k, v) in enumerate(zip(d.keys, d.values)):
        if k.value in names:
            pre.append(A.at(A.assign(names[k.value], v), bind))
        elif i < last:
            t = namer.fresh("t")
            pre.append(A.at(A.assign(t, v), bind))
            keys.append(k)
            values.append(A.name(t))
        else:
            keys.append(k)
            values.append(v)
    d.keys, d.values = keys, values
    for r in reads:
        if r.slice.value in names:
            A.replaced(fdef, r, A.at(ast.Name(id=names[r.slice.value], ctx=r.ctx), r))
    A.map_blocks(fdef, lambda s: pre + [s] if s is bind else [s])
