"""A constant index list mixing signs can name one element twice: ``x[[0, -4]]`` of a 4-vector
reads ``x[0]`` twice. The reverse sweep took every constant list of distinct integers for an index
that cannot repeat, so it accumulated the read's gradient with ``b[idx] += g`` (one contribution
kept) and gave an assignment's overwritten value a gradient: silently wrong in grad and vjp
(jvp right). ``np.sum(x[[0, -4]] * [2, 3])`` gave [3, 0, 0, 0] for [5, 0, 0, 0] (found by fuzz52's
hand probes next to the ``scatter`` productions). Now only a list of distinct integers of one sign
counts as distinct, and only while nothing can change it: ``t = [0, 1]; t.insert(0, 1); x[t]`` was
wrong the same way (a method call on the list did not count as a change). Both live in
``transforms/index_lists.py``; the other lists take ``np.add.at`` and ``last_write_grad``, as an
index array does."""
import numpy as np
import pytest

from s2sad.testing import check_grad, check_jvp, check_vjp

X = np.array([0.3, -0.7, 1.1, 0.45])


def read_twice(x):
    return np.sum(x[[0, -4]] * np.array([2.0, 3.0]))


def assign_twice(x):
    z = x * 1.0
    z[[1, -3]] = x[2:] * 3.0
    return np.sum(z ** 2)


def add_twice(x):
    z = x * 1.0
    z[[-1, 3]] += x[:2] * np.array([2.0, 5.0])
    return np.sum(z ** 2)


def rows_twice(x):
    A = np.outer(x[:3], x)
    A[[0, -3], 1] += x[2:] * x[0]
    return np.sum(A ** 2) + np.sum(A[[2, -1]] * 0.5)


def inserted_into(x):
    t = [0, 1]
    t.insert(0, 1)
    return np.sum(x[t] * np.array([2.0, 3.0, 5.0]))


def one_sign_apart(x):
    z = x * 1.0
    z[[-1, -2]] = z[[-1, -2]] * x[:2]
    return np.sum(z ** 2) + np.sum(x[[0, 3]] * np.array([2.0, 3.0]))


CASES = [read_twice, assign_twice, add_twice, rows_twice, inserted_into, one_sign_apart]


@pytest.mark.parametrize("f", CASES, ids=lambda f: f.__name__)
def test_grad(f):
    check_grad(f, X.copy())


@pytest.mark.parametrize("f", CASES, ids=lambda f: f.__name__)
def test_vjp_and_jvp(f):
    check_vjp(f, X.copy(), dout=1.5)
    check_jvp(f, X.copy(), tangent=np.array([0.2, -0.1, 0.4, 0.3]))


def test_read_twice_gets_both_contributions():
    from s2sad import grad
    np.testing.assert_allclose(grad(read_twice)(X.copy()), [5.0, 0.0, 0.0, 0.0])


@pytest.mark.jit
@pytest.mark.parametrize("f", [read_twice, add_twice], ids=lambda f: f.__name__)
def test_grad_jit(f):
    check_grad(f, X.copy(), jit=True)
