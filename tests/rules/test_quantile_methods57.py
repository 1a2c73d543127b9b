"""np.quantile / np.percentile with method='lower', 'higher', 'nearest', 'midpoint' (frontend/
quantile_methods.py: the order statistics NumPy picks, through np.sort and np.take). On the base
each was refused ("covers method='linear' only"). The value is NumPy's (NaN for a slice holding
NaN); the gradient is checked against central differences in grad and jvp, and under jit."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp

RNG = np.random.default_rng(57)
X = RNG.normal(size=7)
M = RNG.normal(size=(4, 5))
Q = np.array([0.0, 0.5, 0.25, 1.0])


def lower(x):
    return np.sum(np.quantile(x * 1.5, Q, method="lower") ** 2)


def higher(x):
    return np.quantile(np.sin(x), 0.35, method="higher")


def nearest_axis(m):
    return np.sum(np.quantile(m * m, 0.5, axis=1, method="nearest") * np.arange(4.0))


def midpoint_axis(m):
    return np.sum(np.percentile(m, 30.0, axis=0, method="midpoint") ** 3)


def midpoint_flat(m):
    return np.percentile(np.exp(m), 62.5, method="midpoint")


def nearest_half(x):      # h = 3.0 * 0.5 = 1.5: NumPy's around rounds halves to even (2)
    return np.quantile(x[:4] * 2.0, 0.5, method="nearest")


CASES = [(lower, X), (higher, X), (nearest_axis, M), (midpoint_axis, M), (midpoint_flat, M), (nearest_half, X)]
IDS = [c[0].__name__ for c in CASES]


@pytest.mark.parametrize("f,x", CASES, ids=IDS)
def test_value_grad_jvp(f, x):
    value, _ = s2sad.value_and_grad(f)(x)
    assert value == pytest.approx(f(x), rel=1e-14, abs=1e-14)
    check_grad(f, x)
    check_jvp(f, x, tangent=RNG.normal(size=x.shape))


def test_nan_slice_gives_nan_as_numpy():
    xn = X.copy()
    xn[2] = np.nan
    assert np.isnan(s2sad.value_and_grad(higher)(xn)[0]) and np.isnan(higher(xn))


@pytest.mark.parametrize("f,x", [CASES[0], CASES[3]], ids=[IDS[0], IDS[3]])
def test_jit(f, x):
    check_grad(f, x, jit=True)


def test_a_method_not_covered_keeps_its_refusal():
    def f(x):       # (weibull was the example until stop 59 covered the continuous methods: frontend/quantile_methods)
        return np.quantile(x, 0.3, method="inverted_cdf")
    with pytest.raises(s2sad.NoDerivativeError, match="linear"):
        s2sad.grad(f)(X)
