"""Calls users make for their effect on an array (frontend/inplace.py), each refused before as a
call kept for its effect (UnsupportedSyntaxError): ``a.sort(axis, kind)`` of a local array,
``np.put_along_axis``, ``np.copyto(dst, src, where=)`` and a ufunc's ``out=`` (keyword, positional, a 1-tuple, into its own
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


M = np.array([[0.9, 0.1, 0.5], [0.3, 0.7, 0.2], [0.4, 0.8, 0.6]])


def put_along(x):      # NumPy's index: along axis 1 a column of indices, along axis 0 the row argsort picks
    a = np.zeros((3, 3))
    np.put_along_axis(a, np.array([[0], [2], [0]]), x[:, :1] * 2.0, axis=1)
    b = x * 1.0
    np.put_along_axis(b, np.argsort(x, axis=0)[:1], np.sin(x[:1]), 0)
    return np.sum(a ** 2 * np.arange(3)) + np.sum(b ** 2 * np.arange(9.0).reshape(3, 3))


def test_put_along_axis():
    check_grad(put_along, M)
    check_jvp(put_along, M, tangent=M[::-1])


def put_along_float_indices(x):
    a = np.zeros((3, 3))
    np.put_along_axis(a, np.array([[0.0], [2.0], [1.0]]), x[:, :1], axis=1)
    return np.sum(a)


def put_along_flat_indices(x):
    a = np.zeros((3, 3))
    np.put_along_axis(a, np.array([0, 2, 1]), x[:, 0], axis=1)
    return np.sum(a)


@pytest.mark.parametrize("f, error", [(put_along_float_indices, IndexError), (put_along_flat_indices, ValueError)])
def test_put_along_axis_checks_its_indices_as_numpy_does(f, error):
    with pytest.raises(error):
        f(M)
    with pytest.raises(error):
        s2sad.grad(f)(M)


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


def test_sort_of_a_parameter_keeps_its_refusal():
    with pytest.raises(UnsupportedSyntaxError, match=r"line \d+, column \d+"):
        s2sad.grad(sort_of_a_parameter)(X)


def test_sort_of_a_local_list_is_its_permutation():     # (refused until stop 48: frontend/list_mutation.py)
    check_grad(sort_of_a_list, X.copy())


def writes_jit(x):
    y = x * 2.0
    y.sort()
    e = np.ones_like(x)
    np.copyto(e, x ** 2, where=x > 0.4)
    a = x * 1.0
    np.add(a, y, out=a)
    b = np.outer(x[:3], x[2:])
    np.put_along_axis(b, np.array([[2, 0, 1]]), np.sin(x[:3]), 0)
    return np.sum(y * W) + np.sum(e * W) + np.sum(a ** 2) + np.sum(b ** 2 * M)


@pytest.mark.jit
def test_reverse_jit():      # the writes are ordinary assignments by then: forward mode adds nothing of its own
    check_grad(writes_jit, X, jit=True)
    with pytest.raises(TypeError, match="cast"):     # numba refuses it; Python's adjoint raises NumPy's error
        s2sad.grad(copyto_truncating, jit=True)(X)
