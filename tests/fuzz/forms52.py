"""Forms real code uses that the generator drew rarely or never (fuzz52), one tag each:

* ``recstate``: a namedtuple or dataclass state stepped by a helper in a loop (``s = step(s, dt)``),
  ``._replace`` / ``dataclasses.replace``, fields of numbers or vectors, read by a helper or unpacked;
* ``dictitems``: a dict of arrays with constant keys, looped over by ``.items()``, updated by a dict
  comprehension or entry by entry (``d[k] = d[k] * c``, ``d['w'] += e``), read by ``sum(d.values())``;
* ``tolerance``: a ``while`` with a tolerance test and ``break``/``continue`` (Newton, fixed points),
  and a ``for`` loop returning early from the function;
* ``rowcol``: a matrix the function owns written by rows and columns in place (``A[i, :] += v``,
  ``A[:, j] *= c``, ``row = A[i]; row /= ...``);
* ``piecewise``: ``np.where``/``np.maximum``/``np.minimum`` piecewise code (Huber, hinge, leaky ReLU);
* ``scatter``: integer index arrays and lists with repeated indices (``[0, 2, -4]``: fuzz52 found
  mixed signs taken for distinct ones) and boolean masks, read (``x[idx]``, ``x[mask]``) and written (``z[idx] += v``, which keeps one write per index, against
  ``np.add.at``, which adds them all; ``z[mask] *= c``);
* ``axes``: reductions with ``axis=``/``keepdims`` (centring, normalising, softmax by rows);
* ``tuplehelp``: helpers returning tuples unpacked at the call (``mu, var = stats(v)``, starred,
  ``_``, in a loop ``p, q = leap(p, q, h)``).

Everything is written as source text with ``T`` placeholders for generated expressions. Invariant:
each production's statements run on every path (indices are in range, denominators positive), the
names it binds are fresh, and helpers are module level.
"""
import ast

from .effects import _helper_name
from .inplace import _loop_scope
from .productions import adapt, expr
from .rebinds51_forms import T, helper
from .stmts import construct
from .tmpl import S
from .wider import _bound_name

__all__ = []


def _red(shape, text):
    return text if shape == () else f"np.sum({text})"


def _emit(ctx, scope, t, lines, defines):
    """The statements of ``lines``; ``defines``: (name, shape, writable) put in the scope."""
    stmts = S("\n".join(lines), *t.args)
    for ident, shape, writable in defines:
        scope.define(ident, shape, writable)
    return stmts


def _fresh(ctx, scope, shape):
    return ctx.fresh("scalar" if shape == () else "vector" if len(shape) == 1 else "matrix", scope)


# ---- records through helpers and loops ------------------------------------------------------
_STEPS52 = {
    "nt": ["return s._replace(p=s.p + h * s.v, v=s.v - h * $force)",
           "return $cls(s.p + h * s.v, s.v - h * $force)",
           "v = s.v - h * $force\nreturn s._replace(v=v, p=s.p + h * v)"],
    "dc": ["return dataclasses.replace(s, p=s.p + h * s.v, v=s.v - h * $force)",
           "return $cls(s.p + h * s.v, s.v - h * $force)",
           "v = s.v - h * $force\nreturn $cls(p=s.p + h * v, v=v)"],
}
_FORCES = ["np.sin(s.p)", "s.p", "s.p ** 3", "np.tanh(s.p)"]


@construct("recstate", 2, 0)
def record_state(ctx, scope, depth, out):
    if depth >= 2:
        return [], False
    t = T()
    shape = ctx.pick([(), (ctx.n,)])
    cls, style = _helper_name(ctx, ["State", "Body", "Particle"]), ctx.pick(["nt", "dc"])
    if style == "nt":
        ctx.extra_defs += S(f"{cls} = collections.namedtuple({cls!r}, ['p', 'v'])")
    else:
        kind = "float" if shape == () else "np.ndarray"
        defs = S(f"@dataclasses.dataclass\nclass C:\n    p: {kind}\n    v: {kind}\n")
        defs[0].name = cls
        ctx.extra_defs += defs
    force = ctx.pick(_FORCES)
    body = ctx.pick(_STEPS52[style]).replace("$force", force).replace("$cls", cls)
    stepf = helper(ctx, ["step", "advance", "euler"], ["s", "h"], body)
    s, i, r = _bound_name(ctx, "st"), _bound_name(ctx, "i"), ctx.fresh("scalar", scope)
    count = ctx.pick([2, 3, 4])
    lines = [f"{s} = {cls}({t(expr(ctx, scope, shape, 1))}, {t(expr(ctx, scope, shape, 1))})"]
    h = t(adapt(ctx, scope, "unit", (), 1)) if ctx.chance(0.4) else str(ctx.pick([0.1, 0.05, 0.2]))
    lines += [f"for {i} in range({count}):", f"    {s} = {stepf}({s}, {h})"]
    if ctx.chance(0.4):
        fix = f"{s}._replace(v={s}.v * 0.5)" if style == "nt" else f"dataclasses.replace({s}, v={s}.v * 0.5)"
        lines.append(f"{s} = {fix}")
    read = ctx.pick(["helper", "fields", "unpack"] if style == "nt" else ["helper", "fields"])
    if read == "helper":
        en = helper(ctx, ["energy", "kinetic", "total"], ["s"],
                    "return " + _red(shape, "0.5 * s.v ** 2") + " + " + _red(shape, "np.cos(s.p)"))
        lines.append(f"{r} = {en}({s})")
    elif read == "fields":
        lines.append(f"{r} = " + _red(shape, f"{s}.p * {s}.v") + " + " + _red(shape, f"{s}.p"))
    else:
        a, b = _bound_name(ctx, "pp"), _bound_name(ctx, "vv")
        lines += [f"{a}, {b} = {s}", f"{r} = " + _red(shape, f"{a} - 0.5 * {b}")]
    ctx.use("for")
    ctx.use("helpers")
    return _emit(ctx, scope, t, lines, [(r, (), False)]), False


# ---- dicts of arrays -------------------------------------------------------------------------
@construct("dictitems", 2, 0)
def dict_of_arrays(ctx, scope, depth, out):
    if depth >= 2:
        return [], False
    t = T()
    keys = ctx.pick([("w", "b"), ("w", "b", "c"), ("lo", "hi")])
    shapes = {k: ctx.pick([(ctx.n,), (ctx.n,), ()]) for k in keys}
    d, r = _bound_name(ctx, "params"), ctx.fresh("scalar", scope)
    k, v = _bound_name(ctx, "key"), _bound_name(ctx, "val")
    fresh = ctx.chance(0.5)
    items = ", ".join(f"{key!r}: " + (f"np.array({t(expr(ctx, scope, shapes[key], 1))})" if fresh and shapes[key]
                                      else t(expr(ctx, scope, shapes[key], 1))) for key in keys)
    lines = [f"{d} = {{{items}}}"]
    c = t(adapt(ctx, scope, "unit", (), 1))
    form = ctx.pick(["comp", "entries", "items_acc", "augment"])
    if form == "comp":
        lines.append(f"{d} = {{{k}: {v} - {c} * np.tanh({v}) for {k}, {v} in {d}.items()}}")
    elif form == "entries":
        lines += [f"for {k} in {d}:", f"    {d}[{k}] = {d}[{k}] * {c}"]
    elif form == "augment" and fresh:
        key = ctx.pick([x for x in keys if shapes[x]] or [keys[0]])
        lines.append(f"{d}[{key!r}] += {c} * {d}[{key!r}]")
    else:
        g = _bound_name(ctx, "grads")
        lines += [f"{g} = {{}}", f"for {k}, {v} in {d}.items():", f"    {g}[{k}] = {v} * {v} + {c}",
                  f"{d} = {{{k}: {d}[{k}] - 0.1 * {g}[{k}] for {k} in {d}}}"]
    total = ctx.pick(["loop", "values", "keys"])
    if total == "loop":
        lines += [f"{r} = 0.0", f"for {k}, {v} in {d}.items():", f"    {r} = {r} + np.sum({v} ** 2)"]
    elif total == "values":
        lines.append(f"{r} = sum(np.sum(np.sin({v})) for {v} in {d}.values())")
    else:
        lines.append(f"{r} = " + " + ".join(_red(shapes[key], f"{d}[{key!r}]") for key in keys))
    ctx.use("for")
    return _emit(ctx, scope, t, lines, [(r, (), False)]), False


# ---- tolerance loops and early exits ----------------------------------------------------------
@construct("tolerance", 2, 0)
def tolerance_while(ctx, scope, depth, out):
    if depth >= 2:
        return [], False
    t = T()
    z, zn, k, r = _bound_name(ctx, "z"), _bound_name(ctx, "z_new"), _bound_name(ctx, "it"), ctx.fresh("scalar", scope)
    a = t(adapt(ctx, scope, "pos", (), 1))
    form = ctx.pick(["sqrt", "cos", "sqrt_cont"])
    lines = [f"{z} = 1.0", f"{k} = 0"]
    if form == "sqrt":           # Newton's method for sqrt(a): quadratic, converges to 1e-12
        lines += [f"while {k} < 60:", f"    {zn} = 0.5 * ({z} + {a} / {z})", f"    {k} += 1",
                  f"    if abs({zn} - {z}) < 1e-12:", f"        {z} = {zn}", "        break", f"    {z} = {zn}"]
    elif form == "cos":          # a contraction: z = 0.5 cos(z) + a
        lines += ["while True:", f"    {zn} = 0.5 * np.cos({z}) + {a}", f"    {k} += 1",
                  f"    if abs({zn} - {z}) < 1e-13 or {k} >= 80:", f"        {z} = {zn}", "        break",
                  f"    {z} = {zn}"]
    else:                        # Newton with a continue skipping the damping once converged
        lines += [f"while {k} < 60:", f"    {k} += 1", f"    {zn} = 0.5 * ({z} + {a} / {z})",
                  f"    if abs({zn} - {z}) > 1e-3:", f"        {z} = 0.5 * ({z} + {zn})", "        continue",
                  f"    {z} = {zn}", f"    if abs({z} * {z} - {a}) < 1e-13:", "        break"]
    lines.append(f"{r} = {z}")
    ctx.use("while")
    ctx.use("break")
    return _emit(ctx, scope, t, lines, [(r, (), False)]), False


@construct("tolerance", 1.5, 0)
def loop_return(ctx, scope, depth, out):
    """A ``for`` loop accumulating and returning from the function on a data-dependent test."""
    if depth >= 1 or out is None:
        return [], False
    from .stmts import return_value
    t = T()
    acc, i = ctx.fresh("scalar", scope), _bound_name(ctx, "i")
    count = ctx.pick([3, 4, 6])
    sub = _loop_scope(scope, (i, count))
    sub.define(acc, ())
    lines = [f"{acc} = {t(expr(ctx, scope, (), 1))}", f"for {i} in range({count}):",
             f"    {acc} = {acc} + {t(adapt(ctx, sub, 'unit', (), 1))}",
             f"    if {acc} > {ctx.pick([0.5, 1.0, 1.5])}:"]
    stmts = S("\n".join(lines + ["        pass"]), *t.args)
    stmts[-1].body[-1].body = [ast.Return(value=return_value(ctx, sub, out, 1))]
    scope.define(acc, ())
    ctx.use("return")
    ctx.use("for")
    return stmts, False


# ---- rows and columns written in place ----------------------------------------------------------
@construct("rowcol", 2, 0)
def rows_and_columns(ctx, scope, depth, out):
    if depth >= 2:
        return [], False
    t = T()
    m, n = ctx.m, ctx.n
    A, i, j = ctx.fresh("matrix", scope), _bound_name(ctx, "i"), _bound_name(ctx, "j")
    start = ctx.pick(["np.array({})", "({}).copy()", f"np.zeros(({m}, {n})) + {{}}"])
    lines = [f"{A} = " + start.format(t(expr(ctx, scope, (m, n), 1)))]
    for _ in range(ctx.pick([1, 2])):
        form = ctx.pick(["rows", "cols", "cols", "rowview", "rowview", "normrows", "colswap", "single"])
        if form == "rows":
            sub = _loop_scope(scope, (i, m))
            lines += [f"for {i} in range({m}):", f"    {A}[{i}, :] += {t(expr(ctx, sub, (n,), 1))} * ({i} + 1.0)"]
        elif form == "cols":
            sub = _loop_scope(scope, (j, n))
            lines += [f"for {j} in range({n}):", f"    {A}[:, {j}] *= {t(adapt(ctx, sub, 'pos', (), 1))}"]
        elif form == "rowview":
            row = _bound_name(ctx, "row")
            lines += [f"for {row} in {A}:", f"    {row} -= np.mean({row})"]
        elif form == "normrows":
            lines += [f"for {i} in range({m}):",
                      f"    {A}[{i}] = {A}[{i}] / np.sqrt(np.sum({A}[{i}] ** 2) + 1.0)"]
        elif form == "colswap":
            lines.append(f"{A}[:, 0] -= 0.5 * {A}[:, -1]")
        else:
            lines.append(f"{A}[{ctx.pick(range(m))}, :] *= {t(adapt(ctx, scope, 'unit', (), 1))}")
    ctx.use("views")
    ctx.use("inplace")
    return _emit(ctx, scope, t, lines, [(A, (m, n), True)]), False


# ---- piecewise ---------------------------------------------------------------------------------------
_PIECES = ["np.where(np.abs(_0) < _1, 0.5 * _0 ** 2, _1 * (np.abs(_0) - 0.5 * _1))",   # Huber
           "np.maximum(0.0, 1.0 - _0)",                                               # hinge
           "np.where(_0 > 0.0, _0, 0.1 * _0)",                                        # leaky ReLU
           "np.maximum(_0, _2)",
           "np.minimum(np.maximum(_0, -_1), _1)",
           "np.where(_0 > _2, _0 * _2, np.exp(_0 - _2) * _2)",
           "np.where(_0 < 0.0, 0.0, np.where(_0 > 1.0, 1.0, 3.0 * _0 ** 2 - 2.0 * _0 ** 3))"]


@construct("piecewise", 2, 1)
def piecewise(ctx, scope, depth, out):
    t = T()
    shape = ctx.pick([(ctx.n,), (ctx.n,), ()])
    u = _fresh(ctx, scope, shape)
    form = ctx.pick(_PIECES)
    v = _bound_name(ctx, "res")
    lines = [f"{v} = {t(expr(ctx, scope, shape, 1))}",
             f"{u} = " + form.replace("_0", v).replace("_1", str(ctx.pick([0.5, 1.0]))).replace(
                 "_2", t(expr(ctx, scope, shape, 0)))]
    ctx.use("calls")
    return _emit(ctx, scope, t, lines, [(u, shape, shape != ())]), False


# ---- index arrays and masks ------------------------------------------------------------------------------
@construct("scatter", 2, 1)
def scatter(ctx, scope, depth, out):
    t = T()
    n = ctx.n
    src = t(expr(ctx, scope, (n,), 1))
    idx = [ctx.rng.randrange(n) for _ in range(ctx.pick([3, 4, 5]))]
    if len(set(idx)) == len(idx) or ctx.chance(0.3):
        idx[-1] = idx[0] - n * ctx.chance(0.5)   # a repeated index (perhaps counted from the end)
    idx = [k - n if ctx.chance(0.3) else k for k in idx]
    ix, z, r = _bound_name(ctx, "idx"), ctx.fresh("vector", scope), ctx.fresh("scalar", scope)
    form = ctx.pick(["gather", "add", "addat", "assign", "mask", "maskwrite", "rows"])
    vals = t(expr(ctx, scope, (len(idx),), 1))
    lines = [f"{ix} = " + ctx.pick(["np.array({})", "{}"]).format(idx)]   # an index array, or a list
    if form == "gather":
        lines += [f"{z} = {src}[{ix}] * {t(expr(ctx, scope, (len(idx),), 1))}", f"{r} = np.sum({z} ** 2)"]
        return _emit(ctx, scope, t, lines, [(r, (), False)]), False
    if form == "rows":
        M = t(expr(ctx, scope, (n, ctx.m), 1))
        lines += [f"{z} = np.sum({M}[{ix}], axis=1)", f"{r} = np.sum({z} * {vals})"]
        return _emit(ctx, scope, t, lines, [(r, (), False)]), False
    lines.append(f"{z} = np.array({src})")
    if form == "add":
        lines.append(f"{z}[{ix}] += {vals}")            # one write per index, as NumPy buffers it
    elif form == "addat":
        lines.append(f"np.add.at({z}, {ix}, {vals})")
    elif form == "assign":
        lines.append(f"{z}[{ix}] = {z}[{ix}] * {vals}")
    else:
        mk = _bound_name(ctx, "mask")
        lines.append(f"{mk} = {z} > {ctx.pick([-0.3, 0.0, 0.4])}")
        if form == "mask":
            lines.append(f"{r} = np.sum({z}[{mk}] ** 2) + np.sum({z}[~{mk}])")
            return _emit(ctx, scope, t, lines, [(r, (), False), (z, (n,), True)]), False
        lines += [f"{z}[{mk}] *= {t(adapt(ctx, scope, 'pos', (), 1))}", f"{z}[~{mk}] = 0.5 * {z}[~{mk}]"]
    ctx.use("fancy")
    return _emit(ctx, scope, t, lines, [(z, (n,), True)]), False


# ---- reductions along axes --------------------------------------------------------------------------------
_AXES = [("_0 - _0.mean(axis=1, keepdims=True)", "m"),
         ("_0 / np.linalg.norm(_0, axis=0, keepdims=True)", "m"),
         ("np.sum(_0, axis=0)", "n"), ("np.max(_0, axis=1)", "r"), ("np.prod(_0, axis=1)", "r"),
         ("np.std(_0, axis=0)", "n"), ("_0.sum(axis=-1)", "r"), ("_0 / np.sum(_0, axis=1, keepdims=True)", "m"),
         ("np.cumsum(_0, axis=1)", "m"), ("_0 - np.min(_0, axis=0, keepdims=True)", "m"),
         ("np.mean(_0, axis=(0, 1))", "s"), ("np.var(_0, axis=1, keepdims=True)", "c"),
         ("np.linalg.norm(_0, axis=1)", "r")]


@construct("axes", 2, 1)
def axis_reductions(ctx, scope, depth, out):
    t = T()
    m, n = ctx.m, ctx.n
    M, y = _bound_name(ctx, "X"), None
    form, kind = ctx.pick(_AXES + [("softmax", "m")])
    pos = "pos" if any(f in form for f in ("norm", "np.sum(_0, axis=1", "prod", "std")) else "any"
    lines = [f"{M} = {t(adapt(ctx, scope, pos, (m, n), 1))}"]
    shape = {"m": (m, n), "n": (n,), "r": (m,), "s": (), "c": (m, 1)}[kind]
    y = _fresh(ctx, scope, shape if shape != (m, 1) else (m, n))
    if form == "softmax":
        e = _bound_name(ctx, "ex")
        lines += [f"{e} = np.exp({M} - {M}.max(axis=1, keepdims=True))", f"{y} = {e} / {e}.sum(axis=1, keepdims=True)"]
    elif kind == "c":
        lines.append(f"{y} = {M} / np.sqrt(" + form.replace("_0", M) + " + 1.0)")
        shape = (m, n)
    else:
        lines.append(f"{y} = " + form.replace("_0", M))
    ctx.use("reductions")
    return _emit(ctx, scope, t, lines, [(y, shape, shape != ())]), False


# ---- helpers returning tuples -----------------------------------------------------------------------------
_TUPLE_HELPERS = [
    ("return np.mean(v), np.sum((v - np.mean(v)) ** 2)", "v", ((), ())),
    ("mu = np.mean(v)\nsd = np.sqrt(np.mean((v - mu) ** 2) + 1e-3)\nreturn (v - mu) / sd, mu, sd", "v", ("V", (), ())),
    ("return v * 2.0, np.sum(v)", "v", ("V", ())),
    ("lo = np.min(v)\nhi = np.max(v)\nreturn lo, hi, hi - lo", "v", ((), (), ())),
]


@construct("tuplehelp", 2, 1)
def tuple_helpers(ctx, scope, depth, out):
    t = T()
    n = ctx.n
    if ctx.chance(0.3) and not scope.in_loop and depth < 2:
        return _leapfrog(ctx, scope, t)
    body, param, rets = ctx.pick(_TUPLE_HELPERS)
    fname = helper(ctx, ["stats", "moments", "split", "summary"], [param], body)
    shapes = [(n,) if s == "V" else s for s in rets]
    names = [_fresh(ctx, scope, s) for s in shapes]
    arg = t(expr(ctx, scope, (n,), 1))
    style = ctx.pick(["plain", "underscore", "star", "index"])
    defines = [(nm, s, s != ()) for nm, s in zip(names, shapes)]
    if style == "underscore":
        lhs = ", ".join(["_"] + names[1:])
        defines = defines[1:]
    elif style == "star" and len(names) == 3:
        rest = _bound_name(ctx, "rest")
        lhs = f"{names[0]}, *{rest}"
        defines = defines[:1]
        return _emit(ctx, scope, t, [f"{lhs} = {fname}({arg})", f"{names[1]} = {rest}[0] + {rest}[-1]"],
                     defines + [(names[1], (), False)]), False
    elif style == "index":
        res = _bound_name(ctx, "out")
        return _emit(ctx, scope, t, [f"{res} = {fname}({arg})", f"{names[-1]} = {res}[-1]"],
                     [defines[-1]]), False
    else:
        lhs = ", ".join(names)
    return _emit(ctx, scope, t, [f"{lhs} = {fname}({arg})"], defines), False


def _leapfrog(ctx, scope, t):
    shape = ctx.pick([(), (ctx.n,)])
    fname = helper(ctx, ["leap", "verlet", "kick"], ["p", "q", "h"],
                   "p = p - 0.5 * h * np.sin(q)\nq = q + h * p\nreturn p - 0.5 * h * np.sin(q), q")
    p, q, i = _fresh(ctx, scope, shape), _fresh(ctx, scope, shape), _bound_name(ctx, "i")
    lines = [f"{p}, {q} = {t(expr(ctx, scope, shape, 1))}, {t(expr(ctx, scope, shape, 1))}",
             f"for {i} in range({ctx.pick([2, 3, 5])}):", f"    {p}, {q} = {fname}({p}, {q}, {ctx.pick([0.1, 0.2])})"]
    ctx.use("for")
    return _emit(ctx, scope, t, lines, [(p, shape, False), (q, shape, False)]), False
