"""The slopes of stop 53's scipy.special rules at +-inf (issue 8, stop 54): softplus's was NaN at +inf
(exp(x - y) with x = y = inf) where SciPy's limit, expit(inf), is 1."""
import numpy as np
import pytest

special = pytest.importorskip("scipy.special")

import s2sad


def soft(x):
    return np.sum(special.softplus(x) * 2.0)


def test_softplus_slope_at_infinities_is_expits():
    x = np.array([np.inf, -np.inf, 800.0, -800.0, 0.0, 1.5])
    want = 2.0 * special.expit(x)
    np.testing.assert_array_equal(s2sad.grad(soft)(x), want)
    np.testing.assert_array_equal(s2sad.jvp(soft)(x, tangent=np.ones(6))[1], np.sum(want))
    curvature = s2sad.hvp(soft)(x, v=np.ones(6))
    assert np.all(np.isfinite(curvature)) and curvature[0] == 0.0 and curvature[1] == 0.0
    np.testing.assert_allclose(curvature, 2.0 * special.expit(x) * special.expit(-x), rtol=1e-12)
