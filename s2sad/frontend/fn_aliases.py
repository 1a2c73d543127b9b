"""A local name bound once to a global function is that function: ``act = np.tanh`` then
``act(h)``, or ``step = my_helper`` then ``step(x)``, read as ``np.tanh(h)`` and ``my_helper(x)``,
so the call has its rule or is inlined (a call through a variable is refused: s2sad must know
which function runs).

Invariant: a name is replaced only when the function's own statement ``name = <dotted global>``
(at the top level of its body, not in a branch or a loop) is its only binding anywhere (no other
assignment, loop target, parameter, ``global``/``nonlocal``, nested ``def`` of that name), every read
of it comes after that statement in the source, and the dotted name resolves now to a callable
that is not a class. The global is read at call time either way; nothing else the function
computes changes.
"""
import ast

from .. import astutil as A
from .resolve import MISSING, Resolver


def substitute(src, fdef):
    """Replace such names in ``fdef`` (in place) by the dotted global they were bound to."""
    stores, blocked = {}, set()
    for node in ast.walk(fdef):
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            stores[node.id] = stores.get(node.id, 0) + 1
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            blocked |= set(node.names)
        elif isinstance(node, (ast.FunctionDef, ast.Lambda, ast.AsyncFunctionDef)):
            a = node.args
            blocked |= {x.arg for x in a.posonlyargs + a.args + a.kwonlyargs + [a.vararg, a.kwarg] if x}
            if not isinstance(node, ast.Lambda) and node is not fdef:
                blocked.add(node.name)
    resolver = Resolver(src, set(stores) | blocked)     # a dotted name rooted at a local resolves to MISSING
    for s in list(fdef.body):
        name = _alias(resolver, s, stores, blocked)
        if name is not None and _reads_after(fdef, s, name):
            _replace_reads(fdef, name, s.value)
            fdef.body.remove(s)


def _alias(resolver, s, stores, blocked):
    if not (isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], ast.Name)):
        return None
    name = s.targets[0].id
    if name in blocked or stores.get(name) != 1:
        return None
    value = resolver.obj(s.value)
    return name if value is not MISSING and callable(value) and not isinstance(value, type) else None


def _reads_after(fdef, s, name):
    end = (s.end_lineno, s.end_col_offset)
    return all((n.lineno, n.col_offset) > end for n in ast.walk(fdef)
               if isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load))


def _replace_reads(fdef, name, value):
    for node in ast.walk(fdef):
        for field, old in ast.iter_fields(node):
            if isinstance(old, ast.Name) and old.id == name and isinstance(old.ctx, ast.Load):
                setattr(node, field, ast.copy_location(A.clone(value), old))
            elif isinstance(old, list):
                for k, item in enumerate(old):
                    if isinstance(item, ast.Name) and item.id == name and isinstance(item.ctx, ast.Load):
                        old[k] = ast.copy_location(A.clone(value), item)
