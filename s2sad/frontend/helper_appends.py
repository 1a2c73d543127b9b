"""Which calls of the user's own functions grow a list the caller hands them (for ``list_index``).

``helper_appends(fdef, resolve)`` lists (call, name) for each call in ``fdef`` of one of the user's
functions that may append to the list ``name`` given to it; ``only_appends`` tells a helper that
reads the list only to append to it. Invariant: over-approximate: a call that might grow the list
counts (a read made absolute is exact whether or not the list grows), a name counts only if it
surely holds a list or the helper calls a list's own ``append``/``extend`` on it.
"""
import ast
import functools
import inspect
import textwrap

from .. import astutil as A
from ..scopes import is_library

PURE_CALLS = {"len", "int", "min", "max", "abs"}
NO_VALUE = {"len", "enumerate", "zip", "reversed", "range", "isinstance", "print", "id", "type"}


def helper_appends(fdef, resolve):
    """(call, list name) for each call of the user's own function that may append to a list it is
    given by name (``push(terms, v)`` of ``def push(xs, v): xs.append(v)``; only names that surely
hold lists, ``sequence_names.proven_lists``): inlined later, the
    append grows the caller's list there, so reads of it before the call are made absolute too
    (a ``terms[-1]`` read before the call meant the element then last).
    Any other name counts when the helper calls ``.append``/``.extend`` on the parameter itself
    (only a list has them): ``L = push(L, v)`` binds ``L`` to a call, so ``L`` is not a proven
    list, but the helper grows it all the same."""
    from .sequence_names import proven_lists
    local = proven_lists(fdef, resolve)     # a helper grows lists only (`+=` of an array adds)
    out = []
    for call in (n for n in ast.walk(fdef) if isinstance(n, ast.Call)):
        fn = resolve(call.func)
        if not inspect.isfunction(fn) or is_library(fn):
            continue
        named = [(k, a.id) for k, a in enumerate(call.args) if isinstance(a, ast.Name)]
        named += [(k.arg, k.value.id) for k in call.keywords if k.arg and isinstance(k.value, ast.Name)]
        out += [(call, name) for where, name in named
                if (_may_append(fn, where) if name in local else _list_method_on(fn, where))]
    return out


@functools.lru_cache(maxsize=256)
def returns_parameter(fn, where):
    """Every ``return`` of ``fn`` (there is one, at the end of its body) hands back its parameter at
    ``where`` or a name bound to it (``out = c``), none of which it binds any other way (``xs += [v]``
    extends a list in place: asked of lists)."""
    found = _parameter(fn, where)
    if found is None or found[1] is None or isinstance(found[0], ast.Lambda):
        return False
    fdef, name = found
    group, copies = _aliases(fdef, name)
    returns = [n for n in ast.walk(fdef) if isinstance(n, ast.Return)]
    in_place = {id(n.target) for n in ast.walk(fdef) if isinstance(n, ast.AugAssign)}
    rebound = any(isinstance(n, ast.Name) and n.id in group and not isinstance(n.ctx, ast.Load)
                  and id(n) not in in_place and id(n) not in copies for n in ast.walk(fdef))
    return bool(returns) and isinstance(fdef.body[-1], ast.Return) and not rebound and all(
        isinstance(r.value, ast.Name) and r.value.id in group for r in returns)


def _aliases(fdef, name):
    """(``name`` and the names ``fdef`` binds to it by ``a = b`` of a name already in the set, the ids of
    those targets)."""
    pairs = [(n.targets[0], n.value.id) for n in ast.walk(fdef) if isinstance(n, ast.Assign) and len(n.targets) == 1
             and isinstance(n.targets[0], ast.Name) and isinstance(n.value, ast.Name)]
    group, copies, changed = {name}, set(), True
    while changed:
        changed = False
        for target, source in pairs:
            if source in group and id(target) not in copies:
                group.add(target.id)
                copies.add(id(target))
                changed = True
    return group, copies


@functools.lru_cache(maxsize=256)
def _list_method_on(fn, where):
    """``fn`` calls ``.append`` or ``.extend`` on its parameter at position or keyword ``where``."""
    found = _parameter(fn, where)
    if found is None or found[1] is None:
        return False
    fdef, name = found
    group = _aliases(fdef, name)[0]
    return any(isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in ("append", "extend")
               and isinstance(n.func.value, ast.Name) and n.func.value.id in group for n in ast.walk(fdef))


@functools.lru_cache(maxsize=256)
def _parameter(fn, where):
    """``fn``'s definition (a ``def`` or lambda, from its source) and the name of its parameter at
    position or keyword ``where`` (None past its parameters); None if the source cannot be read."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    except (OSError, TypeError, SyntaxError):
        return None
    fdef = next((n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
                 and (getattr(n, "name", fn.__name__) == fn.__name__ or fn.__name__ == "<lambda>")), None)
    if fdef is None:
        return None
    params = [a.arg for a in fdef.args.posonlyargs + fdef.args.args]
    name = params[where] if isinstance(where, int) and where < len(params) else where
    return fdef, name if isinstance(name, str) else None


@functools.lru_cache(maxsize=256)
def _may_append(fn, where, depth=0):
    """Whether ``fn`` may append to its parameter at position or keyword ``where``: it appends to
    it, extends it (``.extend``, ``+=``: asked only of a proven list's parameter), or passes it on to a function that may (followed through the user's module
    functions; anything else it is passed to but a library function or ``fn`` itself is taken to,
    and so is a function whose source cannot be read)."""
    found = _parameter(fn, where)
    if found is None:
        return True
    fdef, name = found
    if name is None:
        return fdef.args.vararg is not None
    group = _aliases(fdef, name)[0]         # `out = xs; out.append(v)` appends to xs too
    for n in ast.walk(fdef):
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in ("append", "extend") \
                and isinstance(n.func.value, ast.Name) and n.func.value.id in group:
            return True
        if isinstance(n, ast.AugAssign) and isinstance(n.op, ast.Add) and isinstance(n.target, ast.Name) \
                and n.target.id in group:   # `xs += [v]`: an extend, the argument being a proven list
            return True
        if isinstance(n, ast.Call) and any(_passed_on(fn, n, alias, depth) for alias in sorted(group)):
            return True
    return False


def only_appends(fn, where, depth=0):
    """``fn`` reads its parameter at ``where`` only to append to it: ``xs.append(v)``,
    ``xs.extend([a, b])``, ``xs += [a, b]`` (a display: ``list_extend.py`` makes it appends), or
    handing it to one of the user's functions that only appends to it (``push(xs, v)``)."""
    found = _parameter(fn, where)
    if found is None or found[1] is None or depth > 8:
        return False
    fdef, name = found
    appending = set()
    for n in ast.walk(fdef):
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and (
                n.func.attr == "append" or n.func.attr == "extend" and _display_of(n.args, n.keywords)):
            appending.add(id(n.func.value))
        elif isinstance(n, ast.AugAssign) and isinstance(n.op, ast.Add) and _display_of([n.value], []):
            appending.add(id(n.target))
        elif isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and not n.keywords:
            callee = fn.__globals__.get(n.func.id)
            if inspect.isfunction(callee) and not is_library(callee) and callee is not fn:
                appending |= {id(a) for k, a in enumerate(n.args) if isinstance(a, ast.Name) and a.id == name
                              and only_appends(callee, k, depth + 1)}
    return all(id(n) in appending for n in ast.walk(fdef) if isinstance(n, ast.Name) and n.id == name)


def _display_of(args, keywords):
    """A single list or tuple display argument, with no ``*`` item."""
    return len(args) == 1 and not keywords and isinstance(args[0], (ast.List, ast.Tuple)) \
        and not any(isinstance(e, ast.Starred) for e in args[0].elts)


def _passed_on(fn, call, name, depth):
    """``call`` (in ``fn``'s body) hands ``name`` to a function that may append to it."""
    spots = [k for k, a in enumerate(call.args) if isinstance(a, ast.Name) and a.id == name]
    spots += [k.arg for k in call.keywords if isinstance(k.value, ast.Name) and k.value.id == name]
    if not spots or isinstance(call.func, ast.Name) and call.func.id in NO_VALUE | PURE_CALLS:
        return False
    path = A.dotted_path(call.func)
    callee = fn.__globals__.get(path.split(".")[0]) if path else None
    for part in (path.split(".")[1:] if callee is not None else ()):
        callee = getattr(callee, part, None)
    if callee is not None and is_library(callee):
        return False
    if callee is fn:        # a recursive call appends only where the body does
        return False
    if not inspect.isfunction(callee) or depth > 8:
        return True
    return any(_may_append(callee, spot, depth + 1) for spot in spots if spot is not None)
