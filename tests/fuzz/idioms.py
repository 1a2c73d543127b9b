"""Python idioms s2sad lifted in stop 27 that the generator did not draw before (fuzz39):

* ``or_value``: ``a or b`` / ``a and b`` used as a number (the operand Python's truth test picks),
  one operand sometimes exactly 0.0 (``max(e, 0.0)``) so both operands are taken across programs;
* ``keyed``: ``max``/``min``/``sorted`` with ``key=`` (a lambda reading enclosing names, ``abs``),
  ``sorted(zip(a, b))`` read as pairs;
* ``extend``: ``L.extend([a, b])`` and ``L += [a, b]`` of a local list (also in a counted loop),
  the list read after by ``sum``/``np.array``/an index;
* ``nested_default``: a ``def`` nested in ``f`` with a default computed from a local (also
  keyword-only), that local rebound after the ``def`` (the default keeps the old value, the body
  reads the new one);
* ``divide_where``: ``np.divide(a, b, where=mask, out=np.zeros_like(a))`` (also ``np.ones_like``);
* ``list_copy``: a shallow copy of a list (``L[:]``, ``list(L)``, ``L.copy()``) whose slots are
  rebound (``M[k] = M[k] * e``, ``M[k] += e`` of numbers), both lists read after;
* ``dict_values``: ``for val in d.values()`` and ``for key in d`` summing entries (loops over dicts).

Invariant: lists are lists of numbers or of same-shaped arrays; an in-place slot update
(``M[k] += e``) is drawn only on numbers, so no array of the caller's is written.
"""
import ast

from .effects import _helper_name
from .leaves import var_of
from .productions import adapt, expr
from .scope import Scope
from .stmts import construct
from .tmpl import E, S, const
from .wider import _body_of, _bound_name, _c

__all__ = []


def _reads(node):
    return {x.id for x in ast.walk(node) if isinstance(x, ast.Name)}


def _red(shape):
    return "_0" if shape == () else "np.sum(_0)"


def _items(ctx, scope, shape, count):
    return [expr(ctx, scope, shape, 1) for _ in range(count)]


@construct("idioms", 2, 1)
def or_value(ctx, scope, depth, out):
    r = ctx.fresh("scalar", scope)
    a, b = expr(ctx, scope, (), 1), expr(ctx, scope, (), 1)
    form = ctx.pick(["_0 or _1", "max(_0, 0.0) or _1", "min(_0, 0.0) or _1", "_0 and _1",
                     "max(_0, 0.0) and _1", "(_2 > _3 and _0) or _1", "_0 or _1 or 0.5"])
    stmts = S("_4 = " + form, a, b, expr(ctx, scope, (), 1), _c(ctx, -0.5, 0.5), r)
    scope.define(r, ())
    return stmts, False


@construct("idioms", 2, 1)
def keyed(ctx, scope, depth, out):
    n = ctx.pick([ctx.n, ctx.m])
    v = var_of(ctx, scope, (n,)) or expr(ctx, scope, (n,), 1)
    e = _bound_name(ctx, "e")
    key = E(f"lambda {e}: _0", _body_of(ctx, scope, {e: ()}, (), e)) if ctx.chance(0.7) else "abs"
    r = ctx.fresh("scalar", scope)
    kind = ctx.pick(["max", "min", "sorted", "sorted", "zip"])
    if kind in ("max", "min"):
        src = ctx.pick(["_1", "list(_1)", "[_3 * _4 for _4 in _1]"])
        stmts = S(f"_0 = {kind}({src}, key=_2)", r, v, key, adapt(ctx, scope, "pos", (), 1), _bound_name(ctx, "s"))
    elif kind == "sorted":
        ys = ctx.fresh("list", scope)
        use = ctx.pick(["_0 = _1[0] + 0.5 * _1[-1]", "_0 = np.sum(np.array(_1) * np.arange(1.0, _2 + 1.0))",
                        "_0 = sum(_1[:2])"])
        stmts = S("_0 = sorted(_1, key=_2)", ys, v, key) + S(use, r, ys, n)
    else:
        w = expr(ctx, scope, (n,), 1)
        ps, p, q = ctx.fresh("list", scope), _bound_name(ctx, "p"), _bound_name(ctx, "q")
        use = ctx.pick(["_0 = sum(_2 * _3 for _2, _3 in _1)", "_0 = _1[0][1] + _1[-1][0] * _1[-1][1]",
                        "_0 = np.sum(np.array([_3 for _2, _3 in _1]) * np.arange(1.0, _4 + 1.0))"])
        stmts = S("_0 = sorted(zip(_1, _2))", ps, v, w) + S(use, r, ps, p, q, n)
    scope.define(r, ())
    return stmts, False


@construct("idioms", 2, 1)
def extend(ctx, scope, depth, out):
    if depth >= 2:
        return [], False
    shape = ctx.pick([(), (), (ctx.n,)])
    lst, r = ctx.fresh("list", scope), ctx.fresh("scalar", scope)
    grow = ctx.pick(["_0.extend([_1, _2])", "_0 += [_1, _2]", "_0.extend((_1, _2))"])
    stmts = S("_0 = [_1]", lst, expr(ctx, scope, shape, 1))
    if ctx.chance(0.4):
        i = _bound_name(ctx, "i")
        count = ctx.pick([2, 3])
        sub = scope.copy()
        sub.in_loop = True
        a = E("_0 * (_1 + 1.0)", expr(ctx, sub, shape, 1), i)
        loop = S(f"for _0 in range({count}):\n    pass", i)
        loop[0].body = S(grow, lst, a, expr(ctx, sub, shape, 1))
        stmts += loop
        length = 1 + 2 * count
    else:
        stmts += S(grow, lst, expr(ctx, scope, shape, 1), expr(ctx, scope, shape, 1))
        length = 3
    red = _red(shape)
    use = ctx.pick([f"_0 = {red.replace('_0', 'sum(_1)')}", f"_0 = {red.replace('_0', '_1[-1]')} * 0.5 + "
                    f"{red.replace('_0', '_1[0]')}", "_0 = float(np.sum(np.array(_1) ** 2))",
                    f"_0 = {red.replace('_0', '_1[_2]')}"])
    stmts += S(use, r, lst, ctx.rng.randrange(length))
    scope.define(r, ())
    ctx.use("lists")
    return stmts, False


@construct("idioms", 2, 0)
def nested_default(ctx, scope, depth, out):
    if depth >= 2:
        return [], False
    c, g, r = ctx.fresh("scalar", scope), _helper_name(ctx, ["term", "phi_", "energy_of", "g_loc"]), \
        ctx.fresh("scalar", scope)
    arg_shape = ctx.pick([(), (), (ctx.n,)])
    stmts = S("_0 = _1", c, expr(ctx, scope, (), 1))
    z, kk = _bound_name(ctx, "z_"), _bound_name(ctx, "kk")
    sub = Scope()
    sub.define(c, ())
    sub.define(z, arg_shape)
    sub.define(kk, ())
    body = expr(ctx, sub, (), ctx.pick([1, 2]))
    for needed, form in ((z, "np.sum(np.sin(_1))" if arg_shape else "np.sin(_1)"), (kk, "_1 * 0.5")):
        if needed not in _reads(body):
            body = E(f"_0 + {form}", body, needed)
    kwonly = ctx.chance(0.3)
    default = ctx.pick([c, f"{c} * 2.0", "0.5"])
    fn = S(f"def {g}({z}, {'*, ' if kwonly else ''}{kk}={default}):\n    return _0", body)
    stmts += fn
    if ctx.chance(0.5):                       # the default keeps the old value, the body reads the new
        stmts += S("_0 = 0.5 * _0 + 0.25", c)
    second = f", {kk}=_3" if kwonly or ctx.chance(0.5) else ", _3"
    stmts += S(f"_0 = _1(_2) + _1(_4{second})", r, g, expr(ctx, scope, arg_shape, 1), expr(ctx, scope, (), 1),
               expr(ctx, scope, arg_shape, 1))
    scope.define(r, ())
    scope.define(c, ())
    ctx.use("nested")
    return stmts, False


@construct("idioms", 1, 1)
def divide_where(ctx, scope, depth, out):
    shape = ctx.pick([(ctx.n,), (ctx.m,), (ctx.m, ctx.n)])
    q = ctx.fresh("vector" if len(shape) == 1 else "matrix", scope)
    a, b = expr(ctx, scope, shape, 1), expr(ctx, scope, shape, 1)
    mask = ctx.pick(["np.abs(_1) > _2", "_1 > _2", "(_1 > _2) & (_0 < 1.0)"])
    fill = ctx.pick(["np.zeros_like", "np.zeros_like", "np.ones_like"])
    b_name = _bound_name(ctx, "den")
    a_name = _bound_name(ctx, "num")
    stmts = S("_0 = _1\n_2 = _3", a_name, a, b_name, b)
    stmts += S(f"_3 = np.divide(_0, _1, where={mask}, out={fill}(_0))", a_name, b_name, _c(ctx, 0.1, 0.4), q)
    scope.define(q, shape, True)
    return stmts, False


@construct("idioms", 2, 1)
def list_copy(ctx, scope, depth, out):
    shape = ctx.pick([(), (), (ctx.n,)])
    count = ctx.pick([2, 3, 4])
    lst, cp, r = ctx.fresh("list", scope), ctx.fresh("list", scope), ctx.fresh("scalar", scope)
    display = ast.List(elts=_items(ctx, scope, shape, count), ctx=ast.Load())
    stmts = [ast.Assign(targets=[ast.Name(id=lst, ctx=ast.Store())], value=display)]
    stmts += S(ctx.pick(["_0 = _1[:]", "_0 = list(_1)", "_0 = _1.copy()", "_0 = [*_1]"]), cp, lst)
    k = ctx.rng.randrange(count)
    ops = ["_0[_1] = _0[_1] * _2", "_0[_1] = _2", "_0[_1] = _0[_1] + _2"]
    if shape == ():
        ops += ["_0[_1] += _2", "_0[_1] *= _2"]
    stmts += S(ctx.pick(ops), cp, k, expr(ctx, scope, (), 1) if shape == () or ctx.chance(0.5)
               else expr(ctx, scope, shape, 1))
    if ctx.chance(0.3):
        stmts += S("_0[_1] = _2[_1] - _0[_3]", lst, ctx.rng.randrange(count), cp, ctx.rng.randrange(count))
    red = _red(shape)
    use = ctx.pick([f"_0 = {red.replace('_0', 'sum(_1)')} + 2.0 * {red.replace('_0', 'sum(_2)')}",
                    f"_0 = {red.replace('_0', '_1[_3]')} * {red.replace('_0', '_2[_3]')}",
                    "_0 = float(np.sum(np.array(_2) - 0.5 * np.array(_1)))"])
    stmts += S(use, r, lst, cp, k)
    scope.define(r, ())
    ctx.use("lists")
    return stmts, False


@construct("idioms", 1, 0)
def dict_values(ctx, scope, depth, out):
    if depth >= 2:
        return [], False
    shape = ctx.pick([(), (ctx.n,)])
    keys = [f"k{j}" for j in range(ctx.pick([2, 3]))]
    d, r, val = ctx.fresh("list", scope), ctx.fresh("scalar", scope), _bound_name(ctx, "val")
    display = ast.Dict(keys=[const(k) for k in keys], values=_items(ctx, scope, shape, len(keys)))
    stmts = [ast.Assign(targets=[ast.Name(id=d, ctx=ast.Store())], value=display)]
    red = _red(shape).replace("_0", "_2")
    coef = adapt(ctx, scope, "unit", (), 1)
    text = ctx.pick([f"_0 = 0.0\nfor _2 in _1.values():\n    _0 = _3 * _0 + {red}",
                     f"_0 = 0.0\nfor _2 in _1:\n    _0 = _3 * _0 + {red.replace('_2', '_1[_2]')}",
                     f"_0 = 1.0\nfor _4, _2 in _1.items():\n    _0 = _0 * _3 + {red}",
                     f"_0 = 0.0\nfor _4 in _1:\n    _0 = _0 * _3 + {red.replace('_2', '_1.get(_4, 0.0)')}"])
    stmts += S(text, r, d, val, coef, _bound_name(ctx, "key"))
    scope.define(r, ())
    ctx.use("containers")
    return stmts, False
