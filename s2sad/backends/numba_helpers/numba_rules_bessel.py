"""numba versions of scipy.special's Bessel functions (``j0`` ... ``k1e``, ``jv``/``jn``, ``yv``/``yn``,
``iv``, ``kv``/``kn``, ``ive``, ``kve``) and inverse error functions (``erfinv``, ``erfcinv``, ``ndtri``),
of their rules' helpers (``bessel``, ``bessel_i1`` ..., ``numpy_i0_slope``) and of ``np.i0``, for
numbers and arrays (two arguments broadcast together); installed once a program has imported
scipy.special (``registry.defer``: SciPy is never imported here).

Invariant: SciPy's functions are SciPy's own C code (``numba_cython_special``), so their values are
SciPy's bit for bit; the helpers repeat ``rules/runtime_special*.py``'s arithmetic in the same
order (their values are the Python helpers' to an ulp); ``np.i0`` is NumPy's own Chebyshev series
(not SciPy's ``i0``, which differs by a few ulps) evaluated with the C library's ``exp``, where NumPy
uses its own: NumPy's values to 4 ulps. Without SciPy the helpers have
no implementation (numba's ``TypingError``, a located ``JitError``).
"""
import math

import numpy as np
from numba import types
from numba.extending import register_jitable

from ...rules import runtime as rt
from ...rules.registry import defer
from .numba_cython_special import EXTERN, SYMBOLS, uses
from .numba_grads import COVERED
from .numba_rules_base import elementwise_binary, helper, is_array, literal
from .numba_rules_stats import _unary

_j, _y, _i, _k = EXTERN["jv"], EXTERN["yv"], EXTERN["iv"], EXTERN["kv"]
_ive, _kve, _i0, _i1, _i0e, _i1e = EXTERN["ive"], EXTERN["kve"], EXTERN["i0"], EXTERN["i1"], EXTERN["i0e"], EXTERN["i1e"]
KINDS = ("jv", "yv", "iv", "kv", "kve", "ive")      # runtime_special_more._KINDS, in the codes below


@register_jitable
def _at_order(k, v, x):
    if k == 0:
        return _j(v, x)
    if k == 1:
        return _y(v, x)
    if k == 2:
        return _i(v, x)
    if k == 3:
        return _k(v, x)
    return _kve(v, x) if k == 4 else _ive(v, x)


@register_jitable
def _comb(n, k):
    c = 1
    for j in range(k):
        c = c * (n - j) // (j + 1)
    return c


@register_jitable
def _plain(k, v, x, n):
    """runtime_special_more._plain of the kind of code ``k``."""
    odd = -1.0 if k < 2 else 1.0
    sign = -1.0 if k == 3 or k == 4 else 1.0
    total = 0.0
    for j in range(n + 1):
        total += _comb(n, j) * odd ** j * _at_order(k, v - n + 2 * j, x)
    return total * (sign ** n) / 2.0 ** n


@register_jitable
def _bessel1(k, v, x, n):
    """runtime_special_more.bessel of numbers, the kind given by its code ``k`` (its ``_at_pole`` and
    ``_sign_power`` too: an even power of the sign is 1, also at 0)."""
    if n > 0 and x == 0.0:
        f = _at_order(k, v, x)
        if np.isinf(f):
            return f * (-1.0) ** n
    if k < 4:
        return _plain(k, v, x, n)
    s = -np.sign(x)
    total = 0.0
    for j in range(n + 1):
        total += _comb(n, j) * _plain(k, v, x, j) if k == 4 else _comb(n, j) * (1.0 if (n - j) % 2 == 0 else s) * _plain(k, v, x, j)
    return total


@helper(uses(rt.bessel))
def _ov_bessel(kind, v, x, n=0):
    name = literal(kind)
    if name not in KINDS:
        return None
    k = KINDS.index(name)
    if isinstance(v, types.Number) and isinstance(x, types.Number):
        return lambda kind, v, x, n=0: _bessel1(k, v * 1.0, x * 1.0, n)
    if not all(is_array(a) or isinstance(a, types.Number) for a in (v, x)):
        return None

    def arrays(kind, v, x, n=0):
        a, b = np.broadcast_arrays(np.asarray(v) * 1.0, np.asarray(x) * 1.0)
        out = np.empty(a.shape)
        fa, fb, fo = a.ravel(), b.ravel(), out.reshape(out.size)
        for i in range(fo.size):
            fo[i] = _bessel1(k, fa[i], fb[i], n)
        return out
    return arrays


@helper(uses(rt.numpy_i0_slope))
def _ov_numpy_i0_slope(x, n=1):     # I0's n-th derivative: bessel("iv", 0, x, n)
    if isinstance(x, types.Number):
        return lambda x, n=1: _bessel1(2, 0.0, x * 1.0, n)
    if is_array(x):
        def arrays(x, n=1):
            out = np.empty(x.shape)
            src, fo = np.ascontiguousarray(x).reshape(x.size), out.reshape(out.size)
            for i in range(fo.size):
                fo[i] = _bessel1(2, 0.0, src[i] * 1.0, n)
            return out
        return arrays


@register_jitable
def _over_x(v, x, at_zero):
    return at_zero if x == 0.0 else v / x


@register_jitable
def _i1_slope(x):
    return _i0(x) - _over_x(_i1(x), x, 0.5)


@register_jitable
def _i1_curvature(x):
    i1 = _i1(x)
    return i1 + _over_x(_over_x(i1, x, 0.0) - (_i0(x) - _over_x(i1, x, 0.5)), x, 0.0)


@register_jitable
def _i1e_slope(x):
    i1e = _i1e(x)
    return _i0e(x) - _over_x(i1e, x, 0.5) - np.sign(x) * i1e


@register_jitable
def _i1e_curvature(x):
    i1e = _i1e(x)
    slope = _i0e(x) - _over_x(i1e, x, 0.5)
    curve = i1e + _over_x(_over_x(i1e, x, 0.0) - slope, x, 0.0)
    return 0.0 if x == 0.0 else curve - 2.0 * np.sign(x) * slope + i1e


_I0A = tuple(float(c) for c in np.lib._function_base_impl._i0A)    # NumPy's np.i0 coefficients
_I0B = tuple(float(c) for c in np.lib._function_base_impl._i0B)


@register_jitable
def _chbevl(x, vals):
    b0, b1, b2 = vals[0], 0.0, 0.0
    for i in range(1, len(vals)):
        b2 = b1
        b1 = b0
        b0 = x * b1 - b2 + vals[i]
    return 0.5 * (b0 - b2)


@register_jitable
def _numpy_i01(x):
    """NumPy's ``np.i0`` of a number (``numpy/lib/_function_base_impl.py``)."""
    x = abs(x)
    if x <= 8.0:
        return math.exp(x) * _chbevl(x / 2.0 - 2, _I0A)
    return math.exp(x) * _chbevl(32.0 / x - 2.0, _I0B) / math.sqrt(x)


for _fn, _scalar in ((rt.bessel_i1, _i1), (rt.bessel_i1e, _i1e), (rt.bessel_i1_slope, _i1_slope),
                     (rt.bessel_i1_curvature, _i1_curvature), (rt.bessel_i1e_slope, _i1e_slope),
                     (rt.bessel_i1e_curvature, _i1e_curvature)):
    COVERED.add(_fn.__name__)
    _unary(uses(_fn), _scalar)
_unary(np.i0, _numpy_i01)
_INSTALLED = set()


def _install(fn, name):
    """Overload scipy.special's ``fn`` (once per object: ``jn`` is ``jv``) as SciPy's C function."""
    if id(fn) not in _INSTALLED:
        _INSTALLED.add(id(fn))
        (_unary if SYMBOLS[name][1] == 1 else elementwise_binary)(uses(fn), EXTERN[name])


for _name in SYMBOLS:
    defer(f"scipy.special.{_name}", lambda fn, name=_name: _install(fn, name))
defer("scipy.special.jn", lambda fn: _install(fn, "jv"))
