"""Small refusals lifted (lifts53, issue 8), each a located refusal on lead:

* a keyword's value held by a local bound once to a constant (``frontend/constant_keys``):
  ``m = "same"; np.convolve(a, b, mode=m)`` was refused ("covers `mode` = 'full' or 'same' or
  'valid' only, written as a constant in the call; here it is `m`"); ``o = "F"; x.reshape(2, 3,
  order=o)`` was refused ("does not take the keyword `order=`");
* a comprehension after ``and``/``or`` in an ``if`` test (``frontend/desugar._truth``): ``if all(v >
  -1 for v in x) and not any(v > 5 for v in x):`` was refused ("a comprehension evaluated only on
  some paths"); only the test's truth is read, so the test becomes a flag set with Python's short
  circuit. A comprehension whose value is kept (``s = a and [..]``) is still refused.
"""
import numpy as np
import pytest

import s2sad
from s2sad.errors import UnsupportedSyntaxError
from s2sad.testing import check_grad, check_jvp

X = np.array([0.3, 1.2, -0.4, 0.9, 2.2, 0.7])
K = np.array([0.5, -1.0, 0.25])


def convolve_mode_local(a, b):
    m = "same"
    return np.sum(np.convolve(a, b, mode=m) ** 2)


def reshape_order_local(x):
    o = "F"
    return np.sum(x.reshape(2, 3, order=o) * np.arange(6.0).reshape(2, 3))


def std_ddof_local(x):
    n = 1
    return np.std(x * x, ddof=n)


@pytest.mark.parametrize("f, args", [(convolve_mode_local, (X, K)), (reshape_order_local, (X,)), (std_ddof_local, (X,))])
def test_keyword_value_held_by_a_local_constant(f, args):
    check_grad(f, *args, wrt=0)
    check_jvp(f, *args, tangent=np.linspace(-1.0, 1.0, 6))


def test_keyword_value_held_by_a_local_constant_jit():
    check_grad(convolve_mode_local, X, K, wrt=(0, 1), jit=True)


def test_reshape_order_local_is_fortran_order():
    g = s2sad.grad(reshape_order_local)(X)
    assert np.array_equal(g, np.arange(6.0).reshape(2, 3).ravel(order="F"))


def rebound_mode(a, b, full):
    m = "same"
    if full:
        m = "full"
    return np.sum(np.convolve(a, b, mode=m) ** 2)


def test_a_local_bound_twice_is_still_refused():
    with pytest.raises(s2sad.S2sadError, match="mode"):
        s2sad.grad(rebound_mode)(X, K, True)


def all_and_not_any(x):
    s = np.sum(x ** 2)
    if all(v > -1 for v in x) and not any(v > 5 for v in x):
        s = s * 2.0
    return s


def any_or_all(x):
    s = np.sum(np.sin(x))
    if x[0] > 10.0 or all(v < 3 for v in x):
        s = s * x[1]
    elif not (x[0] < 0 and any(v > 2 for v in x)):
        s = s + 1.0
    return s


def short_circuit_guards_the_comprehension(x, n):
    s = np.sum(x ** 3)
    if n > 0 and sum(x[i] for i in range(n)) > 0.5:    # x[0..n-1]: read only when n > 0
        s = s - x[0]
    return s


@pytest.mark.parametrize("f, args", [(all_and_not_any, (X,)), (all_and_not_any, (X * 3,)), (any_or_all, (X,)),
                                     (any_or_all, (X - 1.0,)), (any_or_all, (X + 5.0,)),
                                     (short_circuit_guards_the_comprehension, (X, 2)),
                                     (short_circuit_guards_the_comprehension, (X, 0))])
def test_comprehension_after_and_or_in_an_if_test(f, args):
    check_grad(f, *args)
    check_jvp(f, *args, tangent=np.cos(np.arange(6.0)))


def test_comprehension_after_and_or_in_an_if_test_jit():
    check_grad(any_or_all, X - 1.0, jit=True)
    check_grad(short_circuit_guards_the_comprehension, X, 2, jit=True)


def kept_bool_op(x):
    ok = x[0] > 0 and [v for v in x]
    return np.sum(np.asarray(ok) * x)


def test_a_comprehension_whose_value_is_kept_is_still_refused():
    with pytest.raises(UnsupportedSyntaxError, match="only on some paths"):
        s2sad.grad(kept_bool_op)(X)
