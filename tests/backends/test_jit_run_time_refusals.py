"""A rule refusing at run time inside the compiled adjoint (jit=True) is reported as the located
NoDerivativeError the Python adjoint raises, also when the function reads globals: the Python
adjoint re-run to locate the refusal takes their values after the parameters (``python_raw``), as
the compiled one does; it was called without them and its TypeError turned into a JitError."""
import numpy as np
import pytest

import s2sad

WEIGHTS = np.array([3.0, -1.0, 0.0])
SCALE = 2.0


def eigenvalues_weighted_by_globals(x):
    a = np.diag(x) * SCALE
    w = np.linalg.eigvalsh(a)
    return np.sum(w * WEIGHTS)


def eigenvalues_weighted(x, weights):
    a = np.diag(x) * 2.0
    w = np.linalg.eigvalsh(a)
    return np.sum(w * weights)


TIED = np.array([1.0, 1.0, 2.0])


@pytest.mark.jit
@pytest.mark.parametrize("jit", [False, True])
def test_a_run_time_refusal_reading_globals_is_located(jit):
    with pytest.raises(s2sad.NoDerivativeError, match="repeated eigenvalues") as err:
        s2sad.grad(eigenvalues_weighted_by_globals, jit=jit)(TIED)
    assert str(err.value).startswith('File "') and "w = np.linalg.eigvalsh(a)" in str(err.value)


@pytest.mark.jit
def test_a_run_time_refusal_in_forward_mode_reading_globals_is_located():
    with pytest.raises(s2sad.NoDerivativeError, match="repeated eigenvalues") as err:
        s2sad.jvp(eigenvalues_weighted_by_globals, jit=True)(TIED, np.ones(3))
    assert "w = np.linalg.eigvalsh(a)" in str(err.value)


@pytest.mark.jit
def test_without_globals_too_and_the_gradient_elsewhere():
    with pytest.raises(s2sad.NoDerivativeError, match="repeated eigenvalues"):
        s2sad.grad(eigenvalues_weighted, jit=True)(TIED, WEIGHTS)
    x = np.array([1.0, 1.5, 2.0])
    np.testing.assert_allclose(s2sad.grad(eigenvalues_weighted_by_globals, jit=True)(x), [6.0, -2.0, 0.0])
