"""A derivative evaluated where it divides by zero, or raises zero to a negative power, while the
function itself is defined (``rules/runtime_ieee.py``): NumPy's IEEE value (``inf``, ``nan``), as
for an array argument and as autograd and JAX compute it, in grad, jvp and hvp, with and without
jit. Python's scalar arithmetic raised ``ZeroDivisionError``/``OverflowError`` there, so a float
argument gave an ``AdjointFailedError`` where an array gave ``inf``, and the modes disagreed (grad
of ``exp(log(x))`` at 0 gave nan, its jvp an error).

The case that showed it: ``max(T - 1.0, 0.0) ** 1.5`` is C^1 and its hvp below the threshold is 0
(``np.where`` picks the zero branch; JAX and autograd give nan there, 0 * inf); at the threshold
itself ``max`` takes its first argument (``t >= 0``, the first-order rule's convention), so the hvp
is the right-hand second derivative, ``+inf``, as JAX's and autograd's."""
import math
import warnings

import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_hvp, check_jvp


def melt(T):
    return max(T - 1.0, 0.0) ** 1.5


def melt_array(T):
    return np.sum(np.maximum(T - 1.0, 0.0) ** 1.5)


def math_sqrt(x):
    return math.sqrt(x) + x


def half_power(x):
    return x ** 0.5 + x


def pow_call(x):
    return pow(x, 0.5) + x


def power_of_itself(x):
    return x ** (x + 0.5)


def log_back(x):
    return np.exp(np.log(x)) + x


def log10_back(x):
    return np.exp(np.log10(x)) + x


def atanh_back(x):
    return np.tanh(np.arctanh(x)) + x


def tiny_negative_power(x):
    return x ** -0.5


def numpy_remainder(y):
    return np.mod(3.0, y) + y          # NumPy's remainder by 0 is nan, where Python's `%` raises


def numpy_division(x):
    return np.true_divide(1.0, x) + x  # NumPy's division by 0 is inf, where Python's `/` raises


def _modes(fn, x, jit):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return (s2sad.grad(fn, jit=jit)(x), s2sad.jvp(fn, jit=jit)(x, 1.0)[1], s2sad.hvp(fn, jit=jit)(x, 1.0))


INF, NAN = math.inf, math.nan
# (function, point, (grad, jvp, hvp)): the one-sided limits, or nan where 0 * inf
SINGULAR = [(melt, 0.5, (0.0, 0.0, 0.0)), (melt, 1.0, (0.0, 0.0, INF)),
            (math_sqrt, 0.0, (INF, INF, -INF)), (half_power, 0.0, (INF, INF, -INF)),
            (pow_call, 0.0, (INF, INF, -INF)), (power_of_itself, 0.0, (INF, INF, NAN)),
            (log_back, 0.0, (NAN, NAN, NAN)), (log10_back, 0.0, (NAN, NAN, NAN)),
            (atanh_back, 1.0, (NAN, NAN, NAN)), (tiny_negative_power, 1e-300, (-INF, -INF, INF)),
            (numpy_remainder, 0.0, (-INF, -INF, 0.0)), (numpy_division, 0.0, (-INF, -INF, INF))]


@pytest.mark.parametrize("fn, x, want", SINGULAR, ids=[f"{f.__name__}-{x}" for f, x, _ in SINGULAR])
def test_a_float_at_a_singular_point_gets_numpys_value_in_every_mode(fn, x, want):
    np.testing.assert_array_equal(_modes(fn, x, False), want)


@pytest.mark.parametrize("fn, x, want", [SINGULAR[1], SINGULAR[2], SINGULAR[6]],
                         ids=["melt", "math_sqrt", "log_back"])
def test_the_same_values_under_jit(fn, x, want):
    np.testing.assert_array_equal(_modes(fn, x, True), want)


def test_an_array_argument_agrees():
    v = np.array([0.5, 1.0, 2.0])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        h = [s2sad.hvp(melt_array)(v, e) for e in np.eye(3)]
    np.testing.assert_array_equal(np.diag(h), [0.0, INF, 0.75])


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
@pytest.mark.parametrize("x", [0.7, 1.3])
def test_away_from_the_point_against_differences(x, jit):
    check_grad(melt, x, jit=jit)
    check_jvp(melt, x, tangent=1.0, jit=jit)
    check_hvp(melt, x, v=1.0, jit=jit)
    check_grad(half_power, x + 0.2, jit=jit)
    check_hvp(half_power, x + 0.2, v=1.0, jit=jit)
