"""In-place constructs: arrays the function allocates and fills (``y = np.zeros(n);
y[i] = ...``, recurrences ``y[i] = a * y[i - 1] + ...``), copies written into
(``B = A.copy(); B[0] = 0.0``), writes through views (``row = B[i]; row *= 2``,
``for row in B: row /= ...``) and aliases (``z = y; z[0] = ...``).

Invariant: every write targets a name whose ``Var.writable`` is true, i.e. an
array this function allocated (or a view of one); ``np.empty`` is only used
when the following loop writes every element before anything reads it.
"""
import ast

from .leaves import index
from .productions import adapt, expr
from .scope import Int
from .stmts import construct
from .tmpl import E, S, name

__all__ = []


def _loop_scope(scope, *ints):
    sub = scope.copy()
    sub.in_loop = True
    for ident, ub in ints:
        sub.ints[ident] = Int(ident, ub)
    sub.loop_vars = frozenset(sub.loop_vars | {ident for ident, _ in ints})
    return sub


def _count(ctx, scope, length):
    """A loop bound equal to ``length``: a constant, len(v) or A.shape[k] of a live array."""
    options = [(2, E(str(length)))]
    for v in scope.vars.values():
        if v.shape and v.shape[0] == length:
            options.append((2, E(ctx.pick(["len(_0)", "_0.shape[0]"]), v.name)))
        if len(v.shape) == 2 and v.shape[1] == length:
            options.append((1, E("_0.shape[1]", v.name)))
    return ctx.weighted(options)


def _alloc(ctx, scope, shape, full_fill):
    forms = ["np.zeros(_0)", "np.zeros(_0)", "np.ones(_0)"] + (["np.empty(_0)"] if full_fill else [])
    like = [v for v in scope.vars.values() if v.shape == shape]
    if like:
        forms.append("np.zeros_like(_1)")
        forms.append("np.zeros(_1.shape)")
    form = ctx.pick(forms)
    size = E(str(shape[0])) if len(shape) == 1 else ast.Tuple(elts=[E(str(k)) for k in shape], ctx=ast.Load())
    if len(shape) == 1 and ctx.chance(0.4):
        size = _count(ctx, scope, shape[0])
    return E(form, size, ctx.pick(like).name if like else None)


@construct("inplace", 5, 2)
def alloc_fill(ctx, scope, depth, out):
    """y = np.zeros(n) and a loop (or a slice) that writes into it."""
    shape = ctx.pick([(ctx.n,), (ctx.m,), (ctx.m, ctx.n), (ctx.n,)])
    y = ctx.fresh("vector" if len(shape) == 1 else "matrix", scope)
    i, j = ctx.fresh("int", scope), None
    form = ctx.pick(["set", "add", "recur", "slice"] if len(shape) == 1 else ["cell", "row", "col"])
    alloc = _alloc(ctx, scope, shape, full_fill=form in ("set", "cell", "row"))
    stmts = [ast.Assign(targets=[name(y, True)], value=alloc)]
    if form == "slice":
        k = shape[0] - 1
        sub = scope.copy()
        value = expr(ctx, sub, (k,), 2)
        stmts += S(ctx.pick(["_0[1:] = _1", "_0[:-1] = _1", "_0[1:] += _1"]), y, value)
        scope.define(y, shape, True)
        return stmts, False
    body_scope = _loop_scope(scope, (i, shape[0]))
    if form in ("set", "add"):
        value = expr(ctx, body_scope, (), ctx.pick([1, 2, 3]))
        loop = S(f"for _0 in range(_1):\n    _2[_0] {'=' if form == 'set' else '+='} _3",
                 i, _count(ctx, scope, shape[0]), y, value)
    elif form == "recur":
        body_scope.define(y, shape, True)
        start = S("_0[0] = _1", y, expr(ctx, scope, (), 1))
        a = adapt(ctx, body_scope, "unit", (), 1)
        value = expr(ctx, body_scope, (), ctx.pick([1, 2]))
        loop = start + S("for _0 in range(1, _1):\n    _2[_0] = _3 * _2[_0 - 1] + _4",
                         i, _count(ctx, scope, shape[0]), y, a, value)
    elif form == "cell":
        j = ctx.fresh("int", body_scope)
        inner = _loop_scope(body_scope, (j, shape[1]))
        value = expr(ctx, inner, (), ctx.pick([1, 2]))
        loop = S("for _0 in range(_2):\n    for _1 in range(_3):\n        _4[_0, _1] = _5",
                 i, j, shape[0], shape[1], y, value)
    elif form == "row":
        value = expr(ctx, body_scope, (shape[1],), 2)
        loop = S("for _0 in range(_1):\n    _2[_0] = _3", i, _count(ctx, scope, shape[0]), y, value)
    else:
        body_scope = _loop_scope(scope, (i, shape[1]))
        value = expr(ctx, body_scope, (shape[0],), 2)
        loop = S("for _0 in range(_1):\n    _2[:, _0] = _3", i, shape[1], y, value)
    ctx.use("for")
    scope.define(y, shape, True)
    return stmts + loop, False


@construct("inplace", 4, 2)
def copy_write(ctx, scope, depth, out):
    """B = A.copy() then element, row, column or slice writes (a boundary condition, a scaling)."""
    arrays = [v for v in scope.vars.values() if v.shape] + list(ctx.globals.vars.values())
    arrays = [v for v in arrays if v.shape]
    if not arrays:
        return [], False
    src = ctx.pick(arrays)
    shape = src.shape
    b = ctx.fresh("vector" if len(shape) == 1 else "matrix", scope)
    copy = E(ctx.pick(["_0.copy()", "np.copy(_0)", "np.array(_0)", "_0.copy()", "_0 * 1.0"]), src.name)
    stmts = [ast.Assign(targets=[name(b, True)], value=copy)]
    scope.define(b, shape, True)
    for _ in range(ctx.pick([1, 1, 2])):
        stmts += _write(ctx, scope, b, shape)
    return stmts, False


def _write(ctx, scope, target, shape):
    """One write into ``target`` (writable, of ``shape``)."""
    op = ctx.pick(["=", "=", "+=", "*=", "-="])
    if len(shape) == 1:
        form = ctx.pick(["elem", "elem", "slice", "bc"])
        if form == "bc":
            return S(ctx.pick(["_0[0] = 0.0", "_0[-1] = _0[-2]", "_0[0] = _0[1]"]), target)
        if form == "slice":
            return S(f"_0[1:] {op} _1", target, expr(ctx, scope, (shape[0] - 1,), 2))
        return S(f"_0[_1] {op} _2", target, index(ctx, scope, shape[0]), expr(ctx, scope, (), 2))
    r, c = shape
    form = ctx.pick(["cell", "row", "col", "rows"])
    if form == "cell":
        return S(f"_0[_1, _2] {op} _3", target, index(ctx, scope, r), index(ctx, scope, c), expr(ctx, scope, (), 2))
    if form == "row":
        return S(f"_0[_1] {op} _2", target, index(ctx, scope, r), expr(ctx, scope, (c,), 2))
    if form == "col":
        return S(f"_0[:, _1] {op} _2", target, index(ctx, scope, c), expr(ctx, scope, (r,), 2))
    return S(f"_0[1:] {op} _1", target, expr(ctx, scope, (r - 1, c), 1))


@construct("views", 4, 2)
def view_write(ctx, scope, depth, out):
    """Writes through a view: row = B[i]; row *= ... ; for row in B: row /= ... ; tail = y[1:]; tail += ..."""
    owned = [v for v in scope.vars.values() if v.writable and v.shape and v.name not in scope.loop_vars]
    if not owned:
        return [], False
    base = ctx.pick(owned)
    if len(base.shape) == 2 and ctx.chance(0.4):
        row = ctx.fresh("vector", scope)
        sub = _loop_scope(scope)
        sub.define(row, (base.shape[1],), True)
        sub.loop_vars = frozenset(sub.loop_vars | {row})
        form = ctx.pick(["_0 /= np.linalg.norm(_0) + 1.0", "_0 -= np.mean(_0)", "_0 *= _2", "_0 += _2",
                         "_0[0] = _2"])
        scalar = adapt(ctx, sub, "pos", (), 1)
        ctx.use("for")
        return S(f"for _0 in _1:\n    {form}", row, base.name, scalar), False
    if len(base.shape) == 2:
        kind, shape, view = ctx.pick([("row", (base.shape[1],), "_0[_1]"), ("col", (base.shape[0],), "_0[:, _2]")])
        view_node = E(view, base.name, index(ctx, scope, base.shape[0]), index(ctx, scope, base.shape[1]))
    else:
        if base.shape[0] < 2:   # its `[1:]` would be empty: no index to write at (stop 54's forms make such vectors)
            return [], False
        shape = (base.shape[0] - 1,)
        view_node = E(ctx.pick(["_0[1:]", "_0[:-1]"]), base.name)
    v = ctx.fresh("vector", scope)
    stmts = [ast.Assign(targets=[name(v, True)], value=view_node)]
    scope.define(v, shape, True)
    stmts += _write(ctx, scope, v, shape) if ctx.chance(0.5) else \
        S(ctx.pick(["_0 *= _1", "_0 += _1", "_0 /= 1.0 + _1 ** 2"]), v, expr(ctx, scope, (), 2))
    return stmts, False


@construct("views", 2, 1)
def view_read(ctx, scope, depth, out):
    """A name for a slice, row, column or transpose that is only read (x1 = x[1:], At = A.T)."""
    arrays = [v for v in scope.vars.values() if v.shape]
    if not arrays:
        return [], False
    src = ctx.pick(arrays)
    if len(src.shape) == 1:
        if src.shape[0] < 3:
            return [], False
        form, shape = ctx.pick([("_0[1:]", (src.shape[0] - 1,)), ("_0[:-1]", (src.shape[0] - 1,)),
                                ("_0[::-1]", src.shape)])
        target = ctx.fresh("vector", scope)
    else:
        r, c = src.shape
        form, shape = ctx.pick([("_0[_1]", (c,)), ("_0[:, _2]", (r,)), ("_0.T", (c, r))])
        target = ctx.fresh("vector" if len(shape) == 1 else "matrix", scope)
    node = E(form, src.name, index(ctx, scope, src.shape[0]), index(ctx, scope, src.shape[-1]))
    scope.define(target, shape, src.writable)
    return [ast.Assign(targets=[name(target, True)], value=node)], False


@construct("views", 1, 1)
def alias(ctx, scope, depth, out):
    """z = y (the same array under two names), then a write through z."""
    owned = [v for v in scope.vars.values() if v.writable and v.shape and v.name not in scope.loop_vars]
    if not owned:
        return [], False
    base = ctx.pick(owned)
    z = ctx.fresh("vector" if len(base.shape) == 1 else "matrix", scope)
    scope.define(z, base.shape, True)
    return [ast.Assign(targets=[name(z, True)], value=name(base.name))] + _write(ctx, scope, z, base.shape), False
