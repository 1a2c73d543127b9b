"""np.einsum under jit=True: numba has none, so s2sad compiles explicit loops from the constant
subscripts (backends/numba_helpers/numba_rules_einsum.py), for the value, the gradient and the tangent. One
compiled function covers the common subscripts (matrix products, contractions, traces,
diagonals, transposes, outer products, implicit output, three operands, a size-1 dimension
broadcast); '...' is refused with a JitError that says which subscripts compile."""
import numpy as np
import pytest

import s2sad
from s2sad.backends.jit import JitError
from s2sad.testing import check_grad, check_jvp

R = np.random.default_rng(3)
M, N, X = R.normal(size=(3, 3)), R.normal(size=(3, 4)), R.normal(size=3)


def einsums(m, n, x):
    return np.sum(np.einsum("ij,jk->ik", m, n) ** 2) + np.einsum("i,i", x, x) + np.einsum("ii", m) * 2.0 \
        + np.sum(np.einsum("ij,j->i", m, x) * x) + np.sum(np.einsum("ij->ji", n) ** 3) \
        + np.einsum("ij,ij,i->", m, m, x) + np.sum(np.einsum("ii->i", m) ** 2) + np.sum(np.einsum("ij,k", n, x) ** 2) \
        + np.einsum("ij,j->", x[:, None], n[0])


@pytest.mark.jit
def test_einsum_compiled_gradient_and_tangent():
    compiled = check_grad(einsums, M, N, X, wrt=(0, 1, 2), jit=True)
    for mine, theirs in zip(compiled, s2sad.grad(einsums, wrt=(0, 1, 2))(M, N, X)):
        np.testing.assert_allclose(mine, theirs, rtol=1e-10, atol=1e-12)
    check_jvp(einsums, M, N, X, tangent=(N[:, :3], N, X[::-1]), wrt=(0, 1, 2), jit=True)


def ellipsis(m):
    return np.sum(np.einsum("...j,j->...", m, m[0]))


@pytest.mark.jit
def test_einsum_ellipsis_is_refused_under_jit():
    with pytest.raises(JitError, match="subscripts"):
        s2sad.grad(ellipsis, jit=True)(M)
    check_grad(ellipsis, M)
