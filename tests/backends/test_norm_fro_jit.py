"""``np.linalg.norm(M, 'fro')`` under jit=True where s2sad's lowering cannot tell that ``M`` is a
matrix (here the result of ``np.matmul``, in a branch test: fuzz seed 7107000). numba's
``np.linalg.norm`` types a string ``ord`` and then raises "Invalid norm order for matrices" at
run time; the overload of ``numba_rules_norms`` computes it when numba knows the rank (2: the
default norm); of a vector it raises NumPy's own ValueError, as the function does without s2sad."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad

Y = np.array([0.3, -0.2, 0.5])
B = np.arange(12.0).reshape(4, 3) / 7


def fro_in_a_branch(y, b):
    s = np.sum(y ** 2)
    if np.linalg.norm(np.maximum(np.matmul(b, np.ones((3, 4)) * 0.1), 0.0), 'fro') > 0.59:
        s = s + np.sum(b ** 2)
    return s + np.linalg.norm(np.matmul(b, np.ones((3, 4))), ord='fro')


@pytest.mark.jit
def test_fro_of_a_matrix_of_unknown_rank_compiles_and_matches():
    compiled = check_grad(fro_in_a_branch, Y, B, wrt=(0, 1), jit=True)
    python = s2sad.grad(fro_in_a_branch, wrt=(0, 1))(Y, B)
    for mine, theirs in zip(compiled, python):
        np.testing.assert_allclose(mine, theirs, rtol=1e-12, atol=1e-14)


def fro_of_a_vector(v):
    return np.linalg.norm(v * 2.0, 'fro')


@pytest.mark.jit
def test_fro_of_a_vector_raises_numpys_error():
    with pytest.raises(ValueError, match="Invalid norm order 'fro' for vectors"):
        fro_of_a_vector(Y)
    with pytest.raises(ValueError, match="Invalid norm order 'fro' for vectors"):
        s2sad.grad(fro_of_a_vector, jit=True)(Y)
