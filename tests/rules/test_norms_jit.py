"""np.linalg.norm under jit=True: matrix norms (ord 1, -inf, 2, 'nuc': the other numbers take the
same compiled helper) and vector norms (ord -inf, and inf along an integer axis) compiled by numba, value
and gradient, against finite differences and the Python adjoint, one compiled function per family
(each costs a numba compile)."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad

M = np.array([[1.0, 2.5, -0.5], [3.0, -4.0, 1.5], [0.2, -1.0, 2.0]])
X = np.array([0.3, -0.7, 1.2, 0.5, 2.1])
W = np.arange(1.0, 4.0)


def all_norms(x, m):
    # the matrix norms' gradients share one compiled helper for every number `ord` (1, -1, 2, -2, inf,
    # -inf: the other numbers run the same machine code, and the Python tests check them all), 'nuc'
    # its own; a vector norm along an axis one per axis form: a few calls cover what compiles
    return np.linalg.norm(m, 1) + 2.0 * np.linalg.norm(m, -np.inf) + np.linalg.norm(m, 2) ** 2 \
        + 1.5 * np.linalg.norm(m, "nuc") + np.linalg.norm(x, -np.inf) + np.sum(np.linalg.norm(m, np.inf, axis=0) * W)


@pytest.mark.jit
def test_norms_compiled():
    for m in (M, np.array([[5.0, 1.5, -0.5], [3.0, -1.0, 1.5], [0.2, -1.25, 6.0]])):   # other winners of 1 and -inf
        compiled = check_grad(all_norms, X, m, wrt=(0, 1), jit=True)
        for mine, theirs in zip(compiled, s2sad.grad(all_norms, wrt=(0, 1))(X, m)):
            np.testing.assert_allclose(mine, theirs, rtol=1e-10, atol=1e-12)
