"""Forms that worked with jit=False and were a JitError under jit=True (issue 8, stop 56), now
compiled, checked against central differences and against the jit=False result:

* ``np.random.default_rng(seed)`` made inside the function (numba_random): a Monte Carlo estimate
  with fixed draws. The compiled draws are NumPy's own numbers, so jit and Python agree exactly;
* the row swaps of partial pivoting, ``b[[k, p]] = b[[p, k]]``, ``A[[k, p], :] = A[[p, k], :]``
  (numba_list_index: a list index read as NumPy reads it);
* ``np.linalg.det`` of a stack, ``np.block`` of 1-d arrays, ``np.median`` of a number;
* the jvp of ``np.nanstd(m, axis=(1, 0), keepdims=True)[0, 0]`` (numba_reduce: a reduction over
  every axis kept as an array of 1s, not a number).
"""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp

RS = np.random.RandomState(56)
A = RS.rand(4, 4) + np.eye(4)
B = RS.rand(4)


def monte_carlo(mu, s):
    rng = np.random.default_rng(0)
    z = rng.standard_normal(64)
    w = rng.normal(1.0, 2.0, 64)
    u = rng.uniform(0.0, 1.0, size=64)
    return np.mean(np.exp(mu + s * z)) + np.mean(w * mu) + np.mean(u * s * s)


def pivoting_solve(A, b):
    A = A.copy()
    b = b.copy()
    n = A.shape[0]
    for k in range(n):
        p = k + np.argmax(np.abs(A[k:, k]))
        if p != k:
            A[[k, p], :] = A[[p, k], :]
            b[[k, p]] = b[[p, k]]
        for i in range(k + 1, n):
            f = A[i, k] / A[k, k]
            A[i, k:] = A[i, k:] - f * A[k, k:]
            b[i] = b[i] - f * b[k]
    x = np.zeros(n)
    for i in range(n - 1, -1, -1):
        x[i] = (b[i] - np.dot(A[i, i + 1:], x[i + 1:])) / A[i, i]
    return np.sum(x * x)


def stacks(T, a):
    joined = np.block([a, a[:2] * a[2]])
    return np.sum(np.linalg.det(T) ** 2) + np.sum(joined ** 2) + np.median(a[0] * a[1])


def nanstd_kept(m):
    return np.nanstd(m, axis=(1, 0), keepdims=True)[0, 0] * 2.0


def _same_as_python(f, args, wrt, tangent):
    g_py, g_jit = (s2sad.value_and_grad(f, wrt=wrt, jit=j)(*args) for j in (False, True))
    np.testing.assert_allclose(g_jit[0], g_py[0], rtol=1e-13)
    for gj, gp in zip(g_jit[1], g_py[1]):
        np.testing.assert_allclose(gj, gp, rtol=1e-12, atol=1e-14)
    t_py, t_jit = (s2sad.jvp(f, wrt=wrt, jit=j)(*args, tangent) for j in (False, True))
    np.testing.assert_allclose(t_jit, t_py, rtol=1e-12, atol=1e-14)


def test_monte_carlo_with_a_generator_made_inside():
    args, t = (0.3, 0.7), (0.4, -0.3)
    check_grad(monte_carlo, *args, wrt=(0, 1), jit=True)
    check_jvp(monte_carlo, *args, wrt=(0, 1), tangent=t, jit=True)
    _same_as_python(monte_carlo, args, (0, 1), t)     # the same draws (below), so the same numbers


def test_compiled_generator_draws_numpys_numbers():
    from numba import njit

    from s2sad.backends.numba_helpers import numba_runtime  # noqa: F401  (installs the overloads)

    def draws(seed, n):
        rng = np.random.default_rng(seed)
        return (rng.random(n), rng.standard_normal(n), rng.normal(1.0, 2.0, n), rng.uniform(-1.0, 3.0, n),
                rng.exponential(2.0, n), rng.gamma(2.5, 1.5, n), rng.beta(2.0, 3.0, n), rng.standard_normal(),
                rng.poisson(3.0, n), rng.binomial(10, 0.3, n))
    for seed in (0, 12345):
        for got, want in zip(njit(draws)(seed, 500), draws(seed, 500)):
            np.testing.assert_array_equal(got, want)


def test_pivoting_row_swaps():
    check_grad(pivoting_solve, A, B, wrt=(0, 1), jit=True)
    t = (RS.rand(4, 4) - 0.5, RS.rand(4) - 0.5)
    check_jvp(pivoting_solve, A, B, wrt=(0, 1), tangent=t, jit=True)
    _same_as_python(pivoting_solve, (A, B), (0, 1), t)


def test_det_of_a_stack_block_of_vectors_median_of_a_number():
    args, t = (RS.rand(2, 3, 3, 3), RS.rand(3) + 0.5), (RS.rand(2, 3, 3, 3) - 0.5, RS.rand(3) - 0.5)
    check_grad(stacks, *args, wrt=(0, 1), jit=True)
    check_jvp(stacks, *args, wrt=(0, 1), tangent=t, jit=True)
    _same_as_python(stacks, args, (0, 1), t)


def test_jvp_of_nanstd_over_both_axes_kept():
    m = RS.rand(3, 4)
    m[1, 2] = np.nan
    t = RS.rand(3, 4) - 0.5
    check_jvp(nanstd_kept, m, tangent=t, jit=True)
    np.testing.assert_allclose(s2sad.jvp(nanstd_kept, jit=True)(m, t), s2sad.jvp(nanstd_kept)(m, t), rtol=1e-12)


def test_nested_block_stays_a_located_jit_error():
    def nested(a):
        return np.sum(np.block([[a, a], [a, a]]))
    with pytest.raises(s2sad.JitError, match=r"line \d+"):
        s2sad.grad(nested, jit=True)(np.ones(2))
