"""Reverse rules of more of scipy.special (the modified Bessel functions ``i0``, ``i1``, ``i0e``,
``i1e``, the scaled complementary error function ``erfcx``, the regularized incomplete gamma
functions ``gammainc``/``gammaincc`` in ``x``), of NumPy's polynomial calculus
(``np.polyder``, ``np.polyint``) and of the running log-sum-exp ``np.logaddexp.accumulate``.

Part of the rule table (``grads.py`` imports the parts in order). Each rule is a template,
result first; ``d[v]`` is the adjoint of ``v``; SciPy's functions are named, never imported
(``registry.defer``). Invariant: every parameter has a ``d[...]`` line or a declared reason.
``gammainc``'s shape parameter ``a`` is refused: its derivative is no closed form SciPy offers
(a series or a quadrature that would need its own proof). The forward rules beside these:
``tangents_special.py``; the helpers: ``runtime_special.py``.
"""
import numpy as np

from .registry import REFUSED, adjoint
from .runtime_special_more import bessel
from .runtime_special import (bessel_i1, bessel_i1_slope, bessel_i1e_slope, erfcx_slope, gamma_density,
                              logaddexp_accumulate_grad, polyder_grad, polyint_grad_k, polyint_grad_p)

SHAPE_A = (REFUSED + "the shape parameter a: its derivative has no closed form s2sad can check (differentiate "
           "in x only, or write the series of the integral yourself)")
ONLY_NONE = "only None is covered"
ORDER = "the order of the derivative or integral (an integer)"

# ---- modified Bessel functions (result first: i0e and i1e reuse y) ---------------------------


@adjoint("scipy.special.i0")
def i0(y, x):
    d[x] = d[y] * bessel_i1(x)


@adjoint("scipy.special.i1")
def i1(y, x):
    d[x] = d[y] * bessel_i1_slope(x)


# i0e = exp(-|x|) i0: its slope i1e(x) - sign(x) i0e(x) is ive(0, x)'s, whose forward rule (the next
# derivative, runtime_special_more.bessel) keeps sign(x)**2 = 1 at the kink x = 0; written with y, the
# forward sweep over the adjoint lost it there (hvp 0.5 where both sides are 1.5).
@adjoint("scipy.special.i0e")
def i0e(y, x):
    d[x] = d[y] * bessel("ive", 0.0, x, 1)


@adjoint("scipy.special.i1e")
def i1e(y, x):
    d[x] = d[y] * bessel_i1e_slope(x)

# ---- erfcx, the incomplete gamma functions ----------------------------------------------------


@adjoint("scipy.special.erfcx")   # erfcx = exp(x**2) erfc(x): 2 x erfcx(x) - 2 / sqrt(pi), a series past 50
def erfcx(y, x):
    d[x] = d[y] * erfcx_slope(x, y)


@adjoint("scipy.special.gammainc", broadcast=True, nondiff={"a": SHAPE_A})
def gammainc(y, a, x):
    d[x] = d[y] * gamma_density(a, x)


@adjoint("scipy.special.gammaincc", broadcast=True, nondiff={"a": SHAPE_A})
def gammaincc(y, a, x):
    d[x] = -d[y] * gamma_density(a, x)

# ---- polynomial calculus (linear in the coefficients) -------------------------------------------


@adjoint(np.polyder, nondiff={"m": ORDER})
def polyder(y, p, m=1):
    d[p] = polyder_grad(d[y], p, m)


@adjoint(np.polyint, nondiff={"m": ORDER})
def polyint(y, p, m=1, k=None):
    d[p] = polyint_grad_p(d[y], p, m)
    d[k] = polyint_grad_k(d[y], p, m, k)

# ---- running log-sum-exp (result first: the weights exp(x_i - y_j) read y) -------------------------


@adjoint(np.logaddexp.accumulate, nondiff={"out": ONLY_NONE}, constants={"out": (None,)})
def logaddexp_accumulate(y, array, axis=0, dtype=None, out=None):
    d[array] = logaddexp_accumulate_grad(d[y], array, y, axis)
