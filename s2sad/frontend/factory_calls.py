"""Stage 1a', a closure made by a factory of the module, written as the nested function it makes
(issue 8, stop 57)::

    def make(k):                                  g_k = 2.0
        c = k + 1.0                  g = make(2.0)      ->      g_c = g_k + 1.0
        def g(v):                    ... g(x) ...            def g(v):
            return c * np.sum(v ** 2)                            return g_c * np.sum(v ** 2)
        return g                                             ... g(x) ...

The factory's parameters are bound to the call's arguments and its statements run where the call
ran, their names made the closure's own (``g_k``, bound once); the function it returns is a
nested ``def`` of the function, which ``lift`` follows as any other (a call through ``g`` was
refused: "a function chosen while the code runs"). With ``function_loops``, ``fs = [make(k) for k
in range(3)]`` looped over is three such closures.

Invariant: rewritten only for ``name = F(args)`` at the top level of the function's body, ``name``
bound nowhere else and read only as a callee or an item of a list display; ``F`` a module-level
function of the function's own module (same file, same globals; found by name now, so the scope
guard checks it), or of another module of the user's whose code reads from its module only modules
and builtins the function's module names the same (``np``: it means the same written here), with
plain positional parameters, no defaults, called with exactly those
positionally; its body ``v = e`` statements (names as targets), then one ``def`` (no decorators, no
``global``/``nonlocal``, no defaults), then ``return`` of it. No name the factory's code reads from
the module is one of the function's locals (it means the same in both places). Anything else is
left as written (refused later, located).
"""
import ast
import builtins
import types

from .. import astutil as A
from ..errors import S2sadError
from .parsing import parse_function
from .resolve import Resolver


def factory_calls(src, fdef, namer):
    stores = {}
    for n in ast.walk(fdef):
        if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load):
            stores[n.id] = stores.get(n.id, 0) + 1
    local = set(A.assigned_locals(fdef)) | {a.arg for a in fdef.args.args + fdef.args.kwonlyargs}
    resolver = Resolver(src, local)
    body, uses = [], _uses(fdef)
    for s in fdef.body:
        name = A.bound_name(s)
        made = _made(src, fdef, resolver, s, name, local, namer, uses) if name and stores.get(name) == 1 else None
        body += made if made is not None else [s]
        if made is None and name and stores.get(name) == 1:
            _note_foreign_factory(src, fdef, resolver, s, name)
    fdef.body[:] = body


def _note_foreign_factory(src, fdef, resolver, s, name):
    """``name = F(...)`` with ``F`` a factory of another module of the user's not written out (its
    code reads that module's own values): noted on ``src`` by name for the refusal's advice (``errors.unknown_callee``), which would otherwise call ``name`` a function chosen while
    the code runs."""
    call = s.value
    fn = resolver.obj(call.func) if isinstance(call, ast.Call) else None
    if not isinstance(fn, types.FunctionType) or fn.__globals__ is src.globals:
        return
    from .resolve import library_function
    try:
        if library_function(fn) or _shape(parse_function(fn).tree, len(call.args)) is None:
            return
    except S2sadError:
        return
    if not hasattr(src, "foreign_factories"):
        src.foreign_factories = {}
    src.foreign_factories[name] = f"{fn.__module__}.{fn.__qualname__}"


def _made(src, fdef, resolver, s, name, local, namer, uses):
    call = s.value
    if not (isinstance(call, ast.Call) and not call.keywords and _only_called(uses, name, s.targets[0])):
        return None
    fn = resolver.obj(call.func)
    if not _same_module(src, fn) or any(isinstance(a, ast.Starred) for a in call.args):
        return None
    tree = parse_function(fn).tree
    shape = _shape(tree, len(call.args))
    if shape is None:
        return None
    params, assigns, inner = shape
    own = set(params) | {a.targets[0].id for a in assigns}
    inner_binds = {n.id for n in ast.walk(inner) if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)}
    inner_binds |= {n.arg for n in ast.walk(inner) if isinstance(n, ast.arg)}
    if _free(tree, own) & local or inner_binds & own or any(
            isinstance(n, ast.Name) and n.id == inner.name for n in ast.walk(inner)):
        return None
    rename = {v: namer.fresh(f"{name}_{v}") for v in sorted(own)}
    namer.written.update({new: v for v, new in rename.items()})
    out = [A.at(A.assign(rename[p], a), s) for p, a in zip(params, call.args)]
    for stmt in assigns + [inner]:
        _rename(stmt, rename)
    inner.name = name
    return out + assigns + [inner]


def _uses(fdef):
    """(ids of the callees, ids of the list displays' items, name -> its Name nodes) of ``fdef``,
    read once: ``factory_calls`` puts its new statements into ``fdef`` only after its loop, and
    ``_made`` changes nothing of ``fdef`` before (it moves the call's arguments into new statements)."""
    callees, items, names = set(), set(), {}
    for n in ast.walk(fdef):
        if isinstance(n, ast.Call):
            callees.add(id(n.func))
        elif isinstance(n, ast.List):
            items.update(id(e) for e in n.elts)
        elif isinstance(n, ast.Name):
            names.setdefault(n.id, []).append(n)
    return callees, items, names


def _only_called(uses, name, target):
    callees, items, names = uses
    reads = [n for n in names.get(name, ()) if n is not target]
    return bool(reads) and all(isinstance(n.ctx, ast.Load) and (id(n) in callees or id(n) in items) for n in reads)


def _same_module(src, fn):
    """``fn`` a plain module-level function of the function's module, or of another module of the
    user's whose code reads from its module only modules and builtins the function's module names
    the same (``np``, ``math``: ``object_model._reads_same_modules``, as for another module's methods),
    so that written into the function it means what it means in its own module."""
    if not (isinstance(fn, types.FunctionType) and "<locals>" not in fn.__qualname__
            and fn.__closure__ is None and not fn.__defaults__ and not fn.__kwdefaults__):
        return False
    if fn.__globals__ is src.globals and fn.__code__.co_filename == src.filename:
        return True
    from .resolve import library_function
    if library_function(fn):
        return False
    try:
        tree = parse_function(fn).tree
    except S2sadError:
        return False
    return all(_same_there(name, fn, src) for name in _free(tree, ()))


def _same_there(name, fn, src):
    """The module-level ``name`` the factory reads is a module or builtin, the same object in the
    function's module (``object_model._reads_same_modules``' rule)."""
    there = fn.__globals__[name] if name in fn.__globals__ else getattr(builtins, name, None)
    try:
        here = src.lookup(name)
    except (KeyError, AttributeError):
        return False
    return here is there and (isinstance(there, types.ModuleType)
                              or name not in fn.__globals__ and hasattr(builtins, name))


def _shape(tree, n_args):
    """(parameters, ``v = e`` statements, the ``def``) of a factory of that shape, else None."""
    a = tree.args
    if a.posonlyargs or a.vararg or a.kwarg or a.kwonlyargs or a.defaults or len(a.args) != n_args:
        return None
    body = [s for s in tree.body if not A.is_docstring(s)]
    if len(body) < 2 or not isinstance(body[-2], ast.FunctionDef) or not isinstance(body[-1], ast.Return):
        return None
    inner, ret = body[-2], body[-1]
    if not (isinstance(ret.value, ast.Name) and ret.value.id == inner.name) or inner.decorator_list \
            or inner.args.defaults or inner.args.kw_defaults and any(inner.args.kw_defaults):
        return None
    assigns = body[:-2]
    if not all(A.bound_name(s) for s in assigns):
        return None
    if any(isinstance(n, (ast.Global, ast.Nonlocal, ast.Lambda, ast.FunctionDef, ast.ClassDef))
           for s in assigns for n in ast.walk(s)) or any(isinstance(n, (ast.Global, ast.Nonlocal)) for n in ast.walk(inner)):
        return None
    names = [s.targets[0].id for s in assigns]
    if len(set(names)) != len(names) or inner.name in names or inner.name in {p.arg for p in a.args}:
        return None
    return [p.arg for p in a.args], assigns, inner


def _free(tree, own):
    """The names the factory's code reads that none of its scopes binds (module globals, builtins)."""
    bound = set(own)
    for n in ast.walk(tree):
        if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load):
            bound.add(n.id)
        elif isinstance(n, ast.arg):
            bound.add(n.arg)
        elif isinstance(n, (ast.FunctionDef, ast.ClassDef)):
            bound.add(n.name)
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)} - bound


def _rename(stmt, rename):
    """The factory's own names renamed (the inner function binds none of them itself)."""
    for n in ast.walk(stmt):
        if isinstance(n, ast.Name) and n.id in rename:
            n.id = rename[n.id]


def is_factory_call(src, resolver, call):
    """Is ``call`` a call, with positional arguments only, of a factory ``factory_calls`` writes?"""
    if not isinstance(call, ast.Call) or call.keywords or any(isinstance(a, ast.Starred) for a in call.args):
        return False
    fn = resolver.obj(call.func)
    return _same_module(src, fn) and _shape(parse_function(fn).tree, len(call.args)) is not None
