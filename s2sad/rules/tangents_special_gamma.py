"""Forward (tangent) rules of the functions of ``grads_special_gamma.py``, in the same order, then
of the slope helpers their reverse rules call (for hvp, forward over reverse): each helper's slope
is the function's second derivative, in closed form (``runtime_special_gamma``'s ``*_bend`` and
``*_density_slope`` helpers). Those second-derivative helpers have no forward rule themselves (third
order): ``tangents_adjoint.NO_FORWARD_RULE`` says so."""
import numpy as np

from .forward_registry import tangent
from .grads_special_gamma import DIMENSION, ORDER_N, SHAPE
from .runtime_special_gamma import (beta_density, beta_density_slope, boxcox_bend_lmbda, boxcox_bend_mixed, boxcox_bend_x,
                                    boxcox_slope_lmbda, boxcox_slope_x, exp1_slope, expn_bend, expn_slope, multigammaln_bend,
                                    multigammaln_slope, polygamma_next, student_density, student_density_slope)
from .runtime_stats import digamma_drop
from .tangents_adjoint import NO_FORWARD_RULE


@tangent("scipy.special.polygamma", broadcast=True, nondiff={"n": ORDER_N})
def polygamma(y, n, x):
    t[y] = t[x] * polygamma_next(n, x)


@tangent(polygamma_next, broadcast=True, nondiff={"n": ORDER_N})
def polygamma_next_(s, n, x):
    t[s] = t[x] * polygamma_next(np.add(n, 1), x)


@tangent("scipy.special.multigammaln", nondiff={"d": DIMENSION})
def multigammaln(y, a, d):
    t[y] = t[a] * multigammaln_slope(a, d)


@tangent("scipy.special.beta", broadcast=True)
def beta(y, a, b):
    t[y] = y * (t[a] * digamma_drop(a, b) + t[b] * digamma_drop(b, a))


@tangent("scipy.special.exp1")
def exp1(y, x):
    t[y] = t[x] * exp1_slope(x)


@tangent("scipy.special.expn", broadcast=True, nondiff={"n": ORDER_N})
def expn(y, n, x):
    t[y] = t[x] * expn_slope(n, x)


@tangent("scipy.special.dawsn")
def dawsn(y, x):
    t[y] = t[x] * (1.0 - 2.0 * x * y)


@tangent("scipy.special.boxcox", broadcast=True)
def boxcox(y, x, lmbda):
    t[y] = t[x] * boxcox_slope_x(x, lmbda) + t[lmbda] * boxcox_slope_lmbda(x, lmbda)


@tangent("scipy.special.boxcox1p", broadcast=True)
def boxcox1p(y, x, lmbda):
    t[y] = t[x] * boxcox_slope_x(1.0 + x, lmbda) + t[lmbda] * boxcox_slope_lmbda(1.0 + x, lmbda)



@tangent("scipy.special.stdtr", broadcast=True, nondiff={"df": SHAPE})
def stdtr(y, df, x):
    t[y] = t[x] * student_density(df, x)


@tangent("scipy.special.betainc", broadcast=True, nondiff={"a": SHAPE, "b": SHAPE})
def betainc(y, a, b, x):
    t[y] = t[x] * beta_density(a, b, x)


@tangent("scipy.special.betaincc", broadcast=True, nondiff={"a": SHAPE, "b": SHAPE})
def betaincc(y, a, b, x):
    t[y] = -t[x] * beta_density(a, b, x)

# ---- the slope helpers' own slopes (second derivatives: hvp through the rules above) ----------
@tangent(exp1_slope)
def exp1_slope_(s, x):
    t[s] = t[x] * expn_bend(1.0, x)


@tangent(expn_slope, broadcast=True, nondiff={"n": ORDER_N})
def expn_slope_(s, n, x):
    t[s] = t[x] * expn_bend(n, x)


@tangent(multigammaln_slope, nondiff={"d": DIMENSION})
def multigammaln_slope_(s, a, d):
    t[s] = t[a] * multigammaln_bend(a, d)


@tangent(boxcox_slope_x, broadcast=True)
def boxcox_slope_x_(s, x, lmbda):
    t[s] = t[x] * boxcox_bend_x(x, lmbda) + t[lmbda] * boxcox_bend_mixed(x, lmbda)


@tangent(boxcox_slope_lmbda, broadcast=True)
def boxcox_slope_lmbda_(s, x, lmbda):
    t[s] = t[x] * boxcox_bend_mixed(x, lmbda) + t[lmbda] * boxcox_bend_lmbda(x, lmbda)


@tangent(student_density, broadcast=True, nondiff={"df": SHAPE})
def student_density_(s, df, x):
    t[s] = t[x] * student_density_slope(df, x)


@tangent(beta_density, broadcast=True, nondiff={"a": SHAPE, "b": SHAPE})
def beta_density_(s, a, b, x):
    t[s] = t[x] * beta_density_slope(a, b, x)


_THIRD = "its own slope (the third derivative of `{}`) has no forward rule: a third derivative through it is refused"
NO_FORWARD_RULE.update({"expn_bend": _THIRD.format("expn"), "multigammaln_bend": _THIRD.format("multigammaln"),
                        "boxcox_bend_x": _THIRD.format("boxcox"), "boxcox_bend_mixed": _THIRD.format("boxcox"),
                        "boxcox_bend_lmbda": _THIRD.format("boxcox"), "student_density_slope": _THIRD.format("stdtr"),
                        "beta_density_slope": _THIRD.format("betainc")})
