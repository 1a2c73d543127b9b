"""The rules of rules/grads_special_more.py and tangents_special_more.py (issue 8, stop 53): scipy.special's
erfinv, erfcinv, ndtri, entr, rel_entr, kl_div, huber, pseudo_huber, softplus, loggamma, the Bessel
functions j0, j1, y0, y1, k0, k1, k0e, k1e, jv/jn, yv/yn, iv, kv/kn, ive, kve; np.i0, math.cbrt,
math.exp2; scipy.signal's 1-d convolve and correlate. Each was refused before (NoDerivativeError).
grad, jvp and hvp against central differences and autograd where it has the function; values at
the kinks and poles; the refusals (a Bessel order, 2-d signals) located; jit=True: numba versions of
the functions numba lacks (compiled values against SciPy; the Bessel functions, erfinv, np.i0 and the
convolutions: tests/backends/test_numba_scipy_jit54.py)."""
import math

import numpy as np
import pytest

special = pytest.importorskip("scipy.special")
signal = pytest.importorskip("scipy.signal")

import s2sad  # noqa: E402
from s2sad.testing import check_grad, check_jvp, check_modes  # noqa: E402

X = np.array([0.15, 0.4, 0.7, 0.9])
V = np.array([0.3, -0.2, 0.5, 0.1])


def inverses(x):
    return np.sum(special.erfinv(x - 0.5) ** 2) + np.sum(special.erfcinv(x) * x) + np.sum(special.ndtri(x) ** 3)


def entropies(x):
    return np.sum(special.entr(x) * x) + np.sum(special.rel_entr(x, x[::-1] ** 2)) + np.sum(special.kl_div(x ** 2, x[::-1]))


def losses(x):
    return np.sum(special.huber(0.5 + x[0], 2 * x - 0.9) ** 2) + np.sum(special.pseudo_huber(x[1], x - 0.3) * x) \
        + np.sum(special.softplus(3 * x - 1) ** 2) + np.sum(special.loggamma(x * 3) ** 2)


def bessels(x):
    return np.sum(special.j0(3 * x) * special.j1(2 * x)) + np.sum(special.y0(x + 0.5) ** 2) \
        + np.sum(special.y1(x + 1.0) * x) + np.sum(special.k0(x) * special.k1(x)) + np.sum(special.k0e(x) ** 2 + special.k1e(x)) + np.sum(special.jv(2.5, 4 * x) ** 2) \
        + np.sum(special.jn(3, 5 * x) * x) + np.sum(special.yv(1.5, x + 1)) + np.sum(special.iv(2, x) ** 2) \
        + np.sum(special.kv(0.5, x) * x) + np.sum(special.ive(1, x - 0.5) ** 2) + np.sum(special.kve(2, x) * x) \
        + np.sum(special.yn(2, x + 1) * special.kn(1, x)) + np.sum(np.i0(2 * x - 1) ** 2)


def maths(x):
    return math.cbrt(x[0] - 0.5) ** 2 + math.exp2(x[1]) * x[2] + math.cbrt(x[3])


def convolutions(x):
    a, v = np.sin(x * 3), x[:3] ** 2
    return np.sum(signal.convolve(a, v) ** 2) + np.sum(signal.convolve(v, a, "same") * a[:3]) \
        + np.sum(signal.convolve(a, v, mode="valid") ** 3) + np.sum(signal.correlate(v, a) * np.arange(6.0)) \
        + np.sum(signal.correlate(a, v, "same") ** 2) + np.sum(signal.correlate(v, a, "valid", method="direct") ** 2) \
        + np.sum(signal.correlate(a, v, mode="valid") * a[:2])


@pytest.mark.parametrize("f", [inverses, entropies, losses, bessels, maths, convolutions])
def test_grad_jvp_hvp_against_differences(f):
    check_modes(f, X, v=V)


def test_against_autograd():
    ag = pytest.importorskip("autograd.scipy.special")
    anp = pytest.importorskip("autograd.numpy")
    asignal = pytest.importorskip("autograd.scipy.signal")

    def ref(x):
        return anp.sum(ag.erfinv(x - 0.5) ** 2) + anp.sum(ag.erfcinv(x) * x) + anp.sum(ag.j0(3 * x) * ag.j1(2 * x)) \
            + anp.sum(ag.y0(x + 0.5) ** 2) + anp.sum(ag.y1(x + 1.0) * x) + anp.sum(ag.jn(3, 5 * x) * x) \
            + anp.sum(ag.iv(2, x) ** 2) + anp.sum(ag.ive(1, x - 0.5) ** 2) + anp.sum(ag.i0(2 * x - 1) ** 2) \
            + anp.sum(asignal.convolve(anp.sin(3 * x), x[:3] ** 2) ** 2)

    def f(x):
        return np.sum(special.erfinv(x - 0.5) ** 2) + np.sum(special.erfcinv(x) * x) \
            + np.sum(special.j0(3 * x) * special.j1(2 * x)) + np.sum(special.y0(x + 0.5) ** 2) + np.sum(special.y1(x + 1.0) * x) + np.sum(special.jn(3, 5 * x) * x) \
            + np.sum(special.iv(2, x) ** 2) + np.sum(special.ive(1, x - 0.5) ** 2) + np.sum(special.i0(2 * x - 1) ** 2) \
            + np.sum(signal.convolve(np.sin(3 * x), x[:3] ** 2) ** 2)
    check_modes(f, X, v=V, reference=ref)


def _grad(f, *args, wrt=0):
    with np.errstate(divide="ignore", invalid="ignore"):
        return s2sad.grad(f, wrt=wrt)(*args)


def test_values_at_kinks_and_poles():
    g = _grad(lambda x: np.sum(special.entr(x)), np.array([0.0, 1.0]))
    np.testing.assert_array_equal(g, [np.inf, -1.0])           # entr' = -(log x + 1): +inf at 0
    gy = _grad(lambda x, y: np.sum(special.rel_entr(x, y) + special.kl_div(x, y)), np.array([0.0, 2.0]),
               np.array([3.0, 4.0]), wrt=1)
    np.testing.assert_array_equal(gy, [1.0, 0.0])              # rel_entr's slope in y -x/y (0 where x == 0), kl_div's 1 - x/y
    assert np.isnan(_grad(lambda r: special.huber(-1.0, r), 0.3))          # huber is inf for delta < 0
    assert _grad(lambda r: special.huber(1.0, r), 2.0) == 1.0 and _grad(lambda d: special.huber(d, 2.0), 1.0) == 1.0
    assert _grad(lambda r: special.pseudo_huber(0.0, r), 0.0) == 0.0      # 0 / 0 read as its limit 0
    assert _grad(lambda d: special.pseudo_huber(d, -2.0), 0.0) == 2.0     # |r| at delta = 0
    assert _grad(lambda x: special.j1(x), 0.0) == 0.5 and _grad(lambda x: special.erfinv(x), 1.0) == np.inf
    assert _grad(lambda x: math.cbrt(x), 0.0) == np.inf                  # a Python float: no ZeroDivisionError


def test_bessel_order_is_refused_located():
    with pytest.raises(s2sad.S2sadError, match=r"line \d+(.|\n)*parameter `v` of `jv`"):
        s2sad.grad(lambda v, x: special.jv(v, x), wrt=0)(1.5, 2.0)
    with pytest.raises(s2sad.S2sadError, match=r"line \d+(.|\n)*parameter `v` of `kv`"):
        s2sad.jvp(lambda v, x: special.kv(v, x), wrt=0)(1.5, 2.0, 1.0)


def test_two_d_signals_are_refused_located():
    with pytest.raises(s2sad.S2sadError, match=r"line \d+(.|\n)*two 1-d signals"):
        s2sad.grad(lambda a: np.sum(signal.convolve(a, a[:1])))(np.ones((2, 3)))


def compiled(x):
    return np.sum(special.entr(x) * x) + np.sum(special.rel_entr(x, x[::-1])) + np.sum(special.kl_div(x, x[::-1] * 2)) \
        + np.sum(special.huber(0.5, x - 0.3)) + np.sum(special.pseudo_huber(0.4, x) ** 2) + np.sum(special.softplus(x * 4)) \
        + np.sum(special.loggamma(x + 0.2) * x) + math.cbrt(x[0] - 0.3) + math.exp2(x[1]) + special.entr(x[2])


def compiled_few(x):
    return np.sum(special.rel_entr(x, x[::-1])) + np.sum(special.softplus(x * 4)) + math.cbrt(x[0] - 0.3)


@pytest.mark.parametrize("mode", ["grad", "jvp"])
def test_jit_versions(mode):
    if mode == "grad":
        check_grad(compiled, X, jit=True)
    else:       # the forward rules are NumPy's: a few of the overloads suffice (a second compile of all costs ~40 s)
        check_jvp(compiled_few, X, tangent=V, jit=True)


def test_compiled_values_are_scipys():
    from s2sad.backends.numba_helpers import numba_runtime  # noqa: F401  (installs the overloads)
    from numba import njit

    @njit
    def values(x, y):
        return (special.entr(x), special.rel_entr(x, y), special.kl_div(x, y), special.huber(x, y), special.pseudo_huber(x, y),
                special.softplus(y), special.loggamma(x))
    x = np.array([0.0, 0.0, 1.0, 1.0, -1.0, np.inf, np.nan, 2.5, 1e-200, 3.0, -0.0])
    y = np.array([0.0, -1.0, 0.0, np.inf, 1.0, 1.0, 1.0, -800.0, 1.0, 800.0, 0.7])
    expected = (special.entr(x), special.rel_entr(x, y), special.kl_div(x, y), special.huber(x, y), special.pseudo_huber(x, y),
                special.softplus(y), special.loggamma(x))
    for got, want in zip(values(x, y), expected):
        np.testing.assert_allclose(got, want, rtol=1e-13)
