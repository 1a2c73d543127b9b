"""jit18: soundness under jit=True (issue 8). Each compiled result is checked against finite
differences (s2sad.testing) and against jit=False; what is not compiled is a located S2sadError.

- hvp through np.linalg.eigh / qr: the tangent sweep writes a tuple adjoint's items as
  ``b[k] = b[k] + v`` (not ``b[k] += v``) and its tangent starts as ``zeros_like(b)``; numba_tuples
  rewrote neither (numba: "no implementation of setitem(Tuple ...)"), and qr_grad_da was refused.
- np.linalg.svd with the singular vectors used: the numba svd_grad refused compute_uv=True."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_hvp

RNG = np.random.default_rng(18)
A54 = RNG.normal(size=(5, 4))
S4 = RNG.normal(size=(4, 4))


def _same(mine, theirs):
    for m, t in zip(mine if isinstance(mine, tuple) else (mine,), theirs if isinstance(theirs, tuple) else (theirs,)):
        np.testing.assert_allclose(m, t, rtol=1e-9, atol=1e-11)


def eigh_pair(a):
    w, v = np.linalg.eigh(a + a.T)
    return np.sum(w ** 2) + np.sum(v[:, -1] ** 4)


def qr_pair(a):
    q, r = np.linalg.qr(a)
    return np.sum(q[:, 0] ** 3) + np.sum(r ** 2)


@pytest.mark.jit
@pytest.mark.parametrize("f, a", [(eigh_pair, S4), (qr_pair, A54)], ids=["eigh", "qr"])
def test_hvp_through_a_pair_of_factors_compiles(f, a):
    v = RNG.normal(size=a.shape)
    compiled = check_hvp(f, a, v=v, jit=True, rtol=1e-4, atol=1e-6)
    _same(compiled, s2sad.hvp(f)(a, v))


def svd_vectors(a):
    u, s, vt = np.linalg.svd(a, full_matrices=False)
    return np.sum(u[:4, 0] * vt[0]) + np.sum(s) + np.sum(u[:, 1] ** 3)


def svd_square_full(a):
    u, s, vt = np.linalg.svd(a)
    return np.sum(u[:, 0] ** 2 * vt[1]) + s[0] * s[-1]


@pytest.mark.jit
@pytest.mark.parametrize("f, a", [(svd_vectors, A54), (svd_square_full, S4)], ids=["thin", "square"])
def test_svd_with_its_vectors_compiles(f, a):
    compiled = check_grad(f, a, jit=True)
    _same(compiled, s2sad.grad(f)(a))


def svd_full_rectangular(a):
    u, s, vt = np.linalg.svd(a)
    return np.sum(u[:, 0] ** 3) + s[0] * np.sum(vt[0])


@pytest.mark.jit
def test_svd_vectors_of_full_rectangular_factors_refused():
    with pytest.raises(s2sad.S2sadError, match="full_matrices"):
        s2sad.grad(svd_full_rectangular, jit=True)(A54)


def back_substitution_reversed(U, b):
    n = b.shape[0]
    x = np.zeros(n)
    for i in range(n)[::-1]:
        x[i] = (b[i] - U[i, i + 1:] @ x[i + 1:]) / U[i, i]
    return np.sum(x ** 2)


@pytest.mark.jit
def test_loop_over_a_sliced_range_compiles():
    """numba neither slices nor indexes a range: ``range(n)[::-1]`` became ``np.arange(n)[::-1]``
    (hunt17's linalg17.back_substitution_rev was refused under jit)."""
    U = np.triu(RNG.normal(size=(4, 4))) + 3.0 * np.eye(4)
    b = RNG.normal(size=4)
    compiled = check_grad(back_substitution_reversed, U, b, wrt=(0, 1), jit=True)
    _same(compiled, s2sad.grad(back_substitution_reversed, wrt=(0, 1))(U, b))
