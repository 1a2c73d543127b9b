"""NumPy's series evaluators np.polynomial.{polynomial.polyval, chebyshev.chebval, legendre.legval,
hermite.hermval, hermite_e.hermeval}(x, c) (rules/grads_series.py, tangents_series.py,
runtime_series.py, backends/numba_helpers/numba_rules_series.py): grad, jvp and hvp in x and in
the coefficients against central differences, with and without jit; the numba helpers against
NumPy's own derivative series at every order; 2-d coefficients refused with the reason.
Before stop 55 each was refused ("no rule")."""
import numpy as np
import pytest
from numpy.polynomial import chebyshev, hermite, hermite_e, legendre, polynomial
from numpy.polynomial.legendre import legval

import s2sad
from s2sad.rules import runtime as rt
from s2sad.testing import check_grad, check_jvp, check_modes

X = np.array([-0.9, -0.35, 0.0, 0.4, 0.85])
C = np.array([0.3, -1.2, 0.7, 0.5, -0.25])
VX = np.array([0.3, -0.2, 0.5, 0.1, -0.4])
VC = np.array([0.2, 0.1, -0.3, 0.4, 0.15])


def series(x, c):
    return np.sum(np.sin(polynomial.polyval(x, c))) + np.sum(np.polynomial.chebyshev.chebval(x, c) ** 2) \
        + np.sum(legval(x, c) * x) + np.sum(np.cos(hermite.hermval(x * 0.5, c))) + hermite_e.hermeval(x[1], c) ** 2


@pytest.mark.parametrize("wrt, v", [(0, VX), (1, VC), ((0, 1), (VX, VC))])
def test_series_evaluators_in_x_and_in_the_coefficients(wrt, v):
    check_modes(series, X, C, wrt=wrt, v=v)


def test_series_evaluators_jit():
    check_grad(series, X, C, wrt=(0, 1), jit=True)
    check_jvp(series, X, C, wrt=(0, 1), tangent=(VX, VC), jit=True)


def test_short_series_and_a_scalar_point():
    for c in (np.array([1.5]), np.array([0.4, -2.0]), np.array([0.4, -2.0, 0.3])):
        check_modes(lambda x, c: chebyshev.chebval(x, c) * hermite.hermval(x, c) + legendre.legval(x, c),
                    0.3, c, wrt=(0, 1), v=(0.5, c * 0.5))


@pytest.mark.parametrize("kind", ["poly", "cheb", "leg", "herm", "herme"])
def test_numba_helpers_are_numpys_series_at_every_order(kind):
    from numba import njit

    from s2sad.backends.numba_helpers import numba_runtime  # noqa: F401  (the overloads)
    series_, grad_ = getattr(rt, f"{kind}_series"), getattr(rt, f"{kind}_series_grad")
    both = njit(lambda g, x, c, m: (series_(x, c, m), grad_(g, x, c, m)))
    for n in range(1, 7):
        c = np.linspace(-1.0, 1.3, n) ** 2 - 0.5
        for m in range(5):
            got_series, got_grad = both(VX, X, c, m)
            np.testing.assert_allclose(got_series, series_(X, c, m), rtol=1e-12, atol=1e-12)
            np.testing.assert_allclose(got_grad, grad_(VX, X, c, m), rtol=1e-12, atol=1e-12)


def test_matrix_coefficients_are_refused():
    c = np.ones((3, 2))
    with pytest.raises(s2sad.S2sadError, match="1-d coefficient vector"):
        s2sad.grad(lambda x, c: np.sum(chebyshev.chebval(x, c)), wrt=(0, 1))(X, c)
    with pytest.raises(s2sad.S2sadError, match="1-d array only"):
        s2sad.grad(lambda x, c: np.sum(chebyshev.chebval(x, c)), wrt=(0, 1), jit=True)(X, c)
