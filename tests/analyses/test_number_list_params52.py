"""A list or tuple parameter whose items are all numbers (``ratings = list(init)`` of
``init = (1500.0, 1520.0, 1480.0)``, then ``ratings[a] += k * (s - e)``): the update rebinds an
item, as for a list made of number displays (``analyses/number_lists.py``). It was refused with
"an array of the list `r` that may be the parameter `init` itself ... the update would change the
caller's array", which is not what the code does. The build key now records which list and tuple
arguments hold only numbers (``api_build.key_of``: ``("numbers", i, ...)``), such a parameter starts
as a number list, and a list filled by ``append`` in a loop is one too (its ``append`` and its loop
header were read as other uses). A list of arrays is still refused, and a refusal no longer
names a parameter of numbers as the array the list may hold."""
import numpy as np
import pytest

import s2sad
from s2sad.api_build import key_of
from s2sad.errors import UnsupportedSyntaxError
from s2sad.testing import check_grad, check_jvp

GAMES = [(0, 1, 1.0), (1, 2, 0.0), (2, 0, 0.5)]


def elo_ratings(k, init):
    r = list(init)
    for g in range(4):
        a, b = g % 3, (g + 1) % 3
        e = 1.0 / (1.0 + 10 ** ((r[b] - r[a]) / 400.0))
        r[a] += k * (1.0 - e)
        r[b] -= k * (1.0 - e)
    return r[0] - 2.0 * r[2]


def scores_copied(k, init):
    s = [v * 1.0 for v in init]
    s[0] += k * k
    s[1] *= k
    return s[0] * s[1] + s[2]


def elo_with_global_games(k, init):
    r = list(init)
    for a, b, s in GAMES:
        e = 1.0 / (1.0 + 10 ** ((r[b] - r[a]) / 400.0))
        r[a] += k * (s - e)
    return r[0] - r[2]


def rows_updated(k, init):
    r = list(init)
    r[0] += k
    return np.sum(r[0] * r[1])


@pytest.mark.parametrize("init", [(1500.0, 1520.0, 1480.0), [1500.0, 1520.0, 1480.0], (1500, 1520, 1480)],
                         ids=["tuple", "list", "ints"])
@pytest.mark.parametrize("f", [elo_ratings, scores_copied])
def test_list_of_numbers_parameter_updated_in_place(f, init):
    keep = list(init)
    check_grad(f, 24.0, init, wrt=0, eps=1e-4, rtol=1e-4)
    check_jvp(f, 24.0, init, tangent=1.0, wrt=0, eps=1e-4, rtol=1e-4)
    assert list(init) == keep


def test_the_key_tells_numbers_from_arrays():
    assert key_of((1.0, (1.0, 2))) == (0, None, ("tuples", 1), ("numbers", 1))
    assert key_of((1.0, [np.ones(2)])) == (0, None, ("lists", 1))
    g = s2sad.grad(scores_copied)
    assert np.isclose(g(2.0, [1.0, 2.0, 3.0]), 2 * 2.0 * 2.0 * 2.0 + (1.0 + 4.0) * 2.0)
    with pytest.raises(UnsupportedSyntaxError, match="may be the parameter `init` itself"):
        s2sad.grad(rows_updated)(1.0, [np.ones(2), np.ones(2)])


def test_a_refusal_does_not_name_a_parameter_of_numbers_as_an_array():
    with pytest.raises(UnsupportedSyntaxError) as info:
        s2sad.grad(elo_with_global_games)(24.0, (1500.0, 1520.0, 1480.0))
    assert "parameter `init` itself" not in str(info.value)
    assert "line" in str(info.value) and "r[a] += k * (s - e)" in str(info.value)
