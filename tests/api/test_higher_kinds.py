"""Forward mode and second derivatives on the kinds of function Tangent's test-suite
(google/tangent, tests/functions.py) uses for its forward-mode and Hessian tests,
written anew here: scalar chains, branches on the value, counted and ``while`` loops,
power loops with an integer ``n``, helpers, lists, subscripts and writes, NumPy
elementwise functions, small models. Each is checked with ``check_jvp`` (differences
of ``f``), ``check_hvp`` (differences of the gradient) and, for a scalar argument,
``grad(grad(f))`` against ``hessian``."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_hvp, check_jvp


def chain(a):
    b = a * a - 3.0 * a
    c = b / (1.0 + a * a)
    return c * b + a


def branches(a):
    if a * a > 2.0:
        r = a * 3.0
    elif a > 0:
        if a < 0.5:
            r = a ** 3
        else:
            r = -a * a
    else:
        r = np.exp(a)
    return r * a


def two_branches(a, b):
    if a > b:
        c = a * b
    else:
        c = a / b
    if c < 0:
        c = c * c
    return c + a


def ternary(a, b, c):
    return a * b * c + np.sin(a * c) - b ** 2 / (c * c + 1.0)


def power_loop(a, n):
    r = 1.0
    for _ in range(n):
        r = r * a
    return r + a


def power_while(a):
    r, k = a, 0
    while k < 4:
        r = r * a
        k = k + 1
    return r


def grow_until(a):
    r = a
    while r * r < 50.0:
        r = r * 1.5 + a
    return r


def nested_loops(a, n):
    s = 0.0
    for i in range(n):
        for j in range(i + 1):
            s = s + a ** (j + 1) / (i + 1)
    return s


def cube(a):
    return a * a * a


def through_helpers(a, b):
    return cube(a) * b + cube(cube(b) * 0.5)


def pair(a, b):
    return a + b, a * b


def unpack(a, b):
    s, p = pair(a, b)
    return s * p


def augmented(a):
    r = a
    r *= a
    r += 2.0 * a
    r -= a / 3.0
    r /= 1.0 + a * a
    return r


def list_build(a):
    xs = [a, 2.0 * a, a * a]
    xs.append(xs[1] * xs[2])
    return xs[0] + xs[3] * xs[1]


def subscripts(x):
    a = x[0]
    b = x[1]
    return a * b + x[2] ** 2


def write_then_read(x):
    y = x * 1.0
    y[0] = y[1] * y[2]
    return np.sum(y * x)


def iterate_rows(x):
    s = 0.0
    for v in x:
        s = s + v * v
    return s


def numpy_unary(a):
    return np.exp(a) + np.sqrt(a + 2.0) + np.tan(a) + np.cosh(a) + np.arcsin(a / 2.0) + np.arctan(a)


def slicing(x):
    return np.sum(x[1:] * x[:-1]) + np.sum(x[::2] ** 3)


def rnn_cell(inputs, W):
    h = np.zeros(W.shape[0])
    for t in range(inputs.shape[0]):
        h = np.tanh(W @ h + inputs[t])
    return np.sum(h * h)


def bilinear(x, h, U, W, b):
    return np.sum(np.tanh(U @ x + W @ h + b) * (x @ U @ h))


def logistic(X, labels, W, b):
    p = 0.5 * (np.tanh(X @ W + b) + 1.0)
    q = p * labels + (1.0 - p) * (1.0 - labels)
    return -np.sum(np.log(q))


def determinant(m):
    return np.linalg.det(m)


RNG = np.random.default_rng(5)
X3 = np.array([0.4, -1.1, 0.7])
SCALAR = [(chain, (0.7,), 0), (branches, (1.6,), 0), (branches, (0.3,), 0), (branches, (0.8,), 0),
          (branches, (-0.4,), 0), (two_branches, (0.9, -0.6), (0, 1)), (two_branches, (-0.5, 1.5), (0, 1)),
          (ternary, (0.6, -0.7, 1.3), (0, 1, 2)), (power_loop, (1.3, 3), 0), (power_while, (0.9,), 0),
          (grow_until, (1.2,), 0), (nested_loops, (0.8, 3), 0), (through_helpers, (0.7, 1.1), (0, 1)),
          (unpack, (0.4, 1.9), (0, 1)), (augmented, (0.6,), 0), (list_build, (0.9,), 0),
          (numpy_unary, (0.5,), 0)]
ARRAYS = [(subscripts, (X3,), 0), (write_then_read, (X3,), 0), (iterate_rows, (X3,), 0),
          (slicing, (np.arange(1.0, 6.0) / 3.0,), 0),
          (rnn_cell, (0.3 * RNG.normal(size=(4, 3)), 0.5 * RNG.normal(size=(3, 3))), (0, 1)),
          (bilinear, (X3, RNG.normal(size=3), RNG.normal(size=(3, 3)), RNG.normal(size=(3, 3)),
                      RNG.normal(size=3)), (0, 2, 4)),
          (logistic, (0.5 * RNG.normal(size=(5, 3)), np.eye(2)[[0, 1, 1, 0, 1]], RNG.normal(size=(3, 2)),
                      RNG.normal(size=2)), (2, 3)),
          (determinant, (RNG.normal(size=(3, 3)) + 3.0 * np.eye(3),), 0)]


@pytest.mark.parametrize("f, args, wrt", SCALAR + ARRAYS, ids=lambda v: getattr(v, "__name__", None))
def test_forward_and_second_order(f, args, wrt):
    rng = np.random.default_rng(len(f.__name__))
    pos = wrt if isinstance(wrt, tuple) else (wrt,)
    vs = tuple(rng.normal(size=np.shape(args[p])) if np.ndim(args[p]) else float(rng.normal()) for p in pos)
    v = vs if isinstance(wrt, tuple) else vs[0]
    check_jvp(f, *args, tangent=v, wrt=wrt)
    check_hvp(f, *args, v=v, wrt=wrt, rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize("f, args, wrt", SCALAR, ids=lambda v: getattr(v, "__name__", None))
def test_grad_of_grad_is_the_hessian(f, args, wrt):
    first = wrt[0] if isinstance(wrt, tuple) else wrt
    second = s2sad.grad(s2sad.grad(f, wrt=first), wrt=first)(*args)
    assert second == pytest.approx(s2sad.hessian(f, wrt=first)(*args), rel=1e-12, abs=1e-12)
