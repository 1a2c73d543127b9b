"""Reverse rules of NumPy's series evaluators ``np.polynomial.polynomial.polyval``,
``chebyshev.chebval``, ``legendre.legval``, ``hermite.hermval`` and ``hermite_e.hermeval``
``(x, c)``: in ``x`` the derivative series at ``x`` (``chebder`` and its kin), in ``c`` the basis
at ``x`` (the evaluators are linear in ``c``).

Part of the rule table (``grads.py`` imports the parts in order). Invariant: every parameter has a
``d[...]`` line or a declared reason; coefficients that are not a vector are refused by the helpers
(``runtime_series.py``); the forward rules beside these: ``tangents_series.py``.
"""
import numpy as np

from .registry import adjoint
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


@adjoint(np.polynomial.polynomial.polyval, nondiff={"tensor": TENSOR})
def polyval(y, x, c, tensor=True):
    d[x] = d[y] * poly_series(x, c, 1)
    d[c] = poly_series_grad(d[y], x, c)


@adjoint(np.polynomial.chebyshev.chebval, nondiff={"tensor": TENSOR})
def chebval(y, x, c, tensor=True):
    d[x] = d[y] * cheb_series(x, c, 1)
    d[c] = cheb_series_grad(d[y], x, c)


@adjoint(np.polynomial.legendre.legval, nondiff={"tensor": TENSOR})
def legval(y, x, c, tensor=True):
    d[x] = d[y] * leg_series(x, c, 1)
    d[c] = leg_series_grad(d[y], x, c)


@adjoint(np.polynomial.hermite.hermval, nondiff={"tensor": TENSOR})
def hermval(y, x, c, tensor=True):
    d[x] = d[y] * herm_series(x, c, 1)
    d[c] = herm_series_grad(d[y], x, c)


@adjoint(np.polynomial.hermite_e.hermeval, nondiff={"tensor": TENSOR})
def hermeval(y, x, c, tensor=True):
    d[x] = d[y] * herme_series(x, c, 1)
    d[c] = herme_series_grad(d[y], x, c)
