"""``for v in x.tolist():`` over a 1-d float array (frontend/lower_loops.py, stop 54, issue 8) was
refused ("the method `.tolist()` on a value being differentiated"): the loop now binds
``v = float(x[k])`` (the items tolist gives) after a run-time check (rules/runtime_checks.flat_items)
that refuses a matrix with what to write; grad, jvp and jit=True against central differences.
``x.tolist()`` kept in a name is followed since stop 56 (test_tolist_values56.py)."""
import numpy as np
import pytest

import s2sad
from tests.forms54 import lifted_loop_tests

X = np.array([0.3, 1.2, -0.7, 2.1])
V = np.array([0.5, -1.0, 0.25, 2.0])


def cubes(x):
    s = 0.0
    for v in x.tolist():
        s += v ** 3
    return s


def enumerated(x):
    s = 0.0
    for k, v in enumerate((x * 2.0).tolist()):
        s += k * np.sin(v)
    return s


def zipped(x):
    s = 0.0
    for a, b in zip(x.tolist(), x[::-1].tolist()):
        s += a * b
    return s


test_grad_and_jvp_against_differences, test_jit = lifted_loop_tests([cubes, enumerated, zipped], zipped, X, V)


def rows_as_lists(x):
    s = 0.0
    for row in x.reshape(2, 2).tolist():
        s += row[0]
    return s


def test_a_matrix_is_refused_saying_what_to_write():
    with pytest.raises(s2sad.S2sadError, match=r"line \d+(.|\n)*1-d float array only(.|\n)*for row in x"):
        s2sad.grad(rows_as_lists)(X)
