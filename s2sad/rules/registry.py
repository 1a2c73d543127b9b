"""The derivative-rule registry and its template machinery.

A rule is a Python function written as a template, result first::

    @adjoint(np.exp, math.exp)
    def exp(y, x):
        d[x] = d[y] * y

``d[v]`` stands for the adjoint of ``v``. The reverse stage substitutes the
statement's own names for ``y`` and ``x`` and turns each ``d[x] = e`` into an
accumulation of ``e`` into ``x``'s adjoint. Rules marked ``broadcast=True``
have their contributions summed back to the argument's shape.
"""
import ast
import inspect
import textwrap
from dataclasses import dataclass

from ..errors import S2sadError

_RULES = {}
_NONDIFF = set()
_NONDIFF_TYPES = ()
EPOCH = [0]   # bumped at every registration: adjoints built before are rebuilt (see scopes)


@dataclass
class Rule:
    name: str
    params: list          # template parameter names, result first
    defaults: dict        # parameter name -> default AST
    body: list            # template statements
    broadcast: bool
    globals: dict         # the template module's globals, for names used in the body
    func: object = None

    @property
    def differentiable(self):
        """Parameters that receive an adjoint (appear as d[p] on a left-hand side)."""
        out = []
        for stmt in self.body:
            for tgt in getattr(stmt, "targets", []):
                if _is_d(tgt):
                    out.append(tgt.slice.id)
        return out


def _is_d(node):
    return isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) \
        and node.value.id == "d" and isinstance(node.slice, ast.Name)


def _key(obj):
    try:
        hash(obj)
        return obj
    except TypeError:
        return id(obj)


def adjoint(*funcs, broadcast=False):
    """Register the decorated template as the derivative rule of ``funcs``.

    Also the public way for users to give their own function a custom gradient:
    a registered function is treated as a primitive and its body is not differentiated.
    """
    if not funcs:
        raise TypeError("adjoint() needs the function(s) the rule is for")

    def register(template):
        rule = parse_rule(template, broadcast)
        for fn in funcs:
            _RULES[_key(fn)] = rule
        EPOCH[0] += 1
        return template
    return register


def nondifferentiable(*funcs):
    """Declare functions whose output carries no derivative (argmax, floor, len, ...)."""
    for fn in funcs:
        _NONDIFF.add(_key(fn))
    EPOCH[0] += 1
    return funcs[0] if len(funcs) == 1 else funcs


def parse_rule(template, broadcast=False):
    src = textwrap.dedent(inspect.getsource(template))
    fdef = next(n for n in ast.parse(src).body if isinstance(n, ast.FunctionDef))
    args = fdef.args
    params = [a.arg for a in args.args]
    if len(params) < 1:
        raise S2sadError(f"rule {template.__name__} must take the result as its first parameter")
    defaults = dict(zip(params[len(params) - len(args.defaults):], args.defaults))
    body = [s for s in fdef.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
    rule = Rule(template.__name__, params, defaults, body, broadcast, template.__globals__, template)
    check_template(rule)
    return rule


def lookup(fn):
    try:
        return _RULES.get(_key(fn))
    except TypeError:
        return None


def is_nondiff(fn):
    try:
        return _key(fn) in _NONDIFF
    except TypeError:
        return False


_SHAPE_ONLY = {}  # runtime helper name -> argument positions read only for their shape


def shape_only(*positions):
    """Mark a runtime helper's arguments that are read only for their shape.

    The tape analysis does not save values that are needed only for a shape."""
    def mark(fn):
        _SHAPE_ONLY[fn.__name__] = set(positions)
        return fn
    return mark


def template_reads(rule, active_params):
    """Rule parameters the contributions to ``active_params`` read: (for their values,
    only for their shapes). A broadcasting rule also reads each argument's shape."""
    params, values, shapes = set(rule.params), set(), set()
    for stmt in rule.body:
        target = stmt.targets[0].slice.id
        if target in active_params:
            _names(stmt.value, params, values, shapes)
            if rule.broadcast:
                shapes.add(target)
    return values, shapes - values


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


def check_template(rule):
    for stmt in rule.body:
        if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and _is_d(stmt.targets[0])
                and stmt.targets[0].slice.id in rule.params[1:]):
            raise S2sadError(f"rule `{rule.name}`: every statement must be `d[param] = expression`, "
                             f"where param is one of {rule.params[1:]}")
