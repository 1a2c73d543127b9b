"""numba versions of NumPy forms numba lacks (``backends/numba_helpers/numba_rules_missing.py``). Before,
each compiled with ``jit=False`` only (``jit=True``: a JitError, "numba has no `np.heaviside`",
"numba does not support `accumulate`", "np.sort is differentiated for 1-d arrays only", the
tangent of ``np.sort(A, axis=0)`` an internal numba AttributeError, "no implementation of the
call _impl(array(float64, 2d), array(int64, 2d))" for ``A @ idx``). Each: gradient against
central differences (and autograd where it has the function), jvp against the gradient, and
the compiled values against the Python ones."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp

IDX = np.array([[1, 2], [0, 3]])


def heaviside_weighted(x):
    return np.sum(np.heaviside(x, 0.5) * x ** 2) + np.sum(np.heaviside(x[0], x))


def running_max(x):
    return np.sum(np.maximum.accumulate(x) ** 2) + np.sum(np.fmax.accumulate(x) * x)


def running_min_of_rows(A):
    return np.sum(np.minimum.accumulate(A, axis=1) * np.arange(A.size).reshape(A.shape))


def sorted_columns(A):
    return np.sum(np.sort(A, axis=0) * np.arange(A.size).reshape(A.shape))


def sorted_rows(A):
    return np.sum(np.sort(A ** 3, axis=1) * np.arange(A.size).reshape(A.shape))


def times_integers(A):
    return np.sum((A @ IDX) ** 2) + np.sum(np.dot(IDX, A) * A)


V = np.array([0.5, -0.25])


def tensordot_forms(A):
    return (np.sum(np.tensordot(A, V, axes=1) ** 2) + np.tensordot(A, A * 0.5)
            + np.sum(np.tensordot(A.T, A, 1) * 0.3) + np.sum(np.tensordot(V, A[0], axes=0) ** 2))


X = np.array([0.3, -1.2, 0.0, 2.9, 0.7])
A = np.array([[0.3, -1.2], [0.7, 2.9], [-1.5, 0.2]])
B = np.array([[0.3, -1.2], [0.7, 2.9]])
CASES = [(heaviside_weighted, X, None), (running_max, X, None), (running_min_of_rows, A, None),
         (sorted_columns, A, "autograd"), (sorted_rows, A, "autograd"), (times_integers, B, None),
         (tensordot_forms, A, None)]   # autograd 1.7 disagrees with differences here


@pytest.mark.jit
@pytest.mark.parametrize("f, x, reference", CASES, ids=[c[0].__name__ for c in CASES])
def test_compiled_like_python(f, x, reference):
    grad = check_grad(f, x, jit=True, reference=reference)
    np.testing.assert_allclose(grad, s2sad.grad(f)(x), rtol=1e-12, atol=1e-14)
    tangent = np.linspace(-0.5, 0.8, x.size).reshape(x.shape)
    check_jvp(f, x, tangent=tangent, jit=True)
    np.testing.assert_allclose(s2sad.jvp(f, jit=True)(x, tangent), s2sad.jvp(f)(x, tangent), rtol=1e-12, atol=1e-14)


@pytest.mark.jit
def test_heaviside_values_as_numpy():
    def step(x, h):
        return np.heaviside(x, h) + np.heaviside(x[1], 0.25)
    x = np.array([np.nan, -1.0, 0.0, 2.0])
    value, tangent = s2sad.jvp(step, wrt=1, jit=True)(x, np.full(4, 0.5), np.ones(4))
    np.testing.assert_array_equal(value, np.heaviside(x, 0.5))
    np.testing.assert_array_equal(tangent[1:], [0.0, 1.0, 0.0])    # d/dh: 1 where x == 0


def maximum_then_accumulate(x):
    return np.sum(np.maximum(x, 0.1) * np.maximum.accumulate(x[::-1]))


@pytest.mark.jit
def test_accumulate_of_a_view():
    x = np.array([0.3, -1.2, 0.9, 2.9, 0.7])
    np.testing.assert_allclose(check_grad(maximum_then_accumulate, x, jit=True),
                               s2sad.grad(maximum_then_accumulate)(x), rtol=1e-12)
