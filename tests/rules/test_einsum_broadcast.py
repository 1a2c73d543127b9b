"""np.einsum where another operand has a letter only with size 1 (broadcast against the
operand differentiated): the gradient wrt that operand must still have its full shape.
Found by the fuzz campaign (seed 1800059, `np.einsum('i,ij,j->', a, c[:, None], v)`):
einsum_grad returned the size-1 contraction, which was then summed as if broadcast, and
the derivative along the (4,) operand came out 4 times too small."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad


def column_times_vector(k0):
    return np.einsum('ij,j->', k0 + np.zeros((3, 1)), k0 + np.linspace(0.1, 1.0, 4))


def three_operands(k0):
    a = np.matmul(np.ones((3, 4)), k0 + np.zeros(4))
    c = (1.0 / np.exp(-(k0 + np.zeros(3))))[:, None]
    return np.einsum('i,ij,j->', a, c, np.linspace(0.1, 1.0, 4))


def arrays_wrt(v, c):
    return np.sum(np.einsum('ij,jk->ik', c[:, None], v[None, :] * v[:, None]) ** 2) \
        + np.einsum('i,i->', c[:1], v) + np.sum(np.einsum('ij,j->i', c[:, None], v) ** 2)


CASES = [(column_times_vector, (-0.165,), 0), (three_operands, (-0.165,), 0),
         (arrays_wrt, (np.array([0.3, -1.2, 0.8, 1.5]), np.array([0.7, -0.4, 1.1])), (0, 1))]


@pytest.mark.parametrize("f, args, wrt", CASES, ids=[c[0].__name__ for c in CASES])
def test_einsum_broadcast_python_mode(f, args, wrt):
    check_grad(f, *args, wrt=wrt)


@pytest.mark.jit
@pytest.mark.parametrize("f, args, wrt", CASES[:1], ids=[c[0].__name__ for c in CASES[:1]])
def test_einsum_broadcast_jit_is_refused_or_right(f, args, wrt):
    try:
        g = s2sad.grad(f, wrt=wrt, jit=True)(*args)
    except s2sad.S2sadError:
        return       # einsum under numba: a clear refusal (JitError) is allowed; a wrong number is not
    np.testing.assert_allclose(g, s2sad.grad(f, wrt=wrt)(*args), rtol=1e-12)
