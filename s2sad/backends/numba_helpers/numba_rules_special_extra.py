"""numba versions of scipy.special's ``entr``, ``rel_entr``, ``kl_div``, ``huber``, ``pseudo_huber``,
``softplus`` and (of a real argument) ``loggamma``, of ``math.cbrt`` (numba has neither), and of
``over_hypot``, the helper of pseudo_huber's rule, and of ``x_over_y`` (``x / y``, 0 where ``x`` is 0: the
helper of the ``xlogy``, ``rel_entr`` and ``kl_div`` rules, NumPy's inf or nan at ``y == 0`` where numba's
``/`` of numbers raises); installed once a program has imported SciPy
(``registry.defer``: SciPy is never imported here), for numbers and arrays.

Invariant: each computes SciPy's value with SciPy's own branches (``scipy/special/_convex_analysis``
and ``_loggamma``): NaN in, NaN out; ``entr`` -inf below 0; ``rel_entr``/``kl_div`` inf outside
their domain; ``huber``/``pseudo_huber`` inf for a negative ``delta``; ``loggamma`` inf at 0 and NaN
below it. The derivative helpers SciPy's other new rules need (``bessel``, ``numpy_i0_slope``,
``signal_conv_grad``) are refused by name in ``numba_rules_uncompiled``. Any other argument type has
no implementation, so numba's ``TypingError`` is reported as a located ``JitError``.
"""
import math

import numpy as np
from numba import njit, types
from numba.extending import overload

from ...rules import runtime as rt
from ...rules.registry import defer
from .numba_rules_base import COVERED, elementwise_binary, helper, is_array
from .numba_rules_stats import _unary


@njit
def _entr1(x):
    if x != x or x > 0.0:
        return -x * math.log(x)
    return 0.0 if x == 0.0 else -math.inf


@njit
def _rel_entr1(x, y):
    if x != x or y != y:
        return math.nan
    if x > 0.0 and y > 0.0:
        return x * math.log(x / y)
    return 0.0 if x == 0.0 and y >= 0.0 else math.inf


@njit
def _kl_div1(x, y):
    if x != x or y != y:
        return math.nan
    if x > 0.0 and y > 0.0:
        return x * math.log(x / y) - x + y
    return y if x == 0.0 and y >= 0.0 else math.inf


@njit
def _huber1(delta, r):
    if delta < 0.0:
        return math.inf
    if abs(r) <= delta:
        return 0.5 * r * r
    return delta * (abs(r) - 0.5 * delta)


@njit
def _pseudo_huber1(delta, r):
    if delta < 0.0:
        return math.inf
    if delta == 0.0 or r == 0.0:
        return 0.0
    v = r / delta
    return delta * delta * (math.sqrt(1.0 + v * v) - 1.0)


@njit
def _softplus1(x):
    if x > 0.0:
        return x + math.log1p(math.exp(-x))
    return math.log1p(math.exp(x))


@njit
def _loggamma1(x):
    if x == 0.0:
        return math.inf
    if x < 0.0:
        return math.nan
    return math.lgamma(x)


@overload(math.cbrt)
def _ov_cbrt(x):
    if isinstance(x, types.Number):
        return lambda x: np.cbrt(x * 1.0)


@helper(rt.over_hypot)
def _ov_over_hypot(u, delta, r):
    if all(isinstance(v, types.Number) for v in (u, delta, r)):
        def one(u, delta, r):
            h = math.hypot(delta, r)
            return 0.0 if h == 0.0 else u / h
        return one
    if all(is_array(v) or isinstance(v, types.Number) for v in (u, delta, r)):
        def many(u, delta, r):
            h = np.hypot(delta, r)
            zero = h == 0.0
            return np.where(zero, 0.0, u / np.where(zero, 1.0, h))
        return many


@njit
def _x_over_y1(x, y):
    if x == 0.0:
        return 0.0
    if y == 0.0:       # NumPy's x / 0: nan for a nan x, else inf with the signs' product
        return x if x != x else math.copysign(math.inf, x) * math.copysign(1.0, y)
    return x / y


COVERED.add("x_over_y")
elementwise_binary(rt.x_over_y, _x_over_y1)


defer("scipy.special.entr", lambda fn: _unary(fn, _entr1))
defer("scipy.special.rel_entr", lambda fn: elementwise_binary(fn, _rel_entr1))
defer("scipy.special.kl_div", lambda fn: elementwise_binary(fn, _kl_div1))
defer("scipy.special.huber", lambda fn: elementwise_binary(fn, _huber1))
defer("scipy.special.pseudo_huber", lambda fn: elementwise_binary(fn, _pseudo_huber1))
defer("scipy.special.softplus", lambda fn: _unary(fn, _softplus1))
defer("scipy.special.loggamma", lambda fn: _unary(fn, _loggamma1))
