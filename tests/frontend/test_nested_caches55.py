"""A nested function under ``@functools.lru_cache``/``@functools.cache`` (frontend/nested_caches.py,
stop 55, issue 8) was refused as "decorated": a cache changes when the body runs, not what a call
returns, so where the body draws nothing and reads nothing the function changes, the decorator is
dropped; grad, jvp and jit=True against central differences. Where the cache could change a call's
value (a draw, a closure variable rebound or written into after the def) the refusal stays, and
says which."""
import functools
from functools import cache, lru_cache

import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp

X = np.array([0.3, 1.2, -0.7, 0.5])
V = np.array([0.5, -1.0, 0.25, 2.0])


def integer_argument(x):
    @functools.lru_cache(maxsize=128)
    def k(n):
        return 1.0 / (n + 1)
    return sum(k(i) * x[i] ** 2 for i in range(3))


def differentiated_argument(x):
    @cache
    def g(s):
        return s * s + np.sin(s)
    return g(x[0]) * x[1] + g(x[2])


def reads_the_parameter(x):
    c = 2.0 * x[3]

    @lru_cache
    def g(i):
        return c * x[i]
    return g(0) + g(1) ** 2


@pytest.mark.parametrize("f", [integer_argument, differentiated_argument, reads_the_parameter],
                         ids=lambda f: f.__name__)
def test_grad_and_jvp_against_differences(f):
    check_grad(f, X)
    check_jvp(f, X, tangent=V)


def test_jit(empty_caches):
    f = reads_the_parameter
    np.testing.assert_allclose(s2sad.grad(f, jit=True)(X), s2sad.grad(f)(X), rtol=1e-12)


def written_into(x):
    buf = np.zeros(3)

    @lru_cache
    def g(i):
        return buf[i]
    a = g(0)
    buf[0] = x[0]
    return a + g(0) * x[1]


def rebound(x):
    c = 1.0

    @lru_cache
    def g(i):
        return c * x[i]
    a = g(0)
    c = 3.0
    return a + g(0)


def draws(x):
    rng = np.random.default_rng(0)

    @lru_cache
    def g(i):
        return x[i] * rng.normal()
    return g(0) + g(0)


@pytest.mark.parametrize("f, why", [(written_into, "reading `buf`"), (rebound, "reading `c`"),
                                    (draws, "random")], ids=["written_into", "rebound", "draws"])
def test_refused_where_the_cache_changes_a_value(f, why):
    with pytest.raises(s2sad.UnsupportedSyntaxError, match=why) as info:
        s2sad.grad(f)(X)
    assert "line " in str(info.value) and "under a cache" in str(info.value)
