"""A derivative of ``x / y`` where ``y`` is a Python 0 and ``x`` a NumPy number (stop 52's note, stop 53):
the primal is NumPy's inf or nan, but the derivative divided the Python-float adjoint ``dout`` by the
same 0 and raised ZeroDivisionError (an AdjointFailedError), in grad and hvp; jvp, whose tangent is a
NumPy number there, gave inf. The division rule is now ``ieee_div``'s (rules/runtime_ieee.py) in both
modes, folded back to ``/`` for a constant nonzero divisor (transforms/optimize.py)."""
import numpy as np
import pytest

import s2sad


def over_zero(x):
    return np.sqrt(x) / 0.0


def over_int_zero(x):
    return np.exp(x) / 0


def over_c(x, c):
    return np.exp(x) / c


def halves(x):
    return x * x / 2.0


@pytest.fixture(autouse=True)
def _quiet():
    with np.errstate(divide="ignore", invalid="ignore"):
        yield


@pytest.mark.parametrize("f", [over_zero, over_int_zero])
def test_grad_and_hvp_are_numpys_inf_not_an_error(f):
    assert s2sad.grad(f)(2.0) == np.inf
    assert s2sad.jvp(f)(2.0, 1.0)[1] == np.inf
    assert not np.isfinite(s2sad.hvp(f)(2.0, 1.0))


def test_a_zero_divisor_passed_in():
    assert s2sad.grad(over_c)(1.0, 0.0) == np.inf
    assert s2sad.grad(over_c, wrt=1)(1.0, 0.0) == -np.inf      # -z / y: -inf / 0
    assert s2sad.grad(over_c, wrt=1)(1.0, 2.0) == pytest.approx(-np.exp(1.0) / 4.0)


def test_a_constant_nonzero_divisor_stays_an_operator():
    g = s2sad.grad(halves)
    assert g(3.0) == 3.0
    assert "ieee_div" not in g.source and "/ 2.0" in g.source


def test_jit_is_the_documented_located_error():
    """numba's float division raises at 0 in the primal already (np.sqrt of a number is a float there):
    the JitError jit=True documents, at the line."""
    with pytest.raises(s2sad.JitError, match=r"line \d+(.|\n)*divided by zero"):
        s2sad.grad(over_zero, jit=True)(2.0)
