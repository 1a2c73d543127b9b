"""Recursive functions given a tuple or list of arrays (s2sad/transforms/split.py, SplitCall):
a display written in the call (``R((X, B), n)``) was not an operand of the call, so its items'
gradients were dropped to zero (silent); a tuple of arrays of two shapes, whose gradient is a
``GradList``, failed when the joint scheme scaled it (``g_p *= b_result``: TypeError); a display
argument made the build fail (AttributeError on ``a.id``). Each case against finite differences,
and against autograd where the recursion is plain."""
import autograd
import autograd.numpy as anp
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_vjp

JIT = [False, pytest.param(True, marks=pytest.mark.jit)]
X = np.array([0.3, -0.2, 0.5, 0.1])
B = np.array([0.1, 0.4, -0.3, 0.2, 0.6, -0.1])


def _first(p, n):
    if n == 0:
        return np.sum(np.sin(p[0]))
    return _first(p, n - 1) * 0.5


def _both(p, n):
    if n == 0:
        return np.sum(np.sin(p[0]) * p[1][:4])
    return _both(p, n - 1) * 0.5 + np.sum(p[1])


def _pair_rev(p, n):
    """A tuple result: the two-sweep scheme (R_forward, R_reverse)."""
    if n == 0:
        return np.sum(p[0] ** 2), np.sum(p[1])
    a, b = _pair_rev(p, n - 1)
    return a * 0.5 + b, b * np.sum(p[0])


def named_tuple_arg(X, B):
    prm = (X, B)
    return _first(prm, 2)


def list_display_arg(X, B):
    return _first([X, B], 2)


def tuple_display_arg(X, B):
    return _both((X, B), 2)


def same_name_twice(X, B):
    return _both((X, np.concatenate([X, B[:2]])), 1) + _both((B[:4], B), 1)


def two_sweeps_display(X, B):
    a, b = _pair_rev((X, B), 2)
    return a * b


def two_sweeps_named_tuple(X, B):
    """Named, the tuple of two shapes was kept for the reverse by its shape (`p.shape`: AttributeError)."""
    prm = (X, B)
    a, b = _pair_rev(prm, 2)
    return a * b


def two_sweeps_named_list(X, B):
    prm = [X, B]
    a, b = _pair_rev(prm, 2)
    return a + b


def _walk(xs, i):
    if i == len(xs):
        return 0.0
    return np.sum(xs[i] ** 2) + 0.5 * _walk(xs, i + 1)


def list_of_two_shapes(X, B):
    """Its gradient a GradList: the item's adjoint added at an int index (add_at: np.add.at failed)."""
    return _walk([X[:2], X[1:], B[::2]], 0)


def _ref_both(p, n):
    if n == 0:
        return anp.sum(anp.sin(p[0]) * p[1][:4])
    return _ref_both(p, n - 1) * 0.5 + anp.sum(p[1])


CASES = [named_tuple_arg, list_display_arg, tuple_display_arg, same_name_twice, two_sweeps_display,
         two_sweeps_named_tuple, two_sweeps_named_list, list_of_two_shapes]


@pytest.mark.parametrize("f", CASES, ids=lambda f: f.__name__)
def test_display_arguments_exact(f):
    check_grad(f, X, B, wrt=(0, 1))


@pytest.mark.parametrize("f", [named_tuple_arg, tuple_display_arg], ids=lambda f: f.__name__)
def test_display_arguments_vjp(f):
    check_vjp(f, X, B, wrt=(0, 1), dout=-1.7)


def test_against_autograd():
    got = s2sad.grad(tuple_display_arg, wrt=(0, 1))(X, B)
    want = autograd.grad(lambda x, b: _ref_both((x, b), 2), argnum=(0, 1))(X, B)
    for g, w in zip(got, want):
        np.testing.assert_allclose(g, w, rtol=1e-12, atol=1e-14)


def test_gradient_of_two_shapes_scaled():
    """The GradList of a tuple of arrays of two shapes is scaled by a number, item by item."""
    from s2sad.rules.runtime import GradList
    g = GradList([np.ones(2), np.ones(3)])
    g *= 2.0
    assert isinstance(g, GradList) and [list(a) for a in g] == [[2.0, 2.0], [2.0, 2.0, 2.0]]
    assert [list(a) for a in 0.5 * g] == [[1.0, 1.0], [1.0, 1.0, 1.0]]


@pytest.mark.parametrize("jit", JIT)
def test_same_shapes_display(jit):
    """Items of one shape: the gradient is one stacked array (numba compiles it too)."""
    def f(X, Y):
        return _both((X, Y), 2)
    check_grad(f, X, B[:4], wrt=(0, 1), jit=jit)


def test_list_at_one_call_array_at_another():
    """Kept as a list at every call (a snapshot copies an array too)."""
    def mixed(X, B):
        return _first([X, B], 1) + _first(np.stack([X, X]), 1)
    check_grad(mixed, X, B, wrt=(0, 1))
