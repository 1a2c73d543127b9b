"""The names the user's code reachable from an object reads: ``names_reached(f)`` is every global
or free name in ``f``'s code, its nested functions', and those of the user's functions, classes
and modules those names hold, followed to depth 32 (library code, assumed never to change what
the user's globals hold, is not followed).

Invariant: a name absent from ``names_reached(f)`` is read or written by no code of the user's
that calling ``f`` can run (``global_records``, ``global_object_lists``: nothing the function
runs can change a global list it loops over)."""
import types

from ..scopes import is_library


def names_reached(obj, depth=0, seen=None):
    """Every name the user's code reachable from ``obj`` (a function, method or class) reads."""
    seen = set() if seen is None else seen
    fn = getattr(obj, "__func__", obj)
    if id(fn) in seen or depth > 32:
        return set()
    seen.add(id(fn))
    if isinstance(fn, type) and not is_library(fn):
        return set().union(*(names_reached(v, depth + 1, seen) for v in vars(fn).values()))
    if not isinstance(fn, types.FunctionType) or is_library(fn):
        return set()
    names, todo = set(), [fn.__code__]
    while todo:
        code = todo.pop()
        names |= set(code.co_names) | set(code.co_freevars)
        todo += [c for c in code.co_consts if isinstance(c, types.CodeType)]
    for n in list(names):
        value = fn.__globals__.get(n)
        if isinstance(value, types.ModuleType) and not is_library(value):
            values = [getattr(value, m, None) for m in names]
        else:
            values = [value]
        for v in values:
            names |= names_reached(v, depth + 1, seen)
    return names
