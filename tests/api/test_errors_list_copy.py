"""`list(xs)` / `tuple(xs)` of a differentiated array (hunt16: Neville's `p = list(ys)`) was
refused at its line, saying to copy with a comprehension. Of an array argument never rebound it
is that comprehension (hunt51, ``frontend/param_copies.py``); of one rebound on some path it is
still refused so, and the comprehension it suggests is differentiated."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad

XS = np.array([0.0, 0.5, 1.0, 1.5])
YS = np.array([1.0, 1.6, 2.1, 1.9])


def neville_list(xs, ys, x):
    n = len(xs)
    p = list(ys)
    for k in range(1, n):
        for i in range(n - k):
            p[i] = ((x - xs[i + k]) * p[i] + (xs[i] - x) * p[i + 1]) / (xs[i] - xs[i + k])
    return p[0]


def neville_list_reversed(xs, ys, x, flip):
    if flip:
        ys = ys[::-1]
    p = list(ys)
    return p[0] * x + p[1] * xs[0]


def neville_comprehension(xs, ys, x):
    n = len(xs)
    p = [v for v in ys]
    for k in range(1, n):
        for i in range(n - k):
            p[i] = ((x - xs[i + k]) * p[i] + (xs[i] - x) * p[i + 1]) / (xs[i] - xs[i + k])
    return p[0]


def pair_product(ys):
    p = tuple(ys)
    return p[0] * p[1]


def test_tuple_of_an_array_is_differentiated():
    """Refused with the comprehension advice until open44 gave tuple(xs) a rule."""
    check_grad(pair_product, YS)


def test_list_of_an_array_argument_is_differentiated():
    check_grad(neville_list, XS, YS, 0.8, wrt=(1, 2))


@pytest.mark.parametrize("f, line", [(neville_list_reversed, "p = list(ys)")])
def test_list_of_a_rebound_array_is_refused_with_the_comprehension(f, line):
    with pytest.raises(s2sad.NoDerivativeError) as err:
        s2sad.grad(f, wrt=1)(XS, YS, 0.8, 1)
    msg = str(err.value)
    assert "test_errors_list_copy.py" in msg and line in msg
    assert "comprehension" in msg and "[v for v in ys]" in msg and "xs" not in msg.split("\n")[-1]   # the user's name (misc52)


@pytest.mark.parametrize("jit", [False, True])
def test_the_suggested_comprehension_is_differentiated(jit):
    check_grad(neville_comprehension, XS, YS, 0.8, wrt=(0, 1, 2), jit=jit)
