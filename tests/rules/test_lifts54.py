"""Rules stop 54 lifted from "no derivative rule" (issue 8, the refusals new users hit most):

* ``statistics.mean``/``statistics.fmean`` of a vector or of a list of numbers: the sum of the
  values over their count (as ``math.fsum``; ``weights`` other than None stays refused);
* ``np.logspace(a, b, n)``, ``base ** np.linspace(a, b, n)``: differentiable in its endpoints
  like ``np.linspace`` (``endpoint=``), and in its ``base``;
* ``np.add.reduceat(x, idx)``: linear in ``x`` with constant indices, each output the sum of
  ``x[idx[i]:idx[i + 1]]``, or ``x[idx[i]]`` alone where the next index is not larger.

Each checked against central differences in both modes (and the Hessian-vector product), and
under ``jit=True`` where numba compiles it (reduceat of a vector or a matrix, logspace of numbers or vectors); the other
forms are a located JitError."""
import statistics

import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_hvp, check_jvp

X = np.array([0.3, 0.7, 1.1, -0.4, 0.9])
V = np.array([1.0, -0.5, 2.0, 0.3, -1.2])


def _all_modes(f, x, v, jit=False):
    check_grad(f, x, jit=jit)
    check_jvp(f, x, tangent=v, jit=jit)
    check_hvp(f, x, v=v, rtol=1e-4, atol=1e-6, jit=jit)


# ---- statistics.mean / fmean ---------------------------------------------------------------
def mean_of_vector(a):
    return statistics.mean(a) ** 2 + statistics.fmean(a * a)


def mean_of_list(a):
    return statistics.fmean([a[0], a[1] * a[2], 2.0]) * statistics.mean([a[3], np.sin(a[4])])


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
@pytest.mark.parametrize("f", [mean_of_vector, mean_of_list])
def test_statistics_mean_and_fmean(f, jit):
    _all_modes(f, X, V, jit)


def weighted(a):
    return statistics.fmean(a, weights=[1.0, 2.0, 3.0, 1.0, 1.0])


def test_fmean_with_weights_stays_refused_located():
    with pytest.raises(s2sad.NoDerivativeError) as e:
        s2sad.grad(weighted)(X)
    assert "weights" in str(e.value) and "line" in str(e.value)


def test_mean_of_nothing_raises_statistics_error():
    with pytest.raises(statistics.StatisticsError):
        s2sad.grad(mean_of_vector)(np.zeros(0))


# ---- np.logspace -----------------------------------------------------------------------------
def logspace_numbers(a):
    return np.sum(np.logspace(a, 2.0 * a, 5) * np.arange(5.0))


def logspace_base(a):
    return np.sum(np.sin(np.logspace(a, a * a, 4, endpoint=False, base=2.0)))


def logspace_vectors(v):
    return np.sum(np.logspace(v, v * v, 3) ** 2 * np.arange(3.0)[:, None])


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
@pytest.mark.parametrize("f", [logspace_numbers, logspace_base])
def test_logspace_in_its_endpoints(f, jit):
    _all_modes(f, 0.3, 1.0, jit)


def linspace_vectors(v):
    return np.sum(np.linspace(v, 2.0 * v[::-1], 4) ** 2 * np.arange(4.0)[:, None]) + np.sum(np.linspace(0.5, v, 3, endpoint=False) ** 3)


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
@pytest.mark.parametrize("f", [logspace_vectors, linspace_vectors])
def test_logspace_of_vector_endpoints(f, jit):     # (stop 55: a JitError under jit=True before, "no implementation")
    _all_modes(f, X[:2], V[:2], jit)


@pytest.mark.jit
def test_compiled_linspace_of_vector_endpoints_is_numpys():
    from numba import njit

    from s2sad.backends.numba_helpers import numba_runtime  # noqa: F401  (the overloads)
    both = njit(lambda a, b, n, e: (np.linspace(a, b, n, endpoint=e), np.logspace(a, b, n, endpoint=e, base=2.0)))
    a, b = np.array([0.3, 1.0, -2.0]), np.array([0.7, 1.0, 5.0])    # a zero step in the middle column
    for n in (0, 1, 2, 5):
        for e in (True, False):
            for lo, hi in ((a, b), (a, 0.5), (-1.0, b)):
                got = both(lo, hi, n, e)
                assert np.array_equal(got[0], np.linspace(lo, hi, n, endpoint=e))
                np.testing.assert_allclose(got[1], np.logspace(lo, hi, n, endpoint=e, base=2.0), rtol=1e-14, atol=0)   # (the last bit of pow)


def logspace_differentiated_base(b):
    return np.sum(np.logspace(0.1, 1.0, 4, base=b)) + np.sum(np.logspace(b, 2.0, 3, base=b * b))


def test_logspace_in_its_base():     # (declared without a derivative at first: a silent zero, caught here)
    _all_modes(logspace_differentiated_base, 2.0, 1.0)


# ---- np.add.reduceat --------------------------------------------------------------------------
def reduceat_increasing(a):
    return np.sum(np.add.reduceat(a, [0, 2, 3]) ** 2)


def reduceat_steps_back(a):
    return np.sum(np.sin(np.add.reduceat(a, np.array([3, 1, 4, 4, 0]))))   # single elements where not larger


def reduceat_matrix(m):
    return np.sum(np.add.reduceat(m, [0, 1], axis=1) ** 3) + np.sum(np.cos(np.add.reduceat(m * m, [1, 2])))


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
@pytest.mark.parametrize("f", [reduceat_increasing, reduceat_steps_back])
def test_add_reduceat_of_a_vector(f, jit):
    _all_modes(f, X, V, jit)


def reduceat_matrix_rows(m):     # (stop 55: a located JitError under jit=True before, for any matrix)
    return np.sum(np.add.reduceat(m, np.array([0, 2, 2, 1]), axis=0) ** 2) + np.sum(np.add.reduceat(m, [2, 0], axis=-1) * m[:, :2])


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
@pytest.mark.parametrize("f", [reduceat_matrix, reduceat_matrix_rows])
def test_add_reduceat_along_an_axis(f, jit):
    m = np.arange(12.0).reshape(3, 4) / 10
    _all_modes(f, m, np.cos(m), jit)


def reduceat_3d(a):
    return np.sum(np.add.reduceat(a, [0, 1]))


@pytest.mark.jit
def test_add_reduceat_of_a_3d_array_under_jit_is_a_located_jit_error():
    with pytest.raises(s2sad.JitError) as e:
        s2sad.grad(reduceat_3d, jit=True)(np.ones((3, 4, 2)))
    assert "reduceat" in str(e.value) and "jit=False" in str(e.value)


def reduceat_out_of_range(a):
    return np.sum(np.add.reduceat(a, [0, 7]))


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
def test_add_reduceat_index_out_of_range_raises_numpys_error(jit):
    with pytest.raises(IndexError):
        s2sad.grad(reduceat_out_of_range, jit=jit)(X)
