"""Stage 1a', a loop over a fixed sequence of functions, unrolled (issue 8, stop 57)::

    fs = [sq, np.sin, p]                          tot = tot + sq(x)
    for f in fs:                         ->       tot = tot + np.sin(x)
        tot = tot + f(x)                          tot = tot + p(x)

(``for f in (a, b):`` written in place, ``for k, f in enumerate(fs, start=1):`` too: ``k = 1``
before the first copy, and so on). A local list of ``functools.partial`` objects, written out or
made by a comprehension over a constant ``range``, only looped over, is first a partial per name::

    ps = [partial(h, c=float(k)) for k in range(2)]   ->   ps_0 = partial(h, c=float(0))
                                                            ps_1 = partial(h, c=float(1))
                                                            ps = [ps_0, ps_1]

each made where Python makes it, in order (``local_partials`` then writes each call of one as
its function's call). Each call ``f(...)`` then names its function, so it has its
rule, is inlined, or is a local partial's call (``local_partials``, the next stages); a call
through the loop variable was refused ("a function chosen while the code runs").

Invariant: rewritten only where the sequence is a list or tuple display (at most ``LIMIT`` items,
no ``*``) of dotted names whose roots are not rebound in the loop's body and are bound at most
once in the function, written in the ``for`` or bound once to a local at the top level of the body
(that local then mentioned only as what such loops run over: its binding goes); the loop has no
``else``, no ``break`` or ``continue`` of its own, no nested function, lambda or class; its
variable (and ``enumerate``'s index, a name) is bound nowhere else and the function variable only
called (``f(...)``) in the body, never read after it. The items are read where the loop runs in
both (names only: nothing runs in between). Anything else is left as written (refused later,
located).
"""
import ast
import builtins
import functools

from .. import astutil as A
from .factory_calls import factory_calls, is_factory_call
from .resolve import Resolver

LIMIT = 16


def function_loops(src, fdef, namer):
    stores = {}
    for node in ast.walk(fdef):
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            stores[node.id] = stores.get(node.id, 0) + 1
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            stores.update({n: 2 for n in node.names})
        elif isinstance(node, ast.arg):
            stores[node.arg] = stores.get(node.arg, 0) + 1
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node is not fdef:
            stores[node.name] = stores.get(node.name, 0) + 1
    _partials_named(src, fdef, namer, stores)
    factory_calls(src, fdef, namer)
    displays = _named_displays(fdef, stores)
    done = set()

    def statement(s):
        got = _unrolled(fdef, s, stores, displays)
        if got is None:
            return [s]
        if isinstance(s.iter, ast.Name) or _enumerated(s.iter) and isinstance(s.iter.args[0], ast.Name):
            done.add((s.iter if isinstance(s.iter, ast.Name) else s.iter.args[0]).id)
        return got
    A.unroll_blocks(fdef, statement)
    lens = _lens(Resolver(src, A.assigned_locals(fdef)), fdef)
    for name in sorted(done):
        binding, unrolled = displays[name]
        if all(id(n) in unrolled or id(n) in lens for n in ast.walk(fdef) if isinstance(n, ast.Name) and n.id == name):
            for n in ast.walk(fdef):        # (`len(fs)`: the display's length, fs never changed)
                if isinstance(n, ast.Call) and n.args and id(n.args[0]) in lens and n.args[0].id == name:
                    A.become(n, ast.copy_location(ast.Constant(value=len(binding.value.elts)), n))
            fdef.body.remove(binding)


def _lens(resolver, fdef):
    """Ids of the names ``n`` read as ``len(n)`` (the builtin)."""
    return {id(n.args[0]) for n in ast.walk(fdef) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
            and n.func.id == "len" and len(n.args) == 1 and not n.keywords and isinstance(n.args[0], ast.Name)
            and resolver.obj(n.func) is builtins.len}


def _partials_named(src, fdef, namer, stores):
    """``ps = [partial(...), ...]`` (or a comprehension over a constant range of one partial) at
    the top level, ``ps`` bound once and only looped over: each partial bound to a name of its own
    just before, ``ps`` the display of those names."""
    loops = {id(n.iter if not _enumerated(n.iter) else n.iter.args[0]) for n in ast.walk(fdef) if isinstance(n, ast.For)}
    reads = {}
    for n in ast.walk(fdef):
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load):
            reads.setdefault(n.id, []).append(id(n))
    resolver = Resolver(src, A.assigned_locals(fdef))
    loops |= _lens(resolver, fdef)
    body = []
    for s in fdef.body:
        name = A.bound_name(s)
        elts = _spelled_out(s.value) if name is not None and stores.get(name) == 1 \
            and reads.get(name) and all(r in loops for r in reads[name]) else None
        if elts is None or not all(_is_partial(resolver, e) or is_factory_call(src, resolver, e) for e in elts):
            body.append(s)
            continue
        names = [namer.fresh(f"{name}_{k}") for k in range(len(elts))]
        namer.written.update({n: f"{name}[{k}]" for k, n in enumerate(names)})
        body += [A.at(A.assign(n, e), s) for n, e in zip(names, elts)]
        s.value = A.at(ast.List(elts=[A.name(n) for n in names], ctx=ast.Load()), s.value)
        body.append(s)
    fdef.body[:] = body


def _spelled_out(value):
    """The items of a list or tuple display, or of ``[e for k in range(<constants>)]`` (``e``
    with each ``k`` the constant; no lambda in ``e``), at most ``LIMIT``; else None."""
    if isinstance(value, (ast.List, ast.Tuple)) and 0 < len(value.elts) <= LIMIT:
        return None if any(isinstance(e, ast.Starred) for e in value.elts) else list(value.elts)
    if not (isinstance(value, ast.ListComp) and len(value.generators) == 1):
        return None
    gen = value.generators[0]
    it = gen.iter
    if gen.ifs or gen.is_async or not isinstance(gen.target, ast.Name) or not (
            isinstance(it, ast.Call) and isinstance(it.func, ast.Name) and it.func.id == "range" and not it.keywords
            and all(isinstance(a, ast.Constant) and type(a.value) is int for a in it.args) and 1 <= len(it.args) <= 3):
        return None
    if any(isinstance(n, (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp, ast.NamedExpr))
           for n in ast.walk(value.elt)):
        return None
    ks = range(*[a.value for a in it.args])
    if not 0 < len(ks) <= LIMIT:
        return None
    return [_with_constant(A.clone(value.elt), gen.target.id, k) for k in ks]


def _with_constant(node, name, k):
    for n in ast.walk(node):
        for field, v in ast.iter_fields(n):
            if isinstance(v, ast.Name) and v.id == name:
                setattr(n, field, ast.copy_location(ast.Constant(value=k), v))
            elif isinstance(v, list):
                v[:] = [ast.copy_location(ast.Constant(value=k), e) if isinstance(e, ast.Name) and e.id == name
                        else e for e in v]
    if isinstance(node, ast.Name) and node.id == name:
        return ast.copy_location(ast.Constant(value=k), node)
    return node


def _is_partial(resolver, e):
    return isinstance(e, ast.Call) and resolver.obj(e.func) is functools.partial and e.args \
        and not any(isinstance(a, ast.Starred) for a in e.args) and all(k.arg for k in e.keywords)


def _named_displays(fdef, stores):
    """Local name -> (its binding statement, ids of its Name nodes other than the target) for
    ``fs = [f, g]`` at the top level of the body, ``fs`` bound nowhere else."""
    out = {}
    for s in fdef.body:
        name = A.bound_name(s)
        if name is not None and stores.get(name) == 1 and _items(s.value) is not None:
            out[name] = (s, {id(s.targets[0])})
    return out


def _items(node):
    if not isinstance(node, (ast.List, ast.Tuple)) or not 0 < len(node.elts) <= LIMIT:
        return None
    return node.elts if all(A.dotted_path(e) is not None for e in node.elts) else None


def _enumerated(node):
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "enumerate" \
        and len(node.args) == 1 and all(k.arg == "start" and isinstance(k.value, ast.Constant)
                                        and type(k.value.value) is int for k in node.keywords)


def _unrolled(fdef, s, stores, displays):
    """The copies of ``s``'s body replacing it, or None when ``s`` is no such loop."""
    if not isinstance(s, ast.For) or s.orelse or A.leaves_loop(s.body, (ast.Break, ast.Continue)):
        return None
    seq, index, target, start = s.iter, None, s.target, 0
    if _enumerated(seq) and isinstance(target, ast.Tuple) and len(target.elts) == 2 \
            and isinstance(target.elts[0], ast.Name):
        seq, index, target = seq.args[0], target.elts[0].id, target.elts[1]
        start = s.iter.keywords[0].value.value if s.iter.keywords else 0
    items = _items(displays[seq.id][0].value) if isinstance(seq, ast.Name) and seq.id in displays else _items(seq)
    if items is None or not isinstance(target, ast.Name) or stores.get(target.id) != 1 \
            or index is not None and (stores.get(index) != 1 or index == target.id):
        return None
    body = ast.Module(body=s.body, type_ignores=[])
    if any(isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)) for n in ast.walk(body)):
        return None
    if not _only_called(fdef, body, target.id) or not _roots_fixed(items, fdef, body, stores):
        return None
    if isinstance(seq, ast.Name):
        displays[seq.id][1].add(id(seq))
    out = []
    for k, item in enumerate(items):
        if index is not None:
            out.append(A.at(A.assign(index, A.const(start + k)), s))
        out += [_substituted(A.clone(b), target.id, item) for b in s.body]
    return out


def _only_called(fdef, body, name):
    """Every mention of ``name`` in the function is a call's callee inside ``body``."""
    inside = {id(n) for n in ast.walk(body)}
    callees = {id(n.func) for n in ast.walk(body) if isinstance(n, ast.Call)}
    mentions = [n for n in ast.walk(fdef) if isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load)]
    return bool(mentions) and all(id(n) in inside and id(n) in callees for n in mentions)


def _roots_fixed(items, fdef, body, stores):
    """Each item's root name is bound at most once in the function and not in the loop's body,
    and nothing reached from it (``obj.f = g``, ``fns[0] = g``) is written anywhere in the function."""
    inside = {n.id for n in ast.walk(body) if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)}
    reached = {_root(n) for n in ast.walk(fdef) if isinstance(n, (ast.Attribute, ast.Subscript))
               and not isinstance(n.ctx, ast.Load)}
    roots = {A.dotted_path(e).split(".")[0] for e in items}
    return all(stores.get(r, 0) <= 1 and r not in inside | reached for r in roots)


def _root(node):
    while isinstance(node, (ast.Attribute, ast.Subscript)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _substituted(stmt, name, item):
    for node in ast.walk(stmt):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == name:
            node.func = ast.copy_location(A.clone(item), node.func)
    return stmt
