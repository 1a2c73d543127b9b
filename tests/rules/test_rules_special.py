"""scipy.special's i0, i1, i0e, i1e, erfcx, gammainc/gammaincc (in x) and np.polyder/np.polyint
(rules/grads_special.py, tangents_special.py, runtime_special.py): grad, jvp and hvp against
central finite differences and autograd where it has the function, on negative, zero, small and
large arguments; the refusals (gammainc's a, jit=True, which has no scipy.special) located."""
import numpy as np
import pytest

special = pytest.importorskip("scipy.special")

import s2sad  # noqa: E402
from s2sad.testing import check_grad, check_hvp, check_jvp, check_modes  # noqa: E402

X = np.array([-3.2, -0.4, 0.0, 0.7, 2.5, 31.0])
V = np.array([0.3, -0.2, 0.5, 0.1, -0.4, 0.25])


def bessels(x):
    return np.sum(np.sin(x) * special.i0(x / 10.0)) + np.sum(special.i1(x / 10.0) ** 2) \
        + np.sum(special.i0e(x) * x) + np.sum(special.i1e(x) * np.cos(x)) + special.i1(x[1]) * special.i0e(x[3])


def erfcxs(x):
    return np.sum(special.erfcx(x / 2.0) * np.cos(x)) + special.erfcx(x[4]) ** 2


def gammas(x):
    y = x * x + 0.1       # gammainc is defined for x >= 0
    return np.sum(special.gammainc(2.5, y) * y) + np.sum(special.gammaincc(0.5, y) ** 2) \
        + special.gammainc(1.0, y[2]) + np.sum(special.gammainc(np.array([0.7, 3.0, 1.0, 2.0, 4.5, 9.0]), y))


@pytest.mark.parametrize("f", [bessels, erfcxs, gammas])
def test_grad_jvp_hvp_against_differences(f):
    check_modes(f, X, v=V)


def test_against_autograd():
    ag = pytest.importorskip("autograd.scipy.special")
    anp = pytest.importorskip("autograd.numpy")

    def ref(x):
        y = x * x + 0.1
        return anp.sum(anp.sin(x) * ag.i0(x / 10.0)) + anp.sum(ag.i1(x / 10.0) ** 2) \
            + anp.sum(ag.gammainc(2.5, y) * y) + anp.sum(ag.gammaincc(0.5, y) ** 2)

    def f(x):
        y = x * x + 0.1
        return np.sum(np.sin(x) * special.i0(x / 10.0)) + np.sum(special.i1(x / 10.0) ** 2) \
            + np.sum(special.gammainc(2.5, y) * y) + np.sum(special.gammaincc(0.5, y) ** 2)
    check_modes(f, X, v=V, reference=ref)


def test_slopes_at_zero_are_the_limits():
    g = s2sad.grad(lambda x: np.sum(special.i1(x)) + np.sum(special.i1e(x)) + np.sum(special.i0(x)))(np.zeros(2))
    np.testing.assert_array_equal(g, [1.0, 1.0])      # i1'(0) = i1e'(0) = 1/2, i0'(0) = 0
    g = s2sad.grad(lambda x: special.gammainc(1.0, x) + special.gammainc(3.0, x))(0.0)
    assert g == 1.0                                   # x**(a-1) e**-x / Gamma(a) at 0: 1 for a = 1, 0 for a = 3


def test_gammainc_in_a_is_refused_located():
    with pytest.raises(s2sad.S2sadError, match=r"line \d+(.|\n)*parameter `a` of `gammainc`"):
        s2sad.grad(lambda a, x: special.gammainc(a, x), wrt=0)(2.0, 1.0)
    with pytest.raises(s2sad.S2sadError, match=r"line \d+(.|\n)*parameter `a` of `gammaincc`"):
        s2sad.jvp(lambda a, x: special.gammaincc(a, x), wrt=0)(2.0, 1.0, 1.0)


def test_jit_true_is_refused_located():      # i0 compiles since stop 54 (tests/backends/test_numba_scipy_jit54.py)
    with pytest.raises(s2sad.S2sadError, match=r"line \d+"):
        s2sad.grad(lambda x: np.sum(special.gammainc(2.0, x)), jit=True)(X)


P = np.array([0.5, -1.2, 2.0, 0.3, 1.1])


def polys(p, k):
    return np.sum(np.polyder(p) * np.arange(4.0)) + np.sum(np.polyder(p, 2) ** 2) \
        + np.polyval(np.polyint(p, 1, k), 0.7) + np.sum(np.polyint(p, 2, [k, 2.0 * k]) ** 2) + np.sum(np.polyint(p))


@pytest.mark.parametrize("wrt", [0, 1, (0, 1)])
def test_polynomial_calculus(wrt):
    tangent = (P[::-1] * 0.1, 0.3) if wrt == (0, 1) else (P[::-1] * 0.1 if wrt == 0 else 0.3)
    check_grad(polys, P, 0.4, wrt=wrt)
    check_jvp(polys, P, 0.4, wrt=wrt, tangent=tangent)


def test_polynomial_hvp_and_autograd():
    anp = pytest.importorskip("autograd.numpy")

    def f(p):
        return np.sum(np.polyder(p) ** 2) + np.sum(np.polyint(p, 1, 0.5) ** 3) + np.sum(np.polyder(np.array([3.0])) * 0)

    def ref(p):
        n = p.shape[0]
        der = p[:-1] * anp.arange(n - 1, 0, -1)
        integral = anp.concatenate([p / anp.arange(n, 0, -1), anp.array([0.5])])
        return anp.sum(der ** 2) + anp.sum(integral ** 3)
    check_grad(f, P, reference=ref)
    check_hvp(f, P, v=P[::-1], reference=ref)


def test_polyder_of_a_matrix_is_refused():
    with pytest.raises(s2sad.S2sadError, match="vector of coefficients"):
        s2sad.grad(lambda p: np.sum(np.polyder(p)))(np.ones((3, 2)))


def running_lse(x, m):
    return np.sum(np.logaddexp.accumulate(x) * np.cos(x)) + np.sum(np.logaddexp.accumulate(m, axis=1) ** 2) \
        + np.sum(np.logaddexp.accumulate(m, 0)[-1])


M = np.array([[0.3, -1.2, 2.0], [1.5, 0.1, -0.7]])


def test_logaddexp_accumulate():
    check_grad(running_lse, X, M, wrt=(0, 1))
    check_jvp(running_lse, X, M, wrt=(0, 1), tangent=(V, M[::-1]))
    check_hvp(running_lse, X, M, wrt=(0, 1), v=(V, M * 0.5))


def test_logaddexp_accumulate_far_apart_and_minus_infinity():
    x = np.array([-np.inf, -np.inf, -800.0, 0.0, 900.0, -5.0])
    g = s2sad.grad(lambda x: np.sum(np.logaddexp.accumulate(x)))(x)
    expected = np.array([0.0, 0.0, 1.0, 1.0, 2.0, 0.0])     # y = -inf, -inf, -800, 0, 900, 900
    np.testing.assert_allclose(g, expected, atol=1e-300)
    assert np.all(np.isfinite(g))


def test_logaddexp_accumulate_against_autograd():
    anp = pytest.importorskip("autograd.numpy")

    def ref(x):
        ys = [anp.log(anp.sum(anp.exp(x[:j + 1]))) for j in range(x.shape[0])]
        return anp.sum(anp.array(ys) * anp.cos(x))

    def f(x):
        return np.sum(np.logaddexp.accumulate(x) * np.cos(x))
    check_grad(f, X / 10.0, reference=ref)
    check_hvp(f, X / 10.0, v=V, reference=ref)


@pytest.mark.parametrize("jit", [True])
@pytest.mark.parametrize("mode", ["grad", "jvp", "hvp"])
def test_logaddexp_accumulate_jit(mode, jit):
    """One mode a case: jit cases whose mode compiles nothing the others do not are in the jit tier
    (tests/jit_tier.py, WHY51J)."""
    if mode == "grad":
        check_grad(running_lse, X, M, wrt=(0, 1), jit=jit)
    elif mode == "jvp":
        check_jvp(running_lse, X, M, wrt=(0, 1), tangent=(V, M[::-1]), jit=jit)
    else:
        check_hvp(running_lse, X, M, wrt=(0, 1), v=(V, M * 0.5), jit=jit)


def far_apart(x):
    return np.sum(np.logaddexp.accumulate(x))


def test_logaddexp_accumulate_compiled_values_and_edges():
    from s2sad.backends.numba_helpers import numba_runtime  # noqa: F401  (installs the overloads)
    from s2sad.backends.numba_helpers.numba_rules_logaddexp import logaddexp_accumulate
    from numba import njit

    @njit
    def values(x, m):
        return logaddexp_accumulate(x), logaddexp_accumulate(m, 1), logaddexp_accumulate(m, 0)
    x = np.array([-np.inf, -np.inf, -800.0, 0.0, 900.0, -5.0, np.nan, 1.0])
    for got, expected in zip(values(x, M), (np.logaddexp.accumulate(x), np.logaddexp.accumulate(M, 1),
                                            np.logaddexp.accumulate(M, 0))):
        np.testing.assert_allclose(got, expected, rtol=1e-15)
    g = s2sad.grad(far_apart, jit=True)(x[:6])
    np.testing.assert_array_equal(g, [0.0, 0.0, 1.0, 1.0, 2.0, 0.0])


def polys_jit(p, k):
    return np.sum(np.polyder(p) * np.arange(4.0)) + np.sum(np.polyder(p, 2) ** 2) \
        + np.polyval(np.polyint(p, 1, k), 0.7) + np.sum(np.polyint(p, 2, np.array([k, 2.0 * k])) ** 2) \
        + np.sum(np.polyint(p)) + np.sum(np.polyint(p, 3, k))


@pytest.mark.parametrize("mode", ["grad", "jvp", "hvp"])
def test_polynomial_calculus_jit(mode):
    """One mode a case: jit cases whose mode compiles nothing the others do not are in the jit tier
    (tests/jit_tier.py, WHY51J)."""
    if mode == "grad":
        check_grad(polys_jit, P, 0.4, wrt=(0, 1), jit=True)
    elif mode == "jvp":
        check_jvp(polys_jit, P, 0.4, wrt=(0, 1), tangent=(P[::-1] * 0.1, 0.3), jit=True)
    else:
        check_hvp(polys_jit, P, 0.4, wrt=(0, 1), v=(P[::-1] * 0.1, 0.3), jit=True)


def test_polynomial_compiled_values_are_numpys():
    from s2sad.backends.numba_helpers import numba_runtime  # noqa: F401  (installs the overloads)
    from numba import njit

    @njit
    def values(p):
        return (np.polyder(p), np.polyder(p, 3), np.polyder(p, 7), np.polyint(p), np.polyint(p, 2, 1.5),
                np.polyint(p, 2, np.array([1.0, -2.0])), np.polyint(p[:0]))
    expected = (np.polyder(P), np.polyder(P, 3), np.polyder(P, 7), np.polyint(P), np.polyint(P, 2, 1.5),
                np.polyint(P, 2, [1.0, -2.0]), np.polyint(P[:0]))
    for got, e in zip(values(P), expected):
        np.testing.assert_allclose(got, e, rtol=1e-15)
