"""Rank inference (s2sad/analyses/kinds.py) on calls whose result rank depends on the argument's."""
import math

import numpy as np

from s2sad.testing import check_grad


def math_prod_of_a_matrix(S):
    rows = math.prod(S * 1.5)          # of a matrix: its rows multiplied, a vector
    return np.sum(rows * np.array([1.0, 2.0, 3.0])) - math.atan2(S[1, 1], 2.0) * rows[0] + math.prod(S[0])


def test_math_prod_of_a_matrix_is_a_vector():
    """`math.prod` was ranked as a number whatever its argument (a `math` function): the adjoint
    of the vector it returns then met `S[1, 1]` unbroadcast, and the generated code raised
    ValueError inside s2sad (fuzz seed 2403264)."""
    S = np.array([[0.5, 1.2, -0.7], [1.1, 0.9, 2.0], [0.3, -0.4, 1.5]])
    import autograd
    import autograd.numpy as anp

    def reference(S):
        rows = (S[0] * 1.5) * (S[1] * 1.5) * (S[2] * 1.5)
        return anp.sum(rows * anp.array([1.0, 2.0, 3.0])) - anp.arctan2(S[1, 1], 2.0) * rows[0] \
            + S[0, 0] * S[0, 1] * S[0, 2]
    np.testing.assert_allclose(check_grad(math_prod_of_a_matrix, S), autograd.grad(reference)(S), rtol=1e-10)


def gp_negative_log_likelihood(log_ell, X, y):
    d2 = (X[:, None] - X[None, :]) ** 2
    K = np.exp(-0.5 * d2 / np.exp(log_ell) ** 2) + 0.1 * np.eye(len(X))
    L = np.linalg.cholesky(K)
    alpha = np.linalg.solve(L.T, np.linalg.solve(L, y))
    return 0.5 * y @ alpha + np.sum(np.log(np.diag(L))) + np.sum(np.linalg.eigvalsh(K) ** 2)


def test_cholesky_keeps_its_arguments_rank():
    """`np.linalg.cholesky` had no rank (nor `eigvalsh`): `solve(L, y)` of its factor was then
    refused as maybe a stack of matrices, so a Gaussian-process likelihood written the textbook
    way could not be differentiated in either mode (hunt9, /work/scratch/user/fns70.py gp_nll)."""
    import autograd.numpy as anp
    X, y = np.linspace(0.0, 2.0, 5), np.array([0.3, -1.2, 0.5, 0.9, -0.4])

    def reference(log_ell, X, y):
        d2 = (X[:, None] - X[None, :]) ** 2
        K = anp.exp(-0.5 * d2 / anp.exp(log_ell) ** 2) + 0.1 * anp.eye(len(X))
        L = anp.linalg.cholesky(K)
        alpha = anp.linalg.solve(L.T, anp.linalg.solve(L, y))
        return 0.5 * y @ alpha + anp.sum(anp.log(anp.diag(L))) + anp.sum(anp.linalg.eigh(K)[0] ** 2)
    for jit in (False, True):
        check_grad(gp_negative_log_likelihood, 0.2, X, y, wrt=(0, 1, 2), jit=jit, rtol=1e-4,
                   reference=reference if not jit else None)
