"""User idioms that ran with jit=False and were refused under jit=True only: ``np.diag_indices``
(``A[np.diag_indices(n)] += v``), ``np.hstack`` of a list of numbers from reductions, hvp of a
3-operand ``np.einsum``, ``np.polyfit`` in a loss. Each compiled gradient is checked against
finite differences and against jit=False; the forms numba still cannot take are refused with a
located ``JitError`` naming the user's line and saying what to write instead."""
import numpy as np
import pytest

import s2sad
from s2sad.backends.errors import JitError
from s2sad.errors import NoDerivativeError
from s2sad.testing import check_grad, check_hvp, check_jvp

X = np.array([0.3, -1.2, 0.7, 2.0])
V = np.array([0.5, -0.25, 1.0, 0.75])


def _same_as_python(f, *args):
    compiled = check_grad(f, *args, jit=True)
    np.testing.assert_allclose(compiled, s2sad.grad(f)(*args), rtol=1e-10, atol=1e-12)


def _hvp_same_as_python(f, x):
    compiled = check_hvp(f, x, v=V, jit=True)
    np.testing.assert_allclose(compiled, s2sad.hvp(f)(x, V), rtol=1e-9, atol=1e-11)


# ---- 1. the diagonal -------------------------------------------------------------------------
def add_to_diagonal(x):
    n = x.shape[0]
    A = np.outer(x, x)
    A[np.diag_indices(n)] += x ** 2
    return np.sum(A * A)


def read_diagonal(x):
    A = np.outer(x, np.sin(x))
    d = np.diag_indices(x.shape[0])
    return np.sum(A[d] * x)


def fill_diagonal(x):
    A = np.outer(x, x)
    np.fill_diagonal(A, 2.0)
    B = np.outer(x, np.cos(x))
    np.fill_diagonal(B, x ** 2)
    return np.sum(A ** 3) + np.sum(B ** 2)


def diagonal_from(x):
    A = np.outer(x, x)
    A[np.diag_indices_from(A)] += 1.0 + x
    return np.sum(A ** 3)


def diagonal_of_a_cube(x):
    A = np.outer(x, x)[:, :, None] * x
    A[np.diag_indices(x.shape[0], 3)] = 0.0
    return np.sum(A ** 2)


@pytest.mark.jit
@pytest.mark.parametrize("f", [add_to_diagonal, read_diagonal, fill_diagonal, diagonal_from, diagonal_of_a_cube])
def test_diagonal_idioms_compile(f):
    x = X.copy()
    _same_as_python(f, x)
    _hvp_same_as_python(f, x)
    np.testing.assert_array_equal(x, X)


def diagonal_of_a_rectangle(x):
    A = np.outer(x, x[:3])
    A[np.diag_indices_from(A)] = 0.0
    return np.sum(A)


@pytest.mark.jit
def test_diag_indices_from_a_rectangle_raises_as_numpy_does():
    for jit in (False, True):
        with pytest.raises(ValueError, match="equal length"):
            s2sad.grad(diagonal_of_a_rectangle, jit=jit)(X)


# ---- 2. joining one array, or numbers from reductions -----------------------------------------
def hstack_one(x):
    return np.sum(np.sin(np.hstack([x])) + np.concatenate([x ** 2]))


def array_of_reductions(x):
    v = np.array([np.sum(x), np.max(x), np.min(x), np.mean(x ** 2)])
    return v @ v


def array_of_zero_d_arrays(x):
    v = np.array([np.asarray(x[0]), np.sum(x), np.tensordot(x, x, 1)])
    return np.sum(v ** 2)


def hstack_of_reductions(x):
    v = np.hstack([np.sum(x), np.max(x), np.linalg.norm(x)])
    return np.sum(v ** 3)


def hstack_of_a_tuple_of_reductions(x):
    v = np.hstack((np.sum(x ** 2), np.min(x)))
    return np.sum(np.exp(v))


@pytest.mark.jit
@pytest.mark.parametrize("f", [hstack_one, array_of_reductions, array_of_zero_d_arrays, hstack_of_reductions,
                               hstack_of_a_tuple_of_reductions])
def test_joins_of_one_item_and_of_reductions_compile(f):
    _same_as_python(f, X)
    _hvp_same_as_python(f, X)


# ---- 3. np.polyfit ----------------------------------------------------------------------------
T = np.array([0.0, 0.4, 1.1, 1.5, 2.2, 3.0])
Y = np.array([1.0, 0.7, -0.2, 0.4, 1.9, 2.5])


def fit_loss(y, t):
    p = np.polyfit(t, y, 2)
    return np.sum(p * p) + np.sum((np.polyval(p, t) - y) ** 2)


def fit_in_x(t, y):
    return np.sum(np.polyfit(t, y, 2) ** 2)


@pytest.mark.jit
def test_polyfit_compiles_with_its_value_and_gradients():
    _same_as_python(fit_loss, Y, T)
    value, _ = s2sad.value_and_grad(fit_loss, jit=True)(Y, T)
    np.testing.assert_allclose(value, fit_loss(Y, T), rtol=1e-12)
    _same_as_python(fit_in_x, T, Y)
    compiled = check_jvp(fit_in_x, T, Y, tangent=V[:2].repeat(3), jit=True)
    python = s2sad.jvp(fit_in_x)(T, Y, V[:2].repeat(3))
    np.testing.assert_allclose(compiled, python, rtol=1e-9)


@pytest.mark.jit
def test_polyfit_through_too_few_distinct_points_has_no_derivative_under_jit_too():
    t = np.array([1.0, 1.0, 1.0, 2.0])
    with pytest.raises(NoDerivativeError):
        s2sad.grad(fit_loss, jit=True)(Y[:4], t)


def fit_columns(y, t):
    return np.sum(np.polyfit(t, y, 1) ** 2)


@pytest.mark.jit
def test_polyfit_of_columns_is_refused_at_the_users_line_saying_what_to_write():
    assert np.isfinite(s2sad.grad(fit_columns)(np.stack([Y, Y ** 2], axis=1), T)).all()
    with pytest.raises(JitError) as info:
        s2sad.grad(fit_columns, jit=True)(np.stack([Y, Y ** 2], axis=1), T)
    msg = str(info.value)
    line = fit_columns.__code__.co_firstlineno + 1
    assert f"line {line}" in msg and "in fit_columns" in msg and "probably" not in msg
    assert "from your code:                 return np.sum(np.polyfit(t, y, 1) ** 2)" in msg
    assert "fit each column (np.polyfit(x, y[:, k], deg))" in msg


# ---- 4. hvp of a 3-operand np.einsum ----------------------------------------------------------
def quadratic_form(x):
    A = np.outer(x, np.cos(x)) + np.eye(x.shape[0])
    return np.einsum('i,ij,j->', x, A, x)


def chained(x):
    A = np.outer(np.sin(x), x)
    return np.sum(np.einsum('ij,jk,k->i', A, A, x) ** 2)


def four_operands(x):
    A = np.outer(x, x)
    return np.einsum('i,ij,jk,k->', x, A, A, np.sin(x))


def a_number_operand(x):
    return np.einsum('i,,i->', x, np.sum(x), x)


@pytest.mark.jit
@pytest.mark.parametrize("f", [quadratic_form, chained, four_operands, a_number_operand])
def test_hvp_of_three_operand_einsum_compiles(f):
    _same_as_python(f, X)
    _hvp_same_as_python(f, X)


@pytest.mark.jit
def test_hvp_of_every_compiled_einsum_form():
    """The forms of tests/rules/test_einsum_jit.py (traces, diagonals, implicit output, a size-1
    dimension broadcast, three operands), second order, in every operand at once."""
    from tests.rules.test_einsum_jit import M, N, einsums
    x = X[:3]
    v = (N[:, :3] * 0.5, N[::-1] * 0.3, x[::-1])
    compiled = check_hvp(einsums, M, N, x, v=v, wrt=(0, 1, 2), jit=True)
    for mine, theirs in zip(compiled, s2sad.hvp(einsums, wrt=(0, 1, 2))(M, N, x, v)):
        np.testing.assert_allclose(mine, theirs, rtol=1e-10, atol=1e-12)
