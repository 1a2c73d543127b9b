"""Tuple joins under ``jit=True`` (stop 48's open item; ``frontend/tuple_joins.py``).

A join was always written ``tuple([*a, *b])``, which numba cannot compile (a tuple's length is part
of its type; it cannot make one of a list): every join failed in numba, a ``t = t + (v,)`` in a
loop with "no implementation of the call getitem(Tuple(), int64)". Now a join whose sides all have
a length known when compiling (displays, locals stored once by a display, joins of those, a
display repeated a constant number of times) is the tuple display of the items
(``a + (v,)`` -> ``(a[0], a[1], v)``), compiled by numba; a join of unknown length is refused
before numba runs, at its line, saying to collect the items in a list or an array.
"""
import inspect

import numpy as np
import pytest

import s2sad
from s2sad.testing import check_against_autograd, check_grad, check_hvp, check_jvp


def flat_join(x):
    a = (x, np.sin(x))
    t = a + (x * 2.0,)
    return np.sum(t[0] * t[2]) + np.sum(t[1])


def chained(x):
    a = (np.tanh(x),)
    b = a + (x ** 2, np.cos(x))
    c = (x * 3.0,) + b
    return np.sum(c[0] * c[3]) + np.sum(c[1] * c[2])


def repeated(x):
    a = np.tanh(x)
    t = (a,) * 3
    return np.sum(t[0] * t[1]) + np.sum(t[2])


def grown_in_loop(x):
    t = ()
    for i in range(3):
        t = t + (np.sin(x * (i + 1)),)
    return np.sum(t[0] * t[2]) + np.sum(t[1])


SIZED = [flat_join, chained, repeated]
X = np.array([0.3, -0.7])
V = np.array([1.0, -0.5])


@pytest.mark.parametrize("f", SIZED, ids=lambda f: f.__name__)
def test_sized_joins_every_mode(f):
    check_grad(f, X.copy())
    check_against_autograd(f, X.copy(), rtol=1e-7, atol=1e-9)
    check_jvp(f, X.copy(), tangent=V)
    check_hvp(f, X.copy(), v=V, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(s2sad.vjp(f)(X.copy(), 3.0), 3.0 * s2sad.grad(f)(X.copy()), rtol=1e-12)


@pytest.mark.parametrize("f", [flat_join, chained], ids=lambda f: f.__name__)
def test_sized_joins_under_jit(f):
    check_grad(f, X.copy(), jit=True)
    check_jvp(f, X.copy(), tangent=V, jit=True)


def _line(f, text):
    lines, start = inspect.getsourcelines(f)
    return start + next(k for k, s in enumerate(lines) if text in s)


@pytest.mark.parametrize("mode", ["grad", "jvp"])
def test_unsized_join_under_jit_refused_before_numba(mode):
    with pytest.raises(s2sad.UnsupportedSyntaxError) as e:
        if mode == "grad":
            s2sad.grad(grown_in_loop, jit=True)(X.copy())
        else:
            s2sad.jvp(grown_in_loop, jit=True)(X.copy(), V)
    msg = str(e.value)
    assert __file__ in msg and f"line {_line(grown_in_loop, 't = t + (')}," in msg
    assert "t = t + (np.sin(x * (i + 1)),)" in msg and "in grown_in_loop" in msg
    assert "join of tuples with jit=True" in msg and "`items.append(v)`" in msg


def test_unsized_join_without_jit_still_exact():
    check_grad(grown_in_loop, X.copy())
