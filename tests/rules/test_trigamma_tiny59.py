"""trigamma (``rules/runtime_stats._trigamma1``: the slope of ``digamma``, the second derivative of
``gammaln``) of a number below about 1e-154 in magnitude: its reflection ``pi**2 / (s * s)`` with
``s = sin(pi x)`` divided by an ``s * s`` that underflows to 0, so grad of ``digamma`` and hvp of
``gammaln`` there raised ZeroDivisionError (reported as AdjointFailedError 'float division by zero',
with and without jit), where SciPy's ``polygamma(1, x)`` is inf. It is now ``(pi / s)**2`` written
``q * q``, inf on overflow. The same for tetragamma (``tangent_runtime_linalg._tetragamma1``, the slope
of trigamma: hvp of ``digamma``), whose ``s * s * s`` underflows below about 1e-103."""
import warnings

import numpy as np
import pytest
import scipy.special as sp

import s2sad
from s2sad.testing import check_grad, check_hvp

TINY = np.array([1e-300, -1e-300, 5e-324, 2.5])


def sum_gammaln(p):
    return np.sum(sp.gammaln(p))


def sum_digamma(p):
    return np.sum(sp.digamma(p))


@pytest.mark.parametrize("jit", [False, True])
def test_second_derivative_of_gammaln_at_tiny_arguments(jit):
    v = np.array([1.0, -2.0, 0.5, 1.5])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        h = s2sad.hvp(sum_gammaln, jit=jit)(TINY, v)
    np.testing.assert_array_equal(h[:3], sp.polygamma(1, TINY[:3]) * v[:3])     # inf, -inf, inf
    assert h[3] == pytest.approx(sp.polygamma(1, 2.5) * v[3], rel=1e-12)


@pytest.mark.parametrize("jit", [False, True])
def test_slope_of_digamma_at_tiny_arguments(jit):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        g = s2sad.grad(sum_digamma, jit=jit)(TINY)
    np.testing.assert_array_equal(g[:3], [np.inf, np.inf, np.inf])
    assert g[3] == pytest.approx(sp.polygamma(1, 2.5), rel=1e-12)


def test_near_the_reflection_unchanged():
    x = np.array([0.3, 0.49, -0.7])
    check_grad(sum_digamma, x, rtol=1e-6)
    check_hvp(sum_gammaln, x, v=np.array([1.0, -1.0, 0.5]), rtol=1e-6)
    x = np.append(x, [1e-8, 1e-150])        # (central differences cross the pole here: SciPy's values instead)
    np.testing.assert_allclose(s2sad.grad(sum_digamma)(x), sp.polygamma(1, x), rtol=1e-12)


@pytest.mark.parametrize("jit", [False, True])
def test_second_derivative_of_digamma_at_tiny_arguments(jit):
    x = np.array([1e-300, -1e-300, 1e-110, 2.5])
    v = np.array([1.0, 1.0, 2.0, -1.0])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        h = s2sad.hvp(sum_digamma, jit=jit)(x, v)
    np.testing.assert_array_equal(h[:3], sp.polygamma(2, x[:3]) * v[:3])     # -inf, inf, -inf
    assert h[3] == pytest.approx(sp.polygamma(2, 2.5) * v[3], rel=1e-12)
    check_hvp(sum_digamma, np.array([0.3, -0.7, 0.49]), v=v[:3], rtol=1e-6)
