"""Statements that change an object by calling one of its methods.

``L.remove(r)``, ``L.reverse()``, ``v = L.pop()``, ``S.discard(k)``, ``a.sort()``: the object ``L``
holds is another value after the statement, as surely as after ``L = ...``. The analyses that
ask where a name gets a new value (the tape's sites, the shapes' sites) count such a statement
as one; Python's list stays one object, so a value saved from it is a copy (``tape.py``).

A call kept for its effect (an expression statement of the ``effect`` kind, ``random.shuffle(idx)``)
counts as changing every name it is given, but ``print``'s.

Invariant: every statement whose top-level call is a mutating method (``effect_errors.MUTATORS``)
of a local's object yields that local; a module's function of the same name (``np.sort``, resolved
by the frontend) yields nothing.
"""
import ast
import heapq

from ..effect_errors import MUTATORS

POPS = (heapq.heappop, heapq.heappushpop, heapq.heapreplace)   # change their first argument, return an item


def changed_receiver(s):
    """``[L]`` for a statement (an expression or an assignment) whose value is the call of a
    mutating method of the name ``L``; ``[]`` otherwise."""
    call = getattr(s, "value", None) if isinstance(s, (ast.Expr, ast.Assign)) else None
    if not isinstance(call, ast.Call) or hasattr(s, "_s2sad_append"):
        return []        # (an append the frontend follows is a site of its own: tape.assigned)
    if isinstance(call.func, ast.Attribute) and call.func.attr in MUTATORS \
            and isinstance(call.func.value, ast.Name) and not _resolved(call.func):
        return [call.func.value.id]
    op = getattr(s, "_s2sad_op", None)
    if isinstance(s, ast.Expr) and getattr(op, "kind", None) == "effect" and not _printed(call):
        # a call kept for its effect (`random.shuffle(idx)`, `heapq.heappush(h, i)`): it may change
        # any name it receives (a differentiated one is refused where effects are checked)
        return sorted({a.id for a in call.args + [k.value for k in call.keywords] if isinstance(a, ast.Name)})
    if isinstance(s, ast.Assign) and any(getattr(op, "func", None) is f for f in POPS) and call.args \
            and isinstance(call.args[0], ast.Name):
        return [call.args[0].id]        # `i = heapq.heappop(h)`
    return []


def _printed(call):
    return isinstance(call.func, ast.Name) and call.func.id == "print"


def _resolved(func):
    """A module's function (``np.sort(x)``, ``np.put(y, i, v)``), which the frontend resolved: not a
    method of the object a local holds."""
    return any(hasattr(n, "_s2sad_obj") or getattr(n, "_s2sad_bound", False) for n in (func, func.value))


def changed_with_copies(stmts, scope=None):
    """The names whose object a statement of ``stmts`` changes by a method or an effect call, with
    every name copy of them (``c = cands`` anywhere in ``scope``, ``stmts`` by default: a helper's
    parameter inlined), closed over chains of copies."""
    copies, changed = {}, set()
    for s in scope if scope is not None else stmts:
        for n in ast.walk(s):
            if isinstance(n, ast.Assign) and isinstance(n.targets[0], ast.Name) and isinstance(n.value, ast.Name):
                copies.setdefault(n.targets[0].id, set()).add(n.value.id)
                copies.setdefault(n.value.id, set()).add(n.targets[0].id)
    for s in stmts:
        changed.update(r for n in ast.walk(s) if isinstance(n, ast.stmt) for r in changed_receiver(n))
    todo, seen = list(changed), set(changed)
    while todo:
        for m in copies.get(todo.pop(), ()):
            if m not in seen:
                seen.add(m)
                todo.append(m)
    return seen
