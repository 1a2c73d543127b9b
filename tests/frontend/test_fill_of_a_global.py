"""``BUF.fill(v)`` of a module's array (a scratch buffer the function overwrites) is the write
``BUF[...] = v``, as for a local array (``frontend/inplace.py``). It was refused as a call
kept for its effect ("it may store or change BUF where s2sad cannot follow"), though
``BUF[:] = v`` was differentiated: found by the fuzzer (campaign seeds 10300013, 10300018,
10300027, 10300034, 10500030 and 10500036 on 459b525, e.g. ``python -m tests.fuzz --n 300
--seed 10500000 --jit off``)."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp

X = np.array([0.3, -1.2, 2.0])
BUF = np.zeros(3)
ROWS = np.zeros((2, 3))


def fill_then_add(x):
    BUF.fill(0.0)
    BUF[:] += x * x
    return np.sum(np.sin(BUF)) + np.sum(BUF * x)


def fill_with_data(x):
    ROWS.fill(x[0] * x[2])
    ROWS[0] += x
    return np.sum(ROWS @ x)


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
@pytest.mark.parametrize("f", [fill_then_add, fill_with_data], ids=lambda f: f.__name__)
def test_fill_of_a_module_array(f, jit):
    check_grad(f, X, jit=jit)
    check_jvp(f, X, tangent=np.array([0.5, -0.25, 1.0]), jit=jit)


def test_the_module_array_holds_what_python_leaves():
    s2sad.grad(fill_then_add)(X)
    got = BUF.copy()
    fill_then_add(X)
    assert np.array_equal(got, BUF) and np.allclose(BUF, X * X)
