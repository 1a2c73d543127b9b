"""Random draws (transforms/purity.draws): a sweep draws once and differentiates the numbers it drew;
what runs the function again refuses them, located, instead of mixing two draws.

Before: `checkpoint=K` re-ran steps of a loop drawing `np.random.normal()` and returned a gradient
of other numbers than the value's (value-n/2 = -1.63, its gradient's sum-n = 0.94, where both are the
sum of the draws); `jacobian` and `hessian` filled each row from another draw."""
import random

import numpy as np
import pytest

import s2sad
from s2sad.errors import UnsupportedSyntaxError
from s2sad.transforms.purity import draws

RNG = np.random.default_rng(0)


def walk(x, n):
    total = 0.0
    for i in range(n):
        e = RNG.normal()
        total = total + x * e + 0.5 * x ** 2
    return total


def _noise(shape):
    return np.random.normal(size=shape)


def mixed(x):
    e = _noise(x.shape)          # in a helper: found once it is inlined
    return np.sin(x * e) + x[::-1] * e


def scalar(x):
    return np.sum(np.sin(x * np.random.normal(size=x.shape)))


def test_draws_knows_numpy_and_python_generators_and_nothing_else():
    assert all(draws(f) for f in (np.random.normal, np.random.rand, RNG.normal, random.gauss, random.random,
                                  np.random.RandomState(0).uniform))
    assert not any(draws(f) for f in (np.sin, np.sum, np.linalg.solve, len, max, None))


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
def test_a_draw_in_a_checkpointed_loop_is_refused_at_its_line(jit):
    with pytest.raises(UnsupportedSyntaxError) as err:
        s2sad.value_and_grad(walk, jit=jit, checkpoint=4)(1.0, 50)
    assert "random draw inside a checkpointed loop" in str(err.value) and "RNG.normal()" in str(err.value)


def test_the_same_loop_without_checkpointing_differentiates_the_numbers_it_drew():
    v, g = s2sad.value_and_grad(walk)(1.0, 50)
    assert np.isclose(v - 25.0, g - 50.0, rtol=1e-12)       # both are the sum of the 50 draws


@pytest.mark.parametrize("make", [
    lambda: s2sad.jacobian(mixed, mode="fwd"),
    lambda: s2sad.jacobian(mixed, mode="rev"),
    lambda: s2sad.hessian(scalar),
])
def test_sweeps_one_per_element_refuse_a_draw(make):
    with pytest.raises(UnsupportedSyntaxError) as err:
        make()(np.ones(3))
    assert "one sweep per element" in str(err.value) and "test_random_draws.py" in str(err.value)


def test_one_sweep_modes_take_the_draw():
    _, t = s2sad.jvp(scalar)(np.zeros(3), np.ones(3))      # d/dt sum(sin(t e)) at 0 = sum(e): a number
    assert np.isfinite(t)
    assert s2sad.hvp(scalar)(np.ones(3), np.ones(3)).shape == (3,)
