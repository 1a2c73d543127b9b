"""np.array of a list of rows, some lists of numbers and some vectors, under jit=True (hunt16).

A rotation matrix written as nested lists with a constant row (``[0.0, 0.0, 1.0]``) compiled
for ``grad`` but not for ``jvp``/``hvp``: forward mode writes the constant row's tangent as
``zeros_like(row)``, a vector, beside lists of numbers, and numba's np.array takes no such
mix (a JitError naming no line of the user's). numba_lists' array stacks it now."""
import numpy as np
import pytest

import s2sad
from s2sad.backends.errors import JitError
from s2sad.testing import check_grad, check_hvp, check_jvp


def rot_z_row_sum(y):
    Rz = [[np.cos(y), -np.sin(y), 0.0], [np.sin(y), np.cos(y), 0.0], [0.0, 0.0, 1.0]]
    R = np.array(Rz)
    return R[0, 0] + R[1, 0] ** 2 + np.sum(R @ np.array([1.0, 2.0, 3.0]))


def rpy(angles):
    r, p, y = angles
    Rx = [[1.0, 0.0, 0.0], [0.0, np.cos(r), -np.sin(r)], [0.0, np.sin(r), np.cos(r)]]
    Rz = [[np.cos(y), -np.sin(y), 0.0], [np.sin(y), np.cos(y), 0.0], [0.0, 0.0, 1.0]]
    v = np.array(Rz) @ np.array(Rx) @ np.array([1.0, 2.0, 3.0])
    return v[0] - v[2] ** 2 + p * v[1]


def list_and_vector_rows(x):
    M = np.array([[x[0], 2.0 * x[1]], x[1:] ** 2])
    return np.sum(M @ M)


def rows_of_different_lengths(x):
    M = np.array([[x[0], x[1]], x])
    return np.sum(M)


@pytest.mark.parametrize("jit", [False, True])
def test_forward_mode_of_a_rotation_with_a_constant_row(jit):
    value, _ = check_jvp(rot_z_row_sum, 0.3, tangent=1.0, jit=jit)
    assert value == rot_z_row_sum(0.3)
    a = np.array([0.1, 0.4, -0.3])
    check_hvp(rpy, a, v=np.array([0.3, -0.1, 0.2]), jit=jit, rtol=1e-4, atol=1e-6)
    check_jvp(rpy, a, tangent=np.array([1.0, 0.5, -2.0]), jit=jit)


@pytest.mark.parametrize("jit", [False, True])
def test_np_array_of_a_list_row_and_a_vector_row(jit):
    x = np.array([0.5, -1.2, 0.8])
    check_grad(list_and_vector_rows, x[:3], jit=jit)
    check_hvp(list_and_vector_rows, x[:3], v=np.array([1.0, 0.2, -0.4]), jit=jit, rtol=1e-4, atol=1e-6)


def test_rows_of_different_lengths_raise_numpys_error_under_jit():
    x = np.array([0.5, -1.2, 0.8])
    with pytest.raises(ValueError, match="inhomogeneous") as plain:
        rows_of_different_lengths(x)
    with pytest.raises(ValueError) as compiled:          # the user's own error, not a wrong answer
        s2sad.grad(rows_of_different_lengths, jit=True)(x)
    assert str(compiled.value) == str(plain.value)
    assert not isinstance(compiled.value, JitError)
