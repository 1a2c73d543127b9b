"""Forward (tangent) rules of the functions of ``grads_special_gamma.py``, in the same order, and
of ``polygamma_next`` (for hvp, forward over reverse: its slope is the next polygamma); the other
helpers are listed in ``tangents_adjoint.NO_FORWARD_RULE`` with why."""
import numpy as np

from .forward_registry import tangent
from .grads_special_gamma import DIMENSION, ORDER_N, SHAPE
from .runtime_special_gamma import (beta_density, boxcox_slope_lmbda, boxcox_slope_x, exp1_slope, expn_slope, multigammaln_slope,
                                    polygamma_next, student_density)
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

# The slopes' own slopes (hvp through these rules) are not written yet: hvp is refused at the line.
_SECOND = "its own slope (the second derivative of `{}`) has no forward rule yet: hvp through it is refused"
NO_FORWARD_RULE.update({"exp1_slope": _SECOND.format("exp1"), "expn_slope": _SECOND.format("expn"),
                        "multigammaln_slope": _SECOND.format("multigammaln"),
                        "boxcox_slope_x": _SECOND.format("boxcox"), "boxcox_slope_lmbda": _SECOND.format("boxcox"),
                        "student_density": _SECOND.format("stdtr"), "beta_density": _SECOND.format("betainc")})
