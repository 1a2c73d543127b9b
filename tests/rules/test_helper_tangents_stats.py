"""hvp (forward over reverse) through the gradient helpers of np.cov, np.corrcoef, np.polyfit,
np.vander, np.quantile/np.percentile and digamma (s2sad/rules/tangents_adjoint_linalg.py): checked
against central differences of the gradient on several shapes and seeds, against autograd's
hessian-vector product where autograd differentiates the same function twice (a hand-written
equivalent where it lacks the call), and compiled (jit=True); tetragamma (trigamma's derivative)
is checked against known values and SciPy to 1e-10. The linear-algebra helpers are in
test_helper_tangents_linalg.py."""
import math

import numpy as np
import pytest
from scipy import special

from s2sad.rules import (  # noqa: F401
    forward_registry,
    registry,
    runtime,
    tangents_adjoint,
    tangents_adjoint_linalg,
)
from s2sad.testing import check_hvp

HELPERS = ["cov_grad", "corrcoef_grad", "vander_slope", "quantile_grad", "quantile_grad_q", "polyfit_grad_x",
           "polyfit_grad_y", "trigamma"]
SEEDS = [0, 1]
TOL = {"rtol": 1e-5, "atol": 1e-7}


@pytest.mark.parametrize("name", HELPERS)
def test_the_helpers_have_forward_rules_and_no_reason_left(name):
    assert registry._key(getattr(runtime, name)) in forward_registry._RULES
    assert name not in tangents_adjoint.NO_FORWARD_RULE


def _anp():
    return pytest.importorskip("autograd.numpy")


def _rng(seed):
    return np.random.default_rng(100 + seed)


# ---- np.cov, np.corrcoef ---------------------------------------------------------------------
def _cov_by_hand(m, rowvar=True, bias=False):
    anp = _anp()
    x = m if rowvar else m.T
    xc = x - anp.mean(x, axis=1, keepdims=True)
    return anp.dot(xc, xc.T) / (x.shape[1] - (0 if bias else 1))


def _corr_by_hand(m, rowvar=True):
    anp = _anp()
    c = _cov_by_hand(m, rowvar)
    s = anp.sqrt(anp.diag(c))
    return c / anp.outer(s, s)


def weighted_covariances(m):
    return np.sum(np.cov(m) ** 2 * np.arange(1.0, 4.0))


def weighted_covariances_ref(m):
    return _anp().sum(_cov_by_hand(m) ** 2 * np.arange(1.0, 4.0))


def column_covariances(m):
    return np.sum(np.sin(np.cov(m, rowvar=False, bias=True)))


def column_covariances_ref(m):
    return _anp().sum(_anp().sin(_cov_by_hand(m, False, True)))


def correlations(m):
    return np.sum(np.corrcoef(m) ** 3 * np.arange(1.0, 4.0))


def correlations_ref(m):
    return _anp().sum(_corr_by_hand(m) ** 3 * np.arange(1.0, 4.0))


def column_correlations(m):
    return np.sum(np.exp(np.corrcoef(m, rowvar=False)))


def column_correlations_ref(m):
    return _anp().sum(_anp().exp(_corr_by_hand(m, False)))


STATS = [(weighted_covariances, weighted_covariances_ref, (3, 6)), (column_covariances, column_covariances_ref, (5, 3)),
         (correlations, correlations_ref, (3, 6)), (column_correlations, column_correlations_ref, (5, 3))]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("f, ref, shape", STATS, ids=[c[0].__name__ for c in STATS])
def test_covariances_and_correlations(f, ref, shape, seed):
    r = _rng(seed)
    check_hvp(f, r.normal(size=shape), v=r.normal(size=shape), reference=ref, **TOL)


@pytest.mark.parametrize("f", [weighted_covariances, column_correlations], ids=lambda f: f.__name__)
def test_covariances_and_correlations_compiled(f):
    r = _rng(5)
    shape = (3, 6) if f is weighted_covariances else (5, 3)
    check_hvp(f, r.normal(size=shape), v=r.normal(size=shape), jit=True, **TOL)


# ---- np.quantile, np.percentile: smooth in q between order statistics, and in a for a fixed order ------
Q = np.array([0.13, 0.55, 0.91])       # off the kinks (n - 1) q integer for n = 6, 7


def quantile_mix(a, q):
    return np.sum(np.quantile(a, q) ** 2 * np.arange(1.0, 4.0)) + np.sum(np.quantile(a, q) * q)


def percentile_sines(a, q):
    return np.sum(np.sin(np.percentile(a, q)) * q)


def quantiles_along_rows(a, q):
    return np.sum(np.quantile(a, q, axis=1) ** 3)


QUANTILES = [(quantile_mix, (7,), Q), (percentile_sines, (7,), 100.0 * Q), (quantiles_along_rows, (2, 6), Q)]


def _quantile_case(case, seed):
    f, shape, q = case
    r = _rng(seed)
    return f, (r.normal(size=shape), q), (r.normal(size=shape), 0.1 * r.normal(size=q.shape))


@pytest.mark.parametrize("seed", SEEDS + [2])
@pytest.mark.parametrize("case", QUANTILES, ids=[c[0].__name__ for c in QUANTILES])
def test_quantiles_in_a_and_q(case, seed):
    f, args, v = _quantile_case(case, seed)
    check_hvp(f, *args, v=v, wrt=(0, 1), **TOL)


@pytest.mark.parametrize("case", QUANTILES[:2], ids=[c[0].__name__ for c in QUANTILES[:2]])
def test_quantiles_compiled(case):
    f, args, v = _quantile_case(case, 3)
    check_hvp(f, *args, v=v, wrt=(0, 1), jit=True, **TOL)


# ---- np.vander --------------------------------------------------------------------------------------
W4 = np.arange(16.0).reshape(4, 4)


def vandermonde(x):
    return np.sum(np.vander(x, 4) ** 2 * W4)


def vandermonde_ref(x):
    anp = _anp()
    return anp.sum(anp.stack([x ** 3, x ** 2, x, anp.ones(x.shape[0])], axis=1) ** 2 * W4)


def increasing_vandermonde(x):
    return np.sum(np.sin(np.vander(x, 5, increasing=True)))


def increasing_vandermonde_ref(x):
    anp = _anp()
    return anp.sum(anp.sin(anp.stack([x ** k for k in range(5)], axis=1)))


@pytest.mark.parametrize("jit", [False, True])
@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("f, ref", [(vandermonde, vandermonde_ref), (increasing_vandermonde, increasing_vandermonde_ref)],
                         ids=["decreasing", "increasing"])
def test_vandermonde(f, ref, seed, jit):
    r = _rng(seed)
    x = r.normal(size=4)
    x[0] = 0.0 if seed else x[0]        # powers at 0: x**0 is 1, the slope of x**1 is 1
    check_hvp(f, x, v=r.normal(size=4), reference=None if jit else ref, jit=jit, rtol=1e-5, atol=1e-6)


# ---- np.polyfit: in the points x, the values y (1-d and 2-d) and through the fit ----------------------
def quadratic_fit(x, y):
    c = np.polyfit(x, y, 2)
    return np.sum(c ** 3) + np.sum(np.sin(c))


def quadratic_fit_ref(x, y):      # the same least squares on the Vandermonde matrix
    anp = _anp()
    v = anp.stack([x * x, x, anp.ones(x.shape[0])], axis=1)
    c = anp.linalg.solve(anp.dot(v.T, v), anp.dot(v.T, y))
    return anp.sum(c ** 3) + anp.sum(anp.sin(c))


def line_fits(x, y):
    return np.sum(np.polyfit(x, y, 1) ** 2 * np.array([[1.0, 2.0], [3.0, 4.0]]))


def _fit_points(r):
    return np.sort(r.uniform(-1.0, 2.0, size=6))


@pytest.mark.parametrize("seed", SEEDS + [2])
def test_polyfit(seed):
    r = _rng(seed)
    x, y = _fit_points(r), r.normal(size=6)
    vx, vy = r.normal(size=6), r.normal(size=6)
    check_hvp(quadratic_fit, x, y, v=(vx, vy), wrt=(0, 1), **TOL)
    check_hvp(quadratic_fit, x, y, v=vx, wrt=0, reference=quadratic_fit_ref, **TOL)
    check_hvp(quadratic_fit, x, y, v=vy, wrt=1, reference=quadratic_fit_ref, **TOL)
    y2 = r.normal(size=(6, 2))
    check_hvp(line_fits, x, y2, v=(vx, r.normal(size=(6, 2))), wrt=(0, 1), **TOL)


def test_polyfit_compiled():
    r = _rng(3)
    x, y = _fit_points(r), r.normal(size=6)
    check_hvp(quadratic_fit, x, y, v=(r.normal(size=6), r.normal(size=6)), wrt=(0, 1), jit=True, **TOL)


# ---- digamma: its derivative trigamma, whose derivative is tetragamma ------------------------------
ZETA3 = 1.2020569031595942


def test_tetragamma_known_values():
    tetragamma = runtime.tetragamma
    assert tetragamma(1.0) == pytest.approx(-2.0 * ZETA3, rel=1e-13)
    assert tetragamma(0.5) == pytest.approx(-14.0 * ZETA3, rel=1e-13)
    assert tetragamma(2.0) == pytest.approx(2.0 - 2.0 * ZETA3, rel=1e-13)        # psi''(x+1) = psi''(x) + 2/x^3
    assert math.isnan(tetragamma(0.0)) and math.isnan(tetragamma(-2.0))


def test_tetragamma_against_scipy_to_1e_10():
    x = np.concatenate([np.linspace(-4.9, -0.05, 400), np.linspace(0.01, 60.0, 2000), [1e3, 1e5]])
    x = x[np.abs(x - np.round(x)) > 1e-3]
    exact = special.polygamma(2, x)
    assert np.max(np.abs(runtime.tetragamma(x) - exact) / np.maximum(1.0, np.abs(exact))) < 1e-10


def digamma_weights(x):     # its gradient calls trigamma; the hvp, trigamma's derivative
    return np.sum(special.digamma(x) * x) + np.sum(special.gammaln(x) ** 2)


@pytest.mark.parametrize("jit", [False, True])
@pytest.mark.parametrize("seed", SEEDS)
def test_hvp_through_digamma(seed, jit):
    r = _rng(seed)
    x = np.concatenate([r.uniform(0.2, 4.0, size=4), [-1.5, 12.5]])
    check_hvp(digamma_weights, x, v=r.normal(size=x.shape), jit=jit, **TOL)
