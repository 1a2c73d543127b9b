"""np.quantile / np.percentile with NumPy's continuous methods ('hazen', 'weibull', 'median_unbiased',
'normal_unbiased', 'interpolated_inverted_cdf'), refused on the base (the rule covers 'linear'), now
read as the 'linear' quantile at NumPy's virtual index (s2sad/frontend/quantile_methods.py): NumPy's
value, and the gradient in a and q against central differences in reverse and forward mode, with an
axis, keepdims, an array of q and a q whose index falls outside [0, n - 1] (the first or last order
statistic, slope 0 in q); the discrete methods NumPy adds stay refused at the line."""
import numpy as np
import pytest

import s2sad
from s2sad.errors import S2sadError
from s2sad.testing import check_grad, check_jvp

RNG = np.random.default_rng(59)
X = RNG.normal(size=9)
M = RNG.normal(size=(4, 7))


def hazen(a, q):
    return np.quantile(a, q, method="hazen") ** 2 + np.percentile(a, 100.0 * q, method="weibull")


def unbiased(a, q):
    return np.sum(np.quantile(a, q, axis=1, method="median_unbiased") * np.arange(4.0)) \
        + np.sum(np.percentile(a, 30.0, axis=0, method="normal_unbiased", keepdims=True) ** 2)


def interpolated(a, q):
    return np.sum(np.tanh(np.quantile(a, q, method="interpolated_inverted_cdf")))


CASES = [(hazen, (X, 0.37)), (hazen, (X, 0.02)), (hazen, (X, 0.99)), (unbiased, (M, 0.61)),
         (interpolated, (X, np.array([0.05, 0.4, 0.77])))]


@pytest.mark.parametrize("f,args", CASES, ids=[f"{f.__name__}-{k}" for k, (f, _) in enumerate(CASES)])
def test_against_differences(f, args):
    check_grad(f, *args, wrt=(0, 1))
    check_jvp(f, *args, wrt=(0, 1), tangent=(RNG.uniform(-1, 1, np.shape(args[0])),
                                             RNG.uniform(-1, 1, np.shape(args[1])) if np.ndim(args[1]) else 0.3))


@pytest.mark.parametrize("f,args", CASES, ids=[f"{f.__name__}-{k}" for k, (f, _) in enumerate(CASES)])
def test_value_is_numpys(f, args):
    value, _ = s2sad.value_and_grad(f, wrt=(0, 1))(*args)
    np.testing.assert_allclose(value, f(*args), rtol=1e-14)


def test_outside_the_sample_the_slope_in_q_is_zero():
    gq = s2sad.grad(hazen, wrt=1)(X, 0.01)       # n q + 0.5 - 1 < 0: the smallest value, constant in q
    assert gq == 0.0


def discrete(a):
    return np.quantile(a, 0.3, method="inverted_cdf")


def test_discrete_methods_still_refused():
    with pytest.raises(S2sadError, match="method"):
        s2sad.grad(discrete)(X)


def hazen_only(a):
    return np.quantile(a, 0.37, method="hazen") * 2.0


def test_under_jit():
    check_grad(hazen_only, X, jit=True)
