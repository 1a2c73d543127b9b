"""A decorator's forwarding wrapper differentiated under the signature of the function it wraps.

``def deco(f): @functools.wraps(f) def w(*a, **k): return 2 * f(*a, **k)`` changes the result, so
s2sad differentiates ``w`` (never the undecorated ``f``). Its ``*a, **k`` only forward the call, so
for ``def f(x, y)`` the wrapper is, for every call (positional or by keyword, as Python binds the
same arguments to ``f`` either way)::

    def w(x, y):
        return 2 * f(x, y)

``forwarding_shim(w)`` is a function of that signature that calls ``w`` itself (so the value is
always the wrapper's), carrying that tree as its parsed source (``parsing.parse_function`` reads
``__s2sad_source__``), read in ``w``'s scope: its closure (``f``, anything else it captured) and its
globals. Taken only when ``w``'s parameters are exactly ``*a, **k``, every read of ``a`` and ``k`` is a
call ``g(*a, **k)`` of the wrapped function itself, neither is rebound, and the wrapped function's
parameters (through wrappers of it taking ``*a, **k`` only) are plain named ones without defaults,
none of them a free name of the wrapper (a local of the wrapper so named is renamed), and the
wrapper defines no function or class inside. Whatever
else the wrapper does (state it keeps, a cache, a condition) is its code, differentiated or
refused at its line as any function's. Otherwise None: the caller keeps its refusal.
"""
import ast
import copy
import inspect
import types

from . import astutil as A
from .errors import S2sadError


def forwarding_shim(wrapper):
    """The function standing for ``wrapper`` (module docstring), or None."""
    inner = getattr(wrapper, "__wrapped__", None)
    if not isinstance(wrapper, types.FunctionType) or not isinstance(inner, types.FunctionType):
        return None
    params = list(inspect.signature(_innermost(inner), follow_wrapped=False).parameters.values())
    if any(p.kind != p.POSITIONAL_OR_KEYWORD or p.default is not p.empty for p in params):
        return None
    from .frontend.parsing import Source, parse_function
    try:
        src = parse_function(wrapper)
    except S2sadError:
        return None
    names = [p.name for p in params]
    tree = _specialised(src, wrapper, inner, names)
    if tree is None:
        return None
    shim = _calling(wrapper, names)
    shim.__s2sad_source__ = Source(shim, tree, src.filename, src.name, src.indent, src.lines, src.globals,
                                   src.cells)
    return shim


def _innermost(fn):
    """Through wrappers taking only ``*a, **k`` (``@double @double def f(x)``: each forwards what it is given
    to the next, so ``f``'s parameters are the ones they all take; one that does not forward is
    refused when it is inlined, as before)."""
    for _ in range(16):
        own = list(inspect.signature(fn, follow_wrapped=False).parameters.values())
        inner = getattr(fn, "__wrapped__", None)
        if not isinstance(inner, types.FunctionType) or [p.kind for p in own] != [
                inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD]:
            return fn
        fn = inner
    return fn


def _specialised(src, wrapper, inner, names):
    """``wrapper``'s tree with parameters ``names`` and each ``g(*a, **k)`` as ``g(x, y)``; or None."""
    a = src.tree.args
    if a.posonlyargs or a.args or a.kwonlyargs or a.vararg is None or a.kwarg is None:
        return None
    star, stars = a.vararg.arg, a.kwarg.arg
    tree = copy.deepcopy(src.tree)
    if not _renamed_apart(tree, set(names)):
        return None
    forwards = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and _forwards(n, star, stars)
                and isinstance(n.func, ast.Name) and _free_value(src, n.func.id) is inner]
    inside = {id(n.args[0].value) for n in forwards} | {id(n.keywords[0].value) for n in forwards}
    if not forwards or any(isinstance(n, ast.Name) and n.id in (star, stars) and id(n) not in inside
                           for n in ast.walk(tree)):
        return None
    for call in forwards:
        call.args = [A.at(A.name(p), call) for p in names]
        call.keywords = []
    tree.args = ast.arguments(posonlyargs=[], args=[A.at(ast.arg(arg=p), src.tree) for p in names], vararg=None,
                              kwonlyargs=[], kw_defaults=[], kwarg=None, defaults=[])
    return tree


def _renamed_apart(tree, names):
    """Rename, in place, the wrapper's locals named as a parameter of the wrapped function
    (``y = f(*a, **k)`` around ``def loss(w, x, y)``); False if a free name of it is one."""
    local = set(A.assigned_locals(tree))
    seen = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} | {
        x.arg for n in ast.walk(tree) if isinstance(n, ast.arguments) for x in n.args + n.kwonlyargs}
    if (seen & names) - local or any(isinstance(n, (ast.FunctionDef, ast.Lambda, ast.ClassDef))
                                     for n in ast.walk(tree) if n is not tree):
        return False
    taken, rename = seen | names, {}
    for old in sorted(seen & names):
        new = next(f"{old}_{k}" for k in range(2, 10 ** 6) if f"{old}_{k}" not in taken)
        rename[old] = new
        taken.add(new)
    for n in ast.walk(tree):
        if isinstance(n, ast.Name) and n.id in rename:
            n.id = rename[n.id]
    return True


def _forwards(call, star, stars):
    return len(call.args) == 1 and isinstance(call.args[0], ast.Starred) \
        and isinstance(call.args[0].value, ast.Name) and call.args[0].value.id == star \
        and len(call.keywords) == 1 and call.keywords[0].arg is None \
        and isinstance(call.keywords[0].value, ast.Name) and call.keywords[0].value.id == stars


def _free_value(src, name):
    try:
        return src.lookup(name)
    except (KeyError, ValueError):
        return None


def _calling(wrapper, names):
    """``def <name>(x, y): return wrapper(x, y)``, named as ``wrapper`` is."""
    text = f"def shim({', '.join(names)}):\n    return _wrapper({', '.join(names)})\n"
    scope = {"_wrapper": wrapper}
    exec(compile(text, "<s2sad wrapper>", "exec"), scope)  # noqa: S102 (a fixed template)
    shim = scope["shim"]
    for attr in ("__name__", "__qualname__", "__module__", "__doc__"):
        setattr(shim, attr, getattr(wrapper, attr))
    return shim
