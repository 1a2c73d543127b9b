"""Reverse rules for calls of s2sad's own gradient functions inside a differentiated function.

``df = s2sad.grad(f)`` called in ``g`` (``return np.sum(df(x) ** 2)``) is ``y = grad f(x)``;
its vector-Jacobian product is the Hessian of ``f`` times the incoming gradient (the Hessian
is symmetric), which ``s2sad.hvp(f)`` computes exactly. The rule is the one a user would
register by hand::

    @s2sad.adjoint(df)
    def rule(y, x):
        d[x] = hvp_of_f(x, d[y])

made when the rule table is first asked about ``df``. The call's other parameters get the
mixed second derivatives the same way: ``d[p] = hvp(f, wrt=(p, x))(..., (0, d[y]))[0]`` (the
derivative along ``p`` of ``<d[y], grad_x f>``). Covered: ``grad`` with one argument
differentiated (``wrt`` one name), no ``has_aux``, no fixed arguments (a partial or a bound
method), defaults that are constants. Everything else (``value_and_grad``, ``vjp``, several
``wrt``, jvp/hvp objects) gets no rule and stays refused at the caller's line.
"""
import ast
import linecache
import weakref

import numpy as np

_MADE = weakref.WeakKeyDictionary()    # gradient function -> its rule (or None), while it lives


def rule_for(fn):
    """The reverse rule of a call of ``fn`` if it is an s2sad gradient function this module
    covers (made once, then kept), else None."""
    from ..api import GradFunction
    if not isinstance(fn, GradFunction):
        return None
    if fn not in _MADE:
        _MADE[fn] = _make(fn)
    return _MADE[fn]


def _make(gf):
    from .registry import parse_rule
    target = gf.target
    if gf.mode != "grad" or gf.many or gf.has_aux or target.fixed or target.keywords or target.partials:
        return None
    params = list(target.signature.parameters.values())
    if any(p.kind not in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) for p in params) or any(
            p.default is not p.empty and not isinstance(p.default, (int, float, bool, str, type(None)))
            for p in params):
        return None
    helpers = {p.name: _second(gf, params, p.name) for p in params}
    return parse_rule(_template(target.name, params, helpers))


def _second(gf, params, name):
    """``(*args, dy) -> `` the derivative along parameter ``name`` of ``<dy, grad f(*args)>``."""
    from ..higher import hvp
    wrt = gf.wrt[0]
    if name == wrt:
        return hvp(gf.func, wrt=wrt, jit=gf.jit)
    both, k = hvp(gf.func, wrt=(name, wrt), jit=gf.jit), [p.name for p in params].index(name)

    def mixed(*args):
        *args, dy = args
        return both(*args, (np.zeros_like(args[k], dtype=float) if np.ndim(args[k]) else 0.0, dy))[0]
    return mixed


def _template(name, params, helpers):
    """``def grad_<name>(y, *params): d[p] = _d_p(*params, d[y])`` for each parameter, as a
    function whose source linecache holds (rules are read as source)."""
    args = ast.arguments(posonlyargs=[], args=[ast.arg("y")] + [ast.arg(p.name) for p in params],
                         vararg=None, kwonlyargs=[], kw_defaults=[], kwarg=None,
                         defaults=[ast.Constant(p.default) for p in params if p.default is not p.empty])
    d_of = lambda v, ctx: ast.Subscript(ast.Name("d", ast.Load()), ast.Name(v, ast.Load()), ctx)  # noqa: E731
    body = [ast.Assign(targets=[d_of(p.name, ast.Store())], value=ast.Call(
        ast.Name(f"_d_{p.name}", ast.Load()), [ast.Name(q.name, ast.Load()) for q in params] + [d_of("y", ast.Load())],
        [])) for p in params]
    ident = name if name.isidentifier() else "lambda"     # a lambda's name is `<lambda>`
    fdef = ast.FunctionDef(f"grad_{ident}", args, body, [], None, type_params=[])
    source = ast.unparse(ast.fix_missing_locations(ast.Module([fdef], []))) + "\n"
    filename = f"<s2sad rule: the gradient of grad({name}) is hvp({name})>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    namespace = {f"_d_{p}": fn for p, fn in helpers.items()}
    namespace["__name__"] = "s2sad_generated_rules"
    exec(compile(source, filename, "exec"), namespace)
    return namespace[fdef.name]
