"""scipy.linalg.lu_factor / lu_solve (rules/grads_lu.py, tangents_lu.py, runtime_lu.py; the frontend
writes lu_solve((lu, piv), b, trans) as lu_solve_of) and np.nancumsum / np.nancumprod (written as
np.cumsum / np.cumprod with 0 / 1 in place of each NaN, frontend/numpy_forms_nan.py). On the base
each was refused (no derivative rule). Checked against central differences in grad and jvp; hvp in
`b`; hvp in the matrix and jit=True are refused with the line."""
import numpy as np
import pytest
import scipy.linalg as sla

import s2sad
from s2sad.testing import check_grad, check_hvp, check_jvp

RNG = np.random.default_rng(57)
A = RNG.normal(size=(4, 4)) + 0.5 * np.eye(4)
B = RNG.normal(size=(4, 2))
NANS = np.array([[1.5, np.nan, -0.7, 2.0], [np.nan, 0.4, 1.1, -0.3]])


def factor_then_solve(a, b):      # the pair unpacked, solved twice (one transposed), the factors read
    lu, piv = sla.lu_factor(a)
    x = sla.lu_solve((lu, piv), b)
    y = sla.lu_solve((lu, piv), b[:, 0], trans=1)
    return np.sum(x ** 2) + np.sum(y * np.arange(4.0)) + np.sum(np.log(np.abs(np.diag(lu))))


def solve_of_factor(a, b):
    return np.sum(sla.lu_solve(sla.lu_factor(a), b, trans=1) * np.arange(8.0).reshape(4, 2))


def factors_only(a, b):
    lu, piv = sla.lu_factor(a * b[0, 0])
    return np.sum(np.tril(lu, -1) ** 2) + np.sum(np.sin(np.triu(lu)))


def nancumsum_axis(x, w):
    return np.sum(np.nancumsum(x * w, axis=1) ** 2) + np.sum(np.nancumsum(np.exp(x * w)))


def nancumprod_axis(x, w):
    return np.sum(np.nancumprod(x * w, axis=0)) + np.sum(np.nancumprod(np.tanh(x * w)))


CASES = [(factor_then_solve, (A, B)), (solve_of_factor, (A, B)), (factors_only, (A, B)),
         (nancumsum_axis, (NANS, 0.8)), (nancumprod_axis, (NANS, 1.3))]


@pytest.mark.parametrize("f,args", CASES, ids=[c[0].__name__ for c in CASES])
@pytest.mark.parametrize("wrt", [0, 1])
def test_grad_and_jvp(f, args, wrt):
    if f.__name__.startswith("nan") and wrt == 0:      # (x holds NaN: differences along it are NaN)
        return check_grad(f, np.nan_to_num(args[0]) + 0.1, args[1], wrt=0)
    check_grad(f, *args, wrt=wrt)
    check_jvp(f, *args, wrt=wrt, tangent=RNG.normal(size=np.shape(args[wrt])))


def test_nan_entries_count_as_absent():
    g = s2sad.grad(nancumsum_axis, wrt=0)(NANS, 0.8)
    assert np.all(np.isfinite(g)) and g[0, 1] == 0.0 and g[1, 0] == 0.0


def test_hvp_in_b():
    check_hvp(factor_then_solve, A, B, wrt=1, v=RNG.normal(size=B.shape))


def test_hvp_in_the_matrix_is_refused_with_the_line():
    with pytest.raises(s2sad.NoDerivativeError, match="lu_solve"):
        s2sad.hvp(factor_then_solve, wrt=0)(A, B, A)


def test_singular_matrix_is_refused():
    a = np.array([[1.0, 2.0], [2.0, 4.0]])
    with pytest.raises(s2sad.NoDerivativeError, match="nonsingular"):
        s2sad.grad(lambda a: np.sum(sla.lu_solve(sla.lu_factor(a), np.ones(2))))(a)


def test_jit_is_refused_with_the_line():
    with pytest.raises(s2sad.JitError, match=r"line \d+(.|\n)*numba does not support `lu_(factor|solve)`"):
        s2sad.grad(factor_then_solve, jit=True)(A, B)


def test_overwrite_is_refused():
    def f(a):
        return np.sum(sla.lu_factor(a, overwrite_a=True)[0])
    with pytest.raises(s2sad.S2sadError):
        s2sad.grad(f)(A.copy())
