"""The refusal of a draw in a checkpointed loop advises drawing before the loop with the user's
own call (s2sad/transforms/purity.py ``_drawn_before``): it named the legacy
`np.random.normal(size=n)` to users of a `default_rng` generator (and of Python's `random`)."""
import random

import numpy as np
import pytest

import s2sad
from s2sad import UnsupportedSyntaxError


def generator_argument(x, rng):
    s = 0.0
    for i in range(4):
        s = s + x[i] * rng.normal(0.0, 1.0)
    return s


def local_generator(x):
    gen = np.random.default_rng(1)
    s = 0.0
    for i in range(4):
        s = s + x[i] * gen.uniform()
    return s


def python_random(x):
    s = 0.0
    for i in range(4):
        s = s + x[i] * random.gauss(0.0, 1.0)
    return s


X = np.array([0.5, -1.0, 2.0, 0.3])


@pytest.mark.parametrize("f, args, advice", [
    (generator_argument, (np.random.default_rng(0),), "`noise = rng.normal(..., size=n)`"),
    (local_generator, (), "`noise = gen.uniform(..., size=n)`"),
    (python_random, (), "`noise = [random.gauss(...) for _ in range(n)]`"),
], ids=["argument", "local", "python_random"])
def test_the_advice_names_the_users_draw(f, args, advice):
    with pytest.raises(UnsupportedSyntaxError) as err:
        s2sad.grad(f, checkpoint=2)(X, *args)
    text = str(err.value)
    assert advice in text and "np.random.normal" not in text
    assert f"line {f.__code__.co_firstlineno + 3 + (f is local_generator)}," in text
