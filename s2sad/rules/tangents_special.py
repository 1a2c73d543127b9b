"""Forward (tangent) rules of the functions of ``grads_special.py``, in the same order, and the
forward rules of its helpers (for hvp, forward over reverse): each helper is linear in the
gradient it carries, or a smooth function of ``x`` whose slope is the next helper
(``bessel_i1`` -> ``bessel_i1_slope`` -> ``bessel_i1_curvature``)."""
import numpy as np

from .forward_registry import tangent
from .registry import REFUSED
from .runtime_special import (bessel_i1, bessel_i1_curvature, bessel_i1_slope, bessel_i1e, bessel_i1e_curvature,
                              bessel_i1e_slope, gamma_density, gamma_density_slope, logaddexp_accumulate_grad,
                              logaddexp_accumulate_tangent, logsumexp_weights, erfcx_slope, log_ndtr_slope, polyder_grad, polyint_grad_k, polyint_grad_p)

SHAPE_A = REFUSED + "the shape parameter a (see grads_special.py)"
ONLY_NONE = "only None is covered"
ORDER = "the order of the derivative or integral (an integer)"
LENGTH = "read for its length only"
SLOPE_Y = "the function's value at x, which the slope differentiates through x"


@tangent("scipy.special.i0")
def i0(y, x):
    t[y] = t[x] * bessel_i1(x)


@tangent("scipy.special.i1")
def i1(y, x):
    t[y] = t[x] * bessel_i1_slope(x)


@tangent("scipy.special.i0e")
def i0e(y, x):
    t[y] = t[x] * (bessel_i1e(x) - np.sign(x) * y)


@tangent("scipy.special.i1e")
def i1e(y, x):
    t[y] = t[x] * bessel_i1e_slope(x)


@tangent("scipy.special.erfcx")
def erfcx(y, x):
    t[y] = t[x] * erfcx_slope(x, y)


@tangent("scipy.special.gammainc", broadcast=True, nondiff={"a": SHAPE_A})
def gammainc(y, a, x):
    t[y] = t[x] * gamma_density(a, x)


@tangent("scipy.special.gammaincc", broadcast=True, nondiff={"a": SHAPE_A})
def gammaincc(y, a, x):
    t[y] = -t[x] * gamma_density(a, x)


@tangent(np.polyder, nondiff={"m": ORDER})
def polyder(y, p, m=1):
    t[y] = np.polyder(t[p], m)


@tangent(np.polyint, nondiff={"m": ORDER})
def polyint(y, p, m=1, k=None):
    t[y] = np.polyint(t[p], m) + np.polyint(p * 0.0, m, t[k])   # affine in k: its part at p = 0

# ---- the helpers' own forward rules ---------------------------------------------------------------


@tangent(bessel_i1)
def bessel_i1_(y, x):
    t[y] = t[x] * bessel_i1_slope(x)


@tangent(bessel_i1_slope)
def bessel_i1_slope_(y, x):
    t[y] = t[x] * bessel_i1_curvature(x)


@tangent(bessel_i1e)
def bessel_i1e_(y, x):
    t[y] = t[x] * bessel_i1e_slope(x)


@tangent(bessel_i1e_slope)
def bessel_i1e_slope_(y, x):
    t[y] = t[x] * bessel_i1e_curvature(x)


@tangent(gamma_density, nondiff={"a": SHAPE_A})
def gamma_density_(y, a, x):
    t[y] = t[x] * gamma_density_slope(a, x)


@tangent(polyder_grad, nondiff={"p": LENGTH, "m": ORDER})
def polyder_grad_(r, g, p, m=1):
    t[r] = polyder_grad(t[g], p, m)


@tangent(polyint_grad_p, nondiff={"p": LENGTH, "m": ORDER})
def polyint_grad_p_(r, g, p, m=1):
    t[r] = polyint_grad_p(t[g], p, m)


@tangent(polyint_grad_k, nondiff={"p": LENGTH, "m": ORDER, "k": "read for its length only"})
def polyint_grad_k_(r, g, p, m=1, k=None):
    t[r] = polyint_grad_k(t[g], p, m, k)

# ---- running log-sum-exp, and its gradient helper (linear in g; exp(x_i - y_j) in x and y) ---------


@tangent(np.logaddexp.accumulate, nondiff={"out": ONLY_NONE})
def logaddexp_accumulate(y, array, axis=0, dtype=None, out=None):
    t[y] = logaddexp_accumulate_tangent(t[array], array, y, axis)


@tangent(logaddexp_accumulate_grad)
def logaddexp_accumulate_grad_(r, g, x, y, axis=0):
    t[r] = logaddexp_accumulate_grad(t[g], x, y, axis) + t[x] * r - logaddexp_accumulate_grad(g * t[y], x, y, axis)


@tangent(logsumexp_weights, nondiff={"axis": "an axis"})
def logsumexp_weights_(w, x, axis=None):
    t[w] = w * (t[x] - np.sum(w * t[x], axis=axis, keepdims=True))     # the softmax's slope


@tangent(erfcx_slope, nondiff={"y": SLOPE_Y})
def erfcx_slope_(s, x, y):
    t[s] = t[x] * (2.0 * y + 2.0 * x * s)     # erfcx'' = 2 erfcx + 2 x erfcx'


@tangent(log_ndtr_slope, nondiff={"y": SLOPE_Y})
def log_ndtr_slope_(s, x, y):
    t[s] = t[x] * s * (-x - s)     # (density / ndtr)' = -x density / ndtr - (density / ndtr)**2
