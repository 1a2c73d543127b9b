"""``max(*w)`` / ``min(*w)`` of a parameter given a vector (issue 8; refused as "an argument
unpacked with `*`", since a parameter's length is not part of the build): read as ``max(w)``
after Python's own check of the call::

    m = max(*w)          ->       if len(w) < 2: raise TypeError(...)
                                  m = max(w)

Python's ``max(a, b, ...)`` of two or more numbers is the largest of them, as ``max(w)`` over the
items of ``w`` is; of one item it iterates that item (a number: TypeError), of none it raises
TypeError. So the two agree wherever Python returns, and raise the same class where it does not.

``math.hypot(*w)`` of such a parameter is ``hypot_of(w)`` (rules/runtime_decomp.py), which calls
``math.hypot(*w)`` itself (the same bits) and has a rule (``d[w] = d[z] * w / z``).

Invariant: rewritten only for the builtin ``max``/``min`` called with ``*w`` as its only argument
and no keyword, ``w`` a parameter the build is given a 1-d array (its items numbers), never
rebound in the function, the call not inside a lambda or nested function (the check runs right
before the statement that holds the call).
"""
import ast
import builtins
import math

from .. import astutil as A
from .lazy_generators import _lookup
from .resolve import dotted_object

_EXTREMA = ("max", "min")


def starred_extrema(src, fdef, vectors):
    """Rewrite, in place, such calls in ``fdef``; ``vectors``: the parameters given a 1-d array."""
    stored = {n.id for n in A.walk(fdef) if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)}
    names = set(vectors) - stored
    if names:
        local = set(A.assigned_locals(fdef))
        A.map_blocks(fdef, lambda s: _guarded(src, s, names, local))


def _guarded(src, s, names, local):
    checks = []
    for call in _calls(s):
        if _hypot(src, call, names, local):      # math.hypot(*w): hypot_of(w), math.hypot itself on w's items
            from ..rules import runtime
            call.func = A.at(A.name("hypot_of"), call.func)
            call.func._s2sad_obj = runtime.hypot_of
            call.args = [A.at(A.name(call.args[0].value.id), call.args[0])]
        elif _fits(src, call, names):
            w = call.args[0].value.id
            call.args = [A.at(A.name(w), call.args[0])]
            if w not in checks:
                checks.append(w)
    return [A.at(_check(w), s) for w in checks] + [s]


def _calls(s):
    """The calls in ``s`` outside nested functions and lambdas, not in its nested statements."""
    todo = [c for c in ast.iter_child_nodes(s) if not isinstance(c, ast.stmt)]
    while todo:
        n = todo.pop()
        if isinstance(n, (ast.Lambda, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.stmt)):
            continue
        if isinstance(n, ast.Call):
            yield n
        todo.extend(ast.iter_child_nodes(n))


def _fits(src, call, names):
    return isinstance(call.func, ast.Name) and call.func.id in _EXTREMA \
        and _lookup(src, call.func.id) is getattr(builtins, call.func.id) and not call.keywords \
        and len(call.args) == 1 and isinstance(call.args[0], ast.Starred) \
        and isinstance(call.args[0].value, ast.Name) and call.args[0].value.id in names


def _hypot(src, call, names, local):
    return dotted_object(src, call.func, local) is math.hypot and not call.keywords and len(call.args) == 1 \
        and isinstance(call.args[0], ast.Starred) and isinstance(call.args[0].value, ast.Name) \
        and call.args[0].value.id in names


def _check(w):
    error = A.call("TypeError", A.const(f"max()/min() of *{w} needs at least 2 items (Python's own error: "
                                        "one item is iterated, none is no argument)"))
    return ast.If(test=ast.Compare(left=A.call("len", A.name(w)), ops=[ast.Lt()], comparators=[A.const(2)]),
                  body=[ast.Raise(exc=error, cause=None)], orelse=[])
