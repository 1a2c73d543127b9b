"""A closure made by a factory of the module (``def make(k): def g(v): ...; return g``), called
in the function (``g = make(2.0); g(x)``) or made in a comprehension and looped over
(``fs = [make(k) for k in range(3)]``, ``for f in fs: tot += f(x)``), was refused: "`g` is a
function chosen while the code runs". It is now the nested function the factory makes, its
parameters and locals bound where the call ran (frontend/factory_calls.py, stop 57, issue 8).
grad, jvp, jit=True against central differences and autograd; factories of other shapes stay
refused, located."""
import numpy as np
import pytest

import s2sad
from s2sad.errors import S2sadError
from s2sad.testing import check_against_autograd, check_grad, check_jvp

X = np.array([0.3, -0.7, 1.1])
T = np.array([0.2, 0.5, -0.3])
SCALE = 0.5


def make(k):
    c = k + 1.0
    def g(v):
        return c * np.sum(np.sin(v) ** 2) * SCALE
    return g


def make_two(a, b):
    def h(v, w):
        return np.sum(a * v * w) + b
    return h


def one_closure(x):
    g = make(2.0)
    return g(x) + g(2.0 * x)


def closure_of_a_differentiated_value(x):
    h = make_two(x[0], x[1] ** 2)
    return h(x, x[::-1])


def comprehension_of_closures(x):
    fs = [make(k) for k in range(3)]
    tot = 0.0
    for f in fs:
        tot = tot * 0.5 + f(x)
    return tot


def enumerated_closures(x):
    fs = [make(0.5), make(1.5)]
    tot = 0.0
    for i, f in enumerate(fs):
        tot = tot + i * f(x) + f(x * x)
    return tot


EXACT = [one_closure, closure_of_a_differentiated_value, comprehension_of_closures, enumerated_closures]


@pytest.mark.parametrize("f", EXACT)
def test_factory_closure_exact(f):
    check_grad(f, X)
    check_jvp(f, X, tangent=T)
    check_against_autograd(f, X)


@pytest.mark.parametrize("f", [one_closure, comprehension_of_closures])
def test_factory_closure_jit(f):
    check_grad(f, X, jit=True)
    check_jvp(f, X, tangent=T, jit=True)


def make_counting(k):
    def g(v):
        nonlocal k
        k = k + 1.0
        return k * np.sum(v)
    return g


def closure_rebinding_its_cell(x):
    g = make_counting(1.0)
    return g(x) + g(x)


def shadowing_a_global(x):
    SCALE = 3.0          # the factory's SCALE is the module's, not this local
    g = make(1.0)
    return g(x) * SCALE


@pytest.mark.parametrize("f", [closure_rebinding_its_cell, shadowing_a_global])
def test_other_factories_stay_refused(f):
    with pytest.raises(S2sadError, match=r"(?s)line \d+, column \d+"):
        s2sad.grad(f)(X)
