"""Forms of scipy.special's rules stop 53 added (rules53), drawn by their own production
(``special54``, so the draws of stop 40's forms do not thin): the inverse error functions on their
open domains (``erfinv`` of ``0.9 tanh(.)``, ``erfcinv`` of ``1 + 0.9 tanh(.)``, ``ndtri`` of
``0.5 + 0.45 tanh(.)``), the entropies and ``loggamma`` of positive numbers, ``huber`` with a
constant ``delta`` (its kink at ``|r| = delta`` is where differences break), ``pseudo_huber``,
``softplus``, the Bessel functions with constant orders (the rules refuse a differentiated
order; ``y``/``k`` and non-integer orders of ``jv``/``iv`` on positive numbers), and scipy.signal's
1-d ``convolve``/``correlate`` in each mode.

Each form is a number (the shapes as ``more_rules._FORMS``: operands (kind, shape of (n, m))).
"""
from .more_rules import _operand
from .productions import production
from .tmpl import E

__all__ = ["RULES54", "SPECIAL54"]

_X = ("x", lambda n, m: (n,))
_P = ("pos", lambda n, m: (n,))
_S = ("x", lambda n, m: ())
_SP = ("pos", lambda n, m: ())
_M = ("x", lambda n, m: (m, n))


def _one(call, kind="x"):
    """A function of one argument: summed over a vector, of a number, squared over a matrix."""
    return [(f"np.sum({call} * 0.5)", [(kind, _X[1])]), (f"{call} * 2.0", [(kind, _S[1])]),
            (f"np.sum({call} ** 2)", [(kind, _M[1])])]


_ONE = {"erfinv": "scipy.special.erfinv(0.9 * np.tanh(_0))", "erfcinv": "scipy.special.erfcinv(1.0 + 0.9 * np.tanh(_0))",
        "ndtri": "scipy.special.ndtri(0.5 + 0.45 * np.tanh(_0))", "softplus": "scipy.special.softplus(3.0 * _0)",
        "j0": "scipy.special.j0(2.0 * _0)", "j1": "scipy.special.j1(2.0 * _0)", "jn": "scipy.special.jn(2, 3.0 * _0)", "iv": "scipy.special.iv(2, _0)", "ive": "scipy.special.ive(1, _0)"}
_POSITIVE = {"jv": "scipy.special.jv(2.5, 2.0 * _0)", "entr": "scipy.special.entr(_0)", "loggamma": "scipy.special.loggamma(_0)", "y0": "scipy.special.y0(_0)",
             "y1": "scipy.special.y1(_0)", "k0": "scipy.special.k0(_0)", "k1": "scipy.special.k1(_0)",
             "k0e": "scipy.special.k0e(_0)", "k1e": "scipy.special.k1e(_0)", "yv": "scipy.special.yv(1.5, _0)",
             "yn": "scipy.special.yn(1, _0)", "kv": "scipy.special.kv(0.5, _0)", "kn": "scipy.special.kn(2, _0)",
             "kve": "scipy.special.kve(1.5, _0)"}
SPECIAL54 = tuple(_ONE) + tuple(_POSITIVE) + ("rel_entr", "kl_div", "huber", "pseudo_huber")

RULES54 = {
    **{f"scipy.special.{fn}": _one(call) for fn, call in _ONE.items()},
    **{f"scipy.special.{fn}": _one(call, "pos") for fn, call in _POSITIVE.items()},
    "scipy.special.iv": _one("scipy.special.iv(2, _0)") + [("np.sum(scipy.special.iv(0.5, _0))", [_P])],
    **{f"scipy.special.{fn}": [(f"np.sum(scipy.special.{fn}(_0, _1))", [_P, _P]),
                               (f"scipy.special.{fn}(_0, 2.0) * 3.0", [_SP]),
                               (f"np.sum(scipy.special.{fn}(_0, _1[::-1]) ** 2)", [_P, _P])] for fn in ("rel_entr", "kl_div")},
    "scipy.special.huber": [("np.sum(scipy.special.huber(1.5, _0))", [_X]), ("scipy.special.huber(0.5, _0) * 2.0", [_S])],
    "scipy.special.pseudo_huber": [("np.sum(scipy.special.pseudo_huber(_0, _1))", [_SP, _X]),
                                   ("np.sum(scipy.special.pseudo_huber(0.7, _0) ** 2)", [_M])],
    "scipy.signal.convolve": [("np.sum(scipy.signal.convolve(_0, _1) ** 2)", [_X, ("x", lambda n, m: (m,))]),
                              ("np.sum(scipy.signal.convolve(_0, _1, 'same') * 0.5)", [_X, ("x", lambda n, m: (2,))]),
                              ("np.sum(scipy.signal.convolve(_0, _1, mode='valid') ** 2)", [_X, ("x", lambda n, m: (2,))])],
    "scipy.signal.correlate": [("np.sum(scipy.signal.correlate(_0, _1) ** 2)", [_X, ("x", lambda n, m: (m,))]),
                               ("np.sum(scipy.signal.correlate(_0, _1, 'same') ** 2)", [("x", lambda n, m: (2,)), _X]),
                               ("np.sum(scipy.signal.correlate(_0, _1, 'valid') * 0.5)", [_X, ("x", lambda n, m: (2,))])],
}


@production("special54", "special", 2)
def special54(ctx, scope, shape, depth):
    """A number from one of stop 53's scipy.special/scipy.signal rules, drawn uniformly."""
    return draw_form(ctx, scope, shape, depth, RULES54)


def draw_form(ctx, scope, shape, depth, table):
    """A number from one of the forms of ``table`` (path -> forms), its path drawn uniformly."""
    if shape != ():
        return None
    path = ctx.pick(sorted(table))
    form, operands = ctx.pick(table[path])
    args = [_operand(ctx, scope, kind, size(ctx.n, ctx.m), depth) for kind, size in operands]
    ctx.rules.add(path)
    return E(form, *args)
