"""Lists built with append and read as arrays, by index or with sum (checked against finite differences)."""
import numpy as np
import pytest

from s2sad.testing import check_grad


def append_then_array(x):
    vals = []
    for i in range(3):
        vals.append(x * i)
    return np.sum(np.array(vals) ** 2)


def trajectory(x0, v0):
    xs = []
    x, v = x0, v0
    for _ in range(20):
        v = v - 0.1 * np.sin(x)
        x = x + 0.1 * v
        xs.append(x)
    return sum(xs) + xs[-1] * xs[3]


def stacked_rows(W):
    outs = []
    for i in range(W.shape[0]):
        outs.append(np.tanh(W[i] * 2.0))
    return np.sum(np.stack(outs) ** 2) + np.sum(outs[0])


def list_reset_per_outer_iteration(x):
    total = 0.0
    for j in range(3):
        vals = []
        for i in range(4):
            vals.append(x * (i + j))
        total = total + np.sum(np.array(vals) ** 2)
    return total


def literal_list(a, b):
    p = [a * 2.0, b]
    q = (a, b * b)
    return np.sum(np.array(p) * np.array(q)) + p[0] * q[1]


def iterate_list(x):
    vals = []
    for i in range(4):
        vals.append(np.sin(x * i))
    s = 0.0
    for v in vals:
        s = s + v * v
    return s


@pytest.mark.parametrize("func, args, wrt", [
    (append_then_array, (0.7,), 0),
    (trajectory, (0.5, 0.2), (0, 1)),
    (stacked_rows, (np.random.default_rng(1).normal(size=(3, 4)),), 0),
    (list_reset_per_outer_iteration, (0.3,), 0),
    (literal_list, (0.4, 1.3), (0, 1)),
    (iterate_list, (0.8,), 0),
])
def test_list_gradients(func, args, wrt):
    check_grad(func, *args, wrt=wrt)


def tuple_store_into_items(x):
    hidden = [x, x * 2.0]
    cell = np.zeros(2)
    for l in range(2):
        hidden[l], cell[l] = np.tanh(hidden[l]) * 3.0, hidden[l] * cell[l] + 1.0
    return hidden[0] * hidden[1] + np.sum(cell ** 2)


def test_tuple_assignment_into_items():
    check_grad(tuple_store_into_items, 0.4)


def determinant_of_a_nested_list(a, b):
    M = [[a, b], [b * a, a - b]]
    return M[0][0] * M[1][1] - M[0][1] * M[1][0]


@pytest.mark.parametrize("jit", [False, True])
def test_nested_list_of_numbers_read_by_double_index(jit):
    """``M = [[a, b], [c, d]]`` read as ``M[0][1]``: under jit, numba's zeros_like of the list
    of lists was a vector, and the adjoint's row update ``b_M[1, i]`` did not compile
    (JitError on legal code; hunt8, fns63 nested_list_matrix)."""
    check_grad(determinant_of_a_nested_list, 0.6, 1.7, wrt=(0, 1), jit=jit, reference="autograd")


def astype_numpy_float(x):
    return np.sum(x.astype(np.float64) ** 2) + np.sum(x.astype(float) * x) + np.float64(x[0]) * 3


@pytest.mark.parametrize("jit", [False, True])
def test_astype_of_a_numpy_float_type(jit):
    """``x.astype(np.float64)`` becomes ``np.array(x, dtype=np.float64)``; numba's stand-in for
    np.array took the builtin ``float`` as dtype but not NumPy's type (JitError on legal code;
    hunt8, fns63 astype_cast)."""
    check_grad(astype_numpy_float, np.array([0.3, -1.2, 0.8]), jit=jit)   # (autograd: no np.float64 of a box)


def _rotx(t):
    c, s = np.cos(t), np.sin(t)
    return np.array([[1, 0, 0], [0, c, -s], [0, s, c]])


def chain_with_a_translation_column(q, d):
    T = np.eye(4)
    for i in range(2):
        H = np.eye(4)
        H[:3, :3] = _rotx(q[i])
        H[:3, 3] = [d[i], 0.0, 0.1]
        T = T @ H
    return np.sum(T[:3, 3] ** 2) + T[1, 2]


@pytest.mark.parametrize("jit", [False, True])
def test_rows_of_different_dtypes_and_a_list_written_into_a_column(jit):
    """A rotation matrix from the rows ``[1, 0, 0]`` (integers) and ``[0, c, -s]`` did not
    compile (numba's np.array of arrays of different dtypes; the JitError named no line of the
    user's), and the adjoint of the list in ``H[:3, 3] = [d, 0.0, 0.1]`` was a number under jit
    (``b_t[0]`` of a float): hunt8, fns60 dh_chain."""
    check_grad(chain_with_a_translation_column, np.array([0.3, -0.8]), np.array([1.2, 0.4]), wrt=(0, 1),
               jit=jit)     # (autograd does not take item assignment)
