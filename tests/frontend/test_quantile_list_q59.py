"""np.quantile / np.percentile with a method s2sad rewrites (discrete 'lower', 'higher', 'nearest',
'midpoint'; continuous 'hazen', 'weibull', ...) and q written as a list or tuple of levels. The
rewrite (s2sad/frontend/quantile_methods.py) multiplied the list by the integer n - 1, which
repeats it: grad of sum(np.quantile(x, [0.1, 0.9], method="lower")) at a 6-vector returned the
value -12.0 (NumPy: -0.4) and a wrong gradient, silently; the continuous methods and percentile's
q / 100 raised inside the derivative code. q is now np.asarray'd: NumPy's value, and the gradient
and jvp against central differences."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp

V = np.array([0.3, -1.2, 0.8, 2.1, -0.5, 0.05])
M = V.reshape(2, 3)
W3 = np.array([1.0, 2.0, 3.0])


def lower_sum(x):
    return np.sum(np.quantile(x, [0.1, 0.9], method="lower"))


def midpoint_tuple(x):
    return np.sum(np.quantile(x, (0.1, 0.5, 0.9), method="midpoint") * W3)


def nearest_percentile(x):
    return np.sum(np.percentile(x, [10, 50, 90], method="nearest") * W3)


def hazen_list(x):
    return np.sum(np.quantile(x, [0.1, 0.5, 0.9], method="hazen") ** 2)


def weibull_percentile(x):
    return np.sum(np.percentile(x, [10.0, 50.0, 90.0], method="weibull") * W3)


def hazen_axis(x):
    return np.sum(np.quantile(x, [0.2, 0.7], axis=1, method="hazen") * np.array([[1.0, 2.0], [3.0, -1.0]]))


CASES = [(lower_sum, V), (midpoint_tuple, V), (nearest_percentile, V), (hazen_list, V),
         (weibull_percentile, V), (hazen_axis, M)]


@pytest.mark.parametrize("f,x", CASES, ids=[f.__name__ for f, _ in CASES])
def test_value_grad_and_jvp(f, x):
    value, _ = s2sad.value_and_grad(f)(x.copy())
    assert value == pytest.approx(f(x.copy()), rel=1e-12, abs=1e-12)
    check_grad(f, x.copy())
    check_jvp(f, x.copy(), tangent=np.linspace(-1.0, 1.0, x.size).reshape(x.shape))
