"""Under jit, `x[...]` read in the function: its adjoint writes `b_x[...] += v`, which numba cannot
compile (no getitem with an ellipsis alone); the jit lowering now writes it `b_x[...] = b_x + v`
(backends/numba_lower._WholeReads). On main: a located JitError (lang43 ellipsis_jit.py)."""
import numpy as np
import pytest

from s2sad.testing import check_grad, check_hvp


def ellipsis_reads(A):
    B = A[...] * 2.0
    return np.sum(B * A[..., 0:1]) + np.sum(A[...] ** 2) + np.sum(A[...] * A[None][0])


A = np.array([[0.31, -0.73, 1.13], [0.47, -1.29, 0.87]])


@pytest.mark.jit
def test_ellipsis_reads_compile():
    check_grad(ellipsis_reads, A, jit=True)
    check_hvp(ellipsis_reads, A, v=np.linspace(-1.0, 1.0, 6).reshape(2, 3), jit=True, rtol=1e-4)
