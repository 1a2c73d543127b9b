"""Reverse rules of scipy.special's complete elliptic integrals ``ellipk(m)``, ``ellipe(m)``, of
Hurwitz's ``zeta(x, q)`` in ``q`` and of ``binom(n, k)`` (stop 59's survey found each refused).

Part of the rule table (``grads.py`` imports the parts in order). Each rule is a template, result
first; ``d[v]`` is the adjoint of ``v``; SciPy's functions are named, never imported
(``registry.defer``). Invariant: every parameter has a ``d[...]`` line or a declared reason:
``zeta``'s ``x`` is refused when differentiated (its derivative in ``x`` has no closed form; the
Riemann zeta ``zeta(x)`` is that case). ``binom``'s slopes are NaN where a digamma of the closed form
has a pole (``binom(2.0, k)`` at ``k = 3``), except the slope in ``n`` for an integer ``k``, a
polynomial's. The forward rules beside these: ``tangents_special_ellip.py``; the helpers:
``runtime_special_ellip.py`` (no numba version: SciPy's functions have none either, so ``jit=True``
is refused at the line).
"""
from .registry import REFUSED, adjoint
from .runtime_special_ellip import binom_slope_k, binom_slope_n, ellipe_slope, ellipk_slope, zeta_slope_q

ZETA_X = (REFUSED + "the exponent x: the derivative of the zeta function in it has no closed form s2sad can "
          "check (differentiate Hurwitz's zeta(x, q) in q only)")
ZETA = {"x": ZETA_X, "out": "an output array (only None is covered)"}


@adjoint("scipy.special.ellipk")
def ellipk(y, m):
    d[m] = d[y] * ellipk_slope(m)


@adjoint("scipy.special.ellipe")
def ellipe(y, m):
    d[m] = d[y] * ellipe_slope(m)


@adjoint("scipy.special.zeta", broadcast=True, nondiff=ZETA, constants={"out": (None,)})
def zeta(y, x, q=None, out=None):
    d[q] = d[y] * zeta_slope_q(x, q)


@adjoint("scipy.special.binom", broadcast=True)
def binom(y, n, k):
    d[n] = d[y] * binom_slope_n(n, k)
    d[k] = d[y] * binom_slope_k(n, k)
