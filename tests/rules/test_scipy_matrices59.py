"""scipy.linalg's toeplitz, block_diag, pinv and lstsq, refused on the base (stop 59's survey), with rules now
(s2sad/rules/grads_scipy_matrices.py, tangents_scipy_matrices.py, runtime_scipy_matrices.py):
each against central differences in reverse and forward mode (toeplitz with and without its first
row, square and not; lstsq with a vector and a matrix right side, its residues used), hvp through
toeplitz's helpers, the forms not covered refused at the line (SciPy's overwrite_a=True, a batch of
toeplitz vectors, a rank-deficient matrix), and jit=True refused at the user's line."""
import numpy as np
import pytest
import scipy.linalg as sl

import s2sad
from s2sad.errors import S2sadError
from s2sad.testing import check_grad, check_hvp, check_jvp

RNG = np.random.default_rng(59)
C, R = RNG.normal(size=4), RNG.normal(size=6)
A, B, B2 = RNG.normal(size=(6, 3)), RNG.normal(size=6), RNG.normal(size=(6, 2))


def symmetric(c):
    return np.sum(sl.toeplitz(c) ** 2 * np.arange(16.0).reshape(4, 4))


def rectangular(c, r):
    return np.sum(np.tanh(sl.toeplitz(c, r)) @ np.arange(6.0))


def solve_toeplitz_system(c, b):
    return np.sum(np.linalg.solve(sl.toeplitz(c) + 5.0 * np.eye(4), b) ** 2)


def pinvs(a):
    return np.sum(sl.pinv(a) ** 2) + np.sum(sl.pinv(a.T) @ np.arange(3.0))


def least_squares(a, b):
    x, res, rank, s = sl.lstsq(a, b)
    return np.sum(x ** 2) + 0.5 * res + np.sum(s)


def least_squares_matrix(a, b):
    x, res, rank, s = sl.lstsq(a, b, lapack_driver="gelsy")
    return np.sum(x * np.array([1.0, -2.0])) + np.sum(res)


CASES = [(symmetric, (C,)), (rectangular, (C, R)), (solve_toeplitz_system, (C, C[::-1])), (pinvs, (A,)),
         (least_squares, (A, B)), (least_squares_matrix, (A, B2))]


@pytest.mark.parametrize("f,args", CASES, ids=[f.__name__ for f, _ in CASES])
def test_against_differences(f, args):
    wrt = tuple(range(len(args)))
    check_grad(f, *args, wrt=wrt)
    check_jvp(f, *args, wrt=wrt, tangent=tuple(RNG.uniform(-1, 1, np.shape(a)) for a in args))


def test_toeplitz_first_row_entry_is_not_read():
    # SciPy never reads r[0] (the diagonal is c[0]): its adjoint is 0
    g = s2sad.grad(rectangular, wrt=1)(C, R)
    assert g[0] == 0.0 and np.all(g[1:] != 0.0)


def test_toeplitz_hvp():
    check_hvp(symmetric, C, v=RNG.uniform(-1, 1, 4))
    check_hvp(rectangular, C, R, wrt=(0, 1), v=(RNG.uniform(-1, 1, 4), RNG.uniform(-1, 1, 6)))


def batched(c):
    return np.sum(sl.toeplitz(c) ** 2)


def overwriting(a, b):
    return np.sum(sl.lstsq(a, b, overwrite_a=True)[0])


def rank_deficient(a):
    return np.sum(sl.pinv(a))


def test_forms_not_covered_refused():
    with pytest.raises(S2sadError, match="batches of vectors"):
        s2sad.grad(batched)(RNG.normal(size=(2, 3)))
    a = A.copy()
    with pytest.raises(S2sadError, match="overwriting"):
        s2sad.grad(overwriting)(a, B)
    assert np.array_equal(a, A)
    with pytest.raises(S2sadError, match="rank-deficient"):
        s2sad.grad(rank_deficient)(np.outer(B, C))


@pytest.mark.parametrize("f,args", [(symmetric, (C,)), (pinvs, (A,))])
def test_jit_refused_at_the_line(f, args):
    with pytest.raises(S2sadError, match=f.__name__):
        s2sad.grad(f, jit=True)(*args)


def pinv_weighted(a):
    return np.sum(sl.pinv(a) * np.arange(18.0).reshape(3, 6))


def pinv_weighted_reference(a):
    # at full column rank pinv(a) = inv(a^T a) a^T, which autograd differentiates
    import autograd.numpy as anp
    return anp.sum(anp.dot(anp.linalg.inv(anp.dot(a.T, a)), a.T) * np.arange(18.0).reshape(3, 6))


def test_pinv_against_autograd():
    check_grad(pinv_weighted, A, reference=pinv_weighted_reference)


def blocks(x, m, s):
    return np.sum(np.tanh(sl.block_diag(m, x, s, np.outer(x, x))) * np.arange(70.0).reshape(7, 10))


def blocks_one(m):
    return np.sum(sl.block_diag(m) ** 2)


def test_block_diag_against_differences():
    x, m, s = RNG.normal(size=3), RNG.normal(size=(2, 3)), 0.7
    check_grad(blocks, x, m, s, wrt=(0, 1, 2))
    check_jvp(blocks, x, m, s, wrt=(0, 1, 2), tangent=(RNG.uniform(-1, 1, 3), RNG.uniform(-1, 1, (2, 3)), 0.4))
    check_grad(blocks_one, m)
    check_hvp(blocks, x, m, s, wrt=(0, 1), v=(RNG.uniform(-1, 1, 3), RNG.uniform(-1, 1, (2, 3))))


def nine_blocks(x):
    return np.sum(sl.block_diag(x, x, x, x, x, x, x, x, x))


def test_block_diag_of_more_than_eight_and_jit_refused():
    with pytest.raises(S2sadError, match="nine_blocks"):
        s2sad.grad(nine_blocks)(C)
    with pytest.raises(S2sadError, match="blocks_one"):
        s2sad.grad(blocks_one, jit=True)(A)
