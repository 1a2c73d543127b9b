"""``h = functools.partial(helper, s=3.0)`` made in the function and called there
(frontend/local_partials.py, stop 55, issue 8) was refused ("a function chosen while the code
runs"): each call is now the helper's call with the bound arguments first (kept where the partial
is made) and the call's keywords overriding the bound ones. grad, jvp and jit=True against central
differences and autograd; a partial passed on (``map(h, ...)``) stays refused, located."""
import functools
from functools import partial

import numpy as np
import pytest

import s2sad
from s2sad.testing import check_against_autograd, check_grad, check_jvp

X = np.array([0.3, 1.2, -0.7, 0.5])
V = np.array([0.5, -1.0, 0.25, 2.0])


def scaled(x, s=1.0):
    return np.sum(x * s) ** 2


def weighted(w, x, p=2):
    return np.sum(w * x ** p)


def keyword_bound(x):
    h = functools.partial(scaled, s=3.0)
    return h(x)


def keyword_overridden(x):
    h = partial(scaled, s=3.0)
    return h(x) + h(2.0 * x, s=0.5)


def positional_bound_then_rebound(x):
    w = x[::-1] * 2.0
    h = partial(weighted, w)
    w = w * 0.0         # the partial keeps the array it was given
    return h(x) + h(x, p=3)


def of_a_nested_function(x):
    def rhs(y, k):
        return -k * y * y
    h = partial(rhs, k=2.5)
    s = 0.0
    for i in range(3):
        s += np.sum(h(x + i))
    return s


def of_a_ufunc(x):
    h = partial(np.power, x)
    return np.sum(h(3.0))


EXACT = [keyword_bound, keyword_overridden, positional_bound_then_rebound, of_a_nested_function, of_a_ufunc]


@pytest.mark.parametrize("f", EXACT, ids=lambda f: f.__name__)
def test_grad_and_jvp_against_differences(f):
    check_grad(f, X)
    check_jvp(f, X, tangent=V)


@pytest.mark.parametrize("f", [keyword_overridden, positional_bound_then_rebound], ids=lambda f: f.__name__)
def test_against_autograd(f):
    check_against_autograd(f, X)


def test_jit(empty_caches):
    f = positional_bound_then_rebound
    np.testing.assert_allclose(s2sad.grad(f, jit=True)(X), s2sad.grad(f)(X), rtol=1e-12)


def passed_on(x):
    h = partial(scaled, s=3.0)
    return sum(map(h, [x, 2 * x]))


def test_a_partial_passed_on_stays_refused():
    with pytest.raises(s2sad.NoDerivativeError, match="chosen while the code runs") as info:
        s2sad.grad(passed_on)(X)
    assert "line " in str(info.value)
