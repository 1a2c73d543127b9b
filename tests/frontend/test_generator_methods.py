"""A random generator made in the differentiated function (`rng.normal(size=n)`) draws once; a local
holding generators of two classes is refused at its line with advice about drawing the numbers
(frontend/methods.py), not as "a method of one of your own objects"; an argument whose method has a generator's name and that is not given a generator may be either, and
the refusal says both; a generator passed in draws; a generator read as a global is called as it is."""
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


def two_kinds(x, legacy):
    rng = np.random.default_rng(1)
    if legacy:
        rng = np.random.RandomState(1)
    return np.sum(x * rng.uniform(0.0, 1.0, x.shape))


def test_a_generator_made_in_the_function_draws_once():
    # Refused until stop 49; now followed like a global generator (test_local_generators49.py).
    g = s2sad.grad(made_inside)(np.ones(3))
    np.testing.assert_allclose(g, np.random.default_rng(1).uniform(0.0, 1.0, 3), rtol=1e-15)


def test_a_local_of_two_kinds_of_generator_is_refused_with_advice_about_draws():
    with pytest.raises(UnsupportedSyntaxError) as err:
        s2sad.grad(two_kinds)(np.ones(3), False)
    text = str(err.value)
    assert "`.uniform()` of a random generator made in the function" in text and "pass them in" in text
    assert "own objects" not in text and "test_generator_methods.py" in text


class Scaler:
    def normal(self, x):
        return 2.0 * x


def own_object_passed_in(x, q):
    return np.sum(q.normal(x))


def rebound(x, seed):
    rng = np.random.default_rng(seed)
    rng = Scaler()
    return np.sum(rng.normal(x))


@pytest.mark.parametrize("f, arg", [(own_object_passed_in, Scaler()), (rebound, 0)])
def test_an_argument_with_a_generators_method_name_is_refused_naming_both(f, arg):
    """Before (meth25): `q.normal(x)` of the user's own object was reported as "the call `.normal()`
    of a random generator", with advice about draws only."""
    with pytest.raises(UnsupportedSyntaxError) as err:
        s2sad.grad(f, wrt=0)(np.ones(3), arg)
    text = str(err.value)
    assert "`.normal()` of a value made or passed in the function" in text
    assert "pass them in" in text and "own objects" in text and "`self` or a global" in text


def test_a_generator_passed_in_draws_once():
    # Refused until stop 49 (its class was unknown); the build key now records generator arguments.
    g = s2sad.grad(passed_in)(np.ones(3), np.random.default_rng(0))
    np.testing.assert_allclose(g, np.random.default_rng(0).normal(size=3), rtol=1e-15)


def test_a_global_generator_draws_once_and_the_gradient_is_of_those_draws():
    state = RNG.bit_generator.state
    g = s2sad.grad(global_generator)(np.ones(3))
    RNG.bit_generator.state = state
    np.testing.assert_allclose(g, RNG.normal(size=3), rtol=1e-15)
