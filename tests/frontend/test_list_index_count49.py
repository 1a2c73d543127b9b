"""`xs.index(v)` and `xs.count(v)` of a list (a tuple, a string) are ints whatever the items, so they
carry no derivative and are evaluated as written (frontend/methods.NONDIFF_METHODS). Refused on main
before stop 49 as "the method `.index()` on a value being differentiated" (hunt49's probes), also
for a list of ints where nothing is differentiated."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad

X = np.array([0.5, -0.3, 0.8, 0.2, 0.1, 0.4])


def rank_by_index(x):
    order = [3, 0, 2, 1]
    tot = 0.0
    for k in range(3):
        j = order.index(k)
        tot += x[order[j]] * x[order[-1]]
        order.remove(k)
    return tot


def weights_by_count(x):
    labels = [0, 1, 1, 2, 1]
    tot = 0.0
    for c in range(3):
        tot += x[c] * labels.count(c)
    return tot


def position_of_the_largest(x):
    vals = [x[0] * 2.0, x[1], x[2] ** 2]
    i = vals.index(max(vals))
    return vals[i] + x[3] * i


@pytest.mark.parametrize("f", [rank_by_index, weights_by_count, position_of_the_largest])
def test_index_and_count_are_ints(f):
    value, g = s2sad.value_and_grad(f)(X)
    assert value == f(X)
    check_grad(f, X)
    t = np.linspace(-1.0, 1.0, 6)
    np.testing.assert_allclose(s2sad.jvp(f)(X, t)[1], g @ t, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("f", [weights_by_count, position_of_the_largest])
def test_under_jit(f):
    np.testing.assert_allclose(s2sad.grad(f, jit=True)(X), s2sad.grad(f)(X), rtol=1e-12)
