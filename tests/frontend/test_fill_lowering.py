"""Calls that write into an array, lowered to the assignments they are (frontend/inplace.py):
``a.fill(v)`` becomes ``a[...] = v`` and is differentiated in both modes, with numba too
(it was refused as a call kept for its effect)."""
import numpy as np
import pytest

from s2sad.testing import check_grad, check_hvp, check_jvp

X = np.array([0.3, -1.2, 2.0])


def fill_with_an_input(x):
    a = np.zeros(3)
    a.fill(x[0])
    return np.sum(a * x)


def fill_with_a_constant(x):
    a = x * 2.0
    a.fill(1.5)
    return np.sum(a * x * x)


def fill_with_a_scalar_argument(x, y):
    b = x * 1.0
    b.fill(y)
    return np.sum(b * b * x)


def fill_a_row(x):
    m = np.outer(x, x)
    m[1].fill(x[2] ** 2)       # a view of m: the write reaches m
    return np.sum(np.sin(m))


def fill_the_parameter(x):
    x.fill(np.sum(x))          # the caller's array is not changed (copied on entry)
    return np.sum(x * x)


CASES = [(fill_with_an_input, (X,)), (fill_with_a_constant, (X,)), (fill_with_a_scalar_argument, (X, 0.7)),
         (fill_a_row, (X,)), (fill_the_parameter, (X,))]


@pytest.mark.parametrize("jit", [False, True])
@pytest.mark.parametrize("f, args", CASES, ids=[c[0].__name__ for c in CASES])
def test_fill_is_differentiated(f, args, jit):
    wrt = tuple(range(len(args)))
    check_grad(f, *args, wrt=wrt, jit=jit)
    tangent = tuple(np.linspace(0.5, -1.0, np.size(a)).reshape(np.shape(a)) if np.ndim(a) else 0.3 for a in args)
    check_jvp(f, *args, tangent=tangent if len(args) > 1 else tangent[0], wrt=wrt if len(args) > 1 else 0, jit=jit)
    check_hvp(f, *args, v=tangent if len(args) > 1 else tangent[0], wrt=wrt if len(args) > 1 else 0, jit=jit,
              rtol=1e-4, atol=1e-6)
