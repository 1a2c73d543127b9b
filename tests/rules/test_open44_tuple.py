"""`tuple(xs)` of values being differentiated: the same items in a tuple, each item's adjoint (and
tangent) goes back to it (rules/grads_reductions.py, tangents_reductions.py, tangents_adjoint.py;
runtime_sequences.tuple_grad / tuple_tangent). A list written as its argument is kept a list
(frontend/calls.SEQUENCE_FUNCS), and its result is a tuple (TUPLE_RESULTS).

On main each of these was refused: "no derivative rule for `tuple`". Under jit numba cannot
make a tuple of a list (its length is part of a tuple's type): a located JitError saying so.
"""
import numpy as np
import pytest

import s2sad
from s2sad.backends.jit import JitError
from s2sad.testing import check_grad, check_hvp, check_jvp


def of_appended_list(x):
    hs = []
    for k in range(3):
        hs.append(np.sin(x * (k + 1)))
    t = tuple(hs)
    return np.sum(t[0] * t[2]) + np.sum(t[1] ** 2)


def of_a_display(x):
    t = tuple([x, x ** 2, np.cos(x)])
    a, b, c = t
    return np.sum(a * b * c)


def stacked(x):
    hs = [x * 2.0, np.exp(x)]
    return np.sum(np.stack(tuple(hs)) ** 2)


def of_rows(x):
    A = np.outer(x, x[:2])
    r = tuple(A)
    return np.sum(r[0] * r[2]) + r[1][1]


def of_a_generator(x):
    t = tuple(np.sin(x * k) for k in range(1, 4))
    return np.sum(t[0] * t[2] + t[1])


def of_numbers(x):
    a, b = tuple([x[0] * x[1], np.sin(x[2])])
    return a * b + a


def in_a_loop(x):
    acc = []
    for k in range(3):
        acc.append(x * (k + 1.0))
        t = tuple(acc)
        x = np.tanh(t[-1] + t[0])
    return np.sum(x)


def of_different_shapes(x):
    t = tuple([x, x[:2] ** 2])
    return np.sum(t[0]) * np.sum(t[1])


X = np.array([0.3, -0.7, 1.1])
V = np.array([1.0, -0.5, 0.3])


@pytest.mark.parametrize("f", [of_appended_list, of_a_display, stacked, of_rows, of_a_generator, of_numbers,
                               in_a_loop, of_different_shapes])
def test_tuple_of_values_being_differentiated(f):
    check_grad(f, X)
    check_jvp(f, X, tangent=V)
    check_hvp(f, X, v=V, rtol=1e-4)


def test_tuple_in_a_checkpointed_loop():
    got = check_grad(in_a_loop, X, grad_fn=lambda f, wrt, jit: s2sad.grad(f, wrt=wrt, jit=jit, checkpoint=2))
    np.testing.assert_allclose(got, s2sad.grad(in_a_loop)(X), rtol=1e-12)


def test_tuple_of_a_list_under_jit_is_refused_located():
    with pytest.raises(JitError, match=r"numba cannot make a tuple of a list") as err:
        s2sad.grad(of_appended_list, jit=True)(X)
    assert "t = tuple(hs)" in str(err.value) and "jit=False" in str(err.value)
