"""Array rules applied to numbers, and writes through what they return (added by kinds18).

NumPy answers a call on a number with a number (ufuncs, reductions, ``np.flip``), with a 0-d
*array* (``np.roll``, ``np.where``, ``np.asarray``, ``np.copy``), or with either by the argument's
type (``np.reshape``/``np.squeeze``/``np.transpose`` of a float are new 0-d arrays, of an
``np.float64`` the number itself). The generator drew none of these on numbers before
(``where`` only on arrays), and no program wrote through a 0-d array:

* ``number_rule`` (expression, shape ``()``): one of ``FORMS`` on scalar operands;
* ``zero_d_alias`` (statement): ``u = <form>; w = u; w += e`` (``w`` then shares a 0-d ``u``:
  NumPy changes both) followed by a use of both, and ``w = np.copy(s); w *= e`` (a 0-d copy
  updated in place). s2sad must follow the write or refuse it, located.
"""
import ast

from .productions import expr, production
from .scope import Lst
from .stmts import construct, is_fresh
from .tmpl import E, S

__all__ = ["FORMS"]

# rule path -> templates on scalar operands _0, _1 (the path is what the summary counts)
FORMS = {
    "np.roll": ["np.roll(_0, 1)", "np.roll(_0, -2) * _1"],
    "np.where": ["np.where(_0 > 0.2, _0, 0.5 * _0)", "np.where(_1 > _0, _0, _1)", "np.where(_0 > 0.0, _0, 0.0) + _1"],
    "np.clip": ["np.clip(_0, -0.8, 0.9)", "np.clip(_0, _1 - 1.0, _1 + 1.0)"],
    "np.asarray": ["np.asarray(_0)", "np.asarray(_0).item() * _1"],
    "np.reshape": ["np.reshape(_0, ())", "np.reshape(_0, (1,))[0]"],
    "np.squeeze": ["np.squeeze(_0)"],
    "np.transpose": ["np.transpose(_0) + _1"],
    "np.copy": ["np.copy(_0)"],
    "np.ravel": ["np.ravel(_0)[0]"],
    "np.atleast_1d": ["np.atleast_1d(_0)[0] * _1"],
    "np.sum": ["np.sum(_0)", "np.sum(_0 * _1)"],
    "np.mean": ["np.mean(_0)"],
    "np.dot": ["np.dot(_0, _1)"],
    "np.prod": ["np.prod(_0)"],
    "np.max": ["np.max(_0)", "np.min(_0) + _1"],
    "np.median": ["np.median(_0)"],
    "np.float64": ["np.float64(_0)"],
    "np.flip": ["np.flip(_0)"],
    "np.cumsum": ["np.cumsum(_0)[0]"],
    "np.array": ["np.array(_0)[()]", "np.array(_0) * _1"],
    "max": ["max(_0, _1)", "min(np.asarray(_0), _1)"],
    "np.linalg.norm": ["np.linalg.norm(_0) + _1"],
    "np.maximum": ["np.maximum(np.asarray(_0), _1)"],
}
# forms whose value is a 0-d array for a float operand (what `w = u; w += e` writes through)
ZERO_D = ["np.roll(_0, 1)", "np.where(_0 > 0.2, _0, 0.5 * _0)", "np.asarray(_0)", "np.copy(_0)",
          "np.array(_0)", "np.reshape(_0, ())", "np.squeeze(_0)", "np.transpose(_0)", "np.flip(_0)",
          "np.clip(_0, -0.8, 0.9)", "np.atleast_1d(_0)[0]", "np.where(_0 > 0.0, _0, _1)"]


@production("number_rule", "calls", 3)
def number_rule(ctx, scope, shape, depth):
    if shape != ():
        return None
    path = ctx.pick(sorted(FORMS))
    ctx.rules.add(path)
    a = expr(ctx, scope, (), max(depth - 1, 0))
    b = expr(ctx, scope, (), max(depth - 1, 0))
    return E(ctx.pick(FORMS[path]), a, b)


@construct("inplace", 2, 1)
def zero_d_alias(ctx, scope, depth, out):
    """``u = <form>; w = u; w op= e`` then ``u`` and ``w`` both in scope; or a 0-d copy updated."""
    a = expr(ctx, scope, (), ctx.pick([0, 1, 2]))
    b = expr(ctx, scope, (), ctx.pick([0, 1]))
    e = expr(ctx, scope, (), ctx.pick([0, 1]))
    u, w = ctx.fresh("scalar", scope), None
    scope.define(u, ())
    w = ctx.fresh("scalar", scope)
    op = ctx.pick(["+=", "-=", "*="])
    if ctx.chance(0.7):
        form = ctx.pick(ZERO_D)
        stmts = [ast.Assign(targets=[ast.Name(id=u, ctx=ast.Store())], value=E(form, a, b))]
        stmts += S(f"_0 = _1\n_0 {op} _2", w, u, e)
    else:
        stmts = [ast.Assign(targets=[ast.Name(id=u, ctx=ast.Store())], value=E("_0 * 1.0", a))]
        stmts += S(f"_0 = np.copy(_1)\n_0 {op} _2", w, u, e)
    scope.define(w, ())
    ctx.use("views")
    return stmts, False


@construct("lists", 2, 0)
def list_copy(ctx, scope, depth, out):
    """``ys = list(xs)`` of a list of known length (kinds18: ``list(name)`` of a name proven a
    list), then an element rebound (``ys[k] = ys[k] * e``: ``xs`` keeps its item) or, for
    arrays, updated in place (``ys[k] += e``: the item is the same array in both lists, so
    ``xs[k]`` changes too), and both lists read later."""
    if depth >= 2:
        return [], False
    lists = [lst for lst in scope.lists.values() if lst.length >= 2 and lst.name not in scope.loop_vars]
    pre = []
    if not lists:     # a list display of its own: xs = [a, b(, c)]
        shape, count = ctx.pick([(), (ctx.n,), (ctx.m,)]), ctx.pick([2, 3])
        xs = ctx.fresh("list", scope)
        items = ast.List(elts=[expr(ctx, scope, shape, 1) for _ in range(count)], ctx=ast.Load())
        pre = [ast.Assign(targets=[ast.Name(id=xs, ctx=ast.Store())], value=items)]
        lists = [scope.lists.setdefault(xs, Lst(xs, shape, count))]
    src = ctx.pick(lists)
    ys = ctx.fresh("list", scope)
    k = ctx.rng.randrange(src.length)
    e = expr(ctx, scope, src.shape, 1)
    # an item updated in place must be an array this function made (not a view of a global or a parameter)
    fresh = bool(pre) and src.name == pre[0].targets[0].id and is_fresh(pre[0].value.elts[k], scope)
    if src.shape != () and fresh and ctx.chance(0.5):
        stmts = S("_0 = list(_1)\n_0[_2] += _3", ys, src.name, k, e)
    else:
        stmts = S("_0 = list(_1)\n_0[_2] = _0[_2] * _3", ys, src.name, k, e)
    scope.lists[ys] = Lst(ys, src.shape, src.length)
    ctx.use("inplace")
    return pre + stmts, False
