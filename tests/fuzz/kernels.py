"""Code written for numba (fuzz24): scalar kernels over explicit indices.

* ``nested_sum``: ``s = 0.0; for i in range(r): for j in range(c): s += <A[i, j], u[i], v[j]>``,
  sometimes skipping cells (``if A[i, j] < c: continue``) or leaving the inner loop
  (``if s > c: break``);
* ``counter``: an int counter bumped under a data-dependent test next to a float sum
  (``cnt += 1; tot += ...``), then ``tot / max(cnt, 1)``, ``tot * float(cnt)``, ...;
* ``stencil``: index arithmetic ``v[i - 1]``, ``v[i + 1]`` (a difference sum, a
  preallocated array filled from neighbours, a running sum reading its own previous cell);
* ``search``: an early ``return`` from inside two nested loops;
* ``inner_while``: a data-dependent ``while`` nested in a ``for``, left by ``break``;
* ``column``: column vectors ``(n, 1)`` (``v.reshape(-1, 1)``, ``v[:, None]``) with ``.T``,
  ``@`` and ``np.dot``, read back as ``[0, 0]``, ``[:, 0]``, ``.ravel()``;
* ``casts``: ``float(...)`` of a number and ``int(...)`` of data used as an index.

Invariant (the generator's): every index stays in range for every input; every loop
terminates (a counter bounds each ``while``); the names bound are fresh.
"""
import ast

from .inplace import _loop_scope
from .leaves import var_of
from .productions import adapt, expr
from .stmts import construct, return_value
from .tmpl import E, S
from .wider import _c, _vec

__all__ = []


def _matrix(ctx, scope):
    """(statements, name, (rows, cols)): a live matrix, or a new one bound to a name."""
    shape = ctx.pick([(ctx.m, ctx.n), (ctx.n, ctx.m), (ctx.m, ctx.m)])
    live = var_of(ctx, scope, shape, also_globals=False)
    if live is not None and ctx.chance(0.7):
        return [], live.id, shape
    target = ctx.fresh("matrix", scope)
    value = expr(ctx, scope, shape, 2)
    scope.define(target, shape)
    return S("_0 = _1", target, value), target, shape


def _vector(ctx, scope, length=None):
    """(statements, name, length): a live vector, or a new one bound to a name."""
    v, k = _vec(ctx, scope, length)
    if isinstance(v, ast.Name):
        return [], v.id, k
    target = ctx.fresh("vector", scope)
    scope.define(target, (k,))
    return S("_0 = _1", target, v), target, k


def _bound(ctx, A, axis, size):
    return E(ctx.pick([str(size), f"_0.shape[{axis}]"] + (["len(_0)"] if axis == 0 else [])), A)


@construct("kernels", 1.5, 0)
def nested_sum(ctx, scope, depth, out):
    if depth >= 2:
        return [], False
    pre, A, (r, c) = _matrix(ctx, scope)
    s, i = ctx.fresh("scalar", scope), ctx.fresh("int", scope)
    j = ctx.fresh("int", scope)
    sub = _loop_scope(scope, (i, r), (j, c))
    cell = E("_0[_1, _2]", A, i, j)
    term = E(ctx.pick(["_0 * _1", "(_0 - _1) ** 2", "np.tanh(_0) * _1", "_0 * _0 + _1"]), cell,
             expr(ctx, sub, (), ctx.pick([0, 1, 2])))
    guard = ctx.pick(["", "", "skip", "stop"])
    body = S("_0 += _1", s, term)
    if guard == "skip":
        body = S("if _0 < _1:\n    continue", E("_0[_1, _2]", A, i, j), _c(ctx)) + body
    elif guard == "stop":
        body += S("if _0 > _1:\n    break", s, _c(ctx, 0.5, 3.0))
    loop = S("_0 = 0.0\nfor _1 in range(_3):\n    for _2 in range(_4):\n        pass", s, i, j,
             _bound(ctx, A, 0, r), _bound(ctx, A, 1, c))
    loop[1].body[0].body = body
    ctx.use("for")
    scope.define(s, ())
    return pre + loop, False


@construct("kernels", 1, 0)
def counter(ctx, scope, depth, out):
    if depth >= 2:
        return [], False
    pre, v, n = _vector(ctx, scope)
    cnt, tot, i = ctx.fresh("int", scope), ctx.fresh("scalar", scope), ctx.fresh("int", scope)
    sub = _loop_scope(scope, (i, n))
    test = E(ctx.pick(["_0[_1] > _2", "abs(_0[_1]) < _2 + 1.0", "_0[_1] * _0[_1] > _2 ** 2"]), v, i, _c(ctx))
    value = expr(ctx, sub, (), ctx.pick([1, 2]))
    loop = S("_0 = 0\n_1 = 0.0\nfor _2 in range(_3):\n    if _4:\n        _0 += 1\n        _1 += _5",
             cnt, tot, i, E(ctx.pick([str(n), "len(_0)"]), v), test, value)
    res = ctx.fresh("scalar", scope)
    form = ctx.pick(["_1 / max(_0, 1)", "_1 / (_0 + 1.0)", "_1 * float(_0)", "_1 + 0.1 * _0",
                     "_1 / _0 if _0 > 0 else 0.0"])
    scope.define(res, ())
    ctx.use("for")
    return pre + loop + S(f"_2 = {form}", cnt, tot, res), False


@construct("kernels", 1.5, 0)
def stencil(ctx, scope, depth, out):
    if depth >= 2:
        return [], False
    pre, v, n = _vector(ctx, scope)
    i = ctx.fresh("int", scope)
    kind = ctx.pick(["diff", "laplace", "fill", "running"])
    a = adapt(ctx, scope, "unit", (), 1)
    ctx.use("for")
    if kind in ("diff", "laplace"):
        s = ctx.fresh("scalar", scope)
        text = {"diff": "_0 = 0.0\nfor _1 in range(1, _3):\n    _0 += _4 * (_2[_1] - _2[_1 - 1]) ** 2",
                "laplace": "_0 = 0.0\nfor _1 in range(1, _3 - 1):\n"
                           "    _0 += (_2[_1 - 1] - 2.0 * _2[_1] + _2[_1 + 1]) * _4"}[kind]
        scope.define(s, ())
        return pre + S(text, s, i, v, E(ctx.pick([str(n), "len(_0)"]), v), a), False
    y = ctx.fresh("vector", scope)
    if kind == "fill":
        text = ctx.pick(["_0 = np.zeros(_3)\nfor _1 in range(1, _3):\n    _0[_1] = _2[_1] - _4 * _2[_1 - 1]",
                         "_0 = np.empty(_3)\n_0[-1] = _2[-1]\nfor _1 in range(_3 - 1):\n"
                         "    _0[_1] = _4 * (_2[_1 + 1] - _2[_1])"])
    else:
        text = "_0 = np.empty(_3)\n_0[0] = _2[0]\nfor _1 in range(1, _3):\n    _0[_1] = _4 * _0[_1 - 1] + _2[_1]"
    scope.define(y, (n,), True)
    return pre + S(text, y, i, v, n, a), False


@construct("kernels", 1, 0)
def search(ctx, scope, depth, out):
    if depth >= 1 or out is None or not ctx.enabled("return"):
        return [], False
    pre, A, (r, c) = _matrix(ctx, scope)
    i, j = ctx.fresh("int", scope), ctx.fresh("int", scope)
    sub = _loop_scope(scope, (i, r), (j, c))
    test = E(ctx.pick(["_0[_1, _2] > _3", "_0[_1, _2] * _4 > _3", "abs(_0[_1, _2] - _4) < 0.2"]), A, i, j,
             _c(ctx, 0.3, 1.2), expr(ctx, sub, (), 1))
    ret = ast.Return(value=return_value(ctx, sub, out, 2))
    loop = S("for _0 in range(_2):\n    for _1 in range(_3):\n        if _4:\n            pass", i, j,
             _bound(ctx, A, 0, r), _bound(ctx, A, 1, c), test)
    loop[0].body[0].body[0].body = [ret]
    ctx.use("return")
    ctx.use("for")
    return pre + loop, False


@construct("kernels", 0.5, 0)
def inner_while(ctx, scope, depth, out):
    if depth >= 2:
        return [], False
    pre, v, n = _vector(ctx, scope)
    i, k, s = ctx.fresh("int", scope), ctx.fresh("int", scope), ctx.fresh("scalar", scope)
    sub = _loop_scope(scope, (i, n))
    step = adapt(ctx, sub, "pos", (), 1)
    text = ("_0 = 0\n_1 = _2\nfor _3 in range(_4):\n    while _1 < _5:\n        _1 = _1 + _6 * _7[_3] ** 2 + _8\n"
            "        _0 += 1\n        if _0 >= _9:\n            break\n    _1 = _1 - _5")
    loop = S(text, k, s, E("np.tanh(_0)", expr(ctx, scope, (), 1)), i, n, _c(ctx, 1.0, 2.5),
             _c(ctx, 0.1, 0.6), v, step, ctx.pick([6, 10, 15]))
    scope.define(s, ())
    ctx.use("while")
    ctx.use("break")
    return pre + loop, False


@construct("kernels", 1.5, 0.5)
def column(ctx, scope, depth, out):
    pre, v, n = _vector(ctx, scope)
    col = ctx.fresh("matrix", scope)
    make = ctx.pick(["_0.reshape(-1, 1)", "_0[:, None]", "_0.reshape((_1, 1))", "np.reshape(_0, (_1, 1))",
                     "np.atleast_2d(_0).T", "np.expand_dims(_0, axis=1)"])
    stmts = pre + S("_2 = " + make, v, n, col)
    k = ctx.pick([ctx.m, ctx.n])
    B = var_of(ctx, scope, (k, n), also_globals=False) or expr(ctx, scope, (k, n), 1)
    w = var_of(ctx, scope, (k,), also_globals=False) or expr(ctx, scope, (k,), 1)
    kind = ctx.pick([((), "(_0.T @ _0)[0, 0]"), ((), "np.dot(_0.T, _0)[0, 0]"), ((), "(_2 @ _0)[0, 0]"),
                     ((), "(_3[None, :] @ _1 @ _0)[0, 0]"), ((k,), "(_1 @ _0)[:, 0]"),
                     ((k,), "np.dot(_1, _0).ravel()"), ((k,), "(_1 @ _0).reshape(-1)"),
                     ((n,), "(_0 @ _0.T) @ _4"), ((n,), "np.sum(_0 * _0.T, axis=1)"),
                     ((n, n), "_0 @ _0.T"), ((k, n), "_1 * _0.T"), ((k,), "(_1 @ (_0 * _0))[:, 0]")])
    shape, form = kind
    lhs = _vector_like(ctx, scope, n) if "_4" in form else None
    target = ctx.fresh("scalar" if shape == () else "vector" if len(shape) == 1 else "matrix", scope)
    value = E(form, col, B, E("_0.T", col), w, lhs)
    scope.define(target, shape)
    return stmts + [ast.Assign(targets=[ast.Name(id=target, ctx=ast.Store())], value=value)], False


def _vector_like(ctx, scope, n):
    return var_of(ctx, scope, (n,), also_globals=False) or expr(ctx, scope, (n,), 1)


@construct("kernels", 1, 0.5)
def casts(ctx, scope, depth, out):
    pre, v, n = _vector(ctx, scope)
    target = ctx.fresh("scalar", scope)
    kind = ctx.pick(["float", "float", "index", "index_round"])
    if kind == "float":
        value = E(ctx.pick(["float(np.sum(_0 ** 2))", "float(_0[_1])", "float(np.dot(_0, _0)) + float(_2)"]),
                  v, ctx.rng.randrange(n), expr(ctx, scope, (), 1))
        scope.define(target, ())
        return pre + [ast.Assign(targets=[ast.Name(id=target, ctx=ast.Store())], value=value)], False
    k = ctx.fresh("int", scope)
    form = "int(abs(_1) * 3.0) % _2" if kind == "index" else "int(round(2.0 * abs(_1))) % _2"
    stmts = S(f"_0 = {form}\n_3 = _4[_0] * _5", k, expr(ctx, scope, (), 1), n, target, v, expr(ctx, scope, (), 1))
    scope.define(target, ())
    ctx.use("nondiff")
    return pre + stmts, False

