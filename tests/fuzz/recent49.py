"""Statement forms the front end learned in stops 46-48 that the generator did not draw (fuzz49):

* ``match_values``: ``match`` on an int (a loop index, an int parameter, ``int(np.argmax(v))``) with
  literal cases, ``|``, ``case n if n > 1:`` captures with guards and ``case _:``; or on a number
  with captures and guards only (``case z if z > 0.3:``, the capture read in the arm: the
  derivative flows through it) -- ``frontend/match_ifs.py``; each arm a generated block;
* ``while_walrus``: ``while (d := abs(y - g)) > tol and k < K:`` (``desugar.while_walrus``), a
  contraction towards a target, with a generated body after the update;
* ``tuple_join``: ``t = ()`` then ``t = t + (e,)`` / ``t += (e,)`` in a counted loop, or
  ``t[:1] + (e,) + t[2:]``, ``(e,) * 3``, read by ``sum``/``np.array``/an index
  (``frontend/tuple_joins.py``);
* ``list_methods``: ``L.reverse()``, ``L.sort()``, ``L.sort(key=abs, reverse=True)``,
  ``L.remove(L[k])`` on a local list of numbers, then read;
* ``list_repeat``: ``[e] * n`` / ``L * n`` with ``n`` an int parameter or a constant, read by
  ``sum``/``np.array``;
* ``helper_push``: a module helper that ``.append``s (``.extend``s) to its list parameter, called on
  a local list, the list read from its end before and after (``frontend/list_index.py``);
* ``attr_write``: ``o.f = e`` / ``o.f += e`` on an object (plain class or dataclass) the function
  built, its method read before and after (``frontend/object_dataclass.py``, attribute writes).

Invariant (as everywhere): only the function's own lists grow; lists hold numbers here.
"""
import ast

from .effects import _def, _helper_name
from .inplace import _loop_scope
from .leaves import var_of
from .loops import _body, _finish
from .objects import _class_def, _fields, _method_value
from .productions import adapt, expr
from .scope import Lst
from .stmts import block, construct
from .tmpl import E, S, const, name
from .wider import _bound_name, _c

__all__ = []

_INT_PARAMS = ("n_steps", "n", "iters", "order")


def _scalar(ctx, scope, r, value):
    scope.define(r, ())
    return S("_0 = _1", r, value)


def _arms(ctx, scope, depth, out, count, target, capture=None):
    """``count`` arm bodies (a block, then ``target = ...``) and the scope after them."""
    bodies, scopes = [], []
    for _ in range(count):
        sub = scope.copy()
        if capture:
            sub.define(capture, ())
            sub.loop_vars = frozenset(sub.loop_vars | {capture})
        body, terminal = block(ctx, sub, ctx.pick([0, 1, 1, 2]), depth + 1, out)
        if not terminal:
            body += S("_0 = _1", target, expr(ctx, sub, (), 2))
            sub.define(target, ())
            scopes.append(sub)
        bodies.append(body)
    return bodies, scopes


def _merge(scope, scopes, target):
    if not scopes:
        return True
    merged = scopes[0]
    for other in scopes[1:]:
        merged = merged.meet(other)
    scope.vars, scope.lists, scope.ints = merged.vars, merged.lists, merged.ints
    if target in scope.vars:
        scope.vars[target].weight = 3.0
    return False


@construct("matches", 1.5, 0.8)
def match_values(ctx, scope, depth, out):
    if depth >= 2:
        return [], False
    target = ctx.fresh("scalar", scope)
    ints = [i for i in scope.ints.values() if i.ub] + \
        [i for i in ctx.global_ints if i in _INT_PARAMS or ctx.chance(0.3)]
    pre, z, k = [], None, None
    if ctx.chance(0.45):                    # a number: captures and guards only
        subject = var_of(ctx, scope, (), also_globals=False)
        if subject is None or ctx.chance(0.4):
            subject = ctx.fresh("scalar", scope)
            pre = _scalar(ctx, scope, subject, expr(ctx, scope, (), 2))
        z = _bound_name(ctx, "z")
        bodies, scopes = _arms(ctx, scope, depth, out, 3, target, capture=z)
        heads = [f"case {z} if {z} > {ctx.pick([0.3, 0.0, -0.2])}:", f"case {z} if {z} < -0.6:", "case _:"]
        if ctx.chance(0.3):
            heads[1] = f"case {z} if abs({z}) < 0.4 or {z} < -0.8:"
    else:
        if ints and ctx.chance(0.7):
            chosen = ctx.pick(ints)
            subject = chosen if isinstance(chosen, str) else chosen.name
        else:
            subject = ctx.fresh("int", scope)
            vec = var_of(ctx, scope, (ctx.n,)) or expr(ctx, scope, (ctx.n,), 1)
            pre = S(ctx.pick(["_0 = int(np.argmax(_1))", "_0 = int(np.argmin(np.abs(_1)))",
                              "_0 = int(np.sum(_1 > 0.0))"]), subject, vec)
        k = _bound_name(ctx, "k")
        heads = ctx.pick([["case 0:", "case 1 | 2:", "case _:"],
                          ["case 1:", f"case {k} if {k} > 2:", "case _:"],
                          ["case 0 | 1:", "case 2:", f"case {k}:"],
                          [f"case 0 | 1 as {k}:", "case 3:", "case _:"]])
        bodies, scopes = _arms(ctx, scope, depth, out, 3, target)
    text = "match _0:\n" + "".join(f"    {h}\n        pass\n" for h in heads)
    node = S(text, subject)[0]
    for case, body in zip(node.cases, bodies):
        case.body = body or [ast.Pass()]
    terminal = _merge(scope, scopes, target)
    for bound in (z, k):                    # a capture is unbound after the match on some paths
        scope.vars.pop(bound, None)
    ctx.use("branches")
    return pre + [node], terminal


@construct("matches", 1.2, 0.2)
def while_walrus(ctx, scope, depth, out):
    if depth >= 2:
        return [], False
    y, d, k = ctx.fresh("scalar", scope), _bound_name(ctx, "d"), ctx.fresh("int", scope)
    goal = expr(ctx, scope, (), 1)
    rate = adapt(ctx, scope, "unit", (), 1)
    sub = _loop_scope(scope, (k, None))
    sub.define(y, ())
    sub.define(d, ())
    sub.loop_vars = frozenset(sub.loop_vars | {y, d})
    body = _body(ctx, sub, depth, out, ctx.pick([1, 1, 2]))
    test = ctx.pick(["(_1 := abs(_0 - _3)) > _4 and _2 < 30", "(_1 := (_0 - _3) ** 2) > _4 and _2 < 30",
                     "(_1 := abs(_0 - _3)) >= _4 and _2 < 12"])
    stmts = S(f"_0 = _5\n_2 = 0\nwhile {test}:\n    _0 = _0 - (0.5 + 0.4 * _6) * (_0 - _3)\n    _2 += 1",
              y, d, k, goal, const(ctx.pick([1e-6, 1e-3, 0.05])), expr(ctx, scope, (), 1), rate)
    stmts[-1].body += [s for s in body if not isinstance(s, ast.Pass)]
    _finish(scope, sub)
    scope.define(y, ())
    ctx.use("while")
    return stmts, False


@construct("tuples", 1.5, 0.5)
def tuple_join(ctx, scope, depth, out):
    if depth >= 2:
        return [], False
    shape = ctx.pick([(), (), (ctx.n,)])
    t, r, i = _bound_name(ctx, "tup"), ctx.fresh("scalar", scope), ctx.fresh("int", scope)
    kind = ctx.pick(["loop", "loop", "slice", "repeat"])
    if kind == "loop":
        count = ctx.pick([2, 3, 4])
        sub = _loop_scope(scope, (i, count))
        join = ctx.pick(["_0 = _0 + (_1,)", "_0 += (_1,)", "_0 = (_1,) + _0"])
        stmts = S(f"_0 = ()\nfor _2 in range({count}):\n    {join}", t, E("_0 * (_1 + 1.0)",
                                                                         expr(ctx, sub, shape, 1), i), i)
    elif kind == "slice":
        count = 3
        stmts = S("_0 = (_1, _2, _3)\n_0 = _0[:1] + (_4,) + _0[2:]", t, *[expr(ctx, scope, shape, 1)
                                                                          for _ in range(4)])
    else:
        count = 3
        stmts = S("_0 = (_1,) * 3\n_0 = _0 + (_2,)", t, expr(ctx, scope, shape, 1), expr(ctx, scope, shape, 1))
        count = 4
    red = "_0" if shape == () else "np.sum(_0)"
    use = ctx.pick([f"_0 = {red.replace('_0', 'sum(_1)')}", f"_0 = {red.replace('_0', '_1[-1]')} + "
                    f"0.5 * {red.replace('_0', '_1[0]')}", "_0 = float(np.sum(np.array(_1) ** 2))",
                    f"_0 = {red.replace('_0', '_1[_2]')} * 2.0"])
    stmts += S(use, r, t, ctx.rng.randrange(count))
    scope.define(r, ())
    return stmts, False


@construct("lists", 1.5, 0)
def list_methods(ctx, scope, depth, out):
    if depth >= 2 or scope.in_loop:
        return [], False
    count = ctx.pick([3, 4])
    lst, r = ctx.fresh("list", scope), ctx.fresh("scalar", scope)
    items = ast.List(elts=[expr(ctx, scope, (), 1) for _ in range(count)], ctx=ast.Load())
    stmts = [ast.Assign(targets=[name(lst, True)], value=items)]
    ops = ctx.rng.sample(["_0.reverse()", "_0.sort()", "_0.sort(reverse=True)", "_0.sort(key=abs)",
                          "_0.remove(_0[_1])", "_0.sort(key=lambda e: -e * e)"], ctx.pick([1, 2]))
    length = count
    for op in ops:
        stmts += S(op, lst, ctx.rng.randrange(length))
        length -= op.startswith("_0.remove")
    use = ctx.pick(["_0 = _1[0] + 0.5 * _1[-1]", "_0 = sum(_1) * _1[_2]",
                    "_0 = float(np.sum(np.array(_1) * np.arange(1.0, len(_1) + 1.0)))"])
    stmts += S(use, r, lst, ctx.rng.randrange(length))
    scope.define(r, ())
    scope.lists[lst] = Lst(lst, (), length)
    return stmts, False


@construct("lists", 1, 0.5)
def list_repeat(ctx, scope, depth, out):
    ints = [i for i in ctx.global_ints if i in _INT_PARAMS]
    times = ctx.pick(ints) if ints and ctx.chance(0.8) else ctx.pick([2, 3])
    shape = ctx.pick([(), (), (ctx.n,)])
    lst, r = ctx.fresh("list", scope), ctx.fresh("scalar", scope)
    red = "_0" if shape == () else "np.sum(_0)"
    form = ctx.pick(["_0 = [_1] * _2", "_0 = [_1, _3] * _2"])
    stmts = S(form, lst, expr(ctx, scope, shape, 1), times, expr(ctx, scope, shape, 1))
    use = ctx.pick([f"_0 = {red.replace('_0', 'sum(_1)')}", "_0 = float(np.sum(np.array(_1) ** 2))",
                    f"_0 = {red.replace('_0', '_1[-1]')} * len(_1)"])
    stmts += S(use, r, lst)
    scope.define(r, ())
    return stmts, False


@construct("effects", 1.5, 0)
def helper_push(ctx, scope, depth, out):
    if scope.in_loop or depth >= 2:
        return [], False
    fname = _helper_name(ctx, ["push", "record", "log_", "add_term"])
    form = ctx.pick(["xs.append(v)", "xs.append(v * v)", "xs.extend([v, 0.5 * v])", "xs.append(v)\nreturn xs[-1]"])
    ctx.extra_defs.append(_def(fname, ["xs", "v"], S(form)))
    lst, u, r = ctx.fresh("list", scope), ctx.fresh("scalar", scope), ctx.fresh("scalar", scope)
    stmts = S("_0 = [_1, _2]", lst, expr(ctx, scope, (), 1), expr(ctx, scope, (), 1))
    stmts += S(ctx.pick(["_0 = _1[-1]", "_0 = _1[-1] * _1[0]", "_0 = sum(_1)"]), u, lst)
    call = S(f"{fname}(_0, _1)", lst, E("_0 * _1", u, _c(ctx, 0.5, 1.5)))
    if ctx.chance(0.4):
        i = _bound_name(ctx, "i")
        call = S(f"for _0 in range({ctx.pick([2, 3])}):\n    {fname}(_1, _2 + _0)", i, lst, expr(ctx, scope, (), 1))
    stmts += call
    stmts += S(ctx.pick(["_0 = _1 + _2[-1]", "_0 = _1 * sum(_2)", "_0 = _2[-2] - _1 + _2[0]"]), r, u, lst)
    scope.define(u, ())
    scope.define(r, ())
    ctx.use("helpers")
    ctx.use("lists")
    return stmts, False


@construct("classes", 1.2, 0)
def attr_write(ctx, scope, depth, out):
    """``o.f = e`` / ``o.f += e`` on an object the function built (a plain class or a dataclass), then a
    method or the field read: the write must reach what is read after (an array field is rebound,
    never written in place: it may be the caller's array)."""
    fields = _fields(ctx, scope)
    if not fields or depth >= 2:
        return [], False
    cname = _helper_name(ctx, ["Model", "Body", "Cell", "Spring"])
    method = ctx.pick(["forward", "energy", "apply"])
    arg_shape = ctx.pick([(), (ctx.n,)])
    value = _method_value(ctx, fields, arg_shape)
    if ctx.chance(0.4):
        text = "@dataclasses.dataclass\nclass C:\n" + "".join(
            f"    {f}: {'float' if shape == () else 'np.ndarray'}\n" for f, _, shape in fields)
        defs = S(text + f"    def {method}(self, z):\n        return _0\n", value)
        defs[0].name = cname
    else:
        defs = [_class_def(ctx, cname, fields, method, False, value)]
    ctx.extra_defs += defs
    obj, r = _helper_name(ctx, ["model", "body", "obj"]), ctx.fresh("scalar", scope)
    fld, _, shape = ctx.pick(fields)
    forms = [f"_0.{fld} = _1", f"_0.{fld} = _0.{fld} * _1"] + ([f"_0.{fld} += _1", f"_0.{fld} *= _1"]
                                                              if shape == () else [])
    e = expr(ctx, scope, () if ctx.chance(0.6) else shape, 1)
    stmts = S(f"_0 = {cname}({', '.join(loc for _, loc, _ in fields)})", obj)
    before = ctx.chance(0.4)
    if before:                               # the method read before the write too
        stmts += S(f"_0 = _1.{method}(_2)", r, obj, expr(ctx, scope, arg_shape, 1))
    stmts += S(ctx.pick(forms), obj, e)
    red = f"np.sum(_1.{fld})" if shape else f"_1.{fld}"
    use = ctx.pick([f"_0 = _1.{method}(_2)", f"_0 = {red} + _1.{method}(_2)"])
    if before:
        use = use.replace("_0 = ", "_0 = _0 + ", 1)
    stmts += S(use, r, obj, expr(ctx, scope, arg_shape, 1))
    scope.define(r, ())
    ctx.use("classes")
    return stmts, False
