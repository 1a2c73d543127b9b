"""Advice for a descending sort (stop 50, issue 8's misleading messages): ``np.sort(x,
reverse=True)`` (NumPy has no such keyword: the call raises TypeError in Python too) was told to
"write the call without `reverse=` ... or register a complete rule", and ``y.sort(reverse=True)``
on an array was told to write ``y = np.sort(y, reverse=True)``, which does not exist. Both now say
what exists: ``np.sort(x)[::-1]`` (and ``sorted(y, reverse=True)`` for a list)."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp

X = np.array([0.3, -1.2, 0.8])
W = np.arange(3.0)


def numpy_reverse(x):
    return np.sum(np.sort(x, reverse=True) * W)


def method_reverse(x):
    y = x.copy()
    y.sort(reverse=True)
    return np.sum(y * W)


def advised(x):
    return np.sum(np.sort(x)[::-1] * W)


def sorted_reverse(x):
    return np.sum(np.array(sorted(x, reverse=True)) * W)


@pytest.mark.parametrize("mode", ["grad", "jvp"])
def test_np_sort_reverse_says_numpy_has_no_such_keyword(mode):
    with pytest.raises(s2sad.NoDerivativeError) as info:
        s2sad.grad(numpy_reverse)(X) if mode == "grad" else s2sad.jvp(numpy_reverse)(X, X)
    msg = str(info.value)
    assert "`np.sort` has no keyword `reverse=`" in msg and "TypeError in Python too" in msg
    assert "np.sort(x)[::-1]" in msg and "register" not in msg


def test_array_sort_method_reverse_gets_advice_that_exists():
    with pytest.raises(s2sad.UnsupportedSyntaxError) as info:
        s2sad.grad(method_reverse)(X)
    msg = str(info.value)
    assert "np.sort(y, reverse" not in msg
    assert "`y = np.sort(y)[::-1]`" in msg and "`y = sorted(y, reverse=True)`" in msg


@pytest.mark.parametrize("fn", [advised, sorted_reverse])
def test_the_advised_forms_are_differentiated(fn):
    check_grad(fn, X.copy())
    check_jvp(fn, X.copy(), tangent=np.array([1.0, 0.5, -2.0]))
