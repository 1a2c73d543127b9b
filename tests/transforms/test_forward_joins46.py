"""Forward mode of ``a + b`` and ``a * n`` of lists or tuples (a join, a repetition): the
tangent rule of ``+`` is a sum, padded with ``zeros_like(result)`` where one side has no
tangent, which for lists joined the tangent list with a list of zeros of the whole result:
the items' tangents landed at the wrong positions (jvp 6.2 for 4.8, silent; fuzz seed 46010817
an internal broadcast error). Operands that surely are lists or tuples now join their
tangents as the values join (a side with no tangent gives one zero per item). Checked against
finite differences in jvp; reverse mode (grad, hvp) refuses the join, located — except, since
stop 47, a join of two lists the front end proves lists (``frontend/list_joins.py``)."""
import numpy as np
import pytest

import s2sad


def constant_first(c):
    a = [np.ones(2)]
    b = [c * np.ones(2)]
    vals = a + b
    return np.sum(vals[0] * c) + np.sum(vals[1] ** 2)


def two_shapes(c):
    a = [c * np.ones(2)]
    b = [np.ones(4)]
    vals = a + b
    return np.sum(vals[1] * c) + np.sum(vals[0])


def tuple_and_list_item(c):
    a = [(4, 2)]
    b = [np.ones(4) * c]
    vals = a + b
    return np.sum(vals[1] * c)


def tuples(c):
    a = (np.ones(2), 2.0)
    vals = a + (c * np.ones(2),)
    return np.sum(vals[0] * c) * vals[1] + np.sum(vals[2] ** 2)


def repeated(c):
    vals = 2 * [np.ones(2) * c, np.ones(3)]
    return np.sum(vals[2] * c) + np.sum(vals[3])


def extended_alias(c):
    vals = [(4, 2), c * np.ones(2) - c]
    rows = vals
    rows += [np.ones(4) * 0.5]
    return np.mean(rows[2] * c) + np.sum(vals[1])


CASES = [constant_first, two_shapes, tuple_and_list_item, tuples, repeated, extended_alias]


def _fd(f, c, h=1e-6):
    return (f(c + h) - f(c - h)) / (2 * h)


@pytest.mark.parametrize("f", CASES, ids=lambda f: f.__name__)
def test_jvp(f):
    value, tangent = s2sad.jvp(f)(0.7, 1.0)
    assert value == f(0.7)
    np.testing.assert_allclose(tangent, _fd(f, 0.7), rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("f", [constant_first, two_shapes, tuples], ids=lambda f: f.__name__)
def test_reverse_mode_of_a_join_of_two_local_lists(f):
    """Two local lists joined are the display ``[*a, *b]`` (frontend/list_joins.py, stop 47), two
    local tuples ``tuple([*a, *b])`` (frontend/tuple_joins.py, stop 48): reverse mode, and hvp's
    outer sweep, are exact (they were refused)."""
    np.testing.assert_allclose(s2sad.grad(f)(0.7), _fd(f, 0.7), rtol=1e-7, atol=1e-9)
    h = 1e-4
    second = (f(0.7 + h) - 2 * f(0.7) + f(0.7 - h)) / h ** 2
    np.testing.assert_allclose(s2sad.hvp(f)(0.7, 1.0), second, rtol=1e-4, atol=1e-4)
