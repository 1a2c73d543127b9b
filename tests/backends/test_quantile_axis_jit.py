"""jit19: np.quantile/np.percentile over one integer axis compile under jit=True (value and
gradient, backends/numba_helpers/numba_rules_quantile_axis.py); numba's take no axis, and this was
a JitError. Several quantiles at once over an axis stay refused, located."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad

RNG = np.random.default_rng(1919)
X3 = RNG.normal(size=(3, 4, 5))


def spreads(X):
    hi = np.quantile(X, 0.8, axis=-1, keepdims=True)          # (3, 4, 1)
    mid = np.percentile(X, 35.0, axis=1)                       # (3, 5)
    low = np.quantile(X[0, 0], 0.1, axis=0)                    # a number
    return np.sum(np.sin(hi) * X[:, :, :1]) + np.sum(mid ** 2) + 3.0 * low


@pytest.mark.jit
def test_quantiles_over_an_axis_compile():
    g = s2sad.value_and_grad(spreads, jit=True)
    value, mine = g(X3)
    np.testing.assert_allclose(value, spreads(X3), rtol=1e-13)
    check_grad(spreads, X3, grad_fn=lambda f, wrt, jit: lambda *a: g(*a)[1])
    np.testing.assert_allclose(mine, s2sad.grad(spreads)(X3), rtol=1e-12)


def several(X):
    return np.sum(np.quantile(X, np.array([0.2, 0.8]), axis=0))


@pytest.mark.jit
def test_several_quantiles_over_an_axis_refused_at_the_line():
    with pytest.raises(s2sad.S2sadError, match=r"(?s)line \d+.*np\.quantile\(X, np\.array.*one number `q`"):
        s2sad.grad(several, jit=True)(X3[0])
