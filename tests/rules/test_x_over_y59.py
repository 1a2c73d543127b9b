"""``x_over_y`` (``rules/runtime_ieee.py``): ``x / y``, 0 wherever ``x`` is 0, the y-slope of ``xlogy``,
``rel_entr`` and ``kl_div`` with its own reverse, forward and numba rules, in place of the inline guard
``where(x == 0, x / where(isfinite(y) & (y != 0), y, inf), x / where(x == 0, 1, y))`` repeated in their
six rules. The guard read ``1 / y`` as 0 where ``y`` is 0 or NaN, so at ``x == 0, y == 0`` (entropy
terms ``xlogy(p, q)`` with ``p = q = 0``) the mixed second derivative was 0 where the difference of
the y-gradient along ``x`` is inf (``+-eps / 0``), and NaN where ``y`` is NaN (the function is NaN)."""
import warnings

import numpy as np
import pytest
import scipy.special as sp

import s2sad
from s2sad.testing import check_grad, check_hvp, check_jvp


def xlogy_sum(x, y):
    return np.sum(sp.xlogy(x, y))


def rel_entr_sum(x, y):
    return np.sum(sp.rel_entr(x, y))


def kl_div_sum(x, y):
    return np.sum(sp.kl_div(x, y))


def difference_of_y_gradient(f, x, y, tx, eps=1e-6):
    gy = s2sad.grad(f, wrt=1)
    return (gy(x + eps * tx, y) - gy(x - eps * tx, y)) / (2 * eps)


@pytest.mark.parametrize("jit", [False, True])
@pytest.mark.parametrize("f, sign", [(xlogy_sum, 1.0), (rel_entr_sum, -1.0), (kl_div_sum, -1.0)])
def test_mixed_derivative_where_x_and_y_are_zero(f, sign, jit):
    x = np.array([0.0, 0.0, 0.0, 0.0])
    y = np.array([0.0, 0.0, np.nan, 2.0])
    tx = np.array([1.0, -2.0, 1.0, 0.5])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _, t = s2sad.jvp(s2sad.grad(f, wrt=1), wrt=0, jit=jit)(x, y, tx)
        fd = difference_of_y_gradient(f, x, y, tx)
    np.testing.assert_array_equal(t[:3], fd[:3])          # inf, -inf (times the sign), NaN
    assert np.isinf(t[0]) and np.isinf(t[1]) and np.isnan(t[2])
    assert t[3] == pytest.approx(sign * tx[3] / y[3], rel=1e-12)


def test_helper_values():
    from s2sad.rules.runtime import x_over_y
    x = np.array([0.0, 0.0, 0.0, 1.0, -2.0, 3.0, np.nan])
    y = np.array([0.0, np.inf, np.nan, 0.0, 0.0, 4.0, 1.0])
    with np.errstate(all="ignore"):
        want = np.where(x == 0, 0.0, x / y)
    np.testing.assert_array_equal(x_over_y(x, y), want)
    assert x_over_y(0.0, 0.0) == 0.0 and type(x_over_y(0.0, 0.0)) is float
    assert x_over_y(1.0, 0.0) == np.inf and x_over_y(3.0, 4.0) == 0.75


def helper_user(x, y):
    from s2sad.rules.runtime import x_over_y
    return np.sum(x_over_y(x * x, y) * y + x_over_y(x, y + 2.0) ** 2)


@pytest.mark.parametrize("jit", [False, True])
def test_helper_rules_against_differences(jit):
    from s2sad.rules.runtime import x_over_y   # noqa: F401  (the helper's own rules, called as a user's function)
    x = np.array([0.5, -1.0, 2.0])
    y = np.array([1.5, 0.7, -3.0])
    check_grad(helper_user, x, y, wrt=(0, 1), jit=jit)
    check_jvp(helper_user, x, y, wrt=(0, 1), tangent=(np.array([1.0, -0.5, 0.3]), np.array([0.2, 0.4, -1.0])), jit=jit)
    check_hvp(helper_user, x, y, wrt=0, v=np.array([1.0, 2.0, -1.0]), jit=jit)
    check_hvp(helper_user, x, y, wrt=1, v=np.array([0.3, -2.0, 1.0]), jit=jit)
