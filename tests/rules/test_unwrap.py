"""np.unwrap (``grads_arrays.py``/``tangents_arrays.py``): before, "no derivative rule for
`unwrap`". The result is p plus k * period at each place, k piecewise constant in p: dy/dp = 1,
dy/dperiod = k. Checked against central differences away from the places where a difference
crosses ``discont``, jvp against the gradient, and jit (numba's own np.unwrap) against Python."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp

JIT = [False, pytest.param(True, marks=pytest.mark.jit)]


def unwrapped(x):
    return np.sum(np.unwrap(x * 3.0) ** 2)


def unwrapped_with_period(x, per):
    return np.sum(np.unwrap(x * 3.0, period=per) * np.arange(5.0))


def unwrapped_rows(A):
    return np.sum(np.unwrap(A * 4.0, axis=0) ** 2) + np.sum(np.unwrap(A * 4.0, discont=4.0) * A)


X = np.array([0.3, -1.2, 0.7, 2.9, 5.0])     # differences of 3x up to 6.6: several jumps are cut


@pytest.mark.parametrize("jit", JIT)
def test_unwrap(jit):
    g = check_grad(unwrapped, X, jit=jit)
    check_jvp(unwrapped, X, tangent=np.linspace(-1.0, 1.0, 5), jit=jit)
    assert np.unwrap(X * 3.0)[-1] != X[-1] * 3.0      # the correction is there
    if jit:
        np.testing.assert_allclose(g, s2sad.grad(unwrapped)(X), rtol=1e-12)


@pytest.mark.parametrize("jit", JIT)
def test_unwrap_period_differentiated(jit):
    check_grad(unwrapped_with_period, X, 4.0, wrt=(0, 1), jit=jit)
    check_jvp(unwrapped_with_period, X, 4.0, wrt=(0, 1), tangent=(np.ones(5), 0.5), jit=jit)


def test_unwrap_along_an_axis():
    A = np.array([[0.3, -1.2, 0.7], [2.9, 5.0, -0.4]])
    check_grad(unwrapped_rows, A)
    check_jvp(unwrapped_rows, A, tangent=np.ones((2, 3)))
