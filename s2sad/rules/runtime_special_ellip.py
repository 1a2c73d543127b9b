"""Run-time helpers of the rules of ``grads_special_ellip.py``: the slopes of SciPy's complete
elliptic integrals ``ellipk(m)``, ``ellipe(m)`` in ``m``, of Hurwitz's ``zeta(x, q)`` in ``q``, and
of ``binom(n, k)`` in ``n`` and ``k``. SciPy is never imported here (a helper runs only in an
adjoint of a program that called the ``scipy.special`` function); numba has none of these
functions, so each helper is refused under ``jit=True`` at the user's line
(``numba_rules_uncompiled.NO_NUMBA``).

Invariant: each returns the exact derivative (to rounding) where the function is finite, its limit
where the closed form is 0/0 (``ellipk``'s and ``ellipe``'s at ``m = 0``: +-pi/8, by their series
near 0, where the closed form cancels), inf/-inf at ``m = 1`` where ``ellipk`` is infinite, and NaN
where SciPy's value is NaN (``m > 1``); no warning is raised.
"""
import math
import sys

import numpy as np

from .runtime import _out, _public

ELLIP_SERIES = 1e-3     # |m| below this: the series of the slopes (the closed forms cancel as m -> 0)
# c_n**2 = ((2n)! / (4**n n!**2))**2, n = 1..6: K(m) = pi/2 sum c_n**2 m**n, E(m) = pi/2 (1 - sum c_n**2 m**n / (2n - 1))
_C2 = [(math.comb(2 * n, n) / 4.0 ** n) ** 2 for n in range(1, 7)]
_K_SLOPE = [0.5 * math.pi * n * c for n, c in zip(range(1, 7), _C2)][::-1]                  # highest power first
_E_SLOPE = [-0.5 * math.pi * n * c / (2 * n - 1) for n, c in zip(range(1, 7), _C2)][::-1]
INTEGER_K = 64          # binom(n, k) with an integer 0 <= k below this: its slope in n as a polynomial's


def _special(name):
    return getattr(sys.modules["scipy.special"], name)


def _ellip(m):
    m = np.asarray(m, dtype=float)
    return m, _special("ellipk")(m), _special("ellipe")(m), np.abs(m) < ELLIP_SERIES


@_public
def ellipk_slope(m):
    """The slope of ``ellipk(m)``: ``(E - (1 - m) K) / (2 m (1 - m))`` (DLMF 19.4.1), pi/8 at 0, inf at 1."""
    m, k, e, small = _ellip(m)
    with np.errstate(divide="ignore", invalid="ignore"):
        mm = np.where(small | (m == 1), 0.5, m)
        far = (e - (1.0 - mm) * k) / (2.0 * mm * (1.0 - mm))
        return _out(np.where(small, np.polyval(_K_SLOPE, m), np.where(m == 1, np.inf, far)))


@_public
def ellipe_slope(m):
    """The slope of ``ellipe(m)``: ``(E - K) / (2 m)`` (DLMF 19.4.2), -pi/8 at 0, -inf at 1."""
    m, k, e, small = _ellip(m)
    with np.errstate(divide="ignore", invalid="ignore"):
        mm = np.where(small, 0.5, m)
        return _out(np.where(small, np.polyval(_E_SLOPE, m), (e - k) / (2.0 * mm)))


@_public
def zeta_slope_q(x, q):
    """The slope of Hurwitz's ``zeta(x, q)`` in ``q``: ``-x zeta(x + 1, q)``."""
    x = np.asarray(x, dtype=float)
    with np.errstate(invalid="ignore", over="ignore"):
        return _out(-x * _special("zeta")(x + 1.0, q))


def _integer_k(k):
    return (k == np.round(k)) & (k >= 0) & (k < INTEGER_K)


def _falling_slope(n, k):
    """d/dn of ``n (n - 1) ... (n - k + 1) / k!`` (``binom`` for an integer ``k >= 0``): the sum over
    i < k of the products leaving out ``n - i`` (finite at every n, where the digamma form has poles)."""
    kk = np.where(_integer_k(k), k, 0).astype(int)
    total = np.zeros(np.shape(n))
    for i in range(int(np.max(kk, initial=0))):
        term = np.ones(np.shape(n))
        for j in range(int(np.max(kk, initial=0))):
            if j != i:
                term = term * np.where(j < kk, (n - j) / (j + 1.0), 1.0)
        total = total + np.where(i < kk, term / (i + 1.0), 0.0)
    return total


@_public
def binom_slope_n(n, k):
    """The slope of ``binom(n, k)`` in ``n``: for an integer ``0 <= k < INTEGER_K`` the polynomial's
    (``_falling_slope``), else ``binom (psi(n + 1) - psi(n - k + 1))`` (NaN where a digamma has a pole)."""
    n, k = np.broadcast_arrays(np.asarray(n, dtype=float), np.asarray(k, dtype=float))
    psi = _special("digamma")
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        general = _special("binom")(n, k) * (psi(n + 1.0) - psi(n - k + 1.0))
        return _out(np.where(_integer_k(k), _falling_slope(n, k), general))


@_public
def binom_slope_k(n, k):
    """The slope of ``binom(n, k)`` in ``k``: ``binom (psi(n - k + 1) - psi(k + 1))`` (NaN where a
    digamma has a pole: there ``binom`` is 0 or its slope is 0 * inf)."""
    n, k = np.broadcast_arrays(np.asarray(n, dtype=float), np.asarray(k, dtype=float))
    psi = _special("digamma")
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return _out(_special("binom")(n, k) * (psi(n - k + 1.0) - psi(k + 1.0)))
