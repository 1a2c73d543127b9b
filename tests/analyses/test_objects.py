"""analyses/objects.py: a derivative written into an object a class call made is refused; the same
object filled with values not differentiated is left alone."""
from collections import deque

import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad


class Grid:
    def __init__(self):
        self.cells = {}

    def __setitem__(self, k, v):
        self.cells[k] = v

    def __getitem__(self, k):
        return self.cells[k]


def into_a_deque(x):
    d = deque([0.0, 0.0])
    d[0] = x[0] * 2
    return d[0] + x[1]


def into_own_class(x):
    g = Grid()
    g[0] = x[0] ** 2
    return g[0] * x[1]


def into_a_copied_name(x):
    g = Grid()
    h = g
    h[1] = x[1]
    return h[1] + x[0]


def counted_in_own_class(x):
    g = Grid()
    g[0] = 2.0
    return np.sum(x ** 2) * g[0]


@pytest.mark.parametrize("f, made", [(into_a_deque, "deque(...)"), (into_own_class, "Grid(...)"),
                                     (into_a_copied_name, "Grid(...)")])
def test_derivative_written_into_an_object_is_refused_at_the_write(f, made):
    with pytest.raises(s2sad.UnsupportedSyntaxError, match="test_objects.py\", line") as info:
        s2sad.grad(f)(np.array([0.3, -0.7]))
    assert f"which `{made}` made" in str(info.value)


def test_object_filled_without_derivatives_is_left_alone():
    check_grad(counted_in_own_class, np.array([0.3, -0.7]))
