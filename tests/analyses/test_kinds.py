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
