"""``np.lib.stride_tricks.sliding_window_view``: moving windows (filters, local statistics,
convolutions written as a window times a kernel) were refused ("no derivative rule").

The view's adjoint adds, for each element of ``x``, the adjoints of every window element that
views it (``rules/runtime_windows.window_sums``); its tangent is the same windows of the tangent.
Checked against finite differences in grad, jvp and hvp, 1-d and 2-d, with ``axis=``, and under
``jit=True`` (numba has the view and ``np.bincount``); a write into the array under a view is
refused, located.
"""
import numpy as np
import pytest
from numpy.lib.stride_tricks import sliding_window_view

import s2sad


def moving_max_times_mean(x):
    w = sliding_window_view(x, 3)
    return np.sum(w.max(axis=1) * w.mean(axis=1))


def windows_of_a_matrix(x):
    A = np.outer(x, np.cos(x))
    w = np.lib.stride_tricks.sliding_window_view(A, (2, 3))
    return np.sum(w ** 2 * np.arange(6.0).reshape(2, 3))


def along_one_axis(x):
    A = np.outer(x, x[:4])
    w = sliding_window_view(A, 2, axis=1)
    return np.sum(np.tanh(w) * w[..., :1])


def convolution(x):
    k = np.array([0.2, 0.5, 0.3])
    return np.sum((sliding_window_view(x, 3) @ k) ** 2)


FUNCTIONS = [moving_max_times_mean, windows_of_a_matrix, along_one_axis, convolution]
X = np.array([0.3, -0.2, 0.5, 0.1, -0.4])
V = np.linspace(-1.0, 1.0, 5)


def _fd(f, x, h=1e-6):
    return np.array([(f(x + h * e) - f(x - h * e)) / (2 * h) for e in np.eye(len(x))])


@pytest.mark.parametrize("f", FUNCTIONS, ids=lambda f: f.__name__)
def test_grad_jvp_hvp(f):
    x = X.copy()
    np.testing.assert_allclose(s2sad.grad(f)(x), _fd(f, x), rtol=1e-6, atol=1e-8)
    value, tangent = s2sad.jvp(f)(x, V)
    assert value == f(x)
    np.testing.assert_allclose(tangent, _fd(f, x) @ V, rtol=1e-6, atol=1e-8)
    h = 1e-5
    g = s2sad.grad(f)
    np.testing.assert_allclose(s2sad.hvp(f)(x, V), (g(x + h * V) - g(x - h * V)) / (2 * h), rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(x, X)


@pytest.mark.parametrize("f", [moving_max_times_mean, windows_of_a_matrix], ids=lambda f: f.__name__)
def test_jit(f):
    np.testing.assert_allclose(s2sad.grad(f, jit=True)(X.copy()), _fd(f, X), rtol=1e-6, atol=1e-8)


def written_under_a_view(x):
    y = x.copy()
    w = sliding_window_view(y, 2)
    y[0] = 3.0 * x[1]
    return np.sum(w ** 2)


def test_a_write_under_the_view_is_refused_at_its_line():
    with pytest.raises(s2sad.UnsupportedSyntaxError) as info:
        s2sad.grad(written_under_a_view)(X.copy())
    assert f'File "{__file__}", line ' in str(info.value) and "y[0] = 3.0 * x[1]" in str(info.value)
