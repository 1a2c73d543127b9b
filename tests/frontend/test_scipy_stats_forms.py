"""scipy.stats's gamma, expon, beta, laplace, logistic (logpdf, pdf) and poisson, binom (logpmf, pmf)
written as closed forms (s2sad/frontend/scipy_stats_forms.py), and distributions frozen in the call:
SciPy's values over a grid (-inf outside the support, NaN for bad parameters), derivatives against
finite differences and autograd, reverse and forward, jit=False and jit=True."""
import warnings

import numpy as np
import pytest

pytest.importorskip("scipy.stats")
from scipy import stats  # noqa: E402

import s2sad  # noqa: E402
from s2sad.errors import S2sadError  # noqa: E402
from s2sad.testing import check_against_autograd, check_grad, check_jvp  # noqa: E402


def grid(*axes):
    return [a.ravel() for a in np.meshgrid(*[np.asarray(a, dtype=float) for a in axes], indexing="ij")]


X = [-1.0, 0.0, 1e-3, 0.3, 1.0, 2.5, np.nan]
SHAPE = [-1.0, 0.0, 0.5, 1.0, 2.5]
LOC, SCALE = [0.0, 0.2], [-1.0, 0.0, 0.7, 1.0]
K = [-1.0, 0.0, 0.5, 1.0, 3.0, 7.0, np.nan]
FORMS = {
    "expon": (lambda x, loc, scale: (stats.expon.logpdf(x, loc, scale), stats.expon.pdf(x, loc=loc, scale=scale)),
              grid(X, LOC, SCALE)),
    "gamma": (lambda x, a, loc, scale: (stats.gamma.logpdf(x, a, loc, scale), stats.gamma.pdf(x, a, loc, scale=scale)),
              grid(X, SHAPE, LOC, SCALE)),
    "beta": (lambda x, a, b, scale: (stats.beta.logpdf(x, a, b, scale=scale), stats.beta.pdf(x, a, b, 0.0, scale)),
             grid(X, SHAPE, SHAPE, SCALE)),
    "laplace": (lambda x, loc, scale: (stats.laplace.logpdf(x, loc, scale), stats.laplace.pdf(x, loc, scale)),
                grid(X + [40.0], LOC, SCALE)),
    "logistic": (lambda x, loc, scale: (stats.logistic.logpdf(x, loc, scale), stats.logistic.pdf(x, scale=scale)),
                 grid(X + [-800.0, 40.0], LOC, SCALE)),
    "poisson": (lambda k, mu, loc: (stats.poisson.logpmf(k, mu, loc), stats.poisson.pmf(k, mu=mu)),
                grid(K, [-1.0, 0.0, 1e-3, 2.5], [0.0, 1.0])),
    "binom": (lambda k, n, p: (stats.binom.logpmf(k, n, p), stats.binom.pmf(k, n=n, p=p)),
              grid(K, [-1.0, 0.0, 2.5, 3.0, 7.0], [-0.1, 0.0, 0.3, 1.0, 1.5])),
}


def _values(f, args, quiet):
    wrt = 2 if f is FORMS["binom"][0] else 1    # (binom's n is a whole number: refused when differentiated)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore" if not quiet else "error")
        value, _ = s2sad.jvp(f, wrt=wrt)(*args, np.ones_like(args[wrt]))
    return value


@pytest.mark.parametrize("name", sorted(FORMS))
def test_values_are_scipys(name):
    f, args = FORMS[name]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = f(*args)
    value = _values(f, args, quiet=False)
    for v, e in zip(value, expected):
        np.testing.assert_allclose(v, e, rtol=1e-9, atol=1e-300)


@pytest.mark.parametrize("name", ["expon", "gamma", "beta", "poisson", "binom"])
def test_no_warning_off_the_edges(name):
    """Outside the support and at bad parameters the forms warn of nothing (at the edges of the
    support the derivatives are infinite and may warn)."""
    f, args = FORMS[name]
    away = np.all([np.isin(a, (0.0, 1.0), invert=True) for a in args], axis=0)
    args = [a[away] for a in args]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = f(*args)
    value = _values(f, args, quiet=True)
    np.testing.assert_allclose(value[0], expected[0], rtol=1e-9)


def densities(x, u, a, b, loc, scale, mu, p):
    k = np.array([0.0, 1.0, 3.0])
    d = stats.beta(a, b=b + 0.0 * loc, scale=1.0)
    on_x = stats.gamma.logpdf(x, a, loc, scale) + stats.expon.logpdf(x, loc, scale=scale) \
        + stats.laplace.logpdf(x, loc, scale) + stats.logistic.pdf(x, loc, scale) + stats.gamma.pdf(x, a=a)
    on_u = stats.beta.logpdf(u, a, b) + stats.beta.pdf(u, a, b, loc=0.0, scale=1.0) + d.logpdf(u) + 0.5 * d.pdf(u)
    on_k = stats.poisson.logpmf(k, mu) + stats.binom.logpmf(k, 4, p) + stats.poisson.pmf(k, mu, loc=0) \
        + stats.binom.pmf(k, n=5, p=p)
    frozen = stats.gamma(a, loc, scale).logpdf(x) + stats.norm(loc, scale=scale).cdf(x) + stats.t(a, loc).logpdf(x)
    return np.sum(on_x) + np.sum(on_u) + np.sum(on_k) + np.sum(frozen)


ARGS = (np.array([0.5, 1.2, 2.0]), np.array([0.2, 0.6]), 1.7, 2.3, 0.1, 1.4, 2.2, 0.35)


@pytest.mark.parametrize("jit", [False, True])
@pytest.mark.parametrize("mode", ["grad", "jvp"])
def test_derivatives(mode, jit):
    """One mode a case: the jit jvp case is in the jit tier (tests/jit_tier.py, WHY51)."""
    wrt = (0, 1, 2, 3, 4, 5, 6, 7)
    if mode == "grad":
        check_grad(densities, *ARGS, wrt=wrt, jit=jit)
    else:
        check_jvp(densities, *ARGS, wrt=wrt, tangent=(np.array([0.1, 0.2, -0.3]), np.array([0.3, -0.1]),
                                                       0.5, -0.2, 0.3, 0.1, -0.4, 0.2), jit=jit)


def test_against_autograd():
    k = np.array([0.0, 1.0, 3.0])

    def mine(x, u, a, b, mu):
        return np.sum(stats.gamma.logpdf(x, a)) + np.sum(stats.beta.logpdf(u, a, b)) \
            + np.sum(stats.poisson.logpmf(k, mu))

    def reference(x, u, a, b, mu):
        from autograd.scipy.stats import beta, gamma, poisson
        return gamma.logpdf(x, a).sum() + beta.logpdf(u, a, b).sum() + poisson.logpmf(k, mu).sum()
    args, wrt = ARGS[:4] + (ARGS[6],), (0, 1, 2, 3, 4)
    check_against_autograd(reference, *args, wrt=wrt, analytic=s2sad.grad(mine, wrt=wrt)(*args))


def test_numbers_give_numbers():
    value, _ = s2sad.jvp(lambda mu: stats.poisson.logpmf(3, mu) + stats.gamma(2.0).logpdf(mu))(2.5, 1.0)
    assert np.ndim(value) == 0
    assert value == pytest.approx(stats.poisson.logpmf(3, 2.5) + stats.gamma.logpdf(2.5, 2.0), rel=1e-14)


def test_a_frozen_distribution_s_other_methods_are_refused_as_scipys():
    with pytest.raises(S2sadError, match="of a frozen SciPy distribution"):
        s2sad.grad(lambda mu: np.sum(stats.norm(mu, 1.0).rvs(size=3)))(0.2)


def test_a_frozen_local_whose_arguments_change_is_refused_as_scipys():
    def changed(x, mu):
        d = stats.norm(mu, 2.0)
        mu = mu + 1.0
        return np.sum(d.logpdf(x)) + mu
    with pytest.raises(S2sadError, match="SciPy distribution `d` frozen in the function"):
        s2sad.grad(changed)(np.array([0.1, 0.2]), 0.3)


TAIL = np.array([0.0, 1.0, -3.5, 700.0, 707.0, 708.0, 720.0, 744.0, 745.0, 745.1, 746.0, 800.0, 1e4, -745.2, -746.0,
                 np.inf, -np.inf, np.nan])


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
def test_laplace_far_tail_is_scipys(jit):
    """SciPy's laplace.logpdf is the log of its pdf: rounded where the pdf is subnormal (|z| > 707),
    -inf where it underflows (|z| > 745.1). The form gives SciPy's value there, bit for bit, without a
    warning; its slope is the exact -sign(z) / scale where the value is finite, 0 where it is -inf.
    (Before: the finite log(1/2) - |z| everywhere, -744.69 where SciPy gives -744.44, not -inf.)"""
    for scale in (0.5, 1.0, 2.0):
        x = TAIL * scale
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            value, slope = s2sad.jvp(lambda x: stats.laplace.logpdf(x, 0.0, scale), jit=jit)(x, np.ones_like(x))
        with np.errstate(all="ignore"):
            expected = stats.laplace.logpdf(x, 0.0, scale)
        np.testing.assert_array_equal(value, expected)
        finite = np.isfinite(expected)
        np.testing.assert_array_equal(slope[finite], -np.sign(TAIL[finite]) / scale)
        assert np.all(slope[np.isneginf(expected)] == 0.0) and np.isnan(slope[-1])
    check_grad(lambda x: np.sum(stats.laplace.logpdf(x, 0.3, 2.0)), np.array([1.0, -2.0, 30.0]), jit=jit)


def test_a_scipy_method_without_a_form_is_refused_as_scipys():
    with pytest.raises(S2sadError, match="SciPy's method `cauchy_gen.ppf`") as info:     # (norm.ppf has a form since stop 58)
        s2sad.grad(lambda mu: stats.cauchy(mu, 1.0).ppf(0.3))(0.2)
    assert "your own" not in str(info.value) and "stats.cauchy.ppf" in str(info.value)
