"""List idioms stop 39 lifted that the generator did not draw before (fuzz40), tag ``stacks``:

* ``stack``: a local list used as a stack or queue: ``L.pop()``, ``L.pop(k)``, ``del L[k]``,
  ``L.insert(k, v)``, straight-line or in a counted loop (one push and one pop per turn), each
  popped value read;
* ``star``: ``[*xs, v]``, ``[v, *xs]``, ``(*a, *b)`` of local lists/tuples, read by ``sum``, an index
  or ``np.array``;
* ``alias``: ``M = L`` then a slot rebound, an item appended or popped through either name, both
  names read after (they are one list);
* ``list_arg``: a module helper taking a list argument, copying it (``xs.copy()``, ``list(xs)``,
  ``xs[:]``) and changing the copy, called with a list ``f`` built.

Invariant: the length of every list is known where it is indexed (pops never empty a list); the
caller's arrays are never written (items are numbers or fresh arrays, rebound, never updated in place).
"""
import ast

from .effects import _def, _helper_name
from .productions import adapt, expr
from .stmts import construct
from .tmpl import E, S
from .wider import _bound_name

__all__ = []


def _red(shape, text):
    return text if shape == () else f"np.sum({text})"


def _display(ctx, scope, shape, count):
    return ast.List(elts=[expr(ctx, scope, shape, 1) for _ in range(count)], ctx=ast.Load())


def _assign(target, value):
    return [ast.Assign(targets=[ast.Name(id=target, ctx=ast.Store())], value=value)]


def _shrink(ctx, length):
    """A statement template taking one item off a list of ``length`` items (``_0`` the list, ``_1``
    the name receiving it, or None for ``del``), and whether it binds ``_1``."""
    k = ctx.rng.randrange(length)
    forms = [("_1 = _0.pop()", True), (f"_1 = _0.pop({k})", True), ("_1 = _0.pop(0)", True),
             (f"_1 = _0.pop({k - length})", True), (f"del _0[{k}]", False), ("del _0[-1]", False)]
    return ctx.pick(forms)


def _grow(ctx, length):
    k = ctx.rng.randrange(length + 1)
    return ctx.pick(["_0.append(_1)", f"_0.insert({k}, _1)", "_0.insert(0, _1)", f"_0.insert({-1 - k}, _1)"])


@construct("stacks", 3, 1)
def stack(ctx, scope, depth, out):
    if depth >= 2:
        return [], False
    shape = ctx.pick([(), (), (), (ctx.n,)])
    length = ctx.pick([2, 3])
    lst, acc, r = ctx.fresh("list", scope), ctx.fresh("scalar", scope), ctx.fresh("scalar", scope)
    top = _bound_name(ctx, "top")
    stmts = _assign(lst, _display(ctx, scope, shape, length)) + S("_0 = 0.0", acc)
    coef = adapt(ctx, scope, "unit", (), 1)
    if ctx.chance(0.6):
        i = _bound_name(ctx, "i")
        sub = scope.copy()
        sub.in_loop = True
        body = S(_grow(ctx, length), lst, E("_0 * (_1 + 1.0)", expr(ctx, sub, shape, 1), i))
        form, binds = _shrink(ctx, length + 1)
        body += S(form, lst, top)
        body += S(f"_0 = _1 * _0 + {_red(shape, '_2')}", acc, coef, top) if binds else \
            S(f"_0 = _0 + {_red(shape, '_1[0]')}", acc, lst)
        loop = S(f"for _0 in range({ctx.pick([2, 3, 4])}):\n    pass", i)
        loop[0].body = body
        stmts += loop
    else:
        for _ in range(ctx.pick([1, 2])):
            stmts += S(_grow(ctx, length), lst, expr(ctx, scope, shape, 1))
            form, binds = _shrink(ctx, length + 1)
            stmts += S(form, lst, top)
            stmts += S(f"_0 = _1 * _0 + {_red(shape, '_2')}", acc, coef, top) if binds else []
    use = ctx.pick([f"_0 = _1 + {_red(shape, 'sum(_2)')}", f"_0 = _1 * 0.5 + {_red(shape, '_2[-1]')}",
                    "_0 = _1 + float(np.sum(np.array(_2) ** 2))", f"_0 = _1 - {_red(shape, '_2[0]')} * len(_2)"])
    stmts += S(use, r, acc, lst)
    scope.define(r, ())
    ctx.use("lists")
    return stmts, False


@construct("stacks", 2, 1)
def star(ctx, scope, depth, out):
    shape = ctx.pick([(), (), (ctx.n,)])
    a, b, r = ctx.fresh("list", scope), ctx.fresh("list", scope), ctx.fresh("scalar", scope)
    na, nb = ctx.pick([1, 2, 3]), ctx.pick([1, 2])
    stmts = _assign(a, _display(ctx, scope, shape, na))
    tup = ctx.chance(0.4)
    second = _display(ctx, scope, shape, nb)
    stmts += _assign(b, ast.Tuple(elts=second.elts, ctx=ast.Load()) if tup else second)
    form, length = ctx.pick([("[*_1, _2]", na + 1), ("[_2, *_1]", na + 1), ("(*_1, *_3)", na + nb),
                             ("[*_1, *_3, _2]", na + nb + 1), ("(_2, *_3)", nb + 1)])
    ys = ctx.fresh("list", scope)
    stmts += S(f"_0 = {form}", ys, a, expr(ctx, scope, shape, 1), b)
    k = ctx.rng.randrange(length)
    use = ctx.pick([_red(shape, "sum(_1)"), _red(shape, f"_1[{k}]") + " * " + _red(shape, "_1[-1]"),
                    "float(np.sum(np.array(_1) * np.arange(1.0, _2 + 1.0)))", _red(shape, "sum(_1[1:])")])
    stmts += S("_0 = " + use, r, ys, length)
    scope.define(r, ())
    ctx.use("lists")
    ctx.use("tuples")
    return stmts, False


@construct("stacks", 2, 1)
def alias(ctx, scope, depth, out):
    shape = ctx.pick([(), (), (ctx.n,)])
    length = ctx.pick([2, 3])
    lst, other, r = ctx.fresh("list", scope), ctx.fresh("list", scope), ctx.fresh("scalar", scope)
    stmts = _assign(lst, _display(ctx, scope, shape, length)) + S("_0 = _1", other, lst)
    names = [lst, other]
    for _ in range(ctx.pick([1, 2, 3])):
        via = ctx.pick(names)
        k = ctx.rng.randrange(length)
        ops = ["_0[_1] = _0[_1] * _2", "_0[_1] = _2", "_0.append(_2)", "_0[-1] = _0[_1] - _2"]
        if shape == ():
            ops += ["_0[_1] += _2", "_0[_1] *= _2"]
        op = ctx.pick(ops)
        stmts += S(op, via, k, expr(ctx, scope, shape, 1))
        length += op.startswith("_0.append")
    if ctx.chance(0.3):
        stmts += S("_1 = _0.pop()", ctx.pick(names), _bound_name(ctx, "last"))
        length -= 1
    k = ctx.rng.randrange(length)
    use = ctx.pick([_red(shape, "sum(_1)") + " + 2.0 * " + _red(shape, "_2[_3]"),
                    _red(shape, "_1[_3]") + " * " + _red(shape, "_2[-1]"),
                    "float(np.sum(np.array(_2) ** 2)) + len(_1)"])
    stmts += S("_0 = " + use, r, ctx.pick(names), ctx.pick(names), k)
    scope.define(r, ())
    ctx.use("lists")
    return stmts, False


_ARG_BODIES = [
    "ys = {copy}\nys[0] = ys[0] * s\nreturn {red_ys} + {red_x0}",
    "ys = {copy}\nys.append(s * {red_x0})\nreturn {red_ys}",
    "ys = {copy}\nys[-1] = s - ys[-1]\nys.insert(0, s)\nreturn {red_ys} * 0.5 + {red_x0}",
    "ys = {copy}\nlast = ys.pop()\nreturn {red_ys} + s * {red_last}",
    "ys = {copy}\nys[0] = ys[0] + s\nreturn {red_ys0} * {red_x0} + {red_ys}",
]


@construct("stacks", 2, 1)
def list_arg(ctx, scope, depth, out):
    shape = ctx.pick([(), (), (ctx.n,)])
    length = ctx.pick([2, 3])
    fname = _helper_name(ctx, ["total_of", "score_list", "fold_items", "push_eval"])
    copy = ctx.pick(["xs.copy()", "list(xs)", "xs[:]", "[*xs]"])
    text = ctx.pick(_ARG_BODIES).format(copy=copy, red_ys=_red(shape, "sum(ys)"), red_x0=_red(shape, "xs[0]"),
                                        red_last=_red(shape, "last"), red_ys0=_red(shape, "ys[0]"))
    ctx.extra_defs.append(_def(fname, ["xs", "s"], S(text)))
    r = ctx.fresh("scalar", scope)
    if ctx.chance(0.5):
        lst = ctx.fresh("list", scope)
        stmts = _assign(lst, _display(ctx, scope, shape, length))
        stmts += S(f"_0 = {fname}(_1, _2) + " + _red(shape, "sum(_1)"), r, lst, expr(ctx, scope, (), 1))
    else:
        stmts = S(f"_0 = {fname}(_1, _2)", r, _display(ctx, scope, shape, length), expr(ctx, scope, (), 1))
    scope.define(r, ())
    ctx.use("helpers")
    ctx.use("lists")
    return stmts, False
