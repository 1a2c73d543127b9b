"""Stage 1c' (part of lift), defaults of a nested function bound where the ``def`` runs.

Python evaluates a default value once, when the ``def`` statement runs (``def term(z, k=k)``
in a loop keeps that iteration's ``k``). This stage makes that explicit before lifting: the
value is assigned to a fresh local just before the ``def`` (``term_k = k``), the default
becomes a constant, and every call that leaves the parameter out passes the fresh local by
keyword (``term(x)`` -> ``term(x, k=term_k)``)::

    for k in range(3):                       for k in range(3):
        def term(z, k=k):                        term_k = k
            return z ** k          ->            def term(z, k=None): ...
        s = s + term(x)                          s = s + term(x, k=term_k)

Invariant: a call reads the fresh local, which only the ``def``'s own line writes, so it
holds the value of the last time the ``def`` ran, the default Python's function object
holds (lift refuses a nested function defined twice or used other than by direct calls).
A call whose arguments cannot be matched to parameters here (``*args``, ``**kw``) and a
positional-only parameter with such a default are refused, located.
"""
import ast

from .. import astutil as A
from ..errors import unsupported


def bind_defaults(src, fdef, defs, namer):
    """Rewrite the nested ``defs`` of ``fdef`` with non-constant defaults, and their calls."""
    for d in defs:
        fresh = _bind(src, fdef, d, namer)
        if fresh:
            _pass_at_calls(src, fdef, d, fresh)


def _bind(src, fdef, d, namer):
    """Assign each non-constant default of ``d`` to a fresh local just before ``d``; return
    {parameter: fresh name}."""
    a = d.args
    positional = a.posonlyargs + a.args
    pairs = list(zip(positional[len(positional) - len(a.defaults):], a.defaults)) + [
        (p, v) for p, v in zip(a.kwonlyargs, a.kw_defaults) if v is not None]
    fresh, stores = {}, []
    for p, v in pairs:
        if isinstance(v, ast.Constant):
            continue
        if p in a.posonlyargs:
            raise unsupported(src, v, f"a non-constant default value of the positional-only parameter `{p.arg}` "
                              f"in the nested function `{d.name}`", "Pass the value explicitly.")
        fresh[p.arg] = namer.fresh(f"{d.name}_{p.arg}")
        stores.append(A.at(A.assign(fresh[p.arg], v), v))
    if not fresh:
        return fresh
    a.defaults = [A.at(A.const(None), v) if p.arg in fresh else v for p, v in zip(positional[len(positional) - len(
        a.defaults):], a.defaults)]
    a.kw_defaults = [A.at(A.const(None), v) if v is not None and p.arg in fresh else v
                     for p, v in zip(a.kwonlyargs, a.kw_defaults)]
    block = _block_of(fdef, d)
    k = next(i for i, s in enumerate(block) if s is d)
    block[k:k] = stores
    return fresh


def _block_of(fdef, d):
    for node in ast.walk(fdef):
        for field in ("body", "orelse"):
            block = getattr(node, field, None)
            if isinstance(block, list) and any(s is d for s in block):
                return block
    raise AssertionError(f"the nested def {d.name} is in no block")   # lift found it in one


def _pass_at_calls(src, fdef, d, fresh):
    positional = [p.arg for p in d.args.posonlyargs + d.args.args]
    for node in ast.walk(fdef):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == d.name):
            continue
        if any(isinstance(x, ast.Starred) for x in node.args) or any(k.arg is None for k in node.keywords):
            raise unsupported(src, node, f"a call of the nested function `{d.name}` with `*` or `**` arguments "
                              "(its default values are bound where the `def` runs)",
                              "Pass the arguments one by one.")
        given = set(positional[:len(node.args)]) | {k.arg for k in node.keywords}
        node.keywords = list(node.keywords) + [ast.keyword(arg=p, value=A.at(A.name(f), node))
                                               for p, f in fresh.items() if p not in given]
