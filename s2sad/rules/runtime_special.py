"""Run-time helpers of the rules of ``grads_special.py``: the modified Bessel functions'
slopes and curvatures, the density under ``scipy.special.gammainc``, and the derivative matrices
of ``np.polyder``/``np.polyint`` (linear in their arguments).

SciPy is never imported here: a helper runs only in an adjoint of a program that called a
``scipy.special`` function, so ``sys.modules`` holds it then. Each slope is finite at 0 (its
limit there, not ``0 / 0``): ``i1'(0) = 1/2``, ``i1e'(0) = 1/2``.
"""
import sys

import numpy as np

from ..errors import ShapeError
from .runtime import _out, _public


def _special(name):
    return getattr(sys.modules["scipy.special"], name)


@_public
def bessel_i1(x):
    """``scipy.special.i1(x)``: the slope of ``i0``."""
    return _out(_special("i1")(x))


@_public
def bessel_i1e(x):
    """``scipy.special.i1e(x)``."""
    return _out(_special("i1e")(x))


def _over_x(v, x, at_zero):
    """``v / x``, ``at_zero`` where ``x == 0`` (the limit there)."""
    zero = np.equal(x, 0)
    return np.where(zero, at_zero, v / np.where(zero, 1.0, x))


@_public
def bessel_i1_slope(x):
    """``i1'(x) = i0(x) - i1(x) / x`` (1/2 at 0)."""
    return _out(_special("i0")(x) - _over_x(_special("i1")(x), x, 0.5))


@_public
def bessel_i1_curvature(x):
    """``i1''(x) = (1 + 1 / x**2) i1(x) - i1'(x) / x`` (Bessel's equation; 0 at 0, i1 is odd)."""
    i1 = _special("i1")(x)
    slope = _special("i0")(x) - _over_x(i1, x, 0.5)
    return _out(i1 + _over_x(_over_x(i1, x, 0.0) - slope, x, 0.0))


@_public
def bessel_i1e_slope(x):
    """``i1e'(x) = i0e(x) - i1e(x) / x - sign(x) i1e(x)`` (1/2 at 0), i1e = exp(-|x|) i1."""
    i1e = _special("i1e")(x)
    return _out(_special("i0e")(x) - _over_x(i1e, x, 0.5) - np.sign(x) * i1e)


@_public
def bessel_i1e_curvature(x):
    """``i1e''(x) = exp(-|x|) (i1'' - 2 sign(x) i1' + i1)`` written with the scaled functions
    (no overflow); 0 at 0, the mean of its one-sided limits there."""
    i1e = _special("i1e")(x)
    slope = _special("i0e")(x) - _over_x(i1e, x, 0.5)         # exp(-|x|) i1'(x)
    curve = i1e + _over_x(_over_x(i1e, x, 0.0) - slope, x, 0.0)  # exp(-|x|) i1''(x)
    return _out(np.where(np.equal(x, 0), 0.0, curve - 2.0 * np.sign(x) * slope + i1e))


@_public
def gamma_density(a, x):
    """The slope of ``gammainc(a, x)`` in ``x``: ``x**(a-1) exp(-x) / Gamma(a)``, written
    ``exp(xlogy(a - 1, x) - x - gammaln(a))`` (1 at x = 0 for a = 1, 0 there for a > 1). Past a = 1e3
    the terms of that exponent (~a log a) cancel to ~-log(a)/2 (1e-5 off at a = 1e10, all digits lost past
    1e14): there it is ``(a - 1) log1pmx(t) - t - log(2 pi a)/2 - stirlerr(a)``, t = (x - a)/a, the same
    exponent with Stirling's series for gammaln(a) subtracted term by term."""
    a, x = np.broadcast_arrays(np.asarray(a, dtype=float), np.asarray(x, dtype=float))
    far = a > 1e3
    with np.errstate(divide="ignore", invalid="ignore"):
        near = _special("xlogy")(a - 1.0, x) - x - _special("gammaln")(a)
        big = np.where(far, a, 1e3)
        t = (x - big) / big
        stirlerr = (1.0 - 1.0 / (30.0 * big * big)) / (12.0 * big)
        stirling = (big - 1.0) * _log1pmx(t) - t - 0.5 * np.log(2.0 * np.pi * big) - stirlerr     # -inf at x = 0
        return _out(np.exp(np.where(far, stirling, near)))


def _log1pmx(t):
    """log1p(t) - t, by its series -t^2/2 + t^3/3 - ... below |t| = 0.1 (where the difference cancels)."""
    series = sum((-1.0) ** (k + 1) * t ** k / k for k in range(17, 1, -1))
    return np.where(np.abs(t) < 0.1, series, np.log1p(t) - t)


@_public
def gamma_density_slope(a, x):
    """The slope in ``x`` of ``gamma_density(a, x)``: ``density * ((a - 1) / x - 1)``; at x = 0 (where
    that is ``0 * inf``) its one-sided limit ``(a - 1) x**(a - 2) / Gamma(a) - density`` (1 for a = 2)."""
    a, x = np.broadcast_arrays(np.asarray(a, dtype=float), np.asarray(x, dtype=float))
    density = gamma_density(a, x)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        shape = np.where(np.equal(a - 1.0, 0.0), 0.0, (a - 1.0) / x)
        edge = np.where(np.equal(a - 1.0, 0.0), 0.0, (a - 1.0) * np.exp(_special("xlogy")(a - 2.0, x) - _special("gammaln")(a)))
        return _out(np.where(np.equal(x, 0.0), edge - density, density * (shape - 1.0)))


def _poly_matrix(fn, n, *args):
    """The matrix of the linear map ``p -> fn(p, *args)`` on coefficient vectors of length ``n``
    (a column per coefficient); polynomials are short, so n calls are cheap."""
    cols = [fn(np.eye(n)[i], *args) for i in range(n)]
    return np.stack(cols, axis=1) if cols else np.zeros((len(fn(np.zeros(0), *args)), 0))


def _vector(p, name):
    if np.ndim(p) != 1:
        raise ShapeError(f"{name} of a {np.ndim(p)}-d array: s2sad differentiates it for a vector of "
                         f"coefficients only (NumPy's polynomials are 1-d).")


@_public
def polyder_grad(g, p, m=1):
    """Gradient of ``np.polyder(p, m)`` wrt ``p``: the transposed derivative matrix applied to ``g``."""
    _vector(p, "np.polyder")
    return _poly_matrix(np.polyder, len(p), m).T @ g


@_public
def polyint_grad_p(g, p, m=1):
    """Gradient of ``np.polyint(p, m, k)`` wrt ``p`` (the constants do not change it)."""
    _vector(p, "np.polyint")
    return _poly_matrix(np.polyint, len(p), m).T @ g


@_public
def polyint_grad_k(g, p, m=1, k=None):
    """Gradient of ``np.polyint(p, m, k)`` wrt the integration constants ``k`` (a number, used
    for each of the ``m`` integrations, or ``m`` of them)."""
    _vector(p, "np.polyint")
    n = len(np.atleast_1d(k))
    cols = [np.polyint(np.zeros(len(p)), m, np.eye(n)[i] if np.ndim(k) else 1.0) for i in range(n)]
    grad = np.stack(cols, axis=1).T @ g
    return _out(grad[0]) if np.ndim(k) == 0 else grad


# ---- slopes whose closed form cancels or overflows at the far end of the domain --------------------------
@_public
def erfcx_slope(x, y):
    """The slope of ``y = scipy.special.erfcx(x)``: ``2 x y - 2 / sqrt(pi)``, which cancels to nothing for
    a large x (both terms ~1.13): past 50, its asymptotic series ``-(1 - 3/(2x^2) + 15/(4x^4)) / (x^2 sqrt(pi))``
    (next term below 1e-9 relative there)."""
    x = np.asarray(x, dtype=float)
    far = x > 50.0
    with np.errstate(over="ignore"):
        r = 1.0 / np.where(far, x * x, 1.0)       # x * x may overflow: r is then 0, as the slope is
    return _out(np.where(far, ((1.5 - 3.75 * r) * r - 1.0) * r * 0.5641895835477563, 2.0 * x * y - 1.1283791670955126))


@_public
def log_ndtr_slope(x, y):
    """The slope of ``y = scipy.special.log_ndtr(x)``, the normal density over ``ndtr(x)``: ``exp(-x^2/2 - y)
    / sqrt(2 pi)``, whose exponent is a difference of two values ~x^2/2 that loses its digits below x ~ -1e4
    (and is inf - inf past -1e154): below -20, ``-x / (1 - 1/x^2 + 3/x^4 - 15/x^6 + 105/x^8)`` (the Mills
    ratio's series, next term below 1e-10 relative there)."""
    x = np.asarray(x, dtype=float)
    far = x < -20.0
    with np.errstate(over="ignore", invalid="ignore"):
        r = 1.0 / np.where(far, x * x, 1.0)
        near = np.exp(-0.5 * np.where(far, 0.0, x * x) - np.where(far, 0.0, y)) * 0.3989422804014327
    return _out(np.where(far, -x / (1.0 - r * (1.0 - r * (3.0 - r * (15.0 - 105.0 * r)))), near))


# ---- log-sum-exp: its slope is the softmax of its input, exp(x_i - y). Computed from y, that weight
# loses every digit once |y| passes ~1e15 (y rounds to the maximum, log(n) vanishes below its ulp: n
# tied values weighed 1 each, not 1/n), so it is the shares of exp(x - max) in their sum instead.
@_public
def logsumexp_weights(x, axis=None):
    """``exp(x - logsumexp(x, axis, keepdims=True))``, shaped as ``x``: ``e / sum(e)`` with
    ``e = exp(x - max)`` along ``axis`` (``None``: all), 0 where every value is -inf."""
    x = np.asarray(x, dtype=float)
    m = np.max(x, axis=axis, keepdims=True, initial=-np.inf)
    with np.errstate(invalid="ignore"):
        e = np.exp(x - np.where(np.isfinite(m), m, 0.0))
        s = np.sum(e, axis=axis, keepdims=True)
        return _out(e / np.where(s == 0.0, 1.0, s))


# ---- np.logaddexp.accumulate: y_j = log sum_{i<=j} exp(x_i), so dy_j/dx_i = exp(x_i - y_j) ----
# Each sum runs as a recursion whose factors exp(y_i - y_{i+1}) are <= 1 (y never decreases): no
# overflow however far apart the values are. A prefix all -inf (y = -inf there) has slope 0. The
# factors come from x, not y (as logsumexp_weights): S_j = sum_{i<=j} exp(x_i - m_j), m_j the running
# maximum, gives exp(x_j - y_j) = exp(x_j - m_j) / S_j and exp(y_j - y_{j+1}) = exp(m_j - m_{j+1})
# S_j / S_{j+1}, exact where y (rounded to m past ~1e15) is not. The helpers keep their argument y (their tangents
# differentiate through it, as y(x)) but read only x.
def _along(a, axis):
    return np.moveaxis(np.asarray(a, dtype=float), axis, -1)


def _shares(x):
    """(exp(y_j - y_{j+1}), exp(x_j - y_j)) along the last axis of x, 0 on an all -inf prefix."""
    m = np.maximum.accumulate(x, axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        own = np.exp(x - np.where(np.isfinite(m), m, 0.0))
        carry = np.where(m[..., :-1] == -np.inf, 0.0, np.exp(m[..., :-1] - m[..., 1:]))
        s = own.copy()
        for j in range(1, x.shape[-1]):
            s[..., j] += s[..., j - 1] * carry[..., j - 1]
        safe = np.where(s == 0.0, 1.0, s)
        return carry * s[..., :-1] / safe[..., 1:], own / safe


@_public
def logaddexp_accumulate_grad(g, x, y, axis=0):
    """Gradient of ``y = np.logaddexp.accumulate(x, axis)``: ``sum_{j>=i} g_j exp(x_i - y_j)``."""
    g, xs = _along(g, axis), _along(x, axis)
    (decay, w), s = _shares(xs), np.zeros(g.shape)
    for i in range(g.shape[-1] - 1, -1, -1):
        s[..., i] = g[..., i] + (s[..., i + 1] * decay[..., i] if i + 1 < g.shape[-1] else 0.0)
    return np.moveaxis(s * w, -1, axis)


@_public
def logaddexp_accumulate_tangent(tx, x, y, axis=0):
    """Tangent of ``np.logaddexp.accumulate(x, axis)``: ``sum_{i<=j} tx_i exp(x_i - y_j)``."""
    ts, xs = _along(tx, axis), _along(x, axis)
    (decay, w), out = _shares(xs), np.zeros(ts.shape)
    for j in range(ts.shape[-1]):
        out[..., j] = ts[..., j] * w[..., j] + (out[..., j - 1] * decay[..., j - 1] if j else 0.0)
    return np.moveaxis(out, -1, axis)
