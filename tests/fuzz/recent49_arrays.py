"""Array forms the front end learned in stops 46-48 that the generator did not draw (fuzz49):

* ``function_out``: ``out=`` of NumPy functions that are not ufuncs, called for their effect into an
  array the function allocated (``np.cumsum(v, out=y)``, ``np.clip(y, lo, hi, out=y)``,
  ``np.dot(A, v, out=o)``, ``np.mean(A, axis=0, out=m)``), the target read after;
* ``flat``: ``x.flat[k]`` read, ``for e in x.flat``, ``np.sum(x.flat[a:b])``, and ``y.flat[k] = e``
  into a C-contiguous array the function allocated;
* ``ravel_order``: ``np.ravel(A, order=...)``, ``A.ravel(order=...)``, ``A.flatten(order=...)`` of
  parameters, locals and transposes (orders C, F, K, A);
* ``windows``: ``np.lib.stride_tricks.sliding_window_view(v, w)`` (and of a matrix, with ``axis=``),
  reduced or multiplied by a kernel.

Invariant: writes go only into arrays allocated just before (``np.zeros``/``np.empty_like`` of the
right shape), which is also what ``out=`` needs (the same shape, float64).
"""
import ast

from .leaves import var_of
from .productions import adapt, expr
from .stmts import construct
from .tmpl import E, S
from .wider import _bound_name, _c

__all__ = []


def _vec_or_expr(ctx, scope, shape):
    live = var_of(ctx, scope, shape)
    return live if live is not None and ctx.chance(0.6) else expr(ctx, scope, shape, 1)


def _new(ctx, scope, shape):
    kind = "scalar" if shape == () else "vector" if len(shape) == 1 else "matrix"
    return ctx.fresh(kind, scope)


@construct("inplace", 1.5, 0.5)
def function_out(ctx, scope, depth, out):
    n, m = ctx.n, ctx.m
    kind = ctx.pick(["cumsum", "clip", "dot", "mean", "cumprod", "sum"])
    if kind in ("cumsum", "cumprod"):
        shape = (n,)
        y = _new(ctx, scope, shape)
        arg = _vec_or_expr(ctx, scope, shape) if kind == "cumsum" else adapt(ctx, scope, "unit", shape, 1)
        stmts = S(f"_0 = np.{ctx.pick(['empty', 'zeros'])}(_1)\nnp.{kind}(_2, out=_0)", y, n, arg)
    elif kind == "clip":
        shape = ctx.pick([(n,), (m, n)])
        y = _new(ctx, scope, shape)
        stmts = S("_0 = np.array(_1)\nnp.clip(_0, _2, _3, out=_0)", y, expr(ctx, scope, shape, 1),
                  _c(ctx, -1.2, -0.3), _c(ctx, 0.3, 1.2))
    elif kind == "dot":
        shape = (m,)
        y = _new(ctx, scope, shape)
        stmts = S("_0 = np.zeros(_1)\nnp.dot(_2, _3, out=_0)", y, m, _vec_or_expr(ctx, scope, (m, n)),
                  _vec_or_expr(ctx, scope, (n,)))
    else:
        axis = ctx.pick([0, 1])
        shape = ((n,), (m,))[axis]
        y = _new(ctx, scope, shape)
        stmts = S(f"_0 = np.empty(_1)\nnp.{kind}(_2, axis={axis}, out=_0)", y, shape[0],
                  _vec_or_expr(ctx, scope, (m, n)))
    if ctx.chance(0.3):
        r = _new(ctx, scope, shape)
        stmts[-1] = S("_0 = _1", r, stmts[-1].value)[0]       # the result is `out` itself
        scope.define(r, shape)
    scope.define(y, shape, True)
    ctx.use("calls")
    return stmts, False


@construct("views", 1.5, 0.5)
def flat(ctx, scope, depth, out):
    arrays = [v for v in scope.vars.values() if v.shape] + [v for v in ctx.globals.vars.values() if v.shape]
    r = _new(ctx, scope, ())
    if arrays and ctx.chance(0.6):
        v = ctx.pick(arrays)
        size = v.shape[0] * (v.shape[1] if len(v.shape) == 2 else 1)
        k = ctx.rng.randrange(size)
        form = ctx.pick(["_0 = _1.flat[_2] * _3", "_0 = sum(_4 * _4 for _4 in _1.flat)",
                         "_0 = float(np.sum(_1.flat[1:])) + _3", "_0 = _1.T.flat[_2] + _3"])
        stmts = S(form, r, v.name, k, expr(ctx, scope, (), 1), _bound_name(ctx, "e"))
        scope.define(r, ())
        return stmts, False
    shape = ctx.pick([(ctx.n,), (ctx.m, ctx.n)])
    y = _new(ctx, scope, shape)
    size = shape[0] * (shape[1] if len(shape) == 2 else 1)
    stmts = S(f"_0 = np.zeros({shape!r})\n_0.flat[_1] = _2\n_0.flat[_3] = _4", y, ctx.rng.randrange(size),
              expr(ctx, scope, (), 1), ctx.rng.randrange(size), expr(ctx, scope, (), 1))
    if ctx.chance(0.5):
        stmts += S("_0 += _1", y, expr(ctx, scope, shape, 1))
    scope.define(y, shape, True)
    return stmts, False


@construct("views", 1.5, 0.5)
def ravel_order(ctx, scope, depth, out):
    mats = [v for v in scope.vars.values() if len(v.shape) == 2] + \
        [v for v in ctx.globals.vars.values() if len(v.shape) == 2]
    if mats and ctx.chance(0.7):
        mat = ctx.pick(mats)
        src, shape = (ast.Name(id=mat.name, ctx=ast.Load()) if ctx.chance(0.7) else E("_0.T", mat.name)), mat.shape
    else:
        shape = (ctx.m, ctx.n)
        src = expr(ctx, scope, shape, 1)
    order = ctx.pick(["'F'", "'C'", "'K'", "'A'", "'F'"])
    form = ctx.pick([f"np.ravel(_0, order={order})", f"_0.ravel(order={order})", f"_0.flatten(order={order})",
                     f"np.reshape(_0, -1, order={order})" if order in ("'F'", "'C'") else "_0.ravel()"])
    size = shape[0] * shape[1]
    v = _new(ctx, scope, (size,))
    stmts = S(f"_0 = {form.replace('_0', '_1')}", v, src)
    r = _new(ctx, scope, ())
    stmts += S(ctx.pick(["_0 = float(np.sum(_1 * np.arange(1.0, _2 + 1.0)))", "_0 = _1[1] - _1[-1] * _1[0]",
                         "_0 = np.sum(np.diff(_1) ** 2)"]), r, v, size)
    scope.define(r, ())
    return stmts, False


@construct("views", 1.2, 0.3)
def windows(ctx, scope, depth, out):
    n, m = ctx.n, ctx.m
    w = ctx.pick([2, 2, 3]) if n > 3 else 2
    r = _new(ctx, scope, ())
    swv = "np.lib.stride_tricks.sliding_window_view"
    if ctx.chance(0.65):
        x = _vec_or_expr(ctx, scope, (n,))
        form = ctx.pick([f"_0 = np.sum({swv}(_1, {w}) @ _2)", f"_0 = np.sum(np.max({swv}(_1, {w}), axis=1))",
                         f"_0 = float(np.sum(np.mean({swv}(_1, {w}), axis=-1) ** 2))",
                         f"_0 = {swv}(_1, {w})[-1, 0] * _3"])
        stmts = S(form, r, x, expr(ctx, scope, (w,), 1), expr(ctx, scope, (), 1))
    else:
        a = _vec_or_expr(ctx, scope, (m, n))
        form = ctx.pick([f"_0 = np.sum({swv}(_1, 2, axis=0) ** 2)", f"_0 = np.sum({swv}(_1, (2, 2)) * 0.5)",
                         f"_0 = np.sum(np.tanh({swv}(_1, {w}, axis=1)))"])
        stmts = S(form, r, a)
    scope.define(r, ())
    ctx.rules.add("sliding_window_view")
    return stmts, False
