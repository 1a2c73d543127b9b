"""scipy.special functions refused on the base (stop 59's survey), with rules now
(s2sad/rules/grads_special_ellip.py, tangents_special_ellip.py, runtime_special_ellip.py): the
complete elliptic integrals ellipk and ellipe, Hurwitz's zeta(x, q) in q, binom(n, k) in both.
Each against central differences in reverse and forward mode (ellipk/ellipe near m = 0, where the
closed forms cancel, and below 0), the slopes' limits at m = 0 and m = 1, zeta's exponent refused
when differentiated (Riemann's zeta(x) too), binom's slope in n at an integer k where the digamma
form has a pole, and jit=True refused at the user's line (numba has none of these functions)."""
import math

import numpy as np
import pytest
import scipy.special as sc

import s2sad
from s2sad.errors import S2sadError
from s2sad.testing import check_grad, check_hvp, check_jvp

M = np.array([-2.0, -0.3, 0.0004, 0.2, 0.55, 0.9])
Q = np.array([0.4, 1.0, 2.5, 7.0])
RNG = np.random.default_rng(59)


def elliptic(m):
    return np.sum(sc.ellipk(m) + sc.ellipe(m) ** 2 + sc.ellipk(0.5 * m) * m)


def hurwitz(q):
    return np.sum(sc.zeta(3.0, q) + sc.zeta(np.array([2.5, 1.7, 4.0, 6.0]), q) ** 2)


def binomials(n, k):
    return np.sum(sc.binom(n, k) + sc.binom(n, 2.0) ** 2 + sc.binom(n + 3.0, 0.5 * k))


def integer_k(n):       # SciPy's product form for an integer k, any n (negative too)
    return np.sum(sc.binom(n, 3.0) + sc.binom(n, 1.0) * sc.binom(n, 0.0) + sc.binom(n - 1.0, 5.0) ** 2)


N = np.array([4.3, 6.0, 2.2, 7.5])
K = np.array([1.5, 2.0, 0.7, 3.1])
CASES = [(elliptic, (M,)), (elliptic, (np.array([-1e-4, 1e-9, 2e-3]),)), (hurwitz, (Q,)), (binomials, (N, K)),
         (integer_k, (-N + 0.25,)), (integer_k, (N,))]


@pytest.mark.parametrize("f,args", CASES, ids=[f"{f.__name__}-{k}" for k, (f, _) in enumerate(CASES)])
def test_against_differences(f, args):
    wrt = tuple(range(len(args)))
    check_grad(f, *args, wrt=wrt)
    check_jvp(f, *args, wrt=wrt, tangent=tuple(RNG.uniform(-1, 1, np.shape(a)) for a in args))


def test_elliptic_slopes_at_the_ends():
    with np.errstate(all="raise"):
        gk = s2sad.grad(lambda m: np.sum(sc.ellipk(m)))(np.array([0.0, 1.0, 1.5]))
        ge = s2sad.grad(lambda m: np.sum(sc.ellipe(m)))(np.array([0.0, 1.0, 1.5]))
    assert gk[0] == pytest.approx(math.pi / 8, rel=1e-15) and gk[1] == np.inf and np.isnan(gk[2])
    assert ge[0] == pytest.approx(-math.pi / 8, rel=1e-15) and ge[1] == -np.inf and np.isnan(ge[2])


def test_elliptic_slopes_continuous_across_the_series():
    # the series (|m| < 1e-3) and the closed form agree where they meet
    slope = s2sad.grad(lambda m: np.sum(sc.ellipk(m) + 3.0 * sc.ellipe(m)))
    below, above = slope(np.array([0.999e-3, -0.999e-3])), slope(np.array([1.001e-3, -1.001e-3]))
    np.testing.assert_allclose(below, above, rtol=1e-5)


def test_binom_slope_in_n_where_the_digamma_form_has_a_pole():
    # binom(n, 3) = n (n - 1) (n - 2) / 6 is 0 at n = 2, its slope (3 n**2 - 6 n + 2) / 6 = 1/3 there;
    # psi(n - k + 1) has a pole at n = 2, k = 3
    g = s2sad.grad(lambda n: np.sum(sc.binom(n, 3.0)))(np.array([2.0, 1.0, 0.0, -1.0]))
    n = np.array([2.0, 1.0, 0.0, -1.0])
    np.testing.assert_allclose(g, (3 * n ** 2 - 6 * n + 2) / 6, rtol=1e-14)


def riemann(x):
    return np.sum(sc.zeta(x))


def hurwitz_exponent(x, q):
    return np.sum(sc.zeta(x, q))


def test_zeta_exponent_refused():
    with pytest.raises(S2sadError, match="riemann"):
        s2sad.grad(riemann)(np.array([2.0, 3.0]))
    with pytest.raises(S2sadError, match="hurwitz_exponent"):
        s2sad.grad(hurwitz_exponent, wrt=(0, 1))(3.0, Q)
    check_grad(hurwitz_exponent, 3.0, Q, wrt=1)


def test_zeta_hvp():
    check_hvp(hurwitz, Q, v=RNG.uniform(-1, 1, 4))


@pytest.mark.parametrize("f,args", [(elliptic, (M,)), (hurwitz, (Q,))])
def test_jit_refused_at_the_line(f, args):
    with pytest.raises(S2sadError, match=f.__name__):
        s2sad.grad(f, jit=True)(*args)
