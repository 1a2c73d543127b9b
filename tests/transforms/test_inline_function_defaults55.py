"""A helper's default that is a NumPy or math function (hunt55, issue 8): ``def layer(h, *, W, b,
act=np.tanh): return act(W @ h + b)`` called as ``layer(x, W=W, b=b)`` was refused when inlined
("cannot differentiate the default value of `act` (a ufunc)"), the way layers are written. Such a
default is now bound by its one path (``np.tanh``, ``math.exp``; ``transforms/inline._default_value``),
whatever the caller's module calls numpy or math, and the helper's calls of the parameter are calls
of that function; a builtin function (``f=abs``) is followed since stop 56
(test_inline_function_defaults56.py)."""
import math

import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_hvp, check_jvp

W = np.linspace(-0.5, 0.6, 6)


def _layer(h, *, W, b, act=np.tanh):
    return act(W @ h + b)


def dense(w):
    h = _layer(np.array([0.3, -0.1]), W=w[:4].reshape(2, 2), b=w[4:6])
    return np.sum(h ** 2)


def _times(t, f=math.exp):
    return f(t) * t


def scalar_math(w):
    return _times(w[0]) + _times(w[1], math.sin)


def _lse(v, f=np.exp, g=np.log):
    return g(np.sum(f(v)))


def two_defaults_one_given(w):
    return _lse(w) + _lse(w * 2, g=np.sqrt)


def _relu_floor(v, g=np.maximum):
    return g(v, 0.1)


def binary_ufunc(w):
    return np.sum(_relu_floor(w) ** 2)


def _series(v, act=np.sin):
    s = 0.0
    for k in range(3):
        s = s + act(v * k)
    return s


def in_a_loop(w):
    return np.sum(_series(w))


@pytest.mark.parametrize("f", [dense, scalar_math, two_defaults_one_given, binary_ufunc, in_a_loop])
def test_function_default_of_a_helper(f):
    x = W[:6] if f is dense else W[:3] if f is not scalar_math else W[4:6]
    check_grad(f, x)
    check_jvp(f, x, tangent=np.linspace(1.0, -0.5, x.size))
    check_hvp(f, x, v=np.linspace(0.5, -1.0, x.size))


def test_function_default_of_a_helper_values():
    # exp(t) t + sin(t) t: the default math.exp for w[0], math.sin given for w[1]
    g = s2sad.grad(scalar_math)(np.array([0.3, 0.7]))
    assert np.allclose(g, [math.exp(0.3) * 1.3, math.cos(0.7) * 0.7 + math.sin(0.7)])


def test_function_default_of_a_helper_jit():
    check_grad(dense, W, jit=True)
