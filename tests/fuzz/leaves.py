"""Leaf productions: variables, constants, elements, rows, columns and slices.

Every index is valid for the axis it indexes: ``index(ctx, scope, L)`` returns
an integer expression whose value lies in ``[-L, L)`` for every input (a
constant, a loop index whose range fits, ``i + 1`` when it still fits, ``i - 1``
which wraps to ``-1`` like periodic code does, ``len(v) - 1``, ``np.argmax``).
"""
from .productions import production
from .tmpl import E, const, name

__all__ = ["index", "var_of", "slices_to"]


def index(ctx, scope, length):
    """An integer expression valid as an index into an axis of ``length``."""
    options = [(3, ("const", c)) for c in {0, 1, length - 1, -1} if -length <= c < length]
    for iv in scope.ints.values():
        if iv.ub is not None and iv.ub <= length:
            options.append((6, ("name", iv.name)))
            if iv.ub + 1 <= length:
                options.append((2, ("plus", iv.name)))
            options.append((1, ("minus", iv.name)))
            options.append((1, ("flip", iv.name)))
    vecs = [v for v in scope.vars.values() if v.shape == (length,)]
    if vecs and ctx.enabled("nondiff"):
        options.append((1, ("argmax", ctx.pick(vecs).name)))
        options.append((1, ("last", ctx.pick(vecs).name)))
    kind, value = ctx.weighted(options)
    if kind == "const":
        return const(value)
    if kind == "name":
        return name(value)
    if kind == "plus":
        return E("_0 + 1", value)
    if kind == "minus":
        return E("_0 - 1", value)
    if kind == "flip":
        return E("_1 - 1 - _0", value, length)
    ctx.use("nondiff")
    if kind == "argmax":
        ctx.rules.add("np.argmax")
        return E(ctx.pick(["np.argmax(_0)", "np.argmin(_0)"]), value)
    return E("len(_0) - 1", value)


def var_of(ctx, scope, shape, also_globals=True):
    """A name of ``shape`` (locals weighted by recency, globals less often), or None."""
    items = [(v.weight * (3.0 if v.name in scope.loop_vars else 1.0), v.name) for v in scope.with_shape(shape)]
    if also_globals and ctx.enabled("globals"):
        items += [(0.6, g.name) for g in ctx.globals.with_shape(shape)]
    chosen = ctx.weighted(items)
    if chosen is not None and chosen in ctx.globals.vars:
        ctx.use("globals")
    return None if chosen is None else name(chosen)


@production("var", "arith", 10, leaf=True)
def leaf_var(ctx, scope, shape, depth):
    return var_of(ctx, scope, shape)


@production("const", "arith", 2, leaf=True)
def leaf_const(ctx, scope, shape, depth):
    if shape != ():
        return None
    return const(ctx.pick([0.5, 1.5, 2.0, 0.1, 0.25, 3.0, 0.3, -1.0, 1e-3, 0.75, 10.0]))


@production("element", "views", 4, leaf=True)
def leaf_element(ctx, scope, shape, depth):
    """x[i], A[i, j], A[i][j] (a scalar) or A[i], A[:, j] (a row or a column)."""
    sources = [v for v in list(scope.vars.values()) + list(ctx.globals.vars.values())
               if len(v.shape) == len(shape) + 1 and _fits(v.shape, shape)]
    if not sources:
        return None
    src = ctx.pick(sources)
    if src.name in ctx.globals.vars:
        ctx.use("globals")
    if len(src.shape) == 1:
        return E("_0[_1]", src.name, index(ctx, scope, src.shape[0]))
    r, c = src.shape
    if shape == ():
        return None
    if shape == (c,) and (shape != (r,) or ctx.chance(0.5)):
        return E(ctx.pick(["_0[_1]", "_0[_1, :]"]), src.name, index(ctx, scope, r))
    return E("_0[:, _1]", src.name, index(ctx, scope, c))


@production("element2", "views", 2, leaf=True)
def leaf_element2(ctx, scope, shape, depth):
    if shape != ():
        return None
    mats = [v for v in list(scope.vars.values()) + list(ctx.globals.vars.values()) if len(v.shape) == 2]
    if not mats:
        return None
    src = ctx.pick(mats)
    i, j = index(ctx, scope, src.shape[0]), index(ctx, scope, src.shape[1])
    return E(ctx.pick(["_0[_1, _2]", "_0[_1, _2]", "_0[_1][_2]"]), src.name, i, j)


def _fits(big, small):
    return (len(big) == 2 and small in ((big[1],), (big[0],))) or (len(big) == 1 and small == ())


def slices_to(length, target):
    """Slice templates that cut ``length`` elements down to ``target``."""
    out = []
    k = length - target
    if k == 1:
        out += ["_0[1:]", "_0[:-1]"]
    if k == 2:
        out += ["_0[1:-1]", "_0[2:]", "_0[:-2]"]
    if 0 < k:
        out += [f"_0[:{target}]", f"_0[{k}:]"]
    if (length + 1) // 2 == target and length > 2:
        out += ["_0[::2]"]
    if k == 0:
        out += ["_0[::-1]", "_0[:]"]
    return out


@production("slice", "views", 3, leaf=True)
def leaf_slice(ctx, scope, shape, depth):
    if len(shape) == 1:
        vecs = [v for v in scope.vars.values() if len(v.shape) == 1 and slices_to(v.shape[0], shape[0])]
        if not vecs:
            return None
        src = ctx.pick(vecs)
        return E(ctx.pick(slices_to(src.shape[0], shape[0])), src.name)
    if len(shape) == 2:
        mats = [v for v in scope.vars.values() if len(v.shape) == 2 and v.shape[1] == shape[1]
                and slices_to(v.shape[0], shape[0])]
        if mats:
            src = ctx.pick(mats)
            return E(ctx.pick(slices_to(src.shape[0], shape[0])), src.name)
        mats = [v for v in scope.vars.values() if len(v.shape) == 2 and v.shape[0] == shape[0]
                and v.shape[1] > shape[1]]
        if mats:
            src = ctx.pick(mats)
            return E(ctx.pick([f"_0[:, :{shape[1]}]", f"_0[:, {src.shape[1] - shape[1]}:]"]), src.name)
    return None


@production("transposed", "views", 1, leaf=True)
def leaf_transposed(ctx, scope, shape, depth):
    if len(shape) != 2:
        return None
    flipped = var_of(ctx, scope, (shape[1], shape[0]))
    if flipped is None:
        return None
    return E(ctx.pick(["_0.T", "_0.T", "np.transpose(_0)"]), flipped)


@production("list_item", "lists", 3, leaf=True)
def leaf_list_item(ctx, scope, shape, depth):
    lists = [lst for lst in scope.lists.values() if lst.shape == shape and lst.length > 0]
    if not lists:
        return None
    lst = ctx.pick(lists)
    return E("_0[_1]", lst.name, index(ctx, scope, lst.length))


@production("column", "broadcast", 1, leaf=True)
def leaf_column(ctx, scope, shape, depth):
    """(k, 1) and (1, k) shapes from vectors: v[:, None], v.reshape(-1, 1), v[None, :]."""
    if len(shape) != 2 or 1 not in shape:
        return None
    k = shape[0] if shape[1] == 1 else shape[1]
    vec = var_of(ctx, scope, (k,))
    if vec is None:
        return None
    if shape[1] == 1:
        return E(ctx.pick(["_0[:, None]", "_0.reshape(-1, 1)", "_0[:, np.newaxis]"]), vec)
    return E(ctx.pick(["_0[None, :]", "_0.reshape(1, -1)"]), vec)
