"""Run-time helpers of the rules of ``grads_special_gamma.py``: the slopes of SciPy's ``polygamma``,
``exp1``, ``expn`` and ``multigammaln`` in their continuous argument, and of ``boxcox``/``boxcox1p`` in
``x`` and ``lmbda``, of ``stdtr`` and ``betainc`` in ``x`` (their densities), and the slopes of those
slopes (the second derivatives, for hvp: ``*_bend``, ``*_density_slope``). SciPy is never imported here (a helper runs only in an adjoint of a program
that called the ``scipy.special`` function); numba has none of these functions, so each helper is
refused under ``jit=True`` at the user's line (``numba_rules_uncompiled.NO_NUMBA``).

Invariant: each returns the exact derivative (to rounding) where the function is finite, its limit
at a pole (``expn``'s slope at 0 is -inf for ``n <= 1``), and NaN where SciPy's value is NaN
(``x < 0`` for ``expn``, ``x < 0`` for ``boxcox``); at an end of the domain (x = 0 for ``boxcox``,
x = 0 and 1 for ``betainc``) the one-sided limit, never a ``0 * inf`` NaN; no warning is raised.
"""
import math
import sys

import numpy as np

from .runtime import _out, _public

BOXCOX_SERIES = 0.05      # |lmbda log x| below this: the series of the lmbda-slope (no cancellation)


def _special(name):
    return getattr(sys.modules["scipy.special"], name)


@_public
def polygamma_next(n, x):
    """``polygamma(n + 1, x)``, the slope of ``polygamma(n, x)`` in ``x``."""
    return _out(_special("polygamma")(np.add(n, 1), x))


@_public
def expn_slope(n, x):
    """The slope of ``expn(n, x)`` in ``x``: ``-expn(n - 1, x)`` for ``n >= 1`` (DLMF 8.19.13),
    ``-exp(-x) (1 + x) / x**2`` for ``n = 0``; NaN below 0 as the value."""
    n, x = np.broadcast_arrays(np.asarray(n, dtype=float), np.asarray(x, dtype=float))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        up = -_special("expn")(np.where(n >= 1, n - 1.0, 0.0), x)
        zero = -_special("expn")(0.0, x) * (1.0 + 1.0 / x)      # -exp(-x) (1 + x) / x**2, 0 at inf
        out = np.where(n >= 1, up, zero)
        return _out(np.where(np.isnan(_special("expn")(n, x)) | (x < 0), np.nan, out))


@_public
def expn_bend(n, x):
    """The second derivative of ``expn(n, x)`` in ``x`` (the slope of ``expn_slope``): ``expn(n - 2, x)``
    for ``n >= 2``; ``exp(-x) (1 + x) / x**2`` for ``n = 1`` (``exp1``); ``exp(-x) (1 + 2/x + 2/x**2) / x``
    for ``n = 0``; inf at 0 where the function's slope is unbounded there, NaN below 0 as the value."""
    n, x = np.broadcast_arrays(np.asarray(n, dtype=float), np.asarray(x, dtype=float))
    expn = _special("expn")
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        e0 = expn(0.0, x)                                         # exp(-x) / x
        low = np.where(n >= 1, e0 * (1.0 + 1.0 / x), e0 * (1.0 + 2.0 / x * (1.0 + 1.0 / x)))
        out = np.where(n >= 2, expn(np.where(n >= 2, n - 2.0, 0.0), x), low)
        return _out(np.where(np.isnan(expn(n, x)) | (x < 0), np.nan, out))


@_public
def exp1_slope(x):
    """The slope of ``exp1(x)``: ``-exp(-x) / x`` (``-expn(0, x)``), -inf at 0, NaN below 0 as the value."""
    x = np.asarray(x, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return _out(np.where(x < 0, np.nan, -_special("expn")(0.0, x)))


@_public
def multigammaln_slope(a, d):
    """The slope of ``multigammaln(a, d)`` in ``a``: ``sum_j digamma(a - j / 2)``, j < d."""
    psi = _special("digamma")
    return _out(sum(psi(np.subtract(a, 0.5 * j)) for j in range(int(d))))


@_public
def multigammaln_bend(a, d):
    """The slope of ``multigammaln_slope(a, d)`` in ``a``: ``sum_j trigamma(a - j / 2)``, j < d."""
    polygamma = _special("polygamma")
    return _out(sum(polygamma(1, np.subtract(a, 0.5 * j)) for j in range(int(d))))


def _logs(x, lmbda):
    x, lmbda = np.broadcast_arrays(np.asarray(x, dtype=float), np.asarray(lmbda, dtype=float))
    with np.errstate(divide="ignore", invalid="ignore"):
        return x, lmbda, np.log(np.where(x >= 0, x, np.nan))


@_public
def boxcox_slope_x(x, lmbda):
    """The slope of ``boxcox(x, lmbda) = (x**lmbda - 1) / lmbda`` in ``x``: ``x**(lmbda - 1)``
    (``exp(xlogy(lmbda - 1, x))``: inf, 1 or 0 at x = 0, NaN below)."""
    x, lmbda, _ = _logs(x, lmbda)
    return _out(_power(x, lmbda - 1.0))


def _power(x, p):
    """``x**p`` on x >= 0 as ``exp(xlogy(p, x))`` (1 at 0**0, inf at 0**negative), NaN below 0."""
    with np.errstate(over="ignore"):
        return np.exp(_special("xlogy")(p, np.where(x >= 0, x, np.nan)))


@_public
def boxcox_bend_x(x, lmbda):
    """The slope of ``boxcox_slope_x`` in ``x``: ``(lmbda - 1) x**(lmbda - 2)`` (0 where lmbda = 1, its
    one-sided limit at x = 0 otherwise), NaN below 0."""
    x, lmbda, _ = _logs(x, lmbda)
    with np.errstate(invalid="ignore"):
        return _out(np.where(lmbda == 1.0, np.where(x >= 0, 0.0, np.nan), (lmbda - 1.0) * _power(x, lmbda - 2.0)))


@_public
def boxcox_bend_mixed(x, lmbda):
    """The mixed second derivative of ``boxcox(x, lmbda)`` (the slope of ``boxcox_slope_x`` in ``lmbda``
    and of ``boxcox_slope_lmbda`` in ``x``): ``x**(lmbda - 1) log x`` (``xlogy``: 0 at x = 0 for lmbda > 1)."""
    x, lmbda, _ = _logs(x, lmbda)
    return _out(_special("xlogy")(_power(x, lmbda - 1.0), np.where(x >= 0, x, np.nan)))


@_public
def boxcox_bend_lmbda(x, lmbda):
    """The slope of ``boxcox_slope_lmbda`` in ``lmbda``: ``(log(x)**2 x**l - 2 slope) / l``, which cancels
    for a small ``u = l log x``; there the series ``log(x)**3 sum_k (k - 1)(k - 2) u**(k - 3) / k!``
    (``log(x)**3 / 3`` at ``lmbda = 0``); ``-2 / l**3`` at x = 0 for l > 0 (where ``x**l log(x)**2`` is 0)."""
    x, lmbda, log_x = _logs(x, lmbda)
    slope = boxcox_slope_lmbda(x, lmbda)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        u = lmbda * log_x
        small = np.abs(u) < BOXCOX_SERIES
        series = sum((k - 1) * (k - 2) * u ** (k - 3) / math.factorial(k) for k in range(13, 2, -1))
        l_big = np.where(small, 1.0, lmbda)
        squared = np.where(u == -np.inf, 0.0, log_x * log_x * np.exp(np.where(small, 0.0, u)))
        far = (squared - 2.0 * slope) / l_big
        return _out(np.where(small, log_x ** 3 * series, np.where(np.isnan(u), np.nan, far)))


@_public
def boxcox_slope_lmbda(x, lmbda):
    """The slope of ``boxcox(x, lmbda)`` in ``lmbda``: ``(x**l log x - (x**l - 1) / l) / l``, which
    cancels for a small ``u = l log x``; there the series ``log(x)**2 sum_k (k - 1) u**(k - 2) / k!``
    (``log(x)**2 / 2`` at ``lmbda = 0``)."""
    x, lmbda, log_x = _logs(x, lmbda)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        u = lmbda * log_x
        small = np.abs(u) < BOXCOX_SERIES
        series = sum((k - 1) * u ** (k - 2) / math.factorial(k) for k in range(12, 1, -1))
        l_big = np.where(small, 1.0, lmbda)
        power = np.where(u == -np.inf, 0.0, np.exp(np.where(small, 0.0, u)) * log_x)   # x**l log x: 0 at x = 0, l > 0
        far = (power - np.expm1(np.where(small, 0.0, u)) / l_big) / l_big
        return _out(np.where(small, log_x * log_x * series, np.where(np.isnan(u), np.nan, far)))


@_public
def student_density(df, t):
    """The slope of ``stdtr(df, t)`` in ``t``: Student's density ``Gamma((df + 1) / 2) / (Gamma(df / 2)
    sqrt(df pi)) (1 + t**2 / df)**(-(df + 1) / 2)``, the normal density where ``df`` is inf (as
    ``stdtr`` is ``ndtr`` there); 0 at ``t = +-inf``."""
    df, t = np.broadcast_arrays(np.asarray(df, dtype=float), np.asarray(t, dtype=float))
    gammaln = _special("gammaln")
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        finite = np.where(np.isinf(df), 1.0, df)
        log_density = (gammaln(0.5 * (finite + 1.0)) - gammaln(0.5 * finite) - 0.5 * np.log(finite * np.pi)
                       - 0.5 * (finite + 1.0) * np.log1p(t * t / finite))
        normal = np.exp(-0.5 * t * t) / math.sqrt(2.0 * math.pi)
        return _out(np.where(np.isinf(df), normal, np.exp(log_density)))


@_public
def student_density_slope(df, t):
    """The slope of ``student_density(df, t)`` in ``t``: ``-density (df + 1) t / (df + t**2)`` (``-density
    t`` where ``df`` is inf); 0 at ``t = +-inf``."""
    df, t = np.broadcast_arrays(np.asarray(df, dtype=float), np.asarray(t, dtype=float))
    density = np.asarray(student_density(df, t))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        score = np.where(np.isinf(df), -t, -(df + 1.0) * t / (df + t * t))
        return _out(np.where(np.isinf(t), 0.0, density * score))


def _beta_power(a, b, p, q, x):
    """``x**p (1-x)**q / B(a, b)`` on [0, 1] as ``exp(xlogy(p, x) + xlog1py(q, -x) - betaln(a, b))``
    (``0**0`` is 1), NaN outside."""
    sc = sys.modules["scipy.special"]
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        inside = (x >= 0) & (x <= 1)
        u = np.where(inside, x, 0.5)
        return np.where(inside, np.exp(sc.xlogy(p, u) + sc.xlog1py(q, -u) - sc.betaln(a, b)), np.nan)


def _beta_args(a, b, x):
    return np.broadcast_arrays(np.asarray(a, dtype=float), np.asarray(b, dtype=float), np.asarray(x, dtype=float))


@_public
def beta_density(a, b, x):
    """The slope of ``betainc(a, b, x)`` in ``x``: ``x**(a-1) (1-x)**(b-1) / B(a, b)`` on [0, 1], NaN
    outside as the value."""
    a, b, x = _beta_args(a, b, x)
    return _out(_beta_power(a, b, a - 1.0, b - 1.0, x))


@_public
def beta_density_slope(a, b, x):
    """The slope of ``beta_density(a, b, x)`` in ``x``: ``((a-1) x**(a-2) (1-x)**(b-1) - (b-1) x**(a-1)
    (1-x)**(b-2)) / B(a, b)``, each term 0 where its factor ``a - 1`` (``b - 1``) is 0 (the one-sided
    limits at x = 0 and 1: no ``0 * inf``), NaN outside [0, 1] as the value."""
    a, b, x = _beta_args(a, b, x)
    with np.errstate(invalid="ignore"):
        left = np.where(a == 1.0, 0.0, (a - 1.0) * _beta_power(a, b, a - 2.0, b - 1.0, x))
        right = np.where(b == 1.0, 0.0, (b - 1.0) * _beta_power(a, b, a - 1.0, b - 2.0, x))
        return _out(np.where((x >= 0) & (x <= 1), left - right, np.nan))
