"""``max``/``min`` over a list of tuples (compared as CPython compares tuples: item by item from
the first that differs): ran with ``jit=False`` but was a located JitError under jit (the numba
helpers covered numbers only); ``max(zip(a, b))`` was refused (``frontend/functional.py`` lists
the zip first)."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp


def scored(x):
    pairs = [(x[0] ** 2, 1.0), (x[1] ** 2, 2.0), (x[2] ** 2, 3.0)]
    best = max(pairs)
    worst = min(pairs)
    return best[0] * best[1] + worst[0] * worst[1]


def ties_decided_by_the_second(x):
    pairs = [(1.0, x[0]), (1.0, x[1]), (0.5, x[2])]
    hi, lo = max(pairs), min(pairs)
    return hi[1] * 3.0 + lo[1]


def zipped(x):
    best = max(zip(x ** 2, x))
    low = min(zip(np.cos(x), x * 2.0))
    return best[1] * best[0] + low[0] * low[1]


X = np.array([0.3, -0.9, 0.5])
CASES = [scored, ties_decided_by_the_second, zipped]


@pytest.mark.parametrize("f", CASES)
def test_value_is_python_s(f):
    assert s2sad.value_and_grad(f)(X)[0] == pytest.approx(f(X))


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
@pytest.mark.parametrize("f", CASES)
def test_gradient(f, jit):
    check_grad(f, X, jit=jit)
    check_grad(f, np.array([-0.7, 0.2, 1.1]), jit=jit)


@pytest.mark.jit
def test_the_item_picked_under_jit_is_python_s():
    """Equal first items: the second decides (x[0] = 0.3 > x[1] = -0.9 for max; min picks (0.5, x2))."""
    g = s2sad.grad(ties_decided_by_the_second, jit=True)(X)
    assert np.allclose(g, [3.0, 0.0, 1.0])


@pytest.mark.parametrize("f", CASES)
def test_forward_mode(f):
    check_jvp(f, X, tangent=np.array([1.0, -2.0, 0.5]))


@pytest.mark.jit
@pytest.mark.parametrize("f", [scored, zipped])
def test_forward_mode_under_jit(f):
    """fuzz40 (seed of probe f6): the tangent of max/min over tuples was a located JitError under jit
    (``seq_extreme_tangent``'s numba helper covered lists of numbers only; its adjoint took tuples)."""
    check_jvp(f, X, tangent=np.array([1.0, -2.0, 0.5]), jit=True)
