"""``np.outer`` and ``np.dot`` in compiled adjoints: loops of s2sad's (``numba_matmul.outer`` for two
float vectors, ``numba_matmul.dot`` for a float64 matrix of at most SMALL_DOT elements and a vector;
substituted last by ``stand_ins.Late``), numba's otherwise; gradients and fresh results as before."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad


def layer(W, x, t):                   # the gradient of W is np.outer(b, x) (specialize)
    return np.sum((np.tanh(W @ x) - t) ** 2)


def outer_primal(a, b):               # np.outer written by the user
    return np.sum(np.sin(np.outer(a, b)))


def int_outer(a, k):                  # integer vectors: numba's np.outer
    return np.sum(a * np.outer(k, k))


def _source(g):
    with open(g._built_now().module.path) as fh:      # the adjoint and its drivers
        return fh.read()


def test_weight_gradient_is_the_loop_and_needs_no_copy():
    rng = np.random.default_rng(1)
    W, x, t = rng.normal(size=(3, 4)), rng.normal(size=4), rng.normal(size=3)
    g = s2sad.grad(layer, wrt=0, jit=True)
    got = g(W, x, t)
    np.testing.assert_allclose(got, s2sad.grad(layer, wrt=0)(W, x, t), rtol=1e-12)
    check_grad(layer, W, x, t, wrt=0, jit=True, reference="autograd")
    text = _source(g)
    assert "_s2sad_outer(" in text and "np.outer(" not in text
    assert "_s2sad_own(r[1], W)" in text        # a fresh array: returned without a copy


def test_user_outer_and_its_gradients():
    rng = np.random.default_rng(2)
    a, b = rng.normal(size=3), rng.normal(size=5)
    g = s2sad.grad(outer_primal, wrt=(0, 1), jit=True)
    for got, want in zip(g(a, b), s2sad.grad(outer_primal, wrt=(0, 1))(a, b)):
        np.testing.assert_allclose(got, want, rtol=1e-12)
    check_grad(outer_primal, a, b, wrt=(0, 1), jit=True)
    assert "_s2sad_outer(" in _source(g)


@pytest.mark.parametrize("k", [np.arange(3), np.arange(3.0).astype(np.float32)])
def test_other_dtypes(k):
    a = np.random.default_rng(3).normal(size=(3, 3))
    got = s2sad.grad(int_outer, wrt=0, jit=True)(a, k)
    np.testing.assert_allclose(got, np.outer(k, k), rtol=1e-6)


def two_layers(W1, W2, x):            # h's gradient is np.dot(b, W2) (specialize): vector @ matrix
    return np.sum(np.tanh(W2 @ np.tanh(W1 @ x)) ** 2)


def user_dot(M, v):                   # np.dot written by the user: matrix @ vector
    return np.sum(np.sin(np.dot(M, v)))


@pytest.mark.parametrize("n", [3, 20])      # 20x20: above SMALL_DOT, numba's np.dot
def test_dot_loops_and_blas(n):
    rng = np.random.default_rng(4)
    W1, W2, x = (rng.normal(size=s) / np.sqrt(n) for s in ((n, n), (n, n), n))
    g = s2sad.grad(two_layers, wrt=(0, 1), jit=True)
    for got, want in zip(g(W1, W2, x), s2sad.grad(two_layers, wrt=(0, 1))(W1, W2, x)):
        np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-14)    # sums in another order
    check_grad(two_layers, W1, W2, x, wrt=(0, 1), jit=True)
    assert "_s2sad_dot(" in _source(g)
    M, v = rng.normal(size=(n, n + 1)), rng.normal(size=n + 1)
    d = s2sad.grad(user_dot, wrt=(0, 1), jit=True)
    for got, want in zip(d(M, v), s2sad.grad(user_dot, wrt=(0, 1))(M, v)):
        np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-14)
    assert "_s2sad_dot(" in _source(d)
