"""Forms of the rules stop 54's lifts added (lifts54), drawn by their own production (``lifts54``,
so the draws of ``more_rules`` do not thin): ``np.logspace`` with differentiated endpoints (kept
small, ``tanh``, so the powers stay moderate; a constant ``base`` too), ``np.add.reduceat`` with
constant indices (increasing, and with a repeat or a step back: single elements), and
``statistics.mean``/``statistics.fmean`` of a vector or of a list of numbers written in the call.

Each form is a number (the shapes as ``more_rules._FORMS``: operands (kind, shape of (n, m))).
"""
from .more_rules54 import draw_form
from .productions import production

__all__ = ["LIFTS54"]

_S = ("x", lambda n, m: ())
_X = ("x", lambda n, m: (n,))
_L = ("x", lambda n, m: (n + 3,))

LIFTS54 = {
    "np.logspace": [("np.sum(np.logspace(0.3 * np.tanh(_0), 0.5 * np.tanh(_1), 4) * np.array([1.0, -0.5, 2.0, 0.3]))", [_S, _S]),
                    ("np.sum(np.logspace(0.4 * np.tanh(_0), 1.0, 3, base=2.0) ** 2)", [_S]),
                    ("np.sum(np.logspace(0.2 * np.tanh(_0), 0.7, 5, endpoint=False))", [_S])],
    "np.add.reduceat": [("np.sum(np.add.reduceat(_0, np.array([0, 2, 3])) ** 2)", [_L]),
                        ("np.sum(np.sin(np.add.reduceat(_0, [1, 1, 3, 0])))", [_L])],
    "statistics.fmean": [("statistics.fmean(_0) ** 2", [_X]), ("statistics.fmean([_0, _1 * _0, 2.0])", [_S, _S])],
    "statistics.mean": [("statistics.mean(_0 * _0)", [_X]), ("statistics.mean([_0, 3.0 * _1]) * _0", [_S, _S])],
}


@production("lifts54", "calls", 1)
def lifts54(ctx, scope, shape, depth):
    """A number from one of the functions above, drawn uniformly."""
    return draw_form(ctx, scope, shape, depth, LIFTS54)
