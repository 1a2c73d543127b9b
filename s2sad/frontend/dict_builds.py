"""Stage 1c'''', a dict built whole from values known only at run time, as the loop that builds it:

    d = {K: V for T in IT if C}   ->  d = {}
                                      for T' in IT:          (T renamed: a comprehension's own names)
                                          if C':
                                              k = K'         (the key first, as Python evaluates it)
                                              d[k] = V'
    d = dict(zip(A, B))           ->  d = {}
                                      for k, v in zip(A, B):
                                          d[k] = v

so ``constant_keys.py`` unrolls it when ``IT`` is known as the code is read (``zip(KEYS, x)`` of a
module's keys and an array argument), and ``runtime_keys.py`` follows it otherwise.

Invariant: rewritten only for the whole value of an assignment to one name, a comprehension of
plain generators (no ``async``) whose targets are names or tuples of names, with no lambda or ``:=`` in it, or ``dict`` (the builtin: no local of that name) called with one ``zip`` of
positional arguments and no keywords; the loop binds fresh names only, in Python's order. A dict
comprehension over constants was already written out as a display (``dict_comprehensions.py``);
anything else is left as written (refused later, located, as before).
"""
import ast

from .. import astutil as A
from .dict_comprehensions import are_targets


def dict_builds(fdef, namer):
    """Rewrite, in place, each ``d = {K: V for ...}`` / ``d = dict(zip(A, B))`` of ``fdef``."""
    local = set(A.assigned_locals(fdef))
    for node in A.walk(fdef):
        for field in ("body", "orelse", "finalbody"):
            block = getattr(node, field, None)
            if isinstance(block, list) and block and isinstance(block[0], ast.stmt):
                setattr(node, field, [r for s in block for r in _built(s, namer, local)])


def _built(s, namer, local):
    name = A.bound_name(s)
    v = s.value if name is not None else None
    if isinstance(v, ast.DictComp) and all(not g.is_async and are_targets(g.target) for g in v.generators) \
            and not any(isinstance(n, (ast.Lambda, ast.NamedExpr)) for n in ast.walk(v)):
        return _loop(s, name, v, namer)
    if isinstance(v, ast.Call) and isinstance(v.func, ast.Name) and v.func.id == "dict" and "dict" not in local \
            and len(v.args) == 1 and not v.keywords and isinstance(v.args[0], ast.Call) \
            and isinstance(v.args[0].func, ast.Name) and v.args[0].func.id == "zip" and "zip" not in local \
            and len(v.args[0].args) == 2 and not v.args[0].keywords \
            and not any(isinstance(a, ast.Starred) for a in v.args[0].args):
        k, val = namer.fresh("k"), namer.fresh("v")
        target = ast.Tuple(elts=[A.name(k, store=True), A.name(val, store=True)], ctx=ast.Store())
        store = A.assign(ast.Subscript(value=A.name(name), slice=A.name(k), ctx=ast.Store()), A.name(val))
        return [A.at(A.assign(name, ast.Dict(keys=[], values=[])), s),
                A.at(ast.For(target=target, iter=v.args[0], body=[A.at(store, s)], orelse=[]), s)]
    return [s]


def _loop(s, name, comp, namer):
    renames = {n.id: namer.fresh(n.id) for g in comp.generators for n in ast.walk(g.target) if isinstance(n, ast.Name)}
    key = namer.fresh("k")
    body = [A.at(A.assign(key, _renamed(comp.key, renames)), s),
            A.at(A.assign(ast.Subscript(value=A.name(name), slice=A.name(key), ctx=ast.Store()),
                          _renamed(comp.value, renames)), s)]
    for g in reversed(comp.generators):
        for c in reversed(g.ifs):
            body = [A.at(ast.If(test=_renamed(c, renames), body=body, orelse=[]), s)]
        it = A.clone(g.iter) if g is comp.generators[0] else _renamed(g.iter, renames)   # the first: outside
        body = [A.at(ast.For(target=_renamed(g.target, renames), iter=it, body=body, orelse=[]), s)]
    return [A.at(A.assign(name, ast.Dict(keys=[], values=[])), s)] + body


def _renamed(e, renames):
    """A copy of ``e`` with the comprehension's targets renamed (outside nested scopes of their own)."""
    class Rename(ast.NodeTransformer):
        def visit_Name(self, n):
            if n.id in renames:
                n.id = renames[n.id]
            return n

    return Rename().visit(A.clone(e))
