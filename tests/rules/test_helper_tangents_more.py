"""hvp (forward over reverse) through the gradient helpers of np.cumprod, np.trapezoid, np.interp,
np.average and np.polyval (s2sad/rules/tangents_adjoint_more.py): realistic functions checked
against central differences of the gradient, and against autograd's hessian-vector product where
autograd differentiates the call twice, in plain NumPy and compiled (jit=True)."""
import numpy as np
import pytest

import s2sad
from s2sad.rules import (  # noqa: F401
    forward_registry,
    registry,
    runtime,
    tangents_adjoint,
    tangents_adjoint_more,
)
from s2sad.testing import check_hvp

R = np.random.default_rng(15)
JIT = [False, True]
HELPERS = ["cumprod_grad", "trapz_grad_y", "trapz_grad_x", "trapz_grad_dx", "interp_grad_x", "interp_grad_fp",
           "interp_grad_xp", "interp_grad_bound", "average_grad_a", "average_grad_weights", "polyval_grad_p",
           "polyval_slope"]


@pytest.mark.parametrize("name", HELPERS)
def test_the_helpers_have_forward_rules_and_no_reason_left(name):
    assert registry._key(getattr(runtime, name)) in forward_registry._RULES
    assert name not in tangents_adjoint.NO_FORWARD_RULE


# ---- np.cumprod: a drawdown penalty on compounded returns ---------------------------------------
def drawdown_penalty(r):
    wealth = np.cumprod(1.0 + r)
    return np.sum((np.maximum.accumulate(wealth) - wealth) ** 2) + np.sum(wealth * wealth) / wealth.shape[0]


def cumprod_rows(m):
    return np.sum(np.cumprod(m, axis=1) ** 2 * np.arange(1.0, 4.0))


def cumprod_flat(m):
    return np.sum(np.cumprod(m) ** 2 * np.arange(6.0))


def cumprod_rows_by_hand(m):     # the same for autograd, which has no rule for np.cumprod
    import autograd.numpy as anp
    cols = [m[:, 0]]
    for k in range(1, m.shape[1]):
        cols.append(cols[-1] * m[:, k])
    return anp.sum(anp.stack(cols, axis=1) ** 2 * np.arange(1.0, 4.0))


def cumprod_with_zero(x):
    return np.sum(np.cumprod(x) * np.arange(1.0, 6.0))


RETURNS = R.normal(scale=0.05, size=8)
X5 = R.normal(size=5)


@pytest.mark.parametrize("jit", JIT)
def test_cumprod_drawdown(jit):
    check_hvp(drawdown_penalty, RETURNS, v=R.normal(size=8), jit=jit, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("jit", JIT)
def test_cumprod_along_an_axis_against_autograd(jit):
    check_hvp(cumprod_rows, R.normal(size=(2, 3)), v=R.normal(size=(2, 3)), jit=jit,
              reference=cumprod_rows_by_hand, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("jit", JIT)
def test_cumprod_of_a_matrix_flattened(jit):
    check_hvp(cumprod_flat, R.normal(size=(2, 3)), v=R.normal(size=(2, 3)), jit=jit, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("jit", JIT)
def test_cumprod_exact_at_a_zero(jit):
    """A zero in x: the second derivative comes from the products of the others, no division."""
    x = X5.copy()
    x[2] = 0.0
    v = R.normal(size=5)
    h = check_hvp(cumprod_with_zero, x, v=v, jit=jit, rtol=1e-6, atol=1e-8)
    exact = np.zeros((5, 5))            # f = sum_j (j+1) prod_{k<=j} x_k: its Hessian, term by term
    for j in range(5):
        for a in range(j + 1):
            for b in range(j + 1):
                if a != b:
                    exact[a, b] += (j + 1) * np.prod([x[k] for k in range(j + 1) if k not in (a, b)])
    np.testing.assert_allclose(h, exact @ v, rtol=1e-12, atol=1e-12)


# ---- np.trapezoid: the energy of a model sampled at moving points, and on a uniform grid --------
GRID = np.sort(R.uniform(0.0, 2.0, size=7))


def energy(theta, x):
    y = theta[0] * np.sin(x) + theta[1] * x * x
    return np.trapezoid(y * y, x) + theta[2] * np.trapezoid(np.cos(y), x)


def energy_by_hand(theta, x):    # the same for autograd, which has no rule for np.trapezoid
    import autograd.numpy as anp
    y = theta[0] * anp.sin(x) + theta[1] * x * x
    f = y * y
    return anp.sum(0.5 * (f[1:] + f[:-1]) * (x[1:] - x[:-1])) \
        + theta[2] * anp.sum(0.5 * (anp.cos(y[1:]) + anp.cos(y[:-1])) * (x[1:] - x[:-1]))


def uniform_energy(y, h):
    return np.trapezoid(y ** 3, dx=h) * h + np.trapezoid(np.exp(y), dx=h, axis=0) ** 2


def rows_over_shared_points(m, x):
    return np.sum(np.trapezoid(m * m, x, axis=1) ** 2)


THETA = np.array([0.7, -0.4, 0.5])


@pytest.mark.parametrize("jit", JIT)
def test_trapezoid_of_a_model_in_its_parameters_and_points(jit):
    check_hvp(energy, THETA, GRID, v=(R.normal(size=3), R.normal(size=7)), wrt=(0, 1), jit=jit, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("jit", JIT)
@pytest.mark.parametrize("wrt", [0, 1])
def test_trapezoid_against_autograd(jit, wrt):
    v = R.normal(size=np.shape((THETA, GRID)[wrt]))
    check_hvp(energy, THETA, GRID, v=v, wrt=wrt, jit=jit, reference=energy_by_hand, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("jit", JIT)
def test_trapezoid_with_a_spacing(jit):
    """trapz_grad_y moves with dx, trapz_grad_dx with y."""
    check_hvp(uniform_energy, R.normal(size=6) * 0.5, 0.3, v=(R.normal(size=6), 0.7), wrt=(0, 1), jit=jit,
              rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("jit", JIT)
def test_trapezoid_rows_over_shared_points(jit):
    check_hvp(rows_over_shared_points, R.normal(size=(2, 7)), GRID, v=(R.normal(size=(2, 7)), R.normal(size=7)),
              wrt=(0, 1), jit=jit, rtol=1e-5, atol=1e-7)


# ---- np.interp: a lookup table, its breakpoints and its values fitted, points outside clamped ---
XP = np.array([0.0, 0.5, 1.2, 2.0, 3.1])
FP = np.array([1.0, 0.2, -0.4, 0.9, 1.5])
POINTS = np.array([-0.6, 0.21, 0.8, 1.55, 2.3, 2.9, 3.7])    # two outside, none near a breakpoint


def table_fit(x, xp, fp):
    y = np.interp(x * x * 0.5 + x, xp, fp * fp)
    return np.sum((y - 0.3) ** 2 * np.arange(1.0, 8.0)) + np.sum(np.interp(x, xp, fp) ** 3)


def clamped(x, lo, hi):
    return np.sum(np.interp(x, XP, FP, left=lo * lo, right=hi) ** 2 * x)


@pytest.mark.parametrize("jit", JIT)
def test_interp_in_the_points_breakpoints_and_values(jit):
    v = (R.normal(size=7), R.normal(size=5) * 0.1, R.normal(size=5))
    check_hvp(table_fit, POINTS * 0.5, XP, FP, v=v, wrt=(0, 1, 2), jit=jit, rtol=1e-5, atol=1e-7, eps=1e-6)


@pytest.mark.parametrize("jit", JIT)
def test_interp_with_bounds(jit):
    check_hvp(clamped, POINTS, 0.8, -1.3, v=(R.normal(size=7), 0.4, -0.6), wrt=(0, 1, 2), jit=jit,
              rtol=1e-5, atol=1e-7, eps=1e-6)


# ---- np.average: a weighted mean with softmax weights ----------------------------------------------
def softmax_weighted(a, s):
    w = np.exp(s - np.max(s))
    return np.average(a * a, weights=w) ** 2 + np.average(np.sin(a), weights=w * w)


def softmax_weighted_by_hand(a, s):
    import autograd.numpy as anp
    w = anp.exp(s - anp.max(s))
    return (anp.sum(a * a * w) / anp.sum(w)) ** 2 + anp.sum(anp.sin(a) * w * w) / anp.sum(w * w)


def row_averages(m, w):
    return np.sum(np.average(m ** 2, axis=1, weights=w * w) ** 2)


A6, S6 = R.normal(size=6), R.normal(size=6)


@pytest.mark.parametrize("jit", JIT)
@pytest.mark.parametrize("wrt", [0, 1])
def test_average_against_autograd(jit, wrt):
    check_hvp(softmax_weighted, A6, S6, v=R.normal(size=6), wrt=wrt, jit=jit, reference=softmax_weighted_by_hand,
              rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("jit", JIT)
def test_average_in_values_and_weights(jit):
    check_hvp(softmax_weighted, A6, S6, v=(R.normal(size=6), R.normal(size=6)), wrt=(0, 1), jit=jit,
              rtol=1e-5, atol=1e-7)


def test_average_over_an_axis():
    check_hvp(row_averages, R.normal(size=(3, 4)), R.normal(size=4) + 1.0,
              v=(R.normal(size=(3, 4)), R.normal(size=4)), wrt=(0, 1), rtol=1e-5, atol=1e-7)


def columns_of_polynomials(p, x):     # a matrix p: one polynomial per column
    return np.sum(np.polyval(p, x) ** 2)


def test_polyval_of_a_matrix_of_coefficients():
    check_hvp(columns_of_polynomials, R.normal(size=(3, 2)), R.normal(size=2),
              v=(R.normal(size=(3, 2)), R.normal(size=2)), wrt=(0, 1), rtol=1e-5, atol=1e-7)


def test_polyval_of_a_matrix_is_refused_under_jit_with_the_line():
    """numba has no np.polyval of a matrix: refused, located, rather than compiled wrong."""
    with pytest.raises(s2sad.S2sadError, match=r"(?s)test_helper_tangents_more.py.*np\.polyval\(p, x\)"):
        s2sad.hvp(columns_of_polynomials, wrt=(0, 1), jit=True)(R.normal(size=(3, 2)), R.normal(size=2),
                                                                  (R.normal(size=(3, 2)), R.normal(size=2)))


# ---- np.polyval: a polynomial fitted and evaluated at moving points --------------------------------
def poly_fit(p, x):
    return np.sum((np.polyval(p, x) - np.cos(x)) ** 2) + np.sum(np.polyval(p, x[:2]) ** 3)


def poly_fit_by_hand(p, x):
    import autograd.numpy as anp

    def horner(q, z):
        y = 0.0 * z
        for c in q:
            y = y * z + c
        return y
    return anp.sum((horner(p, x) - anp.cos(x)) ** 2) + anp.sum(horner(p, x[:2]) ** 3)


P4, X6 = np.array([0.3, -0.5, 1.2, 0.4]), R.uniform(-1.0, 1.0, size=6)


@pytest.mark.parametrize("jit", JIT)
@pytest.mark.parametrize("wrt", [0, 1])
def test_polyval_against_autograd(jit, wrt):
    v = R.normal(size=np.shape((P4, X6)[wrt]))
    check_hvp(poly_fit, P4, X6, v=v, wrt=wrt, jit=jit, reference=poly_fit_by_hand, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("jit", JIT)
def test_polyval_in_coefficients_and_points(jit):
    check_hvp(poly_fit, P4, X6, v=(R.normal(size=4), R.normal(size=6)), wrt=(0, 1), jit=jit, rtol=1e-5, atol=1e-7)


# ---- forms at the edges -----------------------------------------------------------------------
def points_and_an_ignored_spacing(y, h):     # numpy ignores dx when x is given: no derivative in h
    return np.trapezoid(y ** 3, GRID[:5], dx=h) * h


def one_point_lookup(s, fp):
    return np.interp(s * s, XP, fp) ** 3 + s * np.interp(s, XP, fp * fp)


@pytest.mark.parametrize("jit", JIT)
def test_trapezoid_with_points_ignores_the_spacing(jit):
    check_hvp(points_and_an_ignored_spacing, R.normal(size=5), 0.8, v=(R.normal(size=5), 0.5), wrt=(0, 1), jit=jit,
              rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("jit", JIT)
def test_interp_at_one_point(jit):
    check_hvp(one_point_lookup, 1.1, FP, v=(0.6, R.normal(size=5)), wrt=(0, 1), jit=jit, rtol=1e-5, atol=1e-7)


def test_average_over_an_axis_is_refused_under_jit_with_the_line():
    """numba's helpers cover np.average over the whole array: over an axis, refused and located."""
    with pytest.raises(s2sad.S2sadError, match=r"(?s)test_helper_tangents_more.py.*np\.average\(m \*\* 2, axis=1"):
        s2sad.hvp(row_averages, wrt=(0, 1), jit=True)(R.normal(size=(3, 4)), R.normal(size=4) + 1.0,
                                                      (R.normal(size=(3, 4)), R.normal(size=4)))
