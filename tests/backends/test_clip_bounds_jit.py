"""np.clip with bounds that are differentiated numbers, under jit=True.

The gradient helper ``clip_bound_mask(x, lo, hi, upper)`` had a numba version only for a
constant ``upper`` and called ``float()`` of a bool, which numba lacks: a function clipping a
number between bounds computed from a differentiated number (``np.clip(u, -(1 + t**2), 1 + t**2)``)
was a JitError (fuzz campaign seeds 7400000+, seed 7400590). Each case is checked against
finite differences and against jit=False, with the value inside, below and above the bounds."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad

pytestmark = pytest.mark.jit


def scalar_bounds(t):
    return np.clip(t * 3.0, -(1.0 + t ** 2), 1.0 + t ** 2) ** 2


def upper_only(t):
    return np.clip(t * 3.0, None, 0.5 + t * t) * t


def lower_only(t):
    return np.clip(t * 3.0, 0.1 - t * t, None) * t


def array_bounds(x):
    lo = -np.abs(x) * 0.5
    return np.sum(np.clip(x * 2.0, lo, 1.0 + x ** 2) ** 2)


@pytest.mark.parametrize("f", [scalar_bounds, upper_only, lower_only])
@pytest.mark.parametrize("t", [0.05, -0.7, 0.9, -0.2])
def test_number_between_differentiated_bounds(f, t):
    check_grad(f, t, jit=True)
    assert s2sad.grad(f, jit=True)(t) == pytest.approx(s2sad.grad(f)(t), rel=1e-12, abs=1e-14)


def test_array_between_differentiated_bounds():
    x = np.array([0.05, -0.7, 0.9, -0.2, 0.45])
    check_grad(array_bounds, x, jit=True)
    np.testing.assert_allclose(s2sad.grad(array_bounds, jit=True)(x), s2sad.grad(array_bounds)(x), rtol=1e-12)
