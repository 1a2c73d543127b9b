"""Starred targets and spread helper results of a length known when compiling
(frontend/starred_targets.py). On main `lo, *rest = helper(v)` -- the fuzzer's most common
refusal -- was refused ("the starred target `*rest` unpacking a helper's tuple"), and so was
`(*helper(v), y)` ("a starred expression outside a call"); a helper's tuple unpacked by a starred
target in a loop too. Now `rest` is the list display of the helper's items, each array keeping its
own shape (numba included). Where the length is known only at run time (a helper returning a
list it grows) the items are still read by a loop, as before; a spread call evaluated after
another call of the user's own functions in its statement is still refused at its line."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp

X = np.array([0.3, 0.7, 1.1])
TANGENT = np.array([0.4, -1.0, 0.25])


def three(v):
    return v[0] * 2.0, v[1] ** 2, np.sin(v[2])


def mixed(v):
    return v[0] * 2.0, v[1:] ** 2, np.outer(v, v)


def combine(a, b, c):
    return a * b - c


def head_rest(v):
    lo, *rest = three(v)
    return lo * rest[0] + rest[1]


def rest_of_arrays(v):
    a, *mid, b = mixed(v)
    return a * np.sum(b) + np.sum(mid[0] ** 2)


def rest_looped(v):
    h, *t = mixed(v)
    s = h
    for u in t:
        s = s * np.sum(u)
    return s


def first_only(v):
    first, *_ = mixed(v)
    return first * v[1]


def in_a_loop(v):
    s = 0.0
    for i in range(2):
        a, *b = three(v * (i + 1))
        s = s + a * b[1]
    return s


def spread_in_tuple(v):
    t = (*three(v), v[0])
    return t[0] * t[1] + t[2] * t[3]


def spread_then_call(v):
    t = (*three(v), combine(v[0], v[1], v[2]))
    return t[0] * t[3]


def spread_into_array(v):
    return np.sum(np.array([*three(v), v[1]]) ** 2) + np.prod(np.array((*three(v),)))


def spread_into_call(v):
    return combine(*three(v))


def inner(v):
    a = (v[0], v[1])
    return (*a, v[2] * 2.0)


def outer(v):
    return (*inner(v), v[0] * v[1])


def spread_of_spread(v):
    p, *q = outer(v)
    return p * q[0] * q[1] + q[2]


PROGRAMS = [head_rest, rest_of_arrays, rest_looped, first_only, in_a_loop, spread_in_tuple, spread_then_call,
            spread_into_array, spread_into_call, spread_of_spread]


@pytest.mark.parametrize("f", PROGRAMS)
def test_known_lengths_are_followed(f):
    value, _ = s2sad.value_and_grad(f)(X)
    assert value == pytest.approx(f(X), rel=1e-14)
    check_grad(f, X)
    check_jvp(f, X, tangent=TANGENT)


@pytest.mark.parametrize("f", [head_rest, rest_of_arrays, spread_in_tuple, spread_of_spread])
def test_under_jit(f):
    check_grad(f, X, jit=True)


def grown(v):
    out = []
    for i in range(len(v)):
        out.append(v[i] * v[i])
    return out


def run_time_length(v):
    lo, *rest = grown(v)
    return lo * sum(rest)


def test_a_length_known_at_run_time_keeps_the_loop():
    check_grad(run_time_length, X)
    check_jvp(run_time_length, X, tangent=TANGENT)


def call_before_spread(v):
    t = (combine(v[0], v[1], v[2]), *three(v))    # combine might change what three reads
    return t[0] * t[1]


def test_a_spread_after_a_call_is_refused_at_its_line():
    with pytest.raises(s2sad.UnsupportedSyntaxError) as err:
        s2sad.grad(call_before_spread)(X)
    assert "test_starred_targets53.py" in str(err.value)
    assert f"line {call_before_spread.__code__.co_firstlineno + 1}, column 37" in str(err.value)
    assert "Bind `three(v)` to a name on the line before" in str(err.value)


def too_few_at_run_time(v):
    t = (v[0], v[1])
    a, b, _c, *_d = t        # on main: a gradient, the last two being unread
    return a * b


def too_few_known(v):
    a, b, _c, _d, *_e = three(v)
    return a * b


def test_too_few_items_raise_as_python_does():
    with pytest.raises(ValueError, match="not enough values"):
        too_few_at_run_time(X)
    for jit in (False, True):
        with pytest.raises(ValueError, match="not enough values"):
            s2sad.grad(too_few_at_run_time, jit=jit)(X)
    with pytest.raises(s2sad.UnsupportedSyntaxError, match="unpacking 3 items into at least 4 targets") as err:
        s2sad.grad(too_few_known)(X)
    assert f"line {too_few_known.__code__.co_firstlineno + 1}, column 5" in str(err.value)


def test_the_source_is_deterministic():
    assert s2sad.grad(rest_of_arrays).source == s2sad.grad(rest_of_arrays).source


def pick(v):
    return 1 if v[0] > 0 else 0


def spread_in_an_augmented_store(v):
    s = np.zeros(2)
    s[pick(v)] += np.sum(np.array((*three(v),)))     # Python calls pick before three
    return s[1] * v[0]


def test_a_spread_in_an_augmented_store_with_a_call_in_its_target_is_refused():
    with pytest.raises(s2sad.UnsupportedSyntaxError, match="starred expression") as err:
        s2sad.grad(spread_in_an_augmented_store)(X)
    assert f"line {spread_in_an_augmented_store.__code__.co_firstlineno + 2}, column" in str(err.value)
