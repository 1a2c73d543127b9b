"""Idioms the other constructs did not draw (fuzz21):

* ``indices``: integer and boolean index arrays the function builds and keeps in a name
  (``order = np.argsort(v)``, ``k = int(np.argmax(v))``, ``idx = np.arange(n)[::-1]``,
  ``mask = v > c``, ``np.nonzero(...)[0]``, ``np.argmax(M, axis=1)``), then gathers
  (``w[order]``, ``M[idx]``, ``M[np.arange(m), cols]``), masked reductions, and writes
  through them (``y[idx] += e``, ``np.add.at(y, idx, e)``, ``y[mask] = e``);
* ``comprehensions``: list comprehensions and generator expressions over vectors, rows,
  ``range``, ``zip`` and ``enumerate`` (nested, filtered), handed to ``np.array``, ``sum``,
  ``np.stack``, or kept as a list the rest of the function reads;
* ``containers``: a dict or a list of arrays built in the function and handed to a module
  helper that reads it by key or by loop (with a default argument, a global read inside,
  a tuple returned and unpacked);
* ``nested``: a module helper that copies its argument, writes into the copy, and hands a
  view of it to a second helper that writes in place and returns a tuple.

Invariant: as everywhere in the generator, the function writes only into arrays it
allocated; an index array holds valid indices for the axis it indexes; a filtered
comprehension's data-dependent length only reaches a sum.
"""
import ast

from .effects import _def, _helper_name
from .leaves import var_of
from .productions import adapt, expr
from .scope import Int, Lst
from .stmts import construct
from .tmpl import E, S, clone, const, name

__all__ = []


def _vec(ctx, scope, length=None, depth=1):
    """A live vector name (of ``length`` if given), else an expression of that length."""
    length = length or ctx.pick([ctx.n, ctx.m])
    live = var_of(ctx, scope, (length,))
    return (live if live is not None and ctx.chance(0.7) else expr(ctx, scope, (length,), depth)), length


def _define(ctx, scope, shape, value, writable):
    kind = "scalar" if shape == () else "vector" if len(shape) == 1 else "matrix"
    target = ctx.fresh(kind, scope)
    scope.define(target, shape, writable and shape != ())
    return S("_0 = _1", target, value)


def _c(ctx, lo=-0.5, hi=0.5):
    return const(round(ctx.rng.uniform(lo, hi), 2))


# ---- index arrays -------------------------------------------------------------------
@construct("indices", 3, 2)
def index_arrays(ctx, scope, depth, out):
    kind = ctx.pick(["argsort", "argmax", "arange", "mask", "nonzero", "rows"])
    v, k = _vec(ctx, scope)
    idx = ctx.fresh("int", scope)
    ctx.use("fancy")
    if kind == "argmax":
        form = ctx.pick(["int(np.argmax(_1))", "np.argmin(_1)", "int(np.argmax(np.abs(_1)))"])
        ctx.rules.add("np.argmax")
        scope.ints[idx] = Int(idx, k)         # then read by leaves.index wherever an axis is k long
        return S(f"_0 = {form}", idx, v), False
    if kind == "argsort":
        stmts = S(ctx.pick(["_0 = np.argsort(_1)", "_0 = np.argsort(-_1)", "_0 = (_1).argsort()"]), idx, v)
        w, _ = _vec(ctx, scope, k)
        use, shape = ctx.pick([("_0[_1]", (k,)), ("np.cumsum(_0[_1])", (k,)), ("np.sum(_0[_1[-2:]])", ()),
                               ("_0[_1] - _0", (k,)), ("np.dot(_0[_1], _2)", ())])
        ctx.rules.add("np.sort")
        return stmts + _define(ctx, scope, shape, E(use, w, idx, clone(v)), True), False
    if kind == "arange":
        form, length = ctx.pick([(f"np.arange({k})[::-1]", k), (f"(np.arange({k}) + 1) % {k}", k),
                                 (f"np.arange(0, {k}, 2)", (k + 1) // 2),
                                 (f"np.array({sorted(ctx.rng.sample(range(k), 2))})", 2)])
        return S(f"_0 = {form}", idx) + _gather_or_write(ctx, scope, idx, k, length), False
    if kind == "mask":
        form = ctx.pick(["_1 > _2", "np.abs(_1) < 0.5 + abs(_2)", "(_1 > _2) & (_1 < 1.0)", "~(_1 < _2)"])
        stmts = S(f"_0 = {form}", idx, v, _c(ctx))
        w, _ = _vec(ctx, scope, k)
        owned = [x for x in scope.vars.values() if x.writable and x.shape == (k,) and x.name not in scope.loop_vars]
        uses = [("np.sum(_0[_1])", ()), ("np.where(_1, _0, 0.5 * _0)", (k,)), ("_0 * _1", (k,)),
                ("np.sum(_0 ** 2 * _1) / (1.0 + np.sum(_1))", ())]
        if owned and ctx.chance(0.4):
            return stmts + S(ctx.pick(["_0[_1] = _2", "_0[_1] *= _2", "_0[~_1] += _2"]), owned[0].name, idx,
                             adapt(ctx, scope, "small", (), 1)), False
        use, shape = ctx.pick(uses)
        return stmts + _define(ctx, scope, shape, E(use, w, idx), True), False
    if kind == "nonzero":
        form = ctx.pick(["np.nonzero(_1 > _2)[0]", "np.where(_1 < _2)[0]", "np.flatnonzero(np.abs(_1) > abs(_2))"])
        w, _ = _vec(ctx, scope, k)
        return S(f"_0 = {form}", idx, v, _c(ctx)) + _define(ctx, scope, (), E(
            ctx.pick(["np.sum(_0[_1] ** 2)", "np.sum(np.tanh(_0[_1]))", "np.sum(_0[_1]) * 0.5"]), w, idx), True), False
    mats = [x for x in scope.vars.values() if len(x.shape) == 2]
    if not mats:
        return [], False
    mat = ctx.pick(mats)
    r, c = mat.shape
    stmts = S(ctx.pick(["_0 = np.argmax(_1, axis=1)", "_0 = np.argmin(np.abs(_1), axis=1)"]), idx, mat.name)
    use, shape = ctx.pick([(f"_0[np.arange({r}), _1]", (r,)), ("np.take_along_axis(_0, _1[:, None], axis=1)[:, 0]",
                                                              (r,)), (f"np.sum(_0[np.arange({r}), _1] ** 2)", ())])
    return stmts + _define(ctx, scope, shape, E(use, mat.name, idx), True), False


def _gather_or_write(ctx, scope, idx, k, length):
    owned = [x for x in scope.vars.values() if x.writable and x.shape == (k,) and x.name not in scope.loop_vars]
    if owned and ctx.chance(0.5):
        e = expr(ctx, scope, ctx.pick([(), (length,)]), 1)
        form = ctx.pick(["_0[_1] += _2", "_0[_1] = _2", "np.add.at(_0, _1, _2)", "_0[_1] -= 0.5 * _0[_1] * _2"])
        return S(form, ctx.pick(owned).name, idx, e)
    mats = [x for x in scope.vars.values() if len(x.shape) == 2 and k in x.shape]
    if mats and ctx.chance(0.4):
        mat = ctx.pick(mats)
        form = "_0[_1]" if mat.shape[0] == k else "_0[:, _1]"
        shape = (length, mat.shape[1]) if mat.shape[0] == k else (mat.shape[0], length)
        return _define(ctx, scope, (), E(f"np.sum(np.tanh({form}) ** 2)", mat.name, idx), True) \
            if shape not in ctx.shapes() else _define(ctx, scope, shape, E(form, mat.name, idx), True)
    w, _ = _vec(ctx, scope, k)
    value = E(ctx.pick(["_0[_1]", "np.take(_0, _1)", "_0[_1] * 2.0 + 0.1"]), w, idx)
    if length != k and (length,) not in ctx.shapes():
        return _define(ctx, scope, (), E("np.sum(_0 ** 2)", value), True)
    return _define(ctx, scope, (length,), value, True)


# ---- comprehensions -------------------------------------------------------------------
def _body_of(ctx, scope, binds, shape, must_read):
    """An expression of ``shape`` reading the comprehension's names ``binds`` {name: shape or int ub}."""
    sub = scope.copy()
    for ident, spec in binds.items():
        if isinstance(spec, int):
            sub.ints[ident] = Int(ident, spec)
        else:
            sub.define(ident, spec)
            sub.vars[ident].weight = 6.0
    sub.loop_vars = frozenset(sub.loop_vars | set(binds))
    value = expr(ctx, sub, shape, ctx.pick([1, 2]))
    if must_read not in {n.id for n in ast.walk(value) if isinstance(n, ast.Name)}:
        spec = binds[must_read]
        term = E("np.sin(_0)" if spec == () else "np.sum(np.sin(_0))" if isinstance(spec, tuple) else "0.1 * _0",
                 must_read)
        value = E("_0 + _1", value, term) if shape == () or not isinstance(spec, tuple) or spec == () \
            else E("_0 * (1.0 + 0.1 * _1)", value, term)
    return value


def _bound_name(ctx, base):
    """A name for a comprehension's variable, used nowhere else in the program."""
    out, k = base, 2
    while out in ctx.taken:
        out, k = f"{base}{k}", k + 1
    ctx.taken.add(out)
    return out


@construct("comprehensions", 3, 1)
def comprehension(ctx, scope, depth, out):
    ctx.use("comprehensions")
    e, i, row = (_bound_name(ctx, base) for base in ("e", "ii", "row"))
    kind = ctx.pick(["vec", "vec", "range", "rows", "zip", "enum", "nested", "filter", "list"])
    v, k = _vec(ctx, scope)
    if kind == "vec":
        body = _body_of(ctx, scope, {e: ()}, (), e)
        form, shape = ctx.pick([("np.array([_0 for _1 in _2])", (k,)), ("sum((_0 for _1 in _2))", ()),
                                ("max([_0 for _1 in _2])", ()), ("np.sum([_0 for _1 in _2])", ())])
        return _define(ctx, scope, shape, E(form, body, e, v), True), False
    if kind == "range":
        body = _body_of(ctx, scope, {i: k}, (), i)
        form, shape = ctx.pick([(f"np.array([_0 for _1 in range({k})])", (k,)),
                                (f"sum((_0 for _1 in range({k})))", ())])
        return _define(ctx, scope, shape, E(form, body, i), True), False
    if kind == "zip":
        w, _ = _vec(ctx, scope, k)
        binds = {e: (), row: ()}
        body = E("_0 * _1 + _2", e, row, _body_of(ctx, scope, binds, (), e))
        form, shape = ctx.pick([("sum((_0 for _1, _2 in zip(_3, _4)))", ()), ("np.array([_0 for _1, _2 in zip(_3, _4)])",
                                                                             (k,))])
        return _define(ctx, scope, shape, E(form, body, e, row, v, w), True), False
    if kind == "enum":
        body = _body_of(ctx, scope, {i: k, e: ()}, (), e)
        return _define(ctx, scope, (k,), E("np.array([_0 * (_1 + 1) for _1, _2 in enumerate(_3)])", body, i, e, v),
                       True), False
    if kind == "filter":
        body = _body_of(ctx, scope, {e: ()}, (), e)
        form = ctx.pick(["sum((_0 for _1 in _2 if _1 > _3))", "sum([_0 for _1 in _2 if abs(_1) < 0.8]) + 0.0"])
        return _define(ctx, scope, (), E(form, body, e, v, _c(ctx)), True), False
    mats = [x for x in scope.vars.values() if len(x.shape) == 2]
    if not mats:
        return [], False
    mat = ctx.pick(mats)
    r, c = mat.shape
    if kind == "nested":
        body = _body_of(ctx, scope, {i: r, e: c}, (), i)
        return _define(ctx, scope, (), E(f"sum((_0[_1, _2] * _3 for _1 in range({r}) for _2 in range({c})))",
                                         mat.name, i, e, body), True), False
    if kind == "rows":
        scalar = _body_of(ctx, scope, {row: (c,)}, (), row)
        return _define(ctx, scope, (r,), E("np.array([_0 for _1 in _2])", scalar, row, mat.name), True), False
    vecbody = _body_of(ctx, scope, {row: (c,)}, (c,), row)
    lst = ctx.fresh("list", scope)
    scope.lists[lst] = Lst(lst, (c,), r)
    ctx.use("lists")
    return S("_0 = [_1 for _2 in _3]", lst, vecbody, row, mat.name), False


# ---- containers handed to helpers ---------------------------------------------------
def _global_term(ctx, shape):
    """A module global of ``shape`` (or a number) read inside a helper, or None."""
    fits = [g.name for g in ctx.globals.vars.values() if g.shape in ((), shape)]
    if fits and ctx.chance(0.6):
        ctx.use("globals")
        return ctx.pick(fits)
    return None


@construct("containers", 2, 0)
def container_helper(ctx, scope, depth, out):
    if depth >= 2 or scope.in_loop:
        return [], False
    m, n = ctx.m, ctx.n
    fname = _helper_name(ctx, ["dense", "layer_fwd", "loss_of", "apply_all", "poly_eval", "stats"])
    kind = ctx.pick(["dict", "dict", "list", "scalars"])
    g = _global_term(ctx, (m,))
    extra = f" * (1.0 + 0.1 * {g})" if g else ""
    lam = ctx.pick([0.1, 0.5])
    if kind == "dict":
        d = _bound_name(ctx, ctx.pick(["prm", "net", "layer_p", "cfg"]))
        build = S("_0 = {'W': _1, 'b': _2}", d, expr(ctx, scope, (m, n), 1), _vec(ctx, scope, m)[0])
        if ctx.chance(0.3):
            build += S("_0['b'] = _0['b'] * 0.5 + _1", d, adapt(ctx, scope, "small", (), 1))
        ret = ctx.pick(["dense", "loss", "tuple"])
        body = {"dense": f"return np.tanh(p['W'] @ x + p['b']){extra}",
                "loss": f"return np.sum((p['W'] @ x - p['b']) ** 2){extra and ' + np.sum(' + extra[3:] + ')'}"
                        " + lam * np.sum(p['W'] ** 2)",
                "tuple": f"h = p['W'] @ x\nreturn np.sum(h * p['b']), h{extra}"}[ret]
        ctx.extra_defs.append(_def(fname, ["p", "x"], S(body)))
        if ret == "loss":
            ctx.extra_defs[-1].args.args.append(ast.arg(arg="lam"))
            ctx.extra_defs[-1].args.defaults = [const(lam)]
        call = E(f"{fname}(_0, _1)", d, _vec(ctx, scope, n)[0])
        if ret == "tuple":
            a, h = ctx.fresh("scalar", scope), ctx.fresh("vector", scope)
            scope.define(a, ())
            scope.define(h, (m,))
            tgt = ast.Tuple(elts=[name(a, True), name(h, True)], ctx=ast.Store())
            return build + [ast.Assign(targets=[tgt], value=call)], False
        return build + _define(ctx, scope, (m,) if ret == "dense" else (), call, False), False
    if kind == "list":
        mats = [x.name for x in scope.vars.values() if x.shape == (n, n)]
        items = [name(x) for x in mats[:2]] or [E(f"0.3 * np.eye({n}) + 0.1 * _0", expr(ctx, scope, (n, n), 1))]
        items.append(E("0.5 * _0", expr(ctx, scope, (n, n), 1)))
        body = "for M_ in ms:\n    x = np.tanh(M_ @ x) + 0.1 * x\nreturn x"
        ctx.extra_defs.append(_def(fname, ["ms", "x"], S(body)))
        call = E(f"{fname}(_0, _1)", ast.List(elts=items, ctx=ast.Load()), _vec(ctx, scope, n)[0])
        return _define(ctx, scope, (n,), call, False), False
    body = "s = 0.0\nfor c in cs:\n    s = s * t + c\nreturn s" + (f" * {g}" if g and ctx.globals.vars[g].shape == ()
                                                                  else "")
    ctx.extra_defs.append(_def(fname, ["cs", "t"], S(body)))
    coeffs = ast.List(elts=[expr(ctx, scope, (), 1) for _ in range(ctx.pick([2, 3, 4]))], ctx=ast.Load())
    call = E(f"{fname}(_0, _1)", coeffs, adapt(ctx, scope, "unit", (), 1))
    return _define(ctx, scope, (), call, False), False


# ---- a helper that copies, writes, and hands a view to another helper ----------------
_INNER = ["u[1:] += s * u[:-1]", "u *= 1.0 + 0.1 * s", "u[0] = u[-1] * s", "u[::2] -= 0.5 * s"]


@construct("nested", 2, 1)
def nested_helpers(ctx, scope, depth, out):
    n = ctx.n
    inner, outer = _helper_name(ctx, ["relax_in", "sweep_in", "bc_in"]), _helper_name(ctx, ["smooth_out", "pass_out"])
    body = []
    for form in ctx.rng.sample(_INNER, ctx.pick([1, 2])):
        body += S(form)
    g = _global_term(ctx, ())
    ret = ctx.pick(["u, np.sum(u ** 2)", "u, u[0] * s"]) if not g or ctx.globals.vars[g].shape != () else \
        f"u, np.sum(u ** 2) * {g}"
    ctx.extra_defs.append(_def(inner, ["u", "s"], body + S(f"return {ret}")))
    view = ctx.pick(["w[1:]", "w[:-1]", "w[::2]", "w"])
    way = ctx.pick(["copy", "array", "plus"])
    start = {"copy": "w = v.copy()", "array": "w = np.array(v)", "plus": "w = v + 0.0"}[way]
    loop = ctx.chance(0.4)
    text = (f"{start}\nseg, r = {inner}({view}, s)\n"
            + ("for _k in range(2):\n    seg, r = {inner}({view}, np.tanh(r))\n    w[0] += 0.1 * r\n".format(
                inner=inner, view=view) if loop else "w[-1] = w[-1] + 0.1 * r\n")
            + "return w * (1.0 + 0.1 * np.tanh(seg[0]))")
    ctx.extra_defs.append(_def(outer, ["v", "s"], S(text)))
    ctx.extra_defs[-1].args.defaults = [const(0.5)] if ctx.chance(0.3) else []
    args = [_vec(ctx, scope, n)[0]]
    if not ctx.extra_defs[-1].args.defaults or ctx.chance(0.5):
        args.append(adapt(ctx, scope, "small", (), 1))
    call = E(f"{outer}()")
    call.args = args
    ctx.use("helpers")
    return _define(ctx, scope, (n,), call, True), False
