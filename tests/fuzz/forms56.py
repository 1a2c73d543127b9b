"""Forms stop 55 lifted that the generator did not draw (fuzz56), one tag each:

* ``gens``: generator helpers (``yield``, ``yield from``) read by a ``for``, ``enumerate``, ``sum``,
  ``list`` or a comprehension;
* ``trys``: a ``try`` whose handlers choose constants (a missing key of a module dict, in a loop with
  f-string keys, with ``else``/``finally``), and ``try``/``finally`` around differentiated code;
* ``partials``: a local ``functools.partial`` of a helper (keyword or positional binding, an
  override at the call) or of a NumPy function;
* ``ufuncat``: ``np.maximum.at``/``minimum``/``fmax``/``fmin``/``multiply``/``add.at`` with repeated
  indices, ``np.put`` in each mode, and a ufunc's ``out=`` with ``where=``;
* ``defaults``: a helper whose default is an array (positional or keyword-only), passed or not;
* ``ntwrite``: a namedtuple's array field written in place (``s.p[k] += ...``, ``s.p[:] = ...``);
* ``objlists``: a list of objects built by a comprehension over a constant range, or a module list of
  objects, read by a loop (with ``break``) or a ``sum`` of method calls;
* ``fkeys``: dicts with f-string keys built and read in unrolled loops (``d[f"w{j}"]``, ``.get``).

Written as source text with ``T`` placeholders for generated expressions. Invariant: each
production's statements run on every path (indices in range, logs of positive numbers), the names
it binds are fresh, and the helpers, classes and dicts it needs are module level (``extra_defs``).
"""
from .effects import _helper_name
from .forms52 import _emit
from .productions import adapt, expr
from .rebinds51_forms import T, helper
from .stmts import construct
from .tmpl import S
from .wider import _bound_name

__all__ = []


def _module_def(ctx, text):
    """Module-level statements (a class, a helper with defaults, a dict) put before ``f``."""
    ctx.extra_defs += S(text)


def _numbers(ctx, k):
    return "[" + ", ".join(str(round(ctx.rng.uniform(-1.0, 1.0), 2)) for _ in range(k)) + "]"


# ---- generator helpers -----------------------------------------------------------------------
_GENS = {"pairs": ("for i in range(len(v) - 1):\n    yield v[i], v[i + 1]", 2),
         "squares": ("for e in v:\n    yield e * e", 1),
         "sines": ("for i in range(len(v)):\n    yield np.sin(v[i]) * (i + 1.0)", 1),
         "windows": ("for i in range(len(v) - 1):\n    yield v[i:i + 2]", "w")}


@construct("gens", 1.5, 0)
def generator_helper(ctx, scope, depth, out):
    if depth >= 2:
        return [], False
    t = T()
    kind = ctx.pick(sorted(_GENS))
    body, items = _GENS[kind]
    gen = helper(ctx, [kind, f"each_{kind}", f"iter_{kind}"], ["v"], body)
    if ctx.chance(0.3):          # a generator delegating with yield from
        outer = helper(ctx, ["chained", "stream"], ["v"], f"yield from {gen}(v)\nyield " +
                       ("v[0] * 3.0, v[1]" if items == 2 else "v[:2] * 0.5" if items == "w" else "v[0] * 3.0"))
        gen = outer
    v, r = _bound_name(ctx, "vals"), ctx.fresh("scalar", scope)
    lines = [f"{v} = {t(expr(ctx, scope, (ctx.n,), 1))}"]
    a, b, k = _bound_name(ctx, "a"), _bound_name(ctx, "b"), _bound_name(ctx, "k")
    if items == 2:
        form = ctx.pick(["for", "enum", "sum"])
        if form == "for":
            lines += [f"{r} = 0.0", f"for {a}, {b} in {gen}({v}):", f"    {r} += ({b} - {a}) ** 2"]
        elif form == "enum":
            lines += [f"{r} = 0.0", f"for {k}, ({a}, {b}) in enumerate({gen}({v})):", f"    {r} += {k} * {a} * {b}"]
        else:
            lines.append(f"{r} = sum({a} * np.cos({b}) for {a}, {b} in {gen}({v}))")
    elif items == "w":
        lines.append(f"{r} = sum(np.sum({a}) ** 2 for {a} in {gen}({v}))")
    else:
        form = ctx.pick(["for", "sum", "list", "comp"])
        if form == "for":
            lines += [f"{r} = 0.0", f"for {a} in {gen}({v}):", f"    {r} = {r} * 0.5 + {a}"]
        elif form == "sum":
            lines.append(f"{r} = sum({gen}({v}))")
        elif form == "list":
            lines.append(f"{r} = np.sum(np.array(list({gen}({v}))) ** 2)")
        else:
            lines.append(f"{r} = sum(np.tanh({a}) for {a} in {gen}({v}))")
    ctx.use("for")
    return _emit(ctx, scope, t, lines, [(r, (), False)]), False


# ---- try blocks ------------------------------------------------------------------------------
@construct("trys", 1.5, 0)
def try_block(ctx, scope, depth, out):
    if depth >= 2:
        return [], False
    t = T()
    cfg = _helper_name(ctx, ["CFG", "SETTINGS", "OPTIONS"])
    _module_def(ctx, f"{cfg} = {{'alpha': {ctx.pick([0.5, 2.0, 1.5])}, 'w1': {ctx.pick([0.3, -1.0])}}}")
    c, r, i = _bound_name(ctx, "coef"), ctx.fresh("scalar", scope), _bound_name(ctx, "i")
    key = ctx.pick(["'alpha'", "'lr'"])
    form = ctx.pick(["plain", "else", "loop", "finally"])
    first = [f"{c} = 0.0"]          # bound before (oracle.unbound_read does not follow try)
    if form == "plain":
        lines = first + ["try:", f"    {c} = {cfg}[{key}]", "except KeyError:", f"    {c} = {ctx.pick([0.1, 0.7])}",
                 f"{r} = {c} * {t(expr(ctx, scope, (), 1))}"]
    elif form == "else":
        n = _bound_name(ctx, "reps")
        lines = first + [f"{n} = 1", "try:", f"    {c} = {cfg}[{key}]", "except (KeyError, TypeError):", f"    {c} = 1.0",
                 "else:", f"    {n} = {n} + 2", "finally:", f"    {n} = {n} * 2",
                 f"{r} = {c} * {n} * {t(expr(ctx, scope, (), 1))}"]
    elif form == "loop":
        x = t(expr(ctx, scope, (ctx.n,), 1))
        lines = first + [f"{r} = 0.0", f"for {i} in range({min(ctx.n, 3)}):", "    try:", f"        {c} = {cfg}[f'w{{{i}}}']",
                 "    except KeyError:", f"        {c} = float({i})", f"    {r} += {c} * {x}[{i}] ** 2"]
        ctx.use("for")
    else:
        k = _bound_name(ctx, "k")
        lines = [f"{r} = 0.0", f"{k} = 1", "try:", f"    {r} = {t(expr(ctx, scope, (), 1))}", "finally:", f"    {k} = 2",
                 f"{r} = {r} * {k}"]
    return _emit(ctx, scope, t, lines, [(r, (), False)]), False


# ---- local partials --------------------------------------------------------------------------
@construct("partials", 1.5, 0)
def local_partial(ctx, scope, depth, out):
    if depth >= 2:
        return [], False
    t = T()
    h, r, i = _bound_name(ctx, "h"), ctx.fresh("scalar", scope), _bound_name(ctx, "i")
    x = t(expr(ctx, scope, (ctx.n,), 1))
    form = ctx.pick(["keyword", "positional", "ufunc", "loop"])
    if form == "keyword":
        g = helper(ctx, ["scaled", "weighted_sum"], ["v", "s"], "return np.sum(v * s) ** 2")
        c = t(adapt(ctx, scope, "unit", (), 1))
        lines = [f"{h} = functools.partial({g}, s={c})", f"{r} = {h}({x})" + ctx.pick(["", f" + {h}(0.5 * {x}, s=0.25)"])]
    elif form == "positional":
        g = helper(ctx, ["inner", "weighted"], ["w", "v"], "return np.sum(w * v ** 2)")
        w = _bound_name(ctx, "wts")
        lines = [f"{w} = {t(expr(ctx, scope, (ctx.n,), 1))}", f"{h} = functools.partial({g}, {w})",
                 f"{w} = {w} * 0.0", f"{r} = {h}({x})"]
    elif form == "ufunc":
        lines = [f"{h} = functools.partial({ctx.pick(['np.multiply', 'np.add', 'np.power'])}, {x})",
                 f"{r} = np.sum({h}({ctx.pick([2.0, 3.0])}))"]
    else:
        g = helper(ctx, ["rhs", "force"], ["y", "k"], "return -k * y * y")
        lines = [f"{h} = functools.partial({g}, k={ctx.pick([0.5, 2.5])})", f"{r} = 0.0",
                 f"for {i} in range({ctx.pick([2, 3])}):", f"    {r} += np.sum({h}({x} + {i}))"]
        ctx.use("for")
    return _emit(ctx, scope, t, lines, [(r, (), False)]), False


# ---- ufunc.at, np.put, out= with where= -------------------------------------------------------
_AT = ["np.maximum.at", "np.minimum.at", "np.fmax.at", "np.fmin.at", "np.multiply.at", "np.add.at"]


@construct("ufuncat", 1.5, 0)
def ufunc_at(ctx, scope, depth, out):
    if depth >= 2:
        return [], False
    t = T()
    n = ctx.n
    a, r = ctx.fresh("vector", scope), ctx.fresh("scalar", scope)
    idx = [ctx.rng.randrange(n) for _ in range(3)]
    idx[-1] = idx[0]                       # a repeated index
    lines = [f"{a} = np.array({t(expr(ctx, scope, (n,), 1))})"]
    form = ctx.pick(["at", "at", "put", "where"])
    if form == "at":
        lines.append(f"{ctx.pick(_AT)}({a}, {ctx.pick(['{}', 'np.array({})']).format(idx)}, {t(expr(ctx, scope, (3,), 1))})")
    elif form == "put":
        mode = ctx.pick(["", ", mode='wrap'", ", mode='clip'"])
        if mode:
            idx = [idx[0], idx[1] + n, -1 - n] if mode == ", mode='wrap'" else [idx[0], n + 2, -3]
        vals = t(expr(ctx, scope, ctx.pick([(3,), ()]), 1))
        lines.append(f"np.put({a}, {idx}, {vals}{mode})")
    else:
        v = t(expr(ctx, scope, (n,), 1))
        mask = ctx.pick([f"{v} > 0.0", f"np.array({[ctx.chance(0.5) for _ in range(n)]})"])
        call = ctx.pick([f"np.multiply({v}, {ctx.pick([2.0, 0.5])}, out={a}, where={mask})",
                         f"np.exp(np.tanh({v}), out={a}, where={mask})",
                         f"np.log(np.abs({v}) + 0.5, out={a}, where={mask})"])
        lines.append(call)
    lines.append(f"{r} = np.sum({a} ** 2)")
    ctx.use("inplace")
    return _emit(ctx, scope, t, lines, [(r, (), False), (a, (n,), True)]), False


# ---- array defaults --------------------------------------------------------------------------
@construct("defaults", 1.5, 1)
def array_default(ctx, scope, depth, out):
    t = T()
    n = ctx.n
    g = _helper_name(ctx, ["shifted", "centred", "offset_energy"])
    kw = ctx.chance(0.5)
    sig = f"v, *, s=np.array({_numbers(ctx, n)})" if kw else f"v, s=np.array({_numbers(ctx, n)})"
    body = ctx.pick(["return np.sum((v - s) ** 2)", "return np.sum(np.sin(v) * s)", "return np.sum(v * s) + s[0]"])
    _module_def(ctx, f"def {g}({sig}):\n    {body}\n")
    ctx.use("helpers")
    r = ctx.fresh("scalar", scope)
    call = f"{g}({t(expr(ctx, scope, (n,), 1))})"
    if ctx.chance(0.3):
        call += f" + {g}({t(expr(ctx, scope, (n,), 1))}, s={t(expr(ctx, scope, (n,), 1))})"
    return _emit(ctx, scope, t, [f"{r} = {call}"], [(r, (), False)]), False


# ---- namedtuple fields written ---------------------------------------------------------------
@construct("ntwrite", 1.5, 0)
def namedtuple_writes(ctx, scope, depth, out):
    if depth >= 2:
        return [], False
    t = T()
    n = ctx.n
    cls = _helper_name(ctx, ["State", "Body", "Cell"])
    _module_def(ctx, f"{cls} = collections.namedtuple({cls!r}, ['p', 'v'])")
    s, r, k = _bound_name(ctx, "st"), ctx.fresh("scalar", scope), _bound_name(ctx, "k")
    p, v = t(expr(ctx, scope, (n,), 1)), t(expr(ctx, scope, (n,), 1))
    lines = [ctx.pick([f"{s} = {cls}(np.array({p}), {v})", f"{s} = {cls}(v={v}, p=np.array({p}))"])]
    for _ in range(ctx.pick([1, 2])):
        form = ctx.pick(["one", "loop", "all", "scale"])
        if form == "one":
            lines.append(f"{s}.p[{ctx.rng.randrange(n)}] += {ctx.pick([0.1, 0.5])} * {s}.v[{ctx.rng.randrange(n)}]")
        elif form == "loop":
            lines += [f"for {k} in range({n}):", f"    {s}.p[{k}] += 0.1 * {s}.v[{k}] * {s}.p[{k}]"]
            ctx.use("for")
        elif form == "all":
            lines.append(f"{s}.p[:] = np.sin({s}.v) + 0.5 * {s}.p")
        else:
            lines.append(f"{s}.p[1] *= {s}.v[0]")
    lines.append(f"{r} = np.sum({s}.p ** 2) + np.sum({s}.v * {s}.p)")
    ctx.use("records")
    return _emit(ctx, scope, t, lines, [(r, (), False)]), False


# ---- lists of objects ------------------------------------------------------------------------
@construct("objlists", 1.5, 0)
def object_lists(ctx, scope, depth, out):
    if depth >= 2:
        return [], False
    t = T()
    cls = _helper_name(ctx, ["Spring", "Link", "Term"])
    method = ctx.pick(["return 0.5 * self.k * (r - self.rest) ** 2", "return self.k * np.sin(r - self.rest)"])
    _module_def(ctx, f"class {cls}:\n    def __init__(self, k, rest):\n        self.k, self.rest = k, rest\n\n"
                     f"    def energy(self, r):\n        {method}\n")
    parts, e, s, i = _bound_name(ctx, "parts"), ctx.fresh("scalar", scope), _bound_name(ctx, "sp"), _bound_name(ctx, "i")
    count = min(ctx.n, 3)
    if ctx.chance(0.3):
        parts = _helper_name(ctx, ["SPRINGS", "LINKS"])
        _module_def(ctx, f"{parts} = [{cls}({ctx.pick([1.0, 2.0])}, 0.5), {cls}(3.0, {ctx.pick([-0.2, 0.1])})]")
        lines = []
    else:
        k = t(expr(ctx, scope, (ctx.n,), 1))
        rest = ctx.pick(["0.5", f"{k}[0]", "0.1 * " + i])
        lines = [f"{parts} = [{cls}({k}[{i}], {rest}) for {i} in range({count})]"]
    x = t(expr(ctx, scope, ctx.pick([(), (ctx.n,)]), 1))
    red = "np.sum({})"
    form = ctx.pick(["loop", "break", "sum"])
    if form == "sum":
        lines.append(f"{e} = sum({red.format(f'{s}.energy({x})')} for {s} in {parts})")
    else:
        lines += [f"{e} = 0.0", f"for {s} in {parts}:", f"    {e} += {red.format(f'{s}.energy({x})')}"]
        if form == "break":
            lines += [f"    if {e} > {ctx.pick([0.5, 2.0])}:", "        break"]
            ctx.use("break")
        ctx.use("for")
    ctx.use("classes")
    return _emit(ctx, scope, t, lines, [(e, (), False)]), False


# ---- f-string keys ---------------------------------------------------------------------------
@construct("fkeys", 1.5, 0)
def fstring_keys(ctx, scope, depth, out):
    if depth >= 2:
        return [], False
    t = T()
    count = min(ctx.n, 3)
    d, r, i, j = _bound_name(ctx, "d"), ctx.fresh("scalar", scope), _bound_name(ctx, "i"), _bound_name(ctx, "j")
    x = t(expr(ctx, scope, (ctx.n,), 1))
    form = ctx.pick(["read", "write", "names", "spec"])
    if form == "read":
        lines = [f"{d} = {{f'w{{{i}}}': {x}[{i}] for {i} in range({count})}}", f"{r} = 0.0",
                 f"for {j} in range({count}):", f"    {r} += {d}[f'w{{{j}}}'] ** 2"]
    elif form == "write":
        lines = [f"{d} = {{}}", f"for {i} in range({count}):", f"    {d}[f'w{{{i}}}'] = {x}[{i}] * 2.0",
                 f"{r} = {d}['w0'] * {d}['w{count - 1}'] + {d}[f'w{{{1}}}']"]
    elif form == "names":
        nm, names = _bound_name(ctx, "nm"), ["a", "b", "c"][:count]
        lines = [f"{d} = {{f'{{{nm}}}_b': {x}[{i}] for {i}, {nm} in enumerate({names})}}",
                 f"{r} = 1.0", f"for {nm} in {tuple(names)}:",
                 f"    {r} = {r} * {d}.get(f'{{{nm}}}_b', 0.0) + {d}[f'{{{nm}}}_b']"]
    else:
        c = _bound_name(ctx, "cw")
        lines = [f"{d} = {{f'w{{{i}:02d}}': {x}[{i}] for {i} in range({count})}}", f"{r} = 0.0",
                 f"for {j}, {c} in enumerate({[1.0, 2.0, 3.0][:count]}):", f"    {r} += {c} * np.sin({d}[f'w{{{j}:02d}}'])"]
    ctx.use("for")
    ctx.use("keys")
    return _emit(ctx, scope, t, lines, [(r, (), False)]), False
