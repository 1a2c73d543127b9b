"""np.cumsum(x, axis=k) of a 2-d array under jit=True (Monte Carlo paths: log-prices summed along
time, axis=1): numba's np.cumsum takes no axis and s2sad's compiled cumsum_grad refused one, so
it was refused under jit only. The value and gradient are checked against finite differences
and the Python adjoint, along each axis."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad

Z = np.array([[0.3, -0.7, 1.2, 0.5], [1.0, 2.0, -0.5, 0.1], [0.2, 0.4, 0.9, -1.0]])


def paths(s0, sigma, z):
    log_paths = np.cumsum(0.01 + sigma * z, axis=1)
    rows = np.cumsum(z * sigma, axis=0)
    return s0 * np.mean(np.exp(log_paths)) + np.sum(rows[-1] ** 2) + np.sum(np.cumsum(z, axis=-1) * sigma ** 2)


@pytest.mark.jit
def test_cumsum_along_an_axis_compiled():
    compiled = check_grad(paths, 1.1, 0.2, Z, wrt=(0, 1, 2), jit=True)
    for mine, theirs in zip(compiled, s2sad.grad(paths, wrt=(0, 1, 2))(1.1, 0.2, Z)):
        np.testing.assert_allclose(mine, theirs, rtol=1e-10, atol=1e-12)
    value, _ = s2sad.value_and_grad(paths, jit=True)(1.1, 0.2, Z)
    assert value == pytest.approx(paths(1.1, 0.2, Z), rel=1e-12)
