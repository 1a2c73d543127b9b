"""xlogy, rel_entr and kl_div where x == 0: the slope in y is 0 there (the function is 0 for every
y), but the mixed second derivative d/dx of that slope, 1 / y (-1 / y for rel_entr and kl_div), is
not: the adjoint rules wrote the slope as the constant 0 on x == 0, so hvp, jvp(grad) and jacobian(grad)
dropped it (hunt58: hvp of sum(xlogy(x, x + 1)) at x = 0 gave 1, the second derivative is 2)."""
import numpy as np
import pytest
import scipy.special as sp
from scipy import stats

import s2sad
from s2sad.testing import check_grad, check_hvp


def xlogy_self(x):
    return np.sum(sp.xlogy(x, x + 1.0))


def xlogy_packed(p):
    return np.sum(sp.xlogy(p[:3], p[3:]) * np.array([1.0, 2.0, 3.0]))


def rel_entr_pair(x, y):
    return np.sum(sp.rel_entr(x, y))


def kl_div_pair(x, y):
    return np.sum(sp.kl_div(x, y))


def entropy_cross(p, q):
    return -np.sum(sp.xlogy(p, q)) + np.sum(sp.xlogy(p, p))


def test_hvp_of_xlogy_of_x_and_x_plus_1_at_zero():
    x = np.array([0.0, 1.0, 0.0])
    v = np.array([1.0, 1.0, -2.0])
    h = s2sad.hvp(xlogy_self)(x, v)
    # (x log(1 + x))'' = 1 / (1 + x) + 1 / (1 + x)**2
    np.testing.assert_allclose(h, (1 / (1 + x) + 1 / (1 + x) ** 2) * v, rtol=1e-12)
    check_hvp(xlogy_self, x, v=v, rtol=1e-6, atol=1e-7)


def test_hvp_of_xlogy_mixed_block_at_zero():
    p = np.array([0.0, 0.5, 0.0, 2.0, 3.0, 4.0])
    v = np.array([1.0, -1.0, 2.0, 0.5, 0.25, -1.0])
    h = s2sad.hvp(xlogy_packed)(p, v)
    x, y, w = p[:3], p[3:], np.array([1.0, 2.0, 3.0])
    hx = w * v[3:] / y
    hy = w * (v[:3] / y - x * v[3:] / y ** 2)
    np.testing.assert_allclose(h, np.concatenate([hx, hy]), rtol=1e-12)
    check_hvp(xlogy_packed, p, v=v, rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("f, sign", [(rel_entr_pair, -1.0), (kl_div_pair, -1.0)])
def test_mixed_derivative_of_entropies_at_zero(f, sign):    # d/dx of the y-slope -x / y
    x = np.array([0.0, 0.0, 1.5])
    y = np.array([2.0, 0.5, 3.0])
    tx = np.array([1.0, -2.0, 0.5])
    _, t_gy = s2sad.jvp(s2sad.grad(f, wrt=1), wrt=0)(x, y, tx)
    # central differences of s2sad's own y-gradient along x (its slope -x / y is finite for x < 0)
    gy = s2sad.grad(f, wrt=1)
    eps = 1e-6
    fd = (gy(x + eps * tx, y) - gy(x - eps * tx, y)) / (2 * eps)
    np.testing.assert_allclose(t_gy, fd, rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(t_gy, sign * tx / y, rtol=1e-12)


def test_first_order_slopes_unchanged_where_x_is_zero():
    x = np.array([0.0, 0.0, 1.0, 0.0, 0.0])
    y = np.array([0.0, 2.0, 3.0, np.inf, np.nan])
    with np.errstate(all="ignore"):
        gx, gy = s2sad.grad(lambda a, b: np.sum(sp.xlogy(a, b)), wrt=(0, 1))(x, y)
        _, gy_rel = s2sad.grad(rel_entr_pair, wrt=(0, 1))(x, y)
    np.testing.assert_array_equal(gy, [0.0, 0.0, 1 / 3, 0.0, 0.0])
    np.testing.assert_array_equal(gy_rel, [0.0, 0.0, -1 / 3, 0.0, 0.0])


def test_cross_entropy_with_zero_probabilities_second_order():
    p = np.array([0.0, 0.3, 0.7])
    q = np.array([0.2, 0.3, 0.5])
    check_grad(entropy_cross, p + 0.1, q, wrt=1)
    _, t = s2sad.jvp(s2sad.grad(entropy_cross, wrt=1), wrt=0)(p, q, np.array([1.0, 0.0, 0.0]))
    np.testing.assert_allclose(t, [-1 / 0.2, 0.0, 0.0], rtol=1e-12)


def gamma_loglik(p, x):
    return np.sum(stats.gamma.logpdf(x, p[0], scale=p[1]))


def beta_loglik_in_x(x, a):
    return np.sum(stats.beta.logpdf(x, a, 2.0))


def test_gamma_fit_hvp_at_shape_one():
    # scipy.stats.gamma's logpdf is read with xlogy(a - 1, x / scale): at a = 1 (the exponential
    # distribution, a usual starting point) the (a, scale) block of the Hessian lost -1 / scale
    x = np.array([0.6, 1.5, 2.1])
    p = np.array([1.0, 2.0])
    v = np.array([0.3, -1.0])
    h = check_hvp(gamma_loglik, p, x, v=v, rtol=1e-6, atol=1e-7)
    # the second component: sum over x of (d2/da dscale) * v_a + (d2/dscale2) * v_scale
    d2_as = -len(x) / p[1]
    d2_ss = np.sum(p[0] / p[1] ** 2 - 2 * x / p[1] ** 3)
    assert h[1] == pytest.approx(d2_as * v[0] + d2_ss * v[1], rel=1e-10)


def test_beta_logpdf_mixed_derivative_at_a_one():
    x = np.array([0.2, 0.5, 0.7])
    _, t = s2sad.jvp(s2sad.grad(beta_loglik_in_x, wrt=0), wrt=1)(x, 1.0, 1.0)
    np.testing.assert_allclose(t, 1 / x, rtol=1e-12)     # d/da of (a - 1) / x - (b - 1) / (1 - x)
