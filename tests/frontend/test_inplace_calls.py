"""Calls users make for their effect on an array (frontend/inplace.py), each refused before as a
call kept for its effect (UnsupportedSyntaxError): ``a.sort(axis, kind)`` of a local array,
``np.copyto(dst, src, where=)`` and a ufunc's ``out=`` (keyword, positional, a 1-tuple, into its own
argument). Checked against finite differences and autograd, forward and second order, with numba
(one compiled function); NumPy's casting check is kept (a float is never truncated into an integer
array), and a list's ``sort`` (or a parameter's, which would change the caller's array) keeps its
refusal."""
import autograd.numpy as anp
import numpy as np
import pytest

import s2sad
from s2sad.errors import UnsupportedSyntaxError
from s2sad.testing import check_grad, check_hvp, check_jvp

X = np.array([0.91, 0.12, 0.47, 0.33, 0.74])
T = np.array([0.3, -1.0, 0.5, 0.8, -0.2])
W = np.arange(5.0)


def writes(x):
    y = x * 2.0
    y.sort()
    m = np.outer(x, x[:2])
    m.sort(axis=0, kind="stable")
    c = np.zeros_like(x)
    np.copyto(c, x * 3.0)
    e = np.ones_like(x)
    np.copyto(e, x ** 2, where=x > 0.4)
    p = np.empty_like(x)
    np.multiply(x, y, out=p)
    a = x * 1.0
    np.add(a, np.sin(x), out=a)
    np.exp(x, a)
    q = np.zeros((2, 5))
    np.subtract(x, 1.0, out=(q[1],))
    return np.sum(y * W) + np.sum(m * np.arange(10.0).reshape(5, 2)) + np.sum(c ** 2 * W) + np.sum(e * W) \
        + np.sum(p * W) + np.sum(a ** 2) + np.sum(q ** 2)


def writes_autograd(x):
    y = anp.sort(x * 2.0)
    m = anp.stack([anp.sort(x * x[0]), anp.sort(x * x[1])], axis=1)
    e = anp.where(x > 0.4, x ** 2, 1.0)
    return anp.sum(y * W) + anp.sum(m * np.arange(10.0).reshape(5, 2)) + anp.sum((x * 3.0) ** 2 * W) \
        + anp.sum(e * W) + anp.sum(x * y * W) + anp.sum(anp.exp(x) ** 2) + anp.sum((x - 1.0) ** 2)


def test_reverse():
    check_grad(writes, X, reference=writes_autograd)


def test_forward_and_second_order():
    check_jvp(writes, X, tangent=T)
    check_hvp(writes, X, v=T)


def copyto_truncating(x):
    c = np.zeros(5, dtype=int)
    np.copyto(c, x * 3.0)
    return np.sum(c * x)


def out_truncating(x):
    c = np.zeros(5, dtype=int)
    np.multiply(x, 3.0, out=c)
    return np.sum(c * x)


def copyto_where_not_boolean(x):
    c = np.zeros(5)
    np.copyto(c, x, where=x)
    return np.sum(c * x)


@pytest.mark.parametrize("f", [copyto_truncating, out_truncating, copyto_where_not_boolean])
def test_numpys_casting_check_is_kept(f):
    with pytest.raises(TypeError):
        f(X.copy())
    with pytest.raises(TypeError):
        s2sad.grad(f)(X)


def sort_of_a_list(x):
    ys = [x[0], x[1], x[2]]
    ys.sort()
    return ys[0] * 2.0 + ys[2]


def sort_of_a_parameter(x):
    x.sort()
    return np.sum(x * W)


@pytest.mark.parametrize("f", [sort_of_a_list, sort_of_a_parameter])
def test_sort_of_a_list_or_parameter_keeps_its_refusal(f):
    with pytest.raises(UnsupportedSyntaxError, match=r"line \d+, column \d+"):
        s2sad.grad(f)(X)


def writes_jit(x):
    y = x * 2.0
    y.sort()
    e = np.ones_like(x)
    np.copyto(e, x ** 2, where=x > 0.4)
    a = x * 1.0
    np.add(a, y, out=a)
    return np.sum(y * W) + np.sum(e * W) + np.sum(a ** 2)


@pytest.mark.jit
def test_reverse_and_forward_jit():
    check_grad(writes_jit, X, jit=True)
    check_jvp(writes_jit, X, tangent=T, jit=True)
    with pytest.raises(TypeError, match="cast"):     # numba refuses it; Python's adjoint raises NumPy's error
        s2sad.grad(copyto_truncating, jit=True)(X)
