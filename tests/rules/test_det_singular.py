"""``np.linalg.det`` at singular matrices, where its gradient (the cofactor matrix, the
transposed adjugate) exists but ``det(x) inv(x)^T`` does not: rank n-1 gives a rank-one
cofactor matrix, rank <= n-2 gives exactly 0. Fuzz campaign seed 909646 (finding
``det_of_rank_one_matrix_nan``): a rank-one 3x3 with entries near 1e134 had, from the unpruned
SVD, a "cofactor matrix" of rounding noise near 1e252, which overflowed once scaled by the chain
rule and gave NaN where the gradient is 0. Checked against central differences in reverse and
forward mode, with and without jit; autograd's own rule is ``det * inv(x).T`` (inf/NaN at a
singular matrix), so it is the reference only where the matrix is invertible."""
import numpy as np
import pytest

import s2sad

from s2sad.backends.errors import JitError
from s2sad.rules.runtime import det_grad
from s2sad.testing import check_grad, check_jvp


def det(A):
    return np.linalg.det(A)


def det_of_repeated_columns(A):
    # the campaign's program, reduced: every column of the matrix is the same, its entries ~1e125
    return np.linalg.det(np.cosh((A @ np.ones((4, 3))) ** 2))


def _low_rank(n, rank, seed):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, rank)) @ rng.standard_normal((rank, n))


SINGULAR = [(n, rank) for n in (2, 3, 4) for rank in (n - 1, n - 2)]


@pytest.mark.parametrize("n, rank", SINGULAR)
@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
def test_det_gradient_at_singular_matrix(n, rank, jit):
    A = _low_rank(n, rank, seed=10 * n + rank)
    g = check_grad(det, A, jit=jit)
    assert np.linalg.matrix_rank(g) == (1 if rank == n - 1 else 0)   # the adjugate's rank


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
def test_det_gradient_of_overflowed_matrix_is_nan_not_an_error(jit):
    # det(x) is NaN when x holds inf; its gradient is NaN too (numpy's svd would raise).
    # Under jit numba's det itself refuses such a matrix: a located JitError, not a number.
    A = np.array([[1.0, 2.0], [3.0, 4.0]])
    g = s2sad.grad(lambda A: np.linalg.det(np.exp(A * 1000.0)), jit=jit)
    if jit:
        with pytest.raises(JitError, match="Array must not contain infs"):
            g(A)
    else:
        assert np.all(np.isnan(g(A)))


@pytest.mark.parametrize("n, rank", SINGULAR)
@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
def test_det_tangent_at_singular_matrix(n, rank, jit):
    A = _low_rank(n, rank, seed=10 * n + rank)
    check_jvp(det, A, tangent=_low_rank(n, n, seed=n), jit=jit)


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
def test_det_of_repeated_columns_has_zero_gradient(jit):
    A = np.array([[4.1, 4.0, 4.2, 4.3], [3.9, 4.4, 4.1, 4.0], [4.2, 4.1, 3.8, 4.3]])
    g = check_grad(det_of_repeated_columns, A, jit=jit)
    assert np.all(g == 0.0)          # exactly: rank 1, every cofactor vanishes
    check_jvp(det_of_repeated_columns, A, tangent=np.ones((3, 4)), jit=jit)


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
def test_det_gradient_of_invertible_matrix_matches_autograd(jit):
    import autograd
    import autograd.numpy as anp
    A, T = _low_rank(3, 3, seed=7), _low_rank(3, 3, seed=8)
    check_grad(det, A, jit=jit, reference=lambda A: anp.linalg.det(A))
    _, tout = check_jvp(det, A, tangent=T, jit=jit)
    # autograd has no forward rule for det: its gradient along the tangent instead
    np.testing.assert_allclose(tout, np.sum(autograd.grad(anp.linalg.det)(A) * T), rtol=1e-10)


def test_det_gradient_of_a_stack_with_singular_members():
    # jit=False handles stacks: the cheap path is taken only when every matrix is well conditioned
    S = np.stack([_low_rank(3, 3, seed=1), _low_rank(3, 2, seed=2), np.zeros((3, 3))])
    check_grad(lambda S: np.sum(np.linalg.det(S) * np.array([1.0, 2.0, 3.0])), S)
    g = det_grad(np.ones(3), np.linalg.det(S), S)
    assert np.all(g[2] == 0.0) and np.linalg.matrix_rank(g[1]) == 1


def test_nearly_singular_matrix_takes_the_svd_path_accurately():
    # det(x) inv(x)^T of a matrix of condition ~1e13 loses digits; the SVD cofactors do not
    A = _low_rank(3, 2, seed=3) + 1e-13 * np.eye(3)
    check_grad(det, A, atol=1e-8)


def log_det_of_graded_matrix(coef):
    # fuzz campaign seed 1703535, minimized: exp of a rank-one product is a graded matrix of
    # condition ~6e17 whose small singular values are accurate (LU and the SVD agree on its
    # determinant, 4.03e26, to 9 digits); they were pruned as noise and the gradient read 0
    v2 = coef * 1.0
    v2[1:] += coef[1:]
    return np.log(np.linalg.det(np.exp(np.outer(v2, v2) @ np.outer(v2, coef))))


def _log_det_of_graded_matrix_autograd(coef):
    import autograd.numpy as anp
    v2 = anp.concatenate([coef[:1], 2.0 * coef[1:]])
    return anp.log(anp.linalg.det(anp.exp(anp.outer(v2, v2) @ anp.outer(v2, coef))))


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
def test_det_of_a_graded_matrix_keeps_its_accurate_small_singular_values(jit):
    coef = np.array([0.06032493098494163, 0.9944424392919267, -1.3350656239940926, -0.1153690512894403])
    g = check_grad(log_det_of_graded_matrix, coef, jit=jit, reference=_log_det_of_graded_matrix_autograd)
    np.testing.assert_allclose(g, [8.797374768, 89.18603818, -119.7346460, -19.66881594], rtol=1e-6)
