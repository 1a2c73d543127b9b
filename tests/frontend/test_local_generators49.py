"""A random generator made in the differentiated function (`rng = np.random.default_rng(seed)`, then
`rng.normal(size=n)`: Monte Carlo estimates, the reparameterisation trick, dropout masks) is followed
like a generator read as a global: each draw is a value with no derivative, drawn once in the sweep
(frontend/methods.generator_method). A draw whose parameters depend on the inputs has no rule and is
refused; one run again (a checkpointed loop, a Jacobian or Hessian by sweeps) is refused; under jit=True
numba draws from NumPy's own generator (the same numbers). A generator passed in as an argument is followed
the same way (the build key records it), also under jit; `hvp` also of a generator read as a global.
All refused on main before stop 49."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad

X = np.array([0.5, 0.8, 1.1, 0.3, 0.9, 0.7])


def reparameterised(x):
    rng = np.random.default_rng(11)
    mu, logvar = x[:3], x[3:]
    eps = rng.standard_normal(3)
    z = mu + np.exp(0.5 * logvar) * eps
    kl = -0.5 * np.sum(1 + logvar - mu ** 2 - np.exp(logvar))
    return np.sum(z ** 2) + kl


def monte_carlo_call(x):
    rng = np.random.default_rng(12)
    z = rng.normal(size=200)
    st = x[0] * np.exp(-0.5 * x[1] ** 2 + x[1] * z)
    return np.mean(np.maximum(st - 1.0, 0.0)) + x[2] * np.sum(x[3:])


def in_a_loop(x):
    rng = np.random.default_rng(3)
    y = x.copy()
    for _ in range(4):
        y = y + 0.1 * rng.normal(size=6) * y
    return np.sum(y ** 2)


def made_and_drawn_at_once(x):
    return np.sum(x * np.random.default_rng(0).normal(size=6))


def two_draws_in_order(x):
    rng = np.random.default_rng(3)
    a = rng.normal()
    b = rng.normal()
    return b * x[0] + 3.0 * a * x[1] + np.sum(x[2:])


def legacy_state_and_indices(x):
    rs = np.random.RandomState(4)
    idx = rs.randint(0, 6, size=4)
    return np.sum(x * rs.randn(6)) + np.sum(x[idx] ** 2)


def active_location(x):
    rng = np.random.default_rng(0)
    return rng.normal(x[0], 1.0) * x[1]


@pytest.mark.parametrize("f", [reparameterised, monte_carlo_call, in_a_loop, made_and_drawn_at_once,
                               two_draws_in_order, legacy_state_and_indices])
def test_grad_jvp_hvp_of_the_numbers_drawn(f):
    value, g = s2sad.value_and_grad(f)(X)
    assert value == f(X)                            # the same numbers as the function's own call
    check_grad(f, X)                                # each difference quotient draws the same numbers again
    t = np.linspace(-1.0, 1.0, 6)
    np.testing.assert_allclose(s2sad.jvp(f)(X, t)[1], g @ t, rtol=1e-10, atol=1e-12)
    grad = s2sad.grad(f)
    h = 1e-5
    np.testing.assert_allclose(s2sad.hvp(f)(X, t), (grad(X + h * t) - grad(X - h * t)) / (2 * h),
                               rtol=1e-5, atol=1e-7)


def test_the_gradient_is_of_the_draws_in_their_order():
    rng = np.random.default_rng(3)
    a, b = rng.normal(), rng.normal()
    np.testing.assert_allclose(s2sad.grad(two_draws_in_order)(X), [b, 3.0 * a, 1, 1, 1, 1], rtol=1e-15)
    noise = np.random.default_rng(0).normal(size=6)
    np.testing.assert_allclose(s2sad.grad(made_and_drawn_at_once)(X), noise, rtol=1e-15)


def test_a_draw_with_a_differentiated_parameter_has_no_rule():
    with pytest.raises(s2sad.NoDerivativeError) as info:
        s2sad.grad(active_location)(X)
    assert "rng.normal(x[0], 1.0)" in str(info.value) and "test_local_generators49.py" in str(info.value)


def test_draws_run_again_are_refused():
    with pytest.raises(s2sad.UnsupportedSyntaxError, match="random draw inside a checkpointed loop"):
        s2sad.grad(in_a_loop, checkpoint=2)(X)
    with pytest.raises(s2sad.UnsupportedSyntaxError, match="one sweep per element"):
        s2sad.hessian(reparameterised)(X)


def test_jit_draws_numpys_numbers():
    """Refused at the line until stop 56; numba now draws from NumPy's own generator
    (backends/numba_helpers/numba_random.py), so the compiled gradient is the jit=False one."""
    g = check_grad(reparameterised, X, jit=True)
    np.testing.assert_allclose(g, s2sad.grad(reparameterised)(X), rtol=1e-13)


def passed_in(x, rng):
    return np.sum(x ** 2 * rng.normal(size=6)) + rng.uniform() * x[0]


def legacy_passed_in(x, rs):
    return np.sum(x * rs.randn(6))


RNG = np.random.default_rng(5)


def global_generator(x):
    return np.sum(x ** 3 * RNG.normal(size=6))


@pytest.mark.parametrize("jit", [False, True])
def test_a_generator_passed_in(jit):
    z = np.random.default_rng(4).normal(size=6)
    value, g = s2sad.value_and_grad(passed_in, jit=jit)(X, np.random.default_rng(4))
    assert value == pytest.approx(passed_in(X, np.random.default_rng(4)), rel=1e-14)
    np.testing.assert_allclose(g[1:], 2 * X[1:] * z[1:], rtol=1e-13)
    if not jit:
        t = np.linspace(-1.0, 1.0, 6)
        np.testing.assert_allclose(s2sad.hvp(passed_in)(X, np.random.default_rng(4), t), 2 * z * t, rtol=1e-13)
        np.testing.assert_allclose(s2sad.jvp(passed_in)(X, np.random.default_rng(4), t)[1], g @ t, rtol=1e-13)


def test_a_legacy_random_state_passed_in():
    np.testing.assert_allclose(s2sad.grad(legacy_passed_in)(X, np.random.RandomState(2)),
                               np.random.RandomState(2).randn(6), rtol=1e-15)
    with pytest.raises(s2sad.S2sadError):       # numba has no RandomState
        s2sad.grad(legacy_passed_in, jit=True)(X, np.random.RandomState(2))


def test_hvp_of_a_global_generator():
    global RNG
    t = np.linspace(-1.0, 1.0, 6)
    RNG = np.random.default_rng(5)
    h = s2sad.hvp(global_generator)(X, t)
    np.testing.assert_allclose(h, 6 * X * np.random.default_rng(5).normal(size=6) * t, rtol=1e-13)
