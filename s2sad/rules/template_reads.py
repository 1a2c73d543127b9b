"""What a rule's template reads: which of its parameters the contributions to the active ones
need for their values, which only for their shapes, and which only for the shape an
``unbroadcast`` of their gradient needs (``analyses/tape.py`` saves values and shapes by these).

Invariant: an argument of a run-time helper declared shape-only (``registry.shape_only``) counts
as a shape; every other name a contribution reads counts as a value, never left out.
"""
import ast

from .registry import _SHAPE_ONLY, _is_d


def template_reads(rule, active_params):
    """Rule parameters the contributions to ``active_params`` read: (for their values, only
    for their shapes, only for the shape an unbroadcast of their gradient needs). A
    broadcasting rule also reads each argument's shape, for ``unbroadcast``, which the
    reverse stage leaves out where the argument has the result's shape; a shape the
    template itself reads (``cumsum_grad(d[y], x)``) is read whatever the result's."""
    params, values, shapes, broadcast = set(rule.params), set(), set(), set()
    for stmt in rule.body:
        target = stmt.targets[0].slice.id
        if target in active_params:
            _names(stmt.value, params, values, shapes)
            if rule.broadcast:
                broadcast.add(target)
    return values, shapes - values, broadcast - shapes - values


def _names(expr, params, values, shapes, shape_only=False):
    if _is_d(expr):
        return
    if isinstance(expr, ast.Name):
        if expr.id in params:
            (shapes if shape_only else values).add(expr.id)
        return
    skip = set()
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name):
        skip = _SHAPE_ONLY.get(expr.func.id, set())
    for field, value in ast.iter_fields(expr):
        children = value if isinstance(value, list) else [value]
        for i, child in enumerate(children):
            if isinstance(child, ast.AST):
                _names(child, params, values, shapes, shape_only or (field == "args" and i in skip))
