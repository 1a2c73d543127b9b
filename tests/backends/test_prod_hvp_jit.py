"""hvp of np.prod under jit=True: the second-order helpers prod_grad_dx/dy moved axes with `...`
indexing and called runtime._expand, which has no numba version, so `s2sad.hvp(f, jit=True)` of
an entropy plus np.prod(a[0]) was refused under jit only. Checked against the Python hvp and
differences of the gradient, with a zero among the factors (the exact product of the others)."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_hvp

A = np.array([[0.5, -1.2, 2.0], [1.5, 0.0, -0.7], [0.3, 0.8, 1.1]])


def products(a):
    return np.prod(a[0]) + np.sum(np.prod(a, axis=0) * np.arange(1.0, 4.0)) \
        + np.sum(np.prod(a, axis=1, keepdims=True) * a) + np.prod(a)


@pytest.mark.jit
def test_prod_hvp_compiled():
    v = np.array([[0.1, -0.2, 0.3], [0.4, 0.5, -0.6], [0.7, -0.8, 0.9]])
    compiled = check_hvp(products, A, v=v, jit=True)
    np.testing.assert_allclose(compiled, s2sad.hvp(products)(A, v), rtol=1e-10, atol=1e-12)
