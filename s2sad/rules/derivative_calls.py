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

In forward mode (``jvp`` of the caller) the same calls get the tangent rule
``t[y] = _t_x(*params, t[x]) + _t_p(*params, t[p]) + ...``, each term the derivative of the gradient
along one parameter's tangent: ``jvp(grad(f), wrt=p)`` (``nested.GradTangent``), exact like hvp.
Forward mode over the caller's adjoint (``hvp``, ``hessian`` of the caller) would need third
derivatives of ``f``: the adjoint's ``hvp`` call has no tangent rule and stays refused there.
"""
import ast
import linecache
import weakref

import numpy as np

_MADE = weakref.WeakKeyDictionary()    # gradient function -> its reverse rule (or None), while it lives
_TANGENTS = weakref.WeakKeyDictionary()     # gradient function -> its forward rule (or None)


def rule_for(fn, forward=False):
    """The reverse (``forward``: tangent) rule of a call of ``fn`` if it is an s2sad gradient
    function this module covers (made once, then kept), else None."""
    from ..api import GradFunction
    if not isinstance(fn, GradFunction):
        return None
    made = _TANGENTS if forward else _MADE
    if fn not in made:
        made[fn] = _make(fn, forward)
    return made[fn]


def _make(gf, forward):
    target = gf.target
    if gf.mode != "grad" or gf.many or gf.has_aux or target.fixed or target.keywords or target.partials:
        return None
    params = list(target.signature.parameters.values())
    if any(p.kind not in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) for p in params) or any(
            p.default is not p.empty and not isinstance(p.default, (int, float, bool, str, type(None)))
            for p in params):
        return None
    if forward:
        from .forward_registry import parse_rule
        helpers = {p.name: _along(gf, p.name) for p in params}
    else:
        from .registry import parse_rule
        helpers = {p.name: _second(gf, params, p.name) for p in params}
    return parse_rule(_template(target.name, params, helpers, forward))


def _along(gf, name):
    """``(*args, tp) -> `` the derivative of ``grad f(*args)`` along ``tp`` for parameter ``name``."""
    from ..nested import GradTangent
    jvp = GradTangent(gf, name, gf.jit)

    def along(*args):
        *args, tp = args
        return jvp(*args, tp)[1]
    return along


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


def _template(name, params, helpers, forward=False):
    """``def grad_<name>(y, *params): d[p] = _d_p(*params, d[y])`` for each parameter (``forward``:
    ``def tangent_<name>(y, *params): t[y] = _d_p(*params, t[p]) + ...``), as a function whose
    source linecache holds (rules are read as source)."""
    args = ast.arguments(posonlyargs=[], args=[ast.arg("y")] + [ast.arg(p.name) for p in params],
                         vararg=None, kwonlyargs=[], kw_defaults=[], kwarg=None,
                         defaults=[ast.Constant(p.default) for p in params if p.default is not p.empty])
    mark = "t" if forward else "d"
    of = lambda v, ctx: ast.Subscript(ast.Name(mark, ast.Load()), ast.Name(v, ast.Load()), ctx)  # noqa: E731
    call = lambda p, v: ast.Call(ast.Name(f"_d_{p}", ast.Load()),  # noqa: E731
                                 [ast.Name(q.name, ast.Load()) for q in params] + [of(v, ast.Load())], [])
    if forward:
        total = call(params[0].name, params[0].name)
        for p in params[1:]:
            total = ast.BinOp(total, ast.Add(), call(p.name, p.name))
        body = [ast.Assign(targets=[of("y", ast.Store())], value=total)]
    else:
        body = [ast.Assign(targets=[of(p.name, ast.Store())], value=call(p.name, "y")) for p in params]
    ident = name if name.isidentifier() else "lambda"     # a lambda's name is `<lambda>`
    fdef = ast.FunctionDef(f"{'tangent' if forward else 'grad'}_{ident}", args, body, [], None, type_params=[])
    source = ast.unparse(ast.fix_missing_locations(ast.Module([fdef], []))) + "\n"
    filename = (f"<s2sad rule: the tangent of grad({name}) is jvp(grad({name}))>" if forward else
                f"<s2sad rule: the gradient of grad({name}) is hvp({name})>")
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    namespace = {f"_d_{p}": fn for p, fn in helpers.items()}
    namespace["__name__"] = "s2sad_generated_rules"
    exec(compile(source, filename, "exec"), namespace)
    return namespace[fdef.name]
