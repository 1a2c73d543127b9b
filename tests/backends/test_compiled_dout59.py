"""``vjp(..., jit=True).compiled`` called with a head gradient ``dout`` of the output's rank but
another length (``backends/dout_fits``).

On the base a ``dout`` of shape (1,) for an output of shape (3,) was broadcast inside the compiled
adjoint: ``.compiled(x, np.ones(1))`` returned the vjp of ``np.ones(3)`` (here
``2 cos(x)``) where the Python call refuses with ShapeError; from the user's ``@njit`` code too.
Now the compiled driver checks the output's shape against ``dout``'s: s2sad's ShapeError."""
import numba
import numpy as np
import pytest

import s2sad
from s2sad.errors import ShapeError


def sines(x):
    return np.sin(x) * 2.0


def pair(x):
    return np.sin(x), np.sum(x * x)


X = np.array([0.1, 0.2, 0.3])


@pytest.fixture(scope="module")
def sines_vjp():
    v = s2sad.vjp(sines, jit=True)
    v(X, np.ones(3))
    return v


def test_right_dout_still_exact(sines_vjp):
    d = np.array([1.0, -2.0, 0.5])
    np.testing.assert_allclose(sines_vjp.compiled(X, d), d * 2.0 * np.cos(X))


def test_broadcastable_dout_refused_from_python(sines_vjp):
    with pytest.raises(ShapeError, match="dout"):
        sines_vjp(X, np.ones(1))        # the Python path (as on the base)
    with pytest.raises(ShapeError, match="head gradient `dout` does not have the output's shape"):
        sines_vjp.compiled(X, np.ones(1))


def test_broadcastable_dout_refused_in_users_njit(sines_vjp):
    c = sines_vjp.compiled

    @numba.njit
    def use(x, d):
        return c(x, d)
    np.testing.assert_allclose(use(X, np.ones(3)), 2.0 * np.cos(X))
    with pytest.raises(ShapeError, match="dout"):
        use(X, np.ones(1))


def test_tuple_output():
    v = s2sad.vjp(pair, jit=True)
    d = (np.array([1.0, 2.0, 3.0]), 0.5)
    want = d[0] * np.cos(X) + 0.5 * 2 * X
    np.testing.assert_allclose(v(X, d), want)
    np.testing.assert_allclose(v.compiled(X, d), want)
    with pytest.raises(ShapeError, match="dout"):
        v.compiled(X, (np.ones(1), 0.5))
