"""The derivative-rule registry and its template machinery.

A rule is a Python function written as a template, result first::

    @adjoint(np.exp, math.exp)
    def exp(y, x):
        d[x] = d[y] * y

``d[v]`` stands for the adjoint of ``v``. The reverse stage substitutes the
statement's own names for ``y`` and ``x`` and turns each ``d[x] = e`` into an
accumulation of ``e`` into ``x``'s adjoint. Rules marked ``broadcast=True``
have their contributions summed back to the argument's shape.

A function may be named by its qualified name (``"scipy.special.erf"``) instead of the
object: its rule is installed when a lookup finds that module imported (``settle``), so
building the table never imports an optional library (SciPy's import costs ~0.3 s) and a
program that calls such a function has imported it by then.
"""
import ast
import sys
import weakref
from dataclasses import dataclass

from ..errors import RuleError, locate
from .lazy import LazyRule

_RULES = {}
EPOCH = [0]   # bumped at every registration: adjoints built before are rebuilt (see scopes)
_WATCHERS = weakref.WeakSet()


def watch(obj):
    """Call ``obj.forget()`` whenever a rule is registered (a call path that skips the
    adjoint's guard, see ``scopes``, must drop what it learned)."""
    _WATCHERS.add(obj)


def _changed():
    EPOCH[0] += 1
    for obj in list(_WATCHERS):
        obj.forget()
_NONDIFF = {}   # key of a function -> why its output carries no derivative
# function -> ({parameter: the ranks its rules cover there}, why): a call passing an array of
# another known rank there is refused at its line (transforms/reverse.py::check_single_matrix)
SINGLE_MATRIX = {}

# Parameters that select *how* a function computes, never *what it is applied to*: a value
# passed there changes the result only in steps (or not at all), so no adjoint flows to it.
# A rule parameter with no `d[p] = ...` line must be declared here or in the rule's own
# ``nondiff=`` (a test enumerates the table); a differentiated value reaching any other
# parameter without a line is refused, never silently given a zero gradient.
NONDIFF_PARAMS = {
    "axis": "selects axes (integers)",
    "axes": "a permutation of axes (integers)",
    "keepdims": "a flag",
    "ddof": "an integer count",
    "dtype": "a type (integer and boolean dtypes are refused before this rule applies)",
    "shape": "a shape (integers)",
    "ord": "selects which norm (a constant)",
    "condition": "a mask: where it switches, the derivative is zero or undefined",
    "num": "a count of points (an integer)",
    "endpoint": "a flag",
    "copy": "a flag (whether a copy is made does not change any value)",
}


# A declared reason starting with REFUSED names a parameter the rule cannot differentiate though its
# value matters smoothly (``gammainc``'s shape ``a``): a differentiated value reaching it is refused
# at its line (analyses/ir.py::refused_if_differentiated), a constant passes.
REFUSED = "refused: "


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
    nondiff: dict = None  # parameter -> why it carries no derivative (besides NONDIFF_PARAMS)
    constants: dict = None  # parameter -> the constant values (a tuple) or the type the rule covers
    positional: int = None  # how many parameters after the result a call may pass by position (None: all)

    def why_nondiff(self, param):
        """The reason ``param`` needs no adjoint, or None if it is not declared non-differentiable."""
        return (self.nondiff or {}).get(param) or NONDIFF_PARAMS.get(param)

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


_LAZY = {}   # module name -> [(attribute, install(function))] for rules named by qualified name


def defer(name, install):
    """Call ``install(obj)`` with the object ``name`` (``"module.attribute"``) names, now if
    that module is imported, else at the first ``settle`` after it is (never importing it)."""
    module, _, attr = name.rpartition(".")
    _LAZY.setdefault(module, []).append((attr, install))
    settle()


def settle():
    """Install the deferred rules of the modules imported since (a dict check when none are).

    No epoch bump: an adjoint built before such a module was imported cannot call its functions."""
    if not _LAZY:
        return
    for module in [m for m in _LAZY if m in sys.modules]:
        for attr, install in _LAZY.pop(module):
            obj = getattr(sys.modules[module], attr, None)
            if obj is not None:
                install(obj)


def split_names(funcs):
    """(the functions given as objects, the ones given as qualified names)."""
    return [f for f in funcs if not isinstance(f, str)], [f for f in funcs if isinstance(f, str)]


def adjoint(*funcs, broadcast=False, nondiff=None, constants=None):
    """Register the decorated template as the derivative rule of ``funcs``.

    Also the public way for users to give their own function a custom gradient:
    a registered function is treated as a primitive and its body is not differentiated.
    ``nondiff`` maps parameters that get no ``d[...]`` line to the reason they carry no
    derivative (a differentiated value passed to any other parameter is refused).
    ``constants`` maps parameters to the values the rule covers (a tuple) or their type:
    a call passing anything else there, or a value not written as a constant, is refused.
    A user's rule is checked when registered (its parameters are the result, then the
    function's own parameters by name; every name in it is defined) and each of its
    results is checked at run time to have its argument's shape (see ``custom``).
    """
    from . import custom
    funcs, names = split_names(funcs)
    custom.check_targets("adjoint", funcs, names)
    if not isinstance(broadcast, bool):
        raise RuleError(f"s2sad.adjoint(..., broadcast={broadcast!r}): broadcast must be True or False.")

    if nondiff is not None and not (isinstance(nondiff, dict) and all(
            isinstance(k, str) and isinstance(v, str) for k, v in nondiff.items())):
        raise RuleError(f"s2sad.adjoint(..., nondiff={nondiff!r}): nondiff maps parameter names to the "
                        "reason they carry no derivative, e.g. nondiff={'n': 'a count'}.")

    def register(template):
        if _is_library(template):      # s2sad's own table: parsed at its first lookup
            rule = LazyRule(template, lambda: _finish(parse_rule(template, broadcast), nondiff, constants))
        else:                          # a user's rule is checked now, where it is registered
            rule = _finish(parse_rule(template, broadcast), nondiff, constants)
        for fn in funcs:
            _RULES[_key(fn)] = rule if rule.library else custom.for_function(rule, fn)
        for name in names:
            defer(name, lambda fn: _RULES.__setitem__(_key(fn), rule if rule.library else custom.for_function(rule, fn)))
        _changed()
        return template
    return register


def _finish(rule, nondiff, constants):
    unknown = sorted(set(nondiff or {}) - set(rule.params[1:]))
    if unknown:
        raise RuleError(f"{locate(rule.src, rule.src.tree)}the derivative rule `{rule.name}` has no "
                        f"parameter {unknown[0]!r} (nondiff= names parameters of the rule).")
    rule.nondiff = dict(nondiff or {})
    rule.constants = dict(constants or {})
    return rule


def _is_library(template):
    return (getattr(template, "__module__", None) or "").startswith("s2sad.")


def nondifferentiable(*funcs, reason="declared non-differentiable by the user"):
    """Declare functions whose output carries no derivative (argmax, floor, len, ...)."""
    from . import custom
    custom.check_targets("nondifferentiable", funcs)
    if not isinstance(reason, str):
        raise RuleError(f"s2sad.nondifferentiable(..., reason={reason!r}): the reason is a sentence (a str).")
    for fn in funcs:
        _NONDIFF[_key(fn)] = reason
    _changed()
    return funcs[0] if len(funcs) == 1 else funcs


_RANKS = {}  # key -> function(argument ranks, the call's AST) -> the result's rank, or None


def result_rank(*funcs):
    """Declare how the rank of ``fn(...)``'s result follows from its arguments: the decorated
    ``rank(args, call)`` gets the positional arguments' ranks (None where unknown) and the
    call's AST (for constant axes), and returns a rank or None. The rank analysis uses it;
    a known rank spares the adjoint ``unbroadcast`` calls and saved shapes."""
    def register(rank):
        for fn in funcs:
            _RANKS[_key(fn)] = rank
        return rank
    return register


def rank_of_call(fn, args, call):
    """The rank declared for the call ``call`` of ``fn`` (see ``result_rank``), or None."""
    settle()
    try:
        rank = _RANKS.get(_key(fn))
    except TypeError:
        return None
    if rank is None:
        return None
    rule = lookup(fn)   # rank functions read the arrays' ranks by position: `np.cumprod(a=x)` is unknown
    by_keyword = {k.arg for k in getattr(call, "keywords", ())}
    if rule is not None and any(p in by_keyword for p in positional_params(rule)[len(args):] if p in rule.differentiable):
        return None
    return rank(args, call)


_NONDIFF_UPTO = {}  # key -> (most positional arguments for which the call is non-differentiable, reason)


def nondifferentiable_upto(fn, n_args, reason):
    """``fn`` called with at most ``n_args`` positional arguments carries no derivative
    (``np.arange(n)``); with more, its rule applies (``np.arange(a, b, step)``)."""
    _NONDIFF_UPTO[_key(fn)] = (n_args, reason)


def nondiff_call_reason(fn, n_args, keywords):
    """Why this call of ``fn`` (with ``n_args`` positional arguments and these keyword names)
    carries no derivative, or None."""
    reason = nondiff_reason(fn)
    if reason is not None:
        return reason
    try:
        upto = _NONDIFF_UPTO.get(_key(fn))
    except TypeError:
        return None
    if upto is not None and n_args <= upto[0] and set(keywords) <= {"dtype"}:
        return upto[1]
    return None


def nondiff_reason(fn):
    """Why ``fn``'s output carries no derivative, or None."""
    settle()
    try:
        return _NONDIFF.get(_key(fn))
    except TypeError:
        return None


def parse_rule(template, broadcast=False):
    """The Rule written by ``template`` (refused with a located RuleError when malformed)."""
    from . import custom
    src = custom.template_source(template)
    fdef = src.tree
    args = fdef.args
    params, defaults, positional = template_params(args)
    library = _is_library(template)
    if len(params) < 2 or args.vararg or args.kwarg or args.posonlyargs:
        raise RuleError(f"{locate(src, fdef)}the derivative rule `{src.name}` must take the result, then the "
                        "function's parameters, as plain parameters: `def rule(y, x): d[x] = ...`.")
    body = [s for s in fdef.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
    rule = Rule(template.__name__, params, defaults, body, broadcast, template.__globals__, template, library,
                src, positional=positional)
    check_template(rule, src)
    if not library:
        custom.check_names(rule, src)
        custom.guard_shapes(rule, src)
    return rule


def template_params(args):
    """(parameter names, name -> default AST, how many after the result are positional) of a
    template's ``ast.arguments``: parameters after ``*`` (``np.einsum``'s ``optimize``) take a
    call's keyword only, never a further positional argument (None: every one may)."""
    params = [a.arg for a in args.args]
    defaults = dict(zip(params[len(params) - len(args.defaults):], args.defaults))
    defaults.update({a.arg: d for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is not None})
    positional = len(params) - 1 if args.kwonlyargs else None
    return params + [a.arg for a in args.kwonlyargs], defaults, positional


def positional_params(rule):
    """The parameters after the result a call may pass by position (a reverse or forward rule)."""
    params = rule.params[1:]
    return params if getattr(rule, "positional", None) is None else params[:rule.positional]


def constant_violation(rule, bound):
    """``(param, allowed)`` for the first parameter whose argument (an AST) is not a
    constant the rule covers, or None."""
    for param, allowed in (rule.constants or {}).items():
        node = bound.get(param)
        ok = isinstance(node, ast.Constant) and (
            isinstance(node.value, allowed) if isinstance(allowed, type) else node.value in allowed)
        if not ok:
            return param, allowed
    return None


def lookup(fn):
    settle()
    try:
        rule = _RULES.get(_key(fn))
    except TypeError:
        return None
    if rule is None:       # a gradient function made by s2sad: hvp is its derivative
        from .derivative_calls import rule_for
        return rule_for(fn)
    return rule.resolve() if isinstance(rule, LazyRule) else rule


def is_nondiff(fn):
    return nondiff_reason(fn) is not None


_SHAPE_ONLY = {}  # runtime helper name -> argument positions read only for their shape


def shape_only(*positions):
    """Mark a runtime helper's arguments that are read only for their shape.

    The tape analysis does not save values that are needed only for a shape."""
    def mark(fn):
        _SHAPE_ONLY[fn.__name__] = set(positions)
        return fn
    return mark


def check_template(rule, src=None):
    for stmt in rule.body or [None]:
        if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and _is_d(stmt.targets[0])
                and stmt.targets[0].slice.id in rule.params[1:]):
            raise RuleError(f"{locate(src, stmt)}derivative rule `{rule.name}`: every statement must be "
                            f"`d[param] = expression`, where param is one of {rule.params[1:]}, and there "
                            "must be at least one.")
