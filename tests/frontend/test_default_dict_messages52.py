"""A refusal of a ``defaultdict`` entry read with a key known only when the loop runs names what
the user wrote, ``acc[k]`` of a ``defaultdict``, not the ``acc.get(k, 0.0)`` that
``frontend/default_dicts.py`` reads it as (the quoted line was already the user's)."""
from collections import defaultdict

import numpy as np
import pytest

import s2sad


def accumulated_until_a_break(x):
    acc = defaultdict(float)
    for i, k in enumerate(("a", "b", "a")):
        if x[i] > 10.0:
            break
        acc[k] += x[i] * x[i]
    return acc["a"] * acc["b"]


@pytest.mark.parametrize("jit", [False, True])
def test_the_refusal_names_the_entry_written(jit):
    with pytest.raises(s2sad.UnsupportedSyntaxError) as err:
        s2sad.grad(accumulated_until_a_break, jit=jit)(np.array([0.3, -0.7, 0.5]))
    msg = str(err.value)
    assert "acc[k] += x[i] * x[i]" in msg and "line 17" in msg
    assert "`acc[k]` of a `defaultdict` with a key that is not a constant" in msg and ".get(" not in msg
