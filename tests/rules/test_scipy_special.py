"""Rules of scipy.special's logistic family (grads_linalg_stats.py / tangents_linalg_stats.py, and their
numba versions in numba_rules_special.py): expit, logsumexp, softmax, log_softmax; gamma under jit=True
(its value at the poles and past overflow is SciPy's: test_gamma_compiled_values).

Each is checked against finite differences and autograd (autograd.scipy.special's logsumexp; expit,
softmax and log_softmax written with autograd.numpy: autograd has no forward rule of its expit) in reverse, forward and second
order, over axis None / an integer / a negative integer and keepdims; at -inf entries (a slice all
-inf gives logsumexp weight 0, not NaN); the form not covered (``return_sign=True``) is
refused, located; and jit=True once per mode (few compiles)."""
import autograd.numpy as anp
import autograd.scipy.special as asp
import numpy as np
import pytest
from scipy.special import expit, gamma, log_softmax, logsumexp, softmax

import s2sad
from s2sad.testing import check_against_autograd, check_grad, check_hvp, check_jvp

R = np.random.default_rng(25)
M = R.normal(size=(3, 4))
W = R.normal(size=(3, 4))
V = R.normal(size=(3, 4))
C3 = np.array([1.0, 2.0, 4.0])


def family(m):
    return np.sum(expit(m) * W) + logsumexp(m) + np.sum(logsumexp(m, axis=1) ** 2) \
        + np.sum(logsumexp(m, axis=-2, keepdims=True) * W[:1]) + np.sum(softmax(m, axis=0) * W) \
        + np.sum(softmax(m) ** 2) + np.sum(log_softmax(m, axis=-1) * W) + np.sum(log_softmax(m) * W)


def _aexpit(x):     # autograd's expit has no forward rule
    return 1.0 / (1.0 + anp.exp(-x))


def _asoftmax(x, axis=None):
    return anp.exp(_alog_softmax(x, axis))


def _alog_softmax(x, axis=None):
    return x - asp.logsumexp(x, axis=axis, keepdims=True)


def family_autograd(m):
    return anp.sum(_aexpit(m) * W) + asp.logsumexp(m) + anp.sum(asp.logsumexp(m, axis=1) ** 2) \
        + anp.sum(asp.logsumexp(m, axis=-2, keepdims=True) * W[:1]) + anp.sum(_asoftmax(m, 0) * W) \
        + anp.sum(_asoftmax(m) ** 2) + anp.sum(_alog_softmax(m, -1) * W) + anp.sum(_alog_softmax(m) * W)


def test_reverse_against_autograd():
    check_grad(family, M, reference=family_autograd)


def test_forward_against_autograd():
    check_jvp(family, M, tangent=V, reference=family_autograd)


def test_second_order_against_autograd():
    check_hvp(family, M, v=V, reference=family_autograd)


def of_a_number(x):
    return expit(x) * logsumexp(x * 2.0) + softmax(x) + log_softmax(x)


def test_of_a_number():
    check_grad(of_a_number, 0.7, reference=lambda x: _aexpit(x) * x * 2.0 + 1.0)


def lse_with_minus_inf(x):
    return np.sum(logsumexp(x, axis=1) * np.array([1.0, 2.0])) + np.sum(softmax(x[0]) * C3)


def test_minus_inf_entries_weigh_nothing():
    x = np.array([[-np.inf, 0.5, -1.0], [-np.inf, -np.inf, -np.inf]])
    g = s2sad.grad(lse_with_minus_inf)(x)
    e = np.exp(x[0, 1:] - np.max(x[0, 1:]))
    share = e / np.sum(e)
    s = np.r_[0.0, share]
    # row 0: logsumexp's softmax weights, plus softmax's s * (c - s . c)
    np.testing.assert_allclose(g[0], s + s * (C3 - np.dot(s, C3)), rtol=1e-12)
    np.testing.assert_array_equal(g[1], 0.0)      # all -inf: no NaN, no weight
    _, t = s2sad.jvp(lse_with_minus_inf)(x, np.ones_like(x))
    assert t == pytest.approx(np.sum(g[0]), rel=1e-12)


def lse_weighted(x, b):
    return logsumexp(x, b=b) + np.sum(logsumexp(x[None, :] * b[:, None], axis=0, b=b[:, None] + 1.0))


def test_weighted_form_against_autograd():
    """b= is written as a shifted weighted sum (frontend/scipy_forms.py; there checked in both modes);
    autograd differentiates in x only."""
    b = np.linspace(0.0, 2.0, M.shape[1])
    check_against_autograd(lambda x: asp.logsumexp(x, b=b) + anp.sum(asp.logsumexp(x[None, :] * b[:, None], axis=0,
                                                                                   b=b[:, None] + 1.0)),
                           M[0], analytic=s2sad.grad(lse_weighted)(M[0], b))


def lse_signed(x):
    return logsumexp(x, return_sign=True)[0]


@pytest.mark.parametrize("f", [lse_signed])
def test_forms_not_covered_are_refused(f):
    with pytest.raises(s2sad.S2sadError, match=r"(?s)line \d+.*logsumexp"):
        s2sad.grad(f)(M[0])
    with pytest.raises(s2sad.S2sadError, match=r"(?s)line \d+.*logsumexp"):
        s2sad.jvp(f)(M[0], V[0])


def family_jit(m):
    return np.sum(expit(m) * W) + np.sum(logsumexp(m, axis=-1) ** 2) + np.sum(softmax(m, axis=0) * W) \
        + np.sum(log_softmax(m) * W) + logsumexp(m)


def family_jit_autograd(m):
    return anp.sum(_aexpit(m) * W) + anp.sum(asp.logsumexp(m, axis=-1) ** 2) + anp.sum(_asoftmax(m, 0) * W) \
        + anp.sum(_alog_softmax(m) * W) + asp.logsumexp(m)


def test_reverse_jit():
    check_grad(family_jit, M, jit=True, reference=family_jit_autograd)


def test_forward_jit():
    check_jvp(family_jit, M, tangent=V, jit=True, reference=family_jit_autograd)


def gammas(m):
    return np.sum(gamma(m * m + 0.5) * W)


def gammas_autograd(m):
    return anp.sum(asp.gamma(m * m + 0.5) * W)


@pytest.mark.jit
def test_gamma_jit():
    """scipy.special.gamma had no numba version (a JitError under jit=True); autograd has no
    forward rule for it: the tangent is checked against finite differences."""
    check_grad(gammas, M, jit=True, reference=gammas_autograd)
    check_jvp(gammas, M, tangent=V, jit=True)


@pytest.mark.jit
def test_gamma_compiled_values():
    """SciPy's gamma: +-inf at +-0, NaN at negative integers and -inf, inf past overflow (where
    math.gamma raises), as the compiled gamma computes them."""
    import numba
    xs = np.array([0.0, -0.0, -1.0, -3.0, -2.5, 0.3, 5.0, 171.6, 171.7, 200.0, np.inf, -np.inf, np.nan])
    compiled = numba.njit(lambda x: gamma(x))
    np.testing.assert_allclose(compiled(xs), gamma(xs), rtol=1e-13)
    assert compiled(2.5) == pytest.approx(gamma(2.5), rel=1e-14)
