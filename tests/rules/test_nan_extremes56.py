"""The derivative of np.fmax/np.fmin (and of their .at forms, and of Python's max/min) follows the
operand whose value is the result: fmax ignores a NaN operand, so the other one gets the derivative
(rules/grads_elementwise.py, tangents_elementwise.py; runtime_ufunc_at._sources; the running
extremes of np.fmax.accumulate: runtime_stats.accumulate_source). On main the rule
was np.maximum's, which gives neither operand anything where one is NaN: fmax(0.3, nan) = 0.3 had
derivative 0 in x. Checked against central differences (the NaN entries are constants, so the
differences are finite) in grad, jvp, hvp and jit."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_hvp, check_jvp

NANS = np.array([np.nan, 1.0, 0.0, np.nan])
X = np.array([0.3, 2.0, -1.0, 0.7])


def fmax_of_nan(x):
    return np.sum(np.fmax(x, NANS) ** 2)


def fmin_of_nan(x):
    return np.sum(np.fmin(NANS, x) ** 3)


def fmin_at_nan(x):
    y = x * 1.0
    np.fmin.at(y, np.array([0, 1, 3]), NANS[:3])
    return np.sum(y * y)


def fmax_at_into_nan(x):
    y = NANS * 1.0
    np.fmax.at(y, np.array([0, 1, 1, 3]), x)
    return np.sum(y * y)


def fmax_accumulate(x):
    return np.sum(np.fmax.accumulate(np.concatenate([NANS[:1], x, NANS[3:]]))[1:] ** 2)


def fmin_accumulate_rows(x):
    m = np.stack([x, np.concatenate([x[:1], NANS[:3] + x[1:]])])    # [x0, nan, ...]: the NaN is skipped
    return np.sum(np.fmin.accumulate(m, axis=1) * x)


def python_extremes(x):
    return max(x[0], np.nan) * x[1] + min(x[3], float("nan")) * x[0] + max(x[2], 0.5) * x[2]


@pytest.mark.parametrize("f", [fmax_of_nan, fmin_of_nan, fmin_at_nan, fmax_at_into_nan, fmax_accumulate,
                               fmin_accumulate_rows, python_extremes])
def test_follows_the_value_chosen(f):
    check_grad(f, X)
    check_jvp(f, X, tangent=X[::-1] + 0.5)


@pytest.mark.parametrize("f", [fmax_of_nan, fmin_of_nan, fmin_at_nan, fmax_at_into_nan, fmax_accumulate,
                               fmin_accumulate_rows, python_extremes])
def test_second_order(f):
    check_hvp(f, X, v=X * 0.5 + 1.0)


def test_the_nan_operand_gets_nothing():
    g = s2sad.grad(fmax_of_nan)(X)
    assert g[0] == 2 * X[0] and g[3] == 2 * X[3]      # x chosen where the other operand is NaN
    assert g[1] == 4.0 and g[2] == 0.0                  # np.fmax(-1, 0) = 0: a constant


def test_compiled():
    for f in (fmax_of_nan, fmin_at_nan, fmax_accumulate):
        check_grad(f, X, jit=True)
