"""``jvp(..., jit=True).compiled`` and ``hvp``'s (``backends/forward_checked``): the generated
forward function's dispatcher behind a driver that checks each tangent's shape.

On the base ``.compiled`` was the raw dispatcher: a tangent of shape (1,) for an argument of shape
(3,) was broadcast (the jvp along ``np.ones(3)``: 1.176 for ``sum(sin(x) * x)`` at x = [.1, .2, .3])
where the Python call refuses; a tangent of shape (2,) raised numba's broadcasting ValueError.
Now s2sad's ShapeError (the Python call's too: it raised a bare S2sadError)."""
import numba
import numpy as np
import pytest

import s2sad
from s2sad.errors import ArgumentError, ShapeError

W = np.array([1.0, -2.0, 0.5])


def f(x):
    return np.sum(np.sin(x) * x)


def weighted(x, y):
    return np.sum(np.sin(x) * W) * y     # reads a module array: the generated function takes it


X = np.array([0.1, 0.2, 0.3])
T = np.array([0.5, -1.0, 2.0])


@pytest.fixture(scope="module")
def jvp_f():
    return s2sad.jvp(f, jit=True)


def test_right_tangent_exact(jvp_f):
    want = jvp_f(X, T)
    assert np.isclose(want[1], np.sum(T * (np.cos(X) * X + np.sin(X))))
    assert np.allclose(jvp_f.compiled(X, T), want)


@pytest.mark.parametrize("n", [1, 2, 4])
def test_tangent_of_another_length_refused(jvp_f, n):
    with pytest.raises(ShapeError, match="tangent for `x`"):
        jvp_f(X, np.ones(n))
    with pytest.raises(ShapeError, match="tangent for `x` does not have the argument's shape"):
        jvp_f.compiled(X, np.ones(n))


def test_refused_in_users_njit(jvp_f):
    c = jvp_f.compiled

    @numba.njit
    def use(x, t):
        return c(x, t)[1]
    assert np.isclose(use(X, T), jvp_f(X, T)[1])
    with pytest.raises(ShapeError):
        use(X, np.ones(1))


def test_subclass_argument_refused(jvp_f):
    with pytest.raises(ArgumentError, match="subclass"):
        jvp_f.compiled(np.ma.masked_array(X), T)


def test_hvp_with_a_global_and_a_scalar():
    h = s2sad.hvp(weighted, wrt=(0,), jit=True)
    want = h(X, 2.0, T)
    assert np.allclose(want, -2.0 * W * np.sin(X) * T)
    got = h.compiled(X, 2.0, W, T)      # (*params, *globals it reads, *vectors)
    assert np.allclose(got[1][1], want)
    with pytest.raises(ShapeError, match="vector for `x`"):
        h.compiled(X, 2.0, W, np.ones(1))


def test_scalar_argument_with_an_array_tangent_refused():
    j = s2sad.jvp(weighted, wrt=(0, 1), jit=True)
    assert np.allclose(j(X, 2.0, (T, 1.0)), j.compiled(X, 2.0, W, T, 1.0))
    with pytest.raises(ShapeError, match="tangent for `y`"):
        j.compiled(X, 2.0, W, T, np.ones(1))
