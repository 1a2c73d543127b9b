"""``v = f(..., out=c)``: the value of a call that writes into ``out`` (fuzz49: the generator's
``function_out`` draws it, and it was the most frequent refusal of the campaign's new forms).

NumPy returns ``out`` itself, so ``v`` and ``c`` are one array. Refused on main ("cannot
differentiate `out=`: the call writes its result into `c` in place") though the same call as a
statement was followed; now the statement (``frontend/inplace.py``) then ``v = c``
(``inplace.out_call``), and the alias stage follows later writes into either name. Checked
against finite differences in grad, jvp and hvp, with writes after the call through ``c`` and ``v``.
"""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad
from tests.exact_modes import check_modes


def cumsum_value(x):
    y = np.empty(5)
    r = np.cumsum(x, out=y)
    return np.sum(r ** 2) + y[0] * x[1]


def ufunc_value_then_write(x):
    y = np.zeros(5)
    r = np.exp(x, out=y)
    y[0] = 2.0 * x[1]                 # r sees it: r is y
    return np.sum(r * x)


def mean_value_written_through_it(x):
    A = np.outer(x, np.sin(x))
    m = np.zeros(5)
    v = np.mean(A, axis=0, out=m)
    v *= x                            # m sees it
    return np.sum(m ** 2) + v[1]


def clip_value_of_itself(x):
    y = x * 2.0
    z = np.clip(y, -0.5, 0.5, out=y)
    return np.sum(z * x) + np.sum(y)


def positional_ufunc_out(x):
    y = np.empty(5)
    r = np.multiply(x, x, y)
    return np.sum(np.sin(r)) + y[-1]


FUNCTIONS = [cumsum_value, ufunc_value_then_write, mean_value_written_through_it, clip_value_of_itself,
             positional_ufunc_out]
X = np.array([0.3, -0.2, 0.45, 0.1, -0.35])


@pytest.mark.parametrize("f", FUNCTIONS, ids=lambda f: f.__name__)
def test_grad_jvp_and_hvp(f):
    x = X.copy()
    check_modes(f, x, np.linspace(-1.0, 1.0, 5), autograd=False)     # autograd has no out=
    np.testing.assert_array_equal(x, X)


def test_jit():
    f = ufunc_value_then_write
    check_grad(f, X.copy(), jit=True)


def into_a_row(x):
    y = np.empty((2, 5))
    r = np.cumsum(x, out=y[1])        # out= a view: still refused (v = y[1] would read it again)
    return np.sum(r * y)


def test_out_of_a_subscript_stays_refused_at_its_line():
    with pytest.raises(s2sad.UnsupportedSyntaxError) as info:
        s2sad.grad(into_a_row)(X.copy())
    assert str(info.value).startswith(f'File "{__file__}", line ') and "out=y[1]" in str(info.value)
