"""Forward (tangent) rules of NumPy's series evaluators (``grads_series.py``) and of their helpers
(``runtime_series.py``, for hvp, forward over reverse): each helper of order ``m`` is linear in
its coefficients or gradient, and its slope in ``x`` is the helper of order ``m + 1``."""
import numpy as np

from .forward_registry import tangent
from .runtime_series import (
    cheb_series,
    cheb_series_grad,
    herm_series,
    herm_series_grad,
    herme_series,
    herme_series_grad,
    leg_series,
    leg_series_grad,
    poly_series,
    poly_series_grad,
)

TENSOR = "a flag of the shape of the result (a 1-d c gives the same either way)"
ORDER = "the order of the derivative (an integer)"
LENGTH = "read for its length only"


@tangent(np.polynomial.polynomial.polyval, nondiff={"tensor": TENSOR})
def polyval(y, x, c, tensor=True):
    t[y] = poly_series(x, t[c]) + t[x] * poly_series(x, c, 1)


@tangent(np.polynomial.chebyshev.chebval, nondiff={"tensor": TENSOR})
def chebval(y, x, c, tensor=True):
    t[y] = cheb_series(x, t[c]) + t[x] * cheb_series(x, c, 1)


@tangent(np.polynomial.legendre.legval, nondiff={"tensor": TENSOR})
def legval(y, x, c, tensor=True):
    t[y] = leg_series(x, t[c]) + t[x] * leg_series(x, c, 1)


@tangent(np.polynomial.hermite.hermval, nondiff={"tensor": TENSOR})
def hermval(y, x, c, tensor=True):
    t[y] = herm_series(x, t[c]) + t[x] * herm_series(x, c, 1)


@tangent(np.polynomial.hermite_e.hermeval, nondiff={"tensor": TENSOR})
def hermeval(y, x, c, tensor=True):
    t[y] = herme_series(x, t[c]) + t[x] * herme_series(x, c, 1)

# ---- the helpers' own forward rules ---------------------------------------------------------------


@tangent(poly_series, nondiff={"m": ORDER})
def poly_series_(y, x, c, m=0):
    t[y] = poly_series(x, t[c], m) + t[x] * poly_series(x, c, m + 1)


@tangent(cheb_series, nondiff={"m": ORDER})
def cheb_series_(y, x, c, m=0):
    t[y] = cheb_series(x, t[c], m) + t[x] * cheb_series(x, c, m + 1)


@tangent(leg_series, nondiff={"m": ORDER})
def leg_series_(y, x, c, m=0):
    t[y] = leg_series(x, t[c], m) + t[x] * leg_series(x, c, m + 1)


@tangent(herm_series, nondiff={"m": ORDER})
def herm_series_(y, x, c, m=0):
    t[y] = herm_series(x, t[c], m) + t[x] * herm_series(x, c, m + 1)


@tangent(herme_series, nondiff={"m": ORDER})
def herme_series_(y, x, c, m=0):
    t[y] = herme_series(x, t[c], m) + t[x] * herme_series(x, c, m + 1)


@tangent(poly_series_grad, nondiff={"c": LENGTH, "m": ORDER})
def poly_series_grad_(r, g, x, c, m=0):
    t[r] = poly_series_grad(t[g], x, c, m) + poly_series_grad(g * t[x], x, c, m + 1)


@tangent(cheb_series_grad, nondiff={"c": LENGTH, "m": ORDER})
def cheb_series_grad_(r, g, x, c, m=0):
    t[r] = cheb_series_grad(t[g], x, c, m) + cheb_series_grad(g * t[x], x, c, m + 1)


@tangent(leg_series_grad, nondiff={"c": LENGTH, "m": ORDER})
def leg_series_grad_(r, g, x, c, m=0):
    t[r] = leg_series_grad(t[g], x, c, m) + leg_series_grad(g * t[x], x, c, m + 1)


@tangent(herm_series_grad, nondiff={"c": LENGTH, "m": ORDER})
def herm_series_grad_(r, g, x, c, m=0):
    t[r] = herm_series_grad(t[g], x, c, m) + herm_series_grad(g * t[x], x, c, m + 1)


@tangent(herme_series_grad, nondiff={"c": LENGTH, "m": ORDER})
def herme_series_grad_(r, g, x, c, m=0):
    t[r] = herme_series_grad(t[g], x, c, m) + herme_series_grad(g * t[x], x, c, m + 1)
