"""A ``functools.partial`` made in the function and called there is the call of its function
with the arguments it bound (issue 8; a call through the local was refused as "a function chosen
while the code runs")::

    h = functools.partial(sc, w, s=3.0)             h_arg = w
    y = h(x) + h(2 * x, s=1.0)            ->        y = sc(h_arg, x, s=3.0) + sc(h_arg, 2 * x, s=1.0)

Python's partial holds the objects its arguments had when it was made, and calls
``func(*bound, *args, **{**bound_keywords, **keywords})``: each bound argument that is not a
constant is kept in a fresh name bound once where the partial is made (so a later rebinding of
``w`` does not change it, and an in-place write into ``w`` does, as in Python), the bound ones
come first, and the call's keywords override the bound ones. ``partial_calls.py`` does the same
for a partial held in a global.

Invariant: rewritten only when ``name = functools.partial(F, ...)`` stands at the top level of the
function's body and is the only binding of ``name`` anywhere in it; every later read of ``name``
is the callee of a call without ``*``/``**``; ``F`` is a dotted global resolving now to a function
(not a class, not itself a partial) or a function ``def``-ined once in the function before it; the
partial's own arguments have no ``*``/``**``. Anything else is left as written (refused later,
located).
"""
import ast
import functools
import inspect

from .. import astutil as A
from .resolve import MISSING, Resolver


def local_partials(src, fdef, namer):
    """Rewrite, in place, the local partials of ``fdef`` and their calls."""
    resolver = Resolver(src, A.assigned_locals(fdef))
    for k, s in enumerate(list(fdef.body)):
        made = _partial_made(s, resolver, fdef)
        if made is None:
            continue
        name, call = made
        reads = [n for n in A.walk(fdef) if isinstance(n, ast.Name) and n.id == name and n is not s.targets[0]]
        parents = {id(c): p for p in A.walk(fdef) for c in ast.iter_child_nodes(p)}
        calls = [parents.get(id(n)) for n in reads]
        if any(not _plain_call(c, n) or not _after(c, s) for c, n in zip(calls, reads)):
            continue
        pre, args, keywords = _bound(name, call, s, namer)
        for c in calls:
            given = {kw.arg for kw in c.keywords}
            c.func = A.at(A.clone(call.args[0]), c)
            c.args = [A.clone(a) for a in args] + c.args
            c.keywords = [ast.keyword(arg=kw.arg, value=A.clone(kw.value)) for kw in keywords
                          if kw.arg not in given] + c.keywords
        i = fdef.body.index(s)
        fdef.body[i:i + 1] = pre


def _partial_made(s, resolver, fdef):
    name = A.bound_name(s) if isinstance(s, ast.Assign) and len(s.targets) == 1 else None
    call = s.value if name else None
    if not isinstance(call, ast.Call) or resolver.obj(call.func) is not functools.partial or not call.args \
            or any(isinstance(a, ast.Starred) for a in call.args) or not all(kw.arg for kw in call.keywords):
        return None
    stores = [n for n in ast.walk(fdef) if isinstance(n, ast.Name) and n.id == name and not isinstance(n.ctx, ast.Load)]
    defs = [n for n in ast.walk(fdef) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            and n is not fdef and name in _binds(n)]
    if len(stores) != 1 or defs or not _known_function(call.args[0], resolver, fdef, s):
        return None
    return name, call


def _binds(node):
    a = node.args
    names = {x.arg for x in a.posonlyargs + a.args + a.kwonlyargs + [a.vararg, a.kwarg] if x}
    return names | ({node.name} if not isinstance(node, ast.Lambda) else set())


def _known_function(func, resolver, fdef, s):
    """``func`` is a global function now, or a ``def`` made once in the function before ``s``."""
    if isinstance(func, ast.Name) and func.id in resolver.locals | {d.name for d in ast.walk(fdef)
                                                                    if isinstance(d, ast.FunctionDef)}:
        defs = [d for d in fdef.body if isinstance(d, ast.FunctionDef) and d.name == func.id]
        others = [n for n in ast.walk(fdef) if isinstance(n, ast.Name) and n.id == func.id
                  and not isinstance(n.ctx, ast.Load)]
        return len(defs) == 1 and not others and fdef.body.index(defs[0]) < fdef.body.index(s)
    obj = resolver.obj(func)
    return obj is not MISSING and (inspect.isfunction(obj) or inspect.isbuiltin(obj) or isinstance(obj, type(abs))
                                   or type(obj).__name__ == "ufunc")


def _plain_call(call, read):
    return isinstance(call, ast.Call) and call.func is read and not any(isinstance(a, ast.Starred) for a in call.args) \
        and all(kw.arg for kw in call.keywords)


def _after(call, s):
    return (call.lineno, call.col_offset) > (s.end_lineno, s.end_col_offset)


def _bound(name, call, s, namer):
    """The statements binding the partial's arguments (each not a constant in a fresh name), and
    the arguments and keywords its calls pass first."""
    pre, args, keywords = [], [], []
    for k, value in enumerate(call.args[1:]):
        args.append(_kept(value, f"{name}_arg", s, namer, pre))
    for kw in call.keywords:
        keywords.append(ast.keyword(arg=kw.arg, value=_kept(kw.value, f"{name}_{kw.arg}", s, namer, pre)))
    return pre, args, keywords


def _kept(value, base, s, namer, pre):
    if isinstance(value, ast.Constant):
        return value
    fresh = namer.fresh(base)
    pre.append(A.at(ast.Assign(targets=[A.name(fresh, store=True)], value=value), s))
    return A.at(A.name(fresh), value)
