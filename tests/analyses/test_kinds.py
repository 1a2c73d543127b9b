"""Rank inference (s2sad/analyses/kinds.py; each expression's rank: expr_ranks.py) on calls whose result
rank depends on the argument's."""
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



NEWLY_RANKED = "z o ns nm av al an q qa ie pw vd mx sc r9 qq ie2".split()


def newly_ranked(W, v, c):
    z = np.zeros(W.shape)
    o = np.ones(v.shape)
    ns = np.nansum(W, axis=0)
    nm = np.nanmean(W, axis=1, keepdims=True)
    av = np.average(W, axis=0)
    al = np.all(W > 0)
    an = np.any(W > 0, axis=1)
    q = np.quantile(W, 0.3)
    qa = np.quantile(W, 0.3, axis=0)
    ie = W[0] if c > 0 else v
    pw = pow(v, 2.0)
    vd = np.vdot(W, W)
    mx = max([c, c])
    sc = np.sinc(W)
    r9 = np.rot90(W)
    qq = np.quantile(W, v)
    ie2 = W if c > 0 else v
    return z, o, ns, nm, av, al, an, q, qa, ie, pw, vd, mx, sc, r9, qq, ie2


def test_ranks_of_shape_allocations_nan_reductions_quantiles_and_conditional_values():
    """Forms the rank analysis left unknown (None), so the alias stage could not tell whether
    `p /= ...` updates an array or rebinds a number and refused the write (alias11: 13 of the 35
    `next_writeback` refusals of the stop-24 fuzz campaign): `np.zeros(W.shape)`, NaN-ignoring and
    boolean reductions with an axis, `np.quantile` of one `q`, `a if c else b`, `pow`, `np.vdot`,
    `max([a, b])`, `np.sinc`, `np.rot90`. Each rank is NumPy's; an array of quantiles, and
    values of different ranks, stay unknown."""
    from s2sad.analyses import kinds
    from s2sad.names import Namespace
    from s2sad.pipeline import frontend
    ns = Namespace()
    _, fdef = frontend(newly_ranked, None, ns)
    ranks = kinds.infer(fdef.body[:-1], {"W": 2, "v": 1, "c": 0}, ns)
    values = newly_ranked(np.ones((2, 3)), np.ones(3), 0.5)
    expected = {k: np.ndim(x) for k, x in zip(NEWLY_RANKED, values)}
    expected.update(qq=None, ie2=None)
    assert {k: ranks.get(k) for k in NEWLY_RANKED} == expected


def rows_of_an_allocation_shaped_like_a_parameter(W, lam):
    M = np.zeros(W.shape)
    for i in range(W.shape[0]):
        M[i] = W[i] * lam
    for row in M:
        row *= 1.0 + np.tanh(lam) ** 2
    return np.sum(M ** 2 * np.arange(1.0, 7.0).reshape(2, 3))


def test_rows_of_an_allocation_shaped_like_a_parameter_are_updated_in_place():
    """`for row in M: row *= s` with `M = np.zeros(W.shape)`: the rank of `M` was unknown, so
    whether `row *= s` updates `M` was too, and the write was refused (fuzz seed 3100338). Both
    modes, against autograd on the copy-based equivalent."""
    import autograd.numpy as anp
    import pytest

    import s2sad

    def reference(W, lam):
        M = W * lam * (1.0 + anp.tanh(lam) ** 2)
        return anp.sum(M ** 2 * np.arange(1.0, 7.0).reshape(2, 3))
    W = np.array([[0.5, 1.2, -0.7], [1.1, 0.9, 2.0]])
    for jit in (False, True):
        check_grad(rows_of_an_allocation_shaped_like_a_parameter, W, 0.3, wrt=(0, 1), jit=jit,
                   reference=reference if not jit else None)
        value, _ = s2sad.value_and_grad(rows_of_an_allocation_shaped_like_a_parameter, wrt=(0, 1), jit=jit)(W, 0.3)
        assert value == pytest.approx(reference(W, 0.3))


def masked_rows_then_normalized(dt, B):
    L = B.copy()
    dt += np.matmul(B[:, 1], np.sum(B[:, :2][B[:, :2][:, 0] > -0.03], axis=0))
    for y in L:
        y /= np.linalg.norm(y) + 1.0
    for _ in range(2):
        B = 0.5 * (B + np.power(1.0 + np.tanh(L) ** 2, np.sin(dt)))
    return B[0, -1] + np.mean(L) + dt + np.sum(B[[0, 1, 1], [2, 2, 0]]) + np.sum(L[:, [1, 1]] ** 2)


def test_index_arrays_and_masks_keep_the_rank():
    """A subscript by a 1-d mask or index array (B[B[:, 0] > c], v[[0, 2, 2]], M[[0, 1], [2, 2]])
    had no rank: the rank of `dt` updated from it, then of `B` rebound from `dt`, were unknown, and
    (ranks are per name) `L = B.copy()` with them: its rows' `y /= ...` was refused as maybe a
    number rebound (fuzz20, campaign seed 3300026). Each 1-d index takes one axis and they
    broadcast into one."""
    B = np.array([[0.5, 1.2, -0.7, 0.2], [1.1, 0.9, 2.0, -0.3]])
    check_grad(masked_rows_then_normalized, 0.4, B)
