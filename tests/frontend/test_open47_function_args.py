"""A nested function or a lambda passed to a helper of the module that calls it (open47; part of
the fuzzer's "functions used as values", 189): ``_apply(g, x)`` / ``_apply(lambda v: c * v, x)``
were refused on main ("the nested function `g` used as a value", "a lambda used as a value").
``frontend/function_args.py`` copies the helper as a nested function calling ``g`` itself, which
``lift`` lifts with ``g``; ``g``'s free names are read when it is called, as in Python. A helper
that passes the function on, stores it, or is not plain keeps the located refusal."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad
from tests.exact_modes import check_checkpointed, check_modes


def _apply(h, v, scale=2.0):
    return h(v) * scale + h(v * 0.5)


def _integrate(rhs, y, dt, n):
    for _ in range(n):
        y = y + dt * rhs(y)
    return y


def nested_def(x):
    def g(v):
        return np.sin(v) * x[1]
    return np.sum(_apply(g, x))


def lambda_arg(x):
    return np.sum(_apply(lambda v: v * x[0], x, 0.5))


def by_keyword(x):
    def g(v):
        return np.tanh(v * x[2])
    return np.sum(_apply(v=x, h=g))


def ode(x):
    k = x[0]

    def rhs(y):
        return -k * y + np.sin(y)
    return np.sum(_integrate(rhs, x, 0.1, 4) ** 2)


def late_read(x):
    """``c`` is read when ``g`` is called (after it is rebound), as in Python."""
    c = x[0]

    def g(v):
        return c * v
    c = np.cos(x[1])
    return np.sum(_apply(g, x))


def in_a_loop(x):
    tot = 0.0
    for k in range(3):
        tot = tot + np.sum(_apply(lambda v, k=k: v * (k + x[1]), x))
    return tot


X = np.array([0.3, -0.7, 1.1])
V = np.array([0.7, -0.2, 0.4])
CASES = [nested_def, lambda_arg, by_keyword, ode, late_read, in_a_loop]
IDS = [f.__name__ for f in CASES]


@pytest.mark.parametrize("fn", CASES, ids=IDS)
def test_exact(fn):
    check_modes(fn, X, V)


@pytest.mark.parametrize("fn", [ode, in_a_loop], ids=["ode", "in_a_loop"])
def test_checkpointed_loops(fn):
    check_checkpointed(fn, X)


@pytest.mark.jit
@pytest.mark.parametrize("fn", [nested_def, ode], ids=["nested_def", "ode"])
def test_jit(fn):
    check_grad(fn, X, jit=True)


# the function passed on, or given under a comprehension: refused, located

def _pass_on(h, v):
    return _apply(h, v)


def passed_on(x):
    def g(v):
        return v * x[0]
    return np.sum(_pass_on(g, x))


def in_comprehension(x):
    return sum(np.sum(_apply(lambda v: v * k, x)) for k in range(2))


@pytest.mark.parametrize("fn", [passed_on, in_comprehension])
def test_others_stay_refused_located(fn):
    with pytest.raises(s2sad.S2sadError) as e:
        s2sad.grad(fn)(X.copy())
    assert __file__ in str(e.value) and "value" in str(e.value)
