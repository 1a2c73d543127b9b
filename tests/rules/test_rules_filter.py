"""scipy.signal.lfilter (rules/grads_filter.py, tangents_filter.py, runtime_filter.py): grad, jvp
and hvp in x, b and a against central finite differences and autograd (the recursion written
out), for a vector and along each axis of a matrix, an FIR filter (a = [1]) and a leading
coefficient a[0] != 1; zi= and jit=True refused, located."""
import numpy as np
import pytest

signal = pytest.importorskip("scipy.signal")

import s2sad  # noqa: E402
from s2sad.testing import check_grad, check_hvp, check_jvp  # noqa: E402

RNG = np.random.default_rng(5)
X, M = RNG.normal(size=7), RNG.normal(size=(3, 6))
B, A = np.array([0.5, -0.2, 0.3]), np.array([1.3, -0.4, 0.1])


def filters(b, a, x, m):
    y = signal.lfilter(b, a, x)
    return np.sum(y ** 2) + np.sum(np.sin(signal.lfilter(b, a, m, axis=0))) + np.sum(signal.lfilter(b, a, m) * m) \
        + np.sum(signal.lfilter(b, np.ones(1), x) ** 3)


def test_against_differences():
    args = (B, A, X, M)
    check_grad(filters, *args, wrt=(0, 1, 2, 3))
    check_jvp(filters, *args, wrt=(0, 1, 2, 3), tangent=(A * 0.3, B * 0.2, X[::-1], M[::-1]))
    check_hvp(filters, *args, wrt=(0, 1, 2, 3), v=(A * 0.3, B * 0.2, X[::-1], M[::-1]))


def test_against_autograd():
    anp = pytest.importorskip("autograd.numpy")

    def recursion(b, a, x):
        ys = []
        for n in range(x.shape[0]):
            s = sum(b[k] * x[n - k] for k in range(b.shape[0]) if n - k >= 0)
            s = s - sum(a[k] * ys[n - k] for k in range(1, a.shape[0]) if n - k >= 0)
            ys.append(s / a[0])
        return anp.array(ys)

    def ref(b, a, x):
        return anp.sum(anp.sin(recursion(b, a, x)) * anp.arange(x.shape[0]))

    def f(b, a, x):
        return np.sum(np.sin(signal.lfilter(b, a, x)) * np.arange(x.shape[0]))
    for wrt, v in ((0, A * 0.3), (1, B * 0.2), (2, X[::-1])):
        check_grad(f, B, A, X, wrt=wrt, reference=ref)
        check_hvp(f, B, A, X, wrt=wrt, v=v, reference=ref)


def with_state(x):
    y, zf = signal.lfilter(B, A, x, zi=np.zeros(2))
    return np.sum(y)


def test_state_and_jit_refused_located():
    with pytest.raises(s2sad.S2sadError, match=r"line \d+"):
        s2sad.grad(with_state)(X)
    with pytest.raises(s2sad.S2sadError, match=r"line \d+"):
        s2sad.grad(lambda x: np.sum(signal.lfilter(B, A, x)), jit=True)(X)
