"""``lst = x.tolist()`` kept in a name and then indexed, looped over, summed or zipped (issue 8,
stop 56) was refused ("the method `.tolist()` on a value being differentiated"): it is now the
list of the numbers ``x[k].item()`` (frontend/tolist_values.py, the loop header of
frontend/lower_loops.py, after the run-time check rules/runtime_checks.kept_items); grad, jvp and
jit=True against central differences. A matrix's tolist (a list of lists) is refused at its line
with what to write; an int array's gives ints, usable as indices."""
import math

import numpy as np
import pytest

import s2sad
from tests.forms54 import lifted_loop_tests

X = np.array([0.3, 1.2, -0.7, 2.1])
V = np.array([0.5, -1.0, 0.25, 2.0])


def indexed(x):
    lst = x.tolist()
    return lst[0] * lst[1] + lst[-1] ** 2


def looped(x):
    lst = (x * x).tolist()
    s = 0.0
    for v in lst:
        s += math.sin(v) * v
    return s


def summed(x):
    lst = x.tolist()
    return sum(lst) * lst[2] + sum([v ** 3 for v in lst])


def zipped(x):
    a = x.tolist()
    b = (2.0 * x[::-1]).tolist()
    s = 0.0
    for u, v in zip(a, b):
        s += u * v
    return s


def everything(x):
    lst = np.exp(x).tolist()
    s = sum(lst) + lst[1] * lst[3]
    for u, v in zip(lst, lst[1:]):  # noqa: RUF007  (the user idiom followed)
        s += u * v
    return s + sum(v * v for v in lst)


def int_indices(x):
    order = [2, 0, 3]
    idx = np.array(order).tolist()
    return x[idx[0]] * x[idx[1]] + len(idx) * x[idx[2]]


test_grad_and_jvp_against_differences, test_jit = lifted_loop_tests(
    [indexed, looped, summed, zipped, everything, int_indices], everything, X, V)


def the_list_is_a_copy(x):
    y = x.copy()
    lst = y.tolist()
    y[0] = 10.0
    return lst[0] * y[0]


def test_the_list_holds_the_numbers_when_tolist_ran():
    np.testing.assert_allclose(s2sad.grad(the_list_is_a_copy)(X), [10.0, 0.0, 0.0, 0.0])


def rows(x):
    m = x.reshape(2, 2).tolist()
    return m[0][1] * m[1][0]


@pytest.mark.parametrize("jit", [False, True])
def test_a_matrix_is_refused_at_its_line_saying_what_to_write(jit, tmp_path, monkeypatch):
    import numba
    monkeypatch.setenv("S2SAD_CACHE_DIR", str(tmp_path / "s"))
    monkeypatch.setattr(numba.core.config, "CACHE_DIR", str(tmp_path / "n"))
    with pytest.raises(s2sad.S2sadError, match=r"line \d+(.|\n)*m = x.reshape\(2, 2\).tolist\(\)(.|\n)*1-d array"):
        s2sad.grad(rows, jit=jit)(X)


def drawn_in_the_header(x):
    rng = np.random.default_rng(0)
    s = 0.0
    for v in (x[0] * rng.normal(size=3)).tolist():
        s += v
    return s + x[1] * rng.normal()


def test_the_receiver_of_tolist_is_evaluated_once():
    """Its run-time check read ``x[0] * rng.normal(size=3)`` a second time (stop 54's loop header):
    a second draw, so the value, and the gradient in ``x[1]``, came from other numbers than
    Python's (value 3.24 for 0.84, gradient [0.63, 1.30] for [0.63, 0.10])."""
    value, grad = s2sad.value_and_grad(drawn_in_the_header)(X)
    assert value == drawn_in_the_header(X)
    rng = np.random.default_rng(0)
    draws, last = rng.normal(size=3), rng.normal()
    np.testing.assert_allclose(grad, [np.sum(draws), last, 0.0, 0.0])
