"""Statements that change an object by calling one of its methods.

``L.remove(r)``, ``L.reverse()``, ``v = L.pop()``, ``S.discard(k)``, ``a.sort()``: the object ``L``
holds is another value after the statement, as surely as after ``L = ...``. The analyses that
ask where a name gets a new value (the tape's sites, the shapes' sites) count such a statement
as one; Python's list stays one object, so a value saved from it is a copy (``tape.py``).

Invariant: every statement whose top-level call is a mutating method (``effect_errors.MUTATORS``)
of a local's object yields that local; a module's function of the same name (``np.sort``, resolved
by the frontend) yields nothing.
"""
import ast

from ..effect_errors import MUTATORS


def changed_receiver(s):
    """``[L]`` for a statement (an expression or an assignment) whose value is the call of a
    mutating method of the name ``L``; ``[]`` otherwise."""
    call = getattr(s, "value", None) if isinstance(s, (ast.Expr, ast.Assign)) else None
    if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr in MUTATORS \
            and isinstance(call.func.value, ast.Name) and not _resolved(call.func):
        return [call.func.value.id]
    return []


def _resolved(func):
    """A module's function (``np.sort(x)``, ``np.put(y, i, v)``), which the frontend resolved: not a
    method of the object a local holds."""
    return any(hasattr(n, "_s2sad_obj") or getattr(n, "_s2sad_bound", False) for n in (func, func.value))
