"""Checks for derivative rules users register with ``s2sad.adjoint`` / ``nondifferentiable``.

Invariant: a user's rule that s2sad accepts is used exactly as written, or
refused when registered -- never silently ignored. At registration: the rule is
a function written with ``def`` whose source can be read; its parameters are
the result, then the parameters of the function it is for, by name (missing
defaults are taken from the function); every name its body uses is defined.
At run time each ``d[x] = e`` of a user's rule is wrapped as
``checked_rule_result(e, x, label)``, which raises ``RuleShapeError`` (a
``ShapeError``) when ``e`` does not have ``x``'s shape, in both modes (the
helper compiles with numba). Refusals are ``RuleError`` with the rule's file
and line.
"""
import ast
import builtins
import dataclasses
import inspect
import types

import numpy as np

from ..errors import RuleError, ShapeError, SourceUnavailableError, locate
from . import registry

CHECK = "checked_rule_result"


class RuleShapeError(ShapeError):
    """A user's derivative rule returned a gradient of the wrong shape."""


@registry.shape_only(1)
def checked_rule_result(value, like, label):
    """``value`` (a rule's contribution to ``d[x]``), after checking it has ``x``'s shape."""
    if np.shape(value) != np.shape(like):
        raise RuleShapeError(label)
    return value


registry._HELPERS[CHECK] = checked_rule_result


def check_targets(what, funcs, names=()):
    """Refuse a registration naming no function or naming an object that is not callable
    (``names``, functions given by qualified name, are strings resolved later: see ``registry.defer``)."""
    if not funcs and not names:
        raise RuleError(f"s2sad.{what}() needs the function(s) it is for, e.g. @s2sad.{what}(my_function).")
    for fn in funcs:
        if not callable(fn):
            raise RuleError(f"s2sad.{what}({fn!r}): derivative rules are registered for functions; "
                            f"got {type(fn).__name__} {fn!r}.")


def template_source(template):
    """The parsed source of a rule template (a Source), or a RuleError."""
    from ..frontend.parsing import parse_function
    label = getattr(template, "__name__", repr(template))
    if not isinstance(template, types.FunctionType):
        raise RuleError(f"a derivative rule must be a function written with `def`; got {template!r}.")
    try:
        src = parse_function(template)
    except SourceUnavailableError as err:
        raise RuleError(f"cannot read the source of the derivative rule `{label}`: s2sad reads rules as "
                        f"source code; define it with `def` in a file or notebook cell ({err}).") from None
    if src.name == "lambda":
        raise RuleError(f"{locate(src, src.tree)}a derivative rule cannot be a lambda: write "
                        "`def rule(y, x): d[x] = ...` (the result first, then the function's parameters).")
    return src


def check_names(rule, src, body=None, marker="d"):
    """Every free name of the body (``rule.body`` unless given) is a parameter, the rule's
    ``marker`` (``d`` in a reverse rule, ``t`` in a forward one), or defined where the rule is."""
    known = set(rule.params) | {marker}
    glb = rule.globals
    bins = glb.get("__builtins__", builtins)
    for stmt in rule.body if body is None else body:
        for node in ast.walk(stmt):
            if isinstance(node, ast.Name) and node.id not in known and node.id not in glb \
                    and not (node.id in bins if isinstance(bins, dict) else hasattr(bins, node.id)):
                raise RuleError(f"{locate(src, node)}the derivative rule `{rule.name}` uses the name "
                                f"`{node.id}`, which is not defined. Define or import it before the rule.")


def guard_shapes(rule, src):
    """``d[x] = e`` -> ``d[x] = checked_rule_result(e, x, "...")`` (skipped for broadcast rules,
    whose contributions are summed back to the argument's shape anyway)."""
    if rule.broadcast:
        return
    for stmt in rule.body:
        x = stmt.targets[0].slice.id
        label = (f"the derivative rule `{rule.name}` ({src.filename}, line {stmt.lineno}) gives d[{x}] a "
                 f"shape different from the shape of `{x}`; a rule must return, for each argument, a "
                 "gradient shaped like that argument")
        stmt.value = ast.copy_location(ast.Call(func=ast.Name(id=CHECK, ctx=ast.Load()),
                                                args=[stmt.value, ast.Name(id=x, ctx=ast.Load()),
                                                      ast.Constant(label)], keywords=[]), stmt.value)


def for_function(rule, fn):
    """The rule as it applies to ``fn``: its parameters checked against ``fn``'s, missing
    defaults filled in from ``fn``."""
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return rule
    params = list(sig.parameters.values())
    plain = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
    fname = getattr(fn, "__name__", repr(fn))
    if not isinstance(fn, types.FunctionType):
        if len(rule.params) - 1 > len(plain) and not any(p.kind == p.VAR_POSITIONAL for p in params):
            raise _mismatch(rule, fname, [p.name for p in plain])
        return rule
    if len(plain) != len(params) or [p.name for p in plain] != rule.params[1:]:
        raise _mismatch(rule, fname, [p.name for p in params])
    defaults = dict(rule.defaults)
    for p in plain:
        if p.default is not p.empty and p.name not in defaults:
            if not isinstance(p.default, (int, float, bool, str, type(None))):
                raise RuleError(f"{_where(rule)}the derivative rule `{rule.name}`: parameter `{p.name}` of "
                                f"`{fname}` has a default value s2sad cannot copy into the rule; give the "
                                "rule's parameter the same default.")
            defaults[p.name] = ast.Constant(p.default)
    return dataclasses.replace(rule, defaults=defaults)


def _mismatch(rule, fname, names):
    want = ", ".join([rule.params[0]] + names)
    return RuleError(f"{_where(rule)}the derivative rule `{rule.name}({', '.join(rule.params)})` does not "
                     f"match `{fname}({', '.join(names)})`: a rule takes the result, then the function's "
                     f"parameters with the same names. Write `def {rule.name}({want}):`.")


def _where(rule):
    return locate(rule.src, rule.src.tree) if rule.src is not None else ""
