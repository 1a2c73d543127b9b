"""``np.c_[a, b]`` of values was refused as an index trick ("is an item of an index trick ... whose
derivative s2sad does not follow") wherever a differentiated value reached it: a design matrix
``np.c_[np.ones(n), x]`` or two columns side by side. It is now the call it stands for
(frontend/index_tricks.py): ``np.concatenate`` along the last axis of each item made at least 2-d
as ``np.c_`` makes it (a number a 1x1 matrix, a vector a column, a matrix or an array of more axes
itself), so both modes follow it exactly; a slice or a string directive stays refused
(tests/frontend/test_index_tricks.py)."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_against_autograd, check_grad, check_hvp, check_jvp

X = np.array([0.3, 0.7, 1.1])
M = np.array([[0.1, -0.4], [0.5, 0.9], [1.3, -0.2]])


def columns(a):
    return np.sum(np.c_[a, 2.0 * a] ** 2 * np.array([1.0, -3.0]))


def design(a):
    A = np.c_[np.ones(3), a, a * a]                  # a constant column, a vector, its square
    return np.sum((A @ np.array([0.5, -1.0, 2.0]) - 1.0) ** 2)


def matrix_and_column(m):
    return np.sum(np.c_[m, m[:, 0] * 3.0] ** 3)


def numbers(a):
    return np.sum(np.sin(np.c_[a[0], a[1] * a[2], 2.0]) * np.array([[1.0, 2.0, 3.0]]))


def three_axes(t):
    return np.sum(np.c_[t, t[..., :1] * 2.0] ** 2 * np.arange(3.0))


CASES = [(columns, X), (design, X), (matrix_and_column, M), (numbers, X),
         (three_axes, np.arange(8.0).reshape(2, 2, 2) / 7)]
IDS = ["columns", "design", "matrix", "numbers", "three_axes"]


@pytest.mark.parametrize("f, x", CASES, ids=IDS)
def test_c_of_values_is_differentiated_in_both_modes(f, x):
    check_grad(f, x)
    check_jvp(f, x, tangent=np.cos(x + 1.0))
    check_hvp(f, x, v=np.sin(x), rtol=1e-4, atol=1e-6)


def test_c_values_match_numpy_and_autograd():
    assert s2sad.value_and_grad(design)(X)[0] == design(X)
    check_against_autograd(columns, X)


@pytest.mark.jit
@pytest.mark.parametrize("f, x", CASES[:3], ids=IDS[:3])
def test_c_of_arrays_compiles(f, x):
    check_grad(f, x, jit=True)


@pytest.mark.jit
def test_c_of_numbers_compiles():
    """A located JitError until stop 55 (numba_rules_number_joins: np.column_stack of numbers)."""
    check_grad(numbers, X, jit=True)


def mismatched(a):
    return np.sum(np.c_[a, np.ones(2)])


def test_c_of_mismatched_pieces_raises_numpys_error():
    with pytest.raises(ValueError):
        s2sad.grad(mismatched)(X)
