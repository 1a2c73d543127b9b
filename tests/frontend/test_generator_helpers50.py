"""A random generator passed to a helper that also gets a differentiated value draws there
(`def noise(rng, n, s): return s * rng.normal(size=n)`): the helper's parameter is marked a
generator from the caller's (analyses/generator_args.py, fuzz50). On main before stop 50 it
was refused ("the call `.normal()` of a value made or passed in the function") — left50's open
item."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad

X = np.array([0.3, -0.8, 1.1])


def noise(rng, n, s):
    return s * rng.normal(size=n)


def unit_noise(r, n):
    return r.standard_normal(n)


def scaled_noise(rng, n, s):
    return s * unit_noise(rng, n) + 1.0


def made_here(x):
    rng = np.random.default_rng(0)
    return np.sum(noise(rng, 3, x[0]) * x)


def through_two_helpers(x):
    rng = np.random.default_rng(1)
    return np.sum(scaled_noise(rng, 3, x[1]) * x)


def passed_in(x, rng):
    return np.sum(noise(rng, 3, x[0]) * x ** 2)


@pytest.mark.parametrize("f", [made_here, through_two_helpers])
def test_a_generator_made_here_drawn_in_a_helper(f):
    value, g = s2sad.value_and_grad(f)(X)
    assert value == f(X)      # the same draws
    check_grad(f, X)
    np.testing.assert_allclose(s2sad.jvp(f)(X, np.ones(3))[1], g.sum(), rtol=1e-12)


@pytest.mark.parametrize("jit", [False, True])
def test_a_generator_passed_in_drawn_in_a_helper(jit):
    g = s2sad.grad(passed_in, jit=jit)(X, np.random.default_rng(5))
    h = 1e-6
    fd = [(passed_in(X + h * e, np.random.default_rng(5)) - passed_in(X - h * e, np.random.default_rng(5))) / (2 * h)
          for e in np.eye(3)]
    np.testing.assert_allclose(g, fd, rtol=1e-6)
