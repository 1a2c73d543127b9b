"""Forward mode and second order on fresh functions (stop 58's survey, /work/scratch/higher58):
``jvp`` against central differences of ``f``, ``hvp``, ``jvp(grad(f))`` and ``jacobian(grad(f))``
against central differences of the gradient, and ``jvp``/``hvp`` with integer and float32
directions. The survey found every form below exact on the base; these lock in the forms
most likely to regress (views updated in a loop, duplicate-index writes, data-dependent
``while`` loops, lists of arrays, index sets chosen from the values, decompositions)."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_hvp, check_jvp

IDX = np.array([0, 2, 2, 4])


def rows_normalised(A):
    B = A.copy()
    for row in B:
        row /= np.linalg.norm(row)
    return np.sum(B ** 3)


def duplicate_index_add(x):
    y = np.zeros(5)
    y[IDX] += x[:4] ** 2
    return np.sum(y ** 2)


def slice_updates(x):
    y = x.copy()
    y[1:4] *= y[0:3]
    y[::2] -= 0.5 * y[1::2].sum()
    return np.sum(y ** 2)


def shrink_while(x):
    y = x
    k = 0
    while np.sum(y ** 2) > 0.1 and k < 30:
        y = 0.8 * y + 0.01 * y ** 2
        k += 1
    return np.sum(y ** 3) + k


def power_iteration(A):
    v = np.ones(3)
    for _ in range(5):
        v = A @ v
        v = v / np.linalg.norm(v)
    return v @ A @ v


def simplex_projection(x):
    z = np.sort(x)[::-1]
    cs = np.cumsum(z)
    k = np.arange(1, 6)
    kk = k[1 + k * z > cs][-1]
    tau = (cs[kk - 1] - 1) / kk
    return np.sum(np.maximum(x - tau, 0) ** 2)


def sorted_rows(A):
    return np.sum(np.take_along_axis(A, np.argsort(A, axis=1), axis=1) * np.arange(3.0))


def chol_logdet(A):
    L = np.linalg.cholesky(A @ A.T + np.eye(3))
    return np.sum(np.log(np.diag(L)))


def eigh_terms(A):
    w, _ = np.linalg.eigh(A @ A.T + 3 * np.eye(3))
    return np.sum(w ** 2) + np.sum(np.log(w))


def logistic_trajectory(x0, r):
    x = x0
    traj = [x]
    for _ in range(15):
        x = r * x * (1 - x)
        traj.append(x)
    return sum(traj) / len(traj)


def exp_series(x):
    s, k, term = 0.0, 0, 1.0
    while abs(term) > 1e-10:
        k += 1
        term = term * x / k
        s += term
    return s


def reflect_pad(x):
    return np.sum(np.pad(x, 2, mode="reflect") ** 2 * np.arange(9.0))


R = np.random.default_rng(58)
X5 = R.standard_normal(5)
M3 = R.standard_normal((3, 3)) + 3 * np.eye(3)
CASES = [(rows_normalised, (M3,)), (duplicate_index_add, (X5,)), (slice_updates, (X5,)), (shrink_while, (X5,)),
         (power_iteration, (M3,)), (simplex_projection, (X5,)), (sorted_rows, (M3,)), (chol_logdet, (M3,)),
         (eigh_terms, (M3,)), (logistic_trajectory, (0.3, 3.2)), (exp_series, (0.7,)), (reflect_pad, (X5,))]


def _direction(a, seed):
    rng = np.random.default_rng(seed)
    return rng.standard_normal(np.shape(a)) if isinstance(a, np.ndarray) else float(rng.standard_normal())


@pytest.mark.parametrize("f, args", CASES, ids=[c[0].__name__ for c in CASES])
def test_jvp_and_hvp_match_differences(f, args):
    v = _direction(args[0], 1)
    check_jvp(f, *args, tangent=v, rtol=1e-4, atol=1e-5)
    check_hvp(f, *args, v=v, rtol=1e-3, atol=1e-4)


@pytest.mark.parametrize("f, args", CASES, ids=[c[0].__name__ for c in CASES])
def test_jvp_of_grad_and_jacobian_of_grad_are_the_hvp(f, args):
    v = _direction(args[0], 2)
    hv = s2sad.hvp(f)(*args, v)
    g, tg = s2sad.jvp(s2sad.grad(f))(*args, v)
    np.testing.assert_allclose(g, s2sad.grad(f)(*args), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(tg, hv, rtol=1e-10, atol=1e-10)
    H = s2sad.jacobian(s2sad.grad(f))(*args)
    n = np.size(args[0])
    np.testing.assert_allclose(np.reshape(H, (n, n)) @ np.ravel(v), np.ravel(hv), rtol=1e-8, atol=1e-8)


@pytest.mark.parametrize("dtype", [np.int64, np.float32])
@pytest.mark.parametrize("f, args", [c for c in CASES if isinstance(c[1][0], np.ndarray)][:4],
                         ids=lambda c: getattr(c, "__name__", None))
def test_integer_and_float32_directions(f, args, dtype):
    v = np.asarray(np.round(3 * _direction(args[0], 3)), dtype=dtype)
    check_jvp(f, *args, tangent=v, rtol=1e-4, atol=1e-5)
    check_hvp(f, *args, v=v, rtol=1e-3, atol=1e-4)


def test_second_derivative_of_a_scalar_series():
    d2 = s2sad.grad(s2sad.grad(exp_series))(0.7)
    np.testing.assert_allclose(d2, np.exp(0.7), rtol=1e-8)
