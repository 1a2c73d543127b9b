"""Elementwise productions drawn from the rule catalog: unary and binary functions,
operators, powers, ``np.where``, ``np.clip``, conditional expressions, and
the piecewise-constant functions people use inside smooth code (``np.floor``
for a fractional part, ``np.sign(x) * x``).

Broadcasting: a binary operand of a matrix-shaped result may be a scalar, a
row ``(n,)``, a column ``(m, 1)`` or a ``(1, n)`` row; of a vector result, a
scalar. ``math.*`` and builtin ``max``/``min`` functions only see scalars.
"""
from .catalog import catalog
from .productions import adapt, array_cond, cond, expr, production
from .tmpl import E, const

__all__ = []


def _fns(ctx, form, shape):
    fns = catalog().get(form, ())
    return [f for f in fns if shape == () or not f.scalar_only]


def _call(fn, args):
    """The call node for catalog function ``fn`` applied to ``args``."""
    if fn.form in ("infix", "power") and not fn.path[0].isalpha():
        return E(f"_0 {fn.path} _1", *args)
    if fn.form == "prefix":
        return E(f"{fn.path}_0", *args)
    holes = ", ".join(f"_{k}" for k in range(len(args)))
    return E(f"{fn.path}({holes})", *args)


def operand_shape(ctx, shape):
    """A shape that broadcasts against ``shape`` to give ``shape``."""
    if shape == ():
        return ()
    options = [(6, shape), (2, ())]
    if len(shape) == 2:
        r, c = shape
        options += [(2, (c,)), (1, (r, 1)), (1, (1, c))]
    return ctx.weighted(options)


@production("unary", "calls", 10)
def unary(ctx, scope, shape, depth):
    fn = ctx.pick(_fns(ctx, "unary", shape))
    if fn.path.startswith("math.") or fn.scalar_only:
        ctx.use("math")
    ctx.rules.add(fn.path)
    arg = adapt(ctx, scope, fn.domains[0], shape, depth - 1, math_style=fn.path.startswith("math."))
    return _call(fn, [arg])


@production("binary", "calls", 14)
def binary(ctx, scope, shape, depth):
    pool = _fns(ctx, "infix", shape) * 3 + _fns(ctx, "binary", shape)
    fn = ctx.pick(pool)
    ctx.rules.add(fn.path)
    modulo = fn.path in ("%", "np.remainder", "math.fmod")
    shapes = [shape, operand_shape(ctx, shape)]
    if fn.scalar_only or modulo:
        shapes = [shape, ()]
    elif ctx.chance(0.5):
        shapes.reverse()
    if shapes != [shape, shape]:
        ctx.use("broadcast")
    math_style = fn.path.startswith("math.")
    args = [adapt(ctx, scope, dom, s, depth - 1, math_style) for dom, s in zip(fn.domains, shapes)]
    if modulo:
        args[1] = const(ctx.pick([1.0, 2.5, 0.7, 3.0]))
        ctx.use("nondiff")
    return _call(fn, args)


@production("power", "calls", 4)
def power(ctx, scope, shape, depth):
    fn = ctx.pick(_fns(ctx, "power", shape))
    ctx.rules.add(fn.path)
    if fn.path in ("**", "pow") and ctx.chance(0.4):
        base = expr(ctx, scope, shape, depth - 1)      # x ** 2 needs no positive base
        return _call(fn, [base, const(ctx.pick([2, 3, 2.0, 4]))])
    base = adapt(ctx, scope, "pos", shape, depth - 1, fn.path.startswith("math."))
    if ctx.chance(0.7):
        exponent = const(ctx.pick([2, 3, 0.5, 1.5, -1.0, -0.5, 2.0, 0.25]))
    else:
        exponent = adapt(ctx, scope, "small", () if ctx.chance(0.7) else shape, depth - 1)
    return _call(fn, [base, exponent])


@production("neg", "arith", 3)
def prefix(ctx, scope, shape, depth):
    fn = ctx.pick(_fns(ctx, "prefix", shape))
    ctx.rules.add("prefix" + fn.path)
    return _call(fn, [expr(ctx, scope, shape, depth - 1)])


@production("ternary", "branches", 3)
def ternary(ctx, scope, shape, depth):
    test = cond(ctx, scope, max(depth - 1, 0))
    a = expr(ctx, scope, shape, depth - 1)
    b = expr(ctx, scope, shape, depth - 1)
    return E("_0 if _1 else _2", a, test, b)


@production("where", "calls", 3)
def where(ctx, scope, shape, depth):
    if shape == () or not ctx.enabled("branches"):
        return None
    ctx.rules.add("np.where")
    test = array_cond(ctx, scope, shape, depth - 1)
    a = expr(ctx, scope, operand_shape(ctx, shape), depth - 1)
    b = expr(ctx, scope, operand_shape(ctx, shape), depth - 1)
    if ctx.chance(0.3):       # leaky ReLU / soft threshold, the common use
        e = expr(ctx, scope, shape, depth - 1)
        return E(ctx.pick(["np.where(_0 > 0, _0, 0.1 * _0)", "np.where(_0 > 0.0, _0, np.exp(_0) - 1.0)"]), e)
    return E("np.where(_0, _1, _2)", test, a, b)


@production("clip", "calls", 2)
def clip(ctx, scope, shape, depth):
    ctx.rules.add("np.clip")
    e = expr(ctx, scope, shape, depth - 1)
    if ctx.chance(0.7):
        lo = const(round(ctx.rng.uniform(-1.0, -0.1), 2))
        return E("np.clip(_0, _1, _2)", e, lo, const(round(ctx.rng.uniform(0.1, 1.5), 2)))
    bound = adapt(ctx, scope, "pos", (), depth - 1)
    if ctx.chance(0.5):
        return E("np.clip(_0, -_1, _1)", e, bound)
    return E("np.clip(_0, _1, None)", e, E("-_0", bound))


@production("relu", "calls", 2)
def relu(ctx, scope, shape, depth):
    ctx.rules.add("np.maximum")
    e = expr(ctx, scope, shape, depth - 1)
    if shape == ():
        return E(ctx.pick(["max(_0, 0.0)", "np.maximum(_0, 0.0)", "min(_0, 1.0)"]), e)
    return E(ctx.pick(["np.maximum(_0, 0.0)", "np.maximum(0.0, _0)", "np.minimum(_0, 1.0)"]), e)


@production("step", "nondiff", 2)
def step(ctx, scope, shape, depth):
    """Piecewise-constant functions inside smooth code: x - floor(x), sign(x) * x, round."""
    fns = [f for f in catalog().get("step", ()) if shape == () or not f.path.startswith("math.")]
    fn = ctx.pick(fns)
    ctx.rules.add(fn.path)
    e = expr(ctx, scope, shape, depth - 1)
    if fn.path.endswith("sign"):
        return E(f"{fn.path}(_0) * _0", e)
    if shape != () and fn.path.startswith("math."):
        return None
    return E(ctx.pick([f"_0 - {fn.path}(_0)", f"_0 + 0.1 * {fn.path}(_0)"]), e)


@production("identity", "calls", 1)
def identity(ctx, scope, shape, depth):
    fns = _fns(ctx, "identity", shape)
    fn = ctx.pick(fns)
    ctx.rules.add(fn.path)
    e = expr(ctx, scope, shape, depth - 1)
    if fn.path == "np.copy" and ctx.chance(0.4) and shape != ():
        ctx.use("methods")
        return E("(_0).copy()", e)
    return _call(fn, [e])
