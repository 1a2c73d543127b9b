"""Stage 1a, inert statements: statements that change no value the function computes go.

* ``with np.errstate(divide="ignore", ...):`` (one item, no ``as``, every setting a
  constant ``"ignore"``, ``"warn"`` or ``"print"``) only says which floating-point
  warnings NumPy prints; its body runs as written. The body takes the ``with``'s place.
  A setting ``"raise"`` or ``"call"`` changes what the function does (an exception, a
  callback), so such a ``with`` stays, for ``check`` to refuse.
* ``del name`` only unbinds a local name. It goes when no read of ``name`` can follow it:
  every read comes before it in the source, each loop holding it binds ``name`` again
  (``name = value``, its first statement naming it) before any read of the next iteration,
  and no nested function or lambda reads it. Any other ``del`` (``del lst[i]``, ``del d[k]``, a name read later)
  stays, for ``check`` to refuse.

Invariant: the statements removed neither bind nor change a value any later statement reads,
so the function computes what it computed with them, where it runs without an exception.
"""
import ast

import numpy as np

from .resolve import Resolver
from .. import astutil as A

QUIET = {"ignore", "warn", "print"}


def strip_inert(src, fdef):
    """Remove, in place, the ``with np.errstate(...)`` wrappers and ``del`` statements above."""
    resolver = Resolver(src, set(A.assigned_locals(fdef)))
    fdef.body = _block(fdef.body, resolver, fdef, [])
    return fdef


def _block(stmts, resolver, fdef, loops):
    out = []
    for s in stmts:
        if isinstance(s, ast.With) and _quiet_errstate(s, resolver):
            out += _block(s.body, resolver, fdef, loops)
            continue
        if isinstance(s, ast.Delete) and _unread_after(s, fdef, loops):
            continue
        inner = loops + [s] if isinstance(s, (ast.For, ast.While)) else loops
        for field in ("body", "orelse", "finalbody"):
            body = getattr(s, field, None)
            if isinstance(body, list) and body and isinstance(body[0], ast.stmt) \
                    and not isinstance(s, (ast.FunctionDef, ast.ClassDef)):
                setattr(s, field, _block(body, resolver, fdef, inner))
        out.append(s)
    return out or [A.at(ast.Pass(), stmts[0])]


def _quiet_errstate(s, resolver):
    if len(s.items) != 1 or s.items[0].optional_vars is not None:
        return False
    call = s.items[0].context_expr
    return isinstance(call, ast.Call) and not call.args and resolver.obj(call.func) is np.errstate \
        and all(k.arg is not None and isinstance(k.value, ast.Constant) and k.value.value in QUIET
                for k in call.keywords)


def _unread_after(s, fdef, loops):
    if not all(isinstance(t, ast.Name) for t in s.targets):
        return False
    names = {t.id for t in s.targets}
    for node in ast.walk(fdef):
        if isinstance(node, ast.Name) and node.id in names and isinstance(node.ctx, ast.Load) \
                and (node.lineno, node.col_offset) > (s.lineno, s.col_offset):
            return False
    nested = [n for n in ast.walk(fdef) if n is not fdef and isinstance(n, (ast.FunctionDef, ast.Lambda))]
    if any(_reads(scope, names) for scope in nested):
        return False
    return all(_rebound_first(loop, name) for loop in loops for name in names)


def _reads(node, names):
    return any(isinstance(n, ast.Name) and n.id in names and isinstance(n.ctx, ast.Load) for n in ast.walk(node))


def _rebound_first(loop, name):
    """Whether every read of ``name`` in ``loop`` follows a plain ``name = value`` (``value`` not
    reading it) at the top of the loop's body that comes first among its statements naming it:
    each iteration binds it again before reading it."""
    if not _reads(loop, {name}):
        return True
    for s in loop.body:
        if any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(s)):
            return isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], ast.Name) \
                and s.targets[0].id == name and not _reads(s.value, {name}) \
                and not _reads(loop.iter if isinstance(loop, ast.For) else loop.test, {name}) \
                and not any(_reads(o, {name}) for o in loop.orelse)
    return False
