"""``list([a, b])`` and ``list((a, b))`` are the list display ``[a, b]`` (frontend/desugar.py).
They were refused ("no derivative rule for `list`": 67 mode-runs of fuzz51's campaign), while
``list(t)`` of a tuple name was followed."""
import numpy as np
import pytest

from s2sad.testing import check_grad, check_jvp

X = np.array([0.7, -0.4, 1.1, 0.3])


def list_of_a_list_display_grown(x):
    L = list([x[0], x[1] * 2])
    L.append(x[2])
    return L[0] * L[1] + L[-1]


def list_of_a_tuple_display(x):
    return sum(list((x[0] ** 2, np.sin(x[1]))))


def list_of_a_display_in_a_conditional(x):
    L = list((x[0], x[1])) if x[2] > 0 else [x[2], x[2]]
    return L[0] * L[1]


def array_of_it(x):
    return np.sum(np.array(list([x[0], x[1]])) ** 2)


CASES = [list_of_a_list_display_grown, list_of_a_tuple_display, list_of_a_display_in_a_conditional, array_of_it]


@pytest.mark.parametrize("f", CASES, ids=lambda f: f.__name__)
def test_against_differences(f):
    check_grad(f, X)
    check_jvp(f, X, tangent=np.array([0.3, -0.1, 0.2, 0.5]))


@pytest.mark.jit
def test_jit():
    check_grad(list_of_a_list_display_grown, X, jit=True)
