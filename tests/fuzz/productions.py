"""The expression generator: ``expr(ctx, scope, shape, depth)`` returns an AST
expression of exactly ``shape`` (float64), built only from names the scope
defines, and safe to evaluate (log of positive values, no division by ~0).

Productions register themselves with ``@production(name, tag, weight)``; each
takes ``(ctx, scope, shape, depth)`` and returns an expression or None when it
does not apply to that shape. Leaves (``depth == 0``) always succeed: a
variable, a constant, an element or slice of a variable, or as a last resort
a constant array. The modules ``leaves``, ``elementwise`` and ``structured``
hold the productions; this one holds the dispatcher, the domain adapters and
the conditions used by ``if``, ``while``, ternaries and ``np.where``.
"""
import ast

from .tmpl import E, const

__all__ = ["production", "expr", "adapt", "cond", "PRODUCTIONS", "LEAVES"]

PRODUCTIONS = []     # (name, tag, weight, fn) for compound expressions
LEAVES = []          # (name, tag, weight, fn) for depth-0 expressions


def production(label, tag, weight, leaf=False):
    def register(fn):
        (LEAVES if leaf else PRODUCTIONS).append((label, tag, weight, fn))
        return fn
    return register


def expr(ctx, scope, shape, depth):
    """An expression of ``shape``; compound with probability growing with ``depth``.

    When no leaf of ``shape`` reads the data (no variable of that shape), a small
    compound expression is built from the live variables instead (at most two
    such rescues nested), so that constants are the last resort."""
    if depth > 0 and ctx.chance(0.4 + 0.12 * min(depth, 3)):
        node = _compound(ctx, scope, shape, depth)
        if node is not None:
            return node
    for _ in range(8):
        label, tag, fn = _choose(ctx, LEAVES)
        node = fn(ctx, scope, shape, 0)
        if node is not None and (label != "const" or depth == 0 and ctx.chance(0.5) or ctx.rescues >= 2):
            ctx.use(tag)
            return node
    if ctx.rescues < 2:
        ctx.rescues += 1
        try:
            node = _compound(ctx, scope, shape, 1)
        finally:
            ctx.rescues -= 1
        if node is not None:
            return node
    return fallback(ctx, shape, scope)


def _compound(ctx, scope, shape, depth):
    for _ in range(6):
        label, tag, fn = _choose(ctx, PRODUCTIONS)
        node = fn(ctx, scope, shape, depth)
        if node is not None:
            ctx.use(tag)
            return node
    return None


def _choose(ctx, table):
    items = [(w, (label, tag, fn)) for label, tag, w, fn in table if ctx.enabled(tag)]
    return ctx.weighted(items)


def fallback(ctx, shape, scope=None):
    """An expression of ``shape`` when nothing else fits: built from a live scalar or vectors when
    there are some (so the derivative still flows), else a constant written the way people do."""
    scalars = [v.name for v in scope.vars.values() if v.shape == ()] if scope else []
    if shape == ():
        return const(ctx.pick([0.5, 1.5, 2.0, 0.25, -0.75, 3.0]))
    if len(shape) == 2 and scope is not None:
        rows = [v.name for v in scope.vars.values() if v.shape == (shape[0],)]
        cols = [v.name for v in scope.vars.values() if v.shape == (shape[1],)]
        if rows and cols:
            return E(ctx.pick(["np.outer(_0, _1)", "_0[:, None] * _1", "_0[:, None] - _1[None, :]"]),
                     ctx.pick(rows), ctx.pick(cols))
    if scalars and ctx.chance(0.8):
        size = shape[0] if len(shape) == 1 else ast.Tuple(elts=[const(k) for k in shape], ctx=ast.Load())
        return E(ctx.pick(["_0 * np.ones(_1)", "np.full(_1, _0)", "_0 + np.zeros(_1)"]), ctx.pick(scalars), size)
    if len(shape) == 1:
        return E("np.linspace(_0, _1, _2)", ctx.pick([0.1, -1.0, 0.5]), ctx.pick([1.0, 2.0]), shape[0])
    return E("np.ones((_0, _1)) * _2", shape[0], shape[1], ctx.pick([0.5, 0.1, -0.3]))


# ---- domains ------------------------------------------------------------------
_DOMAINS = {
    "pos": ["1.0 + _0 ** 2", "_0 * _0 + 0.5", "np.exp(0.5 * _0)", "1.5 + np.sin(_0)", "np.abs(_0) + 0.2",
            "2.0 + np.cos(_0)", "np.sqrt(_0 ** 2 + 1.0)", "1.0 + np.tanh(_0) ** 2", "np.exp(-_0 ** 2) + 0.1",
            "np.logaddexp(0.0, _0) + 0.1"],
    "unit": ["0.9 * np.tanh(_0)", "0.5 * np.sin(_0)", "_0 / (1.0 + np.abs(_0))", "np.tanh(_0) * 0.7"],
    "angle": ["np.tanh(_0)", "0.5 * np.sin(_0)", "np.arctan(_0)"],
    "small": ["_0", "_0", "_0", "-_0 ** 2", "0.5 * _0", "np.tanh(_0)", "-0.5 * _0 * _0", "np.sin(_0)"],
}
_MATH_DOMAINS = {
    "pos": ["1.0 + _0 ** 2", "_0 * _0 + 0.5", "math.exp(0.5 * _0)", "1.5 + math.sin(_0)",
            "abs(_0) + 0.2", "math.sqrt(_0 ** 2 + 1.0)"],
    "unit": ["0.9 * math.tanh(_0)", "0.5 * math.sin(_0)", "_0 / (1.0 + abs(_0))"],
    "angle": ["math.tanh(_0)", "0.5 * math.sin(_0)"],
    "small": ["_0", "_0", "-_0 ** 2", "0.5 * _0", "math.tanh(_0)"],
}


def adapt(ctx, scope, domain, shape, depth, math_style=False):
    """An expression of ``shape`` whose values lie in ``domain`` (any small pos unit angle)."""
    inner = expr(ctx, scope, shape, depth)
    if domain == "any":
        return inner
    table = _MATH_DOMAINS if math_style and shape == () else _DOMAINS
    return E(ctx.pick(table[domain]), inner)


# ---- conditions -------------------------------------------------------------------
def cond(ctx, scope, depth):
    """A scalar boolean condition on the data, the way people write them."""
    ctx.use("branches")
    form = ctx.weighted([(5, "cmp"), (2, "abs"), (1, "chain"), (2, "andor"), (1, "not"), (2, "reduce")])
    c = const(round(ctx.rng.uniform(-1.0, 1.5), 2))
    e = expr(ctx, scope, (), max(depth, 1))
    for _ in range(3):            # a test on a constant is dead code: test the data
        if not isinstance(e, ast.Constant):
            break
        e = expr(ctx, scope, (), max(depth, 1))
    if form == "cmp":
        op = ctx.pick([">", "<", ">=", "<="])
        rhs = c if ctx.chance(0.6) else expr(ctx, scope, (), max(depth - 1, 0))
        return E(f"_0 {op} _1", e, rhs)
    if form == "abs":
        return E(ctx.pick(["abs(_0) < _1", "np.abs(_0) > _1"]), e, const(round(ctx.rng.uniform(0.2, 1.5), 2)))
    if form == "chain":
        return E("-0.5 < _0 < _1", e, const(round(ctx.rng.uniform(0.0, 1.5), 2)))
    if form == "andor":
        other = expr(ctx, scope, (), max(depth - 1, 0))
        return E(ctx.pick(["_0 > _2 and _1 < 1.0", "_0 < _2 or _1 > 0.5"]), e, other, c)
    if form == "not":
        return E("not _0 > _1", e, c)
    shapes = [v.shape for v in scope.vars.values() if v.shape != ()] or [(ctx.n,)]
    arr = expr(ctx, scope, ctx.pick(shapes), max(depth - 1, 0))
    return E(ctx.pick(["np.sum(_0) > _1", "np.max(_0) < _1", "np.mean(_0) >= _1", "np.any(_0 > _1)",
                       "np.all(_0 < _1 + 1.0)"]), arr, c)


def array_cond(ctx, scope, shape, depth):
    """An elementwise boolean array of ``shape`` (for np.where)."""
    e = expr(ctx, scope, shape, depth)
    c = const(round(ctx.rng.uniform(-0.8, 0.8), 2))
    form = ctx.pick(["_0 > _1", "_0 < _1", "_0 >= _2", "(_0 > _1) & (_0 < _3)", "np.abs(_0) < 0.5"])
    return E(form, e, c, expr(ctx, scope, shape, 0), const(1.2))
