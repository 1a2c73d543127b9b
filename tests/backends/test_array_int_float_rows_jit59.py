"""np.array of a nested list display mixing float and integer constants under jit=True (hunt59).

``np.array([[1.0, 2, 3], [2, 1, 2]])`` (a constant matrix whose first row has a float and the
others only integers, as users write them) failed to compile in every mode: numba types the rows
as one list of float lists, then cannot build the row of integers as one (numba says
AssertionError), a JitError after ~50 s of compiling. NumPy's array there is float64, so the
jit stage writes the integer constants of such a display as floats (``stand_ins._float_rows``);
a display with no float constant keeps its integers (an index array stays an integer array).
The same list display assigned to a name first (``T = [[0.9, 0.1, 0], [0, 1, 0]]``, then
``np.array(T)``) failed alike: the front end names each row, and ``_float_named_rows`` reads them."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_hvp, check_jvp


def transport_cost(P):
    C = np.array([[1.0, 2, 3], [2, 1, 2]])
    return np.sum(P * C) + np.sum(P ** 2 * np.array([[0.5, 0, -1], [2, 1, 0]]))


def asarray_rows(x):
    M = np.asarray([[1.0, 0, -2], [0, 1, 0]]) @ x
    return M @ M + np.sum(np.array(((0.5, 1), (2, 3))) @ M)


def markov_from_a_list(p):
    T = [[0.9, 0.1, 0], [0, 1, 0], [0.2, 0, 0.8]]
    v = np.ones(3) / 3
    for _ in range(3):
        v = v @ (np.array(T) * p)
    return np.sum(v) + T[2][0] * p


def rotate_then_index(x):
    R = np.array([[0.0, -1, 0], [1, 0, 0], [0, 0, 1]])
    idx = np.array([[0, 2], [1, 0]])
    y = R @ x
    return np.sum(y[idx] ** 2) + y[2] * x[0]


@pytest.mark.parametrize("jit", [False, True])
def test_constant_rows_of_floats_and_integers(jit):
    P = np.array([[0.2, -0.4, 1.1], [0.7, 0.3, -0.5]])
    check_grad(transport_cost, P, jit=jit)
    check_jvp(transport_cost, P, tangent=np.array([[1.0, 0.5, -2.0], [0.3, -0.1, 0.2]]), jit=jit)
    assert s2sad.value_and_grad(transport_cost, jit=jit)(P)[0] == pytest.approx(transport_cost(P))


@pytest.mark.parametrize("jit", [False, True])
def test_asarray_and_tuple_rows(jit):
    x = np.array([0.5, -1.2, 0.8])
    check_grad(asarray_rows, x, jit=jit)
    check_jvp(asarray_rows, x, tangent=np.array([1.0, 0.2, -0.4]), jit=jit)


@pytest.mark.parametrize("jit", [False, True])
def test_list_of_rows_named_then_made_an_array(jit):
    check_grad(markov_from_a_list, 0.7, jit=jit)
    check_jvp(markov_from_a_list, 0.7, tangent=1.0, jit=jit)


@pytest.mark.parametrize("jit", [False, True])
def test_integer_display_stays_an_index(jit):
    x = np.array([0.5, -1.2, 0.8])
    check_grad(rotate_then_index, x, jit=jit)
    check_hvp(rotate_then_index, x, v=np.array([1.0, 0.2, -0.4]), jit=jit, rtol=1e-4, atol=1e-6)
