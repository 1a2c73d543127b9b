"""A helper returning a list display unpacked by its caller (transforms/inline._returned_list).
On main `p, q, r = h(v)` of `def h(v): ...; return [*xs, v[2]]` (or `return [a, b, c]`) was refused
("unpacking this helper's result. Return a tuple of exactly 3 values"): anf names the list
(`t = [a, b, c]; return t`), which inline did not see through. A fresh list unpacked at once is its
items, as a tuple's are. A caller keeping the list whole is followed as before."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp

X = np.array([0.3, 0.7, 1.1])
TANGENT = np.array([0.4, -1.0, 0.25])


def spread_list(v):
    xs = [v[0], v[1] * v[2]]
    return [*xs, v[2]]


def plain_list(v):
    return [np.sin(v[0]), v[1:] ** 2]


def unpack_spread(v):
    p, q, r = spread_list(v)
    return p * q * r


def unpack_plain(v):
    a, b = plain_list(v)
    return a * np.sum(b)


def kept_whole(v):
    r = spread_list(v)
    return r[0] * r[2] + r[1] ** 2


@pytest.mark.parametrize("f", [unpack_spread, unpack_plain, kept_whole])
def test_returned_lists(f):
    value, _ = s2sad.value_and_grad(f)(X)
    assert value == pytest.approx(f(X), rel=1e-14)
    check_grad(f, X)
    check_jvp(f, X, tangent=TANGENT)


@pytest.mark.parametrize("f", [unpack_spread, unpack_plain])
def test_under_jit(f):
    check_grad(f, X, jit=True)


def wrong_count(v):
    a, b = spread_list(v)
    return a * b


def test_another_count_is_still_refused_at_the_return():
    with pytest.raises(s2sad.UnsupportedSyntaxError, match="Return a tuple of exactly 2 values") as err:
        s2sad.grad(wrong_count)(X)
    assert f"line {spread_list.__code__.co_firstlineno + 2}, column 5" in str(err.value)
