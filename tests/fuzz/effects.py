"""Helpers called for their effect on their arguments, closures and a list's second name (fuzz20).

* ``effect_helper``: a module-level helper that writes into its array argument in place
  (a boundary condition, a scaling, a smoothing step through slices, a row loop) or
  appends to its list argument, called on an array (or list) the function built: its
  result discarded (``apply_bc(y, s)``), used (``r = apply_bc(y, s)``, a number) or the
  argument itself returned (``y2 = relax(y, s)``: the same array under a second name);
* ``closure``: ``def g(z): return ...`` inside the function, reading enclosing names,
  called once or twice, a captured number sometimes rebound between the definition and
  a call (Python reads the enclosing name when the closure runs);
* ``list_alias_append``: ``ys = xs; ys.append(e)`` (or ``ys += [e]``), then ``xs`` read.

Invariant: a helper writes only into what it is passed, and it is passed only arrays
with ``Var.writable`` (the function allocated them, or views of those) and lists the
function built; a list grows only outside loops (its known length stays right).
"""
import ast

from .productions import adapt, expr
from .scope import Lst
from .stmts import construct
from .tmpl import E, S, name

__all__ = []

_VECTOR_WRITES = ["_0[0] = 0.0", "_0[-1] = _0[-2]", "_0 *= _1", "_0 += _1 * np.tanh(_0)",
                  "_0[1:] += _1 * _0[:-1]", "_0[:] = np.sin(_0) + _1", "_0 /= 1.0 + _1 ** 2",
                  "_0[1:-1] = 0.5 * (_0[:-2] + _0[2:])", "_0[0] = _0[1] * _1"]
_MATRIX_WRITES = ["_0[0] = 0.0", "_0[:, 0] *= _1", "_0 += _1", "_0 -= np.mean(_0, axis=0)",
                  "_0[-1] = _0[0] * _1", "for row in _0:\n    row *= _1", "_0[:] = _0 / (1.0 + _1 ** 2)"]
_RETURNS = {"none": None, "bare": "return", "self": "return _0", "number": "return np.sum(_0 ** 2) * _1",
            "element": "return _0[0] * _1"}
_HELPER_NAMES = ["apply_bc", "relax", "normalize_", "scale_", "smooth_", "clamp_", "push", "record"]


def _helper_name(ctx, pool=_HELPER_NAMES):
    base = ctx.pick(pool)
    k = 2
    out = base
    while out in ctx.taken:
        out, k = f"{base}{k}", k + 1
    ctx.taken.add(out)
    return out


def _def(fname, params, body):
    args = ast.arguments(posonlyargs=[], args=[ast.arg(arg=p) for p in params], kwonlyargs=[],
                         kw_defaults=[], defaults=[])
    return ast.FunctionDef(name=fname, args=args, body=body, decorator_list=[], returns=None, type_params=[])


@construct("effects", 3, 2)
def effect_helper(ctx, scope, depth, out):
    """A helper writing into its array argument (or appending to a list), called for its effect."""
    lists = [lst for lst in scope.lists.values() if lst.length and lst.name not in scope.loop_vars]
    if lists and not scope.in_loop and ctx.chance(0.3):
        return _push(ctx, scope, ctx.pick(lists)), False
    owned = [v for v in scope.vars.values() if v.writable and v.shape]
    if not owned:
        return [], False
    target = ctx.pick(owned)
    fname = _helper_name(ctx)
    writes = _VECTOR_WRITES if len(target.shape) == 1 else _MATRIX_WRITES
    body = []
    for form in ctx.rng.sample(writes, ctx.pick([1, 1, 2, 3])):
        body += S(form, "u", "s")
    ret = ctx.pick(sorted(_RETURNS))
    if _RETURNS[ret]:
        body += S(_RETURNS[ret], "u", "s")
    ctx.extra_defs.append(_def(fname, ["u", "s"], body))
    call = E(f"{fname}(_0, _1)", target.name, adapt(ctx, scope, "small", (), 1))
    ctx.use("helpers")
    if ret in ("number", "element") and ctx.chance(0.7):
        r = ctx.fresh("scalar", scope)
        scope.define(r, ())
        return [ast.Assign(targets=[name(r, True)], value=call)], False
    if ret == "self" and ctx.chance(0.7) and target.name not in scope.loop_vars:
        alias = ctx.fresh("vector" if len(target.shape) == 1 else "matrix", scope)
        scope.define(alias, target.shape, True)
        return [ast.Assign(targets=[name(alias, True)], value=call)], False
    return [ast.Expr(value=call)], False


def _push(ctx, scope, lst):
    """def push(xs, v): xs.append(...); push(hist, e): the list grows by one item."""
    fname = _helper_name(ctx)
    form = ctx.pick(["xs.append(v)", "xs.append(2.0 * v)", "xs.append(np.tanh(v))", "xs.append(v * v)"])
    body = S(form)
    if ctx.chance(0.3):
        body += S("return len(xs)")
    ctx.extra_defs.append(_def(fname, ["xs", "v"], body))
    scope.lists[lst.name] = Lst(lst.name, lst.shape, lst.length + 1)
    ctx.use("lists")
    return [ast.Expr(value=E(f"{fname}(_0, _1)", lst.name, expr(ctx, scope, lst.shape, 2)))]


@construct("closures", 2, 1)
def closure(ctx, scope, depth, out):
    """def g(z): return <expression of z and enclosing names>; used once or twice."""
    if depth >= 2:
        return [], False
    fname = _helper_name(ctx, ["g", "inner", "kern", "phi_fn", "local"])
    arg_shape = ctx.pick([(), (), (ctx.n,)])
    z = next(p for p in ("z", "arg", "zz", "z_") if p not in scope.names())
    sub = scope.copy()
    sub.define(z, arg_shape)
    sub.vars[z].weight = 6.0
    value = expr(ctx, sub, (), ctx.pick([1, 2, 3]))
    if z not in {n.id for n in ast.walk(value) if isinstance(n, ast.Name)}:
        value = E("_0 + np.sum(np.sin(_1))" if arg_shape else "_0 + np.sin(_1)", value, z)
    stmts = [_def(fname, [z], [ast.Return(value=value)])]
    r = ctx.fresh("scalar", scope)
    stmts += S("_0 = _1(_2)", r, fname, expr(ctx, scope, arg_shape, 1))
    captured = sorted({n.id for n in ast.walk(value) if isinstance(n, ast.Name)} & set(scope.vars))
    rebindable = [c for c in captured if scope.vars[c].shape == () and c not in scope.loop_vars]
    if rebindable and ctx.chance(0.5):
        c = ctx.pick(rebindable)
        stmts += S("_0 = 0.5 * _0 + 0.25", c)
        stmts += S("_0 = _0 + _1(_2)", r, fname, expr(ctx, scope, arg_shape, 1))
    scope.define(r, ())
    ctx.use("helpers")
    return stmts, False


@construct("lists", 2, 0)
def list_alias_append(ctx, scope, depth, out):
    """ys = xs; ys.append(e) (or ys += [e]); xs and ys then name one longer list."""
    if scope.in_loop or depth >= 2:
        return [], False
    lists = [lst for lst in scope.lists.values() if lst.length and lst.name not in scope.loop_vars]
    pre = []
    if not lists:
        shape = ctx.pick([(), (ctx.n,)])
        xs = ctx.fresh("list", scope)
        pre = [ast.Assign(targets=[name(xs, True)],
                          value=ast.List(elts=[expr(ctx, scope, shape, 1) for _ in range(2)], ctx=ast.Load()))]
        lists = [Lst(xs, shape, 2)]
    src = ctx.pick(lists)
    ys = ctx.fresh("list", scope)
    e = expr(ctx, scope, src.shape, 2)
    form = ctx.pick(["_0 = _1\n_0.append(_2)", "_0 = _1\n_0.append(_2)", "_0 = _1\n_0 += [_2]"])
    grown = Lst(src.name, src.shape, src.length + 1)
    scope.lists[src.name] = grown
    scope.lists[ys] = Lst(ys, src.shape, grown.length)
    ctx.use("lists")
    return pre + S(form, ys, src.name, e), False


@construct("globals", 3, 0)
def global_buffer(ctx, scope, depth, out):
    """``BUF = np.zeros(k)`` at module level, overwritten whole by the function (``BUF[:] = e``) and
    read after: a scratch buffer. Only at the top of ``f`` (depth 0): every read follows the write,
    so the function stays a function of its arguments (the oracle expects the module's buffer
    as Python's own call leaves it)."""
    if depth != 0 or scope.in_loop:
        return [], False
    pool = [g for g in ("BUF", "WORK", "SCRATCH") if g not in ctx.taken]
    if not pool:
        return [], False
    gname = ctx.pick(pool)
    ctx.taken.add(gname)
    shape = ctx.pick([(ctx.n,), (ctx.m,), (ctx.m, ctx.n)])
    size = shape[0] if len(shape) == 1 else ast.Tuple(elts=[ast.Constant(k) for k in shape], ctx=ast.Load())
    ctx.extra_defs += S("_0 = np.zeros(_1)", gname, size)
    # (`BUF += e` would make BUF a local name: only subscripts and methods write a global)
    form = ctx.pick(["_0[:] = _1", "_0[...] = _1", "_0.fill(0.0)\n_0[:] += _1", "_0[:] = 0.0\n_0[...] += _1"])
    stmts = S(form, gname, expr(ctx, scope, shape, 2))
    scope.define(gname, shape, False)
    scope.loop_vars = frozenset(scope.loop_vars | {gname})     # never rebound (it would be a local then)
    return stmts, False
