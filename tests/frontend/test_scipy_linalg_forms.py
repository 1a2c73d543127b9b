"""scipy.linalg.cho_factor/cho_solve written as cholesky and two triangular solves
(frontend/scipy_linalg_forms.py): the values are SciPy's (the unread triangle of cho_factor's
result too), derivatives against finite differences and autograd in grad, jvp and hvp, both jit
modes, for the pair nested, held in a name, or unpacked; the forms that would write into the
caller's arrays keep their refusal."""
import numpy as np
import pytest

linalg = pytest.importorskip("scipy.linalg")

import s2sad  # noqa: E402
from s2sad.testing import check_grad, check_hvp, check_jvp  # noqa: E402

RNG = np.random.default_rng(3)
M = RNG.normal(size=(4, 4))
A = M @ M.T + 4.0 * np.eye(4)
A[0, 3] += 0.4          # not symmetric: which triangle is read matters
B = RNG.normal(size=(4, 2))


def nested(a, b):
    return np.sum(linalg.cho_solve(linalg.cho_factor(a), b) ** 2)


def named(a, b):
    cf = linalg.cho_factor(a, lower=True)
    return np.sum(linalg.cho_solve(cf, b[:, 0]) ** 2) + np.sum(cf[0] * a)


def unpacked(a, b):
    c, low = linalg.cho_factor(a, check_finite=False)
    return np.sum(linalg.cho_solve((c, low), b)) + np.sum(c ** 2)


@pytest.mark.parametrize("f", [nested, named, unpacked])
@pytest.mark.parametrize("jit", [False, True])
def test_derivatives(f, jit):
    check_grad(f, A, B, wrt=(0, 1), jit=jit)
    check_jvp(f, A, B, wrt=(0, 1), tangent=(M * 0.1, B[::-1]), jit=jit)


@pytest.mark.parametrize("f", [nested, named])
def test_hvp(f):
    check_hvp(f, A, B, wrt=(0, 1), v=(M * 0.1, B * 0.5))


def test_against_autograd():
    anp = pytest.importorskip("autograd.numpy")

    def ref(a, b):
        upper = anp.triu(a)
        sym = upper + upper.T - anp.diag(anp.diag(a))      # cho_factor's default reads the upper triangle
        return anp.sum(anp.linalg.solve(sym, b) ** 2)
    check_grad(nested, A, B, wrt=0, reference=ref)
    check_grad(nested, A, B, wrt=1, reference=ref)
    check_hvp(nested, A, B, wrt=0, v=M * 0.1, reference=ref)



def test_cho_factor_value_is_scipys():
    value, grads = s2sad.value_and_grad(lambda a: np.sum(linalg.cho_factor(a, lower=True)[0]))(A)
    np.testing.assert_allclose(value, np.sum(linalg.cho_factor(A, lower=True)[0]), rtol=1e-13)
    assert np.all(grads[np.triu_indices(4, 1)] == 1.0)      # the upper triangle is a's own, kept as it was


def overwriting(a, b):
    return np.sum(linalg.cho_solve(linalg.cho_factor(a, overwrite_a=True), b))


def test_overwrite_is_refused_located():
    with pytest.raises(s2sad.S2sadError, match=r"line \d+(.|\n)*cho_factor(.|\n)*overwrite_a") as info:
        s2sad.grad(overwriting)(A.copy(), B)
    assert "Leave overwrite_a and overwrite_b at False" in str(info.value)
