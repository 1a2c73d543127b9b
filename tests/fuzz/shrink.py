"""Loops whose arrays change length, loops left by ``break`` and writes through index arrays (fuzz20):

* ``shrinking``: ``p = p[:-1] + p[1:]`` style reductions (de Casteljau, a pyramid of
  averages, a trimmed tail) in a counted loop, or in a ``while`` whose trip count depends
  on the data (``while len(p) > 1 and np.max(p) > c``), the survivor reduced to a number;
* ``while_true``: ``while True: ... if <data test> or k >= K: break`` and
  ``for k in range(K): ... if <data test>: break``, the carried value used after;
* ``index_write``: writes through repeated index arrays and masks into an array the
  function allocated: ``y[[0, 2, 2]] += e`` (NumPy adds once per distinct index),
  ``np.add.at(y, [0, 2, 2], e)`` (every repeat adds), ``y[y < c] = 0.0``, ``y[mask] *= s``.

Invariant: every loop terminates (a counter bound, or a length that drops by one a trip);
a name whose length changes in a loop is never used after it except through a reduction;
index writes go only into ``writable`` arrays, with indices in range.
"""
import ast

from .gathers import _indices
from .inplace import _loop_scope
from .loops import _body, _finish
from .productions import adapt, cond, expr
from .stmts import construct
from .tmpl import S, const, name

__all__ = []

_STEPS = ["_0 = _0[:-1] + _0[1:]", "_0 = 0.5 * (_0[:-1] + _0[1:])", "_0 = (1.0 - _1) * _0[:-1] + _1 * _0[1:]",
          "_0 = _0[1:] * _1 + _0[:-1]", "_0 = np.tanh(_0[1:] - _0[:-1])"]


@construct("shrink", 2, 0)
def shrinking(ctx, scope, depth, out):
    if depth >= 2 or scope.in_loop:
        return [], False
    k = ctx.pick([ctx.n, ctx.m, 4])
    p = ctx.fresh("vector", scope)
    i = ctx.fresh("int", scope)
    start = expr(ctx, scope, (k,), 2)
    weight = adapt(ctx, scope, "unit", (), 1)
    step = ctx.pick(_STEPS)
    s = ctx.fresh("scalar", scope)
    if ctx.chance(0.5):
        bound = ctx.pick([str(k - 1), f"len({p}) - 1"])
        stmts = S(f"_0 = _1\nfor _2 in range({bound}):\n    {step.replace('_1', '_3')}\n_4 = _0[0]",
                  p, start, i, weight, s)
        ctx.use("for")
    else:
        c = const(round(ctx.rng.uniform(-0.5, 1.0), 2))
        test = ctx.pick(["len(_0) > 1 and np.max(_0) > _2", "_0.shape[0] > 1 and np.sum(_0 ** 2) > _2",
                         "len(_0) > 2"])
        stmts = S(f"_0 = _1\nwhile {test}:\n    {step.replace('_1', '_3')}\n_4 = np.sum(_0) / len(_0)",
                  p, start, c, weight, s)
        ctx.use("while")
    scope.define(s, ())
    return stmts, False


@construct("break", 2, 0)
def while_true(ctx, scope, depth, out):
    if depth >= 2:
        return [], False
    s = ctx.fresh("scalar", scope)
    k = ctx.fresh("int", scope)
    limit = const(round(ctx.rng.uniform(1.0, 3.0), 2))
    sub = _loop_scope(scope, (k, None))
    sub.define(s, ())
    sub.loop_vars = frozenset(sub.loop_vars | {s})
    step = adapt(ctx, sub, "pos", (), 1)
    init = expr(ctx, scope, (), 1)
    body = _body(ctx, sub, depth, out, ctx.pick([1, 1, 2])) if ctx.chance(0.5) else []
    body = [b for b in body if not isinstance(b, ast.Pass)]
    if ctx.chance(0.5):
        stmts = S("_0 = np.tanh(_1)\n_2 = 0\nwhile True:\n    _0 = _0 + 0.1 * _3\n    _2 += 1\n"
                  "    if _0 > _4 or _2 >= 15:\n        break", s, init, k, step, limit)
        stmts[-1].body += body          # after the test: a `continue` cannot skip it
    else:
        test = cond(ctx, sub, 1)
        stmts = S("_0 = np.tanh(_1)\nfor _2 in range(8):\n    _0 = 0.9 * _0 + 0.1 * _3\n    if _4:\n        break",
                  s, init, k, step, test)
        stmts[-1].body[1:1] = body
    _finish(scope, sub)
    scope.define(s, ())
    ctx.use("while")
    return stmts, False


@construct("fancy", 2, 1)
def index_write(ctx, scope, depth, out):
    owned = [v for v in scope.vars.values() if v.writable and len(v.shape) == 1 and v.name not in scope.loop_vars]
    if not owned:
        return [], False
    y = ctx.pick(owned)
    length = y.shape[0]
    idx = _indices(ctx, length, ctx.pick([2, 3]))
    count = len(idx.elts)
    e = expr(ctx, scope, ctx.pick([(), (count,)]), 2)
    c = const(round(ctx.rng.uniform(-0.5, 0.5), 2))
    s = adapt(ctx, scope, "pos", (), 1)
    form = ctx.pick(["_0[_1] += _2", "_0[_1] = _2", "_0[np.array(_1)] -= _2", "np.add.at(_0, _1, _2)",
                     "np.add.at(_0, np.array(_1), _2)", "_0[_0 < _3] = 0.0", "_0[_0 > _3] *= _4",
                     "_0[np.abs(_0) > 1.0] = _4"])
    return S(form, name(y.name), idx, e, c, s), False
