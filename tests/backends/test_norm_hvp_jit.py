"""hvp of np.linalg.norm under jit=True: the second-order helpers (norm_grad_dx/dy) picked their
formula from `ord` at run time, which numba could not type (an AssertionError inside numba, so
`s2sad.hvp(f, jit=True)` of a rotation by a normalised quaternion or a polygon perimeter was
refused). One compiled function covers ord None, a number, and an integer axis."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_hvp

X = np.array([0.3, -0.7, 1.2, 0.5])
M = np.array([[1.0, 2.5, -0.5], [3.0, -4.0, 1.5]])


def norms(x, m):
    return np.linalg.norm(x) ** 3 + np.linalg.norm(x, 3) ** 2 + np.linalg.norm(x, 1) * np.linalg.norm(x) \
        + np.sum(np.linalg.norm(m, axis=1) ** 3)


@pytest.mark.jit
def test_norm_hvp_compiled_matches_python_and_differences():
    v = (np.array([0.5, 1.0, -0.3, 0.2]), np.array([[0.1, -0.2, 0.3], [0.4, 0.5, -0.6]]))
    compiled = check_hvp(norms, X, M, v=v, wrt=(0, 1), jit=True)
    python = s2sad.hvp(norms, wrt=(0, 1))(X, M, v)
    for mine, theirs in zip(compiled, python):
        np.testing.assert_allclose(mine, theirs, rtol=1e-10, atol=1e-12)


def matrix_two_norm(m):
    return np.linalg.norm(m, 2) ** 2


@pytest.mark.jit
def test_norm_hvp_compiled_refuses_matrix_two_norm():
    with pytest.raises(s2sad.S2sadError, match="second derivative of np.linalg.norm"):
        s2sad.hvp(matrix_two_norm, jit=True)(M, np.ones_like(M))


def nuclear(m):
    return np.linalg.norm(m, "nuc") ** 2


@pytest.mark.jit
def test_norm_hvp_compiled_refuses_nuclear_norm():
    with pytest.raises(s2sad.S2sadError, match="second-order rule for np.linalg.norm"):
        s2sad.hvp(nuclear, jit=True)(M, np.ones_like(M))
