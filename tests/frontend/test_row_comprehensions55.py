"""A comprehension over a global list of objects zipped with a parameter's rows (issue 8,
objects55; ``frontend/row_comprehensions.py``).

``sum(s.k * v for s, v in zip(SPRINGS, x))`` was refused on main at ``s.k`` ("the attribute
`.k` of a local value"), though the same ``for`` loop was followed: ``zip`` stops at the
shorter argument and ``x``'s length is known only when the function runs, so the copies cannot
be one display. The comprehension is now written as its loop (appending to a fresh list) where
it is the first thing its statement evaluates, and that loop is unrolled with its stops.
(test_global_lists54 checked the same form was refused; it is `weighted` here.)"""
import numpy as np
import pytest

from s2sad.testing import check_against_autograd, check_grad, check_jvp


class Spring:
    def __init__(self, k, rest):
        self.k, self.rest = k, rest

    def energy(self, r):
        return 0.5 * self.k * (r - self.rest) ** 2


SPRINGS = [Spring(1.0, 0.1), Spring(2.0, 0.2), Spring(3.0, 0.3)]
DOSES = [Spring(0.5, 0.0), Spring(1.5, 0.0), Spring(2.5, 0.0)]
X = np.array([0.3, -1.2, 0.8])
T = np.array([0.7, -0.4, 1.1])


def weighted(x):
    return sum(s.k * v for s, v in zip(SPRINGS, x))


def three_way(x):
    e = 1.0 + sum(s.energy(v) * d.k for s, d, v in zip(SPRINGS, DOSES, x))
    return e


def shorter_rows(x):          # zip stops after two items
    return sum(s.k * v for s, v in zip(SPRINGS, x[:2]))


def list_and_max(x):
    terms = [s.k * np.sin(v) for s, v in zip(SPRINGS, x)]
    m = max(s.k * v for s, v in zip(SPRINGS, x))
    return np.sum(np.array(terms)) + m


@pytest.mark.parametrize("fn", [weighted, three_way, shorter_rows, list_and_max])
def test_grad_jvp(fn):
    check_grad(fn, X.copy())
    check_jvp(fn, X.copy(), tangent=T)


def test_shorter_rows_stop_where_zip_stops():
    check_grad(shorter_rows, X.copy())
    check_grad(weighted, X[:2].copy())


def test_against_autograd():
    check_against_autograd(three_way, X.copy())


def test_jit():
    check_grad(three_way, X.copy(), jit=True)
