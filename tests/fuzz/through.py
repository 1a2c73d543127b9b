"""Writes that reach an array through a second name the generator did not draw before (fuzz25):

* ``reshape_write``: a reshaped view of an array the function allocated, written into
  (``Y = y.reshape(1, n); Y[0, k] += e``, ``flat = B.reshape(-1); flat[1:] *= e``,
  ``col = y[:, None]; col[k, 0] = e``), the base read after;
* ``transpose_write``: ``Bt = B.T`` written into (``Bt[0] *= e`` scales B's first column);
* ``container_write``: an array reached through a list, tuple or dict that holds it
  (``pair = [y, B]; pair[0][k] = e``, ``d = {"w": y}; d["w"][1:] += e``,
  ``for arr in (y, z): arr *= e``), the array read after under its own name;
* ``grow``: an array grown in a counted loop (``acc = np.append(acc, e)``,
  ``acc = np.concatenate((acc, [e]))``, ``np.hstack``), its final length known;
* ``out_write``: NumPy functions writing into such an array (``np.multiply(a, b, out=y)``,
  ``out=y[1:]``, ``np.copyto``, ``np.fill_diagonal``, ``np.clip(..., out=y)``).

Invariant: every array written is ``Var.writable`` (the function allocated it, or it is a
view of one), so the caller's and the module's arrays are never written; a view's shape is
the shape NumPy gives it.
"""
import ast

from .inplace import _loop_scope
from .leaves import index
from .productions import expr
from .stmts import construct
from .tmpl import E, S, name

__all__ = []

_OPS = ["=", "+=", "*=", "-="]


def _owned(scope, rank=None):
    return [v for v in scope.vars.values() if v.writable and v.shape and v.name not in scope.loop_vars
            and (rank is None or len(v.shape) == rank)]


def _kind(shape):
    return "scalar" if shape == () else "vector" if len(shape) == 1 else "matrix"


@construct("through", 2, 1)
def reshape_write(ctx, scope, depth, out):
    owned = _owned(scope)
    if not owned:
        return [], False
    base = ctx.pick(owned)
    op = ctx.pick(_OPS)
    if len(base.shape) == 1:
        n = base.shape[0]
        form, shape = ctx.pick([("_0.reshape(1, -1)", (1, n)), ("_0.reshape(_1, 1)", (n, 1)), ("_0[None, :]", (1, n)),
                                ("_0[:, None]", (n, 1)), ("np.reshape(_0, (1, _1))", (1, n))])
        view = ctx.fresh("matrix", scope)
        k = index(ctx, scope, n)
        write = "_0[0, _1] {op} _2" if shape[0] == 1 else "_0[_1, 0] {op} _2"
        stmts = [ast.Assign(targets=[name(view, True)], value=E(form, base.name, n))] + \
            S(write.format(op=op), view, k, expr(ctx, scope, (), 2))
    else:
        r, c = base.shape
        form = ctx.pick(["_0.reshape(-1)", "_0.ravel()", "np.ravel(_0)", "_0.reshape(_1)"])
        shape = (r * c,)
        view = ctx.fresh("vector", scope)
        write = ctx.pick([f"_0[_1] {op} _2", f"_0[1:] {op} _3", f"_0 {op} _4"])
        stmts = [ast.Assign(targets=[name(view, True)], value=E(form, base.name, r * c))] + \
            S(write, view, ctx.rng.randrange(r * c), expr(ctx, scope, (), 2),
              expr(ctx, scope, (r * c - 1,), 1), expr(ctx, scope, (), 1))
    scope.define(view, shape, True)
    return stmts, False


@construct("through", 1, 1)
def transpose_write(ctx, scope, depth, out):
    owned = _owned(scope, 2)
    if not owned:
        return [], False
    base = ctx.pick(owned)
    r, c = base.shape
    bt = ctx.fresh("matrix", scope)
    op = ctx.pick(_OPS)
    form = ctx.pick([f"_0[_1] {op} _2", f"_0[:, _3] {op} _4", f"_0[_1, _3] {op} _5"])
    src = ctx.pick(["_0.T", "np.transpose(_0)", "_0.transpose()"])
    stmts = [ast.Assign(targets=[name(bt, True)], value=E(src, base.name))]
    stmts += S(form, bt, index(ctx, scope, c), expr(ctx, scope, (r,), 2), index(ctx, scope, r),
               expr(ctx, scope, (c,), 2), expr(ctx, scope, (), 2))
    scope.define(bt, (c, r), True)
    return stmts, False


@construct("through", 2, 0)
def container_write(ctx, scope, depth, out):
    if depth >= 2:
        return [], False
    owned = _owned(scope)
    if not owned:
        return [], False
    held = ctx.rng.sample(owned, min(len(owned), ctx.pick([1, 2, 2])))
    others = [v for v in scope.vars.values() if v not in held and v.name not in scope.loop_vars]
    items = [v.name for v in held] + ([ctx.pick(others).name] if others and ctx.chance(0.4) else [])
    ctx.rng.shuffle(items)
    kind = ctx.pick(["list", "tuple", "dict", "loop"])
    box = ctx.fresh("list", scope)
    target = ctx.pick(held)
    pos = items.index(target.name)
    keys = [f"k{j}" for j in range(len(items))]
    if kind == "dict":
        display = ast.Dict(keys=[ast.Constant(k) for k in keys], values=[name(i) for i in items])
        ref = E("_0[_1]", box, ast.Constant(keys[pos]))
    else:
        display = (ast.List if kind == "list" else ast.Tuple)(elts=[name(i) for i in items], ctx=ast.Load())
        ref = E("_0[_1]", box, pos)
    stmts = [ast.Assign(targets=[name(box, True)], value=display)]
    if kind == "loop":
        arr = ctx.fresh("vector", scope)
        shared = [i for i in items if scope.vars[i].writable]      # every item the loop writes is owned
        loop_items = ast.Tuple(elts=[name(i) for i in shared], ctx=ast.Load())
        op = ctx.pick(["*=", "+=", "-="])
        stmts = S(f"for _0 in _1:\n    _0 {op} _2", arr, loop_items, expr(ctx, scope, (), 1))
        ctx.use("for")
        return stmts, False
    op = ctx.pick(_OPS)
    shape = target.shape
    if len(shape) == 1:
        form = ctx.pick([f"_0[_1] {op} _2", f"_0[1:] {op} _3"])
        stmts += S(form, ref, index(ctx, scope, shape[0]), expr(ctx, scope, (), 2), expr(ctx, scope, (shape[0] - 1,), 1))
    else:
        form = ctx.pick([f"_0[_1] {op} _2", f"_0[_1, _3] {op} _4"])
        stmts += S(form, ref, index(ctx, scope, shape[0]), expr(ctx, scope, (shape[1],), 2),
                   index(ctx, scope, shape[1]), expr(ctx, scope, (), 2))
    ctx.use("containers")
    return stmts, False


@construct("through", 2, 0)
def grow(ctx, scope, depth, out):
    if depth >= 2:
        return [], False
    acc, i = ctx.fresh("vector", scope), ctx.fresh("int", scope)
    count = ctx.pick([2, 3, 4])
    sub = _loop_scope(scope, (i, count))
    piece_len = ctx.pick([1, 1, 2])
    if piece_len == 1:
        piece = expr(ctx, sub, (), 2)
        step = ctx.pick(["np.append(_0, _1)", "np.concatenate((_0, [_1]))", "np.concatenate([_0, np.array([_1])])",
                         "np.hstack([_0, _1])", "np.append(_0, [_1])"])
    else:
        piece = expr(ctx, sub, (2,), 2)
        step = ctx.pick(["np.append(_0, _1)", "np.concatenate((_0, _1))", "np.hstack((_0, _1))"])
    start = ctx.pick(["np.zeros(0)", "np.array([])", "np.empty(0)", "np.array([], dtype=float)"])
    stmts = S(f"_0 = {start}\nfor _1 in range(_2):\n    _0 = {step.replace('_1', '_3')}", acc, i, count, piece)
    ctx.use("for")
    scope.define(acc, (count * piece_len,), True)
    return stmts, False


_UNARY_OUT = ["np.tanh", "np.sin", "np.cos", "np.negative", "np.square"]
_BINARY_OUT = ["np.add", "np.multiply", "np.subtract"]


@construct("through", 2, 1)
def out_write(ctx, scope, depth, out):
    """NumPy functions writing into an array the function allocated: ``np.multiply(a, b, out=y)``,
    ``np.tanh(y, out=y)``, ``out=y[1:]``, ``np.copyto(y, e)``, ``np.fill_diagonal(S, v)``,
    ``np.clip(y, lo, hi, out=y)``."""
    owned = _owned(scope)
    if not owned:
        return [], False
    base = ctx.pick(owned)
    shape = base.shape
    kind = ctx.pick(["unary", "binary", "binary", "slice", "copyto", "diag", "clip"])
    if kind == "diag":
        squares = [v for v in owned if len(v.shape) == 2 and v.shape[0] == v.shape[1]]
        if not squares:
            return [], False
        base = ctx.pick(squares)
        return S(ctx.pick(["np.fill_diagonal(_0, _1)", "np.fill_diagonal(_0, _2)"]), base.name,
                 expr(ctx, scope, (base.shape[0],), 2), expr(ctx, scope, (), 1)), False
    if kind == "slice" and len(shape) == 1 and shape[0] > 1:
        fn = ctx.pick(_BINARY_OUT)
        return S(f"{fn}(_0[1:], _1, out=_0[1:])", base.name, expr(ctx, scope, (shape[0] - 1,), 2)), False
    if kind == "unary":
        src = base.name if ctx.chance(0.6) else expr(ctx, scope, shape, 2)
        return S(f"{ctx.pick(_UNARY_OUT)}(_0, out=_1)", src, base.name), False
    if kind == "copyto":
        return S("np.copyto(_0, _1)", base.name, expr(ctx, scope, shape, 2)), False
    if kind == "clip":
        return S("np.clip(_0, -0.8, 0.9, out=_0)", base.name), False
    other = expr(ctx, scope, ctx.pick([shape, ()]), 2)
    first = base.name if ctx.chance(0.7) else expr(ctx, scope, shape, 1)
    return S(f"{ctx.pick(_BINARY_OUT)}(_0, _1, out=_2)", first, other, base.name), False
