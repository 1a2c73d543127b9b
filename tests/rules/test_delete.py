"""``np.delete``: its gradient puts the incoming gradient back at the places of the items
kept and 0 at the deleted ones; its tangent deletes from the tangent. Checked against central
differences in reverse mode (with and without jit: numba's np.delete takes no axis), forward
mode and second order. It was 'no derivative rule' (a recursive determinant by minors)."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_hvp, check_jvp

R = np.random.default_rng(4)
V, M = R.normal(size=6), R.normal(size=(3, 4))


def drop_some(v):
    return np.sum(np.delete(v, [0, 3]) ** 3) + np.sum(np.delete(v, 2) * v[:5])


def drop_a_slice(v):
    return np.sum(np.sin(np.delete(v * v, slice(1, 4))))


def drop_a_column(m):
    return np.sum(np.delete(m, 1, axis=1) ** 2 * np.arange(9.0).reshape(3, 3))


def drop_flat_of_a_matrix(m):
    return np.sum(np.delete(m, [0, 5, 11]) ** 3)


def det_by_minors(a):
    n = a.shape[0]
    if n == 1:
        return a[0, 0]
    s = 0.0
    for j in range(n):
        minor = np.delete(np.delete(a, 0, axis=0), j, axis=1)
        s += (-1) ** j * a[0, j] * det_by_minors(minor)
    return s


CASES = [(drop_some, V), (drop_a_slice, V), (drop_a_column, M), (drop_flat_of_a_matrix, M),
         (det_by_minors, M[:, :3])]


@pytest.mark.parametrize("f, x", CASES, ids=[c[0].__name__ for c in CASES])
def test_delete_gradient(f, x):
    check_grad(f, x)


def test_the_determinant_by_minors_is_the_determinant():
    a = M[:, :3]
    np.testing.assert_allclose(s2sad.grad(det_by_minors)(a), np.linalg.det(a) * np.linalg.inv(a).T, rtol=1e-10)


@pytest.mark.jit
@pytest.mark.parametrize("f, x", CASES[:2] + CASES[3:4], ids=["drop_some", "drop_a_slice", "drop_flat_of_a_matrix"])
def test_delete_gradient_compiled(f, x):
    check_grad(f, x, jit=True)


@pytest.mark.parametrize("f, x", CASES[:4], ids=[c[0].__name__ for c in CASES[:4]])
def test_delete_forward_and_second_order(f, x):
    check_jvp(f, x, tangent=R.normal(size=x.shape))
    check_hvp(f, x, v=R.normal(size=x.shape), rtol=1e-4, atol=1e-5)
