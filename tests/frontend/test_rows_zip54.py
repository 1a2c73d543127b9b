"""``for a, b in zip(*rows)`` over the rows of a matrix or a list of lists (frontend/lower_loops.py,
stop 54, issue 8) was refused ("cannot count the arguments it unpacks"): the loop now runs over the
columns, as many times as zip yields tuples, with Python's ValueError where they would not unpack
(rules/runtime_checks.zip_count); grad, jvp and jit=True against central differences. One name
for the whole tuple (``for col in zip(*X)``) stays refused, with the forms to write."""
import numpy as np
import pytest

import s2sad
from tests.forms54 import lifted_loop_tests

X = np.array([0.3, 1.2, -0.7, 2.1, 0.5, -1.1])
V = np.array([0.5, -1.0, 0.25, 2.0, -0.3, 0.7])


def columns(x):
    M = x.reshape(2, 3)
    s = 0.0
    for a, b in zip(*M):
        s += a * b ** 2
    return s


def list_of_lists(x):     # (a display of known length: spread out already on main, stop 53)
    rows = [[x[0], x[1] * 2.0], [np.sin(x[2]), x[3]], [x[4], x[5]]]
    s = 0.0
    for a, b, c in zip(*rows):
        s += a * b + c ** 2
    return s


def list_built_in_a_loop(x):
    rows = []
    for i in range(2):
        rows.append([x[3 * i] * 2.0, np.cos(x[3 * i + 1]), x[3 * i + 2]])
    s = 0.0
    for a, b in zip(*rows):
        s += a * b
    return s


def with_enumerate_after(x):
    M = x.reshape(3, 2)
    out = 0.0
    for p, q, r in zip(*M):
        out += np.exp(p) * q - r
    for k, v in enumerate(M[0]):
        out += k * v
    return out


test_grad_and_jvp_against_differences, test_jit_compiles_the_columns_loop = lifted_loop_tests(
    [columns, list_of_lists, list_built_in_a_loop, with_enumerate_after], columns, X, V)


def too_many_rows(x):
    s = 0.0
    for a, b in zip(*x.reshape(3, 2)):
        s += a * b
    return s


def no_columns(x):
    s = np.sum(x)
    for a, b in zip(*x.reshape(3, 0)):
        s += a * b
    return s


def test_pythons_error_where_the_tuples_do_not_unpack_and_none_where_zip_is_empty():
    with pytest.raises(ValueError, match=r"too many values to unpack \(expected 2\)"):
        s2sad.grad(too_many_rows)(X)
    assert s2sad.grad(no_columns)(np.zeros(0)).shape == (0,)


def one_name(x):
    s = 0.0
    for col in zip(*x.reshape(3, 2)):
        s += col[0]
    return s


def test_one_name_for_the_tuple_stays_refused_with_the_forms():
    with pytest.raises(s2sad.UnsupportedSyntaxError, match=r"line \d+(.|\n)*for a, b in zip\(\*rows\)"):
        s2sad.grad(one_name)(X)
