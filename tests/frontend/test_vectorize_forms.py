"""np.vectorize(f)(x) and np.apply_along_axis(f, axis, a) of a function s2sad differentiates
(frontend/vectorize_forms.py): read as comprehensions over f, so f is differentiated where it is
called. Both were refused before (a function held in a variable; no rule for apply_along_axis);
checked against finite differences and a hand-written autograd reference, reverse and forward
mode, jit=False and jit=True, and second order. The cases NumPy's result would not match (f
returning an array along an axis that is not the last) are refused at run time."""
import autograd.numpy as anp
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_hvp, check_jvp

R = np.random.default_rng(2425)
X = R.uniform(0.5, 1.5, size=(3, 4))
A3 = R.uniform(0.5, 1.5, size=(2, 3, 4))
TX, TA = R.normal(size=(3, 4)), R.normal(size=(2, 3, 4))


def _bump(t):
    return t * t + np.sin(t) if t > 0.9 else 2.0 * t


def _step(a, b):
    return a * b + np.sin(a) if a > b else a - b


def _norm(r):
    return np.sqrt(np.sum(r ** 2)) * r[0]


def _scaled(r):
    return r * np.sum(r)


def applied(x, a):
    return np.sum(np.vectorize(_bump)(x) * x) + np.sum(np.vectorize(_bump)(a[0]) ** 2) \
        + np.sum(np.vectorize(_step)(a, x[0]) * a) \
        + np.sum(np.apply_along_axis(_norm, 0, x) ** 2) + np.sum(np.apply_along_axis(_norm, 1, a) * x[:2]) \
        + np.sum(np.apply_along_axis(_scaled, -1, x) * x) + np.sum(np.apply_along_axis(_scaled, 2, a) ** 2)


def applied_autograd(x, a):
    def bump(t):
        return anp.where(t > 0.9, t * t + anp.sin(t), 2.0 * t)

    def norm(m, axis):
        first = m[0] if axis == 0 else m[:, 0]
        return anp.sqrt(anp.sum(m ** 2, axis=axis)) * first

    def scaled(m):
        return m * anp.sum(m, axis=-1, keepdims=True)
    b = x[0] + 0.0 * a
    step = anp.where(a > b, a * b + anp.sin(a), a - b)
    return anp.sum(bump(x) * x) + anp.sum(bump(a[0]) ** 2) + anp.sum(step * a) + anp.sum(norm(x, 0) ** 2) \
        + anp.sum(norm(a, 1) * x[:2]) + anp.sum(scaled(x) * x) + anp.sum(scaled(a) ** 2)


def test_reverse_forward_and_second_order():
    assert applied(X, A3) == pytest.approx(applied_autograd(X, A3), rel=1e-12)
    check_grad(applied, X, A3, wrt=(0, 1), reference=applied_autograd)
    check_jvp(applied, X, A3, tangent=(TX, TA), wrt=(0, 1))
    check_hvp(applied, X, A3, v=(TX, TA), wrt=(0, 1))


def applied_jit(x):
    return np.sum(np.vectorize(_bump)(x) * x) + np.sum(np.apply_along_axis(_norm, 0, x) ** 2) \
        + np.sum(np.vectorize(_step)(x, x[0, ::-1]))


@pytest.mark.jit
def test_reverse_and_forward_jit():
    check_grad(applied_jit, X, jit=True)
    check_jvp(applied_jit, X, tangent=TX, jit=True)


def vector_along_the_first_axis(x):
    return np.sum(np.apply_along_axis(_scaled, 0, x))


def along_an_empty_axis(x):
    return np.sum(np.apply_along_axis(_norm, 0, x[:, :0]))


@pytest.mark.parametrize("f, message", [
    (vector_along_the_first_axis, "last axis only"), (along_an_empty_axis, "dimensions are 0"),
])
def test_what_numpy_computes_otherwise_is_refused(f, message):
    with pytest.raises(Exception, match=message):
        s2sad.grad(f)(X)
