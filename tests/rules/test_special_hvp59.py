"""Second order through scipy.special's exp1, expn, multigammaln, boxcox, boxcox1p, stdtr, betainc and
betaincc (refused on the base: their reverse rules' slope helpers had no forward rule; now
tangents_special_gamma.py gives each one, with the second derivatives in runtime_special_gamma.py),
and gammainc's density slope at x = 0 (NaN on the base: 0 * inf). Each hvp against central differences
of s2sad's own gradient, against autograd where it has the function, and against the closed forms at
the special points: boxcox at lmbda = 0 (its series), exp1 near 0, betainc at x = 0 and 1, integer
orders of expn, gammainc at x = 0 (one-sided: the function is defined on x >= 0)."""
import math

import numpy as np
import pytest
import scipy.special as sc

import s2sad
from s2sad.errors import S2sadError
from s2sad.testing import check_hvp

RNG = np.random.default_rng(59)
X = np.array([0.3, 1.1, 2.0, 3.5])
L = np.array([0.0, 1e-3, 0.4, -0.7])
N = np.array([0, 1, 2, 3])


def exponentials(x):
    return np.sum(sc.exp1(x) * x + sc.expn(N, x) ** 2 + sc.expn(2, 0.5 * x))


def boxcoxes(x, lmbda):
    return np.sum(sc.boxcox(x, lmbda) ** 2 + sc.boxcox1p(x, lmbda) + sc.boxcox(x + 1.0, 0.3) * lmbda)


def cdfs(x):
    return np.sum(sc.stdtr(3.0, x - 1.5) ** 2 + sc.stdtr(np.inf, x) + sc.betainc(2.0, 3.0, x / 4.0)
                  + sc.betaincc(0.7, 1.0, x / 4.0) * x)


def multi(a):
    return np.sum(sc.multigammaln(a + 3.0, 3) ** 2)


CASES = [(exponentials, (X,)), (exponentials, (np.array([0.05, 0.2, 3.0, 9.0]),)), (boxcoxes, (X, L)),
         (boxcoxes, (np.array([0.05, 7.0, 1.0, 40.0]), np.array([1e-9, 0.0, 2.0, -1e-4]))), (cdfs, (X,)),
         (multi, (X,))]


@pytest.mark.parametrize("f,args", CASES, ids=[f"{f.__name__}-{k}" for k, (f, _) in enumerate(CASES)])
def test_hvp_against_differences_of_the_gradient(f, args):
    wrt = tuple(range(len(args)))
    v = tuple(RNG.uniform(-1, 1, np.shape(a)) for a in args)
    check_hvp(f, *args, v=v if len(args) > 1 else v[0], wrt=wrt if len(args) > 1 else 0, rtol=1e-4)


def autograd_cdfs(x):
    import autograd.numpy as anp
    import autograd.scipy.special as asc
    import autograd.scipy.stats as ast
    return anp.sum(asc.betainc(2.0, 3.0, x / 4.0) ** 2 + asc.multigammaln(x + 3.0, 2) * x + asc.gammainc(2.5, x)
                   + ast.t.cdf(x - 1.5, 3.0) ** 2)


def cdfs_for_autograd(x):
    return np.sum(sc.betainc(2.0, 3.0, x / 4.0) ** 2 + sc.multigammaln(x + 3.0, 2) * x + sc.gammainc(2.5, x)
                  + sc.stdtr(3.0, x - 1.5) ** 2)


def test_hvp_against_autograd():
    check_hvp(cdfs_for_autograd, X, v=RNG.uniform(-1, 1, 4), reference=autograd_cdfs, rtol=1e-4)


def _hessian_diagonal(f, x):
    return s2sad.hvp(f)(x, np.ones_like(x))


def exp1_sum(x):
    return np.sum(sc.exp1(x))


def expn_sum(x):
    return np.sum(sc.expn(N, x))


def test_exp1_and_expn_second_derivatives_closed_form():
    x = np.array([1e-8, 1e-3, 0.5, 5.0])
    want = np.exp(-x) * (1.0 + x) / x ** 2
    np.testing.assert_allclose(_hessian_diagonal(exp1_sum, x), want, rtol=1e-13)
    x4 = np.array([1e-3, 0.7, 2.0, 9.0])
    want_n = [np.exp(-x4[0]) * (1 / x4[0] + 2 / x4[0] ** 2 + 2 / x4[0] ** 3),
              np.exp(-x4[1]) * (1 + x4[1]) / x4[1] ** 2, sc.expn(0, x4[2]), sc.expn(1, x4[3])]
    np.testing.assert_allclose(_hessian_diagonal(expn_sum, x4), want_n, rtol=1e-13)
    edge = _hessian_diagonal(exp1_sum, np.array([0.0, np.inf, -1.0]))
    assert edge[0] == np.inf and edge[1] == 0.0 and np.isnan(edge[2])


def boxcox_sum(x, lmbda):
    return np.sum(sc.boxcox(x, lmbda))


@pytest.mark.parametrize("lmbda", [0.0, 1e-12, 1e-6])
def test_boxcox_hessian_at_lmbda_zero(lmbda):
    x = np.array([0.2, 1.5, 6.0])
    lam = np.full(3, lmbda)
    zero, ones = np.zeros(3), np.ones(3)
    hxx, hlx = s2sad.hvp(boxcox_sum, wrt=(0, 1))(x, lam, (ones, zero))
    hxl, hll = s2sad.hvp(boxcox_sum, wrt=(0, 1))(x, lam, (zero, ones))
    log_x = np.log(x)
    np.testing.assert_allclose(hxx, -1.0 / x ** 2, rtol=1e-5)      # d2/dx2 x**l / l = (l - 1) x**(l - 2)
    np.testing.assert_allclose(hlx, log_x / x, rtol=1e-5)
    np.testing.assert_allclose(hxl, log_x / x, rtol=1e-5)
    np.testing.assert_allclose(hll, log_x ** 3 / 3.0, rtol=1e-5)
    if lmbda == 0.0:
        np.testing.assert_allclose(hll, log_x ** 3 / 3.0, rtol=1e-14)


def test_boxcox_slopes_at_x_zero_one_sided():
    """boxcox(x, 1) = x - 1 has slope 1 at x = 0 (0 * -inf was NaN); boxcox(0, l) = -1/l for l > 0 has
    slope 1/l**2 in l (x**l log x was 0 * -inf) and second slope -2/l**3; boxcox(x, 2)'' = 1 there."""
    g = s2sad.grad(boxcox_sum, wrt=(0, 1))(np.zeros(2), np.array([1.0, 2.0]))
    np.testing.assert_allclose(g[0], [1.0, 0.0], rtol=1e-15)
    np.testing.assert_allclose(g[1], [1.0, 0.25], rtol=1e-15)
    hxx = s2sad.hvp(boxcox_sum, wrt=0)(np.zeros(2), np.array([1.0, 2.0]), np.ones(2))     # (the mixed slope is
    hll = s2sad.hvp(boxcox_sum, wrt=1)(np.zeros(2), np.array([1.0, 2.0]), np.ones(2))     # -inf there for l = 1)
    np.testing.assert_allclose(hxx, [0.0, 1.0], rtol=1e-15)
    np.testing.assert_allclose(hll, [-2.0, -0.25], rtol=1e-15)


def betainc_ends(x):
    return np.sum(sc.betainc(np.array([2.0, 1.0, 3.0, 1.5]), np.array([3.0, 2.0, 2.0, 1.0]), x))


def betaincc_ends(x):
    return np.sum(sc.betaincc(np.array([2.0, 1.0, 3.0, 1.5]), np.array([3.0, 2.0, 2.0, 1.0]), x))


def test_betainc_second_derivative_at_zero_and_one():
    """The density's one-sided slopes: 12 x (1-x)**2 -> 12 at 0; 2 (1-x) -> -2; 12 x**2 (1-x) -> -12 at 1;
    1.5 sqrt(x) -> inf at 0 (no 0 * inf NaN)."""
    ones = np.ones(4)
    np.testing.assert_allclose(s2sad.hvp(betainc_ends)(np.array([0.0, 0.0, 1.0, 0.25]), ones),
                               [12.0, -2.0, -12.0, 0.75 / 0.5], rtol=1e-13)
    at_zero = s2sad.hvp(betainc_ends)(np.array([0.0, 1.0, 0.0, 0.0]), ones)
    np.testing.assert_allclose(at_zero[:3], [12.0, -2.0, 0.0], rtol=1e-13)
    assert at_zero[3] == np.inf
    np.testing.assert_allclose(s2sad.hvp(betaincc_ends)(np.array([0.0, 0.0, 1.0, 0.25]), ones),
                               [-12.0, 2.0, 12.0, -1.5], rtol=1e-13)
    assert np.isnan(s2sad.hvp(betainc_ends)(np.array([-0.1, 0.5, 0.5, 1.2]), ones)[[0, 3]]).all()


def stdtr_sum(x):
    return np.sum(sc.stdtr(np.array([1.0, 4.0, np.inf, 2.0]), x))


def test_stdtr_second_derivative_closed_form():
    x = np.array([0.7, -2.0, 1.3, np.inf])
    got = s2sad.hvp(stdtr_sum)(x, np.ones(4))
    cauchy = -2.0 * x[0] / (math.pi * (1 + x[0] ** 2) ** 2)
    t4 = sc.gamma(2.5) / (sc.gamma(2.0) * math.sqrt(4 * math.pi)) * (1 + x[1] ** 2 / 4) ** -2.5 * (-5 * x[1] / (4 + x[1] ** 2))
    normal = -x[2] * math.exp(-x[2] ** 2 / 2) / math.sqrt(2 * math.pi)
    np.testing.assert_allclose(got, [cauchy, t4, normal, 0.0], rtol=1e-12)


def gammainc_two(x):
    return sc.gammainc(2.0, x)


def gammaincs(x):
    return np.sum(sc.gammainc(np.array([1.0, 2.0, 3.0, 2.0]), x) + sc.gammaincc(np.array([1.0, 1.0, 1.0, 2.0]), x) * 0.5)


def test_gammainc_second_derivative_at_zero():
    """d2/dx2 gammainc(2, x) = (1 - x) exp(-x): 1 at x = 0 (the density's slope was 0 * inf = NaN);
    gammainc(1, x)'' = -exp(-x): -1; gammainc(3, x)'' = x (2 - x) exp(-x) / 2: 0; gammaincc: the negatives."""
    assert s2sad.hvp(gammainc_two)(0.0, 1.0) == 1.0
    got = s2sad.hvp(gammaincs)(np.zeros(4), np.ones(4))
    np.testing.assert_allclose(got, [-1.0 + 0.5, 1.0 + 0.5, 0.0 + 0.5, 1.0 - 0.5], rtol=1e-15)


def shape_betainc(a):
    return np.sum(sc.betainc(a, 2.0, 0.3))


def test_jit_refused_at_the_line_in_second_order():
    with pytest.raises(S2sadError, match="exp1"):
        s2sad.hvp(exp1_sum, jit=True)(X, np.ones(4))


def test_shape_parameters_stay_refused_in_second_order():
    with pytest.raises(S2sadError, match="shape parameter"):
        s2sad.hvp(shape_betainc)(np.array([1.5, 2.0]), np.ones(2))
