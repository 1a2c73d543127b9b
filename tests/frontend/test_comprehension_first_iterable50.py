"""The first iterable of a comprehension or generator expression is evaluated at once, where it
stands, so `sorted(xs, key=F)`, `max(xs, key=F)` and `functools.reduce` there are rewritten as in a
statement (frontend/functional.py). On main before stop 50 they were left as written inside a
comprehension: `sum(v * i for i, v in enumerate(sorted(x, key=abs)))` was refused ("no derivative
rule for `sorted`", advising `np.sort`, which has no key), a lambda key there as "a lambda used as
a value"."""
import functools
import itertools

import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp

X = np.array([0.3, -0.8, 1.1, 0.45])


def ranks_by_magnitude(x):
    return sum(v * i for i, v in enumerate(sorted(x, key=abs)))


def sorted_pairs_by_weight(x):
    pairs = [(x[0], 1.0), (x[1], 2.0), (x[2], 0.5)]
    return sum(a * b * i for i, (a, b) in enumerate(sorted(pairs, key=lambda p: p[1])))


def largest_then_rest(x):
    return [v * 2.0 for v in sorted(x, reverse=True)][0] + sum([w ** 2 for w in sorted(x[1:], key=lambda t: -t)][:2])


def reduce_in_a_comprehension(x):
    return sum(t * k for k, t in enumerate([functools.reduce(lambda a, b: a * b, x[:3]), max(x, key=abs)]))


def joined_then_summed(x):
    return sum(v * v for v in [*x[:2], *(x[2:] * 2.0)])     # frontend/starred_displays.py


def pair(a, b):
    return a * b, a - b


def star_call_in_the_iterable(x):
    return sum(v ** 2 for v in np.array(pair(*x[1:3])))    # frontend/starred_calls.py


@pytest.mark.parametrize("f", [ranks_by_magnitude, sorted_pairs_by_weight, largest_then_rest,
                               reduce_in_a_comprehension, joined_then_summed, star_call_in_the_iterable])
def test_first_iterable_rewritten(f):
    value, _ = s2sad.value_and_grad(f)(X)
    assert value == pytest.approx(f(X), rel=1e-14)
    check_grad(f, X)
    check_jvp(f, X, tangent=np.linspace(-1.0, 1.0, 4))


def keys_inside_the_element(x):
    return sum(max(x[:k + 1], key=abs) for k in range(3))     # runs once an item: left as written


def chained(x):
    return sum(v * v for v in itertools.chain(x[:2], x[2:] * 2.0))


def test_chain_refused_with_advice_that_works():
    with pytest.raises(s2sad.NoDerivativeError, match=r"\[\*xs, \*ys\]"):
        s2sad.grad(chained)(X)
    np.testing.assert_allclose(s2sad.grad(joined_then_summed)(X), X * np.array([2.0, 2.0, 8.0, 8.0]), rtol=1e-14)


def test_the_element_is_left_as_written():
    with pytest.raises(s2sad.S2sadError, match="line"):
        s2sad.grad(keys_inside_the_element)(X)
