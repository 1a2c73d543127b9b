"""np.var/np.std with ddof= under jit=True: numba's own take no ddof, so a Sharpe ratio
(`port.std(ddof=1)`) was refused under jit only. numba_reduce adds the ddof form (whole array,
an integer axis, keepdims), checked against finite differences and the Python adjoint."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad

X = np.array([[0.3, -0.7, 1.2, 0.5], [1.0, 2.0, -0.5, 0.1], [0.2, 0.4, 0.9, -1.0]])


def spreads(x):
    return np.std(x, ddof=1) + np.sum(np.var(x, axis=0, ddof=1) * np.arange(4.0)) + x[0].std(ddof=1) \
        + np.sum(np.std(x, axis=1, ddof=1, keepdims=True) ** 2 * x)


@pytest.mark.jit
def test_var_std_ddof_compiled():
    compiled = check_grad(spreads, X, jit=True)
    np.testing.assert_allclose(compiled, s2sad.grad(spreads)(X), rtol=1e-10, atol=1e-12)
    value, _ = s2sad.value_and_grad(spreads, jit=True)(X)
    assert value == pytest.approx(spreads(X), rel=1e-12)
