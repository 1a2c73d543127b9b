"""``checkpoint=K`` under jit with a tuple or namedtuple loop state (``s = P(x[0], x[1])`` then
``s = step(s)``) was a JitError: the drivers snapshot the state with ``np.copy`` (an array, where
the loop makes a tuple), and the step's adjoint, which receives ``s`` as a parameter, taped it as
an array (``shape_tape`` of a tuple). A state bound to a tuple display is now kept whole: its
snapshot is ``snapshot(s)`` (a tuple of copies) and the step's kinds count it among the lists and
tuples, which the array tapes leave as lists (``transforms/checkpoint.py``,
``backends/array_tapes.py``). Values against central differences, with and without jit."""
from collections import namedtuple

import numpy as np
import pytest

import s2sad
from s2sad.testing import numeric_grad

P = namedtuple("P", "pos vel")


def drift(s):
    return P(s.pos + 0.1 * s.vel, s.vel - 0.1 * np.sin(s.pos))


def named_helper(x):
    s = P(x[0], x[1])
    for _ in range(20):
        s = drift(s)
    return s.pos ** 2 + s.vel


def leap(s, dt):
    v = s.vel - dt * np.sin(s.pos)
    return P(s.pos + dt * v, v)


def named_arrays(x):
    s = P(x.copy(), np.zeros_like(x))
    for _ in range(12):
        s = leap(s, 0.1)
    return np.sum(s.pos ** 2) + np.sum(s.vel)


def inline_tuple(x):
    s = (x[0], x[1])
    for _ in range(15):
        s = (s[0] + 0.1 * np.cos(s[1]), s[1] * 0.95 + 0.1 * s[0])
    return s[0] * s[1]


def while_state(x):
    s = P(x[0], x[1])
    k = 0
    while k < 9:
        s = P(s.pos + 0.1 * s.vel, s.vel - 0.1 * s.pos ** 3)
        k += 1
    return s.pos + 2.0 * s.vel


CASES = [(named_helper, np.array([0.4, 0.9])), (named_arrays, np.array([0.3, -0.6, 1.0])),
         (inline_tuple, np.array([0.4, 0.9])), (while_state, np.array([0.4, 0.9]))]


@pytest.mark.parametrize("f, x", CASES, ids=[f.__name__ for f, _ in CASES])
@pytest.mark.parametrize("jit", [False, True], ids=["python", "jit"])
def test_a_tuple_state_is_checkpointed_exactly(f, x, jit):
    got = s2sad.grad(f, checkpoint=3, jit=jit)(x)
    np.testing.assert_allclose(got, numeric_grad(f, (x,), 0), rtol=1e-6, atol=1e-9)
