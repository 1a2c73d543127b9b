"""np.logaddexp.reduce (rules beside scipy.special.logsumexp's in grads_linalg_stats.py /
tangents_linalg_stats.py; a numba stand-in in numba_rules_missing.py): logsumexp along one axis,
its value NumPy's own. Checked against finite differences and autograd (its logsumexp), reverse,
forward, second order, jit=False and jit=True (one compiled function). Refused before
(NoDerivativeError)."""
import numpy as np
import pytest
from autograd.scipy.special import logsumexp as alogsumexp

import s2sad
from s2sad.testing import check_grad, check_hvp, check_jvp

R = np.random.default_rng(2324)
X = R.normal(size=(3, 4))
T = R.normal(size=(3, 4))


def lae(x):
    return np.logaddexp.reduce(x[0]) + np.sum(np.logaddexp.reduce(x) ** 2) \
        + np.sum(np.logaddexp.reduce(x, axis=1, keepdims=True) * x) + np.sum(np.logaddexp.reduce(x * 2.0, 1))


def lae_autograd(x):
    return alogsumexp(x[0]) + np.sum(alogsumexp(x, axis=0) ** 2) \
        + np.sum(alogsumexp(x, axis=1, keepdims=True) * x) + np.sum(alogsumexp(x * 2.0, axis=1))


def test_value_is_numpys():
    assert s2sad.value_and_grad(lae)(X)[0] == lae(X)


def test_reverse_forward_second_order():
    check_grad(lae, X, reference=lae_autograd)
    check_jvp(lae, X, tangent=T)
    check_hvp(lae, X, v=T)


def test_an_empty_slice_and_minus_infinity():      # logaddexp's identity -inf: weight 0, never NaN
    x = np.array([[-np.inf, 0.5], [-np.inf, 1.0]])
    g = s2sad.grad(lambda v: np.sum(np.logaddexp.reduce(v, axis=1)))(x)
    np.testing.assert_allclose(g, [[0.0, 1.0], [0.0, 1.0]])


def lae_jit(x):
    return np.logaddexp.reduce(x[0]) + np.sum(np.logaddexp.reduce(x, axis=1, keepdims=True) * x)


@pytest.mark.jit
def test_reverse_jit():      # the stand-in computes the primal; forward mode adds only np.sum and sum_grad
    compiled = check_grad(lae_jit, X, jit=True)
    np.testing.assert_allclose(compiled, s2sad.grad(lae_jit)(X), rtol=1e-12)
