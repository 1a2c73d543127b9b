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
from dataclasses import dataclass

from ..errors import RuleError, locate

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
    library: bool = False  # one of s2sad's own rules (its globals are not watched, see scopes)
    src: object = None     # the template's parsed Source (for located errors)

    @property
    def differentiable(self):
        """Parameters that receive an adjoint (appear as d[p] on a left-hand side)."""
        out = []
        for stmt in self.body:
            for tgt in getattr(stmt, "targets", []):
                if _is_d(tgt):
                    out.append(tgt.slice.id)
        return out

    def lookup(self, name):
        """(object, Origin or None) for a free name of the body, read now from the template's module."""
        from ..scopes import MISSING, Origin
        if name in _HELPERS:
            return _HELPERS[name], None
        origin = Origin("global", self.globals, name) if name in self.globals else Origin(
            "builtin", self.globals, name, builtins=self.globals.get("__builtins__", __builtins__))
        obj = origin.current()
        if obj is MISSING:
            raise RuleError(f"the derivative rule `{self.name}` uses the name `{name}`, which is not defined.")
        return obj, None if self.library else origin


_HELPERS = {}   # names the rule machinery adds to user templates (custom.checked_rule_result)


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
    A user's rule is checked when registered (its parameters are the result, then the
    function's own parameters by name; every name in it is defined) and each of its
    results is checked at run time to have its argument's shape (see ``custom``).
    """
    from . import custom
    custom.check_targets("adjoint", funcs)
    if not isinstance(broadcast, bool):
        raise RuleError(f"s2sad.adjoint(..., broadcast={broadcast!r}): broadcast must be True or False.")

    def register(template):
        rule = parse_rule(template, broadcast)
        for fn in funcs:
            _RULES[_key(fn)] = rule if rule.library else custom.for_function(rule, fn)
        EPOCH[0] += 1
        return template
    return register


def nondifferentiable(*funcs):
    """Declare functions whose output carries no derivative (argmax, floor, len, ...)."""
    from . import custom
    custom.check_targets("nondifferentiable", funcs)
    for fn in funcs:
        _NONDIFF.add(_key(fn))
    EPOCH[0] += 1
    return funcs[0] if len(funcs) == 1 else funcs


def parse_rule(template, broadcast=False):
    """The Rule written by ``template`` (refused with a located RuleError when malformed)."""
    from . import custom
    src = custom.template_source(template)
    fdef = src.tree
    args = fdef.args
    params = [a.arg for a in args.args]
    library = getattr(template, "__module__", "").startswith("s2sad.")
    if len(params) < 2 or args.vararg or args.kwarg or args.kwonlyargs or args.posonlyargs:
        raise RuleError(f"{locate(src, fdef)}the derivative rule `{src.name}` must take the result, then the "
                        "function's parameters, as plain parameters: `def rule(y, x): d[x] = ...`.")
    defaults = dict(zip(params[len(params) - len(args.defaults):], args.defaults))
    body = [s for s in fdef.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
    rule = Rule(template.__name__, params, defaults, body, broadcast, template.__globals__, template, library,
                src)
    check_template(rule, src)
    if not library:
        custom.check_names(rule, src)
        custom.guard_shapes(rule, src)
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


def check_template(rule, src=None):
    for stmt in rule.body or [None]:
        if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and _is_d(stmt.targets[0])
                and stmt.targets[0].slice.id in rule.params[1:]):
            raise RuleError(f"{locate(src, stmt)}derivative rule `{rule.name}`: every statement must be "
                            f"`d[param] = expression`, where param is one of {rule.params[1:]}, and there "
                            "must be at least one.")
