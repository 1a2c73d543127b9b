"""numba versions of scipy.special's ``logit``, ``xlogy`` and ``betaln`` (numba has no
scipy.special), installed once a program has imported it (``registry.defer``: SciPy is never
imported here), for numbers and arrays (``xlogy``/``betaln`` broadcast their two arguments).

Invariant: each computes SciPy's value: ``logit`` is -inf at 0, inf at 1, NaN outside [0, 1]
(with SciPy's log1p form near 1/2); ``xlogy`` is 0 where x == 0 unless y is NaN; ``betaln`` is
``lgamma(a) + lgamma(b) - lgamma(a + b)`` (-inf or inf where one argument is +inf or -inf) (SciPy's to about 1e-12 relative for arguments below
about 1e6, where the three terms cancel least). Any other argument type has no implementation, so
numba's ``TypingError`` is reported as a located ``JitError``.
"""
import math

from numba import njit

from ...rules.registry import defer
from .numba_rules_base import elementwise_binary
from .numba_rules_stats import _unary


@njit
def _logit1(x):
    if not 0.0 <= x <= 1.0:
        return math.nan
    if x == 0.0:
        return -math.inf
    if x == 1.0:
        return math.inf
    if 0.3 < x < 0.65:
        s = 2.0 * (x - 0.5)
        return math.log1p(s) - math.log1p(-s)
    return math.log(x / (1.0 - x))


@njit
def _xlogy1(x, y):
    if x == 0.0 and y == y:
        return 0.0
    if y == 0.0:
        return -math.inf * x if x == x else math.nan
    return x * math.log(y) if y > 0.0 or y != y else math.nan


@njit
def _betaln1(a, b):
    if math.isinf(a) != math.isinf(b) and a == a and b == b:     # one infinite: B is 0 (+inf) or inf (-inf)
        return -math.inf if a + b > 0.0 else math.inf
    return math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)


defer("scipy.special.logit", lambda fn: _unary(fn, _logit1))
defer("scipy.special.xlogy", lambda fn: elementwise_binary(fn, _xlogy1))
defer("scipy.special.betaln", lambda fn: elementwise_binary(fn, _betaln1))
