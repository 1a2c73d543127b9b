"""frontend/nonlocals.py: a nested function rebinding enclosing locals with ``nonlocal`` (a
counter, an accumulator updated by a closure called in a loop) takes their values in and hands
the new ones back; what cannot be threaded keeps its located refusal."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp


def accumulator(x):
    total = 0.0
    count = 0

    def add(v):
        nonlocal total, count
        total = total + v * v
        count += 1
    for i in range(len(x)):
        add(x[i])
    add(np.sin(x[0]))
    return total / count


def with_value(x):
    state = x[0]

    def step(v):
        nonlocal state
        old = state
        if v > 0:
            state = state * 0.5 + v
            return old * v
        state = state - v ** 2
        return old
    acc = 0.0
    for i in range(len(x)):
        acc = acc + step(x[i])
    last = step(x[1] * 2.0)
    return acc + last * state


def rebinds_an_array(x):
    h = np.zeros_like(x)

    def relax(w):
        nonlocal h
        h = 0.5 * h + w * np.tanh(x)
    for k in range(3):
        relax(k + 1.0)
    return np.sum(h ** 2)


def assigned_by_the_call(x):
    total = x[0]

    def bump(v):
        nonlocal total
        total = total + v
        return total * 2.0
    total = bump(x[1])           # the call's result overwrites what bump bound
    return total * x[2]


def a_parameter_rebound(x):
    def shrink(k):
        nonlocal x
        x = x * 0.9 + np.sin(x) * k
    for k in range(3):
        shrink(float(k))
    return np.sum(x ** 2)


X = np.array([0.7, -1.3, 0.4])
CASES = [accumulator, with_value, rebinds_an_array, assigned_by_the_call, a_parameter_rebound]


@pytest.mark.parametrize("f", CASES)
def test_value_is_python_s(f):
    assert np.allclose(s2sad.value_and_grad(f)(X)[0], f(X))


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
@pytest.mark.parametrize("f", CASES)
def test_gradient(f, jit):
    """Refused before (`nonlocal` in a nested function)."""
    check_grad(f, X, jit=jit, reference=None if jit else "autograd")
    check_grad(f, -X[::-1], jit=jit)        # the other branch of `with_value`


@pytest.mark.parametrize("f", CASES)
def test_forward_mode(f):
    check_jvp(f, X, tangent=np.array([1.0, -2.0, 0.5]))


def read_around_the_call(x):
    total = x[0]

    def add(v):
        nonlocal total
        total = total + v
        return v
    y = total * add(x[1])        # reads total before the call: not the whole statement
    return y + total


def passed_as_a_value(x):
    total = 0.0

    def add(v):
        nonlocal total
        total = total + v
    for v in x:
        add(v)
    list(map(add, x))
    return total


def bound_after_the_def(x):
    def add(v):
        nonlocal total
        total = total + v
    total = x[0]
    add(x[1])
    return total


def may_fall_off(x):
    total = x[0]

    def add(v):
        nonlocal total
        total = total + v
        if v > 0:
            return v
    r = add(x[1])
    return total * (0.0 if r is None else r)


def twice_in_a_statement(x):
    total = x[0]

    def add(v):
        nonlocal total
        total = total * v
        return total
    return add(x[1]) - add(x[2])


@pytest.mark.parametrize("f", [read_around_the_call, passed_as_a_value, bound_after_the_def, may_fall_off,
                               twice_in_a_statement])
def test_what_cannot_be_threaded_keeps_its_refusal(f):
    f(X)
    with pytest.raises(s2sad.S2sadError, match="nonlocal"):
        s2sad.grad(f)(X)
