"""An index made by ``.astype(int)`` of a NumPy scalar, under jit (hunt55, issue 8): ``i =
n.astype(int); return x[i] ** 2`` with ``n = np.float64(1.0)`` failed to compile with "indexed
gradient accumulation with an index of type array(int64, 0d, C) is not supported": the frontend
writes ``np.array(n, dtype=int)`` (a 0-d array, as in NumPy) and numba's helpers take no 0-d array
as an index. numba's ``np.array`` of a number with an integer dtype now gives the integer NumPy's
``n.astype(int)`` gives (``numba_lists._integer_kind``), and ``add_at`` takes a 0-d integer array
(``x[np.array(1)]``); checked against finite differences, in grad and jvp. (A slice bound
``x[:k]`` of such a ``k`` failed likewise: "no implementation of the call slice(none,
array(int64, 0d, C))".)"""
import numpy as np
import pytest

from s2sad.testing import check_grad, check_jvp

N = np.float64(1.0)
X = np.array([0.5, 2.0, 3.0])
A = np.arange(1.0, 7.0).reshape(2, 3) / 3


def element(x, n):
    i = n.astype(int)
    return x[i] ** 2 * x[0]


def row(a, n):
    i = n.astype(int)
    return np.sum(a[i] ** 2)


def pair(a, n):
    i = np.array(n, dtype=np.int32)
    return a[i, 0] * a[0, i]


def written(x, n):
    i = n.astype(np.int64)
    y = x * 2.0
    y[i] = x[0] ** 3
    return np.sum(y * y)


def in_a_loop(x, n):
    s = 0.0
    for k in range(2):
        j = (n + k).astype(int)
        s = s + x[j] * x[k]
    return s


def slice_bound(x, n):
    k = np.array(n, dtype=int)
    return np.sum(x[:k]) * float(k) + np.max(x * np.maximum(k, 1))


def zero_d_index(x):
    i = np.array(1)
    return x[i] * x[0]


@pytest.mark.parametrize("f, args", [(element, (X, N)), (row, (A, N)), (pair, (A, N)), (written, (X, N)),
                                     (in_a_loop, (X, N)), (slice_bound, (X, N + 1.0)), (zero_d_index, (X,))],
                         ids=["element", "row", "pair", "written", "in_a_loop", "slice_bound", "zero_d_index"])
def test_integer_index_of_a_number_under_jit(f, args):
    check_grad(f, *args, jit=True)
    check_jvp(f, *args, tangent=np.ones_like(args[0]), jit=True)
