"""The forward-rule (tangent) registry and its template machinery.

A forward rule is written like a reverse rule, result first::

    @tangent(np.exp, math.exp)
    def exp(y, x):
        t[y] = t[x] * y

``t[v]`` stands for the tangent of ``v``. The template is one statement
``t[result] = expression`` whose expression is a signed sum of *terms*, each
linear in the tangents it reads (almost always one: ``t[z] = t[x] * y + x * t[y]``).
Invariant the forward stage relies on: dropping the terms whose tangents are all
zero, and writing zeros for the other zero tangents of a kept term, gives the
exact tangent. A term may be ``(e if test else 0.0)`` with ``test`` reading only constant
parameters: where the substituted test folds to False the term is known zero and dropped
(a test that does not fold runs with the code). ``broadcast=True`` means the result has the broadcast shape of the
arguments (a tangent built from fewer operands is spread to the result's shape).
As in the reverse table, a parameter with no ``t[p]`` in the rule must say why it
carries no derivative (``registry.NONDIFF_PARAMS`` or the rule's ``nondiff=``); a
differentiated value reaching any other such parameter is refused.
"""
import ast
import inspect
import textwrap
from dataclasses import dataclass, field

from ..errors import RuleError
from .registry import (
    NONDIFF_PARAMS,
    LazyRule,
    _is_library,
    _key,
    defer,
    settle,
    split_names,
    template_params,
)

_RULES = {}


@dataclass
class TangentRule:
    name: str
    params: list          # template parameter names, result first
    defaults: dict        # parameter name -> default AST
    terms: list           # (sign, expression AST, [tangent parameters it reads])
    broadcast: bool
    globals: dict
    nondiff: dict = field(default_factory=dict)  # parameter -> why it carries no derivative
    func: object = None
    src: object = None    # a user's rule: its parsed source (for located refusals)
    positional: int = None  # how many parameters after the result a call may pass by position (None: all)

    @property
    def differentiable(self):
        """Parameters whose tangent the rule reads: its operands."""
        return list(dict.fromkeys(p for _, _, reads in self.terms for p in reads))

    def why_nondiff(self, param):
        """The reason ``param`` needs no tangent, or None if it is not declared."""
        return self.nondiff.get(param) or NONDIFF_PARAMS.get(param)


def is_t(node):
    """True for the template marker ``t[name]``."""
    return isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) \
        and node.value.id == "t" and isinstance(node.slice, ast.Name)


def tangent(*funcs, broadcast=False, nondiff=None):
    """Register the decorated template as the forward (tangent) rule of ``funcs``.

    Also the public way to give your own function a forward rule::

        @s2sad.tangent(softplus)
        def _(y, x):
            t[y] = t[x] / (1.0 + np.exp(-x))

    ``nondiff`` maps parameters with no ``t[...]`` in the rule to the reason they carry
    no derivative (a differentiated value passed to any other parameter is refused).
    """
    from . import custom
    objects, names = split_names(funcs)
    custom.check_targets("tangent", objects, names)

    def register(template):
        if _is_library(template):      # s2sad's own table: parsed at its first lookup
            rule = LazyRule(template, lambda: parse_rule(template, broadcast, nondiff or {}))
            def rule_for(fn):
                return rule
        else:                          # a user's rule is checked now, where it is registered, as a
            rule = _user_rule(template, broadcast, nondiff)     # reverse rule is (``custom``)
            def rule_for(fn):
                return custom.for_function(rule, fn)
        for fn in objects:
            _RULES[_key(fn)] = rule_for(fn)
        for name in names:   # a qualified name: installed once its module is imported
            defer(name, lambda fn: _RULES.__setitem__(_key(fn), rule_for(fn)))
        return template
    return register


def _user_rule(template, broadcast, nondiff):
    """A user's forward rule, checked: a ``def`` whose source s2sad reads (not a lambda), every
    name in it defined; its parameters are matched with the function's by name when it is
    installed for one (``custom.for_function``: a rule binds the call's arguments by name, so
    parameters in another order would read the wrong tangents). As a reverse rule's ``d[x]``, each
    term of a rule that does not broadcast is checked at run time to have the result's shape
    (``custom.checked_rule_result``): a scalar tangent for an array result would be spread by
    whatever reads it, silently."""
    from . import custom
    src = custom.template_source(template)
    rule = parse_rule(template, broadcast, nondiff or {})
    rule.src = src
    body = [s for s in src.tree.body if isinstance(s, ast.Assign)]
    custom.check_names(rule, src, body, marker="t")
    if not broadcast:      # each term is checked, when it runs, to have the result's shape
        y = rule.params[0]
        label = (f"the forward rule `{rule.name}` ({src.filename}, line {body[0].lineno}) gives t[{y}] a "
                 f"shape different from the shape of `{y}`; a forward rule must give the result's "
                 "tangent shaped like the result")
        rule.terms = [(sign, ast.Call(func=ast.Name(id=custom.CHECK, ctx=ast.Load()), args=[
            expr, ast.Name(id=y, ctx=ast.Load()), ast.Constant(label)], keywords=[]), reads)
            for sign, expr, reads in rule.terms]
    return rule


def lookup(fn):
    settle()
    try:
        rule = _RULES.get(_key(fn))
    except TypeError:
        return None
    if rule is None:       # a gradient function made by s2sad: jvp(grad(f)) is its tangent
        from .derivative_calls import rule_for
        return rule_for(fn, forward=True)
    return rule.resolve() if isinstance(rule, LazyRule) else rule


def parse_rule(template, broadcast=False, nondiff=None):
    src = textwrap.dedent(inspect.getsource(template))
    fdef = next(n for n in ast.parse(src).body if isinstance(n, ast.FunctionDef))
    params, defaults, positional = template_params(fdef.args)
    body = [s for s in fdef.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
    where = f"forward rule `{template.__name__}`"
    if not params or len(body) != 1 or not isinstance(body[0], ast.Assign) \
            or not is_t(body[0].targets[0]) or body[0].targets[0].slice.id != params[0]:
        raise RuleError(f"{where}: the body must be one statement `t[{params[0] if params else 'y'}] "
                         "= expression`, the result first among the parameters")
    terms = []
    for sign, expr in split_terms(body[0].value):
        reads = list(dict.fromkeys(n.slice.id for n in ast.walk(expr) if is_t(n)))
        bad = [p for p in reads if p not in params[1:]]
        if not reads or bad:
            raise RuleError(f"{where}: every term must read the tangent t[p] of a parameter p "
                             f"in {params[1:]}: `{ast.unparse(expr)}`")
        terms.append((sign, expr, reads))
    unknown = [p for p in (nondiff or {}) if p not in params[1:]]
    if unknown:
        raise RuleError(f"{where}: nondiff= names unknown parameters {unknown}")
    return TangentRule(template.__name__, params, defaults, terms, broadcast, template.__globals__,
                       dict(nondiff or {}), template, positional=positional)


def split_terms(expr, sign=1):
    """``a + b - c`` -> [(1, a), (1, b), (-1, c)]; ``-a`` -> [(-1, a)]."""
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, (ast.Add, ast.Sub)):
        right = -sign if isinstance(expr.op, ast.Sub) else sign
        return split_terms(expr.left, sign) + split_terms(expr.right, right)
    if isinstance(expr, ast.UnaryOp) and isinstance(expr.op, ast.USub):
        return split_terms(expr.operand, -sign)
    return [(sign, expr)]
