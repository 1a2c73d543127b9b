"""SciPy calls refused on the base (stop 58's survey), now written as the closed forms s2sad
differentiates: distribution functions and quantiles (frontend/scipy_stats_cdfs.py; t's and beta's through the
rules of stdtr and betainc), the log densities of
cauchy, chi2, lognorm and uniform (frontend/scipy_stats_forms.py), and scipy.linalg's inv, det, norm,
svdvals, eigvalsh, eigh(eigvals_only=True) as NumPy's (frontend/scipy_linalg_aliases.py, with
np.asarray_chkfinite's identity rule for SciPy's check_finite). Each against central differences in
reverse and forward mode, its value against SciPy's (NaN, inf, a bad scale or shape, outside the
support), and under jit where numba has the pieces."""
import warnings

import numpy as np
import pytest
import scipy.linalg
import scipy.special
import scipy.stats

import s2sad
from s2sad.errors import S2sadError
from s2sad.testing import check_grad, check_jvp

X = np.array([-1.3, -0.2, 0.4, 1.1, 2.5])
Q = np.array([0.05, 0.3, 0.5, 0.8, 0.97])
POS = np.array([0.3, 0.7, 1.45, 2.5, 4.0])
RNG = np.random.default_rng(58)
_A = RNG.uniform(-1, 1, (3, 3))
SPD = _A @ _A.T + 2 * np.eye(3)


def cdf_logistic(x, loc, scale):
    return np.sum(scipy.stats.logistic.cdf(x, loc, scale) + scipy.stats.logistic.logsf(x, loc=loc, scale=scale))


def cdf_cauchy(x, loc, scale):
    return np.sum(scipy.stats.cauchy.cdf(x, loc, scale) * scipy.stats.cauchy.logsf(x, loc, scale))


def cdf_laplace(x, loc, scale):
    return np.sum(scipy.stats.laplace.cdf(x, loc, scale) + scipy.stats.laplace.sf(x, loc, scale) ** 2)


def cdf_expon(x, loc, scale):
    return np.sum(scipy.stats.expon.cdf(x, loc, scale) + scipy.stats.expon.sf(x, loc, scale) ** 2
                  + scipy.stats.expon.logsf(x, loc, scale))


def cdf_gamma_chi2(x, loc, scale):
    return np.sum(scipy.stats.gamma.cdf(x, 2.5, loc, scale) + scipy.stats.chi2.sf(x, 3.0, loc, scale) ** 2)


def cdf_uniform(x, loc, scale):
    return np.sum(scipy.stats.uniform.cdf(x, loc, scale) ** 2 + scipy.stats.uniform.sf(x, loc, scale))


def cdf_logs(x, loc, scale):
    return np.sum(scipy.stats.logistic.logcdf(x, loc, scale) + scipy.stats.cauchy.logcdf(x, loc, scale)
                  + scipy.stats.gamma.sf(x, 1.5, loc, scale) + scipy.stats.chi2.cdf(x, 4.0, loc, scale))


def cdf_t_beta(x, loc, scale):
    return np.sum(scipy.stats.t.cdf(x, 3.0, loc, scale) + scipy.stats.t.sf(x, 7.5, loc=loc, scale=scale) ** 2
                  + scipy.stats.t.cdf(x, np.inf, loc, scale) + scipy.stats.beta.cdf(x, 2.0, 3.5, loc, 4.0)
                  + scipy.stats.beta.sf(x, 0.7, 1.5, -1.5, scale) ** 2)


def quantiles(q, loc, scale):
    return np.sum(scipy.stats.norm.ppf(q, loc, scale) + scipy.stats.logistic.isf(q, loc, scale)
                  + scipy.stats.uniform.ppf(q, loc, scale) ** 2 + scipy.stats.norm.isf(q, loc=loc, scale=scale) ** 2)


def quantiles2(q, loc, scale):
    return np.sum(scipy.stats.logistic.ppf(q, loc, scale) ** 2 + scipy.stats.uniform.isf(q, loc, scale) ** 2)


def logpdf_cauchy(x, loc, scale):
    return np.sum(scipy.stats.cauchy.logpdf(x, loc, scale) + scipy.stats.cauchy.pdf(x, loc=loc, scale=scale))


def logpdf_chi2(x, df, scale):
    return np.sum(scipy.stats.chi2.logpdf(x, df, 0.1, scale) + scipy.stats.chi2.pdf(x, df, scale=scale))


def logpdf_lognorm(x, s, scale):
    return np.sum(scipy.stats.lognorm.logpdf(x, s, 0.05, scale) + scipy.stats.lognorm.pdf(x, s, scale=scale))


def logpdf_uniform(x, loc, scale):
    return np.sum(scipy.stats.uniform.logpdf(x, loc, scale) + x * scipy.stats.uniform.pdf(x, loc, scale))


CDFS = [(cdf_logistic, X), (cdf_cauchy, X), (cdf_laplace, X), (cdf_expon, X), (cdf_gamma_chi2, X),
        (cdf_uniform, np.array([-0.3, 0.2, 0.6, 1.5, 2.9])), (cdf_logs, X), (cdf_t_beta, X), (quantiles, Q), (quantiles2, Q)]
LOGPDFS = [(logpdf_cauchy, 0.2, 1.5), (logpdf_cauchy, -3.0, 0.4), (logpdf_chi2, 3.0, 1.2), (logpdf_chi2, 1.5, 0.8),
           (logpdf_lognorm, 0.6, 1.3), (logpdf_lognorm, 1.2, 2.0), (logpdf_uniform, 0.1, 5.0), (logpdf_uniform, -1.0, 6.0)]


def _same_value(f, *args):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got, want = s2sad.value_and_grad(f, wrt=0)(*args)[0], f(*args)
    np.testing.assert_allclose(got, want, rtol=1e-12, equal_nan=True)


@pytest.mark.parametrize("f,x", CDFS, ids=[f.__name__ for f, _ in CDFS])
def test_distribution_functions(f, x):
    for loc, scale in [(0.1, 1.3), (-0.4, 0.7)]:
        check_grad(f, x, loc, scale, wrt=(0, 1, 2))
        check_jvp(f, x, loc, scale, wrt=(0, 1, 2), tangent=(RNG.uniform(-1, 1, 5), 0.3, -0.2))
    odd = np.array([np.nan, 0.2, -np.inf, np.inf, 0.0])
    for args in [(x, 0.1, 1.3), (x, 0.0, -1.0), (odd, 0.0, 1.0), (np.array([-0.1, 1.2, 0.0, 1.0, 0.5]), 0.0, 2.0)]:
        _same_value(f, *args)


@pytest.mark.parametrize("f,a,b", LOGPDFS, ids=[f"{f.__name__}-{a}" for f, a, _ in LOGPDFS])
def test_log_densities(f, a, b):
    check_grad(f, POS, a, b, wrt=(0, 1, 2))
    check_jvp(f, POS, a, b, wrt=(0, 1, 2), tangent=(RNG.uniform(-1, 1, 5), 0.3, -0.2))
    for u, v in [(0.0, 1.0), (1.0, -1.0), (-1.0, 0.0), (np.nan, 1.0), (0.5, 2.0)]:
        for x in [np.nan, -np.inf, np.inf, 0.0, 1.0, -2.0, 1e200, -1e200, 0.5, 3.0]:
            _same_value(f, np.array([x]), u, v)


def linalg_inv_det(a):
    return np.sum(scipy.linalg.inv(a) ** 2) + scipy.linalg.det(a)


def linalg_norms(a):
    return (scipy.linalg.norm(a) + np.sum(scipy.linalg.norm(a, axis=1)) + np.sum(scipy.linalg.norm(a, 1, 0, True))
            + np.sum(scipy.linalg.svdvals(a)))


def linalg_eigvals(a):
    return np.sum(scipy.linalg.eigh(a, eigvals_only=True) ** 2) + np.sum(scipy.linalg.eigvalsh(a, lower=False) * np.arange(3))


def linalg_unchecked(a):
    return np.sum(scipy.linalg.inv(a, check_finite=False)) + scipy.linalg.det(a, False, False)


@pytest.mark.parametrize("f,a", [(linalg_inv_det, SPD), (linalg_norms, RNG.uniform(-1, 1, (3, 4))), (linalg_eigvals, SPD),
                                 (linalg_eigvals, _A), (linalg_unchecked, _A)])
def test_scipy_linalg_as_numpy(f, a):
    check_grad(f, a)
    check_jvp(f, a, tangent=RNG.uniform(-1, 1, a.shape))
    _same_value(f, a)


@pytest.mark.parametrize("f", [linalg_inv_det, linalg_norms, linalg_eigvals])
def test_check_finite_kept(f):
    bad = SPD.copy()
    bad[0, 1] = np.nan
    with pytest.raises(ValueError, match="infs or NaNs"):
        s2sad.grad(f)(bad)


def eigh_vectors(a):
    return np.sum(np.abs(scipy.linalg.eigh(a)[1]))


def eigh_general(a):
    return np.sum(scipy.linalg.eigh(a, np.eye(3), eigvals_only=True))


def inv_overwrite(a):
    return np.sum(scipy.linalg.inv(a, overwrite_a=True))


def gamma_cdf_shape(x, a):
    return np.sum(scipy.stats.gamma.cdf(x, a))


def beta_cdf_shape(x, a):
    return np.sum(scipy.stats.beta.cdf(x, a, 2.0))


def cauchy_ppf(q):
    return np.sum(scipy.stats.cauchy.ppf(q))


@pytest.mark.parametrize("f,args", [(eigh_vectors, (SPD,)), (eigh_general, (SPD,)), (inv_overwrite, (SPD,)),
                                    (gamma_cdf_shape, (POS, 2.0)), (beta_cdf_shape, (Q, 2.0)),
                                    (cauchy_ppf, (Q,))])
def test_still_refused_at_the_line(f, args):
    """Forms the rewrites leave out keep a located refusal (SciPy's eigenvector signs, a generalized
    problem, a write into the caller's array, gamma's shape, a quantile whose ends differ)."""
    with pytest.raises(S2sadError, match=f.__name__):
        s2sad.grad(f, wrt=tuple(range(len(args))))(*args)


def frozen_ppf(mu, scale):
    return scipy.stats.norm(mu, scale).ppf(0.3) + scipy.stats.logistic(mu, scale=scale).cdf(0.2)


def test_frozen_distributions():
    check_grad(frozen_ppf, 0.2, 1.7, wrt=(0, 1))
    check_jvp(frozen_ppf, 0.2, 1.7, wrt=(0, 1), tangent=(0.4, -0.3))


def jit_cdfs(x, loc, scale):
    return np.sum(scipy.stats.logistic.cdf(x, loc, scale) + scipy.stats.cauchy.sf(x, loc, scale)
                  + scipy.stats.laplace.cdf(x, loc, scale) + scipy.stats.expon.sf(x, loc, scale)
                  + scipy.stats.norm.ppf(0.3, loc, scale) + scipy.stats.cauchy.logpdf(x, loc, scale))


def test_under_jit():
    check_grad(jit_cdfs, POS, 0.1, 1.3, wrt=(0, 1, 2), jit=True)


def rank_weighted(a):
    return np.sum(np.linalg.matrix_rank(a) * a ** 2)


def test_matrix_rank_is_an_integer():
    """np.linalg.matrix_rank (refused on the base) counts: piecewise constant, listed non-differentiable."""
    check_grad(rank_weighted, SPD)
    check_jvp(rank_weighted, SPD, tangent=RNG.uniform(-1, 1, (3, 3)))


def ag_cdfs(x):
    return np.sum(scipy.stats.t.cdf(x, 3.0) + scipy.stats.gamma.cdf(x + 2.0, 2.5) + scipy.stats.chi2.cdf(x + 2.0, 3.0)
                  + scipy.stats.beta.cdf(x / 5.0 + 0.5, 2.0, 3.0))


def ag_cdfs_reference(x):
    import autograd.numpy as anp
    import autograd.scipy.stats as ast
    return anp.sum(ast.t.cdf(x, 3.0) + ast.gamma.cdf(x + 2.0, 2.5) + ast.chi2.cdf(x + 2.0, 3.0) + ast.beta.cdf(x / 5.0 + 0.5, 2.0, 3.0))


def test_against_autograd():
    check_grad(ag_cdfs, X, reference=ag_cdfs_reference)


def hvp_forms(x):
    return np.sum(scipy.stats.logistic.cdf(x, 0.2, 1.3) + scipy.stats.cauchy.logpdf(x, 0.1, 2.0) + scipy.stats.laplace.sf(x, 1.0, 0.5)
                  + scipy.stats.chi2.logpdf(x, 3.0) + scipy.stats.lognorm.logpdf(x, 0.6) + scipy.stats.norm.ppf(x / 5.0))


def hvp_linalg(a):
    return np.sum(scipy.linalg.inv(a)) + scipy.linalg.det(a) + scipy.linalg.norm(a) + np.sum(scipy.linalg.eigvalsh(a) ** 2)


def test_second_order():
    from s2sad.testing import check_hvp
    check_hvp(hvp_forms, POS, v=RNG.uniform(-1, 1, 5))
    check_hvp(hvp_linalg, SPD, v=RNG.uniform(-1, 1, (3, 3)))
