"""The slope of a log-sum-exp at huge values (fuzz seed 44003861, stop 46).

``np.logaddexp.reduce``, ``scipy.special.logsumexp`` and ``np.logaddexp.accumulate`` weighed each
value by ``exp(a - y)``. Past |a| ~ 1e15 NumPy's ``y`` (accurate to its last digit) is the maximum
itself, ``log(count)`` lost below its ulp, so n tied maxima weighed 1 each instead of 1/n: the gradient
n times too large, silently. The weights are now the shares of ``exp(a - max)`` in their sum
(``runtime_special.logsumexp_weights``, and the running maximum for ``accumulate``), in the reverse,
forward and second-order rules, NumPy and numba. The references are SciPy's softmax (shifted by the
maximum, exact where differences are) and the softmax's closed-form Hessian ``diag(p) - p p^T``.
"""
import numpy as np
import pytest
import scipy.special as sp

import s2sad

TIES = np.array([[1e52, 1e52, 1e52 - 3e36], [1e52, -1e52, 1e52]])       # ties at 1e52 in each row
NEAR = np.array([[1e16, 1e16, 1e16 + 2.0], [1e16 + 4.0, 1e16, 1e16 + 2.0]])   # ulp 2: weights e^-2, 1
V = np.array([[0.4, -0.2, 1.1], [0.6, 0.3, -0.8]])
CASES = [  # (f, its slope p = dy/da as SciPy's softmax, axis of the reduction)
    (lambda a: np.sum(np.logaddexp.reduce(a, axis=1)), 1),
    (lambda a: np.sum(np.logaddexp.reduce(a, axis=0, keepdims=True)), 0),
    (lambda a: np.logaddexp.reduce(a, axis=None), None),
    (lambda a: sp.logsumexp(a), None),
    (lambda a: np.sum(sp.logsumexp(a, axis=1)), 1),
    (lambda a: np.sum(sp.logsumexp(a, axis=0, keepdims=True)), 0),
]
IDS = ["reduce1", "reduce0_keepdims", "reduce_none", "logsumexp", "logsumexp1", "logsumexp0_keepdims"]
B = np.array([[1.0, 2.0, 0.5], [3.0, 1.0, 1.0]])


@pytest.mark.parametrize("a", [TIES, NEAR], ids=["ties", "near"])
def test_weighted(a):       # b= (frontend/scipy_forms.py's closed form): the slope is b exp(a - max), normalised
    def f(x):
        return np.sum(sp.logsumexp(x, axis=1, b=B))
    e = B * np.exp(a - np.max(a, axis=1, keepdims=True))      # (a + log b rounds to a here)
    np.testing.assert_allclose(s2sad.grad(f)(a), e / np.sum(e, axis=1, keepdims=True), rtol=1e-12)


@pytest.mark.parametrize("a", [TIES, NEAR], ids=["ties", "near"])
@pytest.mark.parametrize("f, axis", CASES, ids=IDS)
def test_reverse_forward_and_second_order(f, axis, a):
    p = sp.softmax(a, axis=axis)
    np.testing.assert_allclose(s2sad.grad(f)(a), p, rtol=1e-12)
    value, tangent = s2sad.jvp(f)(a, V)
    assert value == f(a)
    np.testing.assert_allclose(tangent, np.sum(V * p), rtol=1e-12, atol=1e-12)
    hv = p * V - p * np.sum(p * V, axis=axis, keepdims=True)
    np.testing.assert_allclose(s2sad.hvp(f)(a, V), hv, rtol=1e-9, atol=1e-12)


def running(a, w, axis):
    """The gradient of sum(w * np.logaddexp.accumulate(a, axis)): sum_j w_j softmax(a[:j+1])."""
    a, w = np.moveaxis(a, axis, -1), np.moveaxis(w, axis, -1)
    g = np.zeros(a.shape)
    for j in range(a.shape[-1]):
        g[..., :j + 1] += w[..., j:j + 1] * sp.softmax(a[..., :j + 1], axis=-1)
    return np.moveaxis(g, -1, axis)


@pytest.mark.parametrize("a", [TIES, NEAR], ids=["ties", "near"])
@pytest.mark.parametrize("axis", [0, 1])
def test_accumulate(a, axis):
    def f(x):
        return np.sum(V * np.logaddexp.accumulate(x, axis=axis))
    np.testing.assert_allclose(s2sad.grad(f)(a), running(a, V, axis), rtol=1e-12)
    value, tangent = s2sad.jvp(f)(a, V)
    np.testing.assert_allclose(tangent, np.sum(V * running(a, V, axis)), rtol=1e-12, atol=1e-12)
    a_, w_, v_ = (np.moveaxis(m, axis, -1) for m in (a, V, V))
    hv = np.zeros(a_.shape)      # sum_j w_j (diag(p_j) - p_j p_j^T) v over each prefix j
    for j in range(a_.shape[-1]):
        p = sp.softmax(a_[..., :j + 1], axis=-1)
        hv[..., :j + 1] += w_[..., j:j + 1] * p * (v_[..., :j + 1] - np.sum(p * v_[..., :j + 1], axis=-1, keepdims=True))
    np.testing.assert_allclose(s2sad.hvp(f)(a, V), np.moveaxis(hv, -1, axis), rtol=1e-9, atol=1e-12)


def test_minus_infinity_still_weighs_nothing():
    a = np.array([[-np.inf, -np.inf, 0.5], [-np.inf, -np.inf, -np.inf]])
    np.testing.assert_array_equal(s2sad.grad(lambda x: np.sum(np.logaddexp.reduce(x, axis=1)))(a),
                                  [[0.0, 0.0, 1.0], [0.0, 0.0, 0.0]])
    np.testing.assert_array_equal(s2sad.grad(lambda x: np.sum(np.logaddexp.accumulate(x, axis=1)))(a),
                                  [[0.0, 0.0, 1.0], [0.0, 0.0, 0.0]])


def test_the_fuzz_finding():     # tests/fuzz finding 44003861 minimized: power(...) reaches ~1e52 in ties
    def q1(k0):
        rho = np.degrees(np.cos(k0))
        return np.sum(np.logaddexp.reduce(np.power(np.exp(-(k0 + np.zeros((3, 2))) ** 2) + 0.1, rho * np.ones((3, 2))), axis=0))
    k0, h = 2.630301362548309, 1e-6
    fd = (q1(k0 + h) - q1(k0 - h)) / (2 * h)
    np.testing.assert_allclose(s2sad.grad(q1)(k0), fd, rtol=1e-4)


def jitted(a):
    return np.sum(np.logaddexp.reduce(a, axis=1)) + sp.logsumexp(a) + np.sum(V * np.logaddexp.accumulate(a, axis=1))


@pytest.mark.jit
@pytest.mark.parametrize("a", [TIES, NEAR], ids=["ties", "near"])
def test_jit(a):
    expected = sp.softmax(a, axis=1) + sp.softmax(a) + running(a, V, 1)
    np.testing.assert_allclose(s2sad.grad(jitted, jit=True)(a), expected, rtol=1e-12)
    np.testing.assert_allclose(s2sad.jvp(jitted, jit=True)(a, V)[1], np.sum(V * expected), rtol=1e-12)
