"""scipy.special's logit, xlogy and betaln (rules/grads_linalg_stats.py, tangents_linalg_stats.py,
backends/numba_helpers/numba_rules_special_more.py): derivatives against finite differences,
reverse and forward, jit=False and jit=True (one function for all three), compiled values against SciPy."""
import numpy as np
import pytest

special = pytest.importorskip("scipy.special")

import s2sad  # noqa: E402
from s2sad.testing import check_grad, check_jvp  # noqa: E402


def every_one(p, x, y):
    return np.sum(special.logit(p) * x) + np.sum(special.xlogy(x, y)) + np.sum(special.betaln(x, y[0])) \
        + special.xlogy(y[1], x[0]) + special.betaln(y[0], 2.5) + special.logit(p[0])


ARGS = (np.array([0.2, 0.45, 0.9]), np.array([0.7, 1.3, 2.2]), np.array([1.5, 0.4, 3.0]))
TANGENT = (np.array([0.1, -0.2, 0.05]), np.array([0.3, 0.1, -0.2]), np.array([-0.1, 0.4, 0.2]))


@pytest.mark.parametrize("jit", [False, True])
def test_derivatives(jit):
    check_grad(every_one, *ARGS, wrt=(0, 1, 2), jit=jit)
    check_jvp(every_one, *ARGS, wrt=(0, 1, 2), tangent=TANGENT, jit=jit)


def test_xlogy_slope_in_y_is_zero_where_x_is_zero():
    gy = s2sad.grad(lambda x, y: np.sum(special.xlogy(x, y)), wrt=1)(np.array([0.0, 2.0]), np.array([0.0, 4.0]))
    np.testing.assert_array_equal(gy, [0.0, 0.5])


def test_compiled_values_are_scipys():
    from s2sad.backends.numba_helpers import numba_runtime  # noqa: F401  (installs the overloads)
    from numba import njit

    @njit
    def values(p, x, y, b):
        return special.logit(p), special.xlogy(x, y), special.betaln(np.abs(x) + 0.5, b)
    p = np.array([-0.1, 0.0, 1e-300, 0.3, 0.5, 0.64, 0.999, 1.0, 1.5, np.nan])
    x = np.array([0.0, 0.0, 2.0, -2.0, 2.0, 0.0, 1.5, np.nan, 3.0, 40.0])
    y = np.array([0.0, np.nan, 0.0, 0.0, -1.0, 5.0, np.inf, 0.0, 1e-8, 1e5])
    b = np.array([1.0, 2.0, np.inf, -np.inf, np.inf, 1e6, 0.3, 7.0, 2.0, 1.0])
    got = values(p, x, y, b)
    expected = special.logit(p), special.xlogy(x, y), special.betaln(np.abs(x) + 0.5, b)
    for g, e in zip(got, expected):
        np.testing.assert_allclose(g, e, rtol=1e-12)
