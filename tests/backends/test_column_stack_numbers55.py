"""``np.c_[a, b]`` and ``np.column_stack((a, b))`` of plain numbers under ``jit=True``
(numba_rules_number_joins): numba has no ``np.column_stack`` of numbers, so the adjoint was a
JitError where ``jit=False`` worked; NumPy's value is one row ``(1, n)``, and its gradient gives each
number its item. Checked against central differences in both modes."""
import numpy as np
import pytest

from s2sad.testing import check_grad, check_jvp

X = np.array([0.3, 0.7, 1.1])


def c_of_numbers(x):
    return np.sum(np.c_[x[0], x[1] * x[2]] ** 2) + np.sum(np.column_stack((x[0], 2.0)) * x[1])


def column_stack_of_a_list(x):
    row = np.column_stack([x[0] * x[1], np.sin(x[2]), x[0]])
    return np.sum(row * np.array([[1.0, -2.0, 0.5]])) + row.shape[0]


@pytest.mark.parametrize("f", [c_of_numbers, column_stack_of_a_list], ids=lambda f: f.__name__)
@pytest.mark.parametrize("jit", [False, True])
def test_column_stack_of_numbers(f, jit):
    check_grad(f, X, jit=jit)
    check_jvp(f, X, tangent=np.array([0.1, -0.2, 0.3]), jit=jit)
