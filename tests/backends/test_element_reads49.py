"""Under jit, a second read of an array's element after a write into that element read the first
read's value (backends/view_reuse.py reused `t4 = t1` for a repeated `W[0]`: right for a view,
wrong for a number copied out): a silently wrong value and gradient on main before stop 49, for
a global or parameter array written in the function or in a helper it inlines."""
import numpy as np
import pytest

import s2sad

X = np.linspace(0.5, 1.0, 6)
W = np.array([1.0, 2.0])


def global_written(x):
    a = W[0] * x[0]
    W[0] = 5.0
    return a * 2.0 + W[0] * x[1] + np.sum(x[2:])


def parameter_written(x, B):
    a = B[0] * x[0]
    B[0] = 5.0
    return a * 2.0 + B[0] * x[1] + np.sum(x[2:])


def reset_w(v):
    W[0] = v
    return 0


def written_by_a_helper(x):
    a = W[0] * x[0]
    k = reset_w(5.0)
    return a * 2.0 + W[0] * x[1] + k


def matrix_element(x, B):
    a = B[1, 0] * x[0]
    B[1, 0] += x[1]
    return a + B[1, 0] ** 2


@pytest.mark.parametrize("f", [global_written, written_by_a_helper])
def test_a_global_element_read_after_its_write(f):
    W[:] = [1.0, 2.0]
    want = f(X)
    W[:] = [1.0, 2.0]
    value, g = s2sad.value_and_grad(f, jit=True)(X)
    assert value == pytest.approx(want, rel=1e-14)
    np.testing.assert_allclose(g[:2], [2.0, 5.0], rtol=1e-14)
    assert W[0] == 5.0          # the function's write reaches the global, as in Python


def test_a_parameter_element_read_after_its_write():
    B = np.array([1.0, 2.0])
    value, g = s2sad.value_and_grad(parameter_written, jit=True)(X, B)
    assert value == pytest.approx(parameter_written(X, np.array([1.0, 2.0])), rel=1e-14)
    np.testing.assert_allclose(g[:2], [2.0, 5.0], rtol=1e-14)
    B = np.arange(4.0).reshape(2, 2)
    value, g = s2sad.value_and_grad(matrix_element, jit=True)(X, B)
    assert value == pytest.approx(matrix_element(X, np.arange(4.0).reshape(2, 2)), rel=1e-14)
    np.testing.assert_allclose(g[:2], [2.0, 2 * (2.0 + X[1])], rtol=1e-14)
