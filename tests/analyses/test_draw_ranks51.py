"""The rank of a random draw comes from its ``size`` (s2sad/analyses/draw_ranks.py): a draw's
array aliased and updated in place (``f = e; f *= 2.0``, then ``e`` read) was refused as "cannot
tell whether `f` is an array or a number", because the shape analysis did not know the draw's
rank. Without ``size`` a draw of numbers is a number (never a 0-d array)."""
import numpy as np
import pytest

import s2sad


def size_int(x, rng):
    e = rng.normal(size=4)
    f = e
    f *= x[0]
    return np.sum(e * x)


def size_tuple(x, rng):
    e = rng.uniform(-1.0, 1.0, size=(2, 2))
    f = e
    f += x[:2]
    return np.sum(e @ x[2:])


def size_argument(x, rng, n):
    e = rng.standard_normal(n)
    f = e
    f *= x
    return np.sum(e * x)


def random_positional(x, rng):
    e = rng.random(4)
    f = e
    f *= 2.0
    return np.sum(e * x)


def integers_size(x, rng):
    e = rng.integers(0, 5, size=4)
    f = e
    f *= 2
    return np.sum(e * x)


def scalar_draw(x, rng):
    e = rng.normal()
    f = e
    f *= x[0]
    return e * x[1] + f


def legacy_size(x, rng):
    np.random.seed(2)
    e = np.random.normal(size=(2, 2))
    f = e
    f += x[:2]
    return np.sum(e @ x[2:])


X = np.array([0.7, -1.3, 0.4, 2.1])
CASES = [(size_int, ()), (size_tuple, ()), (size_argument, (4,)), (random_positional, ()),
         (integers_size, ()), (scalar_draw, ()), (legacy_size, ())]


def _rng():
    return np.random.default_rng(5)     # the same draws at every call


def _differences(f, extra, eps=1e-6):
    return np.array([(f(X + eps * e, _rng(), *extra) - f(X - eps * e, _rng(), *extra)) / (2 * eps)
                     for e in np.eye(len(X))])


@pytest.mark.parametrize("f,extra", CASES, ids=lambda c: getattr(c, "__name__", ""))
def test_value_grad_and_jvp(f, extra):
    want = _differences(f, extra)
    value, g = s2sad.value_and_grad(f)(X, _rng(), *extra)
    assert value == f(X, _rng(), *extra)
    np.testing.assert_allclose(g, want, rtol=1e-6, atol=1e-8)
    t = np.array([0.3, -0.7, 0.2, 1.1])
    _, dt = s2sad.jvp(f)(X, _rng(), *extra, tangent=t)
    np.testing.assert_allclose(dt, want @ t, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("f,extra", [CASES[0], CASES[2]], ids=lambda c: getattr(c, "__name__", ""))
def test_jit(f, extra):
    g = s2sad.grad(f, jit=True)(X, _rng(), *extra)
    np.testing.assert_allclose(g, _differences(f, extra), rtol=1e-6, atol=1e-8)
