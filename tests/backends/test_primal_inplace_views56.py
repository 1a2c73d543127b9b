"""An update ``z = z + c * B[1, :]`` in a loop, written in place under jit (backends/primal_inplace.py,
``update``): the view ``B[1, :]`` is hoisted into a name whose shape the branch's test reads, and
that name was bound inside the branch, after its test, so numba refused the whole adjoint
("Variable '_s2sad_p' is not defined", a JitError marked "probably") for an ordinary loop adding a
row of a matrix. Found by jit56's fuzz campaign (stop 56); fails before."""
import numpy as np
import pytest

import s2sad

pytestmark = pytest.mark.jit


def drift(B, q):
    q2 = np.zeros(5)
    r = q[0] * q[1]
    i = 0
    while True:
        r = r + 0.1 * np.tanh(r)
        i += 1
        if r > 2.0 or i >= 15:
            break
        q2 = q2 + 0.05 * B[1, :]
    q2[np.array([1, 0, 1])] -= q[2:] ** 2
    return q2[0] * r + np.sum(q2)


def _central(f, B, q, h=1e-6):
    out = np.zeros_like(q)
    for i in range(q.size):
        e = np.zeros_like(q)
        e[i] = h
        out[i] = (f(B, q + e) - f(B, q - e)) / (2 * h)
    return out


def test_an_update_by_a_row_of_an_inactive_matrix_compiles_and_is_exact():
    B = np.array([[0.3, -0.2, 0.5, 0.1, 0.2], [0.1, 0.4, -0.3, 0.2, 0.6]])
    q = np.array([0.5, 0.9, 2.0, 0.3, 0.7])
    B0, q0 = B.copy(), q.copy()
    compiled = s2sad.grad(drift, wrt=1, jit=True)(B, q)
    np.testing.assert_allclose(compiled, s2sad.grad(drift, wrt=1)(B, q), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(compiled, _central(drift, B, q), rtol=1e-6, atol=1e-8)
    np.testing.assert_array_equal(B, B0)
    np.testing.assert_array_equal(q, q0)
