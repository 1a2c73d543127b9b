"""Unpacking a set (`a, b = {3.0, 1.0}`, `a, b = s` of `s = set(...)`, `h(*{3.0, 1.0})`) takes its
elements in the order Python's unpacking does (frontend/anf.assign_tuple through set_values'
`set_items`). On main the unpacking read `s[0]`, `s[1]`: TypeError 'set' object is not
subscriptable inside the generated code (an AdjointFailedError asking for a bug report); a star of a
set display in a call (`h(*{...})`, written out since stop 50's starred_calls) took the same path."""
import numpy as np
import pytest

import s2sad
from s2sad.backends.errors import JitError
from s2sad.testing import check_grad, check_jvp

X = np.array([0.3, -0.8, 1.1])


def from_a_display(x):
    a, b = {3.0, 1.0}           # CPython's order here is 1.0, 3.0
    return a * x[0] + b * x[1] ** 2


def from_a_name(x):
    s = set([3.0, 1.0])
    a, b = s
    return a * x[0] ** 2 + b * x[2]


def h(a, b):
    return a * 2.0 + b


def starred_set(x):
    return h(*{3.0, 1.0}) * x[0]


@pytest.mark.parametrize("f", [from_a_display, from_a_name, starred_set])
def test_sets_unpack_in_pythons_order(f):
    value, _ = s2sad.value_and_grad(f)(X)
    assert value == f(X)
    check_grad(f, X)
    check_jvp(f, X, tangent=np.array([1.0, -0.5, 0.25]))


def test_under_jit_a_located_refusal():
    with pytest.raises(JitError, match="from_a_name"):
        s2sad.grad(from_a_name, jit=True)(X)
