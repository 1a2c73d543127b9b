"""NumPy calls read as other NumPy calls that have rules (frontend/numpy_forms_more.py): initial= of
np.sum/np.prod/np.max/np.min/np.amax/np.amin and of ufunc.reduce (with where= too), ufunc.outer of
binary ufuncs, np.einsum of more than four operands. Each was refused (NoDerivativeError) before;
checked against finite differences of the function as written and autograd, reverse and forward
mode, jit=False and jit=True (one compiled function per mode), and second order. Forms not covered
keep a located refusal."""
import autograd.numpy as anp
import numpy as np
import pytest

import s2sad
from s2sad.errors import NoDerivativeError
from s2sad.testing import check_grad, check_hvp, check_jvp

R = np.random.default_rng(2424)
X = R.uniform(0.5, 1.5, size=(3, 4))
V = R.uniform(-1.0, 1.0, size=4)
TX, TV = R.normal(size=(3, 4)), R.normal(size=4)


def forms(x, v):
    return np.sum(x ** 2, initial=2.0) + np.sum(np.prod(x, axis=1, initial=v[0]) ** 2) \
        + np.max(x, initial=1.2) ** 2 + np.sum(np.min(x, axis=0, keepdims=True, initial=v[1]) * x) \
        + np.amax(v, initial=0.9) + np.sum(np.sum(x, 1, None, None, False, v[2], x > 0.8)) \
        + np.max(x, where=x < 1.2, initial=v[3]) + np.add.reduce(v, initial=x[0, 0]) \
        + np.sum(np.maximum.reduce(x, axis=1, initial=1.0) ** 2) \
        + np.sum(np.subtract.outer(v, x[0]) ** 2) + np.sum(np.multiply.outer(x, v) * np.sin(x)[..., None]) \
        + np.sum(np.maximum.outer(v, v) * v) + np.sum(np.add.outer(v, x[1]) ** 3) \
        + np.einsum("ij,j,ij,j,j->", x, v, x, v, v) + np.sum(np.einsum("ij,jk,kl,lm,mn,ni", x, x.T, x, x.T, x, x.T))


def forms_autograd(x, v):
    def outer(f, a, b):
        return f(anp.reshape(a, anp.shape(a) + (1,) * anp.ndim(b)), b)
    kept = anp.where(x < 1.2, x, 0.0) + anp.where(x < 1.2, 0.0, 1.0) * v[3]   # autograd: where of a scalar
    return anp.sum(x ** 2) + 2.0 + anp.sum((anp.prod(x, axis=1) * v[0]) ** 2) \
        + anp.maximum(anp.max(x), 1.2) ** 2 + anp.sum(anp.minimum(anp.min(x, axis=0, keepdims=True), v[1]) * x) \
        + anp.maximum(anp.max(v), 0.9) + anp.sum(anp.sum(anp.where(x > 0.8, x, 0.0), 1) + v[2]) \
        + anp.maximum(anp.max(kept), v[3]) + anp.sum(v) + x[0, 0] \
        + anp.sum(anp.maximum(anp.max(x, axis=1), 1.0) ** 2) \
        + anp.sum(outer(anp.subtract, v, x[0]) ** 2) + anp.sum(outer(anp.multiply, x, v) * anp.sin(x)[..., None]) \
        + anp.sum(outer(anp.maximum, v, v) * v) + anp.sum(outer(anp.add, v, x[1]) ** 3) \
        + anp.einsum("ij,j,ij,j,j->", x, v, x, v, v) + anp.trace(x @ x.T @ x @ x.T @ x @ x.T)


def layouts(x, v):
    m = x.reshape(4, 3, order="F")
    return np.sum(np.sin(m) * np.arange(12.0).reshape(4, 3)) + np.sum(np.ravel(x, order="F") * np.arange(12.0)) \
        + np.sum(np.cumsum(x, axis=1, dtype=float) ** 2) + np.sum(np.cov(v, v ** 2) ** 2) \
        + np.sum(np.corrcoef(x[0], v[:4]) * np.arange(4.0).reshape(2, 2)) \
        + np.sum(np.linalg.qr(x.T, mode="r") ** 2) + np.sum(np.linalg.cholesky(x @ x.T + np.eye(3), upper=True) * x[:, :3]) \
        + np.sum(np.ediff1d(v, to_end=x[0, 0], to_begin=v[:2]) ** 2) + np.sum(np.reshape(x, (2, 6), order="C") * x.ravel()[::2]) \
        + np.sum(np.sort(x, axis=None) * np.arange(12.0)) + np.sum(np.sort(x, axis=0, kind="stable") * x) \
        + np.sum(np.roll(x, (1, -2), axis=(0, 1)) * np.arange(12.0).reshape(3, 4))


def test_layouts_qr_cholesky_cov_and_ends():
    """order="F", cumsum's dtype=, cov/corrcoef of two arrays, qr's mode="r", cholesky's upper=True,
    ediff1d's ends: refused before ("the rule covers ... only" / "does not take the keyword")."""
    check_grad(layouts, X, V, wrt=(0, 1))
    check_jvp(layouts, X, V, tangent=(TX, TV), wrt=(0, 1))
    check_hvp(layouts, X, V, v=(TX, TV), wrt=(0, 1))


def test_reverse():
    assert forms(X, V) == pytest.approx(forms_autograd(X, V), rel=1e-12)
    check_grad(forms, X, V, wrt=(0, 1), reference=forms_autograd)


def test_forward():
    check_jvp(forms, X, V, tangent=(TX, TV), wrt=(0, 1))


def test_second_order():
    check_hvp(forms, X, V, v=(TX, TV), wrt=(0, 1))


def forms_jit(x, v):
    return np.sum(np.prod(x, axis=1, initial=v[0]) ** 2) + np.sum(np.min(x, axis=0, initial=v[1]) * x) \
        + np.max(x, where=x < 1.2, initial=v[3]) + np.sum(np.subtract.outer(v, x[0]) ** 2) \
        + np.einsum("ij,j,ij,j,j->", x, v, x, v, v) + np.sum(np.sin(x.reshape(4, 3, order="F")) * x.T) \
        + np.sum(np.cov(v, v ** 2) ** 2)


@pytest.mark.jit
@pytest.mark.parametrize("mode", ["grad", "jvp"])
def test_reverse_and_forward_jit(mode):
    """One mode a case: the jvp case is in the jit tier (tests/jit_tier.py, WHY51)."""
    if mode == "jvp":
        check_jvp(forms_jit, X, V, tangent=(TX, TV), wrt=(0, 1), jit=True)
        return
    compiled = check_grad(forms_jit, X, V, wrt=(0, 1), jit=True)
    for a, b in zip(compiled, s2sad.grad(forms_jit, wrt=(0, 1))(X, V)):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)


def max_of_initial(x):
    return np.max(x, initial=0.5) ** 2


def test_an_empty_array_with_initial_is_refused_with_the_reason():
    np.testing.assert_allclose(s2sad.grad(max_of_initial)(np.array([0.2, 0.7])), [0.0, 1.4])
    with pytest.raises(Exception, match="non-empty array only"):
        s2sad.grad(max_of_initial)(np.zeros(0))


def einsum_of_an_ellipsis(x):
    return np.sum(np.einsum("...i,i,i,i,i->...", x, x[0], x[0], x[0], x[0]))


def outer_with_a_keyword(x):
    return np.sum(np.multiply.outer(x[0], x[1], dtype=float))


def fft_of_a_signal(x):
    return np.sum(np.abs(np.fft.rfft(x[0])))


@pytest.mark.parametrize("f, message", [
    (einsum_of_an_ellipsis, "positional argument"), (outer_with_a_keyword, "multiply.outer"),
    (fft_of_a_signal, "complex"),
])
def test_forms_not_covered_are_refused_at_their_line(f, message):
    with pytest.raises(NoDerivativeError, match=r"(?s)line \d+, column \d+.*" + message):
        s2sad.grad(f)(X)
    with pytest.raises(NoDerivativeError, match=r"(?s)line \d+, column \d+.*" + message):
        s2sad.jvp(f)(X, TX)
