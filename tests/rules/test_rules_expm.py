"""scipy.linalg.expm (rules/grads_expm.py, tangents_expm.py, runtime_expm.py): grad, jvp and hvp
against central finite differences and jax-free references (autograd has no expm: the exponential's
truncated Taylor series, differentiated by autograd), on a general, a symmetric, a nilpotent and a
zero matrix; jit=True and a stack of matrices refused, located."""
import numpy as np
import pytest

linalg = pytest.importorskip("scipy.linalg")

import s2sad  # noqa: E402
from s2sad.testing import check_grad, check_hvp, check_jvp  # noqa: E402

RNG = np.random.default_rng(11)
G = RNG.normal(size=(3, 3)) * 0.7
MATRICES = {"general": G, "symmetric": G + G.T, "nilpotent": np.triu(G, 1), "zero": np.zeros((3, 3))}


def f(a):
    e = linalg.expm(a)
    return np.sum(e * np.cos(a)) + np.sum(linalg.expm(2.0 * a) ** 2) * 0.01


@pytest.mark.parametrize("name", list(MATRICES))
def test_against_differences(name):
    a = MATRICES[name]
    check_grad(f, a)
    check_jvp(f, a, tangent=G.T)
    check_hvp(f, a, v=G[::-1])


def test_against_autograd_taylor():
    anp = pytest.importorskip("autograd.numpy")

    def expm_taylor(a):
        term, total = anp.eye(3), anp.eye(3)
        for k in range(1, 30):
            term = anp.dot(term, a) / k
            total = total + term
        return total

    def ref(a):
        return anp.sum(expm_taylor(a) * anp.cos(a)) + anp.sum(expm_taylor(2.0 * a) ** 2) * 0.01
    check_grad(f, G, reference=ref)
    check_hvp(f, G, v=G.T, reference=ref)


def test_stack_and_jit_refused():
    with pytest.raises(s2sad.ShapeError, match="one square matrix"):
        s2sad.grad(lambda a: np.sum(linalg.expm(a)))(np.stack([G, G]))
    with pytest.raises(s2sad.S2sadError, match=r"line \d+"):
        s2sad.grad(lambda a: np.sum(linalg.expm(a)), jit=True)(G)
