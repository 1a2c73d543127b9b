"""A slice store into a list (``L[a:b] = v``) may change its length. The reverse sweep took it for
an array's slice store: ``L = [x[0], x[1]]; L[:1] = [x[2], x[3]]`` was silently wrong under
jit=True ([0, 3, 2, 0] for [0, 5, 2, 3]) and an AdjointFailedError without jit (fuzz51's finding
``list_slice_store_changing_its_length``). Now a local list no one else holds is rebuilt as Python
leaves it (frontend/list_mutation.py: the items before, ``v``'s, the items after, bounds clamped as
Python clamps them), and a slice store into a list another name or a helper's caller holds is
refused at its line."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp

X = np.array([0.7, -0.4, 1.1, 0.3])
T = np.array([0.3, -0.1, 0.2, 0.5])


def grows_at_the_front(x):
    L = [x[0], x[1]]
    L[:1] = [x[2], x[3]]
    return L[0] * 2.0 + L[1] * 3.0 + L[2] * 5.0


def shrinks_in_the_middle(x):
    L = [x[0], x[1], x[2], x[3]]
    L[1:3] = [x[1] * x[2]]
    return L[0] + L[1] * 2 + L[-1] * 3 + len(L)


def same_length(x):
    L = [x[0], x[1], x[2]]
    L[1:] = [x[3] ** 2, x[0] * x[1]]
    return sum(L)


def negative_bounds(x):
    L = [x[0], x[1], x[2]]
    L[-2:] = [x[3]]
    return L[0] * 3 + L[-1] * 7


def grows_in_a_loop(x):
    L = [x[0]]
    for k in range(3):
        L[:0] = [L[0] * x[k + 1], x[k]]
    return sum(v * (i + 1) for i, v in enumerate(L))


def from_an_array(x):
    L = [x[0], x[1]]
    L[:] = x[1:] * 2.0
    return L[0] * L[2] + len(L)


CASES = [grows_at_the_front, shrinks_in_the_middle, same_length, negative_bounds, grows_in_a_loop, from_an_array]


@pytest.mark.parametrize("f", CASES, ids=lambda f: f.__name__)
def test_against_differences(f):
    check_grad(f, X)
    check_jvp(f, X, tangent=T)


@pytest.mark.jit
@pytest.mark.parametrize("f", [grows_at_the_front, grows_in_a_loop], ids=lambda f: f.__name__)
def test_jit(f):
    check_grad(f, X, jit=True)


def _put(c, a):
    c[:1] = [a, a * 2.0]


def through_a_helper(x):
    L = [x[0], x[1]]
    _put(L, x[2])
    return L[0] + L[1] * 3 + L[2] * 5


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
def test_a_list_the_caller_holds_is_refused_at_its_line(jit):
    """It was silently wrong under jit ([0, 3, 1, 0] for [0, 5, 7, 0])."""
    with pytest.raises(s2sad.errors.UnsupportedSyntaxError, match=r"(?s)test_list_slice_stores51.py.*line \d+.*"
                       r"c\[:1\] = \[a, a \* 2.0\].*slice assignment into the list `c`"):
        s2sad.grad(through_a_helper, jit=jit)(X)
