"""A float32 argument gets a float32 derivative (s2sad/results.py ``in_dtypes``), as autograd,
JAX and PyTorch return it, in grad, value_and_grad, vjp, hvp and jvp, with and without jit: the
gradient came back in float64. Values are checked against central differences of the float64
function (the derivative itself is computed in float64 and rounded once)."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import numeric_grad


def loss(x, y):
    return np.sum(np.sin(x) * y ** 2)


def elementwise(x, y):
    return np.sin(x) * y


def scalars(a, b):
    return a * b ** 2 + np.cos(a)


X = np.array([0.4, -1.2, 2.0], dtype=np.float32)
Y = np.array([1.5, 0.3, -0.8], dtype=np.float32)


def _want(f, args, pos):
    return numeric_grad(f, tuple(np.float64(a) if np.ndim(a) == 0 else np.asarray(a, np.float64) for a in args), pos)


def _same(got, want, dtype):
    assert type(got) is (np.ndarray if np.ndim(want) else dtype) and got.dtype == dtype
    np.testing.assert_allclose(np.float64(got), want, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("jit", [False, True])
def test_grad_value_and_grad_and_vjp(jit):
    gx, gy = s2sad.grad(loss, wrt=(0, 1), jit=jit)(X, Y)
    _same(gx, _want(loss, (X, Y), 0), np.float32)
    _same(gy, _want(loss, (X, Y), 1), np.float32)
    _, g = s2sad.value_and_grad(loss, jit=jit)(X, Y)
    _same(g, _want(loss, (X, Y), 0), np.float32)
    dout = np.ones(3, dtype=np.float32)
    v = s2sad.vjp(elementwise, jit=jit)(X, Y, dout)
    _same(v, np.cos(X.astype(np.float64)) * Y, np.float32)


@pytest.mark.parametrize("jit", [False, True])
def test_a_float64_argument_keeps_float64(jit):
    gx, gy = s2sad.grad(loss, wrt=(0, 1), jit=jit)(X, Y.astype(np.float64))
    assert gx.dtype == np.float32 and gy.dtype == np.float64


@pytest.mark.parametrize("jit", [False, True])
def test_numbers(jit):
    a, b = np.float32(0.7), np.float32(-1.3)
    ga, gb = s2sad.grad(scalars, wrt=(0, 1), jit=jit)(a, b)
    _same(ga, b ** 2 - np.sin(np.float64(a)), np.float32)
    _same(gb, 2 * np.float64(a) * b, np.float32)
    assert type(s2sad.grad(scalars)(0.7, -1.3)) is float


@pytest.mark.parametrize("jit", [False, True])
def test_jvp_and_hvp(jit):
    t = np.array([1.0, 0.5, -2.0], dtype=np.float32)
    _, dt = s2sad.jvp(elementwise, jit=jit)(X, Y, t)
    _same(dt, np.cos(X.astype(np.float64)) * Y * t, np.float32)
    h = s2sad.hvp(loss, jit=jit)(X, Y, t)
    _same(h, -np.sin(X.astype(np.float64)) * Y.astype(np.float64) ** 2 * t, np.float32)


@pytest.mark.parametrize("jit", [False, True])
@pytest.mark.parametrize("mode", ["fwd", "rev"])
def test_jacobian_blocks_follow_their_argument(mode, jit):
    jx, jy = s2sad.jacobian(elementwise, wrt=(0, 1), mode=mode, jit=jit)(X, Y.astype(np.float64))
    assert jx.dtype == np.float32 and jy.dtype == np.float64
    np.testing.assert_allclose(np.float64(jx), np.diag(np.cos(X.astype(np.float64)) * Y), rtol=1e-5)
    np.testing.assert_allclose(jy, np.diag(np.sin(X.astype(np.float64))), rtol=1e-5)
    j = s2sad.jacobian(scalars, mode=mode, jit=jit)(np.float32(0.7), np.float32(-1.3))
    assert type(j) is np.float32
