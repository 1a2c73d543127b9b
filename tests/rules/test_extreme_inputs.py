"""The rule table at extreme-but-legal inputs (stop 46): a derivative must not lose its digits where
NumPy's (or SciPy's) own value is accurate. Each elementwise rule of the table (enumerated from the
registry: every one-argument ufunc and ``math`` function, and the scipy.special ones listed here) is
checked over a grid of magnitudes 1e-300..1e300, both signs, and the domain's edges (1 - 1e-12, -1 + 1e-12),
against its closed-form derivative evaluated in ``np.longdouble``, in reverse and forward mode. A point
is checked where the value is finite and (for a ufunc, which has a longdouble loop) agrees with the
longdouble one to 1e-12, and the reference is finite: there the gradient must be within 1e-6 relative.

Found and fixed (each failed on main): ``expm1`` (y + 1 is 0 below -37), ``arcsinh`` (x * x overflows
past 1e154: slope 0), ``arctan2`` (x * x + y * y overflows or underflows: slope 0), ``sinc`` (cancellation
below 1e-4: 30% off at 1e-8, NaN at 1e-320), ``scipy.special.expit`` (1 - y is 0 past 37), ``betaln`` (psi(a) -
psi(a + b) cancels past a ~ 1e8), ``gammainc``'s slope in x (its exponent cancels past a ~ 1e8),
``log_ndtr`` (exp(-x^2/2 - y) cancels below -1e4, inf below -1e154), ``erfcx`` (2 x y - 2/sqrt(pi) cancels
past 1e4). Left, with the reason, in ``LEFT``.
"""
import math

import numpy as np
import pytest
import scipy.special as sp

import s2sad
from s2sad.rules import grads, registry  # noqa: F401  (registers the table)
from s2sad.testing import check_hvp

L = np.longdouble
PI = L(np.pi)
SQRT_PI = np.sqrt(PI)
MAG = [1e-300, 1e-200, 1e-100, 1e-30, 1e-12, 1e-8, 1e-4, 0.1, 0.5, 1 - 1e-12, 1.0, 1 + 1e-12, 2.0, 10.0, 30.0, 40.0,
       100.0, 700.0, 708.0, 1e3, 1e4, 1e8, 1e15, 1e20, 1e100, 1e154, 1e200, 1e300]
GRID = np.array(sorted(set(MAG + [-m for m in MAG] + [0.0, 1e-320, -20.0, -37.0, 50.0, 60.0])))


def _sign(x):
    return np.sign(x)


def _inv_sqrt_1mx2(x):
    return 1 / np.sqrt((1 - x) * (1 + x))


def _sinc_slope(x):
    u = PI * x
    series = PI * u * (-1 / L(3) + u * u / 30 - u ** 4 / 840 + u ** 6 / 45360)
    return np.where(np.abs(x) < 1e-3, series, (np.cos(u) - np.sin(u) / u) / np.where(x == 0, 1, x))


def _log_ndtr_slope(x):
    s = 1 / (x * x)
    far = -x / (1 - s * (1 - s * (3 - s * (15 - s * (105 - s * (945 - 10395 * s))))))
    near = np.exp(-x * x / 2) / np.sqrt(2 * PI) / L(sp.ndtr(np.float64(x)))
    return np.where(x < -30, far, near)


def _erfcx_slope(x):
    s = 1 / (x * x)
    far = -s * (1 - s * (1.5 - s * (3.75 - 13.125 * s))) / SQRT_PI
    return np.where(x > 50, far, 2 * x * L(sp.erfcx(np.float64(x))) - 2 / SQRT_PI)


# the derivative of each one-argument ufunc of the table, in longdouble
UFUNCS = {
    np.absolute: _sign, np.fabs: _sign, np.negative: lambda x: -np.ones_like(x), np.positive: np.ones_like, np.conjugate: np.ones_like,
    np.arccos: lambda x: -_inv_sqrt_1mx2(x), np.arcsin: _inv_sqrt_1mx2, np.arctan: lambda x: 1 / (1 + x * x),
    np.arcsinh: lambda x: 1 / np.sqrt(1 + x * x), np.arccosh: lambda x: 1 / (np.sqrt(x - 1) * np.sqrt(x + 1)),
    np.arctanh: lambda x: 1 / ((1 - x) * (1 + x)),
    np.cbrt: lambda x: 1 / (3 * np.cbrt(x) ** 2), np.cos: lambda x: -np.sin(x), np.cosh: np.sinh,
    np.deg2rad: lambda x: PI / 180 + 0 * x, np.radians: lambda x: PI / 180 + 0 * x,
    np.rad2deg: lambda x: 180 / PI + 0 * x, np.degrees: lambda x: 180 / PI + 0 * x,
    np.exp: np.exp, np.exp2: lambda x: np.exp2(x) * np.log(L(2)), np.expm1: np.exp,
    np.log: lambda x: 1 / x, np.log10: lambda x: 1 / (x * np.log(L(10))), np.log2: lambda x: 1 / (x * np.log(L(2))),
    np.log1p: lambda x: 1 / (1 + x), np.reciprocal: lambda x: -1 / (x * x), np.sin: np.cos, np.sinh: np.cosh,
    np.sqrt: lambda x: 0.5 / np.sqrt(x), np.square: lambda x: 2 * x, np.tan: lambda x: 1 / np.cos(x) ** 2,
    np.tanh: lambda x: 1 / np.cosh(x) ** 2,
}
MATH = {  # math's functions of one number with a rule, each as the ufunc whose derivative it shares
    math.acos: np.arccos, math.asin: np.arcsin, math.asinh: np.arcsinh, math.acosh: np.arccosh, math.atan: np.arctan, math.atanh: np.arctanh,
    math.cos: np.cos, math.cosh: np.cosh, math.degrees: np.degrees, math.exp: np.exp, math.expm1: np.expm1,
    math.fabs: np.fabs, math.log: np.log, math.log10: np.log10, math.log1p: np.log1p, math.log2: np.log2,
    math.radians: np.radians, math.sin: np.sin, math.sinh: np.sinh, math.sqrt: np.sqrt, math.tan: np.tan,
    math.tanh: np.tanh,
}
MATH.update({getattr(math, n): u for n, u in (("cbrt", np.cbrt), ("exp2", np.exp2)) if hasattr(math, n)})   # Python 3.11+
NO_REFERENCE = {   # one-argument functions of the table checked elsewhere, and why not here
    math.erf: "as scipy.special.erf (SCIPY below)", math.erfc: "as scipy.special.erfc (SCIPY below)",
    math.gamma: "its slope gamma * digamma has no longdouble closed form here (test_rules_nan_steps_gamma.py)",
    math.lgamma: "its slope digamma has no longdouble closed form here (test_rules_special.py)",
}
LEFT = {  # rules whose derivative still loses digits on part of the grid: the points left out, and why
    np.tanh: (lambda x: np.abs(x) > 8, "1 - y*y (y rounded to +-1) is 0 past 19 where the slope is 4 exp(-2|x|) "
                                     "(< 1e-16): fixing it costs a cosh per element in the LSTM/RNN benchmarks"),
}
SCIPY = {  # scipy.special (and NumPy compositions) with a rule, their derivative in longdouble
    "expit": (sp.expit, lambda x: np.exp(-np.abs(x)) / (1 + np.exp(-np.abs(x))) ** 2),
    "log_expit": (sp.log_expit, lambda x: 1 / (1 + np.exp(x))),
    "logit": (sp.logit, lambda x: 1 / (x * (1 - x))),
    "erf": (sp.erf, lambda x: 2 / SQRT_PI * np.exp(-x * x)),
    "erfc": (sp.erfc, lambda x: -2 / SQRT_PI * np.exp(-x * x)),
    "ndtr": (sp.ndtr, lambda x: np.exp(-x * x / 2) / np.sqrt(2 * PI)),
    "log_ndtr": (sp.log_ndtr, np.vectorize(_log_ndtr_slope, otypes=[L])),
    "erfcx": (sp.erfcx, np.vectorize(_erfcx_slope, otypes=[L])),
    "sinc": (np.sinc, _sinc_slope),
    "softplus": (lambda x: np.logaddexp(0.0, x), lambda x: 1 / (1 + np.exp(-x))),
    "softplus2": (lambda x: np.logaddexp2(0.0, x), lambda x: 1 / (1 + np.exp2(-x))),
    "erfinv": (sp.erfinv, lambda x: SQRT_PI / 2 * np.exp(L(sp.erfinv(np.float64(x))) ** 2)),      # stop 53's rules
    "ndtri": (sp.ndtri, lambda x: np.sqrt(2 * PI) * np.exp(L(sp.ndtri(np.float64(x))) ** 2 / 2)),
    "entr": (sp.entr, lambda x: -(np.log(x) + 1)),
    "sp.softplus": (sp.softplus, lambda x: 1 / (1 + np.exp(-x))),
    "loggamma": (sp.loggamma, lambda x: L(sp.digamma(np.float64(x)))),
}


def _points(f, slope, longdouble, left=None):
    """The grid points where f's value is finite and accurate and its slope finite: (x, slope)."""
    xs, refs = [], []
    for x in GRID:
        with np.errstate(all="ignore"):
            try:
                v = f(np.float64(x))
            except (ValueError, OverflowError, ZeroDivisionError):
                continue
            ref = slope(L(x))
            if longdouble:
                exact = f(L(x))
                if not abs(L(v) - exact) <= 1e-12 * abs(exact):
                    continue
        if not (np.isfinite(v) and np.isfinite(ref) and abs(ref) < 1e300) or left is not None and left(x):
            continue
        xs.append(x)
        refs.append(float(ref))
    return np.array(xs), np.array(refs)


def _close(got, ref, xs, what):
    got = np.asarray(got, dtype=float)
    bad = ~np.isfinite(got) | (np.abs(got - ref) > 1e-6 * np.abs(ref) + 1e-300)
    assert not bad.any(), f"{what}: at x = {xs[bad]} got {got[bad]}, expected {ref[bad]}"


def _grad_and_jvp(fn, xs, ref, name):
    """fn's elementwise slope at xs, as the gradient of its sum and as its tangent along ones."""
    def total(x):
        return np.sum(fn(x))

    def each(x):
        return fn(x)

    _close(s2sad.grad(total)(xs), ref, xs, f"grad of {name}")
    _close(s2sad.jvp(each)(xs, np.ones(xs.size))[1], ref, xs, f"jvp of {name}")


def test_every_one_argument_rule_is_on_the_grid():
    for key in registry._RULES:
        if isinstance(key, np.ufunc) and key.nin == 1 and key.nout == 1 and getattr(np, key.__name__, None) is key:
            # (SciPy's: SCIPY; np.modf's pair: test_fmod_modf49.py)
            assert key in UFUNCS, f"{key.__name__}: add its derivative to UFUNCS"
        elif getattr(key, "__module__", None) == "math" and key not in (math.hypot, math.dist, math.fsum, math.prod):
            if key in (math.atan2, math.copysign, math.fmod, math.pow):
                continue    # two arguments: TWO below, or pieces (copysign, fmod)
            assert key in MATH or key in NO_REFERENCE, f"math.{key.__name__}: add it to MATH or NO_REFERENCE"


@pytest.mark.parametrize("ufunc", list(UFUNCS), ids=lambda u: u.__name__)
def test_ufunc_grid(ufunc):
    left = LEFT.get(ufunc, (None,))[0]
    xs, ref = _points(ufunc, UFUNCS[ufunc], True, left)
    assert xs.size
    _grad_and_jvp(ufunc, xs, ref, f"np.{ufunc.__name__}")


@pytest.mark.parametrize("fn", list(MATH), ids=lambda f: f.__name__)
def test_math_grid(fn):
    left = LEFT.get(MATH[fn], (None,))[0]
    xs, ref = _points(MATH[fn], UFUNCS[MATH[fn]], True, left)

    def one(x):
        return fn(x)

    g = s2sad.grad(one)
    got = [g(float(x)) for x in xs]    # math's domain is NumPy's: _points kept finite values only
    _close(np.array(got), ref, xs, f"grad of math.{fn.__name__}")


@pytest.mark.parametrize("name", list(SCIPY))
def test_scipy_grid(name):
    fn, slope = SCIPY[name]
    xs, ref = _points(fn, slope, name in ("sinc", "softplus", "softplus2"))
    _grad_and_jvp(fn, xs, ref, name)


# ---- two arguments and reductions: closed forms at the magnitudes where a square overflows -------
def arctan2(y, x):
    return np.sum(np.arctan2(y, x))


def hypot(x, y):
    return np.sum(np.hypot(x, y))


def math_atan2(y, x):
    return math.atan2(y, x)


def norm(v):
    return np.linalg.norm(v)


Y2 = np.array([1e200, 3e-200, 1e-300, 5e150, 1.0, -2e-160])
X2 = np.array([1e200, 4e-200, 1e-300, 5e150, 1e-300, 1e-160])
R2 = np.hypot(L(1) * Y2, L(1) * X2) ** 2
TWO = [   # (f, args, wrt, reference)
    (arctan2, (Y2, X2), 0, X2 / R2),
    (arctan2, (Y2, X2), 1, -Y2 / R2),
    (hypot, (Y2, X2), 0, Y2 / np.sqrt(R2)),
    (norm, (np.array([3e150, 4e150]),), 0, np.array([0.6, 0.8])),
    (norm, (np.array([3e-150, 4e-150]),), 0, np.array([0.6, 0.8])),
]


@pytest.mark.parametrize("f, args, wrt, ref", TWO, ids=[f"{c[0].__name__}-{c[2]}" for c in TWO])
def test_two_arguments(f, args, wrt, ref):
    ref = np.asarray(ref, dtype=float)
    _close(s2sad.grad(f, wrt=wrt)(*args), ref, args[wrt], f"grad of {f.__name__}")
    tangents = [np.zeros_like(a) for a in args]
    tangents[wrt] = np.ones_like(args[wrt])
    _close(s2sad.jvp(f, wrt=tuple(range(len(args))))(*args, tuple(tangents))[1], np.sum(ref), args[wrt][:1],
           f"jvp of {f.__name__}")


def test_math_atan2():
    for y, x in zip(Y2, X2):
        r = np.hypot(L(y), L(x)) ** 2
        got = s2sad.grad(math_atan2, wrt=(0, 1))(float(y), float(x))
        _close(np.array(got), np.array([float(L(x) / r), float(-L(y) / r)]), np.array([y, x]), "math.atan2")


# ---- second order through the new slopes (forward over reverse), where they switch to their series ---
def log_ndtr(x):
    return np.sum(sp.log_ndtr(x) * np.array([1.0, 2.0, 3.0]))


def erfcx(x):
    return np.sum(sp.erfcx(x) * np.array([1.0, 2.0, 3.0]))


def sinc(x):
    return np.sum(np.sinc(x) * np.array([1.0, 2.0, 3.0]))


@pytest.mark.parametrize("f, x", [(log_ndtr, np.array([-30.0, -1.5, 2.0])), (erfcx, np.array([60.0, 1.5, 3.0])),
                                  (sinc, np.array([0.01, 0.5, -0.02]))], ids=["log_ndtr", "erfcx", "sinc"])
def test_second_order(f, x):
    check_hvp(f, x, v=np.array([0.3, -0.7, 1.1]))


def jitted(x, y):
    return np.sum(np.expm1(x) + np.arcsinh(y) + np.arctan2(y, x) + np.sinc(x) + sp.expit(-x) + sp.log_ndtr(x))


@pytest.mark.jit
def test_jit_matches_python():    # the numba helpers (log_ndtr_slope) and the same templates compiled
    x = np.array([-40.0, -1e6, 1e-8, -3e-200])
    y = np.array([1e200, 2.0, 3e-200, 1e-300])
    expected = s2sad.grad(jitted, wrt=(0, 1))(x, y)
    got = s2sad.grad(jitted, wrt=(0, 1), jit=True)(x, y)
    for a, b in zip(got, expected):
        np.testing.assert_allclose(a, b, rtol=1e-12)
    assert np.all(np.isfinite(expected[0])) and expected[0][1] > 9.9e5      # log_ndtr's slope -x at -1e6


# ---- betaln: psi(a) - psi(a + b) cancels for a large a (5e-4 off at 1e12, 0 at 1e15 on main) ------------
def betaln(a, b):
    return np.sum(sp.betaln(a, b))


BIG = np.array([10.0, 999.0, 1e3, 1e4, 1e8, 1e12, 1e15, 1e100, 1e300])


@pytest.mark.parametrize("n", [1, 2, 3])
def test_betaln_slope_for_a_large_argument(n):
    """For an integer n, psi(a) - psi(a + n) = -sum_{k<n} 1 / (a + k) exactly: the slope in a of betaln(a, n),
    and (the arguments swapped) in b of betaln(n, b)."""
    ref = -sum(1 / (L(1) * BIG + k) for k in range(n)).astype(float)
    small = np.full(BIG.size, float(n))
    _close(s2sad.grad(betaln, wrt=0)(BIG, small), ref, BIG, "grad of betaln in a")
    _close(s2sad.grad(betaln, wrt=1)(small, BIG), ref, BIG, "grad of betaln in b")
    _close(s2sad.jvp(betaln, wrt=0)(BIG, small, np.ones(BIG.size))[1], np.sum(ref), BIG[:1], "jvp of betaln")


def test_betaln_second_order():
    check_hvp(betaln, np.array([2.5, 1500.0, 0.7]), np.array([1.3, 2.0, 3.0]), wrt=0, v=np.array([0.3, 1.0, -0.5]), eps=1e-8)


@pytest.mark.jit
def test_betaln_jit():
    a, b = np.array([1e15, 3.0, 1e4, 0.5]), np.array([1.5, 1e15, 2.0, 1e12])
    for got, expected in zip(s2sad.grad(betaln, wrt=(0, 1), jit=True)(a, b), s2sad.grad(betaln, wrt=(0, 1))(a, b)):
        np.testing.assert_allclose(got, expected, rtol=1e-12)


# ---- gammainc's slope in x for a large shape a: x^(a-1) e^-x / Gamma(a), its exponent's terms ~a log a cancel --
def gammainc(x, a):
    return np.sum(sp.gammainc(a, x))


def test_gammainc_slope_for_a_large_shape():
    """At x = a the density is exp(-1/(12a) + 1/(360a^3)) / sqrt(2 pi a) (Stirling): 1e-5 off at 1e10 and
    84% at 1e15 on main, where SciPy's gammainc is exact."""
    a = np.array([1e6, 1e10, 1e13, 1e15, 1e100])
    ref = (np.exp(-1 / (12 * L(1) * a) + 1 / (360 * (L(1) * a) ** 3)) / np.sqrt(2 * PI * a)).astype(float)
    _close(s2sad.grad(gammainc)(a, a), ref, a, "grad of gammainc in x")
    _close(s2sad.jvp(gammainc)(a, a, np.ones(a.size))[1], np.sum(ref), a[:1], "jvp of gammainc")
    check_hvp(gammainc, np.array([1500.0, 2.5]), np.array([1480.0, 3.0]), v=np.array([1.0, -0.5]), eps=1e-8)
