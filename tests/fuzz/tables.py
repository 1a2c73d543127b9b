"""Containers people build inside the function (fuzz23):

* ``tables``: lists of lists: a dynamic-programming table ``D = [[0.0] * (c + 1) for _ in
  range(r + 1)]`` filled cell by cell from its neighbours (``D[i][j] = cost + ...``, soft-DTW's
  smooth minimum, DTW's ``min``), sometimes through rows bound to names (``row = D[i]``,
  ``prev = D[i - 1]``, ``row[j] = ...``), read back as ``D[r][c]``, ``sum(D[r])`` or
  ``np.array(D)``; and a grid copied from a matrix (``T = [[M[i, j] ... ] ...]``) written
  through ``T[i][j] += ...`` and a bound row, then turned back into an array;
* ``tuples``: tuples of arrays packed and unpacked (``pair = (u, v)``, ``a, b = pair``,
  ``pair[1]``), a state tuple rebuilt in a loop (``state = (p + dt * q, q - dt * p)``) and a
  list of tuples iterated (``for a_, b_ in [(u, v), (v, u)]``);
* ``records``: a dict of parameters read by key, copied (``dict(P)``, ``P.copy()``, ``{**P}``),
  the copy's entries rebound or written in place (``Q['w'] *= c`` when the entry is an array the
  function made: the shallow copy shares it with ``P``, as in Python) and both read back.

Invariant (the generator's): the caller's arrays are never written, directly or through a
container (an entry written in place holds an array this function allocated); every cell a
table reads was written before; the names a construct binds are fresh.
"""
import ast

from .leaves import var_of
from .productions import adapt, expr
from .stmts import construct, is_fresh, pick_shape
from .tmpl import E, S, const
from .wider import _bound_name, _define, _vec

__all__ = []


def _cost(ctx, a, b, i, j):
    """The cost of matching a[i - 1] with b[j - 1]."""
    form = ctx.pick(["(_0[_2 - 1] - _1[_3 - 1]) ** 2", "_0[_2 - 1] * _1[_3 - 1]",
                     "np.tanh(_0[_2 - 1] - _1[_3 - 1]) ** 2", "abs(_0[_2 - 1] - _1[_3 - 1])"])
    return E(form, a, b, i, j)


_FILL = {   # D[i][j] from the cost _0 and its three neighbours: up _1, left _2, diagonal _3
    "linear": "_0 + 0.5 * _1 + 0.3 * _2 + 0.1 * _3",
    "soft": "_0 - np.log(np.exp(-_1) + np.exp(-_2) + np.exp(-_3))",
    "min": "_0 + min(_1, _2, _3)",
    "mean": "_0 + (_1 + _2 + _3) / 3.0",
}


def _named_vec(ctx, scope):
    """(statements, name, length): a live vector, or an expression bound to a new name first."""
    v, k = _vec(ctx, scope)
    if isinstance(v, ast.Name):
        return [], v.id, k
    target = ctx.fresh("vector", scope)
    scope.define(target, (k,), is_fresh(v, scope))
    return S("_0 = _1", target, v), target, k


@construct("tables", 2, 0)
def dp_table(ctx, scope, depth, out):
    if depth >= 2 or scope.in_loop:
        return [], False
    pre_a, a, r = _named_vec(ctx, scope)
    pre_b, b, c = _named_vec(ctx, scope)
    D, i, j = _bound_name(ctx, ctx.pick(["D", "dp", "tab", "cost"])), _bound_name(ctx, "i_"), _bound_name(ctx, "j_")
    ctx.use("lists")
    init = ctx.pick([f"_0 = [[0.0] * {c + 1} for _ in range({r + 1})]",
                     f"_0 = [[0.0 for _ in range({c + 1})] for _ in range({r + 1})]",
                     f"_0 = []\nfor _ in range({r + 1}):\n    _0.append([0.0] * {c + 1})"])
    stmts = pre_a + pre_b + S(init, D)
    edge = adapt(ctx, scope, "small", (), 1)
    stmts += S(f"for _1 in range(1, {r + 1}):\n    _0[_1][0] = _0[_1 - 1][0] + 0.5 * _2[_1 - 1] ** 2 + 0.1 * _3", D, i,
               a, edge)
    stmts += S(f"for _1 in range(1, {c + 1}):\n    _0[0][_1] = _0[0][_1 - 1] + 0.5 * _2[_1 - 1] ** 2", D, j, b)
    kind = ctx.pick(list(_FILL))
    cost = _cost(ctx, a, b, i, j)
    if ctx.chance(0.4):           # rows bound to names, then written through the name
        row, prev = _bound_name(ctx, "row_"), _bound_name(ctx, "prev_")
        value = E(_FILL[kind], cost, E(f"{prev}[{j}]"), E(f"{row}[{j} - 1]"), E(f"{prev}[{j} - 1]"))
        loop = S(f"for _1 in range(1, {r + 1}):\n    _3 = _0[_1]\n    _4 = _0[_1 - 1]\n"
                 f"    for _2 in range(1, {c + 1}):\n        _3[_2] = _5", D, i, j, row, prev, value)
    else:
        value = E(_FILL[kind], cost, E(f"{D}[{i} - 1][{j}]"), E(f"{D}[{i}][{j} - 1]"), E(f"{D}[{i} - 1][{j} - 1]"))
        loop = S(f"for _1 in range(1, {r + 1}):\n    for _2 in range(1, {c + 1}):\n        _0[_1][_2] = _3",
                 D, i, j, value)
    if kind == "min":
        ctx.use("nondiff")
    read = ctx.pick([f"_0[{r}][{c}]", "_0[-1][-1]", f"sum(_0[{r}]) / {c + 1}", "np.sum(np.array(_0)[1:, 1:] ** 2)",
                     f"np.mean(np.array(_0)) + _0[{r}][{c}]"])
    return stmts + loop + _define(ctx, scope, (), E(read, D), True), False


@construct("tables", 2, 0)
def grid_copy(ctx, scope, depth, out):
    """T = [[M[i, j] ... for j] for i]; writes through T[i][j] and a bound row; np.array(T)."""
    if depth >= 2 or scope.in_loop:
        return [], False
    mats = [v for v in scope.vars.values() if len(v.shape) == 2]
    if not mats:
        return [], False
    mat = ctx.pick(mats)
    r, c = mat.shape
    T, i, j, src, row, e = (_bound_name(ctx, base) for base in ("T_", "i_", "j_", "src_", "row_", "v_"))
    ctx.use("lists")
    build = ctx.pick([f"_0 = [[_1[_2, _3] for _3 in range({c})] for _2 in range({r})]",
                      "_0 = [list(_4) for _4 in _1]", "_0 = [[float(_5) for _5 in _4] for _4 in _1]"])
    stmts = S(build, T, mat.name, i, j, src, e)
    s = adapt(ctx, scope, "small", (), 1)
    writes = ["_0[0][1] += _1", f"_0[{r - 1}][0] = _0[{r - 1}][0] * _1", "_0[1][-1] -= 0.5 * _1 * _0[0][0]",
              f"for _2 in range({r}):\n    _0[_2][_2 % {c}] += 0.1 * _1",
              f"_3 = _0[{ctx.rng.randrange(r)}]\n_3[0] = _3[0] + _1\n_3[-1] *= 0.5"]
    for form in ctx.rng.sample(writes, ctx.pick([1, 2])):
        stmts += S(form, T, s, i, row)
        s = adapt(ctx, scope, "small", (), 1)
    if ctx.chance(0.5):
        return stmts + _define(ctx, scope, (r, c), E("np.array(_0)", T), True), False
    read = ctx.pick([f"sum(sum(_0[_1]) for _1 in range({r}))", "sum(_3 ** 2 for _2 in _0 for _3 in _2)"])
    return stmts + _define(ctx, scope, (), E(read, T, _bound_name(ctx, "i_"), _bound_name(ctx, "r_"),
                                             _bound_name(ctx, "v_")), True), False


# ---- tuples of arrays ----------------------------------------------------------------
@construct("tuples", 3, 1)
def tuple_pack(ctx, scope, depth, out):
    kind = ctx.pick(["unpack", "index", "state", "pairs"])
    shape = pick_shape(ctx, scope)
    first, second = expr(ctx, scope, shape, 1), expr(ctx, scope, shape, 1)
    pair = _bound_name(ctx, ctx.pick(["pair", "st", "tup"]))
    kind_name = "scalar" if shape == () else "vector" if len(shape) == 1 else "matrix"
    if kind == "state":
        if depth >= 2 or scope.in_loop:
            return [], False
        p, q, k = _bound_name(ctx, "p_"), _bound_name(ctx, "q_"), _bound_name(ctx, "k_")
        dt = const(ctx.pick([0.1, 0.05, 0.2]))
        step = ctx.pick(["(_1 + _4 * _2, _2 - _4 * np.sin(_1))", "(_1 + _4 * _2, _2 - _4 * _1)",
                         "(np.tanh(_1 + _4 * _2), 0.9 * _2)"])
        text = f"_0 = (_5, _6)\nfor _3 in range({ctx.pick([2, 3, 4])}):\n    _1, _2 = _0\n    _0 = {step}"
        stmts = S(text, pair, p, q, k, dt, first, second)
    else:
        stmts = S("_0 = (_1, _2)", pair, first, second)
    if kind == "pairs":
        a, b, acc = _bound_name(ctx, "a_"), _bound_name(ctx, "b_"), ctx.fresh("scalar", scope)
        total = "np.sum" if shape else ""
        stmts += S(f"_1 = 0.0\nfor _2, _3 in [_0, (_0[1], _0[0])]:\n    _1 = _1 + {total}(_2 * _3 + 0.1 * _2)",
                   pair, acc, a, b)
        scope.define(acc, ())
        return stmts, False
    if kind == "index":
        target = ctx.fresh(kind_name, scope)
        scope.define(target, shape, False)
        return stmts + S(ctx.pick(["_1 = _0[1] * 0.5 + _0[0]", "_1 = _0[-1]", "_1 = _0[0] - _0[1]"]),
                         pair, target), False
    u, v = ctx.fresh(kind_name, scope), ctx.fresh(kind_name, scope)
    fresh = shape != () and is_fresh(first, scope) and is_fresh(second, scope) and kind != "state"
    scope.define(u, shape, fresh)
    scope.define(v, shape, fresh)
    return stmts + S("_1, _2 = _0", pair, u, v), False


# ---- dicts of parameters ----------------------------------------------------------------
@construct("records", 3, 0)
def param_dict(ctx, scope, depth, out):
    if depth >= 2 or scope.in_loop:
        return [], False
    P = _bound_name(ctx, ctx.pick(["P", "params_", "theta_", "cfg_"]))
    Q = _bound_name(ctx, ctx.pick(["Q", "new_", "trial_"]))
    shape = ctx.pick([(ctx.n,), (ctx.m,), (ctx.m, ctx.n)])
    w = var_of(ctx, scope, shape) if ctx.chance(0.5) else None
    w = w if w is not None else expr(ctx, scope, shape, 1)
    owned = is_fresh(w, scope) and not (isinstance(w, ast.Name) and w.id in scope.loop_vars)
    b = expr(ctx, scope, (), 1)
    build = ctx.pick(["_0 = {'w': _1, 'b': _2}", "_0 = dict(w=_1, b=_2)", "_0 = {}\n_0['w'] = _1\n_0['b'] = _2"])
    stmts = S(build, P, w, b)
    copy = ctx.weighted([(3, "_1 = dict(_0)"), (3, "_1 = _0.copy()"), (1, "_1 = {**_0}"),    # {**P}: refused today
                         (2, "_1 = {'w': _0['w'], 'b': _0['b']}")])
    stmts += S(copy, P, Q)
    edits = ["_0['w'] = _0['w'] - 0.1 * np.tanh(_0['w'])", "_0['b'] = _0['b'] * 0.5 + _1", "_0['b'] += _1",
             f"for _ in range({ctx.pick([2, 3])}):\n    _0['w'] = 0.9 * _0['w'] + 0.1 * _0['b']"]
    if owned:                   # the entry is an array f made: a write in place reaches P too
        edits += ["_0['w'] *= 1.0 + 0.1 * _1", "_0['w'][0] = _0['w'][0] + _1"]
        ctx.use("inplace")
    for form in ctx.rng.sample(edits, ctx.pick([1, 2, 3])):
        stmts += S(form, Q, adapt(ctx, scope, "small", (), 1))
    read = ctx.pick(["np.sum(_0['w'] ** 2) + _0['b'] + 0.5 * np.sum(_1['w'] * _0['w'])",
                     "np.sum(np.tanh(_1['w'])) * _1['b'] + np.sum(_0['w'])",
                     "_1['b'] - _0['b'] + np.mean(_1['w'] - _0['w'])"])
    return stmts + _define(ctx, scope, (), E(read, P, Q), True), False
