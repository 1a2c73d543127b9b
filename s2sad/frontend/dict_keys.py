"""Which local dicts have keys known when the code is read (used by :mod:`.dict_comprehensions`):
``params = {'w': a, 'b': b}`` then ``params = {k: v - lr * g[k] for k, v in params.items()}``
in a loop (the usual descent over a dict of parameters) has the keys ``'w', 'b'`` on every path.

A local qualifies when every binding of it is a dict display with constant keys, the same keys
in the same order, or a dict comprehension over its own keys or entries that keeps each key
(``{k: ... for k in d}``, ``{k: ... for k, v in d.items()}``, no condition), and every other read
is an entry with a constant key among those (``d['w']``, also written: ``d['w'] = ...``), or
``d.items()``/``d.keys()``/``d.values()`` or ``d`` itself as what a loop or comprehension runs
over. Passed to a function, stored elsewhere or changed by a method, its keys are not known here.

Invariant: a view lists the keys in the order the dict has them, each entry as its read
(``d['w']``), which a comprehension evaluates where Python would read the entry.
"""
import ast

_VIEWS = ("items", "keys", "values")


class DictKeys:
    """The constant keys of one local dict, and its views as the items a loop gets."""

    def __init__(self, name, keys):
        self.name, self.keys = name, keys

    def view(self, attr):
        if attr not in _VIEWS:
            return None
        read = [ast.Subscript(value=ast.Name(id=self.name, ctx=ast.Load()), slice=ast.Constant(k),
                              ctx=ast.Load()) for k in self.keys]
        return {"keys": list(self.keys), "values": read, "items": list(zip(self.keys, read))}[attr]


def dict_views(fdef):
    """Name -> DictKeys for the locals of ``fdef`` described in the module docstring."""
    parents = {id(c): p for p in ast.walk(fdef) for c in ast.iter_child_nodes(p)}
    binds, bad = {}, {a.arg for a in ast.walk(fdef.args) if isinstance(a, ast.arg)}
    for n in ast.walk(fdef):
        if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load):
            p = parents.get(id(n))
            if isinstance(p, ast.Assign) and p.targets == [n]:
                binds.setdefault(n.id, []).append(p.value)
            else:
                bad.add(n.id)
    out = {}
    for name, values in binds.items():
        displays = [v for v in values if isinstance(v, ast.Dict)]
        keys = {tuple(_constant_keys(d)) for d in displays}
        if name in bad or len(keys) != 1 or None in next(iter(keys)) \
                or not all(isinstance(v, ast.Dict) or _keeps_keys(v, name) for v in values):
            continue
        out[name] = DictKeys(name, list(next(iter(keys))))
    for n in ast.walk(fdef):
        if isinstance(n, ast.Name) and n.id in out and isinstance(n.ctx, ast.Load) \
                and not _known_use(n, parents, out[n.id].keys):
            del out[n.id]
    return out


def _constant_keys(d):
    return [k.value if isinstance(k, ast.Constant) and isinstance(k.value, (str, int)) else None for k in d.keys]


def _keeps_keys(v, name):
    """``{k: ... for k in name}`` / ``... for k, x in name.items()`` / ``... for k in name.keys()``."""
    if not isinstance(v, ast.DictComp) or len(v.generators) != 1 or v.generators[0].ifs:
        return False
    gen = v.generators[0]
    it, t = gen.iter, gen.target
    key = t.elts[0] if isinstance(t, ast.Tuple) and len(t.elts) == 2 else t
    over = it.func.value if isinstance(it, ast.Call) and isinstance(it.func, ast.Attribute) else it
    attr = it.func.attr if isinstance(it, ast.Call) and isinstance(it.func, ast.Attribute) else "keys"
    pairs = isinstance(t, ast.Tuple)
    return isinstance(over, ast.Name) and over.id == name and isinstance(key, ast.Name) \
        and isinstance(v.key, ast.Name) and v.key.id == key.id and (attr == "items") == pairs \
        and attr in ("items", "keys") and not (isinstance(it, ast.Call) and (it.args or it.keywords))


def _known_use(n, parents, keys):
    p = parents.get(id(n))
    if isinstance(p, ast.Subscript) and p.value is n:
        return isinstance(p.slice, ast.Constant) and p.slice.value in keys and not isinstance(p.ctx, ast.Del) \
            or isinstance(p.slice, ast.Name) and isinstance(p.ctx, ast.Load) and _key_target(p, n.id, parents)
    if isinstance(p, (ast.For, ast.comprehension)) and p.iter is n:
        return True
    if isinstance(p, ast.Attribute) and p.value is n and p.attr in _VIEWS:
        call = parents.get(id(p))
        return isinstance(call, ast.Call) and call.func is p and not call.args and not call.keywords \
            and isinstance(parents.get(id(call)), (ast.For, ast.comprehension)) and parents[id(call)].iter is call
    if isinstance(p, ast.Attribute) and p.value is n and p.attr == "get":
        call = parents.get(id(p))
        return isinstance(call, ast.Call) and call.args and isinstance(call.args[0], ast.Constant)
    return False


def _key_target(node, name, parents):
    """``d[k]`` inside a dict comprehension over ``d``'s keys or items whose key target is ``k``."""
    k, p = node.slice.id, parents.get(id(node))
    while p is not None:
        if isinstance(p, ast.DictComp) and _keeps_keys(p, name):
            t = p.generators[0].target
            return (t.elts[0] if isinstance(t, ast.Tuple) else t).id == k
        p = parents.get(id(p))
    return False

