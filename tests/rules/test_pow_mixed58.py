"""x ** y with a differentiated exponent at y == 0: the slope in x, y x**(y-1), is 0 there, and was
written y * x**(y - (y != 0)) to keep 0**-1 out; at y == 0 that exponent is y itself, so its slope in
y, the mixed second derivative d2(x**y)/dx dy = x**(y-1) (1 + y log x), came out x**0 = 1 instead of
1 / x (hunt58: grad(grad(x ** y, wrt=0), wrt=1) at (2, 0) gave 1.0, the answer is 0.5)."""
import math

import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_hvp


def power(x, y):
    return x ** y


def power_packed(p):
    return np.sum(np.power(p[:3], p[3:]) * np.array([1.0, 2.0, 0.5]))


def box_cox_loss(lam, x):
    # a Box-Cox-like power transform started at lam = 0, as a Newton step on lam would be
    return np.sum((x ** lam - 1.0) ** 2) + np.sum(x ** lam * x)


def mixed_exact(x, y):
    return x ** (y - 1) * (1 + y * math.log(x))


@pytest.mark.parametrize("x, y", [(2.0, 0.0), (0.5, 0.0), (-3.0, 0.0), (2.0, 1.5)])
def test_grad_grad_mixed_partial(x, y):
    got = s2sad.grad(s2sad.grad(power, wrt=0), wrt=1)(x, y)
    want = (1.0 / x) if y == 0 else mixed_exact(x, y)
    assert got == pytest.approx(want, rel=1e-12)
    got_yx = s2sad.grad(s2sad.grad(power, wrt=1), wrt=0)(x, y) if x > 0 else want
    assert got_yx == pytest.approx(want, rel=1e-12)


def test_hvp_with_zero_exponents():
    p = np.array([2.0, 3.0, 0.5, 0.0, 1.0, 0.0])
    v = np.array([1.0, -0.5, 2.0, 0.25, 1.0, -1.0])
    h = s2sad.hvp(power_packed)(p, v)
    x, y, w = p[:3], p[3:], np.array([1.0, 2.0, 0.5])
    hxx = y * (y - 1) * x ** (y - 2)
    hxy = x ** (y - 1) * (1 + y * np.log(x))
    hyy = x ** y * np.log(x) ** 2
    want = np.concatenate([w * (hxx * v[:3] + hxy * v[3:]), w * (hxy * v[:3] + hyy * v[3:])])
    np.testing.assert_allclose(h, want, rtol=1e-12)
    check_hvp(power_packed, p, v=v, rtol=1e-6, atol=1e-7)


def test_jvp_of_grad_box_cox_at_zero():
    x = np.array([0.5, 1.5, 3.0])
    _, t = s2sad.jvp(s2sad.grad(box_cox_loss, wrt=1), wrt=0)(0.0, x, 1.0)
    # d/dlam of the x-gradient 2 (x**lam - 1) lam x**(lam-1) + (lam + 1) x**lam at lam = 0
    want = 1.0 + np.log(x)
    np.testing.assert_allclose(t, want, rtol=1e-12)
    check_grad(box_cox_loss, 0.0, x, wrt=0)


def test_zero_base_and_zero_exponent_stay_finite():
    with np.errstate(all="ignore"):
        gx, gy = s2sad.grad(lambda a, b: np.sum(a ** b), wrt=(0, 1))(np.array([0.0, 0.0, 2.0]), np.array([0.0, 2.0, 0.0]))
    np.testing.assert_array_equal(gx, [0.0, 0.0, 0.0])
    np.testing.assert_array_equal(gy, [0.0, 0.0, math.log(2.0)])
