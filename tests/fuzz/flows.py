"""Lazy and functional iteration, dict loops, loops left from inside and int counters (fuzz25):

* ``kept_generator``: a generator expression kept in a name and consumed later
  (``terms = (c * e for e in v)`` ... ``s = sum(terms)``), a name it reads sometimes rebound
  in between (the generator reads it when it runs), or its first item taken by ``next``;
* ``mapped``: ``map`` with a NumPy/math function, a lambda or an ``operator`` function
  (``sum(map(operator.mul, v, w))``, ``np.array(list(map(np.tanh, v)))``), and
  ``functools.reduce(operator.add, ...)``;
* ``dict_loop``: a dict of numbers or arrays built in the function, read by
  ``for key, val in d.items()``, ``for key in d``, ``sum(d.values())``, ``d.get(key, default)``,
  an entry rebound (``d["k0"] = d["k0"] * e``) before the loop;
* ``for_in_while``: ``while k < K:`` around a ``for`` left by ``break`` on a test of the data;
* ``int_counter``: an accumulator started as the int ``0`` and grown by floats, an int
  counter dividing a float sum (``s / max(cnt, 1)``), a float counter stepped by ints.

Invariant: every name a lazy generator or lambda reads is bound when it runs; a ``map`` over
two sequences gets two of the same length; dict keys are constant strings.
"""
import ast

from .effects import _helper_name
from .inplace import _loop_scope
from .leaves import var_of
from .productions import adapt, expr
from .stmts import construct
from .tmpl import E, S, const
from .wider import _body_of, _bound_name, _c

__all__ = []


def _vector(ctx, scope):
    n = ctx.pick([ctx.n, ctx.m])
    live = var_of(ctx, scope, (n,))
    return (live if live is not None and ctx.chance(0.7) else expr(ctx, scope, (n,), 1)), n


def _reads(node):
    return {x.id for x in ast.walk(node) if isinstance(x, ast.Name)}


@construct("flows", 2, 0)
def kept_generator(ctx, scope, depth, out):
    if depth >= 2:
        return [], False
    e, gen, r = _bound_name(ctx, "e"), _helper_name(ctx, ["terms", "gen", "stream"]), ctx.fresh("scalar", scope)
    v, _ = _vector(ctx, scope)
    body = _body_of(ctx, scope, {e: ()}, (), e)
    stmts = S("_0 = (_1 for _2 in _3)", gen, body, e, v)
    captured = sorted(_reads(body) & {x.name for x in scope.vars.values() if x.shape == ()} - scope.loop_vars)
    if captured and ctx.chance(0.5):
        stmts += S("_0 = 0.5 * _0 + 0.25", ctx.pick(captured))     # the generator reads the new value
    consume = ctx.pick(["_0 = sum(_1)", "_0 = np.sum(list(_1))", "_0 = float(np.sum(np.array(list(_1))))",
                        "_0 = next(_1)\n_0 = _0 + 0.5 * sum(_1)", "_0 = max(_1)"])
    stmts += S(consume, r, gen)
    scope.define(r, ())
    ctx.use("comprehensions")
    return stmts, False


@construct("flows", 2, 1)
def mapped(ctx, scope, depth, out):
    v, n = _vector(ctx, scope)
    w = var_of(ctx, scope, (n,)) or expr(ctx, scope, (n,), 1)
    lam_body = E("_0 * a_ + np.sin(a_)", expr(ctx, scope, (), 1))
    kind = ctx.pick(["unary", "lambda", "binary", "reduce", "vector"])
    if kind == "vector":
        form = ctx.pick(["np.array(list(map(np.tanh, _0)))", "np.array(list(map(_2, _0)))",
                         "np.array(list(map(operator.mul, _0, _1)))", "np.fromiter(map(np.exp, _0 * 0.5), float)"])
        shape = (n,)
    else:
        form = {"unary": ctx.pick(["sum(map(np.tanh, _0))", "sum(map(math.sin, _0))", "sum(map(abs, _0))"]),
                "lambda": "sum(map(_2, _0))",
                "binary": ctx.pick(["sum(map(operator.mul, _0, _1))", "sum(map(operator.add, _0, _1 * _1))",
                                    "sum(map(lambda a_, b_: a_ * b_, _0, _1))"]),
                "reduce": ctx.pick(["functools.reduce(operator.add, map(_2, _0))",
                                    "functools.reduce(operator.mul, map(np.cos, 0.5 * _0))",
                                    "functools.reduce(operator.add, _0, 0.0)"])}[kind]
        shape = ()
    target = ctx.fresh("scalar" if shape == () else "vector", scope)
    value = E(form, v, w, E("lambda a_: _0", lam_body))
    scope.define(target, shape)
    ctx.use("folds")
    return S("_0 = _1", target, value), False


@construct("flows", 2, 0)
def dict_loop(ctx, scope, depth, out):
    if depth >= 2:
        return [], False
    shape = ctx.pick([(), (), (ctx.n,)])
    count = ctx.pick([2, 3])
    keys = [f"k{j}" for j in range(count)]
    d, key, val = ctx.fresh("list", scope), _bound_name(ctx, "key"), _bound_name(ctx, "val")
    r = ctx.fresh("scalar", scope)
    display = ast.Dict(keys=[const(k) for k in keys], values=[expr(ctx, scope, shape, 1) for _ in keys])
    stmts = [ast.Assign(targets=[ast.Name(id=d, ctx=ast.Store())], value=display)]
    if ctx.chance(0.4):
        stmts += S("_0[_1] = _0[_1] * _2", d, const(ctx.pick(keys)), expr(ctx, scope, (), 1))
    if ctx.chance(0.3):
        stmts += S("_0[_1] = _2", d, const("extra"), expr(ctx, scope, shape, 1))
    red = "np.sum(_0)" if shape else "_0"
    coef = adapt(ctx, scope, "pos", (), 1)
    kind = ctx.pick(["items", "keys", "values", "get", "sorted"])
    if kind == "items":
        text = f"_0 = 0.0\nfor _1, _2 in _3.items():\n    _0 = _0 + _4 * {red.replace('_0', '_2')}"
    elif kind == "keys":
        text = f"_0 = 0.0\nfor _1 in _3:\n    _0 = _0 + _4 * {red.replace('_0', '_3[_1]')}"
    elif kind == "sorted":
        text = f"_0 = 1.0\nfor _1 in sorted(_3):\n    _0 = _0 * 0.5 + _4 * {red.replace('_0', '_3[_1]')}"
    elif kind == "values":
        text = "_0 = _4 * np.sum(sum(_3.values()))"
    else:
        text = f"_0 = {red.replace('_0', '_3.get(_5, _6)')} + {red.replace('_0', '_3.get(_7, _6)')} * _4"
    stmts += S(text, r, key, val, d, coef, const(ctx.pick(keys)), expr(ctx, scope, shape, 1), const("missing"))
    scope.define(r, ())
    ctx.use("containers")
    return stmts, False


@construct("flows", 1, 0)
def for_in_while(ctx, scope, depth, out):
    if depth >= 2:
        return [], False
    v, n = _vector(ctx, scope)
    s, k, i = ctx.fresh("scalar", scope), ctx.fresh("int", scope), ctx.fresh("int", scope)
    sub = _loop_scope(scope, (i, n))
    sub.define(s, ())
    a = adapt(ctx, sub, "unit", (), 1)
    text = ("_0 = _1\n_2 = 0\nwhile _2 < _3:\n    for _4 in range(_5):\n        _0 = _6 * _0 + 0.3 * _7[_4]\n"
            "        if _0 > _8:\n            break\n    _0 = _0 - 0.5\n    _2 += 1")
    stmts = S(text, s, E("np.tanh(_0)", expr(ctx, scope, (), 1)), k, ctx.pick([2, 3]), i, n, a, v, _c(ctx, 0.2, 1.2))
    scope.define(s, ())
    ctx.use("while")
    ctx.use("break")
    return stmts, False


@construct("flows", 1, 0)
def int_counter(ctx, scope, depth, out):
    v, n = _vector(ctx, scope)
    s, cnt, e = ctx.fresh("scalar", scope), ctx.fresh("int", scope), _bound_name(ctx, "e")
    sub = scope.copy()
    sub.in_loop = True
    sub.define(e, ())
    sub.loop_vars = frozenset(sub.loop_vars | {e})
    term = expr(ctx, sub, (), ctx.pick([1, 2]))
    kind = ctx.pick(["int_acc", "mean", "float_count"])
    if kind == "int_acc":
        text = "_0 = 0\nfor _2 in _3:\n    _0 += _4 * _2"
    elif kind == "mean":
        text = "_0 = 0\n_1 = 0\nfor _2 in _3:\n    if _2 > _5:\n        _0 += _4\n        _1 += 1\n_0 = _0 / max(_1, 1)"
    else:
        text = "_0 = 0.0\n_1 = 0.0\nfor _2 in _3:\n    _1 += 1\n    _0 = _0 + _4 / _1"
    stmts = S(text, s, cnt, e, v, term, _c(ctx, -0.5, 0.5))
    scope.define(s, ())
    ctx.use("for")
    return stmts, False
