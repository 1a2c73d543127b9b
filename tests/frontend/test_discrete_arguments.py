"""Whole-number arguments reached by a differentiated value are refused at the line, never given the
continuous formula's derivative nor a zero (frontend/scipy_stats_forms._discrete, rules/registry.
WHOLE_NUMBER_PARAMS).

Before: ``poisson.logpmf(k, mu)`` with ``k`` computed from the inputs returned the derivative of the
continuous formula (``log(mu) - digamma(k + 1)``), ``binom``'s ``n`` and a discrete ``loc`` alike;
``np.roll(x, s)``, ``np.repeat(x, r)``, ``np.tril(A, k)`` with a float computed from the inputs
returned a zero derivative in it, and ``np.std(x, ddof=d)`` dropped the derivative in ``d`` (the
result depends on it): a silently wrong gradient."""
import numpy as np
import pytest
from scipy import stats

import s2sad
from s2sad.testing import check_grad, check_jvp


def poisson_k(x):
    k = x * 2.0
    return np.sum(stats.poisson.logpmf(k, 3.0))


def binom_n(x):
    return np.sum(stats.binom.logpmf(3.0, x * 4.0, 0.3))


def poisson_loc(x):
    return np.sum(stats.poisson.pmf(2.0, 3.0, loc=x))


def frozen_binom_n(x):
    d = stats.binom(x * 4.0, 0.3)
    return np.sum(d.logpmf(3.0))


def binom_k(x):
    return np.sum(stats.binom.pmf(np.floor(x) + x, 7, 0.4))


@pytest.mark.parametrize("f, name", [(poisson_k, "k"), (binom_n, "n"), (poisson_loc, "loc"), (frozen_binom_n, "n"),
                                     (binom_k, "k")])
def test_a_whole_number_of_a_discrete_distribution_is_refused(f, name):
    x = np.array([1.0, 1.5, 2.0])
    for build in (s2sad.grad(f), lambda x: s2sad.jvp(f)(x, np.ones(3))):
        with pytest.raises(s2sad.NoDerivativeError, match=f"whole number `{name}` of `scipy.stats"):
            build(x)


def counts_as_data(x):
    k = np.array([1.0, 2.0, 5.0])
    n = 7
    return np.sum(stats.poisson.logpmf(k, x * x + 1.0) + stats.binom.logpmf(k, n, 1.0 / (1.0 + x * x)))


def test_the_other_parameters_stay_differentiated():
    x = np.array([1.0, 1.5, 2.0])
    check_grad(counts_as_data, x)
    check_jvp(counts_as_data, x, tangent=np.array([1.0, -0.5, 2.0]))
    k = np.array([1.0, 2.0, 5.0])
    expected = np.sum(stats.poisson.logpmf(k, x * x + 1.0) + stats.binom.logpmf(k, 7, 1.0 / (1.0 + x * x)))
    value, _ = s2sad.value_and_grad(counts_as_data)(x)
    np.testing.assert_allclose(value, expected, rtol=1e-12)


def test_counts_wrt_another_argument_are_not_refused():
    def f(mu, k):
        return np.sum(stats.poisson.logpmf(k, mu))
    check_grad(f, np.array([0.5, 2.0, 4.0]), np.array([0.0, 3.0, 1.0]))


@pytest.mark.jit
def test_counts_as_data_under_jit():
    check_grad(counts_as_data, np.array([1.0, 1.5, 2.0]), jit=True)


def roll_shift(x):
    return np.sum(np.roll(x, x[0] * 2.0) * x)


def std_ddof(x):
    return np.std(x, ddof=x[0] * 0.5)


def var_ddof(x):
    return np.var(x, ddof=x[0] * 0.5)


def tril_k(x):
    return np.sum(np.tril(np.outer(x, x), x[1]))


def repeat_count(x):
    return np.sum(np.repeat(x, x[0] + 1.0) ** 2)


@pytest.mark.parametrize("f, param", [(roll_shift, "shift"), (std_ddof, "ddof"), (var_ddof, "ddof"), (tril_k, "k"),
                                      (repeat_count, "repeats")])
def test_a_whole_number_parameter_of_a_rule_is_refused(f, param):
    x = np.array([1.0, 1.5, 2.0, 0.3])
    with pytest.raises(s2sad.NoDerivativeError, match=f"parameter `{param}`"):
        s2sad.grad(f)(x)
    with pytest.raises(s2sad.NoDerivativeError, match=f"parameter `{param}`"):
        s2sad.jvp(f)(x, np.ones(4))


def whole_numbers_not_differentiated(x):
    n = len(x)
    return np.sum(np.roll(x, 1) * np.std(x, ddof=1) + np.tril(np.outer(x, x), -1)[n - 1]) \
        + np.sum(np.repeat(x, 2) * np.var(x, ddof=n - 2))


def test_whole_numbers_that_are_not_differentiated_pass():
    x = np.array([1.0, 1.5, 2.0, 0.3])
    check_grad(whole_numbers_not_differentiated, x)
    check_jvp(whole_numbers_not_differentiated, x, tangent=np.array([1.0, -1.0, 0.5, 2.0]))
