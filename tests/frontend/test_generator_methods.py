"""A random generator made or passed in the differentiated function (`rng.normal(size=n)`) is
refused at its line with advice about drawing the numbers (frontend/methods.py), not as "a
method of one of your own objects"; a generator read as a global is called as it is."""
import numpy as np
import pytest

import s2sad
from s2sad.errors import UnsupportedSyntaxError

RNG = np.random.default_rng(0)


def passed_in(x, rng):
    return np.sum(x * rng.normal(size=x.shape))


def made_inside(x):
    rng = np.random.default_rng(1)
    return np.sum(x * rng.uniform(0.0, 1.0, x.shape))


def global_generator(x):
    return np.sum(x * RNG.normal(size=x.shape))


@pytest.mark.parametrize("f, args, call", [
    (passed_in, (np.ones(3), np.random.default_rng(0)), "`.normal()`"),
    (made_inside, (np.ones(3),), "`.uniform()`"),
])
def test_a_generator_in_the_function_is_refused_with_advice_about_draws(f, args, call):
    with pytest.raises(UnsupportedSyntaxError) as err:
        s2sad.grad(f, wrt=0)(*args)
    text = str(err.value)
    assert f"{call} of a random generator" in text and "pass them in" in text
    assert "own objects" not in text and "test_generator_methods.py" in text


def test_a_global_generator_draws_once_and_the_gradient_is_of_those_draws():
    state = RNG.bit_generator.state
    g = s2sad.grad(global_generator)(np.ones(3))
    RNG.bit_generator.state = state
    np.testing.assert_allclose(g, RNG.normal(size=3), rtol=1e-15)
