"""`x.item(i)`, `x.item(i, j)`, `x.item((i, j))` (frontend/methods.item_read: an element read) and
`math.log(x, base)` (frontend/numpy_forms_more: `math.log(x) / math.log(base)`). Refused on main
before stop 50 ("called with more positional arguments than s2sad's rule for it takes")."""
import math

import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp

X = np.array([0.3, -0.8, 1.1, 0.45])


def items(x):
    A = x.reshape(2, 2)
    return x.item(1) * x.item(2) + A.item(1, 0) ** 2 + A.item((0, 1)) + A.item(3) * x.item(0)


def items_in_a_loop(x):
    s = 0.0
    for i in range(x.size):
        s += x.item(i) ** 2 * (i + 1)
    return s


def log_bases(x):
    return math.log(x[2], 2) + math.log(x[2] + 1.0, x[3] + 2.0) * x[0]


@pytest.mark.parametrize("f", [items, items_in_a_loop, log_bases])
def test_followed(f):
    value, _ = s2sad.value_and_grad(f)(X)
    assert value == pytest.approx(f(X), rel=1e-14)
    check_grad(f, X)
    check_jvp(f, X, tangent=np.linspace(-1.0, 1.0, 4))


@pytest.mark.parametrize("f", [items, log_bases])
def test_under_jit(f):
    np.testing.assert_allclose(s2sad.grad(f, jit=True)(X), s2sad.grad(f)(X), rtol=1e-12)


def test_python_errors_stay():
    def out_of_range(x):
        return x.item(7) * x[0]
    with pytest.raises(IndexError):
        s2sad.grad(out_of_range)(X)
