"""Loop constructs: counted ``for`` loops (``range``, ``range(1, n)``,
``reversed(range(n))``, ``enumerate``, ``zip``, over the rows of a matrix,
over a list), data-dependent ``while`` loops, lists built with ``append`` or
written as literals, and a few numerical idioms (explicit Euler, power
iteration, Horner's rule, Newton's square root).

Invariant: every loop terminates for every input: ``while`` loops either carry
a counter bound (``and k < K``) or increase their test variable by at least a
fixed step. Names first bound inside a loop are not used after it; a list
built by a counted loop without ``break`` has a known length.
"""
import ast

from .inplace import _count, _loop_scope
from .leaves import var_of
from .productions import adapt, cond, expr
from .scope import Lst
from .stmts import block, construct
from .tmpl import E, S, const, name

__all__ = []


def _body(ctx, sub, depth, out, budget=None):
    stmts, _ = block(ctx, sub, budget or ctx.pick([1, 2, 2, 3]), depth + 1, out)
    return stmts or [ast.Pass()]


def _finish(scope, sub):
    after = sub.after_loop(scope)
    scope.vars, scope.lists, scope.ints = after.vars, after.lists, after.ints


@construct("for", 6, 2)
def for_loop(ctx, scope, depth, out):
    if depth >= 2:
        return [], False
    vecs = [v for v in scope.vars.values() if len(v.shape) == 1] + \
        [v for v in ctx.globals.vars.values() if len(v.shape) == 1]
    mats = [v for v in scope.vars.values() if len(v.shape) == 2]
    kinds = ["range", "range", "range1", "reversed", "count"]
    kinds += ["enumerate", "zip"] if vecs else []
    kinds += ["rows", "enum_rows"] if mats else []
    kinds += ["list"] if any(lst.length for lst in scope.lists.values()) else []
    kinds += ["global_count"] if ctx.global_ints else []
    kind = ctx.pick(kinds)
    i = ctx.fresh("int", scope)
    make = {"enumerate": _over_vector, "zip": _over_vector, "rows": _over_rows, "enum_rows": _over_rows,
            "list": _over_list, "global_count": _over_count}.get(kind, _over_range)
    sub, head, targets = make(ctx, scope, kind, i, vecs, mats)
    loop = S(f"for _0 in {head[0]}:\n    pass", targets, *head[1:])[0]
    loop.body = _body(ctx, sub, depth, out)
    _finish(scope, sub)
    return [loop], False


def _tuple(*names):
    return ast.Tuple(elts=[name(n, True) for n in names], ctx=ast.Store())


def _over_range(ctx, scope, kind, i, vecs, mats):
    """range(n), range(1, n), reversed(range(n)), range(n - 1)."""
    length = ctx.pick([ctx.n, ctx.m, 3])
    it = {"range": "range(_1)", "range1": "range(1, _1)", "reversed": "reversed(range(_1))",
          "count": "range(_1 - 1)"}[kind]
    sub = _loop_scope(scope, (i, length - 1 if kind == "count" else length))
    return sub, (it, _count(ctx, scope, length)), i


def _over_count(ctx, scope, kind, i, vecs, mats):
    """range(N_STEPS) with a module-level or parameter count: the index is not used to index."""
    gname = ctx.pick(sorted(ctx.global_ints))
    ctx.use("globals")
    return _loop_scope(scope, (i, None)), ("range(_1)", name(gname)), i


def _over_vector(ctx, scope, kind, i, vecs, mats):
    """for i, v in enumerate(x)  /  for a, b in zip(x, y)."""
    v = ctx.pick(vecs)
    item = ctx.fresh("scalar", scope)
    sub = _loop_scope(scope, (i, v.shape[0]))
    sub.define(item, ())
    sub.loop_vars = frozenset(sub.loop_vars | {item})
    if kind == "enumerate":
        return sub, ("enumerate(_1)", name(v.name)), _tuple(i, item)
    other = var_of(ctx, scope, v.shape) or name(v.name)
    del sub.ints[i]
    second = ctx.fresh("scalar", scope)
    sub.define(second, ())
    sub.loop_vars = frozenset(sub.loop_vars | {second})
    return sub, ("zip(_1, _2)", name(v.name), other), _tuple(item, second)


def _over_rows(ctx, scope, kind, i, vecs, mats):
    """for row in A  /  for i, row in enumerate(A): the rows are views (writable if A is)."""
    mat = ctx.pick(mats)
    row = ctx.fresh("vector", scope)
    sub = _loop_scope(scope, (i, mat.shape[0]))
    sub.define(row, (mat.shape[1],), mat.writable)
    sub.loop_vars = frozenset(sub.loop_vars | {row})
    if kind == "rows":
        del sub.ints[i]
        return sub, ("_1", name(mat.name)), row
    return sub, ("enumerate(_1)", name(mat.name)), _tuple(i, row)


def _over_list(ctx, scope, kind, i, vecs, mats):
    lst = ctx.pick([lst for lst in scope.lists.values() if lst.length])
    item = ctx.fresh("vector" if lst.shape else "scalar", scope)
    sub = _loop_scope(scope)
    sub.define(item, lst.shape)
    sub.loop_vars = frozenset(sub.loop_vars | {item})
    ctx.use("lists")
    return sub, ("_1", name(lst.name)), item


@construct("while", 4, 1)
def while_loop(ctx, scope, depth, out):
    if depth >= 2:
        return [], False
    kind = ctx.pick(["threshold", "threshold", "newton", "shrink", "adaptive", "unbounded"])
    k = ctx.fresh("int", scope)
    if kind == "newton":
        return _newton(ctx, scope, k), False
    s = ctx.fresh("scalar", scope)
    init = expr(ctx, scope, (), 2)
    sub = _loop_scope(scope, (k, None))
    sub.define(s, ())
    sub.loop_vars = frozenset(sub.loop_vars | {s})     # the body never rebinds the test variable
    if kind == "shrink":
        vecs = [v for v in scope.vars.values() if len(v.shape) == 1]
        if not vecs:
            return [], False
        v = ctx.pick(vecs)
        v2 = ctx.fresh("vector", scope)
        scope.define(v2, v.shape, False)
        stmts = S("_0 = _1\n_2 = 0\nwhile np.linalg.norm(_0) > _3 and _2 < 20:\n    _0 = _0 * 0.5\n    _2 += 1",
                  v2, v.name, k, const(round(ctx.rng.uniform(0.3, 1.0), 2)))
        return stmts, False
    step = adapt(ctx, sub, "pos", (), 2)
    growth = expr(ctx, sub, (), 1)      # drawn before the body: it may only read names bound before the loop
    body = _body(ctx, sub, depth, out, ctx.pick([1, 1, 2]))
    limit = const(round(ctx.rng.uniform(1.0, 4.0), 2))
    if kind == "unbounded":       # terminates: s starts below 1 and grows by at least 0.25 per trip
        pre = S("_0 = np.tanh(_1)", s, init)
        loop = S("while _0 < _1:\n    _0 = _0 + 0.25 + 0.5 * _2 ** 2", s, limit, growth)[0]
        loop.body = loop.body + body
    elif kind == "adaptive":
        pre = S("_0 = 0.0\n_1 = 0", s, k)
        loop = S("while _0 < _1 and _2 < 50:\n    _0 = _0 + 0.2 / _3\n    _2 += 1", s, limit, k, step)[0]
        loop.body = loop.body + body
    else:
        pre = S("_0 = _1\n_2 = 0", s, init, k)
        test = ctx.pick(["_0 < _1 and _2 < 12", "_2 < 12 and _0 < _1", "_0 < _1 and _2 < 6"])
        loop = S(f"while {test}:\n    _0 = _0 + _3\n    _2 += 1", s, limit, k, step)[0]
        loop.body = loop.body + body      # the updates come first: a `continue` cannot skip them
    _finish(scope, sub)
    scope.define(s, ())
    return pre + [loop], False


def _newton(ctx, scope, k):
    """Newton's iteration for sqrt(c), stopped by a tolerance: a data-dependent trip count."""
    c, z = ctx.fresh("scalar", scope), None
    c_value = adapt(ctx, scope, "pos", (), 2)
    scope.define(c, ())
    z = ctx.fresh("scalar", scope)
    scope.define(z, ())
    return S("_0 = _1\n_2 = 1.0\n_3 = 0\nwhile abs(_2 * _2 - _0) > 1e-10 and _3 < 50:\n"
             "    _2 = 0.5 * (_2 + _0 / _2)\n    _3 += 1", c, c_value, z, k)


@construct("lists", 5, 1)
def list_build(ctx, scope, depth, out):
    """xs = []; for i in range(n): xs.append(...)  or  ps = [a, b, c]  or  a list of arrays."""
    if depth >= 2:
        return [], False
    shape = ctx.pick([(), (), (ctx.n,), (ctx.m,)])
    lst = ctx.fresh("list", scope)
    kind = ctx.pick(["append", "append", "literal", "while_append"])
    if kind == "literal":
        k = ctx.pick([2, 3])
        items = ast.List(elts=[expr(ctx, scope, shape, 2) for _ in range(k)], ctx=ast.Load())
        scope.lists[lst] = Lst(lst, shape, k)
        return [ast.Assign(targets=[name(lst, True)], value=items)], False
    i = ctx.fresh("int", scope)
    if kind == "while_append":
        if shape != ():
            return [], False
        s = ctx.fresh("scalar", scope)
        sub = _loop_scope(scope, (i, None))
        sub.define(s, ())
        stmts = S("_0 = []\n_1 = _2\n_3 = 0\nwhile _1 < 2.0 and _3 < 8:\n    _0.append(_1)\n"
                  "    _1 = _1 + _4\n    _3 += 1", lst, s, expr(ctx, scope, (), 1), i, adapt(ctx, sub, "pos", (), 1))
        scope.define(s, ())
        scope.lists[lst] = Lst(lst, shape, 0)        # length unknown: only sum() and np.array reductions
        total = ctx.fresh("scalar", scope)
        scope.define(total, ())
        return stmts + S("_0 = sum(_1) + len(_1)", total, lst), False
    length = ctx.pick([ctx.n, ctx.m, 3, 4])
    sub = _loop_scope(scope, (i, length))
    pre = _body(ctx, sub, depth, None, ctx.pick([0, 0, 1])) if ctx.chance(0.5) else []
    pre = [s for s in pre if not isinstance(s, ast.Pass)]
    value = expr(ctx, sub, shape, ctx.pick([1, 2, 3]))
    loop = S("for _0 in range(_1):\n    _2.append(_3)", i, _count(ctx, scope, length), lst, value)[0]
    loop.body = pre + loop.body
    has_exit = any(isinstance(n, (ast.Break, ast.Continue, ast.Return)) for n in ast.walk(loop))
    _finish(scope, sub)
    scope.lists[lst] = Lst(lst, shape, 0 if has_exit else length)
    return S("_0 = []", lst) + [loop], False


@construct("snippets", 3, 0)
def idiom(ctx, scope, depth, out):
    """Euler steps, power iteration, Horner's rule, a recurrence x = g(x) (logistic, Ricker)."""
    if depth >= 2:
        return [], False
    kind = ctx.pick(["euler", "power", "horner", "map"])
    k = ctx.fresh("int", scope)
    steps = ctx.pick([3, 4, 5])
    if kind == "map":
        return _recurrence(ctx, scope, k, steps), False
    if kind == "euler":
        x0, v0 = expr(ctx, scope, (), 1), expr(ctx, scope, (), 1)
        x, v = ctx.fresh("scalar", scope), ctx.fresh("scalar", scope)
        scope.define(x, ())
        scope.define(v, ())
        sub = _loop_scope(scope, (k, steps))
        force = adapt(ctx, sub, "unit", (), 1)
        return S("_0 = _1\n_2 = _3\nfor _4 in range(_5):\n    _2 = _2 - 0.1 * (_0 + _6)\n    _0 = _0 + 0.1 * _2",
                 x, x0, v, v0, k, steps, force), False
    if kind == "power":
        mats = [v for v in scope.vars.values() if len(v.shape) == 2 and v.shape[0] == v.shape[1]]
        size = ctx.m
        mat = ctx.pick(mats).name if mats else None
        b = ctx.fresh("vector", scope)
        mat_expr = name(mat) if mat else E("_0 @ _0.T", expr(ctx, scope, (size, ctx.n), 1))
        size = scope.vars[mat].shape[0] if mat else size
        scope.define(b, (size,), False)
        return S("_0 = np.ones(_1)\nfor _2 in range(_3):\n    _0 = _4 @ _0\n    _0 = _0 / np.linalg.norm(_0)",
                 b, size, k, steps, mat_expr), False
    acc, t = ctx.fresh("scalar", scope), expr(ctx, scope, (), 1)
    vecs = [v for v in scope.vars.values() if len(v.shape) == 1]
    coeffs = ctx.pick(vecs).name if vecs else None
    if coeffs is None:
        return [], False
    item = ctx.fresh("scalar", scope)
    scope.define(acc, ())
    return S("_0 = 0.0\nfor _1 in _2:\n    _0 = _0 * _3 + _1", acc, item, coeffs, E("np.tanh(_0)", t)), False


def _recurrence(ctx, scope, k, steps):
    """A state that overwrites itself from its own value (``x = r * x * (1 - x)``), on a
    scalar or a vector, with a running sum of the new state: stays in (0, 1) / bounded."""
    vecs = [v.shape for v in scope.vars.values() if len(v.shape) == 1]
    shape = ctx.pick([()] + vecs[:1])
    x, acc = ctx.fresh("scalar" if shape == () else "vector", scope), ctx.fresh("scalar", scope)
    x0, rate = expr(ctx, scope, shape, 1), expr(ctx, scope, (), 1)
    step = ctx.pick(["_0 = (2.5 + 0.5 * np.tanh(_1)) * _0 * (1 - _0)",
                     "_0 = _0 * np.exp((0.5 + 0.3 * np.tanh(_1)) * (1 - _0))",
                     "_0 = _0 + 0.2 * np.tanh(_1) * (1 - _0 * _0)"])
    total = "_2 = _2 + _0 * _0" if shape == () else "_2 = _2 + np.sum(_0 * _0)"
    scope.define(x, shape)
    scope.define(acc, ())
    return S(f"_0 = 0.5 + 0.4 * np.tanh(_3)\n_2 = 0.0\nfor _4 in range(_5):\n    {step}\n    {total}",
             x, rate, acc, x0, k, steps)


@construct("branches", 2, 3)
def guarded_update(ctx, scope, depth, out):
    """if x[i] > 0: s += ... (ReLU by hand, a data-dependent accumulation)."""
    scalars = [v for v in scope.vars.values() if v.shape == () and v.name not in scope.loop_vars]
    if not scalars:
        return [], False
    s = ctx.pick(scalars)
    return S("if _0:\n    _1 = _1 + _2\nelse:\n    _1 = _1 - 0.5 * _3", cond(ctx, scope, 1), s.name,
             expr(ctx, scope, (), 2), expr(ctx, scope, (), 1)), False
