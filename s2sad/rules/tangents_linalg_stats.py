"""Forward (tangent) rules of the functions of ``grads_linalg_stats.py``, in the same order:
gathers, running extremes, NaN-ignoring and weighted statistics, the log-gamma family, symmetric linear
algebra, tensordot, polyval.

Linear functions apply themselves to the tangent (``np.take(t[a], ...)``) where the
function's own defaults are the template's (an argument the call leaves out is left out of
the tangent's call too: ``np.take_along_axis`` would take its own axis -1); the reductions
reuse their reverse helper seeded with ones, as ``tangents_arrays.py`` does for median.
``np.linalg.eigh``'s tangent is a pair, like its result. The helpers' own forward rules (for hvp)
are those of ``digamma`` and ``take_grad``; those of ``average_grad_*`` and ``polyval_*`` are in
``tangents_adjoint_more.py``, those of the other linear-algebra and statistics helpers (and of
``trigamma``) in ``tangents_adjoint_linalg.py``.
"""
import math

import numpy as np

from .forward_registry import tangent
from .runtime_linalg import cholesky_tangent, eigh_tangent, eigvalsh_tangent, polyval_slope
from .registry import nondifferentiable
from .runtime_special import log_ndtr_slope, logsumexp_weights
from .runtime_ieee import x_over_y
from .runtime_pieces import corrcoef_tangent, matrix_power_tangent, polyfit_tangent_x
from .runtime_stats import (accumulate_extreme_tangent, accumulate_source, average_grad_a, average_tangent_weights, cov_tangent,
                            digamma, digamma_drop, nanmean_grad,
                            quantile_tangent_a, quantile_tangent_q, take_grad, trigamma)
from .tangent_runtime import ones_like

ONLY_NONE = "only None is covered"
TRIANGLE = "which triangle is read ('L' or 'U')"

# ---- gathers and rotations -------------------------------------------------------------


@tangent(np.take, nondiff={"indices": "indices (integers)", "out": ONLY_NONE, "mode": "only 'raise' is covered"})
def take(y, a, indices, axis=None, out=None, mode="raise"):
    t[y] = np.take(t[a], indices, axis)


@tangent(np.rot90, nondiff={"k": "a number of quarter turns (an integer)"})
def rot90(y, m, k=1, axes=(0, 1)):
    t[y] = np.rot90(t[m], k, axes)

@tangent(np.maximum.accumulate, nondiff={"out": ONLY_NONE})
def maximum_accumulate(y, array, axis=0, dtype=None, out=None):
    t[y] = accumulate_extreme_tangent(t[array], array, axis, True)


@tangent(np.fmax.accumulate, nondiff={"out": ONLY_NONE})
def fmax_accumulate(y, array, axis=0, dtype=None, out=None):
    t[y] = accumulate_extreme_tangent(t[array], array, axis, True, True)


@tangent(np.add.reduceat, nondiff={"indices": "where the segments start (integers)", "dtype": ONLY_NONE,
                                   "out": ONLY_NONE})
def add_reduceat(y, array, indices, axis=0, dtype=None, out=None):
    t[y] = np.add.reduceat(t[array], indices, axis)


@tangent(np.minimum.accumulate, nondiff={"out": ONLY_NONE})
def minimum_accumulate(y, array, axis=0, dtype=None, out=None):
    t[y] = accumulate_extreme_tangent(t[array], array, axis, False)


@tangent(np.fmin.accumulate, nondiff={"out": ONLY_NONE})
def fmin_accumulate(y, array, axis=0, dtype=None, out=None):
    t[y] = accumulate_extreme_tangent(t[array], array, axis, False, True)

# ---- statistics ignoring NaN, weighted averages ------------------------------------------


@tangent(np.nansum, nondiff={"out": ONLY_NONE})
def nansum(y, a, axis=None, dtype=None, out=None, keepdims=False):
    t[y] = np.sum(np.where(a == a, t[a], 0.0), axis=axis, keepdims=keepdims)


@tangent(np.cov, nondiff={"y": ONLY_NONE, "fweights": ONLY_NONE, "aweights": ONLY_NONE, "rowvar": "a flag",
                         "bias": "a flag", "dtype": ONLY_NONE})
def cov(c, m, y=None, rowvar=True, bias=False, ddof=None, fweights=None, aweights=None, dtype=None):
    t[c] = cov_tangent(t[m], m, rowvar, bias, ddof)


@tangent(np.corrcoef, nondiff={"y": ONLY_NONE, "rowvar": "a flag", "bias": "no effect (deprecated by NumPy)",
                              "ddof": "no effect (deprecated by NumPy)", "dtype": ONLY_NONE})
def corrcoef(r, x, y=None, rowvar=True, bias=None, ddof=None, dtype=None):
    t[r] = corrcoef_tangent(t[x], x, rowvar)


@tangent(np.nanmean, nondiff={"out": ONLY_NONE})
def nanmean(y, a, axis=None, dtype=None, out=None, keepdims=False):
    t[y] = np.sum(np.where(a == a, t[a], 0.0) * nanmean_grad(ones_like(y), a, axis, keepdims), axis=axis,
                  keepdims=keepdims)


@tangent(np.average, nondiff={"returned": "only False is covered"})
def average(y, a, axis=None, weights=None, returned=False, keepdims=False):
    t[y] = np.sum(t[a] * average_grad_a(ones_like(y), a, axis, weights, keepdims), axis=axis, keepdims=keepdims) \
        + average_tangent_weights(t[weights], y, a, axis, weights, keepdims)

QUANTILE = {"out": ONLY_NONE, "overwrite_input": "only False is covered", "method": "only 'linear' is covered",
            "weights": ONLY_NONE, "interpolation": ONLY_NONE}


@tangent(np.quantile, nondiff=QUANTILE)
def quantile(y, a, q, axis=None, out=None, overwrite_input=False, method="linear", keepdims=False, weights=None,
             interpolation=None):
    t[y] = quantile_tangent_a(t[a], a, q, axis, keepdims, 1.0) + quantile_tangent_q(t[q], a, q, axis, keepdims, 1.0)


@tangent(np.percentile, nondiff=QUANTILE)
def percentile(y, a, q, axis=None, out=None, overwrite_input=False, method="linear", keepdims=False, weights=None,
               interpolation=None):
    t[y] = quantile_tangent_a(t[a], a, q, axis, keepdims, 100.0) \
        + quantile_tangent_q(t[q], a, q, axis, keepdims, 100.0)

# ---- the log-gamma family ------------------------------------------------------------------


@tangent(math.lgamma, "scipy.special.gammaln")
def lgamma(y, x):
    t[y] = t[x] * digamma(x)


@tangent(math.gamma, "scipy.special.gamma")
def gamma(y, x):
    t[y] = t[x] * y * digamma(x)


@tangent("scipy.special.digamma", "scipy.special.psi", digamma)
def digamma_(y, x):
    t[y] = t[x] * trigamma(x)

# ---- scipy.special's logistic family (as grads_linalg_stats.py's) ----------------------------
LOGSUMEXP = {"b": ONLY_NONE, "return_sign": "only False is covered"}


@tangent("scipy.special.expit")
def expit(y, x):     # as grads_linalg_stats.py's
    t[y] = t[x] * y * np.where(x > 0.0, y * np.exp(-np.abs(x)), 1.0 - y)


@tangent("scipy.special.logit")
def logit(y, x):
    t[y] = t[x] / (x * (1.0 - x))


@tangent("scipy.special.xlogy", broadcast=True)     # as grads_linalg_stats.py's
def xlogy(z, x, y):
    t[z] = t[x] * np.log(y) + t[y] * x_over_y(x, y)


@tangent(x_over_y, broadcast=True)     # (grads_linalg_stats.py)
def x_over_y_(q, x, y):
    t[q] = x_over_y(t[x], y) - x_over_y(q * t[y], y)


@tangent("scipy.special.betaln", broadcast=True)
def betaln(z, a, b):
    t[z] = t[a] * digamma_drop(a, b) + t[b] * digamma_drop(b, a)


@tangent(digamma_drop, broadcast=True)
def digamma_drop_(r, a, b):
    t[r] = t[a] * (trigamma(a) - trigamma(a + b)) - t[b] * trigamma(a + b)


@tangent("scipy.special.ndtr")    # as grads_linalg_stats.py's
def ndtr(y, x):
    t[y] = t[x] * np.exp(-0.5 * x * x) * 0.3989422804014327


@tangent("scipy.special.log_ndtr")
def log_ndtr(y, x):
    t[y] = t[x] * log_ndtr_slope(x, y)


@tangent("scipy.special.logsumexp", nondiff=LOGSUMEXP)
def logsumexp(y, a, axis=None, b=None, keepdims=False, return_sign=False):
    t[y] = np.sum(t[a] * logsumexp_weights(a, axis), axis=axis, keepdims=keepdims)


@tangent(np.logaddexp.reduce, nondiff={"out": ONLY_NONE})
def logaddexp_reduce(y, array, axis=0, dtype=None, out=None, keepdims=False):
    t[y] = np.sum(t[array] * logsumexp_weights(array, axis), axis=axis, keepdims=keepdims)


@tangent("scipy.special.softmax")
def softmax(y, x, axis=None):
    t[y] = y * (t[x] - np.sum(t[x] * y, axis=axis, keepdims=True))


@tangent("scipy.special.log_softmax")
def log_softmax(y, x, axis=None):
    t[y] = t[x] - np.sum(t[x] * np.exp(y), axis=axis, keepdims=True)

# ---- symmetric linear algebra, contractions, polynomials ---------------------------------


@tangent(np.linalg.cholesky, nondiff={"upper": "only False is covered"})
def cholesky(y, a, upper=False):
    t[y] = cholesky_tangent(t[a], y)


@tangent(np.linalg.eigvalsh, nondiff={"UPLO": TRIANGLE})
def eigvalsh(y, a, UPLO="L"):
    t[y] = eigvalsh_tangent(t[a], a, UPLO)


@tangent(np.linalg.eigh, nondiff={"UPLO": TRIANGLE})
def eigh(y, a, UPLO="L"):
    t[y] = eigh_tangent(t[a], y, a, UPLO)


@tangent(np.linalg.matrix_power, nondiff={"n": "an integer exponent"})
def matrix_power(y, a, n):
    t[y] = matrix_power_tangent(t[a], a, n)


@tangent(np.tensordot)
def tensordot(y, a, b, axes=2):
    t[y] = np.tensordot(t[a], b, axes) + np.tensordot(a, t[b], axes)


@tangent(np.polyval)
def polyval(y, p, x):
    t[y] = np.polyval(t[p], x) + t[x] * polyval_slope(p, x)

@tangent(np.polyfit, nondiff={"deg": "a degree (an integer)", "rcond": "a cutoff for rank deficiency",
                              "full": "only False is covered", "w": ONLY_NONE, "cov": "only False is covered"})
def polyfit(c, x, y, deg, rcond=None, full=False, w=None, cov=False):   # linear in y
    t[c] = polyfit_tangent_x(t[x], c, x, y, deg) + np.polyfit(x, t[y], deg)


# ---- a reverse helper, for hvp (forward over reverse) -------------------------------------


@tangent(take_grad, nondiff={"a": "read for its shape only", "indices": "indices (integers)"})
def take_grad_(r, g, a, indices, axis=None):
    t[r] = take_grad(t[g], a, indices, axis)


nondifferentiable(accumulate_source, reason="returns indices (integers)")
