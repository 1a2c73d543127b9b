"""Calls the rule catalog cannot enumerate (fuzz23), drawn by the ``special`` production:

* ``scipy.special``'s functions (their rules are named by qualified name and installed when
  the program imports scipy.special, so ``catalog`` never sees them): ``erf``, ``erfc``,
  ``expit``, ``ndtr``, ``log_ndtr`` on any value, ``gamma``, ``gammaln``, ``digamma``/``psi``
  on positive ones, ``logsumexp`` (``axis``, ``keepdims``), ``softmax``/``log_softmax``
  (``axis``);
* the NumPy calls s2sad reads as other calls (``s2sad/frontend/numpy_forms.py``):
  ``np.select`` with its lists written in the call, ``np.ptp``, ``np.add.reduce`` and its
  siblings, ``np.add.accumulate``/``np.multiply.accumulate``, ``np.sum``/``np.mean`` with
  ``where=``, ``np.linalg.cond`` and ``scipy.linalg.cholesky``.

``SPECIAL`` lists every scipy.special function drawn; ``test_sample`` checks it covers every
scipy.special rule of the table, so a rule added there is fuzzed or fails that test.
Invariant: each expression has exactly the shape asked for and is finite where its
operands are (the domains of gamma's family are positive, a ``where=`` mask of ``np.mean``
keeps an entry, ``cholesky``'s argument is symmetric positive definite).
"""
import types

from . import more_rules_lifts54  # noqa: F401  (registers its production: np.logspace, np.add.reduceat, statistics)
from .more_rules40 import SPECIAL40
from .more_rules54 import SPECIAL54
from .productions import adapt, array_cond, cond, expr, production
from .structured import well_conditioned
from .tmpl import E, clone, const

__all__ = ["SPECIAL", "scipy_namespace"]

ANY = ("erf", "erfc", "expit", "ndtr", "log_ndtr")
POSITIVE = ("gamma", "gammaln", "digamma", "psi")
MORE = ("logit", "xlogy", "betaln")             # drawn by _scipy's "more" kind (fuzz39)
SPECIAL = ANY + POSITIVE + MORE + ("logsumexp", "softmax", "log_softmax") + SPECIAL40 + SPECIAL54   # (more_rules40.py, more_rules54.py)


def scipy_namespace(autograd=False):
    """``scipy`` for a copy whose imports were removed: its special and linalg modules (autograd's,
    which lack a few functions: autograd then cannot run the program and is no reference)."""
    if autograd:
        import autograd.scipy.linalg as linalg
        import autograd.scipy.signal as signal
        import autograd.scipy.special as special
        import autograd.scipy.stats as stats
    else:
        import scipy.linalg as linalg
        import scipy.signal as signal
        import scipy.special as special
        import scipy.stats as stats
    return types.SimpleNamespace(special=special, linalg=linalg, stats=stats, signal=signal)


def stdlib_modules():
    """The standard modules a program may import besides math (objects.py: functools.reduce,
    dataclasses; flows.py: operator.mul; rebinds51.py: copy.copy; more_rules_lifts54.py: statistics.fmean), for a copy
    whose imports were removed."""
    import collections
    import copy
    import dataclasses
    import functools
    import operator
    import statistics
    return {"functools": functools, "dataclasses": dataclasses, "operator": operator, "collections": collections,
            "copy": copy, "statistics": statistics}


def _sub(depth):
    return max(depth - 1, 0)


def _scipy(ctx, scope, shape, depth):
    kind = ctx.pick(["any", "any", "pos", "lse", "soft", "more"])
    if kind == "more":
        fn = ctx.pick(MORE)
        if fn == "logit":
            return E("scipy.special.logit(0.05 + 0.9 * scipy.special.expit(_0))", expr(ctx, scope, shape, _sub(depth)))
        first = adapt(ctx, scope, "pos" if fn == "betaln" else "any", shape, _sub(depth))
        return E(f"scipy.special.{fn}(_0, _1)", first, adapt(ctx, scope, "pos", shape, _sub(depth)))
    if kind == "any" or kind == "pos":
        fn = ctx.pick(ANY if kind == "any" else POSITIVE)
        arg = adapt(ctx, scope, "small" if kind == "any" else "pos", shape, _sub(depth))
        if fn in ("gamma", "digamma", "psi"):
            arg = E("0.5 + _0", arg)
        return E(f"scipy.special.{fn}(_0)", arg)
    if kind == "soft":
        if shape == ():
            return None
        fn = ctx.pick(["softmax", "log_softmax"])
        axis = f", axis={ctx.pick([0, 1, -1])}" if len(shape) == 2 and ctx.chance(0.7) else ""
        return E(f"scipy.special.{fn}(_0{axis})", expr(ctx, scope, shape, _sub(depth)))
    if shape == ():
        src = ctx.pick([(ctx.n,), (ctx.m, ctx.n)])
        return E("scipy.special.logsumexp(_0)", expr(ctx, scope, src, _sub(depth)))
    if len(shape) == 1:
        other = ctx.pick([ctx.n, ctx.m])
        axis, src = ctx.pick([(1, (shape[0], other)), (0, (other, shape[0]))])
        return E(f"scipy.special.logsumexp(_0, axis={axis})", expr(ctx, scope, src, _sub(depth)))
    r, c = shape
    if r == 1 or c == 1:
        return None
    return E("_0 - scipy.special.logsumexp(_0, axis=1, keepdims=True)", expr(ctx, scope, shape, _sub(depth)))


def _reduce_form(ctx, scope, shape, depth):
    """np.ptp, np.add.reduce..., np.sum/np.mean(where=): a number from a vector, a vector from a matrix."""
    if len(shape) == 2:
        return None
    if shape == ():
        src, axis = ctx.pick([(ctx.n,), (ctx.m,)]), ""
    else:
        other = ctx.pick([ctx.n, ctx.m])
        src, axis = ctx.pick([((shape[0], other), ", axis=1"), ((other, shape[0]), ", axis=0")])
    e = expr(ctx, scope, src, _sub(depth))
    fn = ctx.pick(["np.ptp", "np.add.reduce", "np.multiply.reduce", "np.maximum.reduce", "np.minimum.reduce",
                   "where_sum", "where_mean"])
    if fn == "np.multiply.reduce":
        e = E("1.0 + 0.3 * np.tanh(_0)", e)
    if fn.startswith("where"):
        c = const(round(ctx.rng.uniform(-0.5, 0.5), 2))
        mask = E(ctx.pick(["_0 > _1", "np.abs(_0) < 1.0 + abs(_1)"]), e, c)
        if fn == "where_mean":          # keeps the largest entry: never an empty mean
            mask = E(f"(_0) | (_1 == np.max(_1{axis}, keepdims=True))", mask, clone(e))
        return E(f"np.{fn[6:]}(_0{axis}, where=_1)", e, mask)
    if not axis and fn != "np.ptp":     # the ufunc methods' axis defaults to 0
        return E(f"{fn}(_0)", e)
    return E(f"{fn}(_0{axis})", e)


def _numpy_form(ctx, scope, shape, depth):
    kind = ctx.pick(["select", "select", "reduce", "accumulate", "cond", "cholesky"])
    if kind == "select":
        arms = ctx.pick([1, 2])
        conds = [array_cond(ctx, scope, shape, _sub(depth)) if shape else cond(ctx, scope, 1) for _ in range(arms)]
        choices = [expr(ctx, scope, shape, _sub(depth)) for _ in range(arms)]
        holes = ", ".join(f"_{k}" for k in range(arms))
        vals = ", ".join(f"_{k + arms}" for k in range(arms))
        default = f", default=_{2 * arms}" if ctx.chance(0.7) else ""
        return E(f"np.select([{holes}], [{vals}]{default})", *conds, *choices, expr(ctx, scope, shape, _sub(depth)))
    if kind == "reduce":
        return _reduce_form(ctx, scope, shape, depth)
    if kind == "accumulate":
        if len(shape) != 1:
            return None
        fn = ctx.pick(["np.add.accumulate(_0)", "np.multiply.accumulate(1.0 + 0.3 * np.tanh(_0))"])
        return E(fn, expr(ctx, scope, shape, _sub(depth)))
    k = ctx.pick([ctx.n, ctx.m])
    if kind == "cond":
        return E("np.linalg.cond(_0)", well_conditioned(ctx, scope, k, _sub(depth))) if shape == () else None
    if shape != (k, k):
        return None
    M = expr(ctx, scope, (k, k), _sub(depth))
    spd = E(f"_0 @ _0.T + {ctx.pick([0.5, 1.0])} * np.eye({k})", M)
    lower = ctx.pick([", lower=True", ", lower=False", ""])
    return E(f"scipy.linalg.cholesky(_0{lower})", spd)


@production("special", "special", 2)
def special(ctx, scope, shape, depth):
    if depth < 1:
        return None
    if ctx.chance(0.5):
        return _scipy(ctx, scope, shape, depth)
    return _numpy_form(ctx, scope, shape, depth)
