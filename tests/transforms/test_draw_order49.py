"""A random draw is not pure (transforms/purity.pure): it advances its generator, so the optimizer
neither moves it past another draw (copy propagation of a value read once) nor drops it when its
value is not read (dead code). Both gave the function's other draws other numbers: a silently
wrong value and gradient on main before stop 49, in both modes and under jit."""
import numpy as np
import pytest

import s2sad

X = np.linspace(0.5, 1.0, 6)
RNG = np.random.default_rng(3)


def moved(x):
    a = RNG.normal()
    b = RNG.normal()
    return b * x[0] + 3.0 * a * x[1] + np.sum(x[2:])


def dead(x):
    a = RNG.normal()          # noqa: F841  (drawn and not read: the next draw depends on it)
    b = RNG.normal()
    return b * x[0] + np.sum(x[1:])


def legacy_moved(x):
    a = np.random.normal()
    b = np.random.normal()
    return b * x[0] + 3.0 * a * x[1] + np.sum(x[2:])


def local_moved(x):
    rng = np.random.default_rng(3)
    a = rng.normal()
    b = rng.normal()
    return b * x[0] + 3.0 * a * x[1] + np.sum(x[2:])


def expected(f):
    """f's value and gradient from the draws f itself makes."""
    state = RNG.bit_generator.state
    a, b = RNG.normal(), RNG.normal()
    RNG.bit_generator.state = state
    grad = [b, 3.0 * a] if f is not dead else [b, 1.0]
    return np.array(grad + [1.0] * 4)


@pytest.mark.parametrize("f", [moved, dead, local_moved])
@pytest.mark.parametrize("jit", [False, True])
def test_value_and_gradient_are_of_the_draws_in_order(f, jit):
    global RNG
    RNG = np.random.default_rng(3)
    want_grad = expected(f)
    want_value = f(X)
    RNG = np.random.default_rng(3)
    if f is local_moved and jit:
        pytest.skip("numba cannot make a generator (refused, test_local_generators49.py)")
    value, g = s2sad.value_and_grad(f, jit=jit)(X)
    assert value == pytest.approx(want_value, rel=1e-14)
    np.testing.assert_allclose(g, want_grad, rtol=1e-14)


@pytest.mark.parametrize("f", [moved, dead])
def test_forward_mode_keeps_the_order(f):
    global RNG
    RNG = np.random.default_rng(3)
    want_grad, want_value = expected(f), f(X)
    RNG = np.random.default_rng(3)
    value, t = s2sad.jvp(f)(X, np.ones(6))
    assert value == pytest.approx(want_value, rel=1e-14)
    assert t == pytest.approx(want_grad.sum(), rel=1e-14)


def test_numpy_global_state():
    np.random.seed(7)
    want = legacy_moved(X)
    np.random.seed(7)
    a, b = np.random.normal(), np.random.normal()
    np.random.seed(7)
    value, g = s2sad.value_and_grad(legacy_moved)(X)
    assert value == pytest.approx(want, rel=1e-14)
    np.testing.assert_allclose(g[:2], [b, 3.0 * a], rtol=1e-14)
