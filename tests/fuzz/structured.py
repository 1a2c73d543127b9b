"""Productions that change shape: reductions (with ``axis=``/``keepdims=``), matrix
products, norms, linear algebra on well-conditioned matrices, shape functions,
lists turned into arrays, helper calls and the non-differentiable calls people
mix in (``np.sort``, ``np.linspace``, ``np.arange``, ``np.eye``).

Every operand shape is chosen so the result has exactly the requested shape;
square matrices given to ``inv``/``det``/``solve`` are ``M + c * np.eye(k)``
with ``c`` large enough that they stay well conditioned.
"""
import ast

from .catalog import catalog
from .leaves import var_of
from .productions import adapt, expr, production
from .tmpl import E

__all__ = ["reduce_to", "call_helper"]


def _source_shapes(ctx, scope, min_rank=1, max_rank=None):
    """Shapes worth reducing: those of live arrays (so expressions use the data), else the canonical ones."""
    ok = lambda s: len(s) >= min_rank and (max_rank is None or len(s) <= max_rank)   # noqa: E731
    live = [v.shape for v in scope.vars.values() if ok(v.shape)]
    canonical = [s for s in ctx.shapes() if ok(s)]
    return live * 2 + canonical


def reduce_to(ctx, scope, shape, depth, fn=None):
    """A reduction whose result has ``shape``: () from anything, (k,) and keepdims from matrices.

    Only keywords the function takes are passed: ``math.fsum``, ``math.prod`` and ``np.cov`` have
    no ``axis=`` (campaign 3100000 drew ``np.cov(M, axis=-1)``, 31 invalid programs), so they
    reduce vectors to numbers only (of a matrix, fsum/prod iterate over rows and cov is a matrix)."""
    fn = fn or ctx.pick([f for f in catalog()["reduce"] if shape == () or "axis" in f.options])
    if shape != () and "axis" not in fn.options:
        return None
    ctx.rules.add(fn.path)
    extra = ""
    if "ddof" in fn.options and ctx.chance(0.3):
        extra = ", ddof=1"
    if shape == ():
        src = ctx.pick(_source_shapes(ctx, scope, max_rank=None if "axis" in fn.options else 1))
        arg = expr(ctx, scope, src, depth - 1)
        if ctx.chance(0.25) and ctx.enabled("methods") and fn.path.split(".")[-1] in ("sum", "mean", "max", "min",
                                                                                      "prod", "var", "std"):
            ctx.use("methods")
            return E(f"(_0).{fn.path.split('.')[-1]}({extra[2:]})", arg)
        return E(f"{fn.path}(_0{extra})", arg)
    if len(shape) == 1:
        k = shape[0]
        other = ctx.pick([ctx.n, ctx.m])
        axis = ctx.pick([0, 1, -1])
        src = (other, k) if axis == 0 else (k, other)
        return E(f"{fn.path}(_0, axis={axis}{extra})", expr(ctx, scope, src, depth - 1))
    if len(shape) == 2 and 1 in shape and "keepdims" in fn.options:
        axis = 1 if shape[1] == 1 else 0
        k = shape[0] if axis == 1 else shape[1]
        other = ctx.pick([ctx.n, ctx.m])
        src = (k, other) if axis == 1 else (other, k)
        ctx.use("broadcast")
        return E(f"{fn.path}(_0, axis={axis}, keepdims=True{extra})", expr(ctx, scope, src, depth - 1))
    return None


@production("reduce", "reductions", 9)
def reduce(ctx, scope, shape, depth):
    return reduce_to(ctx, scope, shape, depth)


@production("norm", "reductions", 2)
def norm(ctx, scope, shape, depth):
    ctx.rules.add("np.linalg.norm")
    if shape == ():
        src = ctx.pick(_source_shapes(ctx, scope))
        arg = expr(ctx, scope, src, depth - 1)
        if len(src) == 1:
            return E(ctx.pick(["np.linalg.norm(_0)", "np.linalg.norm(_0)", "np.linalg.norm(_0, 1)",
                               "np.linalg.norm(_0, np.inf)", "np.linalg.norm(_0, ord=2)"]), arg)
        return E(ctx.pick(["np.linalg.norm(_0)", "np.linalg.norm(_0, 'fro')"]), arg)
    if len(shape) == 1:
        other = ctx.pick([ctx.n, ctx.m])
        return E("np.linalg.norm(_0, axis=1)", expr(ctx, scope, (shape[0], other), depth - 1))
    if len(shape) == 2 and shape[1] == 1:
        other = ctx.pick([ctx.n, ctx.m])
        ctx.use("broadcast")
        return E("np.linalg.norm(_0, axis=1, keepdims=True)", expr(ctx, scope, (shape[0], other), depth - 1))
    return None


@production("matmul", "calls", 7)
def matmul(ctx, scope, shape, depth):
    fn = ctx.pick(catalog()["matmul"])
    ctx.rules.add(fn.path)
    k = ctx.pick([ctx.n, ctx.m])
    if shape == ():
        a, b = (k,), (k,)
    elif len(shape) == 1:
        a, b = ((shape[0], k), (k,)) if ctx.chance(0.7) else ((k,), (k, shape[0]))
    elif 1 in shape:
        return None
    else:
        a, b = (shape[0], k), (k, shape[1])
    x, y = expr(ctx, scope, a, depth - 1), expr(ctx, scope, b, depth - 1)
    if fn.path == "@":
        return E("_0 @ _1", x, y)
    if fn.path == "np.dot" and ctx.chance(0.3) and ctx.enabled("methods"):
        ctx.use("methods")
        return E("(_0).dot(_1)", x, y)
    return E(f"{fn.path}(_0, _1)", x, y)


@production("outer", "calls", 1)
def outer(ctx, scope, shape, depth):
    if len(shape) != 2 or 1 in shape:
        return None
    ctx.rules.add("np.outer")
    return E("np.outer(_0, _1)", expr(ctx, scope, (shape[0],), depth - 1), expr(ctx, scope, (shape[1],), depth - 1))


def well_conditioned(ctx, scope, k, depth):
    """A (k, k) matrix far from singular."""
    m = expr(ctx, scope, (k, k), depth - 1)
    c = ctx.pick([3.0, 4.0, 5.0])
    return E(ctx.pick(["_0 + _1 * np.eye(_2)", "0.3 * _0 + _1 * np.eye(_2)", "_0 @ _0.T + _1 * np.eye(_2)"]),
             m, c, k)


@production("linalg", "linalg", 2)
def linalg(ctx, scope, shape, depth):
    if shape == ():
        k = ctx.pick([ctx.m, ctx.n])
        ctx.rules.add("np.linalg.det")
        form = ctx.pick(["np.linalg.det(_0)", "np.log(np.abs(np.linalg.det(_0)))", "np.trace(_0)"])
        if "trace" in form:
            ctx.rules.add("np.trace")
            return E(form, expr(ctx, scope, (k, k), depth - 1))
        return E(form, well_conditioned(ctx, scope, k, depth))
    if len(shape) == 1:
        ctx.rules.add("np.linalg.solve")
        return E("np.linalg.solve(_0, _1)", well_conditioned(ctx, scope, shape[0], depth),
                 expr(ctx, scope, shape, depth - 1))
    if shape[0] == shape[1]:
        ctx.rules.add("np.linalg.inv")
        return E("np.linalg.inv(_0)", well_conditioned(ctx, scope, shape[0], depth))
    return None


@production("shape_fn", "shapes", 3)
def shape_fn(ctx, scope, shape, depth):
    """transpose, reshape, ravel, squeeze, expand_dims, cumsum, full, full_like."""
    if len(shape) == 2 and 1 not in shape:
        ctx.rules.add("np.transpose")
        options = ["np.transpose(_0)", "(_0).T", "np.cumsum(_1, axis=0)", "np.cumsum(_1, axis=1)",
                   "np.full((_2, _3), _4)", "np.reshape(_5, (_2, _3))", "(_5).reshape(_2, _3)"]
        options += [{"np.swapaxes": "np.swapaxes(_0, 0, 1)", "np.moveaxis": "np.moveaxis(_0, 0, -1)"}[f.path]
                    for f in catalog().get("axes", ())]
        form = ctx.pick(options)
        parts = {"_0": lambda: expr(ctx, scope, (shape[1], shape[0]), depth - 1),
                 "_1": lambda: expr(ctx, scope, shape, depth - 1),
                 "_4": lambda: expr(ctx, scope, (), depth - 1),
                 "_5": lambda: expr(ctx, scope, (shape[0] * shape[1],), depth - 1)}
        return _fill(form, parts, shape)
    if len(shape) == 2:
        k = shape[0] if shape[1] == 1 else shape[1]
        axis = 1 if shape[1] == 1 else 0
        ctx.rules.add("np.expand_dims")
        return E(f"np.expand_dims(_0, {axis})", expr(ctx, scope, (k,), depth - 1))
    if len(shape) == 1:
        k = shape[0]
        options = ["np.cumsum(_0)", "np.full(_2, _1)", "np.full_like(_3, _1)", "np.squeeze(_4)", "(_4)[:, 0]"]
        pairs = [(r, c) for r in (ctx.m, ctx.n) for c in (ctx.m, ctx.n) if r * c == k]
        if pairs:
            options += ["np.ravel(_5)", "(_5).reshape(-1)", "np.reshape(_5, (_2,))", "(_5).flatten()"]
        form = ctx.pick(options)
        if "_3" in form and var_of(ctx, scope, shape, False) is None:
            return None
        parts = {"_0": lambda: expr(ctx, scope, shape, depth - 1), "_1": lambda: expr(ctx, scope, (), depth - 1),
                 "_3": lambda: var_of(ctx, scope, shape, False),
                 "_4": lambda: expr(ctx, scope, (k, 1), depth - 1),
                 "_5": lambda: expr(ctx, scope, ctx.pick(pairs), depth - 1)}
        return _fill(form, parts, shape)
    return None


def _fill(form, parts, shape):
    args = [None] * 6
    for key, make in parts.items():
        if key in form:
            args[int(key[1:])] = make()
    if "_2" in form:
        args[2] = shape[0]
    if "_3" in form and len(shape) == 2:
        args[3] = shape[1]
    return E(form, *args)


@production("list_array", "lists", 4)
def list_array(ctx, scope, shape, depth):
    """np.array([a, b]), nested lists, np.stack([...]), sum([...]), np.mean([a, b]), norm([dx, dy])."""
    sub = max(depth - 2, 0)
    if shape == ():
        k = ctx.pick([2, 3])
        items = _list([expr(ctx, scope, (), sub) for _ in range(k)])
        ctx.rules.update({"sum", "np.mean"})
        return E(ctx.pick(["sum(_0)", "np.sum(_0)", "np.mean(_0)", "np.linalg.norm(_0)", "np.prod(_0)",
                           "max(_0)", "np.max(_0)"]), items)
    if len(shape) == 1 and shape[0] <= 5:
        items = _list([expr(ctx, scope, (), sub) for _ in range(shape[0])])
        ctx.rules.add("np.array")
        return E(ctx.pick(["np.array(_0)", "np.array(_0)", "np.array(_0, dtype=float)", "np.asarray(_0)",
                           "np.array(_0, dtype=np.float64)"]), items)
    if len(shape) == 2 and shape[0] <= 3 and shape[1] <= 5:
        r, c = shape
        if ctx.chance(0.4) and r * c <= 9:
            rows = [_list([expr(ctx, scope, (), sub) for _ in range(c)]) for _ in range(r)]
            return E("np.array(_0)", _list(rows))
        if ctx.chance(0.5):
            ctx.rules.add("np.stack")
            rows = _list([expr(ctx, scope, (c,), sub) for _ in range(r)])
            return E(ctx.pick(["np.stack(_0)", "np.array(_0)", "np.stack(_0, axis=0)", "np.vstack(_0)"]), rows)
        cols = _list([expr(ctx, scope, (r,), sub) for _ in range(c)]) if c <= 3 else None
        return None if cols is None else E(ctx.pick(["np.stack(_0, axis=1)", "np.column_stack(_0)"]), cols)
    return None


def _list(items):
    return ast.List(elts=items, ctx=ast.Load())


@production("list_reduce", "lists", 4)
def list_reduce(ctx, scope, shape, depth):
    """sum(xs), np.array(xs), np.stack(xs), np.mean(np.array(xs), axis=0) over a list variable."""
    same = [lst for lst in scope.lists.values() if lst.shape == shape and lst.length > 0]
    rows = [lst for lst in scope.lists.values() if (lst.length,) + lst.shape == shape and lst.length > 0]
    if same and ctx.chance(0.6):
        lst = ctx.pick(same)
        ctx.rules.add("sum")
        return E(ctx.pick(["sum(_0)", "np.sum(np.array(_0), axis=0)", "np.mean(np.array(_0), axis=0)",
                           "_0[-1]", "_0[0]"]), lst.name)
    if rows:
        lst = ctx.pick(rows)
        ctx.rules.add("np.stack" if lst.shape else "np.array")
        return E(ctx.pick(["np.array(_0)", "np.stack(_0)"] if lst.shape else ["np.array(_0)", "np.asarray(_0)"]),
                 lst.name)
    return None


def call_helper(ctx, scope, helper, depth):
    """A call of ``helper`` with arguments of its parameter shapes (the default sometimes given)."""
    args = [expr(ctx, scope, s, max(depth - 1, 0)) for s in helper.params]
    call = E(f"{helper.name}()")
    call.args = args
    if helper.default is not None and ctx.chance(0.4):
        value = adapt(ctx, scope, "any", (), 0)
        if ctx.chance(0.5):
            call.keywords = [ast.keyword(arg=helper.default[0], value=value)]
        else:
            call.args.append(value)
    ctx.use("helpers")
    return call


@production("helper", "helpers", 6)
def helper(ctx, scope, shape, depth):
    fits = [h for h in ctx.helpers if h.returns == [shape]]
    tuples = [h for h in ctx.helpers if len(h.returns) > 1 and shape in h.returns]
    if fits and (not tuples or ctx.chance(0.8)):
        return call_helper(ctx, scope, ctx.pick(fits), depth)
    if tuples:
        h = ctx.pick(tuples)
        return E("_0[_1]", call_helper(ctx, scope, h, depth), h.returns.index(shape))
    return None


@production("snippet", "snippets", 4)
def snippet(ctx, scope, shape, depth):
    """Idioms: softmax, logsumexp, sigmoid, normalisation, stencils, dense layers, MSE."""
    sub = max(depth - 1, 0)
    if shape == ():
        v = expr(ctx, scope, ctx.pick([(ctx.n,), (ctx.m,)]), sub)
        w = expr(ctx, scope, (ctx.n,), sub)
        return E(ctx.pick(["np.max(_0) + np.log(np.sum(np.exp(_0 - np.max(_0))))",
                           "np.mean((_1 - np.mean(_1)) ** 2)", "np.sqrt(np.sum((_1 - 0.5) ** 2) + 1e-08)",
                           "np.sum(_0 * np.log(1.0 + np.exp(-_0)))", "0.5 * np.dot(_1, _1)"]), v, w)
    if len(shape) == 1:
        k = shape[0]
        v = expr(ctx, scope, shape, sub)
        forms = ["np.exp(_0 - np.max(_0)) / np.sum(np.exp(_0 - np.max(_0)))", "1.0 / (1.0 + np.exp(-_0))",
                 "_0 / (np.linalg.norm(_0) + 1e-3)", "_0 - np.mean(_0)", "(_0 - np.mean(_0)) / (np.std(_0) + 0.1)",
                 "np.tanh(_1 @ _2 + _0)"]
        longer = [x for x in scope.vars.values() if x.shape in ((k + 1,), (k + 2,))]
        if longer:
            src = ctx.pick(longer)
            forms.append("_3[1:] - _3[:-1]" if src.shape[0] == k + 1 else "_3[2:] - 2.0 * _3[1:-1] + _3[:-2]")
        form = ctx.pick(forms)
        other = ctx.pick([ctx.n, ctx.m])
        w = expr(ctx, scope, (k, other), sub) if "_1" in form else None
        x = expr(ctx, scope, (other,), sub) if "_2" in form else None
        return E(form, v, w, x, src.name if "_3" in form else None)
    if len(shape) == 2 and 1 not in shape:
        a = expr(ctx, scope, (shape[0],), sub)
        b = expr(ctx, scope, (shape[1],), sub)
        ctx.use("broadcast")
        return E(ctx.pick(["_0[:, None] - _1[None, :]", "np.exp(-(_0[:, None] - _1[None, :]) ** 2)",
                           "_0[:, None] * _1"]), a, b)
    return None


@production("nondiff_call", "nondiff", 2)
def nondiff_call(ctx, scope, shape, depth):
    """np.sort, np.linspace, np.arange, np.eye, np.zeros_like used inside smooth code."""
    sub = max(depth - 1, 0)
    if shape == ():
        v = expr(ctx, scope, (ctx.n,), sub)
        ctx.rules.add("np.sort")
        return E(ctx.pick(["np.sort(_0)[-1]", "np.sort(_0)[0] + np.sort(_0)[1]", "np.median(_0)"]), v)
    if len(shape) == 1:
        k = shape[0]
        a, b = expr(ctx, scope, (), sub), expr(ctx, scope, (), sub)
        form = ctx.pick(["np.sort(_2)", "np.linspace(_0, _1, _3)", "np.arange(_3) * _0 + _1",
                         "_2 + np.zeros_like(_2)", "np.ones(_3) * _0"])
        ctx.rules.add(form.split("(")[0])
        return E(form, a, b, expr(ctx, scope, shape, sub), k)
    if len(shape) == 2 and shape[0] == shape[1]:
        ctx.rules.add("np.eye")
        return E("np.eye(_1) * _0", expr(ctx, scope, (), sub), shape[0])
    return None
