"""A nested function under ``@functools.lru_cache`` / ``@functools.cache`` is read as the function
itself (issue 8; it was refused as "decorated")::

    def f(x):
        @functools.lru_cache(maxsize=None)
        def weight(i):
            return 1.0 / (i + 1.0)
        return sum(weight(i) * x[i] ** 2 for i in range(3))

A cache changes when the body runs, not what a call returns, as long as the body computes its
result from its arguments and from values that do not change while the function runs: then each
call returns what the undecorated body returns, and so does its derivative. (Python's cache
needs hashable arguments: an array argument fails there with TypeError before any derivative; a
float argument is cached by its value, which the derivative does not see either way.)

Invariant: the decorator is dropped only when it is the def's only one, the body draws no random
numbers (a cached draw repeats, an uncached one does not), and every local or parameter of the
enclosing function it reads is bound at most once there and never written into (``y[i] = ``,
``y.append``, a call that may write into it). Otherwise a located refusal says which.
"""
import ast
import functools

from .. import astutil as A
from ..errors import unsupported
from .generator_helpers import _draw_call, _writes_into
from .resolve import MISSING, Resolver

_CACHES = (functools.lru_cache, functools.cache)


def drop_caches(src, fdef, defs):
    """Drop, in place, the cache decorator of each def of ``defs`` (nested in ``fdef``) where the
    invariant holds; refuse where the cache could change what a call returns."""
    resolver = Resolver(src, A.assigned_locals(fdef))
    outer = set(A.assigned_locals(fdef)) | {a.arg for a in fdef.args.args + fdef.args.kwonlyargs}
    for d in defs:
        if len(d.decorator_list) != 1 or not _is_cache(d.decorator_list[0], resolver):
            continue
        if any(_draw_call(n) for n in ast.walk(d)):
            raise unsupported(src, d, f"the nested function `{d.name}` under a cache, drawing random numbers "
                              "(the cache repeats a draw where the function without it draws again)",
                              "Remove the cache, or draw the numbers outside it and pass them in.")
        own = {a.arg for a in d.args.args + d.args.kwonlyargs} | set(A.assigned_locals(d))
        read = {n.id for n in ast.walk(d) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)} - own
        changed = sorted(read & outer & (_rebound(fdef, d) | _writes_into(fdef.body, src)))
        if changed:
            raise unsupported(src, d, f"the nested function `{d.name}` under a cache, reading `{changed[0]}`, "
                              "which the function changes (a cached call would return the value from "
                              "before the change)", f"Remove the cache, or pass `{changed[0]}` to `{d.name}`.")
        d.decorator_list = []


def _is_cache(dec, resolver):
    obj = resolver.obj(dec.func if isinstance(dec, ast.Call) else dec)
    return obj is not MISSING and any(obj is c for c in _CACHES)


def _rebound(fdef, d):
    """The names bound more than once in ``fdef`` outside ``d`` (a parameter counts as a binding)."""
    inside = {id(n) for n in ast.walk(d)}
    counts = {}
    for a in fdef.args.args + fdef.args.kwonlyargs:
        counts[a.arg] = 1
    for n in ast.walk(fdef):
        if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load) and id(n) not in inside:
            counts[n.id] = counts.get(n.id, 0) + 1
    return {k for k, c in counts.items() if c > 1}
