"""Forms of NumPy's series evaluators stop 55 gave rules (``np.polynomial.polynomial.polyval``,
``chebyshev.chebval``, ``legendre.legval``, ``hermite.hermval``, ``hermite_e.hermeval``), drawn by
their own production (``series55``, tagged ``special`` so the draws of the always-on ``calls`` do not
thin): the points kept in (-1, 1) (``tanh``) so the Hermite series stay moderate, a differentiated
coefficient vector of ``m + 1`` entries, at a vector, a number and a matrix of points.

Each form is a number (the shapes as ``more_rules._FORMS``: operands (kind, shape of (n, m))).
"""
from .more_rules54 import draw_form
from .productions import production

__all__ = ["SERIES55"]

_S = ("x", lambda n, m: ())
_X = ("x", lambda n, m: (n,))
_M = ("x", lambda n, m: (m, n))
_C = ("x", lambda n, m: (m + 1,))


def _forms(path):
    return [(f"np.sum({path}(np.tanh(_0), _1) ** 2)", [_X, _C]), (f"{path}(0.5 * np.tanh(_0), _1) * 2.0", [_S, _C]),
            (f"np.sum(np.sin({path}(np.tanh(_0), _1)))", [_M, _C])]


SERIES55 = {path: _forms(path) for path in (
    "np.polynomial.polynomial.polyval", "np.polynomial.chebyshev.chebval", "np.polynomial.legendre.legval",
    "np.polynomial.hermite.hermval", "np.polynomial.hermite_e.hermeval")}


@production("series55", "special", 1)
def series55(ctx, scope, shape, depth):
    """A number from one of NumPy's series evaluators, drawn uniformly."""
    return draw_form(ctx, scope, shape, depth, SERIES55)
