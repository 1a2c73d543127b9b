"""Random draws in the generated programs (fuzz50; stop 49 made draws sound and followed).

Each program that draws picks one generator, the way people get one (``source``):

* ``local``: ``rng = np.random.default_rng(s)`` first thing in ``f``;
* ``legacy``: ``rs = np.random.RandomState(s)`` first thing in ``f`` (its methods: ``randint``, ``rand``...);
* ``inline``: ``np.random.default_rng(s).normal(...)`` at each draw, a new generator each time;
* ``global``: ``RNG = np.random.default_rng(s)`` at module level;
* ``own``: ``np.random``'s own state (``np.random.normal(...)``);
* ``param``: a generator passed in, ``def f(x, w, rng)`` (``Program.inputs`` makes it).

and draws with it: the reparameterisation ``mu + sigma * eps`` (``reparam``), dropout masks
``rng.random(n) < p`` (``dropout``), bootstrap indices ``rng.integers(0, n, n)`` (``bootstrap``),
``rng.choice`` (``choose``), ``rng.permutation`` (``permute``), several draws whose order decides the
result (``draw_order``), draws nobody reads or that are overwritten (``dead_draw``), draws in a loop
(``draw_loop``) and in one branch (``draw_branch``), draws in a helper that reads the generator, takes
it as a parameter or makes its own (``draw_helper``). Draws are values with no derivative: the
derivative flows through what multiplies or is indexed by them.

Invariant: draws are made only while writing ``f`` (``ctx.writing_f``), whose generator is set up by
``finish`` once ``f`` is written; the oracle replays the same draws at every evaluation
(``fresh_draws``).
"""
import ast

from .effects import _def, _helper_name
from .inplace import _loop_scope
from .leaves import var_of
from .productions import adapt, cond, expr
from .stmts import construct
from .tmpl import E, S
from .wider import _bound_name, _c

__all__ = ["finish"]

SOURCES = [(3, "local"), (1, "legacy"), (1, "inline"), (2, "global"), (1.5, "own"), (2, "param")]
_GEN, _LEGACY = "gen", "legacy"
FORMS = {       # what -> api -> templates ({g} the generator, {n} a length, {k} a count)
    "normal": {_GEN: ["{g}.standard_normal({n})", "{g}.normal(0.0, 1.0, size={n})", "{g}.normal(size={n})"],
               _LEGACY: ["{g}.standard_normal({n})", "{g}.normal(0.0, 1.0, size={n})", "{g}.randn({n})"]},
    "normal1": {_GEN: ["{g}.normal()", "{g}.standard_normal()", "{g}.normal(0.0, 0.5)"],
                _LEGACY: ["{g}.normal()", "{g}.standard_normal()", "{g}.randn()"]},
    "uniform": {_GEN: ["{g}.random({n})", "{g}.uniform(0.0, 1.0, {n})", "{g}.uniform(size={n})"],
                _LEGACY: ["{g}.random({n})", "{g}.rand({n})", "{g}.uniform(0.0, 1.0, {n})", "{g}.random_sample({n})"]},
    "uniform1": {_GEN: ["{g}.random()", "{g}.uniform()"], _LEGACY: ["{g}.random()", "{g}.rand()", "{g}.uniform()"]},
    "ints": {_GEN: ["{g}.integers(0, {n}, {k})", "{g}.integers({n}, size={k})"],
             _LEGACY: ["{g}.randint(0, {n}, {k})", "{g}.randint({n}, size={k})"]},
    "choice": {_GEN: ["{g}.choice({n}, {k}, replace=False)", "{g}.choice({n}, {k})"],
               _LEGACY: ["{g}.choice({n}, {k}, replace=False)", "{g}.choice({n}, {k})"]},
    "choice1": {_GEN: ["{g}.choice({n})", "int({g}.integers({n}))"], _LEGACY: ["{g}.choice({n})", "int({g}.randint({n}))"]},
    "perm": {_GEN: ["{g}.permutation({n})"], _LEGACY: ["{g}.permutation({n})"]},
}


class _Source:
    """The program's generator: how it is made, its name in ``f``, and which methods it has."""

    def __init__(self, ctx):
        self.kind = ctx.weighted(SOURCES)
        self.seed = ctx.rng.randrange(1, 1000)
        self.name = {"local": "rng", "legacy": "rs", "global": "RNG", "own": "np.random", "param": "rng",
                     "inline": None}[self.kind]
        if self.name and "." not in self.name:
            self.name = _bound_name(ctx, self.name)
        self.api = _LEGACY if self.kind in ("legacy", "own") else _GEN

    def text(self, ctx):
        """The generator as source text at one draw."""
        return self.name or f"np.random.default_rng({ctx.rng.randrange(1, 1000)})"

    @property
    def passable(self):
        """A generator object a helper can take as a parameter."""
        return self.kind in ("local", "legacy", "global", "param")


def _source(ctx):
    if getattr(ctx, "draws", None) is None:
        ctx.draws = _Source(ctx)
    return ctx.draws


def draw(ctx, what, n=None, k=None, g=None):
    """A draw of ``what`` (a ``FORMS`` key) from the program's generator (or the text ``g``)."""
    src = _source(ctx)
    n = ctx.n if n is None else n
    text = ctx.pick(FORMS[what][src.api]).format(g=g or src.text(ctx), n=n, k=ctx.n if k is None else k)
    ctx.use("draws")
    return E(text)


def _ready(ctx, depth):
    return getattr(ctx, "writing_f", False) and depth < 3


def _vector(ctx, scope):
    return var_of(ctx, scope, (ctx.n,)) or expr(ctx, scope, (ctx.n,), 1)


@construct("draws", 2.0, 0.6)
def reparam(ctx, scope, depth, out):
    """``eps = rng.standard_normal(n); z = mu + sigma * eps`` (a VAE's sample), or a scalar one."""
    if not _ready(ctx, depth):
        return [], False
    shape = ctx.pick([(ctx.n,), (ctx.n,), ()])
    eps, z = ctx.fresh("vector" if shape else "scalar", scope), ctx.fresh("vector" if shape else "scalar", scope)
    sigma = adapt(ctx, scope, "pos", ctx.pick([(), shape]), 1)
    stmts = S("_0 = _1\n_2 = _3 + _4 * _0", eps, draw(ctx, "normal" if shape else "normal1"), z,
              expr(ctx, scope, shape, 1), sigma)
    scope.define(eps, shape)
    scope.define(z, shape)
    return stmts, False


@construct("draws", 1.5, 0.5)
def dropout(ctx, scope, depth, out):
    """``keep = rng.random(n) < p`` then the surviving entries scaled by ``1 / p``."""
    if not _ready(ctx, depth):
        return [], False
    keep, h = _bound_name(ctx, "keep"), ctx.fresh("vector", scope)
    p = ctx.pick([0.5, 0.7, 0.8, 0.9])
    use = ctx.pick([f"_1 = np.where(_0, _2 / {p}, 0.0)", f"_1 = _2 * _0 / {p}", f"_1 = _2 * _0.astype(float) / {p}"])
    stmts = S(f"_0 = _3 < {p}\n" + use, keep, h, _vector(ctx, scope), draw(ctx, "uniform"))
    scope.define(h, (ctx.n,))
    return stmts, False


@construct("draws", 1.2, 0.4)
def bootstrap(ctx, scope, depth, out):
    """``idx = rng.integers(0, n, n)``: a resample of a vector, reduced or kept."""
    if not _ready(ctx, depth):
        return [], False
    idx = _bound_name(ctx, "idx")
    k = ctx.pick([ctx.n, ctx.n, 2])
    v = _vector(ctx, scope)
    if k == ctx.n and ctx.chance(0.5):
        return _indexed(ctx, scope, (ctx.n,), ["_0 = _1\n_2 = _3[_0]"], idx, ("ints", k), v), False
    return _indexed(ctx, scope, (), ["_0 = _1\n_2 = np.mean(_3[_0])", "_0 = _1\n_2 = np.sum(_3[_0] ** 2) / len(_0)"],
                    idx, ("ints", k), v), False


def _indexed(ctx, scope, shape, forms, index, drawn, v, more=False):
    """``index = <draw>`` then a result of ``shape`` read from ``v[index]`` (``forms``: one picked; ``more``:
    one more vector expression in the form)."""
    r = ctx.fresh("vector" if shape else "scalar", scope)
    form = forms[0] if len(forms) == 1 else ctx.pick(forms)
    args = [index, draw(ctx, drawn[0], k=drawn[1]), r, v] + ([expr(ctx, scope, (ctx.n,), 1)] if more else [])
    stmts = S(form, *args)
    scope.define(r, shape)
    return stmts


@construct("draws", 1.0, 0.4)
def choose(ctx, scope, depth, out):
    """``j = rng.choice(n)`` or ``sel = rng.choice(n, k, replace=False)``, then an index."""
    if not _ready(ctx, depth):
        return [], False
    r = ctx.fresh("scalar", scope)
    vec = var_of(ctx, scope, (ctx.n,))
    pre = []
    if vec is None:
        vec = ctx.fresh("vector", scope)
        pre = S("_0 = _1", vec, expr(ctx, scope, (ctx.n,), 1))
        scope.define(vec, (ctx.n,))
    j = _bound_name(ctx, "j")
    if ctx.chance(0.5):
        stmts = S("_0 = _1\n_2 = _3[_0] * _4", j, draw(ctx, "choice1"), r, vec, expr(ctx, scope, (), 1))
    else:
        stmts = S("_0 = _1\n_2 = np.sum(_3[_0] ** 2)", j, draw(ctx, "choice", k=ctx.pick([2, ctx.n - 1])), r, vec)
    scope.define(r, ())
    return pre + stmts, False


@construct("draws", 1.0, 0.4)
def permute(ctx, scope, depth, out):
    """``perm = rng.permutation(n)``: a shuffled vector, or a product with the shuffled one."""
    if not _ready(ctx, depth):
        return [], False
    perm = _bound_name(ctx, "perm")
    v = _vector(ctx, scope)
    if ctx.chance(0.5):
        return _indexed(ctx, scope, (ctx.n,), ["_0 = _1\n_2 = _3[_0] - 0.5 * _4"], perm, ("perm", None), v, True), False
    return _indexed(ctx, scope, (), ["_0 = _1\n_2 = np.dot(_3[_0], _4)"], perm, ("perm", None), v, True), False


@construct("draws", 1.5, 0.5)
def draw_order(ctx, scope, depth, out):
    """Two or three draws read in another order than drawn: a swap changes the value."""
    if not _ready(ctx, depth):
        return [], False
    shape = ctx.pick([(), (), (ctx.n,)])
    kinds = ["normal1", "uniform1"] if shape == () else ["normal", "uniform"]
    names = [_bound_name(ctx, b) for b in ("e_a", "e_b", "e_c")[:ctx.pick([2, 3])]]
    stmts = [s for nm in names for s in S("_0 = _1", nm, draw(ctx, ctx.pick(kinds)))]
    terms = [E(f"{ctx.pick([1.0, 3.0, -2.0, 0.5])} * _0 * _1", nm, expr(ctx, scope, shape, 1)) for nm in reversed(names)]
    total = terms[0]
    for t in terms[1:]:
        total = E("_0 + _1", total, t)
    r = ctx.fresh("scalar", scope)
    stmts += S("_0 = _1", r, total if shape == () else E("np.sum(_0)", total))
    scope.define(r, ())
    return stmts, False


@construct("draws", 1.0, 0.5)
def dead_draw(ctx, scope, depth, out):
    """A draw nobody reads, or one overwritten by the next draw: it still advances the generator."""
    if not _ready(ctx, depth):
        return [], False
    if ctx.chance(0.5):
        return S("_0 = _1", _bound_name(ctx, ctx.pick(["unused", "noise", "_"])),
                 draw(ctx, ctx.pick(["normal", "normal1", "uniform"]))), False
    r = ctx.fresh("scalar", scope)
    stmts = S("_0 = _1\n_0 = _2\n_0 = _0 * _3", r, draw(ctx, "normal1"), draw(ctx, "uniform1"), expr(ctx, scope, (), 1))
    scope.define(r, ())
    return stmts, False


@construct("draws", 1.5, 0)
def draw_loop(ctx, scope, depth, out):
    """A loop drawing every step: noisy (Langevin) iterates of a vector, or a Monte Carlo sum."""
    if not _ready(ctx, depth) or depth >= 2:
        return [], False
    i, count = _bound_name(ctx, "i"), ctx.pick([2, 3, 4])
    sub = _loop_scope(scope, (i, count))
    if ctx.chance(0.5):
        h = ctx.fresh("vector", scope)
        stmts = S(f"_0 = _1\nfor _2 in range({count}):\n    _0 = _0 - _3 * (_0 - _4) + 0.1 * _5", h,
                  expr(ctx, scope, (ctx.n,), 1), i, _c(ctx, 0.1, 0.6), expr(ctx, sub, (ctx.n,), 1), draw(ctx, "normal"))
        scope.define(h, (ctx.n,))
    else:
        acc = ctx.fresh("scalar", scope)
        form = ctx.pick(["_0 = _0 + _3 * _2", "_0 += _3 * (1.0 + _2)", "_0 = _0 + np.sum(_3 * _2)"])
        shape = (ctx.n,) if "np.sum" in form else ()
        stmts = S(f"_0 = 0.0\nfor _1 in range({count}):\n    _2 = _4\n    {form}\n_0 = _0 / {count}", acc, i,
                  _bound_name(ctx, "u"), expr(ctx, sub, shape, 1), draw(ctx, "normal" if shape else "normal1"))
        scope.define(acc, ())
    ctx.use("for")
    return stmts, False


@construct("draws", 1.0, 0.4)
def draw_branch(ctx, scope, depth, out):
    """A branch on a draw, or a draw in one branch only (the draws after it depend on the path)."""
    if not _ready(ctx, depth) or depth >= 2:
        return [], False
    r = ctx.fresh("scalar", scope)
    if ctx.chance(0.5):
        stmts = S("if _1 < 0.5:\n    _0 = _2\nelse:\n    _0 = _3", r, draw(ctx, "uniform1"),
                  expr(ctx, scope, (), 1), expr(ctx, scope, (), 1))
    else:
        stmts = S("if _1:\n    _0 = _2 + _3 * _4\nelse:\n    _0 = _5", r, cond(ctx, scope, 1), expr(ctx, scope, (), 1),
                  _c(ctx, 0.1, 0.9), draw(ctx, "normal1"), expr(ctx, scope, (), 1))
    scope.define(r, ())
    ctx.use("branches")
    return stmts, False


@construct("draws", 1.5, 0)
def draw_helper(ctx, scope, depth, out):
    """A module helper that draws: from the program's generator read as a global (``global``/``own``),
    from a generator passed to it, or from one it makes itself."""
    if not _ready(ctx, depth) or depth >= 2:
        return [], False
    src = _source(ctx)
    fname = _helper_name(ctx, ["perturb", "noisy", "jitter", "corrupt"])
    h = ctx.fresh("vector", scope)
    roll = ctx.rng.random()
    if src.passable and roll < 0.5:
        body = S("return v + _0 * _1", _c(ctx, 0.05, 0.3), draw(ctx, "normal", n="len(v)", g="g"))
        ctx.extra_defs.append(_def(fname, ["v", "g"], body))
        call = E(f"{fname}(_0, {src.name})", _vector(ctx, scope))
    elif src.kind in ("global", "own") and roll < 0.8:
        body = S("return v * (1.0 + _0 * _1)", _c(ctx, 0.05, 0.3), draw(ctx, "normal", n="len(v)"))
        ctx.extra_defs.append(_def(fname, ["v"], body))
        call = E(f"{fname}(_0)", _vector(ctx, scope))
    else:
        seed = ctx.rng.randrange(1, 1000)
        body = S(f"g = np.random.default_rng({seed})\nreturn v + _0 * g.normal(size=len(v))", _c(ctx, 0.05, 0.3))
        ctx.extra_defs.append(_def(fname, ["v"], body))
        call = E(f"{fname}(_0)", _vector(ctx, scope))
        ctx.use("draws")
    stmts = S("_0 = _1", h, call)
    if ctx.chance(0.4):                 # called twice: the second call draws other numbers
        stmts += S(f"_0 = _0 + 0.5 * {fname}(_0{', ' + src.name if src.passable and roll < 0.5 else ''})", h)
    scope.define(h, (ctx.n,))
    ctx.use("helpers")
    return stmts, False


def finish(ctx, fdef, params):
    """Make the generator ``f`` draws from, now that ``f`` is written: a first statement of ``f``, a
    module-level assignment (in ``ctx.extra_defs``) or a parameter (appended to ``params`` and ``fdef``,
    before a defaulted one)."""
    src = getattr(ctx, "draws", None)
    if src is None:
        return
    if src.kind == "local":
        fdef.body[:0] = S(f"{src.name} = np.random.default_rng({src.seed})")
    elif src.kind == "legacy":
        fdef.body[:0] = S(f"{src.name} = np.random.RandomState({src.seed})")
    elif src.kind == "global":
        ctx.extra_defs[:0] = S(f"{src.name} = np.random.default_rng({src.seed})")
    elif src.kind == "param":
        at = next((k for k, (_, s) in enumerate(params) if isinstance(s, tuple) and s[:1] == ("default",)),
                  len(params))
        params.insert(at, (src.name, ("rng", src.seed)))
        fdef.args.args.insert(at, ast.arg(arg=src.name))
