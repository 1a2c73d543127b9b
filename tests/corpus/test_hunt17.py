"""Functions written as scientists write them (hunt17: kinetics, epidemiology, astronomy,
structural mechanics, fluids, optics, geodesy, audio, queueing, reinforcement learning, graphs,
geometry, numerical linear algebra, idioms). The whole hunt lives in /work/scratch/hunt17
(harness.py); these are the cases where s2sad was wrong, crashed or refused without a line."""
import re

import numpy as np
import pytest

import s2sad
from s2sad.errors import NoDerivativeError
from s2sad.testing import check_grad, check_hvp, check_jvp

HERE = re.escape(__file__.rsplit("/", 1)[-1])


def effective_resistance(w):
    B = np.array([[1.0, -1.0, 0.0], [0.0, 1.0, -1.0], [1.0, 0.0, -1.0]])
    L = B.T @ (w[:, None] * B)          # a graph Laplacian: rank n - 1
    Lp = np.linalg.pinv(L)
    return Lp[0, 0] + Lp[1, 1] - 2 * Lp[0, 1]


def test_hvp_refusal_in_forward_sweep_names_the_users_line():
    """The tangent of np.linalg.pinv refuses a rank-deficient matrix at run time; in the Hessian
    code that tangent sits in the adjoint's forward sweep, which had no location markers, so the
    refusal named no line (grad and jvp named it). Now it names the pinv line."""
    w = np.array([1.0, 2.0, 0.5])
    with pytest.raises(NoDerivativeError) as info:
        s2sad.hvp(effective_resistance)(w, np.ones(3))
    msg = str(info.value)
    assert re.search(rf'File ".*{HERE}", line \d+', msg), msg
    assert "Lp = np.linalg.pinv(L)" in msg


BUF = np.zeros(3)


def global_array_written(x):
    BUF[1:] = x[1:] * 2          # a module-level work array, written in place
    return (BUF * x).sum()


@pytest.mark.parametrize("jit", [False, True])
def test_jvp_of_a_global_array_written_in_place(jit):
    """jvp gave no tangent to a global array the function writes into (no statement defines
    it, so no zero tangent was made): the derivative code raised NameError (t_BUF)."""
    x, v = np.array([1.0, 2.0, 3.0]), np.array([0.3, -1.0, 2.0])
    check_jvp(global_array_written, x, tangent=v, jit=jit)
    check_hvp(global_array_written, x, v=v)
    BUF[:] = 0.0
    _, t = s2sad.jvp(global_array_written, jit=jit)(x, v)
    assert t == pytest.approx(4 * x[1] * v[1] + 4 * x[2] * v[2])


X2 = np.array([[1.0, 2.0], [0.5, 1.5]])


def mean_rows_positional_dtype(X):
    return np.mean(X, 1, float) @ np.array([1.0, 3.0])


def var_std_positional_dtype(X):
    return np.var(X, 0, np.float64) @ np.array([1.0, 3.0]) + np.std(X, 1, float).sum()


def reductions_dtype_keyword(x):
    return np.sum(x * x, dtype=np.float64) + np.mean(x ** 3, dtype=float) + x.prod(dtype=float)


def positional_methods(X):
    return X.var(0, float) @ np.array([1.0, 2.0]) + X.prod(1, float).sum() + X.sum(None, float)


@pytest.mark.parametrize("f", [mean_rows_positional_dtype, var_std_positional_dtype, positional_methods])
def test_reduction_dtype_by_position_is_not_keepdims_or_ddof(f):
    """NumPy's reductions take (a, axis, dtype, out, ...): the rules took (x, axis, keepdims)
    and (x, axis, ddof, keepdims), so a dtype passed by position became keepdims (np.mean(X, 1,
    float): a silently wrong gradient) or ddof (np.var: TypeError in the derivative code)."""
    check_grad(f, X2)
    check_jvp(f, X2, tangent=np.ones_like(X2))
    check_hvp(f, X2, v=np.ones_like(X2))


def test_reductions_take_a_float_dtype_keyword():
    """np.sum(..., dtype=np.float64) was refused (the rules took no dtype)."""
    x = np.array([1.0, 2.0, 3.0])
    check_grad(reductions_dtype_keyword, x)
    check_jvp(reductions_dtype_keyword, x, tangent=np.ones(3))


def int_sum_by_position(X):
    return np.sum(X * 2.7, 0, int) @ np.array([1.0, 3.0]) + X.sum()


def test_integer_dtype_by_position_is_a_cast():
    """np.sum(X, 0, int) truncates: piecewise constant, no derivative through it (as dtype=int)."""
    assert np.array_equal(s2sad.grad(int_sum_by_position)(X2), np.ones((2, 2)))


def mean_array_by_keyword(X):
    return np.mean(a=X, axis=0) @ np.array([1.0, 2.0])


def test_reduction_with_its_array_by_keyword_is_differentiated():
    """np.mean(a=X, axis=0): the rank analysis read the first positional argument's rank, and
    there was none (IndexError, reported as s2sad's bug without a line); then the keyword `a=` was
    refused at the user's line; now the array passed by its NumPy name is moved to its place
    (stop 44, tests/rules/test_grid44.py) and differentiated in every mode."""
    X = np.array([[1.0, 2.0], [0.5, 1.5]])
    check_grad(mean_array_by_keyword, X)
    check_jvp(mean_array_by_keyword, X, tangent=np.ones_like(X))
    check_hvp(mean_array_by_keyword, X, v=np.ones_like(X))


WORK = np.zeros(4)


def global_augassign_is_local(x):
    WORK[:] = 0.0  # noqa: F823  (`WORK += x` below makes WORK local: UnboundLocalError here)
    WORK += x
    return WORK.sum()


@pytest.mark.parametrize("mode", ["grad", "jvp"])
def test_users_own_error_is_raised_from_their_line(mode):
    """A function that fails by itself: its own exception, raised from its own line, not the
    same class raised from the generated code (the traceback then showed only s2sad's code)."""
    x = np.arange(4.0)
    extra = () if mode == "grad" else (np.ones(4),)
    with pytest.raises(UnboundLocalError) as info:
        getattr(s2sad, mode)(global_augassign_is_local)(x, *extra)
    assert info.traceback[-1].path.name == __file__.rsplit("/", 1)[-1]
