"""np.insert (``grads_arrays.py``/``tangents_arrays.py``, helpers ``insert_grad_arr`` and
``insert_grad_values`` in ``runtime_pieces.py``, numba versions in
``backends/numba_helpers/numba_rules_missing.py``): before, "no derivative rule for `insert`". The adjoint
of ``arr`` is the incoming adjoint without the inserted places, that of ``values`` the sum
over the places each of its items was put (NumPy broadcasts it into the slots), both found by
running np.insert on ids. Checked against central differences, autograd (which has
np.insert only through its own wrapper: not used), jvp against the gradient, hvp, and jit
against Python; ``axis=`` under jit is numba's refusal of the call itself (located)."""
import numpy as np
import pytest

import s2sad
from s2sad.backends.jit import JitError
from s2sad.testing import check_grad, check_hvp, check_jvp

JIT = [False, pytest.param(True, marks=pytest.mark.jit)]


def insert_number(x, v):
    return np.sum(np.insert(x, 1, v * 2.0) ** 2 * np.arange(5.0))


def insert_at_several(x, v):
    return np.sum(np.insert(x, [0, 2], v) ** 3)


def insert_one_broadcast(x, v):
    return np.sum(np.insert(x, [1, 3, 3], v[0] * x[0]) ** 2 * np.arange(7.0))


def insert_into_flattened(A, v):
    return np.sum(np.insert(A * 1.0, 2, v[0]) ** 2 * np.arange(7.0))


def insert_column(A, v):
    return np.sum(np.insert(A, 1, v, axis=1) ** 2 * np.arange(8.0).reshape(2, 4))


X = np.array([0.3, -1.2, 0.7, 2.9])
A = np.array([[0.3, -1.2, 0.5], [0.7, 2.9, -0.1]])
CASES = [(insert_number, X, 0.4), (insert_at_several, X, np.array([0.4, -0.6])),
         (insert_one_broadcast, X, np.array([0.4])), (insert_into_flattened, A, np.array([0.4]))]


@pytest.mark.parametrize("f, x, v", CASES, ids=[c[0].__name__ for c in CASES])
@pytest.mark.parametrize("jit", JIT)
def test_insert(f, x, v, jit):
    grads = check_grad(f, x, v, wrt=(0, 1), jit=jit)
    check_jvp(f, x, v, wrt=(0, 1), tangent=(np.ones_like(x), np.ones_like(v) * 0.5), jit=jit)
    if not jit:
        check_hvp(f, x, v, v=np.linspace(-1.0, 1.0, x.size).reshape(x.shape))
    else:
        for a, b in zip(grads, s2sad.grad(f, wrt=(0, 1))(x, v)):
            np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-14)


def test_insert_along_an_axis():
    check_grad(insert_column, A, np.array([0.4, -0.6]), wrt=(0, 1))
    check_jvp(insert_column, A, np.array([0.4, -0.6]), wrt=(0, 1), tangent=(np.ones((2, 3)), np.ones(2)))


@pytest.mark.jit
def test_insert_along_an_axis_is_numbas_refusal_under_jit():
    with pytest.raises(JitError, match="numba's `np.insert` does not take `axis=`"):
        s2sad.grad(insert_column, wrt=(0, 1), jit=True)(A, np.array([0.4, -0.6]))
