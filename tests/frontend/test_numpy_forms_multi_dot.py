"""np.linalg.multi_dot([a, b, ...]) written as a chain of @ (frontend/numpy_forms_more.py, with
the check rules/runtime_checks.chainable and its numba version): derivatives against finite
differences and autograd (reverse, forward, hvp, both jit modes), NumPy's refusals kept."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_hvp, check_jvp

RNG = np.random.default_rng(40)
A, B, V = RNG.normal(size=(3, 4)), RNG.normal(size=(4, 3)), RNG.normal(size=3)


def chain(a, b, v):
    return np.sum(np.linalg.multi_dot([v, a, b, a]) ** 2) + np.linalg.multi_dot((v, a, b, v)) \
        + np.sum(np.linalg.multi_dot([a, b]))


@pytest.mark.parametrize("jit", [False, True])
def test_derivatives(jit):
    check_grad(chain, A, B, V, wrt=(0, 1, 2), jit=jit)
    check_jvp(chain, A, B, V, wrt=(0, 1, 2), tangent=(B.T, A.T, V[::-1]), jit=jit)


def test_hvp_and_autograd():
    anp = pytest.importorskip("autograd.numpy")

    def ref(a, b, v):
        return anp.sum(anp.dot(anp.dot(anp.dot(v, a), b), a) ** 2) + anp.dot(anp.dot(anp.dot(v, a), b), v) \
            + anp.sum(anp.dot(a, b))
    check_grad(chain, A, B, V, wrt=(0, 1, 2), reference=ref)
    check_hvp(chain, A, B, V, wrt=0, v=B.T, reference=ref)


def middle_vector(a, v):
    return np.sum(np.linalg.multi_dot([a, v, a]))


@pytest.mark.parametrize("jit", [False, True])
def test_a_vector_inside_the_chain_is_refused_as_numpy_does(jit):
    with pytest.raises(np.linalg.LinAlgError, match="two-dimensional"):
        np.linalg.multi_dot([A, RNG.normal(size=4), B])
    with pytest.raises((np.linalg.LinAlgError, s2sad.S2sadError)):
        s2sad.grad(middle_vector, wrt=(0, 1), jit=jit)(np.eye(3), V)
