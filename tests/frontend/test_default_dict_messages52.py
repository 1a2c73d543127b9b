"""A refusal of a ``defaultdict`` entry read with a key known only when the loop runs names what
the user wrote, ``acc[k]`` of a ``defaultdict``, not the ``acc.get(k, 0.0)`` that
``frontend/default_dicts.py`` reads it as (the quoted line was already the user's). A loop that
may stop early is followed with its keys read at run time (``frontend/runtime_keys.py``); a read
of the dict in a conditional expression is still refused."""
from collections import defaultdict

import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad


def accumulated_until_a_break(x):
    acc = defaultdict(float)
    for i, k in enumerate(("a", "b", "a")):
        if x[i] > 10.0:
            break
        acc[k] += x[i] * x[i]
    return acc["a"] * acc["b"]


def read_in_a_conditional(x):
    acc = defaultdict(float)
    for i, k in enumerate(("a", "b", "a")):
        if x[i] > 10.0:
            break
        acc[k] += x[i] * x[i]
    return acc["a"] * acc["b"] if x[0] > 0 else acc["a"]


@pytest.mark.parametrize("jit", [False, True])
def test_a_loop_that_may_break_is_followed(jit):
    x = np.array([0.3, -0.7, 0.5])
    check_grad(accumulated_until_a_break, x)
    a, b = x[0] ** 2 + x[2] ** 2, x[1] ** 2
    np.testing.assert_allclose(s2sad.grad(accumulated_until_a_break, jit=jit)(x),
                               [2 * x[0] * b, 2 * x[1] * a, 2 * x[2] * b], rtol=1e-12)


@pytest.mark.parametrize("jit", [False, True])
def test_the_refusal_names_the_entry_written(jit):
    with pytest.raises(s2sad.UnsupportedSyntaxError) as err:
        s2sad.grad(read_in_a_conditional, jit=jit)(np.array([0.3, -0.7, 0.5]))
    msg = str(err.value)
    assert "acc[k] += x[i] * x[i]" in msg and "line 29" in msg
    subject = "`acc[k]` of a `defaultdict` with a key that is not a constant"
    assert subject in msg and ".get(" not in msg.split(subject)[0]     # (the advice may name .get)
