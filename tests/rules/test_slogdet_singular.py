"""``np.linalg.slogdet`` at singular matrices. log|det x| is -inf there and has no derivative
(its gradient, inv(x)^T, does not exist): where that gradient is used s2sad refuses with the
user's line; where only the sign is used (piecewise constant) the gradient is 0. Fuzz campaign
4000000, seed 4001861: numpy's ``LinAlgError: Singular matrix`` escaped from the adjoint, while
the function itself ran (its value was -inf)."""
import numpy as np
import pytest

import s2sad
from s2sad.rules.runtime import slogdet_grad
from s2sad.testing import check_grad

SINGULAR = np.array([[1.0, 2.0], [2.0, 4.0]])


def log_abs_det(A):
    s, l = np.linalg.slogdet(A)
    return l


def sign_times_sum(A):
    s, l = np.linalg.slogdet(A)
    return s * np.sum(A)


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
def test_log_abs_det_of_a_singular_matrix_is_refused_at_its_line(jit):
    with pytest.raises(s2sad.NoDerivativeError) as info:
        s2sad.grad(log_abs_det, jit=jit)(SINGULAR)
    msg = str(info.value)
    assert "line 17" in msg and "s, l = np.linalg.slogdet(A)" in msg and "singular matrix" in msg


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
def test_only_the_sign_used_gives_zero_at_a_singular_matrix(jit):
    g = s2sad.grad(sign_times_sum, jit=jit)(SINGULAR)
    assert np.array_equal(g, np.zeros((2, 2)))


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
def test_invertible_matrix_still_differentiated(jit):
    A = np.array([[2.0, 1.0], [0.5, -3.0]])
    check_grad(log_abs_det, A, jit=jit)


def test_a_stack_refuses_only_where_a_singular_member_is_used():
    stack = np.stack([SINGULAR, np.array([[2.0, 1.0], [0.5, -3.0]])])
    with pytest.raises(s2sad.NoDerivativeError):
        slogdet_grad((None, np.ones(2)), stack)
    g = slogdet_grad((None, np.array([0.0, 1.0])), stack)
    assert np.array_equal(g[0], np.zeros((2, 2)))
    np.testing.assert_allclose(g[1], np.linalg.inv(stack[1]).T)
