"""A derivative's ``ieee_div`` written as ``/`` without jit (backends/ieee_ops.py, issue 9).

Stop 52 made every rule's quotient a call to ``ieee_div`` (NumPy's inf where Python's division of
numbers by 0 raises); as a Python call it costs ~100 ns more than ``/``. Now the ranks decide: an
array operand divides with ``/`` (NumPy never raises); two numbers (or an unknown rank) keep the call."""
import math

import numpy as np
import pytest

import s2sad
from s2sad.testing import numeric_grad

X = np.array([0.3, 1.2, 2.5])


def log_sum(x, y):
    return np.sum(np.log(x) / y)


def recurrence(x):
    s = x
    for i in range(5):
        s = math.log(1.0 + math.sqrt(s * s + 1.0))
    return s


def sqrt_at(y):
    return math.sqrt(y) * 3.0


@pytest.fixture(autouse=True)
def _quiet():
    with np.errstate(divide="ignore", invalid="ignore"):
        yield


def test_an_array_operand_divides_with_the_operator():
    g = s2sad.grad(log_sum, wrt=(0, 1))
    gx, gy = g(X, 1.7)
    assert "ieee_div" not in g.source and "/ x" in g.source      # b_x = b_t2 / y / x
    np.testing.assert_allclose(gx, numeric_grad(log_sum, (X, 1.7), 0), rtol=1e-7)
    np.testing.assert_allclose(gy, numeric_grad(log_sum, (X, 1.7), 1), rtol=1e-7)
    h = s2sad.jvp(log_sum, wrt=0)
    _, tangent = h(X, 1.7, np.ones(3))
    assert "ieee_div" not in h.source
    np.testing.assert_allclose(tangent, np.sum(numeric_grad(log_sum, (X, 1.7), 0)), rtol=1e-7)


def test_a_number_divisor_keeps_the_helper_and_numpys_inf_at_zero():
    """Both operands numbers: Python's ``/`` would raise at 0, so the call stays."""
    g = s2sad.grad(recurrence)
    assert g(0.7) == pytest.approx(numeric_grad(recurrence, (0.7,), 0), rel=1e-7)
    assert "ieee_div(" in g.source
    h = s2sad.jvp(recurrence)
    assert h(0.7, 1.0)[1] == pytest.approx(g(0.7), rel=1e-12)
    assert s2sad.grad(sqrt_at)(0.0) == np.inf
    assert s2sad.jvp(sqrt_at)(0.0, 1.0)[1] == np.inf
    assert s2sad.grad(sqrt_at)(4.0) == pytest.approx(0.75)


def test_an_array_divided_by_a_zero_number_is_numpys_inf():
    g = s2sad.grad(log_sum, wrt=1)
    assert g(np.array([1.5, 2.5]), 0.0) == -np.inf      # d/dy sum(log x / y) = -sum(log x / y) / y
    assert "ieee_div" not in g.source


def test_jit_is_unchanged():
    g = s2sad.grad(log_sum, wrt=(0, 1), jit=True)
    gx, gy = g(X, 1.7)
    np.testing.assert_allclose(gx, numeric_grad(log_sum, (X, 1.7), 0), rtol=1e-7)
    np.testing.assert_allclose(gy, numeric_grad(log_sum, (X, 1.7), 1), rtol=1e-7)
