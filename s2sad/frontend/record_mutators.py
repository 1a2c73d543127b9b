"""Stage 1c, a helper that rebinds the fields of an object it is given, written out at its call::

    def step(st, dt):                       for _ in range(4):
        st.v = st.v - dt * st.p                 step_dt = 0.1
        st.p = st.p + dt * st.v       ->        st.v = st.v - step_dt * st.p
                                                st.p = st.p + step_dt * st.v
    st = State(x, v)
    for _ in range(4):
        step(st, 0.1)

so the caller's own object has its fields rebound in the caller's own body, which
``local_objects.py`` follows as variables (a dataclass or plain object built in the function), and
which is refused at the helper's line otherwise (an object the caller was given: its fields are the
caller's, never changed by a gradient).

Invariant (Python's run unchanged): rewritten only for a call statement ``h(...)`` (its ``None``
unused), or ``v = h(...)`` when ``h``'s last statement is its only ``return E``, of a plain
function ``h`` with source, defined at the top of the caller's own module (its global names mean
there what they mean in ``h``: none is a local of the caller), taking positional parameters only
(no ``*``/``**``/keyword-only; a default a number, string, bool or None), every argument bound
once with no ``:=``, with no other ``return``, ``yield``, ``global``/``nonlocal``, nested function,
lambda or class; and some parameter ``p`` whose attribute ``h`` writes (``p.f = e``, ``p.f += e``)
is given a local name of the caller and never rebound in ``h``. Each such ``p`` is the caller's
name in the body written out (the same object, and nothing in ``h`` can rebind the caller's name);
every other parameter and local of ``h`` is a fresh name, the parameters bound first, in the order
the arguments are written (then the defaults), as Python evaluates a call. Anything else is left as
written (refused later, located, as before).
"""
import ast
import inspect

from .. import astutil as A
from ..errors import S2sadError, unsupported
from ..scopes import is_library
from .calls import bind_values
from .parsing import parse_function
from .resolve import MISSING, Resolver

_SCOPES = A.SCOPES
_NOT_INLINED = (ast.Global, ast.Nonlocal, ast.Yield, ast.YieldFrom, ast.Await) + _SCOPES
_ROUNDS = 8                   # helpers calling such helpers, written out in turn (a recursive one stops)


def record_mutators(src, fdef, namer, top=False):
    """Write out, in place, each call of ``fdef`` of a helper rebinding its argument's fields;
    ``top``: ``fdef`` is the function differentiated (a call changing one of its parameters'
    objects is refused at the call: the caller's objects are never changed)."""
    params = {a.arg for a in ast.walk(fdef.args) if isinstance(a, ast.arg)} if top else set()
    for _ in range(_ROUNDS):
        if not _one_round(src, fdef, params, namer):
            return


def _one_round(src, fdef, params, namer):
    """Write out the calls found in one walk; whether some were."""
    resolver, local = Resolver(src, A.assigned_locals(fdef)), set(A.assigned_locals(fdef))
    done = []
    A.map_blocks(fdef, lambda s: _written_out(s, src, resolver, local - params, params, namer, done))
    return bool(done)


def _written_out(s, src, resolver, local, params, namer, done):
    call, target = _call_of(s)
    fn = resolver.obj(call.func) if call is not None else MISSING
    bound = _bind(fn, call) if _user_function(fn) else None
    mutated = _mutated(fn) if bound is not None else set()
    given = {p: bound[p].id for p in sorted(mutated) if isinstance(bound[p], ast.Name)}
    for p, name in given.items():
        if name in params:
            raise _refuse_parameter(src, call, fn, p, name)
    hdef = parse_function(fn).tree if given and _same_module(fn, src) else None
    if hdef is None or any(isinstance(n, ast.NamedExpr) for n in ast.walk(call)) \
            or not _inlinable(hdef, target is not None):
        return [s]
    objects = {p: name for p, name in given.items() if name in local and p not in _rebound(hdef)}
    names = set(A.assigned_locals(hdef))
    free = _free_names(hdef, names)
    if not objects or free & (local | params):
        return [s]
    rename = {v: objects.get(v) or namer.fresh(f"{fn.__name__}_{v}") for v in sorted(names)}
    if free & set(rename.values()):
        return [s]
    namer.written.update({new: v for v, new in rename.items() if v not in objects})
    for node in ast.walk(hdef):
        if isinstance(node, ast.Name) and node.id in rename:
            node.id = rename[node.id]
    body = hdef.body
    if target is not None:
        body = body[:-1] + [A.at(ast.Assign(targets=[target], value=body[-1].value), s)]
    elif body and isinstance(body[-1], ast.Return):
        body = body[:-1]
    first = [A.at(A.assign(rename[p], a), s) for p, a in bound.items() if p not in objects]
    done.append(s)
    return first + body or [A.at(ast.Pass(), s)]


def _mutated(fn, depth=0):
    """The parameters of ``fn`` whose object it changes: a field rebound (``p.f = e``,
    ``p.f += e``) or written into (``p.f[i] = e``), or passed by name to a helper that does."""
    try:
        hsrc = parse_function(fn)
    except S2sadError:
        return set()
    hdef = hsrc.tree
    params = [a.arg for a in hdef.args.args]
    out = {_field_owner(n) for n in ast.walk(hdef) if _field_owner(n) is not None} & set(params)
    if depth < _ROUNDS:
        resolver = Resolver(hsrc, A.assigned_locals(hdef))
        for call in (n for n in ast.walk(hdef) if isinstance(n, ast.Call)):
            inner = resolver.obj(call.func)
            bound = _bind(inner, call) if _user_function(inner) and inner is not fn else None
            for p in _mutated(inner, depth + 1) if bound is not None else ():
                if isinstance(bound[p], ast.Name) and bound[p].id in params:
                    out.add(bound[p].id)
    return out


def _field_owner(node):
    """``p`` of a store ``p.f = ...`` or ``p.f[i] = ...``, else None."""
    if isinstance(node, ast.Subscript) and not isinstance(node.ctx, ast.Load):
        node = node.value
        if not isinstance(node, ast.Attribute):
            return None
    elif not (isinstance(node, ast.Attribute) and not isinstance(node.ctx, ast.Load)):
        return None
    return node.value.id if isinstance(node.value, ast.Name) else None


def _refuse_parameter(src, call, fn, param, name):
    return unsupported(src, call, f"a call of `{fn.__name__}`, which changes the fields of its argument `{name}` "
                       f"(`{fn.__name__}`'s parameter `{param}`), an object the caller gave the function "
                       "differentiated: s2sad never changes the caller's objects",
                       f"Build a new object of its fields in the function (`s = State({name}.p, {name}.v)` for a "
                       "dataclass `State`) and pass that, or pass the fields and return their new values.")


def _call_of(s):
    """(the call, the target of ``v = call`` or None) of a statement that is a call alone."""
    if isinstance(s, ast.Expr) and isinstance(s.value, ast.Call):
        return s.value, None
    if isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], ast.Name) \
            and isinstance(s.value, ast.Call):
        return s.value, s.targets[0]
    return None, None


def _user_function(fn):
    return inspect.isfunction(fn) and not is_library(fn) and not fn.__closure__ \
        and fn.__code__.co_flags & (inspect.CO_GENERATOR | inspect.CO_COROUTINE) == 0


def _same_module(fn, src):
    """Defined at the top of the caller's module: its global names mean the same at the call."""
    return fn.__globals__ is src.func.__globals__ and fn.__name__.isidentifier() and fn.__qualname__ == fn.__name__


def _bind(fn, call):
    """Parameter -> the argument expression (or a default's constant), in the order Python
    evaluates them; None when the call does not bind them so plainly."""
    code = fn.__code__
    if code.co_kwonlyargcount or code.co_flags & (inspect.CO_VARARGS | inspect.CO_VARKEYWORDS):
        return None
    return bind_values(list(code.co_varnames[:code.co_argcount]), call.args, call.keywords, fn)


def _inlinable(hdef, valued):
    """No scope, generator or declaration in the body; its only ``return`` the last statement
    (with a value when the call's is stored, bare or none when it is not)."""
    if any(isinstance(n, _NOT_INLINED) for b in hdef.body for n in ast.walk(b)):
        return False
    returns = [n for n in ast.walk(hdef) if isinstance(n, ast.Return)]
    last = hdef.body[-1] if hdef.body else None
    if valued:
        return returns == [last] and last.value is not None
    return not returns or returns == [last] and (last.value is None or
                                                 isinstance(last.value, ast.Constant) and last.value.value is None)


def _written_attribute_params(hdef):
    return {n.value.id for n in ast.walk(hdef) if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name)
            and not isinstance(n.ctx, ast.Load)}


def _rebound(hdef):
    return {n.id for b in hdef.body for n in ast.walk(b) if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)}


def _free_names(hdef, local):
    return {n.id for n in ast.walk(hdef) if isinstance(n, ast.Name) and n.id not in local}
