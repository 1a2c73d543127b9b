"""Reverse rules of more of scipy.special (stop 58's survey found each refused): ``polygamma``,
``multigammaln``, ``beta`` and ``expn`` in their continuous arguments, ``exp1``, ``dawsn``,
``boxcox`` and ``boxcox1p``, and in ``x`` only Student's ``stdtr(df, t)`` and the regularized
incomplete beta functions ``betainc``/``betaincc(a, b, x)`` (their densities).

Part of the rule table (``grads.py`` imports the parts in order). Each rule is a template, result
first; ``d[v]`` is the adjoint of ``v``; SciPy's functions are named, never imported
(``registry.defer``). Invariant: every parameter has a ``d[...]`` line or a declared reason: the
integer order ``n`` of ``polygamma``/``expn`` and the dimension ``d`` of ``multigammaln`` select a
function (a differentiated value there is refused at its line). ``exp1``'s slope is
``-exp(-x) / x`` (-inf at 0, NaN below 0 where SciPy's value is NaN); ``dawsn``'s ``1 - 2 x y``;
``beta``'s ``y (psi(a) - psi(a + b))`` (``digamma_drop``: no cancellation for a large ``a``). The
forward rules beside these: ``tangents_special_gamma.py``; the helpers: ``runtime_special_gamma.py``
(no numba version: SciPy's functions have none either, so ``jit=True`` is refused at the line).
"""

from .registry import REFUSED, adjoint
from .runtime_special_gamma import (beta_density, boxcox_slope_lmbda, boxcox_slope_x, exp1_slope, expn_slope, multigammaln_slope,
                                    polygamma_next, student_density)
from .runtime_stats import digamma_drop

ORDER_N = (REFUSED + "the order n: an integer that selects the function (its derivative in n is not defined); "
           "differentiate in x only")
SHAPE = (REFUSED + "a shape parameter: the derivative of the incomplete beta function or Student's t "
         "distribution in it has no closed form s2sad can check (differentiate in x only)")
DIMENSION = REFUSED + "the dimension d: an integer that selects the function; differentiate in a only"


@adjoint("scipy.special.polygamma", broadcast=True, nondiff={"n": ORDER_N})
def polygamma(y, n, x):
    d[x] = d[y] * polygamma_next(n, x)


@adjoint("scipy.special.multigammaln", nondiff={"d": DIMENSION})
def multigammaln(y, a, d):
    d[a] = d[y] * multigammaln_slope(a, d)


@adjoint("scipy.special.beta", broadcast=True)
def beta(y, a, b):
    d[a] = d[y] * y * digamma_drop(a, b)
    d[b] = d[y] * y * digamma_drop(b, a)


@adjoint("scipy.special.exp1")
def exp1(y, x):
    d[x] = d[y] * exp1_slope(x)


@adjoint("scipy.special.expn", broadcast=True, nondiff={"n": ORDER_N})
def expn(y, n, x):
    d[x] = d[y] * expn_slope(n, x)


@adjoint("scipy.special.dawsn")
def dawsn(y, x):
    d[x] = d[y] * (1.0 - 2.0 * x * y)


@adjoint("scipy.special.boxcox", broadcast=True)
def boxcox(y, x, lmbda):
    d[x] = d[y] * boxcox_slope_x(x, lmbda)
    d[lmbda] = d[y] * boxcox_slope_lmbda(x, lmbda)


@adjoint("scipy.special.boxcox1p", broadcast=True)      # boxcox(1 + x, lmbda)
def boxcox1p(y, x, lmbda):
    d[x] = d[y] * boxcox_slope_x(1.0 + x, lmbda)
    d[lmbda] = d[y] * boxcox_slope_lmbda(1.0 + x, lmbda)


@adjoint("scipy.special.stdtr", broadcast=True, nondiff={"df": SHAPE})     # Student's t cdf
def stdtr(y, df, x):
    d[x] = d[y] * student_density(df, x)


@adjoint("scipy.special.betainc", broadcast=True, nondiff={"a": SHAPE, "b": SHAPE})
def betainc(y, a, b, x):
    d[x] = d[y] * beta_density(a, b, x)


@adjoint("scipy.special.betaincc", broadcast=True, nondiff={"a": SHAPE, "b": SHAPE})
def betaincc(y, a, b, x):
    d[x] = -d[y] * beta_density(a, b, x)
