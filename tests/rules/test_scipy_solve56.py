"""scipy.linalg.solve (rules/grads_scipy_solve.py, tangents_scipy_solve.py, runtime_scipy_solve.py;
numba: backends/numba_helpers/numba_rules_scipy_solve.py): grad, jvp and hvp against central
differences and autograd (np.linalg.solve of the matrix SciPy solves with), for a general solve and
for the symmetric ones ('sym', 'pos', which read one triangle: the other gets exactly 0), a vector or
a matrix b, and jit=True. On main every form was refused (no rule)."""
import numpy as np
import pytest

linalg = pytest.importorskip("scipy.linalg")

import s2sad  # noqa: E402
from s2sad.testing import check_grad, check_hvp, check_jvp  # noqa: E402

RNG = np.random.default_rng(56)
A = RNG.normal(size=(4, 4)) + 4.0 * np.eye(4)
P = A @ A.T                      # positive definite
B1, B2 = RNG.normal(size=4), RNG.normal(size=(4, 2))


def _loss(x):
    return np.sum(x ** 2) + np.sum(np.sin(x))


def general(a, b):
    return _loss(linalg.solve(a, b))


def general_named(a, b):
    return _loss(linalg.solve(a, b, assume_a="gen", check_finite=False))


def symmetric_upper(a, b):
    return _loss(linalg.solve(a, b, assume_a="sym"))


def symmetric_lower(a, b):
    return _loss(linalg.solve(a, b, lower=True, assume_a="symmetric"))


def positive_upper(a, b):
    return _loss(linalg.solve(a, b, assume_a="pos"))


def positive_lower(a, b):
    return _loss(linalg.solve(a, b, True, assume_a="positive definite"))


@pytest.mark.parametrize("f", [general, general_named, symmetric_upper, symmetric_lower, positive_upper, positive_lower])
@pytest.mark.parametrize("b", [B1, B2], ids=["vector", "matrix"])
def test_against_differences(b, f):
    a = P + 0.3 * A if f in (general, general_named) else P + 0.3 * np.triu(A, 1)   # one triangle read
    check_grad(f, a, b, wrt=(0, 1))
    check_jvp(f, a, b, wrt=(0, 1), tangent=(A.T * 0.1, b[::-1]))
    check_hvp(f, a, b, wrt=(0, 1), v=(A[::-1] * 0.1, b * 0.5))


def test_the_triangle_not_read_gets_zero():
    g = s2sad.grad(positive_lower)(P, B2)
    assert np.all(np.triu(g, 1) == 0.0) and np.all(g[np.tril_indices(4)] != 0.0)
    g = s2sad.grad(symmetric_upper)(P, B1)
    assert np.all(np.tril(g, -1) == 0.0)


def test_against_autograd():
    anp = pytest.importorskip("autograd.numpy")

    def ref(a, b):
        s = anp.triu(a, 1) + anp.triu(a, 1).T + a * anp.eye(4)
        x = anp.linalg.solve(s, b)
        return anp.sum(x ** 2) + anp.sum(anp.sin(x))
    for wrt, v in ((0, A * 0.1), (1, B2 * 0.3)):
        check_grad(positive_upper, P, B2, wrt=wrt, reference=ref)
        check_hvp(positive_upper, P, B2, wrt=wrt, v=v, reference=ref)


@pytest.mark.parametrize("f", [general, positive_lower])
def test_compiled(f):
    check_grad(f, P + 0.3 * np.triu(A, 1), B1, wrt=(0, 1), jit=True)


def not_positive(a, b):
    return np.sum(linalg.solve(a, b, assume_a="pos"))


def test_compiled_refuses_what_scipy_refuses():
    with pytest.raises(np.linalg.LinAlgError):
        s2sad.grad(not_positive, jit=True)(-P, B1)


def diagonal(a, b):
    return np.sum(linalg.solve(a, b, assume_a="diagonal"))


def transposed(a, b):
    return np.sum(linalg.solve(a, b, transposed=True))


def in_place(a, b):
    return np.sum(linalg.solve(a, b, overwrite_b=True))


@pytest.mark.parametrize("f", [diagonal, transposed, in_place])
def test_forms_not_covered_are_refused_located(f):
    for make in (s2sad.grad, s2sad.jvp):
        with pytest.raises(s2sad.S2sadError, match=r"line \d+"):
            h = make(f, wrt=(0, 1))
            h(P, B1.copy()) if make is s2sad.grad else h(P, B1.copy(), (P, B1))
