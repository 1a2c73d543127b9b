"""Run-time helpers of the rules of ``grads_special_more.py``: the Bessel functions of any order
and their derivatives, NumPy's ``np.i0``'s slope, and the adjoint of SciPy's 1-d convolutions.

Bessel: every derivative of ``J, Y, I, K`` (and the scaled ``kve``, ``ive``) in ``x`` is a sum of
the same function at orders ``v - n, v - n + 2, ..., v + n`` (DLMF 10.6.7, 10.29.5), so
``bessel(kind, v, x, n)`` is the ``n``-th derivative, its own slope is ``n + 1``: grad, jvp and hvp
share one exact formula with no division by ``x``; at a pole (``x == 0``, the function infinite) the
slope is its limit from the right, as ``inf - inf`` in the sum would be NaN. SciPy is never imported here (a helper runs
only in an adjoint of a program that called a ``scipy.special`` function); ``np.i0``'s slope
imports ``scipy.special`` when it runs, and is refused if SciPy is missing.
"""
import contextlib
import math
import sys

import numpy as np

from ..errors import NoDerivativeError
from .runtime import _out, _public

# kind -> (SciPy's name, the sign of the odd terms (J, Y: -1), the sign of the n-th derivative (K: -1)**n)
_KINDS = {"jv": (-1.0, 1.0), "yv": (-1.0, 1.0), "iv": (1.0, 1.0), "kv": (1.0, -1.0),
          "kve": (1.0, -1.0), "ive": (1.0, 1.0)}


def _special(name):
    return getattr(sys.modules["scipy.special"], name)


def _plain(kind, v, x, n):
    """The ``n``-th derivative of the unscaled function (``kv`` for ``kve``, ``iv`` for ``ive``),
    scaled as ``kind`` is: ``2**-n sum_k C(n, k) s**k Z(v - n + 2k)`` times ``(-1)**n`` for K."""
    odd, sign = _KINDS[kind]
    f = _special(kind)
    total = sum(math.comb(n, k) * odd ** k * f(v - n + 2 * k, x) for k in range(n + 1))
    return total * (sign ** n) / 2.0 ** n


def _at_pole(kind, v, x, n, slope):
    """``slope`` where ``x == 0`` and the function is infinite there (``y1``, ``k0e``, ``yv(1.5, .)``...)
    replaced by its limit from the right, ``f(v, 0) * (-1)**n``: near 0 the most singular term
    ``c x**-p`` (or ``c log x``) rules every derivative, and its ``n``-th has the sign ``sign(c) (-1)**n``;
    the sum of orders gives ``inf - inf`` = NaN there (``y1' = (y0 - y2) / 2``)."""
    if n == 0 or not np.any(np.equal(x, 0)):
        return slope
    f = _special(kind)(v, x)
    return np.where(np.equal(x, 0) & np.isinf(f), f * (-1.0) ** n, slope)


def _sign_power(s, k):
    """``s ** k`` for a sign ``s`` of ``x`` (-1, 0 or 1); where ``x == 0`` (``|x|``'s kink) the mean of
    its one-sided limits: 1 for an even ``k`` (``s**2`` is 1 on both sides), 0 for an odd one. With
    ``0 ** 2 = 0`` there, ``ive(0, x)``'s second derivative at 0 was 0.5 where both sides are 1.5."""
    return 1.0 if k % 2 == 0 else s


@_public
def bessel(kind, v, x, n=0):
    """The ``n``-th derivative in ``x`` of ``scipy.special.<kind>(v, x)`` (``kind`` one of jv, yv, iv, kv,
    kve = exp(x) kv, ive = exp(-|x|) iv); for the scaled ones the product rule over the scale; at a
    pole (``x == 0``) its limit from the right (``_at_pole``); at ``ive``'s kink (``x == 0``) the mean of the
    one-sided limits (``_sign_power``), as ``np.sign(0) = 0`` makes the first derivative."""
    with np.errstate(invalid="ignore") if np.any(np.equal(x, 0)) else contextlib.nullcontext():
        if kind == "kve":       # (e^x K)^(n) = e^x sum_j C(n, j) K^(j)
            slope = sum(math.comb(n, j) * _plain(kind, v, x, j) for j in range(n + 1))
        elif kind == "ive":     # (e^(-s x) I)^(n) = e^(-s x) sum_j C(n, j) (-s)^(n - j) I^(j), s = sign(x)
            s = np.sign(x)
            slope = sum(math.comb(n, j) * _sign_power(-s, n - j) * _plain(kind, v, x, j) for j in range(n + 1))
        else:
            slope = _plain(kind, v, x, n)
    return _out(_at_pole(kind, v, x, n, slope))


@_public
def numpy_i0_slope(x, n=1):
    """The ``n``-th derivative of ``np.i0`` (``I1`` for n = 1, SciPy's ``iv``)."""
    try:
        import scipy.special  # noqa: F401  (np.i0's slope is I1, which NumPy lacks)
    except ImportError:
        raise NoDerivativeError("the derivative of np.i0 is I1, which needs SciPy (scipy.special.i1): "
                                "install SciPy, or call scipy.special.i0") from None
    return bessel("iv", 0, np.asarray(x, dtype=float) if np.ndim(x) else float(x), n)


def _full_offset(n, m, size, mode):
    if mode not in ("full", "same", "valid"):
        raise NoDerivativeError(f"scipy.signal's convolve/correlate is differentiated in modes 'full', 'same' "
                                f"and 'valid', not {mode!r}.")
    return (n + m - 1 - size) // 2       # SciPy centres 'same' and 'valid' in the full result


@_public
def signal_conv_grad(g, a, v, mode="full", left=True, flip=False):
    """Gradient of ``scipy.signal.convolve(a, v, mode)`` (``flip``: ``correlate``, the convolution with
    ``v`` reversed) wrt ``a`` (``left``) or ``v``, for 1-d signals: ``g`` placed in the full result
    and correlated with the other signal."""
    if np.ndim(a) != 1 or np.ndim(v) != 1:
        raise NoDerivativeError("s2sad differentiates scipy.signal's convolve and correlate of two 1-d "
                                "signals; convolve each row with a loop, or use np.convolve.")
    n, m = np.size(a), np.size(v)
    full = np.zeros(n + m - 1)
    start = _full_offset(n, m, np.size(g), mode)
    full[start:start + np.size(g)] = g
    w = v[::-1] if flip else v
    if left:
        return _out(np.correlate(full, w, "valid"))
    out = np.correlate(full, a, "valid")
    return _out(out[::-1] if flip else out)


@_public
def signal_conv(a, v, mode="full", flip=False):
    """``scipy.signal.convolve(a, v, mode)`` (``flip``: ``correlate``): the tangent rules' call."""
    signal = sys.modules["scipy.signal"]
    return (signal.correlate if flip else signal.convolve)(a, v, mode)


@_public
def over_hypot(u, delta, r):
    """``u / hypot(delta, r)``, 0 where both are 0 (``pseudo_huber``'s slopes, whose limits there are 0)."""
    h = np.hypot(delta, r)
    zero = np.equal(h, 0)
    return _out(np.where(zero, 0.0, u / np.where(zero, 1.0, h)))
