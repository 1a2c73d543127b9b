"""Name, key and ordering idioms stop 39 lifted that the generator did not draw before (fuzz40), tag
``keys``:

* ``dict_keys``: dict keys held in names (``k = "a"; d[k]``), ``for k in ("a", "b")``, ``d.get(k)``
  (with and without a default), a slot rebound through a name key;
* ``nonlocal_acc``: a nested function updating an enclosing local with ``nonlocal``, called twice;
* ``kw_helper``: module helpers with keyword defaults or ``**kw`` called as ``h(x, **opts)``
  (``opts`` a dict display of keys) or with keywords;
* ``ordered``: ``sorted(..., reverse=True)`` (also with ``key=``), ``max``/``min`` over lists of tuples
  (compared by their first item; ``key=lambda p: p[1]``);
* ``record``: a ``collections.namedtuple`` built in ``f`` and ``_replace``'d;
* ``fromiter``: ``np.fromiter`` of a generator, a ``map`` or a list display (``count=`` sometimes).
"""
import ast

from .effects import _helper_name
from .leaves import var_of
from .productions import adapt, expr
from .scope import Scope
from .stmts import construct
from .tmpl import E, S, const
from .wider import _bound_name

__all__ = []


def _red(shape, text):
    return text if shape == () else f"np.sum({text})"


@construct("keys", 2, 1)
def dict_keys(ctx, scope, depth, out):
    shape = ctx.pick([(), (), (ctx.n,)])
    keys = ctx.pick([["a", "b"], ["a", "b", "c"], ["lo", "hi"]])
    d, r, k = ctx.fresh("list", scope), ctx.fresh("scalar", scope), _bound_name(ctx, "key")
    display = ast.Dict(keys=[const(x) for x in keys], values=[expr(ctx, scope, shape, 1) for _ in keys])
    stmts = [ast.Assign(targets=[ast.Name(id=d, ctx=ast.Store())], value=display)]
    first, last = keys[0], keys[-1]
    if ctx.chance(0.4):
        stmts += S(f"_0 = {last!r}\n_1[_0] = _1[_0] * _2", k, d, expr(ctx, scope, (), 1))
    loop_keys = ", ".join(repr(x) for x in ctx.rng.sample(keys, ctx.pick([1, len(keys)])))
    read = ctx.pick(["_1[_2]", "_1.get(_2)", "_1.get(_2, 0.0)"])
    coef = adapt(ctx, scope, "unit", (), 1)
    text = ctx.pick([f"_0 = 0.0\nfor _2 in ({loop_keys},):\n    _0 = _0 * _3 + {_red(shape, read)}",
                     f"_2 = {first!r}\n_0 = {_red(shape, read)} * _3",
                     f"_2 = {last!r}\n_0 = {_red(shape, read)} + {_red(shape, '_1.get(' + repr(first) + ', 0.0)')}",
                     f"_0 = {_red(shape, '_1.get(' + repr('zz') + ', 0.5)')} * _3 + {_red(shape, '_1.get(_4)')}"])
    stmts += S(text, r, d, _bound_name(ctx, "kk"), coef, const(first))
    scope.define(r, ())
    ctx.use("containers")
    return stmts, False


@construct("keys", 2, 0)
def nonlocal_acc(ctx, scope, depth, out):
    if depth >= 1:
        return [], False
    acc, r = ctx.fresh("scalar", scope), ctx.fresh("scalar", scope)
    g, z = _helper_name(ctx, ["add_", "bump", "accumulate"]), _bound_name(ctx, "z_")
    shape = ctx.pick([(), (ctx.n,)])
    sub = scope.copy()
    sub.define(z, shape)
    sub.vars[z].weight = 6.0
    term = expr(ctx, sub, (), ctx.pick([1, 2]))
    if z not in {n.id for n in ast.walk(term) if isinstance(n, ast.Name)}:
        term = E("_0 + " + _red(shape, "np.sin(_1)"), term, z)
    form = ctx.pick(["_0 = _0 + _1", "_0 = 0.5 * _0 + _1", "_0 += _1", "_0 = _0 * 0.9 + _1 * _1"])
    fn = S(f"def {g}({z}):\n    nonlocal {acc}\n    pass")
    fn[0].body[-1:] = S(form, acc, term)
    if ctx.chance(0.3):
        fn[0].body += S("return _0", acc)
    stmts = S("_0 = _1", acc, expr(ctx, scope, (), 1)) + fn
    for _ in range(ctx.pick([1, 2, 3])):
        stmts += [ast.Expr(value=E(f"{g}(_0)", expr(ctx, scope, shape, 1)))]
    stmts += S("_0 = _1 * 1.0", r, acc)
    scope.define(r, ())
    ctx.use("nested")
    ctx.use("closures")
    return stmts, False


@construct("keys", 2, 1)
def kw_helper(ctx, scope, depth, out):
    shape = ctx.pick([(), (), (ctx.n,)])
    fname = _helper_name(ctx, ["scaled", "shifted", "affine_", "soft"])
    star = ctx.chance(0.5)
    sub = Scope()
    sub.define("x", shape)
    body = expr(ctx, sub, shape, 1)
    reads = "kw['scale']" if star else "scale"
    shift = "kw.get('shift', 0.25)" if star else "shift"
    text = f"return {_red(shape, f'(_0) * {reads} + {shift} * x')}"
    if star:
        fn = S(f"def {fname}(x, **kw):\n    pass")
    else:
        fn = S(f"def {fname}(x, scale=1.0, shift=0.25):\n    pass")
    fn[0].body = S(text, body)
    ctx.extra_defs += fn
    opts, r = _bound_name(ctx, "opts"), ctx.fresh("scalar", scope)
    entries = ctx.pick([["scale"], ["scale", "shift"]])
    display = ast.Dict(keys=[const(x) for x in entries], values=[expr(ctx, scope, (), 1) for _ in entries])
    stmts = [ast.Assign(targets=[ast.Name(id=opts, ctx=ast.Store())], value=display)]
    call = ctx.pick([f"{fname}(_1, **_2)", f"{fname}(_1, **_2) + {fname}(_3, scale=_4)",
                     f"{fname}(x=_1, **_2)"])
    if not star and ctx.chance(0.3):
        call = f"{fname}(_1, **_2) + {fname}(_3)"
    stmts += S("_0 = " + call, r, expr(ctx, scope, shape, 1), opts, expr(ctx, scope, shape, 1),
               expr(ctx, scope, (), 1))
    scope.define(r, ())
    ctx.use("helpers")
    ctx.use("containers")
    return stmts, False


@construct("keys", 2, 1)
def ordered(ctx, scope, depth, out):
    n = ctx.pick([ctx.n, ctx.m])
    v = var_of(ctx, scope, (n,)) or expr(ctx, scope, (n,), 1)
    r, ys = ctx.fresh("scalar", scope), ctx.fresh("list", scope)
    if ctx.chance(0.5):
        key = ctx.pick(["", ", key=abs", ", key=lambda e: (e - 0.3) ** 2"])
        src = ctx.pick(["_1", "list(_1)", "[_3 * _4 for _4 in _1]"])
        stmts = S(f"_0 = sorted({src}{key}, reverse=True)", ys, v, None, adapt(ctx, scope, "pos", (), 1),
                  _bound_name(ctx, "s"))
        stmts += S(ctx.pick(["_0 = _1[0] + 0.5 * _1[-1]", "_0 = sum(_1[:2])",
                             "_0 = float(np.sum(np.array(_1) * np.arange(1.0, _2 + 1.0)))"]), r, ys, n)
    else:
        w = expr(ctx, scope, (n,), 1)
        pairs = ctx.pick(["list(zip(_1, _2))", "[(_1[_3], _2[_3]) for _3 in range(len(_1))]"])
        stmts = S(f"_0 = {pairs}", ys, v, w, _bound_name(ctx, "ii"))
        pq = _bound_name(ctx, "pq")
        pick = ctx.pick(["max(_1)", "min(_1)", f"max(_1, key=lambda {pq}: {pq}[1])", f"min(_1, key=lambda {pq}: -{pq}[1])"])
        use = ctx.pick(["_0 = _3[0] * _3[1]", "_0 = _3[1] + 0.5 * _3[0]", "_4, _5 = _3\n_0 = _4 - _5 * _5"])
        best = _bound_name(ctx, "best")
        stmts += S(f"_0 = {pick}", best, ys)
        stmts += S(use, r, None, None, best, _bound_name(ctx, "lead"), _bound_name(ctx, "tail"))
    scope.define(r, ())
    ctx.use("tuples")
    return stmts, False


@construct("keys", 1, 0)
def record(ctx, scope, depth, out):
    if depth >= 2:
        return [], False
    cls = _helper_name(ctx, ["Pt", "Pair", "Spec"])
    fields = ctx.pick([["lo", "hi"], ["pos", "vel", "mass"]])
    ctx.extra_defs += S(f"{cls} = collections.namedtuple({cls!r}, {fields!r})")
    p, q, r = _bound_name(ctx, "rec"), _bound_name(ctx, "rec"), ctx.fresh("scalar", scope)
    shapes = {f: ctx.pick([(), (), (ctx.n,)]) for f in fields}
    args = ", ".join(f"_{j}" for j in range(len(fields)))
    stmts = S(f"_{len(fields)} = {cls}({args})", *[expr(ctx, scope, shapes[f], 1) for f in fields], p)
    changed = ctx.pick(fields)
    stmts += S(f"_0 = _1._replace({changed}=_2)", q, p, expr(ctx, scope, shapes[changed], 1))
    terms = [_red(shapes[f], f"{ctx.pick([p, q])}.{f}") for f in fields]
    stmts += S("_0 = " + " + ".join(f"{t} * {1.0 + j * 0.5}" for j, t in enumerate(terms)) + " + "
               + _red(shapes[changed], f"{q}.{changed} * {p}.{changed}"), r)
    scope.define(r, ())
    ctx.use("records")
    return stmts, False


@construct("keys", 2, 1)
def fromiter(ctx, scope, depth, out):
    n = ctx.pick([ctx.n, ctx.m])
    v = var_of(ctx, scope, (n,)) or expr(ctx, scope, (n,), 1)
    w, e = ctx.fresh("vector", scope), _bound_name(ctx, "e")
    count = f", count={n}" if ctx.chance(0.1) else ""      # refused (no rule for count=)
    form = ctx.pick([f"np.fromiter((_3 * _1 for _3 in _0), float{count})",
                     f"np.fromiter(map(np.sin, _0), dtype=float{count})",
                     "np.fromiter((np.tanh(_3) + _1 for _3 in _0), dtype=np.float64)",
                     f"np.fromiter([_3 * _1 for _3 in _0], float{count})"])
    stmts = S(f"_2 = {form}", v, adapt(ctx, scope, "small", (), 1), w, e)
    scope.define(w, (n,), True)
    return stmts, False
