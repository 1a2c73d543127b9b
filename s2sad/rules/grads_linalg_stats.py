"""Reverse rules of gathers, running extremes (``np.maximum.accumulate``), NaN-ignoring and weighted statistics, the log-gamma family,
covariances and correlation coefficients, symmetric linear algebra (Cholesky, eigh, eigvalsh), matrix powers,
tensordot, polyval and polyfit.

Part of the rule table (``grads.py`` imports the parts in order). Each rule is a template,
result first; ``d[v]`` is the adjoint of ``v``. Invariant: every parameter has a ``d[...]``
line or a declared reason; forms covered only for some constants say which (``np.take``'s
``mode``), and the helpers refuse, at run time, points where the derivative does not exist
(repeated eigenvalues used unevenly). SciPy's functions are named, never imported
(``registry.defer``). The forward rules beside these: ``tangents_linalg_stats.py``.
"""
import math

import numpy as np

from .registry import adjoint
from .runtime import sum_grad
from .runtime_ieee import x_over_y
from .runtime_special import log_ndtr_slope, logsumexp_weights
from .runtime_pieces import corrcoef_grad, matrix_power_grad, polyfit_grad_x, polyfit_grad_y
from .runtime_linalg import cholesky_grad, eigh_grad, eigvalsh_grad, polyval_grad_p, polyval_slope, tensordot_grad
from .runtime_stats import (accumulate_extreme_grad, add_reduceat_grad, average_grad_a, average_grad_weights, cov_grad, digamma, digamma_drop, nanmean_grad,
                            quantile_grad, quantile_grad_q, take_grad, trigamma)

ONLY_NONE = "only None is covered"
TRIANGLE = "which triangle is read ('L' or 'U')"

# ---- gathers and rotations -------------------------------------------------------------


@adjoint(np.take, nondiff={"indices": "indices (integers)", "out": ONLY_NONE, "mode": "only 'raise' is covered"},
         constants={"out": (None,), "mode": ("raise",)})
def take(y, a, indices, axis=None, out=None, mode="raise"):
    d[a] = take_grad(d[y], a, indices, axis)


@adjoint(np.rot90, nondiff={"k": "a number of quarter turns (an integer)"})
def rot90(y, m, k=1, axes=(0, 1)):
    d[m] = np.rot90(d[y], -k, axes)

@adjoint(np.maximum.accumulate, nondiff={"out": ONLY_NONE}, constants={"out": (None,)})
def maximum_accumulate(y, array, axis=0, dtype=None, out=None):
    d[array] = accumulate_extreme_grad(d[y], array, axis, True)


@adjoint(np.fmax.accumulate, nondiff={"out": ONLY_NONE}, constants={"out": (None,)})
def fmax_accumulate(y, array, axis=0, dtype=None, out=None):    # the value that is not NaN is kept
    d[array] = accumulate_extreme_grad(d[y], array, axis, True, True)


@adjoint(np.add.reduceat, nondiff={"indices": "where the segments start (integers)", "dtype": ONLY_NONE,
                                   "out": ONLY_NONE}, constants={"dtype": (None,), "out": (None,)})
def add_reduceat(y, array, indices, axis=0, dtype=None, out=None):
    d[array] = add_reduceat_grad(d[y], array, indices, axis)


@adjoint(np.minimum.accumulate, nondiff={"out": ONLY_NONE}, constants={"out": (None,)})
def minimum_accumulate(y, array, axis=0, dtype=None, out=None):
    d[array] = accumulate_extreme_grad(d[y], array, axis, False)


@adjoint(np.fmin.accumulate, nondiff={"out": ONLY_NONE}, constants={"out": (None,)})
def fmin_accumulate(y, array, axis=0, dtype=None, out=None):    # the value that is not NaN is kept
    d[array] = accumulate_extreme_grad(d[y], array, axis, False, True)

# ---- statistics ignoring NaN, weighted averages ------------------------------------------


@adjoint(np.nansum, nondiff={"out": ONLY_NONE}, constants={"out": (None,)})
def nansum(y, a, axis=None, dtype=None, out=None, keepdims=False):
    d[a] = sum_grad(d[y], a, axis, keepdims) * (a == a)   # a NaN entry (a != a) counts as absent


@adjoint(np.nanmean, nondiff={"out": ONLY_NONE}, constants={"out": (None,)})
def nanmean(y, a, axis=None, dtype=None, out=None, keepdims=False):
    d[a] = nanmean_grad(d[y], a, axis, keepdims)


@adjoint(np.average, nondiff={"returned": "only False is covered"}, constants={"returned": (False,)})
def average(y, a, axis=None, weights=None, returned=False, keepdims=False):
    d[a] = average_grad_a(d[y], a, axis, weights, keepdims)
    d[weights] = average_grad_weights(d[y], y, a, axis, weights, keepdims)

COV = {"y": ONLY_NONE, "fweights": ONLY_NONE, "aweights": ONLY_NONE, "rowvar": "a flag", "bias": "a flag",
       "dtype": ONLY_NONE}


@adjoint(np.cov, nondiff=COV, constants={"y": (None,), "fweights": (None,), "aweights": (None,), "dtype": (None,)})
def cov(c, m, y=None, rowvar=True, bias=False, ddof=None, fweights=None, aweights=None, dtype=None):
    d[m] = cov_grad(d[c], m, rowvar, bias, ddof)

@adjoint(np.corrcoef, nondiff={"y": ONLY_NONE, "rowvar": "a flag", "bias": "no effect (deprecated by NumPy)",
                              "ddof": "no effect (deprecated by NumPy)", "dtype": ONLY_NONE},
         constants={"y": (None,), "dtype": (None,)})
def corrcoef(r, x, y=None, rowvar=True, bias=None, ddof=None, dtype=None):
    d[x] = corrcoef_grad(d[r], x, rowvar)

QUANTILE = {"out": ONLY_NONE, "overwrite_input": "only False is covered", "method": "only 'linear' is covered",
            "weights": ONLY_NONE, "interpolation": ONLY_NONE}
QUANTILE_FORMS = {"out": (None,), "overwrite_input": (False,), "method": ("linear",), "weights": (None,),
                  "interpolation": (None,)}


@adjoint(np.quantile, nondiff=QUANTILE, constants=QUANTILE_FORMS)
def quantile(y, a, q, axis=None, out=None, overwrite_input=False, method="linear", keepdims=False, weights=None,
             interpolation=None):
    d[a] = quantile_grad(d[y], a, q, axis, keepdims, 1.0)
    d[q] = quantile_grad_q(d[y], a, q, axis, keepdims, 1.0)


@adjoint(np.percentile, nondiff=QUANTILE, constants=QUANTILE_FORMS)
def percentile(y, a, q, axis=None, out=None, overwrite_input=False, method="linear", keepdims=False, weights=None,
               interpolation=None):
    d[a] = quantile_grad(d[y], a, q, axis, keepdims, 100.0)
    d[q] = quantile_grad_q(d[y], a, q, axis, keepdims, 100.0)

# ---- the log-gamma family ------------------------------------------------------------------


@adjoint(math.lgamma, "scipy.special.gammaln")
def lgamma(y, x):
    d[x] = d[y] * digamma(x)      # d/dx log|Gamma(x)|, negative x too


@adjoint(math.gamma, "scipy.special.gamma")
def gamma(y, x):
    d[x] = d[y] * y * digamma(x)


@adjoint("scipy.special.digamma", "scipy.special.psi", digamma)
def digamma_(y, x):
    d[x] = d[y] * trigamma(x)

# ---- scipy.special's logistic family (result first: each reuses y) --------------------------
# logsumexp's weights exp(a - y) are softmax(a) along axis; a slice all -inf has y = -inf, read
# as 0 there (exp(-inf - 0) = 0, not exp(-inf + inf) = NaN).
LOGSUMEXP = {"b": ONLY_NONE, "return_sign": "only False is covered"}
LOGSUMEXP_FORMS = {"b": (None,), "return_sign": (False,)}


@adjoint("scipy.special.expit")
def expit(y, x):     # y (1 - y), its 1 - y = y exp(-x) for x > 0: 1 - y is 0 once y rounds to 1 (x > 37)
    d[x] = d[y] * y * np.where(x > 0.0, y * np.exp(-np.abs(x)), 1.0 - y)


@adjoint("scipy.special.logit")
def logit(y, x):
    d[x] = d[y] / (x * (1.0 - x))


# xlogy(x, y) = x log(y), 0 where x == 0 (for every y): its slope in y is 0 there, not 0 / 0. That
# 0 is x_over_y's (x / y, 0 where x == 0), not a constant: its own derivative in x, the mixed second
# derivative 1 / y that hvp and jvp(grad) read, is x_over_y's rule below.
@adjoint("scipy.special.xlogy", broadcast=True)
def xlogy(z, x, y):
    d[x] = d[z] * np.log(y)
    d[y] = d[z] * x_over_y(x, y)


@adjoint(x_over_y, broadcast=True)     # q = x / y, 0 where x == 0: partials 1 / y and -q / y (0 where x == 0)
def x_over_y_(q, x, y):
    d[x] = x_over_y(d[q], y)
    d[y] = -x_over_y(d[q] * q, y)


@adjoint("scipy.special.betaln", broadcast=True)     # log|B(a, b)| = lgamma(a) + lgamma(b) - lgamma(a + b)
def betaln(z, a, b):    # psi(a) - psi(a + b), which cancels past a ~ 1e8: runtime_stats.digamma_drop
    d[a] = d[z] * digamma_drop(a, b)
    d[b] = d[z] * digamma_drop(b, a)


# ndtr' = the normal density exp(-x**2 / 2) / sqrt(2 pi); log_ndtr' = density / ndtr, written
# exp(-x**2 / 2 - y) / sqrt(2 pi): finite where ndtr(x) underflows (y is near -x**2 / 2 there), and below -20
# the Mills ratio's series, where that difference loses its digits (runtime_special.log_ndtr_slope).
@adjoint("scipy.special.ndtr")
def ndtr(y, x):
    d[x] = d[y] * np.exp(-0.5 * x * x) * 0.3989422804014327     # 1 / sqrt(2 pi)


@adjoint("scipy.special.log_ndtr")
def log_ndtr(y, x):
    d[x] = d[y] * log_ndtr_slope(x, y)


@adjoint("scipy.special.logsumexp", nondiff=LOGSUMEXP, constants=LOGSUMEXP_FORMS)
def logsumexp(y, a, axis=None, b=None, keepdims=False, return_sign=False):
    d[a] = sum_grad(d[y], a, axis, keepdims) * logsumexp_weights(a, axis)


# np.logaddexp.reduce is logsumexp along one axis (NumPy's value: logaddexp applied in turn). The slope
# of both, exp(a - y), is computed from a (runtime_special.logsumexp_weights): y past ~1e15 has lost the
# log of the count, and exp(a - y) would weigh each of n tied maxima 1, not 1/n.
@adjoint(np.logaddexp.reduce, nondiff={"out": ONLY_NONE}, constants={"out": (None,)})
def logaddexp_reduce(y, array, axis=0, dtype=None, out=None, keepdims=False):
    d[array] = sum_grad(d[y], array, axis, keepdims) * logsumexp_weights(array, axis)


@adjoint("scipy.special.softmax")
def softmax(y, x, axis=None):
    d[x] = y * (d[y] - np.sum(d[y] * y, axis=axis, keepdims=True))


@adjoint("scipy.special.log_softmax")
def log_softmax(y, x, axis=None):
    d[x] = d[y] - np.exp(y) * np.sum(d[y], axis=axis, keepdims=True)

# ---- symmetric linear algebra, contractions, polynomials ---------------------------------


@adjoint(np.linalg.cholesky, nondiff={"upper": "only False is covered"}, constants={"upper": (False,)})
def cholesky(y, a, upper=False):
    d[a] = cholesky_grad(d[y], y)


@adjoint(np.linalg.eigvalsh, nondiff={"UPLO": TRIANGLE}, constants={"UPLO": ("L", "U")})
def eigvalsh(y, a, UPLO="L"):
    d[a] = eigvalsh_grad(d[y], a, UPLO)


@adjoint(np.linalg.eigh, nondiff={"UPLO": TRIANGLE}, constants={"UPLO": ("L", "U")})
def eigh(y, a, UPLO="L"):
    d[a] = eigh_grad(d[y], y, a, UPLO)


@adjoint(np.linalg.matrix_power, nondiff={"n": "an integer exponent"})
def matrix_power(y, a, n):
    d[a] = matrix_power_grad(d[y], a, n)


@adjoint(np.tensordot)
def tensordot(y, a, b, axes=2):
    d[a] = tensordot_grad(d[y], a, b, axes, True)
    d[b] = tensordot_grad(d[y], a, b, axes, False)


@adjoint(np.polyval, broadcast=True)   # a matrix p: one polynomial per column, broadcast against x
def polyval(y, p, x):
    d[p] = polyval_grad_p(d[y], p, x)
    d[x] = d[y] * polyval_slope(p, x)


POLYFIT = {"deg": "a degree (an integer)", "rcond": "a cutoff for rank deficiency (refused there)",
           "full": "only False is covered", "w": ONLY_NONE, "cov": "only False is covered"}


@adjoint(np.polyfit, nondiff=POLYFIT, constants={"full": (False,), "w": (None,), "cov": (False,)})
def polyfit(c, x, y, deg, rcond=None, full=False, w=None, cov=False):
    d[x] = polyfit_grad_x(d[c], c, x, y, deg)
    d[y] = polyfit_grad_y(d[c], x, y, deg)
