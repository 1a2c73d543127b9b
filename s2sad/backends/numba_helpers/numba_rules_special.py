"""numba versions of scipy.special's logistic family: ``expit``, ``logsumexp``, ``softmax``,
``log_softmax``, of the normal distribution function ``ndtr``/``log_ndtr`` and of ``gamma``
(numba has no scipy.special), installed once a program has imported it (``registry.defer``:
SciPy is never imported here).

Invariant: each computes what SciPy computes, with SciPy's own shifts (by the maximum along
``axis``, a maximum that is not finite read as 0 in ``logsumexp``/``log_softmax``), for a number
or an array and ``axis`` None, an integer or a constant tuple; ``keepdims`` a constant. Any other
form (``b=``, ``return_sign=True``, a ``keepdims`` known only at run time) has no implementation,
so numba's ``TypingError`` is reported as a located ``JitError``. The rules' own derivatives use only
NumPy and ``sum_grad``, which numba has.
"""
import math

import numpy as np
from numba import njit, types
from numba.extending import overload

from ...rules.registry import defer
from ...rules import runtime as rt
from .numba_rules_base import COVERED, elementwise_binary, is_array, is_none
from .numba_rules_stats import _unary
from .numba_support import literal_bool


@njit
def _ndtr1(x):
    return 0.5 * math.erfc(-x * 0.7071067811865476)


@njit
def _log_ndtr1(x):
    """log ndtr(x) to about SciPy's precision: log1p for x > 6 (ndtr near 1), the asymptotic
    series of the Mills ratio below -35 (where erfc underflows)."""
    if x > 6.0:
        return math.log1p(-0.5 * math.erfc(x * 0.7071067811865476))
    if x > -35.0:
        return math.log(0.5 * math.erfc(-x * 0.7071067811865476))
    r = 1.0 / (x * x)
    s = 1.0 - r * (1.0 - 3.0 * r * (1.0 - 5.0 * r * (1.0 - 7.0 * r * (1.0 - 9.0 * r))))
    return -0.5 * x * x - math.log(-x) - 0.9189385332046728 + math.log(s)   # 0.9189... = log(2 pi) / 2


@njit
def _expit1(x):
    if x >= 0.0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)                 # no overflow of exp(-x) for a very negative x
    return e / (1.0 + e)


@njit
def _gamma1(x):
    """SciPy's gamma of a number: +-inf at +-0, NaN at a negative integer and -inf (where
    ``math.gamma`` raises), inf past the largest finite value."""
    if x == 0.0:
        return math.copysign(math.inf, x)
    if x < 0.0 and x == math.floor(x) or math.isnan(x):
        return math.nan
    if x > 171.7:
        return math.inf
    return math.gamma(x)


@njit
def _shift(a, axis):
    """The maximum of ``a`` along ``axis`` (kept as size-1 axes), 0 where it is not finite."""
    m = np.max(a, axis=axis, keepdims=True)
    return np.where(np.isfinite(m), m, 0.0)


@njit
def _erfcx_slope1(x, y):
    """``runtime_special.erfcx_slope`` of one number: its series past 50."""
    if x > 50.0:
        r = 1.0 / (x * x)
        return ((1.5 - 3.75 * r) * r - 1.0) * r * 0.5641895835477563
    return 2.0 * x * y - 1.1283791670955126


@njit
def _log_ndtr_slope1(x, y):
    """``runtime_special.log_ndtr_slope`` of one number: the Mills ratio's series below -20."""
    if x < -20.0:
        r = 1.0 / (x * x)
        return -x / (1.0 - r * (1.0 - r * (3.0 - r * (15.0 - 105.0 * r))))
    return math.exp(-0.5 * x * x - y) * 0.3989422804014327


def _logsumexp(fn):
    @overload(fn)
    def _ov(a, axis=None, b=None, keepdims=False, return_sign=False):
        keep = literal_bool(keepdims)
        if not is_none(b) or literal_bool(return_sign) is not False or keep is None:
            return None
        if isinstance(a, types.Number):
            return lambda a, axis=None, b=None, keepdims=False, return_sign=False: a * 1.0
        if not is_array(a):
            return None
        if keep:
            def kept(a, axis=None, b=None, keepdims=False, return_sign=False):
                m = _shift(a, axis)
                return np.log(np.sum(np.exp(a - m), axis=axis, keepdims=True)) + m
            return kept
        if is_none(axis):
            def whole(a, axis=None, b=None, keepdims=False, return_sign=False):
                m = np.max(a)
                m = m if np.isfinite(m) else 0.0
                return math.log(np.sum(np.exp(a - m))) + m
            return whole

        def reduced(a, axis=None, b=None, keepdims=False, return_sign=False):
            m = _shift(a, axis)
            return np.sum(np.log(np.sum(np.exp(a - m), axis=axis, keepdims=True)) + m, axis=axis)
        return reduced
    return _ov


def _softmax(fn, log):
    @overload(fn)
    def _ov(x, axis=None):
        if isinstance(x, types.Number):
            return (lambda x, axis=None: 0.0) if log else (lambda x, axis=None: 1.0)
        if not is_array(x):
            return None
        if log:
            def log_softmax(x, axis=None):
                shifted = x - _shift(x, axis)
                return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))
            return log_softmax

        def softmax(x, axis=None):
            e = np.exp(x - np.max(x, axis=axis, keepdims=True))
            return e / np.sum(e, axis=axis, keepdims=True)
        return softmax
    return _ov


for _slope, _scalar in ((rt.erfcx_slope, _erfcx_slope1), (rt.log_ndtr_slope, _log_ndtr_slope1)):
    COVERED.add(_slope.__name__)
    elementwise_binary(_slope, _scalar)

# scipy.special's, once a program has imported it (never imported here: see registry.defer)
defer("scipy.special.expit", lambda fn: _unary(fn, _expit1))
defer("scipy.special.ndtr", lambda fn: _unary(fn, _ndtr1))
defer("scipy.special.log_ndtr", lambda fn: _unary(fn, _log_ndtr1))
defer("scipy.special.gamma", lambda fn: _unary(fn, _gamma1))
defer("scipy.special.logsumexp", _logsumexp)
defer("scipy.special.softmax", lambda fn: _softmax(fn, False))
defer("scipy.special.log_softmax", lambda fn: _softmax(fn, True))
