"""Stage 3b, inline: replace each active call to a user's own Python function
by the helper's normalized body, its locals renamed ``helper_var``.

Only calls whose result carries a derivative are inlined; calls whose
arguments do not depend on the inputs stay ordinary calls. A helper that
returns a tuple is unpacked into the caller's targets.
"""
import ast
import builtins

import numpy as np

from .. import astutil as A
from ..errors import unsupported
from ..frontend.forwarded_args import spread
from ..frontend.kwargs_param import bind_keywords
from ..frontend.own_methods import bound_count
from ..frontend.resolve import np_ref


def expand(stmt, op, frontend, namer, tuples, is_function=lambda node: False, is_global_array=lambda node: False,
           default_data=lambda call, fn, p, dv: None):
    """The statements that replace ``stmt`` (an active call to a user function, assigned, or
    called for its effect on its arguments: their parameters are bound to the caller's arrays,
    ``v = u``, the same objects, so the alias stage carries the helper's writes back to them).

    A tuple result stored in one name ``r`` is kept as names ``r_0, r_1, ...``
    recorded in ``tuples`` (``r[k]`` is rewritten by ``untuple``). ``is_function(node)``: the
    caller's argument names a known function (it may then be passed on to another helper);
    ``is_global_array(node)``: it names a module-level array (``fill(BUF, x)``: the helper's
    parameter, never rebound, is that global's name in the inlined body, so its writes are the
    caller's direct writes to ``BUF``); ``default_data(call, fn, p, dv)``: a bound name reading the
    helper's default ``dv`` of ``p`` that is data (an array: ``inline_defaults``), or None."""
    fn = op.func
    hsrc, fdef = frontend(fn)
    local = set(A.assigned_locals(fdef))
    prefix = fn.__name__ if fn.__name__.isidentifier() else "lambda"     # `<lambda>` is no name
    rename = {v: namer.fresh(f"{prefix}_{v}") for v in sorted(local)}
    namer.written.update({new: v for v, new in rename.items()})   # (refusals quote the helper's names)
    for node in ast.walk(fdef):
        if isinstance(node, ast.Name) and node.id in rename and not getattr(node, "_s2sad_bound", False):
            node.id = rename[node.id]
        A.rename_notes(node, rename)   # xs.append(v), xs[i] op= v record names of the helper's
    body, ret = fdef.body[:-1], fdef.body[-1]
    prologue = bind_params(stmt, fn, fdef, rename, hsrc, is_function, is_global_array, default_data)
    body, ret = _unpack_returned_call(stmt, body, ret)
    unpacked = isinstance(stmt, ast.Assign) and isinstance(stmt.targets[0], ast.Tuple)
    epilogue = bind_result(stmt, _returned_list(body, ret) if unpacked else ret, hsrc, namer, tuples)
    for b in epilogue:       # located at the call, in the caller's source, as the parameters are
        b._s2sad_src = getattr(stmt, "_s2sad_src", None)
        b._s2sad_written = (hsrc, ret)    # computed by the helper's `return` (backends/jit_lines)
    return prologue + body + epilogue


def bind_params(stmt, fn, fdef, rename, hsrc, is_function=lambda node: False, is_global_array=lambda node: False,
                default_data=lambda call, fn, p, dv: None):
    call = stmt.value
    params = [a.arg for a in fdef.args.args]    # keyword-only ones last (frontend/check.py)
    positional = params[:fn.__code__.co_argcount - bound_count(fn)]    # a method's `self` is bound
    values = dict(zip(positional, call.args))
    values.update(bind_keywords(fdef, call, params))      # (`**kw`: a dict of the other keywords)
    star = getattr(fdef, "_s2sad_vararg", None)
    if star is not None and not any(isinstance(a, ast.Starred) for a in call.args):
        values[star] = A.at(ast.Tuple(elts=list(call.args[len(positional):]), ctx=ast.Load()), call)
        positional = positional + [star] * (len(call.args) - len(positional))    # (all taken)
    for p, dv in _defaults(fn, positional).items():
        if p not in values:
            values[p] = _default_value(dv) or default_data(call, fn, p, dv)
            if values[p] is None:
                raise unsupported(hsrc, fdef, f"the default value of `{p}` (a {type(dv).__name__})",
                                  "Pass the argument explicitly.")
    if len(call.args) > len(positional) or set(values) != set(params):
        raise unsupported(getattr(stmt, "_s2sad_src", None), stmt,
                          f"this call to `{fn.__name__}` (arguments do not match its parameters)",
                          "Pass exactly the parameters the helper declares.")
    spread(fdef, rename, values, getattr(stmt, "_s2sad_src", None), stmt, hsrc)  # g(x, **kw), g(x, *args)
    called = _only_called(fdef, {rename[p]: values[p] for p in params}, is_function)
    called |= _global_arrays(fdef, {rename[p]: values[p] for p in params if rename[p] not in called}, is_global_array)
    out = [A.at(A.assign(rename[p], A.clone(values[p])), stmt) for p in params if rename[p] not in called]
    for b in out:       # located at the call, in the caller's source (a refusal of a binding names it)
        b._s2sad_src = getattr(stmt, "_s2sad_src", None)
    return out


def _only_called(fdef, values, is_function):
    """Parameters bound to a name (``rk4(rhs, y)``) that the helper only calls (``rhs(y)``), or,
    for a known function, calls and passes on (``rk4(rhs, y)`` inside ``integrate(rhs, y0)``):
    each use is replaced by that name, so the function called is known where it is
    differentiated (the parameter is never assigned, so it names the same function throughout).
    Returns the substituted parameters' names; their bindings are dropped."""
    uses = {}
    for node in ast.walk(fdef):
        if isinstance(node, ast.Name) and node.id in values:
            uses.setdefault(node.id, []).append(node)
    calls = [n for n in ast.walk(fdef) if isinstance(n, ast.Call)]
    funcs = {id(n.func) for n in calls}
    passed = {id(a) for n in calls for a in n.args + [k.value for k in n.keywords]}
    out = set()
    for name, nodes in uses.items():
        value = values[name]
        if not isinstance(value, (ast.Name, ast.Attribute)) or A.dotted_path(value) is None:
            continue
        ok = funcs | passed if is_function(value) else funcs
        if all(id(n) in ok and isinstance(n.ctx, ast.Load) for n in nodes):
            _substitute(fdef, name, value)
            out.add(name)
    return out


def _global_arrays(fdef, values, is_global_array):
    """Parameters bound to the name of a module-level array (``fill(BUF, x)``) that the helper
    never rebinds (every use a read: ``buf[:] = v`` writes through it, ``buf = ...`` would
    rebind): the parameter and the global are one object throughout the call, so each use is
    replaced by the global's name, and the helper's writes are the caller's own ``BUF[...] = v``
    (exact, ``analyses/tape``), not writes through an alias of a global (refused). Returns the
    substituted parameters' names; their bindings are dropped."""
    uses = {}
    for node in ast.walk(fdef):
        if isinstance(node, ast.Name) and node.id in values:
            uses.setdefault(node.id, []).append(node)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            return set()
    out = set()
    for name, nodes in sorted(uses.items()):
        value = values[name]
        if isinstance(value, ast.Name) and is_global_array(value) and all(isinstance(n.ctx, ast.Load) for n in nodes):
            _substitute(fdef, name, value)
            out.add(name)
    return out


def _substitute(fdef, name, value):
    """Every read of ``name`` in ``fdef`` replaced by a copy of ``value``."""
    class Sub(ast.NodeTransformer):
        def visit_Name(self, node):
            return ast.copy_location(A.clone(value), node) if node.id == name else node
    for i, stmt in enumerate(fdef.body):
        fdef.body[i] = Sub().visit(stmt)


def _default_value(dv):
    """The expression for a helper's default ``dv``: a constant, or a type or function named by its
    one path (``float`` the builtin, ``np.float32``, ``np.tanh``: bound to that object
    whatever the caller's module names so), as in ``def as_arr(v, dtype=float)`` or
    ``def layer(h, W, act=np.tanh)``; None for any other object (refused)."""
    if isinstance(dv, (int, float, bool, str, type(None))):
        return A.const(dv)
    name = getattr(dv, "__name__", None) if isinstance(dv, type) or callable(dv) else None
    if not isinstance(name, str) or not name.isidentifier():
        return None
    if getattr(builtins, name, None) is dv:
        if not isinstance(dv, type):
            return None         # (`f=abs`: bound in the namespace, inline_defaults.default_function)
        node = A.name(name)
        node._s2sad_builtin, node._s2sad_obj = True, dv
        return node
    return np_ref("np." + name) if getattr(np, name, None) is dv else None


def _defaults(fn, positional):
    """Parameter name -> default value, positional and keyword-only."""
    defaults = fn.__defaults__ or ()
    out = dict(zip(positional[len(positional) - len(defaults):], defaults))
    return {**out, **(fn.__kwdefaults__ or {})}


def _unpack_returned_call(stmt, body, ret):
    """``a, b = wrap(x)`` of a helper ending ``t = pair(x); return t`` (``return pair(x)``, another
    helper's or a recursive function's tuple, as the frontend writes it): the helper's last call
    unpacked into the caller's targets, ``a, b = pair(x)``, inlined or split in the next round like
    a call the caller wrote. (body, ret) unchanged otherwise."""
    tgt, value = getattr(stmt, "targets", [None])[0], ret.value
    last = body[-1] if body else None
    if not (isinstance(tgt, ast.Tuple) and isinstance(value, ast.Name) and isinstance(last, ast.Assign)
            and isinstance(last.value, ast.Call) and len(last.targets) == 1
            and isinstance(last.targets[0], ast.Name) and last.targets[0].id == value.id):
        return body, ret
    if any(isinstance(n, ast.Name) and n.id == value.id for s in body[:-1] for n in ast.walk(s)):
        return body, ret
    last.targets = [A.at(A.clone(tgt), last)]    # (the statement keeps its notes: source, line)
    return body, ast.Return(value=None)


def _returned_list(body, ret):
    """``ret``, or, where the helper returns a list display through a name read nowhere else
    (``t = [a, b]; return t``, as ``anf`` names it), ``return [a, b]``, for a caller unpacking it:
    a fresh list unpacked at once is its items, as a tuple's are."""
    name = ret.value.id if isinstance(ret.value, ast.Name) else None
    binds = [s for s in body if isinstance(s, ast.Assign) and any(
        isinstance(n, ast.Name) and n.id == name for t in s.targets for n in ast.walk(t))]
    uses = [n for s in body for n in ast.walk(s) if isinstance(n, ast.Name) and n.id == name]
    if name is None or len(binds) != 1 or len(uses) != 1 or binds[0].targets[0] is not uses[0] \
            or not isinstance(binds[0].value, ast.List) \
            or any(isinstance(e, ast.Starred) for e in binds[0].value.elts):
        return ret
    return A.at(ast.Return(value=binds[0].value), ret)


def bind_result(stmt, ret, hsrc, namer, tuples):
    if isinstance(stmt, ast.Expr) or ret.value is None:   # called for its effect (``apply_bc(u)``), or
        return []                      # unpacked already (_unpack_returned_call): the result is discarded
    tgt, value = stmt.targets[0], ret.value
    if isinstance(tgt, ast.Name) and isinstance(value, ast.Tuple):
        parts = tuples.get(tgt.id)      # bound to a helper's tuple before: the same items (one name, one value)
        if parts is None:
            parts = tuples[tgt.id] = [namer.fresh(f"{tgt.id}_{k}") for k in range(len(value.elts))]
        elif len(parts) != len(value.elts):
            raise unsupported(getattr(stmt, "_s2sad_src", None), stmt, f"`{tgt.id}` bound here to a helper's tuple "
                              f"of {len(value.elts)} items, where elsewhere it holds a helper's tuple of {len(parts)} "
                              "items (s2sad keeps such a tuple as its items)", "Give the two values different names.")
        return [A.at(A.assign(p, A.clone(v)), stmt) for p, v in zip(parts, value.elts)]
    if isinstance(tgt, ast.Tuple):
        if not (isinstance(value, (ast.Tuple, ast.List)) and len(value.elts) == len(tgt.elts)):
            raise unsupported(hsrc, ret, "unpacking this helper's result",
                              f"Return a tuple of exactly {len(tgt.elts)} values.")
        return [A.at(A.assign(t.id, A.clone(v)), stmt) for t, v in zip(tgt.elts, value.elts)]
    return [A.at(A.assign(tgt.id, A.clone(value)), stmt)]


def splice(stmts, replace):
    """Rebuild a statement tree, replacing statements by id -> list."""
    out = []
    for s in stmts:
        if id(s) in replace:
            out.extend(replace[id(s)])
            continue
        if isinstance(s, (ast.If, ast.For, ast.While)):
            s.body, s.orelse = splice(s.body, replace), splice(s.orelse, replace)
        out.append(s)
    return out


def untuple(stmts, tuples, src_of, params, namer):
    """Rewrite ``r[k]`` (k a constant) to ``r_k`` for tuple results kept as names; a local
    holding such a tuple (``s = step(s, dt)``, ``s = (x, v)`` before) is kept as names too
    (``_tuple_locals``, its parts named by ``namer``), and one read whole is built where it is
    read (``_rebuilt_wholes``). ``params``: the function's parameters (never such a local)."""
    _tuple_locals(stmts, tuples, set(params), namer, src_of)
    rewrite = _Untuple(tuples)
    for stmt in stmts:
        rewrite.visit(stmt)
    if tuples:
        holder = ast.Module(body=stmts, type_ignores=[])
        A.map_blocks(holder, lambda s: _rebuilt_wholes(s, tuples, namer))
        stmts[:] = holder.body
    for stmt in stmts:
        for node in ast.walk(stmt):
            if isinstance(node, ast.Name) and node.id in tuples and isinstance(node.ctx, ast.Load):
                if getattr(node, "_s2sad_starred", None):
                    raise unsupported(src_of(stmt), stmt, f"the starred target `*{node._s2sad_starred}` unpacking "
                                      "a helper's tuple",
                                      "Name every item instead (`a, b, c = ...`).")
                raise unsupported(src_of(stmt), stmt, f"using the tuple `{node.id}` as a whole",
                                  f"Unpack it: `a, b = ...`, or index it with constants `{node.id}[0]`.")


def _rebuilt_wholes(s, tuples, namer):
    """A statement reading a tuple kept as names whole (``for v in r``, ``sum(r)``, ``g(r)``), once
    where it stands: ``r2 = (r_0, r_1)`` just before it, read instead (a tuple never changes, so
    its parts are its items). In a loop's test, read again each pass, a call's argument gets the
    display ``(r_0, r_1)`` itself; any other read there, and a starred target, is refused by ``untuple``."""
    if isinstance(s, ast.While):        # read again each pass: a call's argument gets the display itself
        for call in (n for n in ast.walk(s.test) if isinstance(n, ast.Call)):
            call.args = [ast.Tuple(elts=[A.name(p) for p in tuples[a.id]], ctx=ast.Load())
                         if isinstance(a, ast.Name) and a.id in tuples else a for a in call.args]
        return [s]
    header = [s.iter] if isinstance(s, ast.For) else [s.test] if isinstance(s, ast.If) \
        else [] if hasattr(s, "body") else [s]
    uses = [n for h in header for n in ast.walk(h) if isinstance(n, ast.Name) and n.id in tuples
            and isinstance(n.ctx, ast.Load) and not getattr(n, "_s2sad_starred", None)]
    pre, whole = [], {}
    for n in uses:
        if n.id not in whole:
            whole[n.id] = namer.fresh(n.id)
            pre.append(_noted_like(A.at(A.assign(whole[n.id], ast.Tuple(
                elts=[A.name(p) for p in tuples[n.id]], ctx=ast.Load())), s), s))
        n.id = whole[n.id]
    return pre + [s]


def _tuple_locals(stmts, tuples, params, namer, src_of):
    """Locals every store of which is ``y = r`` (``r`` a tuple kept as names) or ``y = (a, b)``, of
    one length, at least one the former: each store becomes ``y_0 = r_0; y_1 = r_1`` (a tuple
    is never changed, so its parts are the values its items are), and ``y`` joins ``tuples``."""
    stores = A.stores(ast.Module(body=stmts, type_ignores=[]))
    sites = {}
    for s in (n for st in stmts for n in ast.walk(st)):
        if isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], ast.Name):
            sites.setdefault(s.targets[0].id, []).append(s)
    _check_helper_tuples(stmts, tuples, sites, stores, src_of)
    changed = True
    while changed:
        changed = False
        for name, assigns in sites.items():
            if name in tuples or name in params or len(assigns) != len(stores.get(name, ())):
                continue
            sizes = {_tuple_size(a.value, tuples) for a in assigns}
            if len(sizes) == 1 and None not in sizes and any(isinstance(a.value, ast.Name) for a in assigns):
                tuples[name] = [namer.fresh(f"{name}_{k}") for k in range(sizes.pop())]
                changed = True
    if any(n in tuples for n in sites):
        _replace_stores(stmts, tuples, {id(a) for n in sites if n in tuples for a in sites[n]})


def _check_helper_tuples(stmts, tuples, sites, stores, src_of):
    """A name bound to a helper's tuple is kept as its items (``bind_result``), which then stand for
    it everywhere: each other binding of it must be a tuple of as many items (``sites``: its
    assignments; ``stores``: every binding), else refused there (a shorter or longer tuple's items
    would be cut or lost: jvp read ``(a, b, c)`` as ``(a, b)``)."""
    for name, parts in tuples.items():
        assigns = sites.get(name, [])
        bad = [a for a in assigns if _tuple_size(a.value, tuples) != len(parts)]
        other = [n for n in stores.get(name, ()) if not any(n is a.targets[0] for a in assigns)]
        culprit = bad[0] if bad else next((st for st in stmts for n in other if n is not None and any(
            m is n for m in ast.walk(st))), stmts[0]) if other else None
        if culprit is not None:
            raise unsupported(src_of(culprit), culprit, f"`{name}` bound here to a value other than a tuple of "
                              f"{len(parts)} items, where elsewhere it holds a helper's tuple of {len(parts)} items "
                              "(s2sad keeps that tuple as its items)", "Give the two values different names.")


def _tuple_size(value, tuples):
    if isinstance(value, ast.Name) and value.id in tuples:
        return len(tuples[value.id])
    if isinstance(value, ast.Tuple) and not any(isinstance(e, ast.Starred) for e in value.elts):
        return len(value.elts)
    return None


def _replace_stores(stmts, tuples, ids):
    """In place, in every block: each statement of ``ids`` replaced by its parts' assignments."""
    out = []
    for s in stmts:
        for field in ("body", "orelse", "finalbody"):
            block = getattr(s, field, None)
            if isinstance(block, list) and block and isinstance(block[0], ast.stmt):
                _replace_stores(block, tuples, ids)
        if id(s) not in ids:
            out.append(s)
            continue
        value, parts = s.value, tuples[s.targets[0].id]
        items = [A.name(p) for p in tuples[value.id]] if isinstance(value, ast.Name) else value.elts
        for p, v in zip(parts, items):
            out.append(_noted_like(A.at(A.assign(p, A.clone(v)), s), s))
    stmts[:] = out


def _noted_like(new, s):
    """``new``, a statement made for ``s``, with ``s``'s notes (its source, line, helper chain)."""
    new.__dict__.update({k: v for k, v in vars(s).items() if k.startswith("_s2sad")})
    return new


def _is_part(node, tuples):
    return isinstance(node.value, ast.Name) and node.value.id in tuples \
        and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, int) \
        and -len(tuples[node.value.id]) <= node.slice.value < len(tuples[node.value.id])


class _Untuple(ast.NodeTransformer):
    def __init__(self, tuples):
        self.tuples = tuples

    def visit_Subscript(self, node):
        if _is_part(node, self.tuples) and isinstance(node.ctx, ast.Load):
            return A.name(self.tuples[node.value.id][node.slice.value])
        return self.generic_visit(node)
