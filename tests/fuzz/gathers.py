"""Expressions people write that the other productions did not draw (fuzz20):

* ``fancy``: gathers with repeated indices (``v[[0, 2, 2]]``, ``v[np.array([1, 1, 0])]``,
  ``M[[0, 0, 1]]``, ``M[[0, 1], [2, 2]]``, ``M[:, [1, 1]]``): every repeat must add its
  share to the gradient (``np.add.at`` semantics);
* ``mask``: boolean masks read (``np.sum(v[v > c])``, ``np.sum(w[v > c] ** 2)``,
  ``e * (g > c)``, ``np.sum(M[M[:, 0] > c], axis=0)``) and integer masks
  (``v[np.nonzero(v > c)[0]]``);
* ``list_numpy``: lists handed straight to NumPy (``np.minimum([a, b], [c, d])``,
  ``np.maximum(xs, 0.1)`` of a list name, ``np.sum([u, v])`` of arrays,
  ``np.hstack([s, v])`` and ``np.concatenate([[s], v])`` mixing numbers and arrays);
* ``data_bounds``: ``np.clip``/``np.maximum``/``np.minimum``/``np.where`` whose bounds
  or thresholds are computed from the inputs (arrays or numbers);
* ``roll``: ``np.roll`` of vectors and matrices (axis given or not), ``np.cumsum`` reversed.

Invariant: each form has exactly the requested shape for every input, its indices are in
range, and a mask's data-dependent length only ever reaches a reduction (an empty
selection sums to 0).
"""
import ast

from .productions import adapt, expr, production
from .tmpl import E, const

__all__ = []


def _indices(ctx, length, count):
    """``count`` indices into an axis of ``length``, with a repeat whenever count >= 2."""
    idx = [ctx.rng.randrange(length) for _ in range(count)]
    if count >= 2 and len(set(idx)) == count:
        idx[ctx.rng.randrange(count)] = idx[ctx.rng.randrange(count)]
        if len(set(idx)) == count:
            idx[-1] = idx[0]
    return ast.List(elts=[const(i) for i in idx], ctx=ast.Load())


def _index_node(ctx, idx):
    return E(ctx.pick(["_0", "_0", "np.array(_0)"]), idx)


def _source(ctx, scope, shape, depth):
    """A live array of ``shape`` when there is one, else an expression."""
    live = [v.name for v in scope.vars.values() if v.shape == shape]
    if live and ctx.chance(0.7):
        return E("_0", ctx.pick(live))
    return expr(ctx, scope, shape, depth)


@production("fancy", "fancy", 3)
def fancy(ctx, scope, shape, depth):
    sub = max(depth - 1, 0)
    if shape == ():
        k = ctx.pick([ctx.n, ctx.m])
        g = E("_0[_1]", _source(ctx, scope, (k,), sub), _index_node(ctx, _indices(ctx, k, ctx.pick([2, 3, 4]))))
        return E(ctx.pick(["np.sum(_0 ** 2)", "np.sum(np.sin(_0))", "np.prod(_0)", "np.mean(_0) * 2.0"]), g)
    if len(shape) == 1:
        count = shape[0]
        if ctx.chance(0.6):
            k = ctx.pick([ctx.n, ctx.m])
            return E("_0[_1]", _source(ctx, scope, (k,), sub), _index_node(ctx, _indices(ctx, k, count)))
        r, c = ctx.pick([(ctx.m, ctx.n), (ctx.n, ctx.m)])
        rows, cols = _indices(ctx, r, count), _indices(ctx, c, count)
        return E("_0[_1, _2]", _source(ctx, scope, (r, c), sub), rows, cols)
    r, c = shape
    if ctx.chance(0.5):
        k = ctx.pick([ctx.n, ctx.m])
        return E("_0[_1]", _source(ctx, scope, (k, c), sub), _index_node(ctx, _indices(ctx, k, r)))
    k = ctx.pick([ctx.n, ctx.m])
    return E("_0[:, _1]", _source(ctx, scope, (r, k), sub), _indices(ctx, k, c))


@production("mask", "fancy", 3)
def mask(ctx, scope, shape, depth):
    sub = max(depth - 1, 0)
    c = const(round(ctx.rng.uniform(-0.5, 0.5), 2))
    if shape == ():
        k = (ctx.pick([ctx.n, ctx.m]),)
        v = _source(ctx, scope, k, sub)
        form = ctx.pick(["np.sum(_0[_0 > _2])", "np.sum(_0[_0 > _2] ** 2)", "np.sum(_1[_0 > _2])",
                         "np.sum(_1[_0 < _2] * 2.0)", "np.sum(_0[np.nonzero(_0 > _2)[0]])",
                         "np.sum(_0[np.abs(_0) < 1.0 + _2 ** 2])", "np.sum(_0 * (_0 > _2))"])
        return E(form, v, expr(ctx, scope, k, sub), c)
    if len(shape) == 1 and ctx.chance(0.3):
        other = ctx.pick([ctx.n, ctx.m])
        mat = _source(ctx, scope, (other, shape[0]), sub)
        return E("np.sum(_0[_0[:, 0] > _1], axis=0)", mat, c)
    e = expr(ctx, scope, shape, sub)
    return E(ctx.pick(["_0 * (_1 > _2)", "_0 * (_1 < _2) + 0.5 * _0"]), e, expr(ctx, scope, shape, sub), c)


def _list(items):
    return ast.List(elts=items, ctx=ast.Load())


@production("list_numpy", "lists", 3)
def list_numpy(ctx, scope, shape, depth):
    sub = max(depth - 2, 0)
    if shape == ():
        if ctx.chance(0.5):
            k = ctx.pick([(ctx.n,), (ctx.m,), ()])
            items = _list([expr(ctx, scope, k, sub) for _ in range(ctx.pick([2, 3]))])
            return E(ctx.pick(["np.sum(_0)", "np.mean(_0)", "np.max(_0)", "np.sum(np.square(_0))"]), items)
        lists = [lst for lst in scope.lists.values() if lst.shape == () and lst.length]
        if lists:
            xs = ctx.pick(lists).name
            return E(ctx.pick(["np.sum(np.maximum(_0, _1))", "np.sum(np.minimum(_0, 0.5))", "np.sum(_0)",
                               "np.dot(_0, _0)"]), xs, expr(ctx, scope, (), sub))
        return None
    if len(shape) != 1:
        return None
    k = shape[0]
    lists = [lst for lst in scope.lists.values() if lst.shape == () and lst.length == k]
    if lists and ctx.chance(0.4):
        xs = ctx.pick(lists).name
        return E(ctx.pick(["np.maximum(_0, 0.1)", "np.minimum(_0, _1)", "np.clip(_0, -1.0, 1.0)",
                           "np.exp(_0)", "np.asarray(_0) * _1"]), xs, expr(ctx, scope, (), sub))
    if k <= 4 and ctx.chance(0.6):
        a, b = (_list([expr(ctx, scope, (), sub) for _ in range(k)]) for _ in range(2))
        return E(ctx.pick(["np.minimum(_0, _1)", "np.maximum(_0, _1)", "np.maximum(_0, 0.0)",
                           "np.subtract(_0, _1)", "np.multiply(_0, _1)"]), a, b)
    if k < 2:
        return None
    s, rest = expr(ctx, scope, (), sub), expr(ctx, scope, (k - 1,), sub)
    return E(ctx.pick(["np.hstack([_0, _1])", "np.concatenate([[_0], _1])", "np.append(_0, _1)",
                       "np.hstack((_1, _0))", "np.r_[_0, _1]"]), s, rest)


@production("data_bounds", "calls", 3)
def data_bounds(ctx, scope, shape, depth):
    sub = max(depth - 1, 0)
    e = expr(ctx, scope, shape, sub)
    w = expr(ctx, scope, ctx.pick([shape, ()]), sub)
    width = adapt(ctx, scope, "pos", (), 0)
    form = ctx.pick(["np.clip(_0, _1 - 0.5, _1 + 0.5)", "np.clip(_0, _1 - _2, _1 + _2)",
                     "np.clip(_0, -_2, _2)", "np.maximum(_0, _1)", "np.minimum(_0, _1 * _2)",
                     "np.where(_0 > _1, _0, _1)", "np.where(_0 < _1, _0 * _2, _1)", "np.fmax(_0, _1 - _2)"])
    ctx.rules.add(form.split("(")[0])
    return E(form, e, w, width)


@production("roll", "shapes", 2)
def roll(ctx, scope, shape, depth):
    if shape == ():
        return None
    e = expr(ctx, scope, shape, max(depth - 1, 0))
    ctx.rules.add("np.roll")
    if len(shape) == 1:
        return E(ctx.pick(["np.roll(_0, 1)", "np.roll(_0, -1)", "np.roll(_0, 2) - _0", "np.cumsum(_0[::-1])",
                           "_0 - np.roll(_0, 1)"]), e)
    return E(ctx.pick(["np.roll(_0, 1, axis=0)", "np.roll(_0, -1, axis=1)", "np.roll(_0, 1)",
                       "np.cumsum(_0, axis=1)[:, ::-1]"]), e)
