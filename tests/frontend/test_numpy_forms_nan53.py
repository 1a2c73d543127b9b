"""NumPy functions that had no rule (lifts53, issue 8), each refused on lead with "no derivative
rule for `...`" (``np.around``, ``np.nanprod``, ``np.nanvar``, ``np.nanstd``, ``np.extract``) or
"does not take the keyword `where=`" (``np.prod(..., where=m)``):

* ``np.around`` is ``np.round`` under another name (piecewise constant: ``rules/grads``'s list);
* ``np.nanprod``, ``np.nanvar``, ``np.nanstd`` and ``np.extract`` are written as NumPy defines
  them with calls that have rules (``frontend/numpy_forms_nan``), NaN entries getting no share;
* ``np.prod(a, where=m)`` is ``np.prod(np.where(m, a, 1))`` (``frontend/numpy_forms._masked``).
"""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp

X = np.array([0.3, 1.2, -0.4, 0.9, 2.2, 0.7])
M = np.array([[0.3, np.nan, -0.4], [0.9, 2.2, np.nan], [1.1, -0.6, 0.8]])
T = np.cos(np.arange(6.0))
TM = np.sin(np.arange(9.0)).reshape(3, 3)


def around(x):
    return np.sum(np.around(x, 1) * x) + np.sum(np.round(x) * x)


def nanprod(x):
    return np.nanprod(x)


def nanprod_axis(m):
    return np.sum(np.nanprod(m, axis=1) ** 2) + np.sum(np.nanprod(m, 0, keepdims=True))


def nanstd(x):
    return np.nanstd(x) + np.nanvar(x * x, ddof=1)


def nanstd_axis(m):
    return np.sum(np.nanstd(m, axis=0) * np.arange(1.0, 4.0)) + np.sum(np.nanvar(m, 1, ddof=1, keepdims=True))


def nanstd_of_tails(x):      # the last tail has one entry: std 0, slope 0 (as np.std's rule), not NaN
    s = 0.0
    for i in range(3):
        s = s + np.nanstd(x[i:]) + np.nanprod((x[i], 2.0))
    return s


def prod_where(x):
    return np.prod(x, where=x > 0) + np.sum(np.prod(x.reshape(2, 3), axis=1, where=x.reshape(2, 3) < 2))


def extract(x):
    return np.sum(np.extract(x > 0.5, x) ** 2) + np.sum(np.extract(np.arange(6) % 2 == 0, np.sin(x)))


def nanvar_every_axis(m):   # (stop 55: a JitError under jit=True, "np.nanmean over a tuple of axes")
    return np.nanvar(m, axis=(0, 1)) + 2.0 * np.nanstd(m, axis=(1, 0)) \
        + np.sum(np.nanmean(m, axis=(0, 1), keepdims=True) * TM)


@pytest.mark.parametrize("f, x, t", [(around, X, T), (nanprod, X, T), (nanprod_axis, M, TM), (nanstd, X, T),
                                     (nanstd_axis, M, TM), (nanstd_of_tails, X[:3], T[:3]), (prod_where, X, T), (extract, X, T),
                                     (nanvar_every_axis, M, TM)])
def test_rule(f, x, t):
    g = check_grad(f, x)
    assert not np.isnan(g).any()
    check_jvp(f, x, tangent=t)


def test_nan_entries_get_no_share():
    assert np.all(s2sad.grad(nanstd_axis)(M)[np.isnan(M)] == 0)
    assert np.all(s2sad.grad(nanprod_axis)(M)[np.isnan(M)] == 0)


def test_nanstd_value():
    assert np.isclose(s2sad.value_and_grad(nanstd_axis)(M)[0], nanstd_axis(M))


def no_degree_of_freedom(x):
    return np.nanstd(x, ddof=1) + np.nanvar(x, ddof=3)


def test_no_degree_of_freedom_left_is_nan_as_numpy():
    x = np.array([1.0, np.nan, 2.0])
    with np.errstate(all="ignore"):
        value, g = s2sad.value_and_grad(no_degree_of_freedom)(x)
    assert np.isnan(value) and np.isnan(g).all()


@pytest.mark.parametrize("f, x", [(nanstd_axis, M), (prod_where, X), (extract, X), (around, X), (nanvar_every_axis, M)])
def test_rule_jit(f, x):
    check_grad(f, x, jit=True)


def test_nanvar_over_every_axis_jit_forward():
    check_jvp(nanvar_every_axis, M, tangent=TM, jit=True)


def nanmean_some_axes(a):
    return np.sum(np.nanmean(a, axis=(0, 1)))


def test_nanmean_over_some_of_the_axes_stays_a_located_jit_error():
    with pytest.raises(s2sad.JitError, match="tuple of axes"):
        s2sad.grad(nanmean_some_axes, jit=True)(np.ones((2, 3, 2)))
