"""The numba ``unbroadcast`` onto a 0-d array, under jit=True.

Its overload generated one loop per axis of the gradient and an ``out[j...] += g[i...]`` for the
target's axes: for a 0-d target (``a = np.array(lam)`` broadcast against a vector) that is
``out[] += g[i0,]``, a SyntaxError in ``<s2sad numba helper unbroadcast>`` that reached the user
as "numba could not compile the adjoint" (fuzz25's jit campaign, seed 38200011: ``np.array(lam) *
lam > lam`` in an ``np.select``). A 0-d array's adjoint is a number, as ``runtime.unbroadcast``
makes it. Checked against finite differences and jit=False (autograd's np.array of a traced
number is an object array: it cannot be the reference here)."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad

pytestmark = pytest.mark.jit

V = np.array([0.3, -0.2, 0.5])


def zero_d_against_a_vector(lam, v):
    a = np.array(lam)
    return np.sum(np.sin(a * v)) + np.sum((a + v) ** 2) + a * a * 0.5


@pytest.mark.parametrize("wrt", [0, (0, 1)])
def test_zero_d_array_broadcast_against_a_vector(wrt):
    check_grad(zero_d_against_a_vector, 0.7, V, wrt=wrt, jit=True)
    got = s2sad.grad(zero_d_against_a_vector, wrt=wrt, jit=True)(0.7, V)
    want = s2sad.grad(zero_d_against_a_vector, wrt=wrt)(0.7, V)
    for g, w in zip(got if wrt else [got], want if wrt else [want]):
        assert np.allclose(g, w, rtol=1e-12)
