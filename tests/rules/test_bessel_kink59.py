"""The second derivative of the exponentially scaled Bessel functions at their kink x = 0.

``i0e(x) = exp(-|x|) i0(x)`` has a kink at 0: its slope is +1 just left of 0 and -1 just right
(s2sad's gradient there is 0, the mean, as ``np.sign(0) = 0`` gives), and its second derivative
is 1.5 on both sides. The slope ``i1e(x) - sign(x) i0e(x)`` differentiated again carries
``sign(x)**2 i0e(x)``, 1 on both sides; with ``np.sign(0) ** 2 = 0`` hvp, jvp(grad) and grad(grad)
gave 0.5 at 0, neither side's value nor their mean (the same for ``ive(0, x)`` through
``runtime_special_more.bessel``'s ``(-sign(x)) ** k``). Now an even power of the sign is 1 there,
the mean of its one-sided limits, as ``bessel_i1e_curvature`` already says of ``i1e``.
"""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_hvp

special = pytest.importorskip("scipy.special")


def scaled_i0(x):
    return special.i0e(x)


def scaled_iv(order, x):
    return special.ive(order, x)


def scaled_sum(x):
    return np.sum(special.i0e(x) * x + special.ive(0.0, 2.0 * x))


def _one_sided(g, x, h=1e-5):
    """The second derivative from the right and from the left, from s2sad's own gradient
    (quadratic extrapolation of differences taken on one side only)."""
    right = (-5 * g(x + h) + 8 * g(x + 2 * h) - 3 * g(x + 3 * h)) / (2 * h)
    left = (5 * g(x - h) - 8 * g(x - 2 * h) + 3 * g(x - 3 * h)) / (2 * h)
    return right, left


def test_i0e_second_derivative_at_its_kink_is_both_sides_value():
    right, left = _one_sided(s2sad.grad(scaled_i0), 0.0)
    assert right == pytest.approx(1.5, rel=1e-6) and left == pytest.approx(1.5, rel=1e-6)
    assert s2sad.grad(scaled_i0)(0.0) == 0.0                     # the mean of the slopes +1 and -1
    assert s2sad.hvp(scaled_i0)(0.0, v=2.0) == pytest.approx(3.0, rel=1e-12)       # was 1.0
    assert s2sad.jvp(s2sad.grad(scaled_i0))(0.0, tangent=1.0)[1] == pytest.approx(1.5, rel=1e-12)
    assert s2sad.grad(s2sad.grad(scaled_i0))(0.0) == pytest.approx(1.5, rel=1e-12)


def test_ive_second_derivative_at_the_kink():
    g = s2sad.grad(scaled_iv, wrt=1)
    for order, both_sides in ((0.0, 1.5), (2.0, 0.25)):
        right, left = _one_sided(lambda x, order=order: g(order, x), 0.0)
        assert right == pytest.approx(both_sides, rel=1e-5) and left == pytest.approx(both_sides, rel=1e-5)
        assert s2sad.hvp(scaled_iv, wrt=1)(order, 0.0, v=1.0) == pytest.approx(both_sides, rel=1e-12)
        assert s2sad.grad(s2sad.grad(scaled_iv, wrt=1), wrt=1)(order, 0.0) == pytest.approx(both_sides, rel=1e-12)
    # order 1: the second derivative jumps (-1 right, +1 left); s2sad gives their mean, 0, as before
    right, left = _one_sided(lambda x: g(1.0, x), 0.0)
    assert right == pytest.approx(-1.0, rel=1e-5) and left == pytest.approx(1.0, rel=1e-5)
    assert s2sad.hvp(scaled_iv, wrt=1)(1.0, 0.0, v=1.0) == 0.0


def test_arrays_through_the_kink_and_away_from_it():
    x = np.array([0.0, 0.4, -1.3])
    check_grad(scaled_sum, x)
    check_hvp(scaled_sum, np.array([0.2, 0.4, -1.3]), v=np.array([1.0, -0.5, 2.0]), rtol=1e-5)
    hv = s2sad.hvp(scaled_sum)(x, v=np.array([1.0, 0.0, 0.0]))
    # at 0: (x i0e(x))'' = 2 i0e'(0) + x i0e''(0) = 0 (mean slope 0), ive(0, 2x)'' = 4 * 1.5
    assert hv == pytest.approx([6.0, 0.0, 0.0], abs=1e-12)


@pytest.mark.jit
def test_kink_under_jit():
    assert s2sad.hvp(scaled_iv, wrt=1, jit=True)(0.0, 0.0, v=1.0) == pytest.approx(1.5, rel=1e-12)
    assert s2sad.hvp(scaled_i0, jit=True)(0.0, v=1.0) == pytest.approx(1.5, rel=1e-12)
    check_hvp(scaled_i0, 0.7, v=1.0, jit=True, rtol=1e-5)
