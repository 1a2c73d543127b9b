"""A list grown by the user's own helper (``push(terms, v)`` of ``def push(xs, v): xs.append(v)``)
and read from its end before the call.

The reverse sweep indexes a list's adjoint, which has the list's final length; so reads of a
list that grows are made absolute (``frontend/list_index.py``) — but only appends written in the
function were seen, not a helper's, inlined later. ``u = terms[-1]`` before ``push(terms, v)``
sent ``u``'s gradient to the pushed element: **silently wrong** (fuzz seed 48100539; ``y[1]``'s
gradient 0.0 for 0.093). A call of a helper that may append to a list it is given by name (it
appends, extends, ``+=`` it, or passes it on to another function) now counts as an append there.
"""
import numpy as np
import pytest

import s2sad


def push(xs, v):
    xs.append(v)


def push_on(xs, v):
    push(xs, v * 1.0)


def grow_twice(xs, v):
    xs.append(v)
    xs.append(v * v)


def read_then_pushed(v, y):
    terms = [1.0, np.sum(v * y[1])]
    u = 0.5 * terms[-1]
    push(terms, y[0] * 3.0)
    return u * u + terms[2]


def read_in_the_argument(v, y):
    terms = [np.sum(v), y[1]]
    push(terms, terms[-1] * 2.0)
    return terms[-1] * terms[-2] + terms[0]


def in_a_loop(v, y):
    hs = [y[0]]
    total = 0.0
    for k in range(3):
        total = total + hs[-1] * v[k % 2]
        push_on(hs, np.tanh(hs[-1] + v[0]))
    return total + hs[-1]


def extended(v, y):
    hs = [v[0], v[1] * y[0]]
    a = hs[-1]
    grow_twice(hs, y[1])
    return a * hs[-1] + hs[-2]


FUNCTIONS = [read_then_pushed, read_in_the_argument, in_a_loop, extended]
V, Y = np.array([-0.42, -0.79]), np.array([0.43, 0.13])


def _fd(f, i, h=1e-6):
    args = [V.copy(), Y.copy()]
    out = []
    for e in np.eye(2):
        up = [a.copy() for a in args]
        down = [a.copy() for a in args]
        up[i] += h * e
        down[i] -= h * e
        out.append((f(*up) - f(*down)) / (2 * h))
    return np.array(out)


@pytest.mark.parametrize("f", FUNCTIONS, ids=lambda f: f.__name__)
def test_grad_and_jvp(f):
    gv, gy = s2sad.grad(f, wrt=(0, 1))(V.copy(), Y.copy())
    np.testing.assert_allclose(gv, _fd(f, 0), rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(gy, _fd(f, 1), rtol=1e-6, atol=1e-9)
    value, tangent = s2sad.jvp(f, wrt=(0, 1))(V.copy(), Y.copy(), (np.ones(2), np.ones(2)))
    assert value == f(V.copy(), Y.copy())
    np.testing.assert_allclose(tangent, _fd(f, 0).sum() + _fd(f, 1).sum(), rtol=1e-6, atol=1e-9)


def test_checkpointed_loop():
    gv, gy = s2sad.grad(in_a_loop, wrt=(0, 1), checkpoint=2)(V.copy(), Y.copy())
    np.testing.assert_allclose(gv, _fd(in_a_loop, 0), rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(gy, _fd(in_a_loop, 1), rtol=1e-6, atol=1e-9)
