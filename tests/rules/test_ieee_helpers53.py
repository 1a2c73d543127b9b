"""Where a derivative's ``ieee_div`` (``rules/runtime_ieee.py``) is a plain division.

* The rule instantiation now marks every helper it binds with its object (``_s2sad_obj``; it
  marked ``ieee_pow`` alone), so ``optimize`` folds ``ieee_div(e, c)`` with a constant ``c != 0``
  into ``e / c`` in both modes (a division by a nonzero constant never raises), and keeps the
  helper for ``c == 0`` (NumPy's inf).
* Under jit, ``specialize`` took ``np.sum(-b_y)`` for a value of unknown rank, so the LSTM's
  ``ieee_div(np.sum(-b_y), t)`` of two numbers stayed a call to the helper (and the ``sum_grad``
  around it a helper call too), which stops numba's fusion: a whole reduction is now a number,
  and the line is ``np.full(t.shape, np.divide(s, t) + 0.0)``."""
import warnings

import numpy as np

import s2sad
from s2sad.testing import numeric_grad

C = np.array([0.5, -1.0, 2.0])
X = np.array([0.1, 0.4, -0.3])


def log_normalised(x):
    y = x - np.log(np.sum(np.exp(x)) + 2.0)
    return np.sum(C * y)


def halved(x):
    return np.sum(np.divide(np.sin(x), 2.0))


def by_zero(x):
    return np.sum(np.divide(np.sin(x), 0.0))


def test_division_by_a_nonzero_constant_is_an_operator_in_grad():
    g = s2sad.grad(halved)
    assert "ieee_div" not in g.source and "/ 2.0" in g.source
    np.testing.assert_allclose(g(X), numeric_grad(halved, (X,), 0), rtol=1e-7)


def test_division_by_a_nonzero_constant_is_an_operator_in_jvp():
    h = s2sad.jvp(halved)
    t = np.array([1.0, -2.0, 0.5])
    value, tangent = h(X, t)
    np.testing.assert_allclose(value, halved(X))
    assert "ieee_div" not in h.source
    np.testing.assert_allclose(tangent, numeric_grad(halved, (X,), 0) @ t, rtol=1e-7)


def test_division_by_zero_keeps_the_helper_and_numpys_inf():
    g = s2sad.grad(by_zero)
    assert "ieee_div" in g.source
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        out = g(X)
    np.testing.assert_array_equal(out, np.cos(X) * np.inf)


def test_a_whole_reduction_is_a_number_under_jit():
    g = s2sad.grad(log_normalised, jit=True)
    np.testing.assert_allclose(g(X), numeric_grad(log_normalised, (X,), 0), rtol=1e-7)
    lowered = g.built.module.source
    assert "ieee_div" not in lowered and "sum_grad" not in lowered
    assert "np.divide(" in lowered
