"""Stage 1b, a list of dicts of parameters (issue 8, stop 56)::

    layers = [dict(W=W1, b=b1), dict(W=W2, b=b2)]        # or [{"W": W1, "b": b1}, ...]
    for L in layers:
        h = np.tanh(L["W"] @ h + L["b"])

written as the list of tuples it stands for, each key read as its position::

    layers = [(W1, b1), (W2, b2)]
    for L in layers:
        h = np.tanh(L[0] @ h + L[1])

which later stages follow (a list of tuples of arrays, looped over or indexed).

Invariant: rewritten only when the name is bound once, to a list display of dict displays (or
``dict(k=v, ...)`` calls of the builtin) with the same constant string keys in the same order (so
the values are evaluated in Python's order), and every read of it is ``for L in layers`` (in a
loop or a comprehension, ``L`` bound nowhere else and only read as ``L["k"]``), ``layers[i]["k"]``
or ``len(layers)`` (the builtin), each key one the dicts have: nothing can then tell the tuples from the dicts.
Anything else is left as written (refused later, located).
"""
import ast
import builtins

from .. import astutil as A
from .resolve import dotted_object


def dict_rows(src, fdef):
    stores, loads, parents = {}, {}, {}
    for parent in A.walk(fdef):
        for child in ast.iter_child_nodes(parent):
            parents[id(child)] = parent
            if isinstance(child, ast.Name):
                (loads if isinstance(child.ctx, ast.Load) else stores).setdefault(child.id, []).append(child)
    stores.update({n: stores.get(n, []) + [None, None] for s in A.walk(fdef)
                   if isinstance(s, (ast.Global, ast.Nonlocal)) for n in s.names})
    local = set(A.assigned_locals(fdef))
    names = _Names(stores, loads, parents, lambda f: dotted_object(src, f, local) is builtins.len)
    for s in A.walk(fdef):
        if isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], ast.Name) \
                and len(stores.get(s.targets[0].id, ())) == 1:
            keys = _keys(src, s.value, local)
            if keys and names.reads(s.targets[0].id, keys, dry=True):
                names.reads(s.targets[0].id, keys, dry=False)
                s.value.elts = [A.at(ast.Tuple(elts=_values(src, d), ctx=ast.Load()), d) for d in s.value.elts]


def _keys(src, e, local):
    """The keys every dict of list display ``e`` has, in order, or None."""
    if not isinstance(e, ast.List) or not e.elts:
        return None
    orders = [_dict_keys(src, d, local) for d in e.elts]
    return orders[0] if orders[0] and all(o == orders[0] for o in orders) else None


def _dict_keys(src, d, local):
    if isinstance(d, ast.Dict) and all(isinstance(k, ast.Constant) and isinstance(k.value, str) for k in d.keys):
        keys = [k.value for k in d.keys]
    elif isinstance(d, ast.Call) and not d.args and all(k.arg for k in d.keywords) \
            and dotted_object(src, d.func, local) is builtins.dict:
        keys = [k.arg for k in d.keywords]
    else:
        return None
    return keys if len(set(keys)) == len(keys) else None


def _values(src, d):
    return list(d.values) if isinstance(d, ast.Dict) else [k.value for k in d.keywords]


class _Names:
    def __init__(self, stores, loads, parents, is_len):
        self.stores, self.loads, self.parents, self.is_len = stores, loads, parents, is_len

    def reads(self, name, keys, dry):
        """Whether every read of ``name`` is one the tuples serve (``dry``), or rewrite them."""
        for node in self.loads.get(name, ()):
            parent = self.parents.get(id(node))
            if isinstance(parent, (ast.For, ast.comprehension)) and parent.iter is node:
                row = parent.target
                if not (isinstance(row, ast.Name) and len(self.stores.get(row.id, ())) == 1
                        and all(self.key_read(n, keys, dry) for n in self.loads.get(row.id, ()))):
                    return False
            elif isinstance(parent, ast.Subscript) and parent.value is node and isinstance(parent.ctx, ast.Load):
                if not self.key_read(parent, keys, dry):
                    return False
            elif not (isinstance(parent, ast.Call) and parent.args == [node] and not parent.keywords
                      and self.is_len(parent.func)):
                return False
        return True

    def key_read(self, node, keys, dry):
        """``node["k"]`` read, ``"k"`` one of ``keys``; rewritten to its position."""
        parent = self.parents.get(id(node))
        ok = isinstance(parent, ast.Subscript) and parent.value is node and isinstance(parent.ctx, ast.Load) \
            and isinstance(parent.slice, ast.Constant) and parent.slice.value in keys
        if ok and not dry:
            parent.slice = A.at(A.const(keys.index(parent.slice.value)), parent.slice)
        return ok
