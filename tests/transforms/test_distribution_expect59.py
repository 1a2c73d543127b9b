"""``dist.expect(func)`` of a SciPy distribution calls ``func``, the user's function, which may draw
random numbers: its value is not proven the same when it runs again, so a function reading it that
s2sad runs once per sweep (``hessian`` here, where a ``try`` block makes the function's own source be
read again) is refused, as an ``rvs`` draw is, instead of mixing the sweeps' different draws
(``transforms/purity._scipy_distribution`` took every public method but ``rvs`` for repeatable).
The distribution's densities stay repeatable."""
import numpy as np
import pytest
import scipy.stats

import s2sad

SETTINGS = {"alpha": 1.5}
U = np.array([0.4, 0.8, 1.3])


def noisy_moment(t):
    return t * t + np.random.normal()


def expect_of_a_draw_then_try(u):
    c = scipy.stats.norm.expect(noisy_moment, lb=-1.0, ub=1.0)
    try:
        coef = SETTINGS["alpha"]
    except KeyError:
        coef = 0.7
    return coef * c * np.sum(u * u)


EXPON = scipy.stats.expon


def global_distribution_expect_then_try(u):
    c = EXPON.expect(noisy_moment, scale=2.0, lb=0.0, ub=3.0)
    try:
        coef = SETTINGS["alpha"]
    except KeyError:
        coef = 0.7
    return coef * c * np.sum(u * u)


def density_then_try(u):
    c = scipy.stats.norm.pdf(0.5)
    try:
        coef = SETTINGS["alpha"]
    except KeyError:
        coef = 0.7
    return coef * c * np.sum(u * u)


@pytest.mark.parametrize("f", [expect_of_a_draw_then_try, global_distribution_expect_then_try])
def test_expect_of_a_users_function_is_not_taken_for_repeatable(f):
    with pytest.raises(s2sad.S2sadError, match="random draw|cannot tell"):
        s2sad.hessian(f)(U)


def test_a_density_is_still_repeatable():
    H = s2sad.hessian(density_then_try)(U)
    np.testing.assert_allclose(H, 2 * 1.5 * scipy.stats.norm.pdf(0.5) * np.eye(3), rtol=1e-12)
