"""Productions for NumPy's array-building functions, written the way users write them:
joins (``np.concatenate([a, b])``, ``np.vstack``, ``np.column_stack``, ``np.dstack``),
diagonals and triangles (``np.diag(v)``, ``np.diag(M)``, a tridiagonal
``np.diag(a) + np.diag(b, 1) + np.diag(b, -1)``, ``np.tril``, ``np.triu``,
``np.fliplr``), differences (``np.diff(x)``, ``np.diff(M, axis=0)``), padding
(``np.pad(x, 1)``, ``np.pad(x, (1, 0), constant_values=s)``), tiling
(``np.tile(v, (r, 1))``), interpolation on a sorted grid (``np.interp(t, xp, fp)``),
``np.einsum`` with the common subscripts and ``np.linalg.slogdet(M)[1]``.

Invariant: every operand shape is chosen so the call is valid and its result has
exactly the requested shape (pieces of a join add up, a padded or differenced
operand is longer or shorter by the right amount); ``np.interp``'s grid is
strictly increasing (a constant ``np.linspace`` or a ``np.cumsum`` of positive
steps), so the function is piecewise linear with kinks only at the knots, which
the tracer observes; ``slogdet`` sees only well-conditioned matrices.
"""
from .productions import adapt, expr, production
from .structured import well_conditioned
from .tmpl import E

__all__ = []


def _lengths_near(ctx, scope, total):
    """A split ``p`` of ``total`` into ``p + (total - p)``, both >= 1, preferring live lengths."""
    live = {v.shape[0] for v in scope.vars.values() if len(v.shape) == 1}
    options = [(3 if p in live or total - p in live else 1, p) for p in range(1, total)]
    return ctx.weighted(options)


def _seq(ctx, items):
    """A list or tuple literal of ``items`` (users write both)."""
    return E(ctx.pick(["[_0, _1]", "[_0, _1]", "(_0, _1)"]), *items)


@production("join", "shapes", 2)
def join(ctx, scope, shape, depth):
    """concatenate / hstack of vectors; vstack, concatenate(axis=...), column_stack, dstack of matrices."""
    sub = max(depth - 1, 0)
    if len(shape) == 1 and shape[0] >= 2:
        k = shape[0]
        p = _lengths_near(ctx, scope, k)
        pieces = _seq(ctx, [expr(ctx, scope, (p,), sub), expr(ctx, scope, (k - p,), sub)])
        form = ctx.pick(["np.concatenate(_0)", "np.concatenate(_0)", "np.concatenate(_0, axis=0)",
                         "np.hstack(_0)"])
        ctx.rules.add(form.split("(")[0])
        return E(form, pieces)
    if len(shape) != 2:
        return None
    r, c = shape
    forms = []
    if r >= 2:
        forms += ["vstack", "rows"]
    if c >= 2:
        forms += ["cols", "column_stack"]
    if r == 1 and c >= 2:
        forms.append("vstack_vec")
    if c == 2:
        forms.append("dstack_vec")
    forms.append("dstack")
    kind = ctx.pick(forms)
    if kind in ("vstack", "rows"):
        p = ctx.pick(range(1, r))
        vec = kind == "vstack" and p == 1 and ctx.chance(0.5)     # np.vstack([v, M]): a row on top
        a = expr(ctx, scope, (c,) if vec else (p, c), sub)
        b = expr(ctx, scope, (r - p, c), sub)
        ctx.rules.add("np.vstack" if kind == "vstack" else "np.concatenate")
        if kind == "vstack":
            return E("np.vstack(_0)", _seq(ctx, [a, b]))
        return E("np.concatenate(_0, axis=0)", _seq(ctx, [a, b]))
    if kind in ("cols", "column_stack"):
        p = ctx.pick(range(1, c))
        if kind == "column_stack" and p == 1:
            ctx.rules.add("np.column_stack")
            a = expr(ctx, scope, (r,), sub)
            b = expr(ctx, scope, (r, c - 1), sub) if c > 2 else expr(ctx, scope, (r,), sub)
            return E("np.column_stack(_0)", _seq(ctx, [a, b] if ctx.chance(0.5) else [b, a]))
        ctx.rules.add("np.concatenate")
        pieces = _seq(ctx, [expr(ctx, scope, (r, p), sub), expr(ctx, scope, (r, c - p), sub)])
        return E(ctx.pick(["np.concatenate(_0, axis=1)", "np.concatenate(_0, axis=-1)", "np.hstack(_0)"]), pieces)
    if kind == "vstack_vec":
        ctx.rules.add("np.vstack")
        return E("np.vstack([_0])", expr(ctx, scope, (c,), sub))
    ctx.rules.add("np.dstack")
    if kind == "dstack_vec":          # (1, r, 2)[0]: pairs of coordinates
        pieces = _seq(ctx, [expr(ctx, scope, (r,), sub), expr(ctx, scope, (r,), sub)])
        return E("np.dstack(_0)[0]", pieces)
    pieces = _seq(ctx, [expr(ctx, scope, shape, sub), expr(ctx, scope, shape, sub)])
    return E(ctx.pick(["np.sum(np.dstack(_0), axis=2)", "np.dstack(_0)[:, :, 1]", "np.mean(np.dstack(_0), axis=-1)"]),
             pieces)


@production("diag", "shapes", 1)
def diag(ctx, scope, shape, depth):
    """np.diag(v), np.diagflat(v) and tridiagonal matrices; np.diag(M), np.diagonal(M) and offsets."""
    sub = max(depth - 1, 0)
    if len(shape) == 2 and shape[0] == shape[1]:
        k = shape[0]
        ctx.rules.add("np.diag")
        if k >= 2 and ctx.chance(0.4):
            a, b = expr(ctx, scope, shape[:1], sub), expr(ctx, scope, (k - 1,), sub)
            if ctx.chance(0.5):
                return E("np.diag(_0) + np.diag(_1, 1) + np.diag(_1, -1)", a, b)
            return E(ctx.pick(["np.diag(_0) - np.diag(_1, k=1)", "np.diag(_1, -1) + np.diag(_0)"]), a, b)
        form = ctx.pick(["np.diag(_0)", "np.diagflat(_0)", "np.diag(_0) @ _1", "_1 + np.diag(_0)"])
        if "diagflat" in form:
            ctx.rules.add("np.diagflat")
        return E(form, expr(ctx, scope, shape[:1], sub), expr(ctx, scope, shape, sub))
    if len(shape) == 1:
        k = shape[0]
        form = ctx.pick(["np.diag(_0)", "np.diagonal(_0)", "np.diag(_1, 1)", "np.diagonal(_1, -1)",
                         "np.diag(_2)", "np.diagonal(_2, offset=0)"])
        ctx.rules.add(form.split("(")[0])
        other = ctx.pick([k + 1, k + 2])
        mats = {"_0": (k, k), "_1": (k + 1, k + 1), "_2": (k, other) if ctx.chance(0.5) else (other, k)}
        key = next(h for h in mats if h in form)
        args = [None] * 3
        args[int(key[1:])] = expr(ctx, scope, mats[key], sub)
        return E(form, *args)
    return None


@production("tri", "shapes", 1)
def tri(ctx, scope, shape, depth):
    """np.tril / np.triu (with offsets, a symmetrised triangle) and np.fliplr of matrices."""
    if len(shape) != 2:
        return None
    sub = max(depth - 1, 0)
    r, c = shape
    forms = ["np.tril(_0)", "np.triu(_0)", "np.triu(_0, 1)", "np.tril(_0, -1)", "np.tril(_0, k=1)", "np.fliplr(_0)"]
    if r == c:
        forms += ["np.triu(_0) + np.triu(_0, 1).T", "np.tril(_0) @ np.tril(_0).T"]
    form = ctx.pick(forms)
    ctx.rules.add(form.split("(")[0])
    return E(form, expr(ctx, scope, shape, sub))


@production("diff", "shapes", 1)
def diff(ctx, scope, shape, depth):
    """np.diff(x), np.diff(x, n=2), np.diff(M, axis=0), and the smoothness penalty sum(diff(x)**2)."""
    sub = max(depth - 1, 0)
    ctx.rules.add("np.diff")
    if shape == ():
        k = ctx.pick([ctx.n, ctx.m, ctx.n])
        return E(ctx.pick(["np.sum(np.diff(_0) ** 2)", "np.mean(np.diff(_0) ** 2)", "np.sum(np.diff(_0, n=2) ** 2)"]),
                 expr(ctx, scope, (k + 1,), sub))
    if len(shape) == 1:
        k = shape[0]
        if ctx.chance(0.7):
            return E(ctx.pick(["np.diff(_0)", "np.diff(_0)", "np.diff(_0) / 0.1"]), expr(ctx, scope, (k + 1,), sub))
        return E(ctx.pick(["np.diff(_0, n=2)", "np.diff(_0, 2)"]), expr(ctx, scope, (k + 2,), sub))
    r, c = shape
    if ctx.chance(0.5):
        return E(ctx.pick(["np.diff(_0, axis=0)", "np.diff(_0, 1, 0)"]), expr(ctx, scope, (r + 1, c), sub))
    return E(ctx.pick(["np.diff(_0)", "np.diff(_0, axis=1)", "np.diff(_0, axis=-1)"]), expr(ctx, scope, (r, c + 1), sub))


@production("pad", "shapes", 1)
def pad(ctx, scope, shape, depth):
    """np.pad with constant zeros (or a constant value) around vectors and matrices."""
    sub = max(depth - 1, 0)
    ctx.rules.add("np.pad")
    if len(shape) == 1:
        k = shape[0]
        if k < 2:
            return None
        forms = [("np.pad(_0, (1, 0))", 1), ("np.pad(_0, (0, 1))", 1), ("np.pad(_0, (0, 1), mode='constant')", 1),
                 ("np.pad(_0, (1, 0), constant_values=_1)", 1)]
        if k >= 3:
            forms += [("np.pad(_0, 1)", 2), ("np.pad(_0, (1, 1), 'constant')", 2),
                      ("np.pad(_0, 1, constant_values=_1)", 2)]
        form, cut = ctx.pick(forms)
        return E(form, expr(ctx, scope, (k - cut,), sub), adapt(ctx, scope, "any", (), sub) if "_1" in form else None)
    if len(shape) == 2:
        r, c = shape
        forms = [("np.pad(_0, ((1, 0), (0, 0)))", (1, 0))] if r >= 2 else []
        forms += [("np.pad(_0, ((0, 0), (0, 1)))", (0, 1))] if c >= 2 else []
        if r >= 3 and c >= 3:
            forms.append(("np.pad(_0, 1)", (2, 2)))
        if not forms:
            return None
        form, (dr, dc) = ctx.pick(forms)
        return E(form, expr(ctx, scope, (r - dr, c - dc), sub))
    return None


@production("tile", "shapes", 1)
def tile(ctx, scope, shape, depth):
    """np.tile(x, 2), np.tile(v, (r, 1)) (rows of copies), np.tile(M, (1, 2))."""
    sub = max(depth - 1, 0)
    ctx.rules.add("np.tile")
    if len(shape) == 1:
        reps = [q for q in (2, 3) if shape[0] % q == 0]
        if not reps:
            return None
        q = ctx.pick(reps)
        return E(ctx.pick([f"np.tile(_0, {q})", f"np.tile(_0, ({q},))"]), expr(ctx, scope, (shape[0] // q,), sub))
    if len(shape) == 2:
        r, c = shape
        if ctx.chance(0.6):
            return E(f"np.tile(_0, ({r}, 1))", expr(ctx, scope, (c,), sub))
        if c % 2 == 0:
            return E("np.tile(_0, (1, 2))", expr(ctx, scope, (r, c // 2), sub))
        return E(f"np.tile(_0, ({r}, 1))", expr(ctx, scope, (1, c), sub))
    return None


def _grid(ctx, scope, p, sub):
    """A strictly increasing (p,) grid: constant, or built from the data by a cumsum of positive steps."""
    if ctx.chance(0.5):
        lo, hi = ctx.pick([(0.0, 1.0), (-1.0, 1.0), (-2.0, 2.0)])
        return E(f"np.linspace({lo}, {hi}, {p})")
    ctx.rules.add("np.cumsum")
    steps = adapt(ctx, scope, "pos", (p,), sub)
    return E(ctx.pick(["np.cumsum(_0) - 1.0", "np.cumsum(_0) - 0.5 * np.sum(_0)"]), steps)


@production("interp", "calls", 1)
def interp(ctx, scope, shape, depth):
    """np.interp(t, xp, fp) on a sorted grid, with left=/right= sometimes."""
    if len(shape) > 1:
        return None
    sub = max(depth - 1, 0)
    ctx.rules.add("np.interp")
    p = ctx.pick([ctx.n, ctx.m, 4, 5])
    t = E(ctx.pick(["_0", "np.tanh(_0)", "0.5 * _0"]), expr(ctx, scope, shape, sub))
    xp, fp = _grid(ctx, scope, p, sub), expr(ctx, scope, (p,), sub)
    form = ctx.pick(["np.interp(_0, _1, _2)", "np.interp(_0, _1, _2)", "np.interp(_0, _1, _2, left=0.0, right=_3)"])
    return E(form, t, xp, fp, expr(ctx, scope, (), sub) if "_3" in form else None)


# (subscripts, operand shapes as functions of the result shape and a free length)
_EINSUM = {
    0: [("i,i->", lambda k: [(k,), (k,)]), ("ij,ij->", lambda k: [(k, 2), (k, 2)]), ("ii->", lambda k: [(k, k)]),
        ("i,ij,j->", lambda k: [(k,), (k, 3), (3,)]), ("ij->", lambda k: [(2, k)])],
    1: [("ij,j->i", lambda s, k: [(s, k), (k,)]), ("ji,j->i", lambda s, k: [(k, s), (k,)]),
        ("ij->i", lambda s, k: [(s, k)]), ("ij,ij->i", lambda s, k: [(s, k), (s, k)]),
        ("ii->i", lambda s, k: [(s, s)]), ("i,i->i", lambda s, k: [(s,), (s,)])],
    2: [("ij,jk->ik", lambda r, c, k: [(r, k), (k, c)]), ("ij->ji", lambda r, c, k: [(c, r)]),
        ("i,j->ij", lambda r, c, k: [(r,), (c,)]), ("ik,jk->ij", lambda r, c, k: [(r, k), (c, k)]),
        ("ij,j->ij", lambda r, c, k: [(r, c), (c,)]), ("ij,jk", lambda r, c, k: [(r, k), (k, c)])],
}


@production("einsum", "linalg", 1)
def einsum(ctx, scope, shape, depth):
    """np.einsum with the subscripts people write: dots, matrix-vector, matrix products, traces."""
    if len(shape) > 2:
        return None
    sub = max(depth - 1, 0)
    ctx.rules.add("np.einsum")
    k = ctx.pick([ctx.n, ctx.m])
    subscripts, shapes_of = ctx.pick(_EINSUM[len(shape)])
    shapes = shapes_of(*shape, k) if shape else shapes_of(k)
    args = [expr(ctx, scope, s, sub) for s in shapes]
    holes = ", ".join(f"_{q}" for q in range(len(args)))
    return E(f"np.einsum('{subscripts}', {holes})", *args)


@production("slogdet", "linalg", 1)
def slogdet(ctx, scope, shape, depth):
    """The log-determinant of a well-conditioned matrix, as users write it."""
    if shape != ():
        return None
    ctx.rules.add("np.linalg.slogdet")
    k = ctx.pick([ctx.m, ctx.n])
    form = ctx.pick(["np.linalg.slogdet(_0)[1]", "np.linalg.slogdet(_0)[1]",
                     "np.linalg.slogdet(_0)[0] * np.linalg.slogdet(_0)[1]"])
    return E(form, well_conditioned(ctx, scope, k, depth))
