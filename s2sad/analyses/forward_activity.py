"""Activity with the forward rule table: which calls carry tangents in forward mode, and the refusals.

``retarget`` classifies the ops of a body (``ir.walk_ops``) by the forward table (``rules/tangents*.py``)
instead of the reverse one: a call is ``"call"`` only when a forward rule binds all its arguments, and
its operands are the parameters that rule differentiates. ``analyze`` is ``activity.analyze`` on those
ops. ``check_unknown`` refuses, with the line and what to write instead, a differentiated value that
reaches a call with no forward rule or a parameter its rule has no term for. Invariant: a dependency
is never dropped: what no forward rule covers is refused, never given a zero tangent.
"""
import ast

from .. import astutil as A
from ..errors import (NoDerivativeError, refused_why, function_name, keyword_taken, locate, named_argument, called_name,
                      forward_instead, nested_transform, no_derivative, not_callable, unknown_callee, user_method)
from ..rules import forward_registry as fr
from ..rules import registry, runtime
from . import activity
from .ir import refused_if_differentiated, walk_ops

RULE_KINDS = ("binop", "call", "unknown", "helper")


def retarget(ops):
    """Classify calls by the forward table: a call with a forward rule carries the
    tangents of the parameters its rule reads; one with only a reverse rule, or an
    s2sad run-time helper with no forward rule, has no derivative here. A call the
    reverse table already refused (``unknown`` despite a rule) stays refused."""
    for op in ops:
        if op.kind not in RULE_KINDS or op.kind == "unknown" and registry.lookup(op.func) is not None:
            continue    # the reverse table's refusals (an unknown keyword, a cast) stand here too
        rule = fr.lookup(op.func) if op.func is not None else None
        bound = _bind(rule, op.stmt.value) if rule is not None else None
        if bound is None:
            if op.kind != "helper" or getattr(op.func, "__module__", "").startswith("s2sad."):
                op.kind = "unknown"
            continue
        op.kind, op.rule, (op.bound, op.defaulted) = "call", rule, bound
        op.operands, op.blocked = [], []
        reverse = registry.lookup(op.func)
        library, constants = getattr(reverse, "library", False), getattr(reverse, "constants", None)
        for p in rule.params[1:]:
            if p in rule.differentiable:
                op.operands += _names(op.bound[p])
            elif refused_if_differentiated(rule, p, library, constants) and not _is_global(op.bound[p]):
                op.blocked += [(p, n) for n in A.names_in(op.bound[p])]
        op.operands += [n for _, n in op.blocked]   # seen by activity, then refused


def _bind(rule, value):
    if isinstance(value, ast.BinOp):
        args, keywords = [value.left, value.right], []
    elif isinstance(value, ast.UnaryOp):
        args, keywords = [value.operand], []
    elif isinstance(value, ast.Call):
        args, keywords = list(value.args), list(value.keywords)
    else:
        return None
    params, positional = rule.params[1:], registry.positional_params(rule)
    if len(args) > len(positional) or any(k.arg not in params or k.arg in positional[:len(args)] for k in keywords):
        return None
    bound = dict(zip(positional, args))
    bound.update({k.arg: k.value for k in keywords})
    defaulted = {p for p in rule.defaults if p not in bound}
    bound.update({p: rule.defaults[p] for p in defaulted})
    if any(p not in bound for p in params):
        return None
    return bound, defaulted


def _is_global(node):
    while isinstance(node, ast.Attribute):
        node = node.value
    return isinstance(node, ast.Constant) or isinstance(node, ast.Name) and getattr(node, "_s2sad_bound", False)


def _names(node):
    if isinstance(node, (ast.List, ast.Tuple)):
        return [e.id for e in node.elts if isinstance(e, ast.Name)]
    return [node.id] if isinstance(node, ast.Name) else []


def analyze(body, ns, wrt, outputs):
    ops = walk_ops(body, ns)
    retarget(ops)
    active, varied = activity.analyze(ops, wrt, outputs)
    return ops, active, varied


def check_unknown(ops, active):
    """A differentiated value reaching a call with no forward rule, or a parameter its forward
    rule has no term for, is refused (the reverse pipeline's check, in forward-mode words)."""
    for op in ops:
        if not any(t in active for t in op.targets):
            continue
        fname = function_name(op.func)
        where = locate(getattr(op.stmt, "_s2sad_src", None), op.stmt)
        for param, name in getattr(op, "blocked", []):
            if name in active and (keyword_taken(param) or param.startswith("the whole number")):
                # the reverse table's refusal of a keyword; a whole number (frontend/scipy_stats_forms.py)
                raise no_derivative(getattr(op.stmt, "_s2sad_src", None), op.stmt, fname, name, param,
                                    func=op.func)
            if name in active:   # (a name s2sad made, `t2`, is not named: errors.named_argument)
                arg = named_argument(getattr(op.stmt, "_s2sad_src", None), op.stmt, name)
                raise NoDerivativeError(
                    f"{where}{arg[0].upper() + arg[1:]} depends on the inputs being differentiated and reaches "
                    f"{'the parameter `' + param + '`' if param and param.isidentifier() else param} of "
                    f"`{fname}`, which s2sad's forward rule for `{fname}` does not differentiate"
                    f"{refused_why(op.func, param)}. Pass a "
                    f"constant there, or register a complete rule with @s2sad.tangent({fname}).")
        activity.check_helper_inlined(op, active, fname)
        bad = [o for o in op.operands if o in active] if op.kind == "unknown" else []
        if bad and op.func is not None and not callable(op.func):
            raise not_callable(getattr(op.stmt, "_s2sad_src", None), op.stmt, op.func)
        if bad and type(op.func).__module__.startswith("s2sad.") and hasattr(op.func, "mode"):
            raise nested_transform(getattr(op.stmt, "_s2sad_src", None), op.stmt, op.func, bad[0], forward=True)
        if bad and getattr(op.func, "__module__", "") == runtime.__name__:
            raise NoDerivativeError(_own_helper_message(where, fname))
        if bad:
            src = getattr(op.stmt, "_s2sad_src", None)
            unknown = unknown_callee(where, op.stmt, fname, named_argument(src, op.stmt, bad[0]), user_method(op.func),
                                     bad[0], src)
            if unknown is not None:
                raise unknown
            fname = called_name(op.stmt, fname)
            raise NoDerivativeError(
                f"{where}no forward-mode (tangent) rule for `{fname}`, and {named_argument(src, op.stmt, bad[0])} "
                f"depends on the inputs being differentiated. {forward_instead(fname, op.stmt)}")


def _own_helper_message(where, fname):
    """The refusal for a helper of s2sad's own run-time (``last_write_grad``, ``einsum_grad``...)
    with no forward rule: the adjoint calls it, the user never wrote it, so registering a rule is
    not the user's fix; the advice names what works today."""
    return (f"{where}s2sad cannot differentiate this adjoint again: `{fname}`, one of s2sad's own "
            "run-time helpers that the generated adjoint calls, has no forward-mode rule yet (a gap "
            "in s2sad, not something to register yourself). Until it has one, take the second "
            "derivative as a difference of gradients, which s2sad computes exactly: with "
            "g = s2sad.grad(f), Hv ~ (g(x + h*v) - g(x - h*v)) / (2*h).")
