"""A ``functools.partial`` held in a global (or a closure variable) and called in the function is
the call of its function with the arguments it binds: ``pf = partial(weighted, w=W, p=3)`` then
``pf(x)`` is read as ``pf.func(x, w=pf.keywords["w"], p=3)``, so the call has its rule or its
function is inlined as any helper (a call of the object itself had no rule: "no derivative rule
for `pf`").

Python calls ``pf.func(*pf.args, *args, **{**pf.keywords, **kwargs})``: the bound positional
arguments first, the call's keywords overriding the bound ones. A bound number, string, bool or
None is written as the constant it is (an exponent stays an integer); any other value is read
from the object at call time (``pf.args[0]``, ``pf.keywords["w"]``), as a global's attribute is.

Invariant: rewritten only for a dotted name rooted at no local, resolving now to a
``functools.partial`` (not nested in another one), called without ``*args``/``**kwargs``, whose
keywords are identifiers. Anything else is left as written (and refused later, located).
"""
import ast
import functools

from .. import astutil as A
from .resolve import MISSING, Resolver

_CONSTANTS = (bool, int, float, str, type(None))


def partials_as_calls(src, fdef):
    """Rewrite, in place, the calls of ``fdef`` whose callee is a bound ``functools.partial``."""
    resolver = Resolver(src, A.assigned_locals(fdef))
    for node in ast.walk(fdef):
        if isinstance(node, ast.Call) and _plain(node):
            obj = resolver.obj(node.func)
            if obj is not MISSING and type(obj) is functools.partial and not isinstance(obj.func, functools.partial) \
                    and all(isinstance(k, str) and k.isidentifier() for k in obj.keywords):
                _expand(node, obj)


def _plain(call):
    return not any(isinstance(a, ast.Starred) for a in call.args) and all(k.arg for k in call.keywords)


def _expand(call, obj):
    path = call.func
    given = {k.arg for k in call.keywords}
    bound = [_bound(path, "args", k, v) for k, v in enumerate(obj.args)]
    keywords = [ast.keyword(arg=k, value=_bound(path, "keywords", k, v)) for k, v in obj.keywords.items()
                if k not in given]
    call.func = A.at(ast.Attribute(value=A.clone(path), attr="func", ctx=ast.Load()), path)
    call.args = bound + call.args
    call.keywords = keywords + call.keywords


def _bound(path, field, key, value):
    """A bound argument: its constant, or its read from the object (``pf.keywords["w"]``)."""
    if type(value) in _CONSTANTS:
        return A.at(ast.Constant(value=value), path)
    holder = ast.Attribute(value=A.clone(path), attr=field, ctx=ast.Load())
    return A.at(ast.Subscript(value=holder, slice=ast.Constant(value=key), ctx=ast.Load()), path)
