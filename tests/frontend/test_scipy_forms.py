"""scipy.stats.norm's logpdf, pdf, cdf, logcdf, sf and logsf written as closed forms
(s2sad/frontend/scipy_forms.py): SciPy's values (NaN where scale <= 0), derivatives in x, loc and
scale against finite differences and autograd, reverse and forward, jit=False and jit=True."""
import warnings

import numpy as np
import pytest

scipy_stats = pytest.importorskip("scipy.stats")
from scipy import stats  # noqa: E402

import s2sad  # noqa: E402
from s2sad.testing import check_against_autograd, check_grad, check_jvp  # noqa: E402

FORMS = ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")


def every_form(x, loc, scale):
    return np.stack((stats.norm.logpdf(x, loc, scale), stats.norm.pdf(x, loc=loc, scale=scale),
                     stats.norm.cdf(x, loc, scale=scale), stats.norm.logcdf(x, loc, scale),
                     stats.norm.sf(x, loc, scale), scipy_stats.norm.logsf(x, loc, scale)))


def total(x, loc, scale):
    forms = every_form(x, loc, scale)
    return np.sum(forms[0] + 2.0 * forms[1] + 3.0 * forms[2] + 0.5 * forms[3] - forms[4] + 0.25 * forms[5]) \
        + np.sum(stats.norm.logpdf(x) + stats.norm.cdf(x, loc) + stats.norm.logcdf(x, scale=2.0))


X = np.array([-40.0, -3.0, 0.0, 0.3, 5.0, 12.0])


@pytest.mark.parametrize("scale", [1.7, 1e-3, 0.0, -1.0])
def test_values_are_scipys(scale):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")     # SciPy's own divide by zero at scale 0
        expected = np.stack([getattr(stats.norm, n)(X, 0.4, scale) for n in FORMS])
    with warnings.catch_warnings():
        warnings.simplefilter("error")      # the closed forms warn of nothing
        value, _ = s2sad.jvp(every_form, wrt=0)(X, 0.4, scale, np.ones_like(X))
    np.testing.assert_allclose(value, expected, rtol=1e-12, atol=1e-300)


def test_numbers_give_numbers():
    value, _ = s2sad.jvp(lambda x: stats.norm.logpdf(x, 0.5, 2.0))(0.3, 1.0)
    assert np.ndim(value) == 0 and value == pytest.approx(stats.norm.logpdf(0.3, 0.5, 2.0), rel=1e-14)


@pytest.mark.parametrize("jit", [False, True])
@pytest.mark.parametrize("mode", ["grad", "jvp"])
def test_derivatives_in_x_loc_scale(mode, jit):
    """One mode a case: the jit jvp case is in the jit tier (tests/jit_tier.py, WHY51)."""
    x = np.array([0.3, -1.2, 2.0])
    if mode == "grad":
        check_grad(total, x, 0.4, 1.7, wrt=(0, 1, 2), jit=jit)
    else:
        check_jvp(total, x, 0.4, 1.7, wrt=(0, 1, 2), tangent=(np.array([0.1, 0.2, -0.3]), 0.5, -0.2), jit=jit)


def test_against_autograd():
    def logpdf(x, loc, scale):
        return np.sum(stats.norm.logpdf(x, loc, scale) + stats.norm.cdf(x, loc, scale))

    def reference(x, loc, scale):
        import autograd.scipy.stats.norm as ag_norm
        return ag_norm.logpdf(x, loc, scale).sum() + ag_norm.cdf(x, loc, scale).sum()
    args = (np.array([0.3, -1.2, 2.0]), 0.4, 1.7)
    check_against_autograd(reference, *args, wrt=(0, 1, 2), analytic=s2sad.grad(logpdf, wrt=(0, 1, 2))(*args))


def test_nonpositive_scale_is_nan_in_x_and_loc():
    gx, gloc, _ = s2sad.grad(lambda x, loc, scale: np.sum(stats.norm.logpdf(x, loc, scale)), wrt=(0, 1, 2))(
        np.array([0.3, 1.0]), 0.4, -1.0)
    assert np.all(np.isnan(gx)) and np.isnan(gloc)


# ---- scipy.special.logsumexp(a, b=w): the weights broadcast, may be 0 and be differentiated ----
special = pytest.importorskip("scipy.special")


def weighted(x, w):
    return special.logsumexp(x, b=w) + np.sum(special.logsumexp(x[None, :] * w[:, None], axis=1, b=w[:, None])) \
        + np.sum(special.logsumexp(np.outer(x, w), 0, np.array([[0.0], [1.0], [2.0]]), keepdims=True))


@pytest.mark.parametrize("jit", [False, True])
@pytest.mark.parametrize("mode", ["grad", "jvp"])
def test_logsumexp_weights(mode, jit):
    """One mode a case: the jit jvp case is in the jit tier (tests/jit_tier.py, WHY51)."""
    x, w = np.array([0.1, 0.2, 0.3]), np.array([0.5, 1.0, 2.0])
    if mode == "grad":
        check_grad(weighted, x, w, wrt=(0, 1), jit=jit)
    else:
        check_jvp(weighted, x, w, wrt=(0, 1), tangent=(w, x), jit=jit)


def test_logsumexp_weight_zero_has_a_finite_slope():
    gx, gw = s2sad.grad(lambda x, w: special.logsumexp(x, b=w), wrt=(0, 1))(np.array([0.1, 0.2, 0.3]),
                                                                          np.array([0.0, 1.0, 2.0]))
    e = np.exp([0.1, 0.2, 0.3]) / np.dot(np.exp([0.2, 0.3]), [1.0, 2.0])
    np.testing.assert_allclose(gw, e, rtol=1e-12)
    np.testing.assert_allclose(gx, e * [0.0, 1.0, 2.0], rtol=1e-12)


@pytest.mark.parametrize("a, w", [(np.array([-np.inf, -np.inf]), np.array([1.0, 2.0])),
                                  (np.array([1.0, 2.0]), np.array([1.0, -2.0])),
                                  (np.array([1.0, np.inf]), np.array([1.0, 2.0])),
                                  (np.array([700.0, 800.0, 1.0]), np.array([0.0, 3.0, 1e-3])),
                                  (np.array([0.5, 2.0]), 3.0)])
def test_logsumexp_weights_values_are_scipys(a, w):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = special.logsumexp(a, b=w)
        value, _ = s2sad.jvp(lambda a: special.logsumexp(a, b=w))(a, np.ones_like(a))
    np.testing.assert_allclose(value, expected, rtol=1e-13)


# ---- scipy.stats.t.logpdf / pdf: differentiable in x, df, loc and scale ----
def student(x, df, loc, scale):
    return np.sum(stats.t.logpdf(x, df, loc, scale) + stats.t.pdf(x, df, loc=loc, scale=scale)
                  + stats.t.logpdf(x, df))


@pytest.mark.parametrize("jit", [False, True])
@pytest.mark.parametrize("mode", ["grad", "jvp"])
def test_student_t_derivatives(mode, jit):
    """One mode a case: the jit jvp case is in the jit tier (tests/jit_tier.py, WHY51)."""
    x = np.array([0.3, -1.2, 2.0])
    if mode == "grad":
        check_grad(student, x, 3.5, 0.4, 1.7, wrt=(0, 1, 2, 3), jit=jit)
    else:
        check_jvp(student, x, 3.5, 0.4, 1.7, wrt=(0, 1, 2, 3), tangent=(x, 0.5, -0.2, 0.3), jit=jit)


@pytest.mark.parametrize("df, scale", [(3.5, 1.7), (np.inf, 1.7), (0.0, 1.0), (-1.0, 2.0), (2.0, 0.0), (1e4, 0.5)])
def test_student_t_values_are_scipys(df, scale):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = stats.t.logpdf(X, df, 0.4, scale), stats.t.pdf(X, df, 0.4, scale)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        value, _ = s2sad.jvp(lambda x: (stats.t.logpdf(x, df, 0.4, scale), stats.t.pdf(x, df, 0.4, scale)))(
            X, np.ones_like(X))
    np.testing.assert_allclose(value[0], expected[0], rtol=1e-9)
    np.testing.assert_allclose(value[1], expected[1], rtol=1e-9, atol=1e-300)


def test_a_list_written_in_the_call_is_read_as_an_array():
    g = s2sad.grad(lambda mu: np.sum(stats.norm.logpdf([0.1, 0.2], mu)) + stats.t.logpdf((0.5,), 3.0, mu)[0])(0.2)
    assert g == pytest.approx(-0.1 + 4.0 * 0.3 / (3.0 + 0.3 ** 2), rel=1e-12)
