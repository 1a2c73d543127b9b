"""scipy.linalg.solve_triangular (rules/grads_triangular.py, tangents_triangular.py,
runtime_triangular.py; numba: backends/numba_helpers/numba_rules_triangular.py): grad, jvp and hvp
against central finite differences and autograd (a triangular solve written with np.linalg.solve
of the triangle read), for each trans/lower/unit_diagonal, a vector or a matrix b, both jit modes.
The entries of a the solver never reads get exactly 0."""
import numpy as np
import pytest

linalg = pytest.importorskip("scipy.linalg")

import s2sad  # noqa: E402
from s2sad.testing import check_grad, check_hvp, check_jvp  # noqa: E402

RNG = np.random.default_rng(7)
A = RNG.normal(size=(4, 4)) + 4.0 * np.eye(4)
B1, B2 = RNG.normal(size=4), RNG.normal(size=(4, 2))
FORMS = [(0, True, False), (1, True, False), ("T", False, False), ("N", False, True), (2, True, True)]


def solves(a, b, trans, lower, unit):
    x = linalg.solve_triangular(a, b, trans=trans, lower=lower, unit_diagonal=unit)
    return np.sum(x ** 2) + np.sum(np.sin(x))


@pytest.mark.parametrize("trans, lower, unit", FORMS)
@pytest.mark.parametrize("b", [B1, B2], ids=["vector", "matrix"])
def test_against_differences(b, trans, lower, unit):
    check_grad(solves, A, b, trans, lower, unit, wrt=(0, 1))
    check_jvp(solves, A, b, trans, lower, unit, wrt=(0, 1), tangent=(A.T * 0.1, b[::-1]))
    check_hvp(solves, A, b, trans, lower, unit, wrt=(0, 1), v=(A[::-1] * 0.1, b * 0.5))


def test_entries_never_read_get_zero():
    g = s2sad.grad(solves)(A, B1, 0, True, True)
    assert np.all(np.triu(g) == 0.0)          # lower with a unit diagonal: the diagonal is not read either
    g = s2sad.grad(solves)(A, B2, 1, False, False)
    assert np.all(np.tril(g, -1) == 0.0) and np.all(np.diag(g) != 0.0)


def test_against_autograd():
    anp = pytest.importorskip("autograd.numpy")

    def ref(a, b):
        x = anp.linalg.solve(anp.tril(a).T, b)
        return anp.sum(x ** 2) + anp.sum(anp.sin(x))

    def f(a, b):
        return solves(a, b, 1, True, False)
    for wrt, v in ((0, A * 0.1), (1, B2 * 0.3)):
        check_grad(f, A, B2, wrt=wrt, reference=ref)
        check_hvp(f, A, B2, wrt=wrt, v=v, reference=ref)


def in_place_b(a, b):
    return np.sum(linalg.solve_triangular(a, b, lower=True, overwrite_b=True))


def test_overwrite_b_is_refused_located():
    with pytest.raises(s2sad.S2sadError, match=r"line \d+"):
        s2sad.grad(in_place_b, wrt=(0, 1))(A, B1.copy())


def compiled(a, b):
    x = linalg.solve_triangular(a, b, lower=True)
    y = linalg.solve_triangular(a, x, trans="T", lower=True, unit_diagonal=True)
    return np.sum(y ** 2) + np.sum(x * b)


@pytest.mark.parametrize("b", [B1, B2], ids=["vector", "matrix"])
@pytest.mark.parametrize("mode", ["grad", "jvp"])
def test_jit(mode, b):
    """One mode a case: jit cases whose mode compiles nothing the others do not are in the jit
    tier (tests/jit_tier.py, WHY51)."""
    if mode == "grad":
        check_grad(compiled, A, b, wrt=(0, 1), jit=True)
    else:
        check_jvp(compiled, A, b, wrt=(0, 1), tangent=(A * 0.1, b * 0.5), jit=True)


def test_jit_hvp():
    check_hvp(compiled, A, B2, wrt=(0, 1), v=(A * 0.1, B2 * 0.5), jit=True)


def test_compiled_values_are_scipys():
    from s2sad.backends.numba_helpers import numba_runtime  # noqa: F401  (installs the overloads)
    from numba import njit

    @njit
    def values(a, b1, b2):
        return (linalg.solve_triangular(a, b1), linalg.solve_triangular(a, b2, trans=1, lower=True),
                linalg.solve_triangular(a, b1, trans="T", unit_diagonal=True),
                linalg.solve_triangular(a, b2, trans="N", lower=True, unit_diagonal=True))
    got = values(A, B1, B2)
    expected = (linalg.solve_triangular(A, B1), linalg.solve_triangular(A, B2, trans=1, lower=True),
                linalg.solve_triangular(A, B1, trans="T", unit_diagonal=True),
                linalg.solve_triangular(A, B2, trans="N", lower=True, unit_diagonal=True))
    for g, e in zip(got, expected):
        np.testing.assert_allclose(g, e, rtol=1e-12)
    singular = np.tril(A)
    singular[2, 2] = 0.0
    with pytest.raises(np.linalg.LinAlgError):
        values(singular, B1, B2)
    with pytest.raises(ValueError, match="infs or NaNs"):
        values(A, B1 * np.nan, B2)
