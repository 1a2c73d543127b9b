"""Recursive helpers, tag ``recursion`` (rec46): the recursion users write, which s2sad
differentiates by splitting the function (transforms/split*.py).

A form writes one or two module-level functions (``ctx.extra_defs``) and says how to call them:

* ``counted``: ``h(x, c, n)`` recursing on ``n - 1`` (sometimes a keyword default ``n=3``), its base
  case sometimes data-dependent (``if n == 0 or np.sum(x) > 2.5``), returning a number or an array,
  sometimes reading a module global array;
* ``halves``: divide and conquer on slices, ``h(x[:m], c) + h(x[m:], c)`` (a number, or an array
  joined by ``np.concatenate``);
* ``ranges``: index ranges of a vector or the rows of a matrix, ``h(x, c, lo, mid)``;
* ``mutual``: two functions calling each other on ``n - 1``;
* ``pairs``: a tuple result ``(array, number)`` unpacked by the recursive call;
* ``seqs``: a tuple or list of two arrays (same or different shapes) as one parameter, unpacked in
  the body; or a list walked by index (``h(xs, i + 1)``).

The call: once, twice with different arguments, or in a counted loop; sometimes through a
non-recursive wrapper (recursion inside a helper); a tuple or list argument written as a display
or as a name bound before.

Invariant: every recursion ends after a depth fixed by the call (counts are ints the program
writes, slices halve); values stay bounded (each level goes through ``np.tanh`` or a factor < 1).
"""
import ast

from .effects import _def, _helper_name
from .productions import adapt, expr
from .scope import Scope, Var
from .stmts import construct
from .tmpl import E, S, const
from .wider import _bound_name

__all__ = []

_NAMES = ["descend", "refine", "recur", "nest", "bisect_sum", "split_eval", "tree_sum", "unroll", "cascade"]


def _scope(ctx, pairs):
    """The helper body's scope: its float parameters (name, shape)."""
    scope = Scope()
    for p, shape in pairs:
        scope.vars[p] = Var(p, shape, False, 2.0)
    return scope


def _red(shape, node):
    return node if shape == () else E("np.sum(_0)", node)


def _counted(ctx):
    shape = ctx.pick([(ctx.n,), (ctx.n,), (), (ctx.m, ctx.n)])
    ret = ctx.pick([(), (), shape])
    fname = _helper_name(ctx, _NAMES)
    x, c, n = _bound_name(ctx, "x"), _bound_name(ctx, "c"), _bound_name(ctx, "n")
    hs = _scope(ctx, [(x, shape), (c, ())])
    base = expr(ctx, hs, ret, 1)
    test = "_1 == 0"
    if ctx.chance(0.3):
        test = ctx.pick(["_1 == 0 or np.sum(_0) > 2.5", "np.max(np.abs(_0)) > 3.0 or _1 <= 0"])
    glob = None
    if shape and ctx.chance(0.3):
        glob = _bound_name(ctx, "WREC")
        ctx.extra_defs.extend(S(f"_0 = np.linspace(-0.5, 1.0, {shape[-1]})", glob))
    step = E("np.tanh(_0)", expr(ctx, hs, shape, 1))
    if glob:
        step = E("np.tanh(_0 * _1)", step, glob)
    comb = ctx.pick(["0.5 * _0 + _1", "np.tanh(_0) * _1", "_0 * 0.8 - _1", "np.sin(_0) + 0.3 * _1"])
    other = expr(ctx, hs, ret, 1)
    keyword = ctx.chance(0.3)
    rec = f"_0(_1, _2, {n + '=' if keyword else ''}_3 - 1)"
    body = S(f"if {test}:\n    return _2", x, n, base)
    body += S("_0 = _1", _bound_name(ctx, "y"), step)
    y = body[-1].targets[0].id
    body += [ast.Return(value=E(comb, E(rec, fname, y, c, n), other))]
    node = _def(fname, [x, c, n], body)
    depth = ctx.pick([1, 2, 3])
    if keyword:
        node.args.defaults = [const(depth)]
    ctx.extra_defs.append(node)
    args = [("arr", shape), ("num", ())] + ([] if keyword and ctx.chance(0.5) else [("int", depth)])
    return fname, args, [ret]


def _halves(ctx):
    k = ctx.pick([2, 3, 4, 5])
    array = ctx.chance(0.35)
    fname = _helper_name(ctx, _NAMES)
    x, c, m = _bound_name(ctx, "x"), _bound_name(ctx, "c"), _bound_name(ctx, "m")
    test = ctx.pick(["_0.shape[0] == 1", "len(_0) <= 1", "_0.size < 2"])
    if array:
        leaf = ctx.pick(["np.sin(_0) * _1", "_0 * _1 + 0.5 * _0 ** 2", "np.tanh(_0 + _1)"])
        comb = ctx.pick(["np.concatenate((_0, 0.5 * _1))", "np.concatenate([np.tanh(_0), _1])"])
    else:
        leaf = ctx.pick(["_0[0] ** 2 * _1", "np.sin(_0[0]) + _1 * _0[0]", "np.exp(0.5 * _0[0]) * _1"])
        comb = ctx.pick(["_0 * 1.1 + _1", "np.tanh(_0) + _1 * _1", "_0 - 0.5 * _1"])
    lo, hi = E(f"{fname}(_0[:_1], _2)", x, m, c), E(f"{fname}(_0[_1:], _2)", x, m, c)
    body = S(f"if {test}:\n    return {leaf.replace('_1', '_2')}", x, None, c)
    body += S(f"_0 = {ctx.pick(['_1.shape[0] // 2', 'len(_1) // 2'])}", m, x)
    body += [ast.Return(value=E(comb, lo, hi))]
    ctx.extra_defs.append(_def(fname, [x, c], body))
    return fname, [("arr", (k,)), ("num", ())], [(k,) if array else ()]


def _ranges(ctx):
    shape = ctx.pick([(ctx.n,), (ctx.n, ctx.m)])
    fname = _helper_name(ctx, _NAMES)
    x, c, lo, hi, mid = (_bound_name(ctx, b) for b in ("x", "c", "lo", "hi", "mid"))
    leaf = ctx.pick(["_0[_1] ** 2 * _2", "np.sin(_0[_1]) + _2", "np.tanh(_0[_1] * _2)"])
    leaf = leaf if len(shape) == 1 else f"np.sum({leaf})"
    comb = ctx.pick(["_0 + _2 * _1", "np.tanh(_0) * _1 + _2", "_0 * _1"])
    body = S(f"if _2 - _1 <= 1:\n    return {leaf.replace('_2', '_3')}", x, lo, hi, c)
    body += S("_0 = (_1 + _2) // 2", mid, lo, hi)
    left, right = (E(f"{fname}(_0, _1, _2, _3)", x, c, a, b) for a, b in ((lo, mid), (mid, hi)))
    body += [ast.Return(value=E(comb, left, right, c))]
    ctx.extra_defs.append(_def(fname, [x, c, lo, hi], body))
    end = ("int", shape[0]) if ctx.chance(0.6) else ("len", 0)
    return fname, [("arr", shape), ("num", ()), ("int", 0), end], [()]


def _mutual(ctx):
    shape = ctx.pick([(ctx.n,), ()])
    first, second = _helper_name(ctx, ["even_step", "ping", "forward_a"]), _helper_name(ctx, ["odd_step", "pong", "forward_b"])
    for me, other in ((first, second), (second, first)):
        x, n = _bound_name(ctx, "x"), _bound_name(ctx, "n")
        hs = _scope(ctx, [(x, shape)])
        body = S("if _1 == 0:\n    return _0", _red(shape, expr(ctx, hs, shape, 1)), n)
        step = E("np.tanh(_0)", expr(ctx, hs, shape, 1))
        comb = ctx.pick(["_0 * 0.8 + _1", "np.sin(_0) + _1", "_0 - 0.5 * _1"])
        body += [ast.Return(value=E(comb, E(f"{other}(_0, _1 - 1)", step, n), _red(shape, expr(ctx, hs, shape, 1))))]
        ctx.extra_defs.append(_def(me, [x, n], body))
    return first, [("arr", shape), ("int", ctx.pick([1, 2, 3, 4]))], [()]


def _pairs(ctx):
    shape = ctx.pick([(ctx.n,), (ctx.m, ctx.n)])
    fname = _helper_name(ctx, _NAMES)
    x, c, n, y, s = (_bound_name(ctx, b) for b in ("x", "c", "n", "y", "s"))
    hs = _scope(ctx, [(x, shape), (c, ())])
    body = S("if _0 == 0:\n    return (_1, _2)", n, E("_0 * _1", x, c), _red(shape, expr(ctx, hs, shape, 1)))
    step = E("np.tanh(_0)", expr(ctx, hs, shape, 1))
    body += S(f"_0, _1 = {fname}(_2, _3, _4 - 1)", y, s, step, c, n)
    hs.vars[y], hs.vars[s] = Var(y, shape, False, 3.0), Var(s, (), False, 3.0)
    first = ctx.pick(["_0 * 0.5 + _1", "np.tanh(_0) * _1", "_1 - 0.3 * _0"])
    second = ctx.pick(["_0 + np.sum(_1 * _2)", "0.5 * _0 + np.sum(np.sin(_1))", "_0 * _3 + np.sum(_2)"])
    body += [ast.Return(value=ast.Tuple(elts=[E(first, y, x), E(second, s, y, x, c)], ctx=ast.Load()))]
    ctx.extra_defs.append(_def(fname, [x, c, n], body))
    return fname, [("arr", shape), ("num", ()), ("int", ctx.pick([1, 2, 3]))], [shape, ()]


def _seqs(ctx):
    shapes = [ctx.pick([(ctx.n,), (ctx.m,), ()]) for _ in range(2)]
    if ctx.chance(0.3):
        return _walk(ctx, shapes + [ctx.pick([(ctx.n,), (ctx.m, ctx.n)])])
    fname = _helper_name(ctx, _NAMES)
    ps, a, b, n = (_bound_name(ctx, base) for base in ("ps", "a", "b", "n"))
    hs = _scope(ctx, [(a, shapes[0]), (b, shapes[1])])
    body = S("_0, _1 = _2", a, b, ps)
    body += S("if _1 == 0:\n    return _0", E("_0 * _1", _red(shapes[0], expr(ctx, hs, shapes[0], 1)),
                                                  _red(shapes[1], expr(ctx, hs, shapes[1], 1))), n)
    steps = [E("np.tanh(_0)", expr(ctx, hs, s, 1)) for s in shapes]
    display = ast.Tuple if ctx.chance(0.5) else ast.List
    rec = E(f"{fname}(_0, _1 - 1)", display(elts=steps, ctx=ast.Load()), n)
    body += [ast.Return(value=E(ctx.pick(["0.5 * _0 + _1", "np.tanh(_0) + _1"]), rec,
                                _red(shapes[0], expr(ctx, hs, shapes[0], 1))))]
    ctx.extra_defs.append(_def(fname, [ps, n], body))
    return fname, [("seq", shapes), ("int", ctx.pick([1, 2, 3]))], [()]


def _walk(ctx, shapes):
    fname = _helper_name(ctx, _NAMES)
    xs, i = _bound_name(ctx, "xs"), _bound_name(ctx, "i")
    term = ctx.pick(["np.sum(_0[_1] ** 2)", "np.sum(np.sin(_0[_1]))", "np.mean(_0[_1]) * 2.0"])
    comb = ctx.pick(["_0 + 0.5 * _1", "np.tanh(_1) + _0", "_0 * (1.0 + 0.3 * _1)"])
    body = S("if _1 == len(_0):\n    return 0.0", xs, i)
    body += [ast.Return(value=E(comb, E(term, xs, i), E(f"{fname}(_0, _1 + 1)", xs, i)))]
    ctx.extra_defs.append(_def(fname, [xs, i], body))
    return fname, [("seq", shapes), ("int", 0)], [()]


def _worked(ctx):
    """A body that works before recursing: a loop accumulating, or a copy written in place."""
    shape = (ctx.pick([ctx.n, ctx.m]),)
    fname = _helper_name(ctx, _NAMES)
    x, c, n, s, i, w = (_bound_name(ctx, b) for b in ("x", "c", "n", "s", "i", "w"))
    hs = _scope(ctx, [(x, shape), (c, ())])
    if ctx.chance(0.5):
        body = S(f"_0 = 0.0\nfor _1 in range(_2.shape[0]):\n    _0 = _0 + _2[_1] * ({ctx.pick(['_1 + 1.0', '_3', '0.5'])})",
                 s, i, x, c)
        nxt = E("np.tanh(_0)", expr(ctx, hs, shape, 1))
    else:
        body = S("_0 = _1.copy()\n_0[0] = _0[0] * _2 + _1[-1]\n_3 = np.sum(_0 ** 2) * 0.5", w, x, c, s)
        nxt = E("np.tanh(_0)", w)
    body += S("if _0 == 0:\n    return _1", n, s)
    comb = ctx.pick(["_0 + 0.5 * _1", "_0 * np.tanh(_1)", "np.sin(_0) + _1"])
    body += [ast.Return(value=E(comb, s, E(f"{fname}(_0, _1, _2 - 1)", nxt, c, n)))]
    ctx.extra_defs.append(_def(fname, [x, c, n], body))
    return fname, [("arr", shape), ("num", ()), ("int", ctx.pick([1, 2, 3]))], [()]


def _through(ctx):
    """A tuple of two arrays in, the same tuple out (a state carried through the recursion), or a
    recursive function calling a plain helper on each level."""
    shapes = [ctx.pick([(ctx.n,), (ctx.m,), (ctx.m, ctx.n)]) for _ in range(2)]
    fname = _helper_name(ctx, _NAMES)
    ps, a, b, n = (_bound_name(ctx, base) for base in ("ps", "a", "b", "n"))
    hs = _scope(ctx, [(a, shapes[0]), (b, shapes[1])])
    body = S("_0, _1 = _2", a, b, ps)
    body += S("if _0 == 0:\n    return (_1, _2)", n, E("_0 * 1.0", a), E("_0 * 1.0", b))
    mix = E(ctx.pick(["np.sum(_0)", "np.mean(_0)", "np.sum(np.sin(_0))"]), b)
    steps = [E("np.tanh(_0)", expr(ctx, hs, shapes[0], 1)), E("np.tanh(_0 * _1)", b, mix)]
    if ctx.chance(0.4):
        plain = _helper_name(ctx, ["squash", "level", "soften"])
        z = _bound_name(ctx, "z")
        ctx.extra_defs.append(_def(plain, [z], S(f"return np.tanh({ctx.pick(['_0 * 0.9', '_0 - 0.2 * _0 ** 2'])})", z)))
        steps[0] = E(f"{plain}(_0)", steps[0])
    display = ast.Tuple if ctx.chance(0.6) else ast.List
    body += [ast.Return(value=E(f"{fname}(_0, _1 - 1)", display(elts=steps, ctx=ast.Load()), n))]
    ctx.extra_defs.append(_def(fname, [ps, n], body))
    return fname, [("seq", shapes), ("int", ctx.pick([1, 2, 3]))], shapes


FORMS = ((3, _counted), (2, _halves), (2, _ranges), (1, _mutual), (2, _pairs), (2, _seqs), (2, _worked),
         (2, _through))


def _argument(ctx, scope, spec, pre):
    """The call's argument for ``spec`` (statements binding a list or tuple go to ``pre``)."""
    kind, shape = spec
    if kind == "arr":
        return expr(ctx, scope, shape, 1)
    if kind == "num":
        return adapt(ctx, scope, "unit", (), 1)
    if kind == "int":
        return const(shape)
    if kind == "len":
        return None                    # len of the array argument: filled by the caller
    items = [expr(ctx, scope, s, 1) for s in shape]
    display = (ast.Tuple if ctx.chance(0.5) else ast.List)(elts=items, ctx=ast.Load())
    if ctx.chance(0.5):
        return display
    seq = ctx.fresh("list", scope)
    pre.extend([ast.Assign(targets=[ast.Name(id=seq, ctx=ast.Store())], value=display)])
    return ast.Name(id=seq, ctx=ast.Load())


def _call(ctx, scope, fname, specs, pre):
    args = [_argument(ctx, scope, spec, pre) for spec in specs]
    for k, spec in enumerate(specs):
        if spec[0] == "len":
            args[k] = E("len(_0)", args[0])
    return ast.Call(func=ast.Name(id=fname, ctx=ast.Load()), args=args, keywords=[])


def _wrap(ctx, fname, specs, rets):
    """A non-recursive helper calling the recursive one (recursion inside a helper)."""
    outer = _helper_name(ctx, ["run_tree", "evaluate", "solve_rec", "apply_rec"])
    params = [_bound_name(ctx, "q") for _ in specs]
    inner = E(f"{fname}({', '.join(params)})")
    value = inner if len(rets) > 1 else E(ctx.pick(["_0 * 0.5 + 1.0", "np.tanh(_0)", "_0"]), inner)
    ctx.extra_defs.append(_def(outer, params, [ast.Return(value=value)]))
    return outer


@construct("recursion", 4, 1)
def recursive_call(ctx, scope, depth, out):
    if depth >= 2:
        return [], False
    fname, specs, rets = ctx.weighted([(w, form) for w, form in FORMS])(ctx)
    if ctx.chance(0.25) and not any(s[0] == "len" for s in specs):
        fname = _wrap(ctx, fname, specs, rets)
    r = ctx.fresh("scalar", scope)
    times = 1 if scope.in_loop else ctx.pick([1, 1, 2, 3])
    k = _bound_name(ctx, "kk") if times == 3 else None
    stmts, values = [], []
    for _ in range(1 if times == 3 else times):
        call = _call(ctx, scope, fname, specs, stmts)
        if k is not None and specs[0][0] == "arr" and ctx.chance(0.6):   # the argument changes each turn
            call.args[0] = E("_0 * (1.0 - 0.1 * _1)", call.args[0], k)
        if len(rets) > 1:
            parts = [ctx.fresh("scalar" if not s else "vector" if len(s) == 1 else "matrix", scope) for s in rets]
            stmts += [ast.Assign(targets=[ast.Tuple(elts=[ast.Name(id=p, ctx=ast.Store()) for p in parts],
                                                    ctx=ast.Store())], value=call)]
            terms = [E("np.sum(np.sin(_0))", p) if shape else E("_0", p) for p, shape in zip(parts, rets)]
            values.append(E("_0 + _1", terms[0], terms[1]))
        else:
            values.append(_red(rets[0], call))
    total = values[0] if len(values) == 1 else E("_0 + 0.5 * _1", values[0], values[1])
    if times == 3:                      # in a counted loop
        loop = S(f"_0 = 0.0\nfor _1 in range({ctx.pick([2, 3])}):\n    _0 = 0.7 * _0 + _2", r, k, total)
        loop[1].body = stmts + loop[1].body
        stmts = loop
    else:
        stmts += S("_0 = _1", r, total)
    scope.define(r, ())
    ctx.use("helpers")
    return stmts, False
