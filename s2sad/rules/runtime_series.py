"""Helpers of the rules of NumPy's series evaluators ``np.polynomial.{polynomial.polyval,
chebyshev.chebval, legendre.legval, hermite.hermval, hermite_e.hermeval}(x, c)`` (a 1-d ``c``).

Each family has two helpers, of an order ``m`` so that their own forward rules (hvp) are the next
order: ``<kind>_series(x, c, m)``, the ``m``-th derivative of the series at ``x`` (linear in ``c``),
and ``<kind>_series_grad(g, x, c, m)``, the coefficient vector whose entry k is
``sum(g * B_k^(m)(x))`` with ``B_k`` the k-th basis function (linear in ``g``; ``c`` read for its
length only). Invariant: values are NumPy's own evaluator of NumPy's own derivative series; a ``c``
that is not a vector raises a ``ShapeError`` (a series per column is not covered).
"""
import numpy as np
from numpy.polynomial import chebyshev, hermite, hermite_e, legendre, polynomial

from ..errors import ShapeError
from .runtime import _out, _public

FAMILIES = {"poly": (polynomial.polyval, polynomial.polyder), "cheb": (chebyshev.chebval, chebyshev.chebder),
            "leg": (legendre.legval, legendre.legder), "herm": (hermite.hermval, hermite.hermder),
            "herme": (hermite_e.hermeval, hermite_e.hermeder)}


def _vector(c, what):
    if np.ndim(c) != 1:
        raise ShapeError(f"{what} with {np.ndim(c)}-d coefficients: s2sad differentiates a series of a "
                         f"1-d coefficient vector only (evaluate each column's series by itself).")


def _series(kind, x, c, m):
    val, der = FAMILIES[kind]
    _vector(c, val.__name__)
    c = np.asarray(c, dtype=float)
    d = der(c, m) if m else c
    return _out(val(x, d) + np.zeros(np.shape(x)))


def _series_grad(kind, g, x, c, m):
    val, der = FAMILIES[kind]
    _vector(c, val.__name__)
    eye = np.eye(len(c))
    g = np.asarray(g, dtype=float) + np.zeros(np.shape(x))
    return np.array([np.sum(g * val(x, der(eye[k], m) if m else eye[k])) for k in range(len(c))])


_NAMES = {"poly": "polyval", "cheb": "chebval", "leg": "legval", "herm": "hermval", "herme": "hermeval"}


def _helpers(kind):
    """``<kind>_series`` and ``<kind>_series_grad``, added to ``runtime`` (where the backends look)."""
    def series(x, c, m=0):
        return _series(kind, x, c, m)

    def series_grad(g, x, c, m=0):
        return _series_grad(kind, g, x, c, m)
    name = _NAMES[kind]
    series.__doc__ = f"The m-th derivative of ``{name}(x, c)`` in x."
    series_grad.__doc__ = f"Entry k: ``sum(g * B_k^(m)(x))`` (B_k the k-th basis function of {name}): its gradient in c (m = 0)."
    for fn, label in ((series, f"{kind}_series"), (series_grad, f"{kind}_series_grad")):
        fn.__name__ = fn.__qualname__ = label
        globals()[label] = _public(fn)


for _kind in FAMILIES:
    _helpers(_kind)
