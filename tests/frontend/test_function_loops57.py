"""A loop over a fixed list of functions (``for f in [sq, np.sin]: tot += f(x)``, a local list of
them, ``enumerate`` of one, a list of ``functools.partial`` objects written out or made by a
comprehension over a constant range) was refused: "`f` is a function chosen while the code runs".
It is now unrolled, one copy of the body per function (frontend/function_loops.py, stop 57, issue
8). grad, jvp, jit=True against central differences and autograd; loops it cannot unroll exactly
(a ``break``, the variable read after the loop) stay refused, located."""
import functools
from functools import partial

import numpy as np
import pytest

import s2sad
from s2sad.errors import S2sadError
from s2sad.testing import check_against_autograd, check_grad, check_jvp

X = np.array([0.3, -0.7, 1.1])
T = np.array([0.2, 0.5, -0.3])


def sq(v):
    return np.sum(v ** 2)


def cube(v):
    return np.sum(v ** 3)


def scaled(v, c):
    return np.sum(np.sin(v)) * c


def displayed_in_the_loop(x):
    tot = 0.0
    for f in [np.sin, np.cos]:
        tot = tot + np.sum(f(x))
    return tot


def local_list_of_helpers(x):
    fs = [sq, cube]
    tot = 0.0
    for f in fs:
        tot = tot + f(x)
    return tot / len(fs)


def nested_and_enumerated(x):
    tot = 0.0
    for i in range(2):
        for k, f in enumerate((sq, cube), start=1):
            for g in (np.sin, np.tanh):
                tot = tot + k * f(g(x * (i + 1)))
    return tot


def partials_written_out(x):
    w = 2.0
    ps = [functools.partial(scaled, c=w), partial(scaled, c=w * 3)]
    w = 5.0           # the partials keep the value they were given
    tot = 0.0
    for p in ps:
        tot = tot + p(x)
    return tot * w


def partials_of_a_comprehension(x):
    ps = [partial(scaled, c=float(k) + 0.5) for k in range(1, 4)]
    tot = 0.0
    for p in ps:
        tot = tot * 0.5 + p(x * tot)
    return tot


def nested_function_with_a_return(x):
    def loc(v):
        return np.sum(np.exp(v))
    tot = 0.0
    for f in (loc, sq):
        tot = tot + f(x)
        if tot > 1e9:
            return tot
    return tot


EXACT = [displayed_in_the_loop, local_list_of_helpers, nested_and_enumerated, partials_written_out,
         partials_of_a_comprehension, nested_function_with_a_return]


@pytest.mark.parametrize("f", EXACT)
def test_loop_over_functions_exact(f):
    check_grad(f, X)
    check_jvp(f, X, tangent=T)
    check_against_autograd(f, X)


@pytest.mark.parametrize("f", [local_list_of_helpers, partials_of_a_comprehension])
def test_loop_over_functions_jit(f):
    check_grad(f, X, jit=True)
    check_jvp(f, X, tangent=T, jit=True)


def left_by_break(x):
    tot = 0.0
    for f in [sq, cube]:
        if tot > 100.0:
            break
        tot = tot + f(x)
    return tot


def read_after_the_loop(x):
    tot = 0.0
    for f in [sq, cube]:
        tot = tot + f(x)
    return tot + f(x)


def rebound_in_the_body(x):
    a, tot = sq, 0.0
    for f in [a, cube]:
        tot = tot + f(x)
        a = cube
    return tot


@pytest.mark.parametrize("f", [left_by_break, read_after_the_loop, rebound_in_the_body])
def test_loops_not_unrolled_stay_refused(f):
    with pytest.raises(S2sadError, match=r"(?s)line \d+, column \d+.*function chosen while the code runs"):
        s2sad.grad(f)(X)
