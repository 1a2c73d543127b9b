"""A helper's ``**kw`` and ``*args`` passed on to another function: ``def h(x, **kw): return
g(x, **kw)``, ``def h(x, *args): return g(x, *args)``.

Two steps. In the helper's A-normal form (``forwarded_keywords``, called by ``anf_calls``), a
call spreading the helper's own ``**kw`` parameter into a user's Python function is kept with
its ``**kw`` (any other ``**`` keeps the refusal). When the helper is inlined (``spread``, called
by ``transforms/inline.bind_params``), ``kw`` is bound to the dict display of the keywords that
call passes (``kwargs_param.bind_keywords``) and ``args`` to the tuple display of its extra
positional arguments: each ``**kw`` becomes those keywords, each ``*args`` those arguments, the
caller's atoms (names or constants the helper never rebinds, read where Python reads them).

Invariant: the call made is the one Python makes -- the same arguments, by the same names, in
the same order -- or the inlining is refused at the call: a ``kw`` or ``args`` the helper
rebinds or changes (``kw['k'] = v``, ``kw.update(...)``, ``kw.pop(...)``), a keyword passed twice.
"""
import ast

from .. import astutil as A
from ..errors import unsupported
from .resolve import Resolver

_READS = {"get", "keys", "items", "values", "copy"}     # dict methods that leave ``kw`` as it is


def forwarded_keywords(fdef, call, kind):
    """Whether ``call``'s ``**`` keywords all spread ``fdef``'s own ``**kw`` parameter (a helper's,
    ``kwargs_param``) into a user's Python function (``kind``: the resolver's call kind)."""
    kwarg = getattr(fdef, "_s2sad_kwarg", None)
    stars = [k for k in call.keywords if k.arg is None]
    return kwarg is not None and kind == "helper" and all(
        isinstance(k.value, ast.Name) and k.value.id == kwarg for k in stars)


def spread(fdef, rename, values, src, stmt, hsrc):
    """Rewrite, in place, the helper's ``**kw`` and ``*args`` (``rename``: parameter -> its name in
    the inlined body) in ``fdef``'s calls of user functions (resolved in the helper's ``hsrc``) as
    the displays ``values`` binds them to (module docstring); ``src``, ``stmt``: the caller's call,
    where a refusal is located. ``*args`` spread into another call keeps that call's refusal."""
    stars = {getattr(fdef, "_s2sad_kwarg", None), getattr(fdef, "_s2sad_vararg", None)} - {None}
    if not stars:       # (most helpers: nothing to look at)
        return
    call_kind = Resolver(hsrc, A.assigned_locals(fdef)).call_kind
    calls = [n for n in ast.walk(fdef) if isinstance(n, ast.Call) and _spreads(n) and call_kind(n) == "helper"]
    for param, star in ((getattr(fdef, "_s2sad_kwarg", None), "**"), (getattr(fdef, "_s2sad_vararg", None), "*")):
        name = rename.get(param)
        if name is None or not _spread_in(calls, name, star):
            continue
        display = values.get(param)
        items = display.values if isinstance(display, ast.Dict) else getattr(display, "elts", None)
        if items is None or not all(A.is_atom(v) for v in items) or _changed(fdef, name):
            raise unsupported(src, stmt, f"`{star}{param}` passed on to another function by a helper that may "
                              "change it, or given values that are not plain names or constants",
                              f"Pass the arguments on by name (`g(x, scale=scale)`), or do not change `{param}`.")
        for call in calls:
            if star == "**":
                _spread_keywords(call, name, display, src, stmt)
            else:
                call.args = [a for arg in call.args for a in (
                    [A.clone(e) for e in display.elts] if _is_star_of(arg, name) else [arg])]


def _spreads(call):
    return any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords)


def _spread_keywords(call, name, display, src, stmt):
    if not any(k.arg is None and isinstance(k.value, ast.Name) and k.value.id == name for k in call.keywords):
        return
    out = []
    for k in call.keywords:
        if k.arg is None and isinstance(k.value, ast.Name) and k.value.id == name:
            out += [ast.keyword(arg=key.value, value=A.clone(v)) for key, v in zip(display.keys, display.values)]
        else:
            out.append(k)
    named = [k.arg for k in out]
    if None in named or len(set(named)) != len(named):
        raise unsupported(src, stmt, "a keyword passed twice (by name and in `**`), or another `**`",
                          "Pass each argument once, by name.")
    call.keywords = out


def _is_star_of(arg, name):
    return isinstance(arg, ast.Starred) and isinstance(arg.value, ast.Name) and arg.value.id == name


def _spread_in(calls, name, star):
    """Whether one of ``calls`` spreads ``name`` with ``star``."""
    for call in calls:
        if star == "**" and any(k.arg is None and isinstance(k.value, ast.Name) and k.value.id == name
                                for k in call.keywords):
            return True
        if star == "*" and any(_is_star_of(a, name) for a in call.args):
            return True
    return False


def _changed(fdef, name):
    """Whether ``fdef`` may rebind or change ``name``: every use must read it (a ``*``/``**``
    spread, an item read, a reading method, any other read of a tuple)."""
    parents = {id(c): p for p in ast.walk(fdef) for c in ast.iter_child_nodes(p)}
    for node in ast.walk(fdef):
        if not (isinstance(node, ast.Name) and node.id == name):
            continue
        if not isinstance(node.ctx, ast.Load):
            return True
        up = parents.get(id(node))
        if isinstance(up, ast.Subscript) and not isinstance(up.ctx, ast.Load):
            return True
        if isinstance(up, ast.Attribute) and up.attr not in _READS:
            return True
    return False
