"""``L * n`` with ``n`` an int parameter, and ``[c * x] * 3`` (refused on main in both modes).

1. A call's build key gave ints and floats rank 0, so ``L * n`` of a parameter ``n`` could be a
   repetition (an int) or NumPy's product (a float or an array): refused. The key now lists the
   arguments that are Python ints (``api_build.key_of``, ``kinds.Kinds.ints``), the front end marks
   those parameters (``pipeline_frontend``), and ``list_names.int_names`` counts them ints: the
   repetition is written ``[v for _ in range(n) for v in L]`` (``frontend/list_joins.py``). A float,
   a NumPy integer (``np.int64(2) * L`` is NumPy's elementwise product) or a default not passed
   stays refused, located.
2. ``[c * x] * 3`` holds one array three times: ``L = [items] * n`` with an item that computes is
   now ``once = [items]`` then ``L = once * n`` (the items evaluated once, as Python does, then
   repeated by name); a write into one item, which Python makes through every position, is
   refused, located (``analyses/alias_sharing.py``), never taken for three separate arrays.
"""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_against_autograd, check_grad, check_hvp, check_jvp

X = np.array([0.3, -0.7, 1.1])
T = np.array([1.0, -0.5, 0.25])


def repeated_names(x, n):
    a, b = x[0], x[1] * 2.0
    L = [a, b] * n
    s = 0.0
    for v in L:
        s = s + v * v
    return s * L[-1] + len(L)


def repeated_display(x, n):
    L = [x[0], np.sin(x[1])] * n
    return L[0] * L[-1] + L[2] ** 2 + len(L)


def int_first(x, n):
    L = n * [np.sin(x[0]), x[1] * 2.0]
    return L[0] * L[3] + L[2]


def one_array_three_times(x):
    L = [x[:2] * 2.0] * 3
    return np.sum(L[0] * L[1] * L[2])


@pytest.mark.parametrize("fn", [repeated_names, repeated_display, int_first], ids=lambda f: f.__name__)
def test_repeated_by_an_int_parameter(fn):
    check_grad(fn, X.copy(), 3)
    check_jvp(fn, X.copy(), 3, tangent=T)
    check_hvp(fn, X.copy(), 3, v=T, rtol=1e-4, atol=1e-5)
    check_against_autograd(fn, X.copy(), 2)


def test_one_array_held_three_times():
    check_grad(one_array_three_times, X.copy())
    check_jvp(one_array_three_times, X.copy(), tangent=T)
    check_hvp(one_array_three_times, X.copy(), v=T, rtol=1e-4, atol=1e-5)
    check_against_autograd(one_array_three_times, X.copy())


@pytest.mark.parametrize("fn, args", [(repeated_display, (X, 2)), (one_array_three_times, (X,))],
                         ids=["repeated_display", "one_array_three_times"])
def test_jit(fn, args):
    check_grad(fn, *args, jit=True)


def write_into_one(x):
    L = [x[:2] * 2.0] * 3
    L[0][1] = x[2] ** 2          # Python: the one array, so every position sees it
    return np.sum(L[0] * L[1]) + np.sum(L[2])


def test_a_write_into_the_one_array_is_refused_located():
    with pytest.raises(s2sad.S2sadError, match=r"L\[0\]\[1\] = "):
        s2sad.grad(write_into_one)(X.copy())


@pytest.mark.parametrize("n", [2.0, np.int64(2)], ids=["float", "numpy_int"])
def test_what_is_not_a_python_int_stays_refused(n):
    with pytest.raises(s2sad.UnsupportedSyntaxError, match="cannot tell which"):
        s2sad.grad(repeated_names)(X.copy(), n)


def test_the_key_tells_ints_from_floats():
    from s2sad.api_build import key_of
    assert key_of((X, 3)) != key_of((X, 3.0))
    assert key_of((X, 3.0)) == (1, 0)


def test_checkpointed():
    def grad2(f, wrt, jit):
        return s2sad.grad(f, wrt=wrt, jit=jit, checkpoint=2)
    check_grad(repeated_names, X.copy(), 3, grad_fn=grad2)
