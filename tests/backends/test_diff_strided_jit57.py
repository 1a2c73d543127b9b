"""``np.diff`` of a strided view under jit (jit57's fuzz sample, seed 57004:
``np.diff(np.linalg.norm(..., keepdims=True)[:, 0])``): numba's ``np.diff`` reshapes its argument
and had no version for a non-contiguous array, a JitError for the whole function."""
import numpy as np

import s2sad
from s2sad.testing import check_grad

A = np.cos(np.arange(12.0)).reshape(4, 3)


def column_differences(A):
    return np.sum(np.diff(A[:, 0]) ** 2) + np.sum(np.diff(A.T, 2) ** 2)


def test_diff_of_a_view_compiles_with_python_gradient():
    want = s2sad.grad(column_differences)(A)
    got = s2sad.grad(column_differences, jit=True)(A)
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)
    check_grad(column_differences, A, jit=True)
