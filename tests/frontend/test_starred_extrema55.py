"""``max(*w)``/``min(*w)`` of a parameter given a vector (frontend/starred_extrema.py, stop 55,
issue 8) were refused ("an argument unpacked with `*`"): read as ``max(w)`` after Python's check
of the call (fewer than 2 items: TypeError, as Python raises). grad, jvp and jit=True against
central differences and autograd. ``math.hypot(*w)`` of a parameter is followed since stop 56
(test_starred_hypot56.py)."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_against_autograd, check_grad, check_jvp

X = np.array([0.3, 1.2, -0.7, 0.5])
V = np.array([0.5, -1.0, 0.25, 2.0])


def extrema(w):
    return max(*w) + 2.0 * min(*w)


def in_a_loop(w):
    s = 0.0
    for k in range(3):
        s += max(*w) * k
    return s * min(*w)


def inside_an_expression(w):
    return np.sin(max(*w)) * w[0]


@pytest.mark.parametrize("f", [extrema, in_a_loop, inside_an_expression], ids=lambda f: f.__name__)
def test_grad_and_jvp_against_differences(f):
    check_grad(f, X)
    check_jvp(f, X, tangent=V)
    check_against_autograd(f, X)


def test_jit(empty_caches):
    np.testing.assert_allclose(s2sad.grad(in_a_loop, jit=True)(X), s2sad.grad(in_a_loop)(X), rtol=1e-12)


@pytest.mark.parametrize("w", [np.array([2.0]), np.array([])], ids=["one", "none"])
def test_fewer_than_two_items_raise_as_python_does(w):
    with pytest.raises(TypeError):
        extrema(w)
    with pytest.raises(TypeError):
        s2sad.grad(extrema)(w)
